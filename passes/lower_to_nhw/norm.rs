//! Lowering of reductions, softmax, layer and batch normalisation, and pooling to Vector- and
//! Scalar-engine sequences. Statistics (sums, means, variances, their reciprocals) are kept in
//! the accumulation type — FP32, or the narrow type when mixed-precision accumulation is off —
//! and data tensors in the op's own type.

use super::builder::Lower;
use super::elementwise::Lowered;
use neuron_ir::{Attribute, OpView, Scalar, Type};
use neuron_nhw as nhw;
use neuron_nhw::{ActivationFunc as F, PoolKind, ReduceKind, TensorOp};
use neuron_nn as nn;
use neuron_nn::common::check_axis;

/// A reduction over the `nn` op's axes (all when absent or empty), with its keepdims.
fn reduce(l: &mut Lower, kind: ReduceKind, axes: Vec<usize>, keep: bool) -> Lowered {
    let (x, out) = (l.operand(0)?, l.out()?);
    let acc = l.acc_type(l.tensor(x)?.elem);
    l.reduce(kind, x, &axes, keep, acc, out.elem)
}

/// `nn.reduce_sum` → `tensor_reduce sum`.
pub(crate) fn reduce_sum(l: &mut Lower) -> Lowered {
    let r = nn::ReduceSumOp(l.op);
    let (axes, keep) = (r.axes_or_default(l.body), r.keepdims_or_default(l.body));
    reduce(l, ReduceKind::Sum, axes, keep)
}

/// `nn.reduce_mean` → `tensor_reduce mean`.
pub(crate) fn reduce_mean(l: &mut Lower) -> Lowered {
    let r = nn::ReduceMeanOp(l.op);
    let (axes, keep) = (r.axes_or_default(l.body), r.keepdims_or_default(l.body));
    reduce(l, ReduceKind::Mean, axes, keep)
}

/// `nn.reduce_max` → `tensor_reduce max`.
pub(crate) fn reduce_max(l: &mut Lower) -> Lowered {
    let r = nn::ReduceMaxOp(l.op);
    let (axes, keep) = (r.axes_or_default(l.body), r.keepdims_or_default(l.body));
    reduce(l, ReduceKind::Max, axes, keep)
}

/// `nn.global_avg_pool` → `tensor_reduce mean` over H and W.
pub(crate) fn global_avg_pool(l: &mut Lower) -> Lowered {
    reduce(l, ReduceKind::Mean, vec![2, 3], true)
}

/// The operand's element type and its normalised `axis`.
fn axis_of(l: &Lower, axis: i64) -> Result<(Scalar, usize), String> {
    let t = l.tensor(l.operand(0)?)?;
    Ok((t.elem, check_axis("axis", axis, t.rank())?))
}

/// `nn.softmax`: max, subtract, exp, sum (in the accumulation type), reciprocal, multiply.
pub(crate) fn softmax(l: &mut Lower) -> Lowered {
    let (t, a) = axis_of(l, nn::SoftmaxOp(l.op).axis_or_default(l.body))?;
    let (x, acc) = (l.operand(0)?, l.acc_type(t));
    let m = l.reduce(ReduceKind::Max, x, &[a], true, acc, t)?;
    let d = l.binary(TensorOp::Sub, x, m, t)?;
    let e = l.act(F::Exp, d, t, vec![])?;
    let s = l.reduce(ReduceKind::Sum, e, &[a], true, acc, acc)?;
    let r = l.act(F::Reciprocal, s, acc, vec![])?;
    l.binary(TensorOp::Mul, e, r, t)
}

/// `nn.log_softmax`: max, subtract, exp and sum (in the accumulation type), log, subtract.
pub(crate) fn log_softmax(l: &mut Lower) -> Lowered {
    let (t, a) = axis_of(l, nn::LogSoftmaxOp(l.op).axis_or_default(l.body))?;
    let (x, acc) = (l.operand(0)?, l.acc_type(t));
    let m = l.reduce(ReduceKind::Max, x, &[a], true, acc, t)?;
    let d = l.binary(TensorOp::Sub, x, m, t)?;
    let e = l.act(F::Exp, d, acc, vec![])?;
    let s = l.reduce(ReduceKind::Sum, e, &[a], true, acc, acc)?;
    let ls = l.act(F::Log, s, acc, vec![])?;
    l.binary(TensorOp::Sub, d, ls, t)
}

/// `nn.layer_norm`: mean, subtract, square, mean (the variance), rsqrt(var + eps),
/// multiply, scale, bias.
pub(crate) fn layer_norm(l: &mut Lower) -> Lowered {
    let ln = nn::LayerNormOp(l.op);
    let (eps, scale, bias) = (
        ln.epsilon_or_default(l.body),
        ln.scale_operand(l.body),
        ln.bias_operand(l.body),
    );
    let (t, a) = axis_of(l, ln.axis_or_default(l.body))?;
    let (x, acc) = (l.operand(0)?, l.acc_type(t));
    let axes: Vec<usize> = (a..l.tensor(x)?.rank()).collect();
    let mean = l.reduce(ReduceKind::Mean, x, &axes, true, acc, acc)?;
    let c = l.binary(TensorOp::Sub, x, mean, t)?;
    let sq = l.act(F::Square, c, acc, vec![])?;
    let var = l.reduce(ReduceKind::Mean, sq, &axes, true, acc, acc)?;
    let rstd = l.act(
        F::Rsqrt,
        var,
        acc,
        vec![("bias", Attribute::float(eps, Scalar::F32))],
    )?;
    let mut y = l.binary(TensorOp::Mul, c, rstd, t)?;
    if let Some(s) = scale {
        y = l.binary(TensorOp::Mul, y, s, t)?;
    }
    if let Some(b) = bias {
        y = l.binary(TensorOp::Add, y, b, t)?;
    }
    Ok(y)
}

/// `nn.batch_norm`: `k = scale · rsqrt(var + eps)` per channel, then `(x − mean) · k + bias`
/// with the `[C]` parameters reshaped to broadcast over `[N, C, …]`.
pub(crate) fn batch_norm(l: &mut Lower) -> Lowered {
    let eps = nn::BatchNormOp(l.op).epsilon_or_default(l.body);
    let x = l.operand(0)?;
    let xt = l.tensor(x)?;
    let (t, acc) = (xt.elem, l.acc_type(xt.elem));
    let (scale, bias, mean, var) = (l.operand(1)?, l.operand(2)?, l.operand(3)?, l.operand(4)?);
    let rstd = l.act(
        F::Rsqrt,
        var,
        acc,
        vec![("bias", Attribute::float(eps, Scalar::F32))],
    )?;
    let k = l.binary(TensorOp::Mul, scale, rstd, acc)?;
    let mut shape = vec![xt.shape[1]];
    shape.resize(xt.rank() - 1, 1);
    let (mean, k, bias) = (
        l.reshape(mean, &shape)?,
        l.reshape(k, &shape)?,
        l.reshape(bias, &shape)?,
    );
    let c = l.binary(TensorOp::Sub, x, mean, t)?;
    let y = l.binary(TensorOp::Mul, c, k, t)?;
    l.binary(TensorOp::Add, y, bias, t)
}

/// `nhw.pool {kind, kernel_shape, strides, pads, dilations[, count_include_pad]}`.
fn pool(l: &mut Lower, kind: PoolKind, win: nhw::Window2d, include_pad: Option<bool>) -> Lowered {
    let (x, out) = (l.operand(0)?, l.out()?);
    let mut attrs = vec![
        ("kind", Attribute::string(kind.name())),
        ("kernel_shape", Attribute::i64_array(&win.kernel)),
        ("strides", Attribute::i64_array(&win.strides)),
        ("pads", Attribute::i64_array(&win.pads)),
        ("dilations", Attribute::i64_array(&win.dilations)),
    ];
    if let Some(p) = include_pad {
        attrs.push(("count_include_pad", Attribute::Bool(p)));
    }
    Ok(l.emit(
        nhw::PoolOp::def(),
        &[x],
        Type::tensor(&out.shape, out.elem),
        attrs,
    ))
}

/// `nn.max_pool2d` → `nhw.pool max`.
pub(crate) fn max_pool2d(l: &mut Lower) -> Lowered {
    let p = nn::MaxPool2dOp(l.op);
    let kernel = p
        .kernel_pair(l.body)
        .ok_or("requires a [kH, kW] 'kernel_shape'")?;
    let win = nhw::Window2d {
        kernel,
        strides: p.strides_or_default(l.body),
        pads: p.pads_or_default(l.body),
        dilations: p.dilations_or_default(l.body),
    };
    pool(l, PoolKind::Max, win, None)
}

/// `nn.avg_pool2d` → `nhw.pool avg` (unit dilations).
pub(crate) fn avg_pool2d(l: &mut Lower) -> Lowered {
    let p = nn::AvgPool2dOp(l.op);
    let kernel = p
        .kernel_pair(l.body)
        .ok_or("requires a [kH, kW] 'kernel_shape'")?;
    let win = nhw::Window2d {
        kernel,
        strides: p.strides_or_default(l.body),
        pads: p.pads_or_default(l.body),
        dilations: [1, 1],
    };
    let include = p.count_include_pad_or_default(l.body);
    pool(l, PoolKind::Avg, win, Some(include))
}
