//! Data movement: transpose, the reshape family (reshape, squeeze, unsqueeze, flatten),
//! concat, slice, gather, expand and pad. These copy values and never round them.

use super::broadcast::{broadcast_to, CHUNK};
use crate::ctx::{dims, KernelResult, OpCtx};
use crate::tensor::{Data, Tensor};
use neuron_nn::common::check_axis;
use neuron_nn::shape::{is_permutation, permute_shape};
use neuron_nn::{
    concat_shape, expand_shape, flatten_shape, gather_shape, pad_shape, slice_params,
    squeeze_shape, unsqueeze_shape, ConcatOp, FlattenOp, GatherOp, PadOp, SliceOp, SqueezeOp,
    TransposeOp, UnsqueezeOp,
};
use rayon::prelude::*;

/// Applies the same generic expression to either kind of data, keeping the kind.
macro_rules! each_kind {
    ($data:expr, $v:ident => $e:expr) => {
        match $data {
            Data::F32($v) => Data::F32(($e).into()),
            Data::I64($v) => Data::I64(($e).into()),
        }
    };
}

/// Row-major strides of `shape`, in elements.
pub fn strides(shape: &[usize]) -> Vec<usize> {
    let mut s = vec![1usize; shape.len()];
    for i in (0..shape.len().saturating_sub(1)).rev() {
        s[i] = s[i + 1] * shape[i + 1];
    }
    s
}

/// Copies `src[base + Σ idx[d]·steps[d]]` for every index of `out` in row-major order.
/// The caller guarantees every such offset is inside `src`.
fn strided_copy<T>(src: &[T], base: isize, out: &[usize], steps: &[isize]) -> Vec<T>
where
    T: Copy + Send + Sync + Default,
{
    let mut res = vec![T::default(); out.iter().product()];
    strided_copy_into(src, base, out, steps, &mut res);
    res
}

/// [`strided_copy`] into `res` (of `out`'s size), every element written.
fn strided_copy_into<T>(src: &[T], base: isize, out: &[usize], steps: &[isize], res: &mut [T])
where
    T: Copy + Send + Sync,
{
    if res.is_empty() {
        return;
    }
    let (out, steps) = &merge_dims(out, steps);
    let rank = out.len();
    let (inner, inner_step) = if rank == 0 {
        (1, 0)
    } else {
        (out[rank - 1], steps[rank - 1])
    };
    let per = (CHUNK / inner).max(1);
    let outer = &out[..rank.saturating_sub(1)];
    res.par_chunks_mut(per * inner)
        .enumerate()
        .for_each(|(t, chunk)| {
            for (r, row) in chunk.chunks_mut(inner).enumerate() {
                let mut rest = t * per + r;
                let mut off = base;
                for d in (0..outer.len()).rev() {
                    off += (rest % outer[d]) as isize * steps[d];
                    rest /= outer[d];
                }
                if inner_step == 1 {
                    row.copy_from_slice(&src[off as usize..][..inner]);
                } else {
                    for (i, v) in row.iter_mut().enumerate() {
                        *v = src[(off + i as isize * inner_step) as usize];
                    }
                }
            }
        });
}

/// The same strided walk over fewer, longer rows: dims of size 1 dropped, and each dim merged
/// into the one before it when that one's step is its step times its size.
fn merge_dims(out: &[usize], steps: &[isize]) -> (Vec<usize>, Vec<isize>) {
    let mut dims: Vec<(usize, isize)> = Vec::with_capacity(out.len());
    for (&n, &step) in out.iter().zip(steps) {
        if n == 1 {
            continue;
        }
        match dims.last_mut() {
            Some((outer, outer_step)) if *outer_step == step * n as isize => {
                *outer *= n;
                *outer_step = step;
            }
            _ => dims.push((n, step)),
        }
    }
    dims.into_iter().unzip()
}

/// `src` of shape `shape` with its dimensions permuted: result dim `i` is source dim `perm[i]`.
pub fn permute<T>(src: &[T], shape: &[usize], perm: &[usize]) -> Vec<T>
where
    T: Copy + Send + Sync + Default,
{
    let mut res = vec![T::default(); src.len()];
    permute_into(src, shape, perm, &mut res);
    res
}

/// [`permute`] into `res` (as long as `src`).
pub fn permute_into<T>(src: &[T], shape: &[usize], perm: &[usize], res: &mut [T])
where
    T: Copy + Send + Sync,
{
    let st = strides(shape);
    let out: Vec<usize> = perm.iter().map(|&p| shape[p]).collect();
    let steps: Vec<isize> = perm.iter().map(|&p| st[p] as isize).collect();
    strided_copy_into(src, 0, &out, &steps, res)
}

/// `nn.transpose {perm}`.
pub fn transpose(cx: &OpCtx) -> KernelResult {
    let x = cx.arg(0)?;
    let perm = cx
        .view::<TransposeOp>()?
        .perm(cx.body)
        .ok_or("requires attribute 'perm'")?;
    if !is_permutation(&perm, x.shape.len()) {
        return Err(format!(
            "perm {perm:?} is not a permutation of 0..{}",
            x.shape.len()
        ));
    }
    cx.expect_dims(&permute_shape(&dims(&x.shape), &perm))?;
    let p: Vec<usize> = perm.iter().map(|&d| d as usize).collect();
    Ok(match &x.data {
        Data::F32(v) => {
            let mut res = cx.take_f32(v.len());
            permute_into(v, &x.shape, &p, &mut res);
            res.into()
        }
        Data::I64(v) => permute(v, &x.shape, &p).into(),
    })
}

/// The operand's values unchanged, checked against the result's element count.
fn same_values(cx: &OpCtx) -> KernelResult {
    let x = cx.arg(0)?;
    let n: usize = cx.out_shape().iter().product();
    if n != x.num_elements() {
        return Err(format!(
            "cannot view {} elements of shape {:?} as shape {:?}",
            x.num_elements(),
            x.shape,
            cx.out_shape()
        ));
    }
    Ok(x.data.clone())
}

/// `nn.reshape`: the same values under the result type's shape.
pub fn reshape(cx: &OpCtx) -> KernelResult {
    same_values(cx)
}

/// `nn.squeeze {axes}`: drops the listed size-1 dims (all size-1 dims when absent).
pub fn squeeze(cx: &OpCtx) -> KernelResult {
    let axes = cx.view::<SqueezeOp>()?.axes(cx.body);
    cx.expect_dims(&squeeze_shape(&dims(&cx.arg(0)?.shape), axes.as_deref())?)?;
    same_values(cx)
}

/// `nn.unsqueeze {axes}`: inserts size-1 dims at the listed positions of the result.
pub fn unsqueeze(cx: &OpCtx) -> KernelResult {
    let axes = cx
        .view::<UnsqueezeOp>()?
        .axes(cx.body)
        .ok_or("requires attribute 'axes'")?;
    cx.expect_dims(&unsqueeze_shape(&dims(&cx.arg(0)?.shape), &axes)?)?;
    same_values(cx)
}

/// `nn.flatten {axis}`: `[prod(dims[..axis]), prod(dims[axis..])]`.
pub fn flatten(cx: &OpCtx) -> KernelResult {
    let axis = cx.view::<FlattenOp>()?.axis_or_default(cx.body);
    cx.expect_dims(&flatten_shape(&dims(&cx.arg(0)?.shape), axis)?)?;
    same_values(cx)
}

/// `nn.expand`: numpy broadcast of the operand to the result type's shape.
pub fn expand(cx: &OpCtx) -> KernelResult {
    let x = cx.arg(0)?;
    expand_shape(&dims(&x.shape), &cx.out.shape)?;
    let out = cx.out_shape();
    Ok(each_kind!(&x.data, v => broadcast_to(v, &x.shape, &out)?))
}

/// `nn.concat {axis}` of every operand.
pub fn concat(cx: &OpCtx) -> KernelResult {
    let axis = cx
        .view::<ConcatOp>()?
        .axis(cx.body)
        .ok_or("requires attribute 'axis'")?;
    concat_axis(cx, axis)
}

/// The operands of `cx` joined along `axis`.
pub(crate) fn concat_axis(cx: &OpCtx, axis: i64) -> KernelResult {
    let first = cx.arg(0)?;
    let shapes: Vec<Vec<i64>> = cx.args.iter().map(|t| dims(&t.shape)).collect();
    let refs: Vec<&[i64]> = shapes.iter().map(|s| &s[..]).collect();
    cx.expect_dims(&concat_shape(&refs, axis)?)?;
    let axis = check_axis("axis", axis, first.shape.len())?;
    let same_kind =
        |t: &&Tensor| std::mem::discriminant(&t.data) == std::mem::discriminant(&first.data);
    if !cx.args.iter().all(same_kind) {
        return Err("operands must all be float or all be integer tensors".into());
    }
    let inner: usize = first.shape[axis + 1..].iter().product();
    let blocks: Vec<usize> = cx.args.iter().map(|t| t.shape[axis] * inner).collect();
    Ok(match &first.data {
        Data::F32(_) => Data::F32(concat_rows(&parts(cx, Data::as_f32), &blocks).into()),
        Data::I64(_) => Data::I64(concat_rows(&parts(cx, Data::as_i64), &blocks).into()),
    })
}

/// Each operand's values of one kind (operands were checked to share it).
fn parts<'a, T>(cx: &OpCtx<'a>, get: fn(&'a Data) -> Option<&'a [T]>) -> Vec<&'a [T]> {
    cx.args.iter().filter_map(|t| get(&t.data)).collect()
}

/// Interleaves `parts`: output row `o` is block `o` of every part, in order.
fn concat_rows<T: Copy + Send + Sync + Default>(parts: &[&[T]], blocks: &[usize]) -> Vec<T> {
    let row: usize = blocks.iter().sum();
    let total: usize = parts.iter().map(|p| p.len()).sum();
    let outer = total.checked_div(row).unwrap_or(0);
    let mut out = vec![T::default(); outer * row];
    if row == 0 {
        return out;
    }
    out.par_chunks_mut(row).enumerate().for_each(|(o, dst)| {
        let mut at = 0;
        for (p, &b) in parts.iter().zip(blocks) {
            dst[at..at + b].copy_from_slice(&p[o * b..][..b]);
            at += b;
        }
    });
    out
}

/// `nn.slice {starts, ends, axes, steps}` (ONNX Slice: clamping, negative indices and steps,
/// as the dialect's `slice_params` computes them).
pub fn slice(cx: &OpCtx) -> KernelResult {
    let (op, body) = (cx.view::<SliceOp>()?, cx.body);
    let starts = op.starts(body).ok_or("requires attribute 'starts'")?;
    let ends = op.ends(body).ok_or("requires attribute 'ends'")?;
    let (axes, steps) = (op.axes(body), op.steps(body));
    slice_with(cx, &starts, &ends, axes.as_deref(), steps.as_deref())
}

/// The operand of `cx` sliced by `starts`, `ends`, `axes` and `steps` (ONNX rules).
pub(crate) fn slice_with(
    cx: &OpCtx,
    starts: &[i64],
    ends: &[i64],
    axes: Option<&[i64]>,
    steps: Option<&[i64]>,
) -> KernelResult {
    let x = cx.arg(0)?;
    let params = slice_params(&dims(&x.shape), starts, ends, axes, steps)?;
    let out: Vec<i64> = params.iter().map(|p| p.len).collect();
    cx.expect_dims(&out)?;
    let st = strides(&x.shape);
    let base: isize = params
        .iter()
        .zip(&st)
        .map(|(p, &s)| p.start as isize * s as isize)
        .sum();
    let steps: Vec<isize> = params
        .iter()
        .zip(&st)
        .map(|(p, &s)| p.step as isize * s as isize)
        .collect();
    let out = cx.out_shape();
    let whole =
        base == 0 && out == x.shape && steps.iter().zip(&st).all(|(&a, &b)| a == b as isize);
    if whole {
        return Ok(x.data.clone());
    }
    Ok(match &x.data {
        Data::F32(v) => {
            let mut res = cx.take_f32(out.iter().product());
            strided_copy_into(v, base, &out, &steps, &mut res);
            res.into()
        }
        Data::I64(v) => strided_copy(v, base, &out, &steps).into(),
    })
}

/// `nn.gather(data, indices) {axis}` (ONNX Gather; negative indices count from the end).
pub fn gather(cx: &OpCtx) -> KernelResult {
    gather_axis(cx, cx.view::<GatherOp>()?.axis_or_default(cx.body))
}

/// Operand 0 of `cx` gathered along `axis` by the indices of operand 1.
pub(crate) fn gather_axis(cx: &OpCtx, axis: i64) -> KernelResult {
    let (x, idx_t) = (cx.arg(0)?, cx.arg(1)?);
    let idx = idx_t.as_i64().ok_or("indices must be an integer tensor")?;
    cx.expect_dims(&gather_shape(&dims(&x.shape), &dims(&idx_t.shape), axis)?)?;
    let axis = check_axis("axis", axis, x.shape.len())?;
    let size = x.shape[axis];
    let mut norm = Vec::with_capacity(idx.len());
    for (pos, &i) in idx.iter().enumerate() {
        let j = if i < 0 { i + size as i64 } else { i };
        if j < 0 || j >= size as i64 {
            return Err(format!(
                "index {i} (at position {pos} of the indices) is out of range for axis {axis} of size {size}"
            ));
        }
        norm.push(j as usize);
    }
    let inner: usize = x.shape[axis + 1..].iter().product();
    let block = size * inner;
    let n = x.num_elements().checked_div(block).unwrap_or(0) * norm.len() * inner;
    Ok(match &x.data {
        Data::F32(v) => {
            let mut res = cx.take_f32(n);
            gather_rows(v, &norm, (block, inner), &mut res);
            res.into()
        }
        Data::I64(v) => {
            let mut res = vec![0i64; n];
            gather_rows(v, &norm, (block, inner), &mut res);
            res.into()
        }
    })
}

/// For each outer block of `src` (`block` values), the `inner`-sized rows at `rows`, into
/// `out` (every element written).
fn gather_rows<T: Copy + Send + Sync>(
    src: &[T],
    rows: &[usize],
    (block, inner): (usize, usize),
    out: &mut [T],
) {
    let row = rows.len() * inner;
    if row == 0 {
        return;
    }
    out.par_chunks_mut(row).enumerate().for_each(|(o, dst)| {
        for (d, &r) in dst.chunks_mut(inner).zip(rows) {
            d.copy_from_slice(&src[o * block + r * inner..][..inner]);
        }
    });
}

/// `nn.pad {pads, value}`: constant padding, ONNX pad layout `[b0, b1, …, e0, e1, …]`.
pub fn pad(cx: &OpCtx) -> KernelResult {
    let (op, body) = (cx.view::<PadOp>()?, cx.body);
    let pads = op.pads(body).ok_or("requires attribute 'pads'")?;
    pad_with(cx, &pads, op.value_or_default(body))
}

/// The operand of `cx` padded by `pads` (ONNX layout) with `value`.
pub(crate) fn pad_with(cx: &OpCtx, pads: &[i64], value: f64) -> KernelResult {
    let x = cx.arg(0)?;
    cx.expect_dims(&pad_shape(&dims(&x.shape), pads)?)?;
    let begin: Vec<usize> = pads[..x.shape.len()].iter().map(|&p| p as usize).collect();
    let out = cx.out_shape();
    Ok(match &x.data {
        Data::F32(v) => Data::F32(pad_copy(v, &x.shape, &out, &begin, value as f32).into()),
        Data::I64(v) => Data::I64(pad_copy(v, &x.shape, &out, &begin, value as i64).into()),
    })
}

/// `src` placed at offset `begin` of a tensor of shape `out` filled with `fill`.
fn pad_copy<T: Copy>(
    src: &[T],
    shape: &[usize],
    out: &[usize],
    begin: &[usize],
    fill: T,
) -> Vec<T> {
    let n: usize = out.iter().product();
    let mut res = vec![fill; n];
    if src.is_empty() {
        return res;
    }
    let rank = shape.len();
    let ost = strides(out);
    let inner = if rank == 0 { 1 } else { shape[rank - 1] };
    for (r, row) in src.chunks(inner.max(1)).enumerate() {
        let mut rest = r;
        let mut off = if rank == 0 { 0 } else { begin[rank - 1] };
        for d in (0..rank.saturating_sub(1)).rev() {
            off += (rest % shape[d] + begin[d]) * ost[d];
            rest /= shape[d];
        }
        res[off..off + row.len()].copy_from_slice(row);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_dims_walk_the_same_offsets() {
        assert_eq!(merge_dims(&[2, 1, 3], &[3, 99, 1]), (vec![6], vec![1]));
        assert_eq!(merge_dims(&[4, 2, 1], &[1, 8, 5]), (vec![4, 2], vec![1, 8]));
        assert_eq!(merge_dims(&[1, 1], &[7, 7]), (vec![], vec![]));
        let src: Vec<i64> = (0..24).collect();
        let strided = strided_copy(&src, 1, &[2, 1, 3, 2], &[12, 5, 2, 1]);
        assert_eq!(strided, vec![1, 2, 3, 4, 5, 6, 13, 14, 15, 16, 17, 18]);
    }

    #[test]
    fn permute_and_pad() {
        let v: Vec<i64> = (0..6).collect();
        assert_eq!(permute(&v, &[2, 3], &[1, 0]), vec![0, 3, 1, 4, 2, 5]);
        let p = pad_copy(&[1, 2], &[1, 2], &[2, 4], &[1, 1], 0);
        assert_eq!(p, vec![0, 0, 0, 0, 0, 1, 2, 0]);
    }
}
