//! Extraction of `// RUN:` lines from a test file, joining `\` continuations.

use thiserror::Error;

/// One logical RUN command of a test file (continuations already joined).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunLine {
    /// 1-based ordinal among the RUN commands of the file (names the snapshot `@run<N>`).
    pub index: usize,
    /// 1-based source line where the command starts.
    pub line: usize,
    /// The command text as written (before substitution), trimmed.
    pub text: String,
}

/// A malformed RUN line.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ScriptError {
    /// A RUN line ends in `\` but the next line is not a RUN line.
    #[error("line {line}: RUN line ends in `\\` but line {next} is not a RUN line to continue it")]
    DanglingContinuation {
        /// Line of the RUN line ending in `\`.
        line: usize,
        /// The line that should have continued it.
        next: usize,
    },
    /// A RUN line with no command.
    #[error("line {line}: empty RUN command")]
    Empty {
        /// Line where the empty command starts.
        line: usize,
    },
    /// The file has no RUN line at all.
    #[error("no `// RUN:` line: a lit test needs at least one")]
    NoRunLines,
}

/// The command part of a `// RUN:` comment line, or `None` for any other line.
fn run_payload(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("//")?;
    rest.trim_start().strip_prefix("RUN:")
}

/// Parses every RUN command of `source`, in order.
///
/// A RUN line whose text ends in `\` is continued by the next line, which must be a RUN line
/// too; the pieces are concatenated without the backslash (as lit does).
pub fn parse_run_lines(source: &str) -> Result<Vec<RunLine>, ScriptError> {
    let mut runs = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (i, line) in source.lines().enumerate() {
        let lineno = i + 1;
        let Some(payload) = run_payload(line) else {
            if pending.is_some() {
                return Err(ScriptError::DanglingContinuation {
                    line: lineno - 1,
                    next: lineno,
                });
            }
            continue;
        };
        let (start, mut text) = pending.take().unwrap_or((lineno, String::new()));
        let trimmed = payload.trim_end();
        if let Some(head) = trimmed.strip_suffix('\\') {
            text.push_str(head);
            pending = Some((start, text));
            continue;
        }
        text.push_str(trimmed);
        push_run(&mut runs, start, text)?;
    }
    if pending.is_some() {
        let last = source.lines().count();
        return Err(ScriptError::DanglingContinuation {
            line: last,
            next: last + 1,
        });
    }
    if runs.is_empty() {
        return Err(ScriptError::NoRunLines);
    }
    Ok(runs)
}

/// Appends a finished command, rejecting empty ones.
fn push_run(runs: &mut Vec<RunLine>, line: usize, text: String) -> Result<(), ScriptError> {
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err(ScriptError::Empty { line });
    }
    runs.push(RunLine {
        index: runs.len() + 1,
        line,
        text,
    });
    Ok(())
}
