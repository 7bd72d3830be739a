//! neuron-translate's command line (clap, mlir-translate style: a translation flag plus the
//! input) and the run: import, print, atomic `-o`, errors as `file: error: …` with exit 1.

use clap::{CommandFactory, FromArgMatches, Parser};
use neuron_driver::output::Output;
use neuron_ir::printer::{print_module, PrintOptions};
use neuron_onnx::{ImportOptions, InputShape};
use std::ffi::OsString;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

/// neuron-translate: translate models into neuron IR.
#[derive(Parser, Debug)]
#[command(name = "neuron-translate", version, about, long_about = None)]
pub struct Cli {
    /// Input file, or `-` for standard input.
    #[arg(value_name = "INPUT", default_value = "-")]
    input: String,

    /// Translate an ONNX model (binary protobuf) into the nn dialect.
    #[arg(long = "import-onnx")]
    import_onnx: bool,

    /// Output file, or `-` for standard output; a file is replaced only if the run succeeds.
    #[arg(short = 'o', value_name = "FILENAME", default_value = "-")]
    output: String,

    /// Static shape of a graph input with dynamic dimensions, e.g. `input_ids=1x128` (repeatable).
    #[arg(long = "input-shape", value_name = "NAME=DIMS", value_parser = parse_shape)]
    input_shape: Vec<InputShape>,

    /// Name of the imported function.
    #[arg(long = "func-name", value_name = "NAME", default_value = "main")]
    func_name: String,

    /// Print every operation in the generic form.
    #[arg(long = "mlir-print-op-generic")]
    print_op_generic: bool,

    /// Print locations (`loc(...)`): the ONNX node names.
    #[arg(long = "mlir-print-debuginfo")]
    print_debuginfo: bool,

    /// Print dense elements attributes with more elements than N as hex (-1 never).
    #[arg(
        long = "mlir-print-elementsattrs-with-hex-if-larger",
        value_name = "N",
        allow_negative_numbers = true
    )]
    hex_if_larger: Option<i64>,
}

fn parse_shape(s: &str) -> Result<InputShape, String> {
    s.parse()
}

/// Parses the command line; `Err` carries the exit code after clap printed help, the
/// version (0) or an error (1).
pub fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Cli, ExitCode> {
    let mut cmd = Cli::command().term_width(0);
    let matches = cmd
        .try_get_matches_from_mut(args)
        .map_err(|e| clap_exit(&e))?;
    Cli::from_arg_matches(&matches).map_err(|e| clap_exit(&e))
}

fn clap_exit(e: &clap::Error) -> ExitCode {
    let _ = e.print();
    if e.use_stderr() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs the translation; prints `file: error: …` and returns 1 on failure.
pub fn run(cli: &Cli) -> ExitCode {
    let name = if cli.input == "-" {
        "<stdin>"
    } else {
        cli.input.as_str()
    };
    match translate(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("{name}: error: {msg}");
            ExitCode::from(1)
        }
    }
}

fn translate(cli: &Cli) -> Result<(), String> {
    if !cli.import_onnx {
        return Err("no translation selected: use --import-onnx".into());
    }
    let opts = ImportOptions {
        input_shapes: cli.input_shape.clone(),
        func_name: cli.func_name.clone(),
        ..ImportOptions::default()
    };
    let start = std::time::Instant::now();
    let module = if cli.input == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("could not read standard input: {e}"))?;
        neuron_onnx::import_bytes(buf, &opts)
    } else {
        neuron_onnx::import_file(Path::new(&cli.input), &opts)
    }
    .map_err(|e| e.to_string())?;
    tracing::info!(elapsed = ?start.elapsed(), ops = module.num_ops(), "imported");
    let mut print = PrintOptions {
        generic: cli.print_op_generic,
        debug_info: cli.print_debuginfo,
        ..PrintOptions::default()
    };
    if let Some(n) = cli.hex_if_larger {
        print.hex_threshold = usize::try_from(n).unwrap_or(usize::MAX);
    }
    let mut stdout = std::io::stdout().lock();
    let mut out = Output::open(&cli.output, &mut stdout).map_err(|e| e.to_string())?;
    // A blank line after the module, as mlir-opt and neuron-opt end their output.
    let written =
        print_module(&module, &print, out.writer()).and_then(|()| out.writer().write_all(b"\n"));
    let ok = written.is_ok();
    out.finish(ok).map_err(|e| e.to_string())?;
    written.map_err(|e| format!("could not write output: {e}"))
}
