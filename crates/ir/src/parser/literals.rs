//! Literal decoding shared by the parser and the printer: string escapes, integers in range
//! of their type, and decimal or hexadecimal floats to the bit pattern of their type.

use crate::numerics;
use crate::types::Scalar;
use std::borrow::Cow;

/// Decodes the body of a string literal (without quotes): `\\`, `\"`, `\n`, `\t`, `\XX`.
pub(crate) fn unescape(body: &str) -> Result<Cow<'_, str>, &'static str> {
    if !body.contains('\\') {
        return Ok(Cow::Borrowed(body));
    }
    let b = body.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let (byte, len) = match b.get(i + 1) {
            Some(b'\\') => (b'\\', 2),
            Some(b'"') => (b'"', 2),
            Some(b'n') => (b'\n', 2),
            Some(b't') => (b'\t', 2),
            _ => match (hex_val(b.get(i + 1)), hex_val(b.get(i + 2))) {
                (Some(h), Some(l)) => (h * 16 + l, 3),
                _ => return Err("unknown escape in string literal"),
            },
        };
        out.push(byte);
        i += len;
    }
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| "string literal is not valid UTF-8")
}

fn hex_val(b: Option<&u8>) -> Option<u8> {
    (*b? as char).to_digit(16).map(|d| d as u8)
}

/// The magnitude of a decimal or `0x` hexadecimal integer literal; `None` if above `u64::MAX`.
pub(crate) fn parse_u64(text: &str) -> Option<u64> {
    match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

/// Applies a sign to a magnitude for an integer type of `width` bits, checking its range; the
/// result is sign-extended from `width` bits. Decimal literals must fit the signed range (i1 takes
/// -1, 0 and 1); hexadecimal ones are bit patterns and may use the unsigned range too, as in MLIR.
pub(crate) fn int_in_range(mag: u64, neg: bool, width: u32, hex: bool) -> Option<i64> {
    let v: i128 = if neg { -(mag as i128) } else { mag as i128 };
    let min = -(1i128 << (width - 1));
    let max = match (hex, width) {
        (true, _) => (1i128 << width) - 1,
        (false, 1) => 1,
        (false, _) => (1i128 << (width - 1)) - 1,
    };
    if v < min || v > max {
        return None;
    }
    let shift = 64 - width;
    Some(((v as i64) << shift) >> shift)
}

/// The bit pattern a decimal float literal (`1.5`, `2.0e-3`) rounds to in type `ty`.
pub(crate) fn decimal_to_bits(text: &str, neg: bool, ty: Scalar) -> Option<u64> {
    let bits = match ty {
        Scalar::F32 | Scalar::TF32 => {
            let v: f32 = text.parse().ok()?;
            let v = if neg { -v } else { v };
            if ty == Scalar::TF32 {
                numerics::f32_to_tf32_bits(v) as u64
            } else {
                v.to_bits() as u64
            }
        }
        _ => {
            let v: f64 = text.parse().ok()?;
            numerics::f64_to_bits(ty, if neg { -v } else { v })
        }
    };
    Some(bits)
}

/// Bits of a float type's hexadecimal spelling (tf32 is spelled with its 19 bits, as in MLIR).
pub(crate) fn hex_width(ty: Scalar) -> u32 {
    match ty {
        Scalar::TF32 => 19,
        _ => ty.storage_bytes() as u32 * 8,
    }
}

/// The stored bit pattern of a hexadecimal float literal of type `ty`; `None` if it does not fit.
pub(crate) fn hex_to_float_bits(mag: u64, ty: Scalar) -> Option<u64> {
    let w = hex_width(ty);
    if w < 64 && mag >> w != 0 {
        return None;
    }
    Some(if ty == Scalar::TF32 { mag << 13 } else { mag })
}

/// The hexadecimal spelling's value of stored float bits (inverse of `hex_to_float_bits`).
pub(crate) fn float_bits_to_hex(bits: u64, ty: Scalar) -> u64 {
    if ty == Scalar::TF32 {
        bits >> 13
    } else {
        bits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_mlir_escapes() {
        assert_eq!(unescape(r#"a\22b\0A\\\"\n\t"#).unwrap(), "a\"b\n\\\"\n\t");
        assert!(unescape(r"\q").is_err());
        assert!(unescape(r"\FF").is_err());
    }

    #[test]
    fn integer_ranges_follow_mlir() {
        assert_eq!(int_in_range(127, false, 8, false), Some(127));
        assert_eq!(int_in_range(128, false, 8, false), None);
        assert_eq!(int_in_range(0xFF, false, 8, true), Some(-1));
        assert_eq!(int_in_range(128, true, 8, false), Some(-128));
        assert_eq!(int_in_range(256, false, 8, true), None);
        assert_eq!(int_in_range(1, false, 1, false), Some(-1));
        assert_eq!(int_in_range(1, true, 1, false), Some(-1));
        assert_eq!(int_in_range(2, false, 1, false), None);
        assert_eq!(int_in_range(u64::MAX, false, 64, true), Some(-1));
        assert_eq!(int_in_range(1 << 63, false, 64, false), None);
        assert_eq!(int_in_range(1 << 63, true, 64, false), Some(i64::MIN));
    }

    #[test]
    fn floats_round_to_their_type() {
        assert_eq!(decimal_to_bits("1.0", true, Scalar::F32), Some(0xBF80_0000));
        assert_eq!(decimal_to_bits("1.0", false, Scalar::BF16), Some(0x3F80));
        assert_eq!(hex_to_float_bits(0x7FC0_0000, Scalar::F16), None);
        assert_eq!(hex_to_float_bits(0x3FC00, Scalar::TF32), Some(0x7F80_0000));
    }
}
