//! onnx-check: runs ONNX models through the importer (`neuron-onnx`) and the reference
//! interpreter (`neuron-interp`) and compares with expected outputs in `TensorProto` files.
//!
//! - `node ROOT`: every ONNX backend node test case under ROOT; one JSON line per case.
//! - `light DIR`: the `light_*.onnx` models with their `_output_0.pb`; one JSON line each.
//! - `compare MODEL --input … --expected …`: relative L2 error and run time (one JSON object).
//!
//! tools/onnx-conformance.sh and tools/real-models.sh drive it and summarise.

mod check;
mod compare;
mod error;
mod light;
mod model;
mod node;
mod pb;

use clap::{Parser, Subcommand};
use compare::Tolerance;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "onnx-check",
    about = "Check ONNX models against expected outputs"
)]
struct Cli {
    /// Relative tolerance of the element-wise comparison.
    #[arg(long, default_value_t = 1e-3, global = true)]
    rtol: f64,
    /// Absolute tolerance of the element-wise comparison.
    #[arg(long, default_value_t = 1e-7, global = true)]
    atol: f64,
    /// Interpreter threads (0 = every core).
    #[arg(long, default_value_t = 0, global = true)]
    threads: usize,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Run the backend node test cases under ROOT (directories with a model.onnx).
    Node {
        /// The directory of the cases (onnx/backend/test/data/node).
        root: PathBuf,
        /// Only cases whose name contains one of these strings.
        #[arg(long)]
        filter: Vec<String>,
    },
    /// Run the light models in DIR (light_NAME.onnx with light_NAME_output_0.pb).
    Light {
        /// The directory (onnx/backend/test/data/light).
        dir: PathBuf,
    },
    /// Run one model on input .pb files and compare with expected .pb files.
    Compare {
        /// The model.
        model: PathBuf,
        /// An input TensorProto file (repeatable; matched by name, else by position).
        #[arg(long = "input", required = true)]
        inputs: Vec<PathBuf>,
        /// An expected output TensorProto file, in graph output order (repeatable).
        #[arg(long = "expected", required = true)]
        expected: Vec<PathBuf>,
        /// Timed runs after the first one.
        #[arg(long, default_value_t = 5)]
        repeat: usize,
        /// Also write the computed outputs to DIR/output_<i>.pb.
        #[arg(long, value_name = "DIR")]
        save_outputs: Option<PathBuf>,
    },
}

/// Logs (`RUST_LOG`, default `error`) go to stderr; `neuron_interp=debug` times every op.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

fn main() -> ExitCode {
    neuron_nn::link();
    init_logging();
    let cli = Cli::parse();
    let tol = Tolerance {
        rtol: cli.rtol,
        atol: cli.atol,
    };
    // Panics inside a case are caught and reported with the case; keep stderr quiet.
    std::panic::set_hook(Box::new(|_| {}));
    let result = match cli.cmd {
        Cmd::Node { root, filter } => run_node(&root, &filter, tol, cli.threads),
        Cmd::Light { dir } => run_light(&dir, tol, cli.threads),
        Cmd::Compare {
            model,
            inputs,
            expected,
            repeat,
            save_outputs,
        } => {
            let job = check::CompareJob {
                model,
                inputs,
                expected,
                repeat,
                threads: cli.threads,
                save_dir: save_outputs,
            };
            check::run_compare(&job, tol).map(|v| {
                println!("{v}");
                true
            })
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("onnx-check: error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Prints one JSON line per node case; `Ok(true)` even if cases fail (the caller counts).
fn run_node(
    root: &std::path::Path,
    filter: &[String],
    tol: Tolerance,
    threads: usize,
) -> error::Result<bool> {
    let mut out = std::io::stdout().lock();
    for dir in node::case_dirs(root)? {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let report = node::run_case(&dir, tol, threads);
        let _ = writeln!(out, "{}", report.to_json());
    }
    Ok(true)
}

/// Prints one JSON line per light model; `Ok(false)` if any does not match.
fn run_light(dir: &std::path::Path, tol: Tolerance, threads: usize) -> error::Result<bool> {
    let rd = std::fs::read_dir(dir).map_err(|e| error::CheckError::Io {
        path: dir.display().to_string(),
        message: e.to_string(),
    })?;
    let mut models: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "onnx"))
        .collect();
    models.sort();
    let mut all_ok = true;
    for m in models {
        let expected = m.with_file_name(format!(
            "{}_output_0.pb",
            m.file_stem().unwrap_or_default().to_string_lossy()
        ));
        let v = light::check_light(&m, &expected, tol, threads);
        all_ok &= v["status"] == "pass";
        println!("{v}");
    }
    Ok(all_ok)
}
