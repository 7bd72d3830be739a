//! Normalisations: `nn.layer_norm` and `nn.batch_norm` (inference form).
//!
//! Layer norm is two-pass in `f64` (mean, then the mean of squared deviations), which stays
//! exact for inputs with a large common offset (|x| = 1e4 and beyond); the normalised value
//! `(x − mean)·(1/√(var + ε))·scale + bias` is computed in `f64` and rounded once to `f32`.
//! Each row's sums run in index order; rows are summed four at a time (independent chains the
//! CPU overlaps), and the normalisation loop is vectorised (`vmath`).

use super::vmath;
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
    if d == 0 || x.is_empty() {
        return Ok(vec![0f32; x.len()].into());
    }
    let widen = |p: Option<&[f32]>, absent: f64| -> Vec<f64> {
        p.map_or_else(
            || vec![absent; d],
            |v| v.iter().map(|&v| v as f64).collect(),
        )
    };
    let affine = Affine {
        scale: widen(scale, 1.0),
        bias: widen(bias, 0.0),
        eps,
    };
    let mut out = cx.take_f32(x.len());
    let per = (NORM_CHUNK / d).max(1) * d;
    out.par_chunks_mut(per)
        .zip(x.par_chunks(per))
        .for_each(|(o, xs)| {
            let mut groups = o.chunks_mut(GROUP * d).zip(xs.chunks(GROUP * d));
            for (o, rows) in &mut groups {
                if rows.len() == GROUP * d {
                    normalise_rows::<GROUP>(rows, o, &affine);
                } else {
                    for (o, row) in o.chunks_mut(d).zip(rows.chunks(d)) {
                        normalise_rows::<1>(row, o, &affine);
                    }
                }
            }
        });
    Ok(out.into())
}

/// Elements per parallel task of layer norm (whole rows).
const NORM_CHUNK: usize = 1 << 14;
/// Rows whose statistics are summed together, so that their sequential sums overlap.
const GROUP: usize = 4;

/// The per-feature scale and bias of a layer norm (1 and 0 when absent), and its epsilon.
struct Affine {
    scale: Vec<f64>,
    bias: Vec<f64>,
    eps: f64,
}

/// Normalises `G` consecutive rows of `xs` into `o`. Each row's sums run in index order from
/// −0 (as `Iterator::sum`), so grouping rows never changes a result.
fn normalise_rows<const G: usize>(xs: &[f32], o: &mut [f32], p: &Affine) {
    let d = p.scale.len();
    let mut sum = [-0.0f64; G];
    for j in 0..d {
        for (r, s) in sum.iter_mut().enumerate() {
            *s += xs[r * d + j] as f64;
        }
    }
    let mean = sum.map(|s| s / d as f64);
    let mut sq = [-0.0f64; G];
    for j in 0..d {
        for (r, s) in sq.iter_mut().enumerate() {
            let t = xs[r * d + j] as f64 - mean[r];
            *s += t * t;
        }
    }
    for r in 0..G {
        let inv = 1.0 / (sq[r] / d as f64 + p.eps).sqrt();
        let row = &xs[r * d..][..d];
        vmath::normalise(
            row,
            (mean[r], inv),
            (&p.scale, &p.bias),
            &mut o[r * d..][..d],
        );
    }
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
        return Ok(Data::F32(out.into()));
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
    Ok(Data::F32(out.into()))
}
