//! Vector- and Scalar-engine kernels: activation, tensor_tensor, select, tensor_reduce, pool
//! and cast. They compute in FP32; the executor rounds results to the result type, except
//! for casts, which round themselves.

use super::dispatch::{Ncx, Stream};
use super::round::{round_nearest, rounded_copy_into, stochastic_round, RandomWords, Rounding};
use crate::ctx::KernelResult;
use crate::kernels::broadcast::{map1, map2};
use crate::kernels::elementwise as ew;
use crate::kernels::logic;
use crate::kernels::math;
use crate::kernels::pool::{per_plane, pool_setup, taps};
use crate::kernels::reduce::runs;
use crate::kernels::unary_math::MathFn;
use crate::tensor::Data;
use neuron_ir::Scalar;
use neuron_nhw::{ActivationFunc as F, ActivationOp, PoolKind, PoolOp, ReduceKind};
use neuron_nhw::{TensorOp, TensorReduceOp, TensorTensorOp};
use rayon::prelude::*;

/// The scalar function of an activation on floats, `alpha`/`min`/`max` bound in (the
/// integer-only `not` is refused before this is asked).
fn float_fn(f: F, alpha: f32, lo: f32, hi: f32) -> Box<dyn Fn(f32) -> f32 + Sync> {
    match f {
        F::Identity => Box::new(|x| x),
        F::Relu => Box::new(math::relu),
        F::LeakyRelu => Box::new(move |x| math::leaky_relu(x, alpha)),
        F::Exp => Box::new(math::exp),
        F::Log => Box::new(math::log),
        F::Sqrt => Box::new(f32::sqrt),
        F::Rsqrt => Box::new(math::rsqrt),
        F::Reciprocal => Box::new(|x| 1.0 / x),
        F::Tanh => Box::new(math::tanh),
        F::Sigmoid => Box::new(math::sigmoid),
        F::Erf => Box::new(math::erf),
        F::Gelu => Box::new(math::gelu_erf),
        F::GeluTanh => Box::new(math::gelu_tanh),
        F::Neg => Box::new(|x| -x),
        F::Abs => Box::new(f32::abs),
        F::Square => Box::new(|x| x * x),
        F::Clip => Box::new(move |x| math::clip(x, lo, hi)),
        F::Sin => Box::new(|x| MathFn::Sin.eval(x)),
        F::Cos => Box::new(|x| MathFn::Cos.eval(x)),
        F::Tan => Box::new(|x| MathFn::Tan.eval(x)),
        F::Asin => Box::new(|x| MathFn::Asin.eval(x)),
        F::Acos => Box::new(|x| MathFn::Acos.eval(x)),
        F::Atan => Box::new(|x| MathFn::Atan.eval(x)),
        F::Sinh => Box::new(|x| MathFn::Sinh.eval(x)),
        F::Cosh => Box::new(|x| MathFn::Cosh.eval(x)),
        F::Asinh => Box::new(|x| MathFn::Asinh.eval(x)),
        F::Acosh => Box::new(|x| MathFn::Acosh.eval(x)),
        F::Atanh => Box::new(|x| MathFn::Atanh.eval(x)),
        F::Floor => Box::new(|x| MathFn::Floor.eval(x)),
        F::Ceil => Box::new(|x| MathFn::Ceil.eval(x)),
        F::Round => Box::new(|x| MathFn::Round.eval(x)),
        F::Sign => Box::new(|x| MathFn::Sign.eval(x)),
        // Integers only: `activation` refuses float operands before asking.
        F::Not => Box::new(|_| f32::NAN),
    }
}

/// The integer version of an activation, for the functions that have one.
fn int_fn(f: F) -> Option<fn(i64) -> i64> {
    match f {
        F::Identity => Some(|x| x),
        F::Relu => Some(|x| x.max(0)),
        F::Neg => Some(i64::wrapping_neg),
        F::Abs => Some(i64::wrapping_abs),
        F::Square => Some(|x| x.wrapping_mul(x)),
        F::Not => Some(|x| !x),
        F::Sign => Some(i64::signum),
        _ => None,
    }
}

/// `nhw.activation`: `func(x·scale + bias)` in FP32 (scale 1 and bias 0 are skipped, so the
/// sign of zero survives the identity).
pub(crate) fn activation(n: &Ncx) -> KernelResult {
    let (cx, a) = (n.cx, n.cx.view::<ActivationOp>()?);
    let b = cx.body;
    let func = a.function(b).ok_or("has an unknown 'func'")?;
    let x = cx.arg(0)?;
    let (scale, bias) = (a.scale_or_default(b) as f32, a.bias_or_default(b) as f32);
    match &x.data {
        Data::F32(_) if func.integer_only() => Err(format!(
            "func \"{}\" is not defined for float operands",
            func.name()
        )),
        Data::F32(v) => {
            cx.float_result()?;
            let lo = a.min_or_default(b) as f32;
            let g = float_fn(
                func,
                a.alpha_or_default(b) as f32,
                lo,
                a.max_or_default(b) as f32,
            );
            Ok(Data::F32(
                map1(v, |x| {
                    let x = if scale != 1.0 { x * scale } else { x };
                    g(if bias != 0.0 { x + bias } else { x })
                })
                .into(),
            ))
        }
        Data::I64(v) => {
            let g = int_fn(func).ok_or("is not defined for integer operands")?;
            Ok(Data::I64(map1(v, g).into()))
        }
    }
}

/// `nhw.tensor_tensor`: the `nn` elementwise kernels, by operation.
pub(crate) fn tensor_tensor(n: &Ncx) -> KernelResult {
    let cx = n.cx;
    let op = cx
        .view::<TensorTensorOp>()?
        .kind(cx.body)
        .ok_or("has an unknown 'op'")?;
    if op.integer_only() && cx.arg(0)?.as_f32().is_some() {
        return Err(format!(
            "op \"{}\" is defined for integer operands only",
            op.name()
        ));
    }
    let k = match op {
        TensorOp::Add => ew::add,
        TensorOp::Sub => ew::sub,
        TensorOp::Mul => ew::mul,
        TensorOp::Div => ew::div,
        TensorOp::Max => ew::max,
        TensorOp::Min => ew::min,
        TensorOp::Pow => ew::pow,
        TensorOp::Equal => ew::equal,
        TensorOp::Less => ew::less,
        TensorOp::LessEqual => ew::less_equal,
        TensorOp::Greater => ew::greater,
        TensorOp::GreaterEqual => ew::greater_equal,
        TensorOp::And => logic::and,
        TensorOp::Or => logic::or,
        TensorOp::Xor => logic::xor,
        TensorOp::ShiftLeft => shift_left,
        TensorOp::ShiftRight => shift_right,
        TensorOp::Mod => integer_mod,
        TensorOp::Fmod => fmod,
    };
    k(cx)
}

/// `tensor_tensor shift_left`.
fn shift_left(cx: &crate::ctx::OpCtx) -> KernelResult {
    int_tensor_tensor(cx, logic::shift_left, "shift amounts must not be negative")
}

/// `tensor_tensor shift_right`.
fn shift_right(cx: &crate::ctx::OpCtx) -> KernelResult {
    int_tensor_tensor(cx, logic::shift_right, "shift amounts must not be negative")
}

/// `tensor_tensor mod` (integers, the divisor's sign).
fn integer_mod(cx: &crate::ctx::OpCtx) -> KernelResult {
    int_tensor_tensor(cx, logic::int_mod, "integer remainder by zero")
}

/// `tensor_tensor fmod`: C `fmod` on floats, the dividend's sign on integers.
fn fmod(cx: &crate::ctx::OpCtx) -> KernelResult {
    let (a, b) = (cx.arg(0)?, cx.arg(1)?);
    match (a.as_f32(), b.as_f32()) {
        (Some(x), Some(y)) => {
            cx.float_result()?;
            let r = map2(&cx.out_shape(), (x, &a.shape), (y, &b.shape), |p, q| p % q)?;
            Ok(Data::F32(r.into()))
        }
        _ => int_tensor_tensor(cx, logic::int_fmod, "integer remainder by zero"),
    }
}

/// A binary integer `tensor_tensor` with broadcasting; `None` from `f` is `message`.
fn int_tensor_tensor(
    cx: &crate::ctx::OpCtx,
    f: fn(i64, i64) -> Option<i64>,
    message: &str,
) -> KernelResult {
    let (a, b) = (cx.arg(0)?, cx.arg(1)?);
    let (x, y) = match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) => (x, y),
        _ => return Err("is defined for integer operands only".into()),
    };
    let r = map2(&cx.out_shape(), (x, &a.shape), (y, &b.shape), f)?;
    let values: Option<Vec<i64>> = r.into_iter().collect();
    Ok(Data::I64(values.ok_or(message)?.into()))
}

/// `nhw.select`.
pub(crate) fn select(n: &Ncx) -> KernelResult {
    ew::select(n.cx)
}

/// `nhw.tensor_reduce`: each output reduces one run of inputs, sequentially, in `acc`.
pub(crate) fn tensor_reduce(n: &Ncx) -> KernelResult {
    let (cx, r) = (n.cx, n.cx.view::<TensorReduceOp>()?);
    let kind = r.kind(cx.body).ok_or("has an unknown 'op'")?;
    let acc = r
        .acc_scalar(cx.body)
        .ok_or("requires a scalar 'acc' type")?;
    let axes = r.axes(cx.body).ok_or("requires attribute 'axes'")?;
    let keep = r.keepdims(cx.body).ok_or("requires attribute 'keepdims'")?;
    cx.float_result()?;
    let (x, shape) = cx.f32_arg(0)?;
    let (dims, out) = neuron_nhw::tensor_reduce_shape(&crate::ctx::dims(shape), &axes, keep)?;
    cx.expect_dims(&out)?;
    let mut mask = vec![false; shape.len()];
    dims.iter().for_each(|&d| mask[d] = true);
    let rs = runs(x, shape, &mask);
    let len = rs.len;
    let acc = Accumulator {
        ty: acc,
        rounding: n.rounding,
        stream: n.stream(Stream::Accumulate),
        len,
    };
    let values: Vec<f32> = (0..rs.outputs)
        .into_par_iter()
        .map(|o| acc.reduce(kind, &rs.data[o * len..][..len], o))
        .collect();
    Ok(Data::F32(values.into()))
}

/// How one reduction accumulates.
struct Accumulator {
    ty: Scalar,
    rounding: Rounding,
    stream: u64,
    len: usize,
}

impl Accumulator {
    /// Reduces run number `o`.
    fn reduce(&self, kind: ReduceKind, run: &[f32], o: usize) -> f32 {
        match kind {
            ReduceKind::Max => run.iter().copied().fold(f32::NEG_INFINITY, math::maximum),
            ReduceKind::Sum => self.sum(run, o),
            ReduceKind::Mean => self.sum(run, o) / run.len() as f32,
            ReduceKind::Min => run.iter().copied().fold(f32::INFINITY, math::minimum),
            ReduceKind::Prod => self.product(run, o),
        }
    }

    /// The sequential product from 1, rounded to the accumulation type after every product.
    fn product(&self, run: &[f32], o: usize) -> f32 {
        match (self.ty, self.rounding) {
            (Scalar::F32, _) => run.iter().fold(1f32, |p, &v| p * v),
            (ty, Rounding::NearestEven) => run.iter().fold(1f32, |p, &v| round_nearest(ty, p * v)),
            (ty, Rounding::Stochastic { seed }) => {
                let mut w = RandomWords::at(seed, self.stream, (o * self.len) as u64);
                run.iter()
                    .fold(1f32, |p, &v| stochastic_round(ty, p * v, w.next_word()))
            }
        }
    }

    /// The sequential sum from +0, rounded to the accumulation type after every addition.
    fn sum(&self, run: &[f32], o: usize) -> f32 {
        match (self.ty, self.rounding) {
            (Scalar::F32, _) => run.iter().fold(0f32, |s, &v| s + v),
            (ty, Rounding::NearestEven) => run.iter().fold(0f32, |s, &v| round_nearest(ty, s + v)),
            (ty, Rounding::Stochastic { seed }) => {
                let mut w = RandomWords::at(seed, self.stream, (o * self.len) as u64);
                run.iter()
                    .fold(0f32, |s, &v| stochastic_round(ty, s + v, w.next_word()))
            }
        }
    }
}

/// `nhw.pool`: max (NaN-propagating, −Inf for a window entirely in the padding) or average
/// (FP32 sum of the taps in the input, divided by the tap count, or by the whole window size
/// with `count_include_pad`).
pub(crate) fn pool(n: &Ncx) -> KernelResult {
    let (cx, p) = (n.cx, n.cx.view::<PoolOp>()?);
    let b = cx.body;
    let kind = p.pool_kind(b).ok_or("has an unknown 'kind'")?;
    let list = |name: &str| -> Result<Vec<i64>, String> {
        (cx.body.op(cx.op).attr(name).and_then(|a| a.as_i64_list()))
            .ok_or_else(|| format!("requires attribute '{name}'"))
    };
    let arr2 = |v: Vec<i64>| <[i64; 2]>::try_from(v).map_err(|_| "needs 2 values".to_string());
    let pads = <[i64; 4]>::try_from(list("pads")?).map_err(|_| "pads needs 4 values")?;
    let params = (
        arr2(list("kernel_shape")?)?,
        arr2(list("strides")?)?,
        pads,
        arr2(list("dilations")?)?,
    );
    let (x, win) = pool_setup(cx, Some(params))?;
    let include_pad = p.count_include_pad_or_default(b);
    let full = (win.kh * win.kw) as f32;
    let out = per_plane(x, &win, |plane, o| {
        for (i, v) in o.iter_mut().enumerate() {
            let t = taps(plane, &win, i / win.ow, i % win.ow);
            *v = match kind {
                PoolKind::Max => t.fold(f32::NEG_INFINITY, math::maximum),
                PoolKind::Avg => {
                    let (s, c) = t.fold((0f32, 0usize), |(s, c), x| (s + x, c + 1));
                    s / if include_pad { full } else { c as f32 }
                }
            };
        }
    });
    Ok(Data::F32(out.into()))
}

/// `nhw.cast`: float → float rounds the values (nearest-even or stochastic); conversions
/// with integers follow `nn.cast`.
pub(crate) fn cast(n: &Ncx) -> KernelResult {
    let cx = n.cx;
    let x = cx.arg(0)?;
    cx.expect_shape(&x.shape)?;
    match (&x.data, cx.out.elem.is_float()) {
        (Data::F32(v), true) => {
            let mut out = n.spares.take(v.len());
            let stream = n.stream(Stream::Result);
            rounded_copy_into(cx.out.elem, v, &mut out, n.rounding, stream);
            Ok(Data::F32(out.into()))
        }
        _ => crate::kernels::cast::cast(cx),
    }
}
