//! `--verify-diagnostics`: reads `expected-error {{…}}`-style comments from an input chunk and
//! checks the diagnostics a run emitted against them, reporting mismatches as MLIR does.

use neuron_ir::{Diagnostic, Location, Severity, SourceMap};
use regex::Regex;
use std::fmt::Write as _;
use std::sync::{Arc, LazyLock};

/// `expected-<kind>[-re] [@anchor] {{text}}`, the same shape MLIR recognises.
static EXPECTED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"expected-(error|note|remark|warning)(-re)? *(@([+-][0-9]+|above|below|unknown))? *\{\{(.*)\}\}\s*$",
    )
    .expect("the expected-diagnostic pattern is a valid regex")
});

/// How an expectation compares with a diagnostic message.
#[derive(Clone, Debug)]
pub enum Matcher {
    /// The message must contain this text.
    Substring(String),
    /// The message must contain a match of this regex (`expected-…-re`).
    Regex(Regex),
}

impl Matcher {
    /// True if `message` satisfies the matcher.
    pub fn matches(&self, message: &str) -> bool {
        match self {
            Matcher::Substring(s) => message.contains(s.as_str()),
            Matcher::Regex(r) => r.is_match(message),
        }
    }
}

/// One `expected-*` comment.
#[derive(Clone, Debug)]
pub struct Expectation {
    /// The severity it expects.
    pub severity: Severity,
    /// The line the diagnostic must be on; `None` for `@unknown` (no file location).
    pub line: Option<u32>,
    /// The text between the outer `{{ }}`, as written.
    pub text: String,
    /// How messages are compared.
    pub matcher: Matcher,
    /// Where the `expected-` word is (for reports).
    pub loc: Location,
    /// Whether some diagnostic matched it.
    pub matched: bool,
}

/// A mismatch found by the verifier: an error to show, with the width of its underline.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The error (located at the diagnostic or at the expectation).
    pub diagnostic: Diagnostic,
    /// Characters underlined from the caret on (`^~~~`); 1 for a bare caret.
    pub width: usize,
}

impl Report {
    fn at(loc: Location, message: String, width: usize) -> Report {
        Report {
            diagnostic: Diagnostic::error(loc, message),
            width: width.max(1),
        }
    }

    /// Renders as `file:line:col: error: msg`, the source line, and a caret with `~` underline.
    pub fn render(&self, map: &SourceMap) -> String {
        let d = &self.diagnostic;
        let Location::File { file, line, col } = &d.loc else {
            return map.render(d);
        };
        let Some(src) = map.line(file, *line) else {
            return map.render(d);
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{file}:{line}:{col}: {}: {}",
            d.severity.word(),
            d.message
        );
        let _ = writeln!(out, "{src}");
        let pad = neuron_ir::diagnostics::caret_padding(src, *col);
        let _ = writeln!(out, "{pad}^{}", "~".repeat(self.width - 1));
        out
    }
}

/// Checks emitted diagnostics against the expectations of one chunk.
#[derive(Debug)]
pub struct DiagnosticVerifier {
    file: Arc<str>,
    expectations: Vec<Expectation>,
    reports: Vec<Report>,
}

impl DiagnosticVerifier {
    /// Reads the expectations of `text` (a chunk of `file` after `line_offset` lines).
    ///
    /// Malformed expectations (an unterminated or invalid regex) become reports right away.
    pub fn new(file: &Arc<str>, text: &str, line_offset: u32) -> DiagnosticVerifier {
        let mut v = DiagnosticVerifier {
            file: file.clone(),
            expectations: Vec::new(),
            reports: Vec::new(),
        };
        v.scan(text, line_offset);
        v
    }

    /// The expectations found, in file order.
    pub fn expectations(&self) -> &[Expectation] {
        &self.expectations
    }

    /// Checks one emitted diagnostic and each of its notes.
    pub fn check(&mut self, d: &Diagnostic) {
        self.check_one(d);
        for n in &d.notes {
            self.check_one(n);
        }
    }

    /// Ends the check: every mismatch, unmatched expectations last. Empty means success.
    pub fn finish(mut self) -> Vec<Report> {
        for e in self.expectations.iter().filter(|e| !e.matched) {
            let msg = format!(
                "expected {} \"{}\" was not produced",
                e.severity.word(),
                e.text
            );
            self.reports
                .push(Report::at(e.loc.clone(), msg, e.text.chars().count()));
        }
        self.reports
    }

    fn scan(&mut self, text: &str, line_offset: u32) {
        let mut last_plain_line = 0u32;
        let mut pending_below: Vec<usize> = Vec::new();
        for (idx, raw) in text.lines().enumerate() {
            let line_no = line_offset.saturating_add(u32::try_from(idx + 1).unwrap_or(u32::MAX));
            let Some(caps) = EXPECTED_RE.captures(raw) else {
                for &i in &pending_below {
                    self.expectations[i].line = Some(line_no);
                }
                pending_below.clear();
                last_plain_line = line_no;
                continue;
            };
            let whole = caps.get(0).expect("group 0 always exists");
            let col = raw[..whole.start()].chars().count() + 1;
            let loc = Location::file(&self.file, line_no, u32::try_from(col).unwrap_or(u32::MAX));
            let severity = severity_of(&caps[1]);
            let text = caps[5].to_string();
            let matcher = match build_matcher(&text, caps.get(2).is_some()) {
                Ok(m) => m,
                Err(msg) => {
                    self.reports
                        .push(Report::at(loc, msg, text.chars().count()));
                    continue;
                }
            };
            let line = match caps.get(4).map(|m| m.as_str()) {
                None => Some(line_no),
                Some("unknown") => None,
                Some("above") => Some(last_plain_line),
                Some("below") => {
                    pending_below.push(self.expectations.len());
                    Some(0)
                }
                Some(offset) => Some(apply_offset(line_no, offset)),
            };
            self.expectations.push(Expectation {
                severity,
                line,
                text,
                matcher,
                loc,
                matched: false,
            });
        }
    }

    fn check_one(&mut self, d: &Diagnostic) {
        let line = self.line_of(&d.loc);
        let mut near_miss = None;
        for e in &mut self.expectations {
            if e.line != line || !e.matcher.matches(&d.message) {
                continue;
            }
            if e.severity == d.severity {
                e.matched = true;
                return;
            }
            near_miss = Some((e.loc.clone(), e.severity, e.text.chars().count()));
        }
        let report = match near_miss {
            Some((loc, expected, width)) => Report::at(
                loc,
                format!(
                    "'{}' diagnostic emitted when expecting a '{}'",
                    d.severity.word(),
                    expected.word()
                ),
                width,
            ),
            None => Report::at(
                d.loc.clone(),
                format!("unexpected {}: {}", d.severity.word(), d.message),
                1,
            ),
        };
        self.reports.push(report);
    }

    /// The line a diagnostic at `loc` is checked against; `None` if not in this file.
    fn line_of(&self, loc: &Location) -> Option<u32> {
        match loc {
            Location::File { file, line, .. } if *file == self.file => Some(*line),
            _ => None,
        }
    }
}

fn severity_of(word: &str) -> Severity {
    match word {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "note" => Severity::Note,
        _ => Severity::Remark,
    }
}

/// `line` moved by `+N`/`-N`; 0 (matches nothing) when it would fall before line 1.
fn apply_offset(line: u32, offset: &str) -> u32 {
    let n: u32 = offset[1..].parse().unwrap_or(u32::MAX);
    if offset.starts_with('+') {
        line.saturating_add(n)
    } else {
        line.saturating_sub(n)
    }
}

/// The matcher for `text`: a substring, or for `-re` a regex whose `{{…}}` parts are regex
/// and the rest literal.
pub fn build_matcher(text: &str, is_regex: bool) -> Result<Matcher, String> {
    if !is_regex {
        return Ok(Matcher::Substring(text.to_string()));
    }
    let mut pattern = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        pattern.push_str(&regex::escape(&rest[..start]));
        let inner = &rest[start + 2..];
        let end = inner
            .find("}}")
            .ok_or_else(|| "found start of regex with no end '}}'".to_string())?;
        pattern.push_str("(?:");
        pattern.push_str(&inner[..end]);
        pattern.push(')');
        rest = &inner[end + 2..];
    }
    pattern.push_str(&regex::escape(rest));
    Regex::new(&pattern)
        .map(Matcher::Regex)
        .map_err(|e| format!("invalid regex: {}", regex_error_summary(&e.to_string())))
}

/// The last line of a multi-line `regex` error (`unclosed group`), without its `error: `.
fn regex_error_summary(s: &str) -> String {
    let last = s
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim();
    last.strip_prefix("error: ").unwrap_or(last).to_string()
}
