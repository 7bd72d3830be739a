//! Helpers shared by the `nn` dialect tests: building functions and ops with the `Body` API.

#![allow(dead_code)]

use neuron_ir::registry::{FoldResult, OpView};
use neuron_ir::{Attribute, DenseElements, Func, FunctionType, Location, OpDef, OpId, OpSpec};
use neuron_ir::{Scalar, Type, ValueId};
use std::sync::Arc;

/// `tensor<shape x elem>`.
pub fn t(shape: &[i64], elem: Scalar) -> Type {
    neuron_nn::link();
    Type::tensor(shape, elem)
}

/// A function `@f` with arguments of the given types and no results.
pub fn func(args: impl AsRef<[Type]>) -> Func {
    neuron_nn::link();
    let ty = FunctionType {
        inputs: args.as_ref().to_vec(),
        results: vec![],
    };
    Func::new("f", ty, Location::Unknown)
}

/// Appends an op of kind `V` with operands, result types and attributes; returns its id.
pub fn add_op<V: OpView>(
    f: &mut Func,
    operands: &[ValueId],
    results: impl AsRef<[Type]>,
    attrs: &[(&str, Attribute)],
) -> OpId {
    let mut spec = OpSpec::new(V::def(), Location::Unknown)
        .operands(operands)
        .results(results.as_ref());
    for (k, v) in attrs {
        spec = spec.attr(k, v.clone());
    }
    f.body.append(spec)
}

/// Result 0 of `op`.
pub fn res(f: &Func, op: OpId) -> ValueId {
    f.body.op(op).result(0)
}

/// The op-specific verifier outcome, with the `'name' op ` prefix the verifier adds.
pub fn verify(f: &Func, op: OpId) -> Result<(), String> {
    let def: &OpDef = f.body.op(op).def().expect("registered op");
    neuron_ir::verifier::verify_op(f, op, def).map_err(|m| format!("'{}' op {m}", def.name))
}

/// A dense attribute of type `ty` from `f64` values (one value = splat).
pub fn dense(ty: &Type, values: &[f64]) -> Attribute {
    let tt = ty.as_tensor().expect("tensor type").clone();
    let d = DenseElements::from_f64(Arc::new(tt), values).expect("valid dense");
    Attribute::Dense(Arc::new(d))
}

/// Appends `nn.constant` holding `values` of type `ty`; returns its result.
pub fn constant(f: &mut Func, ty: &Type, values: &[f64]) -> ValueId {
    let op = add_op::<neuron_nn::ConstantOp>(f, &[], [ty.clone()], &[("value", dense(ty, values))]);
    res(f, op)
}

/// Runs the op's folder with the constant operands taken from defining `nn.constant` ops.
pub fn fold(f: &Func, op: OpId) -> Option<FoldResult> {
    let body = &f.body;
    let consts: Vec<Option<Attribute>> = body
        .op(op)
        .operands()
        .iter()
        .map(|&v| {
            let d = body.defining_op(v)?;
            let data = body.op(d);
            data.has_trait(neuron_ir::traits::CONSTANT_LIKE)
                .then(|| data.attr("value").cloned())
                .flatten()
        })
        .collect();
    (body.op(op).def()?.fold?)(body, op, &consts)
}

/// The folded constant's element values as `f64`, and its type.
pub fn folded_values(r: Option<FoldResult>) -> (Vec<f64>, Type) {
    match r {
        Some(FoldResult::Constant(Attribute::Dense(d))) => {
            let n = if d.is_splat() { 1 } else { d.ty.num_elements() };
            (
                (0..n).map(|i| d.get_f64(i)).collect(),
                Type::Tensor(d.ty.clone()),
            )
        }
        other => panic!("expected a dense constant, got {other:?}"),
    }
}

/// The folded constant's raw element bits.
pub fn folded_raw(r: Option<FoldResult>) -> Vec<u64> {
    match r {
        Some(FoldResult::Constant(Attribute::Dense(d))) => {
            let n = if d.is_splat() { 1 } else { d.ty.num_elements() };
            (0..n).map(|i| d.raw(i)).collect()
        }
        other => panic!("expected a dense constant, got {other:?}"),
    }
}

/// The value a fold forwards to.
pub fn folded_value(r: Option<FoldResult>) -> ValueId {
    match r {
        Some(FoldResult::Value(v)) => v,
        other => panic!("expected a forwarded value, got {other:?}"),
    }
}
