//! Reductions decomposed into nn ops: `ReduceL1`, `ReduceL2`, `ReduceSumSquare`,
//! `ReduceLogSum`, `ReduceLogSumExp` (axes an input from opset 18). With
//! `noop_with_empty_axes` and empty axes only the elementwise part is applied, as the ONNX
//! reference does (`ReduceL1` gives `|x|`).

use crate::ctx::{Ctx, Slot, SlotId};
use crate::error::Result;
use crate::ops::decompose::{
    bin, bin_k, out, reduce as reduce_op, require_float, reshape, scalar, select, un,
};
use crate::ops::reduce::{reduce_axes, ReduceAxes};
use crate::shape;

/// The opset from which these reductions take `axes` as an input.
const AXES_INPUT_SINCE: i64 = 18;

/// The float input and what the node reduces.
fn setup(cx: &Ctx) -> Result<(SlotId, ReduceAxes)> {
    let x = cx.req(0)?;
    require_float(cx, x)?;
    Ok((x, reduce_axes(cx, AXES_INPUT_SINCE)?))
}

/// `nn.reduce_sum` of `x` as the node asks.
fn sum(cx: &mut Ctx, x: SlotId, r: &ReduceAxes) -> Result<SlotId> {
    reduce_op(cx, "nn.reduce_sum", x, &r.dims, r.keepdims)
}

/// `ReduceL1`: `Σ|x|`.
pub fn reduce_l1(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, r) = setup(cx)?;
    let a = un(cx, "nn.abs", x)?;
    let y = sum(cx, a, &r)?;
    out(cx, y)
}

/// `ReduceSumSquare`: `Σx²`.
pub fn reduce_sum_square(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, r) = setup(cx)?;
    let sq = bin(cx, "nn.mul", x, x)?;
    let y = sum(cx, sq, &r)?;
    out(cx, y)
}

/// `ReduceL2`: `sqrt(Σx²)`.
pub fn reduce_l2(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, r) = setup(cx)?;
    let sq = bin(cx, "nn.mul", x, x)?;
    let s = sum(cx, sq, &r)?;
    let y = un(cx, "nn.sqrt", s)?;
    out(cx, y)
}

/// `ReduceLogSum`: `log(Σx)`.
pub fn reduce_log_sum(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, r) = setup(cx)?;
    let s = sum(cx, x, &r)?;
    let y = un(cx, "nn.log", s)?;
    out(cx, y)
}

/// `ReduceLogSumExp`: `log(Σexp(x − m)) + m` with `m` the maximum over the reduced axes
/// (0 where that maximum is infinite, so all-`−∞` and empty sets give `−∞`, and `+∞` gives
/// `+∞`, without `∞ − ∞`).
pub fn reduce_log_sum_exp(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, r) = setup(cx)?;
    let m = reduce_op(cx, "nn.reduce_max", x, &r.dims, true)?;
    let inf = un(cx, "nn.abs", m)?;
    let inf = bin_k(cx, "nn.equal", inf, f64::INFINITY)?;
    let zero = scalar(cx, 0.0, cx.elem(x))?;
    let m = select(cx, inf, zero, m)?;
    let d = bin(cx, "nn.sub", x, m)?;
    let e = un(cx, "nn.exp", d)?;
    let s = reduce_op(cx, "nn.reduce_sum", e, &r.dims, true)?;
    let l = un(cx, "nn.log", s)?;
    let y = bin(cx, "nn.add", l, m)?;
    let want = shape::reduced(&cx.shape(x), &r.dims, r.keepdims);
    let y = reshape(cx, y, &want)?;
    out(cx, y)
}
