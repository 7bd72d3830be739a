//! `nn.constant`: the tensor of the op's `value` attribute.

use crate::ctx::{KernelResult, OpCtx};
use crate::tensor::Tensor;
use neuron_nn::ConstantOp;

/// `nn.constant {value = dense<…>}` (splats expanded, floats rounded to their type).
pub fn constant(cx: &OpCtx) -> KernelResult {
    let d = cx
        .view::<ConstantOp>()?
        .value(cx.body)
        .ok_or("requires a dense 'value' attribute")?;
    dense_value(cx, &d)
}

/// The tensor of a dense attribute `d` that must have exactly the result's type.
pub(crate) fn dense_value(cx: &OpCtx, d: &neuron_ir::DenseElements) -> KernelResult {
    if *d.ty != *cx.out {
        return Err("the result type differs from the type of 'value'".into());
    }
    let (n, eb) = (
        cx.out_shape().iter().product::<usize>(),
        d.ty.elem.storage_bytes(),
    );
    if d.data.len() != eb && d.data.len() != n * eb {
        return Err(format!(
            "'value' holds {} bytes, neither one element nor {n} elements of {}",
            d.data.len(),
            d.ty.elem
        ));
    }
    Ok(Tensor::from_dense(d).data)
}
