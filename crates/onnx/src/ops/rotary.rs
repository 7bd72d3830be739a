//! `RotaryEmbedding` (opset 23), decomposed into nn ops: the first `rotary_embedding_dim`
//! channels of each head are rotated pairwise by the cached cos/sin (halves, or interleaved
//! even/odd channels), the rest pass through.

use crate::ctx::{Ctx, Slot, SlotId};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::ops::decompose::{bin, concat, gather0, reshape, slice};
use neuron_ir::Scalar;

/// `RotaryEmbedding` → nn ops.
///
/// A 4-D input is `[B, heads, S, size]`; a 3-D input `[B, S, heads·size]` is viewed as
/// `[B, S, heads, size]` (`num_heads` required). The caches are `[max_pos, rd/2]` indexed by
/// `position_ids` `[B, S]`, or `[B, S, rd/2]` without them.
pub fn rotary_embedding(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, cos, sin) = (cx.req(0)?, cx.req(1)?, cx.req(2)?);
    let xs = cx.shape(x);
    let elem = cx.elem(x);
    if !elem.is_float() || cx.elem(cos) != elem || cx.elem(sin) != elem {
        return cx.fail("input, cos_cache and sin_cache must share one float element type");
    }
    let (x4, b, s) = match xs.len() {
        4 => (x, xs[0], xs[2]),
        3 => {
            let heads = cx.attr_int("num_heads")?.unwrap_or(0);
            if heads < 1 || xs[2] % heads != 0 {
                return cx.fail(format!(
                    "a 3-D input {} needs num_heads dividing its hidden size (got {heads})",
                    fmt_shape(&xs)
                ));
            }
            let r = reshape(cx, x, &[xs[0], xs[1], heads, xs[2] / heads])?;
            (r, xs[0], xs[1])
        }
        _ => return cx.fail(format!("input {} must be 3-D or 4-D", fmt_shape(&xs))),
    };
    let size = cx.shape(x4)[3];
    let rd = match cx.int_or("rotary_embedding_dim", 0)? {
        0 => size,
        r => r,
    };
    if rd < 2 || rd % 2 != 0 || rd > size {
        return cx.fail(format!(
            "rotary_embedding_dim {rd} must be even, positive and at most the head size {size}"
        ));
    }
    let half = rd / 2;
    // Caches as [B, 1, S, half] (4-D input) or [B, S, 1, half] (3-D input).
    let cache_shape = if xs.len() == 4 {
        [b, 1, s, half]
    } else {
        [b, s, 1, half]
    };
    let cos = cache(cx, cos, &cache_shape)?;
    let sin = cache(cx, sin, &cache_shape)?;
    let interleaved = cx.int_or("interleaved", 0)? != 0;
    let (x1, x2) = if interleaved {
        (slice(cx, x4, 3, [0, rd, 2])?, slice(cx, x4, 3, [1, rd, 2])?)
    } else {
        (
            slice(cx, x4, 3, [0, half, 1])?,
            slice(cx, x4, 3, [half, rd, 1])?,
        )
    };
    let (c1, s2) = (bin(cx, "nn.mul", cos, x1)?, bin(cx, "nn.mul", sin, x2)?);
    let real = bin(cx, "nn.sub", c1, s2)?;
    let (s1, c2) = (bin(cx, "nn.mul", sin, x1)?, bin(cx, "nn.mul", cos, x2)?);
    let imag = bin(cx, "nn.add", s1, c2)?;
    let rotated = if interleaved {
        let mut pair = cx.shape(real);
        pair.push(1);
        let re = reshape(cx, real, &pair)?;
        let im = reshape(cx, imag, &pair)?;
        let both = concat(cx, &[re, im], 4)?;
        let mut flat = cx.shape(x4);
        flat[3] = rd;
        reshape(cx, both, &flat)?
    } else {
        concat(cx, &[real, imag], 3)?
    };
    let out = if rd < size {
        let rest = slice(cx, x4, 3, [rd, size, 1])?;
        concat(cx, &[rotated, rest], 3)?
    } else {
        rotated
    };
    let out = reshape(cx, out, &xs)?;
    Ok(vec![cx.slot(out).clone()])
}

/// A cos or sin cache, gathered by `position_ids` when given, reshaped to `shape`.
fn cache(cx: &mut Ctx, c: SlotId, shape: &[i64; 4]) -> Result<SlotId> {
    let [b, _, _, half] = *shape;
    let s = shape[1] * shape[2];
    let picked = match cx.input(3) {
        Some(pos) => {
            let ps = cx.shape(pos);
            let cs = cx.shape(c);
            if ps != [b, s]
                || cs.len() != 2
                || cs[1] != half
                || !matches!(cx.elem(pos), Scalar::I32 | Scalar::I64)
            {
                return cx.fail(format!(
                    "with INT32/INT64 position_ids {} (expected [{b}, {s}]), a cache must be \
                     [max_pos, {half}], not {}",
                    fmt_shape(&ps),
                    fmt_shape(&cs)
                ));
            }
            gather0(cx, c, pos)?
        }
        None => {
            let cs = cx.shape(c);
            if cs != [b, s, half] {
                return cx.fail(format!(
                    "without position_ids a cache must be [{b}, {s}, {half}], not {}",
                    fmt_shape(&cs)
                ));
            }
            c
        }
    };
    reshape(cx, picked, shape)
}
