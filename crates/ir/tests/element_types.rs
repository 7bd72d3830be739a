//! The integer types `i2` … `ui64` and the floats `f8E4M3FNUZ`, `f8E5M2FNUZ`, `f4E2M1FN`,
//! `f8E8M0FNU`: text round trips (custom and generic form, literal lists, splats, hex), literal
//! ranges, integer wrapping, and every float bit pattern decoded and rounded against values
//! computed here from each format's definition.

mod common;

use common::{opts, parse, parse_ok, print, print_generic};
use neuron_ir::numerics::{bits_to_f64, f64_to_bits, max_finite};
use neuron_ir::parser::{parse_attribute, parse_type};
use neuron_ir::printer::{attribute_to_string, module_to_string, PrintOptions};
use neuron_ir::{Attribute, Scalar};

const NEW_INTS: [&str; 9] = [
    "i16", "ui8", "ui16", "ui32", "ui64", "i4", "ui4", "i2", "ui2",
];
const NEW_FLOATS: [&str; 4] = ["f8E4M3FNUZ", "f8E5M2FNUZ", "f4E2M1FN", "f8E8M0FNU"];

#[test]
fn every_new_type_parses_and_prints() {
    for name in NEW_INTS.iter().chain(&NEW_FLOATS) {
        let s = Scalar::from_name(name).unwrap_or_else(|| panic!("{name} is not a scalar"));
        assert_eq!(s.name(), *name);
        for text in [name.to_string(), format!("tensor<2x3x{name}>")] {
            let t = parse_type(&text).unwrap_or_else(|d| panic!("{text}: {d}"));
            assert_eq!(t.to_string(), text);
        }
    }
}

/// A module whose one op carries `attrs`, with a function argument of every new type.
fn module_text(attrs: &str) -> String {
    let args: Vec<String> = NEW_INTS
        .iter()
        .chain(&NEW_FLOATS)
        .enumerate()
        .map(|(i, n)| format!("%arg{i}: tensor<2x{n}>"))
        .collect();
    format!(
        "module {{\n  func.func @f({}) -> ui8 {{\n    %0 = \"test.c\"() {{{attrs}}} : () -> ui8\n    return %0 : ui8\n  }}\n}}\n",
        args.join(", ")
    )
}

const ATTRS: &str = "a = dense<[-32768, 32767]> : tensor<2xi16>, \
b = dense<[0, 255]> : tensor<2xui8>, c = dense<[1, 65535]> : tensor<2xui16>, \
d = dense<[0, 4294967295]> : tensor<2xui32>, e = dense<[18446744073709551615, 1]> : tensor<2xui64>, \
g = dense<[-8, 7]> : tensor<2xi4>, h = dense<[0, 15]> : tensor<2xui4>, \
i = dense<[-2, 1]> : tensor<2xi2>, j = dense<[3, 0]> : tensor<2xui2>, \
k = dense<[240.0, -0.0078125]> : tensor<2xf8E4M3FNUZ>, \
l = dense<[57344.0, 1.5258789e-05]> : tensor<2xf8E5M2FNUZ>, \
m = dense<[6.0, -0.5]> : tensor<2xf4E2M1FN>, n = dense<[1.0, 0.25]> : tensor<2xf8E8M0FNU>, \
o = dense<7> : tensor<3xui4>, s1 = 5 : ui8, s2 = 18446744073709551615 : ui64, s3 = -3 : i4, \
s4 = 1.5 : f4E2M1FN, s5 = 0x80 : f8E4M3FNUZ, s6 = 0xFF : f8E8M0FNU, s7 = array<ui16: 1, 65535>";

#[test]
fn attributes_of_every_new_type_round_trip() {
    let text = module_text(ATTRS);
    let m = parse_ok(&text);
    assert_eq!(print(&m), text, "the input is already in printed form");
    let generic = print_generic(&m);
    assert_eq!(print(&parse_ok(&generic)), text, "generic form reads back");
    let hex = PrintOptions {
        hex_threshold: 1,
        ..opts(false, false)
    };
    let hex_text = module_to_string(&m, &hex);
    assert!(hex_text.contains("e = dense<\"0xFFFFFFFFFFFFFFFF0100000000000000\"> : tensor<2xui64>"));
    assert_eq!(print(&parse_ok(&hex_text)), text, "hex form reads back");
}

#[test]
fn hex_dense_uses_one_byte_per_sub_byte_element() {
    let text = module_text(
        "a = dense<[-8, 7, -1]> : tensor<3xi4>, b = dense<[1.0, -6.0, 0.5]> : tensor<3xf4E2M1FN>, \
         c = dense<[-1, 0, 1]> : tensor<3xi2>",
    );
    let hex = PrintOptions {
        hex_threshold: 1,
        ..opts(false, false)
    };
    let out = module_to_string(&parse_ok(&text), &hex);
    // The bytes MLIR (mlir-opt 22) prints for these attributes.
    assert!(
        out.contains("a = dense<\"0x08070F\"> : tensor<3xi4>"),
        "{out}"
    );
    assert!(
        out.contains("b = dense<\"0x020F01\"> : tensor<3xf4E2M1FN>"),
        "{out}"
    );
    assert!(
        out.contains("c = dense<\"0x030001\"> : tensor<3xi2>"),
        "{out}"
    );
}

#[test]
fn integer_literals_respect_signedness_and_width() {
    let ok = |t: &str| parse_attribute(t).unwrap_or_else(|d| panic!("{t}: {d}"));
    assert_eq!(ok("255 : ui8"), Attribute::Integer(255, Scalar::UI8));
    assert_eq!(
        ok("18446744073709551615 : ui64"),
        Attribute::Integer(-1, Scalar::UI64)
    );
    assert_eq!(ok("-8 : i4"), Attribute::Integer(-8, Scalar::I4));
    assert_eq!(
        ok("0xF : i4"),
        Attribute::Integer(-1, Scalar::I4),
        "hex is a bit pattern"
    );
    assert_eq!(
        attribute_to_string(&ok("18446744073709551615 : ui64")),
        "18446744073709551615 : ui64"
    );
    for bad in [
        "256 : ui8",
        "8 : i4",
        "-9 : i4",
        "4 : ui2",
        "2 : i2",
        "65536 : ui16",
        "32768 : i16",
    ] {
        let e = parse_attribute(bad).expect_err(bad);
        assert!(e.message.contains("out of range"), "{bad}: {}", e.message);
    }
    let e = parse_attribute("-1 : ui8").expect_err("negative unsigned");
    assert_eq!(
        e.message,
        "negative integer literal not valid for unsigned integer type"
    );
    let e = parse(&module_text("a = dense<[1, 16]> : tensor<2xui4>")).expect_err("out of range");
    assert_eq!(e.message, "integer constant out of range for type");
}

#[test]
fn integers_wrap_to_width_and_signedness() {
    use Scalar::*;
    assert_eq!(UI8.decode_int(UI8.encode_int(-1)), 255);
    assert_eq!(UI8.decode_int(UI8.encode_int(256 + 7)), 7);
    assert_eq!(I16.decode_int(I16.encode_int(40000)), 40000 - 65536);
    assert_eq!(UI16.decode_int(UI16.encode_int(-2)), 65534);
    assert_eq!(UI32.decode_int(UI32.encode_int(-1)), 4_294_967_295);
    assert_eq!(UI64.decode_int(u64::MAX), -1, "ui64 keeps its bit pattern");
    assert_eq!(UI64.int_to_f64(-1), 18_446_744_073_709_551_615.0);
    assert_eq!(I4.decode_int(8), -8);
    assert_eq!(I4.decode_int(0xF7), 7, "only the low 4 bits count");
    assert_eq!(UI4.decode_int(I4.encode_int(-1)), 15);
    assert_eq!(I2.decode_int(2), -2);
    assert_eq!(UI2.decode_int(7), 3);
    assert_eq!(I4.int_range(), Some((-8, 7)));
    assert_eq!(UI2.int_range(), Some((0, 3)));
    assert_eq!(UI32.int_range(), Some((0, 4_294_967_295)));
    assert_eq!(I16.storage_bytes(), 2);
    assert_eq!(
        (
            I4.storage_bytes(),
            F4E2M1FN.storage_bytes(),
            UI64.storage_bytes()
        ),
        (1, 1, 8)
    );
    assert!(UI8.is_unsigned() && !I8.is_unsigned() && !I1.is_unsigned());
}

/// The value of bit pattern `b` of a float format with `e_bits` exponent and `m_bits` fraction
/// bits, `bias`, a sign bit above them, and no Inf: the textbook definition.
fn from_definition(b: u64, e_bits: u32, m_bits: u32, bias: i32) -> f64 {
    let m = (b & ((1 << m_bits) - 1)) as f64;
    let e = ((b >> m_bits) & ((1 << e_bits) - 1)) as i32;
    let sign = if b >> (e_bits + m_bits) & 1 == 1 {
        -1.0
    } else {
        1.0
    };
    let scale = 2f64.powi(m_bits as i32);
    let mag = if e == 0 {
        m / scale * 2f64.powi(1 - bias)
    } else {
        (1.0 + m / scale) * 2f64.powi(e - bias)
    };
    sign * mag
}

/// Every pattern of type `s` and the value the format's definition gives it (NaN: `None`).
fn definition_table(s: Scalar) -> Vec<(u64, Option<f64>)> {
    match s {
        // FNUZ: 0x80 is the only NaN, no -0, no Inf.
        Scalar::F8E4M3FNUZ => (0..256)
            .map(|b| (b, (b != 0x80).then(|| from_definition(b, 4, 3, 8))))
            .collect(),
        Scalar::F8E5M2FNUZ => (0..256)
            .map(|b| (b, (b != 0x80).then(|| from_definition(b, 5, 2, 16))))
            .collect(),
        // FP4 E2M1: every pattern is a number.
        Scalar::F4E2M1FN => (0..16)
            .map(|b| (b, Some(from_definition(b, 2, 1, 1))))
            .collect(),
        // E8M0: 2^(b - 127); 0xFF is NaN.
        Scalar::F8E8M0FNU => (0..256)
            .map(|b| (b, (b != 0xFF).then(|| 2f64.powi(b as i32 - 127))))
            .collect(),
        _ => unreachable!("not a new float type"),
    }
}

const NEW_FLOAT_TYPES: [Scalar; 4] = [
    Scalar::F8E4M3FNUZ,
    Scalar::F8E5M2FNUZ,
    Scalar::F4E2M1FN,
    Scalar::F8E8M0FNU,
];

#[test]
fn every_bit_pattern_decodes_to_its_defined_value() {
    for s in NEW_FLOAT_TYPES {
        for (b, want) in definition_table(s) {
            let got = bits_to_f64(s, b);
            match want {
                None => assert!(got.is_nan(), "{s} {b:#x}: {got}"),
                Some(v) => {
                    assert_eq!(got, v, "{s} {b:#x}");
                    assert_eq!(got.is_sign_negative(), v.is_sign_negative(), "{s} {b:#x}");
                    // Each value encodes back to its own pattern (FNUZ has no -0 to confuse).
                    assert_eq!(f64_to_bits(s, v), b, "{s} {b:#x} re-encodes");
                }
            }
        }
    }
    assert_eq!(max_finite(Scalar::F8E4M3FNUZ), Some(240.0));
    assert_eq!(max_finite(Scalar::F8E5M2FNUZ), Some(57344.0));
    assert_eq!(max_finite(Scalar::F4E2M1FN), Some(6.0));
}

/// The finite non-negative values of `s` in increasing order with their patterns.
fn ladder(s: Scalar) -> Vec<(f64, u64)> {
    let mut v: Vec<(f64, u64)> = definition_table(s)
        .into_iter()
        .filter_map(|(b, x)| {
            x.filter(|x| *x >= 0.0 && !x.is_sign_negative())
                .map(|x| (x, b))
        })
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    v
}

#[test]
fn rounding_is_to_nearest_with_ties_to_even() {
    for s in [Scalar::F8E4M3FNUZ, Scalar::F8E5M2FNUZ, Scalar::F4E2M1FN] {
        let steps = ladder(s);
        for w in steps.windows(2) {
            let ((lo, lb), (hi, hb)) = (w[0], w[1]);
            let mid = (lo + hi) / 2.0;
            let even = if lb % 2 == 0 { lb } else { hb };
            assert_eq!(
                f64_to_bits(s, mid),
                even,
                "{s}: tie {mid} between {lo} and {hi}"
            );
            let d = (hi - lo) / 8.0;
            assert_eq!(f64_to_bits(s, mid - d), lb, "{s}: below the tie {mid}");
            assert_eq!(f64_to_bits(s, mid + d), hb, "{s}: above the tie {mid}");
            // Negative values mirror (sign bit above the magnitude bits).
            let sign = if s == Scalar::F4E2M1FN { 0x8 } else { 0x80 };
            if lo > 0.0 {
                assert_eq!(f64_to_bits(s, -(mid + d)), hb | sign, "{s}: -{mid}");
            }
        }
    }
}

#[test]
fn overflow_and_specials_follow_each_format() {
    use Scalar::*;
    // FNUZ: past the last tie, ±Inf and NaN all give the one NaN; -0 becomes +0.
    assert_eq!(
        f64_to_bits(F8E4M3FNUZ, 248.0),
        0x80,
        "the tie above 240 rounds to even: NaN"
    );
    assert_eq!(f64_to_bits(F8E4M3FNUZ, 247.0), 0x7F);
    assert_eq!(f64_to_bits(F8E5M2FNUZ, 61440.0), 0x80);
    assert_eq!(f64_to_bits(F8E5M2FNUZ, f64::NEG_INFINITY), 0x80);
    assert_eq!(f64_to_bits(F8E4M3FNUZ, -0.0), 0);
    assert_eq!(
        f64_to_bits(F8E4M3FNUZ, -1e-9),
        0,
        "underflow to zero has no sign"
    );
    // FP4: saturates, NaN becomes -0 (as ml_dtypes).
    assert_eq!(f64_to_bits(F4E2M1FN, 1e9), 0x7);
    assert_eq!(f64_to_bits(F4E2M1FN, f64::NEG_INFINITY), 0xF);
    assert_eq!(f64_to_bits(F4E2M1FN, f64::NAN), 0x8);
    // E8M0: powers of two, the midpoint 1.5·2^e rounds up; no zero or negatives.
    assert_eq!(f64_to_bits(F8E8M0FNU, 1.5), 128);
    assert_eq!(f64_to_bits(F8E8M0FNU, 1.49), 127);
    assert_eq!(f64_to_bits(F8E8M0FNU, 0.0), 0xFF);
    assert_eq!(f64_to_bits(F8E8M0FNU, -2.0), 0xFF);
    assert_eq!(f64_to_bits(F8E8M0FNU, 2f64.powi(-127)), 0);
}
