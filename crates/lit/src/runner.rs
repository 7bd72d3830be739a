//! Runs one lit test file: its RUN lines in order, each checked by its exit statuses and by
//! FileCheck or its golden snapshot.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::exec::{run_pipeline, ExecEnv, PipelineOutput};
use crate::filecheck::FILECHECK;
use crate::script::{parse_run_lines, RunLine};
use crate::shell::{parse_pipeline, Pipeline};
use crate::snapshot::{check_snapshot, render_output, stale_snapshots, Filters, SnapshotSpec};
use crate::subst::Substitutions;
use crate::Config;

/// Output longer than this (bytes per stream) is cut in failure reports.
const REPORT_LIMIT: usize = 16 * 1024;

/// One test file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestCase {
    /// Test name: the path relative to the test root, with `/` separators.
    pub name: String,
    /// Absolute path of the file.
    pub path: PathBuf,
}

/// Why a test failed: one section per failed RUN line (or file-level problem).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", sections.join("\n"))]
pub struct TestFailure {
    /// The failure reports, in order.
    pub sections: Vec<String>,
}

/// A RUN line with its parsed and substituted pipeline.
struct Step<'a> {
    run: &'a RunLine,
    pipeline: Pipeline,
}

/// Everything one test run needs besides its steps.
struct Context<'a> {
    config: &'a Config,
    case: &'a TestCase,
    /// Path of the test relative to the repository root, for messages.
    shown: String,
    stem: String,
    filters: Filters,
    env: ExecEnv,
}

/// Runs every RUN line of `case`; `Err` describes each failure.
pub fn run_test(config: &Config, case: &TestCase) -> Result<(), TestFailure> {
    let shown = relative(&case.path, &config.repo_root);
    let fail = |msg: String| TestFailure {
        sections: vec![msg],
    };
    let source = std::fs::read_to_string(&case.path)
        .map_err(|e| fail(format!("{shown}: cannot read the test: {e}")))?;
    let runs = parse_run_lines(&source).map_err(|e| fail(format!("{shown}: {e}")))?;
    let temp_dir = tempfile::Builder::new()
        .prefix("neuron-lit-")
        .tempdir()
        .map_err(|e| fail(format!("{shown}: cannot create a temporary directory: {e}")))?;
    let stem = file_stem(&case.path);
    let subst = Substitutions::new(&case.path, temp_dir.path().join(format!("{stem}.tmp")));
    let steps = parse_steps(&runs, &subst, &shown).map_err(fail)?;
    let ctx = Context {
        config,
        case,
        filters: test_filters(config, &subst, temp_dir.path()),
        env: ExecEnv {
            cwd: subst.dir.clone(),
            tools: config.tools.clone(),
            timeout: config.timeout,
        },
        shown,
        stem,
    };
    finish(run_steps(&ctx, &steps), temp_dir)
}

/// The test's verdict; on failure the `%t` files are kept (and their place named) if any exist.
fn finish(mut sections: Vec<String>, temp_dir: tempfile::TempDir) -> Result<(), TestFailure> {
    if sections.is_empty() {
        return Ok(());
    }
    let used = std::fs::read_dir(temp_dir.path()).is_ok_and(|mut d| d.next().is_some());
    if used {
        let kept = temp_dir.keep();
        let note = format!("(%t files kept for inspection in {})\n", kept.display());
        sections.push(note);
    }
    Err(TestFailure { sections })
}

/// Parses every RUN line up front, so a typo fails before anything runs.
fn parse_steps<'a>(
    runs: &'a [RunLine],
    subst: &Substitutions,
    shown: &str,
) -> Result<Vec<Step<'a>>, String> {
    runs.iter()
        .map(|run| {
            let pipeline = parse_pipeline(&run.text).map_err(|e| {
                let caret = " ".repeat(e.column - 1);
                format!(
                    "{shown}:{}: cannot parse RUN {}: {}\n  {}\n  {caret}^\n",
                    run.line, run.index, e.message, run.text
                )
            })?;
            Ok(Step {
                run,
                pipeline: pipeline.map_words(|w| subst.apply(w)),
            })
        })
        .collect()
}

/// Runs the steps in order; stops at the first RUN line with a wrong exit status (later lines
/// often depend on it) but keeps going after snapshot mismatches, so one run collects them all.
fn run_steps(ctx: &Context<'_>, steps: &[Step<'_>]) -> Vec<String> {
    let mut sections = Vec::new();
    for step in steps {
        let output = match run_pipeline(&step.pipeline, &ctx.env) {
            Ok(output) => output,
            Err(e) => {
                sections.push(format!("{}\n  error: {e}\n", header(ctx, step)));
                return sections;
            }
        };
        if !output.success() {
            sections.push(status_report(ctx, step, &output));
            return sections;
        }
        if step.pipeline.ends_in_filecheck() {
            continue;
        }
        if let Err(failure) = snapshot_step(ctx, step, &output) {
            sections.push(failure);
        }
    }
    sections.extend(stale_report(ctx, steps));
    sections
}

/// Compares one RUN line's output with its snapshot.
fn snapshot_step(
    ctx: &Context<'_>,
    step: &Step<'_>,
    output: &PipelineOutput,
) -> Result<(), String> {
    let dir = snapshot_dir(&ctx.case.path);
    let name = format!("{}@run{}", ctx.stem, step.run.index);
    let description = format!("RUN {}: {}", step.run.index, step.run.text);
    let spec = SnapshotSpec {
        dir: &dir,
        name: &name,
        input_file: &ctx.case.path,
        description: &description,
        filters: &ctx.filters,
    };
    check_snapshot(&spec, &render_output(output)).map_err(|failure| {
        let why = failure.describe(&ctx.config.repo_root);
        let why: String = why.lines().map(|l| format!("  {l}\n")).collect();
        format!("{}\n{why}", header(ctx, step))
    })
}

/// Snapshot files of this test that no RUN line produces any more.
fn stale_report(ctx: &Context<'_>, steps: &[Step<'_>]) -> Option<String> {
    let expected: BTreeSet<usize> = steps
        .iter()
        .filter(|s| !s.pipeline.ends_in_filecheck())
        .map(|s| s.run.index)
        .collect();
    let stale = stale_snapshots(&snapshot_dir(&ctx.case.path), &ctx.stem, &expected);
    if stale.is_empty() {
        return None;
    }
    let list: Vec<String> = stale
        .iter()
        .map(|p| format!("  {}\n", relative(p, &ctx.config.repo_root)))
        .collect();
    Some(format!(
        "{}: stale snapshots (no RUN line without FileCheck has their number; delete them):\n{}",
        ctx.shown,
        list.concat()
    ))
}

/// `<test>:<line>: RUN <n>` with the RUN line as written and the command as run.
fn header(ctx: &Context<'_>, step: &Step<'_>) -> String {
    format!(
        "{}:{}: RUN {} failed\n  RUN:     {}\n  command: {}",
        ctx.shown,
        step.run.line,
        step.run.index,
        step.run.text,
        display_command(&step.pipeline, ctx)
    )
}

/// The pipeline with tool names replaced by the paths that ran.
fn display_command(pipeline: &Pipeline, ctx: &Context<'_>) -> String {
    let mut shown = pipeline.clone();
    for program in shown.commands.iter_mut().filter_map(|c| c.argv.first_mut()) {
        if let Some(path) = ctx.env.tools.get(program.as_str()) {
            *program = path.to_string_lossy().into_owned();
        }
    }
    shown.to_string()
}

/// Report for a RUN line whose exit statuses are wrong, with everything it printed.
fn status_report(ctx: &Context<'_>, step: &Step<'_>, output: &PipelineOutput) -> String {
    let mut text = header(ctx, step);
    text.push('\n');
    if output.timed_out {
        text.push_str(&format!(
            "  timed out after {:?}; its processes were killed\n",
            ctx.env.timeout
        ));
    }
    for (stage, cmd) in output.stages.iter().zip(&step.pipeline.commands) {
        if !stage.status.success() {
            text.push_str(&format!("  {}\n", explain(stage, cmd.negations > 0)));
        }
    }
    text.push_str(&format!("  exit statuses: {}\n", output.raw_statuses()));
    text.push_str(&clipped("--- stdout ---", &output.stdout));
    text.push_str(&clipped("--- stderr ---", &output.stderr));
    text
}

/// One sentence on why a stage counts as failed.
fn explain(stage: &crate::exec::StageOutcome, negated: bool) -> String {
    let program = &stage.program;
    let raw = stage.raw;
    if raw.is_crash() {
        let how = match raw {
            crate::exec::Status::Signal(s) => format!("was killed by signal {s}"),
            _ => "panicked (exit status 101)".to_string(),
        };
        let hint = if negated {
            " (`not` accepts failures, never crashes)"
        } else {
            ""
        };
        return format!("`{program}` crashed: it {how}{hint}");
    }
    if negated {
        return format!("`{program}` exited with {raw}, but `not` expects it to fail");
    }
    if program == FILECHECK {
        return "FileCheck failed (its report is on stderr below)".to_string();
    }
    format!("`{program}` exited with {raw} (expected 0; prefix `not` if failing is the point)")
}

/// A stream for a failure report, cut after [`REPORT_LIMIT`] bytes.
fn clipped(header: &str, bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(REPORT_LIMIT)]);
    let mut out = format!("{header}\n{text}");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if bytes.len() > REPORT_LIMIT {
        out.push_str(&format!("[… {} more bytes]\n", bytes.len() - REPORT_LIMIT));
    }
    out
}

/// Path filters of one test (most specific first), then the timing filters.
fn test_filters(config: &Config, subst: &Substitutions, temp_dir: &Path) -> Filters {
    let mut filters = Filters::new();
    filters.add_path(&subst.file, "%s");
    filters.add_path(&subst.temp, "%t");
    filters.add_path(&subst.dir, "%S");
    filters.add_path(temp_dir, "<tmp>");
    filters.add_path(&config.repo_root, "<repo>");
    filters.add_timings();
    filters
}

/// `<dir of test>/snapshots`.
fn snapshot_dir(test: &Path) -> PathBuf {
    test.parent().unwrap_or(Path::new(".")).join("snapshots")
}

/// The file name without its extension.
fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `path` relative to `base` (with `/` separators) when it is inside it.
pub(crate) fn relative(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if rel.is_absolute() {
        rel.display().to_string()
    } else {
        parts.join("/")
    }
}
