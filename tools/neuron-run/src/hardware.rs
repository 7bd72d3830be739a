//! The hardware path's pipeline plumbing: the precision flags (expanded by
//! `neuron_driver::FastMathFlags`, or the target compiler's default when none is given), the
//! user's `--pass-pipeline`, then `lower-to-nhw{target=…}`, run by the pass manager.

use crate::error::RunError;
use crate::metrics::Tolerance;
use neuron_driver::FastMathFlags;
use neuron_interp::nhw::Rounding;
use neuron_ir::{Diagnostic, Module};
use neuron_nhw::Target;
use neuron_pass::{parse_pipeline, PassManager, PassManagerOptions, Pipeline, RunResult};
use std::io::Write;

/// The flags of the hardware path (all defaults: a plain FP32 reference run).
#[derive(Clone, Debug, Default)]
pub struct HardwareFlags {
    /// `--fast-math`, `--fp32-cast`, `--auto-cast`, … as neuron-opt takes them.
    pub precision: FastMathFlags,
    /// `--pass-pipeline`: run after the precision passes, before the lowering.
    pub pass_pipeline: Option<String>,
    /// `--target` (`None`: not given; inf1 is the default).
    pub target: Option<Target>,
    /// `--rounding` (`None`: not given; round to nearest even).
    pub rounding: Option<Rounding>,
    /// `--compare-reference`: also run the original module in the FP32 reference interpreter.
    pub compare_reference: bool,
    /// `--tolerance` of the "outside" metric.
    pub tolerance: Tolerance,
    /// `--cost`: print the cost report (also printed with `--compare-reference`).
    pub cost: bool,
}

/// The pipeline of a hardware run, in its parts, with the warnings to show first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The target of the lowering.
    pub target: Target,
    /// The precision pipeline (from the flags, or the target's default).
    pub precision: String,
    /// The compiler default used when no precision flag was given (`--fast-math all`).
    pub default: Option<&'static str>,
    /// The user's `--pass-pipeline`.
    pub user: Option<String>,
    /// `lower-to-nhw{target=…}`.
    pub lowering: String,
    /// Warnings: deprecated flags, a flag of the other compiler than the target's.
    pub warnings: Vec<String>,
}

impl HardwareFlags {
    /// True if any hardware flag is given: the run then lowers the model to `nhw`.
    pub fn active(&self) -> bool {
        self.precision.any()
            || self.pass_pipeline.is_some()
            || self.target.is_some()
            || self.rounding.is_some()
            || self.compare_reference
            || self.cost
    }

    /// The target (`inf1` unless `--target` says otherwise).
    pub fn target(&self) -> Target {
        self.target.unwrap_or(Target::Inf1)
    }

    /// The rounding mode of the `nhw` interpreter.
    pub fn rounding(&self) -> Rounding {
        self.rounding.unwrap_or_default()
    }

    /// The pipeline these flags ask for; errors for conflicting or invalid flag values.
    pub fn plan(&self) -> Result<Plan, RunError> {
        let target = self.target();
        if matches!(self.rounding, Some(Rounding::Stochastic { .. })) && target == Target::Inf1 {
            return Err(RunError::Flags(
                "--rounding stochastic needs --target trn1: NeuronCore-v1 (inf1) rounds to \
                 nearest even only"
                    .into(),
            ));
        }
        let (flags, default) = with_target_default(&self.precision, target);
        let expansion = flags.expand().map_err(|e| RunError::Flags(e.to_string()))?;
        let mut warnings = expansion.warnings;
        warnings.extend(compiler_mismatch(&self.precision, target));
        Ok(Plan {
            target,
            precision: expansion.pipeline.unwrap_or_default(),
            default,
            user: self.pass_pipeline.clone(),
            lowering: format!("lower-to-nhw{{target={}}}", target.name()),
            warnings,
        })
    }
}

/// The flags, with the target compiler's default cast filled in when no cast flag is given:
/// neuron-cc's `--fast-math all` for inf1, neuronx-cc's `--auto-cast none` for trn1.
fn with_target_default(
    flags: &FastMathFlags,
    target: Target,
) -> (FastMathFlags, Option<&'static str>) {
    let has_cast = !flags.fast_math.is_empty()
        || flags.fp32_cast.is_some()
        || flags.auto_cast.is_some()
        || flags.auto_cast_type.is_some();
    if has_cast {
        return (flags.clone(), None);
    }
    let mut flags = flags.clone();
    match target {
        Target::Inf1 => {
            flags.fast_math = vec!["all".into()];
            (flags, Some("--fast-math all"))
        }
        Target::Trn1 => {
            flags.auto_cast = Some("none".into());
            (flags, Some("--auto-cast none"))
        }
    }
}

/// A warning when the cast flags belong to the other compiler than the target's.
fn compiler_mismatch(flags: &FastMathFlags, target: Target) -> Option<String> {
    let neuron_cc = !flags.fast_math.is_empty() || flags.fp32_cast.is_some();
    let neuronx_cc = flags.auto_cast.is_some() || flags.auto_cast_type.is_some();
    match target {
        Target::Trn1 if neuron_cc => Some(
            "--fast-math/--fp32-cast are neuron-cc (inf1) flags; lowering for trn1 anyway".into(),
        ),
        Target::Inf1 if neuronx_cc => Some(
            "--auto-cast/--auto-cast-type are neuronx-cc (trn1) flags; lowering for inf1 anyway"
                .into(),
        ),
        _ => None,
    }
}

impl Plan {
    /// The pipeline's parts in order (precision, user, lowering), as text.
    pub fn parts(&self) -> Vec<&str> {
        let mut parts = vec![self.precision.as_str()];
        parts.extend(self.user.as_deref());
        parts.push(&self.lowering);
        parts.retain(|p| !p.is_empty());
        parts
    }

    /// The parts joined by commas, for reports.
    pub fn text(&self) -> String {
        self.parts().join(",")
    }

    /// The parsed pipeline; `Err` holds the failing part's text and its diagnostic (located in
    /// that text, under the file name `<pass-pipeline>`).
    pub fn pipeline(&self) -> Result<Pipeline, (String, Diagnostic)> {
        neuron_passes::link();
        let mut pipeline = Pipeline::empty();
        for part in self.parts() {
            let p = parse_pipeline(part).map_err(|d| (part.to_string(), d))?;
            pipeline.extend(p);
        }
        Ok(pipeline)
    }
}

/// Runs `pipeline` on `module` (verifying after every pass); pass text output goes to `err`.
pub fn lower(module: &mut Module, pipeline: Pipeline, err: &mut dyn Write) -> RunResult {
    PassManager::new(pipeline, PassManagerOptions::default()).run(module, err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(fast_math: &str, target: Option<Target>) -> HardwareFlags {
        HardwareFlags {
            precision: FastMathFlags {
                fast_math: fast_math.split_whitespace().map(str::to_string).collect(),
                ..FastMathFlags::default()
            },
            target,
            ..HardwareFlags::default()
        }
    }

    #[test]
    fn no_flag_means_no_hardware_run() {
        assert!(!HardwareFlags::default().active());
        assert!(flags("", Some(Target::Trn1)).active());
        let cost = HardwareFlags {
            cost: true,
            ..HardwareFlags::default()
        };
        assert!(cost.active());
    }

    #[test]
    fn target_defaults_follow_the_compilers() {
        let p = flags("", None).plan().unwrap();
        assert_eq!(
            p.text(),
            "fp32-cast-all,fast-relayout,canonicalize,lower-to-nhw{target=inf1}"
        );
        assert_eq!(p.default, Some("--fast-math all"));
        let p = flags("", Some(Target::Trn1)).plan().unwrap();
        assert_eq!(
            p.text(),
            "auto-cast{mode=none type=bf16},canonicalize,lower-to-nhw{target=trn1}"
        );
        assert_eq!(p.default, Some("--auto-cast none"));
    }

    #[test]
    fn explicit_flags_and_user_pipeline() {
        let mut f = flags("fp32-cast-matmult no-fast-relayout", None);
        f.pass_pipeline = Some("builtin.module(cse)".into());
        let p = f.plan().unwrap();
        assert_eq!(p.default, None);
        assert_eq!(
            p.parts(),
            [
                "fp32-cast-matmult,no-fast-relayout,canonicalize",
                "builtin.module(cse)",
                "lower-to-nhw{target=inf1}"
            ]
        );
        assert_eq!(p.pipeline().unwrap().num_passes(), 5);
    }

    #[test]
    fn bad_combinations_are_errors_or_warnings() {
        let e = flags("all none", None).plan().unwrap_err().to_string();
        assert!(e.contains("'all' and 'none' exclude each other"), "{e}");
        let mut f = flags("", None);
        f.rounding = Some(Rounding::Stochastic { seed: 1 });
        assert!(f.plan().unwrap_err().to_string().contains("--target trn1"));
        let p = flags("all", Some(Target::Trn1)).plan().unwrap();
        assert!(p.warnings[0].contains("neuron-cc (inf1) flags"), "{p:?}");
        let mut f = flags("", None);
        f.pass_pipeline = Some("bogus".into());
        let (part, d) = f.plan().unwrap().pipeline().unwrap_err();
        assert_eq!(part, "bogus");
        assert!(d.message.contains("'bogus'"), "{}", d.message);
    }
}
