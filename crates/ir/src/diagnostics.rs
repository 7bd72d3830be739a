//! Source locations and diagnostics rendered as `file:line:col: error: message` with a caret.

use std::fmt;
use std::sync::Arc;

/// Where an operation or diagnostic comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Location {
    /// `loc(unknown)`.
    #[default]
    Unknown,
    /// `loc("file":line:col)`, 1-based line and column.
    File {
        /// File name as written.
        file: Arc<str>,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        col: u32,
    },
    /// `loc("name")`: a named location.
    Name(Arc<str>),
}

impl Location {
    /// A file:line:col location.
    pub fn file(file: &Arc<str>, line: u32, col: u32) -> Location {
        Location::File {
            file: file.clone(),
            line,
            col,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Unknown => f.write_str("loc(unknown)"),
            Location::File { file, line, col } => {
                f.write_str("loc(")?;
                crate::printer::write_escaped_string(f, file)?;
                write!(f, ":{line}:{col})")
            }
            Location::Name(n) => {
                f.write_str("loc(")?;
                crate::printer::write_escaped_string(f, n)?;
                f.write_str(")")
            }
        }
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// A hard error: the run fails.
    Error,
    /// A warning.
    Warning,
    /// A note attached to another diagnostic, or standalone.
    Note,
    /// A remark (informational).
    Remark,
}

impl Severity {
    /// The word used in rendered text: `error`, `warning`, `note`, `remark`.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
            Severity::Remark => "remark",
        }
    }
}

/// A located message, with attached notes.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Severity.
    pub severity: Severity,
    /// Where it points.
    pub loc: Location,
    /// The message text.
    pub message: String,
    /// Attached notes (severity `Note`).
    pub notes: Vec<Diagnostic>,
}

impl Diagnostic {
    /// An error at `loc`.
    pub fn error(loc: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, loc, message)
    }

    /// A diagnostic of any severity.
    pub fn new(severity: Severity, loc: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            loc,
            message: message.into(),
            notes: Vec::new(),
        }
    }

    /// Attaches a note.
    pub fn with_note(mut self, loc: Location, message: impl Into<String>) -> Diagnostic {
        self.notes
            .push(Diagnostic::new(Severity::Note, loc, message));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity.word(), self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// Source texts by file name, used to print the offending line under a diagnostic.
#[derive(Default, Debug, Clone)]
pub struct SourceMap {
    files: Vec<(Arc<str>, Arc<str>)>,
}

impl SourceMap {
    /// Registers the full text of a file.
    pub fn add(&mut self, name: &Arc<str>, text: &Arc<str>) {
        self.files.push((name.clone(), text.clone()));
    }

    /// The text of line `line` (1-based) of `file`, if known.
    pub fn line(&self, file: &str, line: u32) -> Option<&str> {
        let (_, text) = self.files.iter().find(|(n, _)| &**n == file)?;
        text.lines().nth(line.checked_sub(1)? as usize)
    }

    /// Renders a diagnostic and its notes: header, source line, caret.
    pub fn render(&self, d: &Diagnostic) -> String {
        let mut out = String::new();
        self.render_into(d, &mut out);
        for n in &d.notes {
            self.render_into(n, &mut out);
        }
        out
    }

    fn render_into(&self, d: &Diagnostic, out: &mut String) {
        use std::fmt::Write;
        match &d.loc {
            Location::File { file, line, col } => {
                let _ = writeln!(
                    out,
                    "{file}:{line}:{col}: {}: {}",
                    d.severity.word(),
                    d.message
                );
                if let Some(src) = self.line(file, *line) {
                    let _ = writeln!(out, "{src}");
                    let _ = writeln!(out, "{}^", caret_padding(src, *col));
                }
            }
            Location::Name(n) => {
                let _ = writeln!(out, "{n}: {}: {}", d.severity.word(), d.message);
            }
            Location::Unknown => {
                let _ = writeln!(out, "<unknown>: {}: {}", d.severity.word(), d.message);
            }
        }
    }
}

/// The white space that puts a caret under 1-based column `col` of `src` (tabs kept as tabs).
pub fn caret_padding(src: &str, col: u32) -> String {
    src.chars()
        .take(col.saturating_sub(1) as usize)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect()
}
