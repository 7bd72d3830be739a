//! Data movement and generated constants decomposed into nn ops: `Trilu` (constant mask and
//! `nn.where`), `Tile` (reshape, expand, reshape), `DepthToSpace` / `SpaceToDepth` (reshape,
//! transpose, reshape) and `EyeLike` (a constant).

use crate::ctx::{Ctx, Slot, SlotId};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::ops::decompose::{
    check_generated, expand, out, reshape, scalar, select, tensor, transpose,
};
use crate::tensor::elem_type;
use neuron_ir::Scalar;

/// `Trilu {upper = 1}` (opset 14) with the optional constant scalar input `k` (default 0):
/// keeps the elements with `j − i ≥ k` (upper) or `j − i ≤ k` (lower) of the last two
/// dimensions, zeroes the others.
pub fn trilu(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let xs = cx.shape(x);
    if xs.len() < 2 {
        return cx.fail(format!("input of shape {} needs rank >= 2", fmt_shape(&xs)));
    }
    let k = match cx.const_ints(1, "k")? {
        None => 0,
        Some(v) if v.len() == 1 => v[0],
        Some(v) => return cx.fail(format!("k must be a scalar, but has {} values", v.len())),
    };
    let upper = cx.int_or("upper", 1)? != 0;
    if xs.contains(&0) {
        return out(cx, x);
    }
    let (rows, cols) = (xs[xs.len() - 2], xs[xs.len() - 1]);
    check_generated(cx, "triangle mask", &[rows, cols])?;
    let mask: Vec<f64> = (0..rows)
        .flat_map(|i| (0..cols).map(move |j| (i, j)))
        .map(|(i, j)| {
            let d = (j - i).saturating_sub(k);
            f64::from(u8::from(if upper { d >= 0 } else { d <= 0 }))
        })
        .collect();
    let m = tensor(cx, &[rows, cols], Scalar::I1, &mask)?;
    let zero = scalar(cx, 0.0, cx.elem(x))?;
    let y = select(cx, m, x, zero)?;
    out(cx, y)
}

/// `Tile` with constant `repeats`: each dimension `d` repeated `r` times is `x` reshaped with a
/// 1 before `d`, expanded to `r`, and the pair merged into `r·d`.
pub fn tile(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    cx.req(1)?;
    let reps = cx.const_ints(1, "repeats")?.unwrap_or_default();
    let xs = cx.shape(x);
    if reps.len() != xs.len() || reps.iter().any(|&r| r < 0) {
        return cx.fail(format!(
            "repeats {reps:?} must hold one non-negative count per dimension of the input {}",
            fmt_shape(&xs)
        ));
    }
    if reps.iter().all(|&r| r == 1) {
        return out(cx, x);
    }
    let ones: Vec<i64> = xs.iter().flat_map(|&d| [1, d]).collect();
    let wide: Vec<i64> = xs.iter().zip(&reps).flat_map(|(&d, &r)| [r, d]).collect();
    let merged: Option<Vec<i64>> = xs
        .iter()
        .zip(&reps)
        .map(|(&d, &r)| r.checked_mul(d))
        .collect();
    let Some(merged) = merged else {
        return cx.fail(format!(
            "repeats {reps:?} of the input {} give a shape with too many elements",
            fmt_shape(&xs)
        ));
    };
    let a = reshape(cx, x, &ones)?;
    let b = expand(cx, a, &wide)?;
    let y = reshape(cx, b, &merged)?;
    out(cx, y)
}

/// The required positive `blocksize` and the 4-D input's dimensions.
fn block_setup(cx: &Ctx) -> Result<(SlotId, i64, [i64; 4])> {
    let x = cx.req(0)?;
    let xs = cx.shape(x);
    let Some(bs) = cx.attr_int("blocksize")? else {
        return cx.fail("requires attribute 'blocksize'");
    };
    let Ok(dims) = <[i64; 4]>::try_from(&xs[..]) else {
        return cx.fail(format!("input of shape {} must be 4-D", fmt_shape(&xs)));
    };
    if bs < 1 {
        return cx.fail(format!("blocksize {bs} must be positive"));
    }
    // Every block dimension must fit in the channels (DepthToSpace) or the spatial size
    // (SpaceToDepth), so a larger blocksize cannot be valid; this also bounds `bs²`.
    if bs > 1 << 31 {
        return cx.fail(format!(
            "blocksize {bs} is too large for the input {}",
            fmt_shape(&xs)
        ));
    }
    Ok((x, bs, dims))
}

/// `DepthToSpace {blocksize, mode = "DCR"}` (mode from opset 11): `[N, C, H, W]` to
/// `[N, C/b², H·b, W·b]`; DCR takes the block from the outer channel bits, CRD from the inner.
pub fn depth_to_space(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, bs, [n, c, h, w]) = block_setup(cx)?;
    let mode = if cx.opset >= 11 {
        cx.str_or("mode", "DCR")?
    } else {
        "DCR".to_string()
    };
    if c % (bs * bs) != 0 {
        return cx.fail(format!(
            "the channel count {c} is not a multiple of blocksize² = {}",
            bs * bs
        ));
    }
    let cb = c / (bs * bs);
    let (split, perm) = match mode.as_str() {
        "DCR" => ([n, bs, bs, cb, h, w], [0, 3, 4, 1, 5, 2]),
        "CRD" => ([n, cb, bs, bs, h, w], [0, 1, 4, 2, 5, 3]),
        other => return cx.fail(format!("mode '{other}' is not 'DCR' or 'CRD'")),
    };
    let a = reshape(cx, x, &split)?;
    let t = transpose(cx, a, &perm)?;
    let (Some(hb), Some(wb)) = (h.checked_mul(bs), w.checked_mul(bs)) else {
        return cx.fail(format!("the output of {h}x{w} blocks of {bs} is too large"));
    };
    let y = reshape(cx, t, &[n, cb, hb, wb])?;
    out(cx, y)
}

/// `SpaceToDepth {blocksize}`: `[N, C, H, W]` to `[N, C·b², H/b, W/b]`, the block offset
/// becoming the outer channel bits.
pub fn space_to_depth(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, bs, [n, c, h, w]) = block_setup(cx)?;
    if h % bs != 0 || w % bs != 0 {
        return cx.fail(format!(
            "the spatial size {h}x{w} is not a multiple of blocksize {bs}"
        ));
    }
    let a = reshape(cx, x, &[n, c, h / bs, bs, w / bs, bs])?;
    let t = transpose(cx, a, &[0, 3, 5, 1, 2, 4])?;
    let Some(cbb) = c.checked_mul(bs * bs) else {
        return cx.fail(format!(
            "{c} channels times blocksize² = {} is too large",
            bs * bs
        ));
    };
    let y = reshape(cx, t, &[n, cbb, h / bs, w / bs])?;
    out(cx, y)
}

/// `EyeLike {dtype, k = 0}` (opset 9): a constant of the 2-D input's shape with ones where
/// `j − i = k`, of element type `dtype` (default: the input's).
pub fn eye_like(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let xs = cx.shape(x);
    let [rows, cols] = xs[..] else {
        return cx.fail(format!("input of shape {} must be 2-D", fmt_shape(&xs)));
    };
    let elem = match cx.attr_int("dtype")? {
        None => cx.elem(x),
        Some(code) => i32::try_from(code)
            .map_err(|_| format!("dtype {code} is not an ONNX data type"))
            .and_then(elem_type)
            .map_err(|e| cx.err(e))?,
    };
    let k = cx.int_or("k", 0)?;
    check_generated(cx, "EyeLike output", &[rows, cols])?;
    let v: Vec<f64> = (0..rows)
        .flat_map(|i| (0..cols).map(move |j| f64::from(u8::from(j.wrapping_sub(i) == k))))
        .collect();
    let y = tensor(cx, &[rows, cols], elem, &v)?;
    out(cx, y)
}
