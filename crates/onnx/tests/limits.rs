//! Formerly documented limitations of the importer, now decomposed into nn ops: 1-D and 3-D
//! Conv / MaxPool / AveragePool (pads, strides, dilations, auto_pad, ceil_mode,
//! count_include_pad, groups), AveragePool dilations, MaxPool's Indices, LayerNormalization's
//! Mean / InvStdDev, Pad modes reflect / edge / wrap, Dropout with ratio 0 in training mode,
//! and f16 Range. Each model runs in the reference interpreter and is compared with values
//! computed here directly from the ONNX definitions (naive loops in f64).

mod common;
use common::*;
use neuron_interp::{run_function, InterpOptions, Tensor};
use neuron_ir::Scalar;
use neuron_onnx::proto::{data_type, NodeProto, TensorProto, ValueInfoProto};
use neuron_onnx::ImportOptions;

/// A value info without a type (the importer infers it).
fn untyped(name: &str) -> ValueInfoProto {
    let mut v = vi(name, 0, &[]);
    v.r#type = None;
    v
}

/// One output: shape and values (integers as f64).
type Out = (Vec<i64>, Vec<f64>);

/// Imports `nodes` with f32 input `x` and runs them; returns the named outputs.
fn try_run(
    nodes: Vec<NodeProto>,
    x: (&[i64], &[f64]),
    inits: Vec<TensorProto>,
    outs: &[&str],
    opset: i64,
) -> Result<Vec<Out>, String> {
    let g = graph(
        nodes,
        vec![f32vi("x", x.0)],
        outs.iter().map(|n| untyped(n)).collect(),
        inits,
    );
    let m = neuron_onnx::import_bytes(model(g, opset), &ImportOptions::default())
        .map_err(|e| e.to_string())?;
    let shape = x.0.iter().map(|&d| d as usize).collect();
    let vals = x.1.iter().map(|&v| v as f32).collect();
    let t = Tensor::from_f32(Scalar::F32, shape, vals).unwrap();
    let res =
        run_function(&m, "main", vec![t], &InterpOptions::default()).map_err(|e| e.to_string())?;
    Ok(res
        .iter()
        .map(|t| {
            let shape = t.shape.iter().map(|&d| d as i64).collect();
            let v = match (t.as_f32(), t.as_i64()) {
                (Some(f), _) => f.iter().map(|&v| f64::from(v)).collect(),
                (_, Some(i)) => i.iter().map(|&v| v as f64).collect(),
                _ => panic!("unexpected output data"),
            };
            (shape, v)
        })
        .collect())
}

/// One node `op(x, inits…) -> y`; panics on failure.
fn run1(n: NodeProto, x: (&[i64], &[f64]), inits: Vec<TensorProto>, opset: i64) -> Out {
    try_run(vec![n], x, inits, &["y"], opset).unwrap().remove(0)
}

/// Asserts `got` equals `want` within a small relative tolerance of f32.
fn close(got: &Out, want: &Out) {
    assert_eq!(got.0, want.0, "shapes differ");
    for (i, (&g, &w)) in got.1.iter().zip(&want.1).enumerate() {
        let ok = g == w || (g - w).abs() <= 1e-5 * w.abs().max(1.0);
        assert!(ok, "element {i}: got {g}, want {w}");
    }
}

/// Distinct pseudo-random values in [-5, 5) (no ties, exact in f32).
fn data(n: i64, seed: i64) -> Vec<f64> {
    (0..n)
        .map(|i| ((i * 7919 + seed * 104_729) % 1009) as f64 / 100.0 - 5.0 + i as f64 * 1e-4)
        .map(|v| f64::from(v as f32))
        .collect()
}

fn f32init(name: &str, dims: &[i64], v: &[f64]) -> TensorProto {
    let f: Vec<f32> = v.iter().map(|&x| x as f32).collect();
    f32t(name, dims, &f)
}

/// Every multi-index of `dims`, row-major.
fn positions(dims: &[i64]) -> Vec<Vec<i64>> {
    let mut all = vec![vec![]];
    for &d in dims {
        all = all
            .into_iter()
            .flat_map(|p: Vec<i64>| {
                (0..d).map(move |i| {
                    let mut q = p.clone();
                    q.push(i);
                    q
                })
            })
            .collect();
    }
    all
}

/// Row-major flat index of `idx` in `dims`.
fn flat(idx: &[i64], dims: &[i64]) -> usize {
    idx.iter().zip(dims).fold(0, |a, (&i, &d)| a * d + i) as usize
}

/// A sliding window over every spatial axis.
#[derive(Clone)]
struct Win {
    k: Vec<i64>,
    s: Vec<i64>,
    d: Vec<i64>,
    pb: Vec<i64>,
    pe: Vec<i64>,
    ceil: bool,
}

impl Win {
    fn new(k: &[i64], s: &[i64], d: &[i64], pads: &[i64]) -> Win {
        let n = k.len();
        Win {
            k: k.to_vec(),
            s: s.to_vec(),
            d: d.to_vec(),
            pb: pads[..n].to_vec(),
            pe: pads[n..].to_vec(),
            ceil: false,
        }
    }

    /// Output sizes (ceil mode: the last window must start inside the input or its front pad).
    fn out(&self, input: &[i64]) -> Vec<i64> {
        (0..input.len())
            .map(|a| {
                let eff = (self.k[a] - 1) * self.d[a] + 1;
                let span = input[a] + self.pb[a] + self.pe[a] - eff;
                let mut o = span / self.s[a] + 1;
                if self.ceil && span % self.s[a] != 0 {
                    o += 1;
                    if (o - 1) * self.s[a] >= input[a] + self.pb[a] {
                        o -= 1;
                    }
                }
                o
            })
            .collect()
    }

    /// The input positions of the window at output `o` (per axis, padding included).
    fn taps(&self, o: &[i64]) -> Vec<Vec<i64>> {
        positions(&self.k)
            .into_iter()
            .map(|kk| {
                (0..o.len())
                    .map(|a| o[a] * self.s[a] - self.pb[a] + kk[a] * self.d[a])
                    .collect()
            })
            .collect()
    }
}

/// ONNX Conv, directly.
fn conv_ref(x: &[f64], xs: &[i64], w: &[f64], ws: &[i64], b: &[f64], group: i64, win: &Win) -> Out {
    let sp = &xs[2..];
    let out = win.out(sp);
    let (m, cg) = (ws[0], ws[1]);
    let mut shape = vec![xs[0], m];
    shape.extend(&out);
    let mut y = vec![];
    for n in 0..xs[0] {
        for mi in 0..m {
            let g = mi / (m / group);
            for o in positions(&out) {
                let mut acc = b.get(mi as usize).copied().unwrap_or(0.0);
                for cc in 0..cg {
                    for (kk, p) in positions(&ws[2..]).iter().zip(win.taps(&o)) {
                        if p.iter().zip(sp).all(|(&q, &d)| (0..d).contains(&q)) {
                            let mut xi = vec![n, g * cg + cc];
                            xi.extend(&p);
                            let mut wi = vec![mi, cc];
                            wi.extend(kk);
                            acc += x[flat(&xi, xs)] * w[flat(&wi, ws)];
                        }
                    }
                }
                y.push(acc);
            }
        }
    }
    (shape, y)
}

/// ONNX MaxPool / AveragePool, directly (the average divides by the taps inside the input,
/// or inside the input and its declared pads with `count_pad`).
fn pool_ref(x: &[f64], xs: &[i64], win: &Win, avg: bool, count_pad: bool) -> Out {
    let sp = &xs[2..];
    let out = win.out(sp);
    let mut shape = xs[..2].to_vec();
    shape.extend(&out);
    let mut y = vec![];
    for nc in positions(&xs[..2]) {
        for o in positions(&out) {
            let (mut best, mut sum, mut cnt) = (f64::NEG_INFINITY, 0.0, 0.0);
            for p in win.taps(&o) {
                let inside = (0..sp.len()).all(|a| (0..sp[a]).contains(&p[a]));
                let in_pads =
                    (0..sp.len()).all(|a| (-win.pb[a]..sp[a] + win.pe[a]).contains(&p[a]));
                if inside {
                    let mut xi = nc.clone();
                    xi.extend(&p);
                    best = best.max(x[flat(&xi, xs)]);
                    sum += x[flat(&xi, xs)];
                }
                if inside || (count_pad && in_pads) {
                    cnt += 1.0;
                }
            }
            y.push(if avg { sum / cnt } else { best });
        }
    }
    (shape, y)
}

fn conv_node(win: &Win, group: i64, auto_pad: Option<&str>) -> NodeProto {
    let mut attrs = vec![
        ais("strides", &win.s),
        ais("dilations", &win.d),
        ai("group", group),
    ];
    match auto_pad {
        Some(a) => attrs.push(as_("auto_pad", a)),
        None => attrs.push(ais("pads", &[win.pb.clone(), win.pe.clone()].concat())),
    }
    node("Conv", &["x", "w", "b"], &["y"], attrs)
}

/// Runs Conv on `xs`/`ws` with `win` and compares with [`conv_ref`].
fn check_conv(xs: &[i64], ws: &[i64], win: &Win, group: i64, auto_pad: Option<&str>) {
    let x = data(xs.iter().product(), 1);
    let w = data(ws.iter().product(), 2);
    let b = data(ws[0], 3);
    let inits = vec![f32init("w", ws, &w), f32init("b", &[ws[0]], &b)];
    let got = run1(conv_node(win, group, auto_pad), (xs, &x), inits, 13);
    close(&got, &conv_ref(&x, xs, &w, ws, &b, group, win));
}

#[test]
fn conv_1d_with_pads_strides_dilations_and_groups() {
    let win = Win::new(&[3], &[2], &[2], &[1, 2]);
    check_conv(&[2, 4, 11], &[6, 2, 3], &win, 2, None);
    let win = Win::new(&[1], &[1], &[1], &[0, 0]);
    check_conv(&[1, 3, 5], &[2, 3, 1], &win, 1, None);
}

#[test]
fn conv_1d_auto_pad_same_puts_the_odd_pad_where_asked() {
    // L = 7, kernel 4, stride 2: output 4, total padding (4−1)·2 + 4 − 7 = 3.
    let upper = Win::new(&[4], &[2], &[1], &[1, 2]);
    check_conv(&[1, 2, 7], &[3, 2, 4], &upper, 1, Some("SAME_UPPER"));
    let lower = Win::new(&[4], &[2], &[1], &[2, 1]);
    check_conv(&[1, 2, 7], &[3, 2, 4], &lower, 1, Some("SAME_LOWER"));
}

#[test]
fn conv_3d_sums_2d_convolutions_over_kernel_depth() {
    let win = Win::new(&[3, 2, 3], &[2, 1, 2], &[1, 2, 1], &[1, 0, 2, 2, 1, 0]);
    check_conv(&[2, 4, 6, 5, 7], &[4, 2, 3, 2, 3], &win, 2, None);
    let valid = Win::new(&[2, 2, 2], &[1, 1, 1], &[1, 1, 1], &[0; 6]);
    check_conv(&[1, 2, 3, 3, 3], &[1, 2, 2, 2, 2], &valid, 1, Some("VALID"));
}

#[test]
fn conv_3d_auto_pad_same_lower() {
    // Depth 5, kernel 2, stride 2: output 3, total 1 → before 1 (SAME_LOWER); H, W: total 1.
    let win = Win::new(&[2, 2, 2], &[2, 1, 1], &[1, 1, 1], &[1, 1, 1, 0, 0, 0]);
    check_conv(
        &[1, 2, 5, 4, 3],
        &[2, 2, 2, 2, 2],
        &win,
        1,
        Some("SAME_LOWER"),
    );
}

fn pool_node(op: &str, win: &Win, extra: Vec<neuron_onnx::proto::AttributeProto>) -> NodeProto {
    let mut attrs = vec![
        ais("kernel_shape", &win.k),
        ais("strides", &win.s),
        ais("pads", &[win.pb.clone(), win.pe.clone()].concat()),
        ai("ceil_mode", i64::from(win.ceil)),
    ];
    if win.d.iter().any(|&d| d != 1) {
        attrs.push(ais("dilations", &win.d));
    }
    attrs.extend(extra);
    node(op, &["x"], &["y"], attrs)
}

/// Runs MaxPool and AveragePool (both count_include_pad values) and compares.
fn check_pools(xs: &[i64], win: &Win) {
    let x = data(xs.iter().product(), 4);
    let got = run1(pool_node("MaxPool", win, vec![]), (xs, &x), vec![], 19);
    close(&got, &pool_ref(&x, xs, win, false, false));
    for cp in [false, true] {
        let n = pool_node(
            "AveragePool",
            win,
            vec![ai("count_include_pad", i64::from(cp))],
        );
        let got = run1(n, (xs, &x), vec![], 19);
        close(&got, &pool_ref(&x, xs, win, true, cp));
    }
}

#[test]
fn pooling_1d_with_pads_strides_and_ceil_mode() {
    let mut win = Win::new(&[3], &[2], &[1], &[1, 1]);
    check_pools(&[2, 3, 10], &win);
    win.ceil = true;
    check_pools(&[2, 3, 10], &win);
    let dil = Win::new(&[2], &[1], &[3], &[0, 0]);
    check_pools(&[1, 2, 8], &dil);
}

#[test]
fn pooling_3d_with_pads_dilations_and_ceil_mode() {
    let mut win = Win::new(&[2, 3, 2], &[2, 2, 1], &[1, 1, 2], &[1, 0, 1, 0, 1, 1]);
    check_pools(&[1, 2, 7, 6, 5], &win);
    // Depth 6 padded (1, 0), kernel 2, stride 2: ceil mode adds a window (extra end padding).
    win.ceil = true;
    assert_eq!(win.out(&[6, 6, 5]), vec![4, 3, 5]);
    check_pools(&[1, 2, 6, 6, 5], &win);
    let plain = Win::new(&[2, 2, 2], &[1, 1, 1], &[1, 1, 1], &[0; 6]);
    check_pools(&[2, 1, 3, 4, 3], &plain);
}

#[test]
fn average_pool_2d_with_dilations_or_ceil_padding_counted() {
    let dil = Win::new(&[2, 2], &[1, 1], &[2, 2], &[0; 4]);
    check_pools(&[1, 1, 4, 4], &dil);
    let mut ceil = Win::new(&[3, 2], &[2, 2], &[1, 1], &[1, 0, 1, 0]);
    ceil.ceil = true;
    check_pools(&[1, 2, 6, 7], &ceil);
    // The documented example: 4×4 of 1..16, kernel 2, dilation 2 → [[6, 7], [10, 11]].
    let x: Vec<f64> = (1..=16).map(f64::from).collect();
    let n = pool_node("AveragePool", &dil, vec![]);
    let got = run1(n, (&[1, 1, 4, 4], &x), vec![], 19);
    assert_eq!(got, (vec![1, 1, 2, 2], vec![6.0, 7.0, 10.0, 11.0]));
}

/// The flat index of the first maximum of each window (row-major, or column-major in H, W).
fn argmax_ref(x: &[f64], xs: &[i64], win: &Win, col_major: bool) -> Vec<f64> {
    let sp = &xs[2..];
    let mut idx = vec![];
    for nc in positions(&xs[..2]) {
        for o in positions(&win.out(sp)) {
            let mut best: Option<(f64, i64)> = None;
            for p in win.taps(&o) {
                if (0..sp.len()).all(|a| (0..sp[a]).contains(&p[a])) {
                    let mut xi = nc.clone();
                    xi.extend(&p);
                    let v = x[flat(&xi, xs)];
                    let plane = (nc[0] * xs[1] + nc[1]) * sp.iter().product::<i64>();
                    let within = if col_major {
                        p[1] * sp[0] + p[0]
                    } else {
                        flat(&p, sp) as i64
                    };
                    if best.is_none_or(|(b, _)| v > b) {
                        best = Some((v, plane + within));
                    }
                }
            }
            idx.push(best.unwrap().1 as f64);
        }
    }
    idx
}

#[test]
fn max_pool_indices_follow_onnx_storage_order() {
    let xs = [2, 2, 5, 6];
    let x = data(xs.iter().product(), 5);
    let win = Win::new(&[3, 2], &[2, 1], &[1, 2], &[1, 0, 1, 1]);
    for order in [0, 1] {
        let mut n = pool_node("MaxPool", &win, vec![ai("storage_order", order)]);
        n.output = vec!["y".into(), "i".into()];
        let got = try_run(vec![n], (&xs, &x), vec![], &["y", "i"], 12).unwrap();
        close(&got[0], &pool_ref(&x, &xs, &win, false, false));
        assert_eq!(got[1].0, got[0].0);
        assert_eq!(
            got[1].1,
            argmax_ref(&x, &xs, &win, order == 1),
            "storage_order {order}"
        );
    }
}

#[test]
fn max_pool_indices_take_the_first_of_equal_maxima() {
    // Every element equal: each window's first tap inside the input.
    let xs = [1, 1, 3, 3];
    let x = vec![1.0; 9];
    let win = Win::new(&[2, 2], &[1, 1], &[1, 1], &[1, 1, 0, 0]);
    let mut n = pool_node("MaxPool", &win, vec![]);
    n.output = vec!["y".into(), "i".into()];
    let got = try_run(vec![n], (&xs, &x), vec![], &["y", "i"], 12).unwrap();
    assert_eq!(got[1].1, vec![0., 0., 1., 0., 0., 1., 3., 3., 4.]);
    let mut n1 = pool_node("MaxPool", &Win::new(&[2], &[2], &[1], &[0, 0]), vec![]);
    n1.output = vec!["y".into(), "i".into()];
    let x1 = [3.0, 1.0, 2.0, 5.0, 0.0, 0.0];
    let got = try_run(vec![n1], (&[1, 2, 3], &x1), vec![], &["y", "i"], 12).unwrap();
    assert_eq!(got[1], (vec![1, 2, 1], vec![0.0, 3.0]));
}

#[test]
fn indices_of_3d_max_pool_are_an_error() {
    let mut n = pool_node(
        "MaxPool",
        &Win::new(&[2; 3], &[1; 3], &[1; 3], &[0; 6]),
        vec![],
    );
    n.output = vec!["y".into(), "i".into()];
    let e = try_run(
        vec![n],
        (&[1, 1, 2, 2, 2], &[0.0; 8]),
        vec![],
        &["y", "i"],
        12,
    )
    .unwrap_err();
    assert!(
        e.contains("Indices output is computed for 1-D and 2-D"),
        "{e}"
    );
}

#[test]
fn layer_norm_mean_and_inv_std_dev() {
    let xs = [2, 3, 4];
    let x = data(24, 6);
    let eps = 0.1;
    let n = node(
        "LayerNormalization",
        &["x", "s"],
        &["y", "mean", "inv"],
        vec![ai("axis", 1), af("epsilon", eps as f32)],
    );
    let inits = vec![f32init("s", &[3, 4], &[1.0; 12])];
    let got = try_run(vec![n], (&xs, &x), inits, &["y", "mean", "inv"], 17).unwrap();
    let eps = f64::from(eps as f32);
    let (mut y, mut mean, mut inv) = (vec![], vec![], vec![]);
    for row in x.chunks(12) {
        let m = row.iter().sum::<f64>() / 12.0;
        let var = row.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / 12.0;
        let r = 1.0 / (var + eps).sqrt();
        y.extend(row.iter().map(|v| (v - m) * r));
        mean.push(m);
        inv.push(r);
    }
    close(&got[0], &(xs.to_vec(), y));
    close(&got[1], &(vec![2, 1, 1], mean));
    close(&got[2], &(vec![2, 1, 1], inv));
}

#[test]
fn layer_norm_inv_std_dev_alone() {
    let n = node("LayerNormalization", &["x", "s"], &["y", "", "inv"], vec![]);
    let inits = vec![f32init("s", &[2], &[1.0, 1.0])];
    let got = try_run(vec![n], (&[1, 2], &[1.0, 3.0]), inits, &["inv"], 17).unwrap();
    // Variance 1 → 1/sqrt(1 + 1e-5).
    close(
        &got[0],
        &(vec![1, 1], vec![1.0 / (1.0 + f64::from(1e-5f32)).sqrt()]),
    );
}

/// `v` followed by `v + 10` (the two batches of the padded test tensor).
fn plus10(v: &[f64]) -> Vec<f64> {
    v.iter()
        .copied()
        .chain(v.iter().map(|a| a + 10.0))
        .collect()
}

fn pad_node(mode: &str) -> NodeProto {
    node("Pad", &["x", "p"], &["y"], vec![as_("mode", mode)])
}

#[test]
fn pad_modes_on_one_axis() {
    let x = [1.0, 2.0, 3.0];
    let cases: [(&str, [f64; 7]); 3] = [
        ("reflect", [3., 2., 1., 2., 3., 2., 1.]),
        ("edge", [1., 1., 1., 2., 3., 3., 3.]),
        ("wrap", [2., 3., 1., 2., 3., 1., 2.]),
    ];
    for (mode, want) in cases {
        let got = run1(
            pad_node(mode),
            (&[3], &x),
            vec![i64t("p", &[2], &[2, 2])],
            19,
        );
        assert_eq!(got, (vec![7], want.to_vec()), "{mode}");
    }
}

#[test]
fn pad_modes_on_selected_axes_of_a_3d_tensor() {
    // x[0] = [[1, 2, 3], [4, 5, 6]]; x[1] = x[0] + 10; pad axis 1 by (1, 0), axis 2 by (0, 2).
    let x: Vec<f64> = [1., 2., 3., 4., 5., 6.]
        .iter()
        .chain(&[11., 12., 13., 14., 15., 16.])
        .copied()
        .collect();
    let reflect0 = [5., 4., 5., 6., 2., 1., 2., 3., 5., 4., 5., 6.];
    let edge0 = [1., 2., 3., 3., 3., 1., 2., 3., 3., 3., 4., 5., 6., 6., 6.];
    let wrap0 = [4., 5., 6., 4., 5., 1., 2., 3., 1., 2., 4., 5., 6., 4., 5.];
    for (mode, first, cols) in [("edge", &edge0[..], 5), ("wrap", &wrap0[..], 5)] {
        let n = node("Pad", &["x", "p", "", "a"], &["y"], vec![as_("mode", mode)]);
        let inits = vec![i64t("p", &[4], &[1, 0, 0, 2]), i64t("a", &[2], &[1, -1])];
        let got = run1(n, (&[2, 2, 3], &x), inits, 19);
        assert_eq!(got, (vec![2, 3, cols], plus10(first)), "{mode}");
    }
    // reflect: axis 2 by (0, 1) only.
    let n = node(
        "Pad",
        &["x", "p", "", "a"],
        &["y"],
        vec![as_("mode", "reflect")],
    );
    let inits = vec![i64t("p", &[2], &[0, 1]), i64t("a", &[1], &[2])];
    let got = run1(n, (&[2, 2, 3], &x), inits, 19);
    let want: Vec<f64> = plus10(&[1., 2., 3., 2., 4., 5., 6., 5.]);
    assert_eq!(got, (vec![2, 2, 4], want));
    // reflect before both inner axes: the row before row 0 is row 1, the column before 0 is 1.
    let n = node("Pad", &["x", "p"], &["y"], vec![as_("mode", "reflect")]);
    let inits = vec![i64t("p", &[6], &[0, 1, 1, 0, 0, 0])];
    let got = run1(n, (&[2, 2, 3], &x), inits, 19);
    assert_eq!(got.0, vec![2, 3, 4]);
    assert_eq!(got.1[..12], reflect0);
}

#[test]
fn pad_mode_that_does_not_exist_is_an_error() {
    let e = try_run(
        vec![pad_node("mirror")],
        (&[3], &[1.0, 2.0, 3.0]),
        vec![i64t("p", &[2], &[1, 1])],
        &["y"],
        19,
    )
    .unwrap_err();
    assert!(e.contains("mode 'mirror' is not one of"), "{e}");
}

fn bool_scalar(name: &str, v: bool) -> TensorProto {
    TensorProto {
        name: name.into(),
        data_type: data_type::BOOL,
        int32_data: vec![i32::from(v)],
        ..Default::default()
    }
}

#[test]
fn dropout_in_training_mode_with_ratio_zero_is_the_identity() {
    let x = [1.5, -2.0, 0.25];
    let n = node("Dropout", &["x", "r", "t"], &["y", "mask"], vec![]);
    let inits = vec![f32t("r", &[], &[0.0]), bool_scalar("t", true)];
    let got = try_run(vec![n], (&[3], &x), inits, &["y", "mask"], 13).unwrap();
    assert_eq!(got[0], (vec![3], x.to_vec()));
    assert_eq!(got[1], (vec![3], vec![1.0; 3]));
}

#[test]
fn dropout_mask_at_inference_is_all_true() {
    let n = node("Dropout", &["x"], &["y", "mask"], vec![]);
    let got = try_run(vec![n], (&[2], &[3.0, 4.0]), vec![], &["y", "mask"], 13).unwrap();
    assert_eq!(got[1], (vec![2], vec![1.0, 1.0]));
}

#[test]
fn random_dropout_is_an_error() {
    let n = node("Dropout", &["x", "r", "t"], &["y"], vec![]);
    let inits = vec![f32t("r", &[], &[0.25]), bool_scalar("t", true)];
    let e = try_run(vec![n], (&[2], &[3.0, 4.0]), inits, &["y"], 13).unwrap_err();
    assert!(e.contains("training_mode = true with ratio 0.25"), "{e}");
    let n = node("Dropout", &["x", "", "t"], &["y"], vec![]);
    let e = try_run(
        vec![n],
        (&[2], &[3.0, 4.0]),
        vec![bool_scalar("t", true)],
        &["y"],
        13,
    )
    .unwrap_err();
    assert!(e.contains("default ratio 0.5"), "{e}");
}

fn f16_scalar(name: &str, v: f32) -> TensorProto {
    let bits = half_bits(v);
    TensorProto {
        name: name.into(),
        data_type: data_type::FLOAT16,
        int32_data: vec![i32::from(bits)],
        ..Default::default()
    }
}

/// f16 bits of a value exactly representable in f16 (normal, small exponent).
fn half_bits(v: f32) -> u16 {
    let b = v.to_bits();
    let sign = ((b >> 16) & 0x8000) as u16;
    let exp = ((b >> 23) & 0xff) as i32 - 127 + 15;
    let mant = ((b >> 13) & 0x3ff) as u16;
    if v == 0.0 {
        sign
    } else {
        sign | ((exp as u16) << 10) | mant
    }
}

#[test]
fn range_of_f16_is_computed_in_f32_and_rounded() {
    let nodes = vec![
        node("Range", &["s", "l", "d"], &["r"], vec![]),
        node(
            "Cast",
            &["r"],
            &["c"],
            vec![ai("to", i64::from(data_type::FLOAT))],
        ),
        node("Add", &["c", "x"], &["y"], vec![]),
    ];
    let inits = vec![
        f16_scalar("s", 1.0),
        f16_scalar("l", 3.0),
        f16_scalar("d", 0.5),
    ];
    let got = try_run(nodes, (&[1], &[10.0]), inits, &["y"], 13).unwrap();
    assert_eq!(got[0], (vec![4], vec![11.0, 11.5, 12.0, 12.5]));
}

#[test]
fn max_pool_of_small_integers_runs_exactly_in_f32() {
    let to = |t: i32| vec![ai("to", i64::from(t))];
    let nodes = vec![
        node("Cast", &["x"], &["xi"], to(data_type::INT8)),
        node(
            "MaxPool",
            &["xi"],
            &["p"],
            vec![ais("kernel_shape", &[2, 2])],
        ),
        node("Cast", &["p"], &["y"], to(data_type::FLOAT)),
    ];
    let x = [-128.0, 5.0, 127.0, -3.0, 0.0, 7.0, 1.0, 2.0, -1.0];
    let got = try_run(nodes, (&[1, 1, 3, 3], &x), vec![], &["y"], 13).unwrap();
    assert_eq!(got[0], (vec![1, 1, 2, 2], vec![5.0, 127.0, 2.0, 7.0]));
}

#[test]
fn huge_windows_and_pads_are_errors_not_hangs() {
    let win = Win::new(&[5000, 1, 1], &[1; 3], &[1; 3], &[4999, 0, 0, 0, 0, 0]);
    let n = pool_node("MaxPool", &win, vec![]);
    let e = try_run(vec![n], (&[1, 1, 1, 1, 1], &[1.0]), vec![], &["y"], 13).unwrap_err();
    assert!(e.contains("window of 5000 positions is too large"), "{e}");
    let inits = vec![i64t("p", &[2], &[1 << 30, 0])];
    let e = try_run(vec![pad_node("edge")], (&[3], &[1.0; 3]), inits, &["y"], 19).unwrap_err();
    assert!(e.contains("more than 2^24 elements"), "{e}");
}
