//! Building blocks for operators that the importer decomposes into several nn ops
//! (`Attention`, `RotaryEmbedding`, the losses): each emits one op on slot handles and returns
//! the handle of its result, so a decomposition reads as a short chain of calls.

use crate::ctx::{int_attr, ints_attr, Ctx, SlotId};
use crate::error::Result;
use crate::fold::{self, Host};
use crate::import::fmt_shape;
use crate::ops::elementwise::{binary_slots, cast_slot};
use crate::shape;
use crate::tensor::tensor_type;
use neuron_ir::{Attribute, DenseElements, Scalar};

/// A float constant of `shape` and element type `elem` (one value = splat).
pub fn const_f64(cx: &mut Ctx, shape: &[i64], elem: Scalar, values: &[f64]) -> Result<SlotId> {
    let d = DenseElements::from_f64(tensor_type(shape, elem), values)
        .ok_or_else(|| cx.err(format!("cannot build a constant of shape {shape:?}")))?;
    let s = cx.constant(d);
    Ok(cx.add_slot(s))
}

/// A rank-0 float constant.
pub fn scalar(cx: &mut Ctx, v: f64, elem: Scalar) -> Result<SlotId> {
    const_f64(cx, &[], elem, &[v])
}

/// An integer constant of `shape` and element type `elem`.
pub fn const_int(cx: &mut Ctx, shape: &[i64], elem: Scalar, values: &[i64]) -> SlotId {
    let s = cx.constant(Host::from_ints(shape, elem, values).to_dense());
    cx.add_slot(s)
}

/// `op(a, b)` with numpy broadcasting (comparisons give `i1`).
pub fn bin(cx: &mut Ctx, op: &str, a: SlotId, b: SlotId) -> Result<SlotId> {
    let s = binary_slots(cx, op, None, a, b)?;
    Ok(cx.add_slot(s))
}

/// A unary op keeping the type of `x`.
pub fn unary(cx: &mut Ctx, op: &str, x: SlotId) -> Result<SlotId> {
    let ty = cx.ty(x);
    let s = cx.emit1(op, x, ty, vec![])?;
    Ok(cx.add_slot(s))
}

/// `x` converted to element type `to` (the same slot when it already has it).
pub fn cast(cx: &mut Ctx, x: SlotId, to: Scalar) -> Result<SlotId> {
    if cx.elem(x) == to {
        return Ok(x);
    }
    let s = cast_slot(cx, x, to)?;
    Ok(cx.add_slot(s))
}

/// `x` reshaped to `out` (the same slot when the shape does not change).
pub fn reshape(cx: &mut Ctx, x: SlotId, out: &[i64]) -> Result<SlotId> {
    let ty = cx.ty(x);
    if ty.shape[..] == *out {
        return Ok(x);
    }
    if shape::product(&ty.shape) != shape::product(out) {
        return cx.fail(format!(
            "cannot reshape {} to {}",
            fmt_shape(&ty.shape),
            fmt_shape(out)
        ));
    }
    let s = match cx.konst(x).filter(|k| fold::small(k)) {
        Some(k) => cx.constant(fold::retype(&k, out)),
        None => cx.emit1("nn.reshape", x, tensor_type(out, ty.elem), vec![])?,
    };
    Ok(cx.add_slot(s))
}

/// `x` with its dimensions permuted by `perm`.
pub fn transpose(cx: &mut Ctx, x: SlotId, perm: &[usize]) -> Result<SlotId> {
    let ty = cx.ty(x);
    let out: Vec<i64> = perm.iter().map(|&d| ty.shape[d]).collect();
    let p: Vec<i64> = perm.iter().map(|&d| d as i64).collect();
    let attrs = vec![("perm", ints_attr(&p))];
    let s = cx.emit1("nn.transpose", x, tensor_type(&out, ty.elem), attrs)?;
    Ok(cx.add_slot(s))
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
    Ok(cx.add_slot(s))
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
    Ok(cx.add_slot(s))
}

/// `x` broadcast to `out`.
pub fn expand(cx: &mut Ctx, x: SlotId, out: &[i64]) -> Result<SlotId> {
    let ty = cx.ty(x);
    if ty.shape[..] == *out {
        return Ok(x);
    }
    let s = cx.emit1("nn.expand", x, tensor_type(out, ty.elem), vec![])?;
    Ok(cx.add_slot(s))
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
    Ok(cx.add_slot(s))
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
    Ok(cx.add_slot(s))
}

/// `cond ? x : y` with broadcasting.
pub fn select(cx: &mut Ctx, cond: SlotId, x: SlotId, y: SlotId) -> Result<SlotId> {
    let (tc, tx, ty) = (cx.ty(cond), cx.ty(x), cx.ty(y));
    let out = shape::broadcast(&tc.shape, &tx.shape)
        .and_then(|s| shape::broadcast(&s, &ty.shape))
        .map_err(|e| cx.err(e))?;
    let vals = [cx.value(cond)?, cx.value(x)?, cx.value(y)?];
    let s = cx.emit("nn.where", &vals, tensor_type(&out, tx.elem), vec![])?;
    Ok(cx.add_slot(s))
}

/// The sum of `x` over `axes` (every axis when empty), without the reduced dimensions.
pub fn reduce_sum(cx: &mut Ctx, x: SlotId, axes: &[usize]) -> Result<SlotId> {
    let ty = cx.ty(x);
    let rank = ty.shape.len();
    let all: Vec<usize> = (0..rank).collect();
    let dims = if axes.is_empty() { &all[..] } else { axes };
    let out = shape::reduced(&ty.shape, dims, false);
    let mut attrs = vec![("keepdims", Attribute::Bool(false))];
    if dims.len() != rank {
        let list: Vec<i64> = dims.iter().map(|&d| d as i64).collect();
        attrs.push(("axes", ints_attr(&list)));
    }
    let s = cx.emit1("nn.reduce_sum", x, tensor_type(&out, ty.elem), attrs)?;
    Ok(cx.add_slot(s))
}

/// `data` indexed along dimension 0 by `indices`.
pub fn gather0(cx: &mut Ctx, data: SlotId, indices: SlotId) -> Result<SlotId> {
    let (td, ti) = (cx.ty(data), cx.ty(indices));
    let out =
        neuron_nn::movement::gather_shape(&td.shape, &ti.shape, 0).map_err(|e| cx.err(e.0))?;
    let vals = [cx.value(data)?, cx.value(indices)?];
    let s = cx.emit("nn.gather", &vals, tensor_type(&out, td.elem), vec![])?;
    Ok(cx.add_slot(s))
}
