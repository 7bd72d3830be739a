//! Matrix products: `MatMul` (numpy semantics, 1-D operands, batch broadcast) and `Gemm`
//! (`alpha·op(A)·op(B) + beta·C`, C broadcast to `[M, N]`).

use crate::ctx::{f32_attr, Ctx, Slot};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::shape;
use crate::tensor::tensor_type;
use neuron_ir::Attribute;

/// `MatMul` → `nn.matmul`.
pub fn matmul(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (a, b) = (cx.req(0)?, cx.req(1)?);
    let (ta, tb) = (cx.ty(a), cx.ty(b));
    if ta.elem != tb.elem {
        return cx.fail(format!(
            "operand element types differ: {} and {}",
            ta.elem, tb.elem
        ));
    }
    let out = neuron_nn::matmul::matmul_shape(&ta.shape, &tb.shape).map_err(|e| {
        cx.err(format!(
            "shapes {} and {}: {e}",
            fmt_shape(&ta.shape),
            fmt_shape(&tb.shape)
        ))
    })?;
    let (va, vb) = (cx.value(a)?, cx.value(b)?);
    Ok(vec![cx.emit(
        "nn.matmul",
        &[va, vb],
        tensor_type(&out, ta.elem),
        vec![],
    )?])
}

/// `Gemm` → `nn.gemm` with non-default `alpha`, `beta`, `transA`, `transB`.
pub fn gemm(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (a, b) = (cx.req(0)?, cx.req(1)?);
    let c = cx.input(2);
    let alpha = cx.float_or("alpha", 1.0)?;
    let beta = cx.float_or("beta", 1.0)?;
    let trans_a = cx.int_or("transA", 0)? != 0;
    let trans_b = cx.int_or("transB", 0)? != 0;
    let (ta, tb) = (cx.ty(a), cx.ty(b));
    if ta.elem != tb.elem {
        return cx.fail(format!(
            "operand element types differ: {} and {}",
            ta.elem, tb.elem
        ));
    }
    let mn = neuron_nn::gemm::gemm_shape(&ta.shape, &tb.shape, trans_a, trans_b)
        .map_err(|e| cx.err(e.0))?;
    let mut operands = vec![cx.value(a)?, cx.value(b)?];
    if let Some(c) = c {
        let tc = cx.ty(c);
        if tc.elem != ta.elem {
            return cx.fail(format!(
                "C element type {} does not match A's {}",
                tc.elem, ta.elem
            ));
        }
        if shape::broadcast(&tc.shape, &mn).ok().as_deref() != Some(&mn[..]) {
            return cx.fail(format!(
                "C of shape {} is not broadcastable to [M, N] = {}",
                fmt_shape(&tc.shape),
                fmt_shape(&mn)
            ));
        }
        operands.push(cx.value(c)?);
    }
    let mut attrs = vec![];
    if alpha != 1.0 {
        attrs.push(("alpha", f32_attr(alpha)));
    }
    if beta != 1.0 && c.is_some() {
        attrs.push(("beta", f32_attr(beta)));
    }
    if trans_a {
        attrs.push(("transA", Attribute::Bool(true)));
    }
    if trans_b {
        attrs.push(("transB", Attribute::Bool(true)));
    }
    Ok(vec![cx.emit(
        "nn.gemm",
        &operands,
        tensor_type(&mn, ta.elem),
        attrs,
    )?])
}
