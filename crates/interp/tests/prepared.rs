//! `Prepared`: repeated runs of one function give the results of `run_function` bit for bit
//! (on any thread count), constants are converted once and shared, reshapes share their
//! operand's buffer, and recycled result buffers never leak an earlier run's values.

mod common;
use common::*;
use neuron_interp::{run_function, Data, InterpError, InterpOptions, Prepared, Tensor};

/// An embedding lookup into a constant table, attention-like matmuls with softmax, layer norm,
/// GELU (as `erf` and as `nn.gelu`), transposes, a slice, `exp` and `tanh`: every kernel family
/// that takes recycled result buffers.
const PROGRAM: &str = r#"func.func @main(%ids: tensor<2x3xi64>, %x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x3xf32>, tensor<2x4x3xf32>, tensor<2x2x4xf32>, tensor<6x4xf32>) {
  %table = "nn.constant"() {value = dense<[[0.5, -1.0, 2.0, 0.25], [1.5, 0.0, -0.5, 3.0], [-2.0, 1.0, 0.75, -0.125], [0.0, 4.0, -3.0, 1.0], [2.5, -2.5, 0.5, -0.5]]> : tensor<5x4xf32>} : () -> tensor<5x4xf32>
  %w = "nn.constant"() {value = dense<[[0.5, -0.25, 1.0, 0.0], [1.0, 0.5, -1.0, 0.25], [-0.5, 2.0, 0.0, 1.0], [0.25, 0.0, 0.5, -2.0]]> : tensor<4x4xf32>} : () -> tensor<4x4xf32>
  %g = "nn.constant"() {value = dense<[1.0, 0.5, 2.0, -1.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %b = "nn.constant"() {value = dense<0.125> : tensor<4xf32>} : () -> tensor<4xf32>
  %half = "nn.constant"() {value = dense<0.70710678> : tensor<f32>} : () -> tensor<f32>
  %e = "nn.gather"(%table, %ids) : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  %h = "nn.add"(%e, %x) : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %n = "nn.layer_norm"(%h, %g, %b) {axis = 2 : i64} : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %p = "nn.matmul"(%n, %w) : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  %t = "nn.transpose"(%p) {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  %s = "nn.matmul"(%p, %t) : (tensor<2x3x4xf32>, tensor<2x4x3xf32>) -> tensor<2x3x3xf32>
  %sm = "nn.softmax"(%s) : (tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %sm0 = "nn.softmax"(%t) {axis = 1 : i64} : (tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
  %z = "nn.mul"(%p, %half) : (tensor<2x3x4xf32>, tensor<f32>) -> tensor<2x3x4xf32>
  %er = "nn.erf"(%z) : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %ge = "nn.gelu"(%er) : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %sl = "nn.slice"(%ge) {starts = array<i64: 1>, ends = array<i64: 3>, axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x2x4xf32>
  %ex0 = "nn.exp"(%sl) : (tensor<2x2x4xf32>) -> tensor<2x2x4xf32>
  %ex = "nn.tanh"(%ex0) : (tensor<2x2x4xf32>) -> tensor<2x2x4xf32>
  %r = "nn.reshape"(%e) : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  func.return %ge, %sm, %sm0, %ex, %r : tensor<2x3x4xf32>, tensor<2x3x3xf32>, tensor<2x4x3xf32>, tensor<2x2x4xf32>, tensor<6x4xf32>
}
"#;

fn program_inputs(seed: u64) -> Vec<Tensor> {
    let ids: Vec<i64> = (0..6).map(|i| (i * 3 + seed as i64) % 5).collect();
    vec![
        ints(neuron_ir::Scalar::I64, &[2, 3], &ids),
        random(&[2, 3, 4], seed),
    ]
}

fn assert_same(a: &[Tensor], b: &[Tensor]) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.shape, y.shape);
        assert_bits(x.as_f32().unwrap(), y.as_f32().unwrap());
    }
}

#[test]
fn repeated_runs_match_run_function_on_any_thread_count() {
    let m = module(PROGRAM);
    let one = InterpOptions { threads: 1 };
    let reference: Vec<Vec<Tensor>> = (0..3)
        .map(|seed| run_function(&m, "main", program_inputs(seed), &one).unwrap())
        .collect();
    let prepared = Prepared::new(&m, "main").unwrap();
    for (round, threads) in [1, 2, 4, 1, 2, 4].into_iter().enumerate() {
        let seed = round % 3;
        let opts = InterpOptions { threads };
        let got = prepared.run(program_inputs(seed as u64), &opts).unwrap();
        assert_same(&got, &reference[seed]);
    }
}

/// The buffer of a float tensor.
fn buffer(t: &Tensor) -> &neuron_interp::Buffer<f32> {
    match &t.data {
        Data::F32(b) => b,
        Data::I64(_) => panic!("expected a float tensor"),
    }
}

#[test]
fn constants_are_converted_once_and_shared() {
    let text = r#"func.func @main() -> (tensor<2x2xf32>, tensor<4xf32>) {
  %c = "nn.constant"() {value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
  %r = "nn.reshape"(%c) : (tensor<2x2xf32>) -> tensor<4xf32>
  func.return %c, %r : tensor<2x2xf32>, tensor<4xf32>
}
"#;
    let m = module(text);
    let prepared = Prepared::new(&m, "main").unwrap();
    let opts = InterpOptions { threads: 1 };
    let first = prepared.run(vec![], &opts).unwrap();
    let second = prepared.run(vec![], &opts).unwrap();
    assert_eq!(first[1].as_f32().unwrap(), &[1.0, 2.0, 3.0, 4.0]);
    assert!(buffer(&first[0]).shares(buffer(&second[0])), "one constant");
    assert!(
        buffer(&first[0]).shares(buffer(&first[1])),
        "reshape is a view"
    );
    // Writing to a result copies it first: the constant stays intact.
    let mut mine = second[0].clone();
    if let Data::F32(b) = &mut mine.data {
        b.make_mut()[0] = 9.0;
    }
    let third = prepared.run(vec![], &opts).unwrap();
    assert_eq!(third[0].as_f32().unwrap(), &[1.0, 2.0, 3.0, 4.0]);
    assert_eq!(mine.as_f32().unwrap()[0], 9.0);
}

#[test]
fn recycled_buffers_never_leak_earlier_values() {
    // `%a` dies before the matmul with an empty contraction, whose 2×3 result must be zeros
    // even when it gets `%a`'s buffer (2×3 as well) back.
    let text = r#"func.func @main(%x: tensor<2x3xf32>, %p: tensor<2x0xf32>, %q: tensor<0x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %a = "nn.add"(%x, %x) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %n = "nn.neg"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %m = "nn.matmul"(%p, %q) : (tensor<2x0xf32>, tensor<0x3xf32>) -> tensor<2x3xf32>
  func.return %n, %m : tensor<2x3xf32>, tensor<2x3xf32>
}
"#;
    let m = module(text);
    let prepared = Prepared::new(&m, "main").unwrap();
    let opts = InterpOptions { threads: 2 };
    for round in 0..3 {
        let x = f32s(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0 + round as f32]);
        let inputs = vec![x, f32s(&[2, 0], &[]), f32s(&[0, 3], &[])];
        let out = prepared.run(inputs, &opts).unwrap();
        assert_eq!(out[0].as_f32().unwrap()[5], -12.0 - 2.0 * round as f32);
        assert_eq!(out[1].as_f32().unwrap(), &[0.0; 6]);
    }
}

#[test]
fn preparing_checks_the_entry_and_runs_check_inputs() {
    let m = module(PROGRAM);
    assert_eq!(
        Prepared::new(&m, "other").err(),
        Some(InterpError::NoSuchFunction("other".into()))
    );
    let prepared = Prepared::new(&m, "main").unwrap();
    let err = prepared.run(vec![], &InterpOptions::default()).unwrap_err();
    assert_eq!(
        err,
        InterpError::InputCount {
            expected: 2,
            found: 0
        }
    );
    // A failed run leaves the prepared function usable.
    let ok = prepared.run(program_inputs(1), &InterpOptions::default());
    assert!(ok.is_ok());
}

#[test]
fn prepared_functions_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>(_: &T) {}
    let m = module(PROGRAM);
    let prepared = Prepared::new(&m, "main").unwrap();
    shareable(&prepared);
    let want = prepared.run(program_inputs(2), &InterpOptions { threads: 2 });
    let want = want.unwrap();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..3)
            .map(|_| s.spawn(|| prepared.run(program_inputs(2), &InterpOptions { threads: 2 })))
            .collect();
        for h in handles {
            assert_same(&h.join().unwrap().unwrap(), &want);
        }
    });
}
