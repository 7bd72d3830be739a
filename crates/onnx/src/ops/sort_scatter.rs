//! `TopK` (opsets 1, 10 and 11), `ScatterElements`, the deprecated `Scatter`, `ScatterND` and
//! `CumProd`: each becomes the `nn` op of the same name (TopK: `nn.topk` for the values and
//! `nn.topk_indices` for the indices, with the same attributes).

use crate::ctx::{int_attr, Ctx, Slot};
use crate::error::Result;
use crate::shape;
use crate::tensor::tensor_type;
use neuron_ir::{Attribute, Scalar};
use neuron_nn::ScatterReduction;

/// The `k` of a TopK node: the attribute before opset 10, else the constant input #1.
fn topk_k(cx: &Ctx) -> Result<i64> {
    if cx.opset < 10 {
        return match cx.attr_int("k")? {
            Some(k) => Ok(k),
            None => cx.fail("requires attribute 'k'"),
        };
    }
    match cx.const_ints(1, "K")?.as_deref() {
        Some([k]) => Ok(*k),
        Some(v) => cx.fail(format!(
            "input 'K' must hold one value, but holds {}",
            v.len()
        )),
        None => cx.fail("requires input 'K'"),
    }
}

/// `TopK {axis = -1, largest = 1, sorted = 1}` → `nn.topk` and `nn.topk_indices` (i64). The
/// selection is always sorted (what `sorted = 0` leaves unspecified).
pub fn topk(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let ty = cx.ty(x);
    let k = topk_k(cx)?;
    let axis = cx.int_or("axis", -1)?;
    let largest = cx.opset < 11 || cx.int_or("largest", 1)? != 0;
    let a = shape::axis("axis", axis, ty.shape.len()).map_err(|e| cx.err(e))?;
    let out = neuron_nn::topk_shape(&ty.shape, a as i64, k).map_err(|e| cx.err(e.0))?;
    let mut attrs = vec![("axis", int_attr(a as i64)), ("k", int_attr(k))];
    if !largest {
        attrs.push(("largest", Attribute::Bool(false)));
    }
    let values = cx.emit1("nn.topk", x, tensor_type(&out, ty.elem), attrs.clone())?;
    let indices = cx.emit1("nn.topk_indices", x, tensor_type(&out, Scalar::I64), attrs)?;
    Ok(vec![values, indices])
}

/// The `reduction` attribute of a scatter node (absent: `none`), checked.
fn reduction(cx: &Ctx) -> Result<Option<String>> {
    let r = cx.str_or("reduction", "none")?;
    ScatterReduction::parse(&r).map_err(|e| cx.err(e))?;
    Ok((r != "none").then_some(r))
}

/// Checks that `updates` has the element type of `data` and `indices` an integer one.
fn check_scatter_types(cx: &Ctx, data: Scalar, idx: Scalar, upd: Scalar) -> Result<()> {
    if !matches!(idx, Scalar::I32 | Scalar::I64) {
        return cx.fail(format!(
            "indices element type must be int32 or int64, but is {idx}"
        ));
    }
    if upd != data {
        return cx.fail(format!(
            "updates element type {upd} differs from the data element type {data}"
        ));
    }
    Ok(())
}

/// A scatter node's operands `(data, indices, updates)` as IR values, types checked.
fn scatter_operands(cx: &mut Ctx) -> Result<[neuron_ir::ValueId; 3]> {
    let (d, i, u) = (cx.req(0)?, cx.req(1)?, cx.req(2)?);
    check_scatter_types(cx, cx.elem(d), cx.elem(i), cx.elem(u))?;
    Ok([cx.value(d)?, cx.value(i)?, cx.value(u)?])
}

/// `ScatterElements {axis = 0, reduction = "none"}` (and `Scatter`, its deprecated name).
pub fn scatter_elements(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (d, i, u) = (cx.req(0)?, cx.req(1)?, cx.req(2)?);
    let dt = cx.ty(d);
    let axis = cx.int_or("axis", 0)?;
    let a = shape::axis("axis", axis, dt.shape.len()).map_err(|e| cx.err(e))?;
    neuron_nn::scatter_elements_check(&dt.shape, &cx.shape(i), &cx.shape(u), axis)
        .map_err(|e| cx.err(e.0))?;
    let mut attrs = vec![("axis", int_attr(a as i64))];
    if let Some(r) = reduction(cx)? {
        attrs.push(("reduction", Attribute::String(r.into())));
    }
    let operands = scatter_operands(cx)?;
    Ok(vec![cx.emit(
        "nn.scatter_elements",
        &operands,
        dt,
        attrs,
    )?])
}

/// `ScatterND {reduction = "none"}`.
pub fn scatter_nd(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (d, i, u) = (cx.req(0)?, cx.req(1)?, cx.req(2)?);
    let dt = cx.ty(d);
    neuron_nn::scatter_nd_check(&dt.shape, &cx.shape(i), &cx.shape(u)).map_err(|e| cx.err(e.0))?;
    let mut attrs = vec![];
    if let Some(r) = reduction(cx)? {
        attrs.push(("reduction", Attribute::String(r.into())));
    }
    let operands = scatter_operands(cx)?;
    Ok(vec![cx.emit("nn.scatter_nd", &operands, dt, attrs)?])
}

/// `CumProd {exclusive, reverse}` with a constant `axis` input.
pub fn cumprod(cx: &mut Ctx) -> Result<Vec<Slot>> {
    super::logic_math::running(cx, "nn.cumprod")
}
