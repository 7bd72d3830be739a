//! Operators the importer decomposes into several nn ops (activations, reductions,
//! normalisations, movement): imported from small models, run in the reference interpreter
//! and compared with values computed here in `f64`; attribute defaults and bad inputs.

mod common;
use common::*;
use neuron_interp::{run_function, InterpOptions, Tensor};
use neuron_ir::Scalar;
use neuron_onnx::proto::{data_type, AttributeProto, NodeProto, TensorProto, ValueInfoProto};
use neuron_onnx::ImportOptions;

/// One f32 graph input: name, shape, values.
type In<'a> = (&'a str, &'a [i64], &'a [f32]);

/// A value info without a type (the importer infers it).
fn untyped(name: &str) -> ValueInfoProto {
    let mut v = vi(name, 0, &[]);
    v.r#type = None;
    v
}

/// Imports `nodes` (inputs `ins`, initializers `inits`, output `y`) and runs them; returns the
/// output's shape and values (integers as f64 too).
fn try_run(
    nodes: Vec<NodeProto>,
    ins: &[In],
    inits: Vec<TensorProto>,
    opset: i64,
) -> Result<(Vec<usize>, Vec<f64>), String> {
    let vis = ins.iter().map(|(n, s, _)| f32vi(n, s)).collect();
    let g = graph(nodes, vis, vec![untyped("y")], inits);
    let m = neuron_onnx::import_bytes(model(g, opset), &ImportOptions::default())
        .map_err(|e| e.to_string())?;
    let tensors = ins
        .iter()
        .map(|(_, s, v)| {
            let shape = s.iter().map(|&d| d as usize).collect();
            Tensor::from_f32(Scalar::F32, shape, v.to_vec()).unwrap()
        })
        .collect();
    let out =
        run_function(&m, "main", tensors, &InterpOptions::default()).map_err(|e| e.to_string())?;
    let t = &out[0];
    let vals = match (t.as_f32(), t.as_i64()) {
        (Some(f), _) => f.iter().map(|&v| f64::from(v)).collect(),
        (_, Some(i)) => i.iter().map(|&v| v as f64).collect(),
        _ => panic!("unexpected output data {:?}", t.data.kind_name()),
    };
    Ok((t.shape.clone(), vals))
}

/// As [`try_run`], for one node with one input `x`; panics on failure.
fn run1(op: &str, attrs: Vec<AttributeProto>, shape: &[i64], x: &[f32], opset: i64) -> Vec<f64> {
    let n = node(op, &["x"], &["y"], attrs);
    try_run(vec![n], &[("x", shape, x)], vec![], opset)
        .unwrap()
        .1
}

/// The import error of one node with f32 input `x` of `shape`.
fn err1(op: &str, attrs: Vec<AttributeProto>, shape: &[i64], opset: i64) -> String {
    let n = node(op, &["x"], &["y"], attrs);
    one_err(n, &[("x", shape)], vec![], opset)
}

/// Asserts `got` equals `want` within a relative (and tiny absolute) tolerance of f32.
fn close(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "got {got:?}, want {want:?}");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        let ok = g == w || (g - w).abs() <= 2e-6 * w.abs().max(1e-3);
        assert!(ok, "element {i}: got {g}, want {w} (all: {got:?})");
    }
}

const XS: [f32; 6] = [-3.0, -1.0, -0.25, 0.0, 0.5, 2.0];

/// The test inputs as f64.
fn xs() -> Vec<f64> {
    XS.iter().map(|&v| f64::from(v)).collect()
}

fn map(f: impl Fn(f64) -> f64) -> Vec<f64> {
    xs().into_iter().map(f).collect()
}

#[test]
fn elu_default_alpha_and_given_alpha() {
    let elu = |a: f64| move |x: f64| if x < 0.0 { a * (x.exp() - 1.0) } else { x };
    close(&run1("Elu", vec![], &[6], &XS, 13), &map(elu(1.0)));
    let got = run1("Elu", vec![af("alpha", 2.0)], &[6], &XS, 7);
    close(&got, &map(elu(2.0)));
}

#[test]
fn hard_sigmoid_and_hard_swish() {
    let hs = |a: f64, b: f64| move |x: f64| (a * x + b).clamp(0.0, 1.0);
    let d = hs(f64::from(0.2f32), 0.5);
    close(&run1("HardSigmoid", vec![], &[6], &XS, 13), &map(d));
    let attrs = vec![af("alpha", 0.5), af("beta", 0.25)];
    close(
        &run1("HardSigmoid", attrs, &[6], &XS, 13),
        &map(hs(0.5, 0.25)),
    );
    let swish = |x: f64| x * (x / 6.0 + 0.5).clamp(0.0, 1.0);
    close(&run1("HardSwish", vec![], &[6], &XS, 14), &map(swish));
}

#[test]
fn selu_uses_the_spec_constants_by_default() {
    let (a, g) = (1.673_263_192_176_818_8, 1.050_701_022_148_132_3);
    let want = map(|x| g * if x > 0.0 { x } else { a * (x.exp() - 1.0) });
    close(&run1("Selu", vec![], &[6], &XS, 13), &want);
    let want = map(|x| 3.0 * if x > 0.0 { x } else { 2.0 * (x.exp() - 1.0) });
    let attrs = vec![af("alpha", 2.0), af("gamma", 3.0)];
    close(&run1("Selu", attrs, &[6], &XS, 13), &want);
}

#[test]
fn softplus_softsign_and_mish() {
    let sp = |x: f64| x.exp().ln_1p();
    close(&run1("Softplus", vec![], &[6], &XS, 13), &map(sp));
    // exp(100) overflows f32: the decomposition must not.
    let big = run1("Softplus", vec![], &[2], &[100.0, -100.0], 13);
    close(&big, &[100.0, (-100f64).exp()]);
    close(
        &run1("Softsign", vec![], &[6], &XS, 13),
        &map(|x| x / (1.0 + x.abs())),
    );
    close(
        &run1("Mish", vec![], &[6], &XS, 18),
        &map(|x| x * sp(x).tanh()),
    );
}

#[test]
fn thresholded_relu_is_strict_and_shrink_has_defaults() {
    let x = [0.5, 1.0, 1.5, -2.0];
    close(
        &run1("ThresholdedRelu", vec![], &[4], &x, 10),
        &[0.0, 0.0, 1.5, 0.0],
    );
    let got = run1("ThresholdedRelu", vec![af("alpha", 0.25)], &[4], &x, 10);
    close(&got, &[0.5, 1.0, 1.5, 0.0]);
    let x = [-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0];
    close(
        &run1("Shrink", vec![], &[7], &x, 9),
        &[-2.0, -1.0, 0.0, 0.0, 0.0, 1.0, 2.0],
    );
    let attrs = vec![af("lambd", 1.5), af("bias", 1.5)];
    close(
        &run1("Shrink", attrs, &[7], &x, 9),
        &[-0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5],
    );
}

#[test]
fn prelu_broadcasts_the_slope_one_way_only() {
    let n = node("PRelu", &["x", "s"], &["y"], vec![]);
    let x = [-1.0, 2.0, -3.0, 4.0, -5.0, 6.0];
    let ins: [In; 2] = [("x", &[2, 3], &x), ("s", &[3], &[0.5, 0.25, 2.0])];
    let (shape, got) = try_run(vec![n.clone()], &ins, vec![], 9).unwrap();
    assert_eq!(shape, [2, 3]);
    close(&got, &[-0.5, 2.0, -6.0, 4.0, -1.25, 6.0]);
    let e = one_err(n, &[("x", &[3]), ("s", &[2, 3])], vec![], 9);
    assert!(e.contains("cannot be broadcast to the input shape"), "{e}");
}

#[test]
fn celu_and_swish() {
    let celu = |a: f64| move |x: f64| x.max(0.0) + (a * ((x / a).exp() - 1.0)).min(0.0);
    close(&run1("Celu", vec![], &[6], &XS, 12), &map(celu(1.0)));
    close(
        &run1("Celu", vec![af("alpha", 2.0)], &[6], &XS, 12),
        &map(celu(2.0)),
    );
    let swish = |a: f64| move |x: f64| x / (1.0 + (-a * x).exp());
    close(&run1("Swish", vec![], &[6], &XS, 24), &map(swish(1.0)));
    close(
        &run1("Swish", vec![af("alpha", 2.0)], &[6], &XS, 24),
        &map(swish(2.0)),
    );
    let e = err1("Swish", vec![], &[6], 23);
    assert!(e.contains("Swish (defined from opset 24)"), "{e}");
}

#[test]
fn float_activations_reject_integer_inputs() {
    let n = node("Elu", &["x"], &["y"], vec![]);
    let g = graph(
        vec![n],
        vec![vi("x", data_type::INT64, &[Some(2)])],
        vec![untyped("y")],
        vec![],
    );
    let e = import(model(g, 13)).unwrap_err().to_string();
    assert!(e.contains("Elu needs a float tensor"), "{e}");
}

const M: [f32; 6] = [1.0, -2.0, 3.0, -4.0, 5.0, -6.0];

#[test]
fn reduce_l1_l2_and_sum_square_with_attribute_and_input_axes() {
    // Opset 13: axes an attribute; default keepdims = 1.
    let n = node("ReduceL1", &["x"], &["y"], vec![ais("axes", &[1])]);
    let (s, got) = try_run(vec![n], &[("x", &[2, 3], &M)], vec![], 13).unwrap();
    assert_eq!(s, [2, 1]);
    close(&got, &[6.0, 15.0]);
    // Opset 18: axes an input; keepdims = 0.
    let n = node("ReduceL2", &["x", "a"], &["y"], vec![ai("keepdims", 0)]);
    let inits = vec![i64t("a", &[1], &[0])];
    let (s, got) = try_run(vec![n], &[("x", &[2, 3], &M)], inits, 18).unwrap();
    assert_eq!(s, [3]);
    close(&got, &[17f64.sqrt(), 29f64.sqrt(), 45f64.sqrt()]);
    // No axes: every dimension.
    let n = node("ReduceSumSquare", &["x"], &["y"], vec![]);
    let (s, got) = try_run(vec![n], &[("x", &[2, 3], &M)], vec![], 18).unwrap();
    assert_eq!(s, [1, 1]);
    close(&got, &[91.0]);
}

#[test]
fn noop_with_empty_axes_applies_only_the_elementwise_part() {
    let attrs = vec![ai("noop_with_empty_axes", 1)];
    let n = node("ReduceSumSquare", &["x"], &["y"], attrs);
    let (s, got) = try_run(vec![n], &[("x", &[2, 3], &M)], vec![], 18).unwrap();
    assert_eq!(s, [2, 3]);
    close(&got, &[1.0, 4.0, 9.0, 16.0, 25.0, 36.0]);
}

#[test]
fn reduce_log_sum_and_a_stable_log_sum_exp() {
    let x = [1.0, 2.0, 3.0, 4.0];
    let n = node("ReduceLogSum", &["x"], &["y"], vec![ais("axes", &[-1])]);
    let (_, got) = try_run(vec![n], &[("x", &[2, 2], &x)], vec![], 13).unwrap();
    close(&got, &[3f64.ln(), 7f64.ln()]);
    let lse = |a: f64, b: f64| a.max(b) + (1.0 + (-(a - b).abs()).exp()).ln();
    let x = [1000.0, 1000.0, -1000.0, 3.0, 0.5, -2.0];
    let n = node("ReduceLogSumExp", &["x"], &["y"], vec![ais("axes", &[1])]);
    let attrs = vec![ai("keepdims", 0)];
    let (s, got) = try_run(vec![n], &[("x", &[3, 2], &x)], vec![], 13).unwrap();
    assert_eq!(s, [3, 1]);
    close(
        &got,
        &[lse(1000.0, 1000.0), lse(-1000.0, 3.0), lse(0.5, -2.0)],
    );
    let n = node("ReduceLogSumExp", &["x"], &["y"], attrs);
    let inf = f32::INFINITY;
    let (s, got) = try_run(
        vec![n],
        &[("x", &[2, 2], &[-inf, -inf, inf, 1.0])],
        vec![],
        13,
    )
    .unwrap();
    assert_eq!(s, [] as [usize; 0]);
    assert_eq!(got, [f64::INFINITY]);
}

#[test]
fn reduce_log_sum_exp_of_all_minus_infinity_is_minus_infinity() {
    let inf = f32::INFINITY;
    let n = node("ReduceLogSumExp", &["x"], &["y"], vec![ais("axes", &[1])]);
    let (_, got) = try_run(
        vec![n],
        &[("x", &[2, 2], &[-inf, -inf, 0.0, 0.0])],
        vec![],
        13,
    )
    .unwrap();
    assert_eq!(got[0], f64::NEG_INFINITY);
    close(&got[1..], &[2f64.ln()]);
}

#[test]
fn reductions_reject_bad_axes() {
    let e = err1("ReduceL1", vec![ais("axes", &[2])], &[2, 3], 13);
    assert!(e.contains("axes 2 is out of range"), "{e}");
    let n = node("ReduceL2", &["x", "a"], &["y"], vec![]);
    let e = one_err(n, &[("x", &[2, 3]), ("a", &[1])], vec![], 18);
    assert!(e.contains("must be a constant known at import"), "{e}");
}

/// `(x − mean) / sqrt(var + eps)` of a slice, in f64.
fn standardize(v: &[f64], eps: f64) -> Vec<f64> {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    v.iter().map(|x| (x - mean) / (var + eps).sqrt()).collect()
}

#[test]
fn rms_normalization_default_axis_and_epsilon() {
    let n = node("RMSNormalization", &["x", "s"], &["y"], vec![]);
    let inits = vec![f32t("s", &[3], &[1.0, 2.0, 0.5])];
    let (_, got) = try_run(vec![n], &[("x", &[2, 3], &M)], inits, 23).unwrap();
    let m = M.map(f64::from);
    let mut want = vec![];
    for row in m.chunks(3) {
        let rms = (row.iter().map(|x| x * x).sum::<f64>() / 3.0 + 1e-5).sqrt();
        want.extend(row.iter().zip([1.0, 2.0, 0.5]).map(|(x, s)| x / rms * s));
    }
    close(&got, &want);
    let n = node("RMSNormalization", &["x", "s"], &["y"], vec![ai("axis", 0)]);
    let inits = vec![f32t("s", &[1], &[1.0])];
    let (_, got) = try_run(vec![n], &[("x", &[2, 3], &M)], inits, 23).unwrap();
    let rms = (91.0 / 6.0 + 1e-5f64).sqrt();
    close(&got, &m.map(|x| x / rms));
}

#[test]
fn group_normalization_scale_is_per_group_in_18_and_per_channel_in_21() {
    // N = 1, C = 4, 2 groups of 2 channels, one spatial element each.
    let x = [1.0, 3.0, 10.0, 20.0];
    let g0 = standardize(&[1.0, 3.0], 1e-5);
    let g1 = standardize(&[10.0, 20.0], 1e-5);
    let norm: Vec<f64> = g0.iter().chain(&g1).copied().collect();
    let n = node(
        "GroupNormalization",
        &["x", "s", "b"],
        &["y"],
        vec![ai("num_groups", 2)],
    );
    let per_group = vec![f32t("s", &[2], &[2.0, 3.0]), f32t("b", &[2], &[0.5, -1.0])];
    let (s, got) = try_run(vec![n.clone()], &[("x", &[1, 4, 1], &x)], per_group, 18).unwrap();
    assert_eq!(s, [1, 4, 1]);
    let sb = [(2.0, 0.5), (2.0, 0.5), (3.0, -1.0), (3.0, -1.0)];
    let want: Vec<f64> = norm.iter().zip(sb).map(|(v, (s, b))| v * s + b).collect();
    close(&got, &want);
    let per_channel = vec![
        f32t("s", &[4], &[1.0, 2.0, 3.0, 4.0]),
        f32t("b", &[4], &[0.0, 1.0, 0.0, 1.0]),
    ];
    let (_, got) = try_run(vec![n.clone()], &[("x", &[1, 4, 1], &x)], per_channel, 21).unwrap();
    let sb = [(1.0, 0.0), (2.0, 1.0), (3.0, 0.0), (4.0, 1.0)];
    let want: Vec<f64> = norm.iter().zip(sb).map(|(v, (s, b))| v * s + b).collect();
    close(&got, &want);
    let bad = vec![f32t("s", &[2], &[1.0, 1.0]), f32t("b", &[2], &[0.0, 0.0])];
    let e = one_err(n, &[("x", &[1, 4, 1])], bad, 21);
    assert!(
        e.contains("scale of type f32[2] must have shape [4]"),
        "{e}"
    );
    let n = node(
        "GroupNormalization",
        &["x", "s", "b"],
        &["y"],
        vec![ai("num_groups", 3)],
    );
    let e = one_err(
        n,
        &[("x", &[1, 4, 1]), ("s", &[4]), ("b", &[4])],
        vec![],
        21,
    );
    assert!(
        e.contains("num_groups 3 must be positive and divide"),
        "{e}"
    );
}

#[test]
fn instance_normalization_and_epsilon() {
    let x = [1.0, 2.0, 3.0, 4.0, -1.0, 1.0, 0.0, 2.0];
    let n = node(
        "InstanceNormalization",
        &["x", "s", "b"],
        &["y"],
        vec![af("epsilon", 0.5)],
    );
    let inits = vec![f32t("s", &[2], &[2.0, 1.0]), f32t("b", &[2], &[1.0, 0.0])];
    let (_, got) = try_run(vec![n], &[("x", &[1, 2, 2, 2], &x)], inits, 7).unwrap();
    let mut want = vec![];
    for (c, (s, b)) in [(2.0, 1.0), (1.0, 0.0)].into_iter().enumerate() {
        let v: Vec<f64> = x[c * 4..c * 4 + 4].iter().map(|&v| f64::from(v)).collect();
        want.extend(standardize(&v, 0.5).iter().map(|v| v * s + b));
    }
    close(&got, &want);
    let n = node("InstanceNormalization", &["x", "s", "b"], &["y"], vec![]);
    let e = one_err(n, &[("x", &[2, 2]), ("s", &[2]), ("b", &[2])], vec![], 7);
    assert!(e.contains("needs rank >= 3"), "{e}");
}

#[test]
fn mean_variance_normalization_default_axes() {
    // [N=2, C=1, H=1, W=2]: the default axes 0, 2, 3 cover all four values.
    let x = [1.0, 2.0, 3.0, 6.0];
    let got = run1("MeanVarianceNormalization", vec![], &[2, 1, 1, 2], &x, 13);
    let (mean, std) = (3.0, (14.0f64 / 4.0).sqrt());
    close(&got, &x.map(|v| (f64::from(v) - mean) / (std + 1e-9)));
    let got = run1(
        "MeanVarianceNormalization",
        vec![ais("axes", &[3])],
        &[2, 1, 1, 2],
        &x,
        13,
    );
    close(&got, &[-1.0, 1.0, -1.0, 1.0]);
}

#[test]
fn lp_normalization_p1_p2_and_zero_rows() {
    let x = [3.0, -4.0, 0.0, 0.0];
    close(
        &run1("LpNormalization", vec![], &[2, 2], &x, 7),
        &[0.6, -0.8, 0.0, 0.0],
    );
    let got = run1("LpNormalization", vec![ai("p", 1)], &[2, 2], &x, 7);
    close(&got, &[3.0 / 7.0, -4.0 / 7.0, 0.0, 0.0]);
    let got = run1("LpNormalization", vec![ai("axis", 0)], &[2, 2], &x, 7);
    close(&got, &[1.0, -1.0, 0.0, 0.0]);
    let e = err1("LpNormalization", vec![ai("p", 3)], &[2, 2], 7);
    assert!(e.contains("p must be 1 or 2"), "{e}");
}

const R: [f32; 12] = [1., 2., 3., 4., 5., 6., 7., 8., 9., 10., 11., 12.];

#[test]
fn trilu_upper_default_and_lower_with_k() {
    let got = run1("Trilu", vec![], &[3, 4], &R, 14);
    close(&got, &[1., 2., 3., 4., 0., 6., 7., 8., 0., 0., 11., 12.]);
    let n = node("Trilu", &["x", "k"], &["y"], vec![ai("upper", 0)]);
    let inits = vec![i64t("k", &[], &[-1])];
    let (_, got) = try_run(vec![n], &[("x", &[3, 4], &R)], inits, 14).unwrap();
    close(&got, &[0., 0., 0., 0., 5., 0., 0., 0., 9., 10., 0., 0.]);
    let e = err1("Trilu", vec![], &[4], 14);
    assert!(e.contains("needs rank >= 2"), "{e}");
}

#[test]
fn tile_repeats_each_axis_outermost() {
    let n = node("Tile", &["x", "r"], &["y"], vec![]);
    let inits = vec![i64t("r", &[2], &[2, 2])];
    let (s, got) = try_run(vec![n.clone()], &[("x", &[1, 3], &R[..3])], inits, 13).unwrap();
    assert_eq!(s, [2, 6]);
    close(&got, &[1., 2., 3., 1., 2., 3., 1., 2., 3., 1., 2., 3.]);
    let e = one_err(n.clone(), &[("x", &[1, 3]), ("r", &[2])], vec![], 13);
    assert!(
        e.contains("input 'repeats' ('r') must be a constant"),
        "{e}"
    );
    let e = one_err(n, &[("x", &[1, 3])], vec![i64t("r", &[1], &[2])], 13);
    assert!(e.contains("one non-negative count per dimension"), "{e}");
}

#[test]
fn depth_to_space_dcr_crd_and_space_to_depth_inverts_dcr() {
    // [1, 8, 1, 1]: channel c holds c + 1; blocksize 2 gives [1, 2, 2, 2].
    let x = &R[..8];
    let attrs = || vec![ai("blocksize", 2)];
    let dcr = run1("DepthToSpace", attrs(), &[1, 8, 1, 1], x, 13);
    close(&dcr, &[1., 3., 5., 7., 2., 4., 6., 8.]);
    let mut crd_attrs = attrs();
    crd_attrs.push(as_("mode", "CRD"));
    let crd = run1("DepthToSpace", crd_attrs, &[1, 8, 1, 1], x, 13);
    close(&crd, &[1., 2., 3., 4., 5., 6., 7., 8.]);
    // Before opset 11 there is no mode: DCR.
    close(&run1("DepthToSpace", attrs(), &[1, 8, 1, 1], x, 7), &dcr);
    let back: Vec<f32> = dcr.iter().map(|&v| v as f32).collect();
    let s2d = run1("SpaceToDepth", attrs(), &[1, 2, 2, 2], &back, 13);
    close(&s2d, &[1., 2., 3., 4., 5., 6., 7., 8.]);
    let e = err1("DepthToSpace", attrs(), &[1, 3, 1, 1], 13);
    assert!(e.contains("not a multiple of blocksize"), "{e}");
    let e = err1("SpaceToDepth", vec![], &[1, 1, 2, 2], 13);
    assert!(e.contains("requires attribute 'blocksize'"), "{e}");
}

#[test]
fn eye_like_dtype_and_k() {
    let got = run1("EyeLike", vec![], &[2, 3], &R[..6], 9);
    close(&got, &[1., 0., 0., 0., 1., 0.]);
    let attrs = vec![ai("k", 1), ai("dtype", i64::from(data_type::INT64))];
    let n = node("EyeLike", &["x"], &["y"], attrs);
    let (s, got) = try_run(vec![n], &[("x", &[3, 2], &R[..6])], vec![], 9).unwrap();
    assert_eq!(s, [3, 2]);
    assert_eq!(got, [0., 1., 0., 0., 0., 0.]);
    let e = err1("EyeLike", vec![], &[2, 2, 2], 9);
    assert!(e.contains("must be 2-D"), "{e}");
}
