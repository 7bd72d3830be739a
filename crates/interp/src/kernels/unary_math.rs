//! Kernels of the trigonometric and hyperbolic functions, `floor`/`ceil`/`round`, `sign`,
//! `is_nan` and `is_inf`.
//!
//! The transcendental functions are evaluated in `f64` by the standard library and rounded
//! once to FP32 (so within 1 ulp of the exact value; the executor rounds to a narrow result
//! type afterwards). `floor`, `ceil`, `round` (ties to even) and `sign` are exact. Work is
//! split over chunks of the output, so results do not depend on the thread count.

use super::broadcast::{map1, map1_into};
use crate::ctx::{KernelResult, OpCtx};
use neuron_nn::IsInfOp;

/// A float function of the `nn` unary math ops (also used by the `nhw` interpreter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MathFn {
    /// Sine.
    Sin,
    /// Cosine.
    Cos,
    /// Tangent.
    Tan,
    /// Arcsine.
    Asin,
    /// Arccosine.
    Acos,
    /// Arctangent.
    Atan,
    /// Hyperbolic sine.
    Sinh,
    /// Hyperbolic cosine.
    Cosh,
    /// Inverse hyperbolic sine.
    Asinh,
    /// Inverse hyperbolic cosine.
    Acosh,
    /// Inverse hyperbolic tangent.
    Atanh,
    /// Floor.
    Floor,
    /// Ceiling.
    Ceil,
    /// Round half to even.
    Round,
    /// Sign (-1, ±0, 1, NaN).
    Sign,
}

/// Evaluates `f(x)` in `f64`, rounded once to `f32`.
fn via_f64(x: f32, f: fn(f64) -> f64) -> f32 {
    f(x as f64) as f32
}

/// The sign of a float: -1, 1, or `x` itself for ±0 and NaN.
pub fn sign_f32(x: f32) -> f32 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        x
    }
}

impl MathFn {
    /// The function on one FP32 value.
    pub fn eval(self, x: f32) -> f32 {
        match self {
            MathFn::Sin => via_f64(x, f64::sin),
            MathFn::Cos => via_f64(x, f64::cos),
            MathFn::Tan => via_f64(x, f64::tan),
            MathFn::Asin => via_f64(x, f64::asin),
            MathFn::Acos => via_f64(x, f64::acos),
            MathFn::Atan => via_f64(x, f64::atan),
            MathFn::Sinh => via_f64(x, f64::sinh),
            MathFn::Cosh => via_f64(x, f64::cosh),
            MathFn::Asinh => via_f64(x, f64::asinh),
            MathFn::Acosh => via_f64(x, f64::acosh),
            MathFn::Atanh => via_f64(x, f64::atanh),
            MathFn::Floor => x.floor(),
            MathFn::Ceil => x.ceil(),
            MathFn::Round => x.round_ties_even(),
            MathFn::Sign => sign_f32(x),
        }
    }

    /// `out[i] = f(x[i])` in parallel chunks, with a loop per function so that the exact ones
    /// vectorise.
    pub fn map_into(self, x: &[f32], out: &mut [f32]) {
        match self {
            MathFn::Floor => map1_into(x, f32::floor, out),
            MathFn::Ceil => map1_into(x, f32::ceil, out),
            MathFn::Round => map1_into(x, f32::round_ties_even, out),
            MathFn::Sign => map1_into(x, sign_f32, out),
            f => map1_into(x, move |v| f.eval(v), out),
        }
    }
}

/// A float unary op by `f`; `sign` also takes integers.
fn unary(cx: &OpCtx, f: MathFn) -> KernelResult {
    let t = cx.arg(0)?;
    if let Some(x) = t.as_f32() {
        cx.float_result()?;
        let mut res = cx.take_f32(x.len());
        f.map_into(x, &mut res);
        return Ok(res.into());
    }
    match (f, t.as_i64()) {
        (MathFn::Sign, Some(x)) => Ok(map1(x, i64::signum).into()),
        _ => Err("is not defined for integer operands".into()),
    }
}

/// Declares the kernels of the unary math ops.
macro_rules! kernels {
    ($($name:ident => $f:ident),* $(,)?) => {
        $(
            /// The kernel of the `nn` op of the same name.
            pub fn $name(cx: &OpCtx) -> KernelResult {
                unary(cx, MathFn::$f)
            }
        )*
    };
}

kernels! {
    sin => Sin, cos => Cos, tan => Tan, asin => Asin, acos => Acos, atan => Atan,
    sinh => Sinh, cosh => Cosh, asinh => Asinh, acosh => Acosh, atanh => Atanh,
    floor => Floor, ceil => Ceil, round => Round, sign => Sign,
}

/// A float classifier giving `i1` (0 or 1).
fn classify(cx: &OpCtx, f: impl Fn(f32) -> bool + Sync) -> KernelResult {
    let t = cx.arg(0)?;
    let x = t.as_f32().ok_or("requires a float operand")?;
    Ok(map1(x, |v| f(v) as i64).into())
}

/// `nn.is_nan`.
pub fn is_nan(cx: &OpCtx) -> KernelResult {
    classify(cx, f32::is_nan)
}

/// `nn.is_inf {detect_positive, detect_negative}`.
pub fn is_inf(cx: &OpCtx) -> KernelResult {
    let op = cx.view::<IsInfOp>()?;
    let (pos, neg) = (
        op.detect_positive_or_default(cx.body),
        op.detect_negative_or_default(cx.body),
    );
    classify(cx, move |v| {
        (pos && v == f32::INFINITY) || (neg && v == f32::NEG_INFINITY)
    })
}
