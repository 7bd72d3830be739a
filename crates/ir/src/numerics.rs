//! Conversions between `f64` and the bit patterns of every scalar float type.
//!
//! Rounding is round-to-nearest-even, done by `half` (FP16/BF16) and `float8` (FP8).

use crate::types::Scalar;
use float8::{F8E4M3, F8E5M2};
use half::{bf16, f16};

/// Rounds `x` to the float type `ty` and returns its bit pattern (low bits of the `u64`).
pub fn f64_to_bits(ty: Scalar, x: f64) -> u64 {
    match ty {
        Scalar::F32 => (x as f32).to_bits() as u64,
        Scalar::F16 => f16::from_f64(x).to_bits() as u64,
        Scalar::BF16 => bf16::from_f64(x).to_bits() as u64,
        Scalar::TF32 => f32_to_tf32_bits(x as f32) as u64,
        Scalar::F8E4M3FN => F8E4M3::from_f64(x).to_bits() as u64,
        Scalar::F8E5M2 => F8E5M2::from_f64(x).to_bits() as u64,
        _ => x as i64 as u64,
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
        _ => bits as i64 as f64,
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
