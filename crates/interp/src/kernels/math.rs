//! Scalar functions of the elementwise ops, with their NaN/Inf conventions.
//!
//! Transcendental functions are evaluated in `f64` and rounded once to `f32`, so they are
//! within about half an ulp of the exact value. Basic arithmetic (`+ − × ÷ √`) is done in
//! `f32` directly, which IEEE already rounds correctly. NaN conventions:
//! - `relu(NaN) = NaN`; `relu(−0) = +0`; `leaky_relu(NaN) = NaN`;
//! - `max`/`min` propagate NaN as numpy's `maximum`/`minimum` do (the first NaN operand);
//! - `clip(NaN) = NaN`; a `min` bound above the `max` bound gives `max` (as numpy and ONNX);
//! - `gelu(−Inf) = −0` and `gelu(+Inf) = +Inf` (the limits; the formula would give NaN).

use std::f64::consts::{FRAC_1_SQRT_2, FRAC_2_SQRT_PI, SQRT_2};

/// `x > 0 ? x : +0`, keeping NaN.
pub fn relu(x: f32) -> f32 {
    if x <= 0.0 {
        0.0
    } else {
        x
    }
}

/// Numpy `maximum`: NaN if either operand is NaN.
pub fn maximum(a: f32, b: f32) -> f32 {
    if a.is_nan() || a >= b {
        a
    } else {
        b
    }
}

/// Numpy `minimum`: NaN if either operand is NaN.
pub fn minimum(a: f32, b: f32) -> f32 {
    if a.is_nan() || a <= b {
        a
    } else {
        b
    }
}

/// `min(max(x, lo), hi)` keeping NaN.
pub fn clip(x: f32, lo: f32, hi: f32) -> f32 {
    let y = if x < lo { lo } else { x };
    if y > hi {
        hi
    } else {
        y
    }
}

/// `x < 0 ? alpha·x : x`.
pub fn leaky_relu(x: f32, alpha: f32) -> f32 {
    if x < 0.0 {
        alpha * x
    } else {
        x
    }
}

/// `e^x`.
pub fn exp(x: f32) -> f32 {
    (x as f64).exp() as f32
}

/// Natural logarithm (`log(0) = −Inf`, negative → NaN).
pub fn log(x: f32) -> f32 {
    (x as f64).ln() as f32
}

/// `1/√x`, rounded once.
pub fn rsqrt(x: f32) -> f32 {
    (1.0 / (x as f64).sqrt()) as f32
}

/// Hyperbolic tangent.
pub fn tanh(x: f32) -> f32 {
    (x as f64).tanh() as f32
}

/// Logistic sigmoid `1/(1+e^−x)`.
pub fn sigmoid(x: f32) -> f32 {
    (1.0 / (1.0 + (-(x as f64)).exp())) as f32
}

/// Error function.
pub fn erf(x: f32) -> f32 {
    libm::erf(x as f64) as f32
}

/// `x^y` (C `pow` conventions: `pow(x, 0) = 1`, `pow(1, y) = 1` even for NaN).
pub fn pow(x: f32, y: f32) -> f32 {
    (x as f64).powf(y as f64) as f32
}

/// Exact GELU `x·½·(1 + erf(x/√2))`, evaluated as `½·x·erfc(−x/√2)`, which keeps full
/// relative accuracy where `1 + erf` would cancel (large negative `x`).
pub fn gelu_erf(x: f32) -> f32 {
    if x == f32::NEG_INFINITY {
        return -0.0;
    }
    let x = x as f64;
    (0.5 * x * libm::erfc(-x * FRAC_1_SQRT_2)) as f32
}

/// Tanh GELU `½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`, evaluated as `x / (1 + e^(−2u))`
/// (the same function, without cancellation for large negative `x`).
pub fn gelu_tanh(x: f32) -> f32 {
    if x == f32::NEG_INFINITY {
        return -0.0;
    }
    let x = x as f64;
    let sqrt_2_over_pi = FRAC_2_SQRT_PI / SQRT_2;
    let u = sqrt_2_over_pi * (x + 0.044715 * x * x * x);
    (x / (1.0 + (-2.0 * u).exp())) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_and_signed_zero_conventions() {
        assert!(relu(f32::NAN).is_nan());
        assert!(relu(-0.0).is_sign_positive());
        assert!(maximum(f32::NAN, 1.0).is_nan() && maximum(1.0, f32::NAN).is_nan());
        assert!(minimum(f32::NAN, 1.0).is_nan() && minimum(1.0, f32::NAN).is_nan());
        assert_eq!(clip(5.0, 2.0, 1.0), 1.0);
        assert!(clip(f32::NAN, 0.0, 1.0).is_nan());
        assert_eq!(gelu_erf(f32::INFINITY), f32::INFINITY);
        assert_eq!(gelu_erf(f32::NEG_INFINITY), 0.0);
        assert_eq!(gelu_tanh(f32::NEG_INFINITY), 0.0);
        assert!(gelu_erf(f32::NAN).is_nan() && gelu_tanh(f32::NAN).is_nan());
        assert_eq!(sigmoid(f32::NEG_INFINITY), 0.0);
        assert_eq!(rsqrt(0.0), f32::INFINITY);
    }

    #[test]
    fn gelu_tanh_matches_the_textbook_formula() {
        for i in -80..=80 {
            let x = i as f64 / 10.0;
            let c = (2.0 / std::f64::consts::PI).sqrt();
            let want = 0.5 * x * (1.0 + (c * (x + 0.044715 * x.powi(3))).tanh());
            let got = gelu_tanh(x as f32) as f64;
            assert!((got - want).abs() <= 1e-6 * want.abs().max(1e-3), "x={x}");
        }
    }
}
