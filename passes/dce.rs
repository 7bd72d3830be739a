//! `dce`: removes pure ops whose results are unused, transitively, in one reverse walk
//! (users come after their operands' definitions, so one walk from the end suffices).

use crate::util::is_trivially_dead;
use neuron_ir::{Diagnostic, Func};
use neuron_pass::{Changed, Pass, PassOptions, PassOutput, PassRegistration};

/// Erases every dead pure op of a function; returns how many were erased.
pub fn dce_function(f: &mut Func) -> usize {
    let body = &mut f.body;
    let mut erased = 0;
    let mut cur = body.last_op();
    while let Some(op) = cur {
        cur = body.prev_op(op);
        if is_trivially_dead(body, op) {
            body.erase(op);
            erased += 1;
        }
    }
    erased
}

/// The `dce` pass.
#[derive(Clone, Copy, Debug, Default)]
pub struct Dce;

impl Pass for Dce {
    fn run_on_function(&self, f: &mut Func, _: &mut PassOutput) -> Result<Changed, Diagnostic> {
        let erased = dce_function(f);
        tracing::debug!(func = %f.name, erased, "dce");
        Ok(Changed::from(erased > 0))
    }

    fn is_function_pass(&self) -> bool {
        true
    }
}

fn create(_: &PassOptions) -> Result<Box<dyn Pass>, String> {
    Ok(Box::new(Dce))
}

inventory::submit! {
    PassRegistration {
        argument: "dce",
        name: "DCE",
        summary: "Remove pure operations whose results are unused",
        options: &[],
        create,
    }
}
