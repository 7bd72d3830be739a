//! `cse`: merges identical pure ops of a function, keeping the first; hash-based, one walk.
//!
//! Two ops are identical when they have the same kind, operands (sorted for commutative
//! ops), attributes (in any order) and result types. As `mlir-opt --cse` does, the walk
//! also erases ops that are trivially dead when reached.

use crate::util::{is_trivially_dead, AttrKey};
use neuron_ir::{traits, Body, Diagnostic, Func, OpId, Type, ValueId};
use neuron_pass::{Changed, Pass, PassOptions, PassOutput, PassRegistration};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use std::collections::hash_map::Entry;
use std::sync::Arc;

/// What makes two pure ops interchangeable.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct OpKey {
    name: &'static str,
    operands: SmallVec<[ValueId; 4]>,
    attrs: Vec<(Arc<str>, AttrKey)>,
    results: SmallVec<[Type; 1]>,
}

/// The key of `op` if it may be merged: registered, pure, not a terminator.
fn key(body: &Body, op: OpId) -> Option<OpKey> {
    let data = body.op(op);
    let def = data.def()?;
    if !def.has_trait(traits::PURE) || def.has_trait(traits::TERMINATOR) {
        return None;
    }
    let mut operands: SmallVec<[ValueId; 4]> = data.operands().into();
    if def.has_trait(traits::COMMUTATIVE) {
        operands.sort_unstable();
    }
    let mut attrs: Vec<(Arc<str>, AttrKey)> = data
        .attrs
        .iter()
        .map(|a| (a.name.clone(), AttrKey(a.value.clone())))
        .collect();
    attrs.sort_by(|a, b| a.0.cmp(&b.0));
    let results = data.results().map(|r| body.ty(r).clone()).collect();
    Some(OpKey {
        name: def.name,
        operands,
        attrs,
        results,
    })
}

/// What one run merged and erased.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CseStats {
    /// Ops replaced by an identical earlier op.
    pub merged: usize,
    /// Trivially dead ops erased on the way.
    pub erased: usize,
}

/// Runs CSE over one function body.
pub fn cse_function(f: &mut Func) -> CseStats {
    let body = &mut f.body;
    let mut stats = CseStats::default();
    let mut seen: FxHashMap<OpKey, OpId> = FxHashMap::default();
    let ops: Vec<OpId> = body.ops().collect();
    for op in ops {
        if is_trivially_dead(body, op) {
            body.erase(op);
            stats.erased += 1;
            continue;
        }
        let Some(k) = key(body, op) else {
            continue;
        };
        match seen.entry(k) {
            Entry::Occupied(first) => {
                let keep: Vec<ValueId> = body.op(*first.get()).results().collect();
                body.replace_op(op, &keep);
                stats.merged += 1;
            }
            Entry::Vacant(slot) => {
                slot.insert(op);
            }
        }
    }
    stats
}

/// The `cse` pass.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cse;

impl Pass for Cse {
    fn run_on_function(&self, f: &mut Func, _: &mut PassOutput) -> Result<Changed, Diagnostic> {
        let stats = cse_function(f);
        tracing::debug!(func = %f.name, ?stats, "cse");
        Ok(Changed::from(stats.merged + stats.erased > 0))
    }

    fn is_function_pass(&self) -> bool {
        true
    }
}

fn create(_: &PassOptions) -> Result<Box<dyn Pass>, String> {
    Ok(Box::new(Cse))
}

inventory::submit! {
    PassRegistration {
        argument: "cse",
        name: "CSE",
        summary: "Eliminate common sub-expressions",
        options: &[],
        create,
    }
}
