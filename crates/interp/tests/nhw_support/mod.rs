//! Helpers of the `nhw` interpreter tests: build `nhw` functions in MLIR text and run them.
#![allow(dead_code)]

use neuron_interp::nhw::{run_function, NhwOptions, Rounding};
use neuron_interp::{InterpError, Tensor};
use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::verifier::{verify_module, VerifyOptions};
use neuron_ir::{Module, Scalar};

/// Parses and verifies a module (panics on a test bug: invalid IR).
pub fn module(text: &str) -> Module {
    neuron_nn::link();
    neuron_nhw::link();
    let m = parse_module(text, &"test.mlir".into(), &ParseOptions::default())
        .unwrap_or_else(|d| panic!("test IR does not parse: {d}\n{text}"));
    let errs = verify_module(&m, VerifyOptions::default());
    assert!(errs.is_empty(), "test IR does not verify: {errs:?}\n{text}");
    m
}

/// Runs `@main` of `text` with `threads` threads and rounding mode `rounding`.
pub fn run_with(
    text: &str,
    inputs: Vec<Tensor>,
    threads: usize,
    rounding: Rounding,
) -> Result<Vec<Tensor>, InterpError> {
    let opts = NhwOptions { threads, rounding };
    run_function(&module(text), "main", inputs, &opts)
}

/// Runs `@main` of `text` on one thread, nearest-even.
pub fn run(text: &str, inputs: Vec<Tensor>) -> Vec<Tensor> {
    run_with(text, inputs, 1, Rounding::NearestEven)
        .unwrap_or_else(|e| panic!("run failed: {e}\n{text}"))
}

/// `@main` applying one op (generic form) to its arguments.
pub fn op_text(op: &str, attrs: &str, inputs: &[&Tensor], out: &str) -> String {
    let params: Vec<String> = inputs
        .iter()
        .enumerate()
        .map(|(i, t)| format!("%a{i}: {}", t.ty()))
        .collect();
    let names: Vec<String> = (0..inputs.len()).map(|i| format!("%a{i}")).collect();
    let types: Vec<String> = inputs.iter().map(|t| t.ty().to_string()).collect();
    format!(
        "func.func @main({}) -> {out} {{\n  %r = \"{op}\"({}) {attrs} : ({}) -> {out}\n  func.return %r : {out}\n}}\n",
        params.join(", "),
        names.join(", "),
        types.join(", ")
    )
}

/// Runs one op and returns its result.
pub fn run_op(op: &str, attrs: &str, inputs: &[&Tensor], out: &str) -> Tensor {
    let owned = inputs.iter().map(|t| (*t).clone()).collect();
    run(&op_text(op, attrs, inputs, out), owned).remove(0)
}

/// Runs one op and returns its float values.
pub fn op_f32(op: &str, attrs: &str, inputs: &[&Tensor], out: &str) -> Vec<f32> {
    run_op(op, attrs, inputs, out)
        .as_f32()
        .expect("float result")
        .to_vec()
}

/// A float tensor of element type `dtype` (values rounded to it).
pub fn typed(dtype: Scalar, shape: &[usize], values: &[f32]) -> Tensor {
    Tensor::from_f32(dtype, shape.to_vec(), values.to_vec()).expect("valid float tensor")
}

/// An f32 tensor.
pub fn f32s(shape: &[usize], values: &[f32]) -> Tensor {
    typed(Scalar::F32, shape, values)
}

/// Deterministic pseudo-random values in [-scale, scale) (xorshift).
pub fn random_values(n: usize, seed: u64, scale: f32) -> Vec<f32> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            ((s >> 40) as f32 / (1u64 << 23) as f32 - 1.0) * scale
        })
        .collect()
}

/// True if two floats are the same bit pattern, or both NaN.
pub fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// Asserts two float slices are equal bit for bit (NaNs equal if both NaN).
pub fn assert_bits(got: &[f32], want: &[f32]) {
    assert_eq!(got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(same(*g, *w), "element {i}: got {g:?}, want {w:?}");
    }
}
