//! Normalisations: `nn.layer_norm` and `nn.batch_norm` (inference form).
//!
//! Layer norm is two-pass in `f64` (mean, then the mean of squared deviations), which stays
//! exact for inputs with a large common offset (|x| = 1e4 and beyond); the normalised value is
//! computed in `f64` and rounded once to `f32`.

use crate::ctx::{dims, KernelResult, OpCtx};
use crate::tensor::Data;
use neuron_nn::norm::{batch_norm_param_shape, layer_norm_param_shape};
use neuron_nn::{BatchNormOp, LayerNormOp};
use rayon::prelude::*;

/// `nn.layer_norm(input, scale?, bias?) {axis, epsilon}`: normalises over dims `axis..rank`.
pub fn layer_norm(cx: &OpCtx) -> KernelResult {
    cx.float_result()?;
    let (x, shape) = cx.f32_arg(0)?;
    cx.expect_shape(shape)?;
    let (op, body) = (cx.view::<LayerNormOp>()?, cx.body);
    let eps = op.epsilon_or_default(body);
    let norm_shape = layer_norm_param_shape(&dims(shape), op.axis_or_default(body))?;
    let d: usize = norm_shape.iter().product::<i64>() as usize;
    if cx.args.len() > 3 {
        return Err(format!("takes at most 3 operands, got {}", cx.args.len()));
    }
    let mut params = [None, None];
    for (i, p) in params.iter_mut().enumerate().take(cx.args.len() - 1) {
        let (v, s) = cx.f32_arg(i + 1)?;
        if dims(s) != norm_shape {
            let name = ["scale", "bias"][i];
            return Err(format!("{name} must have shape {norm_shape:?}, got {s:?}"));
        }
        *p = Some(v);
    }
    let [scale, bias] = params;
    let mut out = vec![0f32; x.len()];
    if d == 0 {
        return Ok(Data::F32(out));
    }
    out.par_chunks_mut(d)
        .zip(x.par_chunks(d))
        .for_each(|(o, row)| {
            let mean = row.iter().map(|&v| v as f64).sum::<f64>() / d as f64;
            let var = row.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / d as f64;
            let inv = 1.0 / (var + eps).sqrt();
            for (j, (o, &v)) in o.iter_mut().zip(row).enumerate() {
                let s = scale.map_or(1.0, |s| s[j] as f64);
                let b = bias.map_or(0.0, |b| b[j] as f64);
                *o = ((v as f64 - mean) * inv * s + b) as f32;
            }
        });
    Ok(Data::F32(out))
}

/// `nn.batch_norm(input, scale, bias, mean, var) {epsilon}`: per channel (dim 1),
/// `(x − mean) / √(var + ε) · scale + bias`.
pub fn batch_norm(cx: &OpCtx) -> KernelResult {
    cx.float_result()?;
    let (x, shape) = cx.f32_arg(0)?;
    cx.expect_shape(shape)?;
    let c = batch_norm_param_shape(&dims(shape))?[0] as usize;
    let mut p: [&[f32]; 4] = [&[]; 4];
    for (i, slot) in p.iter_mut().enumerate() {
        let (v, s) = cx.f32_arg(i + 1)?;
        if s != [c] {
            let name = ["scale", "bias", "mean", "var"][i];
            return Err(format!("{name} must have shape [{c}], got {s:?}"));
        }
        *slot = v;
    }
    let eps = cx.view::<BatchNormOp>()?.epsilon_or_default(cx.body);
    let [scale, bias, mean, var] = p;
    let mul: Vec<f64> = (0..c)
        .map(|i| scale[i] as f64 / (var[i] as f64 + eps).sqrt())
        .collect();
    let inner: usize = shape[2..].iter().product();
    let mut out = vec![0f32; x.len()];
    if inner == 0 || out.is_empty() {
        return Ok(Data::F32(out));
    }
    out.par_chunks_mut(inner)
        .zip(x.par_chunks(inner))
        .enumerate()
        .for_each(|(i, (o, xs))| {
            let ch = i % c;
            let (m, a, b) = (mean[ch] as f64, mul[ch], bias[ch] as f64);
            for (o, &v) in o.iter_mut().zip(xs) {
                *o = ((v as f64 - m) * a + b) as f32;
            }
        });
    Ok(Data::F32(out))
}
