//! End-to-end tests of a driver run (`run_with`) on files: pipeline errors, splitting,
//! `--verify-diagnostics`, and the atomic `-o` output on failure.

use neuron_driver::{run_with, Config, DriverError, PassFlag};
use std::fs;
use std::path::PathBuf;

struct Ran {
    result: Result<bool, DriverError>,
    stdout: String,
    stderr: String,
}

fn run(config: &Config) -> Ran {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let result = run_with(config, &mut out, &mut err);
    Ran {
        result,
        stdout: String::from_utf8(out).unwrap(),
        stderr: String::from_utf8(err).unwrap(),
    }
}

fn input(dir: &tempfile::TempDir, text: &str) -> String {
    let p: PathBuf = dir.path().join("t.mlir");
    fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// A chunk the parser rejects, whatever its exact message.
const BAD: &str = "%x = \n";

#[test]
fn list_passes_goes_to_stdout() {
    let r = run(&Config {
        list_passes: true,
        ..Config::default()
    });
    assert!(r.result.unwrap());
    assert!(r.stdout.starts_with("Passes:\n"), "{}", r.stdout);
    assert!(r.stdout.contains("Pass Pipelines:\n"));
    assert!(r.stderr.is_empty());
}

#[test]
fn unknown_pass_is_a_located_pipeline_error() {
    let r = run(&Config {
        pass_pipeline: Some("builtin.module(nope)".into()),
        ..Config::default()
    });
    assert!(!r.result.unwrap());
    assert!(
        r.stderr.starts_with("<pass-pipeline>:1:16: error: 'nope' does not refer to a registered pass or pass pipeline\nbuiltin.module(nope)\n               ^\n"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
}

#[test]
fn unknown_pass_flag_text_is_reported_too() {
    let r = run(&Config {
        pass_flags: vec![PassFlag {
            name: "nope".into(),
            options: None,
        }],
        ..Config::default()
    });
    assert!(!r.result.unwrap());
    assert!(r
        .stderr
        .contains("'nope' does not refer to a registered pass"));
}

#[test]
fn pass_pipeline_with_pass_flags_is_refused() {
    let r = run(&Config {
        pass_pipeline: Some("builtin.module()".into()),
        pass_flags: vec![PassFlag {
            name: "cse".into(),
            options: None,
        }],
        ..Config::default()
    });
    assert!(matches!(r.result, Err(DriverError::PipelineConflict)));
}

#[test]
fn unknown_print_ir_pass_is_refused() {
    let mut c = Config::default();
    c.print_ir.after = vec!["nope".into()];
    let r = run(&c);
    let e = r.result.unwrap_err().to_string();
    assert!(
        e.contains("'nope' does not refer to a registered pass"),
        "{e}"
    );
}

#[test]
fn missing_input_is_an_error() {
    let r = run(&Config {
        input: "/no/such/in.mlir".into(),
        ..Config::default()
    });
    assert_eq!(
        r.result.unwrap_err().to_string(),
        "could not open input file '/no/such/in.mlir': No such file or directory"
    );
}

#[test]
fn dump_pass_pipeline_prints_on_stderr_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&Config {
        input: input(&dir, ""),
        dump_pass_pipeline: true,
        ..Config::default()
    });
    assert!(r.result.unwrap());
    assert!(
        r.stderr
            .starts_with("Pass Manager with 0 passes:\nbuiltin.module(\n"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.is_empty());
}

#[test]
fn split_chunks_fail_separately_and_keep_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = input(&dir, &format!("\n// -----\n\n\n{BAD}// -----\n"));
    let r = run(&Config {
        input: path.clone(),
        split_input_file: true,
        ..Config::default()
    });
    assert!(!r.result.unwrap());
    let chunks: Vec<&str> = r.stdout.split("// -----\n").collect();
    assert_eq!(chunks.len(), 3, "{}", r.stdout);
    assert!(!chunks[0].is_empty() && chunks[1].is_empty() && !chunks[2].is_empty());
    assert!(r.stderr.starts_with(&format!("{path}:5:")), "{}", r.stderr);
}

#[test]
fn whole_file_failure_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&Config {
        input: input(&dir, BAD),
        ..Config::default()
    });
    assert!(!r.result.unwrap());
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains(": error: "));
}

#[test]
fn verify_diagnostics_accepts_expected_errors() {
    let dir = tempfile::tempdir().unwrap();
    let text = ["// -----\n// expected-error-re @+1 {{{{.*}}}}\n", BAD].concat();
    let r = run(&Config {
        input: input(&dir, &text),
        split_input_file: true,
        verify_diagnostics: true,
        ..Config::default()
    });
    assert!(r.result.unwrap(), "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert!(r.stdout.ends_with("// -----\n"), "{}", r.stdout);
}

#[test]
fn verify_diagnostics_reports_mismatches() {
    let dir = tempfile::tempdir().unwrap();
    let path = input(&dir, &format!("// expected-error {{{{nothing}}}}\n{BAD}"));
    let r = run(&Config {
        input: path.clone(),
        verify_diagnostics: true,
        ..Config::default()
    });
    assert!(!r.result.unwrap());
    assert!(
        r.stderr.contains(": error: unexpected error: "),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(&format!(
        "{path}:1:4: error: expected error \"nothing\" was not produced\n"
    )));
}

#[test]
fn failed_run_leaves_output_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.mlir");
    fs::write(&out, "old\n").unwrap();
    let r = run(&Config {
        input: input(&dir, BAD),
        output: out.to_str().unwrap().into(),
        ..Config::default()
    });
    assert!(!r.result.unwrap());
    assert_eq!(fs::read_to_string(&out).unwrap(), "old\n");
    let mut names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, vec!["out.mlir", "t.mlir"]);
}

#[test]
fn successful_run_replaces_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.mlir");
    fs::write(&out, "old\n").unwrap();
    let r = run(&Config {
        input: input(&dir, ""),
        output: out.to_str().unwrap().into(),
        ..Config::default()
    });
    assert!(r.result.unwrap());
    assert!(r.stdout.is_empty());
    assert_ne!(fs::read_to_string(&out).unwrap(), "old\n");
}

#[test]
fn timing_report_lists_parser_and_output() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&Config {
        input: input(&dir, ""),
        timing: true,
        ..Config::default()
    });
    assert!(r.result.unwrap());
    assert!(r.stderr.contains("Execution time report"), "{}", r.stderr);
    assert!(r.stderr.contains("  Parser\n"));
    assert!(r.stderr.contains("  Output\n"));
    assert!(r.stderr.contains("  Total\n"));
}
