//! `Attention`, `RotaryEmbedding`, `NegativeLogLikelihoodLoss` and `SoftmaxCrossEntropyLoss`:
//! small models imported, run by the reference interpreter, and compared with the same
//! computation written out in `f64` here; plus the IR they decompose into and their errors.

mod common;

use common::*;
use neuron_interp::{run_function, InterpOptions, Tensor};
use neuron_ir::Scalar;
use neuron_onnx::proto::{data_type, NodeProto, ValueInfoProto};
use neuron_onnx::ImportOptions;

/// Deterministic values in [-1, 1).
fn values(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 40) as f64 / (1u64 << 24) as f64 * 2.0 - 1.0) as f32
        })
        .collect()
}

/// One graph input of the test model: name, element type, shape, values.
enum Input {
    F32(&'static str, Vec<usize>, Vec<f32>),
    I64(&'static str, Vec<usize>, Vec<i64>),
    Bool(&'static str, Vec<usize>, Vec<bool>),
}

impl Input {
    fn info(&self) -> ValueInfoProto {
        let (name, elem, shape) = match self {
            Input::F32(n, s, _) => (n, data_type::FLOAT, s),
            Input::I64(n, s, _) => (n, data_type::INT64, s),
            Input::Bool(n, s, _) => (n, data_type::BOOL, s),
        };
        let dims: Vec<D> = shape.iter().map(|&d| Some(d as i64)).collect();
        vi(name, elem, &dims)
    }

    fn tensor(&self) -> Tensor {
        let r = match self {
            Input::F32(_, s, v) => Tensor::from_f32(Scalar::F32, s.clone(), v.clone()),
            Input::I64(_, s, v) => Tensor::from_i64(Scalar::I64, s.clone(), v.clone()),
            Input::Bool(_, s, v) => {
                let v = v.iter().map(|&b| i64::from(b)).collect();
                Tensor::from_i64(Scalar::I1, s.clone(), v)
            }
        };
        r.expect("valid test tensor")
    }
}

/// Imports a one-node model (outputs untyped) and runs it; returns each output's values.
fn run(op: NodeProto, inputs: &[Input], n_out: usize, opset: i64) -> Vec<Vec<f32>> {
    let infos = inputs.iter().map(Input::info).collect();
    let outs = op.output[..n_out]
        .iter()
        .filter(|n| !n.is_empty())
        .map(|n| {
            let mut v = vi(n, 0, &[]);
            v.r#type = None;
            v
        })
        .collect();
    let bytes = model(graph(vec![op], infos, outs, vec![]), opset);
    let m = neuron_onnx::import_bytes(bytes, &ImportOptions::default()).expect("import");
    let args = inputs.iter().map(Input::tensor).collect();
    let res = run_function(&m, "main", args, &InterpOptions::default()).expect("run");
    res.iter()
        .map(|t| t.as_f32().expect("float output").to_vec())
        .collect()
}

/// Imports a one-node model and returns its op lines.
fn ir(op: NodeProto, inputs: &[Input], opset: i64) -> String {
    let infos = inputs.iter().map(Input::info).collect();
    let mut out = vi(&op.output[0], 0, &[]);
    out.r#type = None;
    let bytes = model(graph(vec![op], infos, vec![out], vec![]), opset);
    ops_of(&import(bytes).expect("import"))
}

/// Imports a one-node model that must fail; returns the message.
fn import_err(op: NodeProto, inputs: &[Input], opset: i64) -> String {
    let infos = inputs.iter().map(Input::info).collect();
    let mut out = vi(&op.output[0], 0, &[]);
    out.r#type = None;
    match import(model(graph(vec![op], infos, vec![out], vec![]), opset)) {
        Ok(t) => panic!("import succeeded:\n{t}"),
        Err(e) => e.to_string(),
    }
}

fn assert_close(got: &[f32], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        let ok = (f64::from(g) - w).abs() <= 1e-5 + 1e-4 * w.abs();
        assert!(ok, "{what}[{i}]: got {g}, want {w}");
    }
}

/// Row-major offset of `idx` in `shape`.
fn at(shape: &[usize], idx: &[usize]) -> usize {
    shape.iter().zip(idx).fold(0, |acc, (&d, &i)| acc * d + i)
}

/// A 4-D f64 array.
struct A4 {
    s: [usize; 4],
    v: Vec<f64>,
}

impl A4 {
    fn get(&self, i: [usize; 4]) -> f64 {
        self.v[at(&self.s, &i)]
    }

    /// Heads view of a 3-D `[B, S, H·D]` array as `[B, H, S, D]`.
    fn from_3d(v: &[f32], b: usize, s: usize, h: usize) -> A4 {
        let d = v.len() / (b * s * h);
        let mut out = vec![0.0; v.len()];
        for (i, x) in v.iter().enumerate() {
            let (bi, si, c) = (i / (s * h * d), i / (h * d) % s, i % (h * d));
            out[at(&[b, h, s, d], &[bi, c / d, si, c % d])] = f64::from(*x);
        }
        A4 {
            s: [b, h, s, d],
            v: out,
        }
    }

    fn from_4d(v: &[f32], s: [usize; 4]) -> A4 {
        A4 {
            s,
            v: v.iter().map(|&x| f64::from(x)).collect(),
        }
    }

    /// `[past ; new]` along dimension 2.
    fn cat(past: &A4, new: &A4) -> A4 {
        let [b, h, p, d] = past.s;
        let t = p + new.s[2];
        let mut v = Vec::with_capacity(b * h * t * d);
        for bi in 0..b {
            for hi in 0..h {
                for ti in 0..t {
                    for di in 0..d {
                        v.push(if ti < p {
                            past.get([bi, hi, ti, di])
                        } else {
                            new.get([bi, hi, ti - p, di])
                        });
                    }
                }
            }
        }
        A4 { s: [b, h, t, d], v }
    }
}

/// Scaled dot-product attention in f64 on `[B, H, S, D]` arrays with grouped KV heads;
/// `bias(b, h, i, j)` is added after the soft cap. Returns Y `[B, Hq, Sq, Dv]` and the biased
/// scores `[B, Hq, Sq, T]`.
fn sdpa(
    q: &A4,
    k: &A4,
    v: &A4,
    scale: f64,
    softcap: f64,
    bias: &dyn Fn([usize; 4]) -> f64,
) -> (Vec<f64>, Vec<f64>) {
    let [b, hq, sq, d] = q.s;
    let (hkv, t, dv) = (k.s[1], k.s[2], v.s[3]);
    let mut y = vec![0.0; b * hq * sq * dv];
    let mut scores = vec![0.0; b * hq * sq * t];
    for bi in 0..b {
        for h in 0..hq {
            let kh = h / (hq / hkv);
            for i in 0..sq {
                let mut row: Vec<f64> = (0..t)
                    .map(|j| {
                        let dot: f64 = (0..d)
                            .map(|x| q.get([bi, h, i, x]) * k.get([bi, kh, j, x]))
                            .sum();
                        let s = dot * scale;
                        let s = if softcap > 0.0 {
                            softcap * (s / softcap).tanh()
                        } else {
                            s
                        };
                        s + bias([bi, h, i, j])
                    })
                    .collect();
                for j in 0..t {
                    scores[at(&[b, hq, sq, t], &[bi, h, i, j])] = row[j];
                }
                let m = row.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                row.iter_mut().for_each(|x| *x = (*x - m).exp());
                let z: f64 = row.iter().sum();
                for c in 0..dv {
                    let acc: f64 = (0..t).map(|j| row[j] / z * v.get([bi, kh, j, c])).sum();
                    y[at(&[b, hq, sq, dv], &[bi, h, i, c])] = acc;
                }
            }
        }
    }
    (y, scores)
}

#[test]
fn attention_3d_gqa_past_causal_softcap_short_mask() {
    let (b, sq, skv, p, hq, hkv, d, dv) = (2, 3, 3, 2, 4, 2, 4, 6);
    let qv = values(b * sq * hq * d, 1);
    let kv = values(b * skv * hkv * d, 2);
    let vv = values(b * skv * hkv * dv, 3);
    let pk = values(b * hkv * p * d, 4);
    let pv = values(b * hkv * p * dv, 5);
    let t = p + skv;
    // A float mask 2 columns short of T = 5: the importer pads it with -inf.
    let mask: Vec<f32> = values(sq * (t - 2), 6).iter().map(|x| x * 0.5).collect();
    let op = node(
        "Attention",
        &["q", "k", "v", "m", "pk", "pv"],
        &["y", "present_k", "present_v", "qk"],
        vec![
            ai("q_num_heads", hq as i64),
            ai("kv_num_heads", hkv as i64),
            ai("is_causal", 1),
            af("softcap", 1.5),
            af("scale", 0.3),
            ai("qk_matmul_output_mode", 2),
        ],
    );
    let inputs = [
        Input::F32("q", vec![b, sq, hq * d], qv.clone()),
        Input::F32("k", vec![b, skv, hkv * d], kv.clone()),
        Input::F32("v", vec![b, skv, hkv * dv], vv.clone()),
        Input::F32("m", vec![sq, t - 2], mask.clone()),
        Input::F32("pk", vec![b, hkv, p, d], pk.clone()),
        Input::F32("pv", vec![b, hkv, p, dv], pv.clone()),
    ];
    let got = run(op, &inputs, 4, 23);
    let q4 = A4::from_3d(&qv, b, sq, hq);
    let k4 = A4::cat(
        &A4::from_4d(&pk, [b, hkv, p, d]),
        &A4::from_3d(&kv, b, skv, hkv),
    );
    let v4 = A4::cat(
        &A4::from_4d(&pv, [b, hkv, p, dv]),
        &A4::from_3d(&vv, b, skv, hkv),
    );
    let bias = |[_, _, i, j]: [usize; 4]| {
        let m = if j < t - 2 {
            f64::from(mask[i * (t - 2) + j])
        } else {
            f64::NEG_INFINITY
        };
        m + if i + p < j { f64::NEG_INFINITY } else { 0.0 }
    };
    let (y4, scores) = sdpa(&q4, &k4, &v4, 0.3, 1.5, &bias);
    // Y back to [B, Sq, Hq·Dv].
    let mut y = vec![0.0; y4.len()];
    for bi in 0..b {
        for h in 0..hq {
            for i in 0..sq {
                for c in 0..dv {
                    y[at(&[b, sq, hq * dv], &[bi, i, h * dv + c])] =
                        y4[at(&[b, hq, sq, dv], &[bi, h, i, c])];
                }
            }
        }
    }
    assert_close(&got[0], &y, "Y");
    assert_close(&got[1], &k4.v, "present_key");
    assert_close(&got[2], &v4.v, "present_value");
    assert_eq!(got[3].len(), scores.len());
    for (g, w) in got[3].iter().zip(&scores) {
        if w.is_infinite() {
            assert_eq!(f64::from(*g), *w, "masked score");
        } else {
            assert_close(&[*g], &[*w], "qk_matmul_output");
        }
    }
}

#[test]
fn attention_4d_bool_mask_nonpad_softmax_output() {
    let (b, h, sq, t, d, dv) = (2, 2, 3, 5, 4, 3);
    let qv = values(b * h * sq * d, 11);
    let kv = values(b * h * t * d, 12);
    let vv = values(b * h * t * dv, 13);
    // [B, 1, Sq, T]; column 0 always kept so no row is fully masked.
    let mask: Vec<bool> = (0..b * sq * t).map(|i| i % t == 0 || i % 3 != 1).collect();
    let lens = vec![5i64, 3];
    let op = node(
        "Attention",
        &["q", "k", "v", "m", "", "", "n"],
        &["y", "", "", "qk"],
        vec![ai("qk_matmul_output_mode", 3)],
    );
    let inputs = [
        Input::F32("q", vec![b, h, sq, d], qv.clone()),
        Input::F32("k", vec![b, h, t, d], kv.clone()),
        Input::F32("v", vec![b, h, t, dv], vv.clone()),
        Input::Bool("m", vec![b, 1, sq, t], mask.clone()),
        Input::I64("n", vec![b], lens.clone()),
    ];
    let got = run(op, &inputs, 4, 24);
    let bias = |[bi, _, i, j]: [usize; 4]| {
        let keep = mask[at(&[b, 1, sq, t], &[bi, 0, i, j])] && (j as i64) < lens[bi];
        if keep {
            0.0
        } else {
            f64::NEG_INFINITY
        }
    };
    let q4 = A4::from_4d(&qv, [b, h, sq, d]);
    let k4 = A4::from_4d(&kv, [b, h, t, d]);
    let v4 = A4::from_4d(&vv, [b, h, t, dv]);
    let (y, scores) = sdpa(&q4, &k4, &v4, 1.0 / (d as f64).sqrt(), 0.0, &bias);
    assert_close(&got[0], &y, "Y");
    // Mode 3: the softmax of the scores.
    let probs: Vec<f64> = scores
        .chunks(t)
        .flat_map(|row| {
            let m = row.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let z: f64 = row.iter().map(|x| (x - m).exp()).sum();
            row.iter()
                .map(move |x| (x - m).exp() / z)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_close(&got[1], &probs, "softmax output");
}

#[test]
fn attention_decomposes_into_existing_nn_ops() {
    let op = node(
        "Attention",
        &["q", "k", "v"],
        &["y"],
        vec![ai("q_num_heads", 4), ai("kv_num_heads", 2)],
    );
    let inputs = [
        Input::F32("q", vec![1, 3, 8], values(24, 1)),
        Input::F32("k", vec![1, 3, 4], values(12, 2)),
        Input::F32("v", vec![1, 3, 4], values(12, 3)),
    ];
    let text = ir(op, &inputs, 23);
    for want in [
        "nn.reshape",
        "nn.transpose",
        "nn.expand",
        "nn.matmul",
        "nn.softmax",
    ] {
        assert!(text.contains(want), "no {want} in\n{text}");
    }
    for line in text.lines().filter(|l| l.contains(" = ")) {
        let op = line.split(" = ").nth(1).and_then(|r| r.split(' ').next());
        assert!(
            op.is_some_and(|o| o.starts_with("nn.")),
            "non-nn op in {line}"
        );
    }
}

#[test]
fn attention_errors_are_located_messages() {
    let three = |heads: bool| {
        let attrs = if heads {
            vec![ai("q_num_heads", 3), ai("kv_num_heads", 2)]
        } else {
            vec![]
        };
        node("Attention", &["q", "k", "v"], &["y"], attrs)
    };
    let inputs = [
        Input::F32("q", vec![1, 2, 6], values(12, 1)),
        Input::F32("k", vec![1, 2, 4], values(8, 2)),
        Input::F32("v", vec![1, 2, 4], values(8, 3)),
    ];
    let e = import_err(three(false), &inputs, 23);
    assert!(e.contains("q_num_heads and kv_num_heads"), "{e}");
    let e = import_err(three(true), &inputs, 23);
    assert!(
        e.contains("do not agree") || e.contains("cannot be grouped"),
        "{e}"
    );
}

/// Output channel `c` of position `(b, s, h)` of the rotary embedding.
#[allow(clippy::too_many_arguments)]
fn rope_value(
    x: &dyn Fn(usize) -> f64,
    b: usize,
    s: usize,
    c: usize,
    rd: usize,
    interleaved: bool,
    cos: &dyn Fn(usize, usize, usize) -> f64,
    sin: &dyn Fn(usize, usize, usize) -> f64,
) -> f64 {
    if c >= rd {
        return x(c);
    }
    let half = rd / 2;
    let (i, first, x1, x2) = if interleaved {
        (c / 2, c.is_multiple_of(2), x(c / 2 * 2), x(c / 2 * 2 + 1))
    } else {
        let i = c % half;
        (i, c < half, x(i), x(i + half))
    };
    let (co, si) = (cos(b, s, i), sin(b, s, i));
    if first {
        co * x1 - si * x2
    } else {
        si * x1 + co * x2
    }
}

#[test]
fn rotary_4d_position_ids_interleaved_partial() {
    let (b, h, s, d, rd, max_pos) = (2, 2, 3, 6, 4, 7);
    let xv = values(b * h * s * d, 21);
    let cv = values(max_pos * rd / 2, 22);
    let sv = values(max_pos * rd / 2, 23);
    let pos = vec![0i64, 3, 6, 1, 2, 5];
    let op = node(
        "RotaryEmbedding",
        &["x", "c", "s", "p"],
        &["y"],
        vec![ai("interleaved", 1), ai("rotary_embedding_dim", rd as i64)],
    );
    let inputs = [
        Input::F32("x", vec![b, h, s, d], xv.clone()),
        Input::F32("c", vec![max_pos, rd / 2], cv.clone()),
        Input::F32("s", vec![max_pos, rd / 2], sv.clone()),
        Input::I64("p", vec![b, s], pos.clone()),
    ];
    let got = run(op, &inputs, 1, 23);
    let cos =
        |bi: usize, si: usize, i: usize| f64::from(cv[pos[bi * s + si] as usize * (rd / 2) + i]);
    let sin =
        |bi: usize, si: usize, i: usize| f64::from(sv[pos[bi * s + si] as usize * (rd / 2) + i]);
    let mut want = vec![0.0; xv.len()];
    for bi in 0..b {
        for hi in 0..h {
            for si in 0..s {
                let base = at(&[b, h, s, d], &[bi, hi, si, 0]);
                let x = |c: usize| f64::from(xv[base + c]);
                for c in 0..d {
                    want[base + c] = rope_value(&x, bi, si, c, rd, true, &cos, &sin);
                }
            }
        }
    }
    assert_close(&got[0], &want, "rotary");
}

#[test]
fn rotary_3d_no_position_ids_halves() {
    let (b, s, h, d) = (1, 3, 2, 4);
    let xv = values(b * s * h * d, 31);
    let cv = values(b * s * d / 2, 32);
    let sv = values(b * s * d / 2, 33);
    let op = node(
        "RotaryEmbedding",
        &["x", "c", "s"],
        &["y"],
        vec![ai("num_heads", h as i64)],
    );
    let inputs = [
        Input::F32("x", vec![b, s, h * d], xv.clone()),
        Input::F32("c", vec![b, s, d / 2], cv.clone()),
        Input::F32("s", vec![b, s, d / 2], sv.clone()),
    ];
    let got = run(op, &inputs, 1, 23);
    let cos = |bi: usize, si: usize, i: usize| f64::from(cv[(bi * s + si) * (d / 2) + i]);
    let sin = |bi: usize, si: usize, i: usize| f64::from(sv[(bi * s + si) * (d / 2) + i]);
    let mut want = vec![0.0; xv.len()];
    for si in 0..s {
        for hi in 0..h {
            let base = at(&[b, s, h * d], &[0, si, hi * d]);
            let x = |c: usize| f64::from(xv[base + c]);
            for c in 0..d {
                want[base + c] = rope_value(&x, 0, si, c, d, false, &cos, &sin);
            }
        }
    }
    assert_close(&got[0], &want, "rotary 3-D");
}

/// Per-element NLL terms `(loss, weight)` of log-probabilities `lp` `[N, C, D…]` against
/// `target` `[N, D…]`; both 0 for an ignored target.
fn nll_terms(
    lp: &[f64],
    target: &[i64],
    n: usize,
    c: usize,
    weight: Option<&[f32]>,
    ignore: Option<i64>,
) -> Vec<(f64, f64)> {
    let d = target.len() / n;
    target
        .iter()
        .enumerate()
        .map(|(e, &t)| {
            if Some(t) == ignore {
                return (0.0, 0.0);
            }
            let w = weight.map_or(1.0, |w| f64::from(w[t as usize]));
            let (ni, di) = (e / d, e % d);
            (-lp[(ni * c + t as usize) * d + di] * w, w)
        })
        .collect()
}

/// The reduction of NLL terms as ONNX defines it (`mean` divides by the summed weights).
fn reduce_terms(terms: &[(f64, f64)], reduction: &str) -> Vec<f64> {
    let total: f64 = terms.iter().map(|t| t.0).sum();
    let wsum: f64 = terms.iter().map(|t| t.1).sum();
    match reduction {
        "none" => terms.iter().map(|t| t.0).collect(),
        "sum" => vec![total],
        _ => vec![total / wsum],
    }
}

fn log_softmax_c(x: &[f32], n: usize, c: usize) -> Vec<f64> {
    let d = x.len() / (n * c);
    let mut out = vec![0.0; x.len()];
    for ni in 0..n {
        for di in 0..d {
            let idx = |ci: usize| (ni * c + ci) * d + di;
            let m = (0..c)
                .map(|ci| f64::from(x[idx(ci)]))
                .fold(f64::NEG_INFINITY, f64::max);
            let z: f64 = (0..c).map(|ci| (f64::from(x[idx(ci)]) - m).exp()).sum();
            for ci in 0..c {
                out[idx(ci)] = f64::from(x[idx(ci)]) - m - z.ln();
            }
        }
    }
    out
}

/// Runs NLL or SCE on `x` `[3, 4, 2, 3]` with targets in 0..4 (some equal to `ignore`).
fn loss_case(op_type: &str, reduction: &str, weighted: bool, ignore: Option<i64>, log_prob: bool) {
    let (n, c, d1, d2) = (3, 4, 2, 3);
    let xv = values(n * c * d1 * d2, 41);
    let target: Vec<i64> = (0..n * d1 * d2).map(|i| (i * 7 % 5) as i64 % 4).collect();
    let weight = [0.5f32, 1.0, 2.0, 0.25];
    let mut ins = vec!["x", "t"];
    let mut inputs = vec![
        Input::F32("x", vec![n, c, d1, d2], xv.clone()),
        Input::I64("t", vec![n, d1, d2], target.clone()),
    ];
    if weighted {
        ins.push("w");
        inputs.push(Input::F32("w", vec![c], weight.to_vec()));
    }
    let mut attrs = vec![as_("reduction", reduction)];
    if let Some(ii) = ignore {
        attrs.push(ai("ignore_index", ii));
    }
    let outs: &[&str] = if log_prob { &["z", "lp"] } else { &["z"] };
    let op = node(op_type, &ins, outs, attrs);
    let got = run(op, &inputs, outs.len(), 13);
    let lp = if op_type == "SoftmaxCrossEntropyLoss" {
        log_softmax_c(&xv, n, c)
    } else {
        xv.iter().map(|&x| f64::from(x)).collect()
    };
    let w = weighted.then_some(&weight[..]);
    let terms = nll_terms(&lp, &target, n, c, w, ignore);
    let what = format!("{op_type} {reduction} weighted={weighted} ignore={ignore:?}");
    assert_close(&got[0], &reduce_terms(&terms, reduction), &what);
    if log_prob {
        assert_close(&got[1], &lp, "log_prob");
    }
}

#[test]
fn nll_loss_reductions_weights_ignore_index() {
    for reduction in ["none", "sum", "mean"] {
        for weighted in [false, true] {
            for ignore in [None, Some(1), Some(-1)] {
                loss_case(
                    "NegativeLogLikelihoodLoss",
                    reduction,
                    weighted,
                    ignore,
                    false,
                );
            }
        }
    }
}

#[test]
fn softmax_cross_entropy_with_log_prob() {
    for reduction in ["none", "sum", "mean"] {
        loss_case("SoftmaxCrossEntropyLoss", reduction, true, Some(2), true);
        loss_case("SoftmaxCrossEntropyLoss", reduction, false, None, false);
    }
}

#[test]
fn nll_loss_2d_selects_with_a_one_hot_mask() {
    let op = node("NegativeLogLikelihoodLoss", &["x", "t"], &["z"], vec![]);
    let inputs = [
        Input::F32("x", vec![3, 5], values(15, 1)),
        Input::I64("t", vec![3], vec![0, 4, 2]),
    ];
    let text = ir(op, &inputs, 13);
    for want in ["nn.equal", "nn.where", "nn.reduce_sum", "nn.reduce_mean"] {
        assert!(text.contains(want), "no {want} in\n{text}");
    }
    assert!(!text.contains("nn.gather"), "{text}");
}

#[test]
fn loss_errors_name_the_problem() {
    let op = node("NegativeLogLikelihoodLoss", &["x", "t"], &["z"], vec![]);
    let inputs = [
        Input::F32("x", vec![3, 5], values(15, 1)),
        Input::I64("t", vec![4], vec![0, 1, 2, 3]),
    ];
    let e = import_err(op, &inputs, 13);
    assert!(e.contains("target [N, d…]"), "{e}");
    let op = node(
        "SoftmaxCrossEntropyLoss",
        &["x", "t"],
        &["z"],
        vec![as_("reduction", "max")],
    );
    let inputs = [
        Input::F32("x", vec![3, 5], values(15, 1)),
        Input::I64("t", vec![3], vec![0, 1, 2]),
    ];
    let e = import_err(op, &inputs, 13);
    assert!(e.contains("reduction 'max'"), "{e}");
}

#[test]
fn rotary_errors_name_the_problem() {
    let op = node("RotaryEmbedding", &["x", "c", "s"], &["y"], vec![]);
    let inputs = [
        Input::F32("x", vec![1, 3, 8], values(24, 1)),
        Input::F32("c", vec![1, 3, 2], values(6, 2)),
        Input::F32("s", vec![1, 3, 2], values(6, 3)),
    ];
    let e = import_err(op, &inputs, 23);
    assert!(e.contains("needs num_heads"), "{e}");
    let op = node(
        "RotaryEmbedding",
        &["x", "c", "s"],
        &["y"],
        vec![ai("rotary_embedding_dim", 3)],
    );
    let inputs = [
        Input::F32("x", vec![1, 2, 3, 4], values(24, 1)),
        Input::F32("c", vec![1, 3, 2], values(6, 2)),
        Input::F32("s", vec![1, 3, 2], values(6, 3)),
    ];
    let e = import_err(op, &inputs, 23);
    assert!(e.contains("rotary_embedding_dim 3 must be even"), "{e}");
}
