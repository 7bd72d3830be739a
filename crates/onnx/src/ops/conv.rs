//! Convolution and pooling over NCHW tensors: `Conv`, `MaxPool`, `AveragePool` (auto_pad and
//! ceil_mode resolved into explicit pads), `GlobalAveragePool`, `GlobalMaxPool`.

use crate::ctx::{int_attr, ints_attr, Ctx, Slot};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::shape::{self, WindowSpec};
use crate::tensor::tensor_type;
use neuron_ir::Attribute;

/// Resolved 2-D window parameters.
struct Win2d {
    pads: [i64; 4],
    strides: [i64; 2],
    dilations: [i64; 2],
    out: [i64; 2],
}

/// A 2-element list attribute (default `[d, d]`).
fn pair(cx: &Ctx, name: &str, default: i64) -> Result<[i64; 2]> {
    match cx.attr_ints(name)? {
        None => Ok([default; 2]),
        Some(v) if v.len() == 2 => Ok([v[0], v[1]]),
        Some(v) => cx.fail(format!(
            "{name} {v:?} must have 2 values (only 2-D is supported)"
        )),
    }
}

/// Reads `auto_pad`, `pads`, `strides`, `dilations` and resolves both spatial dimensions.
fn windows(cx: &Ctx, hw: [i64; 2], kernel: [i64; 2], ceil: bool) -> Result<Win2d> {
    let auto_pad = cx.str_or("auto_pad", "NOTSET")?;
    let strides = pair(cx, "strides", 1)?;
    let dilations = pair(cx, "dilations", 1)?;
    let pads = match cx.attr_ints("pads")? {
        None => [0; 4],
        Some(v) if v.len() == 4 => [v[0], v[1], v[2], v[3]],
        Some(v) => return cx.fail(format!("pads {v:?} must have 4 values")),
    };
    let ceil = ceil && matches!(auto_pad.as_str(), "NOTSET" | "");
    let mut res = Win2d {
        pads: [0; 4],
        strides,
        dilations,
        out: [0; 2],
    };
    for d in 0..2 {
        let spec = WindowSpec {
            input: hw[d],
            kernel: kernel[d],
            stride: strides[d],
            dilation: dilations[d],
            pads: (pads[d], pads[d + 2]),
        };
        let w = shape::window(spec, &auto_pad, ceil).map_err(|e| cx.err(e))?;
        res.pads[d] = w.pad_begin;
        res.pads[d + 2] = w.pad_end;
        res.out[d] = w.out;
    }
    Ok(res)
}

/// The window attributes of the nn op, each only when not its default.
fn window_attrs(w: &Win2d, dilations: bool) -> Vec<(&'static str, Attribute)> {
    let mut attrs = vec![];
    if w.strides != [1, 1] {
        attrs.push(("strides", ints_attr(&w.strides)));
    }
    if w.pads != [0; 4] {
        attrs.push(("pads", ints_attr(&w.pads)));
    }
    if dilations && w.dilations != [1, 1] {
        attrs.push(("dilations", ints_attr(&w.dilations)));
    }
    attrs
}

/// The input as `[N, C, H, W]`, or the message for other ranks.
fn nchw(cx: &Ctx, shape: &[i64]) -> Result<[i64; 4]> {
    match shape {
        [n, c, h, w] => Ok([*n, *c, *h, *w]),
        _ => cx.fail(format!(
            "input of shape {} is not 4-D NCHW (only 2-D spatial {} is supported)",
            fmt_shape(shape),
            cx.node.op_type
        )),
    }
}

/// `Conv` → `nn.conv2d`.
pub fn conv(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, w) = (cx.req(0)?, cx.req(1)?);
    let b = cx.input(2);
    let (tx, tw) = (cx.ty(x), cx.ty(w));
    let [n, c, h, wd] = nchw(cx, &tx.shape)?;
    let [m, cg, kh, kw] = match tw.shape[..] {
        [m, cg, kh, kw] => [m, cg, kh, kw],
        _ => {
            return cx.fail(format!(
                "weight of shape {} is not 4-D",
                fmt_shape(&tw.shape)
            ))
        }
    };
    if let Some(k) = cx.attr_ints("kernel_shape")? {
        if k != [kh, kw] {
            return cx.fail(format!(
                "kernel_shape {k:?} does not match the weight's [{kh}, {kw}]"
            ));
        }
    }
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
    let win = windows(cx, [h, wd], [kh, kw], false)?;
    let mut operands = vec![cx.value(x)?, cx.value(w)?];
    if let Some(b) = b {
        if cx.shape(b) != [m] {
            return cx.fail(format!(
                "bias of shape {} must be [{m}]",
                fmt_shape(&cx.shape(b))
            ));
        }
        operands.push(cx.value(b)?);
    }
    let mut attrs = window_attrs(&win, true);
    if group != 1 {
        attrs.push(("group", int_attr(group)));
    }
    let out = [n, m, win.out[0], win.out[1]];
    Ok(vec![cx.emit(
        "nn.conv2d",
        &operands,
        tensor_type(&out, tx.elem),
        attrs,
    )?])
}

/// `kernel_shape` of a pooling op (required, 2 values).
fn kernel(cx: &Ctx) -> Result<[i64; 2]> {
    match cx.attr_ints("kernel_shape")? {
        Some(k) if k.len() == 2 => Ok([k[0], k[1]]),
        Some(k) => cx.fail(format!(
            "kernel_shape {k:?} must have 2 values (only 2-D is supported)"
        )),
        None => cx.fail("requires attribute 'kernel_shape'"),
    }
}

/// `MaxPool` → `nn.max_pool2d` (the `Indices` output is not supported).
pub fn max_pool(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let tx = cx.ty(x);
    let [n, c, h, w] = nchw(cx, &tx.shape)?;
    let k = kernel(cx)?;
    let ceil = cx.int_or("ceil_mode", 0)? != 0;
    let win = windows(cx, [h, w], k, ceil)?;
    let mut attrs = vec![("kernel_shape", ints_attr(&k))];
    attrs.extend(window_attrs(&win, true));
    let out = [n, c, win.out[0], win.out[1]];
    Ok(vec![cx.emit1(
        "nn.max_pool2d",
        x,
        tensor_type(&out, tx.elem),
        attrs,
    )?])
}

/// `AveragePool` → `nn.avg_pool2d`.
pub fn avg_pool(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let tx = cx.ty(x);
    let [n, c, h, w] = nchw(cx, &tx.shape)?;
    let k = kernel(cx)?;
    let ceil = cx.int_or("ceil_mode", 0)? != 0;
    let count_pad = cx.int_or("count_include_pad", 0)? != 0;
    let plain = windows(cx, [h, w], k, false)?;
    let win = windows(cx, [h, w], k, ceil)?;
    if win.dilations != [1, 1] {
        return cx.fail(format!(
            "dilations {:?} are not supported by AveragePool import",
            win.dilations
        ));
    }
    if count_pad && win.pads != plain.pads {
        return cx.fail(
            "ceil_mode = 1 with count_include_pad = 1 needs padding beyond the declared pads, \
             which nn.avg_pool2d would count: not supported",
        );
    }
    let mut attrs = vec![("kernel_shape", ints_attr(&k))];
    attrs.extend(window_attrs(&win, false));
    if count_pad {
        attrs.push(("count_include_pad", Attribute::Bool(true)));
    }
    let out = [n, c, win.out[0], win.out[1]];
    Ok(vec![cx.emit1(
        "nn.avg_pool2d",
        x,
        tensor_type(&out, tx.elem),
        attrs,
    )?])
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
