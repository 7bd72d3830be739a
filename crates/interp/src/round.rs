//! Rounding FP32 values to the narrow float types, and wrapping int64 values to integer widths.
//!
//! Floats round to nearest, ties to even (FP16 overflow gives ±Inf, f8E4M3FN overflow NaN),
//! through `half` and `neuron_ir::numerics`, so the interpreter rounds exactly as folding does.

use half::{bf16, f16, slice::HalfFloatSliceExt};
use neuron_ir::numerics::{bits_to_f64, f32_to_tf32_bits, f64_to_bits};
use neuron_ir::Scalar;
use neuron_nn::common::{decode_int, encode_int};
use rayon::prelude::*;

/// Elements per parallel task of the rounding loops.
const CHUNK: usize = 1 << 14;

/// Rounds one FP32 value to the float type `dtype` (the result is held in FP32 again).
pub fn round_f32(dtype: Scalar, x: f32) -> f32 {
    match dtype {
        Scalar::F32 => x,
        Scalar::BF16 => bf16::from_f32(x).to_f32(),
        Scalar::F16 => f16::from_f32(x).to_f32(),
        Scalar::TF32 => f32::from_bits(f32_to_tf32_bits(x)),
        _ if dtype.is_float() => bits_to_f64(dtype, f64_to_bits(dtype, x as f64)) as f32,
        _ => x,
    }
}

/// Rounds every value of `xs` to the float type `dtype`, in place (in parallel for big slices).
pub fn round_slice(dtype: Scalar, xs: &mut [f32]) {
    match dtype {
        Scalar::F32 => {}
        Scalar::F16 => xs.par_chunks_mut(CHUNK).for_each(round_f16_chunk),
        _ => xs
            .par_chunks_mut(CHUNK)
            .for_each(|c| c.iter_mut().for_each(|x| *x = round_f32(dtype, *x))),
    }
}

/// FP16 through `half`'s slice conversions (vectorised where the CPU has F16C).
fn round_f16_chunk(xs: &mut [f32]) {
    let mut buf = [f16::ZERO; 256];
    for c in xs.chunks_mut(buf.len()) {
        let b = &mut buf[..c.len()];
        b.convert_from_f32_slice(c);
        b.convert_to_f32_slice(c);
    }
}

/// Wraps one int64 value to the width of the integer type `dtype` (two's complement; i1 → 0/1;
/// unsigned types to `0..2^w`, `ui64` kept as its bit pattern).
pub fn wrap_i64(dtype: Scalar, v: i64) -> i64 {
    decode_int(dtype, encode_int(dtype, v))
}

/// Wraps every value of `xs` to the width of `dtype`, in place.
pub fn wrap_slice(dtype: Scalar, xs: &mut [i64]) {
    if matches!(dtype, Scalar::I64 | Scalar::UI64 | Scalar::Index) {
        return;
    }
    xs.iter_mut().for_each(|v| *v = wrap_i64(dtype, *v));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_types_round_to_nearest_even() {
        // 1 + 2^-8 is the tie between 1 and 1 + 2^-7 in bf16: the even 1 wins.
        assert_eq!(round_f32(Scalar::BF16, 1.0 + 2f32.powi(-8)), 1.0);
        assert_eq!(
            round_f32(Scalar::BF16, 1.0 + 3.0 * 2f32.powi(-8)),
            1.0 + 2f32.powi(-6)
        );
        assert_eq!(round_f32(Scalar::F16, 65520.0), f32::INFINITY);
        assert_eq!(round_f32(Scalar::F16, 65519.0), 65504.0);
        assert!(round_f32(Scalar::F8E4M3FN, 1e6).is_nan());
        assert_eq!(round_f32(Scalar::F8E5M2, -1e6), f32::NEG_INFINITY);
        let mut v = vec![65520.0f32, 1.0 + 2f32.powi(-11), -0.0];
        round_slice(Scalar::F16, &mut v);
        assert_eq!(v[0], f32::INFINITY);
        assert_eq!(v[1], 1.0);
        assert!(v[2].is_sign_negative());
    }

    #[test]
    fn integers_wrap_to_width() {
        assert_eq!(wrap_i64(Scalar::I8, 200), -56);
        assert_eq!(wrap_i64(Scalar::I32, 1 << 31), i32::MIN as i64);
        assert_eq!(wrap_i64(Scalar::I1, 3), 1);
        assert_eq!(wrap_i64(Scalar::I64, i64::MIN), i64::MIN);
    }
}
