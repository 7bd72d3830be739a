//! The neuron-opt driver library: input splitting, diagnostic verification, atomic output,
//! and the run that parses, verifies, transforms and prints each chunk of the input.

pub mod args;
pub mod config;
pub mod error;
pub mod expected;
pub mod fast_math;
pub mod input;
pub mod listing;
pub mod logging;
pub mod onnx_input;
pub mod output;
pub mod run;
pub mod split;

pub use config::{Config, PassFlag, PrintIrConfig};
pub use error::DriverError;
pub use fast_math::FastMathFlags;
pub use logging::init_logging;
pub use run::{run, run_with};
