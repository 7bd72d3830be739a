//! Reductions (negative axes, keepdims, all axes), softmax / log_softmax (stable at
//! |x| = 1e4, any axis), layer_norm (stable with a large offset), batch_norm.

mod common;
use common::*;

#[test]
fn reduce_sum_axes_and_keepdims() {
    let x = iota(&[2, 3, 4]);
    let got = op_f32(
        "nn.reduce_sum",
        "{axes = array<i64: -1>}",
        &[&x],
        "tensor<2x3x1xf32>",
    );
    assert_eq!(got, [6.0, 22.0, 38.0, 54.0, 70.0, 86.0]);
    let attrs = "{axes = array<i64: 0, -1>, keepdims = false}";
    assert_eq!(
        op_f32("nn.reduce_sum", attrs, &[&x], "tensor<3xf32>"),
        [60.0, 92.0, 124.0]
    );
    assert_eq!(
        op_f32("nn.reduce_sum", "", &[&x], "tensor<1x1x1xf32>"),
        [276.0]
    );
    let attrs = "{axes = array<i64>, keepdims = false}";
    assert_eq!(
        op_f32("nn.reduce_sum", attrs, &[&x], "tensor<f32>"),
        [276.0]
    );
}

#[test]
fn reduce_mean_and_max() {
    let x = iota(&[2, 3, 4]);
    let attrs = "{axes = array<i64: 1>, keepdims = false}";
    let got = op_f32("nn.reduce_mean", attrs, &[&x], "tensor<2x4xf32>");
    assert_eq!(got, [4.0, 5.0, 6.0, 7.0, 16.0, 17.0, 18.0, 19.0]);
    let attrs = "{axes = array<i64: -2, -1>}";
    assert_eq!(
        op_f32("nn.reduce_max", attrs, &[&x], "tensor<2x1x1xf32>"),
        [11.0, 23.0]
    );
    let n = f32s(&[2, 2], &[1.0, f32::NAN, -1.0, -2.0]);
    let got = op_f32(
        "nn.reduce_max",
        "{axes = array<i64: 1>}",
        &[&n],
        "tensor<2x1xf32>",
    );
    assert!(got[0].is_nan());
    assert_eq!(got[1], -1.0);
}

fn softmax_ref(v: &[f64]) -> Vec<f32> {
    let m = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let s: f64 = v.iter().map(|x| (x - m).exp()).sum();
    v.iter().map(|x| ((x - m).exp() / s) as f32).collect()
}

#[test]
fn softmax_is_stable_at_large_magnitudes() {
    let x = f32s(&[2, 3], &[1.0, 2.0, 3.0, 1e4, 1e4 - 1.0, -1e4]);
    let got = op_f32("nn.softmax", "", &[&x], "tensor<2x3xf32>");
    let mut want = softmax_ref(&[1.0, 2.0, 3.0]);
    want.extend(softmax_ref(&[1e4, 1e4 - 1.0, -1e4]));
    assert_bits(&got, &want);
    assert!(got.iter().all(|v| v.is_finite()));
    assert_eq!(got[5], 0.0);
    let got = op_f32("nn.log_softmax", "", &[&x], "tensor<2x3xf32>");
    let l = (1.0 + (-1f64).exp()).ln();
    assert_close(
        &got[3..],
        &[-l as f32, (-1.0 - l) as f32, (-2e4 - l) as f32],
        1e-6,
    );
    assert!(got.iter().all(|v| v.is_finite()));
}

#[test]
fn softmax_along_a_leading_axis() {
    let x = f32s(&[2, 2], &[0.0, 1.0, 1.0, 1.0]);
    let got = op_f32("nn.softmax", "{axis = 0 : i64}", &[&x], "tensor<2x2xf32>");
    let e = std::f64::consts::E;
    let want = [(1.0 / (1.0 + e)) as f32, 0.5, (e / (1.0 + e)) as f32, 0.5];
    assert_bits(&got, &want);
    let x = f32s(&[2], &[f32::NEG_INFINITY, 0.0]);
    assert_eq!(op_f32("nn.softmax", "", &[&x], "tensor<2xf32>"), [0.0, 1.0]);
    let x = f32s(&[2], &[f32::NAN, 0.0]);
    assert!(op_f32("nn.softmax", "", &[&x], "tensor<2xf32>")
        .iter()
        .all(|v| v.is_nan()));
}

/// Log-softmax of one line in `f64`, rounded once.
fn log_softmax_ref(v: &[f64]) -> Vec<f32> {
    let m = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let s: f64 = v.iter().map(|x| (x - m).exp()).sum();
    v.iter().map(|x| (x - m - s.ln()) as f32).collect()
}

#[test]
fn softmax_of_many_lines_on_any_axis_matches_the_f64_formula() {
    // 7 lines (not a multiple of the four lines summed together) of 37, values in [-10, 10).
    let x = random(&[7, 37], 11);
    let v: Vec<f32> = x.as_f32().unwrap().iter().map(|a| a * 10.0).collect();
    let x = f32s(&[7, 37], &v);
    let rows = |f: fn(&[f64]) -> Vec<f32>| -> Vec<f32> {
        v.chunks(37)
            .flat_map(|r| f(&r.iter().map(|&a| a as f64).collect::<Vec<_>>()))
            .collect()
    };
    let t = "tensor<7x37xf32>";
    assert_bits(&op_f32("nn.softmax", "", &[&x], t), &rows(softmax_ref));
    assert_bits(
        &op_f32("nn.log_softmax", "", &[&x], t),
        &rows(log_softmax_ref),
    );
    // Along axis 0 the lines are strided: the same values, transposed.
    let along0 = op_f32("nn.softmax", "{axis = 0 : i64}", &[&x], t);
    for c in 0..37 {
        let col: Vec<f64> = (0..7).map(|r| v[r * 37 + c] as f64).collect();
        let want = softmax_ref(&col);
        let got: Vec<f32> = (0..7).map(|r| along0[r * 37 + c]).collect();
        assert_bits(&got, &want);
    }
}

#[test]
fn layer_norm_two_pass_is_exact_under_large_offsets() {
    let one = f32s(&[4], &[1.0; 4]);
    let zero = f32s(&[4], &[0.0; 4]);
    let base = op_f32(
        "nn.layer_norm",
        "",
        &[&f32s(&[1, 4], &[1.0, 2.0, 3.0, 4.0]), &one, &zero],
        "tensor<1x4xf32>",
    );
    let want: Vec<f32> = [-1.5f64, -0.5, 0.5, 1.5]
        .iter()
        .map(|d| (d / (1.25f64 + 1e-5).sqrt()) as f32)
        .collect();
    assert_bits(&base, &want);
    for offset in [1e4f32, 1e6] {
        let x: Vec<f32> = [1.0, 2.0, 3.0, 4.0].iter().map(|v| v + offset).collect();
        let got = op_f32(
            "nn.layer_norm",
            "",
            &[&f32s(&[1, 4], &x), &one, &zero],
            "tensor<1x4xf32>",
        );
        assert_bits(&got, &want);
    }
    // Over the last two dims, with scale and bias.
    let x = iota(&[2, 2, 2]);
    let s = f32s(&[2, 2], &[1.0, 2.0, 1.0, 2.0]);
    let b = f32s(&[2, 2], &[0.0, 0.0, 10.0, 10.0]);
    let got = op_f32(
        "nn.layer_norm",
        "{axis = -2 : i64, epsilon = 0.0 : f32}",
        &[&x, &s, &b],
        "tensor<2x2x2xf32>",
    );
    let k = 1.0 / 1.25f64.sqrt();
    let row: Vec<f32> = [
        (-1.5 * k),
        (-0.5 * k * 2.0),
        (0.5 * k + 10.0),
        (1.5 * k * 2.0 + 10.0),
    ]
    .iter()
    .map(|&v| v as f32)
    .collect();
    assert_bits(&got[..4], &row);
    assert_bits(&got[4..], &row);
}

/// Layer norm of one row in `f64` (two passes, sums in index order), rounded once.
fn layer_norm_ref(row: &[f32], scale: &[f32], bias: &[f32], eps: f64) -> Vec<f32> {
    let d = row.len() as f64;
    let mean = row.iter().map(|&v| v as f64).sum::<f64>() / d;
    let var = row.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / d;
    let inv = 1.0 / (var + eps).sqrt();
    let terms = row.iter().zip(scale).zip(bias);
    terms
        .map(|((&v, &s), &b)| ((v as f64 - mean) * inv * s as f64 + b as f64) as f32)
        .collect()
}

#[test]
fn layer_norm_of_many_rows_matches_the_f64_formula() {
    // 9 rows (not a multiple of the four rows summed together) of 13.
    let x = random(&[9, 13], 5);
    let (s, b) = (random(&[13], 6), random(&[13], 7));
    let t = "tensor<9x13xf32>";
    let got = op_f32("nn.layer_norm", "{axis = 1 : i64}", &[&x, &s, &b], t);
    let (xv, sv, bv) = (
        x.as_f32().unwrap(),
        s.as_f32().unwrap(),
        b.as_f32().unwrap(),
    );
    let want: Vec<f32> = xv
        .chunks(13)
        .flat_map(|r| layer_norm_ref(r, sv, bv, 1e-5))
        .collect();
    assert_bits(&got, &want);
    // Without a bias: bias +0 (a −0 result becomes +0, as x + 0 does).
    let got = op_f32("nn.layer_norm", "{axis = 1 : i64}", &[&x, &s], t);
    let zeros = [0.0f32; 13];
    let want: Vec<f32> = xv
        .chunks(13)
        .flat_map(|r| layer_norm_ref(r, sv, &zeros, 1e-5))
        .collect();
    assert_bits(&got, &want);
}

#[test]
fn batch_norm_per_channel() {
    let x = f32s(&[1, 2, 1, 2], &[1.0, 2.0, 3.0, 4.0]);
    let p = |a: f32, b: f32| f32s(&[2], &[a, b]);
    let (scale, bias, mean, var) = (p(2.0, 1.0), p(0.0, 1.0), p(1.0, 3.0), p(4.0, 1.0));
    let got = op_f32(
        "nn.batch_norm",
        "{epsilon = 0.0 : f32}",
        &[&x, &scale, &bias, &mean, &var],
        "tensor<1x2x1x2xf32>",
    );
    assert_eq!(got, [0.0, 1.0, 1.0, 2.0]);
}
