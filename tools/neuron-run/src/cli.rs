//! neuron-run's command line (clap derive) and its translation into a `neuron_run::Config`.

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser, ValueEnum};
use neuron_driver::FastMathFlags;
use neuron_interp::nhw::Rounding;
use neuron_nhw::Target;
use neuron_run::inputs::RandomFill;
use neuron_run::{Config, Format, HardwareFlags, InputSpec, Tolerance};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

/// neuron-run: run a model's entry function in the reference interpreter.
///
/// Inputs are `.npy` files matched to the function's arguments by name (the `nn.name` argument
/// attribute, else arg0, arg1, …) or by position; outputs are summarised on stdout and, with
/// --output-dir, written as `.npy` files named after the results (nn.name, else out0, out1, …).
///
/// With any hardware or precision flag the model is lowered to the nhw dialect (precision
/// passes, --pass-pipeline, lower-to-nhw) and run with hardware numerics; --compare-reference
/// adds the error against the FP32 reference and the cost estimate.
#[derive(Parser, Debug)]
#[command(name = "neuron-run", version, about, long_about)]
pub struct Cli {
    /// The model: an MLIR-syntax file, or `-` for standard input.
    #[arg(value_name = "MODEL")]
    model: String,

    /// The function to run (`@name` or `name`); default `main`, or the only function.
    #[arg(long, value_name = "FUNC")]
    entry: Option<String>,

    /// An input: `NAME=FILE.npy` for the argument NAME, or `FILE.npy` for the next argument in
    /// order. Repeatable.
    #[arg(long = "input", short = 'i', value_name = "[NAME=]FILE")]
    inputs: Vec<String>,

    /// Fill inputs not given with deterministic random data: floats uniform in [-1, 1),
    /// integers uniform in [0, 15] (or [0, K] with the argument attribute `nn.max_value = K`).
    #[arg(long)]
    random_inputs: bool,

    /// Seed of --random-inputs and of --rounding stochastic (default 0).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,

    /// Write each output as DIR/<name>.npy (the directory is created if needed).
    #[arg(long, short = 'o', value_name = "DIR")]
    output_dir: Option<PathBuf>,

    /// Interpreter threads; 0 uses every core.
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,

    /// Summary format on stdout.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,

    /// Print the wall time of each phase (parse, inputs, [lower], execute, [reference, cost],
    /// outputs) on stderr.
    #[arg(long)]
    timing: bool,

    /// Static shape for an ONNX model input with dynamic dimensions: NAME=1x128 (repeatable).
    #[arg(long = "input-shape", value_name = "NAME=DIMS")]
    input_shape: Vec<String>,

    /// The hardware to lower for: inf1 (NeuronCore-v1, neuron-cc; the default) or trn1
    /// (NeuronCore-v2, neuronx-cc). Without a precision flag the target compiler's default
    /// applies: --fast-math all on inf1, --auto-cast none on trn1.
    #[arg(long, value_enum, value_name = "TARGET", help_heading = HARDWARE)]
    target: Option<TargetArg>,

    /// Passes to run after the precision passes and before lower-to-nhw, e.g.
    /// 'builtin.module(cse)'.
    #[arg(long = "pass-pipeline", value_name = "PIPELINE", help_heading = HARDWARE)]
    pass_pipeline: Option<String>,

    /// How engines round results to narrow types (stochastic needs --target trn1; seeded by
    /// --seed).
    #[arg(long, value_enum, value_name = "MODE", help_heading = HARDWARE)]
    rounding: Option<RoundingArg>,

    /// Also run the original model in the FP32 reference interpreter and report, per output,
    /// max abs/rel error, relative L2 error, cosine similarity, the fraction outside
    /// --tolerance and NaN/Inf counts, plus the cost estimate.
    #[arg(long = "compare-reference", help_heading = HARDWARE)]
    compare_reference: bool,

    /// Tolerance of the "outside" metric: |run - ref| > atol + rtol*|ref| counts as outside.
    #[arg(
        long,
        value_name = "rtol=R,atol=A",
        default_value = "rtol=0.01,atol=0.001",
        value_parser = parse_tolerance,
        requires = "compare_reference",
        help_heading = HARDWARE
    )]
    tolerance: Tolerance,

    /// Print the cost estimate of the lowered model (per-engine busy time, serial time, op-kind
    /// shares).
    #[arg(long, help_heading = HARDWARE)]
    cost: bool,

    /// neuron-cc precision options, space-separated: all | none, fp32-cast-all | fp32-cast-all-fp16 |
    /// fp32-cast-matmult | fp32-cast-matmult-bf16 | fp32-cast-matmult-fp16, fast-relayout |
    /// no-fast-relayout. Missing parts default from `all`, the compiler's default.
    #[arg(long = "fast-math", value_name = "VALUES", help_heading = PRECISION)]
    fast_math: Vec<String>,

    /// Deprecated neuron-cc flag: all | matmult | matmult-fp16 | matmult-bf16 | all-fp16;
    /// overrides the cast part of --fast-math.
    #[arg(long = "fp32-cast", value_name = "VALUE", overrides_with = "fp32_cast", help_heading = PRECISION)]
    fp32_cast: Option<String>,

    /// neuronx-cc: which FP32 ops are cast: none | matmult (or matmul) | all (right-most wins).
    #[arg(long = "auto-cast", value_name = "MODE", overrides_with = "auto_cast", help_heading = PRECISION)]
    auto_cast: Option<String>,

    /// neuronx-cc: the type --auto-cast casts to: bf16 | fp16 | tf32 | fp8_e4m3 (right-most wins).
    #[arg(
        long = "auto-cast-type",
        value_name = "TYPE",
        overrides_with = "auto_cast_type",
        help_heading = PRECISION
    )]
    auto_cast_type: Option<String>,

    /// neuronx-cc: reductions accumulate in FP32, then cast to the op's type.
    #[arg(
        long = "enable-mixed-precision-accumulation",
        overrides_with = "disable_mpa",
        help_heading = PRECISION
    )]
    enable_mpa: bool,

    /// neuronx-cc: reductions accumulate in the narrow type.
    #[arg(
        long = "disable-mixed-precision-accumulation",
        overrides_with = "enable_mpa",
        help_heading = PRECISION
    )]
    disable_mpa: bool,

    /// neuronx-cc: ±Inf becomes ±MAX before compiler-introduced matmul transposes.
    #[arg(long = "enable-saturate-infinity", help_heading = PRECISION)]
    saturate_infinity: bool,
}

/// Help heading of the hardware-run flags.
const HARDWARE: &str = "Hardware run (lower to nhw, run with hardware numerics)";
/// Help heading of the precision flags (the same as neuron-opt's).
const PRECISION: &str = "Precision (Neuron compiler flags)";

/// The `--target` values.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum TargetArg {
    /// NeuronCore-v1 (Inf1), compiled by neuron-cc.
    Inf1,
    /// NeuronCore-v2 (Trn1/Inf2), compiled by neuronx-cc.
    Trn1,
}

/// The `--rounding` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum RoundingArg {
    /// Round to nearest, ties to even (the hardware default).
    #[value(alias = "nearest-even")]
    Nearest,
    /// Round up with probability equal to the distance from the value below (NeuronCore-v2).
    Stochastic,
}

/// Parses `--tolerance`.
fn parse_tolerance(s: &str) -> Result<Tolerance, String> {
    s.parse()
}

/// The `--format` values.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    /// One line per output: name, shape, dtype, min, max, mean, NaN and Inf counts.
    Text,
    /// A JSON array with the same fields and the file written.
    Json,
}

impl Cli {
    /// `--seed` must seed something: random inputs or stochastic rounding.
    fn check_seed(&self) -> Result<(), clap::Error> {
        let seeded = self.random_inputs || self.rounding == Some(RoundingArg::Stochastic);
        if self.seed.is_some() && !seeded {
            return Err(Cli::command().error(
                ErrorKind::MissingRequiredArgument,
                "--seed needs --random-inputs or --rounding stochastic",
            ));
        }
        Ok(())
    }

    /// The precision flags as neuron-opt's driver takes them.
    fn precision(&self) -> FastMathFlags {
        FastMathFlags {
            fast_math: self
                .fast_math
                .iter()
                .flat_map(|v| v.split_whitespace())
                .map(str::to_string)
                .collect(),
            fp32_cast: self.fp32_cast.clone(),
            auto_cast: self.auto_cast.clone(),
            auto_cast_type: self.auto_cast_type.clone(),
            mixed_precision_accumulation: match (self.enable_mpa, self.disable_mpa) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            saturate_infinity: self.saturate_infinity,
        }
    }

    /// The hardware-path flags.
    fn hardware(&self) -> HardwareFlags {
        let seed = self.seed.unwrap_or(0);
        HardwareFlags {
            precision: self.precision(),
            pass_pipeline: self.pass_pipeline.clone(),
            target: self.target.map(|t| match t {
                TargetArg::Inf1 => Target::Inf1,
                TargetArg::Trn1 => Target::Trn1,
            }),
            rounding: self.rounding.map(|r| match r {
                RoundingArg::Nearest => Rounding::NearestEven,
                RoundingArg::Stochastic => Rounding::Stochastic { seed },
            }),
            compare_reference: self.compare_reference,
            tolerance: self.tolerance,
            cost: self.cost,
        }
    }

    /// The run configuration.
    fn into_config(self) -> Config {
        Config {
            hardware: self.hardware(),
            model: self.model,
            entry: self.entry,
            inputs: self.inputs.iter().map(|s| InputSpec::parse(s)).collect(),
            random: RandomFill {
                enabled: self.random_inputs,
                seed: self.seed.unwrap_or(0),
            },
            output_dir: self.output_dir,
            threads: self.threads,
            format: match self.format {
                FormatArg::Text => Format::Text,
                FormatArg::Json => Format::Json,
            },
            timing: self.timing,
            input_shapes: self.input_shape,
        }
    }
}

/// Parses the command line; `Err` carries the exit code after clap printed help or an error
/// (0 for `--help`/`--version`, 1 for a usage error).
/// Help text is not wrapped to the terminal, so it reads the same everywhere (as neuron-opt's).
pub fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Config, ExitCode> {
    let parsed = Cli::command()
        .term_width(0)
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
        .and_then(|cli| cli.check_seed().map(|()| cli));
    match parsed {
        Ok(cli) => Ok(cli.into_config()),
        Err(e) => {
            let _ = e.print();
            Err(if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}
