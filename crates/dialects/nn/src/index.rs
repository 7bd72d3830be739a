//! Index-producing and index-consuming ops: `nn.argmax` / `nn.argmin` (i64 positions along one
//! axis), the running sum and product `nn.cumsum` / `nn.cumprod {axis, exclusive, reverse}` and
//! `nn.gather_elements {axis}`.

use crate::common::{
    check_axis, check_result_elem, check_result_shape, fmt_list, operand_tensor, result_tensor,
    ShapeError,
};
use crate::reduce::reduce_shape;
use neuron_ir::registry::{traits, BoolAttr, IntAttr};
use neuron_ir::{define_op, Body, Func, OpId, Scalar};

/// Declares `nn.argmax` / `nn.argmin`.
macro_rules! arg_op {
    ($(#[$m:meta])* $view:ident = $name:literal, $summary:literal) => {
        define_op! {
            $(#[$m])*
            pub struct $view = $name {
                summary: $summary,
                operands: [input],
                results: [result],
                attrs: [optional axis: IntAttr, optional keepdims: BoolAttr,
                        optional select_last_index: BoolAttr],
                traits: traits::PURE,
                verify: Some(verify_arg),
                fold: None,
                canonicalize: None,
            }
        }

        impl $view {
            /// The `axis` attribute, or 0.
            pub fn axis_or_default(self, body: &Body) -> i64 {
                self.axis(body).unwrap_or(0)
            }

            /// The `keepdims` attribute, or true.
            pub fn keepdims_or_default(self, body: &Body) -> bool {
                self.keepdims(body).unwrap_or(true)
            }

            /// The `select_last_index` attribute, or false (the first extreme wins).
            pub fn select_last_index_or_default(self, body: &Body) -> bool {
                self.select_last_index(body).unwrap_or(false)
            }
        }
    };
}

arg_op!(
    /// `nn.argmax {axis, keepdims, select_last_index}`: the i64 position of the largest value
    /// along `axis` (NaN counts as the largest; ties: the first, or the last with
    /// `select_last_index`).
    ArgMaxOp = "nn.argmax", "position of the maximum along an axis"
);
arg_op!(
    /// `nn.argmin {axis, keepdims, select_last_index}`: the i64 position of the smallest value
    /// along `axis` (NaN counts as the smallest; ties as `nn.argmax`).
    ArgMinOp = "nn.argmin", "position of the minimum along an axis"
);

/// Declares a running accumulation along one axis (`nn.cumsum`, `nn.cumprod`) and its defaults.
macro_rules! running_op {
    ($(#[$m:meta])* $view:ident = $name:literal, $summary:literal) => {
        define_op! {
            $(#[$m])*
            pub struct $view = $name {
                summary: $summary,
                operands: [input],
                results: [result],
                attrs: [required axis: IntAttr, optional exclusive: BoolAttr, optional reverse: BoolAttr],
                traits: traits::PURE | traits::SAME_OPERANDS_AND_RESULT_TYPE,
                verify: Some(verify_running),
                fold: None,
                canonicalize: None,
            }
        }

        impl $view {
            /// The `exclusive` attribute, or false.
            pub fn exclusive_or_default(self, body: &Body) -> bool {
                self.exclusive(body).unwrap_or(false)
            }

            /// The `reverse` attribute, or false.
            pub fn reverse_or_default(self, body: &Body) -> bool {
                self.reverse(body).unwrap_or(false)
            }
        }
    };
}

running_op!(
    /// `nn.cumsum {axis, exclusive, reverse}`: running sums along `axis`; `exclusive` leaves
    /// the current element out (the first sum is 0), `reverse` sums from the end.
    CumSumOp = "nn.cumsum", "cumulative sum along an axis"
);
running_op!(
    /// `nn.cumprod {axis, exclusive, reverse}`: running products along `axis`; `exclusive`
    /// leaves the current element out (the first product is 1), `reverse` multiplies from the end.
    CumProdOp = "nn.cumprod", "cumulative product along an axis"
);

define_op! {
    /// `nn.gather_elements {axis}`: `out[i…] = data[i… with index(axis) = indices[i…]]`; the
    /// result has the shape of `indices` (negative indices count from the end).
    pub struct GatherElementsOp = "nn.gather_elements" {
        summary: "gathers elements along an axis by an index tensor of the same rank",
        operands: [data, indices],
        results: [result],
        attrs: [optional axis: IntAttr],
        traits: traits::PURE,
        verify: Some(verify_gather_elements),
        fold: None,
        canonicalize: None,
    }
}

impl GatherElementsOp {
    /// The `axis` attribute, or 0.
    pub fn axis_or_default(self, body: &Body) -> i64 {
        self.axis(body).unwrap_or(0)
    }
}

/// The result shape of `nn.argmax` / `nn.argmin`: `axis` becomes 1 or disappears.
pub fn arg_reduce_shape(shape: &[i64], axis: i64, keepdims: bool) -> Result<Vec<i64>, ShapeError> {
    let d = check_axis("axis", axis, shape.len())?;
    reduce_shape(shape, Some(&[d as i64]), keepdims)
}

fn verify_arg(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    if res.elem != Scalar::I64 {
        return Err(format!(
            "result element type must be i64, but got {}",
            res.elem
        ));
    }
    let b = &f.body;
    let data = b.op(op);
    let axis = data.attr("axis").and_then(|a| a.as_int()).unwrap_or(0);
    let keep = data
        .attr("keepdims")
        .and_then(|a| a.as_bool())
        .unwrap_or(true);
    let want = arg_reduce_shape(&input.shape, axis, keep)?;
    if input.shape[check_axis("axis", axis, input.rank())?] == 0 {
        return Err("the reduced axis must not be empty".into());
    }
    check_result_shape(res, &want)
}

fn verify_running(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    if input != res {
        return Err("result type must match the operand type".into());
    }
    if input.elem == Scalar::I1 {
        return Err("is not defined for i1".into());
    }
    let axis =
        (f.body.op(op).attr("axis").and_then(|a| a.as_int())).ok_or("requires attribute 'axis'")?;
    check_axis("axis", axis, input.rank())?;
    Ok(())
}

/// The result shape of `nn.gather_elements`: the shape of `indices`, which must have the
/// rank of `data` and no dimension larger than `data`'s except along `axis`.
pub fn gather_elements_shape(
    data: &[i64],
    indices: &[i64],
    axis: i64,
) -> Result<Vec<i64>, ShapeError> {
    let a = check_axis("axis", axis, data.len())?;
    if data.len() != indices.len() {
        return Err(ShapeError(format!(
            "indices shape {} must have the rank of the data shape {}",
            fmt_list(indices),
            fmt_list(data)
        )));
    }
    let too_big = (0..data.len()).find(|&d| d != a && indices[d] > data[d]);
    if let Some(d) = too_big {
        return Err(ShapeError(format!(
            "indices shape {} exceeds the data shape {} in dimension {d}",
            fmt_list(indices),
            fmt_list(data)
        )));
    }
    Ok(indices.to_vec())
}

fn verify_gather_elements(f: &Func, op: OpId) -> Result<(), String> {
    let data = operand_tensor(f, op, 0)?;
    let idx = operand_tensor(f, op, 1)?;
    let res = result_tensor(f, op, 0)?;
    if !matches!(idx.elem, Scalar::I32 | Scalar::I64) {
        return Err(format!(
            "indices element type must be i32 or i64, but got {}",
            idx.elem
        ));
    }
    check_result_elem(data.elem, res.elem)?;
    let axis = GatherElementsOp(op).axis_or_default(&f.body);
    check_result_shape(res, &gather_elements_shape(&data.shape, &idx.shape, axis)?)
}
