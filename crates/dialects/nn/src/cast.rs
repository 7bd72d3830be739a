//! `nn.cast`: converts the element type, keeping the shape.
//!
//! Semantics (also used to fold casts of constants):
//! - float → float: IEEE round-to-nearest-even; NaN stays NaN, ±Inf and ±0 keep their sign
//!   (a type without Inf, such as f8E4M3FN, gets whatever its conversion gives for overflow);
//! - integer → float: the exact integer rounded once, to nearest even;
//! - float → integer: truncation toward zero, saturating at the type's range (wrapping for the
//!   sub-byte types i4, ui4, i2, ui2, as ONNX does), NaN → 0;
//! - integer → integer: two's-complement wrap to the target width (unsigned types read as
//!   unsigned: `ui8` 200 → `i8` −56, `i8` −1 → `ui8` 255);
//! - anything → i1: `x != 0` (ONNX's bool cast; NaN → 1); i1 reads as 0 or 1.
//!
//! A cast to f8E8M0FNU may carry `round_mode` (`"up"`, `"down"` or `"nearest"`) and `saturate`
//! (default true): the value, as FP32, then converts as ONNX's Cast does (see [`e8m0_onnx`]).

use crate::common::{
    const_operand, decode_int, encode_int, fmt_list, fold_to_raw, fold_to_value, operand_tensor,
    result_tensor, result_type,
};
use neuron_ir::numerics::{bits_to_f64, f64_to_bits};
use neuron_ir::registry::{traits, BoolAttr, FoldResult, OpView, StrAttr};
use neuron_ir::{define_op, Attribute, Body, Func, OpId, Scalar, ValueId};

define_op! {
    /// `nn.cast`: the operand's values converted to the result's element type (same shape).
    pub struct CastOp = "nn.cast" {
        summary: "converts the element type of a tensor",
        operands: [input],
        results: [result],
        attrs: [optional round_mode: StrAttr, optional saturate: BoolAttr],
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
        Scalar::F8E4M3FNUZ => (3, 7, -7, false),
        Scalar::F8E5M2FNUZ => (2, 15, -15, false),
        Scalar::F4E2M1FN => (1, 2, 0, false),
        Scalar::F8E8M0FNU => (0, 127, -127, false),
        _ => return None,
    };
    Some(FloatFormat {
        fraction_bits,
        emax,
        emin,
        has_inf,
    })
}

/// Value bits of an integer type's magnitude: its width less the sign bit (i1 and unsigned
/// types have none).
fn magnitude_bits(s: Scalar) -> i32 {
    let w = s.bit_width() as i32;
    if s.is_unsigned() || s == Scalar::I1 {
        w
    } else {
        w - 1
    }
}

/// True for the float types whose only zero is +0 (no −0) or that have no zero at all.
fn lacks_negative_zero(s: Scalar) -> bool {
    matches!(
        s,
        Scalar::F8E4M3FNUZ | Scalar::F8E5M2FNUZ | Scalar::F8E8M0FNU
    )
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
    if to == Scalar::F8E8M0FNU
        || (lacks_negative_zero(to) && from.is_float() && !lacks_negative_zero(from))
    {
        return false;
    }
    match (float_format(from), float_format(to)) {
        (Some(a), Some(b)) => {
            b.fraction_bits >= a.fraction_bits
                && b.emax >= a.emax
                && b.emin - b.fraction_bits <= a.emin - a.fraction_bits
                && (b.has_inf || !a.has_inf)
        }
        (None, Some(b)) => {
            let bits = magnitude_bits(from);
            from == Scalar::I1 || (b.fraction_bits + 1 >= bits && b.emax >= bits)
        }
        (None, None) if from == Scalar::I1 => true,
        (None, None) if to == Scalar::I1 || (from.is_unsigned() != to.is_unsigned()) => {
            // Signed → unsigned loses negatives; unsigned → signed needs one more bit.
            from.is_unsigned() && !to.is_unsigned() && magnitude_bits(from) <= magnitude_bits(to)
        }
        (None, None) => magnitude_bits(from) <= magnitude_bits(to),
        (Some(_), None) => false,
    }
}

/// Rounds an integer (`neg`, magnitude `mag`) to `bits` significant bits, nearest-even; the
/// result is exact in `f64`.
fn round_to_significant_bits(neg: bool, mag: u64, bits: u32) -> f64 {
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
    if neg {
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
    if to == Scalar::UI64 {
        return x.trunc().clamp(0.0, u64::MAX as f64) as u64;
    }
    if to.bit_width() < 8 {
        // i4, ui4, i2, ui2 wrap, as ONNX (ml_dtypes) converts to them: 8.0 → i4 −8.
        return encode_int(to, x.trunc() as i64);
    }
    let (lo, hi) = to.int_range().unwrap_or((i64::MIN, i64::MAX));
    encode_int(to, x.trunc().clamp(lo as f64, hi as f64) as i64)
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
            let (neg, mag) = match from {
                Scalar::UI64 => (false, v as u64),
                _ => (v < 0, v.unsigned_abs()),
            };
            f64_to_bits(
                to,
                round_to_significant_bits(neg, mag, b.fraction_bits as u32 + 1),
            )
        }
        (Some(_), None) => float_to_int(to, bits_to_f64(from, raw)),
        (None, None) if to == Scalar::I1 => (decode_int(from, raw) != 0) as u64,
        (None, None) => encode_int(to, decode_int(from, raw)),
    }
}

/// How ONNX rounds a value to f8E8M0FNU (`round_mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum E8M0Round {
    /// Any nonzero fraction rounds the exponent up (ONNX's default).
    Up,
    /// The fraction is dropped.
    Down,
    /// To the nearer power of two by the FP32 guard, round and sticky bits.
    Nearest,
}

impl E8M0Round {
    /// The mode spelled `s`.
    pub fn parse(s: &str) -> Option<E8M0Round> {
        Some(match s {
            "up" => E8M0Round::Up,
            "down" => E8M0Round::Down,
            "nearest" => E8M0Round::Nearest,
            _ => return None,
        })
    }
}

/// ONNX's FP32 → FLOAT8E8M0 conversion (`onnx.numpy_helper.to_float8e8m0`): the result is the
/// FP32 exponent field, so the sign is ignored, zero and FP32 subnormals give 2^-127 (or 2^-126
/// rounded up), NaN and ±Inf give NaN (0xFF); rounding up from 2^127 saturates there, or gives
/// NaN when `saturate` is false.
pub fn e8m0_onnx(x: f32, mode: E8M0Round, saturate: bool) -> u8 {
    let b = x.to_bits();
    let e = (b >> 23) & 0xFF;
    if e == 0xFF {
        return 0xFF;
    }
    let up = match mode {
        E8M0Round::Up => b & 0x7F_FFFF != 0,
        E8M0Round::Down => false,
        E8M0Round::Nearest => {
            let (g, r, s) = (b & 0x40_0000, b & 0x20_0000, b & 0x1F_FFFF);
            g != 0 && (r != 0 || s != 0 || e > 0)
        }
    };
    if up && e == 0xFE && saturate {
        return 0xFE;
    }
    (e + u32::from(up)) as u8
}

/// The ONNX rounding of a cast to f8E8M0FNU, if the op carries `round_mode` (or `saturate`).
pub fn e8m0_rounding(body: &Body, op: OpId) -> Option<(E8M0Round, bool)> {
    let c = CastOp(op);
    let (mode, saturate) = (c.round_mode(body), c.saturate(body));
    if mode.is_none() && saturate.is_none() {
        return None;
    }
    let mode = mode.map_or(Some(E8M0Round::Up), |m| E8M0Round::parse(&m))?;
    Some((mode, saturate.unwrap_or(true)))
}

/// [`cast_raw`] to f8E8M0FNU with ONNX's rounding.
pub fn cast_raw_e8m0(from: Scalar, raw: u64, mode: E8M0Round, saturate: bool) -> u64 {
    let x = cast_raw(from, Scalar::F32, raw) as u32;
    u64::from(e8m0_onnx(f32::from_bits(x), mode, saturate))
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
    let c = CastOp(op);
    let (mode, saturate) = (c.round_mode(&f.body), c.saturate(&f.body));
    if (mode.is_some() || saturate.is_some()) && res.elem != Scalar::F8E8M0FNU {
        return Err(format!(
            "'round_mode' and 'saturate' apply to casts to f8E8M0FNU only, not to {}",
            res.elem
        ));
    }
    if let Some(m) = mode.filter(|m| E8M0Round::parse(m).is_none()) {
        return Err(format!(
            "round_mode \"{m}\" must be \"up\", \"down\" or \"nearest\""
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
    let rounding = e8m0_rounding(body, op);
    let conv = |raw| match rounding {
        Some((mode, saturate)) => cast_raw_e8m0(from, raw, mode, saturate),
        None => cast_raw(from, to, raw),
    };
    if d.is_splat() {
        return fold_to_raw(body, op, &[conv(d.raw(0))]);
    }
    let raws: Vec<u64> = (0..ty.num_elements()).map(|i| conv(d.raw(i))).collect();
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
