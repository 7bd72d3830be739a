//! neuron-translate: translates models into neuron IR (`--import-onnx model.onnx -o model.mlir`).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    neuron_nn::link();
    neuron_driver::init_logging();
    match cli::parse_args(std::env::args_os()) {
        Ok(cli) => cli::run(&cli),
        Err(code) => code,
    }
}
