//! Built-in ops of the `func` dialect that every module uses.

use crate::define_op;
use crate::ir::{Func, OpId};
use crate::registry::{traits, DialectDef};

inventory::submit! { DialectDef { name: "func", summary: "functions, calls and returns", materialize_constant: None } }
inventory::submit! { DialectDef { name: "builtin", summary: "the module container", materialize_constant: None } }

define_op! {
    /// `func.return %a, %b : T, U`: ends a function, returning its operands.
    pub struct ReturnOp = "func.return" {
        summary: "returns values from a function",
        operands: [..values],
        results: [],
        attrs: [],
        traits: traits::TERMINATOR | traits::PURE,
        verify: Some(verify_return),
        fold: None,
        canonicalize: None,
    }
}

fn verify_return(f: &Func, op: OpId) -> Result<(), String> {
    let body = &f.body;
    let got: Vec<_> = body
        .op(op)
        .operands()
        .iter()
        .map(|v| body.ty(*v).clone())
        .collect();
    if got.len() != f.ty.results.len() {
        return Err(format!(
            "has {} operands, but enclosing function (@{}) returns {}",
            got.len(),
            f.name,
            f.ty.results.len()
        ));
    }
    for (i, (g, want)) in got.iter().zip(&f.ty.results).enumerate() {
        if g != want {
            return Err(format!(
                "type of return operand {i} ({g}) doesn't match function result type ({want}) in function @{}",
                f.name
            ));
        }
    }
    Ok(())
}
