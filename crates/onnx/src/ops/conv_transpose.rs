//! `ConvTranspose` (1-D, 2-D, 3-D) decomposed into existing nn ops: the input is spread by
//! zero-insertion (`nn.reshape`, `nn.pad` with `stride − 1` zeros, `nn.reshape`, `nn.slice`),
//! padded or cropped by `dilation·(k − 1) − pad` on each side (`output_padding` added at the
//! end), and convolved with stride 1 by the weight transposed per group and flipped spatially
//! (`nn.transpose`, `nn.gather` of the reversed flat kernel), through the `window` helpers.

use crate::ctx::{int_attr, Ctx, Slot, SlotId};
use crate::error::Result;
use crate::fold::Host;
use crate::import::fmt_shape;
use crate::ops::decompose::check_generated;
use crate::ops::window::{self, Axis, Val};
use crate::tensor::tensor_type;
use neuron_ir::{DenseElements, Scalar};

/// One spatial axis of a transposed convolution, resolved.
#[derive(Clone, Copy, Debug)]
struct TAxis {
    /// Input size.
    input: i64,
    /// Kernel size.
    kernel: i64,
    /// Stride.
    stride: i64,
    /// Dilation.
    dilation: i64,
    /// Padding removed from the start of the full output.
    pad_begin: i64,
    /// Padding removed from the end of the full output.
    pad_end: i64,
    /// `output_padding`.
    extra: i64,
}

impl TAxis {
    /// `stride·(input − 1) + output_padding + dilation·(kernel − 1) + 1`, if it fits.
    fn full(&self) -> Option<i64> {
        self.stride
            .checked_mul(self.input - 1)?
            .checked_add(self.extra)?
            .checked_add(self.dilation.checked_mul(self.kernel - 1)?)?
            .checked_add(1)
    }
}

/// A list attribute with `n` values (default `[d; n]`), each at least `min`.
fn list(cx: &Ctx, name: &str, n: usize, default: i64, min: i64) -> Result<Vec<i64>> {
    let v = cx.attr_ints(name)?.unwrap_or_else(|| vec![default; n]);
    if v.len() != n {
        return cx.fail(format!("{name} {v:?} must have {n} values"));
    }
    if let Some(bad) = v.iter().find(|&&x| x < min) {
        return cx.fail(format!("{name} {v:?}: {bad} is below {min}"));
    }
    Ok(v)
}

/// Splits a total padding as `auto_pad` says (SAME_UPPER: the larger half at the end).
fn split(total: i64, upper: bool) -> (i64, i64) {
    let half = total.div_euclid(2);
    if upper {
        (half, total - half)
    } else {
        (total - half, half)
    }
}

/// Resolves strides, dilations, output_padding and the pads (from `pads`, `auto_pad` or
/// `output_shape`) of every spatial axis.
fn resolve(cx: &Ctx, spatial: &[i64], kernel: &[i64]) -> Result<Vec<TAxis>> {
    let n = spatial.len();
    let strides = list(cx, "strides", n, 1, 1)?;
    let dilations = list(cx, "dilations", n, 1, 1)?;
    let extra = list(cx, "output_padding", n, 0, 0)?;
    let pads = list(cx, "pads", 2 * n, 0, i64::MIN)?;
    let auto_pad = cx.str_or("auto_pad", "NOTSET")?;
    let upper = auto_pad == "SAME_UPPER";
    let same = upper || auto_pad == "SAME_LOWER";
    if !same && !matches!(auto_pad.as_str(), "NOTSET" | "" | "VALID") {
        return cx.fail(format!("auto_pad '{auto_pad}' is not supported"));
    }
    let shape = match cx.attr_ints("output_shape")? {
        Some(s) if s.len() == n || s.len() == n + 2 => Some(s[s.len() - n..].to_vec()),
        Some(s) => return cx.fail(format!("output_shape {s:?} must have {n} values")),
        None => None,
    };
    let mut axes = Vec::with_capacity(n);
    for d in 0..n {
        let mut a = TAxis {
            input: spatial[d],
            kernel: kernel[d],
            stride: strides[d],
            dilation: dilations[d],
            pad_begin: if auto_pad == "VALID" { 0 } else { pads[d] },
            pad_end: if auto_pad == "VALID" { 0 } else { pads[d + n] },
            extra: extra[d],
        };
        let full = a.full().ok_or_else(|| cx.err("output size overflows"))?;
        let want = match &shape {
            Some(s) => Some(s[d]),
            None if same => Some(a.input.saturating_mul(a.stride)),
            None => None,
        };
        if let Some(o) = want {
            if o < 1 {
                return cx.fail(format!("output_shape {o} must be positive"));
            }
            (a.pad_begin, a.pad_end) = split(full - o, upper);
        }
        axes.push(a);
    }
    Ok(axes)
}

/// The checked shapes: input, weight, group, output channels.
fn shapes(cx: &Ctx, x: SlotId, w: SlotId) -> Result<(Vec<i64>, Vec<i64>, i64, i64)> {
    let (tx, tw) = (cx.ty(x), cx.ty(w));
    let r = tx.shape.len();
    if !(3..=5).contains(&r) || tw.shape.len() != r {
        return cx.fail(format!(
            "input {} and weight {} must both have rank 3, 4 or 5",
            fmt_shape(&tx.shape),
            fmt_shape(&tw.shape)
        ));
    }
    if tx.elem != tw.elem || !tx.elem.is_float() {
        return cx.fail(format!(
            "input and weight must have one float element type, not {} and {}",
            tx.elem, tw.elem
        ));
    }
    if let Some(k) = cx.attr_ints("kernel_shape")? {
        if k[..] != tw.shape[2..] {
            return cx.fail(format!(
                "kernel_shape {k:?} does not match the weight's {:?}",
                &tw.shape[2..]
            ));
        }
    }
    let group = cx.int_or("group", 1)?;
    let c = tx.shape[1];
    if group < 1
        || tw.shape[0] != c
        || c % group != 0
        || tx.shape.contains(&0)
        || tw.shape.contains(&0)
    {
        return cx.fail(format!(
            "input {} and weight {} (C, M/group, k…) do not fit group {group}",
            fmt_shape(&tx.shape),
            fmt_shape(&tw.shape)
        ));
    }
    let m = tw.shape[1]
        .checked_mul(group)
        .ok_or_else(|| cx.err("too many output channels"))?;
    Ok((tx.shape.to_vec(), tw.shape.to_vec(), group, m))
}

/// `ConvTranspose(x, w, b?)` → zero-insertion, padding/cropping and `nn.conv2d`.
pub fn conv_transpose(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, w) = (cx.req(0)?, cx.req(1)?);
    let (xs, ws, group, m) = shapes(cx, x, w)?;
    let bias = cx.input(2);
    if let Some(b) = bias.filter(|&b| cx.shape(b) != [m]) {
        return cx.fail(format!(
            "bias of shape {} must be [{m}]",
            fmt_shape(&cx.shape(b))
        ));
    }
    let ta = resolve(cx, &xs[2..], &ws[2..])?;
    let mut out = vec![xs[0], m];
    for a in &ta {
        let o = a
            .full()
            .and_then(|f| f.checked_sub(a.pad_begin)?.checked_sub(a.pad_end))
            .unwrap_or(0);
        if o < 1 {
            return cx.fail(format!(
                "pads {:?} leave no output",
                (a.pad_begin, a.pad_end)
            ));
        }
        out.push(o);
    }
    check_generated(cx, "output", &out)?;
    let mut xv = window::slot_value(cx, x)?;
    let mut axes = Vec::with_capacity(ta.len());
    for (d, a) in ta.iter().enumerate() {
        let (v, g) = spread(cx, &xv, d + 2, a)?;
        xv = v;
        axes.push(g);
    }
    let wv = flipped_weight(cx, w, &ws, group)?;
    let bias = bias.map(|b| cx.value(b)).transpose()?;
    let y = match axes.len() {
        1 => {
            let (n, c, l) = (xv.shape[0], xv.shape[1], xv.shape[2]);
            let x4 = window::reshape(cx, &xv, &[n, c, 1, l])?;
            let w4 = window::reshape(cx, &wv, &[m, xs[1] / group, 1, ws[2]])?;
            let y = window::conv2d(cx, &x4, &w4, bias, [&Axis::unit(), &axes[0]], group)?;
            window::reshape(cx, &y, &out)?
        }
        2 => window::conv2d(cx, &xv, &wv, bias, [&axes[0], &axes[1]], group)?,
        _ => window::conv3d(cx, &xv, &wv, bias, &axes, group)?,
    };
    Ok(vec![Slot {
        ty: tensor_type(&y.shape, y.elem),
        konst: None,
        ir: Some(y.v),
        loc: cx.loc.clone(),
    }])
}

/// Spreads spatial axis `axis` of `x` by zero-insertion (`stride − 1` zeros between elements)
/// and crops what negative padding removes; returns it with the stride-1 window to convolve.
fn spread(cx: &mut Ctx, x: &Val, axis: usize, a: &TAxis) -> Result<(Val, Axis)> {
    let too_large = |cx: &Ctx| cx.fail::<(Val, Axis)>("the spread input is too large");
    let Some(zl) = (a.input - 1).checked_mul(a.stride).map(|v| v + 1) else {
        return too_large(cx);
    };
    let mut v = x.clone();
    if a.stride > 1 {
        let mut s = x.shape.clone();
        s.insert(axis + 1, 1);
        check_generated(cx, "spread input", &[crate::shape::product(&s), a.stride])?;
        v = window::reshape(cx, &v, &s)?;
        v = window::pad_axis(cx, &v, axis + 1, 0, a.stride - 1, 0.0)?;
        let mut merged = x.shape.clone();
        merged[axis] = a.input * a.stride;
        v = window::reshape(cx, &v, &merged)?;
        v = window::slice_axis(cx, &v, axis, 0, 1, zl)?;
    }
    let reach = a.dilation.saturating_mul(a.kernel - 1);
    let begin = reach.saturating_sub(a.pad_begin);
    let end = reach.saturating_sub(a.pad_end).saturating_add(a.extra);
    let len = zl.saturating_add(begin.min(0)).saturating_add(end.min(0));
    if len < 1 {
        return cx.fail("the pads crop the whole input");
    }
    v = window::slice_axis(cx, &v, axis, begin.saturating_neg().max(0), 1, len)?;
    let (pb, pe) = (begin.max(0), end.max(0));
    let g = Axis {
        input: len,
        kernel: a.kernel,
        stride: 1,
        dilation: a.dilation,
        pad_begin: pb,
        pad_end: pe,
        declared_end: pe,
        out: len
            .saturating_add(pb)
            .saturating_add(pe)
            .saturating_sub(reach),
    };
    Ok((v, g))
}

/// The weight `[C, M/g, k…]` as a convolution weight `[M, C/g, k…]`: transposed within each
/// group and flipped along every spatial axis (the flat kernel index reversed).
fn flipped_weight(cx: &mut Ctx, w: SlotId, ws: &[i64], group: i64) -> Result<Val> {
    let (c, mg) = (ws[0], ws[1]);
    let k = crate::shape::product(&ws[2..]);
    check_generated(cx, "kernel index", &[k])?;
    let mut shape = vec![mg * group, c / group];
    shape.extend_from_slice(&ws[2..]);
    if let Some(d) = cx.konst(w).and_then(|d| flip_const(&d, &shape, group, k)) {
        return window::constant(cx, d);
    }
    let wv = window::slot_value(cx, w)?;
    let w4 = window::reshape(cx, &wv, &[group, c / group, mg, k])?;
    let mut wt = window::transpose(cx, &w4, &[0, 2, 1, 3])?;
    if k > 1 {
        let idx: Vec<i64> = (0..k).rev().collect();
        let iv = window::constant(cx, Host::from_ints(&[k], Scalar::I64, &idx).to_dense())?;
        let attrs = vec![("axis", int_attr(3))];
        let s = cx.emit(
            "nn.gather",
            &[wt.v, iv.v],
            tensor_type(&wt.shape, wt.elem),
            attrs,
        )?;
        wt = Val::of(&s);
    }
    window::reshape(cx, &wt, &shape)
}

/// [`flipped_weight`] of a constant weight, done at import on its bytes: element
/// `(g, mo, ci, j)` of the result is `(g, ci, mo, k − 1 − j)` of the weight (`None` for a
/// byte layout other than one or all elements).
fn flip_const(d: &DenseElements, shape: &[i64], group: i64, k: i64) -> Option<DenseElements> {
    let ty = tensor_type(shape, d.ty.elem);
    let eb = d.ty.elem.storage_bytes();
    if d.data.len() == eb {
        let data = d.data.clone();
        return Some(DenseElements { ty, data });
    }
    if d.data.len() != d.ty.num_elements().checked_mul(eb)? {
        return None;
    }
    let [g, mg, cg, k] = [group, shape[0] / group, shape[1], k].map(|v| v as usize);
    let mut data = Vec::with_capacity(d.data.len());
    for gi in 0..g {
        for mo in 0..mg {
            for ci in 0..cg {
                for j in 0..k {
                    let src = (((gi * cg + ci) * mg + mo) * k + (k - 1 - j)) * eb;
                    data.extend_from_slice(&d.data[src..src + eb]);
                }
            }
        }
    }
    Some(DenseElements { ty, data })
}
