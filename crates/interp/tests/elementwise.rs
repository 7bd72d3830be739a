//! Elementwise ops: exact values, numpy broadcasting, NaN/Inf propagation, narrow result
//! types rounded to nearest even, integer wrapping, GELU accuracy against an f64 reference.

mod common;
use common::*;
use neuron_ir::Scalar;

const NAN: f32 = f32::NAN;
const INF: f32 = f32::INFINITY;

#[test]
fn binary_ops_broadcast_numpy_style() {
    let a = f32s(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let row = f32s(&[3], &[10.0, 20.0, 30.0]);
    let col = f32s(&[2, 1], &[100.0, 200.0]);
    let t = "tensor<2x3xf32>";
    assert_eq!(
        op_f32("nn.add", "", &[&a, &row], t),
        [11.0, 22.0, 33.0, 14.0, 25.0, 36.0]
    );
    assert_eq!(
        op_f32("nn.sub", "", &[&a, &col], t),
        [-99.0, -98.0, -97.0, -196.0, -195.0, -194.0]
    );
    let r = f32s(&[1, 3], &[1.0, 2.0, 3.0]);
    let outer = op_f32("nn.mul", "", &[&col, &r], t);
    assert_eq!(outer, [100.0, 200.0, 300.0, 200.0, 400.0, 600.0]);
    let s = f32s(&[], &[2.0]);
    assert_eq!(
        op_f32("nn.div", "", &[&a, &s], t),
        [0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
    );
    let e = f32s(&[3], &[2.0, 0.5, -1.0]);
    let p = op_f32("nn.pow", "", &[&a, &e], t);
    assert_eq!(
        p,
        [1.0, 2f32.sqrt(), 1.0 / 3.0, 16.0, 5f32.sqrt(), 1.0 / 6.0]
    );
    // [4, 1, 2] with [3, 1]: both operands broadcast in different dims.
    let x = iota(&[4, 1, 2]);
    let y = f32s(&[3, 1], &[0.0, 10.0, 20.0]);
    let got = op_f32("nn.add", "", &[&x, &y], "tensor<4x3x2xf32>");
    let want: Vec<f32> = (0..24)
        .map(|i| ((i / 6) * 2 + i % 2) as f32 + 10.0 * ((i / 2) % 3) as f32)
        .collect();
    assert_eq!(got, want);
}

#[test]
fn max_min_propagate_nan_like_numpy() {
    let a = f32s(&[4], &[1.0, NAN, 3.0, -0.0]);
    let b = f32s(&[4], &[2.0, 1.0, NAN, 0.0]);
    let t = "tensor<4xf32>";
    let mx = op_f32("nn.max", "", &[&a, &b], t);
    assert_bits(&mx, &[2.0, NAN, NAN, -0.0]);
    let mn = op_f32("nn.min", "", &[&a, &b], t);
    assert_bits(&mn, &[1.0, NAN, NAN, -0.0]);
}

#[test]
fn unary_functions_exact_values() {
    let x = f32s(&[6], &[-2.0, -0.0, 0.0, 1.0, 4.0, NAN]);
    let t = "tensor<6xf32>";
    assert_bits(
        &op_f32("nn.neg", "", &[&x], t),
        &[2.0, 0.0, -0.0, -1.0, -4.0, NAN],
    );
    assert_bits(
        &op_f32("nn.abs", "", &[&x], t),
        &[2.0, 0.0, 0.0, 1.0, 4.0, NAN],
    );
    assert_bits(
        &op_f32("nn.relu", "", &[&x], t),
        &[0.0, 0.0, 0.0, 1.0, 4.0, NAN],
    );
    assert_bits(
        &op_f32("nn.sqrt", "", &[&x], t),
        &[NAN, -0.0, 0.0, 1.0, 2.0, NAN],
    );
    assert_bits(
        &op_f32("nn.rsqrt", "", &[&x], t),
        &[NAN, -INF, INF, 1.0, 0.5, NAN],
    );
    assert_bits(
        &op_f32("nn.reciprocal", "", &[&x], t),
        &[-0.5, -INF, INF, 1.0, 0.25, NAN],
    );
    assert_bits(
        &op_f32("nn.log", "", &[&x], t),
        &[NAN, -INF, -INF, 0.0, 4f64.ln() as f32, NAN],
    );
    let e = |v: f64| v.exp() as f32;
    assert_bits(
        &op_f32("nn.exp", "", &[&x], t),
        &[e(-2.0), 1.0, 1.0, e(1.0), e(4.0), NAN],
    );
    let th = |v: f64| v.tanh() as f32;
    assert_bits(
        &op_f32("nn.tanh", "", &[&x], t),
        &[th(-2.0), -0.0, 0.0, th(1.0), th(4.0), NAN],
    );
    let sg = |v: f64| (1.0 / (1.0 + (-v).exp())) as f32;
    let want = [sg(-2.0), 0.5, 0.5, sg(1.0), sg(4.0), NAN];
    assert_bits(&op_f32("nn.sigmoid", "", &[&x], t), &want);
    let erf = |v: f64| statrs::function::erf::erf(v) as f32;
    let want = [erf(-2.0), -0.0, 0.0, erf(1.0), erf(4.0), NAN];
    assert_close(&op_f32("nn.erf", "", &[&x], t)[..5], &want[..5], 1e-7);
}

#[test]
fn infinities_follow_ieee() {
    let x = f32s(&[4], &[INF, -INF, INF, 0.0]);
    let y = f32s(&[4], &[-INF, -INF, 0.0, 0.0]);
    let t = "tensor<4xf32>";
    assert_bits(&op_f32("nn.add", "", &[&x, &y], t), &[NAN, -INF, INF, 0.0]);
    assert_bits(&op_f32("nn.mul", "", &[&x, &y], t), &[-INF, INF, NAN, 0.0]);
    assert_bits(&op_f32("nn.div", "", &[&x, &y], t), &[NAN, NAN, INF, NAN]);
    assert_bits(&op_f32("nn.exp", "", &[&x], t), &[INF, 0.0, INF, 1.0]);
    assert_bits(&op_f32("nn.tanh", "", &[&x], t), &[1.0, -1.0, 1.0, 0.0]);
    assert_bits(&op_f32("nn.sigmoid", "", &[&x], t), &[1.0, 0.0, 1.0, 0.5]);
    assert_bits(&op_f32("nn.erf", "", &[&x], t), &[1.0, -1.0, 1.0, 0.0]);
    assert_bits(&op_f32("nn.relu", "", &[&x], t), &[INF, 0.0, INF, 0.0]);
    assert_bits(&op_f32("nn.gelu", "", &[&x], t), &[INF, -0.0, INF, 0.0]);
    let big = f32s(&[1], &[100.0]);
    assert_bits(&op_f32("nn.exp", "", &[&big], "tensor<1xf32>"), &[INF]);
}

#[test]
fn activations_with_attributes() {
    let x = f32s(&[5], &[-4.0, -1.0, 0.0, 2.0, NAN]);
    let t = "tensor<5xf32>";
    let lr = op_f32("nn.leaky_relu", "", &[&x], t);
    assert_bits(&lr, &[-4.0 * 0.01f32, -0.01, 0.0, 2.0, NAN]);
    let lr = op_f32("nn.leaky_relu", "{alpha = 0.5 : f32}", &[&x], t);
    assert_bits(&lr, &[-2.0, -0.5, 0.0, 2.0, NAN]);
    let c = op_f32("nn.clip", "{min = -1.5 : f32, max = 1.0 : f32}", &[&x], t);
    assert_bits(&c, &[-1.5, -1.0, 0.0, 1.0, NAN]);
    let c = op_f32("nn.clip", "{max = 0.5 : f32}", &[&x], t);
    assert_bits(&c, &[-4.0, -1.0, 0.0, 0.5, NAN]);
    let g = op_f32("nn.gelu", "", &[&x], t);
    let r = |v: f64| (0.5 * v * statrs::function::erf::erfc(-v / 2f64.sqrt())) as f32;
    assert_bits(&g, &[r(-4.0), r(-1.0), 0.0, r(2.0), NAN]);
    let gt = op_f32("nn.gelu", "{approximate = \"tanh\"}", &[&x], t);
    let c = (2.0 / std::f64::consts::PI).sqrt();
    let tr = |v: f64| (0.5 * v * (1.0 + (c * (v + 0.044715 * v * v * v)).tanh())) as f32;
    assert_close(&gt[..4], &[tr(-4.0), tr(-1.0), 0.0, tr(2.0)], 1e-7);
    assert!(gt[4].is_nan());
}

/// Distance in units in the last place between two finite f32 values of any sign.
fn ulps(a: f32, b: f32) -> u32 {
    let key = |x: f32| {
        let b = x.to_bits() as i32;
        if b < 0 {
            i32::MIN - b
        } else {
            b
        }
    };
    (key(a) as i64 - key(b) as i64).unsigned_abs() as u32
}

#[test]
fn gelu_is_within_two_ulp_of_an_f64_erf_reference() {
    let mut xs: Vec<f32> = (-40_000..=40_000).map(|i| i as f32 / 2000.0).collect();
    xs.extend([1e-30, -1e-30, 1e-8, -1e-8, 3e38, -3e38, -25.0, -13.0, 8.5]);
    let n = xs.len();
    let x = f32s(&[n], &xs);
    let got = op_f32("nn.gelu", "", &[&x], &format!("tensor<{n}xf32>"));
    let mut worst = 0;
    for (&v, &g) in xs.iter().zip(&got) {
        let v64 = v as f64;
        let z = v64 / std::f64::consts::SQRT_2;
        // ½·x·(1 + erf(x/√2)) = ½·x·erfc(−x/√2), the latter without cancellation.
        let want = if v64 > -3.0 {
            0.5 * v64 * (1.0 + statrs::function::erf::erf(z))
        } else {
            0.5 * v64 * statrs::function::erf::erfc(-z)
        } as f32;
        let d = ulps(g, want);
        worst = worst.max(d);
        assert!(d <= 2, "gelu({v}) = {g}, reference {want} ({d} ulp)");
    }
    assert!(worst <= 2, "worst error {worst} ulp");
}

#[test]
fn comparisons_give_i1_and_nan_compares_false() {
    let a = f32s(&[4], &[1.0, 2.0, NAN, 3.0]);
    let b = f32s(&[1], &[2.0]);
    let t = "tensor<4xi1>";
    assert_eq!(op_i64("nn.equal", "", &[&a, &b], t), [0, 1, 0, 0]);
    assert_eq!(op_i64("nn.less", "", &[&a, &b], t), [1, 0, 0, 0]);
    assert_eq!(op_i64("nn.less_equal", "", &[&a, &b], t), [1, 1, 0, 0]);
    assert_eq!(op_i64("nn.greater", "", &[&a, &b], t), [0, 0, 0, 1]);
    assert_eq!(op_i64("nn.greater_equal", "", &[&a, &b], t), [0, 1, 0, 1]);
    let i = ints(Scalar::I64, &[3], &[5, -1, 7]);
    let j = ints(Scalar::I64, &[3], &[5, 0, 8]);
    assert_eq!(op_i64("nn.equal", "", &[&i, &j], "tensor<3xi1>"), [1, 0, 0]);
}

#[test]
fn where_broadcasts_three_ways() {
    let c = ints(Scalar::I1, &[2, 1], &[1, 0]);
    let x = f32s(&[3], &[1.0, 2.0, 3.0]);
    let y = f32s(&[], &[-1.0]);
    let got = op_f32("nn.where", "", &[&c, &x, &y], "tensor<2x3xf32>");
    assert_eq!(got, [1.0, 2.0, 3.0, -1.0, -1.0, -1.0]);
}

#[test]
fn narrow_result_types_round_to_nearest_even() {
    let t = "tensor<3xbf16>";
    // Operands are bf16 values; the FP32 sums are rounded to bf16, ties to even.
    let a = typed(Scalar::BF16, &[3], &[1.0, 1.0, 256.0]);
    let b = typed(
        Scalar::BF16,
        &[3],
        &[2f32.powi(-8), 3.0 * 2f32.powi(-8), 1.0],
    );
    let got = op_f32("nn.add", "", &[&a, &b], t);
    assert_eq!(got, [1.0, 1.0 + 2f32.powi(-6), 256.0]);
    // Inputs given unrounded are rounded to their type first.
    let u = typed(Scalar::BF16, &[1], &[1.0 + 2f32.powi(-9)]);
    assert_eq!(u.as_f32().unwrap(), &[1.0]);
    // FP16 overflow gives ±Inf; the largest finite value stays.
    let h = typed(Scalar::F16, &[3], &[60000.0, -60000.0, 65504.0]);
    let z = typed(Scalar::F16, &[3], &[10000.0, -10000.0, 0.0]);
    let got = op_f32("nn.add", "", &[&h, &z], "tensor<3xf16>");
    assert_eq!(got, [INF, -INF, 65504.0]);
    let sq = op_f32("nn.mul", "", &[&h, &h], "tensor<3xf16>");
    assert_eq!(sq, [INF, INF, INF]);
    // f8E4M3FN has no Inf: overflow is NaN. tf32 keeps 10 fraction bits.
    let e = typed(Scalar::F8E4M3FN, &[2], &[448.0, 1.0]);
    let got = op_f32("nn.add", "", &[&e, &e], "tensor<2xf8E4M3FN>");
    assert!(got[0].is_nan() && got[1] == 2.0);
    let tf = typed(Scalar::TF32, &[1], &[1.0]);
    let tiny = typed(Scalar::TF32, &[1], &[3.0 * 2f32.powi(-11)]);
    let got = op_f32("nn.add", "", &[&tf, &tiny], "tensor<1xtf32>");
    assert_eq!(got, [1.0 + 2f32.powi(-9)]);
    // Transcendentals too: exp(1) rounded once to bf16.
    let one = typed(Scalar::BF16, &[1], &[1.0]);
    let got = op_f32("nn.exp", "", &[&one], "tensor<1xbf16>");
    assert_eq!(got, [half::bf16::from_f64(1f64.exp()).to_f32()]);
}

#[test]
fn integer_ops_wrap_to_their_width() {
    let a = ints(Scalar::I32, &[3], &[i32::MAX as i64, -7, 5]);
    let b = ints(Scalar::I32, &[3], &[1, 2, -5]);
    let t = "tensor<3xi32>";
    assert_eq!(op_i64("nn.add", "", &[&a, &b], t), [i32::MIN as i64, -5, 0]);
    assert_eq!(
        op_i64("nn.mul", "", &[&a, &b], t),
        [i32::MAX as i64, -14, -25]
    );
    assert_eq!(op_i64("nn.neg", "", &[&a], t), [-(i32::MAX as i64), 7, -5]);
    assert_eq!(op_i64("nn.relu", "", &[&a], t), [i32::MAX as i64, 0, 5]);
    let m = ints(Scalar::I32, &[1], &[i32::MIN as i64]);
    assert_eq!(
        op_i64("nn.neg", "", &[&m], "tensor<1xi32>"),
        [i32::MIN as i64]
    );
}
