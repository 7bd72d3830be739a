//! Data movement: `Reshape`, `Flatten`, `Squeeze`, `Unsqueeze`, `Concat`, `Slice`, `Split`,
//! `Gather`, `Expand`, `Transpose`, `Pad` (constant, reflect, edge, wrap). Each folds when its data is a small constant;
//! shape-like operands (targets, axes, starts/ends, pads) must be constants at import.

use crate::ctx::{int_attr, ints_attr, Ctx, Slot, SlotId};
use crate::error::Result;
use crate::fold::{self, Host, FOLD_LIMIT};
use crate::import::fmt_shape;
use crate::shape::{self, SliceDim};
use crate::tensor::tensor_type;
use neuron_ir::{Attribute, Scalar};

/// The constant value of `x` reshaped to `out` when small, else `op` emitted.
fn retype_or_emit(
    cx: &mut Ctx,
    x: SlotId,
    out: &[i64],
    op: &str,
    attrs: Vec<(&str, Attribute)>,
) -> Result<Slot> {
    if let Some(k) = cx.konst(x).filter(|k| fold::small(k)) {
        return Ok(cx.constant(fold::retype(&k, out)));
    }
    let elem = cx.elem(x);
    cx.emit1(op, x, tensor_type(out, elem), attrs)
}

/// `Reshape` (target from the constant `shape` input; `allowzero` from opset 14).
pub fn reshape(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    cx.req(1)?;
    let spec = cx.const_ints(1, "shape")?.unwrap_or_default();
    let allow_zero = cx.opset >= 14 && cx.int_or("allowzero", 0)? != 0;
    let out = shape::reshape_target(&cx.shape(x), &spec, allow_zero).map_err(|e| cx.err(e))?;
    Ok(vec![retype_or_emit(cx, x, &out, "nn.reshape", vec![])?])
}

/// `Flatten {axis = 1}` → `nn.flatten`.
pub fn flatten(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let s = cx.shape(x);
    let r = s.len() as i64;
    let axis = cx.int_or("axis", 1)?;
    let lo = if cx.opset >= 11 { -r } else { 0 };
    if !(lo..=r).contains(&axis) {
        return cx.fail(format!("axis {axis} is out of range [{lo}, {r}]"));
    }
    let a = if axis < 0 { axis + r } else { axis } as usize;
    let out = [shape::product(&s[..a]), shape::product(&s[a..])];
    let attrs = if a == 1 {
        vec![]
    } else {
        vec![("axis", int_attr(a as i64))]
    };
    Ok(vec![retype_or_emit(cx, x, &out, "nn.flatten", attrs)?])
}

/// Axes from an attribute before `since`, else from input 1.
fn axes_operand(cx: &Ctx, since: i64) -> Result<Option<Vec<i64>>> {
    if cx.opset >= since {
        cx.const_ints(1, "axes")
    } else {
        cx.attr_ints("axes")
    }
}

/// `Squeeze` (axes an input from opset 13; none = every size-1 dimension).
pub fn squeeze(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let s = cx.shape(x);
    let axes = axes_operand(cx, 13)?.filter(|a| !a.is_empty());
    let dims = neuron_nn::squeeze::squeeze_axes(&s, axes.as_deref()).map_err(|e| cx.err(e.0))?;
    let out: Vec<i64> = (0..s.len())
        .filter(|d| !dims.contains(d))
        .map(|d| s[d])
        .collect();
    let attrs = match axes {
        Some(_) => {
            let v: Vec<i64> = dims.iter().map(|&d| d as i64).collect();
            vec![("axes", ints_attr(&v))]
        }
        None => vec![],
    };
    Ok(vec![retype_or_emit(cx, x, &out, "nn.squeeze", attrs)?])
}

/// `Unsqueeze` (axes an input from opset 13), axes counted in the output rank.
pub fn unsqueeze(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let s = cx.shape(x);
    let Some(list) = axes_operand(cx, 13)? else {
        return cx.fail("requires axes");
    };
    let out = neuron_nn::squeeze::unsqueeze_shape(&s, &list).map_err(|e| cx.err(e.0))?;
    let dims = shape::axes("axes", &list, out.len()).map_err(|e| cx.err(e))?;
    let v: Vec<i64> = dims.iter().map(|&d| d as i64).collect();
    let attrs = vec![("axes", ints_attr(&v))];
    Ok(vec![retype_or_emit(cx, x, &out, "nn.unsqueeze", attrs)?])
}

/// `Concat {axis}` → `nn.concat` (folded when every input is a small constant).
pub fn concat(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let inputs: Vec<SlotId> = cx.inputs.iter().flatten().copied().collect();
    let Some(&first) = inputs.first() else {
        return cx.fail("requires at least one input");
    };
    let Some(axis) = cx.attr_int("axis")? else {
        return cx.fail("requires attribute 'axis'");
    };
    let t0 = cx.ty(first);
    let a = shape::axis("axis", axis, t0.shape.len()).map_err(|e| cx.err(e))?;
    let mut out = t0.shape.to_vec();
    out[a] = 0;
    for &i in &inputs {
        let t = cx.ty(i);
        let same_rest = t.shape.len() == t0.shape.len()
            && (0..t.shape.len()).all(|d| d == a || t.shape[d] == t0.shape[d]);
        if !same_rest || t.elem != t0.elem {
            return cx.fail(format!(
                "inputs {}{} and {}{} differ outside axis {a}",
                t0.elem,
                fmt_shape(&t0.shape),
                t.elem,
                fmt_shape(&t.shape)
            ));
        }
        out[a] = out[a]
            .checked_add(t.shape[a])
            .ok_or_else(|| cx.err(format!("the concatenated dimension {a} is too large")))?;
    }
    if inputs.len() == 1 {
        return Ok(vec![cx.slot(first).clone()]);
    }
    let consts: Option<Vec<_>> = inputs.iter().map(|&i| cx.konst(i)).collect();
    if let Some(ks) = consts.filter(|ks| ks.iter().all(|k| fold::small(k))) {
        let hosts: Vec<Host> = ks.iter().map(|k| Host::from_dense(k)).collect();
        return Ok(vec![cx.constant(fold::concat(&hosts, a).to_dense())]);
    }
    let mut vals = Vec::with_capacity(inputs.len());
    for &i in &inputs {
        vals.push(cx.value(i)?);
    }
    let ty = tensor_type(&out, t0.elem);
    Ok(vec![cx.emit(
        "nn.concat",
        &vals,
        ty,
        vec![("axis", int_attr(a as i64))],
    )?])
}

/// Clamps a start/end into a range with the same ONNX meaning (for readable attributes).
fn tidy(v: i64, dim: i64, is_end: bool) -> i64 {
    let lo = if is_end { -dim - 1 } else { -dim };
    v.clamp(lo, dim)
}

/// `Slice`: starts/ends/axes attributes before opset 10, constant inputs after.
pub fn slice(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let s = cx.shape(x);
    let (starts, ends, axes, steps) = if cx.opset < 10 {
        let st = cx.attr_ints("starts")?;
        let en = cx.attr_ints("ends")?;
        (st, en, cx.attr_ints("axes")?, None)
    } else {
        cx.req(1)?;
        cx.req(2)?;
        (
            cx.const_ints(1, "starts")?,
            cx.const_ints(2, "ends")?,
            cx.const_ints(3, "axes")?,
            cx.const_ints(4, "steps")?,
        )
    };
    let (Some(starts), Some(ends)) = (starts, ends) else {
        return cx.fail("requires starts and ends");
    };
    let axes = axes.unwrap_or_else(|| (0..starts.len() as i64).collect());
    let steps = steps.unwrap_or_else(|| vec![1; starts.len()]);
    let dims = shape::slice_dims(&s, &starts, &ends, &axes, &steps).map_err(|e| cx.err(e))?;
    let out: Vec<i64> = dims.iter().map(|d| d.len).collect();
    if let Some(k) = cx.konst(x).filter(|k| fold::small(k)) {
        return Ok(vec![
            cx.constant(fold::slice(&Host::from_dense(&k), &dims).to_dense())
        ]);
    }
    let norm_axes: Vec<usize> = axes
        .iter()
        .map(|&a| shape::axis("axis", a, s.len()).expect("checked by slice_dims"))
        .collect();
    let starts: Vec<i64> = (0..starts.len())
        .map(|k| tidy(starts[k], s[norm_axes[k]], false))
        .collect();
    let ends: Vec<i64> = (0..ends.len())
        .map(|k| tidy(ends[k], s[norm_axes[k]], true))
        .collect();
    let axes_i: Vec<i64> = norm_axes.iter().map(|&a| a as i64).collect();
    let attrs = slice_attrs(&starts, &ends, &axes_i, &steps);
    let elem = cx.elem(x);
    Ok(vec![cx.emit1(
        "nn.slice",
        x,
        tensor_type(&out, elem),
        attrs,
    )?])
}

/// `nn.slice` attributes; `axes` and `steps` only when not their defaults.
fn slice_attrs(
    starts: &[i64],
    ends: &[i64],
    axes: &[i64],
    steps: &[i64],
) -> Vec<(&'static str, Attribute)> {
    let mut attrs = vec![("starts", ints_attr(starts)), ("ends", ints_attr(ends))];
    if axes.iter().enumerate().any(|(i, &a)| a != i as i64) {
        attrs.push(("axes", ints_attr(axes)));
    }
    if steps.iter().any(|&s| s != 1) {
        attrs.push(("steps", ints_attr(steps)));
    }
    attrs
}

/// `Split`: sizes from the `split` attribute (before 13) or input (from 13), else equal
/// parts (`num_outputs` from 18); each output is an `nn.slice`.
pub fn split(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let s = cx.shape(x);
    let a = shape::axis("axis", cx.int_or("axis", 0)?, s.len()).map_err(|e| cx.err(e))?;
    let sizes = split_sizes(cx, s[a])?;
    let mut outs = Vec::with_capacity(sizes.len());
    let mut start = 0;
    for &len in &sizes {
        let mut dims: Vec<SliceDim> = s
            .iter()
            .map(|&d| SliceDim {
                start: 0,
                step: 1,
                len: d,
            })
            .collect();
        dims[a] = SliceDim {
            start,
            step: 1,
            len,
        };
        let out: Vec<i64> = dims.iter().map(|d| d.len).collect();
        let slot = if let Some(k) = cx.konst(x).filter(|k| fold::small(k)) {
            cx.constant(fold::slice(&Host::from_dense(&k), &dims).to_dense())
        } else {
            let attrs = slice_attrs(&[start], &[start + len], &[a as i64], &[1]);
            let elem = cx.elem(x);
            cx.emit1("nn.slice", x, tensor_type(&out, elem), attrs)?
        };
        outs.push(slot);
        start += len;
    }
    Ok(outs)
}

/// The part sizes of `Split` along a dimension of size `dim`, one per declared output.
fn split_sizes(cx: &Ctx, dim: i64) -> Result<Vec<i64>> {
    let n_out = cx.num_outputs();
    let given = if cx.opset >= 13 {
        cx.const_ints(1, "split")?
    } else {
        cx.attr_ints("split")?
    };
    let sizes = match given {
        Some(v) => v,
        None => {
            let parts = cx.attr_int("num_outputs")?.unwrap_or(n_out as i64);
            if parts != n_out as i64 || parts < 1 {
                return cx.fail(format!(
                    "num_outputs {parts} does not match the {n_out} outputs"
                ));
            }
            let chunk = dim / parts + i64::from(dim % parts != 0);
            (0..parts)
                .map(|i| (dim - i * chunk).clamp(0, chunk))
                .collect()
        }
    };
    let total = sizes.iter().try_fold(0i64, |acc, &v| acc.checked_add(v));
    if total != Some(dim) || sizes.iter().any(|&v| v < 0) || sizes.len() != n_out {
        return cx.fail(format!(
            "split sizes {sizes:?} do not divide a dimension of size {dim} into {n_out} outputs"
        ));
    }
    Ok(sizes)
}

/// `Gather {axis = 0}` → `nn.gather` (folded for small constants; constant indices are
/// range-checked at import).
pub fn gather(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (d, i) = (cx.req(0)?, cx.req(1)?);
    let (td, ti) = (cx.ty(d), cx.ty(i));
    if !matches!(ti.elem, Scalar::I32 | Scalar::I64) {
        return cx.fail(format!(
            "indices must be INT32 or INT64, but are {}",
            ti.elem
        ));
    }
    let a = shape::axis("axis", cx.int_or("axis", 0)?, td.shape.len()).map_err(|e| cx.err(e))?;
    let dim = td.shape[a];
    let out = neuron_nn::movement::gather_shape(&td.shape, &ti.shape, a as i64)
        .map_err(|e| cx.err(e.0))?;
    if let Some(k) = cx.konst(i).filter(|k| fold::small(k)) {
        let idx: Vec<i64> = Host::from_dense(&k).ints();
        if let Some(bad) = idx.iter().find(|&&v| v < -dim || v >= dim) {
            return cx.fail(format!(
                "index {bad} is out of range for dimension {a} of size {dim}"
            ));
        }
        let fixed: Vec<i64> = idx
            .iter()
            .map(|&v| if v < 0 { v + dim } else { v })
            .collect();
        if let Some(kd) = cx.konst(d).filter(|k| fold::small(k)) {
            if shape::product(&out) as usize <= FOLD_LIMIT {
                let h = fold::gather(&Host::from_dense(&kd), &fixed, &ti.shape, a);
                return Ok(vec![cx.constant(h.to_dense())]);
            }
        }
    }
    let vals = [cx.value(d)?, cx.value(i)?];
    let attrs = if a == 0 {
        vec![]
    } else {
        vec![("axis", int_attr(a as i64))]
    };
    Ok(vec![cx.emit(
        "nn.gather",
        &vals,
        tensor_type(&out, td.elem),
        attrs,
    )?])
}

/// `Expand` (bidirectional broadcast to the constant `shape` input) → `nn.expand`.
pub fn expand(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    cx.req(1)?;
    let target = cx.const_ints(1, "shape")?.unwrap_or_default();
    let s = cx.shape(x);
    let out = shape::broadcast(&s, &target).map_err(|e| cx.err(e))?;
    if out == s {
        return Ok(vec![cx.slot(x).clone()]);
    }
    if let Some(k) = cx.konst(x).filter(|k| fold::small(k)) {
        if shape::product(&out) as usize <= FOLD_LIMIT {
            return Ok(vec![
                cx.constant(fold::expand(&Host::from_dense(&k), &out).to_dense())
            ]);
        }
    }
    let elem = cx.elem(x);
    Ok(vec![cx.emit1(
        "nn.expand",
        x,
        tensor_type(&out, elem),
        vec![],
    )?])
}

/// `Transpose {perm = reversed}` → `nn.transpose`.
pub fn transpose(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let s = cx.shape(x);
    let perm = cx
        .attr_ints("perm")?
        .unwrap_or_else(|| (0..s.len() as i64).rev().collect());
    if !neuron_nn::shape::is_permutation(&perm, s.len()) {
        return cx.fail(format!(
            "perm {perm:?} is not a permutation of 0..{}",
            s.len()
        ));
    }
    let p: Vec<usize> = perm.iter().map(|&v| v as usize).collect();
    if let Some(k) = cx.konst(x).filter(|k| fold::small(k)) {
        return Ok(vec![
            cx.constant(fold::transpose(&Host::from_dense(&k), &p).to_dense())
        ]);
    }
    let out: Vec<i64> = p.iter().map(|&d| s[d]).collect();
    let elem = cx.elem(x);
    Ok(vec![cx.emit1(
        "nn.transpose",
        x,
        tensor_type(&out, elem),
        vec![("perm", ints_attr(&perm))],
    )?])
}

/// `Pad` → `nn.pad` in constant mode: pads/value attributes before opset 11, inputs after
/// (with optional `axes` from 18). Modes `reflect`, `edge` and `wrap` (19) gather each padded
/// axis with constant indices (see [`pad_indices`]), folded when the input is a small constant.
pub fn pad(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let s = cx.shape(x);
    let mode = cx.str_or("mode", "constant")?;
    let (full, value) = pad_params(cx, s.len())?;
    let out = neuron_nn::movement::pad_shape(&s, &full).map_err(|e| cx.err(e.0))?;
    if mode != "constant" {
        return Ok(vec![pad_by_gather(cx, x, &full, &mode)?]);
    }
    let mut attrs = vec![("pads", ints_attr(&full))];
    if value != 0.0 {
        attrs.push(("value", Attribute::float(value, Scalar::F32)));
    }
    let elem = cx.elem(x);
    Ok(vec![cx.emit1(
        "nn.pad",
        x,
        tensor_type(&out, elem),
        attrs,
    )?])
}

/// The source index of each position of an axis of size `dim` padded by `before` and `after`
/// under `mode`: `edge` repeats the border, `reflect` mirrors without repeating it (numpy's
/// `reflect`, period `2·(dim − 1)`), `wrap` continues periodically.
pub fn pad_indices(mode: &str, dim: i64, before: i64, after: i64) -> Option<Vec<i64>> {
    let period = 2 * (dim - 1);
    (-before..dim + after)
        .map(|p| match mode {
            _ if dim < 1 => None,
            "edge" => Some(p.clamp(0, dim - 1)),
            "wrap" => Some(p.rem_euclid(dim)),
            "reflect" if dim == 1 => Some(0),
            "reflect" => {
                let m = p.rem_euclid(period);
                Some(if m < dim { m } else { period - m })
            }
            _ => None,
        })
        .collect()
}

/// `Pad` in mode `reflect`, `edge` or `wrap`: one `nn.gather` per padded axis.
fn pad_by_gather(cx: &mut Ctx, x: SlotId, full: &[i64], mode: &str) -> Result<Slot> {
    if !matches!(mode, "reflect" | "edge" | "wrap") {
        return cx.fail(format!(
            "mode '{mode}' is not one of constant, reflect, edge, wrap"
        ));
    }
    let rank = full.len() / 2;
    let mut cur = cx.slot(x).clone();
    for a in 0..rank {
        let (before, after) = (full[a], full[rank + a]);
        if before == 0 && after == 0 {
            continue;
        }
        let dim = cur.ty.shape[a];
        if dim.saturating_add(before).saturating_add(after) > 1 << 24 {
            return cx.fail(format!(
                "mode '{mode}' pads dimension {a} to more than 2^24 elements: not supported"
            ));
        }
        let Some(idx) = pad_indices(mode, dim, before, after) else {
            return cx.fail(format!(
                "mode '{mode}' cannot pad dimension {a} of size {dim}"
            ));
        };
        let src = cx.add_slot(cur);
        cur = gather_axis(cx, src, &idx, a)?;
    }
    Ok(cur)
}

/// `src` gathered along `axis` with constant, in-range indices (folded when small).
fn gather_axis(cx: &mut Ctx, src: SlotId, idx: &[i64], axis: usize) -> Result<Slot> {
    let ty = cx.ty(src);
    let mut out = ty.shape.to_vec();
    out[axis] = idx.len() as i64;
    if let Some(k) = cx.konst(src).filter(|k| fold::small(k)) {
        if shape::product(&out) as usize <= FOLD_LIMIT {
            let h = fold::gather(&Host::from_dense(&k), idx, &[idx.len() as i64], axis);
            return Ok(cx.constant(h.to_dense()));
        }
    }
    let ih = Host::from_ints(&[idx.len() as i64], Scalar::I64, idx);
    let is = cx.constant(ih.to_dense());
    let is = cx.add_slot(is);
    let vals = [cx.value(src)?, cx.value(is)?];
    let attrs = if axis == 0 {
        vec![]
    } else {
        vec![("axis", int_attr(axis as i64))]
    };
    cx.emit("nn.gather", &vals, tensor_type(&out, ty.elem), attrs)
}

/// `Pad`'s pads for every dimension (`[begins…, ends…]`) and its constant value.
fn pad_params(cx: &Ctx, rank: usize) -> Result<(Vec<i64>, f64)> {
    let (pads, value) = if cx.opset < 11 {
        (cx.attr_ints("pads")?, f64::from(cx.float_or("value", 0.0)?))
    } else {
        cx.req(1)?;
        let value = match cx.input(2) {
            None => 0.0,
            Some(_) => cx.const_scalar_f64(2).ok_or_else(|| {
                cx.err("constant_value must be a constant scalar known at import")
            })?,
        };
        (cx.const_ints(1, "pads")?, value)
    };
    let pads = pads.unwrap_or_default();
    let axes: Vec<usize> = match cx.const_ints(3, "axes")? {
        Some(a) if cx.opset >= 18 => shape::axes("axes", &a, rank).map_err(|e| cx.err(e))?,
        _ => (0..rank).collect(),
    };
    if pads.len() != 2 * axes.len() {
        return cx.fail(format!("pads {pads:?} must have {} values", 2 * axes.len()));
    }
    if pads
        .iter()
        .any(|&p| !(0..=i64::from(i32::MAX)).contains(&p))
    {
        return cx.fail(format!(
            "pads {pads:?} must be in [0, 2^31) (negative pads, cropping, are not supported)"
        ));
    }
    let mut full = vec![0i64; 2 * rank];
    for (k, &a) in axes.iter().enumerate() {
        full[a] = pads[k];
        full[rank + a] = pads[axes.len() + k];
    }
    Ok((full, value))
}
