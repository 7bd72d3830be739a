//! Elementwise ops: binary arithmetic with broadcasting, comparisons, `where`, and the unary
//! functions (activations included).
//!
//! Floats compute in FP32 (see `math` for the functions evaluated in `f64`; `exp`, `tanh`,
//! `sigmoid`, `erf` and exact GELU use the vectorised `f64` evaluations of `vmath`); the executor
//! rounds the result to a narrow result type afterwards. Integer operands compute in int64
//! (wrapping) and the executor wraps the result to the type's width.

use super::broadcast::{map1, map1_into, map2, map2_into, map3};
use super::math;
use super::vmath::{self, Unary};
use crate::ctx::{KernelResult, OpCtx};
use crate::tensor::Data;
use neuron_nn::{ClipOp, GeluOp, LeakyReluOp};

/// An integer version of a binary op: `None` from the function means `message` (e.g. a
/// division by zero); no integer version at all means the op is float-only.
type IntBin = Option<(fn(i64, i64) -> Option<i64>, &'static str)>;

/// A binary op with numpy broadcasting: `f` on floats, `int` on integers.
fn binary<F>(cx: &OpCtx, f: F, int: IntBin) -> KernelResult
where
    F: Fn(f32, f32) -> f32 + Sync,
{
    let (a, b) = (cx.arg(0)?, cx.arg(1)?);
    let out = cx.out_shape();
    match (&a.data, &b.data) {
        (Data::F32(x), Data::F32(y)) => {
            cx.float_result()?;
            let mut res = cx.take_f32(out.iter().product());
            map2_into(&out, (x, &a.shape), (y, &b.shape), f, &mut res)?;
            Ok(res.into())
        }
        (Data::I64(x), Data::I64(y)) => {
            let (g, message) = int.ok_or("is not defined for integer operands")?;
            let r = map2(&out, (x, &a.shape), (y, &b.shape), g)?;
            let values: Option<Vec<i64>> = r.into_iter().collect();
            Ok(values.ok_or(message)?.into())
        }
        _ => Err(mixed_operands()),
    }
}

fn mixed_operands() -> String {
    "operands must both be float or both be integer tensors".into()
}

/// `nn.add`.
pub fn add(cx: &OpCtx) -> KernelResult {
    binary(cx, |a, b| a + b, Some((|a, b| Some(a.wrapping_add(b)), "")))
}

/// `nn.sub`.
pub fn sub(cx: &OpCtx) -> KernelResult {
    binary(cx, |a, b| a - b, Some((|a, b| Some(a.wrapping_sub(b)), "")))
}

/// `nn.mul`.
pub fn mul(cx: &OpCtx) -> KernelResult {
    binary(cx, |a, b| a * b, Some((|a, b| Some(a.wrapping_mul(b)), "")))
}

/// `nn.div` (integers: truncating; a zero divisor is an error).
pub fn div(cx: &OpCtx) -> KernelResult {
    let int: IntBin = Some((|a, b| a.checked_div(b), "integer division by zero"));
    binary(cx, |a, b| a / b, int)
}

/// `nn.pow` (floats only).
pub fn pow(cx: &OpCtx) -> KernelResult {
    binary(cx, math::pow, None)
}

/// `nn.max` (NaN-propagating, as numpy `maximum`).
pub fn max(cx: &OpCtx) -> KernelResult {
    binary(cx, math::maximum, Some((|a, b| Some(a.max(b)), "")))
}

/// `nn.min` (NaN-propagating, as numpy `minimum`).
pub fn min(cx: &OpCtx) -> KernelResult {
    binary(cx, math::minimum, Some((|a, b| Some(a.min(b)), "")))
}

/// A comparison with broadcasting, giving an `i1` tensor (NaN compares false, except `!=`).
fn compare(cx: &OpCtx, f: fn(f32, f32) -> bool, g: fn(i64, i64) -> bool) -> KernelResult {
    let (a, b) = (cx.arg(0)?, cx.arg(1)?);
    let out = cx.out_shape();
    let r = match (&a.data, &b.data) {
        (Data::F32(x), Data::F32(y)) => {
            map2(&out, (x, &a.shape), (y, &b.shape), |p, q| f(p, q) as i64)?
        }
        (Data::I64(x), Data::I64(y)) => {
            map2(&out, (x, &a.shape), (y, &b.shape), |p, q| g(p, q) as i64)?
        }
        _ => return Err(mixed_operands()),
    };
    Ok(Data::I64(r.into()))
}

/// `nn.equal`.
pub fn equal(cx: &OpCtx) -> KernelResult {
    compare(cx, |a, b| a == b, |a, b| a == b)
}

/// `nn.less`.
pub fn less(cx: &OpCtx) -> KernelResult {
    compare(cx, |a, b| a < b, |a, b| a < b)
}

/// `nn.less_equal`.
pub fn less_equal(cx: &OpCtx) -> KernelResult {
    compare(cx, |a, b| a <= b, |a, b| a <= b)
}

/// `nn.greater`.
pub fn greater(cx: &OpCtx) -> KernelResult {
    compare(cx, |a, b| a > b, |a, b| a > b)
}

/// `nn.greater_equal`.
pub fn greater_equal(cx: &OpCtx) -> KernelResult {
    compare(cx, |a, b| a >= b, |a, b| a >= b)
}

/// `nn.where(cond, x, y)`: `cond ? x : y` with three-way broadcasting.
pub fn select(cx: &OpCtx) -> KernelResult {
    let (c, x, y) = (cx.arg(0)?, cx.arg(1)?, cx.arg(2)?);
    let cond = c.as_i64().ok_or("condition must be an i1 tensor")?;
    let out = cx.out_shape();
    let cs = (cond, &c.shape[..]);
    match (&x.data, &y.data) {
        (Data::F32(p), Data::F32(q)) => Ok(Data::F32(
            (map3(&out, cs, (p, &x.shape), (q, &y.shape), |c, a, b| {
                if c != 0 {
                    a
                } else {
                    b
                }
            })?)
            .into(),
        )),
        (Data::I64(p), Data::I64(q)) => Ok(Data::I64(
            (map3(&out, cs, (p, &x.shape), (q, &y.shape), |c, a, b| {
                if c != 0 {
                    a
                } else {
                    b
                }
            })?)
            .into(),
        )),
        _ => Err(mixed_operands()),
    }
}

/// A unary op: `f` on floats, `int` (if any) on integers.
fn unary<F>(cx: &OpCtx, f: F, int: Option<fn(i64) -> i64>) -> KernelResult
where
    F: Fn(f32) -> f32 + Sync,
{
    let a = cx.arg(0)?;
    match &a.data {
        Data::F32(x) => {
            cx.float_result()?;
            let mut res = cx.take_f32(x.len());
            map1_into(x, f, &mut res);
            Ok(res.into())
        }
        Data::I64(x) => {
            let g = int.ok_or("is not defined for integer operands")?;
            Ok(map1(x, g).into())
        }
    }
}

/// A float-only unary function evaluated by a vectorised loop (see `vmath`).
fn unary_vectorised(cx: &OpCtx, f: Unary) -> KernelResult {
    match &cx.arg(0)?.data {
        Data::F32(x) => {
            cx.float_result()?;
            let mut res = cx.take_f32(x.len());
            vmath::map_into(f, x, &mut res);
            Ok(res.into())
        }
        Data::I64(_) => Err("is not defined for integer operands".into()),
    }
}

/// `nn.neg`.
pub fn neg(cx: &OpCtx) -> KernelResult {
    unary(cx, |x| -x, Some(i64::wrapping_neg))
}

/// `nn.abs`.
pub fn abs(cx: &OpCtx) -> KernelResult {
    unary(cx, f32::abs, Some(i64::wrapping_abs))
}

/// `nn.relu`.
pub fn relu(cx: &OpCtx) -> KernelResult {
    unary(cx, math::relu, Some(|x| x.max(0)))
}

/// `nn.exp`.
pub fn exp(cx: &OpCtx) -> KernelResult {
    unary_vectorised(cx, Unary::Exp)
}

/// `nn.log`.
pub fn log(cx: &OpCtx) -> KernelResult {
    unary(cx, math::log, None)
}

/// `nn.sqrt`.
pub fn sqrt(cx: &OpCtx) -> KernelResult {
    unary(cx, f32::sqrt, None)
}

/// `nn.rsqrt`.
pub fn rsqrt(cx: &OpCtx) -> KernelResult {
    unary(cx, math::rsqrt, None)
}

/// `nn.reciprocal`.
pub fn reciprocal(cx: &OpCtx) -> KernelResult {
    unary(cx, |x| 1.0 / x, None)
}

/// `nn.tanh`.
pub fn tanh(cx: &OpCtx) -> KernelResult {
    unary_vectorised(cx, Unary::Tanh)
}

/// `nn.sigmoid`.
pub fn sigmoid(cx: &OpCtx) -> KernelResult {
    unary_vectorised(cx, Unary::Sigmoid)
}

/// `nn.erf`.
pub fn erf(cx: &OpCtx) -> KernelResult {
    unary_vectorised(cx, Unary::Erf)
}

/// `nn.leaky_relu {alpha}`.
pub fn leaky_relu(cx: &OpCtx) -> KernelResult {
    let alpha = cx.view::<LeakyReluOp>()?.alpha_or_default(cx.body) as f32;
    unary(cx, move |x| math::leaky_relu(x, alpha), None)
}

/// `nn.clip {min, max}`.
pub fn clip(cx: &OpCtx) -> KernelResult {
    let c = cx.view::<ClipOp>()?;
    let (lo, hi) = (
        c.min_or_default(cx.body) as f32,
        c.max_or_default(cx.body) as f32,
    );
    unary(cx, move |x| math::clip(x, lo, hi), None)
}

/// `nn.gelu {approximate = "none" | "tanh"}`.
pub fn gelu(cx: &OpCtx) -> KernelResult {
    match &*cx.view::<GeluOp>()?.approximate_or_default(cx.body) {
        "none" => unary_vectorised(cx, Unary::Gelu),
        "tanh" => unary(cx, math::gelu_tanh, None),
        other => Err(format!(
            "attribute 'approximate' must be \"none\" or \"tanh\", not \"{other}\""
        )),
    }
}
