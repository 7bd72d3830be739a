//! `nn.cast` tests: conversion semantics, the exactness table (checked exhaustively for
//! every source type of at most 19 bits), and which cast chains fold.

mod support;

use neuron_ir::registry::OpView;
use neuron_ir::{Attribute, DenseElements, Scalar};
use neuron_nn::cast::{cast_raw, represents_exactly};
use neuron_nn::CastOp;
use std::sync::Arc;
use support::{add_op, constant, fold, folded_raw, folded_value, folded_values, func, res, t};

/// Every raw pattern of a small type (TF32: the f32 patterns with the low 13 bits clear).
fn all_patterns(s: Scalar) -> Vec<u64> {
    match s {
        Scalar::TF32 => (0u64..1 << 19).map(|k| k << 13).collect(),
        Scalar::I1 => vec![0, 1],
        _ => (0u64..1 << s.bit_width()).collect(),
    }
}

/// True if `a` and `b` denote the same value of type `s` (any NaN equals any NaN).
fn same_value(s: Scalar, a: u64, b: u64) -> bool {
    if s.is_float() {
        let (x, y) = (
            neuron_ir::numerics::bits_to_f64(s, a),
            neuron_ir::numerics::bits_to_f64(s, b),
        );
        (x.is_nan() && y.is_nan()) || (x == y && x.is_sign_negative() == y.is_sign_negative())
    } else {
        a == b
    }
}

#[test]
fn exactness_table_matches_round_trips() {
    let small = [
        Scalar::F16,
        Scalar::BF16,
        Scalar::TF32,
        Scalar::F8E4M3FN,
        Scalar::F8E5M2,
        Scalar::F8E4M3FNUZ,
        Scalar::F8E5M2FNUZ,
        Scalar::F4E2M1FN,
        Scalar::F8E8M0FNU,
        Scalar::I1,
        Scalar::I2,
        Scalar::I4,
        Scalar::I8,
        Scalar::I16,
        Scalar::UI2,
        Scalar::UI4,
        Scalar::UI8,
        Scalar::UI16,
    ];
    for a in small {
        for b in Scalar::ALL {
            // Integer → integer casts must also keep the value (i2 -1 → ui2 3 round-trips
            // bit for bit, but is not the same number).
            let keeps_value = |x: u64| {
                a.is_float()
                    || b.is_float()
                    || a.int_to_f64(a.decode_int(x))
                        == b.int_to_f64(b.decode_int(cast_raw(a, b, x)))
            };
            let lossless = all_patterns(a)
                .into_iter()
                .all(|x| same_value(a, x, cast_raw(b, a, cast_raw(a, b, x))) && keeps_value(x));
            assert_eq!(
                represents_exactly(a, b),
                lossless,
                "{a} -> {b} -> {a}: table says {}, round trips say {lossless}",
                represents_exactly(a, b)
            );
        }
    }
}

#[test]
fn exactness_table_for_wide_types() {
    use Scalar::*;
    let yes = [
        (F32, F32),
        (BF16, F32),
        (F16, F32),
        (TF32, F32),
        (I32, I64),
        (I64, Index),
        (Index, I64),
    ];
    let no = [
        (F32, BF16),
        (F32, F16),
        (F32, TF32),
        (I32, F32),
        (F32, I32),
        (I64, I32),
        (I32, I1),
    ];
    for (a, b) in yes {
        assert!(represents_exactly(a, b), "{a} -> {b}");
    }
    for (a, b) in no {
        assert!(!represents_exactly(a, b), "{a} -> {b}");
    }
}

#[test]
fn float_to_float_rounds_to_nearest_even() {
    use Scalar::*;
    // 1 + 2^-8 ties to 1.0 in bf16; 1 + 3·2^-8 ties up to 1 + 2^-6.
    assert_eq!(cast_raw(F32, BF16, 0x3F80_8000), 0x3F80);
    assert_eq!(cast_raw(F32, BF16, 0x3F81_8000), 0x3F82);
    assert_eq!(
        cast_raw(F32, F16, 0x4780_0000),
        0x7C00,
        "65536 overflows f16 to +Inf"
    );
    assert_eq!(
        cast_raw(F32, F16, 0xFFC0_0000) & 0x7E00,
        0x7E00,
        "NaN stays NaN"
    );
    assert_eq!(cast_raw(F32, F16, 0x8000_0000), 0x8000, "-0 keeps its sign");
    assert_eq!(
        cast_raw(BF16, F32, 0xFF80),
        0xFF80_0000,
        "-Inf widens exactly"
    );
}

#[test]
fn integer_to_float_rounds_once() {
    use Scalar::*;
    assert_eq!(
        cast_raw(I32, F16, 65519),
        0x7BFF,
        "65519 rounds down to 65504"
    );
    assert_eq!(cast_raw(I32, F16, 65520), 0x7C00, "65520 ties up to +Inf");
    assert_eq!(
        cast_raw(I32, F32, 16_777_217),
        16_777_216f32.to_bits() as u64
    );
    // Via f64 this would round twice (to 2^62 + 2^38, then tie to even 2^62).
    let v: i64 = (1 << 62) + (1 << 38) + 1;
    let want = (4_611_686_018_427_387_904f64 + 549_755_813_888.0) as f32;
    assert_eq!(cast_raw(I64, F32, v as u64), want.to_bits() as u64);
    assert_eq!(cast_raw(I8, BF16, 0x80), 0xC300, "-128");
}

#[test]
fn float_to_integer_truncates_and_saturates() {
    use Scalar::*;
    let bits = |x: f32| x.to_bits() as u64;
    assert_eq!(cast_raw(F32, I8, bits(-1.7)), 0xFF);
    assert_eq!(cast_raw(F32, I8, bits(2.5)), 2);
    assert_eq!(cast_raw(F32, I8, bits(f32::NAN)), 0);
    assert_eq!(cast_raw(F32, I8, bits(1e10)), 127);
    assert_eq!(cast_raw(F32, I8, bits(-1e10)), 0x80);
    assert_eq!(cast_raw(F32, I32, bits(-3e9)), i32::MIN as u32 as u64);
    assert_eq!(cast_raw(F32, I1, bits(0.25)), 1);
    assert_eq!(cast_raw(F32, I1, bits(-0.0)), 0);
    assert_eq!(cast_raw(F32, I1, bits(f32::NAN)), 1);
}

#[test]
fn integer_to_integer_wraps_and_bools_test_nonzero() {
    use Scalar::*;
    assert_eq!(cast_raw(I32, I8, 300), 44);
    assert_eq!(cast_raw(I32, I8, (-1i32) as u32 as u64), 0xFF);
    assert_eq!(cast_raw(I8, I32, 0xFF), 0xFFFF_FFFF);
    assert_eq!(cast_raw(I32, I1, 2), 1);
    assert_eq!(cast_raw(I32, I1, 0), 0);
    assert_eq!(cast_raw(I1, I64, 1), 1);
}

#[test]
fn cast_to_the_same_type_folds() {
    let ty = t(&[3], Scalar::F32);
    let mut f = func([ty.clone()]);
    let x = f.body.args()[0];
    let c = add_op::<CastOp>(&mut f, &[x], [ty.clone()], &[]);
    assert_eq!(folded_value(fold(&f, c)), x);
}

#[test]
fn value_preserving_round_trip_folds_lossy_one_does_not() {
    let bf = t(&[3], Scalar::BF16);
    let fp = t(&[3], Scalar::F32);
    let mut f = func(&[bf.clone(), fp.clone()]);
    let (x, y) = (f.body.args()[0], f.body.args()[1]);
    let up = add_op::<CastOp>(&mut f, &[x], [fp.clone()], &[]);
    let up_v = res(&f, up);
    let down = add_op::<CastOp>(&mut f, &[up_v], [bf.clone()], &[]);
    assert_eq!(
        folded_value(fold(&f, down)),
        x,
        "bf16 -> f32 -> bf16 is the identity"
    );
    let narrow = add_op::<CastOp>(&mut f, &[y], [bf.clone()], &[]);
    let narrow_v = res(&f, narrow);
    let widen = add_op::<CastOp>(&mut f, &[narrow_v], [fp.clone()], &[]);
    assert!(fold(&f, widen).is_none(), "f32 -> bf16 -> f32 loses bits");
    let canon = CastOp::def().canonicalize.expect("has patterns");
    assert!(!canon(&mut f.body, widen));
}

#[test]
fn exact_inner_cast_is_skipped_in_place() {
    let h = t(&[2], Scalar::F16);
    let mut f = func([h.clone()]);
    let x = f.body.args()[0];
    let up = add_op::<CastOp>(&mut f, &[x], &[t(&[2], Scalar::F32)], &[]);
    let up_v = res(&f, up);
    let down = add_op::<CastOp>(&mut f, &[up_v], &[t(&[2], Scalar::BF16)], &[]);
    assert!(fold(&f, down).is_none());
    let canon = CastOp::def().canonicalize.expect("has patterns");
    assert!(canon(&mut f.body, down));
    assert_eq!(
        f.body.op(down).operands(),
        [x],
        "f16 -> f32 -> bf16 is f16 -> bf16"
    );
    assert_eq!(support::verify(&f, down), Ok(()));
}

#[test]
fn cast_of_constants_rounds_values() {
    let mut f = func(&[]);
    let c = constant(
        &mut f,
        &t(&[3], Scalar::F32),
        &[1.00390625, 1.01171875, -2.0],
    );
    let op = add_op::<CastOp>(&mut f, &[c], &[t(&[3], Scalar::BF16)], &[]);
    let (values, ty) = folded_values(fold(&f, op));
    assert_eq!(values, [1.0, 1.015625, -2.0]);
    assert_eq!(ty, t(&[3], Scalar::BF16));
    let s = constant(&mut f, &t(&[1000, 1000], Scalar::F32), &[0.1]);
    let big = add_op::<CastOp>(&mut f, &[s], &[t(&[1000, 1000], Scalar::F16)], &[]);
    assert_eq!(
        folded_raw(fold(&f, big)),
        [0x2E66],
        "splats of any size fold"
    );
}

#[test]
fn cast_of_large_weights_folds() {
    let mut f = func(&[]);
    let ty = t(&[64, 64], Scalar::F32);
    let tt = Arc::new(ty.as_tensor().cloned().expect("tensor"));
    let values: Vec<f64> = (0..4096).map(|i| f64::from(i) + 0.5).collect();
    let d = DenseElements::from_f64(tt, &values).expect("dense");
    let c = add_op::<neuron_nn::ConstantOp>(
        &mut f,
        &[],
        [ty.clone()],
        &[("value", Attribute::Dense(Arc::new(d)))],
    );
    let c_v = res(&f, c);
    let op = add_op::<CastOp>(&mut f, &[c_v], &[t(&[64, 64], Scalar::I32)], &[]);
    let (got, _) = folded_values(fold(&f, op));
    assert_eq!(got.len(), 4096);
    assert!(got.iter().enumerate().all(|(i, &v)| v == i as f64));
}

#[test]
fn unsigned_and_sub_byte_integer_casts() {
    use Scalar::*;
    let bits = |x: f32| u64::from(x.to_bits());
    assert_eq!(cast_raw(I8, UI8, 0xFF), 0xFF, "i8 -1 → ui8 255");
    assert_eq!(cast_raw(UI8, I32, 200), 200, "ui8 200 stays 200");
    assert_eq!(cast_raw(UI8, I8, 200), 200, "ui8 200 → i8 -56 (bits 0xC8)");
    assert_eq!(I8.decode_int(cast_raw(UI8, I8, 200)), -56);
    assert_eq!(cast_raw(UI32, I64, 0xFFFF_FFFF), 0xFFFF_FFFF);
    assert_eq!(cast_raw(I16, UI16, 0x8000), 0x8000);
    assert_eq!(cast_raw(UI64, F32, u64::MAX), bits(2f32.powi(64)));
    assert_eq!(cast_raw(UI64, F32, 1 << 63), bits(2f32.powi(63)));
    assert_eq!(cast_raw(F32, UI64, bits(-1.0)), 0, "negative → 0");
    assert_eq!(cast_raw(F32, UI64, bits(1e30)), u64::MAX, "saturates");
    assert_eq!(cast_raw(F32, UI8, bits(300.0)), 255, "saturates");
    // The sub-byte types wrap, as ONNX (ml_dtypes) converts: 8 → i4 -8, -3 → ui2 1.
    assert_eq!(I4.decode_int(cast_raw(F32, I4, bits(8.0))), -8);
    assert_eq!(I4.decode_int(cast_raw(F32, I4, bits(-9.0))), 7);
    assert_eq!(cast_raw(F32, UI2, bits(-3.0)), 1);
    assert_eq!(I2.decode_int(cast_raw(F32, I2, bits(3.0))), -1);
    assert_eq!(cast_raw(I4, F32, 0x8), bits(-8.0));
    assert_eq!(cast_raw(UI4, F16, 0xF), 0x4B80, "15.0");
    assert!(represents_exactly(UI8, I16) && !represents_exactly(UI8, I8));
    assert!(!represents_exactly(I8, UI64) && represents_exactly(UI32, UI64));
    assert!(represents_exactly(I4, I8) && represents_exactly(UI4, F8E4M3FNUZ));
}

#[test]
fn fnuz_fp4_and_e8m0_casts() {
    use Scalar::*;
    let bits = |x: f32| u64::from(x.to_bits());
    assert_eq!(cast_raw(F32, F8E4M3FNUZ, bits(-0.0)), 0, "no -0: +0");
    assert_eq!(cast_raw(F32, F8E4M3FNUZ, bits(f32::NAN)), 0x80);
    assert_eq!(cast_raw(F32, F8E4M3FNUZ, bits(240.0)), 0x7F);
    assert_eq!(cast_raw(F32, F8E4M3FNUZ, bits(247.9)), 0x7F);
    assert_eq!(
        cast_raw(F32, F8E4M3FNUZ, bits(248.0)),
        0x80,
        "the tie rounds to even: NaN"
    );
    assert_eq!(cast_raw(F32, F8E5M2FNUZ, bits(f32::NEG_INFINITY)), 0x80);
    assert_eq!(cast_raw(F32, F8E5M2FNUZ, bits(-57344.0)), 0xFF);
    assert_eq!(
        cast_raw(F8E5M2FNUZ, F32, 0x80) & 0x7FC0_0000,
        0x7FC0_0000,
        "NaN"
    );
    assert_eq!(cast_raw(F32, F4E2M1FN, bits(100.0)), 0x7, "saturates at 6");
    assert_eq!(cast_raw(F32, F4E2M1FN, bits(-2.5)), 0xC, "tie to even: -2");
    assert_eq!(cast_raw(F32, F4E2M1FN, bits(f32::NAN)), 0x8, "NaN → -0");
    assert_eq!(cast_raw(F4E2M1FN, F32, 0xF), bits(-6.0));
    assert_eq!(cast_raw(F32, F8E8M0FNU, bits(1.5)), 128, "ties go up: 2");
    assert_eq!(cast_raw(F32, F8E8M0FNU, bits(1.4)), 127);
    assert_eq!(cast_raw(F32, F8E8M0FNU, bits(0.0)), 0xFF, "no zero: NaN");
    assert_eq!(cast_raw(F8E8M0FNU, F32, 0), bits(2f32.powi(-127)));
}

#[test]
fn e8m0_follows_onnx_round_modes() {
    use neuron_nn::cast::{e8m0_onnx, E8M0Round::*};
    let onnx_case = [0.0, 0.124, 0.25, 0.5, 1.1, 2.0, 4.0, 8.0];
    let got: Vec<u8> = onnx_case.iter().map(|&x| e8m0_onnx(x, Up, true)).collect();
    assert_eq!(
        got,
        [0, 124, 125, 126, 128, 128, 129, 130],
        "ONNX's own expected output"
    );
    assert_eq!(e8m0_onnx(3.0, Nearest, true), 129, "3 → 4");
    assert_eq!(e8m0_onnx(2.9, Nearest, true), 128, "2.9 is nearer 2 than 4");
    assert_eq!(e8m0_onnx(2.5, Nearest, true), 128, "2.5 → 2");
    assert_eq!(e8m0_onnx(3.9, Down, true), 128);
    assert_eq!(e8m0_onnx(-4.0, Up, true), 129, "the sign is ignored");
    assert_eq!(e8m0_onnx(f32::INFINITY, Up, true), 0xFF);
    let big = f32::from_bits(0x7F00_0001);
    assert_eq!(e8m0_onnx(big, Up, true), 0xFE, "saturates at 2^127");
    assert_eq!(e8m0_onnx(big, Up, false), 0xFF, "else NaN");
}
