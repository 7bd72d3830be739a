//! The logical, bitwise and remainder ops, the unary math ops (checked against `f64` std
//! results), `is_nan`/`is_inf`, argmax/argmin, reduce_min/reduce_prod, cumsum and
//! gather_elements: exact values, negative operands, NaN, broadcasting, thread independence.

mod common;
use common::*;
use neuron_ir::Scalar;

const NAN: f32 = f32::NAN;
const INF: f32 = f32::INFINITY;

fn bools(shape: &[usize], v: &[i64]) -> neuron_interp::Tensor {
    ints(Scalar::I1, shape, v)
}

#[test]
fn logical_ops_on_i1_broadcast() {
    let a = bools(&[2, 2], &[0, 0, 1, 1]);
    let b = bools(&[2], &[0, 1]);
    let t = "tensor<2x2xi1>";
    assert_eq!(op_i64("nn.and", "", &[&a, &b], t), [0, 0, 0, 1]);
    assert_eq!(op_i64("nn.or", "", &[&a, &b], t), [0, 1, 1, 1]);
    assert_eq!(op_i64("nn.xor", "", &[&a, &b], t), [0, 1, 1, 0]);
    assert_eq!(op_i64("nn.not", "", &[&a], t), [1, 1, 0, 0]);
}

#[test]
fn bitwise_ops_and_shifts_wrap_to_the_type() {
    let a = ints(Scalar::I8, &[4], &[-1, 5, -128, 12]);
    let b = ints(Scalar::I8, &[4], &[3, 6, 1, -4]);
    let t = "tensor<4xi8>";
    assert_eq!(op_i64("nn.bitwise_and", "", &[&a, &b], t), [3, 4, 0, 12]);
    assert_eq!(op_i64("nn.bitwise_or", "", &[&a, &b], t), [-1, 7, -127, -4]);
    assert_eq!(
        op_i64("nn.bitwise_xor", "", &[&a, &b], t),
        [-4, 3, -127, -16]
    );
    assert_eq!(op_i64("nn.bitwise_not", "", &[&a], t), [0, -6, 127, -13]);
    let s = ints(Scalar::I8, &[4], &[1, 2, 1, 8]);
    let left = "{direction = \"left\"}";
    assert_eq!(op_i64("nn.bit_shift", left, &[&a, &s], t), [-2, 20, 0, 0]);
    let right = "{direction = \"right\"}";
    assert_eq!(op_i64("nn.bit_shift", right, &[&a, &s], t), [-1, 1, -64, 0]);
    let neg = ints(Scalar::I8, &[4], &[1, -1, 1, 1]);
    let text = op_text("nn.bit_shift", left, &[&a, &neg], t);
    assert!(run(&text, vec![a.clone(), neg]).is_err());
}

#[test]
fn integer_mod_takes_the_divisor_sign_unless_fmod() {
    let a = ints(Scalar::I32, &[6], &[7, -7, 7, -7, 0, i32::MIN as i64]);
    let b = ints(Scalar::I32, &[6], &[3, 3, -3, -3, 5, -1]);
    let t = "tensor<6xi32>";
    assert_eq!(op_i64("nn.mod", "", &[&a, &b], t), [1, 2, -2, -1, 0, 0]);
    let c = op_i64("nn.mod", "{fmod = true}", &[&a, &b], t);
    assert_eq!(c, [1, -1, 1, -1, 0, 0]);
    let zero = ints(Scalar::I32, &[6], &[1, 1, 0, 1, 1, 1]);
    let err = run_op("nn.mod", "", &[&a, &zero], t).unwrap_err();
    assert!(err.to_string().contains("by zero"), "{err}");
}

#[test]
fn float_mod_is_c_fmod() {
    let a = f32s(&[6], &[5.5, -5.5, 5.5, -0.0, INF, NAN]);
    let b = f32s(&[6], &[2.0, 2.0, -2.0, 3.0, 2.0, 1.0]);
    let got = op_f32("nn.mod", "{fmod = true}", &[&a, &b], "tensor<6xf32>");
    assert_bits(&got, &[1.5, -1.5, 1.5, -0.0, NAN, NAN]);
    let by_zero = op_f32(
        "nn.mod",
        "{fmod = true}",
        &[&b, &f32s(&[], &[0.0])],
        "tensor<6xf32>",
    );
    assert!(by_zero.iter().all(|v| v.is_nan()));
}

/// The inputs the math functions are checked on: a sweep plus special values.
fn sweep(lo: f32, hi: f32) -> Vec<f32> {
    let mut v: Vec<f32> = (0..2001)
        .map(|i| lo + (hi - lo) * i as f32 / 2000.0)
        .collect();
    v.extend([0.0, -0.0, 1e-30, -1e-30, 1.0, -1.0, NAN, INF, -INF]);
    v
}

/// True if `got` is within one ulp of `want` (both NaN counts as equal).
fn within_ulp(got: f32, want: f32) -> bool {
    if got.is_nan() || want.is_nan() {
        return got.is_nan() && want.is_nan();
    }
    if got == want {
        return true;
    }
    let (g, w) = (got.to_bits() as i64, want.to_bits() as i64);
    got.signum() == want.signum() && (g - w).abs() <= 1
}

/// An op, its `f64` reference function, and the range swept.
type Case = (&'static str, fn(f64) -> f64, f32, f32);

#[test]
fn trig_and_hyperbolic_match_f64_within_one_ulp() {
    let cases: [Case; 11] = [
        ("nn.sin", f64::sin, -100.0, 100.0),
        ("nn.cos", f64::cos, -100.0, 100.0),
        ("nn.tan", f64::tan, -10.0, 10.0),
        ("nn.asin", f64::asin, -1.5, 1.5),
        ("nn.acos", f64::acos, -1.5, 1.5),
        ("nn.atan", f64::atan, -1e4, 1e4),
        ("nn.sinh", f64::sinh, -100.0, 100.0),
        ("nn.cosh", f64::cosh, -100.0, 100.0),
        ("nn.asinh", f64::asinh, -1e6, 1e6),
        ("nn.acosh", f64::acosh, -2.0, 1e6),
        ("nn.atanh", f64::atanh, -1.5, 1.5),
    ];
    for (op, reference, lo, hi) in cases {
        let xs = sweep(lo, hi);
        let n = xs.len();
        let got = op_f32(op, "", &[&f32s(&[n], &xs)], &format!("tensor<{n}xf32>"));
        for (x, g) in xs.iter().zip(&got) {
            let want = reference(*x as f64) as f32;
            assert!(within_ulp(*g, want), "{op}({x}) = {g}, want {want}");
        }
    }
}

#[test]
fn rounding_and_sign_are_exact() {
    let x = f32s(&[9], &[2.5, -2.5, 1.5, -0.5, 0.5, -0.0, 3.7, NAN, -INF]);
    let t = "tensor<9xf32>";
    let r = op_f32("nn.round", "", &[&x], t);
    assert_bits(&r, &[2.0, -2.0, 2.0, -0.0, 0.0, -0.0, 4.0, NAN, -INF]);
    let f = op_f32("nn.floor", "", &[&x], t);
    assert_bits(&f, &[2.0, -3.0, 1.0, -1.0, 0.0, -0.0, 3.0, NAN, -INF]);
    let c = op_f32("nn.ceil", "", &[&x], t);
    assert_bits(&c, &[3.0, -2.0, 2.0, -0.0, 1.0, -0.0, 4.0, NAN, -INF]);
    let s = op_f32("nn.sign", "", &[&x], t);
    assert_bits(&s, &[1.0, -1.0, 1.0, -1.0, 1.0, -0.0, 1.0, NAN, -1.0]);
    let i = ints(Scalar::I64, &[3], &[-7, 0, 9]);
    assert_eq!(op_i64("nn.sign", "", &[&i], "tensor<3xi64>"), [-1, 0, 1]);
}

#[test]
fn is_nan_and_is_inf_classify() {
    let x = f32s(&[5], &[1.0, NAN, INF, -INF, -0.0]);
    let t = "tensor<5xi1>";
    assert_eq!(op_i64("nn.is_nan", "", &[&x], t), [0, 1, 0, 0, 0]);
    assert_eq!(op_i64("nn.is_inf", "", &[&x], t), [0, 0, 1, 1, 0]);
    let pos = "{detect_negative = false}";
    assert_eq!(op_i64("nn.is_inf", pos, &[&x], t), [0, 0, 1, 0, 0]);
    let neg = "{detect_positive = false}";
    assert_eq!(op_i64("nn.is_inf", neg, &[&x], t), [0, 0, 0, 1, 0]);
}

#[test]
fn argmax_argmin_ties_nan_and_last_index() {
    let x = f32s(&[2, 4], &[1.0, 3.0, 3.0, -2.0, NAN, 5.0, NAN, -7.0]);
    let keep = "tensor<2x1xi64>";
    assert_eq!(op_i64("nn.argmax", "{axis = 1 : i64}", &[&x], keep), [1, 0]);
    let last = "{axis = 1 : i64, select_last_index = true}";
    assert_eq!(op_i64("nn.argmax", last, &[&x], keep), [2, 2]);
    assert_eq!(op_i64("nn.argmin", "{axis = 1 : i64}", &[&x], keep), [3, 0]);
    let attrs = "{axis = 0 : i64, keepdims = false}";
    assert_eq!(
        op_i64("nn.argmax", attrs, &[&x], "tensor<4xi64>"),
        [1, 1, 1, 0]
    );
    assert_eq!(
        op_i64("nn.argmin", attrs, &[&x], "tensor<4xi64>"),
        [1, 0, 1, 1]
    );
    let i = ints(Scalar::I32, &[5], &[-3, 9, -3, 9, 0]);
    let r = "tensor<1xi64>";
    assert_eq!(op_i64("nn.argmin", "", &[&i], r), [0]);
    let last0 = "{select_last_index = true}";
    assert_eq!(op_i64("nn.argmin", last0, &[&i], r), [2]);
    assert_eq!(op_i64("nn.argmax", last0, &[&i], r), [3]);
}

#[test]
fn reduce_min_and_prod() {
    let x = f32s(&[2, 3], &[4.0, -1.0, 2.0, 0.5, NAN, 3.0]);
    let t = "tensor<2x1xf32>";
    let mn = op_f32("nn.reduce_min", "{axes = array<i64: 1>}", &[&x], t);
    assert_bits(&mn, &[-1.0, NAN]);
    let p = op_f32(
        "nn.reduce_prod",
        "{axes = array<i64: 0>, keepdims = false}",
        &[&x],
        "tensor<3xf32>",
    );
    assert_bits(&p, &[2.0, NAN, 6.0]);
    let all = op_f32(
        "nn.reduce_prod",
        "{keepdims = false}",
        &[&f32s(&[2, 2], &[1.5, -2.0, 3.0, 0.5])],
        "tensor<f32>",
    );
    assert_eq!(all, [-4.5]);
    let i = ints(Scalar::I64, &[2, 2], &[-3, 7, 5, -2]);
    let r = "{axes = array<i64: 1>, keepdims = false}";
    assert_eq!(op_i64("nn.reduce_min", r, &[&i], "tensor<2xi64>"), [-3, -2]);
    assert_eq!(
        op_i64("nn.reduce_prod", r, &[&i], "tensor<2xi64>"),
        [-21, -10]
    );
}

#[test]
fn cumsum_exclusive_and_reverse() {
    let x = f32s(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let t = "tensor<2x3xf32>";
    let c = |attrs: &str| op_f32("nn.cumsum", attrs, &[&x], t);
    assert_eq!(c("{axis = 1 : i64}"), [1.0, 3.0, 6.0, 4.0, 9.0, 15.0]);
    assert_eq!(c("{axis = 0 : i64}"), [1.0, 2.0, 3.0, 5.0, 7.0, 9.0]);
    assert_eq!(
        c("{axis = -1 : i64, exclusive = true}"),
        [0.0, 1.0, 3.0, 0.0, 4.0, 9.0]
    );
    assert_eq!(
        c("{axis = 1 : i64, reverse = true}"),
        [6.0, 5.0, 3.0, 15.0, 11.0, 6.0]
    );
    assert_eq!(
        c("{axis = 1 : i64, exclusive = true, reverse = true}"),
        [5.0, 3.0, 0.0, 11.0, 6.0, 0.0]
    );
    let i = ints(Scalar::I32, &[4], &[-5, 3, i32::MAX as i64, 1]);
    let got = op_i64("nn.cumsum", "{axis = 0 : i64}", &[&i], "tensor<4xi32>");
    assert_eq!(got, [-5, -2, i32::MAX as i64 - 2, i32::MAX as i64 - 1]);
}

#[test]
fn gather_elements_with_negative_indices() {
    let d = f32s(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let idx = ints(Scalar::I64, &[2, 2], &[0, -1, 1, 0]);
    let g1 = op_f32(
        "nn.gather_elements",
        "{axis = 1 : i64}",
        &[&d, &idx],
        "tensor<2x2xf32>",
    );
    assert_eq!(g1, [1.0, 3.0, 5.0, 4.0]);
    let g0 = op_f32("nn.gather_elements", "", &[&d, &idx], "tensor<2x2xf32>");
    assert_eq!(g0, [1.0, 5.0, 4.0, 2.0]);
    let bad = ints(Scalar::I64, &[2, 2], &[0, 3, 1, 0]);
    let err = run_op(
        "nn.gather_elements",
        "{axis = 1 : i64}",
        &[&d, &bad],
        "tensor<2x2xf32>",
    );
    assert!(err.unwrap_err().to_string().contains("out of range"));
}

#[test]
fn results_do_not_depend_on_thread_count() {
    let x = random(&[64, 1500], 7);
    let cases = [
        ("nn.sin", "", "tensor<64x1500xf32>"),
        ("nn.cumsum", "{axis = 0 : i64}", "tensor<64x1500xf32>"),
        (
            "nn.reduce_prod",
            "{axes = array<i64: 0>}",
            "tensor<1x1500xf32>",
        ),
        ("nn.argmax", "{axis = 1 : i64}", "tensor<64x1xi64>"),
    ];
    for (op, attrs, out) in cases {
        let text = op_text(op, attrs, &[&x], out);
        let one = run_threads(&text, vec![x.clone()], 1).unwrap();
        let four = run_threads(&text, vec![x.clone()], 4).unwrap();
        assert_eq!(one, four, "{op}");
    }
}
