//! `DequantizeLinear`, `QuantizeLinear`, `DynamicQuantizeLinear` and `ConvTranspose`: small
//! models run in the reference interpreter and compared with values computed here in `f64`
//! (hand-written rounding, saturation and a direct scatter-add transposed convolution), and
//! malformed attributes and shapes, which must give an import error, never a panic.

mod common;
use common::*;
use neuron_interp::{run_function, InterpOptions, Tensor};
use neuron_ir::Scalar;
use neuron_onnx::proto::{data_type as dt, AttributeProto, NodeProto, TensorProto};
use neuron_onnx::ImportOptions;

/// One graph input: name, ONNX element type, shape, values.
struct In<'a> {
    name: &'a str,
    code: i32,
    shape: &'a [i64],
    values: Vec<f64>,
}

fn inp<'a>(name: &'a str, code: i32, shape: &'a [i64], values: &[f64]) -> In<'a> {
    In {
        name,
        code,
        shape,
        values: values.to_vec(),
    }
}

/// The IR element type of an ONNX element type used here.
fn scalar(code: i32) -> Scalar {
    match code {
        dt::FLOAT => Scalar::F32,
        dt::FLOAT16 => Scalar::F16,
        dt::INT8 => Scalar::I8,
        dt::UINT8 => Scalar::UI8,
        dt::INT16 => Scalar::I16,
        dt::UINT16 => Scalar::UI16,
        dt::INT32 => Scalar::I32,
        dt::INT4 => Scalar::I4,
        dt::UINT4 => Scalar::UI4,
        other => panic!("element type {other} not used by these tests"),
    }
}

/// One output: its shape and values.
type Out = (Vec<usize>, Vec<f64>);

/// Imports one node with graph inputs `ins` and its outputs, runs it; returns each output's
/// shape and values (integers and floats as f64).
fn try_run(n: NodeProto, ins: &[In], opset: i64) -> Result<Vec<Out>, String> {
    try_run_inits(n, ins, vec![], opset)
}

/// As [`try_run`], with initializers `inits` too.
fn try_run_inits(
    n: NodeProto,
    ins: &[In],
    inits: Vec<TensorProto>,
    opset: i64,
) -> Result<Vec<Out>, String> {
    let vis = ins
        .iter()
        .map(|i| {
            let d: Vec<D> = i.shape.iter().map(|&x| Some(x)).collect();
            vi(i.name, i.code, &d)
        })
        .collect();
    let outs = n
        .output
        .iter()
        .map(|o| {
            let mut v = vi(o, 0, &[]);
            v.r#type = None;
            v
        })
        .collect();
    let g = graph(vec![n], vis, outs, inits);
    let m = neuron_onnx::import_bytes(model(g, opset), &ImportOptions::default())
        .map_err(|e| e.to_string())?;
    let tensors = ins
        .iter()
        .map(|i| {
            let shape = i.shape.iter().map(|&d| d as usize).collect();
            let e = scalar(i.code);
            if e.is_float() {
                let v = i.values.iter().map(|&v| v as f32).collect();
                Tensor::from_f32(e, shape, v).unwrap()
            } else {
                let v = i.values.iter().map(|&v| v as i64).collect();
                Tensor::from_i64(e, shape, v).unwrap()
            }
        })
        .collect();
    let out =
        run_function(&m, "main", tensors, &InterpOptions::default()).map_err(|e| e.to_string())?;
    Ok(out
        .iter()
        .map(|t| {
            let v = match (t.as_f32(), t.as_i64()) {
                (Some(f), _) => f.iter().map(|&v| f64::from(v)).collect(),
                (_, Some(i)) => i.iter().map(|&v| v as f64).collect(),
                _ => unreachable!(),
            };
            (t.shape.clone(), v)
        })
        .collect())
}

/// The single output's values; panics on failure.
fn run(n: NodeProto, ins: &[In], opset: i64) -> Vec<f64> {
    try_run(n, ins, opset).unwrap().remove(0).1
}

/// The import error (or run error) of a node; panics if it succeeds.
fn err(n: NodeProto, ins: &[In], opset: i64) -> String {
    match try_run(n, ins, opset) {
        Ok(v) => panic!("succeeded: {v:?}"),
        Err(e) => e,
    }
}

/// Asserts `got` equals `want` within f32 rounding (NaN equals NaN).
fn close(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "got {got:?}, want {want:?}");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        let ok = g == w || (g.is_nan() && w.is_nan()) || (g - w).abs() <= 1e-5 * w.abs().max(1.0);
        assert!(ok, "element {i}: got {g}, want {w} (all: {got:?})");
    }
}

/// Round half to even, written out.
fn round_even(v: f64) -> f64 {
    let f = v.floor();
    let d = v - f;
    if d > 0.5 || (d == 0.5 && f % 2.0 != 0.0) {
        f + 1.0
    } else {
        f
    }
}

/// `clip(round_even(x / s) + zp, lo, hi)`.
fn quant(x: f64, s: f64, zp: f64, lo: f64, hi: f64) -> f64 {
    (round_even(x / s) + zp).clamp(lo, hi)
}

fn q(ins: &[&str], attrs: Vec<AttributeProto>) -> NodeProto {
    node("QuantizeLinear", ins, &["y"], attrs)
}

fn dq(ins: &[&str], attrs: Vec<AttributeProto>) -> NodeProto {
    node("DequantizeLinear", ins, &["y"], attrs)
}

const TIES: [f64; 10] = [
    0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.49, 1000.0, -1000.0, 127.5,
];

#[test]
fn quantize_rounds_ties_to_even_and_saturates_both_ends() {
    let xs = [10];
    let s = [1.0];
    let x = inp("x", dt::FLOAT, &xs, &TIES);
    // uint8 with zero point 3 (opset 13), int8 with zero point -2, uint8 without a zero point.
    for (code, zp, lo, hi) in [
        (dt::UINT8, 3.0, 0.0, 255.0),
        (dt::INT8, -2.0, -128.0, 127.0),
    ] {
        let ins = [
            inp("x", dt::FLOAT, &xs, &TIES),
            inp("s", dt::FLOAT, &[], &s),
            inp("z", code, &[], &[zp]),
        ];
        let got = run(q(&["x", "s", "z"], vec![]), &ins, 13);
        let want: Vec<f64> = TIES.iter().map(|&v| quant(v, 1.0, zp, lo, hi)).collect();
        assert_eq!(got, want);
    }
    let ins = [x, inp("s", dt::FLOAT, &[], &[0.5])];
    let got = run(q(&["x", "s"], vec![]), &ins, 10);
    let want: Vec<f64> = TIES
        .iter()
        .map(|&v| quant(v, 0.5, 0.0, 0.0, 255.0))
        .collect();
    assert_eq!(got, want);
    assert_eq!(&got[..3], &[1.0, 3.0, 5.0]);
}

#[test]
fn quantize_per_axis_and_int16_output_dtype() {
    let xs = [2, 3, 2];
    let x: Vec<f64> = (0..12).map(|i| f64::from(i) * 7.3 - 40.0).collect();
    let (s, z) = ([0.5, 2.0, 0.25], [1.0, -3.0, 100.0]);
    let ins = [
        inp("x", dt::FLOAT, &xs, &x),
        inp("s", dt::FLOAT, &[3], &s),
        inp("z", dt::INT8, &[3], &z),
    ];
    let got = run(q(&["x", "s", "z"], vec![]), &ins, 13);
    let want: Vec<f64> = (0..12)
        .map(|i| {
            let c = (i / 2) % 3;
            quant(x[i], s[c], z[c], -128.0, 127.0)
        })
        .collect();
    assert_eq!(got, want);
    // axis -1 (size 2), no zero point, int16 from output_dtype (opset 21).
    let s2 = [0.001, 3.0];
    let ins = [inp("x", dt::FLOAT, &xs, &x), inp("s", dt::FLOAT, &[2], &s2)];
    let attrs = vec![ai("axis", -1), ai("output_dtype", i64::from(dt::INT16))];
    let got = run(q(&["x", "s"], attrs), &ins, 21);
    let want: Vec<f64> = (0..12)
        .map(|i| quant(x[i], s2[i % 2], 0.0, -32768.0, 32767.0))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn quantize_and_dequantize_blocked() {
    // x [2, 5], blocks of 2 along axis 1: scale [2, 3] (the last block holds one column).
    let xs = [2, 5];
    let x: Vec<f64> = (0..10).map(|i| f64::from(i) * 1.7 - 6.0).collect();
    let s = [0.5, 1.0, 2.0, 0.25, 4.0, 0.75];
    let z = [1.0, 0.0, -1.0, 2.0, -2.0, 0.0];
    let scale_of = |i: usize| s[(i / 5) * 3 + (i % 5) / 2];
    let zp_of = |i: usize| z[(i / 5) * 3 + (i % 5) / 2];
    let ins = [
        inp("x", dt::FLOAT, &xs, &x),
        inp("s", dt::FLOAT, &[2, 3], &s),
        inp("z", dt::INT4, &[2, 3], &z),
    ];
    let attrs = vec![ai("axis", 1), ai("block_size", 2)];
    let got = run(q(&["x", "s", "z"], attrs.clone()), &ins, 21);
    let want: Vec<f64> = (0..10)
        .map(|i| quant(x[i], scale_of(i), zp_of(i), -8.0, 7.0))
        .collect();
    assert_eq!(got, want);
    let ins = [
        inp("x", dt::INT4, &xs, &want),
        inp("s", dt::FLOAT, &[2, 3], &s),
        inp("z", dt::INT4, &[2, 3], &z),
    ];
    let back = run(dq(&["x", "s", "z"], attrs), &ins, 21);
    let want_back: Vec<f64> = (0..10)
        .map(|i| (want[i] - zp_of(i)) * scale_of(i))
        .collect();
    close(&back, &want_back);
}

#[test]
fn dequantize_per_tensor_and_per_axis() {
    let x = [0.0, 1.0, 127.0, 128.0, 255.0, 3.0];
    let ins = [
        inp("x", dt::UINT8, &[6], &x),
        inp("s", dt::FLOAT, &[], &[0.5]),
        inp("z", dt::UINT8, &[], &[128.0]),
    ];
    let got = run(dq(&["x", "s", "z"], vec![]), &ins, 10);
    close(&got, &x.map(|v| (v - 128.0) * 0.5));
    let ins = [
        inp("x", dt::INT32, &[6], &[-5e6, 1.0, 2.0, 3.0, 4.0, 5.0]),
        inp("s", dt::FLOAT, &[], &[2.0]),
    ];
    let got = run(dq(&["x", "s"], vec![]), &ins, 13);
    close(&got, &[-1e7, 2.0, 4.0, 6.0, 8.0, 10.0]);
    // Per-axis int8 along axis 0 of [3, 2], the output cast to f16 (output_dtype, opset 23).
    let x = [-128.0, 127.0, 5.0, -5.0, 0.0, 1.0];
    let (s, z) = ([0.5, 0.125, 3.0], [-1.0, 2.0, 0.0]);
    let ins = [
        inp("x", dt::INT8, &[3, 2], &x),
        inp("s", dt::FLOAT, &[3], &s),
        inp("z", dt::INT8, &[3], &z),
    ];
    let attrs = vec![ai("axis", 0), ai("output_dtype", i64::from(dt::FLOAT16))];
    let got = run(dq(&["x", "s", "z"], attrs), &ins, 23);
    let want: Vec<f64> = (0..6).map(|i| (x[i] - z[i / 2]) * s[i / 2]).collect();
    close(&got, &want);
}

#[test]
fn quantize_to_float8_saturates_unless_told_not_to() {
    let x = [1.0, -1000.0, 1000.0, 0.3];
    let ins = [
        inp("x", dt::FLOAT, &[4], &x),
        inp("s", dt::FLOAT, &[], &[1.0]),
    ];
    let attrs = vec![ai("output_dtype", i64::from(dt::FLOAT8E4M3FN))];
    let got = run(q(&["x", "s"], attrs.clone()), &ins, 21);
    // 0.3 rounds to the nearest E4M3FN value, 0.3125 (0.28125 and 0.3125 are the neighbours).
    assert_eq!(got, vec![1.0, -448.0, 448.0, 0.3125]);
    let mut no_sat = attrs;
    no_sat.push(ai("saturate", 0));
    let got = run(q(&["x", "s"], no_sat), &ins, 21);
    assert!(got[1].is_nan() && got[2].is_nan(), "{got:?}");
}

#[test]
fn dynamic_quantize_gives_scale_zero_point_and_values() {
    for x in [
        vec![0.0, 2.0, -3.0, -2.5, 1.34, 0.5],
        vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.5],
        vec![-1.0, -2.0, -3.5, -4.0, -5.0, -6.0],
    ] {
        let n = node("DynamicQuantizeLinear", &["x"], &["y", "s", "z"], vec![]);
        let outs = try_run(n, &[inp("x", dt::FLOAT, &[2, 3], &x)], 11).unwrap();
        let lo = x.iter().cloned().fold(0.0, f64::min);
        let hi = x.iter().cloned().fold(0.0, f64::max);
        let s = (hi - lo) / 255.0;
        let z = round_even(-lo / s).clamp(0.0, 255.0);
        close(&outs[1].1, &[s]);
        assert_eq!(outs[2].1, vec![z]);
        // As ONNX, x / scale is an f32 division (25.5 here, a tie, where f64 gives 25.4999…).
        let s32 = outs[1].1[0] as f32;
        let want: Vec<f64> = x
            .iter()
            .map(|&v| quant(f64::from(v as f32 / s32), 1.0, z, 0.0, 255.0))
            .collect();
        assert_eq!(outs[0].1, want, "x = {x:?}");
        assert_eq!(outs[0].0, vec![2, 3]);
    }
}

#[test]
fn quantize_errors_are_located_not_panics() {
    let xs = [2, 4];
    let x = vec![0.0; 8];
    fn with<'a>(xs: &'a [i64], x: &[f64], s: &'a [i64], sv: Vec<f64>) -> [In<'a>; 2] {
        let scale = In {
            name: "s",
            code: dt::FLOAT,
            shape: s,
            values: sv,
        };
        [inp("x", dt::FLOAT, xs, x), scale]
    }
    let e = err(
        q(&["x", "s"], vec![ai("axis", 5)]),
        &with(&xs, &x, &[4], vec![1.0; 4]),
        13,
    );
    assert!(e.contains("axis 5 is out of range"), "{e}");
    let e = err(
        q(&["x", "s"], vec![]),
        &with(&xs, &x, &[3], vec![1.0; 3]),
        13,
    );
    assert!(e.contains("per-axis"), "{e}");
    let attrs = vec![ai("block_size", -2)];
    let e = err(
        q(&["x", "s"], attrs),
        &with(&xs, &x, &[2, 2], vec![1.0; 4]),
        21,
    );
    assert!(e.contains("block_size -2"), "{e}");
    let attrs = vec![ai("block_size", 3)];
    let e = err(
        q(&["x", "s"], attrs),
        &with(&xs, &x, &[2, 3], vec![1.0; 6]),
        21,
    );
    assert!(e.contains("does not fit"), "{e}");
    let attrs = vec![ai("block_size", i64::MAX)];
    let e = err(
        q(&["x", "s"], attrs),
        &with(&xs, &x, &[2, 1], vec![1.0; 2]),
        21,
    );
    assert!(e.contains("too large"), "{e}");
    let ins = [
        inp("x", dt::FLOAT, &xs, &x),
        inp("s", dt::FLOAT, &[], &[1.0]),
        inp("z", dt::INT8, &[], &[0.0]),
    ];
    let attrs = vec![ai("output_dtype", i64::from(dt::UINT8))];
    let e = err(q(&["x", "s", "z"], attrs), &ins, 21);
    assert!(e.contains("differs from the zero point"), "{e}");
    let ins = [
        inp("x", dt::FLOAT, &xs, &x),
        inp("s", dt::FLOAT, &[], &[1.0]),
    ];
    let e = err(
        q(&["x", "s"], vec![ai("output_dtype", i64::from(dt::FLOAT))]),
        &ins,
        21,
    );
    assert!(e.contains("not a quantized type"), "{e}");
    let e = err(dq(&["x", "s"], vec![]), &ins, 13);
    assert!(e.contains("not a quantized type"), "{e}");
    let ins = [
        inp("x", dt::UINT8, &xs, &x),
        inp("s", dt::FLOAT, &[], &[1.0]),
        inp("z", dt::INT8, &[], &[0.0]),
    ];
    let e = err(dq(&["x", "s", "z"], vec![]), &ins, 13);
    assert!(e.contains("zero point element type"), "{e}");
}

/// A transposed convolution written as a scatter-add: every input element adds `x · w` to
/// the outputs its kernel reaches. `dims`: input spatial sizes; `out`: output spatial sizes.
struct Ct<'a> {
    x: &'a [f64],
    w: &'a [f64],
    b: Option<&'a [f64]>,
    n: usize,
    c: usize,
    mg: usize,
    group: usize,
    dims: &'a [usize],
    k: &'a [usize],
    stride: &'a [usize],
    dil: &'a [usize],
    pad_begin: &'a [i64],
    out: &'a [usize],
}

/// Row-major multi-index of flat index `i` over `dims`.
fn unflat(mut i: usize, dims: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; dims.len()];
    for d in (0..dims.len()).rev() {
        idx[d] = i % dims[d];
        i /= dims[d];
    }
    idx
}

fn scatter(p: &Ct) -> Vec<f64> {
    let m = p.mg * p.group;
    let (xin, kn, on) = (
        p.dims.iter().product::<usize>(),
        p.k.iter().product::<usize>(),
        p.out.iter().product::<usize>(),
    );
    let cg = p.c / p.group;
    let mut y = vec![0.0; p.n * m * on];
    for n in 0..p.n {
        for c in 0..p.c {
            let g = c / cg;
            for i in 0..xin {
                let ii = unflat(i, p.dims);
                let xv = p.x[(n * p.c + c) * xin + i];
                for mo in 0..p.mg {
                    let oc = g * p.mg + mo;
                    for k in 0..kn {
                        let kk = unflat(k, p.k);
                        let mut flat = 0usize;
                        let mut inside = true;
                        for d in 0..p.dims.len() {
                            let o =
                                (ii[d] * p.stride[d] + kk[d] * p.dil[d]) as i64 - p.pad_begin[d];
                            if o < 0 || o >= p.out[d] as i64 {
                                inside = false;
                            }
                            flat = flat * p.out[d] + o.max(0) as usize;
                        }
                        if inside {
                            let wv = p.w[(c * p.mg + mo) * kn + k];
                            y[(n * m + oc) * on + flat] += xv * wv;
                        }
                    }
                }
            }
        }
    }
    if let Some(b) = p.b {
        for (j, v) in y.iter_mut().enumerate() {
            *v += b[(j / on) % m];
        }
    }
    y
}

/// Deterministic pseudo-random values in [-1, 1).
fn values(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 40) as f64 / (1u64 << 24) as f64) * 2.0 - 1.0
        })
        .collect()
}

/// Runs `ConvTranspose` with `attrs` on `x` `[n, c, dims…]`, `w` `[c, mg, k…]` and an optional
/// bias, with the weight a graph input and an initializer (the results must be equal).
fn convt(p: &Ct, attrs: Vec<AttributeProto>) -> (Vec<usize>, Vec<f64>) {
    let xs: Vec<i64> = [p.n, p.c].iter().chain(p.dims).map(|&d| d as i64).collect();
    let ws: Vec<i64> = [p.c, p.mg].iter().chain(p.k).map(|&d| d as i64).collect();
    let bs = [(p.mg * p.group) as i64];
    let mut ins = vec![inp("x", dt::FLOAT, &xs, p.x), inp("w", dt::FLOAT, &ws, p.w)];
    let mut names = vec!["x", "w"];
    if let Some(b) = p.b {
        ins.push(inp("b", dt::FLOAT, &bs, b));
        names.push("b");
    }
    let n = node("ConvTranspose", &names, &["y"], attrs);
    let got = try_run(n.clone(), &ins, 17).unwrap().remove(0);
    // The same with the weight an initializer (flipped and transposed at import).
    let wf: Vec<f32> = p.w.iter().map(|&v| v as f32).collect();
    ins.remove(1);
    let inits = vec![f32t("w", &ws, &wf)];
    let folded = try_run_inits(n, &ins, inits, 17).unwrap().remove(0);
    assert_eq!(folded, got, "constant weight");
    got
}

#[test]
fn conv_transpose_2d_strides_pads_output_padding_dilations_group_bias() {
    let (n, c, mg, group) = (2, 4, 3, 2);
    let (dims, k) = ([3, 2], [3, 2]);
    let x = values(n * c * 6, 1);
    let w = values(c * mg * 6, 2);
    let b = values(mg * group, 3);
    let (stride, dil, pads, op) = ([2, 3], [2, 1], [1, 0, 2, 1], [1, 2]);
    // out = s·(in − 1) + op + d·(k − 1) + 1 − pads
    let out: Vec<usize> = (0..2)
        .map(|d| {
            stride[d] * (dims[d] - 1) + op[d] + dil[d] * (k[d] - 1) + 1 - pads[d] - pads[d + 2]
        })
        .collect();
    let p = Ct {
        x: &x,
        w: &w,
        b: Some(&b),
        n,
        c,
        mg,
        group,
        dims: &dims,
        k: &k,
        stride: &stride,
        dil: &dil,
        pad_begin: &[1, 0],
        out: &out,
    };
    let attrs = vec![
        ais("strides", &[2, 3]),
        ais("dilations", &[2, 1]),
        ais("pads", &[1, 0, 2, 1]),
        ais("output_padding", &[1, 2]),
        ai("group", 2),
        ais("kernel_shape", &[3, 2]),
    ];
    let (shape, got) = convt(&p, attrs);
    assert_eq!(shape, vec![n, mg * group, out[0], out[1]]);
    close(&got, &scatter(&p));
}

#[test]
fn conv_transpose_1d_and_3d() {
    let x = values(2 * 5, 4);
    let w = values(2 * 3 * 4, 5);
    let p = Ct {
        x: &x,
        w: &w,
        b: None,
        n: 1,
        c: 2,
        mg: 3,
        group: 1,
        dims: &[5],
        k: &[4],
        stride: &[3],
        dil: &[1],
        pad_begin: &[2],
        out: &[3 * 4 + 4 - 2 - 1],
    };
    let (shape, got) = convt(&p, vec![ais("strides", &[3]), ais("pads", &[2, 1])]);
    assert_eq!(shape, vec![1, 3, 13]);
    close(&got, &scatter(&p));
    let x = values(2 * 2 * 3 * 2, 6);
    let w = values(2 * 2 * 8, 7);
    let b = [0.5, -1.0];
    let p = Ct {
        x: &x,
        w: &w,
        b: Some(&b),
        n: 1,
        c: 2,
        mg: 2,
        group: 1,
        dims: &[2, 3, 2],
        k: &[2, 2, 2],
        stride: &[2, 1, 2],
        dil: &[1, 2, 1],
        pad_begin: &[0, 1, 0],
        out: &[4, 4, 4],
    };
    let attrs = vec![
        ais("strides", &[2, 1, 2]),
        ais("dilations", &[1, 2, 1]),
        ais("pads", &[0, 1, 0, 0, 0, 0]),
    ];
    let (shape, got) = convt(&p, attrs);
    assert_eq!(shape, vec![1, 2, 4, 4, 4]);
    close(&got, &scatter(&p));
}

#[test]
fn conv_transpose_output_shape_and_auto_pad() {
    let x = values(9, 8);
    let w = values(2 * 9, 9);
    let mk = |out: &'static [usize], pb: &'static [i64]| Ct {
        x: &[],
        w: &[],
        b: None,
        n: 1,
        c: 1,
        mg: 2,
        group: 1,
        dims: &[3, 3],
        k: &[3, 3],
        stride: &[2, 2],
        dil: &[1, 1],
        pad_begin: pb,
        out,
    };
    // SAME_UPPER: out = in·stride = 6; total padding 7 − 6 = 1, all at the end.
    let p = Ct {
        x: &x,
        w: &w,
        ..mk(&[6, 6], &[0, 0])
    };
    let (shape, got) = convt(
        &p,
        vec![ais("strides", &[2, 2]), as_("auto_pad", "SAME_UPPER")],
    );
    assert_eq!(shape, vec![1, 2, 6, 6]);
    close(&got, &scatter(&p));
    // SAME_LOWER puts the larger half first.
    let p = Ct {
        x: &x,
        w: &w,
        ..mk(&[6, 6], &[1, 1])
    };
    let (_, got) = convt(
        &p,
        vec![ais("strides", &[2, 2]), as_("auto_pad", "SAME_LOWER")],
    );
    close(&got, &scatter(&p));
    // output_shape [10, 8]: totals −3 and −1, split as ONNX does (begin = total − ⌊total/2⌋):
    // one zero row first, one zero column last; pads are then ignored.
    let p = Ct {
        x: &x,
        w: &w,
        ..mk(&[10, 8], &[-1, 0])
    };
    let attrs = vec![
        ais("strides", &[2, 2]),
        ais("output_shape", &[10, 8]),
        ais("pads", &[5, 5, 5, 5]),
    ];
    let (shape, got) = convt(&p, attrs);
    assert_eq!(shape, vec![1, 2, 10, 8]);
    close(&got, &scatter(&p));
    // Large pads crop the spread input before the convolution.
    let p = Ct {
        x: &x,
        w: &w,
        ..mk(&[1, 3], &[3, 2])
    };
    let attrs = vec![ais("strides", &[2, 2]), ais("pads", &[3, 2, 3, 2])];
    let (shape, got) = convt(&p, attrs);
    assert_eq!(shape, vec![1, 2, 1, 3]);
    close(&got, &scatter(&p));
}

#[test]
fn conv_transpose_errors_are_located_not_panics() {
    let run_attrs = |attrs: Vec<AttributeProto>, ws: &[i64]| {
        let ins = [
            inp("x", dt::FLOAT, &[1, 2, 3, 3], &[0.0; 18]),
            inp(
                "w",
                dt::FLOAT,
                ws,
                &vec![0.0; ws.iter().product::<i64>() as usize],
            ),
        ];
        err(node("ConvTranspose", &["x", "w"], &["y"], attrs), &ins, 17)
    };
    let w = [2, 1, 2, 2];
    let e = run_attrs(vec![ais("strides", &[0, 1])], &w);
    assert!(e.contains("strides [0, 1]: 0 is below 1"), "{e}");
    let e = run_attrs(vec![ais("dilations", &[1, -1])], &w);
    assert!(e.contains("dilations"), "{e}");
    let e = run_attrs(vec![ais("output_shape", &[1 << 40, 1 << 40])], &w);
    assert!(e.contains("too large"), "{e}");
    let e = run_attrs(vec![ais("output_shape", &[0, 4])], &w);
    assert!(e.contains("must be positive"), "{e}");
    let e = run_attrs(vec![ais("output_shape", &[4])], &w);
    assert!(e.contains("must have 2 values"), "{e}");
    let e = run_attrs(vec![ais("strides", &[i64::MAX, 1])], &w);
    assert!(e.contains("overflow") || e.contains("too large"), "{e}");
    let e = run_attrs(vec![ais("pads", &[9, 0, 9, 0])], &w);
    assert!(e.contains("leave no output"), "{e}");
    let e = run_attrs(vec![ai("group", 3)], &w);
    assert!(e.contains("do not fit group 3"), "{e}");
    let e = run_attrs(vec![], &[3, 1, 2, 2]);
    assert!(e.contains("do not fit"), "{e}");
    let e = run_attrs(vec![ais("kernel_shape", &[3, 3])], &w);
    assert!(e.contains("kernel_shape"), "{e}");
    let e = run_attrs(vec![as_("auto_pad", "BOGUS")], &w);
    assert!(e.contains("auto_pad 'BOGUS'"), "{e}");
    for pads in [
        [i64::MIN, 0, i64::MAX, 0],
        [i64::MAX, 0, i64::MIN, 0],
        [i64::MIN, 0, 0, 0],
        [-(1 << 40), 0, 1 << 40, 0],
    ] {
        let e = run_attrs(vec![ais("pads", &pads)], &w);
        assert!(
            e.contains("no output") || e.contains("crop") || e.contains("too large"),
            "{e}"
        );
    }
    let e = run_attrs(vec![ais("strides", &[1 << 40, 1])], &w);
    assert!(e.contains("too large"), "{e}");
}

#[test]
fn conv_transpose_ir_has_only_existing_nn_ops() {
    let w = f32t(
        "w",
        &[2, 1, 2, 2],
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    );
    let n = node(
        "ConvTranspose",
        &["x", "w"],
        &["y"],
        vec![ais("strides", &[2, 2])],
    );
    let ir = one_ops(n.clone(), &[("x", &[1, 2, 3, 3])], vec![w], 17);
    // A constant weight is flipped at import: [[4, 3], [2, 1]], [[8, 7], [6, 5]] as [1, 2, 2, 2].
    assert!(
        !ir.contains("nn.gather") && !ir.contains("nn.transpose"),
        "{ir}"
    );
    assert!(ir.contains("nn.conv2d") && ir.contains("nn.pad"), "{ir}");
    let ir = one_ops(n, &[("x", &[1, 2, 3, 3]), ("w", &[2, 1, 2, 2])], vec![], 17);
    let ops = ir
        .lines()
        .filter_map(|l| l.split(" = ").nth(1)?.split(' ').next());
    for op in ops {
        assert!(op.starts_with("nn."), "{op} in {ir}");
    }
    assert!(ir.contains("nn.gather") && ir.contains("nn.conv2d"), "{ir}");
}
