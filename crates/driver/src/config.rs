//! The driver's configuration: every command-line choice, independent of how it was parsed.

use crate::fast_math::FastMathFlags;
use neuron_ir::printer::PrintOptions;

/// A registered pass or pipeline given as its own flag (`--cse`, `--canonicalize=max-iterations=3`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassFlag {
    /// The registered argument (`canonicalize`).
    pub name: String,
    /// The text after `=`, space-separated `key=value` options, if any.
    pub options: Option<String>,
}

impl PassFlag {
    /// The flag as a pipeline element: `name` or `name{options}`.
    pub fn to_pipeline_element(&self) -> String {
        match &self.options {
            Some(o) if !o.trim().is_empty() => format!("{}{{{}}}", self.name, o.trim()),
            _ => self.name.clone(),
        }
    }
}

/// Which IR dumps the pass manager prints on stderr (`--mlir-print-ir-*`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrintIrConfig {
    /// Print before these passes (by argument).
    pub before: Vec<String>,
    /// Print after these passes (by argument).
    pub after: Vec<String>,
    /// Print before every pass.
    pub before_all: bool,
    /// Print after every pass.
    pub after_all: bool,
    /// Print after a pass only if it changed the IR.
    pub after_change: bool,
    /// Print after a pass only if it failed.
    pub after_failure: bool,
}

/// Everything that decides what a run of neuron-opt does.
#[derive(Clone, Debug)]
pub struct Config {
    /// Input path, `-` for standard input.
    pub input: String,
    /// Output path, `-` for standard output.
    pub output: String,
    /// `--pass-pipeline` text.
    pub pass_pipeline: Option<String>,
    /// Passes given as their own flags, in command-line order.
    pub pass_flags: Vec<PassFlag>,
    /// `--list-passes`: print the registered passes and pipelines, then stop.
    pub list_passes: bool,
    /// `--dump-pass-pipeline`: print the pipeline on stderr before running.
    pub dump_pass_pipeline: bool,
    /// `--split-input-file`: process `// -----`-separated chunks separately.
    pub split_input_file: bool,
    /// `--verify-diagnostics`: check diagnostics against `expected-*` comments.
    pub verify_diagnostics: bool,
    /// `--allow-unregistered-dialect`.
    pub allow_unregistered: bool,
    /// `--verify-each`: verify after every pass (default true).
    pub verify_each: bool,
    /// Printer options (`--mlir-print-op-generic`, `--mlir-print-debuginfo`, hex threshold).
    pub print: PrintOptions,
    /// IR dumps around passes.
    pub print_ir: PrintIrConfig,
    /// `--mlir-timing`: per-pass wall-time report on stderr.
    pub timing: bool,
    /// The Neuron compilers' precision flags (`--fast-math`, `--auto-cast`, …), run first.
    pub fast_math: FastMathFlags,
    /// `--print-precision-summary`: run `precision-summary` after everything else.
    pub print_precision_summary: bool,
    /// `--input-shape NAME=DIMS`: static shapes for dynamic dimensions of an ONNX model's inputs.
    pub input_shapes: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            input: "-".to_string(),
            output: "-".to_string(),
            pass_pipeline: None,
            pass_flags: Vec::new(),
            list_passes: false,
            dump_pass_pipeline: false,
            split_input_file: false,
            verify_diagnostics: false,
            allow_unregistered: false,
            verify_each: true,
            print: PrintOptions::default(),
            print_ir: PrintIrConfig::default(),
            timing: false,
            fast_math: FastMathFlags::default(),
            print_precision_summary: false,
            input_shapes: Vec::new(),
        }
    }
}

impl Config {
    /// The pipeline text to parse: `--pass-pipeline`, or the pass flags joined by commas.
    pub fn pipeline_text(&self) -> Result<Option<String>, crate::DriverError> {
        match (&self.pass_pipeline, self.pass_flags.is_empty()) {
            (Some(_), false) => Err(crate::DriverError::PipelineConflict),
            (Some(p), true) => Ok(Some(p.clone())),
            (None, false) => Ok(Some(
                self.pass_flags
                    .iter()
                    .map(PassFlag::to_pipeline_element)
                    .collect::<Vec<_>>()
                    .join(","),
            )),
            (None, true) => Ok(None),
        }
    }

    /// Every pipeline to run, in order: the precision flags' expansion, the user's pipeline
    /// (`--pass-pipeline` or pass flags), then `precision-summary` if asked; plus warnings.
    pub fn pipeline_parts(&self) -> Result<(Vec<String>, Vec<String>), crate::DriverError> {
        let expansion = self.fast_math.expand()?;
        let mut parts: Vec<String> = expansion.pipeline.into_iter().collect();
        parts.extend(self.pipeline_text()?);
        if self.print_precision_summary {
            parts.push("precision-summary".to_string());
        }
        Ok((parts, expansion.warnings))
    }
}
