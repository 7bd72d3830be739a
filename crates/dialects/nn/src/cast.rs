//! `nn.cast`: converts the element type, keeping the shape.
//!
//! Semantics (also used to fold casts of constants):
//! - float → float: IEEE round-to-nearest-even; NaN stays NaN, ±Inf and ±0 keep their sign
//!   (a type without Inf, such as f8E4M3FN, gets whatever its conversion gives for overflow);
//! - integer → float: the exact integer rounded once, to nearest even;
//! - float → integer: truncation toward zero, saturating at the type's range, NaN → 0;
//! - integer → integer: two's-complement wrap to the target width;
//! - anything → i1: `x != 0` (ONNX's bool cast; NaN → 1); i1 reads as 0 or 1.

use crate::common::{
    const_operand, decode_int, encode_int, fmt_list, fold_to_raw, fold_to_value, operand_tensor,
    result_tensor, result_type,
};
use neuron_ir::numerics::{bits_to_f64, f64_to_bits};
use neuron_ir::registry::{traits, FoldResult, OpView};
use neuron_ir::{define_op, Attribute, Body, Func, OpId, Scalar, ValueId};

define_op! {
    /// `nn.cast`: the operand's values converted to the result's element type (same shape).
    pub struct CastOp = "nn.cast" {
        summary: "converts the element type of a tensor",
        operands: [input],
        results: [result],
        attrs: [],
        traits: traits::PURE | traits::ELEMENTWISE,
        verify: Some(verify_cast),
        fold: Some(fold_cast),
        canonicalize: Some(canonicalize_cast),
    }
}

/// The layout of a float type: fraction bits, exponent range of normals, and Inf support.
#[derive(Clone, Copy, Debug)]
struct FloatFormat {
    fraction_bits: i32,
    emax: i32,
    emin: i32,
    has_inf: bool,
}

fn float_format(s: Scalar) -> Option<FloatFormat> {
    let (fraction_bits, emax, emin, has_inf) = match s {
        Scalar::F32 => (23, 127, -126, true),
        Scalar::TF32 => (10, 127, -126, true),
        Scalar::F16 => (10, 15, -14, true),
        Scalar::BF16 => (7, 127, -126, true),
        Scalar::F8E4M3FN => (3, 8, -6, false),
        Scalar::F8E5M2 => (2, 15, -14, true),
        _ => return None,
    };
    Some(FloatFormat {
        fraction_bits,
        emax,
        emin,
        has_inf,
    })
}

/// Value bits of an integer type (i1 is the unsigned {0, 1}).
fn int_width(s: Scalar) -> u32 {
    s.bit_width()
}

/// True if every value of `from` converts to `to` exactly (so casting back restores it).
///
/// Floats: `to` has at least as many fraction bits, as large an exponent, as small a
/// smallest subnormal, and Inf if `from` has it. Integers: `to` is at least as wide, or a
/// float whose significand and exponent hold every integer of `from`. Floats never fit
/// in integers.
pub fn represents_exactly(from: Scalar, to: Scalar) -> bool {
    if from == to {
        return true;
    }
    match (float_format(from), float_format(to)) {
        (Some(a), Some(b)) => {
            b.fraction_bits >= a.fraction_bits
                && b.emax >= a.emax
                && b.emin - b.fraction_bits <= a.emin - a.fraction_bits
                && (b.has_inf || !a.has_inf)
        }
        (None, Some(b)) => {
            let magnitude_bits = int_width(from) as i32 - 1;
            from == Scalar::I1
                || (b.fraction_bits + 1 >= magnitude_bits && b.emax >= magnitude_bits)
        }
        (None, None) => {
            from == Scalar::I1 || (to != Scalar::I1 && int_width(from) <= int_width(to))
        }
        (Some(_), None) => false,
    }
}

/// Rounds an integer to `bits` significant bits, nearest-even; the result is exact in `f64`.
fn round_to_significant_bits(v: i64, bits: u32) -> f64 {
    let mag = v.unsigned_abs();
    let len = 64 - mag.leading_zeros();
    let rounded = if len <= bits {
        mag as f64
    } else {
        let shift = len - bits;
        let mut q = mag >> shift;
        let rem = mag & ((1u64 << shift) - 1);
        let half = 1u64 << (shift - 1);
        if rem > half || (rem == half && q & 1 == 1) {
            q += 1;
        }
        q as f64 * (2f64).powi(shift as i32)
    };
    if v < 0 {
        -rounded
    } else {
        rounded
    }
}

fn float_to_int(to: Scalar, x: f64) -> u64 {
    if to == Scalar::I1 {
        return (x != 0.0) as u64;
    }
    if x.is_nan() {
        return 0;
    }
    let (lo, hi) = match to {
        Scalar::I8 => (i8::MIN as f64, i8::MAX as f64),
        Scalar::I32 => (i32::MIN as f64, i32::MAX as f64),
        _ => (i64::MIN as f64, i64::MAX as f64),
    };
    encode_int(to, x.trunc().clamp(lo, hi) as i64)
}

/// Converts one element's raw bits from `from` to `to` with `nn.cast` semantics.
pub fn cast_raw(from: Scalar, to: Scalar, raw: u64) -> u64 {
    if from == to {
        return raw;
    }
    match (float_format(from), float_format(to)) {
        (Some(_), Some(_)) => f64_to_bits(to, bits_to_f64(from, raw)),
        (None, Some(b)) => {
            let v = decode_int(from, raw);
            f64_to_bits(to, round_to_significant_bits(v, b.fraction_bits as u32 + 1))
        }
        (Some(_), None) => float_to_int(to, bits_to_f64(from, raw)),
        (None, None) if to == Scalar::I1 => (decode_int(from, raw) != 0) as u64,
        (None, None) => encode_int(to, decode_int(from, raw)),
    }
}

fn verify_cast(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    if input.shape != res.shape {
        return Err(format!(
            "result shape {} does not match operand shape {}",
            fmt_list(&res.shape),
            fmt_list(&input.shape)
        ));
    }
    Ok(())
}

/// The input of `v`'s defining op if it is a cast whose conversion is exact.
fn exact_inner_cast(body: &Body, v: ValueId) -> Option<ValueId> {
    let inner = CastOp::cast(body, body.defining_op(v)?)?;
    let x = inner.input(body);
    let a = body.ty(x).element_type()?;
    let b = body.ty(v).element_type()?;
    represents_exactly(a, b).then_some(x)
}

/// Same type → input; `cast(cast(x: A → B) → A) → x` when B holds A exactly;
/// cast of a constant → the converted constant.
fn fold_cast(body: &Body, op: OpId, consts: &[Option<Attribute>]) -> Option<FoldResult> {
    let input = CastOp(op).input(body);
    if let Some(r) = fold_to_value(body, op, input) {
        return Some(r);
    }
    if let Some(r) = exact_inner_cast(body, input).and_then(|x| fold_to_value(body, op, x)) {
        return Some(r);
    }
    let d = const_operand(body, op, consts, 0)?;
    let ty = result_type(body, op)?;
    if ty.shape != d.ty.shape {
        return None;
    }
    let (from, to) = (d.ty.elem, ty.elem);
    if d.is_splat() {
        return fold_to_raw(body, op, &[cast_raw(from, to, d.raw(0))]);
    }
    let raws: Vec<u64> = (0..ty.num_elements())
        .map(|i| cast_raw(from, to, d.raw(i)))
        .collect();
    fold_to_raw(body, op, &raws)
}

/// `cast(cast(x: A → B) → C) → cast(x: A → C)` when B holds A exactly, rewritten in place.
fn canonicalize_cast(body: &mut Body, op: OpId) -> bool {
    let Some(x) = exact_inner_cast(body, CastOp(op).input(body)) else {
        return false;
    };
    body.set_operand(op, 0, x);
    true
}
