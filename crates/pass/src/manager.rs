//! The pass manager: runs a pipeline over a module (functions in parallel under
//! `func.func`), verifies after each pass, and provides mlir-opt's instrumentation:
//! IR dumps before/after passes and a timing report.

use crate::pipeline::{Anchor, PassInstance, Pipeline, PipelineElement};
use crate::timing::TimingReport;
use crate::{Changed, Pass, PassOutput};
use neuron_ir::printer::{print_module, PrintOptions};
use neuron_ir::verifier::{verify_module, VerifyOptions};
use neuron_ir::{Diagnostic, Func, Module};
use rayon::prelude::*;
use std::io::Write;
use std::time::Instant;

/// How the pass manager checks and reports on a run.
#[derive(Clone, Debug)]
pub struct PassManagerOptions {
    /// Verify the module after every pass (default true).
    pub verify_each: bool,
    /// Accept ops of unregistered dialects when verifying.
    pub allow_unregistered: bool,
    /// Dump the IR before the passes with these arguments.
    pub print_before: Vec<String>,
    /// Dump the IR after the passes with these arguments.
    pub print_after: Vec<String>,
    /// Dump the IR before every pass.
    pub print_before_all: bool,
    /// Dump the IR after every pass.
    pub print_after_all: bool,
    /// Of the after-dumps, keep only those of passes that changed the IR.
    pub print_after_change: bool,
    /// Dump the IR after a pass that failed (and, of the after-dumps, only those).
    pub print_after_failure: bool,
    /// Report the wall time of each pass on stderr.
    pub timing: bool,
    /// How dumped IR prints.
    pub print: PrintOptions,
}

impl Default for PassManagerOptions {
    fn default() -> Self {
        PassManagerOptions {
            verify_each: true,
            allow_unregistered: false,
            print_before: Vec::new(),
            print_after: Vec::new(),
            print_before_all: false,
            print_after_all: false,
            print_after_change: false,
            print_after_failure: false,
            timing: false,
            print: PrintOptions::default(),
        }
    }
}

impl PassManagerOptions {
    /// Checks that `print_before`/`print_after` name registered passes.
    pub fn validate(&self) -> Result<(), String> {
        let unknown = self
            .print_before
            .iter()
            .chain(&self.print_after)
            .find(|a| crate::lookup_pass(a).is_none());
        match unknown {
            Some(a) => Err(format!("'{a}' does not refer to a registered pass")),
            None => Ok(()),
        }
    }
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct RunResult {
    /// Every diagnostic emitted, in order: pass warnings and remarks, and the errors
    /// (of a pass, or of the verifier) that stopped the run.
    pub diagnostics: Vec<Diagnostic>,
    /// True if a pass or a verification failed (the run stopped there).
    pub failed: bool,
}

/// Runs a pipeline over modules.
pub struct PassManager {
    pipeline: Pipeline,
    opts: PassManagerOptions,
}

impl PassManager {
    /// A manager running `pipeline` with `opts`.
    pub fn new(pipeline: Pipeline, opts: PassManagerOptions) -> PassManager {
        PassManager { pipeline, opts }
    }

    /// The pipeline it runs.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Its options.
    pub fn options(&self) -> &PassManagerOptions {
        &self.opts
    }

    /// Runs every pass; IR dumps, pass text output and (if `timing`) the timing report
    /// go to `err`. Returns the diagnostics emitted and whether the run failed.
    pub fn run(&self, m: &mut Module, err: &mut dyn Write) -> RunResult {
        if !self.opts.timing {
            return self.execute(m, err, None);
        }
        let mut report = TimingReport::new();
        let r = self.execute(m, err, Some(&mut report));
        write_or_log(err, report.render().as_bytes());
        r
    }

    /// Like `run`, but adds one timer per pass to `timing` instead of printing a report,
    /// so the caller can add its own (`Parser`, `Output`) and print it at the end.
    pub fn run_with_timing(
        &self,
        m: &mut Module,
        err: &mut dyn Write,
        timing: &mut TimingReport,
    ) -> RunResult {
        self.execute(m, err, Some(timing))
    }

    fn execute(
        &self,
        m: &mut Module,
        err: &mut dyn Write,
        timing: Option<&mut TimingReport>,
    ) -> RunResult {
        let mut run = Run {
            opts: &self.opts,
            err,
            timing,
            diagnostics: Vec::new(),
        };
        let failed = run
            .elements(m, self.pipeline.elements(), &mut Vec::new(), Scope::Module)
            .is_err();
        RunResult {
            diagnostics: run.diagnostics,
            failed,
        }
    }
}

/// Writes to the error stream; a failure to write there cannot be reported anywhere else.
fn write_or_log(err: &mut dyn Write, bytes: &[u8]) {
    if let Err(e) = err.write_all(bytes) {
        tracing::warn!("cannot write to the error stream: {e}");
    }
}

/// Marker: a pass or a verification failed; the run stops.
struct Stop;

/// How a pass is applied.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// `run_on_module` once.
    Module,
    /// `run_on_function` on every function, in parallel.
    Functions,
    /// Per function for function passes, else on the module (`any`).
    Any,
}

/// What one pass did: per function run (or once for the module), its output and its error.
struct Outcome {
    changed: Changed,
    runs: Vec<(PassOutput, Option<Diagnostic>)>,
}

impl Outcome {
    fn failed(&self) -> bool {
        self.runs.iter().any(|(_, e)| e.is_some())
    }
}

/// The state of one run.
struct Run<'a> {
    opts: &'a PassManagerOptions,
    err: &'a mut dyn Write,
    timing: Option<&'a mut TimingReport>,
    diagnostics: Vec<Diagnostic>,
}

/// Timer path of an element: (unique key, display name) from the top level down.
type TimerPath = Vec<(String, String)>;

impl Run<'_> {
    fn elements(
        &mut self,
        m: &mut Module,
        elements: &[PipelineElement],
        path: &mut TimerPath,
        scope: Scope,
    ) -> Result<(), Stop> {
        for (i, e) in elements.iter().enumerate() {
            let key = match path.last() {
                Some((k, _)) => format!("{k}.{i}"),
                None => format!("pass#{i}"),
            };
            match e {
                PipelineElement::Pass(p) => {
                    path.push((key, p.name().to_string()));
                    let r = self.pass(m, p, path, scope);
                    path.pop();
                    r?
                }
                PipelineElement::Nest(anchor, inner) => {
                    path.push((key, format!("'{}' Pipeline", anchor.name())));
                    let inner_scope = match anchor {
                        Anchor::Func => Scope::Functions,
                        Anchor::Any => Scope::Any,
                        Anchor::Module => Scope::Module,
                    };
                    let r = self.elements(m, inner, path, inner_scope);
                    path.pop();
                    r?
                }
            }
        }
        Ok(())
    }

    /// Runs one pass with its instrumentation: dumps, text output, verification, timing.
    fn pass(
        &mut self,
        m: &mut Module,
        p: &PassInstance,
        path: &TimerPath,
        scope: Scope,
    ) -> Result<(), Stop> {
        let _span = tracing::debug_span!("pass", name = p.argument()).entered();
        if self.opts.print_before_all || self.opts.print_before.iter().any(|a| a == p.argument()) {
            self.dump(m, &format!("Before {} ({})", p.name(), p.argument()));
        }
        let t0 = Instant::now();
        let per_function = match scope {
            Scope::Module => false,
            Scope::Functions => true,
            Scope::Any => p.pass().is_function_pass(),
        };
        let outcome = if per_function {
            run_on_functions(p.pass(), &mut m.funcs)
        } else {
            run_on_module(p.pass(), m)
        };
        let mut failed = outcome.failed();
        let mut verify_errors = Vec::new();
        if !failed && self.opts.verify_each {
            verify_errors = verify_module(m, self.verify_options());
            failed = !verify_errors.is_empty();
        }
        self.record_time(path, t0);
        for (out, error) in outcome.runs {
            write_or_log(self.err, out.text.as_bytes());
            self.diagnostics.extend(out.diagnostics);
            self.diagnostics.extend(error);
        }
        self.diagnostics.extend(verify_errors);
        self.dump_after(m, p, failed, outcome.changed);
        if failed {
            Err(Stop)
        } else {
            Ok(())
        }
    }

    fn verify_options(&self) -> VerifyOptions {
        VerifyOptions {
            allow_unregistered: self.opts.allow_unregistered,
        }
    }

    fn record_time(&mut self, path: &TimerPath, t0: Instant) {
        if let Some(t) = self.timing.as_deref_mut() {
            let path: Vec<(&str, &str)> =
                path.iter().map(|(k, n)| (k.as_str(), n.as_str())).collect();
            t.add_nested(&path, t0.elapsed());
        }
    }

    /// The after-dump, mlir-opt's way: `-after-failure` keeps only failed passes,
    /// `-after-change` only passes that changed the IR.
    fn dump_after(&mut self, m: &Module, p: &PassInstance, failed: bool, changed: Changed) {
        let o = self.opts;
        let selected = o.print_after_all || o.print_after.iter().any(|a| a == p.argument());
        let print = if failed {
            selected || o.print_after_failure
        } else {
            selected && !o.print_after_failure && (!o.print_after_change || changed.changed())
        };
        if print {
            let suffix = if failed { " Failed" } else { "" };
            self.dump(m, &format!("After {}{suffix} ({})", p.name(), p.argument()));
        }
    }

    /// `// -----// IR Dump {what} //----- //`, the module, two blank lines (as mlir-opt).
    /// A module that does not verify prints in the generic form.
    fn dump(&mut self, m: &Module, what: &str) {
        let mut print = self.opts.print.clone();
        if !verify_module(m, self.verify_options()).is_empty() {
            print.generic = true;
        }
        let mut buf = format!("// -----// IR Dump {what} //----- //\n").into_bytes();
        let at = buf.len();
        if let Err(e) = print_module(m, &print, &mut buf) {
            tracing::warn!("cannot print the IR: {e}");
        }
        while buf.len() > at && buf.last() == Some(&b'\n') {
            buf.pop();
        }
        buf.extend_from_slice(b"\n\n\n");
        write_or_log(self.err, &buf);
    }
}

/// `run_on_module` once.
fn run_on_module(pass: &dyn Pass, m: &mut Module) -> Outcome {
    let mut out = PassOutput::default();
    let r = pass.run_on_module(m, &mut out);
    collect(vec![(r, out)])
}

/// `run_on_function` on every function, in parallel when there are several; the outcome
/// lists outputs and errors in function order whatever the scheduling.
fn run_on_functions(pass: &dyn Pass, funcs: &mut [Func]) -> Outcome {
    let one = |f: &mut Func| {
        let mut out = PassOutput::default();
        let r = pass.run_on_function(f, &mut out);
        (r, out)
    };
    let results: Vec<_> = if funcs.len() > 1 {
        funcs.par_iter_mut().map(one).collect()
    } else {
        funcs.iter_mut().map(one).collect()
    };
    collect(results)
}

/// Gathers results in order; a failed run counts as a change (the IR may be half done).
fn collect(results: Vec<(Result<Changed, Diagnostic>, PassOutput)>) -> Outcome {
    let mut changed = Changed::No;
    let runs = results
        .into_iter()
        .map(|(r, out)| match r {
            Ok(c) => {
                changed = changed.or(c);
                (out, None)
            }
            Err(d) => {
                changed = Changed::Yes;
                (out, Some(d))
            }
        })
        .collect();
    Outcome { changed, runs }
}
