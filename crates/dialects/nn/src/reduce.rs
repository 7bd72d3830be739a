//! Reductions `nn.reduce_sum`, `nn.reduce_mean`, `nn.reduce_max`, `nn.reduce_min`,
//! `nn.reduce_prod` over a set of axes
//! (ONNX: absent or empty `axes` reduce every axis; `keepdims` defaults to true).

use crate::common::{
    check_axes, check_result_elem, check_result_shape, operand_tensor, result_tensor, ShapeError,
};
use neuron_ir::registry::{traits, BoolAttr, I64ArrayAttr, OpView};
use neuron_ir::{Body, Func, OpId};

/// Declares a reduction op and its default helpers.
macro_rules! reduce_op {
    ($(#[$m:meta])* $view:ident = $name:literal, $summary:literal) => {
        neuron_ir::define_op! {
            $(#[$m])*
            pub struct $view = $name {
                summary: $summary,
                operands: [input],
                results: [result],
                attrs: [optional axes: I64ArrayAttr, optional keepdims: BoolAttr],
                traits: traits::PURE,
                verify: Some(verify_reduce),
                fold: None,
                canonicalize: None,
            }
        }

        impl $view {
            /// The reduced dimensions, normalised and sorted: the `axes` attribute, or every
            /// dimension when it is absent or empty (empty for a malformed one).
            pub fn axes_or_default(self, body: &Body) -> Vec<usize> {
                reduced_dims(body, self.id())
            }

            /// The `keepdims` attribute, or true.
            pub fn keepdims_or_default(self, body: &Body) -> bool {
                self.keepdims(body).unwrap_or(true)
            }
        }
    };
}

reduce_op!(
    /// `nn.reduce_sum {axes, keepdims}`: the sum over `axes`.
    ReduceSumOp = "nn.reduce_sum", "sum over axes"
);
reduce_op!(
    /// `nn.reduce_mean {axes, keepdims}`: the mean over `axes`.
    ReduceMeanOp = "nn.reduce_mean", "mean over axes"
);
reduce_op!(
    /// `nn.reduce_max {axes, keepdims}`: the maximum over `axes` (NaN if any element is NaN).
    ReduceMaxOp = "nn.reduce_max", "maximum over axes"
);
reduce_op!(
    /// `nn.reduce_min {axes, keepdims}`: the minimum over `axes` (NaN if any element is NaN).
    ReduceMinOp = "nn.reduce_min", "minimum over axes"
);
reduce_op!(
    /// `nn.reduce_prod {axes, keepdims}`: the product over `axes`.
    ReduceProdOp = "nn.reduce_prod", "product over axes"
);

/// The dimensions a reduction reduces, normalised and sorted: every one for `None` or an
/// empty list (ONNX), else `axes` checked to be in range and unique.
pub fn reduce_axes(axes: Option<&[i64]>, rank: usize) -> Result<Vec<usize>, ShapeError> {
    match axes {
        None | Some([]) => Ok((0..rank).collect()),
        Some(a) => {
            let mut dims = check_axes("axes", a, rank)?;
            dims.sort_unstable();
            Ok(dims)
        }
    }
}

/// The result shape of a reduction: reduced dimensions become 1 (`keepdims`) or disappear.
pub fn reduce_shape(
    shape: &[i64],
    axes: Option<&[i64]>,
    keepdims: bool,
) -> Result<Vec<i64>, ShapeError> {
    let dims = reduce_axes(axes, shape.len())?;
    Ok(shape
        .iter()
        .enumerate()
        .filter_map(|(i, &d)| match (dims.contains(&i), keepdims) {
            (false, _) => Some(d),
            (true, true) => Some(1),
            (true, false) => None,
        })
        .collect())
}

/// The `axes` and `keepdims` attributes of any reduction op.
fn reduce_attrs(body: &Body, op: OpId) -> (Option<Vec<i64>>, bool) {
    let data = body.op(op);
    let axes = data.attr("axes").and_then(|a| a.as_i64_list());
    let keep = data
        .attr("keepdims")
        .and_then(|a| a.as_bool())
        .unwrap_or(true);
    (axes, keep)
}

fn reduced_dims(body: &Body, op: OpId) -> Vec<usize> {
    let (axes, _) = reduce_attrs(body, op);
    let rank = (body.op(op).operands().first())
        .and_then(|&v| body.ty(v).as_tensor())
        .map_or(0, |t| t.rank());
    reduce_axes(axes.as_deref(), rank).unwrap_or_default()
}

fn verify_reduce(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    check_result_elem(input.elem, res.elem)?;
    let (axes, keep) = reduce_attrs(&f.body, op);
    check_result_shape(res, &reduce_shape(&input.shape, axes.as_deref(), keep)?)
}
