//! Normalisations: `Softmax` / `LogSoftmax` (2-D coercion before opset 13),
//! `LayerNormalization` (with its Mean and InvStdDev outputs), inference-mode `BatchNormalization`, and `LRN` (decomposed).

use crate::ctx::{f32_attr, int_attr, ints_attr, Ctx, Slot, SlotId};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::ops::elementwise::{binary_slots, cast_slot};
use crate::shape;
use crate::tensor::tensor_type;
use neuron_ir::{Attribute, DenseElements};

/// `Softmax`.
pub fn softmax(cx: &mut Ctx) -> Result<Vec<Slot>> {
    softmax_like(cx, "nn.softmax")
}

/// `LogSoftmax`.
pub fn log_softmax(cx: &mut Ctx) -> Result<Vec<Slot>> {
    softmax_like(cx, "nn.log_softmax")
}

/// Before opset 13 the input is coerced to 2-D at `axis` (default 1): flattened to
/// `[prod(d[..axis]), prod(d[axis..])]`, normalised on the last dimension and reshaped back.
/// When `axis` is already the last dimension that is the same as normalising it directly.
fn softmax_like(cx: &mut Ctx, op: &str) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let ty = cx.ty(x);
    let rank = ty.shape.len();
    if rank == 0 {
        return cx.fail("input must have rank >= 1");
    }
    if cx.opset >= 13 {
        let a = shape::axis("axis", cx.int_or("axis", -1)?, rank).map_err(|e| cx.err(e))?;
        let attrs = if a + 1 == rank {
            vec![]
        } else {
            vec![("axis", int_attr(a as i64))]
        };
        return Ok(vec![cx.emit1(op, x, ty, attrs)?]);
    }
    let axis = cx.int_or("axis", 1)?;
    let r = rank as i64;
    if !(-r..=r).contains(&axis) {
        return cx.fail(format!("axis {axis} is out of range [-{r}, {r}]"));
    }
    let a = if axis < 0 { axis + r } else { axis } as usize;
    if a + 1 == rank {
        return Ok(vec![cx.emit1(op, x, ty, vec![])?]);
    }
    let flat = [
        shape::product(&ty.shape[..a]),
        shape::product(&ty.shape[a..]),
    ];
    let v = cx.value(x)?;
    let f = cx.emit_on("nn.reshape", v, &flat, ty.elem, vec![])?;
    let s = cx.emit_on(op, f.ir.expect("emitted"), &flat, ty.elem, vec![])?;
    Ok(vec![cx.emit_on(
        "nn.reshape",
        s.ir.expect("emitted"),
        &ty.shape,
        ty.elem,
        vec![],
    )?])
}

/// `LayerNormalization` (opset 17) → `nn.layer_norm`; the optional Mean and InvStdDev outputs
/// are computed beside it in the `stash_type` precision (see [`layer_norm_stats`]).
pub fn layer_norm(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let scale = cx.req(1)?;
    let bias = cx.input(2);
    let ty = cx.ty(x);
    let rank = ty.shape.len();
    let a = shape::axis("axis", cx.int_or("axis", -1)?, rank).map_err(|e| cx.err(e))?;
    let eps = cx.float_or("epsilon", 1e-5)?;
    let norm_shape = &ty.shape[a..];
    let mut operands = vec![cx.value(x)?];
    for (name, p) in [("scale", Some(scale)), ("bias", bias)] {
        let Some(p) = p else { continue };
        let pt = cx.ty(p);
        if pt.shape[..] != *norm_shape || pt.elem != ty.elem {
            return cx.fail(format!(
                "{name} of type {}{} must have the normalised shape {} and element type {}",
                pt.elem,
                fmt_shape(&pt.shape),
                fmt_shape(norm_shape),
                ty.elem
            ));
        }
        operands.push(cx.value(p)?);
    }
    let mut attrs = vec![];
    if a + 1 != rank {
        attrs.push(("axis", int_attr(a as i64)));
    }
    if eps != 1e-5 {
        attrs.push(("epsilon", f32_attr(eps)));
    }
    let mut outs = vec![cx.emit("nn.layer_norm", &operands, ty, attrs)?];
    let wanted = |i: usize| cx.node.output.get(i).is_some_and(|n| !n.is_empty());
    if wanted(1) || wanted(2) {
        outs.extend(layer_norm_stats(cx, x, a, eps)?);
    }
    Ok(outs)
}

/// LayerNormalization's Mean and InvStdDev (shape `d[..axis]` followed by ones): with `x` cast
/// to the `stash_type` (default FLOAT), `mean = reduce_mean(x)`, `inv = rsqrt(reduce_mean((x −
/// mean)²) + epsilon)` over the axes from `axis` on, as the ONNX function body computes them.
fn layer_norm_stats(cx: &mut Ctx, x: SlotId, a: usize, eps: f32) -> Result<Vec<Slot>> {
    let stash = cx.int_or("stash_type", 1)?;
    let code = i32::try_from(stash).unwrap_or(0);
    let elem = crate::tensor::elem_type(code).map_err(|e| cx.err(format!("stash_type: {e}")))?;
    if !elem.is_float() {
        return cx.fail(format!("stash_type {stash} is not a float type"));
    }
    let xs = cast_slot(cx, x, elem)?;
    let xs = cx.add_slot(xs);
    let shape = cx.shape(x);
    let axes: Vec<i64> = (a as i64..shape.len() as i64).collect();
    let reduced: Vec<i64> = (0..shape.len())
        .map(|d| if d < a { shape[d] } else { 1 })
        .collect();
    let rty = tensor_type(&reduced, elem);
    let mean = cx.emit1(
        "nn.reduce_mean",
        xs,
        rty.clone(),
        vec![("axes", ints_attr(&axes))],
    )?;
    let mean = cx.add_slot(mean);
    let diff = binary_slots(cx, "nn.sub", None, xs, mean)?;
    let diff = cx.add_slot(diff);
    let sq = binary_slots(cx, "nn.mul", None, diff, diff)?;
    let sq = cx.add_slot(sq);
    let var = cx.emit1(
        "nn.reduce_mean",
        sq,
        rty.clone(),
        vec![("axes", ints_attr(&axes))],
    )?;
    let var = cx.add_slot(var);
    let e = DenseElements::from_f64(tensor_type(&[], elem), &[f64::from(eps)])
        .ok_or_else(|| cx.err("epsilon constant"))?;
    let e = cx.constant(e);
    let e = cx.add_slot(e);
    let ve = binary_slots(cx, "nn.add", None, var, e)?;
    let ve = cx.add_slot(ve);
    let inv = cx.emit1("nn.rsqrt", ve, rty, vec![])?;
    Ok(vec![cx.slot(mean).clone(), inv])
}

/// `BatchNormalization` in inference mode → `nn.batch_norm`.
pub fn batch_norm(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let params = [cx.req(1)?, cx.req(2)?, cx.req(3)?, cx.req(4)?];
    if cx.int_or("training_mode", 0)? != 0 {
        return cx.fail("training_mode = 1 is not supported (inference only)");
    }
    if cx.opset < 9 && cx.int_or("spatial", 1)? == 0 {
        return cx.fail("spatial = 0 is not supported");
    }
    let ty = cx.ty(x);
    if ty.shape.len() < 2 {
        return cx.fail(format!(
            "input of shape {} needs rank >= 2",
            fmt_shape(&ty.shape)
        ));
    }
    let c = ty.shape[1];
    let mut operands = vec![cx.value(x)?];
    for (name, p) in ["scale", "B", "mean", "var"].into_iter().zip(params) {
        let pt = cx.ty(p);
        if pt.shape[..] != [c] || pt.elem != ty.elem {
            return cx.fail(format!(
                "{name} of type {}{} must be a {} vector of {c} (the channel count)",
                pt.elem,
                fmt_shape(&pt.shape),
                ty.elem
            ));
        }
        operands.push(cx.value(p)?);
    }
    let eps = cx.float_or("epsilon", 1e-5)?;
    let attrs = if eps != 1e-5 {
        vec![("epsilon", f32_attr(eps))]
    } else {
        vec![]
    };
    Ok(vec![cx.emit("nn.batch_norm", &operands, ty, attrs)?])
}

/// `LRN` (local response normalisation across channels), decomposed into nn ops:
/// `x / (bias + alpha · mean(x²))^beta`, where the mean over the `size` channels around each
/// channel (zeros beyond the edges, divisor `size`) is an `nn.avg_pool2d` with kernel
/// `[size, 1]` and counted padding, over `x²` reshaped to `[N, 1, C, ∏spatial]`.
pub fn lrn(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let ty = cx.ty(x);
    let Some(size) = cx.attr_int("size")? else {
        return cx.fail("requires attribute 'size'");
    };
    if size < 1 || ty.shape.len() < 3 || !ty.elem.is_float() {
        return cx.fail(format!(
            "needs size >= 1 (got {size}) and a float input of rank >= 3 (got {} of {})",
            fmt_shape(&ty.shape),
            ty.elem
        ));
    }
    let alpha = f64::from(cx.float_or("alpha", 1e-4)?);
    let beta = f64::from(cx.float_or("beta", 0.75)?);
    let bias = f64::from(cx.float_or("bias", 1.0)?);
    let elem = ty.elem;
    let flat = [ty.shape[0], 1, ty.shape[1], shape::product(&ty.shape[2..])];
    let xv = cx.value(x)?;
    let sq = cx.emit("nn.mul", &[xv, xv], ty.clone(), vec![])?;
    let r = cx.emit_on("nn.reshape", sq.ir.expect("emitted"), &flat, elem, vec![])?;
    let lo = (size - 1) / 2;
    let attrs = vec![
        ("kernel_shape", ints_attr(&[size, 1])),
        ("pads", ints_attr(&[lo, 0, size - 1 - lo, 0])),
        ("count_include_pad", Attribute::Bool(true)),
    ];
    let mean = cx.emit_on("nn.avg_pool2d", r.ir.expect("emitted"), &flat, elem, attrs)?;
    let back = cx.emit_on(
        "nn.reshape",
        mean.ir.expect("emitted"),
        &ty.shape,
        elem,
        vec![],
    )?;
    let mut acc = cx.add_slot(back);
    for (op, v) in [("nn.mul", alpha), ("nn.add", bias), ("nn.pow", beta)] {
        let d = DenseElements::from_f64(tensor_type(&[], elem), &[v])
            .ok_or_else(|| cx.err("scalar constant"))?;
        let k = cx.constant(d);
        let k = cx.add_slot(k);
        let s = binary_slots(cx, op, None, acc, k)?;
        acc = cx.add_slot(s);
    }
    Ok(vec![binary_slots(cx, "nn.div", None, x, acc)?])
}
