//! Linear quantization decomposed into existing nn ops: `DequantizeLinear`
//! (`(cast(x) − cast(zp)) · scale`), `QuantizeLinear` (`saturate(round_half_even(x / scale) + zp)`)
//! and `DynamicQuantizeLinear` (uint8 scale and zero point from the input's range).

use crate::ctx::{Ctx, Slot, SlotId};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::ops::decompose::{self, bin, cast, reduce, un, un_attrs};
use crate::tensor::elem_type;
use neuron_ir::{Attribute, Scalar};

/// The quantization layout of a scale (or zero point) against the input.
#[derive(Clone, Copy)]
struct Layout {
    /// The normalised quantization axis (per-axis and blocked).
    axis: usize,
    /// The block size (0: per-tensor or per-axis).
    block: i64,
}

/// Reads and checks `axis` (default 1) and `block_size` (default 0) against an input of rank `r`.
fn layout(cx: &Ctx, r: usize) -> Result<Layout> {
    let axis = cx.int_or("axis", 1)?;
    let block = cx.int_or("block_size", 0)?;
    if block < 0 {
        return cx.fail(format!("block_size {block} must not be negative"));
    }
    let ri = r as i64;
    let a = if axis < 0 { axis + ri } else { axis };
    Ok(Layout {
        axis: if (0..ri).contains(&a) {
            a as usize
        } else {
            usize::MAX
        },
        block,
    })
}

/// `p` (a scale or zero point named `name`) reshaped, or repeated per block, so that it
/// broadcasts against `x` as ONNX's per-tensor, per-axis or blocked layout defines.
fn spread(cx: &mut Ctx, name: &str, p: SlotId, x: &[i64], l: Layout) -> Result<SlotId> {
    let ps = cx.shape(p);
    if ps.iter().product::<i64>() == 1 {
        return decompose::reshape(cx, p, &[]);
    }
    if l.axis == usize::MAX {
        return cx.fail(format!(
            "axis {} is out of range for an input of rank {}",
            cx.int_or("axis", 1)?,
            x.len()
        ));
    }
    let a = l.axis;
    if l.block == 0 {
        if ps.len() != 1 || ps[0] != x[a] {
            return cx.fail(format!(
                "{name} of shape {} must be a scalar or [{}] (per-axis along axis {a} of {})",
                fmt_shape(&ps),
                x[a],
                fmt_shape(x)
            ));
        }
        let mut shape = vec![1; x.len()];
        shape[a] = x[a];
        return decompose::reshape(cx, p, &shape);
    }
    blocked(cx, name, p, x, l)
}

/// A blocked scale `[…, ⌈D/B⌉, …]` repeated `B` times along the axis and cut to `D`.
fn blocked(cx: &mut Ctx, name: &str, p: SlotId, x: &[i64], l: Layout) -> Result<SlotId> {
    let (ps, a, b) = (cx.shape(p), l.axis, l.block);
    let nb = x[a] / b + i64::from(x[a] % b != 0);
    let fits = ps.len() == x.len() && (0..x.len()).all(|d| ps[d] == if d == a { nb } else { x[d] });
    if !fits {
        return cx.fail(format!(
            "{name} of shape {} does not fit an input of shape {} blocked by {b} along axis {a}",
            fmt_shape(&ps),
            fmt_shape(x)
        ));
    }
    let Some(full) = nb.checked_mul(b) else {
        return cx.fail(format!("block_size {b} is too large"));
    };
    let mut split = ps.clone();
    split.insert(a + 1, 1);
    let p = decompose::reshape(cx, p, &split)?;
    split[a + 1] = b;
    crate::ops::decompose::check_generated(cx, "repeated block scale", &split)?;
    let p = decompose::expand(cx, p, &split)?;
    let mut rep = ps;
    rep[a] = full;
    let p = decompose::reshape(cx, p, &rep)?;
    if full == x[a] {
        return Ok(p);
    }
    decompose::slice(cx, p, a, [0, x[a], 1])
}

/// True for the 8-bit float types (their zero point must be 0 and is ignored).
fn is_f8(e: Scalar) -> bool {
    matches!(
        e,
        Scalar::F8E4M3FN | Scalar::F8E4M3FNUZ | Scalar::F8E5M2 | Scalar::F8E5M2FNUZ
    )
}

/// The element type named by attribute `name` (0 or absent: `None`).
fn dtype_attr(cx: &Ctx, name: &str) -> Result<Option<Scalar>> {
    match cx.attr_int(name)? {
        None | Some(0) => Ok(None),
        Some(code) => {
            let code = i32::try_from(code).unwrap_or(-1);
            elem_type(code)
                .map(Some)
                .map_err(|e| cx.err(format!("{name}: {e}")))
        }
    }
}

/// Fails unless `s` has a float element type.
fn require_float(cx: &Ctx, name: &str, s: SlotId) -> Result<()> {
    let e = cx.elem(s);
    if e.is_float() {
        return Ok(());
    }
    cx.fail(format!(
        "{name} element type {e} is not supported: it must be a float type"
    ))
}

/// `DequantizeLinear(x, scale, zp?)` = `(f32(x) − f32(zp)) · f32(scale)`, cast to `output_dtype`
/// (default: the scale's type).
pub fn dequantize_linear(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, scale) = (cx.req(0)?, cx.req(1)?);
    require_float(cx, "scale", scale)?;
    let xs = cx.shape(x);
    let l = layout(cx, xs.len())?;
    let out = dtype_attr(cx, "output_dtype")?.unwrap_or(cx.elem(scale));
    let xe = cx.elem(x);
    if xe.is_float() && !is_f8(xe) && xe != Scalar::F4E2M1FN {
        return cx.fail(format!("input element type {xe} is not a quantized type"));
    }
    let mut v = cast(cx, x, Scalar::F32)?;
    if let Some(zp) = cx.input(2).filter(|_| !is_f8(xe) && xe != Scalar::F4E2M1FN) {
        if cx.elem(zp) != xe {
            return cx.fail(format!(
                "zero point element type {} differs from the input's {xe}",
                cx.elem(zp)
            ));
        }
        let zp = spread(cx, "zero point", zp, &xs, l)?;
        let zp = cast(cx, zp, Scalar::F32)?;
        v = bin(cx, "nn.sub", v, zp)?;
    }
    let s = spread(cx, "scale", scale, &xs, l)?;
    let s = cast(cx, s, Scalar::F32)?;
    let y = bin(cx, "nn.mul", v, s)?;
    let y = cast(cx, y, out)?;
    Ok(vec![cx.slot(y).clone()])
}

/// The integer range of a quantized type, or `None` for the float ones.
fn int_range(e: Scalar) -> Option<(f64, f64)> {
    Some(match e {
        Scalar::UI8 => (0.0, 255.0),
        Scalar::I8 => (-128.0, 127.0),
        Scalar::UI16 => (0.0, 65535.0),
        Scalar::I16 => (-32768.0, 32767.0),
        Scalar::UI4 => (0.0, 15.0),
        Scalar::I4 => (-8.0, 7.0),
        Scalar::UI2 => (0.0, 3.0),
        Scalar::I2 => (-2.0, 1.0),
        _ => return None,
    })
}

/// `nn.clip {min, max}` of `v`.
fn clip(cx: &mut Ctx, v: SlotId, lo: f64, hi: f64) -> Result<SlotId> {
    let e = cx.elem(v);
    let attrs = vec![
        ("min", Attribute::float(lo, e)),
        ("max", Attribute::float(hi, e)),
    ];
    un_attrs(cx, "nn.clip", v, attrs)
}

/// `round_half_even(q) + zp` saturated to `to`'s integer range and cast (`q` in f32).
fn to_int(cx: &mut Ctx, q: SlotId, zp: Option<SlotId>, to: Scalar) -> Result<SlotId> {
    let (lo, hi) = int_range(to).expect("an integer quantized type");
    let mut q = un(cx, "nn.round", q)?;
    if let Some(zp) = zp {
        let zp = cast(cx, zp, Scalar::F32)?;
        q = bin(cx, "nn.add", q, zp)?;
    }
    let q = clip(cx, q, lo, hi)?;
    cast(cx, q, to)
}

/// `QuantizeLinear(x, scale, zp?)`: integer outputs `clip(round_half_even(x / scale) + zp)`,
/// 8-bit floats `x / scale` cast (clipped to the type's finite range when `saturate`), FP4
/// `x / scale + zp` cast. The output type is the zero point's, else `output_dtype`, else uint8.
pub fn quantize_linear(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, scale) = (cx.req(0)?, cx.req(1)?);
    require_float(cx, "input", x)?;
    require_float(cx, "scale", scale)?;
    let xs = cx.shape(x);
    let l = layout(cx, xs.len())?;
    let zp = cx.input(2);
    let declared = dtype_attr(cx, "output_dtype")?;
    let to = match (zp.map(|z| cx.elem(z)), declared) {
        (Some(z), Some(d)) if z != d => {
            return cx.fail(format!(
                "output_dtype {d} differs from the zero point's type {z}"
            ))
        }
        (Some(z), _) => z,
        (None, d) => d.unwrap_or(Scalar::UI8),
    };
    let q = divide(cx, x, scale, &xs, l)?;
    let zp = zp
        .map(|z| spread(cx, "zero point", z, &xs, l))
        .transpose()?;
    let y = if int_range(to).is_some() {
        to_int(cx, q, zp, to)?
    } else if is_f8(to) {
        float8(cx, q, to)?
    } else if to == Scalar::F4E2M1FN {
        let q = match zp {
            Some(z) => {
                let z = cast(cx, z, cx.elem(q))?;
                bin(cx, "nn.add", q, z)?
            }
            None => q,
        };
        cast(cx, q, to)?
    } else {
        return cx.fail(format!("output type {to} is not a quantized type"));
    };
    Ok(vec![cx.slot(y).clone()])
}

/// `x / scale` in `precision` (opset 23), else in the common type of `x` and the scale (f32
/// when they differ), then in f32.
fn divide(cx: &mut Ctx, x: SlotId, scale: SlotId, xs: &[i64], l: Layout) -> Result<SlotId> {
    let s = spread(cx, "scale", scale, xs, l)?;
    let (xe, se) = (cx.elem(x), cx.elem(s));
    let work = match dtype_attr(cx, "precision")? {
        Some(p) if p.is_float() => p,
        Some(p) => return cx.fail(format!("precision {p} must be a float type")),
        None if xe == se => xe,
        None => Scalar::F32,
    };
    let (x, s) = (cast(cx, x, work)?, cast(cx, s, work)?);
    let q = bin(cx, "nn.div", x, s)?;
    cast(cx, q, Scalar::F32)
}

/// An 8-bit float output: clipped to ±its largest finite value first when `saturate` (default 1).
fn float8(cx: &mut Ctx, q: SlotId, to: Scalar) -> Result<SlotId> {
    let max = match to {
        Scalar::F8E4M3FN => 448.0,
        Scalar::F8E4M3FNUZ => 240.0,
        _ => 57344.0,
    };
    let q = if cx.int_or("saturate", 1)? != 0 {
        clip(cx, q, -max, max)?
    } else {
        q
    };
    cast(cx, q, to)
}

/// `DynamicQuantizeLinear(x)` → `(y, scale, zp)` in uint8: `scale = (max(0, max x) − min(0,
/// min x)) / 255`, `zp = clip(round(−min / scale), 0, 255)`, `y` as `QuantizeLinear`.
pub fn dynamic_quantize_linear(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    require_float(cx, "input", x)?;
    let x = cast(cx, x, Scalar::F32)?;
    let dims: Vec<usize> = (0..cx.shape(x).len()).collect();
    if cx.shape(x).contains(&0) {
        return cx.fail("the input is empty: its range is undefined");
    }
    let lo = reduce(cx, "nn.reduce_min", x, &dims, false)?;
    let hi = reduce(cx, "nn.reduce_max", x, &dims, false)?;
    let zero = decompose::scalar(cx, 0.0, Scalar::F32)?;
    let lo = bin(cx, "nn.min", lo, zero)?;
    let hi = bin(cx, "nn.max", hi, zero)?;
    let range = bin(cx, "nn.sub", hi, lo)?;
    let k = decompose::scalar(cx, 255.0, Scalar::F32)?;
    let scale = bin(cx, "nn.div", range, k)?;
    let neg = un(cx, "nn.neg", lo)?;
    let z = bin(cx, "nn.div", neg, scale)?;
    let zp = to_int(cx, z, None, Scalar::UI8)?;
    let q = bin(cx, "nn.div", x, scale)?;
    let zf = cast(cx, zp, Scalar::F32)?;
    let y = to_int(cx, q, Some(zf), Scalar::UI8)?;
    Ok(vec![
        cx.slot(y).clone(),
        cx.slot(scale).clone(),
        cx.slot(zp).clone(),
    ])
}
