//! Pipeline parse errors: each message and the column it points at.

mod common;

use neuron_ir::{Diagnostic, Location, Severity, SourceMap};
use neuron_pass::{parse_pipeline, PIPELINE_SOURCE_NAME};
use std::sync::Arc;

fn parse_err(text: &str) -> Diagnostic {
    match parse_pipeline(text) {
        Ok(p) => panic!("{text}: parsed as {p:?}"),
        Err(d) => d,
    }
}

fn at(line: u32, col: u32) -> Location {
    Location::File {
        file: Arc::from(PIPELINE_SOURCE_NAME),
        line,
        col,
    }
}

/// Asserts the error of `text`: column (line 1), message, no notes.
fn check(text: &str, col: u32, msg: &str) {
    let d = parse_err(text);
    assert_eq!(d.severity, Severity::Error, "{text}");
    assert_eq!(
        (d.loc.clone(), d.message.as_str()),
        (at(1, col), msg),
        "{text}"
    );
    assert!(d.notes.is_empty(), "{text}: unexpected notes {:?}", d.notes);
}

/// Asserts the error of `text` and its single `did you mean` note at the same place.
fn check_with_note(text: &str, col: u32, msg: &str, note: &str) {
    let d = parse_err(text);
    assert_eq!(
        (d.loc.clone(), d.message.as_str()),
        (at(1, col), msg),
        "{text}"
    );
    assert_eq!(d.notes.len(), 1, "{text}");
    assert_eq!(d.notes[0].severity, Severity::Note);
    assert_eq!(
        (d.notes[0].loc.clone(), d.notes[0].message.as_str()),
        (at(1, col), note)
    );
}

#[test]
fn unknown_pass() {
    check(
        "builtin.module(nope)",
        16,
        "'nope' does not refer to a registered pass or pass pipeline",
    );
    check_with_note(
        "test-noop,test-nop",
        11,
        "'test-nop' does not refer to a registered pass or pass pipeline",
        "did you mean 'test-noop'?",
    );
    check_with_note(
        "func.func(test-alais)",
        11,
        "'test-alais' does not refer to a registered pass or pass pipeline",
        "did you mean 'test-alias'?",
    );
}

#[test]
fn bad_options() {
    check_with_note(
        "test-options{levle=1}",
        14,
        "no such option 'levle' for pass 'test-options'",
        "did you mean 'level'?",
    );
    check(
        "test-options{zzz}",
        14,
        "no such option 'zzz' for pass 'test-options'",
    );
    check(
        "test-options{flag level=abc}",
        25,
        "invalid value for option 'level': expected an integer, found 'abc'",
    );
    check(
        "test-options{mode=medium}",
        19,
        "invalid value for option 'mode': expected one of 'fast', 'slow', found 'medium'",
    );
    check(
        "test-options{flag=maybe}",
        19,
        "invalid value for option 'flag': expected 'true' or 'false', found 'maybe'",
    );
    check(
        "test-options{level}",
        14,
        "invalid value for option 'level': expected an integer, found ''",
    );
    check("test-options{=1}", 14, "expected an option name, found '='");
    check(
        "test-alias{x=1}",
        11,
        "pass pipeline 'test-alias' does not take options",
    );
}

#[test]
fn constructor_rejects_combination() {
    check(
        "test-noop,test-options{level=-1}",
        11,
        "invalid options for pass 'test-options': 'level' must not be negative",
    );
}

#[test]
fn unbalanced_brackets() {
    check(
        "builtin.module(test-noop",
        15,
        "missing closing ')' of this pipeline",
    );
    check(
        "builtin.module(func.func(test-noop)",
        15,
        "missing closing ')' of this pipeline",
    );
    check(
        "builtin.module(test-noop))",
        26,
        "encountered extra closing ')' creating unbalanced parentheses while parsing pipeline",
    );
    check(
        "test-options{level=1",
        13,
        "missing closing '}' while processing pass options",
    );
    check(
        "test-options{label={a b}",
        13,
        "missing closing '}' while processing pass options",
    );
    check(
        "test-options{label={a b",
        20,
        "missing closing '}' of this option value",
    );
    check(
        "test-options{label=\"abc}",
        20,
        "missing closing '\"' of this option value",
    );
}

#[test]
fn empty_elements_and_garbage() {
    check(
        "test-noop,,test-noop",
        11,
        "expected a pass name or a nested pipeline, found ','",
    );
    check(
        "test-noop,",
        11,
        "expected a pass name or a nested pipeline, found end of pipeline",
    );
    check(
        "func.func()",
        11,
        "expected a pass name or a nested pipeline, found ')'",
    );
    check(
        "%",
        1,
        "expected a pass name or a nested pipeline, found '%'",
    );
    check(
        "test-noop test-noop",
        11,
        "expected ',' or end of pipeline, found 't'",
    );
    check(
        "builtin.module(test-noop) x",
        27,
        "expected ',' or end of pipeline, found 'x'",
    );
    check(
        "builtin.module(test-noop test-noop)",
        26,
        "expected ',' or ')', found 't'",
    );
}

#[test]
fn anchors_and_nesting() {
    check(
        "foo.bar(test-noop)",
        1,
        "'foo.bar' is not a known pipeline anchor; expected 'builtin.module', 'func.func' or 'any'",
    );
    check(
        "func.func(test-noop,test-module-tag)",
        21,
        "'test-module-tag' is a module pass and cannot be nested under 'func.func'",
    );
    check(
        "func.func(func.func(test-noop))",
        11,
        "a 'func.func' pipeline cannot be nested inside a 'func.func' pipeline",
    );
    check(
        "builtin.module(builtin.module(test-noop))",
        16,
        "a 'builtin.module' pipeline cannot be nested inside a 'builtin.module' pipeline",
    );
    check(
        "builtin.module(any(func.func(test-noop)))",
        20,
        "a 'func.func' pipeline cannot be nested inside a 'any' pipeline",
    );
}

#[test]
fn errors_inside_registered_pipelines_point_at_their_use() {
    check(
        "test-noop, test-alias-bad",
        12,
        "in pass pipeline 'test-alias-bad': 'nope' does not refer to a registered pass or pass pipeline",
    );
    check(
        "test-noop,test-cycle-a",
        11,
        "in pass pipeline 'test-cycle-b': pass pipeline 'test-cycle-a' is defined recursively (test-cycle-a -> test-cycle-b -> test-cycle-a)",
    );
    check(
        "func.func(test-alias-anchored)",
        11,
        "in pass pipeline 'test-alias-anchored': a 'builtin.module' pipeline cannot be nested inside a 'func.func' pipeline",
    );
}

#[test]
fn multi_line_text_locations() {
    let d = parse_err("builtin.module(\n  test-noop,\n  nope\n)");
    assert_eq!(d.loc, at(3, 3));
}

#[test]
fn renders_with_the_pipeline_text_and_a_caret() {
    let text = "builtin.module(test-noop,test-nop)";
    let d = parse_err(text);
    let mut sm = SourceMap::default();
    sm.add(&Arc::from(PIPELINE_SOURCE_NAME), &Arc::from(text));
    let want = "\
<pass-pipeline>:1:26: error: 'test-nop' does not refer to a registered pass or pass pipeline
builtin.module(test-noop,test-nop)
                         ^
<pass-pipeline>:1:26: note: did you mean 'test-noop'?
builtin.module(test-noop,test-nop)
                         ^
";
    assert_eq!(sm.render(&d), want);
}
