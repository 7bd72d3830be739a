//! neuron-run's library: run a model's entry function in the reference interpreter
//! (`neuron-interp`) with inputs from `.npy` files or a seeded random fill, write the outputs
//! as `.npy` and summarise them. The `neuron-run` binary only parses its command line.

pub mod error;
pub mod inputs;
pub mod npy;
pub mod random;
pub mod run;
pub mod summary;

pub use error::RunError;
pub use inputs::InputSpec;
pub use run::{run, run_with, Config, Format};
