//! Lowering of the shifts and remainders (Vector engine `tensor_tensor`; the logical, bitwise and
//! unary math ops are one-op rules in `elementwise.rs`), `is_nan` / `is_inf` (comparisons), the
//! reductions `reduce_min` / `reduce_prod` (`tensor_reduce`), and the index ops that have no
//! sound `nhw` mapping (`argmax`, `argmin`, `cumsum`, `gather_elements`: located errors).

use super::builder::Lower;
use super::elementwise::{binary, Lowered};
use neuron_ir::{DenseElements, Scalar, TensorType};
use neuron_nhw::{ActivationFunc as F, ReduceKind, TensorOp};
use neuron_nn as nn;
use std::sync::Arc;

/// `nn.bit_shift {direction}` → `tensor_tensor shift_left` / `shift_right`.
pub(crate) fn bit_shift(l: &mut Lower) -> Lowered {
    match nn::BitShiftOp(l.op).is_left(l.body) {
        true => binary(l, TensorOp::ShiftLeft),
        false => binary(l, TensorOp::ShiftRight),
    }
}

/// `nn.mod {fmod}` → `tensor_tensor fmod` (C rule) or `mod` (divisor's sign).
pub(crate) fn modulo(l: &mut Lower) -> Lowered {
    match nn::ModOp(l.op).fmod_or_default(l.body) {
        true => binary(l, TensorOp::Fmod),
        false => binary(l, TensorOp::Mod),
    }
}

/// An `nhw.constant` scalar of type `elem` holding `v`, or `None` if `elem` rounds `v` to
/// something else (e.g. infinity in a finite-only FP8 type).
fn scalar_const(l: &mut Lower, elem: Scalar, v: f64) -> Option<neuron_ir::ValueId> {
    let ty = Arc::new(TensorType {
        shape: [][..].into(),
        elem,
    });
    let d = DenseElements::from_f64(ty, &[v])?;
    (d.get_f64(0) == v).then(|| l.constant(Arc::new(d)))
}

/// An all-false `i1` constant of the `nn` op's result shape.
fn all_false(l: &mut Lower) -> Lowered {
    let out = l.out()?;
    let ty = Arc::new(TensorType {
        shape: out.shape.clone(),
        elem: Scalar::I1,
    });
    let d = DenseElements::from_f64(ty, &[0.0]).ok_or("cannot build an i1 constant")?;
    Ok(l.constant(Arc::new(d)))
}

/// `nn.is_nan` → `not(equal(x, x))` (NaN is the only value unequal to itself).
pub(crate) fn is_nan(l: &mut Lower) -> Lowered {
    let x = l.operand(0)?;
    let eq = l.binary(TensorOp::Equal, x, x, Scalar::I1)?;
    l.act(F::Not, eq, Scalar::I1, vec![])
}

/// `nn.is_inf {detect_positive, detect_negative}` → `equal(abs(x), +Inf)`, `equal(x, +Inf)`
/// or `equal(x, -Inf)`; all false when neither sign is detected or the type has no infinity.
pub(crate) fn is_inf(l: &mut Lower) -> Lowered {
    let op = nn::IsInfOp(l.op);
    let (pos, neg) = (
        op.detect_positive_or_default(l.body),
        op.detect_negative_or_default(l.body),
    );
    let x = l.operand(0)?;
    let elem = l.tensor(x)?.elem;
    let (v, target) = match (pos, neg) {
        (true, true) => (l.act(F::Abs, x, elem, vec![])?, f64::INFINITY),
        (true, false) => (x, f64::INFINITY),
        (false, true) => (x, f64::NEG_INFINITY),
        (false, false) => return all_false(l),
    };
    match scalar_const(l, elem, target) {
        Some(inf) => l.binary(TensorOp::Equal, v, inf, Scalar::I1),
        None => all_false(l),
    }
}

/// A float reduction over the `nn` op's axes, with its keepdims.
fn reduce(l: &mut Lower, kind: ReduceKind, axes: Vec<usize>, keep: bool) -> Lowered {
    let (x, out) = (l.operand(0)?, l.out()?);
    let elem = l.tensor(x)?.elem;
    if !elem.is_float() {
        return Err(format!(
            "tensor_reduce takes float data only, and a {} reduction has no sound float \
             equivalent (values above 2^24 would round)",
            elem
        ));
    }
    let acc = l.acc_type(elem);
    l.reduce(kind, x, &axes, keep, acc, out.elem)
}

/// `nn.reduce_min` → `tensor_reduce min`.
pub(crate) fn reduce_min(l: &mut Lower) -> Lowered {
    let r = nn::ReduceMinOp(l.op);
    let (axes, keep) = (r.axes_or_default(l.body), r.keepdims_or_default(l.body));
    reduce(l, ReduceKind::Min, axes, keep)
}

/// `nn.reduce_prod` → `tensor_reduce prod`.
pub(crate) fn reduce_prod(l: &mut Lower) -> Lowered {
    let r = nn::ReduceProdOp(l.op);
    let (axes, keep) = (r.axes_or_default(l.body), r.keepdims_or_default(l.body));
    reduce(l, ReduceKind::Prod, axes, keep)
}

/// `nn.argmax` / `nn.argmin`: no `nhw` op produces indices.
pub(crate) fn arg_reduce(_: &mut Lower) -> Lowered {
    Err("nhw has no op that produces the position of an extreme value (no sound mapping)".into())
}

/// `nn.cumsum`: no `nhw` op scans along an axis.
pub(crate) fn cumsum(_: &mut Lower) -> Lowered {
    Err("nhw has no scan (running sum) op (no sound mapping)".into())
}

/// `nn.gather_elements`: `nhw.dma_gather` gathers whole slices, not single elements.
pub(crate) fn gather_elements(_: &mut Lower) -> Lowered {
    Err("nhw.dma_gather gathers whole slices along an axis, not elements (no sound mapping)".into())
}
