//! Pipeline execution without a shell: pipes, `not`, redirections, tools, FileCheck, timeout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use neuron_lit::{parse_pipeline, run_pipeline, ExecEnv, ExecError, PipelineOutput, Status};

/// An environment running in `cwd` with a 20 s timeout and the given tool mappings.
fn env_in(cwd: &Path, tools: &[(&str, &str)]) -> ExecEnv {
    ExecEnv {
        cwd: cwd.to_path_buf(),
        tools: tools
            .iter()
            .map(|(n, p)| (n.to_string(), PathBuf::from(p)))
            .collect::<BTreeMap<_, _>>(),
        timeout: Duration::from_secs(20),
    }
}

/// Runs `text` in `cwd`.
fn run_in(cwd: &Path, text: &str) -> PipelineOutput {
    run_pipeline(&parse_pipeline(text).unwrap(), &env_in(cwd, &[])).unwrap()
}

/// Runs `text` in a fresh temporary directory (returned so files can be inspected).
fn run(text: &str) -> (PipelineOutput, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    (run_in(dir.path(), text), dir)
}

/// Standard output as text.
fn stdout(out: &PipelineOutput) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Standard error as text.
fn stderr(out: &PipelineOutput) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn a_single_command_captures_stdout_and_status() {
    let (out, _d) = run("echo hello 'big world'");
    assert!(out.success());
    assert_eq!(stdout(&out), "hello big world\n");
    assert_eq!(out.raw_statuses(), "0");
    assert_eq!(out.stages[0].program, "echo");
}

#[test]
fn pipes_connect_stdout_to_stdin() {
    let (out, _d) = run("echo b a c | tr ' ' '\\n' | sort");
    assert!(out.success());
    assert_eq!(stdout(&out), "a\nb\nc\n");
    assert_eq!(out.raw_statuses(), "0 | 0 | 0");
}

#[test]
fn large_output_through_a_pipe_does_not_deadlock() {
    let dir = tempfile::tempdir().unwrap();
    let big = "x".repeat(100) + "\n";
    std::fs::write(dir.path().join("big"), big.repeat(20_000)).unwrap();
    let out = run_in(dir.path(), "cat big | cat | wc -l");
    assert!(out.success());
    assert_eq!(stdout(&out).trim(), "20000");
}

#[test]
fn a_failing_stage_fails_the_pipeline_like_pipefail() {
    let (out, _d) = run("false | cat");
    assert!(!out.success());
    assert_eq!(out.raw_statuses(), "1 | 0");
    let (out, _d) = run("echo x | false");
    assert!(!out.success());
    assert_eq!(out.stages[1].status, Status::Code(1));
}

#[test]
fn not_inverts_the_exit_status() {
    let (out, _d) = run("not false");
    assert!(out.success());
    assert_eq!(out.stages[0].raw, Status::Code(1));
    assert_eq!(out.stages[0].status, Status::Code(0));
    let (out, _d) = run("not true");
    assert!(!out.success());
    assert_eq!(out.stages[0].status, Status::Code(1));
    let (out, _d) = run("not not true");
    assert!(out.success());
    let (out, _d) = run("not cat does-not-exist | cat");
    assert!(out.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("does-not-exist"));
}

#[test]
fn not_never_accepts_a_crash() {
    assert_eq!(Status::Code(2).negate(), Status::Code(0));
    assert_eq!(Status::Code(0).negate(), Status::Code(1));
    assert_eq!(Status::Code(101).negate(), Status::Code(101));
    assert_eq!(Status::Signal(11).negate(), Status::Signal(11));
    assert!(Status::Code(101).is_crash() && Status::Signal(6).is_crash());
    assert!(!Status::Code(1).is_crash());
    assert_eq!(Status::Signal(9).to_string(), "signal 9");
}

#[test]
fn stderr_of_every_stage_is_captured() {
    let (out, _d) = run("cat missing-one | cat missing-two");
    let err = stderr(&out);
    assert!(
        err.contains("missing-one") && err.contains("missing-two"),
        "{err}"
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn stderr_to_stdout_feeds_the_next_stage() {
    let (out, _d) = run("cat missing 2>&1 | tr a-z A-Z");
    assert!(stdout(&out).contains("MISSING"), "{}", stdout(&out));
    assert_eq!(stderr(&out), "");
}

#[test]
fn redirection_order_matters() {
    // `2>&1 > f`: stderr goes to the old stdout (captured), stdout to the file.
    let (out, dir) = run("cat missing 2>&1 > f");
    assert!(stdout(&out).contains("missing"));
    assert_eq!(std::fs::read_to_string(dir.path().join("f")).unwrap(), "");
    // `> f 2>&1`: both go to the file.
    let (out, dir) = run("cat missing > f 2>&1");
    assert_eq!(stdout(&out), "");
    assert!(std::fs::read_to_string(dir.path().join("f"))
        .unwrap()
        .contains("missing"));
}

#[test]
fn file_redirections_write_append_and_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(run_in(d, "echo one > out").success());
    assert!(run_in(d, "echo two >> out").success());
    assert_eq!(
        std::fs::read_to_string(d.join("out")).unwrap(),
        "one\ntwo\n"
    );
    assert!(run_in(d, "echo three > out").success());
    assert_eq!(std::fs::read_to_string(d.join("out")).unwrap(), "three\n");
    assert_eq!(stdout(&run_in(d, "cat < out")), "three\n");
    assert!(run_in(d, "cat missing 2> err").stderr.is_empty());
    assert!(std::fs::read_to_string(d.join("err"))
        .unwrap()
        .contains("missing"));
    let out = run_in(d, "echo to-stderr >&2");
    assert_eq!(
        (stdout(&out), stderr(&out)),
        (String::new(), "to-stderr\n".to_string())
    );
}

#[test]
fn the_first_stage_reads_empty_stdin() {
    let (out, _d) = run("cat");
    assert!(out.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn tool_names_map_to_binaries_in_command_position_only() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path(), &[("neuron-opt", "echo")]);
    let pipeline = parse_pipeline("neuron-opt neuron-opt | cat").unwrap();
    let out = run_pipeline(&pipeline, &env).unwrap();
    assert_eq!(stdout(&out), "neuron-opt\n");
    assert_eq!(out.stages[0].program, "neuron-opt");
}

#[test]
fn unknown_programs_and_unreadable_inputs_are_harness_errors() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path(), &[]);
    let pipeline = parse_pipeline("echo x | not no-such-program-xyz").unwrap();
    let err = run_pipeline(&pipeline, &env).unwrap_err();
    assert!(matches!(&err, ExecError::Spawn { program, .. } if program == "no-such-program-xyz"));
    assert!(
        err.to_string().contains("cannot run `no-such-program-xyz`"),
        "{err}"
    );
    let pipeline = parse_pipeline("not cat < missing-input").unwrap();
    let err = run_pipeline(&pipeline, &env).unwrap_err();
    assert!(matches!(err, ExecError::Redirect { .. }), "{err}");
}

#[test]
fn a_hanging_pipeline_is_killed_at_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let mut env = env_in(dir.path(), &[]);
    env.timeout = Duration::from_millis(300);
    let start = Instant::now();
    let out = run_pipeline(&parse_pipeline("sleep 30 | cat").unwrap(), &env).unwrap();
    assert!(start.elapsed() < Duration::from_secs(10));
    assert!(out.timed_out);
    assert!(!out.success());
    assert!(out.stages[0].raw.is_crash(), "{:?}", out.stages[0]);
}

#[test]
fn filecheck_runs_built_in_on_the_pipeline_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("t.mlir"), "// CHECK: hello\n// CHECK-NEXT: world\n").unwrap();
    let out = run_in(d, "printf 'hello\nworld\n' | FileCheck t.mlir");
    assert!(out.success(), "{}", stderr(&out));
    assert_eq!(out.raw_statuses(), "0 | 0");
    let out = run_in(d, "printf 'hello\nthere\nworld\n' | FileCheck t.mlir");
    assert!(!out.success());
    assert_eq!(out.stages[1].raw, Status::Code(1));
    assert!(stderr(&out).contains("CHECK-NEXT"), "{}", stderr(&out));
    let out = run_in(d, "printf 'hello\nthere\n' | not FileCheck t.mlir");
    assert!(out.success());
}

#[test]
fn filecheck_reads_redirected_input_and_may_feed_a_later_stage() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("t.mlir"), "// CHECK: hello\n").unwrap();
    std::fs::write(d.join("in"), "hello\n").unwrap();
    assert!(run_in(d, "FileCheck t.mlir < in").success());
    assert!(run_in(d, "FileCheck t.mlir --input-file=in").success());
    let out = run_in(d, "not FileCheck t.mlir 2>&1 | cat");
    assert!(out.success());
    assert!(stdout(&out).contains("empty"), "{}", stdout(&out));
}

#[test]
fn hand_built_empty_pipelines_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let env = env_in(dir.path(), &[]);
    let empty = neuron_lit::Pipeline { commands: vec![] };
    assert!(matches!(
        run_pipeline(&empty, &env),
        Err(ExecError::EmptyCommand)
    ));
    let no_program = neuron_lit::Pipeline {
        commands: vec![neuron_lit::Command {
            negations: 0,
            argv: vec![],
            redirects: vec![],
        }],
    };
    assert!(matches!(
        run_pipeline(&no_program, &env),
        Err(ExecError::EmptyCommand)
    ));
    assert!(!no_program.ends_in_filecheck());
}
