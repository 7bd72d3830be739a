//! `run_function` as a whole: input checks and error values (never panics), constants,
//! multi-op programs, returns, op coverage, and bit-identical results on 1, 2 and 4 threads.

mod common;
use common::*;
use neuron_interp::{dispatch, run_function, Data, InterpError, InterpOptions, Tensor};
use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::{Location, Scalar};

const MLP: &str = r#"func.func @main(%x: tensor<2x3xf32>) -> (tensor<2x2xf32>, tensor<2x3xf32>) {
  %w = "nn.constant"() {value = dense<[[1.0, -1.0], [0.5, 2.0], [0.0, 1.0]]> : tensor<3x2xf32>} : () -> tensor<3x2xf32>
  %b = "nn.constant"() {value = dense<-1.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %h = "nn.matmul"(%x, %w) : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %s = "nn.add"(%h, %b) : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %r = "nn.relu"(%s) : (tensor<2x2xf32>) -> tensor<2x2xf32>
  func.return %r, %x : tensor<2x2xf32>, tensor<2x3xf32>
}
"#;

#[test]
fn runs_a_small_mlp_with_constants() {
    let x = f32s(&[2, 3], &[1.0, 2.0, 3.0, -1.0, 0.0, 1.0]);
    let out = run(MLP, vec![x.clone()]).unwrap();
    assert_eq!(out.len(), 2);
    // [1, 2, 3]·W = [2, 6] → +(-1) → [1, 5]; [-1, 0, 1]·W = [-1, 2] → [-2, 1] → relu [0, 1].
    assert_eq!(out[0].as_f32().unwrap(), &[1.0, 5.0, 0.0, 1.0]);
    assert_eq!(out[0].shape, vec![2, 2]);
    assert_eq!(out[0].ty().to_string(), "tensor<2x2xf32>");
    assert_eq!(out[1], x, "an argument returned as is");
    let auto = run_function(&module(MLP), "main", vec![x], &InterpOptions::default()).unwrap();
    assert_eq!(
        auto[0].as_f32(),
        out[0].as_f32(),
        "threads = 0 uses every core"
    );
}

#[test]
fn returning_one_value_twice_copies_it() {
    let text = "func.func @main(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {\n  \
        %n = \"nn.neg\"(%x) : (tensor<2xf32>) -> tensor<2xf32>\n  \
        func.return %n, %n : tensor<2xf32>, tensor<2xf32>\n}\n";
    let out = run(text, vec![f32s(&[2], &[1.0, -2.0])]).unwrap();
    assert_eq!(out[0].as_f32().unwrap(), &[-1.0, 2.0]);
    assert_eq!(out[0], out[1]);
}

#[test]
fn input_errors_are_values_not_panics() {
    let m = module(MLP);
    let opts = InterpOptions { threads: 1 };
    let err = run_function(&m, "nope", vec![], &opts).unwrap_err();
    assert_eq!(err, InterpError::NoSuchFunction("nope".into()));
    let err = run_function(&m, "main", vec![], &opts).unwrap_err();
    assert_eq!(
        err,
        InterpError::InputCount {
            expected: 1,
            found: 0
        }
    );
    assert_eq!(err.to_diagnostic().loc, Location::Unknown);
    assert!(err.to_diagnostic().message.contains("takes 1 inputs"));
    let wrong_shape = f32s(&[3, 2], &[0.0; 6]);
    let err = run_function(&m, "main", vec![wrong_shape], &opts).unwrap_err();
    assert_eq!(
        err,
        InterpError::InputType {
            index: 0,
            expected: "tensor<2x3xf32>".into(),
            found: "tensor<3x2xf32>".into()
        }
    );
    let wrong_type = typed(Scalar::F16, &[2, 3], &[0.0; 6]);
    let err = run_function(&m, "main", vec![wrong_type], &opts).unwrap_err();
    assert!(matches!(err, InterpError::InputType { ref found, .. } if found == "tensor<2x3xf16>"));
    let ints_for_floats = ints(Scalar::I64, &[2, 3], &[0; 6]);
    assert!(matches!(
        run_function(&m, "main", vec![ints_for_floats], &opts),
        Err(InterpError::InputType { .. })
    ));
    let malformed = Tensor {
        dtype: Scalar::F32,
        shape: vec![2, 3],
        data: Data::F32(vec![1.0; 5].into()),
    };
    let err = run_function(&m, "main", vec![malformed], &opts).unwrap_err();
    assert!(
        matches!(err, InterpError::InputType { ref found, .. } if found.contains("needs 6 values"))
    );
    let mixed = Tensor {
        dtype: Scalar::F32,
        shape: vec![2, 3],
        data: Data::I64(vec![1; 6].into()),
    };
    assert!(run_function(&m, "main", vec![mixed], &opts).is_err());
}

/// Parses without verifying, as a caller that skips the verifier would.
fn unverified(text: &str, allow_unregistered: bool) -> neuron_ir::Module {
    neuron_nn::link();
    let opts = ParseOptions {
        allow_unregistered,
        ..ParseOptions::default()
    };
    parse_module(text, &"u.mlir".into(), &opts).unwrap()
}

#[test]
fn unverified_ir_gives_errors_not_panics() {
    let opts = InterpOptions { threads: 1 };
    // Integer division (the verifier rejects it; the kernel still must not panic on 0).
    let text = "func.func @main(%a: tensor<2xi32>, %b: tensor<2xi32>) -> tensor<2xi32> {\n  \
        %r = \"nn.div\"(%a, %b) : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>\n  \
        func.return %r : tensor<2xi32>\n}\n";
    let a = ints(Scalar::I32, &[2], &[1, 2]);
    let b = ints(Scalar::I32, &[2], &[1, 0]);
    let err = run_function(&unverified(text, false), "main", vec![a, b], &opts).unwrap_err();
    assert!(err.to_string().contains("division by zero"), "{err}");
    // A result type that contradicts the operands.
    let text = "func.func @main(%a: tensor<2x3xf32>) -> tensor<5xf32> {\n  \
        %r = \"nn.transpose\"(%a) {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<5xf32>\n  \
        func.return %r : tensor<5xf32>\n}\n";
    let err = run_function(&unverified(text, false), "main", vec![iota(&[2, 3])], &opts);
    assert!(matches!(err, Err(InterpError::Op { .. })), "{err:?}");
    // A matmul whose operands do not contract, and a gather with a float index.
    let text = "func.func @main(%a: tensor<2x3xf32>) -> tensor<2x2xf32> {\n  \
        %r = \"nn.matmul\"(%a, %a) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x2xf32>\n  \
        func.return %r : tensor<2x2xf32>\n}\n";
    assert!(run_function(&unverified(text, false), "main", vec![iota(&[2, 3])], &opts).is_err());
    let text = "func.func @main(%a: tensor<3xf32>) -> tensor<3xf32> {\n  \
        %r = \"nn.gather\"(%a, %a) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>\n  \
        func.return %r : tensor<3xf32>\n}\n";
    assert!(run_function(&unverified(text, false), "main", vec![iota(&[3])], &opts).is_err());
}

#[test]
fn unregistered_ops_are_reported_with_their_location() {
    let text = "func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {\n  \
        %y = \"foo.bar\"(%x) : (tensor<2xf32>) -> tensor<2xf32>\n  \
        func.return %y : tensor<2xf32>\n}\n";
    let m = unverified(text, true);
    let err = run_function(
        &m,
        "main",
        vec![f32s(&[2], &[1.0, 2.0])],
        &InterpOptions::default(),
    )
    .unwrap_err();
    let d = err.to_diagnostic();
    assert_eq!(
        d.message,
        "'foo.bar' op is not supported by the interpreter"
    );
    assert!(
        matches!(
            d.loc,
            Location::File {
                line: 2,
                col: 3,
                ..
            }
        ),
        "{:?}",
        d.loc
    );
}

#[test]
fn huge_result_types_are_errors() {
    // Built in memory: the parser already rejects such types.
    use neuron_ir::{Func, FunctionType, Module, OpSpec, OpView, Type};
    neuron_nn::link();
    let small = Type::tensor(&[1], Scalar::F32);
    let huge = Type::tensor(&[1 << 62, 4], Scalar::F32);
    let ty = FunctionType {
        inputs: vec![small],
        results: vec![huge.clone()],
    };
    let mut f = Func::new("main", ty, Location::Unknown);
    let x = f.body.args()[0];
    let spec = OpSpec::new(neuron_nn::ExpandOp::def(), Location::Unknown)
        .operands(&[x])
        .results(&[huge]);
    let e = f.body.append(spec);
    let y = f.body.op(e).result(0);
    let ret = OpSpec::new(neuron_ir::builtin::ReturnOp::def(), Location::Unknown).operands(&[y]);
    f.body.append(ret);
    let m = Module {
        funcs: vec![f],
        ..Module::default()
    };
    let err = run_function(
        &m,
        "main",
        vec![f32s(&[1], &[1.0])],
        &InterpOptions::default(),
    );
    assert!(err.unwrap_err().to_string().contains("too many elements"));
}

#[test]
fn every_nn_op_has_a_kernel() {
    neuron_nn::link();
    assert_eq!(dispatch::nn_ops_without_kernel(), Vec::<&str>::new());
}

/// A program touching every kernel family, with odd sizes, for the thread-count check.
fn mixed_program() -> (String, Vec<Tensor>) {
    let text = r#"func.func @main(%a: tensor<301x517xf32>, %b: tensor<517x263xf32>, %x: tensor<2x8x61x29xf32>, %w: tensor<64x4x3x3xf32>, %p: tensor<6x33x65xf32>, %q: tensor<6x65x17xf32>, %sc: tensor<64x31x29xf32>, %x1: tensor<1x8x61x29xf32>) -> (tensor<301x263xf32>, tensor<301x263xf32>, tensor<2x64x31x29xf32>, tensor<6x33x17xf32>, tensor<301x1xf32>, tensor<2x64x31x29xf32>, tensor<301x301xf32>, tensor<1x64x31x29xf32>) {
  %m = "nn.matmul"(%a, %b) : (tensor<301x517xf32>, tensor<517x263xf32>) -> tensor<301x263xf32>
  %s = "nn.softmax"(%m) : (tensor<301x263xf32>) -> tensor<301x263xf32>
  %c = "nn.conv2d"(%x, %w) {pads = array<i64: 1, 1, 2, 1>, strides = array<i64: 2, 1>, group = 2 : i64} : (tensor<2x8x61x29xf32>, tensor<64x4x3x3xf32>) -> tensor<2x64x31x29xf32>
  %g = "nn.gelu"(%c) : (tensor<2x64x31x29xf32>) -> tensor<2x64x31x29xf32>
  %l = "nn.layer_norm"(%g, %sc) {axis = 1 : i64} : (tensor<2x64x31x29xf32>, tensor<64x31x29xf32>) -> tensor<2x64x31x29xf32>
  %bm = "nn.batch_matmul"(%p, %q) : (tensor<6x33x65xf32>, tensor<6x65x17xf32>) -> tensor<6x33x17xf32>
  %r = "nn.reduce_sum"(%m) {axes = array<i64: 1>} : (tensor<301x263xf32>) -> tensor<301x1xf32>
  %gm = "nn.gemm"(%a, %a, %r) {transB = true, alpha = 0.5 : f32} : (tensor<301x517xf32>, tensor<301x517xf32>, tensor<301x1xf32>) -> tensor<301x301xf32>
  %c1 = "nn.conv2d"(%x1, %w) {pads = array<i64: 1, 1, 2, 1>, strides = array<i64: 2, 1>, group = 2 : i64} : (tensor<1x8x61x29xf32>, tensor<64x4x3x3xf32>) -> tensor<1x64x31x29xf32>
  func.return %m, %s, %c, %bm, %r, %l, %gm, %c1 : tensor<301x263xf32>, tensor<301x263xf32>, tensor<2x64x31x29xf32>, tensor<6x33x17xf32>, tensor<301x1xf32>, tensor<2x64x31x29xf32>, tensor<301x301xf32>, tensor<1x64x31x29xf32>
}
"#;
    let x = random(&[2, 8, 61, 29], 3);
    let first_image = f32s(&[1, 8, 61, 29], &x.as_f32().unwrap()[..8 * 61 * 29]);
    let inputs = vec![
        random(&[301, 517], 1),
        random(&[517, 263], 2),
        x,
        random(&[64, 4, 3, 3], 4),
        random(&[6, 33, 65], 5),
        random(&[6, 65, 17], 6),
        random(&[64, 31, 29], 7),
        first_image,
    ];
    (text.to_string(), inputs)
}

#[test]
fn results_are_bit_identical_on_1_2_and_4_threads() {
    let (text, inputs) = mixed_program();
    let one = run_threads(&text, inputs.clone(), 1).unwrap();
    // The batch of 2 runs its images in parallel (single-threaded GEMMs); the lone image runs
    // one multi-threaded GEMM per group: both give the same bits.
    let half = one[7].num_elements();
    assert_bits_msg(
        &one[2].as_f32().unwrap()[..half],
        one[7].as_f32().unwrap(),
        7,
        1,
    );
    for threads in [2, 4] {
        let many = run_threads(&text, inputs.clone(), threads).unwrap();
        assert_bits_msg(
            &many[2].as_f32().unwrap()[..half],
            many[7].as_f32().unwrap(),
            7,
            threads,
        );
        for (i, (a, b)) in one.iter().zip(&many).enumerate() {
            assert_eq!(a.shape, b.shape);
            assert_bits_msg(a.as_f32().unwrap(), b.as_f32().unwrap(), i, threads);
        }
    }
}

fn assert_bits_msg(a: &[f32], b: &[f32], result: usize, threads: usize) {
    let diff = a
        .iter()
        .zip(b)
        .position(|(x, y)| x.to_bits() != y.to_bits());
    assert!(
        diff.is_none(),
        "result #{result} differs on {threads} threads at element {diff:?}"
    );
}
