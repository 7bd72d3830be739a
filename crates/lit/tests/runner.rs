//! End-to-end tests of the runner on scratch repositories: snapshots (match, mismatch,
//! missing, stale, CI), FileCheck lines, exit statuses, filters and discovery.
//!
//! insta reads `INSTA_UPDATE`/`CI` from the environment, so this is a `harness = false`
//! binary that runs its cases one at a time on the main thread, each with its own environment
//! and its own scratch workspace (insta caches its settings per workspace root).

use std::path::PathBuf;

use libtest_mimic::{Arguments, Failed, Trial};
use neuron_lit::{discover, run_test, Config, TestCase, TestFailure};

/// A scratch repository with a `lit-tests/` directory.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// A new repository; `update` and `ci` become `INSTA_UPDATE` and `CI`.
    fn new(update: &str, ci: bool) -> Repo {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("lit-tests")).unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::env::set_var("INSTA_WORKSPACE_ROOT", &root);
        std::env::set_var("INSTA_UPDATE", update);
        std::env::set_var("CI", if ci { "true" } else { "false" });
        std::env::set_var("INSTA_OUTPUT", "none");
        for var in [
            "INSTA_FORCE_PASS",
            "INSTA_REQUIRE_FULL_MATCH",
            "INSTA_PENDING_DIR",
        ] {
            std::env::remove_var(var);
        }
        Repo { dir }
    }

    /// The repository root.
    fn root(&self) -> PathBuf {
        self.dir.path().canonicalize().unwrap()
    }

    /// Path of `rel` under lit-tests/.
    fn path(&self, rel: &str) -> PathBuf {
        self.root().join("lit-tests").join(rel)
    }

    /// Writes `lit-tests/<rel>`.
    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// The runner configuration: `neuron-opt` is played by `cat`.
    fn config(&self) -> Config {
        Config::new(self.root().join("lit-tests"))
            .with_repo_root(self.root())
            .with_tool("neuron-opt", "cat")
    }

    /// Runs the test `lit-tests/<rel>`.
    fn run(&self, rel: &str) -> Result<(), TestFailure> {
        let case = TestCase {
            name: rel.to_string(),
            path: self.path(rel),
        };
        run_test(&self.config(), &case)
    }

    /// Runs `rel` and returns its failure report (failing if it passed).
    fn failure(&self, rel: &str) -> Result<String, Failed> {
        match self.run(rel) {
            Ok(()) => Err(format!("{rel} passed but should fail").into()),
            Err(f) => Ok(f.to_string()),
        }
    }
}

/// Fails unless `cond`.
fn ensure(cond: bool, what: impl std::fmt::Display) -> Result<(), Failed> {
    if cond {
        Ok(())
    } else {
        Err(what.to_string().into())
    }
}

/// Fails unless `report` contains every needle.
fn contains_all(report: &str, needles: &[&str]) -> Result<(), Failed> {
    for needle in needles {
        ensure(
            report.contains(needle),
            format!("missing {needle:?} in:\n{report}"),
        )?;
    }
    Ok(())
}

/// A test whose RUN line prints a path-bearing line and the file.
const ECHO_TEST: &str = "// RUN: echo in %s tmp %t dir %S\n// RUN: neuron-opt %s\nfunc.func @f()\n";

fn missing_snapshot_fails_and_writes_a_candidate() -> Result<(), Failed> {
    let repo = Repo::new("new", false);
    repo.write("a/echo.mlir", ECHO_TEST);
    let report = repo.failure("a/echo.mlir")?;
    contains_all(
        &report,
        &[
            "lit-tests/a/echo.mlir:1: RUN 1 failed",
            "RUN:     echo in %s tmp %t dir %S",
            "no accepted snapshot lit-tests/a/snapshots/echo@run1.snap",
            "in %s tmp %t dir %S",
            "lit-tests/a/echo.mlir:2: RUN 2 failed",
            "cargo insta review",
        ],
    )?;
    let snaps = repo.path("a/snapshots");
    ensure(
        snaps.join("echo@run1.snap.new").exists(),
        "no .snap.new for RUN 1",
    )?;
    ensure(
        snaps.join("echo@run2.snap.new").exists(),
        "no .snap.new for RUN 2",
    )?;
    ensure(
        !snaps.join("echo@run1.snap").exists(),
        "a snapshot was accepted silently",
    )
}

fn missing_snapshot_in_ci_fails_without_writing() -> Result<(), Failed> {
    let repo = Repo::new("", true);
    repo.write("echo.mlir", ECHO_TEST);
    let report = repo.failure("echo.mlir")?;
    contains_all(&report, &["no accepted snapshot", "INSTA_UPDATE=always"])?;
    ensure(!repo.path("snapshots").exists(), "CI wrote snapshot files")
}

fn accepted_snapshots_are_written_filtered() -> Result<(), Failed> {
    let repo = Repo::new("always", false);
    repo.write("a/echo.mlir", ECHO_TEST);
    repo.run("a/echo.mlir").map_err(|f| f.to_string())?;
    let snap = std::fs::read_to_string(repo.path("a/snapshots/echo@run1.snap"))?;
    contains_all(
        &snap,
        &[
            "description: \"RUN 1: echo in %s tmp %t dir %S\"",
            "input_file: lit-tests/a/echo.mlir",
            "exit: 0\n--- stdout ---\nin %s tmp %t dir %S\n--- stderr ---",
        ],
    )?;
    ensure(
        !snap.contains(&*repo.root().to_string_lossy()),
        "unfiltered path",
    )?;
    let snap2 = std::fs::read_to_string(repo.path("a/snapshots/echo@run2.snap"))?;
    contains_all(&snap2, &["// RUN: neuron-opt %s\nfunc.func @f()"])
}

/// An accepted snapshot file as insta writes it.
fn snapshot_file(run: &str, input: &str, body: &str) -> String {
    format!(
        "---\nsource: crates/lit/src/snapshot.rs\ndescription: \"{run}\"\ninput_file: {input}\n---\n{body}"
    )
}

fn a_matching_snapshot_passes_even_in_ci() -> Result<(), Failed> {
    let repo = Repo::new("no", true);
    repo.write("cat.mlir", "// RUN: neuron-opt %s\nline one\n");
    let body = "exit: 0\n--- stdout ---\n// RUN: neuron-opt %s\nline one\n--- stderr ---\n";
    let file = snapshot_file("RUN 1: neuron-opt %s", "lit-tests/cat.mlir", body);
    repo.write("snapshots/cat@run1.snap", &file);
    repo.run("cat.mlir").map_err(|f| f.to_string())?;
    ensure(
        !repo.path("snapshots/cat@run1.snap.new").exists(),
        "a candidate was written",
    )
}

fn changed_output_fails_with_a_diff() -> Result<(), Failed> {
    let repo = Repo::new("new", false);
    repo.write("cat.mlir", "// RUN: neuron-opt %s\nline one\nline 2\n");
    let body =
        "exit: 0\n--- stdout ---\n// RUN: neuron-opt %s\nline one\nline two\n--- stderr ---\n";
    let file = snapshot_file("RUN 1: neuron-opt %s", "lit-tests/cat.mlir", body);
    repo.write("snapshots/cat@run1.snap", &file);
    let report = repo.failure("cat.mlir")?;
    contains_all(
        &report,
        &[
            "output differs from snapshot lit-tests/snapshots/cat@run1.snap",
            "-line two",
            "+line 2",
            " line one",
            "command: cat ",
            "new candidate written to lit-tests/snapshots/cat@run1.snap.new",
        ],
    )?;
    let accepted = std::fs::read_to_string(repo.path("snapshots/cat@run1.snap"))?;
    ensure(accepted == file, "the accepted snapshot was modified")
}

fn a_snapshot_created_in_ci_fails() -> Result<(), Failed> {
    let repo = Repo::new("always", true);
    repo.write("echo.mlir", "// RUN: echo hi\n");
    let report = repo.failure("echo.mlir")?;
    contains_all(&report, &["CI never accepts new snapshots"])
}

fn filecheck_lines_have_no_snapshot() -> Result<(), Failed> {
    let repo = Repo::new("new", false);
    repo.write(
        "fc.mlir",
        "// RUN: neuron-opt %S/input.txt | FileCheck %s\n// CHECK: alpha\n// CHECK-NEXT: beta\n",
    );
    repo.write("input.txt", "alpha\nbeta\n");
    repo.run("fc.mlir").map_err(|f| f.to_string())?;
    ensure(
        !repo.path("snapshots").exists(),
        "a FileCheck line wrote a snapshot",
    )?;
    repo.write("input.txt", "alpha\ngamma\nbeta\n");
    let report = repo.failure("fc.mlir")?;
    contains_all(
        &report,
        &[
            "RUN 1 failed",
            "FileCheck failed",
            "exit statuses: 0 | 1",
            "CHECK-NEXT: beta",
            "gamma",
        ],
    )
}

fn a_wrong_exit_status_stops_the_test() -> Result<(), Failed> {
    let repo = Repo::new("new", false);
    repo.write(
        "st.mlir",
        "// RUN: neuron-opt %S/nope.txt\n// RUN: echo never\n",
    );
    let report = repo.failure("st.mlir")?;
    contains_all(
        &report,
        &[
            "lit-tests/st.mlir:1: RUN 1 failed",
            "`neuron-opt` exited with 1",
            "prefix `not`",
            "--- stderr ---",
            "nope.txt",
        ],
    )?;
    ensure(!report.contains("RUN 2"), "RUN 2 ran after a failure")?;
    repo.write("not.mlir", "// RUN: not echo fine\n");
    let report = repo.failure("not.mlir")?;
    contains_all(
        &report,
        &["`echo` exited with 0, but `not` expects it to fail"],
    )
}

fn stale_snapshots_fail() -> Result<(), Failed> {
    let repo = Repo::new("always", false);
    repo.write(
        "s.mlir",
        "// RUN: echo one\n// RUN: echo two | FileCheck %s\n// CHECK: two\n",
    );
    repo.write("snapshots/s@run2.snap", "---\nsource: x\n---\nold\n");
    repo.write("snapshots/s@run7.snap", "---\nsource: x\n---\nold\n");
    repo.write("snapshots/other@run7.snap", "---\nsource: x\n---\nold\n");
    let report = repo.failure("s.mlir")?;
    contains_all(&report, &["stale snapshots", "s@run2.snap", "s@run7.snap"])?;
    ensure(
        !report.contains("other@run7"),
        "another test's snapshot was called stale",
    )
}

fn timings_are_filtered() -> Result<(), Failed> {
    let repo = Repo::new("always", false);
    repo.write(
        "t.mlir",
        "// RUN: echo 'Total Execution Time: 0.0135 seconds; 0.0010 (  7.4%) cse; took 12ms' \
         'keep 2.5 : f32 and %0'\n",
    );
    repo.run("t.mlir").map_err(|f| f.to_string())?;
    let snap = std::fs::read_to_string(repo.path("snapshots/t@run1.snap"))?;
    contains_all(
        &snap,
        &["Total Execution Time: <time>; <time> (<time>) cse; took <time> keep 2.5 : f32 and %0"],
    )
}

fn parse_errors_point_at_the_column() -> Result<(), Failed> {
    let repo = Repo::new("new", false);
    repo.write("p.mlir", "// RUN: echo ok\n// RUN: echo a && echo b\n");
    let report = repo.failure("p.mlir")?;
    contains_all(
        &report,
        &[
            "lit-tests/p.mlir:2: cannot parse RUN 2: `&` is not supported",
            "echo a && echo b\n         ^",
        ],
    )?;
    ensure(
        !repo.path("snapshots").exists(),
        "RUN 1 ran although RUN 2 cannot parse",
    )?;
    repo.write("q.mlir", "func.func @f()\n");
    contains_all(&repo.failure("q.mlir")?, &["no `// RUN:` line"])
}

fn unknown_programs_are_reported() -> Result<(), Failed> {
    let repo = Repo::new("new", false);
    repo.write("u.mlir", "// RUN: not no-such-tool-xyz %s\n");
    let report = repo.failure("u.mlir")?;
    contains_all(&report, &["RUN 1 failed", "cannot run `no-such-tool-xyz`"])
}

fn temp_files_are_shared_between_run_lines() -> Result<(), Failed> {
    let repo = Repo::new("always", false);
    repo.write(
        "o.mlir",
        "// RUN: neuron-opt %s > %t\n// RUN: cat %t\nbody\n",
    );
    repo.run("o.mlir").map_err(|f| f.to_string())?;
    let snap = std::fs::read_to_string(repo.path("snapshots/o@run2.snap"))?;
    contains_all(&snap, &["--- stdout ---\n// RUN: neuron-opt %s > %t\n"])
}

fn discovery_lists_mlir_files_by_relative_name() -> Result<(), Failed> {
    let repo = Repo::new("new", false);
    for rel in [
        "b/z.mlir",
        "a.mlir",
        "b/c/d.mlir",
        "b/notes.txt",
        "snapshots/x.mlir",
        ".hidden/h.mlir",
    ] {
        repo.write(rel, "// RUN: true\n");
    }
    let names: Vec<String> = discover(&repo.config())?
        .into_iter()
        .map(|c| c.name)
        .collect();
    ensure(
        names == ["a.mlir", "b/c/d.mlir", "b/z.mlir"],
        format!("{names:?}"),
    )
}

/// A scenario of this file.
type Case = fn() -> Result<(), Failed>;

/// Every case, by name.
fn cases() -> Vec<(&'static str, Case)> {
    vec![
        (
            "missing_snapshot_fails_and_writes_a_candidate",
            missing_snapshot_fails_and_writes_a_candidate,
        ),
        (
            "missing_snapshot_in_ci_fails_without_writing",
            missing_snapshot_in_ci_fails_without_writing,
        ),
        (
            "accepted_snapshots_are_written_filtered",
            accepted_snapshots_are_written_filtered,
        ),
        (
            "a_matching_snapshot_passes_even_in_ci",
            a_matching_snapshot_passes_even_in_ci,
        ),
        (
            "changed_output_fails_with_a_diff",
            changed_output_fails_with_a_diff,
        ),
        (
            "a_snapshot_created_in_ci_fails",
            a_snapshot_created_in_ci_fails,
        ),
        (
            "filecheck_lines_have_no_snapshot",
            filecheck_lines_have_no_snapshot,
        ),
        (
            "a_wrong_exit_status_stops_the_test",
            a_wrong_exit_status_stops_the_test,
        ),
        ("stale_snapshots_fail", stale_snapshots_fail),
        ("timings_are_filtered", timings_are_filtered),
        (
            "parse_errors_point_at_the_column",
            parse_errors_point_at_the_column,
        ),
        (
            "unknown_programs_are_reported",
            unknown_programs_are_reported,
        ),
        (
            "temp_files_are_shared_between_run_lines",
            temp_files_are_shared_between_run_lines,
        ),
        (
            "discovery_lists_mlir_files_by_relative_name",
            discovery_lists_mlir_files_by_relative_name,
        ),
    ]
}

fn main() {
    let mut args = Arguments::from_args();
    args.test_threads = Some(1);
    neuron_lit::hide_snapshot_panics();
    let trials = cases()
        .into_iter()
        .map(|(name, case)| Trial::test(name, case))
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
