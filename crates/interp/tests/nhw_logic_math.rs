//! The `nhw` words added for the logical, remainder, unary math and min/prod ops: integer-only
//! words refuse floats, the product accumulates in its `acc` type, min propagates NaN.

mod nhw_support;
use neuron_interp::Tensor;
use neuron_ir::Scalar;
use nhw_support::*;

#[test]
fn integer_only_words_refuse_float_operands() {
    neuron_nn::link();
    neuron_nhw::link();
    let x = f32s(&[2], &[1.0, 0.0]);
    let cases = [
        (
            "nhw.activation",
            "{func = \"not\"}",
            1,
            "integer inputs only",
        ),
        (
            "nhw.tensor_tensor",
            "{op = \"and\"}",
            2,
            "integer operands only",
        ),
    ];
    for (op, attrs, arity, want) in cases {
        let operands: Vec<&Tensor> = std::iter::repeat_n(&x, arity).collect();
        let text = op_text(op, attrs, &operands, "tensor<2xf32>");
        let m = neuron_ir::parser::parse_module(&text, &"t.mlir".into(), &Default::default())
            .expect("parses");
        let errs = neuron_ir::verifier::verify_module(&m, Default::default());
        let msgs: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
        assert!(msgs.iter().any(|m| m.contains(want)), "{op}: {msgs:?}");
    }
}

#[test]
fn not_and_sign_on_integers() {
    let b = Tensor::from_i64(Scalar::I1, vec![3], vec![0, 1, 1]).unwrap();
    let got = run_op("nhw.activation", "{func = \"not\"}", &[&b], "tensor<3xi1>");
    assert_eq!(got.as_i64().unwrap(), &[1, 0, 0]);
    let i = Tensor::from_i64(Scalar::I8, vec![3], vec![-7, 0, 5]).unwrap();
    let got = run_op("nhw.activation", "{func = \"not\"}", &[&i], "tensor<3xi8>");
    assert_eq!(got.as_i64().unwrap(), &[6, -1, -6]);
    let got = run_op("nhw.activation", "{func = \"sign\"}", &[&i], "tensor<3xi8>");
    assert_eq!(got.as_i64().unwrap(), &[-1, 0, 1]);
}

#[test]
fn product_accumulates_in_acc_and_min_propagates_nan() {
    // (1 + 2^-7)^2 = 1 + 2^-6 + 2^-14: exact in f32, 1 + 2^-6 after rounding to bf16.
    let v = 1.0 + 2f32.powi(-7);
    let x = typed(Scalar::BF16, &[2], &[v, v]);
    let attrs = |acc: &str| {
        format!("{{op = \"prod\", axes = array<i64: 0>, keepdims = true, acc = {acc}}}")
    };
    let f32_acc = op_f32("nhw.tensor_reduce", &attrs("f32"), &[&x], "tensor<1xf32>");
    assert_eq!(f32_acc, [v * v]);
    let bf16_acc = op_f32("nhw.tensor_reduce", &attrs("bf16"), &[&x], "tensor<1xf32>");
    assert_eq!(bf16_acc, [1.0 + 2f32.powi(-6)]);
    let m = f32s(&[2, 3], &[1.0, f32::NAN, 3.0, -1.0, -5.0, 2.0]);
    let min = op_f32(
        "nhw.tensor_reduce",
        "{op = \"min\", axes = array<i64: 1>, keepdims = false, acc = f32}",
        &[&m],
        "tensor<2xf32>",
    );
    assert_bits(&min, &[f32::NAN, -5.0]);
}
