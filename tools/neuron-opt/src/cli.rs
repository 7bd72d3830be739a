//! neuron-opt's command line (clap derive, flags spelled as mlir-opt spells them) and its
//! translation into a driver `Config`; registered passes are also accepted as flags.

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser};
use neuron_driver::args::{prescan, FlagTable};
use neuron_driver::{Config, FastMathFlags, PassFlag, PrintIrConfig};
use neuron_ir::printer::PrintOptions;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::process::ExitCode;

/// neuron-opt: parse, verify, transform and print neuron IR, like mlir-opt.
#[derive(Parser, Debug)]
#[command(name = "neuron-opt", version, about, long_about = None)]
pub struct Cli {
    /// Input file (MLIR text, or an ONNX model ending in `.onnx`), or `-` for standard input.
    #[arg(value_name = "INPUT", default_value = "-")]
    input: String,

    /// Output file, or `-` for standard output; a file is replaced only if the run succeeds.
    #[arg(short = 'o', value_name = "FILENAME", default_value = "-")]
    output: String,

    /// Textual pass pipeline to run, e.g. `builtin.module(canonicalize,func.func(cse))`.
    #[arg(long = "pass-pipeline", value_name = "PIPELINE")]
    pass_pipeline: Option<String>,

    /// Print the registered passes and pass pipelines, then exit.
    #[arg(long = "list-passes")]
    list_passes: bool,

    /// Print the pipeline that will be run (on stderr), then run it.
    #[arg(long = "dump-pass-pipeline")]
    dump_pass_pipeline: bool,

    /// Split the input at `// -----` lines and process each chunk independently.
    #[arg(long = "split-input-file")]
    split_input_file: bool,

    /// Check that emitted diagnostics match `expected-*` comments in the input.
    #[arg(long = "verify-diagnostics")]
    verify_diagnostics: bool,

    /// Accept operations of dialects that are not registered.
    #[arg(long = "allow-unregistered-dialect")]
    allow_unregistered_dialect: bool,

    /// Run the verifier after each pass (`--verify-each=false` to disable).
    #[arg(
        long = "verify-each",
        value_name = "BOOL",
        default_value_t = true,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        action = ArgAction::Set
    )]
    verify_each: bool,

    /// Print every operation in the generic form.
    #[arg(long = "mlir-print-op-generic")]
    print_op_generic: bool,

    /// Print locations (`loc(...)`) in the output.
    #[arg(long = "mlir-print-debuginfo")]
    print_debuginfo: bool,

    /// Print dense elements attributes with more elements than N as hex (-1 never).
    #[arg(
        long = "mlir-print-elementsattrs-with-hex-if-larger",
        value_name = "N",
        allow_negative_numbers = true
    )]
    hex_if_larger: Option<i64>,

    /// Print the IR before the given passes (comma-separated pass arguments).
    #[arg(
        long = "mlir-print-ir-before",
        value_name = "PASS",
        value_delimiter = ','
    )]
    print_ir_before: Vec<String>,

    /// Print the IR after the given passes (comma-separated pass arguments).
    #[arg(
        long = "mlir-print-ir-after",
        value_name = "PASS",
        value_delimiter = ','
    )]
    print_ir_after: Vec<String>,

    /// Print the IR before every pass.
    #[arg(long = "mlir-print-ir-before-all")]
    print_ir_before_all: bool,

    /// Print the IR after every pass.
    #[arg(long = "mlir-print-ir-after-all")]
    print_ir_after_all: bool,

    /// When printing the IR after a pass, only print if the IR changed.
    #[arg(long = "mlir-print-ir-after-change")]
    print_ir_after_change: bool,

    /// When printing the IR after a pass, only print if the pass failed.
    #[arg(long = "mlir-print-ir-after-failure")]
    print_ir_after_failure: bool,

    /// Print a wall-time report of parsing, each pass and output on stderr.
    #[arg(long = "mlir-timing")]
    timing: bool,

    /// neuron-cc precision options, space-separated: all | none, fp32-cast-all | fp32-cast-all-fp16 |
    /// fp32-cast-matmult | fp32-cast-matmult-bf16 | fp32-cast-matmult-fp16, fast-relayout |
    /// no-fast-relayout. Missing parts default from `all`, the compiler's default.
    #[arg(
        long = "fast-math",
        value_name = "VALUES",
        help_heading = "Precision (Neuron compiler flags)"
    )]
    fast_math: Vec<String>,

    /// Deprecated neuron-cc flag: all | matmult | matmult-fp16 | matmult-bf16 | all-fp16;
    /// overrides the cast part of --fast-math.
    #[arg(
        long = "fp32-cast",
        value_name = "VALUE",
        overrides_with = "fp32_cast",
        help_heading = "Precision (Neuron compiler flags)"
    )]
    fp32_cast: Option<String>,

    /// neuronx-cc: which FP32 ops are cast: none | matmult (or matmul) | all (right-most wins).
    #[arg(
        long = "auto-cast",
        value_name = "MODE",
        overrides_with = "auto_cast",
        help_heading = "Precision (Neuron compiler flags)"
    )]
    auto_cast: Option<String>,

    /// neuronx-cc: the type --auto-cast casts to: bf16 | fp16 | tf32 | fp8_e4m3 (right-most wins).
    #[arg(
        long = "auto-cast-type",
        value_name = "TYPE",
        overrides_with = "auto_cast_type",
        help_heading = "Precision (Neuron compiler flags)"
    )]
    auto_cast_type: Option<String>,

    /// neuronx-cc: reductions accumulate in FP32, then cast to the op's type.
    #[arg(
        long = "enable-mixed-precision-accumulation",
        overrides_with = "disable_mpa",
        help_heading = "Precision (Neuron compiler flags)"
    )]
    enable_mpa: bool,

    /// neuronx-cc: reductions accumulate in the narrow type.
    #[arg(
        long = "disable-mixed-precision-accumulation",
        overrides_with = "enable_mpa",
        help_heading = "Precision (Neuron compiler flags)"
    )]
    disable_mpa: bool,

    /// neuronx-cc: ±Inf becomes ±MAX before compiler-introduced matmul transposes.
    #[arg(
        long = "enable-saturate-infinity",
        help_heading = "Precision (Neuron compiler flags)"
    )]
    saturate_infinity: bool,

    /// Static shape for an ONNX model input with dynamic dimensions: NAME=1x128 (repeatable).
    #[arg(long = "input-shape", value_name = "NAME=DIMS")]
    input_shape: Vec<String>,

    /// Print the precision summary (op kinds × compute types, casts, transposes) on stderr at the end.
    #[arg(
        long = "print-precision-summary",
        help_heading = "Precision (Neuron compiler flags)"
    )]
    print_precision_summary: bool,
}

impl Cli {
    /// The driver configuration, with the pass flags found by the pre-scan.
    fn into_config(self, pass_flags: Vec<PassFlag>) -> Config {
        let mut print = PrintOptions {
            generic: self.print_op_generic,
            debug_info: self.print_debuginfo,
            ..PrintOptions::default()
        };
        if let Some(n) = self.hex_if_larger {
            print.hex_threshold = usize::try_from(n).unwrap_or(usize::MAX);
        }
        Config {
            input: self.input,
            output: self.output,
            pass_pipeline: self.pass_pipeline,
            pass_flags,
            list_passes: self.list_passes,
            dump_pass_pipeline: self.dump_pass_pipeline,
            split_input_file: self.split_input_file,
            verify_diagnostics: self.verify_diagnostics,
            allow_unregistered: self.allow_unregistered_dialect,
            verify_each: self.verify_each,
            print,
            print_ir: PrintIrConfig {
                before: self.print_ir_before,
                after: self.print_ir_after,
                before_all: self.print_ir_before_all,
                after_all: self.print_ir_after_all,
                after_change: self.print_ir_after_change,
                after_failure: self.print_ir_after_failure,
            },
            timing: self.timing,
            fast_math: FastMathFlags {
                fast_math: self
                    .fast_math
                    .iter()
                    .flat_map(|v| v.split_whitespace())
                    .map(str::to_string)
                    .collect(),
                fp32_cast: self.fp32_cast,
                auto_cast: self.auto_cast,
                auto_cast_type: self.auto_cast_type,
                mixed_precision_accumulation: match (self.enable_mpa, self.disable_mpa) {
                    (true, _) => Some(true),
                    (_, true) => Some(false),
                    _ => None,
                },
                saturate_infinity: self.saturate_infinity,
            },
            print_precision_summary: self.print_precision_summary,
            input_shapes: self.input_shape,
        }
    }
}

/// What `--help` says about the precision flags: the default and the documented tuning order.
const FAST_MATH_HELP: &str = "\
Precision defaults and tuning:
  The Neuron compiler's default is --fast-math all (= fp32-cast-all fast-relayout): best performance.
  neuron-opt applies precision passes only when a precision flag is given; a --fast-math list takes
  every part it does not name from `all`. Documented tuning order, fastest and least accurate first:
    1. --fast-math all   2. --fast-math fp32-cast-matmult
    3. --fast-math 'fp32-cast-matmult no-fast-relayout'   4. --fast-math none
  (3 and 4 give the same program.) neuronx-cc order, most accurate first: --auto-cast none,
  matmult tf32, all tf32, matmult fp16, all fp16, matmult bf16, all bf16.
";

/// Parses the command line; `Err` carries the exit code after clap printed help, the
/// version (0) or an error (1, where clap alone would use 2).
pub fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Config, ExitCode> {
    let mut cmd = Cli::command()
        .term_width(0)
        .after_help("Registered passes and pass pipelines: see --help or --list-passes.")
        .after_long_help(format!(
            "{FAST_MATH_HELP}\n{}",
            neuron_driver::listing::render_registered()
        ));
    let scan = prescan(args, &flag_table(&cmd), &pass_names());
    let matches = match cmd.try_get_matches_from_mut(scan.args) {
        Ok(m) => m,
        Err(e) => return Err(clap_exit(&e)),
    };
    let cli = Cli::from_arg_matches(&matches).map_err(|e| clap_exit(&e))?;
    Ok(cli.into_config(scan.pass_flags))
}

/// Prints a clap error or help text; exit 1 for errors, 0 for `--help`/`--version`.
fn clap_exit(e: &clap::Error) -> ExitCode {
    let _ = e.print();
    if e.use_stderr() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The driver's own flags, for the pre-scan.
fn flag_table(cmd: &clap::Command) -> FlagTable {
    let mut table = FlagTable::default();
    for arg in cmd.get_arguments() {
        let takes_next = arg.get_action().takes_values() && !arg.is_require_equals_set();
        if let Some(long) = arg.get_long() {
            table.long.insert(long.to_string(), takes_next);
        }
        if let (Some(short), true) = (arg.get_short(), takes_next) {
            table.short_with_value.insert(short);
        }
    }
    for builtin in ["help", "version"] {
        table.long.entry(builtin.to_string()).or_insert(false);
    }
    table
}

/// Arguments of every registered pass and pipeline.
fn pass_names() -> BTreeSet<String> {
    let passes = neuron_pass::all_passes().into_iter().map(|p| p.argument);
    let pipelines = neuron_pass::all_pipelines().into_iter().map(|p| p.argument);
    passes.chain(pipelines).map(str::to_string).collect()
}
