//! Unit tests of the lowering: every `nn` op has a rule, and lowered programs compute what the
//! `nn` programs compute (the `nhw` interpreter against the `nn` interpreter), on trn1 with FP32
//! everywhere; the inf1 rule (BF16 matmults, with a remark) and the target record.

use super::*;
use crate::fast_math::Relayout;
use neuron_interp::nhw::{self as nhw_interp, NhwOptions};
use neuron_interp::{run_function, InterpOptions, Tensor};
use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::verifier::{verify_module, VerifyOptions};
use neuron_ir::{Scalar, Severity};

#[test]
fn every_nn_op_has_a_rule() {
    neuron_nn::link();
    assert_eq!(nn_ops_without_rule(), Vec::<&str>::new());
}

fn parse(text: &str) -> Module {
    neuron_nn::link();
    neuron_nhw::link();
    let m = parse_module(text, &"t.mlir".into(), &ParseOptions::default())
        .unwrap_or_else(|d| panic!("test IR does not parse: {d}\n{text}"));
    assert_eq!(
        verify_module(&m, VerifyOptions::default()),
        vec![],
        "{text}"
    );
    m
}

/// The module lowered for `target` with `settings`; panics if the result does not verify.
fn lower(m: &Module, target: Target, settings: Settings) -> (Module, Vec<Diagnostic>) {
    let mut m = m.clone();
    let cfg = Config { target, settings };
    let mut remarks = vec![];
    for f in &mut m.funcs {
        lower_function(f, &cfg, &mut remarks).unwrap_or_else(|d| panic!("lowering failed: {d}"));
    }
    assert_eq!(
        verify_module(&m, VerifyOptions::default()),
        vec![],
        "lowered IR verifies"
    );
    let nn_left = m
        .funcs
        .iter()
        .flat_map(|f| f.body.ops().map(|op| f.body.op(op).name().to_string()));
    assert!(nn_left.filter(|n| n.starts_with("nn.")).count() == 0);
    (m, remarks)
}

/// Deterministic values in [-1, 1).
fn values(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 40) as f32 / (1u64 << 23) as f32 - 1.0
        })
        .collect()
}

/// Random inputs for `@main`'s parameters (integers in 0..3).
fn inputs(m: &Module) -> Vec<Tensor> {
    let f = m.func("main").expect("@main");
    f.ty.inputs
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let t = t.as_tensor().expect("tensor parameter");
            let shape: Vec<usize> = t.shape.iter().map(|&d| d as usize).collect();
            let n = shape.iter().product();
            match t.elem.is_float() {
                true => Tensor::from_f32(t.elem, shape, values(n, i as u64 + 1)).unwrap(),
                false => {
                    Tensor::from_i64(t.elem, shape, (0..n as i64).map(|v| v % 3).collect()).unwrap()
                }
            }
        })
        .collect()
}

/// Lowers `text` for trn1 with `settings`, runs both programs, and compares the results.
fn check_with(text: &str, settings: Settings) {
    let m = parse(text);
    let ins = inputs(&m);
    let want =
        run_function(&m, "main", ins.clone(), &InterpOptions { threads: 1 }).expect("nn runs");
    let (low, _) = lower(&m, Target::Trn1, settings);
    let got = nhw_interp::run_function(&low, "main", ins, &NhwOptions::default())
        .unwrap_or_else(|e| panic!("nhw run failed: {e}\n{text}"));
    for (g, w) in got.iter().zip(&want) {
        assert_eq!((g.dtype, &g.shape), (w.dtype, &w.shape));
        match (g.as_f32(), w.as_f32()) {
            (Some(g), Some(w)) => {
                for (i, (a, b)) in g.iter().zip(w).enumerate() {
                    let ok = (a - b).abs() <= 2e-5 * (1.0 + b.abs()) || (a.is_nan() && b.is_nan());
                    assert!(ok, "element {i}: nhw {a}, nn {b}\n{text}");
                }
            }
            _ => assert_eq!(g.as_i64(), w.as_i64(), "{text}"),
        }
    }
}

/// Exact transposes: the lowered program must compute the `nn` program's values.
fn check(text: &str) {
    check_with(
        text,
        Settings {
            relayout: Some(Relayout::Exact),
            ..Settings::default()
        },
    );
}

/// `@main` with the given parameters, body lines and result.
fn program(params: &str, body: &[&str], result: &str, ty: &str) -> String {
    format!(
        "func.func @main({params}) -> {ty} {{\n  {}\n  return {result} : {ty}\n}}\n",
        body.join("\n  ")
    )
}

#[test]
fn elementwise_and_activations() {
    let t = "tensor<2x3xf32>";
    let mut body = vec![];
    for (i, op) in [
        "abs",
        "exp",
        "neg",
        "relu",
        "tanh",
        "sigmoid",
        "erf",
        "reciprocal",
    ]
    .iter()
    .enumerate()
    {
        body.push(format!("%u{i} = nn.{op} %x : {t}"));
    }
    body.push(format!("%p = nn.abs %x : {t}"));
    for (i, op) in ["log", "sqrt", "rsqrt"].iter().enumerate() {
        body.push(format!("%l{i} = nn.{op} %p : {t}"));
    }
    body.push(format!("%k = nn.leaky_relu %x {{alpha = 0.2 : f32}} : {t}"));
    body.push(format!(
        "%c = nn.clip %x {{min = -0.5 : f32, max = 0.5 : f32}} : {t}"
    ));
    body.push(format!("%g = nn.gelu %x : {t}"));
    body.push(format!("%h = nn.gelu %x {{approximate = \"tanh\"}} : {t}"));
    for (i, op) in ["add", "sub", "mul", "div", "max", "min", "pow"]
        .iter()
        .enumerate()
    {
        let rhs = if *op == "pow" { "%p" } else { "%y" };
        let rt = if *op == "pow" { t } else { "tensor<3xf32>" };
        let lhs = if *op == "pow" { "%p" } else { "%x" };
        body.push(format!("%b{i} = nn.{op} {lhs}, {rhs} : ({t}, {rt}) -> {t}"));
    }
    body.push(format!(
        "%q = nn.less %x, %y : ({t}, tensor<3xf32>) -> tensor<2x3xi1>"
    ));
    body.push(format!(
        "%w = nn.where %q, %x, %y : (tensor<2x3xi1>, {t}, tensor<3xf32>) -> {t}"
    ));
    let mut all: Vec<String> = [
        "%u0", "%u1", "%u2", "%u3", "%u4", "%u5", "%u6", "%u7", "%l0", "%l1", "%l2", "%k", "%c",
        "%g", "%h", "%b0", "%b1", "%b2", "%b3", "%b4", "%b5", "%b6", "%w",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut acc = all.remove(0);
    for (i, v) in all.iter().enumerate() {
        body.push(format!("%s{i} = nn.add {acc}, {v} : ({t}, {t}) -> {t}"));
        acc = format!("%s{i}");
    }
    let body: Vec<&str> = body.iter().map(String::as_str).collect();
    check(&program(
        &format!("%x: {t}, %y: tensor<3xf32>"),
        &body,
        &acc,
        t,
    ));
}

#[test]
fn comparisons_and_integers() {
    let body = [
        "%0 = nn.equal %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>",
        "%1 = nn.add %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>",
        "%2 = nn.neg %1 : tensor<4xi32>",
        "%3 = nn.where %0, %1, %2 : (tensor<4xi1>, tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>",
        "%4 = nn.cast %3 : (tensor<4xi32>) -> tensor<4xf32>",
        "%5 = nn.greater_equal %4, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>",
        "%6 = nn.cast %5 : (tensor<4xi1>) -> tensor<4xf32>",
        "%7 = nn.matmul %a, %a : (tensor<4xi32>, tensor<4xi32>) -> tensor<i32>",
        "%8 = nn.cast %7 : (tensor<i32>) -> tensor<f32>",
        "%9 = nn.add %6, %8 : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>",
    ];
    check(&program(
        "%a: tensor<4xi32>, %b: tensor<4xi32>, %x: tensor<4xf32>",
        &body,
        "%9",
        "tensor<4xf32>",
    ));
}

#[test]
fn matmuls() {
    check(&program(
        "%a: tensor<3xf32>, %b: tensor<3x4xf32>",
        &["%0 = nn.matmul %a, %b : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>"],
        "%0",
        "tensor<4xf32>",
    ));
    check(&program(
        "%a: tensor<2x1x3x4xf32>, %b: tensor<5x4x2xf32>",
        &["%0 = nn.matmul %a, %b : (tensor<2x1x3x4xf32>, tensor<5x4x2xf32>) -> tensor<2x5x3x2xf32>"],
        "%0",
        "tensor<2x5x3x2xf32>",
    ));
    check(&program(
        "%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>",
        &["%0 = nn.batch_matmul %a, %b : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>"],
        "%0",
        "tensor<2x3x5xf32>",
    ));
    // Batched activations times a weight matrix: the batch folds into rows, nothing is copied.
    let text = program(
        "%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>",
        &["%0 = nn.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>"],
        "%0",
        "tensor<2x3x5xf32>",
    );
    check(&text);
    let (low, _) = lower(&parse(&text), Target::Trn1, Settings::default());
    let names: Vec<String> = low.funcs[0]
        .body
        .ops()
        .map(|op| low.funcs[0].body.op(op).name().to_string())
        .collect();
    assert!(!names.iter().any(|n| n == "nhw.dma_copy"), "{names:?}");
    assert_eq!(names.iter().filter(|n| *n == "nhw.matmult").count(), 1);
    // Two projections of the same activations share one reshape of them.
    let text = program(
        "%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<4x5xf32>",
        &[
            "%0 = nn.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>",
            "%1 = nn.matmul %a, %c : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>",
            "%2 = nn.add %0, %1 : tensor<2x3x5xf32>",
        ],
        "%2",
        "tensor<2x3x5xf32>",
    );
    check(&text);
    let (low, _) = lower(&parse(&text), Target::Trn1, Settings::default());
    let body = &low.funcs[0].body;
    let arg_reshapes = body
        .ops()
        .filter(|&op| body.op(op).name() == "nhw.reshape")
        .filter(|&op| body.op(op).operands()[0] == body.args()[0])
        .count();
    assert_eq!(arg_reshapes, 1);
    let gemm = "%0 = nn.gemm %a, %b, %c {alpha = 0.5 : f32, beta = 2.0 : f32, transA = true, transB = true} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<3x5xf32>";
    check(&program(
        "%a: tensor<4x3xf32>, %b: tensor<5x4xf32>, %c: tensor<5xf32>",
        &[gemm],
        "%0",
        "tensor<3x5xf32>",
    ));
    let gemm = "%0 = nn.gemm %a, %b {transB = true} : (tensor<3x4xf32>, tensor<5x4xf32>) -> tensor<3x5xf32>";
    check(&program(
        "%a: tensor<3x4xf32>, %b: tensor<5x4xf32>",
        &[gemm],
        "%0",
        "tensor<3x5xf32>",
    ));
}

#[test]
fn convolutions() {
    let conv = "%0 = nn.conv2d %x, %w, %b {pads = array<i64: 1, 0, 1, 2>, strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, group = 2 : i64} : (tensor<2x4x5x6xf32>, tensor<6x2x3x2xf32>, tensor<6xf32>) -> tensor<2x6x3x6xf32>";
    let text = program(
        "%x: tensor<2x4x5x6xf32>, %w: tensor<6x2x3x2xf32>, %b: tensor<6xf32>",
        &[conv],
        "%0",
        "tensor<2x6x3x6xf32>",
    );
    check(&text);
    // The layout change of a batch of images, as an FP32 identity matmul (trn1's default).
    check_with(&text, Settings::default());
    let conv =
        "%0 = nn.conv2d %x, %w : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>";
    check(&program(
        "%x: tensor<1x3x4x4xf32>, %w: tensor<2x3x1x1xf32>",
        &[conv],
        "%0",
        "tensor<1x2x4x4xf32>",
    ));
}

#[test]
fn normalisations_and_reductions() {
    let t = "tensor<2x3x4xf32>";
    let body = [
        format!("%0 = nn.softmax %x {{axis = 1 : i64}} : {t}"),
        format!("%1 = nn.log_softmax %x : {t}"),
        format!("%2 = nn.layer_norm %x, %s, %b {{axis = 1 : i64, epsilon = 1.0e-3 : f32}} : ({t}, tensor<3x4xf32>, tensor<3x4xf32>) -> {t}"),
        format!("%3 = nn.layer_norm %x, %s4 : ({t}, tensor<4xf32>) -> {t}"),
        format!("%4 = nn.batch_norm %x, %c, %c, %c, %v : ({t}, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> {t}"),
        format!("%5 = nn.reduce_sum %x {{axes = array<i64: 0, 2>}} : ({t}) -> tensor<1x3x1xf32>"),
        format!("%6 = nn.reduce_mean %x {{keepdims = false}} : ({t}) -> tensor<f32>"),
        format!("%7 = nn.reduce_max %x {{axes = array<i64: -1>, keepdims = false}} : ({t}) -> tensor<2x3xf32>"),
        format!("%8 = nn.add %0, %1 : ({t}, {t}) -> {t}"),
        format!("%9 = nn.add %8, %2 : ({t}, {t}) -> {t}"),
        format!("%10 = nn.add %9, %3 : ({t}, {t}) -> {t}"),
        format!("%11 = nn.add %10, %4 : ({t}, {t}) -> {t}"),
        format!("%12 = nn.add %11, %5 : ({t}, tensor<1x3x1xf32>) -> {t}"),
        format!("%13 = nn.add %12, %6 : ({t}, tensor<f32>) -> {t}"),
        "%14 = nn.unsqueeze %7 {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x3x1xf32>".to_string(),
        format!("%15 = nn.add %13, %14 : ({t}, tensor<2x3x1xf32>) -> {t}"),
    ];
    let body: Vec<&str> = body.iter().map(String::as_str).collect();
    let params = format!("%x: {t}, %s: tensor<3x4xf32>, %b: tensor<3x4xf32>, %s4: tensor<4xf32>, %c: tensor<3xf32>, %v0: tensor<3xf32>");
    let mut body = body;
    let vabs = "%v = nn.abs %v0 : tensor<3xf32>".to_string();
    body.insert(0, &vabs);
    check(&program(&params, &body, "%15", t));
}

#[test]
fn pools_and_movement() {
    let x = "tensor<1x2x5x5xf32>";
    let body = [
        format!("%0 = nn.max_pool2d %x {{kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>}} : ({x}) -> tensor<1x2x3x3xf32>"),
        format!("%1 = nn.avg_pool2d %x {{kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true}} : ({x}) -> tensor<1x2x3x3xf32>"),
        format!("%2 = nn.avg_pool2d %x {{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>}} : ({x}) -> tensor<1x2x3x3xf32>"),
        format!("%3 = nn.global_avg_pool %x : ({x}) -> tensor<1x2x1x1xf32>"),
        "%4 = nn.concat %0, %1, %2 {axis = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x6x3x3xf32>".into(),
        "%5 = nn.transpose %4 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x6x3x3xf32>) -> tensor<1x3x3x6xf32>".into(),
        "%6 = nn.slice %5 {starts = array<i64: 2, 0>, ends = array<i64: -100, 5>, axes = array<i64: 1, 3>, steps = array<i64: -1, 2>} : (tensor<1x3x3x6xf32>) -> tensor<1x3x3x3xf32>".into(),
        "%7 = nn.squeeze %6 : (tensor<1x3x3x3xf32>) -> tensor<3x3x3xf32>".into(),
        "%8 = nn.gather %7, %i {axis = 1 : i64} : (tensor<3x3x3xf32>, tensor<2xi64>) -> tensor<3x2x3xf32>".into(),
        "%9 = nn.flatten %8 {axis = 1 : i64} : (tensor<3x2x3xf32>) -> tensor<3x6xf32>".into(),
        "%10 = nn.pad %9 {pads = array<i64: 1, 0, 0, 2>, value = 0.25 : f32} : (tensor<3x6xf32>) -> tensor<4x8xf32>".into(),
        "%11 = nn.reshape %3 : (tensor<1x2x1x1xf32>) -> tensor<2x1x1xf32>".into(),
        "%12 = nn.expand %11 : (tensor<2x1x1xf32>) -> tensor<2x4x8xf32>".into(),
        "%13 = nn.add %12, %10 : (tensor<2x4x8xf32>, tensor<4x8xf32>) -> tensor<2x4x8xf32>".into(),
        "%14 = nn.cast %13 : (tensor<2x4x8xf32>) -> tensor<2x4x8xf16>".into(),
        "%15 = nn.cast %14 : (tensor<2x4x8xf16>) -> tensor<2x4x8xf32>".into(),
    ];
    let body: Vec<&str> = body.iter().map(String::as_str).collect();
    check(&program(
        &format!("%x: {x}, %i: tensor<2xi64>"),
        &body,
        "%15",
        "tensor<2x4x8xf32>",
    ));
}

#[test]
fn trn1_fast_transposes_default_to_fp32_and_stay_exact() {
    let text = program(
        "%x: tensor<3x4xf32>",
        &["%0 = nn.transpose %x {perm = array<i64: 1, 0>} : (tensor<3x4xf32>) -> tensor<4x3xf32>"],
        "%0",
        "tensor<4x3xf32>",
    );
    check_with(&text, Settings::default());
    let (low, _) = lower(&parse(&text), Target::Trn1, Settings::default());
    let f = &low.funcs[0];
    let pe = f
        .body
        .ops()
        .find_map(|op| neuron_nhw::PeTransposeOp::cast(&f.body, op))
        .expect("a pe_transpose");
    assert_eq!(pe.dtype_scalar(&f.body), Some(Scalar::F32));
    let (low, _) = lower(&parse(&text), Target::Inf1, Settings::default());
    let f = &low.funcs[0];
    let pe = f
        .body
        .ops()
        .find_map(|op| neuron_nhw::PeTransposeOp::cast(&f.body, op))
        .expect("a pe_transpose");
    assert_eq!(
        pe.dtype_scalar(&f.body),
        Some(Scalar::BF16),
        "inf1's default all transposes in bf16"
    );
}

#[test]
fn inf1_casts_fp32_matmults_to_bf16_with_a_remark() {
    let text = program(
        "%a: tensor<2x3xf32>, %b: tensor<3x2xf32>",
        &["%0 = nn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>"],
        "%0",
        "tensor<2x2xf32>",
    );
    let mut m = parse(&text);
    let mut out = PassOutput::default();
    LowerToNhw {
        target: Target::Inf1,
    }
    .run_on_module(&mut m, &mut out)
    .unwrap();
    assert_eq!(Target::of_module(&m), Some(Target::Inf1));
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].severity, Severity::Remark);
    assert!(out.diagnostics[0].message.contains("operands cast to bf16"));
    let f = &m.funcs[0];
    let mm = f
        .body
        .ops()
        .find_map(|op| neuron_nhw::MatmultOp::cast(&f.body, op))
        .unwrap();
    assert_eq!(
        f.body.ty(mm.lhs(&f.body)).element_type(),
        Some(Scalar::BF16)
    );
    let (_, remarks) = lower(&parse(&text), Target::Trn1, Settings::default());
    assert!(remarks.is_empty(), "trn1 runs FP32 matmults");
}

#[test]
fn an_op_without_a_rule_is_a_located_error() {
    let text = "func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {\n  %0 = \"foo.bar\"(%x) : (tensor<2xf32>) -> tensor<2xf32>\n  return %0 : tensor<2xf32>\n}\n";
    let opts = ParseOptions {
        allow_unregistered: true,
        ..ParseOptions::default()
    };
    let mut m = parse_module(text, &"t.mlir".into(), &opts).unwrap();
    let err = LowerToNhw {
        target: Target::Trn1,
    }
    .run_on_module(&mut m, &mut PassOutput::default())
    .unwrap_err();
    assert_eq!(
        err.message,
        "'foo.bar' op cannot be lowered to nhw: no lowering rule for it"
    );
    assert!(
        matches!(
            err.loc,
            neuron_ir::Location::File {
                line: 2,
                col: 3,
                ..
            }
        ),
        "{:?}",
        err.loc
    );
}

#[test]
fn lowering_twice_changes_nothing() {
    let text = program(
        "%x: tensor<3x4xf32>",
        &["%0 = nn.transpose %x {perm = array<i64: 1, 0>} : (tensor<3x4xf32>) -> tensor<4x3xf32>"],
        "%0",
        "tensor<4x3xf32>",
    );
    let mut m = parse(&text);
    let pass = LowerToNhw {
        target: Target::Inf1,
    };
    let first = pass.run_on_module(&mut m, &mut PassOutput::default());
    assert_eq!(first.unwrap(), Changed::Yes);
    let print = |m: &Module| {
        neuron_ir::printer::module_to_string(m, &neuron_ir::printer::PrintOptions::default())
    };
    let before = print(&m);
    let again = pass.run_on_module(&mut m, &mut PassOutput::default());
    assert_eq!(again.unwrap(), Changed::No);
    assert_eq!(print(&m), before);
}

#[test]
fn an_fp32_transpose_mark_on_inf1_runs_in_bf16_with_a_remark() {
    let text = program(
        "%x: tensor<3x4xf32>",
        &["%0 = nn.transpose %x {perm = array<i64: 1, 0>, nn.relayout = \"fast\", nn.relayout_type = f32} : (tensor<3x4xf32>) -> tensor<4x3xf32>"],
        "%0",
        "tensor<4x3xf32>",
    );
    let (low, remarks) = lower(&parse(&text), Target::Inf1, Settings::default());
    let f = &low.funcs[0];
    let pe = f
        .body
        .ops()
        .find_map(|op| neuron_nhw::PeTransposeOp::cast(&f.body, op));
    assert_eq!(pe.unwrap().dtype_scalar(&f.body), Some(Scalar::BF16));
    assert_eq!(remarks.len(), 1);
    assert!(remarks[0]
        .message
        .starts_with("f32 transposes are not supported on the inf1"));
    let (low, remarks) = lower(&parse(&text), Target::Trn1, Settings::default());
    let f = &low.funcs[0];
    let pe = f
        .body
        .ops()
        .find_map(|op| neuron_nhw::PeTransposeOp::cast(&f.body, op));
    assert_eq!(pe.unwrap().dtype_scalar(&f.body), Some(Scalar::F32));
    assert!(remarks.is_empty());
}
