//! Tests of `--verify-diagnostics`: parsing `expected-*` comments, anchors, regex variants,
//! matching emitted diagnostics and the MLIR-style reports for mismatches.

use neuron_driver::expected::{build_matcher, DiagnosticVerifier, Matcher};
use neuron_ir::{Diagnostic, Location, Severity, SourceMap};
use std::sync::Arc;

fn file() -> Arc<str> {
    "t.mlir".into()
}

fn err(line: u32, col: u32, msg: &str) -> Diagnostic {
    Diagnostic::error(Location::file(&file(), line, col), msg)
}

fn lines_of(text: &str) -> Vec<Option<u32>> {
    DiagnosticVerifier::new(&file(), text, 0)
        .expectations()
        .iter()
        .map(|e| e.line)
        .collect()
}

fn messages(reports: &[neuron_driver::expected::Report]) -> Vec<String> {
    reports
        .iter()
        .map(|r| r.diagnostic.message.clone())
        .collect()
}

#[test]
fn anchors_resolve_to_lines() {
    let text = "\
a
// expected-error {{same}}
// expected-error @+2 {{plus}}
// expected-error@-2 {{minus}}
b
// expected-error @above {{above}}
// expected-warning @below {{below}}
// expected-note @unknown {{nowhere}}
c
";
    assert_eq!(
        lines_of(text),
        vec![Some(2), Some(5), Some(2), Some(5), Some(9), None]
    );
}

#[test]
fn line_offset_shifts_every_expectation() {
    let v = DiagnosticVerifier::new(&file(), "x\n// expected-error @+1 {{e}}\ny\n", 10);
    assert_eq!(v.expectations()[0].line, Some(13));
    assert_eq!(v.expectations()[0].loc, Location::file(&file(), 12, 4));
}

#[test]
fn kinds_and_texts_are_read() {
    let v = DiagnosticVerifier::new(
        &file(),
        "// expected-remark {{r}}\n  foo // expected-warning {{w {{x}} y}}\n",
        0,
    );
    let e = v.expectations();
    assert_eq!(e[0].severity, Severity::Remark);
    assert_eq!(e[1].severity, Severity::Warning);
    assert_eq!(e[1].text, "w {{x}} y");
}

#[test]
fn lines_without_full_syntax_are_ignored() {
    assert!(lines_of("// expected-error {{unterminated}\n// expected-bogus {{x}}\n").is_empty());
}

#[test]
fn substring_match_succeeds() {
    let mut v = DiagnosticVerifier::new(&file(), "// expected-error @+1 {{unknown op}}\nfoo\n", 0);
    v.check(&err(2, 1, "custom op 'foo' is unknown op here"));
    assert!(v.finish().is_empty());
}

#[test]
fn wrong_line_gives_unexpected_and_not_produced() {
    let mut v = DiagnosticVerifier::new(&file(), "// expected-error {{boom}}\nfoo\n", 0);
    v.check(&err(2, 1, "boom"));
    let r = v.finish();
    assert_eq!(
        messages(&r),
        vec![
            "unexpected error: boom".to_string(),
            "expected error \"boom\" was not produced".to_string()
        ]
    );
}

#[test]
fn kind_mismatch_is_a_near_miss() {
    let mut v = DiagnosticVerifier::new(&file(), "x // expected-error {{boom}}\n", 0);
    v.check(&Diagnostic::new(
        Severity::Warning,
        Location::file(&file(), 1, 1),
        "boom",
    ));
    let r = v.finish();
    assert_eq!(
        messages(&r)[0],
        "'warning' diagnostic emitted when expecting a 'error'"
    );
    assert_eq!(r[0].diagnostic.loc, Location::file(&file(), 1, 6));
}

#[test]
fn notes_must_be_expected_too() {
    let text = "x // expected-error {{e}}\n// expected-note @-1 {{n}}\n";
    let mut v = DiagnosticVerifier::new(&file(), text, 0);
    v.check(&err(1, 1, "e").with_note(Location::file(&file(), 1, 1), "n"));
    assert!(v.finish().is_empty());

    let mut v = DiagnosticVerifier::new(&file(), "x // expected-error {{e}}\n", 0);
    v.check(&err(1, 1, "e").with_note(Location::file(&file(), 1, 1), "n"));
    assert_eq!(
        messages(&v.finish()),
        vec!["unexpected note: n".to_string()]
    );
}

#[test]
fn one_expectation_matches_repeated_diagnostics() {
    let mut v = DiagnosticVerifier::new(&file(), "x // expected-error {{dup}}\n", 0);
    v.check(&err(1, 1, "dup"));
    v.check(&err(1, 3, "dup again"));
    assert!(v.finish().is_empty());
}

#[test]
fn unknown_anchor_matches_unlocated_diagnostics() {
    let mut v = DiagnosticVerifier::new(&file(), "// expected-error @unknown {{lost}}\n", 0);
    v.check(&Diagnostic::error(Location::Unknown, "lost it"));
    assert!(v.finish().is_empty());
}

#[test]
fn other_files_do_not_match_line_expectations() {
    let other: Arc<str> = "other.mlir".into();
    let mut v = DiagnosticVerifier::new(&file(), "x // expected-error {{e}}\n", 0);
    v.check(&Diagnostic::error(Location::file(&other, 1, 1), "e"));
    assert_eq!(v.finish().len(), 2);
}

#[test]
fn regex_variant_mixes_literal_and_regex() {
    let m = build_matcher("foo {{[0-9]+}} bar (x)", true).unwrap();
    assert!(m.matches("a foo 42 bar (x) b"));
    assert!(!m.matches("foo x bar (x)"));
    assert!(!m.matches("foo 4 bar x"));
    let mut v = DiagnosticVerifier::new(&file(), "// expected-error-re @+1 {{#{{[0-9]}}}}\n", 0);
    v.check(&err(2, 1, "operand #3 is bad"));
    assert!(v.finish().is_empty());
}

#[test]
fn plain_variant_keeps_braces_literal() {
    let m = build_matcher("a {{b}}", false).unwrap();
    assert!(matches!(m, Matcher::Substring(_)));
    assert!(m.matches("x a {{b}} y"));
    assert!(!m.matches("a b"));
}

#[test]
fn malformed_regex_is_reported_at_the_comment() {
    let v = DiagnosticVerifier::new(&file(), "  // expected-error-re {{abc{{[}}\n", 0);
    let r = v.finish();
    assert_eq!(messages(&r), vec!["found start of regex with no end '}}'"]);
    assert_eq!(r[0].diagnostic.loc, Location::file(&file(), 1, 6));
    let v = DiagnosticVerifier::new(&file(), "// expected-error-re {{{{(}}}}\n", 0);
    assert!(messages(&v.finish())[0].starts_with("invalid regex: "));
}

#[test]
fn not_produced_report_renders_with_underline() {
    let text = "// expected-error @+1 {{bar}}\nreturn\n";
    let v = DiagnosticVerifier::new(&file(), text, 0);
    let r = v.finish();
    let mut map = SourceMap::default();
    map.add(&file(), &Arc::from(text));
    assert_eq!(
        r[0].render(&map),
        "t.mlir:1:4: error: expected error \"bar\" was not produced\n\
         // expected-error @+1 {{bar}}\n   ^~~\n"
    );
}

#[test]
fn unexpected_report_renders_with_caret() {
    let text = "x\n  foo\n";
    let mut v = DiagnosticVerifier::new(&file(), text, 0);
    v.check(&err(2, 3, "custom op 'foo' is unknown"));
    let mut map = SourceMap::default();
    map.add(&file(), &Arc::from(text));
    assert_eq!(
        v.finish()[0].render(&map),
        "t.mlir:2:3: error: unexpected error: custom op 'foo' is unknown\n  foo\n  ^\n"
    );
}
