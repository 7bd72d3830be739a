//! Kernels of `nn.topk` / `nn.topk_indices`, `nn.scatter_elements`, `nn.scatter_nd` and
//! `nn.cumprod`.
//!
//! Each op runs in parallel over independent slices only (the `[outer]` blocks of a TopK,
//! cumprod or ScatterElements axis, the target slices of a ScatterND), and within a slice in
//! index order, so results do not depend on the thread count. Scatter updates that hit one
//! element apply in row-major order of `indices` (the last write wins without a reduction).
//! TopK orders NaN above every number (as numpy's sort) and breaks ties by the lower index.
//! Out-of-range indices are reported (the first in row-major order) before anything is written.
//! `u64` values (stored as `i64` bits) are ordered as unsigned.

use crate::ctx::{dims, KernelResult, OpCtx};
use crate::kernels::index::split_at_axis;
use neuron_ir::Scalar;
use neuron_nn::common::check_axis;
use neuron_nn::{
    scatter_elements_check, scatter_nd_check, topk_shape, CumProdOp, ScatterElementsOp,
    ScatterNdOp, ScatterReduction, TopKIndicesOp, TopKOp,
};
use rayon::prelude::*;
use std::cmp::Ordering;

/// An element value the kernels order and combine.
trait Value: Copy + Default + Send + Sync {
    /// Total order: NaN above every number, NaNs equal to each other.
    fn order(a: Self, b: Self) -> Ordering;
    /// `self` combined with the update `u` by `red`.
    fn combine(self, u: Self, red: ScatterReduction) -> Self;
}

impl Value for f32 {
    fn order(a: f32, b: f32) -> Ordering {
        match (a.is_nan(), b.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
        }
    }

    fn combine(self, u: f32, red: ScatterReduction) -> f32 {
        let nan = self.is_nan() || u.is_nan();
        match red {
            ScatterReduction::None => u,
            ScatterReduction::Add => self + u,
            ScatterReduction::Mul => self * u,
            ScatterReduction::Max if nan => f32::NAN,
            ScatterReduction::Min if nan => f32::NAN,
            ScatterReduction::Max => self.max(u),
            ScatterReduction::Min => self.min(u),
        }
    }
}

impl Value for i64 {
    fn order(a: i64, b: i64) -> Ordering {
        a.cmp(&b)
    }

    fn combine(self, u: i64, red: ScatterReduction) -> i64 {
        match red {
            ScatterReduction::None => u,
            ScatterReduction::Add => self.wrapping_add(u),
            ScatterReduction::Mul => self.wrapping_mul(u),
            ScatterReduction::Max => self.max(u),
            ScatterReduction::Min => self.min(u),
        }
    }
}

/// `u64` bits flipped so that signed order is unsigned order (an involution).
fn flip_sign(x: &[i64]) -> Vec<i64> {
    x.par_iter().map(|&v| v ^ i64::MIN).collect()
}

/// The `k` best values along `n` of each `[outer, inner]` line and their positions.
fn select<T: Value>(
    x: &[T],
    (outer, n, inner): (usize, usize, usize),
    k: usize,
    largest: bool,
) -> (Vec<T>, Vec<i64>) {
    let (mut vals, mut idx) = (
        vec![T::default(); outer * k * inner],
        vec![0i64; outer * k * inner],
    );
    if vals.is_empty() {
        return (vals, idx);
    }
    let blocks = vals
        .par_chunks_mut(k * inner)
        .zip(idx.par_chunks_mut(k * inner));
    blocks.enumerate().for_each(|(o, (v, ix))| {
        let line = &x[o * n * inner..][..n * inner];
        let mut order: Vec<usize> = Vec::with_capacity(n);
        for i in 0..inner {
            let at = |p: usize| line[p * inner + i];
            let better = |&p: &usize, &q: &usize| {
                let c = T::order(at(p), at(q));
                let c = if largest { c.reverse() } else { c };
                c.then(p.cmp(&q))
            };
            order.clear();
            order.extend(0..n);
            if k < n {
                order.select_nth_unstable_by(k - 1, better);
            }
            order[..k].sort_unstable_by(better);
            for (r, &p) in order[..k].iter().enumerate() {
                v[r * inner + i] = at(p);
                ix[r * inner + i] = p as i64;
            }
        }
    });
    (vals, idx)
}

/// `nn.topk` (values) or `nn.topk_indices` (positions) with its attributes.
fn run_topk(cx: &OpCtx, (axis, k, largest): (i64, i64, bool), indices: bool) -> KernelResult {
    let t = cx.arg(0)?;
    cx.expect_dims(&topk_shape(&dims(&t.shape), axis, k)?)?;
    let a = check_axis("axis", axis, t.shape.len())?;
    let parts = split_at_axis(&t.shape, a);
    let k = k as usize;
    if let Some(x) = t.as_f32() {
        let (v, i) = select(x, parts, k, largest);
        return Ok(if indices { i.into() } else { v.into() });
    }
    let x = t.as_i64().ok_or("unsupported operand storage")?;
    let unsigned = t.dtype == Scalar::UI64;
    let (v, i) = match unsigned {
        true => select(&flip_sign(x), parts, k, largest),
        false => select(x, parts, k, largest),
    };
    Ok(match (indices, unsigned) {
        (true, _) => i.into(),
        (false, true) => flip_sign(&v).into(),
        (false, false) => v.into(),
    })
}

/// `nn.topk {axis, k, largest, sorted}` (the selection is always sorted).
pub fn topk(cx: &OpCtx) -> KernelResult {
    let (op, b) = (cx.view::<TopKOp>()?, cx.body);
    let axis = op.axis(b).ok_or("requires attribute 'axis'")?;
    let k = op.k(b).ok_or("requires attribute 'k'")?;
    run_topk(cx, (axis, k, op.largest_or_default(b)), false)
}

/// `nn.topk_indices {axis, k, largest, sorted}`.
pub fn topk_indices(cx: &OpCtx) -> KernelResult {
    let (op, b) = (cx.view::<TopKIndicesOp>()?, cx.body);
    let axis = op.axis(b).ok_or("requires attribute 'axis'")?;
    let k = op.k(b).ok_or("requires attribute 'k'")?;
    run_topk(cx, (axis, k, op.largest_or_default(b)), true)
}

/// `i` with a negative value counted from the end of `n`, if in range.
fn wrap(i: i64, n: usize) -> Option<usize> {
    let k = if i < 0 { i + n as i64 } else { i };
    (0..n as i64).contains(&k).then_some(k as usize)
}

/// Errors at the first index (row-major) outside `[-n, n - 1]`, where `n = range(position)`.
fn check_indices(indices: &[i64], range: impl Fn(usize) -> usize + Sync) -> Result<(), String> {
    let bad = indices
        .par_iter()
        .enumerate()
        .position_first(|(p, &i)| wrap(i, range(p)).is_none());
    match bad {
        None => Ok(()),
        Some(p) => {
            let (i, n) = (indices[p], range(p) as i64);
            Err(format!(
                "index {i} (element {p} of the indices) is out of range [-{n}, {}]",
                n - 1
            ))
        }
    }
}

/// The flat position in `to` of the position `flat` of `from` (same rank), if inside `to`.
fn remap(mut flat: usize, from: &[usize], to: &[usize]) -> Option<usize> {
    let (mut out, mut stride) = (0, 1);
    for (&f, &t) in from.iter().zip(to).rev() {
        let c = flat % f;
        flat /= f;
        if c >= t {
            return None;
        }
        out += c * stride;
        stride *= t;
    }
    Some(out)
}

/// Applies `nn.scatter_elements` to `out` (a copy of the data, shaped `dshape`); the indices
/// are already checked.
fn scatter_elements_into<T: Value>(
    (out, dshape): (&mut [T], &[usize]),
    (indices, ishape): (&[i64], &[usize]),
    updates: &[T],
    axis: usize,
    red: ScatterReduction,
) {
    let (_, n, inner) = split_at_axis(dshape, axis);
    let (_, ni, inner_i) = split_at_axis(ishape, axis);
    if n * inner == 0 || indices.is_empty() {
        return;
    }
    let (d_in, i_in) = (&dshape[axis + 1..], &ishape[axis + 1..]);
    let inner_map: Vec<usize> = (0..inner_i)
        .map(|p| remap(p, i_in, d_in).unwrap_or(0))
        .collect();
    out.par_chunks_mut(n * inner)
        .enumerate()
        .for_each(|(o, dst)| {
            let Some(io) = remap(o, &dshape[..axis], &ishape[..axis]) else {
                return;
            };
            for j in 0..ni {
                for (ii, &d_off) in inner_map.iter().enumerate() {
                    let src = (io * ni + j) * inner_i + ii;
                    let k = wrap(indices[src], n).unwrap_or(0);
                    let y = &mut dst[k * inner + d_off];
                    *y = y.combine(updates[src], red);
                }
            }
        });
}

/// The data copy as values of type `T`, the updates, and the result (with unsigned order
/// restored) of a scatter run by `f`.
fn scatter_typed(
    cx: &OpCtx,
    red: ScatterReduction,
    f: impl Fn(&mut dyn ScatterSink),
) -> KernelResult {
    let (data, upd) = (cx.arg(0)?, cx.arg(2)?);
    if let (Some(x), Some(u)) = (data.as_f32(), upd.as_f32()) {
        let mut out = x.to_vec();
        f(&mut F32Sink(&mut out, u));
        return Ok(out.into());
    }
    let x = data.as_i64().ok_or("unsupported data storage")?;
    let u = upd.as_i64().ok_or("updates must have the data's storage")?;
    let unsigned =
        data.dtype == Scalar::UI64 && matches!(red, ScatterReduction::Max | ScatterReduction::Min);
    if unsigned {
        let (mut out, u) = (flip_sign(x), flip_sign(u));
        f(&mut I64Sink(&mut out, &u));
        return Ok(flip_sign(&out).into());
    }
    let mut out = x.to_vec();
    f(&mut I64Sink(&mut out, u));
    Ok(out.into())
}

/// A scatter target of one storage type (so the index logic is written once).
trait ScatterSink {
    /// Runs `nn.scatter_elements`.
    fn elements(
        &mut self,
        dshape: &[usize],
        idx: (&[i64], &[usize]),
        axis: usize,
        r: ScatterReduction,
    );
    /// Runs `nn.scatter_nd`.
    fn nd(&mut self, dshape: &[usize], idx: (&[i64], &[usize]), r: ScatterReduction);
}

/// An `f32` data copy and its updates.
struct F32Sink<'a>(&'a mut Vec<f32>, &'a [f32]);
/// An `i64` data copy and its updates.
struct I64Sink<'a>(&'a mut Vec<i64>, &'a [i64]);

macro_rules! sink {
    ($t:ident) => {
        impl ScatterSink for $t<'_> {
            fn elements(
                &mut self,
                d: &[usize],
                i: (&[i64], &[usize]),
                a: usize,
                r: ScatterReduction,
            ) {
                scatter_elements_into((self.0, d), i, self.1, a, r)
            }

            fn nd(&mut self, d: &[usize], i: (&[i64], &[usize]), r: ScatterReduction) {
                scatter_nd_into((self.0, d), i, self.1, r)
            }
        }
    };
}
sink!(F32Sink);
sink!(I64Sink);

/// `nn.scatter_elements {axis, reduction}`.
pub fn scatter_elements(cx: &OpCtx) -> KernelResult {
    let op = cx.view::<ScatterElementsOp>()?;
    let (data, idx, upd) = (cx.arg(0)?, cx.arg(1)?, cx.arg(2)?);
    let axis = op.axis_or_default(cx.body);
    scatter_elements_check(
        &dims(&data.shape),
        &dims(&idx.shape),
        &dims(&upd.shape),
        axis,
    )?;
    cx.expect_shape(&data.shape)?;
    let a = check_axis("axis", axis, data.shape.len())?;
    let red = op.reduction_kind(cx.body)?;
    let indices = idx.as_i64().ok_or("indices must be an integer tensor")?;
    check_indices(indices, |_| data.shape[a])?;
    let (dshape, ishape) = (&data.shape[..], &idx.shape[..]);
    scatter_typed(cx, red, |s| s.elements(dshape, (indices, ishape), a, red))
}

/// Applies `nn.scatter_nd` to `out` (a copy of the data); the indices are already checked.
/// Parallel over target slices: each applies the updates aimed at it in their order.
fn scatter_nd_into<T: Value>(
    (out, dshape): (&mut [T], &[usize]),
    (indices, ishape): (&[i64], &[usize]),
    updates: &[T],
    red: ScatterReduction,
) {
    let k = ishape.last().copied().unwrap_or(0);
    let slice: usize = dshape[k..].iter().product();
    let count: usize = ishape[..ishape.len() - 1].iter().product();
    if slice == 0 || count == 0 {
        return;
    }
    let target = |u: usize| {
        let tuple = &indices[u * k..][..k];
        let pos = tuple
            .iter()
            .zip(dshape)
            .map(|(&i, &n)| wrap(i, n).unwrap_or(0));
        pos.zip(dshape).fold(0, |acc, (p, &n)| acc * n + p)
    };
    let mut order: Vec<(usize, usize)> =
        (0..count).into_par_iter().map(|u| (target(u), u)).collect();
    order.par_sort_unstable();
    out.par_chunks_mut(slice).enumerate().for_each(|(t, dst)| {
        let from = order.partition_point(|&(r, _)| r < t);
        for &(_, u) in order[from..].iter().take_while(|&&(r, _)| r == t) {
            for (y, &v) in dst.iter_mut().zip(&updates[u * slice..][..slice]) {
                *y = y.combine(v, red);
            }
        }
    });
}

/// `nn.scatter_nd {reduction}`.
pub fn scatter_nd(cx: &OpCtx) -> KernelResult {
    let op = cx.view::<ScatterNdOp>()?;
    let (data, idx, upd) = (cx.arg(0)?, cx.arg(1)?, cx.arg(2)?);
    scatter_nd_check(&dims(&data.shape), &dims(&idx.shape), &dims(&upd.shape))?;
    cx.expect_shape(&data.shape)?;
    let red = op.reduction_kind(cx.body)?;
    let indices = idx.as_i64().ok_or("indices must be an integer tensor")?;
    let k = idx.shape.last().copied().unwrap_or(0);
    check_indices(indices, |p| data.shape[p % k.max(1)])?;
    let (dshape, ishape) = (&data.shape[..], &idx.shape[..]);
    scatter_typed(cx, red, |s| s.nd(dshape, (indices, ishape), red))
}

/// `nn.cumprod {axis, exclusive, reverse}` (floats multiply in `f64`, rounded once; integers
/// wrap).
pub fn cumprod(cx: &OpCtx) -> KernelResult {
    let (op, b) = (cx.view::<CumProdOp>()?, cx.body);
    let flags = (op.exclusive_or_default(b), op.reverse_or_default(b));
    let int: (i64, fn(i64, i64) -> i64) = (1, i64::wrapping_mul);
    crate::kernels::index::running(cx, op.axis(b), flags, (1.0, |p, v| p * v), int)
}
