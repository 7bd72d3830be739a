//! `nn.constant`: a tensor constant, and the dialect's constant materializer used by folding.

use crate::common::result_tensor;
use neuron_ir::registry::{traits, DenseAttr, FoldResult, OpView};
use neuron_ir::{define_op, Attribute, Body, DenseElements, Func, Location, OpId, OpSpec};
use neuron_ir::{Type, ValueId};
use std::sync::Arc;

define_op! {
    /// `%c = nn.constant dense<…> : tensor<…>`: a constant tensor; the result type is the value's type.
    pub struct ConstantOp = "nn.constant" {
        summary: "a constant tensor",
        operands: [],
        results: [result],
        attrs: [required value: DenseAttr],
        traits: traits::CONSTANT_LIKE | traits::PURE,
        verify: Some(verify_constant),
        fold: Some(fold_constant),
        canonicalize: None,
    }
}

fn verify_constant(f: &Func, op: OpId) -> Result<(), String> {
    let result = result_tensor(f, op, 0)?;
    let value = ConstantOp(op)
        .value(&f.body)
        .ok_or("requires attribute 'value'")?;
    if *value.ty != *result {
        return Err(format!(
            "result type {} does not match the type {} of its 'value' attribute",
            Type::Tensor(Arc::new(result.clone())),
            Type::Tensor(value.ty.clone())
        ));
    }
    Ok(())
}

fn fold_constant(body: &Body, op: OpId, _: &[Option<Attribute>]) -> Option<FoldResult> {
    body.op(op).attr("value").cloned().map(FoldResult::Constant)
}

/// Builds the `nn.constant` for `attr` of type `ty` before `anchor`; the dialect's materializer.
///
/// Accepts a dense attribute of exactly `ty`, or a scalar integer/float attribute,
/// which becomes a splat of the tensor type `ty`. Returns `None` for anything else.
pub fn materialize_constant(
    body: &mut Body,
    attr: &Attribute,
    ty: &Type,
    loc: Location,
    anchor: OpId,
) -> Option<ValueId> {
    let tensor = match ty {
        Type::Tensor(t) => t.clone(),
        _ => return None,
    };
    let dense = match attr {
        Attribute::Dense(d) if *d.ty == *tensor => d.clone(),
        Attribute::Float(bits, s) if *s == tensor.elem => {
            let eb = s.storage_bytes();
            Arc::new(DenseElements::new(
                tensor,
                bits.to_le_bytes()[..eb].to_vec(),
            )?)
        }
        Attribute::Integer(v, s) if *s == tensor.elem => {
            let raw = crate::common::encode_int(*s, *v);
            let eb = s.storage_bytes();
            Arc::new(DenseElements::new(
                tensor,
                raw.to_le_bytes()[..eb].to_vec(),
            )?)
        }
        _ => return None,
    };
    let spec = OpSpec::new(ConstantOp::def(), loc)
        .results(std::slice::from_ref(ty))
        .attr("value", Attribute::Dense(dense));
    let id = body.insert_before(anchor, spec);
    Some(body.op(id).result(0))
}
