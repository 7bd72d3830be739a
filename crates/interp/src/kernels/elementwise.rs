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
use neuron_ir::Scalar;
use neuron_nn::{ClipOp, GeluOp, LeakyReluOp};

/// An integer version of a binary op: `None` from the function means `message` (e.g. a
/// division by zero); no integer version at all means the op is float-only.
type IntBin = Option<(fn(i64, i64) -> Option<i64>, &'static str)>;

/// The integer function of a binary op for the operand type: `unsigned` (on `ui64` bit
/// patterns) for `ui64` when given; every other integer type's values are exact in `i64`.
fn int_fn(
    dtype: Scalar,
    int: IntBin,
    unsigned: Option<fn(u64, u64) -> Option<u64>>,
) -> Result<(IntFn, &'static str), String> {
    let (g, message) = int.ok_or("is not defined for integer operands")?;
    Ok(match unsigned {
        Some(u) if dtype == Scalar::UI64 => (IntFn::Unsigned(u), message),
        _ => (IntFn::Signed(g), message),
    })
}

/// An integer binary function on values or on `ui64` bit patterns.
#[derive(Clone, Copy)]
enum IntFn {
    Signed(fn(i64, i64) -> Option<i64>),
    Unsigned(fn(u64, u64) -> Option<u64>),
}

impl IntFn {
    fn call(self, a: i64, b: i64) -> Option<i64> {
        match self {
            IntFn::Signed(f) => f(a, b),
            IntFn::Unsigned(f) => f(a as u64, b as u64).map(|v| v as i64),
        }
    }
}

/// A binary op with numpy broadcasting: `f` on floats, `int` on integers (`unsigned` on `ui64`).
fn binary<F>(cx: &OpCtx, f: F, int: IntBin) -> KernelResult
where
    F: Fn(f32, f32) -> f32 + Sync,
{
    binary_u(cx, f, int, None)
}

/// [`binary`] with a separate integer function for `ui64` operands.
fn binary_u<F>(
    cx: &OpCtx,
    f: F,
    int: IntBin,
    unsigned: Option<fn(u64, u64) -> Option<u64>>,
) -> KernelResult
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
            let (g, message) = int_fn(a.dtype, int, unsigned)?;
            let r = map2(&out, (x, &a.shape), (y, &b.shape), |p, q| g.call(p, q))?;
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

/// `nn.div` (integers: truncating toward zero, `ui64` unsigned; a zero divisor is an error;
/// `MIN / -1` wraps).
pub fn div(cx: &OpCtx) -> KernelResult {
    let int: IntBin = Some((
        |a, b| (b != 0).then(|| a.wrapping_div(b)),
        "integer division by zero",
    ));
    binary_u(cx, |a, b| a / b, int, Some(u64::checked_div))
}

/// `nn.pow` (integers: see [`int_pow`]).
pub fn pow(cx: &OpCtx) -> KernelResult {
    let int: IntBin = Some((|a, b| Some(int_pow(a, b)), ""));
    binary_u(
        cx,
        math::pow,
        int,
        Some(|a, b| Some(a.wrapping_pow(b.min(u32::MAX as u64) as u32))),
    )
}

/// `a^b` for integers: wrapping repeated multiplication; for `b < 0` the truncated
/// `1 / a^-b` (1 for a = 1, ±1 for a = −1, else 0; 0^-n is 0 rather than a division by zero).
pub fn int_pow(a: i64, b: i64) -> i64 {
    if b >= 0 {
        return a.wrapping_pow(b.min(u32::MAX as i64) as u32);
    }
    match a {
        1 => 1,
        -1 if b % 2 == 0 => 1,
        -1 => -1,
        _ => 0,
    }
}

/// `nn.max` (NaN-propagating, as numpy `maximum`; `ui64` compares unsigned).
pub fn max(cx: &OpCtx) -> KernelResult {
    let int: IntBin = Some((|a, b| Some(a.max(b)), ""));
    binary_u(cx, math::maximum, int, Some(|a, b| Some(a.max(b))))
}

/// `nn.min` (NaN-propagating, as numpy `minimum`; `ui64` compares unsigned).
pub fn min(cx: &OpCtx) -> KernelResult {
    let int: IntBin = Some((|a, b| Some(a.min(b)), ""));
    binary_u(cx, math::minimum, int, Some(|a, b| Some(a.min(b))))
}

/// A comparison with broadcasting, giving an `i1` tensor (NaN compares false, except `!=`;
/// `ui64` compares its values unsigned).
fn compare(cx: &OpCtx, f: fn(f32, f32) -> bool, g: fn(i64, i64) -> bool) -> KernelResult {
    let (a, b) = (cx.arg(0)?, cx.arg(1)?);
    let out = cx.out_shape();
    // Flipping the top bit maps unsigned order onto signed order.
    let flip = if a.dtype == Scalar::UI64 { i64::MIN } else { 0 };
    let r = match (&a.data, &b.data) {
        (Data::F32(x), Data::F32(y)) => {
            map2(&out, (x, &a.shape), (y, &b.shape), |p, q| f(p, q) as i64)?
        }
        (Data::I64(x), Data::I64(y)) => map2(&out, (x, &a.shape), (y, &b.shape), |p, q| {
            g(p ^ flip, q ^ flip) as i64
        })?,
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

/// `nn.relu` (the identity on unsigned integers).
pub fn relu(cx: &OpCtx) -> KernelResult {
    if cx.arg(0)?.dtype.is_unsigned() {
        return Ok(cx.arg(0)?.data.clone());
    }
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
