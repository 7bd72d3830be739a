//! One run of neuron-run: read, parse and verify the model, choose the entry function, build the
//! inputs, interpret, write the outputs as `.npy` and print their summaries.

use crate::error::RunError;
use crate::inputs::{argument_names, bind, load_inputs, result_names, InputSpec, RandomFill};
use crate::npy::write_npy;
use crate::summary::{render_json, Summary};
use neuron_driver::input::read_input;
use neuron_interp::{run_function, InterpOptions, Tensor};
use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::verifier::{verify_module, VerifyOptions};
use neuron_ir::{Func, Module, SourceMap};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
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
            let _ = writeln!(err, "timing: {name:<8} {:.6} s", d.as_secs_f64());
        }
    }
}

/// Runs with the given streams. `Ok(false)`: a failure already reported on `stderr` (IR or
/// interpreter diagnostics); `Err`: one not yet reported.
pub fn run_with(
    config: &Config,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<bool, RunError> {
    let mut timing = Timing::default();
    let mut sources = SourceMap::default();
    let module = timing.time("parse", || load_module(config, &mut sources));
    let module = match module? {
        Ok(m) => m,
        Err(rendered) => {
            let _ = err.write_all(rendered.as_bytes());
            return Ok(false);
        }
    };
    let func = entry_function(&module, config)?;
    let names = argument_names(func)?;
    let outputs = result_names(func)?;
    let files = bind(func, &names, &config.inputs)?;
    let inputs = timing.time("inputs", || {
        load_inputs(func, &names, &files, config.random)
    })?;
    let opts = InterpOptions {
        threads: config.threads,
    };
    tracing::debug!(entry = %func.name, threads = config.threads, "interpreting");
    let results = timing.time("execute", || {
        run_function(&module, &func.name, inputs, &opts)
    });
    let results = match results {
        Ok(r) => r,
        Err(e) => {
            let d = e.to_diagnostic();
            if d.loc == neuron_ir::Location::Unknown {
                let _ = writeln!(err, "neuron-run: error: {e}");
            } else {
                let _ = err.write_all(sources.render(&d).as_bytes());
            }
            return Ok(false);
        }
    };
    let summaries = timing.time("outputs", || finish(config, &outputs, &results))?;
    print_summaries(config.format, &summaries, out)?;
    if config.timing {
        timing.print(err);
    }
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
