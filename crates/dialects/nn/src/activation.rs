//! Activations with attributes: `nn.leaky_relu {alpha}`, `nn.clip {min, max}` and
//! `nn.gelu {approximate}`. Float element types; the result type is the operand type.

use crate::math::verify_float_unary;
use neuron_ir::registry::{traits, FloatAttr, StrAttr};
use neuron_ir::{define_op, Body, Func, OpId};
use std::sync::Arc;

const UNARY: u32 = traits::PURE | traits::ELEMENTWISE | traits::SAME_OPERANDS_AND_RESULT_TYPE;

/// Default slope of `nn.leaky_relu` for negative inputs.
pub const LEAKY_RELU_ALPHA: f64 = 0.01;

define_op! {
    /// `nn.leaky_relu {alpha}`: `x >= 0 ? x : alpha · x` (alpha defaults to 0.01).
    pub struct LeakyReluOp = "nn.leaky_relu" {
        summary: "leaky rectified linear unit",
        operands: [input],
        results: [result],
        attrs: [optional alpha: FloatAttr],
        traits: UNARY,
        verify: Some(verify_float_unary),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.clip {min, max}`: `min(max(x, min), max)`; absent bounds are -inf and +inf.
    pub struct ClipOp = "nn.clip" {
        summary: "clamps values to [min, max]",
        operands: [input],
        results: [result],
        attrs: [optional min: FloatAttr, optional max: FloatAttr],
        traits: UNARY,
        verify: Some(verify_clip),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.gelu {approximate}`: `x · Φ(x)` exactly (`"none"`, the default) or by the tanh formula.
    pub struct GeluOp = "nn.gelu" {
        summary: "Gaussian error linear unit",
        operands: [input],
        results: [result],
        attrs: [optional approximate: StrAttr],
        traits: UNARY,
        verify: Some(verify_gelu),
        fold: None,
        canonicalize: None,
    }
}

impl LeakyReluOp {
    /// The `alpha` attribute, or 0.01 when absent.
    pub fn alpha_or_default(self, body: &Body) -> f64 {
        self.alpha(body).unwrap_or(LEAKY_RELU_ALPHA)
    }
}

impl ClipOp {
    /// The `min` attribute, or -inf when absent.
    pub fn min_or_default(self, body: &Body) -> f64 {
        self.min(body).unwrap_or(f64::NEG_INFINITY)
    }

    /// The `max` attribute, or +inf when absent.
    pub fn max_or_default(self, body: &Body) -> f64 {
        self.max(body).unwrap_or(f64::INFINITY)
    }
}

impl GeluOp {
    /// The `approximate` attribute, or `"none"` when absent.
    pub fn approximate_or_default(self, body: &Body) -> Arc<str> {
        self.approximate(body).unwrap_or_else(|| "none".into())
    }

    /// True if the op uses the tanh approximation (`approximate = "tanh"`).
    pub fn approximate_tanh(self, body: &Body) -> bool {
        &*self.approximate_or_default(body) == "tanh"
    }
}

fn verify_clip(f: &Func, op: OpId) -> Result<(), String> {
    verify_float_unary(f, op)?;
    let c = ClipOp(op);
    let (lo, hi) = (c.min_or_default(&f.body), c.max_or_default(&f.body));
    if lo.is_nan() || hi.is_nan() {
        return Err("min and max must not be NaN".into());
    }
    if lo > hi {
        return Err(format!("min {lo} is greater than max {hi}"));
    }
    Ok(())
}

fn verify_gelu(f: &Func, op: OpId) -> Result<(), String> {
    verify_float_unary(f, op)?;
    let mode = GeluOp(op).approximate_or_default(&f.body);
    if !matches!(&*mode, "none" | "tanh") {
        return Err(format!(
            "approximate must be \"none\" or \"tanh\", but got \"{mode}\""
        ));
    }
    Ok(())
}
