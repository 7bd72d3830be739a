//! `auto-cast{mode=none|matmult|all type=bf16|fp16|tf32|fp8_e4m3}`: neuronx-cc's casting option.
//!
//! `matmul` is accepted as a spelling of `matmult`. Fast transposes use the cast type when it is a
//! 16-bit type and BF16 otherwise; with `mode=none` nothing is narrowed, so they stay FP32 (lossless
//! on NeuronCore-v2's matmult engine; lowering for inf1, which has no FP32 matmult, narrows them).

use crate::fast_math::{apply_cast, CastScope, CastSetting};
use neuron_ir::{Diagnostic, Module, Scalar};
use neuron_pass::{
    Changed, OptionKind, OptionSpec, Pass, PassOptions, PassOutput, PassRegistration,
};

/// The `auto-cast` pass.
#[derive(Clone, Copy, Debug)]
pub struct AutoCast {
    /// The setting it applies.
    pub setting: CastSetting,
}

impl Pass for AutoCast {
    fn run_on_module(&self, m: &mut Module, _: &mut PassOutput) -> Result<Changed, Diagnostic> {
        apply_cast(m, "auto-cast", self.setting)
    }
}

/// The narrow type an `auto-cast` type word names.
pub fn auto_cast_type(word: &str) -> Option<Scalar> {
    match word {
        "bf16" => Some(Scalar::BF16),
        "fp16" => Some(Scalar::F16),
        "tf32" => Some(Scalar::TF32),
        "fp8_e4m3" => Some(Scalar::F8E4M3FN),
        _ => None,
    }
}

fn create(opts: &PassOptions) -> Result<Box<dyn Pass>, String> {
    let scope = match opts.str("mode") {
        "none" => CastScope::None,
        "matmult" | "matmul" => CastScope::Matmult,
        _ => CastScope::All,
    };
    let ty = auto_cast_type(opts.str("type")).unwrap_or(Scalar::BF16);
    let transpose_ty = match scope {
        // No casting at all: transposes stay in FP32, which the v2 matmult engine runs losslessly.
        CastScope::None => Scalar::F32,
        _ if ty.bit_width() == 16 => ty,
        _ => Scalar::BF16,
    };
    Ok(Box::new(AutoCast {
        setting: CastSetting {
            scope,
            ty,
            transpose_ty,
        },
    }))
}

inventory::submit! {
    PassRegistration {
        argument: "auto-cast",
        name: "AutoCast",
        summary: "neuronx-cc --auto-cast: cast matmult-engine ops (matmult) or every FP32 op (all) to a narrow type",
        options: &[
            OptionSpec {
                name: "mode",
                kind: OptionKind::Enum(&["none", "matmult", "matmul", "all"]),
                default: "none",
                help: "Which FP32 ops are cast (matmul is a spelling of matmult)",
            },
            OptionSpec {
                name: "type",
                kind: OptionKind::Enum(&["bf16", "fp16", "tf32", "fp8_e4m3"]),
                default: "bf16",
                help: "The type to cast to",
            },
        ],
        create,
    }
}
