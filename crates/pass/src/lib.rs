//! neuron-pass: the `Pass` trait, the pass and pipeline registries, typed pass options,
//! the MLIR-grammar pipeline parser and the pass manager with its instrumentation.

pub mod manager;
pub mod options;
pub mod pipeline;
pub mod registry;
pub mod timing;

pub use manager::{PassManager, PassManagerOptions, RunResult};
pub use pipeline::{
    parse_pipeline, Anchor, PassInstance, Pipeline, PipelineElement, PIPELINE_SOURCE_NAME,
};
pub use timing::TimingReport;

pub use options::{OptionKind, OptionSpec, OptionValue, PassOptions};
pub use registry::{
    all_passes, all_pipelines, lookup_pass, lookup_pipeline, PassRegistration, PipelineRegistration,
};

use neuron_ir::{Diagnostic, Func, Module};

/// What a pass did to the IR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changed {
    /// The IR was modified.
    Yes,
    /// The IR is exactly as before.
    No,
}

impl Changed {
    /// `Yes` if `b`.
    pub fn from(b: bool) -> Changed {
        if b {
            Changed::Yes
        } else {
            Changed::No
        }
    }

    /// True for `Yes`.
    pub fn changed(self) -> bool {
        self == Changed::Yes
    }

    /// `Yes` if either is.
    pub fn or(self, other: Changed) -> Changed {
        Changed::from(self.changed() || other.changed())
    }
}

/// Output of a pass that is not IR (reports such as `print-op-stats`), written to stderr by the driver.
#[derive(Default, Debug)]
pub struct PassOutput {
    /// Text the pass wants shown to the user (on stderr, in pipeline order).
    pub text: String,
    /// Warnings and remarks the pass emitted (errors are returned as `Err`).
    pub diagnostics: Vec<Diagnostic>,
}

/// A transformation or analysis over a module.
///
/// Implement `run_on_module`, or `run_on_function` for passes that look at one function
/// at a time (the pass manager may then run functions in parallel).
pub trait Pass: Send + Sync {
    /// Runs on the whole module.
    fn run_on_module(&self, m: &mut Module, out: &mut PassOutput) -> Result<Changed, Diagnostic> {
        let mut changed = Changed::No;
        for f in &mut m.funcs {
            changed = changed.or(self.run_on_function(f, out)?);
        }
        Ok(changed)
    }

    /// Runs on one function. Passes that override `run_on_module` only may leave this as is.
    fn run_on_function(&self, f: &mut Func, out: &mut PassOutput) -> Result<Changed, Diagnostic> {
        let _ = (f, out);
        Ok(Changed::No)
    }

    /// True if the pass only needs `run_on_function` (it may be nested under `func.func`).
    fn is_function_pass(&self) -> bool {
        false
    }
}
