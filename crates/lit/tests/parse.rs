//! RUN-line extraction, continuation, the shell subset's parser, and substitutions.

use std::path::{Path, PathBuf};

use neuron_lit::{
    parse_pipeline, parse_run_lines, Command, Redirect, RunLine, ScriptError, Substitutions,
};

/// The argv of every stage of `text`.
fn argvs(text: &str) -> Vec<Vec<String>> {
    let pipeline = parse_pipeline(text).unwrap();
    pipeline.commands.into_iter().map(|c| c.argv).collect()
}

/// The single command of `text`.
fn single(text: &str) -> Command {
    let mut pipeline = parse_pipeline(text).unwrap();
    assert_eq!(pipeline.commands.len(), 1, "{text}");
    pipeline.commands.remove(0)
}

#[test]
fn run_lines_are_numbered_in_order_with_their_source_line() {
    let src =
        "// RUN: neuron-opt %s\nfunc.func @f()\n  // RUN:   not neuron-opt %s  \n//RUN: cat %t\n";
    let runs = parse_run_lines(src).unwrap();
    let expect = vec![
        RunLine {
            index: 1,
            line: 1,
            text: "neuron-opt %s".into(),
        },
        RunLine {
            index: 2,
            line: 3,
            text: "not neuron-opt %s".into(),
        },
        RunLine {
            index: 3,
            line: 4,
            text: "cat %t".into(),
        },
    ];
    assert_eq!(runs, expect);
}

#[test]
fn other_comments_and_check_lines_are_not_run_lines() {
    let src = "// CHECK: RUN: x\n// COM: RUN: y\n// RUN: echo ok\n# RUN: nope\n";
    let runs = parse_run_lines(src).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].text, "echo ok");
}

#[test]
fn continuation_joins_the_next_run_line_without_the_backslash() {
    let src = "// RUN: neuron-opt %s \\\n// RUN:   --pass-pipeline='cse' \\\n// RUN: | FileCheck %s\n// RUN: echo two\n";
    let runs = parse_run_lines(src).unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].line, 1);
    assert_eq!(
        runs[0].text,
        "neuron-opt %s    --pass-pipeline='cse'  | FileCheck %s"
    );
    assert_eq!(
        runs[1],
        RunLine {
            index: 2,
            line: 4,
            text: "echo two".into()
        }
    );
}

#[test]
fn continuation_into_a_non_run_line_is_an_error() {
    let err = parse_run_lines("// RUN: echo a \\\nfunc.func @f()\n").unwrap_err();
    assert_eq!(err, ScriptError::DanglingContinuation { line: 1, next: 2 });
    let err = parse_run_lines("// RUN: echo a\n// RUN: echo b \\").unwrap_err();
    assert_eq!(err, ScriptError::DanglingContinuation { line: 2, next: 3 });
    assert!(err.to_string().contains("line 2"), "{err}");
}

#[test]
fn empty_run_lines_and_files_without_run_lines_are_errors() {
    assert_eq!(
        parse_run_lines("// RUN:   \n").unwrap_err(),
        ScriptError::Empty { line: 1 }
    );
    assert_eq!(
        parse_run_lines("func.func @f()\n").unwrap_err(),
        ScriptError::NoRunLines
    );
}

#[test]
fn words_split_on_blanks_and_quotes_are_removed() {
    assert_eq!(
        argvs("neuron-opt  %s\t--pass-pipeline='builtin.module(cse, dce)' \"a b\" c\\ d"),
        vec![vec![
            "neuron-opt",
            "%s",
            "--pass-pipeline=builtin.module(cse, dce)",
            "a b",
            "c d"
        ]]
    );
}

#[test]
fn quoting_follows_posix_rules() {
    assert_eq!(
        argvs(r#"echo 'it''s' "say \"hi\" \\ \q" 'a"b' "c'd""#)[0],
        ["echo", "its", r#"say "hi" \ \q"#, "a\"b", "c'd"]
    );
    assert_eq!(argvs("echo ''")[0], ["echo", ""]);
    assert_eq!(
        argvs("echo 'a|b' \"<x>\" 2\\>1")[0],
        ["echo", "a|b", "<x>", "2>1"]
    );
    assert_eq!(
        argvs("echo '$HOME' \"$\" a$")[0],
        ["echo", "$HOME", "$", "a$"]
    );
}

#[test]
fn pipes_split_commands() {
    let stages = argvs("neuron-opt %s|neuron-opt | FileCheck %s --check-prefix=A");
    assert_eq!(stages.len(), 3);
    assert_eq!(stages[0], ["neuron-opt", "%s"]);
    assert_eq!(stages[1], ["neuron-opt"]);
    assert_eq!(stages[2], ["FileCheck", "%s", "--check-prefix=A"]);
}

#[test]
fn leading_not_negates_and_is_repeatable() {
    let cmd = single("not neuron-opt %s");
    assert_eq!(
        (cmd.negations, cmd.argv),
        (1, vec!["neuron-opt".into(), "%s".into()])
    );
    assert_eq!(single("not not false").negations, 2);
    // Only a leading, unquoted `not` is the operator.
    assert_eq!(single("echo not").negations, 0);
    assert_eq!(single("'not' x").argv, ["not", "x"]);
    let pipeline = parse_pipeline("not a | not b").unwrap();
    assert!(pipeline.commands.iter().all(|c| c.negations == 1));
}

#[test]
fn redirections_are_kept_in_order() {
    let cmd = single("neuron-opt < %s > %t 2>&1");
    assert_eq!(cmd.argv, ["neuron-opt"]);
    assert_eq!(
        cmd.redirects,
        vec![
            Redirect::StdinFrom("%s".into()),
            Redirect::StdoutTo {
                path: "%t".into(),
                append: false
            },
            Redirect::StderrToStdout,
        ]
    );
    let cmd = single("a 2>%t.err >>%t 1>&2 2>> x 1> y");
    assert_eq!(
        cmd.redirects,
        vec![
            Redirect::StderrTo {
                path: "%t.err".into(),
                append: false
            },
            Redirect::StdoutTo {
                path: "%t".into(),
                append: true
            },
            Redirect::StdoutToStderr,
            Redirect::StderrTo {
                path: "x".into(),
                append: true
            },
            Redirect::StdoutTo {
                path: "y".into(),
                append: false
            },
        ]
    );
}

#[test]
fn a_digit_inside_a_word_is_not_a_descriptor() {
    let cmd = single("echo a2>f");
    assert_eq!(cmd.argv, ["echo", "a2"]);
    assert_eq!(
        cmd.redirects,
        vec![Redirect::StdoutTo {
            path: "f".into(),
            append: false
        }]
    );
    assert_eq!(single("echo 2 >f").argv, ["echo", "2"]);
}

#[test]
fn unsupported_shell_syntax_is_rejected_with_its_column() {
    let cases = [
        ("a && b", 3, "`&`"),
        ("a || b", 3, "`||`"),
        ("a ; b", 3, "`;`"),
        ("a &", 3, "`&`"),
        ("echo $HOME", 6, "`$`"),
        ("echo \"${X}\"", 7, "`$`"),
        ("echo $(ls)", 6, "`$`"),
        ("echo `ls`", 6, "backquotes"),
        ("(a)", 1, "subshells"),
        ("cat <<EOF", 5, "here-documents"),
        ("a 3> f", 3, "descriptors"),
        ("a 2>&3", 3, "duplications"),
        ("a >| f", 3, "`>|`"),
        ("echo 'open", 6, "unterminated single quote"),
        ("echo \"open", 6, "unterminated double quote"),
        ("echo x\\", 7, "trailing backslash"),
        ("a >", 3, "without a file name"),
        ("a > | b", 3, "without a file name"),
        ("| b", 1, "missing command"),
        ("a |", 4, "missing command"),
        ("not", 1, "missing command"),
        ("a | not | b", 5, "missing command"),
    ];
    for (text, column, needle) in cases {
        let err = parse_pipeline(text).expect_err(text);
        assert_eq!(err.column, column, "{text}: {err}");
        assert!(err.message.contains(needle), "{text}: {err}");
    }
}

#[test]
fn display_requotes_so_the_command_can_be_pasted() {
    let pipeline =
        parse_pipeline("not opt 'a b' \"it's\" '' x=1 < in | FileCheck %s 2>&1 >> o").unwrap();
    let shown = pipeline.to_string();
    assert_eq!(
        shown,
        r#"not opt 'a b' 'it'\''s' '' x=1 < in | FileCheck %s 2>&1 >> o"#
    );
    assert_eq!(parse_pipeline(&shown).unwrap(), pipeline);
}

#[test]
fn ends_in_filecheck_looks_at_the_last_stage() {
    assert!(parse_pipeline("neuron-opt %s | FileCheck %s")
        .unwrap()
        .ends_in_filecheck());
    assert!(!parse_pipeline("FileCheck %s | cat")
        .unwrap()
        .ends_in_filecheck());
    assert!(!parse_pipeline("neuron-opt %s").unwrap().ends_in_filecheck());
}

/// Substitutions of a test at /r/lit-tests/d/x.mlir.
fn subst() -> Substitutions {
    Substitutions::new(
        Path::new("/r/lit-tests/d/x.mlir"),
        PathBuf::from("/tmp/q/x.tmp"),
    )
}

#[test]
fn substitutions_replace_percent_sequences() {
    let s = subst();
    assert_eq!(s.apply("%s"), "/r/lit-tests/d/x.mlir");
    assert_eq!(
        s.apply("%S/../errors/y.mlir"),
        "/r/lit-tests/d/../errors/y.mlir"
    );
    assert_eq!(s.apply("-o=%t.2"), "-o=/tmp/q/x.tmp.2");
    assert_eq!(s.apply("100%% %x %"), "100% %x %");
    assert_eq!(s.apply("%%s"), "%s");
}

#[test]
fn substitution_applies_to_words_and_redirect_targets_after_quote_removal() {
    let pipeline = parse_pipeline("neuron-opt '%s' < %S/in > \"%t\"").unwrap();
    let s = subst();
    let done = pipeline.map_words(|w| s.apply(w));
    let cmd = &done.commands[0];
    assert_eq!(cmd.argv, ["neuron-opt", "/r/lit-tests/d/x.mlir"]);
    assert_eq!(
        cmd.redirects,
        vec![
            Redirect::StdinFrom("/r/lit-tests/d/in".into()),
            Redirect::StdoutTo {
                path: "/tmp/q/x.tmp".into(),
                append: false
            },
        ]
    );
}
