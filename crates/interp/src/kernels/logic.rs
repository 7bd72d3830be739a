//! Kernels of the logical ops on `i1` (`nn.and`, `nn.or`, `nn.xor`, `nn.not`), the bitwise ops
//! on integers, `nn.bit_shift` and `nn.mod`.
//!
//! Integer values are held in int64 (`i1` as 0 or 1) and computed exactly in two's complement;
//! the executor wraps results to the type's width. `nn.mod` on floats is C `fmod`, which is
//! exact, so its FP32 result needs no further rounding. Every loop runs in parallel over
//! chunks of the output (see `broadcast`), so results do not depend on the thread count.

use super::broadcast::{map1, map2, map2_into};
use crate::ctx::{KernelResult, OpCtx};
use neuron_nn::{BitShiftOp, ModOp};

/// Operand `i` as integer values with its shape.
fn int_arg<'a>(cx: &OpCtx<'a>, i: usize) -> Result<(&'a [i64], &'a [usize]), String> {
    let t = cx.arg(i)?;
    let v = t.as_i64().ok_or_else(|| {
        format!(
            "operand #{i} must be an integer tensor, but has element type {}",
            t.dtype
        )
    })?;
    Ok((v, &t.shape))
}

/// A binary integer op with broadcasting; `None` from `f` is the error `message`.
fn int_binary<F>(cx: &OpCtx, f: F, message: &str) -> KernelResult
where
    F: Fn(i64, i64) -> Option<i64> + Sync,
{
    let (a, b) = (int_arg(cx, 0)?, int_arg(cx, 1)?);
    let r = map2(&cx.out_shape(), a, b, f)?;
    let values: Option<Vec<i64>> = r.into_iter().collect();
    Ok(values.ok_or(message)?.into())
}

/// A total binary integer op with broadcasting.
fn int_total<F>(cx: &OpCtx, f: F) -> KernelResult
where
    F: Fn(i64, i64) -> i64 + Sync,
{
    let (a, b) = (int_arg(cx, 0)?, int_arg(cx, 1)?);
    Ok(map2(&cx.out_shape(), a, b, f)?.into())
}

/// `nn.and` (and `nn.bitwise_and`: on 0/1 the same operation).
pub fn and(cx: &OpCtx) -> KernelResult {
    int_total(cx, |a, b| a & b)
}

/// `nn.or` (and `nn.bitwise_or`).
pub fn or(cx: &OpCtx) -> KernelResult {
    int_total(cx, |a, b| a | b)
}

/// `nn.xor` (and `nn.bitwise_xor`).
pub fn xor(cx: &OpCtx) -> KernelResult {
    int_total(cx, |a, b| a ^ b)
}

/// `nn.not`: `1 - x` on `i1`.
pub fn not(cx: &OpCtx) -> KernelResult {
    let (x, _) = int_arg(cx, 0)?;
    Ok(map1(x, |v| (v == 0) as i64).into())
}

/// `nn.bitwise_not`: `!x` (wrapped to the type's width by the executor).
pub fn bitwise_not(cx: &OpCtx) -> KernelResult {
    let (x, _) = int_arg(cx, 0)?;
    Ok(map1(x, |v| !v).into())
}

/// `a << b`; `None` for a negative shift.
pub fn shift_left(a: i64, b: i64) -> Option<i64> {
    match b {
        0..=63 => Some(a.wrapping_shl(b as u32)),
        64.. => Some(0),
        _ => None,
    }
}

/// `a >> b`, arithmetic; `None` for a negative shift.
pub fn shift_right(a: i64, b: i64) -> Option<i64> {
    (b >= 0).then(|| a >> b.min(63))
}

/// `nn.bit_shift {direction}`.
pub fn bit_shift(cx: &OpCtx) -> KernelResult {
    let message = "shift amounts must not be negative";
    match cx.view::<BitShiftOp>()?.is_left(cx.body) {
        true => int_binary(cx, shift_left, message),
        false => int_binary(cx, shift_right, message),
    }
}

/// The integer remainder taking the divisor's sign (Python `%`); `None` for a zero divisor.
pub fn int_mod(a: i64, b: i64) -> Option<i64> {
    let r = a.checked_rem(b).or((b == -1).then_some(0))?;
    Some(if r != 0 && (r < 0) != (b < 0) {
        r + b
    } else {
        r
    })
}

/// The integer remainder taking the dividend's sign (C `%`); `None` for a zero divisor.
pub fn int_fmod(a: i64, b: i64) -> Option<i64> {
    a.checked_rem(b).or((b == -1).then_some(0))
}

/// `nn.mod {fmod}`: floats by C `fmod`; integers by `int_mod` or `int_fmod`.
pub fn modulo(cx: &OpCtx) -> KernelResult {
    let fmod = cx.view::<ModOp>()?.fmod_or_default(cx.body);
    let (a, b) = (cx.arg(0)?, cx.arg(1)?);
    if let (Some(x), Some(y)) = (a.as_f32(), b.as_f32()) {
        if !fmod {
            return Err("a float remainder requires fmod = true".into());
        }
        cx.float_result()?;
        let out = cx.out_shape();
        let mut res = cx.take_f32(out.iter().product());
        map2_into(&out, (x, &a.shape), (y, &b.shape), |p, q| p % q, &mut res)?;
        return Ok(res.into());
    }
    let f = if fmod { int_fmod } else { int_mod };
    int_binary(cx, f, "integer remainder by zero")
}
