//! neuron-run: run a model's entry function in the reference interpreter.
//!
//! This binary only parses the command line; the `neuron_run` library does the work.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    neuron_nn::link();
    neuron_driver::init_logging();
    match cli::parse_args(std::env::args_os()) {
        Ok(config) => neuron_run::run(&config),
        Err(code) => code,
    }
}
