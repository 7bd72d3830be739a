//! The integer types beyond i8/i32/i64 (`i16`, `ui8` … `ui64`, `i4`, `ui4`, `i2`, `ui2`) and
//! integer operands of `nn.max`/`min`/`div`/`pow`/`reduce_max`: wrapping to width and
//! signedness, unsigned `ui64` semantics, truncating division; and the new float types'
//! rounding (f8E4M3FNUZ overflow, ONNX's f8E8M0FNU round modes).

mod common;
use common::*;
use neuron_interp::Tensor;
use neuron_ir::Scalar;

#[test]
fn arithmetic_wraps_to_width_and_signedness() {
    let t = |s: Scalar, v: &[i64]| ints(s, &[v.len()], v);
    let a = t(Scalar::UI8, &[200, 255, 0]);
    let b = t(Scalar::UI8, &[100, 1, 1]);
    assert_eq!(op_i64("nn.add", "", &[&a, &b], "tensor<3xui8>"), [44, 0, 1]);
    assert_eq!(
        op_i64("nn.sub", "", &[&b, &a], "tensor<3xui8>"),
        [156, 2, 1]
    );
    let a = t(Scalar::I4, &[7, -8, 3]);
    let b = t(Scalar::I4, &[1, -1, 3]);
    assert_eq!(op_i64("nn.add", "", &[&a, &b], "tensor<3xi4>"), [-8, 7, 6]);
    assert_eq!(op_i64("nn.mul", "", &[&a, &b], "tensor<3xi4>"), [7, -8, -7]);
    let a = t(Scalar::UI2, &[3, 2]);
    let b = t(Scalar::UI2, &[1, 3]);
    assert_eq!(op_i64("nn.add", "", &[&a, &b], "tensor<2xui2>"), [0, 1]);
    let a = t(Scalar::I16, &[32767, -32768]);
    let b = t(Scalar::I16, &[1, -1]);
    assert_eq!(
        op_i64("nn.add", "", &[&a, &b], "tensor<2xi16>"),
        [-32768, 32767]
    );
    let a = t(Scalar::UI32, &[4_294_967_295]);
    assert_eq!(
        op_i64("nn.add", "", &[&a, &a], "tensor<1xui32>"),
        [4_294_967_294]
    );
}

#[test]
fn tensors_check_the_range_of_their_type() {
    assert!(Tensor::from_i64(Scalar::UI8, vec![1], vec![256]).is_err());
    assert!(Tensor::from_i64(Scalar::UI8, vec![1], vec![-1]).is_err());
    assert!(Tensor::from_i64(Scalar::I4, vec![1], vec![8]).is_err());
    assert!(Tensor::from_i64(Scalar::UI2, vec![1], vec![3]).is_ok());
    assert!(
        Tensor::from_i64(Scalar::UI64, vec![1], vec![-1]).is_ok(),
        "ui64 holds u64::MAX as the bit pattern -1"
    );
}

#[test]
fn ui64_compares_divides_and_reduces_unsigned() {
    let max = -1i64; // u64::MAX
    let a = ints(Scalar::UI64, &[3], &[max, 1 << 62, 5]);
    let b = ints(Scalar::UI64, &[3], &[1, max, 2]);
    assert_eq!(op_i64("nn.less", "", &[&a, &b], "tensor<3xi1>"), [0, 1, 0]);
    assert_eq!(
        op_i64("nn.greater", "", &[&a, &b], "tensor<3xi1>"),
        [1, 0, 1]
    );
    assert_eq!(
        op_i64("nn.max", "", &[&a, &b], "tensor<3xui64>"),
        [max, max, 5]
    );
    assert_eq!(
        op_i64("nn.min", "", &[&a, &b], "tensor<3xui64>"),
        [1, 1 << 62, 2]
    );
    let two = ints(Scalar::UI64, &[], &[2]);
    assert_eq!(
        op_i64("nn.div", "", &[&a, &two], "tensor<3xui64>"),
        [i64::MAX, 1 << 61, 2]
    );
    let r = op_i64("nn.reduce_max", "{keepdims = false}", &[&a], "tensor<ui64>");
    assert_eq!(r, [max]);
    let r = op_i64("nn.relu", "", &[&a], "tensor<3xui64>");
    assert_eq!(r, [max, 1 << 62, 5], "relu keeps unsigned values");
    let f = op_f32("nn.cast", "", &[&a], "tensor<3xf32>");
    assert_eq!(f, [2f32.powi(64), 2f32.powi(62), 5.0]);
}

#[test]
fn integer_div_truncates_toward_zero() {
    let a = ints(Scalar::I32, &[4], &[-3, 3, -3, 3]);
    let b = ints(Scalar::I32, &[4], &[2, 2, -2, -2]);
    assert_eq!(
        op_i64("nn.div", "", &[&a, &b], "tensor<4xi32>"),
        [-1, 1, 1, -1]
    );
    let a = ints(Scalar::I8, &[2], &[-128, 100]);
    let b = ints(Scalar::I8, &[2], &[-1, 7]);
    assert_eq!(
        op_i64("nn.div", "", &[&a, &b], "tensor<2xi8>"),
        [-128, 14],
        "-128 / -1 wraps"
    );
    let z = ints(Scalar::I8, &[2], &[1, 0]);
    let e = run_op("nn.div", "", &[&a, &z], "tensor<2xi8>").expect_err("division by zero");
    assert!(e.to_string().contains("integer division by zero"), "{e}");
}

#[test]
fn integer_pow_max_min_and_reduce_max() {
    let a = ints(Scalar::I32, &[5], &[1, 2, 3, -1, 2]);
    let b = ints(Scalar::I32, &[5], &[4, 5, 6, -3, -1]);
    assert_eq!(
        op_i64("nn.pow", "", &[&a, &b], "tensor<5xi32>"),
        [1, 32, 729, -1, 0]
    );
    let a = ints(Scalar::I8, &[3], &[-5, 7, 0]);
    let b = ints(Scalar::I8, &[3], &[3, -7, 0]);
    assert_eq!(op_i64("nn.max", "", &[&a, &b], "tensor<3xi8>"), [3, 7, 0]);
    assert_eq!(op_i64("nn.min", "", &[&a, &b], "tensor<3xi8>"), [-5, -7, 0]);
    let x = ints(Scalar::I1, &[2, 2], &[0, 1, 0, 0]);
    let r = op_i64(
        "nn.reduce_max",
        "{axes = array<i64: 1>}",
        &[&x],
        "tensor<2x1xi1>",
    );
    assert_eq!(r, [1, 0]);
}

#[test]
fn casts_to_and_from_the_new_types() {
    let x = f32s(&[4], &[8.0, -9.0, 2.7, -3.0]);
    assert_eq!(op_i64("nn.cast", "", &[&x], "tensor<4xi4>"), [-8, 7, 2, -3]);
    assert_eq!(op_i64("nn.cast", "", &[&x], "tensor<4xui2>"), [0, 3, 2, 1]);
    let u = ints(Scalar::UI8, &[2], &[255, 0]);
    assert_eq!(op_i64("nn.cast", "", &[&u], "tensor<2xi8>"), [-1, 0]);
    assert_eq!(op_f32("nn.cast", "", &[&u], "tensor<2xf32>"), [255.0, 0.0]);
    let e = f32s(&[4], &[0.0, 0.124, 1.1, -4.0]);
    let up = "{round_mode = \"up\", saturate = true}";
    let r = op_f32("nn.cast", up, &[&e], "tensor<4xf8E8M0FNU>");
    assert_eq!(r, [2f32.powi(-127), 0.125, 2.0, 4.0], "ONNX's rounding");
    let r = op_f32("nn.cast", "", &[&e], "tensor<4xf8E8M0FNU>");
    assert!(
        r[0].is_nan() && r[3].is_nan(),
        "default: no zero, no negatives"
    );
    assert_eq!(&r[1..3], [0.125, 1.0]);
}

#[test]
fn fnuz_and_fp4_results_round_to_their_type() {
    let a = typed(Scalar::F8E4M3FNUZ, &[3], &[240.0, 1.0, -0.5]);
    let b = typed(Scalar::F8E4M3FNUZ, &[3], &[16.0, 0.0625, 0.5]);
    let r = op_f32("nn.add", "", &[&a, &b], "tensor<3xf8E4M3FNUZ>");
    assert!(r[0].is_nan(), "256 overflows to NaN");
    assert_eq!(r[1], 1.0, "1.0625 is the tie between 1 and 1.125: even");
    assert!(r[2] == 0.0 && r[2].is_sign_positive(), "no -0");
    let a = typed(Scalar::F4E2M1FN, &[3], &[6.0, 2.0, 1.0]);
    let r = op_f32("nn.add", "", &[&a, &a], "tensor<3xf4E2M1FN>");
    assert_eq!(r, [6.0, 4.0, 2.0], "12 saturates at 6");
}
