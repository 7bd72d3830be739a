//! Convolution and pooling over NCHW tensors: `Conv`, `MaxPool` (with its `Indices` output),
//! `AveragePool` (auto_pad and ceil_mode resolved into explicit pads), `GlobalAveragePool`,
//! `GlobalMaxPool`. 2-D maps to `nn.conv2d` / `nn.max_pool2d` / `nn.avg_pool2d`; 1-D is lifted
//! to 2-D (H = 1); 3-D is decomposed: a convolution is the sum over kernel depth of 2-D
//! convolutions of strided depth slices, pooling a 2-D pool of the depth planes followed by
//! pooling over depth with strided slices (see `window`).

use crate::ctx::{ints_attr, Ctx, Slot, SlotId};
use crate::error::Result;
use crate::fold::Host;
use crate::import::fmt_shape;
use crate::ops::window::{self, Axis, Reduce, Val};
use crate::tensor::tensor_type;
use neuron_ir::{Attribute, Scalar};

/// The operand shapes of a convolution, checked.
struct ConvShapes {
    x: Vec<i64>,
    w: Vec<i64>,
    group: i64,
}

/// Checks ranks, `kernel_shape`, channels and `group`, and element types.
fn conv_shapes(cx: &Ctx, x: SlotId, w: SlotId) -> Result<ConvShapes> {
    let (tx, tw) = (cx.ty(x), cx.ty(w));
    let r = tx.shape.len();
    if !(3..=5).contains(&r) {
        return cx.fail(format!(
            "input of shape {} must have rank 3, 4 or 5 (1-D, 2-D or 3-D convolution)",
            fmt_shape(&tx.shape)
        ));
    }
    if tw.shape.len() != r {
        return cx.fail(format!(
            "weight of shape {} must have rank {r}, as the input",
            fmt_shape(&tw.shape)
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
    let (c, m, cg) = (tx.shape[1], tw.shape[0], tw.shape[1]);
    let group = cx.int_or("group", 1)?;
    if group < 1 || cg.checked_mul(group) != Some(c) || m % group != 0 {
        return cx.fail(format!(
            "input channels {c}, weight {} and group {group} do not fit (C = C/group · group, M divisible by group)",
            fmt_shape(&tw.shape)
        ));
    }
    if tx.elem != tw.elem {
        return cx.fail(format!(
            "input and weight element types differ: {} and {}",
            tx.elem, tw.elem
        ));
    }
    Ok(ConvShapes {
        x: tx.shape.to_vec(),
        w: tw.shape.to_vec(),
        group,
    })
}

/// The value of a slot with its shape, reshaped to `shape` (a constant is retyped at import).
fn value_as(cx: &mut Ctx, s: SlotId, shape: &[i64]) -> Result<Val> {
    if let Some(k) = cx.konst(s).filter(|k| k.ty.shape[..] != *shape) {
        let slot = cx.constant(crate::fold::retype(&k, shape));
        let id = cx.add_slot(slot);
        return window::slot_value(cx, id);
    }
    let v = window::slot_value(cx, s)?;
    window::reshape(cx, &v, shape)
}

/// `Conv` → `nn.conv2d` (1-D lifted to 2-D, 3-D as a sum over kernel depth).
pub fn conv(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, w) = (cx.req(0)?, cx.req(1)?);
    let cs = conv_shapes(cx, x, w)?;
    let m = cs.w[0];
    let bias = cx.input(2);
    if let Some(b) = bias.filter(|&b| cx.shape(b) != [m]) {
        return cx.fail(format!(
            "bias of shape {} must be [{m}]",
            fmt_shape(&cx.shape(b))
        ));
    }
    let g = window::resolve(cx, &cs.x[2..], &cs.w[2..], false)?;
    let y = match cs.x.len() {
        3 => {
            let (n, c, l) = (cs.x[0], cs.x[1], cs.x[2]);
            let xv = value_as(cx, x, &[n, c, 1, l])?;
            let wv = value_as(cx, w, &[m, cs.w[1], 1, cs.w[2]])?;
            let bv = bias.map(|b| cx.value(b)).transpose()?;
            let y = window::conv2d(cx, &xv, &wv, bv, [&Axis::unit(), &g[0]], cs.group)?;
            window::reshape(cx, &y, &[n, m, g[0].out])?
        }
        4 => {
            let xv = value_as(cx, x, &cs.x)?;
            let wv = value_as(cx, w, &cs.w)?;
            let bv = bias.map(|b| cx.value(b)).transpose()?;
            window::conv2d(cx, &xv, &wv, bv, [&g[0], &g[1]], cs.group)?
        }
        _ => conv3d(cx, [x, w], bias, &cs, &g)?,
    };
    Ok(vec![slot_of(cx, &y)])
}

/// The slot of a value (for the node's outputs).
fn slot_of(cx: &Ctx, v: &Val) -> Slot {
    Slot {
        ty: tensor_type(&v.shape, v.elem),
        konst: None,
        ir: Some(v.v),
        loc: cx.loc.clone(),
    }
}

/// 3-D convolution of the node's slots (see [`window::conv3d`]).
fn conv3d(
    cx: &mut Ctx,
    [x, w]: [SlotId; 2],
    bias: Option<SlotId>,
    cs: &ConvShapes,
    g: &[Axis],
) -> Result<Val> {
    let xv = window::slot_value(cx, x)?;
    let wv = window::slot_value(cx, w)?;
    let bias = bias.map(|b| cx.value(b)).transpose()?;
    window::conv3d(cx, &xv, &wv, bias, g, cs.group)
}

/// `kernel_shape` of a pooling op over `spatial` dimensions (required).
fn kernel(cx: &Ctx, spatial: usize) -> Result<Vec<i64>> {
    match cx.attr_ints("kernel_shape")? {
        Some(k) if k.len() == spatial => Ok(k),
        Some(k) => cx.fail(format!(
            "kernel_shape {k:?} must have {spatial} values (one per spatial dimension)"
        )),
        None => cx.fail("requires attribute 'kernel_shape'"),
    }
}

/// A pooling input: its shape (rank 3, 4 or 5), kernel and resolved windows.
struct PoolIn {
    x: Val,
    g: Vec<Axis>,
}

fn pool_input(cx: &mut Ctx, ceil: bool) -> Result<PoolIn> {
    let x = cx.req(0)?;
    let s = cx.shape(x);
    if !(3..=5).contains(&s.len()) {
        return cx.fail(format!(
            "input of shape {} must have rank 3, 4 or 5 (1-D, 2-D or 3-D pooling)",
            fmt_shape(&s)
        ));
    }
    let k = kernel(cx, s.len() - 2)?;
    let g = window::resolve(cx, &s[2..], &k, ceil)?;
    let x = window::slot_value(cx, x)?;
    Ok(PoolIn { x, g })
}

/// The input as `[N, C·D, H, W]` (3-D), `[N, C, 1, L]` (1-D) or itself, with the H and W
/// windows; and the depth window for 3-D.
fn as_planes(cx: &mut Ctx, p: &PoolIn) -> Result<(Val, [Axis; 2], Option<Axis>)> {
    let s = &p.x.shape;
    match s.len() {
        3 => {
            let x = window::reshape(cx, &p.x, &[s[0], s[1], 1, s[2]])?;
            Ok((x, [Axis::unit(), p.g[0]], None))
        }
        4 => Ok((p.x.clone(), [p.g[0], p.g[1]], None)),
        _ => {
            let x = window::reshape(cx, &p.x, &[s[0], s[1] * s[2], s[3], s[4]])?;
            Ok((x, [p.g[1], p.g[2]], Some(p.g[0])))
        }
    }
}

/// The pooled planes `[N, C·D, OH, OW]` back in the input's layout; 3-D then pools depth.
fn finish(
    cx: &mut Ctx,
    p: &PoolIn,
    y: &Val,
    depth: Option<Axis>,
    how: Reduce,
    count_pad: bool,
) -> Result<Val> {
    let s = &p.x.shape;
    let oh = y.shape[2];
    let ow = y.shape[3];
    match depth {
        None if s.len() == 3 => window::reshape(cx, y, &[s[0], s[1], ow]),
        None => Ok(y.clone()),
        Some(gd) => {
            let y = window::reshape(cx, y, &[s[0], s[1], s[2], oh, ow])?;
            let y = window::pool_axis(cx, &y, 2, &gd, how)?;
            match how {
                Reduce::Max => Ok(y),
                Reduce::Sum => window::divide_by_counts(cx, &y, 2, &gd, count_pad),
            }
        }
    }
}

/// `MaxPool` → `nn.max_pool2d` (1-D lifted, 3-D decomposed); the `Indices` output for 1-D
/// and 2-D.
pub fn max_pool(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let ceil = cx.int_or("ceil_mode", 0)? != 0;
    let p = pool_input(cx, ceil)?;
    let (x, [gh, gw], depth) = as_planes(cx, &p)?;
    let elem = x.elem;
    let x = exact_f32(cx, &x)?;
    let kernel = [gh.kernel, gw.kernel];
    let mut attrs = vec![("kernel_shape", ints_attr(&kernel))];
    attrs.extend(window::attrs2d(&gh, &gw, true));
    let out = [x.shape[0], x.shape[1], gh.out, gw.out];
    let y2 = window::op1(cx, "nn.max_pool2d", &x, &out, attrs)?;
    let mut y = finish(cx, &p, &y2, depth, Reduce::Max, false)?;
    if y.elem != elem {
        let shape = y.shape.clone();
        y = Val::of(&cx.emit_on("nn.cast", y.v, &shape, elem, vec![])?);
    }
    let mut outs = vec![slot_of(cx, &y)];
    if cx.node.output.get(1).is_some_and(|n| !n.is_empty()) {
        if depth.is_some() {
            return cx.fail("the Indices output is computed for 1-D and 2-D MaxPool only");
        }
        let idx = indices(cx, &x, &y2, [&gh, &gw])?;
        let idx = window::reshape(cx, &idx, &y.shape)?;
        outs.push(slot_of(cx, &idx));
    }
    Ok(outs)
}

/// An integer input of at most 16 bits cast to f32 (exactly: the max pool then runs in f32 and
/// is cast back); floats as they are; wider integers are an error.
fn exact_f32(cx: &mut Ctx, x: &Val) -> Result<Val> {
    if x.elem.is_float() {
        return Ok(x.clone());
    }
    if x.elem.bit_width() > 16 {
        return cx.fail(format!(
            "MaxPool of {} is not supported (floats and integers of at most 16 bits are)",
            x.elem
        ));
    }
    let shape = x.shape.clone();
    Ok(Val::of(&cx.emit_on(
        "nn.cast",
        x.v,
        &shape,
        Scalar::F32,
        vec![],
    )?))
}

/// `MaxPool`'s `Indices`: the flat input index of the first maximum of each window. For
/// each kernel position `(i, j)` (last to first), where the strided slice of the input
/// padded with −∞ equals the pooled maximum, take that position's index:
/// `idx = where(x_ij == y, base + off_ij, idx)`, with `base` the index of each window's
/// corner (an i64 constant) and `off_ij` its offset (row-major, or column-major for
/// `storage_order = 1`, as ONNX defines).
fn indices(cx: &mut Ctx, x: &Val, y: &Val, [gh, gw]: [&Axis; 2]) -> Result<Val> {
    let col_major = cx.int_or("storage_order", 0)? != 0;
    window::check_unrolled(cx, gh.kernel.saturating_mul(gw.kernel))?;
    if y.shape.iter().product::<i64>() > 1 << 26 {
        return cx.fail("the Indices output has more than 2^26 elements: not supported");
    }
    let [h, w] = [x.shape[2], x.shape[3]];
    let flat = |hh: i64, ww: i64| if col_major { ww * h + hh } else { hh * w + ww };
    let base = corner_indices(&x.shape, [gh, gw], flat);
    let base_c = Host::from_ints(&y.shape, Scalar::I64, &base).to_dense();
    let base_v = window::constant(cx, base_c)?;
    let lo = window::lowest(x.elem);
    let xp = window::pad_axis(cx, x, 2, gh.pad_begin, gh.pad_end, lo)?;
    let xp = window::pad_axis(cx, &xp, 3, gw.pad_begin, gw.pad_end, lo)?;
    let mut acc: Option<Val> = None;
    for i in (0..gh.kernel).rev() {
        for j in (0..gw.kernel).rev() {
            let off = flat(i * gh.dilation, j * gw.dilation);
            let k = Host::from_ints(&[], Scalar::I64, &[off]).to_dense();
            let k = window::constant(cx, k)?;
            let idx = window::binary(cx, "nn.add", &base_v, &k)?;
            acc = Some(match acc {
                None => idx,
                Some(prev) => {
                    let xs = window::slice_axis(cx, &xp, 2, i * gh.dilation, gh.stride, gh.out)?;
                    let xs = window::slice_axis(cx, &xs, 3, j * gw.dilation, gw.stride, gw.out)?;
                    let eq = window::binary(cx, "nn.equal", &xs, y)?;
                    window::select(cx, &eq, &idx, &prev)?
                }
            });
        }
    }
    Ok(acc.expect("kernel >= 1"))
}

/// The flat input index of each window's corner (top-left tap, possibly in the padding), for
/// every output element of a 2-D pool of an input of shape `[N, C, H, W]`.
fn corner_indices(x: &[i64], [gh, gw]: [&Axis; 2], flat: impl Fn(i64, i64) -> i64) -> Vec<i64> {
    let plane = x[2] * x[3];
    let mut base = Vec::new();
    for nc in 0..x[0] * x[1] {
        for oh in 0..gh.out {
            for ow in 0..gw.out {
                let (hh, ww) = (oh * gh.stride - gh.pad_begin, ow * gw.stride - gw.pad_begin);
                base.push(nc * plane + flat(hh, ww));
            }
        }
    }
    base
}

/// `AveragePool` → `nn.avg_pool2d` (1-D lifted, 3-D decomposed); windows that
/// `nn.avg_pool2d` cannot express (dilations, or `ceil_mode` padding with
/// `count_include_pad`) are summed from strided slices and divided by their counts.
pub fn avg_pool(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let ceil = cx.int_or("ceil_mode", 0)? != 0;
    let count_pad = cx.int_or("count_include_pad", 0)? != 0;
    let p = pool_input(cx, ceil)?;
    let (x, [gh, gw], depth) = as_planes(cx, &p)?;
    let direct = [gh, gw]
        .iter()
        .all(|g| g.dilation == 1 && (!count_pad || g.pad_end == g.declared_end));
    let y2 = if direct {
        let kernel = [gh.kernel, gw.kernel];
        let mut attrs = vec![("kernel_shape", ints_attr(&kernel))];
        attrs.extend(window::attrs2d(&gh, &gw, false));
        if count_pad {
            attrs.push(("count_include_pad", Attribute::Bool(true)));
        }
        let out = [x.shape[0], x.shape[1], gh.out, gw.out];
        window::op1(cx, "nn.avg_pool2d", &x, &out, attrs)?
    } else {
        let mut y = x;
        for (axis, g) in [(2, gh), (3, gw)] {
            if g.kernel == 1 && g.stride == 1 && g.pad_begin == 0 && g.pad_end == 0 {
                continue;
            }
            y = window::pool_axis(cx, &y, axis, &g, Reduce::Sum)?;
            y = window::divide_by_counts(cx, &y, axis, &g, count_pad)?;
        }
        y
    };
    let y = finish(cx, &p, &y2, depth, Reduce::Sum, count_pad)?;
    Ok(vec![slot_of(cx, &y)])
}

/// `GlobalAveragePool`: `nn.global_avg_pool` on 4-D, else `nn.reduce_mean` over the spatial axes.
pub fn global_avg_pool(cx: &mut Ctx) -> Result<Vec<Slot>> {
    global_pool(cx, "nn.reduce_mean")
}

/// `GlobalMaxPool`: `nn.reduce_max` over the spatial axes.
pub fn global_max_pool(cx: &mut Ctx) -> Result<Vec<Slot>> {
    global_pool(cx, "nn.reduce_max")
}

fn global_pool(cx: &mut Ctx, reduce: &str) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let tx = cx.ty(x);
    let rank = tx.shape.len();
    if rank < 3 {
        return cx.fail(format!(
            "input of shape {} needs rank >= 3 (N, C, spatial…)",
            fmt_shape(&tx.shape)
        ));
    }
    let mut out = tx.shape.to_vec();
    out[2..].iter_mut().for_each(|d| *d = 1);
    let ty = tensor_type(&out, tx.elem);
    if rank == 4 && reduce == "nn.reduce_mean" {
        return Ok(vec![cx.emit1("nn.global_avg_pool", x, ty, vec![])?]);
    }
    let axes: Vec<i64> = (2..rank as i64).collect();
    Ok(vec![cx.emit1(
        reduce,
        x,
        ty,
        vec![("axes", ints_attr(&axes))],
    )?])
}
