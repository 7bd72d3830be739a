//! Building blocks of the N-D convolution and pooling decompositions: per-axis window
//! geometry (auto_pad, pads, strides, dilations, ceil_mode), values with their static shapes,
//! and pooling along one axis as strided `nn.slice`s combined with `nn.max` / `nn.add`.

use crate::ctx::{int_attr, ints_attr, Ctx, Slot};
use crate::error::Result;
use crate::shape::{self, WindowSpec};
use crate::tensor::tensor_type;
use neuron_ir::{Attribute, DenseElements, Scalar, ValueId};

/// A value of a decomposition: its IR value, static shape and element type.
#[derive(Clone, Debug)]
pub struct Val {
    /// The IR value.
    pub v: ValueId,
    /// Static shape.
    pub shape: Vec<i64>,
    /// Element type.
    pub elem: Scalar,
}

impl Val {
    /// The value of an emitted slot.
    pub fn of(s: &Slot) -> Val {
        Val {
            v: s.ir.expect("an emitted slot has an IR value"),
            shape: s.ty.shape.to_vec(),
            elem: s.ty.elem,
        }
    }
}

/// The window of one spatial axis, resolved to explicit padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Axis {
    /// Input size.
    pub input: i64,
    /// Kernel size.
    pub kernel: i64,
    /// Stride.
    pub stride: i64,
    /// Dilation.
    pub dilation: i64,
    /// Padding before.
    pub pad_begin: i64,
    /// Padding after, with what `ceil_mode` adds.
    pub pad_end: i64,
    /// Padding after as declared (or computed by `auto_pad`), without the `ceil_mode` extra.
    pub declared_end: i64,
    /// Output size.
    pub out: i64,
}

impl Axis {
    /// An axis of size 1 with a 1-wide window (the H of a 1-D op lifted to 2-D).
    pub fn unit() -> Axis {
        Axis {
            input: 1,
            kernel: 1,
            stride: 1,
            dilation: 1,
            pad_begin: 0,
            pad_end: 0,
            declared_end: 0,
            out: 1,
        }
    }

    /// The number of window positions of output `o` counted by an average: inside the input,
    /// or (`with_pads`) inside the input and its declared padding.
    pub fn count(&self, o: i64, with_pads: bool) -> i64 {
        // Taps `first + j·dilation` for `j` in `0..kernel`, counted in closed form (i128: no
        // attribute value overflows it; a loop would take `kernel` steps per output).
        let [o, stride, pad, dil, input, end] = [
            o,
            self.stride,
            self.pad_begin,
            self.dilation,
            self.input,
            self.declared_end,
        ]
        .map(i128::from);
        let (lo, hi) = if with_pads {
            (-pad, input + end)
        } else {
            (0, input)
        };
        let first = o * stride - pad;
        let ceil_div = |a: i128| -(-a).div_euclid(dil);
        let j_lo = ceil_div(lo - first).max(0);
        let j_hi = ceil_div(hi - first).min(i128::from(self.kernel));
        i64::try_from((j_hi - j_lo).max(0)).unwrap_or(i64::MAX)
    }
}

/// A list attribute with one value per spatial axis (default `[d; n]`).
fn per_axis(cx: &Ctx, name: &str, n: usize, default: i64) -> Result<Vec<i64>> {
    match cx.attr_ints(name)? {
        None => Ok(vec![default; n]),
        Some(v) if v.len() == n => Ok(v),
        Some(v) => cx.fail(format!(
            "{name} {v:?} must have {n} values (one per spatial dimension)"
        )),
    }
}

/// Reads `auto_pad`, `pads`, `strides`, `dilations` and resolves every spatial axis
/// (`ceil_mode` applies only without `auto_pad`).
pub fn resolve(cx: &Ctx, spatial: &[i64], kernel: &[i64], ceil: bool) -> Result<Vec<Axis>> {
    let n = spatial.len();
    let auto_pad = cx.str_or("auto_pad", "NOTSET")?;
    let strides = per_axis(cx, "strides", n, 1)?;
    let dilations = per_axis(cx, "dilations", n, 1)?;
    let pads = per_axis(cx, "pads", 2 * n, 0)?;
    let ceil = ceil && matches!(auto_pad.as_str(), "NOTSET" | "");
    let mut axes = Vec::with_capacity(n);
    for d in 0..n {
        let spec = WindowSpec {
            input: spatial[d],
            kernel: kernel[d],
            stride: strides[d],
            dilation: dilations[d],
            pads: (pads[d], pads[d + n]),
        };
        let plain = shape::window(spec, &auto_pad, false).map_err(|e| cx.err(e))?;
        let w = if ceil {
            shape::window(spec, &auto_pad, true).map_err(|e| cx.err(e))?
        } else {
            plain
        };
        axes.push(Axis {
            input: spatial[d],
            kernel: kernel[d],
            stride: strides[d],
            dilation: dilations[d],
            pad_begin: w.pad_begin,
            pad_end: w.pad_end,
            declared_end: plain.pad_end,
            out: w.out,
        });
    }
    Ok(axes)
}

/// The `strides`, `pads` and (if `dilations`) `dilations` attributes of a 2-D nn op over the
/// axes `h` and `w`, each only when not its default.
pub fn attrs2d(h: &Axis, w: &Axis, dilations: bool) -> Vec<(&'static str, Attribute)> {
    let mut attrs = vec![];
    if [h.stride, w.stride] != [1, 1] {
        attrs.push(("strides", ints_attr(&[h.stride, w.stride])));
    }
    let pads = [h.pad_begin, w.pad_begin, h.pad_end, w.pad_end];
    if pads != [0; 4] {
        attrs.push(("pads", ints_attr(&pads)));
    }
    if dilations && [h.dilation, w.dilation] != [1, 1] {
        attrs.push(("dilations", ints_attr(&[h.dilation, w.dilation])));
    }
    attrs
}

/// Emits a one-operand op with result shape `shape`.
pub fn op1(
    cx: &mut Ctx,
    op: &str,
    x: &Val,
    shape: &[i64],
    attrs: Vec<(&str, Attribute)>,
) -> Result<Val> {
    let s = cx.emit_on(op, x.v, shape, x.elem, attrs)?;
    Ok(Val::of(&s))
}

/// `nn.reshape` to `shape` (nothing when the shape does not change).
pub fn reshape(cx: &mut Ctx, x: &Val, shape: &[i64]) -> Result<Val> {
    if x.shape == shape {
        return Ok(x.clone());
    }
    op1(cx, "nn.reshape", x, shape, vec![])
}

/// `nn.transpose {perm}`.
pub fn transpose(cx: &mut Ctx, x: &Val, perm: &[usize]) -> Result<Val> {
    let out: Vec<i64> = perm.iter().map(|&p| x.shape[p]).collect();
    let p: Vec<i64> = perm.iter().map(|&p| p as i64).collect();
    op1(cx, "nn.transpose", x, &out, vec![("perm", ints_attr(&p))])
}

/// `len` elements of `axis` from `start` with step `step` (`nn.slice`; nothing if that is all).
pub fn slice_axis(
    cx: &mut Ctx,
    x: &Val,
    axis: usize,
    start: i64,
    step: i64,
    len: i64,
) -> Result<Val> {
    if start == 0 && step == 1 && len == x.shape[axis] {
        return Ok(x.clone());
    }
    let mut out = x.shape.clone();
    out[axis] = len;
    let mut attrs = vec![
        ("starts", ints_attr(&[start])),
        ("ends", ints_attr(&[start + (len - 1) * step + 1])),
        ("axes", ints_attr(&[axis as i64])),
    ];
    if step != 1 {
        attrs.push(("steps", ints_attr(&[step])));
    }
    op1(cx, "nn.slice", x, &out, attrs)
}

/// Pads `axis` with `before` and `after` elements of `value` (`nn.pad`; nothing if no padding).
pub fn pad_axis(
    cx: &mut Ctx,
    x: &Val,
    axis: usize,
    before: i64,
    after: i64,
    value: f64,
) -> Result<Val> {
    if before == 0 && after == 0 {
        return Ok(x.clone());
    }
    let rank = x.shape.len();
    let mut pads = vec![0; 2 * rank];
    pads[axis] = before;
    pads[rank + axis] = after;
    let mut out = x.shape.clone();
    let Some(padded) = out[axis]
        .checked_add(before)
        .and_then(|d| d.checked_add(after))
    else {
        return cx.fail(format!(
            "padding dimension {axis} of size {} by ({before}, {after}) is too large",
            out[axis]
        ));
    };
    out[axis] = padded;
    let mut attrs = vec![("pads", ints_attr(&pads))];
    if value != 0.0 {
        attrs.push(("value", Attribute::float(value, Scalar::F32)));
    }
    op1(cx, "nn.pad", x, &out, attrs)
}

/// A broadcasting binary op.
pub fn binary(cx: &mut Ctx, op: &str, a: &Val, b: &Val) -> Result<Val> {
    let out = shape::broadcast(&a.shape, &b.shape).map_err(|e| cx.err(e))?;
    let elem = if op == "nn.equal" { Scalar::I1 } else { a.elem };
    let s = cx.emit(op, &[a.v, b.v], tensor_type(&out, elem), vec![])?;
    Ok(Val::of(&s))
}

/// `nn.where(c, a, b)`.
pub fn select(cx: &mut Ctx, c: &Val, a: &Val, b: &Val) -> Result<Val> {
    let s = cx.emit(
        "nn.where",
        &[c.v, a.v, b.v],
        tensor_type(&a.shape, a.elem),
        vec![],
    )?;
    Ok(Val::of(&s))
}

/// A constant, materialized as `nn.constant`.
pub fn constant(cx: &mut Ctx, d: DenseElements) -> Result<Val> {
    let slot = cx.constant(d);
    let id = cx.add_slot(slot);
    slot_value(cx, id)
}

/// The value of a slot (a constant is materialized as `nn.constant`).
pub fn slot_value(cx: &mut Ctx, s: crate::ctx::SlotId) -> Result<Val> {
    let shape = cx.shape(s);
    let elem = cx.elem(s);
    Ok(Val {
        v: cx.value(s)?,
        shape,
        elem,
    })
}

/// A float constant of element type `elem` (values given as f64).
pub fn float_constant(cx: &mut Ctx, shape: &[i64], elem: Scalar, v: &[f64]) -> Result<Val> {
    let d = DenseElements::from_f64(tensor_type(shape, elem), v)
        .ok_or_else(|| cx.err(format!("cannot build a {elem} constant")))?;
    constant(cx, d)
}

/// The padding value under which a maximum ignores padding: −∞, or the type's least integer.
pub fn lowest(elem: Scalar) -> f64 {
    match elem {
        Scalar::I8 => f64::from(i8::MIN),
        Scalar::I32 => f64::from(i32::MIN),
        Scalar::I64 => i64::MIN as f64,
        _ => f64::NEG_INFINITY,
    }
}

/// Most kernel positions a decomposition unrolls into separate ops.
pub const MAX_UNROLLED: i64 = 4096;

/// Fails when a decomposition would emit ops for more than [`MAX_UNROLLED`] kernel positions.
pub fn check_unrolled(cx: &Ctx, positions: i64) -> Result<()> {
    if positions > MAX_UNROLLED {
        return cx.fail(format!(
            "a window of {positions} positions is too large to decompose (at most {MAX_UNROLLED})"
        ));
    }
    Ok(())
}

/// How windows along one axis are combined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduce {
    /// The maximum (padding with [`lowest`]).
    Max,
    /// The sum (padding with zeros).
    Sum,
}

/// Pools `axis` of `x` with the window `g`: pads it, takes one strided slice per kernel
/// position and combines them with `nn.max` or `nn.add`; the result has `g.out` on `axis`.
pub fn pool_axis(cx: &mut Ctx, x: &Val, axis: usize, g: &Axis, how: Reduce) -> Result<Val> {
    check_unrolled(cx, g.kernel)?;
    let value = match how {
        Reduce::Max => lowest(x.elem),
        Reduce::Sum => 0.0,
    };
    let padded = pad_axis(cx, x, axis, g.pad_begin, g.pad_end, value)?;
    let op = match how {
        Reduce::Max => "nn.max",
        Reduce::Sum => "nn.add",
    };
    let mut acc: Option<Val> = None;
    for j in 0..g.kernel {
        let s = slice_axis(cx, &padded, axis, j * g.dilation, g.stride, g.out)?;
        acc = Some(match acc {
            None => s,
            Some(a) => binary(cx, op, &a, &s)?,
        });
    }
    Ok(acc.expect("kernel >= 1"))
}

/// Divides `x` by the per-output window counts of `g` along `axis` (an average pool's divisor).
pub fn divide_by_counts(
    cx: &mut Ctx,
    x: &Val,
    axis: usize,
    g: &Axis,
    with_pads: bool,
) -> Result<Val> {
    crate::ops::decompose::check_generated(cx, "window counts", &[g.out])?;
    let counts: Vec<f64> = (0..g.out).map(|o| g.count(o, with_pads) as f64).collect();
    let mut shape = vec![g.out];
    shape.extend(std::iter::repeat_n(1, x.shape.len() - axis - 1));
    let c = float_constant(cx, &shape, x.elem, &counts)?;
    binary(cx, "nn.div", x, &c)
}

/// `nn.conv2d` of `x` `[N, C, H, W]` and `w` `[M, C/group, kH, kW]` over the windows `h`, `w`.
pub fn conv2d(
    cx: &mut Ctx,
    x: &Val,
    w: &Val,
    bias: Option<ValueId>,
    [gh, gw]: [&Axis; 2],
    group: i64,
) -> Result<Val> {
    let mut attrs = attrs2d(gh, gw, true);
    if group != 1 {
        attrs.push(("group", int_attr(group)));
    }
    let mut operands = vec![x.v, w.v];
    operands.extend(bias);
    let out = [x.shape[0], w.shape[0], gh.out, gw.out];
    let s = cx.emit("nn.conv2d", &operands, tensor_type(&out, x.elem), attrs)?;
    Ok(Val::of(&s))
}

/// 3-D convolution of values: `y[:, :, d] = Σ_kd conv2d(xp[:, :, d·s + kd·dil], w[:, :, kd])`,
/// with the depth planes of all output depths folded into the batch (`[N·OD, C, H, W]`); `g`
/// holds the depth, height and width geometry, `bias` is added once.
pub fn conv3d(
    cx: &mut Ctx,
    x: &Val,
    w: &Val,
    bias: Option<neuron_ir::ValueId>,
    g: &[Axis],
    group: i64,
) -> Result<Val> {
    let [n, c, _, h, wd] = [x.shape[0], x.shape[1], x.shape[2], x.shape[3], x.shape[4]];
    let [m, cg, kd, kh, kw] = [w.shape[0], w.shape[1], w.shape[2], w.shape[3], w.shape[4]];
    let gd = g[0];
    check_unrolled(cx, kd)?;
    let xt = transpose(cx, x, &[0, 2, 1, 3, 4])?;
    let xp = pad_axis(cx, &xt, 1, gd.pad_begin, gd.pad_end, 0.0)?;
    let mut acc: Option<Val> = None;
    for k in 0..kd {
        let xs = slice_axis(cx, &xp, 1, k * gd.dilation, gd.stride, gd.out)?;
        let xs = reshape(cx, &xs, &[n.saturating_mul(gd.out), c, h, wd])?;
        let wk = slice_axis(cx, w, 2, k, 1, 1)?;
        let wk = reshape(cx, &wk, &[m, cg, kh, kw])?;
        let b = if k == 0 { bias } else { None };
        let y = conv2d(cx, &xs, &wk, b, [&g[1], &g[2]], group)?;
        acc = Some(match acc {
            None => y,
            Some(a) => binary(cx, "nn.add", &a, &y)?,
        });
    }
    let Some(y) = acc else {
        return cx.fail("the kernel's depth must be at least 1");
    };
    let y = reshape(cx, &y, &[n, gd.out, m, g[1].out, g[2].out])?;
    transpose(cx, &y, &[0, 2, 1, 3, 4])
}
