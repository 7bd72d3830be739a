//! Helpers of the cost-model tests: building `nhw` functions with the `Body` API.

#![allow(dead_code)]

use neuron_cost::{op_cost, OpCost, Target};
use neuron_ir::builtin::ReturnOp;
use neuron_ir::registry::OpView;
use neuron_ir::ValueId;
use neuron_ir::{Attribute, Func, FunctionType, Location, Module, OpId, OpSpec, Scalar, Type};

/// `tensor<shape x elem>`.
pub fn t(shape: &[i64], elem: Scalar) -> Type {
    Type::tensor(shape, elem)
}

/// A function `@main` with arguments of the given types and no results.
pub fn func(args: &[Type]) -> Func {
    let ty = FunctionType {
        inputs: args.to_vec(),
        results: vec![],
    };
    Func::new("main", ty, Location::Unknown)
}

/// Appends an op of kind `V`; returns its id.
pub fn add<V: OpView>(
    f: &mut Func,
    operands: &[ValueId],
    result: Type,
    attrs: &[(&str, Attribute)],
) -> OpId {
    let mut spec = OpSpec::new(V::def(), Location::Unknown)
        .operands(operands)
        .results(&[result]);
    for (k, v) in attrs {
        spec = spec.attr(k, v.clone());
    }
    f.body.append(spec)
}

/// Result 0 of `op`.
pub fn res(f: &Func, op: OpId) -> ValueId {
    f.body.op(op).result(0)
}

/// Argument `i` of `f`.
pub fn arg(f: &Func, i: usize) -> ValueId {
    f.body.args()[i]
}

/// Panics unless the op passes the `nhw` verifier (the tests cost valid IR only).
pub fn check(f: &Func, op: OpId) {
    let def = f.body.op(op).def().expect("registered op");
    if let Err(m) = neuron_ir::verifier::verify_op(f, op, def) {
        panic!("test IR is invalid: '{}' op {m}", def.name);
    }
}

/// Ends `f` with `func.return` and wraps it in a module.
pub fn module(mut f: Func) -> Module {
    f.body
        .append(OpSpec::new(ReturnOp::def(), Location::Unknown));
    Module {
        funcs: vec![f],
        ..Module::default()
    }
}

/// A one-op function: an op of kind `V` on fresh arguments of types `args`.
pub fn one_op<V: OpView>(args: &[Type], result: Type, attrs: &[(&str, Attribute)]) -> (Func, OpId) {
    let mut f = func(args);
    let operands: Vec<ValueId> = f.body.args().to_vec();
    let op = add::<V>(&mut f, &operands, result, attrs);
    check(&f, op);
    (f, op)
}

/// The cost of the one op of kind `V` on `target`.
pub fn cost<V: OpView>(
    target: Target,
    args: &[Type],
    result: Type,
    attrs: &[(&str, Attribute)],
) -> OpCost {
    let (f, op) = one_op::<V>(args, result, attrs);
    op_cost(&f, op, target).expect("costed")
}

/// `a / b`, checked to be within a relative `tol` of `want`.
pub fn assert_ratio(a: f64, b: f64, want: f64, tol: f64) {
    let r = a / b;
    assert!(
        (r / want - 1.0).abs() <= tol,
        "ratio {r} (= {a} / {b}), expected {want}"
    );
}

/// A type attribute.
pub fn ty_attr(s: Scalar) -> Attribute {
    Attribute::Type(Type::Scalar(s))
}

/// An `array<i64: …>` attribute.
pub fn ints(v: &[i64]) -> Attribute {
    Attribute::i64_array(v)
}
