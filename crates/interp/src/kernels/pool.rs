//! Pooling over NCHW planes: `nn.max_pool2d`, `nn.avg_pool2d`, `nn.global_avg_pool`.
//!
//! Windows skip padded taps: max pooling takes the maximum of the taps inside the input (NaN
//! if any is NaN, −Inf if none), average pooling divides by the whole window size with
//! `count_include_pad` and by the number of taps inside the input without it (ONNX). Sums
//! accumulate in `f64`, one output element at a time.

use super::conv::{dims4, Window};
use super::math::maximum;
use crate::ctx::{dims, KernelResult, OpCtx};
use crate::tensor::Data;
use neuron_nn::pool::global_pool_shape;
use neuron_nn::{pool2d_output_shape, AvgPool2dOp, MaxPool2dOp};
use rayon::prelude::*;

/// Pooling parameters: `[kH, kW]`, strides, pads `[top, left, bottom, right]`, dilations.
pub(crate) type PoolParams = ([i64; 2], [i64; 2], [i64; 4], [i64; 2]);

/// The input and the window of a pooling op, its result shape checked.
pub(crate) fn pool_setup<'a>(
    cx: &OpCtx<'a>,
    p: Option<PoolParams>,
) -> Result<(&'a [f32], Window), String> {
    cx.float_result()?;
    let (x, xs) = cx.f32_arg(0)?;
    let (kernel, strides, pads, dilations) = p.ok_or("requires attribute 'kernel_shape'")?;
    cx.expect_dims(&pool2d_output_shape(
        &dims(xs),
        kernel,
        strides,
        pads,
        dilations,
    )?)?;
    let [_, _, h, w] = dims4(xs, "input")?;
    let k = kernel.map(|v| v as usize);
    Ok((x, Window::new([h, w], k, strides, pads, dilations)?))
}

/// Runs `f(plane, window, output plane)` over every `(n, c)` plane in parallel.
pub(crate) fn per_plane(
    x: &[f32],
    win: &Window,
    f: impl Fn(&[f32], &mut [f32]) + Sync,
) -> Vec<f32> {
    let planes = x.len() / (win.h * win.w).max(1);
    let mut out = vec![0f32; planes * win.oh * win.ow];
    if out.is_empty() {
        return out;
    }
    out.par_chunks_mut(win.oh * win.ow)
        .enumerate()
        .for_each(|(p, o)| f(&x[p * win.h * win.w..][..win.h * win.w], o));
    out
}

/// The input taps of output element `(oi, oj)`.
pub(crate) fn taps<'a>(
    x: &'a [f32],
    win: &'a Window,
    oi: usize,
    oj: usize,
) -> impl Iterator<Item = f32> + 'a {
    (0..win.kh)
        .filter_map(move |ki| win.in_row(oi, ki))
        .flat_map(move |r| {
            (0..win.kw).filter_map(move |kj| win.in_col(oj, kj).map(|c| x[r * win.w + c]))
        })
}

/// `nn.max_pool2d {kernel_shape, strides, pads, dilations}`.
pub fn max_pool2d(cx: &OpCtx) -> KernelResult {
    let (op, b) = (cx.view::<MaxPool2dOp>()?, cx.body);
    let params = op.kernel_pair(b).map(|k| {
        (
            k,
            op.strides_or_default(b),
            op.pads_or_default(b),
            op.dilations_or_default(b),
        )
    });
    let (x, win) = pool_setup(cx, params)?;
    let out = per_plane(x, &win, |plane, o| {
        for (i, v) in o.iter_mut().enumerate() {
            let (oi, oj) = (i / win.ow, i % win.ow);
            *v = taps(plane, &win, oi, oj).fold(f32::NEG_INFINITY, maximum);
        }
    });
    Ok(Data::F32(out.into()))
}

/// `nn.avg_pool2d {kernel_shape, strides, pads, count_include_pad}`.
pub fn avg_pool2d(cx: &OpCtx) -> KernelResult {
    let (op, b) = (cx.view::<AvgPool2dOp>()?, cx.body);
    let params = op
        .kernel_pair(b)
        .map(|k| (k, op.strides_or_default(b), op.pads_or_default(b), [1, 1]));
    let (x, win) = pool_setup(cx, params)?;
    let include_pad = op.count_include_pad_or_default(b);
    let full = (win.kh * win.kw) as f64;
    let out = per_plane(x, &win, |plane, o| {
        for (i, v) in o.iter_mut().enumerate() {
            let (oi, oj) = (i / win.ow, i % win.ow);
            let (sum, count) =
                taps(plane, &win, oi, oj).fold((0f64, 0usize), |(s, n), t| (s + t as f64, n + 1));
            let div = if include_pad { full } else { count as f64 };
            *v = (sum / div) as f32;
        }
    });
    Ok(Data::F32(out.into()))
}

/// `nn.global_avg_pool`: the mean of each `(n, c)` plane → `[N, C, 1, 1]`.
pub fn global_avg_pool(cx: &OpCtx) -> KernelResult {
    cx.float_result()?;
    let (x, xs) = cx.f32_arg(0)?;
    cx.expect_dims(&global_pool_shape(&dims(xs))?)?;
    let [n, c, h, w] = dims4(xs, "input")?;
    let plane = h * w;
    let out: Vec<f32> = (0..n * c)
        .into_par_iter()
        .map(|p| {
            let s: f64 = x[p * plane..][..plane].iter().map(|&v| v as f64).sum();
            (s / plane as f64) as f32
        })
        .collect();
    Ok(Data::F32(out.into()))
}
