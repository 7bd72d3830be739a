//! Golden snapshots of RUN-line output, stored and reviewed with insta.
//!
//! A snapshot holds the exit statuses, the standard output and the standard error of one RUN
//! line, after filters replaced unstable text (paths, timings). It lives beside the test as
//! `snapshots/<file-stem>@run<N>.snap`, so `cargo insta review` shows it with its input file.

use std::collections::BTreeSet;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::exec::PipelineOutput;

/// Ordered regex → replacement rules applied to snapshot content (insta `filters`).
#[derive(Clone, Debug, Default)]
pub struct Filters {
    rules: Vec<(Regex, String)>,
}

/// Timing rules: wall-time table rows, percentages, and durations with a unit.
const TIMING_RULES: &[(&str, &str)] = &[
    (r"\d+(?:\.\d+)?\s+\(\s*\d+(?:\.\d+)?%\)", "<time> (<time>)"),
    (r"\(\s*\d+(?:\.\d+)?%\)", "(<time>)"),
    (r"\b\d+(?:\.\d+)?%", "<time>"),
    (
        r"\b\d+\.\d+(?:e[-+]?\d+)?\s*(?:seconds?|secs?|s)\b",
        "<time>",
    ),
    (
        r"\b\d+(?:\.\d+)?(?:e[-+]?\d+)?\s*(?:ms|us|µs|ns)\b",
        "<time>",
    ),
];

impl Filters {
    /// No rules.
    pub fn new() -> Self {
        Filters::default()
    }

    /// Adds a rule; `replacement` uses `regex` replacement syntax (`$1`, `$$`).
    pub fn add(&mut self, regex: &str, replacement: &str) -> Result<(), regex::Error> {
        self.rules
            .push((Regex::new(regex)?, replacement.to_string()));
        Ok(())
    }

    /// Replaces every occurrence of the path `path` (and its canonical form) by `replacement`.
    pub fn add_path(&mut self, path: &Path, replacement: &str) {
        let mut forms = vec![path.to_string_lossy().into_owned()];
        if let Ok(canonical) = path.canonicalize() {
            forms.push(canonical.to_string_lossy().into_owned());
        }
        forms.dedup();
        for form in forms.into_iter().filter(|f| f.len() > 1) {
            let rule = Regex::new(&regex::escape(&form)).expect("an escaped literal is a regex");
            self.rules.push((rule, replacement.replace('$', "$$")));
        }
    }

    /// Adds the timing rules: `0.0012 seconds`, `3ms`, `( 7.4%)`, … become `<time>`.
    pub fn add_timings(&mut self) {
        for (regex, replacement) in TIMING_RULES {
            self.add(regex, replacement)
                .expect("timing rules are valid regexes");
        }
    }

    /// Applies the rules, in order, to `text`.
    pub fn apply(&self, text: &str) -> String {
        let mut text = text.to_string();
        for (regex, replacement) in &self.rules {
            text = regex.replace_all(&text, replacement.as_str()).into_owned();
        }
        text
    }

    /// Registers the rules as insta filters.
    fn install(&self, settings: &mut insta::Settings) {
        for (regex, replacement) in &self.rules {
            settings.add_filter(regex.as_str(), replacement.clone());
        }
    }
}

/// Appends `text` as a snapshot section, marking a missing final newline.
fn push_section(out: &mut String, header: &str, text: &[u8]) {
    out.push_str(header);
    out.push('\n');
    let text = String::from_utf8_lossy(text);
    out.push_str(&text);
    if !text.is_empty() && !text.ends_with('\n') {
        out.push_str("\n[no newline at end]\n");
    }
}

/// The snapshot text of a pipeline's output (before filters):
/// `exit: <statuses>`, then `--- stdout ---` and `--- stderr ---` sections.
pub fn render_output(output: &PipelineOutput) -> String {
    let mut out = format!("exit: {}\n", output.raw_statuses());
    push_section(&mut out, "--- stdout ---", &output.stdout);
    push_section(&mut out, "--- stderr ---", &output.stderr);
    out
}

/// Where and how one RUN line's snapshot is stored.
#[derive(Clone, Debug)]
pub struct SnapshotSpec<'a> {
    /// Directory of the snapshot files (`<test dir>/snapshots`).
    pub dir: &'a Path,
    /// Snapshot name without extension: `<file-stem>@run<N>`.
    pub name: &'a str,
    /// The test file (recorded as the snapshot's `input_file`).
    pub input_file: &'a Path,
    /// The snapshot's description (the RUN line as written).
    pub description: &'a str,
    /// Filters applied to the content.
    pub filters: &'a Filters,
}

impl SnapshotSpec<'_> {
    /// The accepted snapshot file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(format!("{}.snap", self.name))
    }
}

/// Why a snapshot check failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotFailure {
    /// No accepted snapshot exists.
    Missing {
        /// The snapshot file that should exist.
        path: PathBuf,
        /// The new content (filtered).
        content: String,
        /// Where insta wrote the candidate, if it did.
        pending: Option<PathBuf>,
    },
    /// The output differs from the accepted snapshot.
    Mismatch {
        /// The accepted snapshot file.
        path: PathBuf,
        /// Unified diff, accepted → actual.
        diff: String,
        /// Where insta wrote the candidate, if it did.
        pending: Option<PathBuf>,
    },
    /// A snapshot was created during a CI run (CI never accepts new snapshots).
    CreatedInCi {
        /// The file that was written.
        path: PathBuf,
    },
}

/// Whether this is a CI run (the `CI` variable, as insta reads it).
pub fn is_ci() -> bool {
    match std::env::var("CI").ok().as_deref() {
        Some("false" | "0" | "") => false,
        None => std::env::var_os("TF_BUILD").is_some(),
        Some(_) => true,
    }
}

/// The accepted content of the snapshot at `path`, if it exists and parses.
fn read_accepted(path: &Path) -> Option<String> {
    let snapshot = insta::Snapshot::from_file(path).ok()?;
    snapshot.contents().as_text().map(|t| t.to_string())
}

/// Compares `content` with the accepted snapshot through insta (which writes a `.snap.new`
/// candidate, or updates in place, as `INSTA_UPDATE` says).
pub fn check_snapshot(spec: &SnapshotSpec<'_>, content: &str) -> Result<(), SnapshotFailure> {
    let path = spec.path();
    let accepted = read_accepted(&path);
    let existed = path.exists();
    let mut settings = insta::Settings::new();
    settings.set_snapshot_path(spec.dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(spec.input_file);
    settings.set_description(spec.description);
    settings.set_omit_expression(true);
    spec.filters.install(&mut settings);
    let name = spec.name;
    let passed = catch_unwind(AssertUnwindSafe(|| {
        settings.bind(|| insta::assert_snapshot!(name, content));
    }))
    .is_ok();
    if passed {
        if !existed && is_ci() {
            return Err(SnapshotFailure::CreatedInCi { path });
        }
        return Ok(());
    }
    let actual = normalize(&spec.filters.apply(content));
    let pending = Some(path.with_extension("snap.new")).filter(|p| p.exists());
    Err(match accepted {
        None => SnapshotFailure::Missing {
            path,
            content: actual,
            pending,
        },
        Some(old) => SnapshotFailure::Mismatch {
            path,
            diff: unified_diff(&normalize(&old), &actual),
            pending,
        },
    })
}

/// Snapshot text as insta compares it: trailing whitespace trimmed, one final newline.
fn normalize(text: &str) -> String {
    format!("{}\n", text.trim_end().replace("\r\n", "\n"))
}

/// A unified diff from the accepted snapshot to the actual output.
fn unified_diff(old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(4)
        .header("accepted snapshot", "actual output")
        .to_string()
}

/// Snapshot files `<stem>@run<N>.snap` in `dir` whose N is not in `expected`.
pub fn stale_snapshots(dir: &Path, stem: &str, expected: &BTreeSet<usize>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let prefix = format!("{stem}@run");
    let mut stale: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let index = name
                .strip_prefix(&prefix)
                .and_then(|r| r.strip_suffix(".snap"));
            index
                .and_then(|n| n.parse::<usize>().ok())
                .is_some_and(|n| !expected.contains(&n))
        })
        .map(|entry| entry.path())
        .collect();
    stale.sort();
    stale
}

/// Writes `path` relative to `base` when possible.
fn shown(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

impl SnapshotFailure {
    /// The failure explained for a developer; paths are shown relative to `base`.
    pub fn describe(&self, base: &Path) -> String {
        match self {
            SnapshotFailure::Missing {
                path,
                content,
                pending,
            } => format!(
                "no accepted snapshot {}; the output was:\n{}{}",
                shown(path, base),
                indent(content),
                pending_hint(pending.as_deref(), base)
            ),
            SnapshotFailure::Mismatch {
                path,
                diff,
                pending,
            } => format!(
                "output differs from snapshot {}:\n{}{}",
                shown(path, base),
                diff,
                pending_hint(pending.as_deref(), base)
            ),
            SnapshotFailure::CreatedInCi { path } => format!(
                "snapshot {} was missing and has just been written, but CI never accepts new \
                 snapshots: create and review it locally, then commit it",
                shown(path, base)
            ),
        }
    }
}

impl fmt::Display for SnapshotFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Path::new("")))
    }
}

impl std::error::Error for SnapshotFailure {}

/// Indents every line of `text` by two spaces.
fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// How to review a pending `.snap.new` file.
fn pending_hint(pending: Option<&Path>, base: &Path) -> String {
    match pending {
        Some(p) => format!(
            "new candidate written to {}: read it, then `cargo insta review` \
             (or `cargo insta accept`) if it is right\n",
            shown(p, base)
        ),
        None => "rerun with INSTA_UPDATE=always (outside CI) to write it, then read the diff \
                 before committing\n"
            .to_string(),
    }
}
