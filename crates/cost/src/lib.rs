//! neuron-cost: the cost model of the `nhw` hardware dialect.
//!
//! [`op_cost`] estimates how long one `nhw` op keeps its engine (Tensor, Vector, Scalar or DMA)
//! busy on a target (`inf1` = NeuronCore-v1, `trn1` = NeuronCore-v2), from the published
//! figures of /work/shared/reference/hardware.md (see `target.rs`: every constant cites its
//! figure; the few assumptions are marked and listed in docs/cost-model.md). [`estimate`] sums
//! a function's ops into a [`CostReport`]: busy time per engine, the serial total, and each op
//! kind's count and share, rendered as a text table or as JSON.

pub mod error;
pub mod model;
pub mod ops;
pub mod report;
pub mod target;

pub use error::CostError;
pub use ops::{nhw_ops_without_cost, op_cost};
pub use report::{CostReport, OpCost};
pub use target::{Engine, Target};

use neuron_ir::registry::traits;
use neuron_ir::{Func, Module};

/// The cost of every op of `f` (terminators excluded) on `target`.
pub fn estimate_func(f: &Func, target: Target) -> Result<CostReport, CostError> {
    let ops = f
        .body
        .ops()
        .filter(|&op| !f.body.op(op).has_trait(traits::TERMINATOR))
        .map(|op| op_cost(f, op, target))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CostReport::from_ops(target, &f.name, ops))
}

/// The cost of the function `entry` (`main` or `@main`) of `m` on `target`.
pub fn estimate(m: &Module, entry: &str, target: Target) -> Result<CostReport, CostError> {
    let entry = entry.strip_prefix('@').unwrap_or(entry);
    let f = m
        .func(entry)
        .ok_or_else(|| CostError::NoSuchFunction(entry.to_string()))?;
    estimate_func(f, target)
}
