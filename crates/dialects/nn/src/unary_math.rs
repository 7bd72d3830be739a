//! More elementwise math: the trigonometric and hyperbolic functions and their inverses
//! (`nn.sin` … `nn.atanh`), rounding to integers (`nn.floor`, `nn.ceil`, `nn.round` with ties
//! to even), `nn.sign`, and the float classifiers `nn.is_nan` and
//! `nn.is_inf {detect_positive, detect_negative}` (`i1` result).

use crate::common::{check_result_shape, operand_tensor, require_float, result_tensor};
use crate::elementwise::verify_unary;
use crate::math::verify_float_unary;
use neuron_ir::registry::{traits, BoolAttr};
use neuron_ir::{define_op, Body, Func, OpId, Scalar};

const UNARY: u32 = traits::PURE | traits::ELEMENTWISE | traits::SAME_OPERANDS_AND_RESULT_TYPE;

/// Declares float unary ops whose result type is their operand type.
macro_rules! float_unary_ops {
    ($($(#[$m:meta])* $view:ident = $name:literal, $summary:literal;)*) => {
        $(
            define_op! {
                $(#[$m])*
                pub struct $view = $name {
                    summary: $summary,
                    operands: [input],
                    results: [result],
                    attrs: [],
                    traits: UNARY,
                    verify: Some(verify_float_unary),
                    fold: None,
                    canonicalize: None,
                }
            }
        )*
    };
}

float_unary_ops! {
    /// `nn.sin`: elementwise sine (radians).
    SinOp = "nn.sin", "elementwise sine";
    /// `nn.cos`: elementwise cosine (radians).
    CosOp = "nn.cos", "elementwise cosine";
    /// `nn.tan`: elementwise tangent (radians).
    TanOp = "nn.tan", "elementwise tangent";
    /// `nn.asin`: elementwise arcsine (NaN outside [-1, 1]).
    AsinOp = "nn.asin", "elementwise arcsine";
    /// `nn.acos`: elementwise arccosine (NaN outside [-1, 1]).
    AcosOp = "nn.acos", "elementwise arccosine";
    /// `nn.atan`: elementwise arctangent.
    AtanOp = "nn.atan", "elementwise arctangent";
    /// `nn.sinh`: elementwise hyperbolic sine.
    SinhOp = "nn.sinh", "elementwise hyperbolic sine";
    /// `nn.cosh`: elementwise hyperbolic cosine.
    CoshOp = "nn.cosh", "elementwise hyperbolic cosine";
    /// `nn.asinh`: elementwise inverse hyperbolic sine.
    AsinhOp = "nn.asinh", "elementwise inverse hyperbolic sine";
    /// `nn.acosh`: elementwise inverse hyperbolic cosine (NaN below 1).
    AcoshOp = "nn.acosh", "elementwise inverse hyperbolic cosine";
    /// `nn.atanh`: elementwise inverse hyperbolic tangent (±Inf at ±1, NaN beyond).
    AtanhOp = "nn.atanh", "elementwise inverse hyperbolic tangent";
    /// `nn.floor`: elementwise largest integer <= x.
    FloorOp = "nn.floor", "elementwise floor";
    /// `nn.ceil`: elementwise smallest integer >= x.
    CeilOp = "nn.ceil", "elementwise ceiling";
    /// `nn.round`: elementwise nearest integer, ties to even (2.5 → 2, -1.5 → -2).
    RoundOp = "nn.round", "elementwise round half to even";
}

define_op! {
    /// `nn.sign`: elementwise -1, 0 or 1 by the sign of x (floats: ±0 stays ±0, NaN stays NaN).
    pub struct SignOp = "nn.sign" {
        summary: "elementwise sign",
        operands: [input],
        results: [result],
        attrs: [],
        traits: UNARY,
        verify: Some(verify_unary),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.is_nan`: elementwise `x is NaN` as `i1`.
    pub struct IsNanOp = "nn.is_nan" {
        summary: "elementwise NaN test",
        operands: [input],
        results: [result],
        attrs: [],
        traits: traits::PURE | traits::ELEMENTWISE,
        verify: Some(verify_classify),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.is_inf {detect_positive, detect_negative}`: elementwise `x == +Inf` (when
    /// `detect_positive`, default true) or `x == -Inf` (when `detect_negative`, default true).
    pub struct IsInfOp = "nn.is_inf" {
        summary: "elementwise infinity test",
        operands: [input],
        results: [result],
        attrs: [optional detect_positive: BoolAttr, optional detect_negative: BoolAttr],
        traits: traits::PURE | traits::ELEMENTWISE,
        verify: Some(verify_classify),
        fold: None,
        canonicalize: None,
    }
}

impl IsInfOp {
    /// `detect_positive`, or true.
    pub fn detect_positive_or_default(self, body: &Body) -> bool {
        self.detect_positive(body).unwrap_or(true)
    }

    /// `detect_negative`, or true.
    pub fn detect_negative_or_default(self, body: &Body) -> bool {
        self.detect_negative(body).unwrap_or(true)
    }
}

/// A float operand and an `i1` result of the same shape.
fn verify_classify(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    require_float(input.elem)?;
    if res.elem != Scalar::I1 {
        return Err(format!(
            "result element type must be i1, but got {}",
            res.elem
        ));
    }
    check_result_shape(res, &input.shape)
}
