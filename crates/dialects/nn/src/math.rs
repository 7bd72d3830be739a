//! Elementwise math: binary `nn.div`, `nn.pow`, `nn.max`, `nn.min` (numpy broadcasting; float
//! or integer operands — integer division truncates toward zero, unsigned types compare and
//! divide as unsigned) and the float-only unary `nn.abs`, `nn.exp`, `nn.log`, `nn.sqrt`,
//! `nn.rsqrt`, `nn.reciprocal`, `nn.tanh`, `nn.sigmoid`, `nn.erf`.

use crate::common::{operand_tensor, require_float};
use crate::elementwise::{verify_binary, verify_unary};
use neuron_ir::registry::traits;
use neuron_ir::{Func, OpId};

const BINARY: u32 = traits::PURE | traits::ELEMENTWISE;
const UNARY: u32 = traits::PURE | traits::ELEMENTWISE | traits::SAME_OPERANDS_AND_RESULT_TYPE;

/// Declares a binary op with broadcasting (float or integer operands).
macro_rules! binary_float_op {
    ($(#[$m:meta])* $view:ident = $name:literal, $summary:literal, $traits:expr) => {
        neuron_ir::define_op! {
            $(#[$m])*
            pub struct $view = $name {
                summary: $summary,
                operands: [lhs, rhs],
                results: [result],
                attrs: [],
                traits: $traits,
                verify: Some(verify_binary),
                fold: None,
                canonicalize: None,
            }
        }
    };
}

/// Declares a float unary op whose result type is its operand type.
macro_rules! unary_float_op {
    ($(#[$m:meta])* $view:ident = $name:literal, $summary:literal) => {
        neuron_ir::define_op! {
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
    };
}

binary_float_op!(
    /// `nn.div`: elementwise quotient `lhs / rhs` (IEEE: `x / 0` is ±Inf or NaN; integers:
    /// truncated toward zero, a zero divisor is a run-time error).
    DivOp = "nn.div", "elementwise division with broadcasting", BINARY
);
binary_float_op!(
    /// `nn.pow`: elementwise `lhs ^ rhs` (C `pow` semantics; integers: repeated wrapping
    /// multiplication, a negative exponent gives the truncated `1 / lhs^-rhs`).
    PowOp = "nn.pow", "elementwise power with broadcasting", BINARY
);
binary_float_op!(
    /// `nn.max`: elementwise maximum (NaN if either operand is NaN, as ONNX Max).
    MaxOp = "nn.max", "elementwise maximum with broadcasting", BINARY | traits::COMMUTATIVE
);
binary_float_op!(
    /// `nn.min`: elementwise minimum (NaN if either operand is NaN, as ONNX Min).
    MinOp = "nn.min", "elementwise minimum with broadcasting", BINARY | traits::COMMUTATIVE
);

unary_float_op!(
    /// `nn.abs`: elementwise absolute value.
    AbsOp = "nn.abs", "elementwise absolute value"
);
unary_float_op!(
    /// `nn.exp`: elementwise `e^x`.
    ExpOp = "nn.exp", "elementwise exponential"
);
unary_float_op!(
    /// `nn.log`: elementwise natural logarithm.
    LogOp = "nn.log", "elementwise natural logarithm"
);
unary_float_op!(
    /// `nn.sqrt`: elementwise square root.
    SqrtOp = "nn.sqrt", "elementwise square root"
);
unary_float_op!(
    /// `nn.rsqrt`: elementwise `1 / sqrt(x)`.
    RsqrtOp = "nn.rsqrt", "elementwise reciprocal square root"
);
unary_float_op!(
    /// `nn.reciprocal`: elementwise `1 / x`.
    ReciprocalOp = "nn.reciprocal", "elementwise reciprocal"
);
unary_float_op!(
    /// `nn.tanh`: elementwise hyperbolic tangent.
    TanhOp = "nn.tanh", "elementwise hyperbolic tangent"
);
unary_float_op!(
    /// `nn.sigmoid`: elementwise logistic function `1 / (1 + e^-x)`.
    SigmoidOp = "nn.sigmoid", "elementwise logistic sigmoid"
);
unary_float_op!(
    /// `nn.erf`: elementwise Gauss error function.
    ErfOp = "nn.erf", "elementwise error function"
);

/// A unary op on floats (the registry already checked that operand and result types agree).
pub(crate) fn verify_float_unary(f: &Func, op: OpId) -> Result<(), String> {
    verify_unary(f, op)?;
    require_float(operand_tensor(f, op, 0)?.elem)
}
