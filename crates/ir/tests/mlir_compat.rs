//! Upstream compatibility: upstream `mlir-opt --allow-unregistered-dialect` accepts every generic
//! output (all attribute kinds, NaN/Inf, dense literal/splat/hex, escapes, locations), and its
//! own re-printed output parses back to the same module. Skipped when mlir-opt is not installed.

mod common;

use common::{opts, parse_ok};
use neuron_ir::printer::{module_to_string, PrintOptions};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const MLIR_OPT: &str = "/usr/lib/llvm-22/bin/mlir-opt";

/// Runs mlir-opt on `input`; returns its stdout, or its stderr as the error.
fn mlir_opt(input: &str, extra: &[&str]) -> Result<String, String> {
    let mut child = Command::new(MLIR_OPT)
        .arg("--allow-unregistered-dialect")
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Every attribute form, as attributes of one op.
const ATTRS: &[&str] = &[
    "7 : i64",
    "-3 : i32",
    "0xFF : i8",
    "-128 : i8",
    "3 : index",
    "true",
    "false",
    "2.5 : f32",
    "-0.0 : f32",
    "1.0e-05 : f32",
    "1.5e+20 : f32",
    "0.1 : bf16",
    "0.1 : f16",
    "1.0 : tf32",
    "0.1 : tf32",
    "448.0 : f8E4M3FN",
    "0.1 : f8E5M2",
    "0x7FC00000 : f32",
    "0xFF800000 : f32",
    "0x7C00 : f16",
    "0x7FC0 : bf16",
    "0x7F : f8E4M3FN",
    "0x7C : f8E5M2",
    "0x3FC00 : tf32",
    r#""q\22\0A\\ \t""#,
    "unit",
    "[1, true, \"s\", [unit]]",
    "[]",
    "{b = 1, a, \"x y\" = 2 : i8}",
    "array<i64: 1, 0>",
    "array<i64>",
    "array<i32: -1>",
    "array<i8: 127>",
    "array<i1: true, false>",
    "array<f32: 1.5, 0x7FC00000>",
    "array<f16: 0.1>",
    "bf16",
    "tensor<2x3xf32>",
    "(f32) -> f32",
    "() -> (f32, i1)",
    "@foo",
    "@\"a b\"",
    "dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>",
    "dense<0.5> : tensor<3xf32>",
    "dense<[1, -2]> : tensor<2xi32>",
    "dense<[true, false]> : tensor<2xi1>",
    "dense<true> : tensor<4xi1>",
    "dense<[0x7FC00000, 1.0]> : tensor<2xf32>",
    "dense<\"0x0000803F00000040\"> : tensor<2xf32>",
    "dense<> : tensor<0xf32>",
    "dense<1.5> : tensor<f32>",
    "dense<[[1], [2]]> : tensor<2x1xi8>",
    "dense<[1.5, 2.5]> : tensor<2xf8E5M2>",
    "dense<[1.0, 2.0]> : tensor<2xtf32>",
    "dense<[0.1, 0.2]> : tensor<2xbf16>",
    "dense<[1, 2]> : tensor<2xindex>",
];

fn attrs_module() -> String {
    let entries: Vec<String> = ATTRS
        .iter()
        .enumerate()
        .map(|(i, a)| format!("a{i} = {a}"))
        .collect();
    let big: Vec<String> = (0..130).map(|i| format!("{i}.25")).collect();
    let bools: Vec<&str> = (0..120)
        .map(|i| if i % 3 == 0 { "true" } else { "false" })
        .collect();
    let tf: Vec<String> = (0..101).map(|i| format!("{i}.0")).collect();
    format!(
        "func.func @attrs() {{\n  \"x.attrs\"() {{{}}} : () -> ()\n  \"x.big\"() {{b = dense<[{}]> : tensor<130xf32>, \
         c = dense<[{}]> : tensor<120xi1>, t = dense<[{}]> : tensor<101xtf32>}} : () -> ()\n  return\n}}\n",
        entries.join(", "),
        big.join(", "),
        bools.join(", "),
        tf.join(", ")
    )
}

const STRUCTURE: &str = r#"module @m attributes {x.y = 1 : i64} {
  func.func private @p(%arg0: tensor<2xf32> {some.attr = 1 : i64}, %arg1: f32) -> (tensor<2xf32> {x.r}, f32) attributes {foo = "bar"} {
    %0 = test.add %arg0, %arg0 : tensor<2xf32> loc("a.mlir":3:7)
    %1:2 = "x.pair"(%0) {k = 1 : i64} : (tensor<2xf32>) -> (f32, f32) loc("name")
    %2 = "x.one"(%1#1) : (f32) -> f32 loc(unknown)
    return %0, %2 : tensor<2xf32>, f32
  }
  func.func @"q r"() {
    return
  }
}
"#;

/// Checks generic output, and custom output too when `custom` (no ops mlir-opt cannot parse).
fn check(text: &str, custom: bool) {
    let m = parse_ok(text);
    for debug in [false, true] {
        let o = opts(true, debug);
        let ours = module_to_string(&m, &o);
        let mut flags = vec!["--mlir-print-op-generic"];
        if debug {
            flags.push("--mlir-print-debuginfo");
        }
        let theirs =
            mlir_opt(&ours, &flags).unwrap_or_else(|e| panic!("mlir-opt rejected:\n{ours}\n{e}"));
        let back = module_to_string(&parse_ok(&theirs), &o);
        assert_eq!(back, ours, "mlir-opt output:\n{theirs}");
        if custom {
            let text = module_to_string(
                &m,
                &PrintOptions {
                    debug_info: debug,
                    ..PrintOptions::default()
                },
            );
            let theirs = mlir_opt(&text, &flags)
                .unwrap_or_else(|e| panic!("mlir-opt rejected:\n{text}\n{e}"));
            assert_eq!(module_to_string(&parse_ok(&theirs), &o), ours);
        }
    }
}

#[test]
fn mlir_opt_accepts_and_preserves_our_output() {
    if !Path::new(MLIR_OPT).exists() {
        eprintln!("skipped: {MLIR_OPT} is not installed");
        return;
    }
    check(&attrs_module(), true);
    check(STRUCTURE, false);
}
