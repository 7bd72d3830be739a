//! Pass manager: order, nesting, failures, verify-each, parallel determinism.

mod common;

use common::*;
use neuron_ir::{Location, Module, OpKind, OpSpec, Severity};
use neuron_pass::{parse_pipeline, PassManager, PassManagerOptions, RunResult};

/// Runs `pipeline` over `m`; returns the result and what went to stderr.
fn run_with(pipeline: &str, m: &mut Module, opts: PassManagerOptions) -> (RunResult, String) {
    let p = parse_pipeline(pipeline).unwrap_or_else(|d| panic!("{pipeline}: {d}"));
    let mut err = Vec::new();
    let r = PassManager::new(p, opts).run(m, &mut err);
    (r, String::from_utf8(err).expect("utf-8"))
}

fn run(pipeline: &str, m: &mut Module) -> (RunResult, String) {
    run_with(pipeline, m, PassManagerOptions::default())
}

fn messages(r: &RunResult) -> Vec<(Severity, String)> {
    r.diagnostics
        .iter()
        .map(|d| (d.severity, d.message.clone()))
        .collect()
}

#[test]
fn default_options() {
    let o = PassManagerOptions::default();
    assert!(o.verify_each);
    assert!(!o.allow_unregistered && !o.timing && !o.print_after_all);
    assert!(o.validate().is_ok());
    let bad = PassManagerOptions {
        print_after: vec!["test-noop".into(), "nope".into()],
        ..PassManagerOptions::default()
    };
    assert_eq!(
        bad.validate(),
        Err("'nope' does not refer to a registered pass".to_string())
    );
}

#[test]
fn passes_run_in_order_at_their_anchor() {
    let mut m = module_with(&["f", "g"]);
    let (r, err) = run(
        "test-module-tag{tag=a},func.func(test-func-tag{name=b},test-func-tag{name=c}),\
         test-module-tag{tag=d}",
        &mut m,
    );
    assert!(!r.failed, "{:?}", r.diagnostics);
    assert!(r.diagnostics.is_empty() && err.is_empty());
    assert_eq!(module_attr_names(&m), ["a", "d"]);
    for f in &m.funcs {
        assert_eq!(func_attr_names(f), ["b", "c"]);
    }
}

#[test]
fn any_runs_function_passes_per_function_and_module_passes_once() {
    let mut m = module_with(&["f", "g", "h"]);
    let (r, _) = run(
        "builtin.module(any(test-func-tag{name=x},test-module-tag{tag=y}))",
        &mut m,
    );
    assert!(!r.failed);
    assert_eq!(module_attr_names(&m), ["y"]);
    assert!(m.funcs.iter().all(|f| func_attr_names(f) == ["x"]));
}

#[test]
fn function_pass_at_module_level_visits_every_function() {
    let mut m = module_with(&["f", "g"]);
    let (r, _) = run("test-func-tag", &mut m);
    assert!(!r.failed);
    assert!(m.funcs.iter().all(|f| func_attr_names(f) == ["visited"]));
}

#[test]
fn empty_module_and_empty_pipeline() {
    let mut m = Module::default();
    let (r, err) = run("func.func(test-func-tag),test-module-tag", &mut m);
    assert!(!r.failed && err.is_empty());
    assert_eq!(module_attr_names(&m), ["t"]);
    let mut m = module_with(&["f"]);
    let (r, err) = run("", &mut m);
    assert!(!r.failed && err.is_empty() && r.diagnostics.is_empty());
}

#[test]
fn failing_pass_stops_the_run() {
    let mut m = module_with(&["f"]);
    let (r, _) = run(
        "test-module-tag{tag=a},test-fail,test-module-tag{tag=b}",
        &mut m,
    );
    assert!(r.failed);
    assert_eq!(
        messages(&r),
        [(Severity::Error, "test-fail failed".to_string())]
    );
    assert_eq!(module_attr_names(&m), ["a"]);
}

#[test]
fn per_function_failures_and_warnings_come_in_function_order() {
    let mut m = module_with(&["f0", "bad1", "f2", "bad3"]);
    let (r, _) = run("func.func(test-fail-bad),test-module-tag", &mut m);
    assert!(r.failed);
    assert_eq!(
        messages(&r),
        [
            (Severity::Warning, "looked at @f0".to_string()),
            (Severity::Error, "cannot handle @bad1".to_string()),
            (Severity::Warning, "looked at @f2".to_string()),
            (Severity::Error, "cannot handle @bad3".to_string()),
        ]
    );
    assert!(
        module_attr_names(&m).is_empty(),
        "stopped before the next pass"
    );
}

#[test]
fn verify_each_catches_a_pass_that_breaks_the_ir() {
    let mut m = module_with(&["f"]);
    let (r, _) = run("func.func(test-break),test-module-tag", &mut m);
    assert!(r.failed);
    assert_eq!(
        messages(&r),
        [(
            Severity::Error,
            "function @f must end with a terminator such as 'func.return'".to_string()
        )]
    );
    assert!(module_attr_names(&m).is_empty());

    let mut m = module_with(&["f"]);
    let no_verify = PassManagerOptions {
        verify_each: false,
        ..PassManagerOptions::default()
    };
    let (r, _) = run_with("func.func(test-break),test-module-tag", &mut m, no_verify);
    assert!(!r.failed && r.diagnostics.is_empty());
    assert_eq!(module_attr_names(&m), ["t"]);
}

#[test]
fn verification_honours_allow_unregistered() {
    let with_foreign_op = || {
        let mut m = module_with(&["f"]);
        let body = &mut m.funcs[0].body;
        let ret = body.last_op().expect("terminator");
        let spec = OpSpec {
            kind: OpKind::from_name("foreign.op"),
            operands: vec![],
            result_types: vec![],
            attrs: vec![],
            loc: Location::Unknown,
        };
        body.insert_before(ret, spec);
        m
    };
    let mut m = with_foreign_op();
    let (r, _) = run("test-noop", &mut m);
    assert!(r.failed);
    assert!(r.diagnostics[0]
        .message
        .contains("unregistered dialect ('foreign')"));
    let mut m = with_foreign_op();
    let allow = PassManagerOptions {
        allow_unregistered: true,
        ..PassManagerOptions::default()
    };
    let (r, _) = run_with("test-noop", &mut m, allow);
    assert!(!r.failed, "{:?}", r.diagnostics);
}

#[test]
fn pass_text_goes_to_err_and_remarks_are_returned() {
    let mut m = module_with(&["a", "b", "c"]);
    let (r, err) = run("func.func(test-report)", &mut m);
    assert!(!r.failed);
    assert_eq!(err, "visited @a\nvisited @b\nvisited @c\n");
    assert_eq!(
        messages(&r),
        ["a", "b", "c"].map(|n| (Severity::Remark, format!("report @{n}")))
    );
}

#[test]
fn parallel_function_runs_are_deterministic() {
    let n = 96;
    let want_text: String = (0..n).map(|i| format!("visited @f{i}\n")).collect();
    let want_diags: Vec<_> = (0..n)
        .map(|i| (Severity::Remark, format!("report @f{i}")))
        .collect();
    for _ in 0..10 {
        let mut m = numbered_module(n);
        let (r, err) = run(
            "func.func(test-report,test-func-tag{name=p}),any(test-report)",
            &mut m,
        );
        assert!(!r.failed);
        assert_eq!(err, format!("{want_text}{want_text}"));
        let got = messages(&r);
        assert_eq!(got[..n], want_diags[..]);
        assert_eq!(got[n..], want_diags[..]);
        assert!(m.funcs.iter().all(|f| func_attr_names(f) == ["p"]));
        let names: Vec<String> = m.funcs.iter().map(|f| f.name.to_string()).collect();
        let want: Vec<String> = (0..n).map(|i| format!("f{i}")).collect();
        assert_eq!(names, want, "function order is kept");
    }
}

#[test]
fn functions_run_on_several_threads() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut m = numbered_module(32);
    let (r, _) = run("func.func(test-thread)", &mut m);
    assert!(!r.failed);
    let mut seen = THREADS.lock().expect("lock").clone();
    assert_eq!(seen.len(), 32, "one run per function");
    seen.sort_by_key(|t| format!("{t:?}"));
    seen.dedup();
    if cores > 1 && std::env::var_os("RAYON_NUM_THREADS").is_none() {
        assert!(seen.len() > 1, "expected a parallel run, saw {seen:?}");
    }
}
