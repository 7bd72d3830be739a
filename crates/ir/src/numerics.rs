//! Conversions between `f64` and the bit patterns of every scalar float type.
//!
//! Rounding is round-to-nearest-even, done by `half` (FP16/BF16), `float8` (FP8 E4M3FN/E5M2)
//! and `microfloat` (the FNUZ FP8 types, FP4 E2M1FN and E8M0FNU, modelled on `ml_dtypes`).
//! f8E8M0FNU holds only powers of two: a value rounds to the nearer one with ties (1.5·2^e)
//! going up, zero, negatives, NaN and ±Inf give its NaN (0xFF); f4E2M1FN has no Inf or NaN:
//! overflow saturates to ±6 and NaN becomes −0 (`microfloat`'s and `ml_dtypes`' rule).

use crate::types::Scalar;
use float8::{F8E4M3, F8E5M2};
use half::{bf16, f16};
use microfloat::{f4e2m1fn, f8e4m3fnuz, f8e5m2fnuz, f8e8m0fnu};

/// Rounds `x` to the float type `ty` and returns its bit pattern (low bits of the `u64`).
pub fn f64_to_bits(ty: Scalar, x: f64) -> u64 {
    match ty {
        Scalar::F32 => (x as f32).to_bits() as u64,
        Scalar::F16 => f16::from_f64(x).to_bits() as u64,
        Scalar::BF16 => bf16::from_f64(x).to_bits() as u64,
        Scalar::TF32 => f32_to_tf32_bits(x as f32) as u64,
        Scalar::F8E4M3FN => f8_bits(x, 464.0, 0x7F, |v| F8E4M3::from_f64(v).to_bits()) as u64,
        Scalar::F8E5M2 => f8_bits(x, 61440.0, 0x7C, |v| F8E5M2::from_f64(v).to_bits()) as u64,
        Scalar::F8E4M3FNUZ => f8e4m3fnuz::from_f64(x).to_bits() as u64,
        Scalar::F8E5M2FNUZ => f8e5m2fnuz::from_f64(x).to_bits() as u64,
        Scalar::F4E2M1FN => f4e2m1fn::from_f64(x).to_bits() as u64 & 0xF,
        Scalar::F8E8M0FNU => f8e8m0fnu::from_f64(x).to_bits() as u64,
        _ if ty.is_unsigned() => x as u64,
        _ => x as i64 as u64,
    }
}

/// The largest finite value of a float type (`None` for integer types).
pub fn max_finite(ty: Scalar) -> Option<f64> {
    Some(match ty {
        Scalar::F32 => f32::MAX as f64,
        Scalar::TF32 => f32::from_bits(0x7F7F_E000) as f64,
        Scalar::F16 => 65504.0,
        Scalar::BF16 => f32::from_bits(0x7F7F_0000) as f64,
        Scalar::F8E4M3FN => 448.0,
        Scalar::F8E5M2 | Scalar::F8E5M2FNUZ => 57344.0,
        Scalar::F8E4M3FNUZ => 240.0,
        Scalar::F4E2M1FN => 6.0,
        Scalar::F8E8M0FNU => 2f64.powi(127),
        _ => return None,
    })
}

/// FP8 rounding with IEEE overflow. The `float8` crate saturates out-of-range values, but
/// round-to-nearest-even takes every |x| past the midpoint above the largest finite value
/// (`overflow_at`; E4M3FN's max 448 is even so its tie stays finite, E5M2's max is odd so its
/// tie overflows) to Inf (E5M2) or NaN (E4M3FN has no Inf); NaN keeps its sign. `special` is
/// the bit pattern of +Inf (E5M2) or +NaN (E4M3FN).
fn f8_bits(x: f64, overflow_at: f64, special: u8, convert: fn(f64) -> u8) -> u8 {
    let sign = if x.is_sign_negative() { 0x80 } else { 0 };
    let has_inf = special == 0x7C;
    let overflows = x.abs() > overflow_at || (has_inf && x.abs() == overflow_at);
    if x.is_nan() {
        sign | if has_inf { 0x7E } else { 0x7F }
    } else if x.is_infinite() || overflows {
        sign | special
    } else {
        convert(x)
    }
}

/// The value a float bit pattern of type `ty` stands for.
pub fn bits_to_f64(ty: Scalar, bits: u64) -> f64 {
    match ty {
        Scalar::F32 | Scalar::TF32 => f32::from_bits(bits as u32) as f64,
        Scalar::F16 => f16::from_bits(bits as u16).to_f64(),
        Scalar::BF16 => bf16::from_bits(bits as u16).to_f64(),
        Scalar::F8E4M3FN => F8E4M3::from_bits(bits as u8).to_f64(),
        Scalar::F8E5M2 => F8E5M2::from_bits(bits as u8).to_f64(),
        Scalar::F8E4M3FNUZ => f8e4m3fnuz::from_bits(bits as u8).to_f64(),
        Scalar::F8E5M2FNUZ => f8e5m2fnuz::from_bits(bits as u8).to_f64(),
        Scalar::F4E2M1FN => f4e2m1fn::from_bits(bits as u8 & 0xF).to_f64(),
        Scalar::F8E8M0FNU => f8e8m0fnu::from_bits(bits as u8).to_f64(),
        _ => ty.int_to_f64(ty.decode_int(bits)),
    }
}

/// Rounds an FP32 value to TF32 (10 stored mantissa bits), nearest-even; kept in FP32 storage.
///
/// No maintained crate provides TF32; it is FP32 with the low 13 mantissa bits cleared
/// after rounding, so the rounding is written out here once.
pub fn f32_to_tf32_bits(x: f32) -> u32 {
    let b = x.to_bits();
    if x.is_nan() {
        return b | 0x0040_0000;
    }
    let lsb = (b >> 13) & 1;
    let rounded = b.wrapping_add(0x0FFF + lsb);
    rounded & !0x1FFF
}

/// Number of hex digits a float type's bit pattern prints with.
pub fn hex_digits(ty: Scalar) -> usize {
    ty.storage_bytes() * 2
}

/// True if the bit pattern is a NaN or an infinity of its type (printed as hex in text).
pub fn is_nan_or_inf(ty: Scalar, bits: u64) -> bool {
    !bits_to_f64(ty, bits).is_finite()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fp8_overflow_follows_ieee_rounding() {
        let e4 = |x| f64_to_bits(Scalar::F8E4M3FN, x);
        assert_eq!(e4(448.0), 0x7E);
        assert_eq!(e4(464.0), 0x7E, "the tie rounds to the even 448");
        assert_eq!(e4(464.5), 0x7F, "past the tie: NaN, E4M3FN has no Inf");
        assert_eq!(e4(f64::INFINITY), 0x7F);
        assert_eq!(e4(-1e9), 0xFF);
        assert_eq!(e4(f64::NAN), 0x7F);
        let e5 = |x| f64_to_bits(Scalar::F8E5M2, x);
        assert_eq!(e5(57344.0), 0x7B);
        assert_eq!(e5(61439.0), 0x7B);
        assert_eq!(e5(61440.0), 0x7C, "the tie rounds to even, which is Inf");
        assert_eq!(e5(f64::NEG_INFINITY), 0xFC);
        assert_eq!(
            bits_to_f64(Scalar::F8E5M2, e5(f64::INFINITY)),
            f64::INFINITY
        );
        assert!(bits_to_f64(Scalar::F8E5M2, e5(-f64::NAN)).is_nan());
        assert_eq!(e5(-f64::NAN) & 0x80, 0x80);
    }

    #[test]
    fn tf32_rounds_to_nearest_even() {
        // 1 + 2^-11 is a tie between 1 and 1 + 2^-10: even mantissa (1.0) wins.
        assert_eq!(f32_to_tf32_bits(1.0 + 2f32.powi(-11)), 1f32.to_bits());
        // 1 + 3*2^-11 ties between 1+2^-10 (odd) and 1+2^-9 (even).
        assert_eq!(
            f32::from_bits(f32_to_tf32_bits(1.0 + 3.0 * 2f32.powi(-11))),
            1.0 + 2f32.powi(-9)
        );
        assert_eq!(f32_to_tf32_bits(f32::INFINITY), f32::INFINITY.to_bits());
    }
}
