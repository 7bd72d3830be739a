//! Helpers shared by the pass tests: building modules with the `Body` API, running a
//! registered pass by name, and a compact one-line-per-op dump to compare exactly.

#![allow(dead_code)]

use neuron_ir::registry::OpView;
use neuron_ir::{Attribute, DenseElements, Func, FunctionType, Location, Module, OpId, OpKind};
use neuron_ir::{OpSpec, Scalar, Type, ValueDef, ValueId};
use neuron_pass::{Changed, PassOptions, PassOutput};
use std::sync::Arc;

/// `tensor<shape x elem>`.
pub fn t(shape: &[i64], elem: Scalar) -> Type {
    Type::tensor(shape, elem)
}

/// A function `@name(args) -> results` with an empty body.
pub fn func(name: &str, args: impl AsRef<[Type]>, results: impl AsRef<[Type]>) -> Func {
    neuron_passes::link();
    let ty = FunctionType {
        inputs: args.as_ref().to_vec(),
        results: results.as_ref().to_vec(),
    };
    Func::new(name, ty, Location::Unknown)
}

/// A module holding `funcs`.
pub fn module(funcs: Vec<Func>) -> Module {
    Module {
        funcs,
        ..Module::default()
    }
}

/// Appends a registered op `V`; returns its first result (or `None` without results).
pub fn op<V: OpView>(
    f: &mut Func,
    operands: &[ValueId],
    results: impl AsRef<[Type]>,
) -> Option<ValueId> {
    op_with::<V>(f, operands, results, &[])
}

/// Appends a registered op `V` with attributes; returns its first result.
pub fn op_with<V: OpView>(
    f: &mut Func,
    operands: &[ValueId],
    results: impl AsRef<[Type]>,
    attrs: &[(&str, Attribute)],
) -> Option<ValueId> {
    let mut spec = OpSpec::new(V::def(), Location::Unknown)
        .operands(operands)
        .results(results.as_ref());
    for (k, v) in attrs {
        spec = spec.attr(k, v.clone());
    }
    let id = f.body.append(spec);
    f.body.op(id).results().next()
}

/// Appends an op of an unregistered dialect (never pure); returns its op id.
pub fn unregistered(
    f: &mut Func,
    name: &str,
    operands: &[ValueId],
    results: impl AsRef<[Type]>,
) -> OpId {
    let spec = OpSpec {
        kind: OpKind::Unregistered(name.into()),
        operands: operands.to_vec(),
        result_types: results.as_ref().to_vec(),
        attrs: vec![],
        loc: Location::Unknown,
    };
    f.body.append(spec)
}

/// Appends `func.return` of `values`.
pub fn ret(f: &mut Func, values: &[ValueId]) {
    op::<neuron_ir::builtin::ReturnOp>(f, values, &[]);
}

/// A dense attribute of type `ty` from `f64` values (one value = splat).
pub fn dense(ty: &Type, values: &[f64]) -> Attribute {
    let tt = ty.as_tensor().expect("tensor type").clone();
    let d = DenseElements::from_f64(Arc::new(tt), values).expect("valid dense");
    Attribute::Dense(Arc::new(d))
}

/// Appends `nn.constant` holding `values`; returns its result.
pub fn constant(f: &mut Func, ty: &Type, values: &[f64]) -> ValueId {
    op_with::<neuron_nn::ConstantOp>(f, &[], [ty.clone()], &[("value", dense(ty, values))])
        .expect("one result")
}

/// Runs the registered pass `name` with `options` on `m`.
pub fn run(
    name: &str,
    options: &[(&str, &str)],
    m: &mut Module,
) -> Result<(Changed, PassOutput), neuron_ir::Diagnostic> {
    neuron_passes::link();
    let reg = neuron_pass::lookup_pass(name).expect("registered pass");
    let pairs: Vec<(String, String)> = options
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let opts = PassOptions::from_pairs(reg.options, &pairs).expect("valid options");
    let pass = (reg.create)(&opts).expect("pass created");
    let mut out = PassOutput::default();
    let changed = pass.run_on_module(m, &mut out)?;
    Ok((changed, out))
}

/// Runs pass `name` with default options and returns whether it changed the module.
pub fn run_default(name: &str, m: &mut Module) -> Changed {
    run(name, &[], m).expect("pass succeeded").0
}

fn value_name(f: &Func, names: &std::collections::HashMap<ValueId, String>, v: ValueId) -> String {
    match f.body.value(v).def {
        ValueDef::Arg(i) => format!("%arg{i}"),
        ValueDef::Result(..) => names.get(&v).cloned().unwrap_or_else(|| "%<dead>".into()),
    }
}

/// One line per op: `%2 = nn.add %arg0, %1 : tensor<3xf32>`, constants with their value.
pub fn dump(f: &Func) -> Vec<String> {
    let mut names = std::collections::HashMap::new();
    let mut lines = Vec::new();
    let mut n = 0;
    for id in f.body.ops() {
        let data = f.body.op(id);
        let operands: Vec<String> = data
            .operands()
            .iter()
            .map(|&v| value_name(f, &names, v))
            .collect();
        let mut results = Vec::new();
        for r in data.results() {
            names.insert(r, format!("%{n}"));
            results.push(format!("%{n}"));
            n += 1;
        }
        let mut line = String::new();
        if !results.is_empty() {
            line.push_str(&format!("{} = ", results.join(", ")));
        }
        line.push_str(data.name());
        if !operands.is_empty() {
            line.push_str(&format!(" {}", operands.join(", ")));
        }
        for a in &data.attrs {
            line.push_str(&format!(
                " {{{} = {}}}",
                a.name,
                neuron_passes::view_op_graph::attr_text(&a.value)
            ));
        }
        let tys: Vec<String> = data.results().map(|r| f.body.ty(r).to_string()).collect();
        if !tys.is_empty() {
            line.push_str(&format!(" : {}", tys.join(", ")));
        }
        lines.push(line);
    }
    lines
}

/// Verifies the module (unregistered ops allowed) and panics with the messages if invalid.
pub fn assert_valid(m: &Module) {
    let opts = neuron_ir::verifier::VerifyOptions {
        allow_unregistered: true,
    };
    let errs = neuron_ir::verifier::verify_module(m, opts);
    let msgs: Vec<&str> = errs.iter().map(|d| d.message.as_str()).collect();
    assert!(msgs.is_empty(), "invalid IR: {msgs:?}");
}
