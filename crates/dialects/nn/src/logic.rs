//! Logical ops on `i1` (`nn.and`, `nn.or`, `nn.xor`, `nn.not`), bitwise ops on integers
//! (`nn.bitwise_and`, `nn.bitwise_or`, `nn.bitwise_xor`, `nn.bitwise_not`,
//! `nn.bit_shift {direction}`) and the remainder `nn.mod {fmod}`. Binary ones broadcast
//! (numpy rules); every result has the operands' element type.

use crate::common::operand_tensor;
use crate::elementwise::{verify_binary, verify_unary};
use neuron_ir::registry::{traits, BoolAttr, StrAttr};
use neuron_ir::{define_op, Body, Func, OpId, Scalar};
use std::sync::Arc;

const BINARY: u32 = traits::PURE | traits::ELEMENTWISE;
const UNARY: u32 = traits::PURE | traits::ELEMENTWISE | traits::SAME_OPERANDS_AND_RESULT_TYPE;

/// Declares a broadcasting binary op without attributes checked by `$verify`.
macro_rules! binary_op {
    ($(#[$m:meta])* $view:ident = $name:literal, $summary:literal, $traits:expr, $verify:ident) => {
        define_op! {
            $(#[$m])*
            pub struct $view = $name {
                summary: $summary,
                operands: [lhs, rhs],
                results: [result],
                attrs: [],
                traits: $traits,
                verify: Some($verify),
                fold: None,
                canonicalize: None,
            }
        }
    };
}

/// Declares a unary op (result type = operand type) checked by `$verify`.
macro_rules! unary_op {
    ($(#[$m:meta])* $view:ident = $name:literal, $summary:literal, $verify:ident) => {
        define_op! {
            $(#[$m])*
            pub struct $view = $name {
                summary: $summary,
                operands: [input],
                results: [result],
                attrs: [],
                traits: UNARY,
                verify: Some($verify),
                fold: None,
                canonicalize: None,
            }
        }
    };
}

binary_op!(
    /// `nn.and`: elementwise logical and of two `i1` tensors.
    AndOp = "nn.and", "elementwise logical and (i1)", BINARY, verify_bool_binary
);
binary_op!(
    /// `nn.or`: elementwise logical or of two `i1` tensors.
    OrOp = "nn.or", "elementwise logical or (i1)", BINARY, verify_bool_binary
);
binary_op!(
    /// `nn.xor`: elementwise logical exclusive or of two `i1` tensors.
    XorOp = "nn.xor", "elementwise logical xor (i1)", BINARY, verify_bool_binary
);
unary_op!(
    /// `nn.not`: elementwise logical negation of an `i1` tensor.
    NotOp = "nn.not", "elementwise logical not (i1)", verify_bool_unary
);
binary_op!(
    /// `nn.bitwise_and`: elementwise two's-complement `a & b` of integers.
    BitwiseAndOp = "nn.bitwise_and", "elementwise bitwise and", BINARY,
    verify_int_binary
);
binary_op!(
    /// `nn.bitwise_or`: elementwise two's-complement `a | b` of integers.
    BitwiseOrOp = "nn.bitwise_or", "elementwise bitwise or", BINARY,
    verify_int_binary
);
binary_op!(
    /// `nn.bitwise_xor`: elementwise two's-complement `a ^ b` of integers.
    BitwiseXorOp = "nn.bitwise_xor", "elementwise bitwise xor", BINARY,
    verify_int_binary
);
unary_op!(
    /// `nn.bitwise_not`: elementwise two's-complement `!a` of integers.
    BitwiseNotOp = "nn.bitwise_not", "elementwise bitwise not", verify_int_unary
);

define_op! {
    /// `nn.bit_shift {direction}`: `a << b` (`"left"`) or `a >> b` (`"right"`, arithmetic for
    /// signed types) elementwise; bits shifted past the width are lost (a shift by the width
    /// or more gives 0, or -1 for a negative value shifted right).
    pub struct BitShiftOp = "nn.bit_shift" {
        summary: "elementwise bit shift",
        operands: [lhs, rhs],
        results: [result],
        attrs: [required direction: StrAttr],
        traits: BINARY,
        verify: Some(verify_bit_shift),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.mod {fmod}`: elementwise remainder. Integers: `fmod = false` (the default) takes the
    /// divisor's sign (Python `%`), `fmod = true` the dividend's (C `%`). Floats need
    /// `fmod = true` (C `fmod`). An integer division by zero is an execution error.
    pub struct ModOp = "nn.mod" {
        summary: "elementwise remainder with broadcasting",
        operands: [lhs, rhs],
        results: [result],
        attrs: [optional fmod: BoolAttr],
        traits: BINARY,
        verify: Some(verify_mod),
        fold: None,
        canonicalize: None,
    }
}

impl BitShiftOp {
    /// True if the shift goes left (`direction = "left"`).
    pub fn is_left(self, body: &Body) -> bool {
        self.direction(body).is_some_and(|d| &*d == "left")
    }
}

impl ModOp {
    /// The `fmod` attribute, or false.
    pub fn fmod_or_default(self, body: &Body) -> bool {
        self.fmod(body).unwrap_or(false)
    }
}

/// Checks that the element type is `i1`.
fn require_bool(elem: Scalar) -> Result<(), String> {
    if elem == Scalar::I1 {
        Ok(())
    } else {
        Err(format!("requires element type i1, but got {elem}"))
    }
}

/// Checks that the element type is an integer type.
fn require_int(elem: Scalar) -> Result<(), String> {
    if elem.is_integer() {
        Ok(())
    } else {
        Err(format!("requires an integer element type, but got {elem}"))
    }
}

fn verify_bool_binary(f: &Func, op: OpId) -> Result<(), String> {
    verify_binary(f, op)?;
    require_bool(operand_tensor(f, op, 0)?.elem)
}

fn verify_bool_unary(f: &Func, op: OpId) -> Result<(), String> {
    verify_unary(f, op)?;
    require_bool(operand_tensor(f, op, 0)?.elem)
}

fn verify_int_binary(f: &Func, op: OpId) -> Result<(), String> {
    verify_binary(f, op)?;
    require_int(operand_tensor(f, op, 0)?.elem)
}

fn verify_int_unary(f: &Func, op: OpId) -> Result<(), String> {
    verify_unary(f, op)?;
    require_int(operand_tensor(f, op, 0)?.elem)
}

fn verify_bit_shift(f: &Func, op: OpId) -> Result<(), String> {
    verify_int_binary(f, op)?;
    let dir: Option<Arc<str>> = BitShiftOp(op).direction(&f.body);
    match dir.as_deref() {
        Some("left" | "right") => Ok(()),
        Some(d) => Err(format!(
            "direction must be \"left\" or \"right\", but got \"{d}\""
        )),
        None => Err("requires attribute 'direction'".into()),
    }
}

fn verify_mod(f: &Func, op: OpId) -> Result<(), String> {
    verify_binary(f, op)?;
    let elem = operand_tensor(f, op, 0)?.elem;
    if elem.is_float() && !ModOp(op).fmod_or_default(&f.body) {
        return Err(format!(
            "a float remainder ({elem}) requires fmod = true (the integer-only Python rule does not apply)"
        ));
    }
    if elem == Scalar::I1 {
        return Err("is not defined for i1".into());
    }
    Ok(())
}
