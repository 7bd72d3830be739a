//! Normalisation: `nn.softmax` and `nn.log_softmax` along one axis, `nn.layer_norm` over the
//! trailing dimensions from an axis, and inference-form `nn.batch_norm` over channels (NC…).

use crate::common::{
    check_axis, check_operand_elem, check_same_type, fmt_list, operand_tensor, optional_operand,
    require_float, result_tensor, shape_err, ShapeError,
};
use crate::math::verify_float_unary;
use neuron_ir::registry::{traits, FloatAttr, IntAttr};
use neuron_ir::{define_op, Body, Func, OpId, ValueId};

/// Default `epsilon` of `nn.layer_norm` and `nn.batch_norm`.
pub const NORM_EPSILON: f64 = 1e-5;

const SAME: u32 = traits::PURE | traits::SAME_OPERANDS_AND_RESULT_TYPE;

define_op! {
    /// `nn.softmax {axis}`: `exp(x) / Σ exp(x)` along `axis` (default -1).
    pub struct SoftmaxOp = "nn.softmax" {
        summary: "softmax along one axis",
        operands: [input],
        results: [result],
        attrs: [optional axis: IntAttr],
        traits: SAME,
        verify: Some(verify_softmax),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.log_softmax {axis}`: `x − log Σ exp(x)` along `axis` (default -1).
    pub struct LogSoftmaxOp = "nn.log_softmax" {
        summary: "log of softmax along one axis",
        operands: [input],
        results: [result],
        attrs: [optional axis: IntAttr],
        traits: SAME,
        verify: Some(verify_log_softmax),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.layer_norm {axis, epsilon}`: normalises over dimensions `axis..rank`, then scales
    /// (and shifts, if a bias is given); `scale` and `bias` have shape `input.shape[axis:]`.
    pub struct LayerNormOp = "nn.layer_norm" {
        summary: "layer normalisation over the trailing dimensions",
        operands: [input, ..params],
        results: [result],
        attrs: [optional axis: IntAttr, optional epsilon: FloatAttr],
        traits: traits::PURE,
        verify: Some(verify_layer_norm),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.batch_norm {epsilon}`: `(x − mean) / sqrt(var + epsilon) · scale + bias` per channel
    /// (dimension 1); every parameter has shape `[C]`.
    pub struct BatchNormOp = "nn.batch_norm" {
        summary: "batch normalisation, inference form (NC… layout)",
        operands: [input, scale, bias, mean, var],
        results: [result],
        attrs: [optional epsilon: FloatAttr],
        traits: traits::PURE,
        verify: Some(verify_batch_norm),
        fold: None,
        canonicalize: None,
    }
}

impl SoftmaxOp {
    /// The `axis` attribute as written (may be negative), or -1.
    pub fn axis_or_default(self, body: &Body) -> i64 {
        self.axis(body).unwrap_or(-1)
    }
}

impl LogSoftmaxOp {
    /// The `axis` attribute as written (may be negative), or -1.
    pub fn axis_or_default(self, body: &Body) -> i64 {
        self.axis(body).unwrap_or(-1)
    }
}

impl LayerNormOp {
    /// The `axis` attribute as written (may be negative), or -1.
    pub fn axis_or_default(self, body: &Body) -> i64 {
        self.axis(body).unwrap_or(-1)
    }

    /// The `epsilon` attribute, or 1e-5.
    pub fn epsilon_or_default(self, body: &Body) -> f64 {
        self.epsilon(body).unwrap_or(NORM_EPSILON)
    }

    /// The scale operand (`params[0]`), if present.
    pub fn scale_operand(self, body: &Body) -> Option<ValueId> {
        optional_operand(body, self.0, 1)
    }

    /// The bias operand (`params[1]`), if present.
    pub fn bias_operand(self, body: &Body) -> Option<ValueId> {
        optional_operand(body, self.0, 2)
    }
}

impl BatchNormOp {
    /// The `epsilon` attribute, or 1e-5.
    pub fn epsilon_or_default(self, body: &Body) -> f64 {
        self.epsilon(body).unwrap_or(NORM_EPSILON)
    }
}

fn verify_softmax(f: &Func, op: OpId) -> Result<(), String> {
    verify_float_unary(f, op)?;
    let rank = operand_tensor(f, op, 0)?.rank();
    check_axis("axis", SoftmaxOp(op).axis_or_default(&f.body), rank)?;
    Ok(())
}

fn verify_log_softmax(f: &Func, op: OpId) -> Result<(), String> {
    verify_float_unary(f, op)?;
    let rank = operand_tensor(f, op, 0)?.rank();
    check_axis("axis", LogSoftmaxOp(op).axis_or_default(&f.body), rank)?;
    Ok(())
}

/// The shape of `nn.layer_norm`'s scale and bias: `shape[axis..]`.
pub fn layer_norm_param_shape(shape: &[i64], axis: i64) -> Result<Vec<i64>, ShapeError> {
    let a = check_axis("axis", axis, shape.len())?;
    Ok(shape[a..].to_vec())
}

/// Checks that `epsilon` is finite and non-negative.
fn check_epsilon(eps: f64) -> Result<(), String> {
    if eps.is_finite() && eps >= 0.0 {
        Ok(())
    } else {
        Err(format!("epsilon {eps} must be finite and >= 0"))
    }
}

fn verify_layer_norm(f: &Func, op: OpId) -> Result<(), String> {
    let n = f.body.op(op).operands().len();
    if !(2..=3).contains(&n) {
        return Err(format!(
            "requires 2 or 3 operands (input, scale and an optional bias), but found {n}"
        ));
    }
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    require_float(input.elem)?;
    check_same_type(input, res)?;
    let ln = LayerNormOp(op);
    check_epsilon(ln.epsilon_or_default(&f.body))?;
    let want = layer_norm_param_shape(&input.shape, ln.axis_or_default(&f.body))?;
    for (i, name) in [(1, "scale"), (2, "bias")].into_iter().take(n - 1) {
        let p = operand_tensor(f, op, i)?;
        check_operand_elem(name, p, input.elem)?;
        if p.shape[..] != want[..] {
            return Err(format!(
                "{name} shape {} does not match the normalised shape {} (input dimensions from the axis on)",
                fmt_list(&p.shape),
                fmt_list(&want)
            ));
        }
    }
    Ok(())
}

/// The shape `[C]` of `nn.batch_norm`'s parameters for an NC… input.
pub fn batch_norm_param_shape(shape: &[i64]) -> Result<[i64; 1], ShapeError> {
    match shape {
        [_, c, ..] => Ok([*c]),
        _ => shape_err(format!(
            "input must have rank >= 2 (N, C, ...), but has rank {}",
            shape.len()
        )),
    }
}

fn verify_batch_norm(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    require_float(input.elem)?;
    check_same_type(input, res)?;
    check_epsilon(BatchNormOp(op).epsilon_or_default(&f.body))?;
    let want = batch_norm_param_shape(&input.shape)?;
    for (i, name) in ["scale", "bias", "mean", "var"].into_iter().enumerate() {
        let p = operand_tensor(f, op, i + 1)?;
        check_operand_elem(name, p, input.elem)?;
        if p.shape[..] != want[..] {
            return Err(format!(
                "{name} shape {} must be {} (the channel count)",
                fmt_list(&p.shape),
                fmt_list(&want)
            ));
        }
    }
    Ok(())
}
