//! Reductions `ReduceSum` / `ReduceMean` / `ReduceMax`: axes from an attribute before the
//! opset that made them an input (13 for ReduceSum, 18 for the others), `keepdims`, and
//! `noop_with_empty_axes`.

use crate::ctx::{ints_attr, Ctx, Slot};
use crate::error::Result;
use crate::shape;
use crate::tensor::tensor_type;
use neuron_ir::Attribute;

/// `ReduceSum` (axes an input from opset 13).
pub fn reduce_sum(cx: &mut Ctx) -> Result<Vec<Slot>> {
    reduce(cx, "nn.reduce_sum", 13)
}

/// `ReduceMean` (axes an input from opset 18).
pub fn reduce_mean(cx: &mut Ctx) -> Result<Vec<Slot>> {
    reduce(cx, "nn.reduce_mean", 18)
}

/// `ReduceMax` (axes an input from opset 18).
pub fn reduce_max(cx: &mut Ctx) -> Result<Vec<Slot>> {
    reduce(cx, "nn.reduce_max", 18)
}

/// Reduction `op` of input #0 over the node's axes (see [`reduce_axes`]); a no-op reduction
/// forwards the input.
pub fn reduce(cx: &mut Ctx, op: &str, axes_input_since: i64) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let r = reduce_axes(cx, axes_input_since)?;
    if r.dims.is_empty() {
        return Ok(vec![cx.slot(x).clone()]);
    }
    Ok(vec![emit_reduce(cx, op, x, &r.dims, r.keepdims)?])
}

/// What a reduction node reduces: the sorted dimensions (empty for a no-op, i.e. empty axes
/// with `noop_with_empty_axes`) and `keepdims`.
pub struct ReduceAxes {
    /// Reduced dimensions, normalised and sorted; empty: nothing is reduced.
    pub dims: Vec<usize>,
    /// The `keepdims` attribute (default true).
    pub keepdims: bool,
}

/// The axes of the reduction node in `cx` (data input #0): an attribute before opset
/// `axes_input_since`, the constant input #1 from it (with `noop_with_empty_axes`); absent or
/// empty axes reduce every dimension.
pub fn reduce_axes(cx: &Ctx, axes_input_since: i64) -> Result<ReduceAxes> {
    let rank = cx.shape(cx.req(0)?).len();
    let keepdims = cx.int_or("keepdims", 1)? != 0;
    let (axes, noop) = if cx.opset >= axes_input_since {
        let noop = cx.int_or("noop_with_empty_axes", 0)? != 0;
        (cx.const_ints(1, "axes")?, noop)
    } else {
        (cx.attr_ints("axes")?, false)
    };
    let axes = axes.unwrap_or_default();
    let dims = match (axes.is_empty(), noop) {
        (true, true) => vec![],
        (true, false) => (0..rank).collect(),
        (false, _) => shape::axes("axes", &axes, rank).map_err(|e| cx.err(e))?,
    };
    Ok(ReduceAxes { dims, keepdims })
}

/// Emits reduction `op` of slot `x` over the non-empty `dims` (attributes left out where they
/// equal the nn defaults).
pub fn emit_reduce(
    cx: &mut Ctx,
    op: &str,
    x: crate::ctx::SlotId,
    dims: &[usize],
    keepdims: bool,
) -> Result<Slot> {
    let ty = cx.ty(x);
    let rank = ty.shape.len();
    let out = shape::reduced(&ty.shape, dims, keepdims);
    let mut attrs = vec![];
    if dims.len() != rank {
        let list: Vec<i64> = dims.iter().map(|&d| d as i64).collect();
        attrs.push(("axes", ints_attr(&list)));
    }
    if !keepdims {
        attrs.push(("keepdims", Attribute::Bool(false)));
    }
    cx.emit1(op, x, tensor_type(&out, ty.elem), attrs)
}
