//! `print-op-stats` and `view-op-graph` tests: exact text (the op table as `mlir-opt`
//! prints it for the same ops), JSON, DOT output, and DOT accepted by Graphviz if installed.

mod support;

use neuron_ir::{Attribute, Scalar};
use neuron_nn::{AddOp, MatMulOp, TransposeOp};
use neuron_pass::Changed;
use support::{constant, func, module, op, op_with, ret, run, t, unregistered};

/// The ops of an `arith` test file whose `mlir-opt --print-op-stats` output is known.
fn arith_like_module() -> neuron_ir::Module {
    let i32t = neuron_ir::Type::Scalar(Scalar::I32);
    let mut f = func("f", [i32t.clone()], &[]);
    let mut last = f.body.args()[0];
    for name in [
        "arith.constant",
        "arith.constant",
        "arith.constant",
        "arith.constant",
    ] {
        unregistered(&mut f, name, &[], [i32t.clone()]);
    }
    for name in [
        "arith.addi",
        "arith.addi",
        "arith.addi",
        "arith.addi",
        "arith.muli",
        "arith.muli",
    ] {
        let id = unregistered(&mut f, name, &[last, last], [i32t.clone()]);
        last = f.body.op(id).result(0);
    }
    unregistered(&mut f, "foo.bar", &[last], &[]);
    ret(&mut f, &[]);
    module(vec![f])
}

#[test]
fn op_stats_table_matches_mlir_opt() {
    let mut m = arith_like_module();
    let (changed, out) = run("print-op-stats", &[], &mut m).unwrap();
    assert_eq!(changed, Changed::No);
    assert_eq!(
        out.text,
        "Operations encountered:\n\
         -----------------------\n\
         \x20   arith.addi     , 4\n\
         \x20   arith.constant , 4\n\
         \x20   arith.muli     , 2\n\
         \x20 builtin.module   , 1\n\
         \x20     foo.bar      , 1\n\
         \x20    func.func     , 1\n\
         \x20    func.return   , 1\n"
    );
}

#[test]
fn op_stats_json_matches_mlir_opt() {
    let mut m = arith_like_module();
    let (_, out) = run("print-op-stats", &[("json", "true")], &mut m).unwrap();
    assert_eq!(
        out.text,
        "{\n  \"arith.addi\" : 4,\n  \"arith.constant\" : 4,\n  \"arith.muli\" : 2,\n  \
         \"builtin.module\" : 1,\n  \"foo.bar\" : 1,\n  \"func.func\" : 1,\n  \"func.return\" : 1\n}\n"
    );
}

#[test]
fn op_stats_of_an_empty_module_and_of_names_without_dialect() {
    let mut m = module(vec![]);
    let (_, out) = run("print-op-stats", &[], &mut m).unwrap();
    assert_eq!(
        out.text,
        "Operations encountered:\n-----------------------\n  builtin.module , 1\n"
    );
    let mut f = func("f", &[], &[]);
    unregistered(&mut f, "weird", &[], &[]);
    ret(&mut f, &[]);
    let mut m = module(vec![f]);
    let (_, out) = run("print-op-stats", &[], &mut m).unwrap();
    assert_eq!(
        out.text,
        "Operations encountered:\n\
         -----------------------\n\
         \x20 builtin.module , 1\n\
         \x20    func.func   , 1\n\
         \x20    func.return , 1\n\
         \x20         weird  , 1\n"
    );
}

fn graph_module() -> neuron_ir::Module {
    let a = t(&[2, 3], Scalar::F32);
    let b = t(&[3, 2], Scalar::F32);
    let mut f = func("main", &[a.clone(), b.clone()], &[t(&[2, 2], Scalar::F32)]);
    let (x, y) = (f.body.args()[0], f.body.args()[1]);
    let perm = [("perm", Attribute::i64_array(&[1, 0]))];
    let yt = op_with::<TransposeOp>(&mut f, &[y], [a.clone()], &perm).unwrap();
    let s = op::<AddOp>(&mut f, &[x, yt], [a.clone()]).unwrap();
    let c = constant(&mut f, &b, &[0.5]);
    let mm = op::<MatMulOp>(&mut f, &[s, c], &[t(&[2, 2], Scalar::F32)]).unwrap();
    ret(&mut f, &[mm]);
    module(vec![f])
}

const EXPECTED_DOT: &str = r#"digraph G {
  compound = true;
  subgraph cluster_0 {
    label = "func.func @main : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>";
    v0 [label = "%arg0 : tensor<2x3xf32>", shape = ellipse];
    v1 [label = "%arg1 : tensor<3x2xf32>", shape = ellipse];
    v2 [fillcolor = "0.800000 0.3 0.95", label = "{nn.transpose\l\lperm: array\<i64: 1, 0\>\l|{<r0> %0 tensor\<2x3xf32\>}}", shape = Mrecord, style = filled];
    v3 [fillcolor = "0.200000 0.3 0.95", label = "{nn.add\l|{<r0> %1 tensor\<2x3xf32\>}}", shape = Mrecord, style = filled];
    v4 [fillcolor = "0.400000 0.3 0.95", label = "{nn.constant\l\lvalue: dense\<0.5\> : tensor\<...\l|{<r0> %2 tensor\<3x2xf32\>}}", shape = Mrecord, style = filled];
    v5 [fillcolor = "0.600000 0.3 0.95", label = "{nn.matmul\l|{<r0> %3 tensor\<2x2xf32\>}}", shape = Mrecord, style = filled];
    v6 [fillcolor = "0.000000 0.3 0.95", label = "{func.return\l}", shape = Mrecord, style = filled];
  }
  v1 -> v2 [label = "0"];
  v0 -> v3 [label = "0"];
  v2:r0 -> v3 [label = "1"];
  v3:r0 -> v5 [label = "0"];
  v4:r0 -> v5 [label = "1"];
  v5:r0 -> v6 [label = "0"];
}
"#;

#[test]
fn op_graph_is_exact_and_deterministic() {
    let mut m = graph_module();
    let (changed, out) = run("view-op-graph", &[], &mut m).unwrap();
    assert_eq!(changed, Changed::No);
    assert_eq!(out.text, EXPECTED_DOT);
    let (_, again) = run("view-op-graph", &[], &mut graph_module()).unwrap();
    assert_eq!(again.text, out.text);
}

#[test]
fn op_graph_options() {
    let mut m = graph_module();
    let (_, out) = run("view-op-graph", &[("print-attrs", "false")], &mut m).unwrap();
    assert!(out
        .text
        .contains("label = \"{nn.transpose\\l|{<r0> %0 tensor\\<2x3xf32\\>}}\""));
    assert!(!out.text.contains("perm"));
    let (_, out) = run("view-op-graph", &[("max-label-len", "5")], &mut m).unwrap();
    assert!(out.text.contains("value: dense...\\l"), "{}", out.text);
}

#[test]
fn op_graph_is_valid_graphviz() {
    let Ok(mut dot) = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("graphviz `dot` not installed; skipping the syntax check");
        return;
    };
    use std::io::Write;
    dot.stdin
        .take()
        .unwrap()
        .write_all(EXPECTED_DOT.as_bytes())
        .unwrap();
    let out = dot.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.is_empty(),
        "dot said: {stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
}
