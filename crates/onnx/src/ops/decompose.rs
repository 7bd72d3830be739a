//! Building blocks of converters that decompose one ONNX operator into several nn ops
//! (activations, norms, Attention, the losses, Einsum, …): each emits at most one op on slot
//! handles and returns the handle of its result, so a formula reads as a chain of calls.

use crate::ctx::{int_attr, ints_attr, Ctx, Slot, SlotId};
use crate::error::Result;
use crate::fold::{self, Host};
use crate::import::fmt_shape;
use crate::ops::elementwise::{binary_slots, cast_slot};
use crate::ops::reduce::emit_reduce;
use crate::shape;
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
    let out = shape::broadcast(&cx.shape(c), &cx.shape(a))
        .and_then(|s| shape::broadcast(&s, &cx.shape(b)))
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

/// `x` reshaped to `shape` (folded for small constants; itself when the shape is equal); a
/// different element count is an error.
pub fn reshape(cx: &mut Ctx, x: SlotId, shape: &[i64]) -> Result<SlotId> {
    let from = cx.shape(x);
    if from[..] == *shape {
        return Ok(x);
    }
    if shape::product(&from) != shape::product(shape) {
        return cx.fail(format!(
            "cannot reshape {} to {}",
            fmt_shape(&from),
            fmt_shape(shape)
        ));
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

/// An integer constant of `shape` and element type `elem`.
pub fn const_int(cx: &mut Ctx, shape: &[i64], elem: Scalar, values: &[i64]) -> SlotId {
    let s = cx.constant(Host::from_ints(shape, elem, values).to_dense());
    keep(cx, s)
}

/// `x[start:end:step]` along `axis` (a valid, non-negative range).
pub fn slice(cx: &mut Ctx, x: SlotId, axis: usize, range: [i64; 3]) -> Result<SlotId> {
    let [start, end, step] = range;
    let ty = cx.ty(x);
    let d = shape::slice_dim(ty.shape[axis], start, end, step).map_err(|e| cx.err(e))?;
    let mut out = ty.shape.to_vec();
    out[axis] = d.len;
    let mut attrs = vec![
        ("starts", ints_attr(&[start])),
        ("ends", ints_attr(&[end])),
        ("axes", ints_attr(&[axis as i64])),
    ];
    if step != 1 {
        attrs.push(("steps", ints_attr(&[step])));
    }
    let s = cx.emit1("nn.slice", x, tensor_type(&out, ty.elem), attrs)?;
    Ok(keep(cx, s))
}

/// The parts joined along `axis` (all other dimensions equal).
pub fn concat(cx: &mut Ctx, parts: &[SlotId], axis: usize) -> Result<SlotId> {
    let t0 = cx.ty(parts[0]);
    let mut out = t0.shape.to_vec();
    out[axis] = 0;
    let mut vals = Vec::with_capacity(parts.len());
    for &p in parts {
        let t = cx.ty(p);
        let same = t.shape.len() == out.len()
            && (0..out.len()).all(|d| d == axis || t.shape[d] == t0.shape[d]);
        if !same || t.elem != t0.elem {
            return cx.fail(format!(
                "cannot concatenate {}{} and {}{} along dimension {axis}",
                t0.elem,
                fmt_shape(&t0.shape),
                t.elem,
                fmt_shape(&t.shape)
            ));
        }
        out[axis] += t.shape[axis];
        vals.push(cx.value(p)?);
    }
    let attrs = vec![("axis", int_attr(axis as i64))];
    let s = cx.emit("nn.concat", &vals, tensor_type(&out, t0.elem), attrs)?;
    Ok(keep(cx, s))
}

/// `a @ b` (numpy matmul).
pub fn matmul(cx: &mut Ctx, a: SlotId, b: SlotId) -> Result<SlotId> {
    let (ta, tb) = (cx.ty(a), cx.ty(b));
    let out = neuron_nn::matmul::matmul_shape(&ta.shape, &tb.shape).map_err(|e| {
        cx.err(format!(
            "matrix product of {} and {}: {e}",
            fmt_shape(&ta.shape),
            fmt_shape(&tb.shape)
        ))
    })?;
    let (va, vb) = (cx.value(a)?, cx.value(b)?);
    let s = cx.emit("nn.matmul", &[va, vb], tensor_type(&out, ta.elem), vec![])?;
    Ok(keep(cx, s))
}

/// `nn.softmax` or `nn.log_softmax` of `x` over dimension `axis`.
pub fn softmax(cx: &mut Ctx, op: &str, x: SlotId, axis: usize) -> Result<SlotId> {
    let ty = cx.ty(x);
    let attrs = if axis + 1 == ty.shape.len() {
        vec![]
    } else {
        vec![("axis", int_attr(axis as i64))]
    };
    let s = cx.emit1(op, x, ty, attrs)?;
    Ok(keep(cx, s))
}

/// The sum of `x` over `axes` (every axis when empty), without the reduced dimensions.
pub fn reduce_sum(cx: &mut Ctx, x: SlotId, axes: &[usize]) -> Result<SlotId> {
    let all: Vec<usize> = (0..cx.shape(x).len()).collect();
    let dims = if axes.is_empty() { &all[..] } else { axes };
    reduce(cx, "nn.reduce_sum", x, dims, false)
}

/// `data` indexed along dimension 0 by `indices`.
pub fn gather0(cx: &mut Ctx, data: SlotId, indices: SlotId) -> Result<SlotId> {
    let (td, ti) = (cx.ty(data), cx.ty(indices));
    let out =
        neuron_nn::movement::gather_shape(&td.shape, &ti.shape, 0).map_err(|e| cx.err(e.0))?;
    let vals = [cx.value(data)?, cx.value(indices)?];
    let s = cx.emit("nn.gather", &vals, tensor_type(&out, td.elem), vec![])?;
    Ok(keep(cx, s))
}

/// Most elements of a constant a decomposition generates at import (a mask, an iota, counts).
pub const MAX_GENERATED: i64 = 1 << 26;

/// Fails when the generated constant `what` of `shape` would exceed [`MAX_GENERATED`] elements.
pub fn check_generated(cx: &Ctx, what: &str, shape: &[i64]) -> Result<()> {
    let n = shape::product(shape);
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
