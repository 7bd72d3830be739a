//! Importing `TopK` (opsets 1/10/11), `ScatterElements`, `Scatter`, `ScatterND` and `CumProd`:
//! attributes normalised, both TopK outputs, shape and attribute errors.

mod common;
use common::*;

/// A graph of `n` with f32 input `x` of `shape`, outputs `outs` (untyped) and `inits`.
fn ops_with_outputs(
    n: neuron_onnx::proto::NodeProto,
    shape: &[i64],
    outs: &[&str],
    inits: Vec<neuron_onnx::proto::TensorProto>,
    opset: i64,
) -> String {
    let outs = outs
        .iter()
        .map(|o| {
            let mut v = vi(o, 0, &[]);
            v.r#type = None;
            v
        })
        .collect();
    let g = graph(vec![n], vec![f32vi("x", shape)], outs, inits);
    ops_of(&import(model(g, opset)).unwrap_or_else(|e| panic!("import failed: {e}")))
}

#[test]
fn topk_emits_values_and_indices() {
    let n = node(
        "TopK",
        &["x", "k"],
        &["v", "i"],
        vec![ai("axis", -1), ai("largest", 0)],
    );
    let got = ops_with_outputs(n, &[2, 3], &["v", "i"], vec![i64t("k", &[1], &[2])], 11);
    assert_eq!(
        got,
        "%0 = nn.topk %arg0 {axis = 1 : i64, k = 2 : i64, largest = false} : (tensor<2x3xf32>) -> tensor<2x2xf32>
%1 = nn.topk_indices %arg0 {axis = 1 : i64, k = 2 : i64, largest = false} : (tensor<2x3xf32>) -> tensor<2x2xi64>
return %0, %1 : tensor<2x2xf32>, tensor<2x2xi64>"
    );
}

#[test]
fn topk_before_opset_10_takes_k_as_an_attribute() {
    // Both ops are emitted; the unused (pure) one is left to dead-code elimination.
    let n = node("TopK", &["x"], &["v", "i"], vec![ai("k", 1), ai("axis", 0)]);
    let got = ops_with_outputs(n, &[2, 3], &["i"], vec![], 9);
    assert_eq!(
        got,
        "%0 = nn.topk %arg0 {axis = 0 : i64, k = 1 : i64} : (tensor<2x3xf32>) -> tensor<1x3xf32>
%1 = nn.topk_indices %arg0 {axis = 0 : i64, k = 1 : i64} : (tensor<2x3xf32>) -> tensor<1x3xi64>
return %1 : tensor<1x3xi64>"
    );
}

#[test]
fn topk_errors() {
    let k = |v: i64| vec![i64t("k", &[1], &[v])];
    let n = || node("TopK", &["x", "k"], &["y"], vec![]);
    let err = one_err(n(), &[("x", &[2, 3])], k(4), 11);
    assert_eq!(
        err,
        "node 'TopK#0' (TopK): k = 4 must be in [0, 3] (the size of axis 1)"
    );
    let err = one_err(n(), &[("x", &[2, 3]), ("k", &[1])], vec![], 11);
    assert!(err.contains("must be a constant known at import"), "{err}");
    let err = one_err(
        node("TopK", &["x"], &["y"], vec![]),
        &[("x", &[3])],
        vec![],
        9,
    );
    assert_eq!(err, "node 'TopK#0' (TopK): requires attribute 'k'");
}

#[test]
fn scatter_elements_and_its_deprecated_name() {
    let inits = || {
        vec![
            i64t("i", &[2, 1], &[0, -1]),
            f32t("u", &[2, 1], &[1.0, 2.0]),
        ]
    };
    let attrs = vec![ai("axis", -1), as_("reduction", "max")];
    let n = node("ScatterElements", &["x", "i", "u"], &["y"], attrs);
    let got = one_ops(n, &[("x", &[2, 3])], inits(), 18);
    assert!(
        got.starts_with("%0 = nn.constant")
            && got.contains("nn.scatter_elements %arg0, %0, %1 {axis = 1 : i64, reduction = \"max\"} : (tensor<2x3xf32>, tensor<2x1xi64>, tensor<2x1xf32>) -> tensor<2x3xf32>"),
        "{got}"
    );
    let n = node("Scatter", &["x", "i", "u"], &["y"], vec![]);
    let got = one_ops(n, &[("x", &[2, 3])], inits(), 10);
    assert!(
        got.contains("nn.scatter_elements %arg0, %0, %1 {axis = 0 : i64}"),
        "{got}"
    );
    let bad = node(
        "ScatterElements",
        &["x", "i", "u"],
        &["y"],
        vec![as_("reduction", "avg")],
    );
    let err = one_err(bad, &[("x", &[2, 3])], inits(), 18);
    assert!(
        err.contains("reduction must be \"none\", \"add\", \"mul\", \"max\" or \"min\""),
        "{err}"
    );
}

#[test]
fn scatter_nd_checks_the_updates_shape() {
    let idx = || i64t("i", &[2, 1], &[1, 0]);
    let n = node(
        "ScatterND",
        &["x", "i", "u"],
        &["y"],
        vec![as_("reduction", "add")],
    );
    let got = one_ops(
        n.clone(),
        &[("x", &[3, 4]), ("u", &[2, 4])],
        vec![idx()],
        16,
    );
    assert!(
        got.contains("nn.scatter_nd %arg0, %0, %arg1 {reduction = \"add\"} : (tensor<3x4xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<3x4xf32>"),
        "{got}"
    );
    let err = one_err(n, &[("x", &[3, 4]), ("u", &[2, 3])], vec![idx()], 16);
    assert!(err.contains("updates shape [2, 3] must be [2, 4]"), "{err}");
}

#[test]
fn cumprod_reads_a_constant_axis() {
    let n = node("CumProd", &["x", "ax"], &["y"], vec![ai("reverse", 1)]);
    let got = one_ops(n, &[("x", &[2, 3])], vec![i64t("ax", &[], &[-2])], 26);
    assert_eq!(
        got,
        "%0 = nn.cumprod %arg0 {axis = 0 : i64, reverse = true} : tensor<2x3xf32>
return %0 : tensor<2x3xf32>"
    );
}
