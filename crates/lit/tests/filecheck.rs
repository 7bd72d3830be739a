//! The built-in FileCheck: the directives and options lit tests use, passing and failing.

use neuron_lit::{run_filecheck, FileCheckOutput};

/// Runs FileCheck with a check file holding `checks` on `input`, with extra `args`.
fn check(checks: &str, input: &str, args: &[&str]) -> FileCheckOutput {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("test.mlir"), checks).unwrap();
    let mut argv = vec!["test.mlir".to_string()];
    argv.extend(args.iter().map(|a| a.to_string()));
    run_filecheck(&argv, input.as_bytes(), dir.path(), false)
}

/// Asserts FileCheck passes.
fn passes(checks: &str, input: &str, args: &[&str]) {
    let out = check(checks, input, args);
    assert_eq!(out.status, 0, "expected a pass:\n{}", out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

/// Asserts FileCheck fails a check and returns its report.
fn fails(checks: &str, input: &str, args: &[&str]) -> String {
    let out = check(checks, input, args);
    assert_eq!(out.status, 1, "expected a check failure:\n{}", out.stderr);
    out.stderr
}

const IR: &str = "\
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  %1 = nn.mul %0, %0 : tensor<2xf32>
  return %1 : tensor<2xf32>
}
func.func @g() {
  return
}
";

#[test]
fn check_and_check_next_in_order() {
    passes(
        "// CHECK: nn.add\n// CHECK-NEXT: nn.mul\n// CHECK: return\n",
        IR,
        &[],
    );
    let report = fails("// CHECK: nn.add\n// CHECK-NEXT: return\n", IR, &[]);
    assert!(report.contains("CHECK-NEXT: return"), "{report}");
    fails("// CHECK: nn.mul\n// CHECK: nn.add\n", IR, &[]);
}

#[test]
fn captures_define_and_reuse_values() {
    let checks = "\
// CHECK-LABEL: func.func @f
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK-NEXT: %[[S:.*]] = nn.add %[[X]], %[[X]]
// CHECK-NEXT: %[[P:.*]] = nn.mul %[[S]], %[[S]]
// CHECK-NEXT: return %[[P]]
";
    passes(checks, IR, &[]);
    let wrong = checks.replace("return %[[P]]", "return %[[S]]");
    fails(&wrong, IR, &[]);
}

#[test]
fn check_label_splits_the_input() {
    passes(
        "// CHECK-LABEL: @f\n// CHECK: nn.mul\n// CHECK-LABEL: @g\n// CHECK: return\n",
        IR,
        &[],
    );
    // nn.mul exists only in @f, so it cannot be found after the @g label.
    fails(
        "// CHECK-LABEL: @f\n// CHECK-LABEL: @g\n// CHECK: nn.mul\n",
        IR,
        &[],
    );
}

#[test]
fn check_same_stays_on_the_line() {
    passes(
        "// CHECK: nn.add\n// CHECK-SAME: : tensor<2xf32>\n",
        IR,
        &[],
    );
    fails("// CHECK: nn.add\n// CHECK-SAME: nn.mul\n", IR, &[]);
}

#[test]
fn check_dag_matches_in_any_order() {
    passes(
        "// CHECK-DAG: nn.mul\n// CHECK-DAG: nn.add\n// CHECK: return\n",
        IR,
        &[],
    );
    fails("// CHECK-DAG: nn.mul\n// CHECK-DAG: nn.sub\n", IR, &[]);
}

#[test]
fn check_not_rejects_text_between_matches() {
    passes(
        "// CHECK: @f\n// CHECK-NOT: nn.sub\n// CHECK: return\n",
        IR,
        &[],
    );
    let report = fails(
        "// CHECK: @f\n// CHECK-NOT: nn.mul\n// CHECK: return\n",
        IR,
        &[],
    );
    assert!(report.contains("CHECK-NOT"), "{report}");
}

#[test]
fn regex_blocks_match_inline() {
    passes("// CHECK: %{{[0-9]+}} = nn.{{add|sub}} %arg0\n", IR, &[]);
    fails("// CHECK: %{{[a-z]+}} = nn.add\n", IR, &[]);
}

#[test]
fn check_prefix_options_select_directives() {
    let checks = "// A: nn.add\n// B: nn.mul\n// CHECK: nothing-like-this\n";
    passes(checks, IR, &["--check-prefix=A"]);
    passes(checks, IR, &["--check-prefixes=A,B"]);
    passes(checks, IR, &["--check-prefix", "A", "--check-prefix", "B"]);
    // LLVM spelling with a single dash.
    passes(checks, IR, &["-check-prefix=B"]);
    fails("// A: nn.sub\n", IR, &["--check-prefix=A"]);
}

#[test]
fn implicit_check_not_forbids_a_pattern_everywhere_else() {
    passes("// CHECK: @f\n", IR, &["--implicit-check-not=nn.sub"]);
    let report = fails(
        "// CHECK: @f\n// CHECK: return\n",
        IR,
        &["--implicit-check-not=nn.mul"],
    );
    assert!(report.contains("nn.mul"), "{report}");
    // A pattern matched by a positive check is allowed there.
    passes("// CHECK: nn.mul\n", IR, &["-implicit-check-not=nn.mul"]);
}

#[test]
fn failure_report_shows_the_directive_and_the_input() {
    let report = fails("// CHECK: @f\n// CHECK-NEXT: nn.sub\n", IR, &[]);
    assert!(report.contains("test.mlir:2"), "{report}");
    assert!(report.contains("CHECK-NEXT: nn.sub"), "{report}");
    assert!(report.contains("<stdin>"), "{report}");
    assert!(report.contains("nn.add %arg0, %arg0"), "{report}");
    assert!(!report.contains('\u{1b}'), "no colors: {report}");
}

#[test]
fn empty_input_fails_unless_allowed() {
    let report = fails("// CHECK-NOT: x\n", "", &[]);
    assert!(report.contains("empty"), "{report}");
    passes("// CHECK-NOT: x\n", "", &["--allow-empty"]);
}

#[test]
fn usage_errors_exit_2() {
    let out = check("// CHECK: x\n", "x\n", &["--no-such-option"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    let dir = tempfile::tempdir().unwrap();
    let out = run_filecheck(&["missing.mlir".into()], b"x\n", dir.path(), false);
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("missing.mlir"), "{}", out.stderr);
    let out = run_filecheck(&[], b"x\n", dir.path(), false);
    assert_eq!(out.status, 2);
    let out = check("// CHECK: x\n", "x\n", &["--check-prefix=RUN"]);
    assert_eq!(
        out.status, 2,
        "a check prefix may not be a comment prefix: {}",
        out.stderr
    );
}

#[test]
fn a_file_without_directives_is_an_error() {
    let report = check("func.func @f()\n", IR, &[]);
    assert_ne!(report.status, 0, "no CHECK lines must not pass silently");
}

#[test]
fn runs_of_blanks_match_each_other_unless_strict() {
    passes("// CHECK: x    x\n", "x\t x\n", &[]);
    passes("// CHECK: a b\n", "a  \t b\n", &[]);
    fails("// CHECK: a b\n", "a  b\n", &["--strict-whitespace"]);
    assert_eq!(
        neuron_lit::filecheck::canonicalize_whitespace("a \t b\n\tc  "),
        "a b\n c "
    );
}

#[test]
fn other_directives_and_options() {
    let input = "a\n\nb\nx x\nx x\n";
    passes(
        "// CHECK: a\n// CHECK-EMPTY:\n// CHECK-NEXT: b\n// CHECK-COUNT-2: x x\n",
        input,
        &[],
    );
    fails("// CHECK: b\n// CHECK-EMPTY:\n", input, &[]);
    passes("// CHECK: [[V]]\n", input, &["-D", "V=b"]);
    passes("// CHECK: b\n", input, &["--match-full-lines"]);
    fails("// CHECK: x\n", input, &["--match-full-lines"]);
    passes("// CHECK: B\n", input, &["--ignore-case"]);
}
