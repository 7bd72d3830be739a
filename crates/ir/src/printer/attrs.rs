//! Printing of attributes and numbers: shortest round-tripping floats, NaN/Inf as hex,
//! dense elements as literal lists, splats or hex, and escaped strings.

use super::Buf;
use crate::attributes::{Attribute, DenseArray, DenseElements, NamedAttr};
use crate::numerics;
use crate::parser::literals::{decimal_to_bits, float_bits_to_hex, hex_width};
use crate::types::Scalar;
use std::fmt::Write as _;

/// A `{:e}`-style spelling (`1.5e20`) that reads back to `bits` in type `ty`: the shortest
/// FP32 spelling of the value, which shows the exact value a narrow type holds (BF16 `0.1`
/// prints as `0.10009765625`) and always reads back, since every narrow value is an FP32 value.
fn shortest_sci(bits: u64, ty: Scalar) -> String {
    let reads_back = |s: &str| {
        let (neg, body) = s.strip_prefix('-').map_or((false, s), |b| (true, b));
        decimal_to_bits(body, neg, ty) == Some(bits)
    };
    let v = numerics::bits_to_f64(ty, bits);
    let s = format!("{:e}", v as f32);
    if reads_back(&s) {
        return s;
    }
    (0..17)
        .map(|p| format!("{v:.p$e}"))
        .find(|s| reads_back(s))
        .unwrap_or_else(|| format!("{v:e}"))
}

/// Renders `d.ddde±x` as MLIR float text: positional for 1e-4 ≤ |v| < 1e7 (`2.0`, `0.5`),
/// else scientific with a signed two-digit exponent (`1.0e-05`, `1.5e+20`).
fn render_decimal(sci: &str, out: &mut Buf) {
    let (neg, body) = sci.strip_prefix('-').map_or((false, sci), |b| (true, b));
    let (mant, exp) = body.split_once('e').unwrap_or((body, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    if neg {
        out.push_str("-");
    }
    if (-4..=6).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push_str("0");
            }
            out.push_str(digits);
            return;
        }
        let int_len = exp as usize + 1;
        let (int, frac) = digits.split_at(digits.len().min(int_len));
        out.push_str(int);
        for _ in int.len()..int_len {
            out.push_str("0");
        }
        out.push_str(".");
        out.push_str(if frac.is_empty() { "0" } else { frac });
        return;
    }
    let (first, rest) = digits.split_at(1);
    out.push_str(first);
    out.push_str(".");
    out.push_str(if rest.is_empty() { "0" } else { rest });
    let _ = write!(
        out,
        "e{}{:02}",
        if exp < 0 { '-' } else { '+' },
        exp.unsigned_abs()
    );
}

/// Writes a float value of type `ty` (without its type): NaN/Inf as hex, else shortest decimal.
pub(crate) fn write_float(bits: u64, ty: Scalar, out: &mut Buf) {
    if numerics::is_nan_or_inf(ty, bits) {
        let digits = hex_width(ty).div_ceil(4) as usize;
        let _ = write!(out, "0x{:0digits$X}", float_bits_to_hex(bits, ty));
        return;
    }
    render_decimal(&shortest_sci(bits, ty), out);
}

/// True if `s` is a bare identifier (`[A-Za-z_][A-Za-z0-9_$.]*`), printable without quotes.
pub(crate) fn is_bare_identifier(s: &str) -> bool {
    crate::parser::is_bare_identifier(s)
}

/// Writes `@name`, quoted when it is not a bare identifier.
pub(crate) fn write_symbol(name: &str, out: &mut Buf) {
    out.push_str("@");
    if is_bare_identifier(name) {
        out.push_str(name);
    } else {
        let _ = super::write_escaped_string(out, name);
    }
}

/// Writes `{a = 1 : i64, flag}` (unit values as bare keys).
pub(crate) fn write_dict(p: &mut super::Printer<'_>, attrs: &[NamedAttr]) {
    p.buf.push_str("{");
    for (i, a) in attrs.iter().enumerate() {
        if i > 0 {
            p.buf.push_str(", ");
        }
        if is_bare_identifier(&a.name) {
            p.buf.push_str(&a.name);
        } else {
            let _ = super::write_escaped_string(&mut p.buf, &a.name);
        }
        if a.value != Attribute::Unit {
            p.buf.push_str(" = ");
            write_attr(p, &a.value);
        }
    }
    p.buf.push_str("}");
}

/// Writes any attribute.
pub(crate) fn write_attr(p: &mut super::Printer<'_>, a: &Attribute) {
    match a {
        Attribute::Integer(v, Scalar::I1) => p.buf.push_str(if *v != 0 { "true" } else { "false" }),
        Attribute::Integer(v, ty) => {
            write_int(*v, *ty, &mut p.buf);
            p.buf.push_str(" : ");
            p.buf.push_str(ty.name());
        }
        Attribute::Float(bits, ty) => {
            write_float(*bits, *ty, &mut p.buf);
            p.buf.push_str(" : ");
            p.buf.push_str(ty.name());
        }
        Attribute::String(s) => {
            let _ = super::write_escaped_string(&mut p.buf, s);
        }
        Attribute::Bool(b) => p.buf.push_str(if *b { "true" } else { "false" }),
        Attribute::Unit => p.buf.push_str("unit"),
        Attribute::Array(items) => {
            p.buf.push_str("[");
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    p.buf.push_str(", ");
                }
                write_attr(p, x);
            }
            p.buf.push_str("]");
        }
        Attribute::DenseArray(arr) => write_dense_array(arr, &mut p.buf),
        Attribute::Dict(d) => write_dict(p, d),
        Attribute::Type(t) => p.write_type(t),
        Attribute::Dense(d) => write_dense(p, d),
        Attribute::SymbolRef(s) => write_symbol(s, &mut p.buf),
    }
}

fn write_dense_array(arr: &DenseArray, out: &mut Buf) {
    out.push_str("array<");
    match arr {
        DenseArray::Int(ty, v) => {
            out.push_str(ty.name());
            for (i, x) in v.iter().enumerate() {
                out.push_str(if i == 0 { ": " } else { ", " });
                match ty {
                    Scalar::I1 => out.push_str(if *x != 0 { "true" } else { "false" }),
                    _ => write_int(*x, *ty, out),
                }
            }
        }
        DenseArray::Float(ty, v) => {
            out.push_str(ty.name());
            for (i, x) in v.iter().enumerate() {
                out.push_str(if i == 0 { ": " } else { ", " });
                write_float(*x, *ty, out);
            }
        }
    }
    out.push_str(">");
}

fn write_element(d: &DenseElements, i: usize, out: &mut Buf) {
    match d.ty.elem {
        Scalar::I1 => out.push_str(if d.get_i64(i) != 0 { "true" } else { "false" }),
        s if s.is_float() => write_float(d.raw(i), s, out),
        s => write_int(d.get_i64(i), s, out),
    }
}

/// Writes an integer of type `ty`: unsigned types by their unsigned value (`ui64` bit patterns
/// above `i64::MAX` as such).
fn write_int(v: i64, ty: Scalar, out: &mut Buf) {
    if ty.is_unsigned() {
        let _ = write!(out, "{}", ty.encode_int(v));
    } else {
        out.push_i64(v);
    }
}

/// Writes `dense<…> : tensor<…>`.
fn write_dense(p: &mut super::Printer<'_>, d: &DenseElements) {
    let n = d.ty.num_elements();
    let eb = d.ty.elem.storage_bytes();
    p.buf.push_str("dense<");
    if d.data.len() != eb && d.data.len() != eb * n {
        // Malformed storage (built by hand): show the raw bytes rather than guess.
        write_raw_hex(&d.data, &mut p.buf);
    } else if n == 0 {
    } else if d.is_splat() || d.data.chunks(eb).all(|c| c == &d.data[..eb]) {
        write_element(d, 0, &mut p.buf);
    } else if n > p.opts.hex_threshold {
        write_dense_hex(d, &mut p.buf);
    } else {
        let mut next = 0;
        write_dense_list(d, &d.ty.shape, &mut next, &mut p.buf);
    }
    p.buf.push_str("> : ");
    p.write_type(&crate::types::Type::Tensor(d.ty.clone()));
}

fn write_dense_list(d: &DenseElements, shape: &[i64], next: &mut usize, out: &mut Buf) {
    let Some((&dim, rest)) = shape.split_first() else {
        write_element(d, *next, out);
        *next += 1;
        return;
    };
    out.push_str("[");
    for i in 0..dim {
        if i > 0 {
            out.push_str(", ");
        }
        write_dense_list(d, rest, next, out);
    }
    out.push_str("]");
}

/// Writes `"0x…"` in MLIR's raw layout (i1 packed 8 per byte, tf32 in 3 bytes).
fn write_dense_hex(d: &DenseElements, out: &mut Buf) {
    let bytes: Vec<u8> = match d.ty.elem {
        Scalar::I1 => {
            let n = d.ty.num_elements();
            let mut v = vec![0u8; n.div_ceil(8)];
            for i in 0..n {
                v[i / 8] |= ((d.get_i64(i) & 1) as u8) << (i % 8);
            }
            v
        }
        Scalar::TF32 => d
            .data
            .chunks(4)
            .flat_map(|c| {
                let v = u32::from_le_bytes([c[0], c[1], c[2], c[3]]) >> 13;
                [v as u8, (v >> 8) as u8, (v >> 16) as u8]
            })
            .collect(),
        _ => d.data.clone(),
    };
    write_raw_hex(&bytes, out);
}

/// Writes bytes as `"0x…"` with uppercase digits.
fn write_raw_hex(bytes: &[u8], out: &mut Buf) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push_str("\"0x");
    out.0.reserve(bytes.len() * 2 + 1);
    for &b in bytes {
        out.0.push(HEX[(b >> 4) as usize]);
        out.0.push(HEX[(b & 15) as usize]);
    }
    out.push_str("\"");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float(bits: u64, ty: Scalar) -> String {
        let mut b = Buf(Vec::new());
        write_float(bits, ty, &mut b);
        String::from_utf8(b.0).unwrap()
    }

    #[test]
    fn floats_print_shortest_with_a_point() {
        let f = |x: f32| float(x.to_bits() as u64, Scalar::F32);
        assert_eq!(f(2.0), "2.0");
        assert_eq!(f(0.5), "0.5");
        assert_eq!(f(2.71), "2.71");
        assert_eq!(f(1.0e-5), "1.0e-05");
        assert_eq!(f(1.5e20), "1.5e+20");
        assert_eq!(f(1234567.0), "1234567.0");
        assert_eq!(f(12345678.0), "1.2345678e+07");
        assert_eq!(f(-0.0), "-0.0");
        assert_eq!(f(0.0001), "0.0001");
        assert_eq!(f(f32::NAN), "0x7FC00000");
        assert_eq!(f(f32::NEG_INFINITY), "0xFF800000");
    }

    #[test]
    fn small_types_print_their_exact_value() {
        let h = half::f16::from_f32(0.1).to_bits() as u64;
        assert_eq!(float(h, Scalar::F16), "0.099975586");
        let b = half::bf16::from_f32(0.1).to_bits() as u64;
        assert_eq!(float(b, Scalar::BF16), "0.100097656");
        assert_eq!(float(0x7E, Scalar::F8E4M3FN), "448.0");
        assert_eq!(float(0x7C00, Scalar::F16), "0x7C00");
        assert_eq!(float(0x7F, Scalar::F8E4M3FN), "0x7F");
        assert_eq!(float(0x7F80_0000, Scalar::TF32), "0x3FC00");
    }
}
