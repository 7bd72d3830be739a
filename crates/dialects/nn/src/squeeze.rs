//! Rank-changing views: `nn.squeeze` (drops size-1 dimensions), `nn.unsqueeze` (inserts them)
//! and `nn.flatten` (to 2-D around an axis). Elements keep their row-major order.

use crate::common::{
    check_axes, check_result_elem, check_result_shape, fmt_list, operand_tensor, result_tensor,
    shape_err, ShapeError,
};
use neuron_ir::registry::{traits, I64ArrayAttr, IntAttr};
use neuron_ir::{define_op, Body, Func, OpId};

define_op! {
    /// `nn.squeeze {axes}`: removes the listed size-1 dimensions (all of them when absent).
    pub struct SqueezeOp = "nn.squeeze" {
        summary: "removes dimensions of size 1",
        operands: [input],
        results: [result],
        attrs: [optional axes: I64ArrayAttr],
        traits: traits::PURE,
        verify: Some(verify_squeeze),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.unsqueeze {axes}`: inserts size-1 dimensions at `axes` (positions in the result).
    pub struct UnsqueezeOp = "nn.unsqueeze" {
        summary: "inserts dimensions of size 1",
        operands: [input],
        results: [result],
        attrs: [required axes: I64ArrayAttr],
        traits: traits::PURE,
        verify: Some(verify_unsqueeze),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.flatten {axis}`: `[d0 … d(axis-1), d(axis) … dn]` → `[Π d(<axis), Π d(>=axis)]`.
    pub struct FlattenOp = "nn.flatten" {
        summary: "flattens a tensor to 2-D around an axis",
        operands: [input],
        results: [result],
        attrs: [optional axis: IntAttr],
        traits: traits::PURE,
        verify: Some(verify_flatten),
        fold: None,
        canonicalize: None,
    }
}

impl SqueezeOp {
    /// The squeezed dimensions, normalised and sorted: the `axes` attribute, or every size-1
    /// dimension of the input when it is absent (empty for a malformed attribute).
    pub fn axes_or_default(self, body: &Body) -> Vec<usize> {
        let shape = (body.op(self.0).operands().first())
            .and_then(|&v| body.ty(v).as_tensor())
            .map(|t| t.shape.to_vec())
            .unwrap_or_default();
        squeeze_axes(&shape, self.axes(body).as_deref()).unwrap_or_default()
    }
}

impl FlattenOp {
    /// The `axis` attribute as written (may be negative), or 1.
    pub fn axis_or_default(self, body: &Body) -> i64 {
        self.axis(body).unwrap_or(1)
    }
}

/// The dimensions `nn.squeeze` removes, sorted: every size-1 one for `None`, else `axes`
/// checked to be in range, unique and of size 1.
pub fn squeeze_axes(shape: &[i64], axes: Option<&[i64]>) -> Result<Vec<usize>, ShapeError> {
    let Some(axes) = axes else {
        return Ok((0..shape.len()).filter(|&d| shape[d] == 1).collect());
    };
    let mut dims = check_axes("axes", axes, shape.len())?;
    if let Some(&d) = dims.iter().find(|&&d| shape[d] != 1) {
        return shape_err(format!(
            "cannot squeeze dimension {d} of size {} (axes {})",
            shape[d],
            fmt_list(axes)
        ));
    }
    dims.sort_unstable();
    Ok(dims)
}

/// The result shape of `nn.squeeze`.
pub fn squeeze_shape(shape: &[i64], axes: Option<&[i64]>) -> Result<Vec<i64>, ShapeError> {
    let dims = squeeze_axes(shape, axes)?;
    Ok((0..shape.len())
        .filter(|d| !dims.contains(d))
        .map(|d| shape[d])
        .collect())
}

fn verify_squeeze(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    check_result_elem(input.elem, res.elem)?;
    let axes = SqueezeOp(op).axes(&f.body);
    check_result_shape(res, &squeeze_shape(&input.shape, axes.as_deref())?)
}

/// The result shape of `nn.unsqueeze`: `axes` index the result (rank + len(axes) dimensions).
pub fn unsqueeze_shape(shape: &[i64], axes: &[i64]) -> Result<Vec<i64>, ShapeError> {
    let rank = shape.len() + axes.len();
    let dims = check_axes("axes", axes, rank)?;
    let mut rest = shape.iter();
    Ok((0..rank)
        .map(|d| match dims.contains(&d) {
            true => 1,
            false => *rest.next().unwrap_or(&1),
        })
        .collect())
}

fn verify_unsqueeze(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    check_result_elem(input.elem, res.elem)?;
    let axes = UnsqueezeOp(op)
        .axes(&f.body)
        .ok_or("requires attribute 'axes'")?;
    check_result_shape(res, &unsqueeze_shape(&input.shape, &axes)?)
}

/// The result shape of `nn.flatten`; `axis` may be `-rank..=rank`.
pub fn flatten_shape(shape: &[i64], axis: i64) -> Result<[i64; 2], ShapeError> {
    let r = shape.len() as i64;
    let a = if axis < 0 { axis + r } else { axis };
    if !(0..=r).contains(&a) {
        return shape_err(format!(
            "axis {axis} is out of range [-{r}, {r}] for rank {r}"
        ));
    }
    let product = |dims: &[i64]| {
        dims.iter()
            .try_fold(1i64, |acc, &d| acc.checked_mul(d))
            .ok_or_else(|| ShapeError("the flattened size overflows i64".into()))
    };
    let (outer, inner) = shape.split_at(a as usize);
    Ok([product(outer)?, product(inner)?])
}

fn verify_flatten(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    check_result_elem(input.elem, res.elem)?;
    let axis = FlattenOp(op).axis_or_default(&f.body);
    check_result_shape(res, &flatten_shape(&input.shape, axis)?)
}
