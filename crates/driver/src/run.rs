//! One run of neuron-opt: build the pass manager, read the input, and for each chunk parse,
//! verify, run the pipeline and print, reporting (or checking) diagnostics on the way.

use crate::config::Config;
use crate::error::DriverError;
use crate::expected::DiagnosticVerifier;
use crate::input::{read_input, Input};
use crate::listing;
use crate::output::Output;
use crate::split::{split_input, whole, Chunk, SPLIT_MARKER};
use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::printer::print_module;
use neuron_ir::verifier::{verify_module, VerifyOptions};
use neuron_ir::{Diagnostic, Module, Severity, SourceMap};
use neuron_pass::{
    parse_pipeline, PassManager, PassManagerOptions, Pipeline, TimingReport, PIPELINE_SOURCE_NAME,
};
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;

/// Runs neuron-opt on real standard streams; exit code 0 on success, 1 on any error.
pub fn run(config: Config) -> ExitCode {
    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr().lock();
    match run_with(&config, &mut stdout, &mut stderr) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            let _ = writeln!(stderr, "neuron-opt: error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Runs neuron-opt with the given streams (`stdout` is used for `-o -` and `--list-passes`).
///
/// `Ok(false)` means a failure already reported on `stderr`; `Err` one not yet reported.
pub fn run_with(
    config: &Config,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<bool, DriverError> {
    if config.list_passes {
        let text = listing::render_registered();
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
            .map_err(|source| DriverError::WriteOutput { source })?;
        return Ok(true);
    }
    let mut sources = SourceMap::default();
    let Some(pm) = build_pass_manager(config, stderr)? else {
        return Ok(false);
    };
    let onnx = crate::onnx_input::is_onnx(&config.input);
    let input = if onnx {
        Input {
            name: Arc::from(config.input.as_str()),
            text: Arc::from(""),
        }
    } else {
        read_input(&config.input)?
    };
    sources.add(&input.name, &input.text);
    let mut output = Output::open(&config.output, stdout)?;
    let mut session = Session {
        config,
        pm,
        sources,
        timing: config.timing.then(TimingReport::new),
    };
    let ok = if onnx {
        session.process_onnx(&input.name, output.writer(), stderr)?
    } else {
        session.process(&input, output.writer(), stderr)?
    };
    session.time("Output", || output.finish(ok))?;
    if let Some(t) = &session.timing {
        let _ = t.print(stderr);
    }
    Ok(ok)
}

/// Parses the requested pipeline and builds the manager; `None` after reporting an error.
fn build_pass_manager(
    config: &Config,
    stderr: &mut dyn Write,
) -> Result<Option<PassManager>, DriverError> {
    let (parts, warnings) = config.pipeline_parts()?;
    for w in warnings {
        let _ = writeln!(stderr, "neuron-opt: warning: {w}");
    }
    let mut pipeline = Pipeline::empty();
    for text in parts {
        match parse_pipeline(&text) {
            Ok(p) => pipeline.extend(p),
            Err(d) => {
                let mut pipeline_source = SourceMap::default();
                pipeline_source.add(&Arc::from(PIPELINE_SOURCE_NAME), &Arc::from(text.as_str()));
                let _ = stderr.write_all(pipeline_source.render(&d).as_bytes());
                return Ok(None);
            }
        }
    }
    tracing::debug!(pipeline = %pipeline.to_inline_text(), "pipeline");
    check_print_ir_passes(config)?;
    let opts = manager_options(config);
    opts.validate().map_err(DriverError::InvalidOption)?;
    if config.dump_pass_pipeline {
        let _ = stderr.write_all(pipeline.dump_text().as_bytes());
    }
    Ok(Some(PassManager::new(pipeline, opts)))
}

/// Every `--mlir-print-ir-before/after` name must be a registered pass.
fn check_print_ir_passes(config: &Config) -> Result<(), DriverError> {
    let lists = [
        ("--mlir-print-ir-before", &config.print_ir.before),
        ("--mlir-print-ir-after", &config.print_ir.after),
    ];
    for (flag, names) in lists {
        if let Some(bad) = names.iter().find(|n| neuron_pass::lookup_pass(n).is_none()) {
            return Err(DriverError::InvalidOption(format!(
                "for the {flag} option: '{bad}' does not refer to a registered pass"
            )));
        }
    }
    Ok(())
}

/// The pass manager's options from the configuration.
fn manager_options(config: &Config) -> PassManagerOptions {
    let p = &config.print_ir;
    PassManagerOptions {
        verify_each: config.verify_each,
        allow_unregistered: config.allow_unregistered,
        print_before: p.before.clone(),
        print_after: p.after.clone(),
        print_before_all: p.before_all,
        print_after_all: p.after_all,
        print_after_change: p.after_change,
        print_after_failure: p.after_failure,
        timing: config.timing,
        print: config.print.clone(),
    }
}

/// What processing one chunk produced.
struct ChunkResult {
    /// Diagnostics in emission order (parser, verifier, passes).
    diagnostics: Vec<Diagnostic>,
    /// The transformed module, if the chunk succeeded (printed straight into the output,
    /// so a large module is never held twice in memory).
    output: Option<Module>,
}

impl ChunkResult {
    fn failed(diagnostics: Vec<Diagnostic>) -> ChunkResult {
        ChunkResult {
            diagnostics,
            output: None,
        }
    }

    /// True if the chunk printed and emitted no error.
    fn succeeded(&self) -> bool {
        self.output.is_some()
            && self
                .diagnostics
                .iter()
                .all(|d| d.severity != Severity::Error)
    }
}

/// The state shared by every chunk of a run.
struct Session<'c> {
    config: &'c Config,
    pm: PassManager,
    sources: SourceMap,
    timing: Option<TimingReport>,
}

impl Session<'_> {
    /// Processes every chunk of `input`, writing outputs joined by the split marker.
    fn process(
        &mut self,
        input: &Input,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<bool, DriverError> {
        let split = if self.config.split_input_file {
            split_input(&input.text)
        } else {
            whole(&input.text)
        };
        for nm in &split.near_misses {
            self.emit(err, &nm.to_diagnostic(&input.name));
        }
        let write_err = |source| DriverError::WriteOutput { source };
        let mut ok = true;
        for (i, chunk) in split.chunks.iter().enumerate() {
            if i > 0 {
                writeln!(out, "{SPLIT_MARKER}").map_err(write_err)?;
            }
            tracing::debug!(
                chunk = i,
                line_offset = chunk.line_offset,
                "processing chunk"
            );
            let result = self.compile(&input.name, chunk, err);
            ok &= self.report(&input.name, chunk, &result, err);
            if let Some(module) = &result.output {
                let print = &self.config.print;
                self.time("Output", || print_module(module, print, out))
                    .and_then(|()| out.write_all(b"\n"))
                    .map_err(write_err)?;
            }
        }
        Ok(ok)
    }

    /// Imports an ONNX model, runs the pipeline on it and prints it (no chunks, no expected
    /// diagnostics: the input is not text).
    fn process_onnx(
        &mut self,
        path: &Arc<str>,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<bool, DriverError> {
        let shapes = &self.config.input_shapes;
        let imported = self.time("Parser", || crate::onnx_input::import(path, shapes))?;
        let module = match imported {
            Ok(m) => m,
            Err(text) => {
                let _ = err.write_all(text.as_bytes());
                return Ok(false);
            }
        };
        let result = self.transform(module, err);
        for d in &result.diagnostics {
            self.emit(err, d);
        }
        if let Some(module) = &result.output {
            let print = &self.config.print;
            self.time("Output", || print_module(module, print, out))
                .and_then(|()| out.write_all(b"\n"))
                .map_err(|source| DriverError::WriteOutput { source })?;
        }
        Ok(result.succeeded())
    }

    /// Parses, verifies, transforms and prints one chunk.
    fn compile(&mut self, file: &Arc<str>, chunk: &Chunk<'_>, err: &mut dyn Write) -> ChunkResult {
        let allow_unregistered = self.config.allow_unregistered;
        let popts = ParseOptions {
            allow_unregistered,
            line_offset: chunk.line_offset,
        };
        let parsed = self.time("Parser", || parse_module(chunk.text, file, &popts));
        let module = match parsed {
            Ok(m) => m,
            Err(d) => return ChunkResult::failed(vec![d]),
        };
        let vopts = VerifyOptions { allow_unregistered };
        let errors = self.time("Parser", || verify_module(&module, vopts));
        if !errors.is_empty() {
            return ChunkResult::failed(errors);
        }
        self.transform(module, err)
    }

    /// Runs the pipeline on a verified module.
    fn transform(&mut self, mut module: Module, err: &mut dyn Write) -> ChunkResult {
        let run = match &mut self.timing {
            Some(t) => self.pm.run_with_timing(&mut module, err, t),
            None => self.pm.run(&mut module, err),
        };
        if run.failed {
            return ChunkResult::failed(run.diagnostics);
        }
        ChunkResult {
            diagnostics: run.diagnostics,
            output: Some(module),
        }
    }

    /// Shows a chunk's diagnostics, or checks them under `--verify-diagnostics`; true if fine.
    fn report(
        &self,
        file: &Arc<str>,
        chunk: &Chunk<'_>,
        result: &ChunkResult,
        err: &mut dyn Write,
    ) -> bool {
        if !self.config.verify_diagnostics {
            for d in &result.diagnostics {
                self.emit(err, d);
            }
            return result.succeeded();
        }
        let mut verifier = DiagnosticVerifier::new(file, chunk.text, chunk.line_offset);
        for d in &result.diagnostics {
            verifier.check(d);
        }
        let reports = verifier.finish();
        for r in &reports {
            let _ = err.write_all(r.render(&self.sources).as_bytes());
        }
        reports.is_empty()
    }

    /// Renders a diagnostic (and its notes) on `err`.
    fn emit(&self, err: &mut dyn Write, d: &Diagnostic) {
        let _ = err.write_all(self.sources.render(d).as_bytes());
    }

    /// Runs `f`, adding its wall time to timer `name` when `--mlir-timing` is on.
    fn time<T>(&mut self, name: &str, f: impl FnOnce() -> T) -> T {
        match &mut self.timing {
            Some(t) => t.time(name, f),
            None => f(),
        }
    }
}
