//! neuron-run's command line (clap derive) and its translation into a `neuron_run::Config`.

use clap::{CommandFactory, FromArgMatches, Parser, ValueEnum};
use neuron_run::inputs::RandomFill;
use neuron_run::{Config, Format, InputSpec};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

/// neuron-run: run a model's entry function in the reference interpreter.
///
/// Inputs are `.npy` files matched to the function's arguments by name (the `nn.name` argument
/// attribute, else arg0, arg1, …) or by position; outputs are summarised on stdout and, with
/// --output-dir, written as `.npy` files named after the results (nn.name, else out0, out1, …).
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

    /// Seed of --random-inputs.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 0,
        requires = "random_inputs"
    )]
    seed: u64,

    /// Write each output as DIR/<name>.npy (the directory is created if needed).
    #[arg(long, short = 'o', value_name = "DIR")]
    output_dir: Option<PathBuf>,

    /// Interpreter threads; 0 uses every core.
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,

    /// Summary format on stdout.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,

    /// Print the wall time of each phase (parse, inputs, execute, outputs) on stderr.
    #[arg(long)]
    timing: bool,

    /// Static shape for an ONNX model input with dynamic dimensions: NAME=1x128 (repeatable).
    #[arg(long = "input-shape", value_name = "NAME=DIMS")]
    input_shape: Vec<String>,
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
    /// The run configuration.
    fn into_config(self) -> Config {
        Config {
            model: self.model,
            entry: self.entry,
            inputs: self.inputs.iter().map(|s| InputSpec::parse(s)).collect(),
            random: RandomFill {
                enabled: self.random_inputs,
                seed: self.seed,
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
        .and_then(|m| Cli::from_arg_matches(&m));
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
