//! Building blocks of converters that decompose one ONNX operator into several nn ops:
//! each takes and returns slot handles, so a formula reads as a chain of calls.

use crate::ctx::{ints_attr, Ctx, Slot, SlotId};
use crate::error::Result;
use crate::fold::{self, Host};
use crate::import::fmt_shape;
use crate::ops::elementwise::{binary_slots, cast_slot};
use crate::ops::reduce::emit_reduce;
use crate::tensor::tensor_type;
use neuron_ir::{Attribute, DenseElements, Scalar};

/// Registers `s` and returns its handle.
fn keep(cx: &mut Ctx, s: Slot) -> SlotId {
    cx.add_slot(s)
}

/// The converter's single output: slot `s`.
pub fn out(cx: &Ctx, s: SlotId) -> Result<Vec<Slot>> {
    Ok(vec![cx.slot(s).clone()])
}

/// A rank-0 constant `v` of element type `elem`.
pub fn scalar(cx: &mut Ctx, v: f64, elem: Scalar) -> Result<SlotId> {
    let d = DenseElements::from_f64(tensor_type(&[], elem), &[v])
        .ok_or_else(|| cx.err("cannot build a scalar constant"))?;
    let s = cx.constant(d);
    Ok(keep(cx, s))
}

/// A constant of the given shape and element type from its values in row-major order.
pub fn tensor(cx: &mut Ctx, shape: &[i64], elem: Scalar, v: &[f64]) -> Result<SlotId> {
    let d = DenseElements::from_f64(tensor_type(shape, elem), v)
        .ok_or_else(|| cx.err("cannot build a constant tensor"))?;
    let s = cx.constant(d);
    Ok(keep(cx, s))
}

/// `op(x)` with the type of `x`.
pub fn un(cx: &mut Ctx, op: &str, x: SlotId) -> Result<SlotId> {
    let ty = cx.ty(x);
    let s = cx.emit1(op, x, ty, vec![])?;
    Ok(keep(cx, s))
}

/// `op(x)` with attributes and the type of `x`.
pub fn un_attrs(
    cx: &mut Ctx,
    op: &str,
    x: SlotId,
    attrs: Vec<(&str, Attribute)>,
) -> Result<SlotId> {
    let ty = cx.ty(x);
    let s = cx.emit1(op, x, ty, attrs)?;
    Ok(keep(cx, s))
}

/// `op(a, b)` with numpy broadcasting.
pub fn bin(cx: &mut Ctx, op: &str, a: SlotId, b: SlotId) -> Result<SlotId> {
    let s = binary_slots(cx, op, None, a, b)?;
    Ok(keep(cx, s))
}

/// `op(a, v)` with `v` a scalar constant of `a`'s element type.
pub fn bin_k(cx: &mut Ctx, op: &str, a: SlotId, v: f64) -> Result<SlotId> {
    let k = scalar(cx, v, cx.elem(a))?;
    bin(cx, op, a, k)
}

/// `op(v, b)` with `v` a scalar constant of `b`'s element type.
pub fn k_bin(cx: &mut Ctx, op: &str, v: f64, b: SlotId) -> Result<SlotId> {
    let k = scalar(cx, v, cx.elem(b))?;
    bin(cx, op, k, b)
}

/// `where(c, a, b)` with broadcasting.
pub fn select(cx: &mut Ctx, c: SlotId, a: SlotId, b: SlotId) -> Result<SlotId> {
    let out = crate::shape::broadcast(&cx.shape(c), &cx.shape(a))
        .and_then(|s| crate::shape::broadcast(&s, &cx.shape(b)))
        .map_err(|e| cx.err(e))?;
    let elem = cx.elem(a);
    let vals = [cx.value(c)?, cx.value(a)?, cx.value(b)?];
    let s = cx.emit("nn.where", &vals, tensor_type(&out, elem), vec![])?;
    Ok(keep(cx, s))
}

/// A reduction `op` over `dims` (`x` itself when `dims` is empty).
pub fn reduce(cx: &mut Ctx, op: &str, x: SlotId, dims: &[usize], keepdims: bool) -> Result<SlotId> {
    if dims.is_empty() {
        return Ok(x);
    }
    let s = emit_reduce(cx, op, x, dims, keepdims)?;
    Ok(keep(cx, s))
}

/// `x` with element type `to` (itself when it already has it).
pub fn cast(cx: &mut Ctx, x: SlotId, to: Scalar) -> Result<SlotId> {
    if cx.elem(x) == to {
        return Ok(x);
    }
    let s = cast_slot(cx, x, to)?;
    Ok(keep(cx, s))
}

/// `x` reshaped to `shape` (folded for small constants; itself when the shape is equal).
pub fn reshape(cx: &mut Ctx, x: SlotId, shape: &[i64]) -> Result<SlotId> {
    if cx.shape(x)[..] == *shape {
        return Ok(x);
    }
    if let Some(k) = cx.konst(x).filter(|k| fold::small(k)) {
        let s = cx.constant(fold::retype(&k, shape));
        return Ok(keep(cx, s));
    }
    let elem = cx.elem(x);
    let s = cx.emit1("nn.reshape", x, tensor_type(shape, elem), vec![])?;
    Ok(keep(cx, s))
}

/// `x` transposed by `perm` (folded for small constants).
pub fn transpose(cx: &mut Ctx, x: SlotId, perm: &[usize]) -> Result<SlotId> {
    if let Some(k) = cx.konst(x).filter(|k| fold::small(k)) {
        let s = cx.constant(fold::transpose(&Host::from_dense(&k), perm).to_dense());
        return Ok(keep(cx, s));
    }
    let shape = cx.shape(x);
    let out: Vec<i64> = perm.iter().map(|&d| shape[d]).collect();
    let p: Vec<i64> = perm.iter().map(|&d| d as i64).collect();
    let elem = cx.elem(x);
    let attrs = vec![("perm", ints_attr(&p))];
    let s = cx.emit1("nn.transpose", x, tensor_type(&out, elem), attrs)?;
    Ok(keep(cx, s))
}

/// `x` broadcast to `shape` (itself when the shape is equal).
pub fn expand(cx: &mut Ctx, x: SlotId, shape: &[i64]) -> Result<SlotId> {
    if cx.shape(x)[..] == *shape {
        return Ok(x);
    }
    let elem = cx.elem(x);
    let s = cx.emit1("nn.expand", x, tensor_type(shape, elem), vec![])?;
    Ok(keep(cx, s))
}

/// Most elements of a constant a decomposition generates at import (a mask, an iota, counts).
pub const MAX_GENERATED: i64 = 1 << 26;

/// Fails when the generated constant `what` of `shape` would exceed [`MAX_GENERATED`] elements.
pub fn check_generated(cx: &Ctx, what: &str, shape: &[i64]) -> Result<()> {
    let n = crate::shape::product(shape);
    if n > MAX_GENERATED {
        return cx.fail(format!(
            "the {what} of shape {} ({n} elements) is too large to generate at import (at most 2^26)",
            fmt_shape(shape)
        ));
    }
    Ok(())
}

/// Fails unless `x` has a float element type (the nn math ops need one).
pub fn require_float(cx: &Ctx, x: SlotId) -> Result<()> {
    let elem = cx.elem(x);
    if elem.is_float() {
        Ok(())
    } else {
        cx.fail(format!(
            "input element type {elem} is not supported: {} needs a float tensor",
            cx.node.op_type
        ))
    }
}

/// Fails unless `p` has shape `want` and the element type of `x` (`name` in the message).
pub fn require_param(cx: &Ctx, name: &str, p: SlotId, want: &[i64], x: SlotId) -> Result<()> {
    let (pt, elem) = (cx.ty(p), cx.elem(x));
    if pt.shape[..] == *want && pt.elem == elem {
        return Ok(());
    }
    cx.fail(format!(
        "{name} of type {}{} must have shape {} and element type {elem}",
        pt.elem,
        fmt_shape(&pt.shape),
        fmt_shape(want)
    ))
}
