//! Normalisations decomposed into nn ops: `RMSNormalization`, `GroupNormalization` (opset 18
//! per-group and opset 21 per-channel scale/bias), `InstanceNormalization`,
//! `MeanVarianceNormalization` and `LpNormalization`.

use crate::ctx::{Ctx, Slot, SlotId};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::ops::decompose::{
    bin, bin_k, cast, out, reduce, require_float, require_param, reshape, scalar, select, un,
};
use crate::shape;
use crate::tensor::elem_type;
use neuron_ir::Scalar;

/// The element type `stash_type` (default FLOAT) asks the statistics to be computed in.
fn stash_elem(cx: &Ctx) -> Result<Scalar> {
    let code = cx.int_or("stash_type", 1)?;
    let elem = i32::try_from(code)
        .map_err(|_| format!("stash_type {code} is not an ONNX data type"))
        .and_then(elem_type)
        .map_err(|e| cx.err(e))?;
    if !elem.is_float() {
        return cx.fail(format!("stash_type {code} is not a float type"));
    }
    Ok(elem)
}

/// `(x − mean) / sqrt(var + eps)` over `dims` (population variance, two passes).
fn standardize(cx: &mut Ctx, x: SlotId, dims: &[usize], eps: f64) -> Result<SlotId> {
    let mean = reduce(cx, "nn.reduce_mean", x, dims, true)?;
    let d = bin(cx, "nn.sub", x, mean)?;
    let sq = bin(cx, "nn.mul", d, d)?;
    let var = reduce(cx, "nn.reduce_mean", sq, dims, true)?;
    let ve = bin_k(cx, "nn.add", var, eps)?;
    let inv = un(cx, "nn.rsqrt", ve)?;
    bin(cx, "nn.mul", d, inv)
}

/// `x · scale + bias` with `scale` and `bias` reshaped to `[len, 1, …]` (`ones` trailing 1s).
fn affine(cx: &mut Ctx, x: SlotId, scale: SlotId, bias: SlotId, ones: usize) -> Result<SlotId> {
    let len = cx.shape(scale)[0];
    let mut target = vec![len];
    target.extend(std::iter::repeat_n(1, ones));
    let s = reshape(cx, scale, &target)?;
    let b = reshape(cx, bias, &target)?;
    let xs = bin(cx, "nn.mul", x, s)?;
    bin(cx, "nn.add", xs, b)
}

/// `RMSNormalization {axis = −1, epsilon = 1e-5, stash_type = 1}` (opset 23):
/// `x / sqrt(mean(x²) + eps) · scale`, the mean over the axes from `axis` on.
pub fn rms_norm(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, scale) = (cx.req(0)?, cx.req(1)?);
    require_float(cx, x)?;
    let xs = cx.shape(x);
    let a = shape::axis("axis", cx.int_or("axis", -1)?, xs.len()).map_err(|e| cx.err(e))?;
    let eps = f64::from(cx.float_or("epsilon", 1e-5)?);
    let elem = cx.elem(x);
    let xc = cast(cx, x, stash_elem(cx)?)?;
    let dims: Vec<usize> = (a..xs.len()).collect();
    let sq = bin(cx, "nn.mul", xc, xc)?;
    let ms = reduce(cx, "nn.reduce_mean", sq, &dims, true)?;
    let mse = bin_k(cx, "nn.add", ms, eps)?;
    let inv = un(cx, "nn.rsqrt", mse)?;
    let n = bin(cx, "nn.mul", xc, inv)?;
    let n = cast(cx, n, elem)?;
    let y = bin(cx, "nn.mul", n, scale)?;
    if cx.shape(y) != xs {
        return cx.fail(format!(
            "scale of shape {} does not broadcast to the input shape {}",
            fmt_shape(&cx.shape(scale)),
            fmt_shape(&xs)
        ));
    }
    out(cx, y)
}

/// `GroupNormalization {num_groups, epsilon = 1e-5, stash_type = 1}` (opset 18): statistics
/// per sample and group of `C / num_groups` channels; scale and bias have one value per group
/// before opset 21, one per channel from 21.
pub fn group_norm(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, scale, bias) = (cx.req(0)?, cx.req(1)?, cx.req(2)?);
    require_float(cx, x)?;
    let xs = cx.shape(x);
    let Some(g) = cx.attr_int("num_groups")? else {
        return cx.fail("requires attribute 'num_groups'");
    };
    if xs.len() < 2 || g < 1 || xs[1] % g != 0 {
        return cx.fail(format!(
            "num_groups {g} must be positive and divide the channel count of the input {}",
            fmt_shape(&xs)
        ));
    }
    let per_channel = cx.opset >= 21;
    let plen = if per_channel { xs[1] } else { g };
    require_param(cx, "scale", scale, &[plen], x)?;
    require_param(cx, "bias", bias, &[plen], x)?;
    let eps = f64::from(cx.float_or("epsilon", 1e-5)?);
    let elem = cx.elem(x);
    let stash = if per_channel { stash_elem(cx)? } else { elem };
    let grouped = [xs[0], g, shape::product(&xs[1..]) / g];
    let r = reshape(cx, x, &grouped)?;
    let r = cast(cx, r, stash)?;
    let n = standardize(cx, r, &[2], eps)?;
    let n = cast(cx, n, elem)?;
    let y = if per_channel {
        let n = reshape(cx, n, &xs)?;
        affine(cx, n, scale, bias, xs.len() - 2)?
    } else {
        let n = affine(cx, n, scale, bias, 1)?;
        reshape(cx, n, &xs)?
    };
    out(cx, y)
}

/// `InstanceNormalization {epsilon = 1e-5}`: statistics per sample and channel over the
/// spatial axes, then per-channel `scale` and `B`.
pub fn instance_norm(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, scale, bias) = (cx.req(0)?, cx.req(1)?, cx.req(2)?);
    require_float(cx, x)?;
    let xs = cx.shape(x);
    if xs.len() < 3 {
        return cx.fail(format!(
            "input of shape {} needs rank >= 3 (N, C, spatial…)",
            fmt_shape(&xs)
        ));
    }
    require_param(cx, "scale", scale, &[xs[1]], x)?;
    require_param(cx, "B", bias, &[xs[1]], x)?;
    let eps = f64::from(cx.float_or("epsilon", 1e-5)?);
    let dims: Vec<usize> = (2..xs.len()).collect();
    let n = standardize(cx, x, &dims, eps)?;
    let y = affine(cx, n, scale, bias, xs.len() - 2)?;
    out(cx, y)
}

/// `MeanVarianceNormalization {axes = [0, 2, 3]}`: `(x − mean) / (sqrt(var) + 1e-9)`, as the
/// ONNX function body.
pub fn mean_variance_norm(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    require_float(cx, x)?;
    let rank = cx.shape(x).len();
    let axes = cx.attr_ints("axes")?.unwrap_or_else(|| vec![0, 2, 3]);
    let dims = shape::axes("axes", &axes, rank).map_err(|e| cx.err(e))?;
    let mean = reduce(cx, "nn.reduce_mean", x, &dims, true)?;
    let d = bin(cx, "nn.sub", x, mean)?;
    let sq = bin(cx, "nn.mul", d, d)?;
    let var = reduce(cx, "nn.reduce_mean", sq, &dims, true)?;
    let std = un(cx, "nn.sqrt", var)?;
    let den = bin_k(cx, "nn.add", std, 1e-9)?;
    let y = bin(cx, "nn.div", d, den)?;
    out(cx, y)
}

/// `LpNormalization {axis = −1, p = 2}`: `x / ‖x‖_p` along `axis` (p = 1 or 2), 0 where the
/// norm is 0.
pub fn lp_norm(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    require_float(cx, x)?;
    let rank = cx.shape(x).len();
    let a = shape::axis("axis", cx.int_or("axis", -1)?, rank).map_err(|e| cx.err(e))?;
    let norm = match cx.int_or("p", 2)? {
        1 => {
            let ab = un(cx, "nn.abs", x)?;
            reduce(cx, "nn.reduce_sum", ab, &[a], true)?
        }
        2 => {
            let sq = bin(cx, "nn.mul", x, x)?;
            let s = reduce(cx, "nn.reduce_sum", sq, &[a], true)?;
            un(cx, "nn.sqrt", s)?
        }
        p => return cx.fail(format!("p must be 1 or 2, but is {p}")),
    };
    let q = bin(cx, "nn.div", x, norm)?;
    let is_zero = bin_k(cx, "nn.equal", norm, 0.0)?;
    let zero = scalar(cx, 0.0, cx.elem(x))?;
    let y = select(cx, is_zero, zero, q)?;
    out(cx, y)
}
