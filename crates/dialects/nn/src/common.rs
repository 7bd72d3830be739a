//! Helpers shared by the `nn` ops: operand type checks for verifiers, shape text,
//! raw element encoding, and reading/building dense constants for folders.

use neuron_ir::registry::FoldResult;
use neuron_ir::{Attribute, Body, DenseElements, Func, OpId, Scalar, TensorType, Type, ValueId};
use std::sync::Arc;

/// Largest element count of a non-splat constant that elementwise folding computes.
pub const FOLD_ELEMENT_LIMIT: usize = 1024;

/// The tensor type of `v`, if it is a tensor.
pub fn tensor_of(body: &Body, v: ValueId) -> Option<&TensorType> {
    body.ty(v).as_tensor()
}

/// The tensor type of operand `i` of `op`, or the verifier message saying it is not one.
pub fn operand_tensor(f: &Func, op: OpId, i: usize) -> Result<&TensorType, String> {
    let v = *f
        .body
        .op(op)
        .operands()
        .get(i)
        .ok_or_else(|| format!("requires operand #{i}"))?;
    let ty = f.body.ty(v);
    ty.as_tensor()
        .ok_or_else(|| format!("operand #{i} must be a tensor, but got {ty}"))
}

/// The tensor type of result `i` of `op`, or the verifier message saying it is not one.
pub fn result_tensor(f: &Func, op: OpId, i: usize) -> Result<&TensorType, String> {
    let data = f.body.op(op);
    if i >= data.num_results() {
        return Err(format!("requires result #{i}"));
    }
    let ty = f.body.ty(data.result(i));
    ty.as_tensor()
        .ok_or_else(|| format!("result #{i} must be a tensor, but got {ty}"))
}

/// A list of integers as `[a, b, c]`, the way shapes and permutations appear in messages.
pub fn fmt_list(v: &[i64]) -> String {
    let items: Vec<String> = v.iter().map(i64::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// The two operand tensor types and the result tensor type of an op whose two operands share
/// one element type.
fn operand_pair(f: &Func, op: OpId) -> Result<(&TensorType, &TensorType, &TensorType), String> {
    let lhs = operand_tensor(f, op, 0)?;
    let rhs = operand_tensor(f, op, 1)?;
    let res = result_tensor(f, op, 0)?;
    if lhs.elem != rhs.elem {
        return Err(format!(
            "operand element types differ: {} vs {}",
            lhs.elem, rhs.elem
        ));
    }
    Ok((lhs, rhs, res))
}

/// The two operand tensor types and the result tensor type of a binary op whose operands
/// and result share one element type (elementwise ops).
pub fn binary_tensors(
    f: &Func,
    op: OpId,
) -> Result<(&TensorType, &TensorType, &TensorType), String> {
    let (lhs, rhs, res) = operand_pair(f, op)?;
    check_result_elem(lhs.elem, res.elem)?;
    Ok((lhs, rhs, res))
}

/// Like `binary_tensors`, for matmult-engine ops: the result may also be f32 when the operands
/// are a narrow float type (narrow inputs, FP32 accumulation, as the fast-math passes produce).
pub fn matmult_tensors(
    f: &Func,
    op: OpId,
) -> Result<(&TensorType, &TensorType, &TensorType), String> {
    let (lhs, rhs, res) = operand_pair(f, op)?;
    let fp32_accumulation = res.elem == Scalar::F32 && lhs.elem.is_float();
    if !fp32_accumulation {
        check_result_elem(lhs.elem, res.elem)?;
    }
    Ok((lhs, rhs, res))
}

/// Checks that the result element type equals the operand element type.
pub fn check_result_elem(operand: Scalar, result: Scalar) -> Result<(), String> {
    if operand == result {
        Ok(())
    } else {
        Err(format!(
            "result element type {result} does not match operand element type {operand}"
        ))
    }
}

/// Row-major strides of a shape (in elements).
pub fn strides(shape: &[i64]) -> Vec<usize> {
    let mut s = vec![1usize; shape.len()];
    for i in (0..shape.len().saturating_sub(1)).rev() {
        s[i] = s[i + 1] * shape[i + 1].max(0) as usize;
    }
    s
}

/// The value of an integer element's raw bits: sign-extended, zero-extended for unsigned
/// types (`ui64` keeps its bit pattern), 0 or 1 for `i1`.
pub fn decode_int(elem: Scalar, raw: u64) -> i64 {
    elem.decode_int(raw)
}

/// The raw bits of an integer value in type `elem`, wrapping (two's complement) to its width.
pub fn encode_int(elem: Scalar, v: i64) -> u64 {
    elem.encode_int(v)
}

/// Builds dense elements from raw element bits; equal values collapse to a splat.
pub fn dense_from_raw(ty: Arc<TensorType>, raws: &[u64]) -> Option<DenseElements> {
    let eb = ty.elem.storage_bytes();
    let first = *raws.first()?;
    let values: &[u64] = if raws.iter().all(|&r| r == first) {
        &raws[..1]
    } else {
        raws
    };
    let mut data = Vec::with_capacity(values.len() * eb);
    for r in values {
        data.extend_from_slice(&r.to_le_bytes()[..eb]);
    }
    DenseElements::new(ty, data)
}

/// A dense attribute of type `ty` whose every element has the raw bits `raw`.
pub fn splat(ty: Arc<TensorType>, raw: u64) -> Option<Attribute> {
    dense_from_raw(ty, &[raw]).map(|d| Attribute::Dense(Arc::new(d)))
}

/// The one value of a constant whose elements are all equal (stored splat, or small and uniform).
pub fn splat_raw(d: &DenseElements) -> Option<u64> {
    let n = d.ty.num_elements();
    if d.is_splat() {
        return Some(d.raw(0));
    }
    if n == 0 || n > FOLD_ELEMENT_LIMIT {
        return None;
    }
    let first = d.raw(0);
    (1..n).all(|i| d.raw(i) == first).then_some(first)
}

/// The constant value of operand `i`, if known and of exactly the operand's type.
pub fn const_operand<'a>(
    body: &Body,
    op: OpId,
    consts: &'a [Option<Attribute>],
    i: usize,
) -> Option<&'a Arc<DenseElements>> {
    let d = consts.get(i)?.as_ref()?.as_dense()?;
    let v = *body.op(op).operands().get(i)?;
    match body.ty(v) {
        Type::Tensor(t) if **t == *d.ty => Some(d),
        _ => None,
    }
}

/// The tensor type of the op's single result, shared (for building constants).
pub fn result_type(body: &Body, op: OpId) -> Option<Arc<TensorType>> {
    let data = body.op(op);
    if data.num_results() != 1 {
        return None;
    }
    match body.ty(data.result(0)) {
        Type::Tensor(t) => Some(t.clone()),
        _ => None,
    }
}

/// `FoldResult::Constant` of the op's result type holding `raws` (one raw value = splat).
pub fn fold_to_raw(body: &Body, op: OpId, raws: &[u64]) -> Option<FoldResult> {
    let ty = result_type(body, op)?;
    let d = dense_from_raw(ty, raws)?;
    Some(FoldResult::Constant(Attribute::Dense(Arc::new(d))))
}

/// `FoldResult::Value(v)` if `v` has exactly the type of the op's single result.
pub fn fold_to_value(body: &Body, op: OpId, v: ValueId) -> Option<FoldResult> {
    let data = body.op(op);
    (data.num_results() == 1 && body.ty(data.result(0)) == body.ty(v))
        .then_some(FoldResult::Value(v))
}

/// For each element of `out_shape` in row-major order, the linear index `Σ idx[d]·strides[d]`.
///
/// With a stride of 0 on broadcast dimensions this maps a result element to its operand
/// element; with permuted strides it maps a transposed element to its source.
pub fn index_map(out_shape: &[i64], strides: &[usize]) -> Vec<usize> {
    let n: usize = out_shape.iter().map(|&d| d.max(0) as usize).product();
    let rank = out_shape.len();
    let mut idx = vec![0i64; rank];
    let mut cur = 0usize;
    let mut res = Vec::with_capacity(n);
    for _ in 0..n {
        res.push(cur);
        for d in (0..rank).rev() {
            idx[d] += 1;
            cur += strides[d];
            if idx[d] < out_shape[d] {
                break;
            }
            cur -= strides[d] * out_shape[d] as usize;
            idx[d] = 0;
        }
    }
    res
}

/// Why a shape could not be inferred: the verifier's message (without the `'nn.op' op ` prefix).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ShapeError(pub String);

impl From<ShapeError> for String {
    fn from(e: ShapeError) -> String {
        e.0
    }
}

/// `Err(ShapeError(msg))`.
pub(crate) fn shape_err<T>(msg: impl Into<String>) -> Result<T, ShapeError> {
    Err(ShapeError(msg.into()))
}

/// The dimension a possibly negative `axis` names in a tensor of `rank` (numpy/ONNX rule).
pub fn normalize_axis(axis: i64, rank: usize) -> Option<usize> {
    let r = rank as i64;
    let a = if axis < 0 { axis.checked_add(r)? } else { axis };
    (0..r).contains(&a).then_some(a as usize)
}

/// Text of the valid range of an axis for `rank`: `[-2, 1]`.
pub(crate) fn axis_range(rank: usize) -> String {
    format!("[-{rank}, {}]", rank as i64 - 1)
}

/// `axis` normalised, or the message naming the attribute `name` and the valid range.
pub fn check_axis(name: &str, axis: i64, rank: usize) -> Result<usize, ShapeError> {
    match normalize_axis(axis, rank) {
        Some(a) => Ok(a),
        None if rank == 0 => shape_err(format!(
            "{name} {axis} is invalid for a rank-0 operand (it has no dimensions)"
        )),
        None => shape_err(format!(
            "{name} {axis} is out of range {} for rank {rank}",
            axis_range(rank)
        )),
    }
}

/// Every axis of `axes` normalised (in the given order), each in range and none repeated.
pub fn check_axes(name: &str, axes: &[i64], rank: usize) -> Result<Vec<usize>, ShapeError> {
    let mut seen = vec![false; rank];
    let mut out = Vec::with_capacity(axes.len());
    for &a in axes {
        let d = normalize_axis(a, rank).ok_or_else(|| {
            ShapeError(format!(
                "{name} {} has {a}, out of range {} for rank {rank}",
                fmt_list(axes),
                axis_range(rank)
            ))
        })?;
        if std::mem::replace(&mut seen[d], true) {
            return shape_err(format!(
                "{name} {} refer to dimension {d} more than once",
                fmt_list(axes)
            ));
        }
        out.push(d);
    }
    Ok(out)
}

/// Reads a list attribute of exactly `N` values, each `>= min`, or `default` when absent.
pub(crate) fn fixed_list<const N: usize>(
    name: &str,
    value: Option<Vec<i64>>,
    default: [i64; N],
    min: i64,
) -> Result<[i64; N], String> {
    let Some(v) = value else {
        return Ok(default);
    };
    let arr: [i64; N] = v.as_slice().try_into().map_err(|_| {
        format!(
            "{name} {} must have {N} values, but has {}",
            fmt_list(&v),
            v.len()
        )
    })?;
    if arr.iter().any(|&x| x < min) {
        return Err(format!("{name} {} must all be >= {min}", fmt_list(&v)));
    }
    Ok(arr)
}

/// Checks that the element type is a float type.
pub fn require_float(elem: Scalar) -> Result<(), String> {
    if elem.is_float() {
        Ok(())
    } else {
        Err(format!("requires a float element type, but got {elem}"))
    }
}

/// Checks that the result shape equals the inferred one.
pub fn check_result_shape(res: &TensorType, want: &[i64]) -> Result<(), String> {
    if res.shape[..] == *want {
        Ok(())
    } else {
        Err(format!(
            "result shape {} does not match the inferred shape {}",
            fmt_list(&res.shape),
            fmt_list(want)
        ))
    }
}

/// Checks that the operand `t` (called `name` in messages) has the input element type `elem`.
pub fn check_operand_elem(name: &str, t: &TensorType, elem: Scalar) -> Result<(), String> {
    if t.elem == elem {
        Ok(())
    } else {
        Err(format!(
            "{name} element type {} does not match the input element type {elem}",
            t.elem
        ))
    }
}

/// Checks that the result type equals the operand (input) type.
pub fn check_same_type(input: &TensorType, res: &TensorType) -> Result<(), String> {
    check_result_elem(input.elem, res.elem)?;
    if input.shape == res.shape {
        Ok(())
    } else {
        Err(format!(
            "result shape {} does not match the input shape {}",
            fmt_list(&res.shape),
            fmt_list(&input.shape)
        ))
    }
}

/// Checks that the op has at most `max` operands (for ops with optional trailing operands).
pub fn check_max_operands(f: &Func, op: OpId, max: usize, what: &str) -> Result<(), String> {
    let n = f.body.op(op).operands().len();
    if n <= max {
        Ok(())
    } else {
        Err(format!(
            "requires at most {max} operands ({what}), but found {n}"
        ))
    }
}

/// The value of optional operand `i` of `op`, if present.
pub fn optional_operand(body: &Body, op: OpId, i: usize) -> Option<ValueId> {
    body.op(op).operands().get(i).copied()
}

/// The numpy broadcast of several shapes, or the message naming them all.
pub fn broadcast_all(shapes: &[&[i64]]) -> Result<Vec<i64>, ShapeError> {
    let mut acc: Vec<i64> = Vec::new();
    for s in shapes {
        match crate::elementwise::broadcast_shapes(&acc, s) {
            Some(b) => acc = b,
            None => {
                let mut names: Vec<String> = shapes.iter().map(|s| fmt_list(s)).collect();
                let last = names.pop().unwrap_or_default();
                return shape_err(format!(
                    "operand shapes {} and {last} are not broadcast-compatible",
                    names.join(", ")
                ));
            }
        }
    }
    Ok(acc)
}
