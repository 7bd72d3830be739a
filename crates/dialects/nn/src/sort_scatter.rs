//! Selection and scatter ops: `nn.topk` / `nn.topk_indices` (the `k` largest or smallest
//! values along one axis, and their i64 positions), `nn.scatter_elements {axis, reduction}` and
//! `nn.scatter_nd {reduction}` (`nn.cumprod` is declared beside `nn.cumsum` in `index.rs`).
//!
//! TopK is two single-result ops (the interpreter executes single-result ops): an importer
//! emits one or both on the same input, each with the same attributes.

use crate::common::{
    check_axis, check_result_elem, check_result_shape, fmt_list, operand_tensor, result_tensor,
    ShapeError,
};
use neuron_ir::registry::{traits, BoolAttr, IntAttr, OpView, StrAttr};
use neuron_ir::{define_op, Body, Func, OpId, Scalar};

/// Declares `nn.topk` / `nn.topk_indices`.
macro_rules! topk_op {
    ($(#[$m:meta])* $view:ident = $name:literal, $summary:literal) => {
        define_op! {
            $(#[$m])*
            pub struct $view = $name {
                summary: $summary,
                operands: [input],
                results: [result],
                attrs: [required axis: IntAttr, required k: IntAttr,
                        optional largest: BoolAttr, optional sorted: BoolAttr],
                traits: traits::PURE,
                verify: Some(verify_topk),
                fold: None,
                canonicalize: None,
            }
        }

        impl $view {
            /// The `largest` attribute, or true (the largest values are selected).
            pub fn largest_or_default(self, body: &Body) -> bool {
                self.largest(body).unwrap_or(true)
            }

            /// The `sorted` attribute, or true (the selection is in order of value).
            pub fn sorted_or_default(self, body: &Body) -> bool {
                self.sorted(body).unwrap_or(true)
            }
        }
    };
}

topk_op!(
    /// `nn.topk {axis, k, largest, sorted}`: the `k` largest (or smallest) values along
    /// `axis`, best first; ties keep the lower index first; NaN is larger than every number.
    TopKOp = "nn.topk", "the k largest or smallest values along an axis"
);
topk_op!(
    /// `nn.topk_indices {axis, k, largest, sorted}`: the i64 positions along `axis` of the
    /// values `nn.topk` with the same attributes selects, in the same order.
    TopKIndicesOp = "nn.topk_indices", "positions of the k largest or smallest values"
);

define_op! {
    /// `nn.scatter_elements {axis, reduction}`: a copy of `data` where each `updates[i…]` is
    /// written to (or combined by `reduction` with) the element at `i…` with index(axis) =
    /// `indices[i…]`; negative indices count from the end.
    pub struct ScatterElementsOp = "nn.scatter_elements" {
        summary: "scatters elements along an axis by an index tensor of the same rank",
        operands: [data, indices, updates],
        results: [result],
        attrs: [optional axis: IntAttr, optional reduction: StrAttr],
        traits: traits::PURE,
        verify: Some(verify_scatter_elements),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.scatter_nd {reduction}`: a copy of `data` where each slice `updates[i…]` is written
    /// to (or combined by `reduction` with) `data[indices[i…]]` (the last dimension of
    /// `indices` indexes the leading dimensions of `data`).
    pub struct ScatterNdOp = "nn.scatter_nd" {
        summary: "scatters slices at index tuples",
        operands: [data, indices, updates],
        results: [result],
        attrs: [optional reduction: StrAttr],
        traits: traits::PURE,
        verify: Some(verify_scatter_nd),
        fold: None,
        canonicalize: None,
    }
}

/// How a scatter combines an update with the value already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScatterReduction {
    /// The update replaces the value.
    None,
    /// Sum.
    Add,
    /// Product.
    Mul,
    /// Maximum.
    Max,
    /// Minimum.
    Min,
}

impl ScatterReduction {
    /// Parses `none`, `add`, `mul`, `max` or `min`.
    pub fn parse(s: &str) -> Result<ScatterReduction, String> {
        Ok(match s {
            "none" => ScatterReduction::None,
            "add" => ScatterReduction::Add,
            "mul" => ScatterReduction::Mul,
            "max" => ScatterReduction::Max,
            "min" => ScatterReduction::Min,
            _ => {
                return Err(format!(
                "reduction must be \"none\", \"add\", \"mul\", \"max\" or \"min\", but got \"{s}\""
            ))
            }
        })
    }
}

impl ScatterElementsOp {
    /// The `axis` attribute, or 0.
    pub fn axis_or_default(self, body: &Body) -> i64 {
        self.axis(body).unwrap_or(0)
    }

    /// The parsed `reduction` attribute (`none` when absent).
    pub fn reduction_kind(self, body: &Body) -> Result<ScatterReduction, String> {
        ScatterReduction::parse(self.reduction(body).as_deref().unwrap_or("none"))
    }
}

impl ScatterNdOp {
    /// The parsed `reduction` attribute (`none` when absent).
    pub fn reduction_kind(self, body: &Body) -> Result<ScatterReduction, String> {
        ScatterReduction::parse(self.reduction(body).as_deref().unwrap_or("none"))
    }
}

/// The result shape of `nn.topk` / `nn.topk_indices`: `axis` becomes `k` (`0 <= k <= n`).
pub fn topk_shape(shape: &[i64], axis: i64, k: i64) -> Result<Vec<i64>, ShapeError> {
    let a = check_axis("axis", axis, shape.len())?;
    if k < 0 || k > shape[a] {
        return Err(ShapeError(format!(
            "k = {k} must be in [0, {}] (the size of axis {a})",
            shape[a]
        )));
    }
    let mut out = shape.to_vec();
    out[a] = k;
    Ok(out)
}

fn verify_topk(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    let data = f.body.op(op);
    let int = |name: &str| data.attr(name).and_then(|a| a.as_int());
    let axis = int("axis").ok_or("requires attribute 'axis'")?;
    let k = int("k").ok_or("requires attribute 'k'")?;
    if input.elem == Scalar::I1 {
        return Err("is not defined for i1".into());
    }
    if TopKIndicesOp::cast(&f.body, op).is_some() {
        if res.elem != Scalar::I64 {
            return Err(format!(
                "result element type must be i64, but got {}",
                res.elem
            ));
        }
    } else {
        check_result_elem(input.elem, res.elem)?;
    }
    check_result_shape(res, &topk_shape(&input.shape, axis, k)?)
}

/// Checks the operands of `nn.scatter_elements`: `indices` has `data`'s rank and no larger
/// dimension except along `axis`, and `updates` has `indices`' shape.
pub fn scatter_elements_check(
    data: &[i64],
    indices: &[i64],
    updates: &[i64],
    axis: i64,
) -> Result<(), ShapeError> {
    crate::gather_elements_shape(data, indices, axis)?;
    if indices != updates {
        return Err(ShapeError(format!(
            "updates shape {} must equal the indices shape {}",
            fmt_list(updates),
            fmt_list(indices)
        )));
    }
    Ok(())
}

/// Checks the operands of `nn.scatter_nd`: `indices` has rank >= 1 with a last dimension
/// `k <= rank(data)`, and `updates` has shape `indices[..-1] ++ data[k..]`.
pub fn scatter_nd_check(data: &[i64], indices: &[i64], updates: &[i64]) -> Result<(), ShapeError> {
    let Some((&k, batch)) = indices.split_last() else {
        return Err(ShapeError("indices must have rank >= 1".into()));
    };
    if k < 0 || k as usize > data.len() {
        return Err(ShapeError(format!(
            "the last indices dimension {k} must be in [0, {}] (the data rank)",
            data.len()
        )));
    }
    let want: Vec<i64> = batch.iter().chain(&data[k as usize..]).copied().collect();
    if want != updates {
        return Err(ShapeError(format!(
            "updates shape {} must be {} (indices shape {} on data shape {})",
            fmt_list(updates),
            fmt_list(&want),
            fmt_list(indices),
            fmt_list(data)
        )));
    }
    Ok(())
}

/// The common checks of the scatter ops: integer indices, `updates` and the result of
/// `data`'s type, a known reduction.
fn verify_scatter_common(f: &Func, op: OpId) -> Result<(), String> {
    let data = operand_tensor(f, op, 0)?;
    let idx = operand_tensor(f, op, 1)?;
    let upd = operand_tensor(f, op, 2)?;
    let res = result_tensor(f, op, 0)?;
    if !matches!(idx.elem, Scalar::I32 | Scalar::I64) {
        return Err(format!(
            "indices element type must be i32 or i64, but got {}",
            idx.elem
        ));
    }
    if upd.elem != data.elem {
        return Err(format!(
            "updates element type {} does not match the data element type {}",
            upd.elem, data.elem
        ));
    }
    check_result_elem(data.elem, res.elem)?;
    check_result_shape(res, &data.shape)?;
    let red = f.body.op(op).attr("reduction").and_then(|a| a.as_str());
    ScatterReduction::parse(red.unwrap_or("none")).map(|_| ())
}

fn verify_scatter_elements(f: &Func, op: OpId) -> Result<(), String> {
    verify_scatter_common(f, op)?;
    let (data, idx, upd) = (
        operand_tensor(f, op, 0)?,
        operand_tensor(f, op, 1)?,
        operand_tensor(f, op, 2)?,
    );
    let axis = ScatterElementsOp(op).axis_or_default(&f.body);
    Ok(scatter_elements_check(
        &data.shape,
        &idx.shape,
        &upd.shape,
        axis,
    )?)
}

fn verify_scatter_nd(f: &Func, op: OpId) -> Result<(), String> {
    verify_scatter_common(f, op)?;
    let (data, idx, upd) = (
        operand_tensor(f, op, 0)?,
        operand_tensor(f, op, 1)?,
        operand_tensor(f, op, 2)?,
    );
    Ok(scatter_nd_check(&data.shape, &idx.shape, &upd.shape)?)
}
