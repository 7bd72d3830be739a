//! `mixed-precision-accumulation{enable=true|false}`: whether reductions (dot products, reduce,
//! softmax and layer-norm internals) accumulate in FP32 and then cast to the op's type
//! (neuronx-cc's default), or in the narrow type. Recorded for lowering.

use crate::fast_math::apply_flag;
use neuron_ir::{Diagnostic, Module};
use neuron_pass::{Changed, OptionKind, OptionSpec, Pass, PassOutput, PassRegistration};

/// The `mixed-precision-accumulation` pass.
#[derive(Clone, Copy, Debug)]
pub struct MixedPrecisionAccumulation {
    /// True: accumulate in FP32.
    pub enable: bool,
}

impl Pass for MixedPrecisionAccumulation {
    fn run_on_module(&self, m: &mut Module, _: &mut PassOutput) -> Result<Changed, Diagnostic> {
        apply_flag(m, |s| s.fp32_accumulation = Some(self.enable))
    }
}

inventory::submit! {
    PassRegistration {
        argument: "mixed-precision-accumulation",
        name: "MixedPrecisionAccumulation",
        summary: "Reductions accumulate in FP32 (enable=true, the default) or in the narrow type",
        options: &[OptionSpec {
            name: "enable",
            kind: OptionKind::Bool,
            default: "true",
            help: "Accumulate in FP32, then cast to the op's type",
        }],
        create: |o| Ok(Box::new(MixedPrecisionAccumulation { enable: o.bool("enable") })),
    }
}
