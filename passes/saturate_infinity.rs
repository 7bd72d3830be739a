//! `saturate-infinity`: before compiler-introduced matmul transposes, ±Inf becomes ±MAX of the
//! type, so 0·Inf cannot make NaN (neuronx-cc `--enable-saturate-infinity`). Recorded for lowering.

use crate::fast_math::apply_flag;
use neuron_ir::{Diagnostic, Module};
use neuron_pass::{Changed, Pass, PassOutput, PassRegistration};

/// The `saturate-infinity` pass.
#[derive(Clone, Copy, Debug, Default)]
pub struct SaturateInfinity;

impl Pass for SaturateInfinity {
    fn run_on_module(&self, m: &mut Module, _: &mut PassOutput) -> Result<Changed, Diagnostic> {
        apply_flag(m, |s| s.saturate_infinity = true)
    }
}

inventory::submit! {
    PassRegistration {
        argument: "saturate-infinity",
        name: "SaturateInfinity",
        summary: "Before compiler-introduced matmul transposes, ±Inf becomes ±MAX of the type",
        options: &[],
        create: |_| Ok(Box::new(SaturateInfinity)),
    }
}
