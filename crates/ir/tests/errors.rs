//! Malformed inputs: each gets a located error with an exact message, and nothing panics.

mod common;

use common::parse;
use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::{Location, SourceMap};
use std::sync::Arc;

/// Wraps `body` (ops of one function with `%a: f32`) into a module; its ops start on line 2.
fn in_func(body: &str) -> String {
    format!("func.func @f(%a: f32) {{\n{body}\n  return\n}}\n")
}

/// (input, line, column, message).
fn cases() -> Vec<(String, u32, u32, &'static str)> {
    let f = in_func;
    let attr = |a: &str| in_func(&format!("  \"x.y\"() {{k = {a}}} : () -> ()"));
    vec![
        (f("  %0:2 = \"x.y\"() : () -> f32"), 2, 3, "operation defines 1 results but was provided 2 to bind"),
        (f("  %0 = \"x.y\"(%a, %a) : (f32) -> f32"), 2, 24, "expected 2 operand types but had 1"),
        (f("  %0 = \"x.y\"(%b) : (f32) -> f32"), 2, 14, "use of undeclared SSA value name"),
        (f("  %a = \"x.y\"() : () -> f32"), 2, 3, "redefinition of SSA value '%a'"),
        (f("  %0 = \"x.y\"() : () -> f32\n  %0 = \"x.y\"() : () -> f32"), 3, 3, "redefinition of SSA value '%0'"),
        (f("  %0 = \"x.y\"(%a) : (i32) -> f32"), 2, 14, "use of value '%a' expects different type than prior uses: 'i32' vs 'f32'"),
        (f("  %0 = \"x.y\"(%a) : (f32) -> f32\n  \"x.z\"(%0#1) : (f32) -> ()"), 3, 9, "reference to invalid result number"),
        (f("  %1 = \"x.y\"(%1) : (f32) -> f32"), 2, 14, "use of undeclared SSA value name"),
        ("func.func @f(%a: f32)\n".into(), 1, 1, "functions without a body (declarations) are not supported"),
        ("\"func.func\"() <{function_type = () -> (), sym_name = \"f\"}> ({\n}) : () -> ()".into(), 1, 61, "functions without a body (declarations) are not supported"),
        (f("  %0 = foo.bar %a : f32"), 2, 8, "custom op 'foo.bar' is unknown"),
        ("func.func @f(%a: tensor<2x?xf32>) {\n  return\n}".into(), 1, 27, "dynamic dimensions are not supported; tensor shapes must be static"),
        ("func.func @f(%a: tensor<*xf32>) {\n  return\n}".into(), 1, 25, "unranked tensors are not supported"),
        ("func.func @f(%a: tensor<-1xf32>) {\n  return\n}".into(), 1, 25, "tensor dimensions must not be negative"),
        ("func.func @f(%a: tensor<2xf64>) {\n  return\n}".into(), 1, 27, "type 'f64' is not supported; element types are f32, f16, bf16, tf32, f8E4M3FN, f8E5M2, f8E4M3FNUZ, f8E5M2FNUZ, f4E2M1FN, f8E8M0FNU, i1, i2, i4, i8, i16, i32, i64, ui2, ui4, ui8, ui16, ui32, ui64 and index"),
        ("func.func @f(%a: f33) {\n  return\n}".into(), 1, 18, "unknown type 'f33'"),
        ("func.func @f(%a: i12) {\n  return\n}".into(), 1, 18, "type 'i12' is not supported; element types are f32, f16, bf16, tf32, f8E4M3FN, f8E5M2, f8E4M3FNUZ, f8E5M2FNUZ, f4E2M1FN, f8E8M0FNU, i1, i2, i4, i8, i16, i32, i64, ui2, ui4, ui8, ui16, ui32, ui64 and index"),
        ("func.func @f(%a: memref<2xf32>) {\n  return\n}".into(), 1, 18, "'memref' types are not supported; use static tensor types"),
        ("func.func @f(%a: !foo.bar) {\n  return\n}".into(), 1, 18, "dialect types are not supported: '!foo.bar'"),
        ("func.func @f(%a: tensor<2xf32, #enc>) {\n  return\n}".into(), 1, 27, "tensor encodings are not supported"),
        (f("  \"x.y\"() ({\n  }) : () -> ()"), 2, 11, "operations with regions are not supported"),
        (f("  \"x.y\"() [^bb1] : () -> ()"), 2, 11, "successors are not supported (functions have a single block)"),
        ("func.func @f() {\n  return\n^bb1:\n  return\n}".into(), 3, 1, "only single-block functions are supported"),
        ("module {\n}\nmodule {\n}".into(), 3, 1, "expected a single top-level module per input"),
        ("module {\n  \"x.y\"() : () -> ()\n}".into(), 2, 3, "only 'func.func' operations are supported inside a module"),
        ("%0 = \"x.y\"() : () -> f32".into(), 1, 1, "expected 'module' or 'func.func' at the top level"),
        (attr("{a, a}"), 2, 20, "duplicate key 'a' in dictionary attribute"),
        (f("  \"x.y\"() <{a}> {a} : () -> ()"), 2, 18, "duplicate key 'a' in dictionary attribute"),
        (attr("dense<[[1.0, 2.0]]> : tensor<2x1xf32>"), 2, 16, "inferred shape of elements literal ([1, 2]) does not match type ([2, 1])"),
        (attr("dense<[[1.0], [2.0, 3.0]]> : tensor<2x1xf32>"), 2, 30, "tensor literal is invalid; ranks are not consistent between elements"),
        (attr("dense<\"0x0000\"> : tensor<2xf32>"), 2, 16, "elements hex data size is invalid for provided type: 'tensor<2xf32>'"),
        (attr("dense<\"0xZZ\"> : tensor<1xi8>"), 2, 22, "expected string containing hex digits starting with `0x`"),
        (attr("dense<> : tensor<2xf32>"), 2, 16, "parsed zero elements, but type ('tensor<2xf32>') expected at least 1"),
        (attr("dense<[1, 2]> : tensor<2xf32>"), 2, 23, "unexpected decimal integer literal for a floating point value"),
        (attr("dense<[true]> : tensor<1xi8>"), 2, 23, "expected i1 type for 'true' or 'false' values"),
        (attr("dense<300> : tensor<2xi8>"), 2, 22, "integer constant out of range for type"),
        (attr("dense<[1.0]> : f32"), 2, 31, "expected a tensor type, got 'f32'"),
        (attr("300 : i8"), 2, 16, "integer constant out of range for attribute"),
        (attr("128 : i8"), 2, 16, "integer constant out of range for attribute"),
        (attr("9223372036854775808"), 2, 16, "integer constant out of range for attribute"),
        (attr("dense<[1, 2.5]> : tensor<2xi32>"), 2, 26, "expected integer elements, but parsed floating-point"),
        ("func.func @(%a: f32) {\n  return\n}".into(), 1, 11, "expected symbol name after '@'"),
        (attr("2 : i1"), 2, 16, "integer constant out of range for attribute"),
        (attr("99999999999999999999"), 2, 16, "integer constant out of range for attribute"),
        (attr("1.5 : i32"), 2, 16, "floating point value not valid for specified type"),
        (attr("1 : f32"), 2, 16, "unexpected decimal integer literal for a floating point value"),
        (attr("0x7FC00000 : f16"), 2, 16, "hexadecimal float constant out of range for type"),
        (attr("-0x7FC00000 : f32"), 2, 17, "hexadecimal float literal should not have a leading minus"),
        (attr("array<i8: 300>"), 2, 26, "integer constant out of range"),
        (attr("1 : tensor<2xf32>"), 2, 20, "expected a scalar type for a number, got 'tensor<2xf32>'"),
        (attr("\"\\q\""), 2, 16, "unknown escape in string literal"),
        (attr("\"abc"), 2, 32, "expected '\"' in string literal"),
        (attr("#nope"), 2, 16, "undefined symbol alias id 'nope'"),
        (attr("affine_map<(d0) -> (d0)>"), 2, 16, "'affine_map' attributes are not supported"),
        (attr("@a::@b"), 2, 18, "nested symbol references are not supported"),
        (f("  \"x.y\"() : () -> () loc(#nope)"), 2, 26, "operation location alias was never defined: '#nope'"),
        (f("  \"x.y\"() : () -> () loc(\"f\":x)"), 2, 30, "expected integer line number in location"),
        (f("  $"), 2, 3, "unexpected character"),
        ("func.func @f() {\n  return".into(), 2, 9, "expected '}' to end the function body"),
        ("\"func.func\"() <{sym_name = \"f\"}> ({\n  \"func.return\"() : () -> ()\n}) : () -> ()".into(), 1, 1, "'func.func' op requires function type attribute 'function_type'"),
        ("\"func.func\"() <{function_type = (f32) -> (), sym_name = \"f\"}> ({\n^bb0(%x: i8):\n  \"func.return\"() : () -> ()\n}) : () -> ()".into(), 1, 1, "type of entry block argument #0(i8) must match the type of the corresponding argument in function signature(f32)"),
        ("\"builtin.module\"() ({\n}) : (f32) -> ()".into(), 2, 6, "'builtin.module' must have type '() -> ()'"),
        (f("  return %a, %a : f32"), 2, 19, "expected 2 operand types but had 1"),
        ("func.func @f(%x: f32, %x: f32) {\n  return\n}".into(), 1, 23, "redefinition of SSA value '%x'"),
        (f("  %0:0 = \"x.y\"() : () -> ()"), 2, 6, "expected named operation to have at least 1 result"),
        ("func.func @f() attributes {a, a} {\n  return\n}".into(), 1, 31, "duplicate key 'a' in dictionary attribute"),
    ]
}

#[test]
fn malformed_inputs_get_exact_located_errors() {
    let file: Arc<str> = common::file();
    let mut failures = Vec::new();
    for (text, line, col, msg) in cases() {
        match parse(&text) {
            Ok(_) => failures.push(format!("accepted:\n{text}")),
            Err(d) => {
                let want = Location::file(&file, line, col);
                if d.message != msg || d.loc != want {
                    failures.push(format!(
                        "{text}\n  want {line}:{col}: {msg}\n  got  {:?}: {}",
                        d.loc, d.message
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for (open, close, pre, post) in [
        ("[", "]", "", ""),
        ("{a = ", "}", "", ""),
        ("[", "]", "dense<", "> : tensor<1xf32>"),
    ] {
        let deep = format!(
            "{pre}{}1{}{post}",
            open.repeat(100_000),
            close.repeat(100_000)
        );
        let d = parse(&in_func(&format!("  \"x.y\"() {{k = {deep}}} : () -> ()"))).unwrap_err();
        assert_eq!(d.message, "nesting is too deep", "{open}");
    }
    let types = format!("{}f32{}", "(".repeat(50_000), ") -> ()".repeat(50_000));
    let d = parse(&format!("func.func @f(%a: {types}) {{\n  return\n}}")).unwrap_err();
    assert_eq!(d.message, "nesting is too deep");
    let locs = format!(
        "loc({}\"a\"{})",
        "callsite(".repeat(50_000),
        " at \"b\")".repeat(50_000)
    );
    let d = parse(&in_func(&format!("  \"x.y\"() : () -> () {locs}"))).unwrap_err();
    assert_eq!(d.message, "nesting is too deep");
}

#[test]
fn huge_tensor_types_are_rejected() {
    let d =
        parse("func.func @f(%a: tensor<4611686018427387904x2xf32>) {\n  return\n}").unwrap_err();
    assert_eq!(d.message, "tensor type has too many elements");
    assert_eq!(d.loc, Location::file(&common::file(), 1, 45));
    let d = parse("func.func @f(%a: tensor<2305843009213693952xf32>) {\n  return\n}").unwrap_err();
    assert_eq!(d.message, "tensor type has too many elements");
    assert_eq!(d.loc, Location::file(&common::file(), 1, 25));
    let d = parse("func.func @f(%a: tensor<99999999999999999999xf32>) {\n  return\n}").unwrap_err();
    assert_eq!(d.message, "tensor dimension is too large");
}

#[test]
fn unregistered_ops_need_the_flag() {
    let text = in_func("  \"x.y\"() : () -> ()");
    let opts = ParseOptions::default();
    let d = parse_module(&text, &common::file(), &opts).unwrap_err();
    assert_eq!(d.message, "operation being parsed with an unregistered dialect ('x'); use --allow-unregistered-dialect to allow it");
    assert_eq!(d.loc, Location::file(&common::file(), 2, 3));
    let d = parse_module(
        &in_func("  \"test.nope\"() : () -> ()"),
        &common::file(),
        &opts,
    )
    .unwrap_err();
    assert_eq!(d.message, "unregistered operation 'test.nope' found in dialect ('test') that does not allow unknown operations");
    assert!(parse_module(
        &in_func("  \"test.const\"() {value = 1} : () -> f32"),
        &common::file(),
        &opts
    )
    .is_ok());
}

#[test]
fn errors_render_with_line_offset_and_caret() {
    let text = "func.func @f(%a: f32) {\n  %0 = \"x.y\"(%zz) : (f32) -> f32\n}\n";
    let opts = ParseOptions {
        allow_unregistered: true,
        line_offset: 5,
    };
    let d = parse_module(text, &common::file(), &opts).unwrap_err();
    assert_eq!(d.loc, Location::file(&common::file(), 7, 14));
    let mut sm = SourceMap::default();
    let padded: Arc<str> = format!("\n\n\n\n\n{text}").into();
    sm.add(&common::file(), &padded);
    let shown = sm.render(&d);
    assert_eq!(shown, "t.mlir:7:14: error: use of undeclared SSA value name\n  %0 = \"x.y\"(%zz) : (f32) -> f32\n             ^\n");
}

#[test]
fn redefinition_and_type_mismatch_carry_notes() {
    let d = parse(&in_func("  %a = \"x.y\"() : () -> f32")).unwrap_err();
    assert_eq!(d.notes.len(), 1);
    assert_eq!(d.notes[0].message, "previously defined here");
    assert_eq!(d.notes[0].loc, Location::file(&common::file(), 1, 1));
    let d = parse(&in_func(
        "  %0 = \"x.y\"() : () -> f32\n  \"x.z\"(%0) : (i8) -> ()",
    ))
    .unwrap_err();
    assert_eq!(d.notes[0].loc, Location::file(&common::file(), 2, 3));
}

/// A module using most of the syntax, for truncation and mutation tests.
const SAMPLE: &str = r#"#loc1 = loc("a.mlir":1:2)
module @m attributes {x = [1, 2.5 : f16, "s\22"]} {
  func.func private @f(%arg0: tensor<2x3xf32> {a.b}, %arg1: f32) -> (tensor<2x3xf32>, f32) {
    %0 = test.add %arg0, %arg0 : tensor<2x3xf32> loc(#loc1)
    %1:2 = "x.pair"(%0) <{p = array<i64: 1, 0>}> {d = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>, h = dense<"0x0000803F"> : tensor<4xf32>} : (tensor<2x3xf32>) -> (f32, i1)
    "x.use"(%1#0, %1#1) {t = (f32) -> i1, s = @f, n = 0x7FC00000 : f32} : (f32, i1) -> () loc("x.mlir":3:4)
    return %0, %arg1 : tensor<2x3xf32>, f32
  }
}
"#;

#[test]
fn truncated_inputs_never_panic() {
    assert!(parse(SAMPLE).is_ok());
    for end in 0..SAMPLE.len() {
        if SAMPLE.is_char_boundary(end) {
            let _ = parse(&SAMPLE[..end]);
        }
    }
}

#[test]
fn mutated_inputs_never_panic() {
    let bytes = SAMPLE.as_bytes();
    let replacements = [
        b'(', b')', b'<', b'>', b'{', b'}', b'"', b'%', b'#', b'-', b'0', b'x', b':', b',', b' ',
        b'\n', b'@', b'^',
    ];
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..4000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let pos = (seed % bytes.len() as u64) as usize;
        let with = replacements[(seed >> 32) as usize % replacements.len()];
        let mut m = bytes.to_vec();
        m[pos] = with;
        if let Ok(text) = String::from_utf8(m) {
            let _ = parse(&text);
        }
    }
}
