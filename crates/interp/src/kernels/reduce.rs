//! Reductions: `nn.reduce_sum`, `nn.reduce_mean`, `nn.reduce_max`, and the axis-wise
//! `nn.softmax` / `nn.log_softmax`.
//!
//! Each output element is reduced by one thread, in index order, accumulating in `f64`
//! (rounded once to `f32`), so results do not depend on the thread count. Softmax subtracts
//! the maximum first, so no `exp` overflows (|x| = 1e4 is fine); NaN anywhere in a row makes
//! the row NaN, as does +Inf (Inf − Inf). Its exponentials and divisions are vectorised
//! (`vmath`); the sum of the exponentials stays sequential, in index order.

use super::math::maximum;
use super::vmath;
use crate::ctx::{dims, KernelResult, OpCtx};
use crate::tensor::Data;
use neuron_ir::Scalar;
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
            Ok(Data::F32(
                (reduce_f32(&runs(v, &x.shape, &mask), kind)).into(),
            ))
        }
        Data::I64(v) => Ok(Data::I64(
            (reduce_i64(&runs(v, &x.shape, &mask), kind, x.dtype == Scalar::UI64)?).into(),
        )),
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

/// Integer reductions: sums wrap (the executor wraps to the type's width), means divide the
/// exact sum truncating toward zero; `unsigned` reads `ui64` bit patterns as unsigned.
fn reduce_i64(r: &Runs<i64>, kind: Kind, unsigned: bool) -> Result<Vec<i64>, String> {
    let len = r.len;
    if len == 0 && kind != Kind::Sum {
        return Err("cannot take the mean or maximum of no integers".into());
    }
    let value = |v: i64| {
        if unsigned {
            v as u64 as i128
        } else {
            v as i128
        }
    };
    Ok((0..r.outputs)
        .into_par_iter()
        .map(|o| {
            let run = &r.data[o * len..][..len];
            let sum = || run.iter().fold(0i64, |s, &v| s.wrapping_add(v));
            match kind {
                Kind::Max => run.iter().map(|&v| value(v)).max().unwrap_or(0) as i64,
                Kind::Sum => sum(),
                Kind::Mean => (run.iter().map(|&v| value(v)).sum::<i128>() / len as i128) as i64,
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

/// Elements per parallel task of softmax (whole `[len, inner]` blocks).
const SOFTMAX_CHUNK: usize = 1 << 14;

/// Scratch space of one softmax task: `e^(x − max)` of a line, and a strided line's values.
#[derive(Default)]
struct Scratch {
    exps: Vec<f64>,
    line: Vec<f32>,
    out: Vec<f32>,
}

/// Softmax over `axis`: `[outer, len, inner]` view; each line is computed on its own, with
/// the same arithmetic whichever task holds it.
fn softmax_impl(cx: &OpCtx, axis: i64, log: bool) -> KernelResult {
    cx.float_result()?;
    let (x, shape) = cx.f32_arg(0)?;
    let axis = check_axis("axis", axis, shape.len())?;
    cx.expect_shape(shape)?;
    let len = shape[axis];
    let inner: usize = shape[axis + 1..].iter().product();
    let mut out = cx.take_f32(x.len());
    if out.is_empty() {
        return Ok(out.into());
    }
    let block = len * inner;
    let per = (SOFTMAX_CHUNK / block).max(1) * block;
    out.par_chunks_mut(per)
        .zip(x.par_chunks(per))
        .for_each_init(Scratch::default, |s, (o, xs)| {
            if inner == 1 {
                softmax_lines(xs, o, len, log, &mut s.exps);
            } else {
                for (o, xs) in o.chunks_mut(block).zip(xs.chunks(block)) {
                    softmax_block(xs, o, inner, log, s);
                }
            }
        });
    Ok(out.into())
}

/// The softmax of the `inner` lines of one `[len, inner]` block (a strided line is copied
/// out, computed, and copied back).
fn softmax_block(xs: &[f32], o: &mut [f32], inner: usize, log: bool, s: &mut Scratch) {
    let Scratch { exps, line, out } = s;
    for i in 0..inner {
        line.clear();
        line.extend(xs[i..].iter().step_by(inner));
        out.resize(line.len(), 0.0);
        softmax_lines(line, out, line.len(), log, exps);
        for (dst, &v) in o[i..].iter_mut().step_by(inner).zip(out.iter()) {
            *dst = v;
        }
    }
}

/// Lines whose sums are accumulated together, so that their sequential sums overlap.
const LINES: usize = 4;

/// Softmax of each `len`-long line of `xs` into `o`, in `f64`: `e^(x − max)` once per element
/// into `exps`, their sum in index order from −0 (as `Iterator::sum`), then each exponential
/// divided by it (or `x − max − ln(sum)`). Lines go four at a time through the sums; the
/// grouping never changes a result.
fn softmax_lines(xs: &[f32], o: &mut [f32], len: usize, log: bool, exps: &mut Vec<f64>) {
    for (o, xs) in o.chunks_mut(LINES * len).zip(xs.chunks(LINES * len)) {
        exps.resize(xs.len(), 0.0);
        let mut max = [0f64; LINES];
        for ((m, x), e) in max.iter_mut().zip(xs.chunks(len)).zip(exps.chunks_mut(len)) {
            *m = line_max(x) as f64;
            vmath::exp_shifted(x, *m, e);
        }
        let sums = if xs.len() == LINES * len {
            interleaved_sums(exps, len)
        } else {
            let mut sums = [0f64; LINES];
            for (s, e) in sums.iter_mut().zip(exps.chunks(len)) {
                *s = e.iter().sum();
            }
            sums
        };
        let lines = o.chunks_mut(len).zip(xs.chunks(len)).zip(exps.chunks(len));
        for (((o, x), e), (&m, &sum)) in lines.zip(max.iter().zip(&sums)) {
            if log {
                let log_sum = sum.ln();
                for (o, &v) in o.iter_mut().zip(x) {
                    *o = (v as f64 - m - log_sum) as f32;
                }
            } else {
                vmath::div_round(e, sum, o);
            }
        }
    }
}

/// The sums of `LINES` consecutive `len`-long lines of `e`, each in index order from −0.
fn interleaved_sums(e: &[f64], len: usize) -> [f64; LINES] {
    let mut sums = [-0.0f64; LINES];
    for k in 0..len {
        for (r, s) in sums.iter_mut().enumerate() {
            *s += e[r * len + k];
        }
    }
    sums
}

/// The maximum of a line, as the NaN-propagating fold `maximum(…maximum(−∞, x₀)…, xₙ)` gives
/// it. Eight running maxima (which vectorise) give the same value unless the line has a NaN or
/// its maximum is a zero (whose sign depends on the order); then the fold itself runs.
fn line_max(xs: &[f32]) -> f32 {
    let mut lanes = [f32::NEG_INFINITY; 8];
    let mut nan = false;
    let chunks = xs.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (m, &v) in lanes.iter_mut().zip(c) {
            *m = if v > *m { v } else { *m };
            nan |= v.is_nan();
        }
    }
    for &v in rest {
        lanes[0] = if v > lanes[0] { v } else { lanes[0] };
        nan |= v.is_nan();
    }
    let m = lanes.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if nan || m == 0.0 {
        xs.iter().copied().fold(f32::NEG_INFINITY, maximum)
    } else {
        m
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
