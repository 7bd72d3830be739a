//! neuron-run's library: run a model's entry function in the reference interpreter
//! (`neuron-interp`) with inputs from `.npy` files or a seeded random fill, write the outputs
//! as `.npy` and summarise them. With the hardware flags (`--fast-math`, `--target`,
//! `--compare-reference`, …) the model is first lowered to the `nhw` dialect and run with
//! hardware numerics, compared with the FP32 reference and costed. The `neuron-run` binary only
//! parses its command line.

pub mod error;
pub mod evaluate;
pub mod hardware;
pub mod inputs;
pub mod metrics;
pub mod npy;
pub mod random;
pub mod report;
pub mod run;
pub mod summary;

pub use error::RunError;
pub use evaluate::{evaluate, HardwareError, HardwareReport, OutputReport};
pub use hardware::{HardwareFlags, Plan};
pub use inputs::InputSpec;
pub use metrics::{Metrics, Tolerance};
pub use run::{run, run_with, Config, Format};
