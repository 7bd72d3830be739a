//! Data movement and cast: transpose, reshape, concat, slice (negative starts/ends/steps,
//! clamping), gather (negative indices, out-of-range errors), squeeze, unsqueeze, flatten,
//! expand, pad; cast semantics shared with the dialect's folder.

mod common;
use common::*;
use neuron_interp::InterpError;
use neuron_ir::Scalar;

#[test]
fn transpose_and_reshape() {
    let x = iota(&[2, 3]);
    let t = op_f32(
        "nn.transpose",
        "{perm = array<i64: 1, 0>}",
        &[&x],
        "tensor<3x2xf32>",
    );
    assert_eq!(t, [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    let y = iota(&[2, 3, 4]);
    let t = op_f32(
        "nn.transpose",
        "{perm = array<i64: 2, 0, 1>}",
        &[&y],
        "tensor<4x2x3xf32>",
    );
    let want: Vec<f32> = (0..24).map(|i| ((i % 6) * 4 + i / 6) as f32).collect();
    assert_eq!(t, want);
    let r = op_f32("nn.reshape", "", &[&x], "tensor<3x2xf32>");
    assert_eq!(r, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
}

#[test]
fn concat_along_any_axis() {
    let a = f32s(&[2, 1], &[0.0, 1.0]);
    let b = f32s(&[2, 2], &[10.0, 11.0, 12.0, 13.0]);
    let got = op_f32(
        "nn.concat",
        "{axis = -1 : i64}",
        &[&a, &b],
        "tensor<2x3xf32>",
    );
    assert_eq!(got, [0.0, 10.0, 11.0, 1.0, 12.0, 13.0]);
    let c = f32s(&[1, 2], &[7.0, 8.0]);
    let got = op_f32(
        "nn.concat",
        "{axis = 0 : i64}",
        &[&b, &c],
        "tensor<3x2xf32>",
    );
    assert_eq!(got, [10.0, 11.0, 12.0, 13.0, 7.0, 8.0]);
    let i = ints(Scalar::I64, &[2], &[1, 2]);
    let j = ints(Scalar::I64, &[1], &[3]);
    assert_eq!(
        op_i64("nn.concat", "{axis = 0 : i64}", &[&i, &j], "tensor<3xi64>"),
        [1, 2, 3]
    );
}

fn slice(x: &neuron_interp::Tensor, attrs: &str, out: &str) -> Vec<f32> {
    op_f32("nn.slice", attrs, &[x], out)
}

#[test]
fn slice_follows_onnx_clamping_and_negative_steps() {
    let x = iota(&[5]);
    let s = |a: &str, n: usize| slice(&x, a, &format!("tensor<{n}xf32>"));
    assert_eq!(
        s("{starts = array<i64: 1>, ends = array<i64: 4>}", 3),
        [1.0, 2.0, 3.0]
    );
    assert_eq!(
        s("{starts = array<i64: -2>, ends = array<i64: 100>}", 2),
        [3.0, 4.0]
    );
    let rev = "{starts = array<i64: -1>, ends = array<i64: -9223372036854775808>, steps = array<i64: -1>}";
    assert_eq!(s(rev, 5), [4.0, 3.0, 2.0, 1.0, 0.0]);
    let a = "{starts = array<i64: 4>, ends = array<i64: 0>, steps = array<i64: -2>}";
    assert_eq!(s(a, 2), [4.0, 2.0]);
    let a = "{starts = array<i64: 10>, ends = array<i64: -10>, steps = array<i64: -3>}";
    assert_eq!(s(a, 2), [4.0, 1.0]);
    assert_eq!(
        s("{starts = array<i64: 3>, ends = array<i64: 1>}", 0),
        [0.0; 0]
    );
    let m = iota(&[3, 4]);
    let a = "{starts = array<i64: 0, -1>, ends = array<i64: 3, 0>, axes = array<i64: 0, 1>, steps = array<i64: 2, -2>}";
    assert_eq!(slice(&m, a, "tensor<2x2xf32>"), [3.0, 1.0, 11.0, 9.0]);
    let a = "{starts = array<i64: 1>, ends = array<i64: 3>, axes = array<i64: -1>}";
    assert_eq!(
        slice(&m, a, "tensor<3x2xf32>"),
        [1.0, 2.0, 5.0, 6.0, 9.0, 10.0]
    );
}

#[test]
fn gather_rows_and_columns() {
    let x = iota(&[3, 2]);
    let idx = ints(Scalar::I64, &[3], &[2, 0, -1]);
    let got = op_f32("nn.gather", "", &[&x, &idx], "tensor<3x2xf32>");
    assert_eq!(got, [4.0, 5.0, 0.0, 1.0, 4.0, 5.0]);
    let y = iota(&[2, 3]);
    let idx = ints(Scalar::I32, &[2, 2], &[0, 2, -2, 1]);
    let got = op_f32(
        "nn.gather",
        "{axis = 1 : i64}",
        &[&y, &idx],
        "tensor<2x2x2xf32>",
    );
    assert_eq!(got, [0.0, 2.0, 1.0, 1.0, 3.0, 5.0, 4.0, 4.0]);
    let scalar = ints(Scalar::I64, &[], &[1]);
    assert_eq!(
        op_f32("nn.gather", "", &[&x, &scalar], "tensor<2xf32>"),
        [2.0, 3.0]
    );
}

#[test]
fn gather_out_of_range_is_a_located_error() {
    let x = iota(&[3, 2]);
    for bad in [3, -4, i64::MAX, i64::MIN] {
        let idx = ints(Scalar::I64, &[2], &[0, bad]);
        let err = run_op("nn.gather", "", &[&x, &idx], "tensor<2x2xf32>").unwrap_err();
        let InterpError::Op { op, message, loc } = &err else {
            panic!("expected an op error, got {err:?}");
        };
        assert_eq!(op, "nn.gather");
        assert!(message.contains(&format!("index {bad}")) && message.contains("out of range"));
        let d = err.to_diagnostic();
        assert_eq!(&d.loc, loc);
        assert!(
            matches!(loc, neuron_ir::Location::File { line: 2, .. }),
            "{loc:?}"
        );
        assert!(
            d.message.starts_with("'nn.gather' op index"),
            "{}",
            d.message
        );
    }
}

#[test]
fn squeeze_unsqueeze_flatten_expand() {
    let x = iota(&[1, 3, 1]);
    assert_eq!(
        op_f32("nn.squeeze", "", &[&x], "tensor<3xf32>"),
        [0.0, 1.0, 2.0]
    );
    let a = "{axes = array<i64: -1>}";
    assert_eq!(
        op_f32("nn.squeeze", a, &[&x], "tensor<1x3xf32>"),
        [0.0, 1.0, 2.0]
    );
    let v = iota(&[3]);
    let a = "{axes = array<i64: 0, -1>}";
    assert_eq!(
        op_f32("nn.unsqueeze", a, &[&v], "tensor<1x3x1xf32>"),
        [0.0, 1.0, 2.0]
    );
    let y = iota(&[2, 3, 4]);
    let f = op_f32("nn.flatten", "{axis = 2 : i64}", &[&y], "tensor<6x4xf32>");
    assert_eq!(f, (0..24).map(|i| i as f32).collect::<Vec<_>>());
    assert_eq!(
        op_f32("nn.flatten", "", &[&y], "tensor<2x12xf32>").len(),
        24
    );
    let c = f32s(&[3, 1], &[1.0, 2.0, 3.0]);
    let e = op_f32("nn.expand", "", &[&c], "tensor<2x3x2xf32>");
    assert_eq!(
        e,
        [1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0]
    );
}

#[test]
fn pad_constant() {
    let x = iota(&[2, 2]);
    let a = "{pads = array<i64: 1, 0, 0, 2>, value = 9.0 : f32}";
    let got = op_f32("nn.pad", a, &[&x], "tensor<3x4xf32>");
    assert_eq!(
        got,
        [9.0, 9.0, 9.0, 9.0, 0.0, 1.0, 9.0, 9.0, 2.0, 3.0, 9.0, 9.0]
    );
    let i = ints(Scalar::I32, &[2], &[5, 6]);
    let got = op_i64(
        "nn.pad",
        "{pads = array<i64: 2, 1>}",
        &[&i],
        "tensor<5xi32>",
    );
    assert_eq!(got, [0, 0, 5, 6, 0]);
}

#[test]
fn cast_matches_the_dialect_semantics() {
    let x = f32s(&[6], &[2.7, -2.7, f32::NAN, 1e10, -1e10, -0.0]);
    let got = op_i64("nn.cast", "", &[&x], "tensor<6xi32>");
    assert_eq!(got, [2, -2, 0, i32::MAX as i64, i32::MIN as i64, 0]);
    let got = op_i64("nn.cast", "", &[&x], "tensor<6xi1>");
    assert_eq!(got, [1, 1, 1, 1, 1, 0]);
    let f = f32s(
        &[3],
        &[
            1.0 + 2f32.powi(-8),
            1.0 + 3.0 * 2f32.powi(-8),
            1e39f64 as f32,
        ],
    );
    let got = op_f32("nn.cast", "", &[&f], "tensor<3xbf16>");
    assert_eq!(got, [1.0, 1.0 + 2f32.powi(-6), f32::INFINITY]);
    let big = f32s(&[2], &[70000.0, 65519.0]);
    assert_eq!(
        op_f32("nn.cast", "", &[&big], "tensor<2xf16>"),
        [f32::INFINITY, 65504.0]
    );
    let i = ints(Scalar::I32, &[3], &[200, -129, 16_777_217]);
    assert_eq!(op_i64("nn.cast", "", &[&i], "tensor<3xi8>"), [-56, 127, 1]);
    assert_eq!(
        op_f32("nn.cast", "", &[&i], "tensor<3xf32>"),
        [200.0, -129.0, 16_777_216.0]
    );
    let b = ints(Scalar::I1, &[2], &[1, 0]);
    assert_eq!(op_f32("nn.cast", "", &[&b], "tensor<2xf16>"), [1.0, 0.0]);
}

#[test]
fn integer_to_f32_casts_agree_with_cast_raw_around_two_to_the_24() {
    use neuron_ir::numerics::bits_to_f64;
    use neuron_nn::cast::cast_raw;
    use neuron_nn::common::encode_int;
    let p = 1i64 << 24;
    let mut v: Vec<i64> = (-3..=3).flat_map(|d| [p + d, -p + d, 2 * p + d]).collect();
    v.extend([0, 1, -1, 3 * p + 2, i64::MAX, i64::MIN, (1 << 53) + 1]);
    let x = ints(Scalar::I64, &[v.len()], &v);
    let got = op_f32("nn.cast", "", &[&x], &format!("tensor<{}xf32>", v.len()));
    for (&e, &g) in v.iter().zip(&got) {
        let raw = cast_raw(Scalar::I64, Scalar::F32, encode_int(Scalar::I64, e));
        assert_eq!(g, bits_to_f64(Scalar::F32, raw) as f32, "cast of {e}");
    }
}
