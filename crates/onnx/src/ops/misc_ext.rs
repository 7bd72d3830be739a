//! `Hardmax`, `OneHot`, `CenterCropPad` and `GatherND` decomposed into existing nn ops:
//! one-hot masks from `nn.equal` against constant iotas, crops and pads by `nn.slice` /
//! `nn.pad`, and N-D gathers as one `nn.gather` of flat indices.

use crate::ctx::{int_attr, Ctx, Slot, SlotId};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::ops::decompose::{
    bin, cast, check_generated, const_int, expand, gather0, out, reshape, select, slice,
};
use crate::ops::window;
use crate::shape;
use crate::tensor::tensor_type;
use neuron_ir::Scalar;

/// An `i64` iota `0..n` shaped `[n, 1, …]` with `trailing` ones after it.
fn iota(cx: &mut Ctx, n: i64, trailing: usize) -> Result<SlotId> {
    check_generated(cx, "iota", &[n])?;
    let mut shape = vec![n];
    shape.extend(std::iter::repeat_n(1, trailing));
    let v: Vec<i64> = (0..n).collect();
    Ok(const_int(cx, &shape, Scalar::I64, &v))
}

/// `ArgMax {axis, keepdims = 1}` of `x` (first maximum wins).
fn argmax_keep(cx: &mut Ctx, x: SlotId, axis: usize) -> Result<SlotId> {
    let mut s = cx.shape(x);
    s[axis] = 1;
    let attrs = vec![("axis", int_attr(axis as i64))];
    let r = cx.emit1("nn.argmax", x, tensor_type(&s, Scalar::I64), attrs)?;
    Ok(cx.add_slot(r))
}

/// `Hardmax {axis}`: 1 at the first maximum along `axis`, 0 elsewhere; before opset 13 the
/// input is coerced to 2-D `[∏d[:axis], ∏d[axis:]]` (default axis 1), from 13 one axis
/// (default −1).
pub fn hardmax(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let xs = cx.shape(x);
    let legacy = cx.opset < 13;
    let axis = cx.int_or("axis", if legacy { 1 } else { -1 })?;
    let rank = xs.len();
    let a = shape::axis("axis", axis, rank).map_err(|e| cx.err(e))?;
    if xs.contains(&0) {
        return out(cx, x);
    }
    let (work, wa) = if legacy {
        let outer = shape::product(&xs[..a]);
        (reshape(cx, x, &[outer, shape::product(&xs[a..])])?, 1)
    } else {
        (x, a)
    };
    let ws = cx.shape(work);
    let am = argmax_keep(cx, work, wa)?;
    let io = iota(cx, ws[wa], ws.len() - wa - 1)?;
    let m = bin(cx, "nn.equal", am, io)?;
    let y = cast(cx, m, cx.elem(x))?;
    let y = reshape(cx, y, &xs)?;
    out(cx, y)
}

/// `OneHot {axis = −1}` (opset 9): `depth` a constant, `values` `[off, on]`; negative indices
/// count from `depth`, others out of range give `off` everywhere.
pub fn one_hot(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (idx, vals) = (cx.req(0)?, cx.req(2)?);
    let dslot = cx.req(1)?;
    let depth = match cx.konst(dslot) {
        Some(d) if d.ty.num_elements() == 1 => d.get_f64(0),
        Some(_) => return cx.fail("depth must hold exactly one value"),
        None => return cx.fail("input 'depth' must be a constant known at import"),
    };
    if !(depth.is_finite() && depth >= 1.0 && depth <= (1u64 << 40) as f64) {
        return cx.fail(format!("depth {depth} must be a positive integer"));
    }
    let depth = depth as i64;
    if cx.shape(vals).iter().product::<i64>() != 2 || cx.shape(vals).len() != 1 {
        return cx.fail(format!(
            "values of shape {} must have shape [2] ([off, on])",
            fmt_shape(&cx.shape(vals))
        ));
    }
    let is = cx.shape(idx);
    let r = is.len();
    let a = shape::axis("axis", cx.int_or("axis", -1)?, r + 1).map_err(|e| cx.err(e))?;
    let mut oshape = is.clone();
    oshape.insert(a, depth);
    check_generated(cx, "OneHot output", &oshape)?;
    let i = cast(cx, idx, Scalar::I64)?;
    let zero = const_int(cx, &[], Scalar::I64, &[0]);
    let dk = const_int(cx, &[], Scalar::I64, &[depth]);
    let neg = bin(cx, "nn.less", i, zero)?;
    let wrapped = bin(cx, "nn.add", i, dk)?;
    let i = select(cx, neg, wrapped, i)?;
    let mut us = is.clone();
    us.insert(a, 1);
    let i = reshape(cx, i, &us)?;
    let io = iota(cx, depth, r - a)?;
    let m = bin(cx, "nn.equal", i, io)?;
    let off = slice(cx, vals, 0, [0, 1, 1])?;
    let on = slice(cx, vals, 0, [1, 2, 1])?;
    let y = select(cx, m, on, off)?;
    let y = expand(cx, y, &oshape)?;
    out(cx, y)
}

/// `CenterCropPad {axes}` (opset 18) with a constant `shape`: per axis, a larger dimension
/// is cropped from `⌊(d − s)/2⌋`, a smaller one padded with zeros, `⌊(s − d)/2⌋` before.
pub fn center_crop_pad(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let xs = cx.shape(x);
    cx.req(1)?;
    let target = cx.const_ints(1, "shape")?.unwrap_or_default();
    let axes: Vec<usize> = match cx.attr_ints("axes")? {
        None => (0..xs.len()).collect(),
        Some(v) => v
            .iter()
            .map(|&a| shape::axis("axes", a, xs.len()))
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| cx.err(e))?,
    };
    if target.len() != axes.len() || target.iter().any(|&s| s < 0) {
        return cx.fail(format!(
            "shape {target:?} must hold one non-negative size per axis ({} axes)",
            axes.len()
        ));
    }
    let mut seen = vec![false; xs.len()];
    for &a in &axes {
        if std::mem::replace(&mut seen[a], true) {
            return cx.fail(format!("axis {a} is repeated in axes"));
        }
    }
    let mut v = window::slot_value(cx, x)?;
    for (&a, &s) in axes.iter().zip(&target) {
        let d = xs[a];
        if s < d {
            v = window::slice_axis(cx, &v, a, (d - s) / 2, 1, s)?;
        } else if s > d {
            check_generated(cx, "padded output", &[s])?;
            v = window::pad_axis(cx, &v, a, (s - d) / 2, s - d - (s - d) / 2, 0.0)?;
        }
    }
    Ok(vec![Slot {
        ty: tensor_type(&v.shape, v.elem),
        konst: None,
        ir: Some(v.v),
        loc: cx.loc.clone(),
    }])
}

/// `GatherND {batch_dims = 0}` (opset 11; batch_dims 12): data flattened to
/// `[B·∏d[b..b+k], rest…]`, flat indices `Σ idx_j·stride_j + batch·∏d[b..b+k]` (negative
/// indices wrapped by `nn.where`), one `nn.gather` and a reshape to the output.
pub fn gather_nd(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (data, idx) = (cx.req(0)?, cx.req(1)?);
    let (ds, is) = (cx.shape(data), cx.shape(idx));
    let b = cx.int_or("batch_dims", 0)?;
    let (r, q) = (ds.len(), is.len());
    let Some(&k) = is.last() else {
        return cx.fail("indices must have rank >= 1");
    };
    let bu = usize::try_from(b).ok().filter(|&b| b < q.min(r));
    let Some(bu) = bu.filter(|&b| k >= 0 && b + (k as usize) <= r) else {
        return cx.fail(format!(
            "batch_dims {b} and an index of length {k} do not fit data {} and indices {}",
            fmt_shape(&ds),
            fmt_shape(&is)
        ));
    };
    let ku = k as usize;
    if ds[..bu] != is[..bu] {
        return cx.fail(format!(
            "the batch dimensions of data {} and indices {} differ",
            fmt_shape(&ds),
            fmt_shape(&is)
        ));
    }
    let bn = shape::product(&ds[..bu]);
    let m = shape::product(&is[bu..q - 1]);
    let inner = shape::product(&ds[bu..bu + ku]);
    let rest = &ds[bu + ku..];
    let mut oshape = is[..q - 1].to_vec();
    oshape.extend_from_slice(rest);
    check_generated(cx, "batch offsets", &[bn])?;
    let ii = cast(cx, idx, Scalar::I64)?;
    let ii = reshape(cx, ii, &[bn, m, k])?;
    let mut acc = None;
    let zero = const_int(cx, &[], Scalar::I64, &[0]);
    let mut stride = inner;
    for j in 0..ku {
        let dim = ds[bu + j];
        stride /= dim.max(1);
        let col = slice(cx, ii, 2, [j as i64, j as i64 + 1, 1])?;
        let dk = const_int(cx, &[], Scalar::I64, &[dim]);
        let neg = bin(cx, "nn.less", col, zero)?;
        let wrapped = bin(cx, "nn.add", col, dk)?;
        let col = select(cx, neg, wrapped, col)?;
        let term = if stride == 1 {
            col
        } else {
            let sk = const_int(cx, &[], Scalar::I64, &[stride]);
            bin(cx, "nn.mul", col, sk)?
        };
        acc = Some(match acc {
            None => term,
            Some(a) => bin(cx, "nn.add", a, term)?,
        });
    }
    let offs: Vec<i64> = (0..bn).map(|i| i.saturating_mul(inner)).collect();
    let off = const_int(cx, &[bn, 1, 1], Scalar::I64, &offs);
    let flat = match acc {
        Some(a) if bn > 1 => bin(cx, "nn.add", a, off)?,
        Some(a) => a,
        None => expand(cx, off, &[bn, m, 1])?,
    };
    let flat = reshape(cx, flat, &[bn.saturating_mul(m)])?;
    let mut dshape = vec![bn.saturating_mul(inner)];
    dshape.extend_from_slice(rest);
    let d = reshape(cx, data, &dshape)?;
    let g = gather0(cx, d, flat)?;
    let y = reshape(cx, g, &oshape)?;
    out(cx, y)
}
