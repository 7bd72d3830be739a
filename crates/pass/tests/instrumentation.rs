//! Instrumentation: IR dumps before/after passes (mlir-opt's layout and filters) and timing.

mod common;

use common::*;
use neuron_ir::printer::{module_to_string, PrintOptions};
use neuron_ir::Module;
use neuron_pass::{parse_pipeline, PassManager, PassManagerOptions, RunResult, TimingReport};
use std::time::Duration;

fn run_with(pipeline: &str, m: &mut Module, opts: PassManagerOptions) -> (RunResult, String) {
    let p = parse_pipeline(pipeline).unwrap_or_else(|d| panic!("{pipeline}: {d}"));
    let mut err = Vec::new();
    let r = PassManager::new(p, opts).run(m, &mut err);
    (r, String::from_utf8(err).expect("utf-8"))
}

/// The module `@f` after running `pipeline` on it (no instrumentation).
fn state_after(pipeline: &str) -> Module {
    let mut m = module_with(&["f"]);
    let opts = PassManagerOptions {
        verify_each: false,
        ..PassManagerOptions::default()
    };
    run_with(pipeline, &mut m, opts);
    m
}

/// One dump as mlir-opt lays it out: header, module, two blank lines.
fn dump(what: &str, m: &Module, generic: bool) -> String {
    let print = PrintOptions {
        generic,
        ..PrintOptions::default()
    };
    let text = module_to_string(m, &print);
    format!(
        "// -----// IR Dump {what} //----- //\n{}\n\n\n",
        text.trim_end_matches('\n')
    )
}

fn opts() -> PassManagerOptions {
    PassManagerOptions::default()
}

const TWO: &str = "test-module-tag{tag=a},func.func(test-noop)";

#[test]
fn print_after_all() {
    let mut m = module_with(&["f"]);
    let o = PassManagerOptions {
        print_after_all: true,
        ..opts()
    };
    let (r, err) = run_with(TWO, &mut m, o);
    assert!(!r.failed);
    let s1 = state_after("test-module-tag{tag=a}");
    let want = dump("After TestModuleTag (test-module-tag)", &s1, false)
        + &dump("After TestNoop (test-noop)", &s1, false);
    assert_eq!(err, want);
}

#[test]
fn print_before_all_and_selected_passes() {
    let m0 = module_with(&["f"]);
    let s1 = state_after("test-module-tag{tag=a}");
    let mut m = m0.clone();
    let o = PassManagerOptions {
        print_before_all: true,
        ..opts()
    };
    let (_, err) = run_with(TWO, &mut m, o);
    let want = dump("Before TestModuleTag (test-module-tag)", &m0, false)
        + &dump("Before TestNoop (test-noop)", &s1, false);
    assert_eq!(err, want);

    let mut m = m0.clone();
    let o = PassManagerOptions {
        print_before: vec!["test-noop".into()],
        print_after: vec!["test-module-tag".into()],
        ..opts()
    };
    let (_, err) = run_with(TWO, &mut m, o);
    let want = dump("After TestModuleTag (test-module-tag)", &s1, false)
        + &dump("Before TestNoop (test-noop)", &s1, false);
    assert_eq!(err, want);
}

#[test]
fn dumps_surround_the_pass_text_output() {
    let mut m = module_with(&["f"]);
    let o = PassManagerOptions {
        print_before_all: true,
        print_after_all: true,
        ..opts()
    };
    let (_, err) = run_with("func.func(test-report)", &mut m, o);
    let m0 = module_with(&["f"]);
    let want = dump("Before TestReport (test-report)", &m0, false)
        + "visited @f\n"
        + &dump("After TestReport (test-report)", &m0, false);
    assert_eq!(err, want);
}

#[test]
fn print_after_change_keeps_only_changing_passes() {
    let s1 = state_after("test-module-tag{tag=a}");
    let mut m = module_with(&["f"]);
    let o = PassManagerOptions {
        print_after_all: true,
        print_after_change: true,
        ..opts()
    };
    let (_, err) = run_with(TWO, &mut m, o);
    assert_eq!(
        err,
        dump("After TestModuleTag (test-module-tag)", &s1, false)
    );

    // As in mlir-opt, it only filters the after-dumps asked for.
    let mut m = module_with(&["f"]);
    let o = PassManagerOptions {
        print_after_change: true,
        ..opts()
    };
    let (_, err) = run_with(TWO, &mut m, o);
    assert_eq!(err, "");
}

#[test]
fn print_after_failure() {
    let s1 = state_after("test-module-tag{tag=a}");
    let failed = dump("After TestFail Failed (test-fail)", &s1, false);
    let pipeline = "test-module-tag{tag=a},test-fail";
    let only_failure = PassManagerOptions {
        print_after_failure: true,
        ..opts()
    };
    let (r, err) = run_with(pipeline, &mut module_with(&["f"]), only_failure);
    assert!(r.failed);
    assert_eq!(err, failed);

    let with_all = PassManagerOptions {
        print_after_all: true,
        print_after_failure: true,
        ..opts()
    };
    let (_, err) = run_with(pipeline, &mut module_with(&["f"]), with_all);
    assert_eq!(err, failed, "after-failure keeps only the failed pass");

    let all = PassManagerOptions {
        print_after_all: true,
        ..opts()
    };
    let (_, err) = run_with(pipeline, &mut module_with(&["f"]), all);
    assert_eq!(
        err,
        dump("After TestModuleTag (test-module-tag)", &s1, false) + &failed
    );
}

#[test]
fn verification_failure_dumps_as_failed_in_generic_form() {
    let broken = state_after("func.func(test-break)");
    let o = PassManagerOptions {
        print_after_failure: true,
        ..opts()
    };
    let (r, err) = run_with("func.func(test-break)", &mut module_with(&["f"]), o);
    assert!(r.failed);
    assert_eq!(
        err,
        dump("After TestBreak Failed (test-break)", &broken, true)
    );
}

#[test]
fn timing_report_of_a_run() {
    let o = PassManagerOptions {
        timing: true,
        ..opts()
    };
    let (r, err) = run_with(
        "test-module-tag,func.func(test-noop,test-func-tag)",
        &mut module_with(&["f", "g"]),
        o,
    );
    assert!(!r.failed);
    let lines: Vec<&str> = err.lines().collect();
    let rule = "===-------------------------------------------------------------------------===";
    assert_eq!(lines[0], rule);
    assert_eq!(
        lines[1],
        "                         ... Execution time report ..."
    );
    assert_eq!(lines[2], rule);
    assert!(lines[3].starts_with("  Total Execution Time: ") && lines[3].ends_with(" seconds"));
    assert_eq!(lines[4], "");
    assert_eq!(lines[5], "  ----Wall Time----  ----Name----");
    let names: Vec<&str> = lines[6..].iter().map(|l| &l[19..]).collect();
    assert_eq!(
        names,
        [
            "  TestModuleTag",
            "  'func.func' Pipeline",
            "    TestNoop",
            "    TestFuncTag",
            "  Rest",
            "  Total",
        ]
    );
    for l in &lines[6..] {
        let (secs, rest) = l.split_at(10);
        assert!(secs.trim().parse::<f64>().is_ok(), "{l}");
        assert!(
            rest.starts_with(" (") && rest[2..].trim_start().contains("%)"),
            "{l}"
        );
    }
    assert!(lines.last().unwrap().contains("(100.0%)  Total"));
}

#[test]
fn timing_report_layout_and_accumulation() {
    let mut t = TimingReport::new();
    t.add("Parser", Duration::from_millis(500));
    t.add_nested(&[("p0", "Canonicalizer")], Duration::from_millis(250));
    t.add_nested(
        &[("p1", "'func.func' Pipeline"), ("p1.0", "CSE")],
        Duration::from_millis(100),
    );
    t.add_nested(
        &[("p1", "'func.func' Pipeline"), ("p1.1", "CSE")],
        Duration::from_millis(25),
    );
    t.add("Output", Duration::from_millis(50));
    t.add("Parser", Duration::from_millis(500));
    let want = "\
===-------------------------------------------------------------------------===
                         ... Execution time report ...
===-------------------------------------------------------------------------===
  Total Execution Time: 2.0000 seconds

  ----Wall Time----  ----Name----
    1.0000 ( 50.0%)  Parser
    0.2500 ( 12.5%)  Canonicalizer
    0.1250 (  6.2%)  'func.func' Pipeline
    0.1000 (  5.0%)    CSE
    0.0250 (  1.2%)    CSE
    0.0500 (  2.5%)  Output
    0.5750 ( 28.7%)  Rest
    2.0000 (100.0%)  Total
";
    assert_eq!(t.render_with_total(Duration::from_secs(2)), want);
}

#[test]
fn run_with_timing_lets_the_driver_add_its_own_timers() {
    let p = parse_pipeline("test-module-tag,func.func(test-noop)").unwrap();
    let pm = PassManager::new(p, opts());
    let mut t = TimingReport::new();
    t.time("Parser", || ());
    let mut err = Vec::new();
    for _ in 0..2 {
        let r = pm.run_with_timing(&mut module_with(&["f"]), &mut err, &mut t);
        assert!(!r.failed);
    }
    t.add("Output", Duration::ZERO);
    assert!(err.is_empty(), "run_with_timing does not print the report");
    let names: Vec<&str> = t.entries().iter().map(|e| e.0).collect();
    assert_eq!(
        names,
        ["Parser", "TestModuleTag", "'func.func' Pipeline", "Output"],
        "runs of the same pipeline accumulate into one timer per pass"
    );
    let text = t.render();
    assert!(text.contains("  TestModuleTag\n") && text.contains("    TestNoop\n"));
}
