//! neuron-translate end to end: flags, atomic output, and `file: error: …` with exit 1.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn model(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../crates/onnx/tests/data")
        .join(name)
        .display()
        .to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_neuron-translate"))
        .args(args)
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn imports_to_stdout_and_to_a_file() {
    let cnn = model("cnn.onnx");
    let o = run(&["--import-onnx", &cnn]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with(
        "module {\n  func.func @main(%arg0: tensor<2x3x9x9xf32> {nn.name = \"image\"})"
    ));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cnn.mlir");
    let o = run(&["--import-onnx", &cnn, "-o", out.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stdout(&o).is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
    assert!(text.ends_with("}\n\n"), "ends as mlir-opt's output does");
}

#[test]
fn input_shapes_are_repeatable_and_named() {
    let o = run(&[
        "--import-onnx",
        &model("transformer_block.onnx"),
        "--input-shape",
        "input_ids=1x4",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("%arg0: tensor<1x4xi64> {nn.name = \"input_ids\"}"));
    let o = run(&[
        "--import-onnx",
        &model("mlp.onnx"),
        "--input-shape",
        "x=3x16",
        "--input-shape",
        "y=1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error: --input-shape y=1: the model has no input 'y' (inputs: x)"));
}

#[test]
fn errors_name_the_file_and_leave_the_output_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("keep.mlir");
    std::fs::write(&out, "old").unwrap();
    let mlp = model("mlp.onnx");
    let o = run(&["--import-onnx", &mlp, "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!("{mlp}: error: input 'x' has a dynamic dimension 0 ('batch'): give its shape with --input-shape x=?x16\n")
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    let o = run(&["--import-onnx", "no/such.onnx"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "no/such.onnx: error: could not read 'no/such.onnx': No such file or directory\n"
    );
    let o = run(&[&mlp]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).ends_with("error: no translation selected: use --import-onnx\n"));
    let o = run(&["--import-onnx", &mlp, "--input-shape", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("'x' is not of the form name=1x128"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn print_flags() {
    let legacy = model("legacy_opset9.onnx");
    let o = run(&["--import-onnx", &legacy, "--mlir-print-debuginfo"]);
    assert!(stdout(&o).contains("nn.softmax %3 : tensor<1x6xf32> loc(\"softmax\")"));
    let o = run(&["--import-onnx", &legacy, "--mlir-print-op-generic"]);
    assert!(
        stdout(&o).contains("%4 = \"nn.softmax\"(%3) : (tensor<1x6xf32>) -> tensor<1x6xf32>"),
        "{}",
        stdout(&o)
    );
    let o = run(&[
        "--import-onnx",
        &legacy,
        "--mlir-print-elementsattrs-with-hex-if-larger",
        "2",
    ]);
    assert!(stdout(&o).contains("dense<\"0x"));
}

#[test]
fn reads_standard_input() {
    let bytes = std::fs::read(model("legacy_opset9.onnx")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_neuron-translate"))
        .arg("--import-onnx")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("nn.squeeze"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_neuron-translate"))
        .arg("--import-onnx")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&bytes[..bytes.len() / 2])
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("<stdin>: error: not a valid ONNX model: protobuf decoding failed")
    );
}
