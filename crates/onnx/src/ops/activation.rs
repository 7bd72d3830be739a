//! Activations decomposed into nn ops: `Elu`, `HardSigmoid`, `Selu`, `Softplus`, `Softsign`,
//! `ThresholdedRelu`, `Shrink`, `PRelu`, `Celu`, `HardSwish`, `Mish`, `Swish`.

use crate::ctx::{Ctx, Slot, SlotId};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::ops::decompose::{bin, bin_k, k_bin, out, require_float, scalar, select, un, un_attrs};
use crate::shape;
use neuron_ir::{Attribute, Scalar};

/// The float input #0.
fn float_input(cx: &Ctx) -> Result<SlotId> {
    let x = cx.req(0)?;
    require_float(cx, x)?;
    Ok(x)
}

/// A float attribute widened to f64.
fn attr(cx: &Ctx, name: &str, default: f32) -> Result<f64> {
    Ok(f64::from(cx.float_or(name, default)?))
}

/// `alpha · (exp(x) − 1)`.
fn exp_minus_one(cx: &mut Ctx, x: SlotId, alpha: f64) -> Result<SlotId> {
    let e = un(cx, "nn.exp", x)?;
    let e1 = bin_k(cx, "nn.sub", e, 1.0)?;
    if alpha == 1.0 {
        return Ok(e1);
    }
    bin_k(cx, "nn.mul", e1, alpha)
}

/// `Elu {alpha = 1}`: `x < 0 ? alpha·(exp(x) − 1) : x`.
pub fn elu(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = float_input(cx)?;
    let alpha = attr(cx, "alpha", 1.0)?;
    let neg = bin_k(cx, "nn.less", x, 0.0)?;
    let e = exp_minus_one(cx, x, alpha)?;
    let y = select(cx, neg, e, x)?;
    out(cx, y)
}

/// `nn.clip {min = 0, max = 1}` of `alpha·x + beta`.
fn hard_sigmoid_of(cx: &mut Ctx, x: SlotId, alpha: f64, beta: f64) -> Result<SlotId> {
    let ax = bin_k(cx, "nn.mul", x, alpha)?;
    let axb = bin_k(cx, "nn.add", ax, beta)?;
    let bounds = vec![
        ("max", Attribute::float(1.0, Scalar::F32)),
        ("min", Attribute::float(0.0, Scalar::F32)),
    ];
    un_attrs(cx, "nn.clip", axb, bounds)
}

/// `HardSigmoid {alpha = 0.2, beta = 0.5}`: `clip(alpha·x + beta, 0, 1)`.
pub fn hard_sigmoid(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = float_input(cx)?;
    let (alpha, beta) = (attr(cx, "alpha", 0.2)?, attr(cx, "beta", 0.5)?);
    let y = hard_sigmoid_of(cx, x, alpha, beta)?;
    out(cx, y)
}

/// `HardSwish` (opset 14): `x · clip(x/6 + 1/2, 0, 1)`.
pub fn hard_swish(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = float_input(cx)?;
    let h = hard_sigmoid_of(cx, x, f64::from(1.0f32 / 6.0), 0.5)?;
    let y = bin(cx, "nn.mul", x, h)?;
    out(cx, y)
}

/// `Selu {alpha ≈ 1.6733, gamma ≈ 1.0507}`: `gamma · (x > 0 ? x : alpha·(exp(x) − 1))`.
pub fn selu(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = float_input(cx)?;
    let alpha = attr(cx, "alpha", 1.673_263_2)?;
    let gamma = attr(cx, "gamma", 1.050_701)?;
    let pos = bin_k(cx, "nn.greater", x, 0.0)?;
    let e = exp_minus_one(cx, x, alpha)?;
    let s = select(cx, pos, x, e)?;
    let y = bin_k(cx, "nn.mul", s, gamma)?;
    out(cx, y)
}

/// `log(1 + exp(x))` computed as `relu(x) + log(1 + exp(−|x|))` (no overflow).
fn softplus_of(cx: &mut Ctx, x: SlotId) -> Result<SlotId> {
    let a = un(cx, "nn.abs", x)?;
    let na = un(cx, "nn.neg", a)?;
    let e = un(cx, "nn.exp", na)?;
    let e1 = bin_k(cx, "nn.add", e, 1.0)?;
    let l = un(cx, "nn.log", e1)?;
    let r = un(cx, "nn.relu", x)?;
    bin(cx, "nn.add", r, l)
}

/// `Softplus`: `log(1 + exp(x))`, in the overflow-free form.
pub fn softplus(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = float_input(cx)?;
    let y = softplus_of(cx, x)?;
    out(cx, y)
}

/// `Mish` (opset 18): `x · tanh(softplus(x))`.
pub fn mish(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = float_input(cx)?;
    let sp = softplus_of(cx, x)?;
    let t = un(cx, "nn.tanh", sp)?;
    let y = bin(cx, "nn.mul", x, t)?;
    out(cx, y)
}

/// `Softsign`: `x / (1 + |x|)`.
pub fn softsign(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = float_input(cx)?;
    let a = un(cx, "nn.abs", x)?;
    let d = bin_k(cx, "nn.add", a, 1.0)?;
    let y = bin(cx, "nn.div", x, d)?;
    out(cx, y)
}

/// `ThresholdedRelu {alpha = 1}` (opset 10): `x > alpha ? x : 0`.
pub fn thresholded_relu(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = float_input(cx)?;
    let alpha = attr(cx, "alpha", 1.0)?;
    let c = bin_k(cx, "nn.greater", x, alpha)?;
    let zero = scalar(cx, 0.0, cx.elem(x))?;
    let y = select(cx, c, x, zero)?;
    out(cx, y)
}

/// `Shrink {lambd = 0.5, bias = 0}` (opset 9):
/// `x < −lambd ? x + bias : (x > lambd ? x − bias : 0)`.
pub fn shrink(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = float_input(cx)?;
    let lambd = attr(cx, "lambd", 0.5)?;
    let bias = attr(cx, "bias", 0.0)?;
    let lo = bin_k(cx, "nn.less", x, -lambd)?;
    let hi = bin_k(cx, "nn.greater", x, lambd)?;
    let plus = bin_k(cx, "nn.add", x, bias)?;
    let minus = bin_k(cx, "nn.sub", x, bias)?;
    let zero = scalar(cx, 0.0, cx.elem(x))?;
    let inner = select(cx, hi, minus, zero)?;
    let y = select(cx, lo, plus, inner)?;
    out(cx, y)
}

/// `PRelu`: `x > 0 ? x : slope·x`, the slope unidirectionally broadcast to `x`.
pub fn prelu(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, slope) = (cx.req(0)?, cx.req(1)?);
    let (xs, ss) = (cx.shape(x), cx.shape(slope));
    if shape::broadcast(&xs, &ss).ok().as_deref() != Some(&xs[..]) {
        return cx.fail(format!(
            "slope of shape {} cannot be broadcast to the input shape {}",
            fmt_shape(&ss),
            fmt_shape(&xs)
        ));
    }
    let pos = bin_k(cx, "nn.greater", x, 0.0)?;
    let scaled = bin(cx, "nn.mul", x, slope)?;
    let y = select(cx, pos, x, scaled)?;
    out(cx, y)
}

/// `Celu {alpha = 1}` (opset 12): `max(0, x) + min(0, alpha·(exp(x/alpha) − 1))`.
pub fn celu(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = float_input(cx)?;
    let alpha = attr(cx, "alpha", 1.0)?;
    if alpha == 0.0 {
        return cx.fail("alpha must not be 0");
    }
    let xa = bin_k(cx, "nn.div", x, alpha)?;
    let e = exp_minus_one(cx, xa, alpha)?;
    let neg = bin_k(cx, "nn.min", e, 0.0)?;
    let pos = un(cx, "nn.relu", x)?;
    let y = bin(cx, "nn.add", pos, neg)?;
    out(cx, y)
}

/// `Swish {alpha = 1}` (opset 24): `x · sigmoid(alpha·x)`.
pub fn swish(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = float_input(cx)?;
    let alpha = attr(cx, "alpha", 1.0)?;
    let ax = if alpha == 1.0 {
        x
    } else {
        k_bin(cx, "nn.mul", alpha, x)?
    };
    let s = un(cx, "nn.sigmoid", ax)?;
    let y = bin(cx, "nn.mul", x, s)?;
    out(cx, y)
}
