//! Rounding FP32 values to the narrow types the engines write: round-to-nearest-even (the
//! default), or stochastic rounding driven by a counter-based generator, so that the random
//! bits of every element depend only on (seed, op position, purpose, element index) and
//! results are the same for any thread count.

use crate::round::{round_f32, round_slice};
use neuron_ir::Scalar;
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use rayon::prelude::*;

/// Elements per parallel task of the rounding loops.
const CHUNK: usize = 1 << 14;

/// How engines round FP32 results to narrower types.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rounding {
    /// Round to nearest, ties to even (the hardware default).
    #[default]
    NearestEven,
    /// Round up with probability equal to the distance from the value below, in units of
    /// the gap between the two neighbours (NeuronCore-v2's runtime switch).
    Stochastic {
        /// Seed of the random bits.
        seed: u64,
    },
}

impl Rounding {
    /// The mode named on a command line (`nearest-even` or `stochastic`), with its seed.
    pub fn from_flags(mode: &str, seed: u64) -> Result<Rounding, String> {
        match mode {
            "nearest-even" | "nearest" | "rne" => Ok(Rounding::NearestEven),
            "stochastic" => Ok(Rounding::Stochastic { seed }),
            _ => Err(format!(
                "unknown rounding mode '{mode}': expected 'nearest-even' or 'stochastic'"
            )),
        }
    }
}

/// A reproducible stream of random words: word `index` of stream `stream` under `seed`.
#[derive(Clone, Debug)]
pub struct RandomWords {
    rng: ChaCha8Rng,
}

impl RandomWords {
    /// The words of `stream` from word `index` on.
    pub fn at(seed: u64, stream: u64, index: u64) -> RandomWords {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        rng.set_word_pos(index as u128);
        RandomWords { rng }
    }

    /// The next word.
    pub fn next_word(&mut self) -> u32 {
        self.rng.next_u32()
    }
}

/// Fraction bits and the smallest normal exponent of each narrow float type.
fn format(ty: Scalar) -> Option<(i32, i32)> {
    match ty {
        Scalar::BF16 => Some((7, -126)),
        Scalar::F16 => Some((10, -14)),
        Scalar::TF32 => Some((10, -126)),
        Scalar::F8E4M3FN => Some((3, -6)),
        Scalar::F8E5M2 => Some((2, -14)),
        _ => None,
    }
}

/// Rounds `x` to `ty` stochastically with the random word `r`: with `lo` and `hi` the two
/// neighbours of `x` in `ty` (toward and away from zero), `hi` is taken when
/// `r · (hi − lo) < (|x| − |lo|) · 2³²`, i.e. with probability `(|x| − |lo|) / (hi − lo)`.
/// Exact values, zeros, NaN and ±Inf convert as with nearest-even; a value rounded past the
/// largest finite one overflows as nearest-even does (±Inf; NaN for f8E4M3FN).
pub fn stochastic_round(ty: Scalar, x: f32, r: u32) -> f32 {
    let Some((mbits, emin)) = format(ty) else {
        return round_nearest(ty, x);
    };
    if !x.is_finite() || x == 0.0 {
        return round_nearest(ty, x);
    }
    let a = (x as f64).abs();
    let e = (((a.to_bits() >> 52) & 0x7FF) as i32 - 1023).max(emin);
    let ulp = 2f64.powi(e - mbits);
    let lo = (a / ulp).floor() * ulp;
    let up = (r as f64) * ulp < (a - lo) * 4294967296.0;
    let v = if up { lo + ulp } else { lo };
    round_nearest(ty, v.copysign(x as f64) as f32)
}

/// Rounds `x` to `ty`, nearest-even; a NaN result (a NaN input, or f8E4M3FN's overflow) has
/// the sign of `x`, as the bit pattern has (the FP8 decoder would drop the sign).
pub fn round_nearest(ty: Scalar, x: f32) -> f32 {
    let r = round_f32(ty, x);
    if r.is_nan() {
        f32::NAN.copysign(x)
    } else {
        r
    }
}

/// Rounds an FP32 value to BF16, nearest-even, by integer arithmetic on its bits (the same
/// results as `half`'s conversion, NaN kept quiet with its sign).
#[inline]
pub fn round_bf16(x: f32) -> f32 {
    let b = x.to_bits();
    let nan = (b & 0x7FFF_FFFF) > 0x7F80_0000;
    let rounded = b.wrapping_add(0x7FFF + ((b >> 16) & 1));
    let bits = if nan { b | 0x0040_0000 } else { rounded };
    f32::from_bits(bits & 0xFFFF_0000)
}

/// Rounds every value of `xs` to `ty` with `rounding`; element `i` takes its random word from
/// position `i` of stream `stream`.
pub fn round_values(ty: Scalar, xs: &mut [f32], rounding: Rounding, stream: u64) {
    if ty != Scalar::F32 {
        xs.par_chunks_mut(CHUNK)
            .enumerate()
            .for_each(|(i, c)| round_chunk(ty, c, rounding, stream, i * CHUNK));
    }
}

/// `src` rounded to `ty` with `rounding`, as a new buffer; see [`rounded_copy_into`].
pub fn rounded_copy(ty: Scalar, src: &[f32], rounding: Rounding, stream: u64) -> Vec<f32> {
    let mut out = vec![0f32; src.len()];
    rounded_copy_into(ty, src, &mut out, rounding, stream);
    out
}

/// Writes `src` rounded to `ty` into `dst` (of the same length) in one pass: each chunk is
/// copied and rounded while in cache; random words as in [`round_values`].
pub fn rounded_copy_into(
    ty: Scalar,
    src: &[f32],
    dst: &mut [f32],
    rounding: Rounding,
    stream: u64,
) {
    dst.par_chunks_mut(CHUNK)
        .zip(src.par_chunks(CHUNK))
        .enumerate()
        .for_each(|(i, (o, s))| {
            o.copy_from_slice(s);
            round_chunk(ty, o, rounding, stream, i * CHUNK);
        });
}

/// Rounds one chunk whose first element has index `start`.
fn round_chunk(ty: Scalar, xs: &mut [f32], rounding: Rounding, stream: u64, start: usize) {
    match (rounding, ty) {
        (_, Scalar::F32) => {}
        (Rounding::NearestEven, Scalar::BF16) => xs.iter_mut().for_each(|x| *x = round_bf16(*x)),
        (Rounding::NearestEven, Scalar::F16 | Scalar::TF32) => round_slice(ty, xs),
        (Rounding::NearestEven, _) => xs.iter_mut().for_each(|x| *x = round_nearest(ty, *x)),
        (Rounding::Stochastic { seed }, _) => {
            let mut words = RandomWords::at(seed, stream, start as u64);
            for x in xs {
                *x = stochastic_round(ty, *x, words.next_word());
            }
        }
    }
}

/// The largest finite value of a float type (FP32's for types that are not narrow).
pub fn max_finite(ty: Scalar) -> f32 {
    match ty {
        Scalar::BF16 => f32::from_bits(0x7F7F_0000),
        Scalar::F16 => 65504.0,
        Scalar::TF32 => f32::from_bits(0x7F7F_E000),
        Scalar::F8E4M3FN => 448.0,
        Scalar::F8E5M2 => 57344.0,
        _ => neuron_ir::numerics::max_finite(ty).map_or(f32::MAX, |m| m as f32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stochastic_rounding_is_unbiased_and_exact_values_stay() {
        let x = 1.0f32 + 2f32.powi(-9); // a quarter of the way from 1 to the next bf16
        let mut words = RandomWords::at(7, 0, 0);
        let n = 20_000;
        let ups = (0..n)
            .filter(|_| stochastic_round(Scalar::BF16, x, words.next_word()) > 1.0)
            .count();
        let p = ups as f64 / n as f64;
        assert!((p - 0.25).abs() < 0.015, "p = {p}");
        for r in [0, u32::MAX] {
            assert_eq!(stochastic_round(Scalar::F16, 1.5, r), 1.5);
            assert_eq!(
                stochastic_round(Scalar::F16, -0.0, r).to_bits(),
                (-0.0f32).to_bits()
            );
        }
    }

    #[test]
    fn stochastic_overflow_follows_the_type() {
        // Between the largest finite value and the next power of two: down or overflow
        // (a small random word rounds up).
        assert_eq!(stochastic_round(Scalar::F16, 65519.0, u32::MAX), 65504.0);
        assert_eq!(stochastic_round(Scalar::F16, 65519.0, 0), f32::INFINITY);
        assert!(stochastic_round(Scalar::F8E4M3FN, 470.0, 0).is_nan());
        assert_eq!(stochastic_round(Scalar::F8E4M3FN, 470.0, u32::MAX), 448.0);
        assert_eq!(stochastic_round(Scalar::F8E5M2, -1e9, 0), f32::NEG_INFINITY);
        assert!(stochastic_round(Scalar::BF16, f32::NAN, 3).is_nan());
    }

    #[test]
    fn random_words_are_positional() {
        let mut a = RandomWords::at(1, 5, 0);
        let first: Vec<u32> = (0..40).map(|_| a.next_word()).collect();
        let mut b = RandomWords::at(1, 5, 17);
        assert_eq!(b.next_word(), first[17]);
        assert_ne!(RandomWords::at(1, 6, 0).next_word(), first[0]);
        assert_ne!(RandomWords::at(2, 5, 0).next_word(), first[0]);
    }
}
