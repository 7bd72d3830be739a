//! Reductions: `nn.reduce_sum`, `nn.reduce_mean`, `nn.reduce_max`, and the axis-wise
//! `nn.softmax` / `nn.log_softmax`.
//!
//! Each output element is reduced by one thread, in index order, accumulating in `f64`
//! (rounded once to `f32`), so results do not depend on the thread count. Softmax subtracts
//! the maximum first, so no `exp` overflows (|x| = 1e4 is fine); NaN anywhere in a row makes
//! the row NaN, as does +Inf (Inf − Inf).

use super::math::maximum;
use crate::ctx::{dims, KernelResult, OpCtx};
use crate::tensor::Data;
use neuron_nn::common::check_axis;
use neuron_nn::reduce::reduce_axes;
use neuron_nn::{reduce_shape, LogSoftmaxOp, ReduceMaxOp, ReduceMeanOp, ReduceSumOp, SoftmaxOp};
use rayon::prelude::*;

/// The values of a reduction's input ordered so that each output element reduces one
/// contiguous run (kept axes first, reduced axes last).
pub(crate) struct Runs<'a, T: Clone> {
    /// The values, borrowed when already in that order.
    pub(crate) data: std::borrow::Cow<'a, [T]>,
    /// Number of output elements.
    pub(crate) outputs: usize,
    /// Length of each run.
    pub(crate) len: usize,
}

/// Reorders `x` (of `shape`) so that the axes flagged in `mask` come last.
pub(crate) fn runs<'a, T>(x: &'a [T], shape: &[usize], mask: &[bool]) -> Runs<'a, T>
where
    T: Copy + Send + Sync + Default,
{
    let kept: Vec<usize> = (0..shape.len()).filter(|&d| !mask[d]).collect();
    let red: Vec<usize> = (0..shape.len()).filter(|&d| mask[d]).collect();
    let perm: Vec<usize> = kept.iter().chain(&red).copied().collect();
    let in_order = perm.iter().enumerate().all(|(i, &p)| i == p);
    let data = if in_order {
        std::borrow::Cow::Borrowed(x)
    } else {
        std::borrow::Cow::Owned(super::movement::permute(x, shape, &perm))
    };
    let outputs = kept.iter().map(|&d| shape[d]).product();
    let len = red.iter().map(|&d| shape[d]).product();
    Runs { data, outputs, len }
}

/// Which reduction.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sum,
    Mean,
    Max,
}

/// A reduction over `axes` (all when absent or empty, as the dialect's `reduce_axes` says).
fn reduce(cx: &OpCtx, kind: Kind, axes: Option<Vec<i64>>, keepdims: bool) -> KernelResult {
    let x = cx.arg(0)?;
    let shape = dims(&x.shape);
    cx.expect_dims(&reduce_shape(&shape, axes.as_deref(), keepdims)?)?;
    let mut mask = vec![false; x.shape.len()];
    for d in reduce_axes(axes.as_deref(), x.shape.len())? {
        mask[d] = true;
    }
    match &x.data {
        Data::F32(v) => {
            cx.float_result()?;
            Ok(Data::F32(reduce_f32(&runs(v, &x.shape, &mask), kind)))
        }
        Data::I64(v) => Ok(Data::I64(reduce_i64(&runs(v, &x.shape, &mask), kind)?)),
    }
}

fn reduce_f32(r: &Runs<f32>, kind: Kind) -> Vec<f32> {
    let len = r.len;
    (0..r.outputs)
        .into_par_iter()
        .map(|o| {
            let run = &r.data[o * len..][..len];
            match kind {
                Kind::Max => run.iter().copied().fold(f32::NEG_INFINITY, maximum),
                Kind::Sum => run.iter().map(|&v| v as f64).sum::<f64>() as f32,
                Kind::Mean => (run.iter().map(|&v| v as f64).sum::<f64>() / len as f64) as f32,
            }
        })
        .collect()
}

fn reduce_i64(r: &Runs<i64>, kind: Kind) -> Result<Vec<i64>, String> {
    let len = r.len;
    if len == 0 && kind != Kind::Sum {
        return Err("cannot take the mean or maximum of no integers".into());
    }
    Ok((0..r.outputs)
        .into_par_iter()
        .map(|o| {
            let run = &r.data[o * len..][..len];
            let sum = || run.iter().fold(0i64, |s, &v| s.wrapping_add(v));
            match kind {
                Kind::Max => run.iter().copied().max().unwrap_or(i64::MIN),
                Kind::Sum => sum(),
                Kind::Mean => sum() / len as i64,
            }
        })
        .collect())
}

/// `nn.reduce_sum {axes, keepdims}`.
pub fn reduce_sum(cx: &OpCtx) -> KernelResult {
    let op = cx.view::<ReduceSumOp>()?;
    reduce(
        cx,
        Kind::Sum,
        op.axes(cx.body),
        op.keepdims_or_default(cx.body),
    )
}

/// `nn.reduce_mean {axes, keepdims}` (integers: truncating division).
pub fn reduce_mean(cx: &OpCtx) -> KernelResult {
    let op = cx.view::<ReduceMeanOp>()?;
    reduce(
        cx,
        Kind::Mean,
        op.axes(cx.body),
        op.keepdims_or_default(cx.body),
    )
}

/// `nn.reduce_max {axes, keepdims}` (NaN-propagating).
pub fn reduce_max(cx: &OpCtx) -> KernelResult {
    let op = cx.view::<ReduceMaxOp>()?;
    reduce(
        cx,
        Kind::Max,
        op.axes(cx.body),
        op.keepdims_or_default(cx.body),
    )
}

/// Softmax over `axis`: `[outer, len, inner]` view, one `(outer, inner)` line per task.
fn softmax_impl(cx: &OpCtx, axis: i64, log: bool) -> KernelResult {
    cx.float_result()?;
    let (x, shape) = cx.f32_arg(0)?;
    let axis = check_axis("axis", axis, shape.len())?;
    cx.expect_shape(shape)?;
    let len = shape[axis];
    let inner: usize = shape[axis + 1..].iter().product();
    let mut out = vec![0f32; x.len()];
    if out.is_empty() {
        return Ok(Data::F32(out));
    }
    out.par_chunks_mut(len * inner)
        .zip(x.par_chunks(len * inner))
        .for_each_init(Vec::new, |exps, (o, xs)| {
            for i in 0..inner {
                softmax_line(xs, o, (i, inner), log, exps);
            }
        });
    Ok(Data::F32(out))
}

/// Softmax of the strided line `xs[i], xs[i + step], …` into the same places of `o`, in
/// `f64`; `exps` is scratch space for `e^(x − max)`, so each exponential is taken once.
fn softmax_line(
    xs: &[f32],
    o: &mut [f32],
    (i, step): (usize, usize),
    log: bool,
    exps: &mut Vec<f64>,
) {
    let line = || xs[i..].iter().step_by(step);
    let m = line().copied().fold(f32::NEG_INFINITY, maximum) as f64;
    exps.clear();
    exps.extend(line().map(|&v| (v as f64 - m).exp()));
    let sum: f64 = exps.iter().sum();
    if log {
        let log_sum = sum.ln();
        for (k, &v) in line().enumerate() {
            o[i + k * step] = (v as f64 - m - log_sum) as f32;
        }
    } else {
        for (k, e) in exps.iter().enumerate() {
            o[i + k * step] = (e / sum) as f32;
        }
    }
}

/// `nn.softmax {axis}`.
pub fn softmax(cx: &OpCtx) -> KernelResult {
    softmax_impl(cx, cx.view::<SoftmaxOp>()?.axis_or_default(cx.body), false)
}

/// `nn.log_softmax {axis}`.
pub fn log_softmax(cx: &OpCtx) -> KernelResult {
    softmax_impl(
        cx,
        cx.view::<LogSoftmaxOp>()?.axis_or_default(cx.body),
        true,
    )
}
