//! Lit-style test runner: RUN lines, golden snapshots and FileCheck.
//!
//! Every `*.mlir` file under a test root is one test case. Its `// RUN:` lines run in order
//! through a small built-in shell (no `sh`), with `%s`/`%S`/`%t` substituted and tool names
//! (`neuron-opt`, …) mapped to built binaries. A RUN line passes when every stage exits 0
//! (after `not`) and then either FileCheck (when the pipeline ends in `FileCheck`) or the
//! golden insta snapshot of its output agrees. See `docs/testing.md`.
//!
//! ```no_run
//! // tests/lit.rs of a tool crate (`harness = false`):
//! fn main() -> std::process::ExitCode {
//!     let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
//!     let config = neuron_lit::Config::new(root.join("lit-tests"))
//!         .with_repo_root(&root)
//!         .with_tool("neuron-opt", "/path/to/neuron-opt");
//!     neuron_lit::run_main(config)
//! }
//! ```

pub mod exec;
pub mod filecheck;
pub mod runner;
pub mod script;
pub mod shell;
pub mod snapshot;
pub mod subst;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

pub use exec::{run_pipeline, ExecEnv, ExecError, PipelineOutput, StageOutcome, Status};
pub use filecheck::{run_filecheck, FileCheckOutput, FILECHECK};
pub use runner::{run_test, TestCase, TestFailure};
pub use script::{parse_run_lines, RunLine, ScriptError};
pub use shell::{parse_pipeline, Command, Pipeline, Redirect, ShellError};
pub use snapshot::{Filters, SnapshotFailure};
pub use subst::Substitutions;

/// Default wall-time limit of one RUN line.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// Environment variable overriding the per-RUN-line timeout, in seconds.
pub const TIMEOUT_VAR: &str = "NEURON_LIT_TIMEOUT";

/// Where the tests are and which tools they may call.
#[derive(Clone, Debug)]
pub struct Config {
    /// Directory searched recursively for test files; test names are relative to it.
    pub test_root: PathBuf,
    /// Repository root: shown as `<repo>` in snapshots, base of paths in messages.
    pub repo_root: PathBuf,
    /// Tool name → binary: a command starting with the name runs the binary.
    pub tools: BTreeMap<String, PathBuf>,
    /// Wall-time limit of one RUN line.
    pub timeout: Duration,
    /// File extension of test files (without the dot).
    pub extension: String,
    /// Directories (relative to `test_root`) whose tests belong to another tool's lit target.
    pub excluded_dirs: Vec<PathBuf>,
}

/// `path` made absolute and free of `..` when it exists.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

impl Config {
    /// Tests under `test_root` (`*.mlir`); the repository root defaults to its parent.
    pub fn new(test_root: impl AsRef<Path>) -> Self {
        let test_root = canonical(test_root.as_ref());
        let repo_root = test_root
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Config {
            test_root,
            repo_root,
            tools: BTreeMap::new(),
            timeout: DEFAULT_TIMEOUT,
            extension: "mlir".to_string(),
            excluded_dirs: Vec::new(),
        }
    }

    /// Skips the tests below `dir` (relative to the test root): another target runs them.
    pub fn without_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.excluded_dirs.push(self.test_root.join(dir.as_ref()));
        self
    }

    /// Sets the repository root.
    pub fn with_repo_root(mut self, root: impl AsRef<Path>) -> Self {
        self.repo_root = canonical(root.as_ref());
        self
    }

    /// Maps the program name `name` in RUN lines to the binary `path`.
    pub fn with_tool(mut self, name: &str, path: impl Into<PathBuf>) -> Self {
        self.tools.insert(name.to_string(), path.into());
        self
    }

    /// Sets the per-RUN-line timeout.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// Every test file under the test root, sorted by name (`snapshots/` and hidden directories
/// are skipped).
pub fn discover(config: &Config) -> std::io::Result<Vec<TestCase>> {
    let mut cases = Vec::new();
    walk(&config.test_root, config, &mut cases)?;
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(cases)
}

/// Collects test files below `dir`.
fn walk(dir: &Path, config: &Config, cases: &mut Vec<TestCase>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            if name != "snapshots" && !config.excluded_dirs.contains(&path) {
                walk(&path, config, cases)?;
            }
        } else if path.extension().is_some_and(|e| *e == *config.extension) {
            let name = runner::relative(&path, &config.test_root);
            cases.push(TestCase { name, path });
        }
    }
    Ok(())
}

/// Prepares the process: insta's workspace root and quiet output (failures carry their own
/// diff), the timeout override, and a panic hook that hides insta's assertion panics.
fn prepare_process(config: &mut Config) {
    if std::env::var_os("INSTA_WORKSPACE_ROOT").is_none() {
        std::env::set_var("INSTA_WORKSPACE_ROOT", &config.repo_root);
    }
    if std::env::var_os("INSTA_OUTPUT").is_none() {
        std::env::set_var("INSTA_OUTPUT", "none");
    }
    if let Some(secs) = std::env::var(TIMEOUT_VAR)
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
    {
        config.timeout = Duration::from_secs_f64(secs.max(0.001));
    }
    hide_snapshot_panics();
}

/// Installs a panic hook that stays silent for insta's snapshot-assertion panics (the test
/// failure already carries the diff) and reports every other panic as before.
pub fn hide_snapshot_panics() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload_as_str().unwrap_or_default();
        if !message.starts_with("snapshot assertion for '") {
            default_hook(info);
        }
    }));
}

/// Runs the lit tests as a libtest-compatible test binary (filters, `--list`, `--exact`,
/// parallel threads) and returns its exit code.
pub fn run_main(mut config: Config) -> ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    prepare_process(&mut config);
    let cases = match discover(&config) {
        Ok(cases) => cases,
        Err(e) => {
            eprintln!(
                "error: cannot list tests under {}: {e}",
                config.test_root.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let config = Arc::new(config);
    let trials = cases
        .into_iter()
        .map(|case| {
            let config = Arc::clone(&config);
            libtest_mimic::Trial::test(case.name.clone(), move || {
                run_test(&config, &case).map_err(|f| f.to_string().into())
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}
