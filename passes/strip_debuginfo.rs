//! `strip-debuginfo`: replaces every location in the module with `loc(unknown)`
//! (the worked example of docs/writing-a-pass.md).

use neuron_ir::{Diagnostic, Func, Location, Module};
use neuron_pass::{Changed, Pass, PassOptions, PassOutput, PassRegistration};

/// The `strip-debuginfo` pass.
#[derive(Clone, Copy, Debug, Default)]
pub struct StripDebugInfo;

impl Pass for StripDebugInfo {
    fn run_on_module(&self, m: &mut Module, out: &mut PassOutput) -> Result<Changed, Diagnostic> {
        let mut changed = Changed::from(std::mem::take(&mut m.loc) != Location::Unknown);
        for f in &mut m.funcs {
            changed = changed.or(self.run_on_function(f, out)?);
        }
        Ok(changed)
    }

    fn run_on_function(&self, f: &mut Func, _: &mut PassOutput) -> Result<Changed, Diagnostic> {
        let mut changed = std::mem::take(&mut f.loc) != Location::Unknown;
        let ops: Vec<_> = f.body.ops().collect();
        for op in ops {
            let loc = &mut f.body.op_mut(op).loc;
            changed |= std::mem::take(loc) != Location::Unknown;
        }
        Ok(Changed::from(changed))
    }

    fn is_function_pass(&self) -> bool {
        true
    }
}

fn create(_: &PassOptions) -> Result<Box<dyn Pass>, String> {
    Ok(Box::new(StripDebugInfo))
}

inventory::submit! {
    PassRegistration {
        argument: "strip-debuginfo",
        name: "StripDebugInfo",
        summary: "Replace every location with loc(unknown)",
        options: &[],
        create,
    }
}
