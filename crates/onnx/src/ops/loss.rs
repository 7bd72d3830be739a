//! `NegativeLogLikelihoodLoss` (opset 12) and `SoftmaxCrossEntropyLoss` (opset 12), decomposed
//! into nn ops. The target class of each element is selected with a one-hot mask
//! (`nn.equal` of the target against a constant class iota) and a `nn.where` + `nn.reduce_sum`
//! over the class dimension, since the nn dialect has no element-wise gather.

use crate::ctx::{Ctx, Slot, SlotId};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::ops::decompose::{
    bin, check_generated, const_int, reduce_sum, reshape, scalar, select, softmax, un,
};
use crate::tensor::tensor_type;
use neuron_ir::{Attribute, Scalar};

/// `NegativeLogLikelihoodLoss(input, target, weight?)`.
pub fn nll_loss(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let loss = nll(cx, x)?;
    Ok(vec![cx.slot(loss).clone()])
}

/// `SoftmaxCrossEntropyLoss(scores, labels, weights?)`: the loss of `log_softmax(scores)` over
/// the class dimension 1, and (second output) that log-probability.
pub fn softmax_cross_entropy_loss(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    if cx.shape(x).len() < 2 {
        return cx.fail("scores must have rank >= 2 ([N, C, …])");
    }
    let log_prob = softmax(cx, "nn.log_softmax", x, 1)?;
    let loss = nll(cx, log_prob)?;
    let mut outs = vec![cx.slot(loss).clone()];
    if cx.num_outputs() > 1 {
        outs.push(cx.slot(log_prob).clone());
    }
    Ok(outs)
}

/// The reduced loss of log-probabilities `x` `[N, C, d…]` against the node's target (input 1),
/// optional class weights (input 2), `ignore_index` and `reduction`.
fn nll(cx: &mut Ctx, x: SlotId) -> Result<SlotId> {
    let target = cx.req(1)?;
    let reduction = cx.str_or("reduction", "mean")?;
    if !matches!(reduction.as_str(), "none" | "sum" | "mean") {
        return cx.fail(format!(
            "reduction '{reduction}' is not 'none', 'sum' or 'mean'"
        ));
    }
    let (xs, ts) = (cx.shape(x), cx.shape(target));
    let elem = cx.elem(x);
    let te = cx.elem(target);
    let ok_target =
        xs.len() >= 2 && ts.len() + 1 == xs.len() && ts[0] == xs[0] && ts[1..] == xs[2..];
    if !elem.is_float() || !matches!(te, Scalar::I32 | Scalar::I64) || !ok_target {
        return cx.fail(format!(
            "needs float input [N, C, d…] and INT32/INT64 target [N, d…], got {elem}{} and {te}{}",
            fmt_shape(&xs),
            fmt_shape(&ts)
        ));
    }
    let c = xs[1];
    // Shapes broadcasting along the class dimension: [N, 1, d…] and [1, C, 1…].
    let mut t_shape = xs.clone();
    t_shape[1] = 1;
    let mut c_shape = vec![1; xs.len()];
    c_shape[1] = c;
    check_generated(cx, "class index", &c_shape)?;
    let iota: Vec<i64> = (0..c).collect();
    let iota = const_int(cx, &c_shape, te, &iota);
    let t = reshape(cx, target, &t_shape)?;
    let onehot = bin(cx, "nn.equal", t, iota)?;
    let zero = scalar(cx, 0.0, elem)?;
    let picked = select(cx, onehot, x, zero)?;
    let picked = reduce_sum(cx, picked, &[1])?;
    let mut loss = un(cx, "nn.neg", picked)?;
    let mut weight = match cx.input(2) {
        Some(w) => Some(class_weight(cx, w, onehot, zero, &c_shape)?),
        None => None,
    };
    if let Some(w) = weight {
        loss = bin(cx, "nn.mul", loss, w)?;
    }
    if let Some(ii) = cx.attr_int("ignore_index")? {
        let ii = const_int(cx, &[], te, &[ii]);
        let ignored = bin(cx, "nn.equal", target, ii)?;
        loss = select(cx, ignored, zero, loss)?;
        let one = scalar(cx, 1.0, elem)?;
        let w = weight.unwrap_or(one);
        weight = Some(select(cx, ignored, zero, w)?);
    }
    reduce(cx, loss, weight, &reduction)
}

/// `none`: the per-element loss; `sum`: its total; `mean`: the total over the summed weights
/// (of the non-ignored elements), or the plain mean when there are no weights.
fn reduce(cx: &mut Ctx, loss: SlotId, weight: Option<SlotId>, reduction: &str) -> Result<SlotId> {
    match (reduction, weight) {
        ("none", _) => Ok(loss),
        ("sum", _) => reduce_sum(cx, loss, &[]),
        (_, Some(w)) => {
            let total = reduce_sum(cx, loss, &[])?;
            let wsum = reduce_sum(cx, w, &[])?;
            bin(cx, "nn.div", total, wsum)
        }
        (_, None) => {
            let elem = cx.elem(loss);
            let attrs = vec![("keepdims", Attribute::Bool(false))];
            let s = cx.emit1("nn.reduce_mean", loss, tensor_type(&[], elem), attrs)?;
            Ok(cx.add_slot(s))
        }
    }
}

/// The weight of each element's target class, `[N, d…]`: `weight` `[C]` selected by the
/// one-hot mask (0 for a target outside the classes).
fn class_weight(
    cx: &mut Ctx,
    w: SlotId,
    onehot: SlotId,
    zero: SlotId,
    c_shape: &[i64],
) -> Result<SlotId> {
    let c = c_shape[1];
    let (ws, we) = (cx.shape(w), cx.elem(w));
    let elem = cx.elem(cx.req(0)?);
    if ws != [c] || we != elem {
        return cx.fail(format!(
            "weight must be a {elem} vector of the {c} classes, not {we}{}",
            fmt_shape(&ws)
        ));
    }
    let wb = reshape(cx, w, c_shape)?;
    let picked = select(cx, onehot, wb, zero)?;
    reduce_sum(cx, picked, &[1])
}
