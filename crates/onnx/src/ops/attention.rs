//! `Attention` (opsets 23 and 24), decomposed into nn ops: heads split from 3-D inputs,
//! the KV cache concatenated, grouped-query heads repeated, `Q·Kᵀ` scaled, soft-capped, biased
//! by the mask / causal triangle / padding, `softmax`, and the product with `V`.

use crate::ctx::{Ctx, Slot, SlotId};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::ops::decompose::{
    bin, cast, check_generated, concat, const_int, expand, matmul, reshape, scalar, select,
    softmax, tensor, transpose, un,
};
use crate::tensor::elem_type;
use neuron_ir::Scalar;

/// Q, K and V as `[batch, heads, sequence, head size]`.
struct Heads {
    q: SlotId,
    k: SlotId,
    v: SlotId,
}

/// The attributes that shape the computation.
struct Params {
    is_causal: bool,
    scale: Option<f32>,
    softcap: f32,
    mode: i64,
    softmax_elem: Option<Scalar>,
}

fn params(cx: &Ctx) -> Result<Params> {
    let mode = cx.int_or("qk_matmul_output_mode", 0)?;
    if !(0..=3).contains(&mode) {
        return cx.fail(format!("qk_matmul_output_mode {mode} is not 0, 1, 2 or 3"));
    }
    let softmax_elem = match cx.attr_int("softmax_precision")? {
        None => None,
        Some(code) => {
            let e = i32::try_from(code)
                .map_err(|_| cx.err(format!("softmax_precision {code} is not a data type")))
                .and_then(|c| elem_type(c).map_err(|e| cx.err(e)))?;
            if !e.is_float() {
                return cx.fail(format!("softmax_precision must be a float type, not {e}"));
            }
            Some(e)
        }
    };
    Ok(Params {
        is_causal: cx.int_or("is_causal", 0)? != 0,
        scale: cx.attr_float("scale")?,
        softcap: cx.float_or("softcap", 0.0)?,
        mode,
        softmax_elem,
    })
}

/// True if output `i` is declared with a name.
fn wanted(cx: &Ctx, i: usize) -> bool {
    cx.node.output.get(i).is_some_and(|n| !n.is_empty())
}

/// `Attention` → nn ops. Outputs: Y, present_key, present_value, qk_matmul_output.
pub fn attention(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let p = params(cx)?;
    let (q, k, v) = (cx.req(0)?, cx.req(1)?, cx.req(2)?);
    let elem = cx.elem(q);
    if !elem.is_float() || cx.elem(k) != elem || cx.elem(v) != elem {
        return cx.fail(format!(
            "Q, K and V must share one float element type (got {}, {}, {})",
            elem,
            cx.elem(k),
            cx.elem(v)
        ));
    }
    let rank = cx.shape(q).len();
    let h = split_heads(cx, rank)?;
    let (present_k, present_v, past_len) = kv_cache(cx, &h)?;
    let [b, hq, sq, d] = dims4(cx, h.q);
    let [_, hkv, t, _] = dims4(cx, present_k);
    let dv = cx.shape(present_v)[3];
    let scale = p.scale.map_or(1.0 / (d as f64).sqrt(), f64::from);
    let root = scalar(cx, scale.sqrt(), elem)?;
    let qs = bin(cx, "nn.mul", h.q, root)?;
    let ks = bin(cx, "nn.mul", present_k, root)?;
    let ks = repeat_heads(cx, ks, hq, hkv)?;
    let vr = repeat_heads(cx, present_v, hq, hkv)?;
    let kt = transpose(cx, ks, &[0, 1, 3, 2])?;
    let qk = matmul(cx, qs, kt)?;
    let capped = soft_cap(cx, qk, p.softcap)?;
    let bias = attn_bias(cx, [b, hq, sq, t], past_len, p.is_causal)?;
    let scores = match bias {
        Some(bias) => bin(cx, "nn.add", capped, bias)?,
        None => capped,
    };
    let low = cast(cx, scores, p.softmax_elem.unwrap_or(elem))?;
    let probs = softmax(cx, "nn.softmax", low, 3)?;
    let probs = cast(cx, probs, elem)?;
    let y = matmul(cx, probs, vr)?;
    let y = if rank == 3 {
        let yt = transpose(cx, y, &[0, 2, 1, 3])?;
        reshape(cx, yt, &[b, sq, hq * dv])?
    } else {
        y
    };
    let mut outs = vec![y, present_k, present_v];
    if wanted(cx, 3) {
        outs.push(match p.mode {
            0 => qk,
            1 => capped,
            2 => scores,
            _ => probs,
        });
    }
    Ok(outs.into_iter().map(|s| cx.slot(s).clone()).collect())
}

/// The four dimensions of a rank-4 slot.
fn dims4(cx: &Ctx, s: SlotId) -> [i64; 4] {
    let v = cx.shape(s);
    [v[0], v[1], v[2], v[3]]
}

/// Q, K, V in the 4-D layout: 3-D inputs `[B, S, heads·size]` are reshaped to
/// `[B, S, heads, size]` and transposed to `[B, heads, S, size]`.
fn split_heads(cx: &mut Ctx, rank: usize) -> Result<Heads> {
    let (q, k, v) = (cx.req(0)?, cx.req(1)?, cx.req(2)?);
    let shapes = [cx.shape(q), cx.shape(k), cx.shape(v)];
    if shapes.iter().any(|s| s.len() != rank) || !(rank == 3 || rank == 4) {
        return cx.fail(format!(
            "Q, K and V must all be 3-D or all 4-D, but have shapes {}, {} and {}",
            fmt_shape(&shapes[0]),
            fmt_shape(&shapes[1]),
            fmt_shape(&shapes[2])
        ));
    }
    let h = if rank == 4 {
        Heads { q, k, v }
    } else {
        let (Some(qh), Some(kvh)) = (cx.attr_int("q_num_heads")?, cx.attr_int("kv_num_heads")?)
        else {
            return cx.fail("3-D inputs need the q_num_heads and kv_num_heads attributes");
        };
        Heads {
            q: heads_of(cx, q, qh, "Q")?,
            k: heads_of(cx, k, kvh, "K")?,
            v: heads_of(cx, v, kvh, "V")?,
        }
    };
    let [sq, sk, sv] = [h.q, h.k, h.v].map(|s| dims4(cx, s));
    let ok = sq[0] == sk[0] && sk[0] == sv[0] && sq[3] == sk[3] && sk[1] == sv[1] && sk[2] == sv[2];
    if !ok {
        return cx.fail(format!(
            "Q {}, K {} and V {} (as [batch, heads, sequence, size]) do not agree on batch, \
             K/V heads and sequence, or Q/K head size",
            fmt_shape(&sq),
            fmt_shape(&sk),
            fmt_shape(&sv)
        ));
    }
    Ok(h)
}

/// A 3-D `[B, S, heads·size]` input as `[B, heads, S, size]`.
fn heads_of(cx: &mut Ctx, x: SlotId, heads: i64, what: &str) -> Result<SlotId> {
    let s = cx.shape(x);
    if heads < 1 || s[2] % heads != 0 {
        return cx.fail(format!(
            "{what} of shape {} has a hidden size not divisible into {heads} heads",
            fmt_shape(&s)
        ));
    }
    let r = reshape(cx, x, &[s[0], s[1], heads, s[2] / heads])?;
    transpose(cx, r, &[0, 2, 1, 3])
}

/// present_key / present_value (past concatenated on the sequence axis) and the past length.
fn kv_cache(cx: &mut Ctx, h: &Heads) -> Result<(SlotId, SlotId, i64)> {
    let (pk, pv) = (cx.input(4), cx.input(5));
    match (pk, pv) {
        (None, None) => Ok((h.k, h.v, 0)),
        (Some(pk), Some(pv)) => {
            if cx.shape(pk).len() != 4 || cx.shape(pv).len() != 4 {
                return cx.fail("past_key and past_value must be 4-D");
            }
            let past = cx.shape(pk)[2];
            let k = concat(cx, &[pk, h.k], 2)?;
            let v = concat(cx, &[pv, h.v], 2)?;
            Ok((k, v, past))
        }
        _ => cx.fail("past_key and past_value must be given together"),
    }
}

/// K or V with each of its `hkv` heads repeated `hq / hkv` times in place (`h0 h0 h1 h1 …`).
fn repeat_heads(cx: &mut Ctx, x: SlotId, hq: i64, hkv: i64) -> Result<SlotId> {
    if hq == hkv {
        return Ok(x);
    }
    if hkv < 1 || hq % hkv != 0 {
        return cx.fail(format!(
            "{hq} query heads cannot be grouped over {hkv} key/value heads"
        ));
    }
    let [b, _, t, d] = dims4(cx, x);
    let r = reshape(cx, x, &[b, hkv, 1, t, d])?;
    let e = expand(cx, r, &[b, hkv, hq / hkv, t, d])?;
    reshape(cx, e, &[b, hq, t, d])
}

/// `softcap · tanh(x / softcap)`, or `x` when `softcap` is 0.
fn soft_cap(cx: &mut Ctx, x: SlotId, softcap: f32) -> Result<SlotId> {
    if softcap == 0.0 {
        return Ok(x);
    }
    let c = scalar(cx, f64::from(softcap), cx.elem(x))?;
    let scaled = bin(cx, "nn.div", x, c)?;
    let t = un(cx, "nn.tanh", scaled)?;
    bin(cx, "nn.mul", t, c)
}

/// The additive bias (0 or −∞ where masked, or the float mask's values) of the scores
/// `[B, Hq, Sq, T]`: the mask padded with −∞ to `T`, plus the causal triangle, plus the
/// padding of `nonpad_kv_seqlen`; `None` when nothing masks.
fn attn_bias(cx: &mut Ctx, dims: [i64; 4], past: i64, causal: bool) -> Result<Option<SlotId>> {
    let [_, _, sq, t] = dims;
    let elem = cx.elem(cx.req(0)?);
    let mut bias = match cx.input(3) {
        Some(m) => Some(mask_bias(cx, m, dims)?),
        None => None,
    };
    if causal {
        check_generated(cx, "causal mask", &[sq, t])?;
        let tri: Vec<f64> = (0..sq * t)
            .map(|i| {
                let (r, c) = (i / t, i % t);
                if r + past < c {
                    f64::NEG_INFINITY
                } else {
                    0.0
                }
            })
            .collect();
        let tri = tensor(cx, &[sq, t], elem, &tri)?;
        bias = Some(add_opt(cx, bias, tri)?);
    }
    if let Some(n) = cx.input(6) {
        let pad = padding_bias(cx, n, dims)?;
        bias = Some(add_opt(cx, bias, pad)?);
    }
    Ok(bias)
}

fn add_opt(cx: &mut Ctx, a: Option<SlotId>, b: SlotId) -> Result<SlotId> {
    match a {
        Some(a) => bin(cx, "nn.add", a, b),
        None => Ok(b),
    }
}

/// `attn_mask` as an additive bias: a boolean mask becomes 0 / −∞; a shorter last dimension
/// is padded with −∞ up to the total sequence length.
fn mask_bias(cx: &mut Ctx, m: SlotId, dims: [i64; 4]) -> Result<SlotId> {
    let elem = cx.elem(cx.req(0)?);
    let ms = cx.shape(m);
    let t = dims[3];
    let fits = ms.len() <= 4
        && ms.last().is_some_and(|&l| l <= t)
        && ms
            .iter()
            .rev()
            .skip(1)
            .zip(dims.iter().rev().skip(1))
            .all(|(&a, &b)| a == 1 || a == b);
    if !fits {
        return cx.fail(format!(
            "attn_mask of shape {} does not broadcast to the scores {}",
            fmt_shape(&ms),
            fmt_shape(&dims)
        ));
    }
    let f = match cx.elem(m) {
        Scalar::I1 => {
            let zero = scalar(cx, 0.0, elem)?;
            let ninf = scalar(cx, f64::NEG_INFINITY, elem)?;
            select(cx, m, zero, ninf)?
        }
        e if e == elem => m,
        e => {
            return cx.fail(format!(
                "attn_mask must be BOOL or the element type of Q ({elem}), not {e}"
            ))
        }
    };
    let l = ms[ms.len() - 1];
    if l == t {
        return Ok(f);
    }
    let mut fill = ms.clone();
    *fill.last_mut().expect("rank >= 1") = t - l;
    let ninf = tensor(cx, &fill, elem, &[f64::NEG_INFINITY])?;
    concat(cx, &[f, ninf], ms.len() - 1)
}

/// `nonpad_kv_seqlen` `[B]` as a bias `[B, 1, 1, T]`: 0 before each length, −∞ after.
fn padding_bias(cx: &mut Ctx, n: SlotId, dims: [i64; 4]) -> Result<SlotId> {
    let [b, _, _, t] = dims;
    let ie = cx.elem(n);
    if !ie.is_integer() || cx.shape(n) != [b] {
        return cx.fail(format!(
            "nonpad_kv_seqlen must be an integer vector of the batch size {b}"
        ));
    }
    let elem = cx.elem(cx.req(0)?);
    check_generated(cx, "sequence index", &[1, t])?;
    let iota: Vec<i64> = (0..t).collect();
    let iota = const_int(cx, &[1, t], ie, &iota);
    let lens = reshape(cx, n, &[b, 1])?;
    let keep = bin(cx, "nn.less", iota, lens)?;
    let zero = scalar(cx, 0.0, elem)?;
    let ninf = scalar(cx, f64::NEG_INFINITY, elem)?;
    let pad = select(cx, keep, zero, ninf)?;
    reshape(cx, pad, &[b, 1, 1, t])
}
