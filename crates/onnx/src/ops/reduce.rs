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

fn reduce(cx: &mut Ctx, op: &str, axes_input_since: i64) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let ty = cx.ty(x);
    let rank = ty.shape.len();
    let keepdims = cx.int_or("keepdims", 1)? != 0;
    let (axes, noop) = if cx.opset >= axes_input_since {
        let noop = cx.int_or("noop_with_empty_axes", 0)? != 0;
        (cx.const_ints(1, "axes")?, noop)
    } else {
        (cx.attr_ints("axes")?, false)
    };
    let axes = axes.unwrap_or_default();
    if axes.is_empty() && noop {
        return Ok(vec![cx.slot(x).clone()]);
    }
    let dims = if axes.is_empty() {
        (0..rank).collect()
    } else {
        shape::axes("axes", &axes, rank).map_err(|e| cx.err(e))?
    };
    let out = shape::reduced(&ty.shape, &dims, keepdims);
    let mut attrs = vec![];
    if dims.len() != rank {
        let list: Vec<i64> = dims.iter().map(|&d| d as i64).collect();
        attrs.push(("axes", ints_attr(&list)));
    }
    if !keepdims {
        attrs.push(("keepdims", Attribute::Bool(false)));
    }
    Ok(vec![cx.emit1(op, x, tensor_type(&out, ty.elem), attrs)?])
}
