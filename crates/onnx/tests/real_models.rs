//! Models written by the `onnx` Python package (tests/data/gen_models.py): they pass
//! onnx.checker and carry value_info from ONNX shape inference, which the import checks.

use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::printer::{module_to_string, PrintOptions};
use neuron_onnx::{import_file, ImportError, ImportOptions};
use std::path::PathBuf;
use std::sync::Arc;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn import(name: &str, shapes: &[&str]) -> Result<String, ImportError> {
    let opts = ImportOptions {
        input_shapes: shapes.iter().map(|s| s.parse().unwrap()).collect(),
        ..ImportOptions::default()
    };
    let m = import_file(&data(name), &opts)?;
    let text = module_to_string(&m, &PrintOptions::default());
    let file: Arc<str> = name.into();
    let parsed = parse_module(&text, &file, &ParseOptions::default()).unwrap();
    assert!(
        module_to_string(&parsed, &PrintOptions::default()) == text,
        "{name} does not round-trip"
    );
    Ok(text)
}

/// The op names of the function body, in order.
fn op_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.split_once(" = ").map_or(l, |(_, r)| r);
            let name = rest.split_whitespace().next()?;
            (name.starts_with("nn.") || name == "return").then(|| name.to_string())
        })
        .collect()
}

#[test]
fn mlp_with_a_batch_size() {
    let text = import("mlp.onnx", &["x=2x16"]).unwrap();
    assert!(text.contains(
        r#"func.func @main(%arg0: tensor<2x16xf32> {nn.name = "x"}) -> (tensor<2x4xf32> {nn.name = "probs"})"#
    ));
    assert_eq!(
        op_names(&text),
        [
            "nn.constant",
            "nn.constant",
            "nn.gemm",
            "nn.relu",
            "nn.constant",
            "nn.constant",
            "nn.gemm",
            "nn.softmax",
            "return"
        ]
    );
    let err = import("mlp.onnx", &[]).unwrap_err().to_string();
    assert_eq!(
        err,
        "input 'x' has a dynamic dimension 0 ('batch'): give its shape with --input-shape x=?x16"
    );
}

#[test]
fn cnn_pools_with_ceil_mode_and_same_padding() {
    let text = import("cnn.onnx", &[]).unwrap();
    assert!(text.contains(
        "nn.max_pool2d %8 {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x8x9x9xf32>) -> tensor<2x8x5x5xf32>"
    ), "{text}");
    assert!(text.contains(
        "nn.avg_pool2d %9 {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : tensor<2x8x5x5xf32>"
    ));
    assert_eq!(
        op_names(&text)
            .iter()
            .filter(|n| !n.ends_with("constant"))
            .collect::<Vec<_>>(),
        [
            "nn.conv2d",
            "nn.batch_norm",
            "nn.relu",
            "nn.max_pool2d",
            "nn.avg_pool2d",
            "nn.global_avg_pool",
            "nn.flatten",
            "nn.gemm",
            "return"
        ]
    );
}

#[test]
fn transformer_block_shape_arithmetic_is_folded() {
    let text = import("transformer_block.onnx", &["input_ids=1x7"]).unwrap();
    let ops: Vec<String> = op_names(&text)
        .into_iter()
        .filter(|n| n != "nn.constant")
        .collect();
    assert_eq!(
        ops,
        [
            "nn.gather",
            "nn.layer_norm",
            "nn.matmul",
            "nn.matmul",
            "nn.matmul",
            "nn.reshape",
            "nn.transpose",
            "nn.reshape",
            "nn.transpose",
            "nn.reshape",
            "nn.transpose",
            "nn.matmul",
            "nn.div",
            "nn.softmax",
            "nn.matmul",
            "nn.transpose",
            "nn.reshape",
            "nn.matmul",
            "nn.add",
            "nn.div",
            "nn.erf",
            "nn.add",
            "nn.mul",
            "nn.mul",
            "nn.reduce_mean",
            "return"
        ]
    );
    assert!(text.contains("nn.reshape %6 : (tensor<1x7x16xf32>) -> tensor<1x7x2x8xf32>"));
    assert!(text.contains("nn.reshape %22 : (tensor<1x7x2x8xf32>) -> tensor<1x7x16xf32>"));
    // The same model at another sequence length.
    let long = import("transformer_block.onnx", &["input_ids=1x32"]).unwrap();
    assert!(long.contains("-> tensor<1x32x2x8xf32>"));
}

#[test]
fn legacy_opset_9_model_prints_exactly() {
    let text = import("legacy_opset9.onnx", &[]).unwrap();
    assert_eq!(
        text,
        r#"module {
  func.func @main(%arg0: tensor<3x4xf32> {nn.name = "x"}) -> (tensor<3x2xf32> {nn.name = "y"}) {
    %0 = nn.unsqueeze %arg0 {axes = array<i64: 0>} : (tensor<3x4xf32>) -> tensor<1x3x4xf32>
    %1 = nn.slice %0 {axes = array<i64: 2>, ends = array<i64: 3>, starts = array<i64: 1>} : (tensor<1x3x4xf32>) -> tensor<1x3x2xf32>
    %2 = nn.clip %1 {max = 0.5 : f32, min = -0.5 : f32} : tensor<1x3x2xf32>
    %3 = nn.reshape %2 : (tensor<1x3x2xf32>) -> tensor<1x6xf32>
    %4 = nn.softmax %3 : tensor<1x6xf32>
    %5 = nn.reshape %4 : (tensor<1x6xf32>) -> tensor<1x3x2xf32>
    %6 = nn.squeeze %5 {axes = array<i64: 0>} : (tensor<1x3x2xf32>) -> tensor<3x2xf32>
    %7 = nn.constant {value = dense<[[-0.0598489, 0.07137213], [0.015326875, -0.04631842], [-0.009597932, -0.0062055103]]> : tensor<3x2xf32>} : () -> tensor<3x2xf32>
    %8 = nn.add %6, %7 : tensor<3x2xf32>
    return %8 : tensor<3x2xf32>
  }
}
"#
    );
}

#[test]
fn external_data_file_beside_the_model() {
    let text = import("mlp_external.onnx", &["x=1x16"]).unwrap();
    assert!(text.contains("} : () -> tensor<32x16xf32>"));
    assert_eq!(text.matches("nn.constant").count(), 4);
    assert!(
        !text.contains("dense<0.0>"),
        "external weights were not read"
    );
}
