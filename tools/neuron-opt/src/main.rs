//! neuron-opt: parse, transform and print neuron IR, like mlir-opt.
//!
//! This binary only parses the command line; `neuron_driver` does the work.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    neuron_passes::link();
    neuron_nn::link();
    neuron_driver::init_logging();
    match cli::parse_args(std::env::args_os()) {
        Ok(config) => neuron_driver::run(config),
        Err(code) => code,
    }
}
