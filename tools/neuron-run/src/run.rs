//! One run of neuron-run: read, parse and verify the model, choose the entry function, build the
//! inputs, then either interpret it in the FP32 reference interpreter, or (hardware flags) lower
//! it to `nhw`, interpret that, compare and cost it; write the outputs as `.npy` and print their
//! summaries or the report.

use crate::error::RunError;
use crate::evaluate::{
    compare_outputs, compile, cost, execute, reference, HardwareError, HardwareReport,
};
use crate::hardware::{HardwareFlags, Plan};
use crate::inputs::{argument_names, bind, load_inputs, result_names, InputSpec, RandomFill};
use crate::npy::write_npy;
use crate::report::{render_json as render_report_json, render_text};
use crate::summary::{render_json, Summary};
use neuron_driver::input::read_input;
use neuron_interp::Tensor;
use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::verifier::{verify_module, VerifyOptions};
use neuron_ir::{Diagnostic, Func, Module, Severity, SourceMap};
use neuron_pass::PIPELINE_SOURCE_NAME;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How the summary is printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// One line per output.
    #[default]
    Text,
    /// A JSON array of objects.
    Json,
}

/// Everything a run needs (the parsed command line).
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The model file (`-` for standard input).
    pub model: String,
    /// The entry function, without `@`; `None` picks `main` or the only function.
    pub entry: Option<String>,
    /// The `--input` flags in order.
    pub inputs: Vec<InputSpec>,
    /// Random fill of inputs not given.
    pub random: RandomFill,
    /// Where to write the outputs (`None`: only summarise).
    pub output_dir: Option<PathBuf>,
    /// Interpreter threads (0 = all cores).
    pub threads: usize,
    /// Summary format.
    pub format: Format,
    /// Print per-phase wall times on stderr.
    pub timing: bool,
    /// `--input-shape NAME=DIMS` for dynamic dimensions of an ONNX model's inputs.
    pub input_shapes: Vec<String>,
    /// The hardware path's flags (none given: a plain FP32 reference run).
    pub hardware: HardwareFlags,
}

/// Runs neuron-run on the real standard streams: exit 0 on success, 1 on any error.
pub fn run(config: &Config) -> ExitCode {
    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr().lock();
    match run_with(config, &mut stdout, &mut stderr) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            let _ = writeln!(stderr, "neuron-run: error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Wall time per phase, for `--timing`.
#[derive(Default)]
struct Timing {
    phases: Vec<(&'static str, Duration)>,
}

impl Timing {
    /// Runs `f`, recording its wall time under `name`.
    fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.phases.push((name, start.elapsed()));
        out
    }

    /// `timing: <phase> <seconds> s` lines and a total.
    fn print(&self, err: &mut dyn Write) {
        let total: Duration = self.phases.iter().map(|p| p.1).sum();
        for (name, d) in self.phases.iter().chain([&("total", total)]) {
            let _ = writeln!(err, "timing: {name:<9} {:.6} s", d.as_secs_f64());
        }
    }
}

/// The model, its entry function's names and its inputs, ready to run.
pub struct Prepared {
    /// The parsed and verified (or imported) module.
    pub module: Module,
    /// The entry function's name.
    pub entry: String,
    /// The names of its results.
    pub outputs: Vec<String>,
    /// Its inputs, in argument order.
    pub inputs: Vec<Tensor>,
}

/// Runs with the given streams. `Ok(false)`: a failure already reported on `stderr` (IR or
/// interpreter diagnostics); `Err`: one not yet reported.
pub fn run_with(
    config: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<bool, RunError> {
    let hw = &config.hardware;
    let plan = hw.active().then(|| hw.plan()).transpose()?;
    for w in plan.iter().flat_map(|p| &p.warnings) {
        let _ = writeln!(err, "neuron-run: warning: {w}");
    }
    let mut ctx = Context::default();
    let Some(prepared) = prepare(config, &mut ctx, err)? else {
        return Ok(false);
    };
    let ok = match plan {
        None => reference_run(config, prepared, &mut ctx, out, err)?,
        Some(plan) => hardware_run(config, plan, prepared, &mut ctx, out, err)?,
    };
    if ok && config.timing {
        ctx.timing.print(err);
    }
    Ok(ok)
}

/// What the steps of a run share: the source text (for diagnostics) and the phase times.
#[derive(Default)]
struct Context {
    sources: SourceMap,
    timing: Timing,
}

impl Context {
    /// Shows diagnostics: located ones with their source line, others as `neuron-run: error:`.
    fn emit(&self, diagnostics: &[Diagnostic], err: &mut dyn Write) {
        for d in diagnostics {
            if d.loc == neuron_ir::Location::Unknown && d.severity == Severity::Error {
                let _ = writeln!(err, "neuron-run: error: {}", d.message);
            } else {
                let _ = err.write_all(self.sources.render(d).as_bytes());
            }
        }
    }

    /// The value of a hardware step, or `None` after reporting its failure on `err`.
    fn check<T>(
        &self,
        r: Result<T, HardwareError>,
        err: &mut dyn Write,
    ) -> Result<Option<T>, RunError> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(HardwareError::Run(e)) => Err(e),
            Err(HardwareError::Diagnostics(ds)) => {
                self.emit(&ds, err);
                Ok(None)
            }
            Err(HardwareError::Pipeline(text, d)) => {
                let mut source = SourceMap::default();
                source.add(&Arc::from(PIPELINE_SOURCE_NAME), &Arc::from(text.as_str()));
                let _ = err.write_all(source.render(&d).as_bytes());
                Ok(None)
            }
        }
    }
}

/// Reads the model, chooses the entry function and builds its inputs as `config` says, without
/// running anything; `None` after writing the model's diagnostics to `err`.
pub fn load(config: &Config, err: &mut dyn Write) -> Result<Option<Prepared>, RunError> {
    prepare(config, &mut Context::default(), err)
}

/// [`load`], recording the sources and phase times in `ctx`.
fn prepare(
    config: &Config,
    ctx: &mut Context,
    err: &mut dyn Write,
) -> Result<Option<Prepared>, RunError> {
    let module = ctx
        .timing
        .time("parse", || load_module(config, &mut ctx.sources));
    let module = match module? {
        Ok(m) => m,
        Err(rendered) => {
            let _ = err.write_all(rendered.as_bytes());
            return Ok(None);
        }
    };
    let func = entry_function(&module, config)?;
    let names = argument_names(func)?;
    let outputs = result_names(func)?;
    let files = bind(func, &names, &config.inputs)?;
    let inputs = ctx.timing.time("inputs", || {
        load_inputs(func, &names, &files, config.random)
    })?;
    let entry = func.name.to_string();
    Ok(Some(Prepared {
        module,
        entry,
        outputs,
        inputs,
    }))
}

/// The plain run: the model in the FP32 reference interpreter, one summary per output.
fn reference_run(
    config: &Config,
    p: Prepared,
    ctx: &mut Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<bool, RunError> {
    tracing::debug!(entry = %p.entry, threads = config.threads, "interpreting");
    let results = ctx.timing.time("execute", || {
        reference(&p.module, &p.entry, p.inputs, config.threads)
    });
    let Some(results) = ctx.check(results, err)? else {
        return Ok(false);
    };
    let summaries = ctx
        .timing
        .time("outputs", || finish(config, &p.outputs, &results))?;
    print_summaries(config.format, &summaries, out)?;
    Ok(true)
}

/// The hardware run: lower, run in the `nhw` interpreter, compare with the reference and
/// estimate the cost as the flags ask, then print the report.
fn hardware_run(
    config: &Config,
    plan: Plan,
    p: Prepared,
    ctx: &mut Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<bool, RunError> {
    let hw = &config.hardware;
    let compiled = ctx.timing.time("lower", || compile(&p.module, &plan, err));
    let Some(compiled) = ctx.check(compiled, err)? else {
        return Ok(false);
    };
    ctx.emit(&compiled.diagnostics, err);
    let ref_inputs = hw.compare_reference.then(|| p.inputs.clone());
    let (entry, threads) = (p.entry.as_str(), config.threads);
    let results = ctx.timing.time("execute", || {
        execute(&compiled.module, entry, p.inputs, hw.rounding(), threads)
    });
    let Some(results) = ctx.check(results, err)? else {
        return Ok(false);
    };
    let mut reference_results = None;
    if let Some(inputs) = ref_inputs {
        let r = ctx
            .timing
            .time("reference", || reference(&p.module, entry, inputs, threads));
        let Some(r) = ctx.check(r, err)? else {
            return Ok(false);
        };
        reference_results = Some(r);
    }
    let mut estimate = None;
    if hw.cost || hw.compare_reference {
        let c = ctx
            .timing
            .time("cost", || cost(&compiled.module, entry, &plan));
        let Some(c) = ctx.check(c, err)? else {
            return Ok(false);
        };
        estimate = Some(c);
    }
    let outputs = ctx.timing.time("outputs", || {
        let summaries = finish(config, &p.outputs, &results)?;
        compare_outputs(
            summaries,
            &results,
            reference_results.as_deref(),
            hw.tolerance,
        )
    })?;
    let report = HardwareReport {
        plan,
        rounding: hw.rounding(),
        tolerance: hw.compare_reference.then_some(hw.tolerance),
        outputs,
        cost: estimate,
    };
    let text = match config.format {
        Format::Text => render_text(&report),
        Format::Json => render_report_json(&report),
    };
    write_stdout(&text, out)?;
    Ok(true)
}

/// The parsed and verified module, or the rendered diagnostics (`Ok(Err(text))`).
fn load_module(
    config: &Config,
    sources: &mut SourceMap,
) -> Result<Result<Module, String>, RunError> {
    if neuron_driver::onnx_input::is_onnx(&config.model) {
        return Ok(neuron_driver::onnx_input::import(
            &config.model,
            &config.input_shapes,
        )?);
    }
    let input = read_input(&config.model)?;
    sources.add(&input.name, &input.text);
    let module = match parse_module(&input.text, &input.name, &ParseOptions::default()) {
        Ok(m) => m,
        Err(d) => return Ok(Err(sources.render(&d))),
    };
    let errors = verify_module(&module, VerifyOptions::default());
    if !errors.is_empty() {
        return Ok(Err(errors.iter().map(|d| sources.render(d)).collect()));
    }
    Ok(Ok(module))
}

/// The function to run: `--entry` (with or without `@`), else `main`, else the only one.
pub fn entry_function<'m>(module: &'m Module, config: &Config) -> Result<&'m Func, RunError> {
    let available = || {
        let names: Vec<String> = module
            .funcs
            .iter()
            .map(|f| format!("@{}", f.name))
            .collect();
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    };
    if let Some(entry) = &config.entry {
        let name = entry.strip_prefix('@').unwrap_or(entry);
        return module.func(name).ok_or_else(|| RunError::NoEntry {
            name: name.to_string(),
            model: config.model.clone(),
            available: available(),
        });
    }
    if let Some(main) = module.func("main") {
        return Ok(main);
    }
    match module.funcs.as_slice() {
        [only] => Ok(only),
        [] => Err(RunError::NoEntry {
            name: "main".into(),
            model: config.model.clone(),
            available: available(),
        }),
        many => Err(RunError::AmbiguousEntry {
            model: config.model.clone(),
            count: many.len(),
        }),
    }
}

/// Writes the outputs (when `--output-dir` is set) and summarises them.
fn finish(config: &Config, names: &[String], results: &[Tensor]) -> Result<Vec<Summary>, RunError> {
    if let Some(dir) = &config.output_dir {
        std::fs::create_dir_all(dir).map_err(|e| RunError::OutputDir {
            path: dir.display().to_string(),
            message: neuron_driver::error::io_message(&e),
        })?;
    }
    let mut summaries = Vec::with_capacity(results.len());
    let mut stems = std::collections::HashSet::new();
    for (i, (name, t)) in names.iter().zip(results).enumerate() {
        let mut s = Summary::of(name, t);
        if let Some(dir) = &config.output_dir {
            let mut stem = file_stem(name);
            if !stems.insert(stem.clone()) {
                stem = format!("{stem}_{i}");
            }
            let path = dir.join(format!("{stem}.npy"));
            write_npy(t, &path).map_err(|e| RunError::WriteOutput {
                path: path.display().to_string(),
                message: neuron_driver::error::io_message(&e),
            })?;
            s.file = Some(path.display().to_string());
        }
        summaries.push(s);
    }
    Ok(summaries)
}

/// A file name stem for an output name: characters other than `[A-Za-z0-9_.-]` become `_`, and
/// a leading `.` too (no hidden files, no `..`).
pub fn file_stem(name: &str) -> String {
    let mut stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_.-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.starts_with('.') || stem.is_empty() {
        stem.insert(0, '_');
    }
    stem
}

/// Prints the summaries on `out`.
fn print_summaries(
    format: Format,
    summaries: &[Summary],
    out: &mut dyn Write,
) -> Result<(), RunError> {
    let text = match format {
        Format::Text => summaries.iter().map(|s| s.text_line() + "\n").collect(),
        Format::Json => render_json(summaries),
    };
    write_stdout(&text, out)
}

/// Writes `text` on stdout and flushes.
fn write_stdout(text: &str, out: &mut dyn Write) -> Result<(), RunError> {
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| RunError::Stdout(neuron_driver::error::io_message(&e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_become_safe_file_stems() {
        assert_eq!(file_stem("logits"), "logits");
        assert_eq!(file_stem("a/b c"), "a_b_c");
        assert_eq!(file_stem(".."), "_..");
        assert_eq!(file_stem(""), "_");
    }
}
