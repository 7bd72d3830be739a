//! The verifier: structural rules (SSA dominance, terminators, unique symbols) and each
//! registered op's declared arity, attributes and custom checks.

use crate::diagnostics::Diagnostic;
use crate::ir::{Func, Module, OpId, ValueDef};
use crate::registry::{traits, OpDef};
use rustc_hash::FxHashSet;

/// Options of verification.
#[derive(Clone, Copy, Debug, Default)]
pub struct VerifyOptions {
    /// Accept ops whose dialect is not registered.
    pub allow_unregistered: bool,
}

/// Verifies a whole module; returns every error found (empty = valid).
pub fn verify_module(m: &Module, opts: VerifyOptions) -> Vec<Diagnostic> {
    let mut errs = Vec::new();
    for a in m.attrs.iter().filter(|a| !a.name.contains('.')) {
        errs.push(Diagnostic::error(
            m.loc.clone(),
            format!("'builtin.module' op can only contain attributes with dialect-prefixed names, found: '{}'", a.name),
        ));
    }
    let mut names = FxHashSet::default();
    for f in &m.funcs {
        if !names.insert(f.name.clone()) {
            errs.push(Diagnostic::error(
                f.loc.clone(),
                format!("redefinition of symbol named '{}'", f.name),
            ));
        }
        verify_func(f, opts, &mut errs);
    }
    errs
}

/// Verifies one function, appending errors to `errs`.
pub fn verify_func(f: &Func, opts: VerifyOptions, errs: &mut Vec<Diagnostic>) {
    let body = &f.body;
    for (i, (&a, t)) in body.args().iter().zip(&f.ty.inputs).enumerate() {
        if body.ty(a) != t {
            errs.push(Diagnostic::error(
                f.loc.clone(),
                format!("type of entry block argument #{i}({}) must match the type of the corresponding argument in function signature({t})", body.ty(a)),
            ));
        }
    }
    if body.args().len() != f.ty.inputs.len() {
        errs.push(Diagnostic::error(
            f.loc.clone(),
            "entry block must have as many arguments as the function signature",
        ));
    }
    let mut seen = vec![false; 0];
    let last = body.last_op();
    if last.is_none_or(|l| !body.op(l).has_trait(traits::TERMINATOR)) {
        let loc = last.map_or(f.loc.clone(), |l| body.op(l).loc.clone());
        errs.push(Diagnostic::error(
            loc,
            format!(
                "function @{} must end with a terminator such as 'func.return'",
                f.name
            ),
        ));
    }
    for op in body.ops() {
        verify_dominance(f, op, &mut seen, errs);
        let data = body.op(op);
        if data.has_trait(traits::TERMINATOR) && Some(op) != last {
            errs.push(Diagnostic::error(
                data.loc.clone(),
                format!("'{}' must be the last operation in the block", data.name()),
            ));
        }
        match data.def() {
            Some(def) => {
                if let Err(msg) = verify_op(f, op, def) {
                    errs.push(Diagnostic::error(
                        data.loc.clone(),
                        format!("'{}' op {msg}", def.name),
                    ));
                }
            }
            None if !opts.allow_unregistered => {
                errs.push(unregistered_error(data.name(), data.loc.clone()))
            }
            None => {}
        }
        let id = op.0 as usize;
        if seen.len() <= id {
            seen.resize(id + 1, false);
        }
        seen[id] = true;
    }
}

/// The error MLIR gives for an op of an unknown dialect or an unknown op of a known dialect.
pub fn unregistered_error(name: &str, loc: crate::Location) -> Diagnostic {
    let dialect = name.split_once('.').map_or(name, |(d, _)| d);
    let msg = if crate::registry::is_registered_dialect(dialect) {
        format!("unregistered operation '{name}' found in dialect ('{dialect}') that does not allow unknown operations")
    } else {
        format!("operation being parsed with an unregistered dialect ('{dialect}'); use --allow-unregistered-dialect to allow it")
    };
    Diagnostic::error(loc, msg)
}

fn verify_dominance(f: &Func, op: OpId, seen: &mut [bool], errs: &mut Vec<Diagnostic>) {
    let body = &f.body;
    for (i, &v) in body.op(op).operands().iter().enumerate() {
        if let ValueDef::Result(def, _) = body.value(v).def {
            let ok = (def.0 as usize) < seen.len() && seen[def.0 as usize] && body.is_alive(def);
            if !ok {
                errs.push(
                    Diagnostic::error(
                        body.op(op).loc.clone(),
                        format!("operand #{i} does not dominate this use"),
                    )
                    .with_note(body.op(def).loc.clone(), "operand defined here"),
                );
            }
        }
    }
}

/// Checks one registered op: arity, declared attributes, then its own verifier.
pub fn verify_op(f: &Func, op: OpId, def: &OpDef) -> Result<(), String> {
    let data = f.body.op(op);
    if !def.operands.accepts(data.operands().len()) {
        return Err(format!(
            "requires {} operands, but found {}",
            def.operands.describe(),
            data.operands().len()
        ));
    }
    if !def.results.accepts(data.num_results()) {
        return Err(format!(
            "requires {} results, but found {}",
            def.results.describe(),
            data.num_results()
        ));
    }
    for spec in def.attrs {
        match data.attr(spec.name) {
            None if spec.required => return Err(format!("requires attribute '{}'", spec.name)),
            Some(a) if !spec.kind.matches(a) => {
                return Err(format!(
                    "attribute '{}' failed to satisfy constraint: {}",
                    spec.name,
                    spec.kind.describe()
                ))
            }
            _ => {}
        }
    }
    if def.has_trait(traits::SAME_OPERANDS_AND_RESULT_TYPE) {
        let mut tys = data
            .operands()
            .iter()
            .map(|v| f.body.ty(*v))
            .chain(data.results().map(|r| f.body.ty(r)));
        if let Some(first) = tys.next() {
            if tys.any(|t| t != first) {
                return Err("requires the same type for all operands and results".into());
            }
        }
    }
    match def.verify {
        Some(v) => v(f, op),
        None => Ok(()),
    }
}
