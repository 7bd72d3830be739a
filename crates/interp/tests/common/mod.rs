//! Helpers of the interpreter tests: build one-op functions in MLIR text, run them, and make
//! tensors.
#![allow(dead_code)]

use neuron_interp::{run_function, InterpError, InterpOptions, Tensor};
use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::verifier::{verify_module, VerifyOptions};
use neuron_ir::{Module, Scalar};

/// Parses and verifies a module (panics on a test bug: invalid IR).
pub fn module(text: &str) -> Module {
    neuron_nn::link();
    let m = parse_module(text, &"test.mlir".into(), &ParseOptions::default())
        .unwrap_or_else(|d| panic!("test IR does not parse: {d}\n{text}"));
    let errs = verify_module(&m, VerifyOptions::default());
    assert!(errs.is_empty(), "test IR does not verify: {errs:?}\n{text}");
    m
}

/// Runs `@main` of `text` on one thread.
pub fn run(text: &str, inputs: Vec<Tensor>) -> Result<Vec<Tensor>, InterpError> {
    run_threads(text, inputs, 1)
}

/// Runs `@main` of `text` on `threads` threads.
pub fn run_threads(
    text: &str,
    inputs: Vec<Tensor>,
    threads: usize,
) -> Result<Vec<Tensor>, InterpError> {
    run_function(&module(text), "main", inputs, &InterpOptions { threads })
}

/// The text of `@main` applying `op` (generic form, with `attrs` such as `{axis = 1 : i64}`)
/// to the inputs, with result type `out`.
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
pub fn run_op(op: &str, attrs: &str, inputs: &[&Tensor], out: &str) -> Result<Tensor, InterpError> {
    let text = op_text(op, attrs, inputs, out);
    let owned: Vec<Tensor> = inputs.iter().map(|t| (*t).clone()).collect();
    Ok(run(&text, owned)?.remove(0))
}

/// Runs one op that must succeed and returns its float values.
pub fn op_f32(op: &str, attrs: &str, inputs: &[&Tensor], out: &str) -> Vec<f32> {
    let t = run_op(op, attrs, inputs, out).unwrap_or_else(|e| panic!("{op} failed: {e}"));
    t.as_f32().expect("float result").to_vec()
}

/// Runs one op that must succeed and returns its integer values.
pub fn op_i64(op: &str, attrs: &str, inputs: &[&Tensor], out: &str) -> Vec<i64> {
    let t = run_op(op, attrs, inputs, out).unwrap_or_else(|e| panic!("{op} failed: {e}"));
    t.as_i64().expect("integer result").to_vec()
}

/// An f32 tensor.
pub fn f32s(shape: &[usize], values: &[f32]) -> Tensor {
    typed(Scalar::F32, shape, values)
}

/// A float tensor of element type `dtype` (values rounded to it).
pub fn typed(dtype: Scalar, shape: &[usize], values: &[f32]) -> Tensor {
    Tensor::from_f32(dtype, shape.to_vec(), values.to_vec()).expect("valid float tensor")
}

/// An integer tensor.
pub fn ints(dtype: Scalar, shape: &[usize], values: &[i64]) -> Tensor {
    Tensor::from_i64(dtype, shape.to_vec(), values.to_vec()).expect("valid int tensor")
}

/// `0, 1, 2, …` as an f32 tensor of `shape`.
pub fn iota(shape: &[usize]) -> Tensor {
    let n: usize = shape.iter().product();
    f32s(shape, &(0..n).map(|i| i as f32).collect::<Vec<_>>())
}

/// Deterministic pseudo-random values in [-1, 1) (xorshift), for shape-independent data.
pub fn random(shape: &[usize], seed: u64) -> Tensor {
    let n: usize = shape.iter().product();
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let v: Vec<f32> = (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 40) as f32 / (1u64 << 23) as f32 - 1.0
        })
        .collect();
    f32s(shape, &v)
}

/// Asserts two float slices are equal bit for bit (NaNs equal if both NaN).
pub fn assert_bits(got: &[f32], want: &[f32]) {
    assert_eq!(got.len(), want.len(), "lengths differ: {got:?} vs {want:?}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let same = g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan());
        assert!(
            same,
            "element {i}: got {g:?}, want {w:?}\n got {got:?}\nwant {want:?}"
        );
    }
}

/// Asserts two float slices agree within `tol` (absolute).
pub fn assert_close(got: &[f32], want: &[f32], tol: f32) {
    assert_eq!(got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= tol,
            "element {i}: got {g}, want {w}\n got {got:?}\nwant {want:?}"
        );
    }
}
