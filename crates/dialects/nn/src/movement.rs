//! Data movement: `nn.concat` along an axis, `nn.gather` (ONNX Gather), `nn.pad` (constant
//! mode, ONNX pads layout) and `nn.expand` (numpy broadcast to the result's shape).
//! Any element type; the result's element type is the data's.

use crate::common::{
    check_axis, check_result_elem, check_result_shape, fmt_list, operand_tensor, result_tensor,
    shape_err, ShapeError,
};
use neuron_ir::registry::{traits, FloatAttr, I64ArrayAttr, IntAttr};
use neuron_ir::{define_op, Body, Func, OpId, Scalar};

define_op! {
    /// `nn.concat {axis}`: the operands joined along `axis` (all other dimensions equal).
    pub struct ConcatOp = "nn.concat" {
        summary: "concatenates tensors along an axis",
        operands: [..inputs],
        results: [result],
        attrs: [required axis: IntAttr],
        traits: traits::PURE,
        verify: Some(verify_concat),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.gather {axis}`: `data` indexed along `axis` by every element of `indices`
    /// (i32/i64; negative indices count from the end; out of range is a run-time error).
    pub struct GatherOp = "nn.gather" {
        summary: "gathers slices of data along an axis (embedding lookup)",
        operands: [data, indices],
        results: [result],
        attrs: [optional axis: IntAttr],
        traits: traits::PURE,
        verify: Some(verify_gather),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.pad {pads, value}`: constant padding; `pads` = `[x1_begin, x2_begin, …, x1_end, …]`.
    pub struct PadOp = "nn.pad" {
        summary: "pads a tensor with a constant",
        operands: [input],
        results: [result],
        attrs: [required pads: I64ArrayAttr, optional value: FloatAttr],
        traits: traits::PURE,
        verify: Some(verify_pad),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.expand`: the input broadcast (numpy rules) to the result type's shape.
    pub struct ExpandOp = "nn.expand" {
        summary: "broadcasts a tensor to the result shape",
        operands: [input],
        results: [result],
        attrs: [],
        traits: traits::PURE,
        verify: Some(verify_expand),
        fold: None,
        canonicalize: None,
    }
}

impl GatherOp {
    /// The `axis` attribute as written (may be negative), or 0.
    pub fn axis_or_default(self, body: &Body) -> i64 {
        self.axis(body).unwrap_or(0)
    }
}

impl PadOp {
    /// The `value` attribute, or 0.0.
    pub fn value_or_default(self, body: &Body) -> f64 {
        self.value(body).unwrap_or(0.0)
    }
}

/// The result shape of concatenating `inputs` along `axis`.
pub fn concat_shape(inputs: &[&[i64]], axis: i64) -> Result<Vec<i64>, ShapeError> {
    let Some(first) = inputs.first() else {
        return shape_err("requires at least 1 operand");
    };
    let a = check_axis("axis", axis, first.len())?;
    let mut out = first.to_vec();
    for (i, s) in inputs.iter().enumerate().skip(1) {
        if s.len() != first.len() {
            return shape_err(format!(
                "operand #{i} has rank {}, but operand #0 has rank {}",
                s.len(),
                first.len()
            ));
        }
        if let Some(d) = (0..s.len()).find(|&d| d != a && s[d] != first[d]) {
            return shape_err(format!(
                "operand #{i} has size {} in dimension {d}, but operand #0 has {} \
                 (only the concatenation axis {a} may differ)",
                s[d], first[d]
            ));
        }
        out[a] = out[a]
            .checked_add(s[a])
            .ok_or_else(|| ShapeError("the concatenated size overflows i64".into()))?;
    }
    Ok(out)
}

fn verify_concat(f: &Func, op: OpId) -> Result<(), String> {
    let n = f.body.op(op).operands().len();
    let mut tensors = Vec::with_capacity(n);
    for i in 0..n {
        tensors.push(operand_tensor(f, op, i)?);
    }
    let res = result_tensor(f, op, 0)?;
    if let Some(first) = tensors.first() {
        if let Some((i, t)) = tensors
            .iter()
            .enumerate()
            .find(|(_, t)| t.elem != first.elem)
        {
            return Err(format!(
                "operand #{i} element type {} does not match operand #0 element type {}",
                t.elem, first.elem
            ));
        }
        check_result_elem(first.elem, res.elem)?;
    }
    let axis = ConcatOp(op)
        .axis(&f.body)
        .ok_or("requires attribute 'axis'")?;
    let shapes: Vec<&[i64]> = tensors.iter().map(|t| &t.shape[..]).collect();
    check_result_shape(res, &concat_shape(&shapes, axis)?)
}

/// The result shape of `nn.gather`: `data[:axis] + indices + data[axis+1:]`.
pub fn gather_shape(data: &[i64], indices: &[i64], axis: i64) -> Result<Vec<i64>, ShapeError> {
    let a = check_axis("axis", axis, data.len())?;
    let mut out = data[..a].to_vec();
    out.extend_from_slice(indices);
    out.extend_from_slice(&data[a + 1..]);
    Ok(out)
}

fn verify_gather(f: &Func, op: OpId) -> Result<(), String> {
    let data = operand_tensor(f, op, 0)?;
    let indices = operand_tensor(f, op, 1)?;
    let res = result_tensor(f, op, 0)?;
    if !matches!(indices.elem, Scalar::I32 | Scalar::I64) {
        return Err(format!(
            "indices element type must be i32 or i64, but got {}",
            indices.elem
        ));
    }
    check_result_elem(data.elem, res.elem)?;
    let axis = GatherOp(op).axis_or_default(&f.body);
    check_result_shape(res, &gather_shape(&data.shape, &indices.shape, axis)?)
}

/// The result shape of `nn.pad`: each dimension grows by its begin and end pads.
pub fn pad_shape(shape: &[i64], pads: &[i64]) -> Result<Vec<i64>, ShapeError> {
    let r = shape.len();
    if pads.len() != 2 * r {
        return shape_err(format!(
            "pads {} must have {} values (begin and end for each of the {r} dimensions), but has {}",
            fmt_list(pads),
            2 * r,
            pads.len()
        ));
    }
    if pads.iter().any(|&p| p < 0) {
        return shape_err(format!("pads {} must all be >= 0", fmt_list(pads)));
    }
    (0..r)
        .map(|i| {
            shape[i]
                .checked_add(pads[i])
                .and_then(|v| v.checked_add(pads[i + r]))
                .ok_or_else(|| ShapeError(format!("padded dimension {i} overflows i64")))
        })
        .collect()
}

fn verify_pad(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    check_result_elem(input.elem, res.elem)?;
    let p = PadOp(op);
    let pads = p.pads(&f.body).ok_or("requires attribute 'pads'")?;
    let value = p.value_or_default(&f.body);
    if !input.elem.is_float() && value.fract() != 0.0 {
        return Err(format!(
            "pad value {value} is not an integer, but the element type is {}",
            input.elem
        ));
    }
    check_result_shape(res, &pad_shape(&input.shape, &pads)?)
}

/// Checks that `input` broadcasts (numpy rules) to exactly `target`; returns `target`.
pub fn expand_shape(input: &[i64], target: &[i64]) -> Result<Vec<i64>, ShapeError> {
    let fits = input.len() <= target.len()
        && input
            .iter()
            .rev()
            .zip(target.iter().rev())
            .all(|(&i, &t)| i == t || i == 1);
    if fits {
        Ok(target.to_vec())
    } else {
        shape_err(format!(
            "input shape {} cannot be broadcast to the result shape {}",
            fmt_list(input),
            fmt_list(target)
        ))
    }
}

fn verify_expand(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    check_result_elem(input.elem, res.elem)?;
    expand_shape(&input.shape, &res.shape)?;
    Ok(())
}
