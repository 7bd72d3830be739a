//! Kernels of `nn.argmax` / `nn.argmin`, `nn.reduce_min` / `nn.reduce_prod`, `nn.cumsum` and
//! `nn.gather_elements`.
//!
//! An op along one axis sees its input as `[outer, n, inner]`: the loops run over the `inner`
//! elements of a row at a time (contiguous, so they vectorise) and in parallel over chunks of
//! the output only, each element computed in index order, so results do not depend on the
//! thread count. Float sums and products accumulate in `f64` and are rounded once to FP32.

use super::broadcast::CHUNK;
use super::movement::permute;
use crate::ctx::{dims, KernelResult, OpCtx};
use neuron_ir::Scalar;
use neuron_nn::common::check_axis;
use neuron_nn::reduce::reduce_axes;
use neuron_nn::{
    arg_reduce_shape, gather_elements_shape, reduce_shape, ArgMaxOp, ArgMinOp, CumSumOp,
    GatherElementsOp, ReduceMinOp, ReduceProdOp,
};
use rayon::prelude::*;

/// `shape` split at `axis` into `(outer, n, inner)` element counts.
pub(crate) fn split_at_axis(shape: &[usize], axis: usize) -> (usize, usize, usize) {
    let outer = shape[..axis].iter().product();
    let inner = shape[axis + 1..].iter().product();
    (outer, shape[axis], inner)
}

/// For each `[outer, inner]` position, the index along `n` of the element that wins by
/// `better(candidate, best)` over all earlier ones.
fn arg_scan<T, F>(x: &[T], (outer, n, inner): (usize, usize, usize), better: F) -> Vec<i64>
where
    T: Copy + Send + Sync,
    F: Fn(T, T) -> bool + Sync,
{
    let mut out = vec![0i64; outer * inner];
    if out.is_empty() || n == 0 {
        return out;
    }
    out.par_chunks_mut(inner).enumerate().for_each(|(o, idx)| {
        let block = &x[o * n * inner..][..n * inner];
        let mut best: Vec<T> = block[..inner].to_vec();
        for k in 1..n {
            let row = &block[k * inner..][..inner];
            for ((b, i), &c) in best.iter_mut().zip(idx.iter_mut()).zip(row) {
                if better(c, *b) {
                    *b = c;
                    *i = k as i64;
                }
            }
        }
    });
    out
}

/// Whether `c` replaces `b` as the maximum (NaN wins; ties go to the first or the last).
fn float_max_wins(c: f32, b: f32, last: bool) -> bool {
    let nan = c.is_nan() && !b.is_nan();
    nan || if last { c >= b || c.is_nan() } else { c > b }
}

/// Whether `c` replaces `b` as the minimum (NaN wins; ties go to the first or the last).
fn float_min_wins(c: f32, b: f32, last: bool) -> bool {
    let nan = c.is_nan() && !b.is_nan();
    nan || if last { c <= b || c.is_nan() } else { c < b }
}

/// `nn.argmax` or `nn.argmin` with its normalised attributes.
fn arg_reduce(cx: &OpCtx, axis: i64, keep: bool, last: bool, max: bool) -> KernelResult {
    let t = cx.arg(0)?;
    cx.expect_dims(&arg_reduce_shape(&dims(&t.shape), axis, keep)?)?;
    let a = check_axis("axis", axis, t.shape.len())?;
    if t.shape[a] == 0 {
        return Err("the reduced axis must not be empty".into());
    }
    let parts = split_at_axis(&t.shape, a);
    if let Some(x) = t.as_f32() {
        return Ok(match max {
            true => arg_scan(x, parts, |c, b| float_max_wins(c, b, last)),
            false => arg_scan(x, parts, |c, b| float_min_wins(c, b, last)),
        }
        .into());
    }
    let x = t.as_i64().ok_or("unsupported operand storage")?;
    Ok(match (max, last) {
        (true, false) => arg_scan(x, parts, |c, b| c > b),
        (true, true) => arg_scan(x, parts, |c, b| c >= b),
        (false, false) => arg_scan(x, parts, |c, b| c < b),
        (false, true) => arg_scan(x, parts, |c, b| c <= b),
    }
    .into())
}

/// `nn.argmax {axis, keepdims, select_last_index}`.
pub fn argmax(cx: &OpCtx) -> KernelResult {
    let (op, b) = (cx.view::<ArgMaxOp>()?, cx.body);
    let last = op.select_last_index_or_default(b);
    arg_reduce(
        cx,
        op.axis_or_default(b),
        op.keepdims_or_default(b),
        last,
        true,
    )
}

/// `nn.argmin {axis, keepdims, select_last_index}`.
pub fn argmin(cx: &OpCtx) -> KernelResult {
    let (op, b) = (cx.view::<ArgMinOp>()?, cx.body);
    let last = op.select_last_index_or_default(b);
    arg_reduce(
        cx,
        op.axis_or_default(b),
        op.keepdims_or_default(b),
        last,
        false,
    )
}

/// The input values ordered so that each output reduces one contiguous run (reduced axes
/// last), with the run length.
fn runs<T: Copy + Send + Sync + Default>(
    x: &[T],
    shape: &[usize],
    red: &[usize],
) -> (Vec<T>, usize) {
    let kept = (0..shape.len()).filter(|d| !red.contains(d));
    let perm: Vec<usize> = kept.chain(red.iter().copied()).collect();
    let len = red.iter().map(|&d| shape[d]).product();
    (permute(x, shape, &perm), len)
}

/// Reduces each run of `len` values of `x` into one output by `f`, in parallel chunks.
fn reduce_runs<T, O, F>(x: &[T], len: usize, outputs: usize, f: F) -> Vec<O>
where
    T: Sync,
    O: Send + Default + Clone,
    F: Fn(&[T]) -> O + Sync,
{
    let mut out = vec![O::default(); outputs];
    let per = (CHUNK / len.max(1)).max(1);
    out.par_chunks_mut(per).enumerate().for_each(|(c, o)| {
        for (j, v) in o.iter_mut().enumerate() {
            *v = f(&x[(c * per + j) * len..][..len]);
        }
    });
    out
}

/// NaN-propagating minimum.
fn minimum(a: f32, b: f32) -> f32 {
    if a.is_nan() || b.is_nan() {
        f32::NAN
    } else {
        a.min(b)
    }
}

/// The largest value of an integer type (the minimum of no values).
fn int_max(elem: Scalar) -> i64 {
    match elem {
        Scalar::I1 => 1,
        Scalar::I8 => i8::MAX as i64,
        Scalar::I32 => i32::MAX as i64,
        _ => i64::MAX,
    }
}

/// `nn.reduce_min` (`min == true`) or `nn.reduce_prod` over `axes`.
fn reduce(cx: &OpCtx, axes: Option<Vec<i64>>, keep: bool, min: bool) -> KernelResult {
    let t = cx.arg(0)?;
    cx.expect_dims(&reduce_shape(&dims(&t.shape), axes.as_deref(), keep)?)?;
    let red = reduce_axes(axes.as_deref(), t.shape.len())?;
    let outputs = cx.out_shape().iter().product();
    if let Some(x) = t.as_f32() {
        cx.float_result()?;
        let (v, len) = runs(x, &t.shape, &red);
        return Ok(match min {
            true => reduce_runs(&v, len, outputs, |r| {
                r.iter().fold(f32::INFINITY, |m, &a| minimum(m, a))
            }),
            false => reduce_runs(&v, len, outputs, |r| {
                r.iter().fold(1f64, |p, &a| p * a as f64) as f32
            }),
        }
        .into());
    }
    let x = t.as_i64().ok_or("unsupported operand storage")?;
    let (v, len) = runs(x, &t.shape, &red);
    let top = int_max(t.dtype);
    Ok(match min {
        true => reduce_runs(&v, len, outputs, |r| r.iter().fold(top, |m, &a| m.min(a))),
        false => reduce_runs(&v, len, outputs, |r| {
            r.iter().fold(1i64, |p, &a| p.wrapping_mul(a))
        }),
    }
    .into())
}

/// `nn.reduce_min {axes, keepdims}` (+Inf, or the type's maximum, over no values).
pub fn reduce_min(cx: &OpCtx) -> KernelResult {
    let (op, b) = (cx.view::<ReduceMinOp>()?, cx.body);
    reduce(cx, op.axes(b), op.keepdims_or_default(b), true)
}

/// `nn.reduce_prod {axes, keepdims}` (1 over no values).
pub fn reduce_prod(cx: &OpCtx) -> KernelResult {
    let (op, b) = (cx.view::<ReduceProdOp>()?, cx.body);
    reduce(cx, op.axes(b), op.keepdims_or_default(b), false)
}

/// Running accumulations along `n` of each `[n, inner]` block of `x`, into `out` (of `x`'s
/// size): each accumulator starts at `init`, `step` folds in the next value, `fin` converts an
/// accumulator to a result (`nn.cumsum` adds from 0, `nn.cumprod` multiplies from 1).
fn scan<T, A>(
    (x, out): (&[T], &mut [T]),
    (n, inner): (usize, usize),
    (exclusive, reverse): (bool, bool),
    init: A,
    (step, fin): (impl Fn(A, T) -> A + Sync, impl Fn(A) -> T + Sync),
) where
    T: Copy + Send + Sync,
    A: Copy + Send + Sync,
{
    if n * inner == 0 {
        return;
    }
    out.par_chunks_mut(n * inner)
        .zip(x.par_chunks(n * inner))
        .for_each(|(o, x)| {
            let mut acc = vec![init; inner];
            for i in 0..n {
                let k = if reverse { n - 1 - i } else { i };
                let (xr, or) = (&x[k * inner..][..inner], &mut o[k * inner..][..inner]);
                for ((a, y), &v) in acc.iter_mut().zip(or.iter_mut()).zip(xr) {
                    let next = step(*a, v);
                    *y = fin(if exclusive { *a } else { next });
                    *a = next;
                }
            }
        });
}

/// `nn.cumsum {axis, exclusive, reverse}`.
pub fn cumsum(cx: &OpCtx) -> KernelResult {
    let (op, b) = (cx.view::<CumSumOp>()?, cx.body);
    let flags = (op.exclusive_or_default(b), op.reverse_or_default(b));
    running(
        cx,
        op.axis(b),
        flags,
        (0.0, |s, v| s + v),
        (0, i64::wrapping_add),
    )
}

/// A running accumulation along `axis` (`nn.cumsum`, `nn.cumprod`): floats accumulate in `f64`
/// from `float.0` with `float.1` and are rounded once per output, integers in `i64` from `int.0`
/// with `int.1` (wrapping).
pub(crate) fn running(
    cx: &OpCtx,
    axis: Option<i64>,
    flags: (bool, bool),
    float: (f64, fn(f64, f64) -> f64),
    int: (i64, fn(i64, i64) -> i64),
) -> KernelResult {
    let t = cx.arg(0)?;
    cx.expect_shape(&t.shape)?;
    let axis = axis.ok_or("requires attribute 'axis'")?;
    let a = check_axis("axis", axis, t.shape.len())?;
    let (_, n, inner) = split_at_axis(&t.shape, a);
    if let Some(x) = t.as_f32() {
        cx.float_result()?;
        let mut out = cx.take_f32(x.len());
        let step = |s: f64, v: f32| (float.1)(s, v as f64);
        scan(
            (x, &mut out),
            (n, inner),
            flags,
            float.0,
            (step, |s| s as f32),
        );
        return Ok(out.into());
    }
    let x = t.as_i64().ok_or("unsupported operand storage")?;
    let mut out = vec![0i64; x.len()];
    scan((x, &mut out), (n, inner), flags, int.0, (int.1, |s| s));
    Ok(out.into())
}

/// Copies `data[…, idx(axis) = indices[…], …]` into `out` (shaped like `indices`).
fn gather_into<T: Copy + Send + Sync>(
    data: (&[T], &[usize]),
    indices: &[i64],
    out_shape: &[usize],
    axis: usize,
    out: &mut [T],
) -> Result<(), String> {
    let (x, dshape) = data;
    let dstr = super::movement::strides(dshape);
    let rank = out_shape.len();
    let n = dshape[axis] as i64;
    out.par_chunks_mut(CHUNK)
        .enumerate()
        .try_for_each(|(c, o)| {
            let mut pos = vec![0usize; rank];
            let mut rest = c * CHUNK;
            for d in (0..rank).rev() {
                pos[d] = rest % out_shape[d];
                rest /= out_shape[d];
            }
            for (j, y) in o.iter_mut().enumerate() {
                let i = indices[c * CHUNK + j];
                let k = if i < 0 { i + n } else { i };
                if !(0..n).contains(&k) {
                    return Err(format!("index {i} is out of range [-{n}, {}]", n - 1));
                }
                let off: usize = (0..rank)
                    .map(|d| if d == axis { k as usize } else { pos[d] } * dstr[d])
                    .sum();
                *y = x[off];
                for d in (0..rank).rev() {
                    pos[d] += 1;
                    if pos[d] < out_shape[d] {
                        break;
                    }
                    pos[d] = 0;
                }
            }
            Ok(())
        })
}

/// `nn.gather_elements {axis}`.
pub fn gather_elements(cx: &OpCtx) -> KernelResult {
    let (data, idx) = (cx.arg(0)?, cx.arg(1)?);
    let axis = cx.view::<GatherElementsOp>()?.axis_or_default(cx.body);
    let shape = gather_elements_shape(&dims(&data.shape), &dims(&idx.shape), axis)?;
    cx.expect_dims(&shape)?;
    let a = check_axis("axis", axis, data.shape.len())?;
    let indices = idx.as_i64().ok_or("indices must be an integer tensor")?;
    let out_shape = cx.out_shape();
    if let Some(x) = data.as_f32() {
        let mut out = cx.take_f32(indices.len());
        gather_into((x, &data.shape), indices, &out_shape, a, &mut out)?;
        return Ok(out.into());
    }
    let x = data.as_i64().ok_or("unsupported operand storage")?;
    let mut out = vec![0i64; indices.len()];
    gather_into((x, &data.shape), indices, &out_shape, a, &mut out)?;
    Ok(out.into())
}
