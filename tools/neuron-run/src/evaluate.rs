//! The steps of a hardware run: lower a copy of the model ([`compile`]), run it in the `nhw`
//! interpreter ([`execute`]), run the original in the FP32 reference interpreter
//! ([`reference`]), compare the outputs ([`compare_outputs`]) and estimate the cost ([`cost`]).
//! [`evaluate`] chains them; neuron-run's `run` calls them one by one to time each.

use crate::error::RunError;
use crate::hardware::{lower, HardwareFlags, Plan};
use crate::metrics::{compare_tensors, Metrics, Tolerance};
use crate::summary::Summary;
use neuron_cost::CostReport;
use neuron_interp::nhw::{NhwOptions, Rounding};
use neuron_interp::{InterpOptions, Tensor};
use neuron_ir::{Diagnostic, Module};
use std::io::Write;

/// Why a step of a hardware run failed.
#[derive(Debug)]
pub enum HardwareError {
    /// Diagnostics located in the model (pass, interpreter or cost-model errors).
    Diagnostics(Vec<Diagnostic>),
    /// A pipeline part that does not parse: its text and the diagnostic located in it.
    Pipeline(String, Diagnostic),
    /// Any other failure.
    Run(RunError),
}

impl From<RunError> for HardwareError {
    fn from(e: RunError) -> Self {
        HardwareError::Run(e)
    }
}

/// The lowered module and the non-error diagnostics of its passes (remarks, warnings).
pub struct Compiled {
    /// The module after the pipeline: `nhw` ops.
    pub module: Module,
    /// Warnings and remarks the passes emitted.
    pub diagnostics: Vec<Diagnostic>,
}

/// One output of a hardware run.
#[derive(Clone, Debug)]
pub struct OutputReport {
    /// The summary of the hardware result.
    pub summary: Summary,
    /// The summary of the reference result (with `--compare-reference`).
    pub reference: Option<Summary>,
    /// The error of the hardware result against the reference.
    pub metrics: Option<Metrics>,
}

/// Everything a hardware run reports.
#[derive(Clone, Debug)]
pub struct HardwareReport {
    /// The pipeline that lowered the model.
    pub plan: Plan,
    /// The rounding mode of the `nhw` interpreter.
    pub rounding: Rounding,
    /// The tolerance of the comparison (`None` without one).
    pub tolerance: Option<Tolerance>,
    /// Per output.
    pub outputs: Vec<OutputReport>,
    /// The cost estimate (with `--cost` or `--compare-reference`).
    pub cost: Option<CostReport>,
}

/// Lowers a copy of `module` with the plan's pipeline; pass text output goes to `err`.
pub fn compile(
    module: &Module,
    plan: &Plan,
    err: &mut dyn Write,
) -> Result<Compiled, HardwareError> {
    let pipeline = plan
        .pipeline()
        .map_err(|(text, d)| HardwareError::Pipeline(text, d))?;
    let mut lowered = module.clone();
    tracing::debug!(pipeline = %plan.text(), "lowering");
    let run = lower(&mut lowered, pipeline, err);
    if run.failed {
        return Err(HardwareError::Diagnostics(run.diagnostics));
    }
    Ok(Compiled {
        module: lowered,
        diagnostics: run.diagnostics,
    })
}

/// Runs `entry` of the lowered module in the `nhw` interpreter.
pub fn execute(
    lowered: &Module,
    entry: &str,
    inputs: Vec<Tensor>,
    rounding: Rounding,
    threads: usize,
) -> Result<Vec<Tensor>, HardwareError> {
    let opts = NhwOptions { threads, rounding };
    neuron_interp::nhw::run_function(lowered, entry, inputs, &opts)
        .map_err(|e| HardwareError::Diagnostics(vec![e.to_diagnostic()]))
}

/// Runs `entry` of the original module in the FP32 reference interpreter.
pub fn reference(
    module: &Module,
    entry: &str,
    inputs: Vec<Tensor>,
    threads: usize,
) -> Result<Vec<Tensor>, HardwareError> {
    neuron_interp::run_function(module, entry, inputs, &InterpOptions { threads })
        .map_err(|e| HardwareError::Diagnostics(vec![e.to_diagnostic()]))
}

/// The cost estimate of `entry` of the lowered module on `plan`'s target.
pub fn cost(lowered: &Module, entry: &str, plan: &Plan) -> Result<CostReport, HardwareError> {
    neuron_cost::estimate(lowered, entry, plan.target.into())
        .map_err(|e| HardwareError::Diagnostics(vec![e.to_diagnostic()]))
}

/// Pairs each output's summary (already made, with its file) with the reference's summary and
/// the error metrics, when there is a reference.
pub fn compare_outputs(
    summaries: Vec<Summary>,
    results: &[Tensor],
    reference: Option<&[Tensor]>,
    tol: Tolerance,
) -> Result<Vec<OutputReport>, RunError> {
    let mut reports = Vec::with_capacity(summaries.len());
    for (i, (summary, run)) in summaries.into_iter().zip(results).enumerate() {
        let (reference, metrics) = match reference.and_then(|r| r.get(i)) {
            Some(r) => {
                let m = compare_tensors(run, r, tol).map_err(|message| RunError::Compare {
                    name: summary.name.clone(),
                    message,
                })?;
                (Some(Summary::of(&summary.name, r)), Some(m))
            }
            None => (None, None),
        };
        reports.push(OutputReport {
            summary,
            reference,
            metrics,
        });
    }
    Ok(reports)
}

/// A whole hardware run of `entry` on `inputs` (named `names` on output), without writing
/// files: what [`crate::run`] does for one flag set, for callers that reuse one parsed module
/// and one reference result across several settings. `reference_results` is computed when
/// `--compare-reference` is set and none is given.
pub fn evaluate(
    module: &Module,
    entry: &str,
    names: &[String],
    inputs: &[Tensor],
    reference_results: Option<&[Tensor]>,
    flags: &HardwareFlags,
    threads: usize,
) -> Result<(HardwareReport, Vec<Diagnostic>), HardwareError> {
    let plan = flags.plan()?;
    let compiled = compile(module, &plan, &mut std::io::sink())?;
    let results = execute(
        &compiled.module,
        entry,
        inputs.to_vec(),
        flags.rounding(),
        threads,
    )?;
    let computed;
    let reference_results = match (flags.compare_reference, reference_results) {
        (false, _) => None,
        (true, Some(r)) => Some(r),
        (true, None) => {
            computed = reference(module, entry, inputs.to_vec(), threads)?;
            Some(computed.as_slice())
        }
    };
    let summaries = names
        .iter()
        .zip(&results)
        .map(|(n, t)| Summary::of(n, t))
        .collect();
    let outputs = compare_outputs(summaries, &results, reference_results, flags.tolerance)?;
    let with_cost = flags.cost || flags.compare_reference;
    let cost = with_cost
        .then(|| cost(&compiled.module, entry, &plan))
        .transpose()?;
    let report = HardwareReport {
        tolerance: flags.compare_reference.then_some(flags.tolerance),
        rounding: flags.rounding(),
        plan,
        outputs,
        cost,
    };
    Ok((report, compiled.diagnostics))
}
