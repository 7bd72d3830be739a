//! End-to-end tests of the neuron-opt binary's command line: exit codes, bad flags,
//! single-dash flags, pass flags, and the atomic `-o` output.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("neuron-opt-cli-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str, text: &str) -> String {
        let p = self.0.join(name);
        fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn neuron_opt(args: &[&str]) -> Output {
    neuron_opt_stdin(args, "")
}

fn neuron_opt_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_neuron-opt"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A chunk the parser rejects, whatever its exact message.
const BAD: &str = "%x = \n";

#[test]
fn unknown_flag_exits_1_with_clap_message() {
    let o = neuron_opt(&["--bogus"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("unexpected argument '--bogus'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn version_and_help_exit_0() {
    let o = neuron_opt(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("neuron-opt "));
    let o = neuron_opt(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    for needle in [
        "--pass-pipeline",
        "--split-input-file",
        "Passes:",
        "Pass Pipelines:",
    ] {
        assert!(help.contains(needle), "missing {needle} in\n{help}");
    }
}

#[test]
fn missing_input_file_is_reported() {
    let o = neuron_opt(&["no-such-file.mlir"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "neuron-opt: error: could not open input file 'no-such-file.mlir': No such file or directory\n"
    );
}

#[test]
fn stdin_is_the_default_input() {
    let o = neuron_opt_stdin(&[], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stdout(&o).is_empty());
    let o = neuron_opt_stdin(&["-"], BAD);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("<stdin>:1:"), "{}", stderr(&o));
}

#[test]
fn failing_run_leaves_output_untouched_and_creates_nothing() {
    let s = Scratch::new("atomic-fail");
    let input = s.file("in.mlir", BAD);
    let existing = s.file("old.mlir", "old\n");
    let o = neuron_opt(&[&input, "-o", &existing]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&existing).unwrap(), "old\n");
    let fresh = s.path("fresh.mlir");
    let o = neuron_opt(&[&input, "-o", &fresh]);
    assert_eq!(o.status.code(), Some(1));
    let mut names: Vec<_> = fs::read_dir(&s.0)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, vec!["in.mlir", "old.mlir"]);
}

#[test]
fn successful_run_writes_output_file() {
    let s = Scratch::new("atomic-ok");
    let input = s.file("in.mlir", "");
    let out = s.file("out.mlir", "old\n");
    let o = neuron_opt(&[&input, "-o", &out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert_ne!(fs::read_to_string(&out).unwrap(), "old\n");
}

#[test]
fn single_dash_long_flags_are_accepted() {
    let s = Scratch::new("single-dash");
    let input = s.file("in.mlir", &format!("\n// -----\n{BAD}"));
    let o = neuron_opt(&["-split-input-file", &input]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).ends_with("// -----\n"), "{}", stdout(&o));
    assert!(stderr(&o).contains("in.mlir:3:"), "{}", stderr(&o));
}

#[test]
fn verify_each_takes_an_optional_bool() {
    assert_eq!(neuron_opt(&["--verify-each=false"]).status.code(), Some(0));
    assert_eq!(neuron_opt(&["--verify-each"]).status.code(), Some(0));
    let o = neuron_opt(&["--verify-each=maybe"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("invalid value 'maybe'"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_pipeline_exits_1_with_caret() {
    let o = neuron_opt(&["--pass-pipeline=builtin.module(nope)"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(
        "error: 'nope' does not refer to a registered pass or pass pipeline\nbuiltin.module(nope)\n               ^\n"
    ), "{}", stderr(&o));
}

/// A registered pass whose flag is not also one of neuron-opt's own flags (`--auto-cast` is
/// both a pass and neuronx-cc's flag; the driver's flag wins), read from `--list-passes`.
fn some_pass() -> Option<String> {
    let list = stdout(&neuron_opt(&["--list-passes"]));
    let help = stdout(&neuron_opt(&["--help"]));
    let options = help.split("\nPasses:").next().unwrap_or("").to_string();
    list.lines()
        .filter_map(|l| l.strip_prefix("  --"))
        .filter_map(|l| l.split_whitespace().next())
        .find(|p| !options.contains(&format!("--{p} ")) && !options.contains(&format!("--{p}\n")))
        .map(str::to_string)
}

#[test]
fn registered_passes_work_as_flags() {
    let Some(pass) = some_pass() else {
        return;
    };
    let flag = format!("--{pass}");
    let o = neuron_opt(&[&flag, &flag, "--dump-pass-pipeline"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.starts_with("Pass Manager with "), "{err}");
    assert!(err.matches(pass.as_str()).count() >= 2, "{err}");
    let o = neuron_opt(&[&flag, "--pass-pipeline=builtin.module()"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "neuron-opt: error: '--pass-pipeline' option can't be used with individual pass options\n"
    );
}
