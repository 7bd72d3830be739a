//! Vectorisable `f64` evaluations of `exp`, `tanh`, `erf`, `erfc` and GELU for the FP32
//! kernels, and the loops over slices that run them on the widest vector unit the CPU has.
//!
//! Each function is a fixed sequence of `f64` additions, multiplications, at most one division
//! and selects (no table look-ups, no data-dependent branches), so loops over it vectorise; the
//! loops are dispatched with `pulp` (AVX2 code on x86-64 CPUs that have it). No operation is
//! fused (no FMA), so every code path rounds alike: results do not depend on the vector unit.
//!
//! Accuracy: every result is within a few `f64` ulps of the exact value, far below the FP32
//! rounding that follows. On 5·10⁶ points (uniform in [−12, 12] and random bit patterns) the
//! FP32 results of [`exp_f32`], [`tanh_f32`], [`erf_f32`] and [`gelu_f32`] equal, bit for bit,
//! those of the `f64` library functions (`f64::exp`, `f64::tanh`, `libm::erf`, `libm::erfc`)
//! they replace; the tests check a million. The coefficients come from `scripts/vmath_coefficients.py`: Chebyshev
//! interpolants computed in 50-digit arithmetic. Polynomials are evaluated by Estrin's scheme,
//! whose short dependency chains keep the vector units busy.

use rayon::prelude::*;
use std::f64::consts::{FRAC_1_SQRT_2, FRAC_2_SQRT_PI, LOG2_E};

/// `(e^r − 1 − r) / r²` for |r| ≤ ln 2 / 2, in powers of `r`.
const EXP_S: [f64; 10] = [
    0.5000000000000001,
    0.16666666666666669,
    0.04166666666662413,
    0.008333333333330062,
    0.0013888888917213717,
    0.00019841269863053618,
    2.4801521295954376e-05,
    2.7557268459997064e-06,
    2.7620088445409746e-07,
    2.510038549551032e-08,
];
/// `erf(x) / x` for |x| < 0.75, in powers of `x²`.
const ERF_P: [f64; 10] = [
    FRAC_2_SQRT_PI,
    -0.3761263890318123,
    0.11283791670806737,
    -0.02686617061128781,
    0.005223977232952475,
    -0.0008548300832069432,
    0.00012054266028326731,
    -1.489862284147446e-05,
    1.6044523839624666e-06,
    -1.2711547089821422e-07,
];
/// `erf(x) / x` for |x| < 4, in powers of `u = x²/8 − 1`.
const ERF_R: [f64; 28] = [
    0.35353099564340495,
    -0.17657623330137032,
    0.13167511689470182,
    -0.10771044252870698,
    0.09020899411202439,
    -0.07472786574026334,
    0.059886904985510615,
    -0.045765110495860364,
    0.03306063261315334,
    -0.022473567805506797,
    0.01434959947391328,
    -0.008606224309434427,
    0.004853548862047193,
    -0.0025782108854470374,
    0.0012926183609715688,
    -0.0006129795692641468,
    0.000275528347647821,
    -0.00011766400184687006,
    4.7869336876957806e-05,
    -1.8556058128359642e-05,
    6.829782703349186e-06,
    -2.426600779042305e-06,
    8.63273377394705e-07,
    -2.7958176158411323e-07,
    6.714830552414758e-08,
    -2.1114792309904276e-08,
    1.278596083505781e-08,
    -3.4817519333126177e-09,
];
/// `tanh(x) / x` for |x| < 0.55, in powers of `x²`.
const TANH_T: [f64; 11] = [
    1.0,
    -0.33333333333331805,
    0.13333333333131017,
    -0.053968253863418386,
    0.021869485742840415,
    -0.008863191960821125,
    0.003591702269362703,
    -0.0014531414927844131,
    0.0005789380196782707,
    -0.0002100082475863978,
    5.0835285960847216e-05,
];
/// `erfc(z)·e^(z²)/t`, `t = 2/(2 + z)`, for z in [0.75, 10.6], in powers of `u`.
const ERFC_Q: [f64; 19] = [
    0.4734113588561734,
    0.17766530300940414,
    0.04289975097879828,
    0.004164635475896473,
    -0.0009020287761771153,
    -0.00024685478279968604,
    3.6996460598751884e-05,
    1.3429031956140353e-05,
    -2.93226165362313e-06,
    -6.655487201100027e-07,
    2.856772898320905e-07,
    1.1528144986320855e-08,
    -2.5034433972343352e-08,
    3.6703572995634427e-09,
    1.4691201484375218e-09,
    -6.503132293616756e-10,
    8.765830207438104e-12,
    5.038643208108277e-11,
    -9.71989929818979e-12,
];

/// `ln 2` split so that `k·LN2_HI` is exact for |k| < 2¹¹ (Cody and Waite).
const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
/// `ln 2 − LN2_HI`.
const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);
/// `1.5·2⁵²`: adding it rounds a value below 2⁵¹ in magnitude to an integer.
const SHIFT: f64 = 6_755_399_441_055_744.0;
/// Below this argument [`erf_f32`] and [`gelu_f32`] use the series `x·ERF_P(x²)`.
const SMALL: f64 = 0.75;
/// Largest argument of `ERFC_Q`; past it `erfc` is below 1e-50 (FP32 results round to 0).
const ZMAX: f64 = 10.6;
/// Past this argument `erfc` underflows `f64` (`erfc(27) ≈ 5e-319`) and is taken as 0.
const ZZERO: f64 = 27.0;
/// `t = 2/(2 + z)` at `z = ZMAX` and at `z = SMALL`.
const T0: f64 = 2.0 / (2.0 + ZMAX);
/// See [`T0`].
const T1: f64 = 2.0 / (2.0 + SMALL);

/// The polynomial `Σ c[i]·x^i` by Estrin's scheme (pairs, then pairs of pairs, …).
#[inline(always)]
fn poly<const N: usize>(x: f64, c: &[f64; N]) -> f64 {
    let mut v = *c;
    let (mut n, mut p) = (N, x);
    while n > 1 {
        let half = n.div_ceil(2);
        for i in 0..half {
            v[i] = if 2 * i + 1 < n {
                v[2 * i] + v[2 * i + 1] * p
            } else {
                v[2 * i]
            };
        }
        n = half;
        p = p * p;
    }
    v[0]
}

/// `e^x` for `x ≥ −708`; 0 below (and at −∞), +∞ above 709, NaN for NaN. The flush to 0 only
/// drops values below 4e-308, which round to 0 in FP32 and vanish when added to 1.
#[inline(always)]
pub fn exp_flush(x: f64) -> f64 {
    let xc = x.clamp(-708.0, 709.0);
    let t = xc * LOG2_E + SHIFT;
    let kf = t - SHIFT;
    let k = (t.to_bits() as i64).wrapping_sub(SHIFT.to_bits() as i64);
    let r = (xc - kf * LN2_HI) - kf * LN2_LO;
    let y = (1.0 + (r + r * r * poly(r, &EXP_S))) * pow2(k);
    if x < -708.0 {
        0.0
    } else if x > 709.0 {
        f64::INFINITY
    } else {
        y
    }
}

/// `2^k` for `k` in [−1022, 1023], built from its bits.
#[inline(always)]
fn pow2(k: i64) -> f64 {
    f64::from_bits((k.wrapping_add(1023) as u64) << 52)
}

/// `erfc(z)` for `z ≥ 0.75` (NaN for NaN, 0 past 27): `t·e^(−z²)·Q(t)` with `t = 2/(2 + z)`.
/// `e^(−z²)` is `e^(−h²)·e^(−(z−h)(z+h))`, `h` being `z` cut to 26 bits, so that `h²` is exact.
#[inline(always)]
fn erfc_tail(z: f64) -> f64 {
    let zq = z.clamp(SMALL, ZMAX);
    let t = 2.0 / (2.0 + zq);
    let u = t * (2.0 / (T1 - T0)) - (T1 + T0) / (T1 - T0);
    let q = poly(u, &ERFC_Q);
    let zc = if z > ZZERO { ZZERO } else { z };
    let h = f64::from_bits(zc.to_bits() & 0xFFFF_FFFF_F800_0000);
    let d = -((zc - h) * (zc + h));
    let ed = 1.0 + d * (1.0 + d * (0.5 + d * (1.0 / 6.0)));
    let r = t * q * (exp_flush(-(h * h)) * ed);
    if z > ZZERO {
        0.0
    } else {
        r
    }
}

/// `e^x` rounded once to FP32.
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    exp_flush(x as f64) as f32
}

/// `tanh(x)` rounded once to FP32: `x·T(x²)` below 0.55, `±(1 − 2/(e^(2|x|) + 1))` from there.
#[inline(always)]
pub fn tanh_f32(x: f32) -> f32 {
    let x = x as f64;
    let a = x.abs();
    let small = x * poly(x * x, &TANH_T);
    let large = (1.0 - 2.0 / (exp_flush(2.0 * a) + 1.0)).copysign(x);
    (if a < 0.55 { small } else { large }) as f32
}

/// `1/(1 + e^−x)` in `f64`, rounded once to FP32.
#[inline(always)]
pub fn sigmoid_f32(x: f32) -> f32 {
    (1.0 / (1.0 + exp_flush(-(x as f64)))) as f32
}

/// `erf(x)` rounded once to FP32: `x·R(x²)` below 4, ±1 from there (where `1 − erf(x)` is
/// below 1.6e-8, so that `erf` rounds to ±1 in FP32).
#[inline(always)]
pub fn erf_f32(x: f32) -> f32 {
    let x = x as f64;
    let r = x * poly(x * x * 0.125 - 1.0, &ERF_R);
    (if x.abs() >= 4.0 { 1f64.copysign(x) } else { r }) as f32
}

/// Exact GELU `½·x·erfc(−x/√2)` in `f64` (`−x/√2` rounded to `f64` first), rounded once to
/// FP32; `gelu(−∞) = −0`.
#[inline(always)]
pub fn gelu_f32(x: f32) -> f32 {
    let xd = x as f64;
    let z = xd * FRAC_1_SQRT_2;
    let a = z.abs();
    let tail = erfc_tail(a);
    let c = if a < SMALL {
        1.0 + z * poly(z * z, &ERF_P)
    } else if xd >= 0.0 {
        2.0 - tail
    } else {
        tail
    };
    let g = (0.5 * xd * c) as f32;
    if x == f32::NEG_INFINITY {
        -0.0
    } else {
        g
    }
}

/// The elementwise functions with a vectorised loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unary {
    /// [`exp_f32`].
    Exp,
    /// [`sigmoid_f32`].
    Sigmoid,
    /// [`tanh_f32`].
    Tanh,
    /// [`erf_f32`].
    Erf,
    /// [`gelu_f32`].
    Gelu,
}

/// A loop for `pulp` to compile for the CPU's vector unit.
enum Job<'a> {
    /// `out[i] = f(xs[i])`.
    Unary(Unary, &'a [f32], &'a mut [f32]),
    /// `out[i] = exp_flush(xs[i] − shift)`.
    ExpShifted(&'a [f32], f64, &'a mut [f64]),
    /// `out[i] = (xs[i] / d) as f32`.
    DivRound(&'a [f64], f64, &'a mut [f32]),
    /// `out[i] = ((xs[i] − mean)·inv·scale[i] + bias[i]) as f32`.
    Normalise(&'a [f32], (f64, f64), (&'a [f64], &'a [f64]), &'a mut [f32]),
}

impl pulp::WithSimd for Job<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) {
        match self {
            Job::Unary(f, xs, out) => {
                let pairs = out.iter_mut().zip(xs);
                match f {
                    Unary::Exp => pairs.for_each(|(o, &x)| *o = exp_f32(x)),
                    Unary::Sigmoid => pairs.for_each(|(o, &x)| *o = sigmoid_f32(x)),
                    Unary::Tanh => pairs.for_each(|(o, &x)| *o = tanh_f32(x)),
                    Unary::Erf => pairs.for_each(|(o, &x)| *o = erf_f32(x)),
                    Unary::Gelu => pairs.for_each(|(o, &x)| *o = gelu_f32(x)),
                }
            }
            Job::ExpShifted(xs, shift, out) => {
                for (o, &x) in out.iter_mut().zip(xs) {
                    *o = exp_flush(x as f64 - shift);
                }
            }
            Job::DivRound(xs, d, out) => {
                for (o, &x) in out.iter_mut().zip(xs) {
                    *o = (x / d) as f32;
                }
            }
            Job::Normalise(xs, (mean, inv), (scale, bias), out) => {
                let params = scale.iter().zip(bias);
                for ((o, &x), (&s, &b)) in out.iter_mut().zip(xs).zip(params) {
                    *o = ((x as f64 - mean) * inv * s + b) as f32;
                }
            }
        }
    }
}

/// Runs a loop compiled for the best vector unit present.
fn dispatch(job: Job) {
    pulp::Arch::new().dispatch(job)
}

/// Elements per parallel task of [`map`].
const CHUNK: usize = 1 << 13;

/// `f` applied to every element of `xs`, in parallel chunks.
pub fn map(f: Unary, xs: &[f32]) -> Vec<f32> {
    let mut out = vec![0f32; xs.len()];
    map_into(f, xs, &mut out);
    out
}

/// `out[i] = f(xs[i])`, in parallel chunks (`out` as long as `xs`).
pub fn map_into(f: Unary, xs: &[f32], out: &mut [f32]) {
    out.par_chunks_mut(CHUNK)
        .zip(xs.par_chunks(CHUNK))
        .for_each(|(o, x)| dispatch(Job::Unary(f, x, o)));
}

/// `out[i] = e^(xs[i] − shift)` in `f64` (see [`exp_flush`]); `out` is as long as `xs`.
pub fn exp_shifted(xs: &[f32], shift: f64, out: &mut [f64]) {
    dispatch(Job::ExpShifted(xs, shift, out));
}

/// `out[i] = xs[i] / d` rounded once to FP32; `out` is as long as `xs`.
pub fn div_round(xs: &[f64], d: f64, out: &mut [f32]) {
    dispatch(Job::DivRound(xs, d, out));
}

/// `out[i] = ((xs[i] − mean)·inv·scale[i] + bias[i])` in `f64`, rounded once to FP32 (layer
/// norm's last step); every slice is as long as `xs`.
pub fn normalise(xs: &[f32], (mean, inv): (f64, f64), sb: (&[f64], &[f64]), out: &mut [f32]) {
    dispatch(Job::Normalise(xs, (mean, inv), sb, out));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inputs: a uniform sweep of [−12, 12], random bit patterns, and special values.
    fn inputs() -> Vec<f32> {
        let mut xs: Vec<f32> = (-300_000..=300_000).map(|i| i as f32 / 25_000.0).collect();
        let mut s = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..400_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            xs.push(f32::from_bits((s >> 32) as u32));
        }
        let special = [
            0.0,
            -0.0,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            1e-30,
            -1e-45,
        ];
        xs.extend(special);
        xs.extend([
            88.72, 88.73, -103.9, -104.0, 3e38, -3e38, 0.75, -0.75, 15.0, -15.0,
        ]);
        xs
    }

    /// The number of elements whose FP32 bits differ from `want` (NaNs count as equal).
    fn mismatches(f: Unary, want: impl Fn(f32) -> f32) -> usize {
        let xs = inputs();
        let got = map(f, &xs);
        xs.iter()
            .zip(&got)
            .filter(|&(&x, &g)| {
                let w = want(x);
                g.to_bits() != w.to_bits() && !(g.is_nan() && w.is_nan())
            })
            .count()
    }

    #[test]
    fn exp_and_sigmoid_match_f64_exp_rounded() {
        assert_eq!(mismatches(Unary::Exp, |x| (x as f64).exp() as f32), 0);
        let sigmoid = |x: f32| (1.0 / (1.0 + (-(x as f64)).exp())) as f32;
        assert_eq!(mismatches(Unary::Sigmoid, sigmoid), 0);
    }

    #[test]
    fn tanh_matches_f64_tanh_rounded() {
        assert_eq!(mismatches(Unary::Tanh, |x| (x as f64).tanh() as f32), 0);
    }

    #[test]
    fn erf_and_gelu_match_libm_rounded() {
        assert_eq!(mismatches(Unary::Erf, |x| libm::erf(x as f64) as f32), 0);
        let gelu = |x: f32| {
            let x = x as f64;
            (0.5 * x * libm::erfc(-x * FRAC_1_SQRT_2)) as f32
        };
        let gelu = |x: f32| {
            if x == f32::NEG_INFINITY {
                -0.0
            } else {
                gelu(x)
            }
        };
        assert_eq!(mismatches(Unary::Gelu, gelu), 0);
    }

    #[test]
    fn f64_functions_are_accurate_to_a_few_ulps() {
        for i in -7000..=7000 {
            let x = i as f64 / 10.0;
            let (got, want) = (exp_flush(x), x.exp());
            assert!((got - want).abs() <= 4.0 * f64::EPSILON * want, "exp({x})");
        }
        for i in 75..=1060 {
            let z = i as f64 / 100.0;
            let (got, want) = (erfc_tail(z), libm::erfc(z));
            assert!((got - want).abs() <= 8.0 * f64::EPSILON * want, "erfc({z})");
        }
        assert_eq!(exp_flush(0.0), 1.0);
        assert_eq!(exp_flush(-709.0), 0.0);
        assert_eq!(exp_flush(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp_flush(710.0), f64::INFINITY);
        assert!(exp_flush(f64::NAN).is_nan() && erfc_tail(f64::NAN).is_nan());
        assert_eq!(erfc_tail(f64::INFINITY), 0.0);
    }

    #[test]
    fn softmax_helpers() {
        let xs = [1.0f32, 2.0, 3.0];
        let mut e = [0f64; 3];
        exp_shifted(&xs, 3.0, &mut e);
        assert_eq!(e[2], 1.0);
        assert!((e[0] - (-2f64).exp()).abs() < 1e-16);
        let mut o = [0f32; 3];
        div_round(&e, 2.0, &mut o);
        assert_eq!(o[2], 0.5);
    }
}
