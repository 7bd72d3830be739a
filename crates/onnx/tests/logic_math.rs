//! Importing the logical, bitwise, remainder, unary math, classifier and index operators:
//! attributes normalised, opset differences, import-time folding of integer constants.

mod common;
use common::*;
use neuron_onnx::proto::TensorProto;

fn i64s(name: &str, v: &[i64]) -> TensorProto {
    i64t(name, &[v.len() as i64], v)
}

#[test]
fn argmax_normalises_its_attributes() {
    let attrs = vec![
        ai("axis", -1),
        ai("keepdims", 0),
        ai("select_last_index", 1),
    ];
    let got = one_ops(
        node("ArgMax", &["x"], &["y"], attrs),
        &[("x", &[2, 3])],
        vec![],
        13,
    );
    assert_eq!(
        got,
        "%0 = nn.argmax %arg0 {axis = 1 : i64, keepdims = false, select_last_index = true} : (tensor<2x3xf32>) -> tensor<2xi64>
return %0 : tensor<2xi64>"
    );
}

#[test]
fn float_mod_needs_fmod() {
    let ok = one_ops(
        node("Mod", &["x", "x"], &["y"], vec![ai("fmod", 1)]),
        &[("x", &[3])],
        vec![],
        13,
    );
    assert_eq!(
        ok,
        "%0 = nn.mod %arg0, %arg0 {fmod = true} : tensor<3xf32>
return %0 : tensor<3xf32>"
    );
    let err = one_err(
        node("Mod", &["x", "x"], &["y"], vec![]),
        &[("x", &[3])],
        vec![],
        13,
    );
    assert_eq!(err, "node 'Mod#0' (Mod): a float Mod requires fmod = 1");
}

#[test]
fn integer_constants_fold_at_import() {
    let inits = vec![i64s("a", &[7, -7, 7]), i64s("b", &[3, 3, -3])];
    let got = one_ops(node("Mod", &["a", "b"], &["y"], vec![]), &[], inits, 13);
    assert_eq!(
        got,
        "%0 = nn.constant {value = dense<[1, 2, -2]> : tensor<3xi64>} : () -> tensor<3xi64>
return %0 : tensor<3xi64>"
    );
    // The attention head-count test: Not(Equal(q, kv)) And Equal(Mod(q, kv), 0).
    let g = graph(
        vec![
            node("Equal", &["q", "kv"], &["eq"], vec![]),
            node("Not", &["eq"], &["ne"], vec![]),
            node("Mod", &["q", "kv"], &["r"], vec![]),
            node("Equal", &["r", "zero"], &["div"], vec![]),
            node("And", &["ne", "div"], &["c"], vec![]),
            node("Where", &["c", "q", "one"], &["y"], vec![]),
        ],
        vec![],
        vec![{
            let mut v = vi("y", 0, &[]);
            v.r#type = None;
            v
        }],
        vec![
            i64s("q", &[8]),
            i64s("kv", &[2]),
            i64s("zero", &[0]),
            i64s("one", &[1]),
        ],
    );
    let text = import(model(g, 13)).unwrap();
    assert!(text.contains("dense<8> : tensor<1xi64>"), "{text}");
    assert!(
        !text.contains("nn.mod") && !text.contains("nn.and"),
        "{text}"
    );
}

#[test]
fn cumsum_reads_a_constant_axis() {
    let n = node("CumSum", &["x", "ax"], &["y"], vec![ai("exclusive", 1)]);
    let got = one_ops(n, &[("x", &[2, 3])], vec![i64t("ax", &[], &[-1])], 14);
    assert_eq!(
        got,
        "%0 = nn.cumsum %arg0 {axis = 1 : i64, exclusive = true} : tensor<2x3xf32>
return %0 : tensor<2x3xf32>"
    );
}

#[test]
fn reduce_min_and_prod_axes_by_opset() {
    let n = node("ReduceMin", &["x", "axes"], &["y"], vec![ai("keepdims", 0)]);
    let got = one_ops(n, &[("x", &[2, 3])], vec![i64s("axes", &[0])], 18);
    assert_eq!(
        got,
        "%0 = nn.reduce_min %arg0 {axes = array<i64: 0>, keepdims = false} : (tensor<2x3xf32>) -> tensor<3xf32>
return %0 : tensor<3xf32>"
    );
    let n = node("ReduceProd", &["x"], &["y"], vec![ais("axes", &[1])]);
    let got = one_ops(n, &[("x", &[2, 3])], vec![], 13);
    assert_eq!(
        got,
        "%0 = nn.reduce_prod %arg0 {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
return %0 : tensor<2x1xf32>"
    );
}

#[test]
fn classifiers_math_gather_elements_and_shifts() {
    let n = node("IsInf", &["x"], &["y"], vec![ai("detect_negative", 0)]);
    assert_eq!(
        one_ops(n, &[("x", &[2])], vec![], 13),
        "%0 = nn.is_inf %arg0 {detect_negative = false} : (tensor<2xf32>) -> tensor<2xi1>
return %0 : tensor<2xi1>"
    );
    assert_eq!(
        one_ops(
            node("Sin", &["x"], &["y"], vec![]),
            &[("x", &[2])],
            vec![],
            13
        ),
        "%0 = nn.sin %arg0 : tensor<2xf32>
return %0 : tensor<2xf32>"
    );
    let n = node("GatherElements", &["x", "i"], &["y"], vec![ai("axis", -1)]);
    let got = one_ops(
        n,
        &[("x", &[2, 3])],
        vec![i64t("i", &[2, 2], &[0, 1, 2, 0])],
        13,
    );
    assert!(
        got.contains("nn.gather_elements %arg0, %0 {axis = 1 : i64}"),
        "{got}"
    );
    let n = node(
        "BitShift",
        &["a", "b"],
        &["y"],
        vec![as_("direction", "LEFT")],
    );
    let got = one_ops(n, &[], vec![i64s("a", &[1]), i64s("b", &[3])], 13);
    assert!(
        got.contains("nn.bit_shift %0, %1 {direction = \"left\"}"),
        "{got}"
    );
    let n = node(
        "BitShift",
        &["a", "b"],
        &["y"],
        vec![as_("direction", "UP")],
    );
    let err = one_err(n, &[], vec![i64s("a", &[1]), i64s("b", &[3])], 13);
    assert!(err.contains("direction must be LEFT or RIGHT"), "{err}");
}
