//! Verifiers and shape inference of the logical, bitwise, remainder, unary math, classifier
//! and index ops (`logic.rs`, `unary_math.rs`, `index.rs`).

use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::verifier::{verify_module, VerifyOptions};

/// The verifier messages of a one-op function `(%a: in…) -> out`.
fn errors(op: &str, attrs: &str, ins: &[&str], out: &str) -> Vec<String> {
    neuron_nn::link();
    let params: Vec<String> = (ins.iter().enumerate())
        .map(|(i, t)| format!("%a{i}: {t}"))
        .collect();
    let names: Vec<String> = (0..ins.len()).map(|i| format!("%a{i}")).collect();
    let text = format!(
        "func.func @main({}) -> {out} {{\n  %r = \"{op}\"({}) {attrs} : ({}) -> {out}\n  func.return %r : {out}\n}}\n",
        params.join(", "),
        names.join(", "),
        ins.join(", ")
    );
    let m = parse_module(&text, &"t.mlir".into(), &ParseOptions::default())
        .unwrap_or_else(|d| panic!("does not parse: {d}\n{text}"));
    (verify_module(&m, VerifyOptions::default()).into_iter())
        .map(|d| d.message)
        .collect()
}

/// The single verifier message (panics unless there is exactly one).
fn error(op: &str, attrs: &str, ins: &[&str], out: &str) -> String {
    let mut e = errors(op, attrs, ins, out);
    assert_eq!(e.len(), 1, "{e:?}");
    e.remove(0)
}

#[test]
fn logical_ops_take_i1_and_broadcast() {
    let ok = errors(
        "nn.and",
        "",
        &["tensor<2x3xi1>", "tensor<3xi1>"],
        "tensor<2x3xi1>",
    );
    assert_eq!(ok, Vec::<String>::new());
    let e = error(
        "nn.or",
        "",
        &["tensor<3xf32>", "tensor<3xf32>"],
        "tensor<3xf32>",
    );
    assert_eq!(e, "'nn.or' op requires element type i1, but got f32");
    let e = error(
        "nn.xor",
        "",
        &["tensor<2xi1>", "tensor<3xi1>"],
        "tensor<3xi1>",
    );
    assert!(e.contains("not broadcast-compatible"), "{e}");
    let e = error("nn.not", "", &["tensor<3xi8>"], "tensor<3xi8>");
    assert_eq!(e, "'nn.not' op requires element type i1, but got i8");
}

#[test]
fn bitwise_ops_take_integers() {
    let ok = errors(
        "nn.bitwise_xor",
        "",
        &["tensor<4xi32>", "tensor<1xi32>"],
        "tensor<4xi32>",
    );
    assert_eq!(ok, Vec::<String>::new());
    let e = error("nn.bitwise_not", "", &["tensor<3xf16>"], "tensor<3xf16>");
    assert_eq!(
        e,
        "'nn.bitwise_not' op requires an integer element type, but got f16"
    );
    let e = error(
        "nn.bit_shift",
        "{direction = \"up\"}",
        &["tensor<2xi8>", "tensor<2xi8>"],
        "tensor<2xi8>",
    );
    assert_eq!(
        e,
        "'nn.bit_shift' op direction must be \"left\" or \"right\", but got \"up\""
    );
}

#[test]
fn float_mod_needs_fmod() {
    let ins = ["tensor<3xf32>", "tensor<3xf32>"];
    let e = error("nn.mod", "", &ins, "tensor<3xf32>");
    assert!(e.contains("requires fmod = true"), "{e}");
    assert_eq!(
        errors("nn.mod", "{fmod = true}", &ins, "tensor<3xf32>"),
        Vec::<String>::new()
    );
    let ints = ["tensor<3xi64>", "tensor<3xi64>"];
    assert_eq!(
        errors("nn.mod", "", &ints, "tensor<3xi64>"),
        Vec::<String>::new()
    );
}

#[test]
fn unary_math_and_classifiers() {
    assert_eq!(
        errors("nn.sin", "", &["tensor<3xbf16>"], "tensor<3xbf16>"),
        Vec::<String>::new()
    );
    let e = error("nn.floor", "", &["tensor<3xi32>"], "tensor<3xi32>");
    assert_eq!(
        e,
        "'nn.floor' op requires a float element type, but got i32"
    );
    assert_eq!(
        errors("nn.sign", "", &["tensor<3xi32>"], "tensor<3xi32>"),
        Vec::<String>::new()
    );
    let e = error("nn.is_nan", "", &["tensor<3xf32>"], "tensor<3xf32>");
    assert_eq!(
        e,
        "'nn.is_nan' op result element type must be i1, but got f32"
    );
    let e = error("nn.is_inf", "", &["tensor<3xf32>"], "tensor<2xi1>");
    assert!(
        e.contains("result shape [2] does not match the inferred shape [3]"),
        "{e}"
    );
}

#[test]
fn argmax_shapes_and_result_type() {
    let x = ["tensor<2x3x4xf32>"];
    let none = Vec::<String>::new();
    assert_eq!(
        errors("nn.argmax", "{axis = 1 : i64}", &x, "tensor<2x1x4xi64>"),
        none
    );
    let attrs = "{axis = -1 : i64, keepdims = false}";
    assert_eq!(errors("nn.argmin", attrs, &x, "tensor<2x3xi64>"), none);
    let e = error("nn.argmax", "", &x, "tensor<1x3x4xi32>");
    assert_eq!(
        e,
        "'nn.argmax' op result element type must be i64, but got i32"
    );
    let e = error("nn.argmax", "{axis = 3 : i64}", &x, "tensor<2x3x4xi64>");
    assert_eq!(
        e,
        "'nn.argmax' op axis 3 is out of range [-3, 2] for rank 3"
    );
}

#[test]
fn reductions_cumsum_and_gather_elements() {
    let none = Vec::<String>::new();
    let x = ["tensor<2x3xi32>"];
    assert_eq!(
        errors(
            "nn.reduce_min",
            "{axes = array<i64: 1>}",
            &x,
            "tensor<2x1xi32>"
        ),
        none
    );
    let e = error(
        "nn.reduce_prod",
        "{keepdims = false}",
        &x,
        "tensor<1x1xi32>",
    );
    assert!(e.contains("does not match the inferred shape []"), "{e}");
    assert_eq!(
        errors("nn.cumsum", "{axis = -2 : i64}", &x, "tensor<2x3xi32>"),
        none
    );
    let e = error("nn.cumsum", "{axis = 2 : i64}", &x, "tensor<2x3xi32>");
    assert_eq!(
        e,
        "'nn.cumsum' op axis 2 is out of range [-2, 1] for rank 2"
    );
    let ins = ["tensor<3x4xf32>", "tensor<2x4xi64>"];
    assert_eq!(
        errors("nn.gather_elements", "", &ins, "tensor<2x4xf32>"),
        none
    );
    let ins = ["tensor<3x4xf32>", "tensor<2x5xi64>"];
    let e = error("nn.gather_elements", "", &ins, "tensor<2x5xf32>");
    assert!(
        e.contains("exceeds the data shape [3, 4] in dimension 1"),
        "{e}"
    );
    let ins = ["tensor<3x4xf32>", "tensor<2x4xf32>"];
    let e = error("nn.gather_elements", "", &ins, "tensor<2x4xf32>");
    assert!(e.contains("indices element type must be i32 or i64"), "{e}");
}
