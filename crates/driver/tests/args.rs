//! Tests of the command-line pre-scan: pass flags, single-dash long flags, flag values.

use neuron_driver::args::{prescan, FlagTable};
use neuron_driver::PassFlag;
use std::collections::BTreeSet;
use std::ffi::OsString;

fn table() -> FlagTable {
    let mut t = FlagTable::default();
    for (name, takes) in [
        ("pass-pipeline", true),
        ("split-input-file", false),
        ("verify-each", false),
        ("mlir-print-ir-after", true),
    ] {
        t.long.insert(name.to_string(), takes);
    }
    t.short_with_value.insert('o');
    t
}

fn passes() -> BTreeSet<String> {
    ["cse", "canonicalize", "split-input-file"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn scan(args: &[&str]) -> (Vec<String>, Vec<PassFlag>) {
    let r = prescan(args.iter().map(OsString::from), &table(), &passes());
    let args = r
        .args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    (args, r.pass_flags)
}

fn flag(name: &str, options: Option<&str>) -> PassFlag {
    PassFlag {
        name: name.to_string(),
        options: options.map(str::to_string),
    }
}

#[test]
fn pass_flags_are_pulled_out_in_order() {
    let (args, flags) = scan(&[
        "neuron-opt",
        "in.mlir",
        "--cse",
        "--canonicalize=max-iterations=3 top-down=false",
        "-cse",
    ]);
    assert_eq!(args, vec!["neuron-opt", "in.mlir"]);
    assert_eq!(
        flags,
        vec![
            flag("cse", None),
            flag("canonicalize", Some("max-iterations=3 top-down=false")),
            flag("cse", None)
        ]
    );
}

#[test]
fn single_dash_long_driver_flags_are_normalized() {
    let (args, _) = scan(&[
        "neuron-opt",
        "-split-input-file",
        "-verify-each=false",
        "-o",
        "x",
    ]);
    assert_eq!(
        args,
        vec![
            "neuron-opt",
            "--split-input-file",
            "--verify-each=false",
            "-o",
            "x"
        ]
    );
}

#[test]
fn driver_flags_win_over_pass_names() {
    let (args, flags) = scan(&["neuron-opt", "--split-input-file"]);
    assert_eq!(args, vec!["neuron-opt", "--split-input-file"]);
    assert!(flags.is_empty());
}

#[test]
fn flag_values_are_not_scanned() {
    let (args, flags) = scan(&[
        "neuron-opt",
        "--pass-pipeline",
        "--cse",
        "-o",
        "--canonicalize",
        "--mlir-print-ir-after",
        "cse",
    ]);
    assert_eq!(
        args,
        vec![
            "neuron-opt",
            "--pass-pipeline",
            "--cse",
            "-o",
            "--canonicalize",
            "--mlir-print-ir-after",
            "cse"
        ]
    );
    assert!(flags.is_empty());
}

#[test]
fn everything_after_double_dash_is_positional() {
    let (args, flags) = scan(&["neuron-opt", "--", "--cse"]);
    assert_eq!(args, vec!["neuron-opt", "--", "--cse"]);
    assert!(flags.is_empty());
}

#[test]
fn unknown_and_short_args_pass_through() {
    let (args, flags) = scan(&["neuron-opt", "-", "-ofile", "--bogus", "-x", "-nope"]);
    assert_eq!(
        args,
        vec!["neuron-opt", "-", "-ofile", "--bogus", "-x", "-nope"]
    );
    assert!(flags.is_empty());
}

#[test]
fn pass_flag_pipeline_elements() {
    assert_eq!(flag("cse", None).to_pipeline_element(), "cse");
    assert_eq!(flag("cse", Some("")).to_pipeline_element(), "cse");
    assert_eq!(
        flag("canonicalize", Some("a=1 b=2")).to_pipeline_element(),
        "canonicalize{a=1 b=2}"
    );
}
