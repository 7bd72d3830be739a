//! Vector- and Scalar-engine ops: `nhw.activation`, `nhw.tensor_tensor`, `nhw.select`,
//! `nhw.tensor_reduce`, `nhw.pool` and `nhw.cast`. They read any float type, compute in FP32
//! and round the result to the result element type.

use crate::common::{engine_types, float, same_shape, tensor_reduce_shape, window_attrs, word};
use crate::kinds::{ActivationFunc, PoolKind, ReduceKind, TensorOp};
use neuron_ir::registry::{traits, BoolAttr, FloatAttr, I64ArrayAttr, StrAttr, TypeAttr};
use neuron_ir::{define_op, Body, Func, OpId, Scalar};
use neuron_nn::common::{broadcast_all, check_result_shape, operand_tensor, result_tensor};
use neuron_nn::pool2d_output_shape;

const ELEMENTWISE: u32 = traits::PURE | traits::ELEMENTWISE;

define_op! {
    /// `nhw.activation {func, scale, bias, alpha, min, max}`: Scalar engine,
    /// `y = func(x·scale + bias)` (scale 1 and bias 0 are not applied).
    pub struct ActivationOp = "nhw.activation" {
        summary: "activation function of an affine input on the Scalar engine",
        operands: [input],
        results: [result],
        attrs: [
            required func: StrAttr,
            optional scale: FloatAttr,
            optional bias: FloatAttr,
            optional alpha: FloatAttr,
            optional min: FloatAttr,
            optional max: FloatAttr
        ],
        traits: ELEMENTWISE,
        verify: Some(verify_activation),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.tensor_tensor {op}`: Vector engine, elementwise with numpy broadcasting;
    /// comparisons give `i1`.
    pub struct TensorTensorOp = "nhw.tensor_tensor" {
        summary: "elementwise binary op on the Vector engine",
        operands: [lhs, rhs],
        results: [result],
        attrs: [required op: StrAttr],
        traits: ELEMENTWISE,
        verify: Some(verify_tensor_tensor),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.select(cond, x, y)`: Vector engine, `cond ? x : y` with numpy broadcasting.
    pub struct SelectOp = "nhw.select" {
        summary: "elementwise select on the Vector engine",
        operands: [cond, x, y],
        results: [result],
        attrs: [],
        traits: ELEMENTWISE,
        verify: Some(verify_select),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.tensor_reduce {op, axes, keepdims, acc}`: Vector engine; sums run sequentially in
    /// the `acc` type (the running value is rounded to `acc` after every addition).
    pub struct TensorReduceOp = "nhw.tensor_reduce" {
        summary: "reduction over axes on the Vector engine",
        operands: [input],
        results: [result],
        attrs: [
            required op: StrAttr,
            required axes: I64ArrayAttr,
            required keepdims: BoolAttr,
            required acc: TypeAttr
        ],
        traits: traits::PURE,
        verify: Some(verify_tensor_reduce),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.pool {kind, kernel_shape, strides, pads, dilations, count_include_pad}`: Vector
    /// engine, 2-D max or average pooling over NCHW.
    pub struct PoolOp = "nhw.pool" {
        summary: "2-D pooling (NCHW) on the Vector engine",
        operands: [input],
        results: [result],
        attrs: [
            required kind: StrAttr,
            required kernel_shape: I64ArrayAttr,
            required strides: I64ArrayAttr,
            required pads: I64ArrayAttr,
            required dilations: I64ArrayAttr,
            optional count_include_pad: BoolAttr
        ],
        traits: traits::PURE,
        verify: Some(verify_pool),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.cast`: Scalar engine identity activation with a type change (float ↔ float
    /// round-to-nearest-even; integer conversions as `nn.cast`).
    pub struct CastOp = "nhw.cast" {
        summary: "element type conversion on the Scalar engine",
        operands: [input],
        results: [result],
        attrs: [],
        traits: ELEMENTWISE,
        verify: Some(verify_cast),
        fold: None,
        canonicalize: None,
    }
}

/// Default `alpha` of `leaky_relu` (as `nn.leaky_relu`).
pub const LEAKY_RELU_ALPHA: f64 = 0.01;

impl ActivationOp {
    /// The function, if the attribute names one.
    pub fn function(self, body: &Body) -> Option<ActivationFunc> {
        self.func(body).and_then(|f| ActivationFunc::from_name(&f))
    }

    /// `scale`, or 1.
    pub fn scale_or_default(self, body: &Body) -> f64 {
        self.scale(body).unwrap_or(1.0)
    }

    /// `bias`, or 0.
    pub fn bias_or_default(self, body: &Body) -> f64 {
        self.bias(body).unwrap_or(0.0)
    }

    /// `alpha`, or 0.01.
    pub fn alpha_or_default(self, body: &Body) -> f64 {
        self.alpha(body).unwrap_or(LEAKY_RELU_ALPHA)
    }

    /// `min`, or −∞.
    pub fn min_or_default(self, body: &Body) -> f64 {
        self.min(body).unwrap_or(f64::NEG_INFINITY)
    }

    /// `max`, or +∞.
    pub fn max_or_default(self, body: &Body) -> f64 {
        self.max(body).unwrap_or(f64::INFINITY)
    }
}

impl TensorTensorOp {
    /// The operation, if the attribute names one.
    pub fn kind(self, body: &Body) -> Option<TensorOp> {
        self.op(body).and_then(|o| TensorOp::from_name(&o))
    }
}

impl TensorReduceOp {
    /// The reduction, if the attribute names one.
    pub fn kind(self, body: &Body) -> Option<ReduceKind> {
        self.op(body).and_then(|o| ReduceKind::from_name(&o))
    }

    /// The accumulation type, if the attribute is a scalar type.
    pub fn acc_scalar(self, body: &Body) -> Option<Scalar> {
        self.acc(body).and_then(|t| t.element_type())
    }
}

impl PoolOp {
    /// The pooling kind, if the attribute names one.
    pub fn pool_kind(self, body: &Body) -> Option<PoolKind> {
        self.kind(body).and_then(|k| PoolKind::from_name(&k))
    }

    /// `count_include_pad`, or false.
    pub fn count_include_pad_or_default(self, body: &Body) -> bool {
        self.count_include_pad(body).unwrap_or(false)
    }
}

fn verify_activation(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    same_shape(input, res)?;
    let a = ActivationOp(op);
    let b = &f.body;
    let func = word(
        "func",
        a.func(b),
        ActivationFunc::from_name,
        ActivationFunc::list(),
    )?;
    let ints = func.supports_integers();
    if func.integer_only() && input.elem.is_float() {
        return Err(format!(
            "func \"{}\" takes integer inputs only, but got {}",
            func.name(),
            input.elem
        ));
    }
    engine_types(input.elem, res.elem, ints)
        .map_err(|e| format!("{e} (func \"{}\")", func.name()))?;
    let affine = a.scale_or_default(b) != 1.0 || a.bias_or_default(b) != 0.0;
    if !input.elem.is_float() && affine {
        return Err("scale and bias apply to float inputs only".into());
    }
    let (lo, hi) = (a.min_or_default(b), a.max_or_default(b));
    if lo.is_nan() || hi.is_nan() || lo > hi {
        return Err(format!(
            "min {lo} and max {hi} must not be NaN, and min <= max"
        ));
    }
    Ok(())
}

fn verify_tensor_tensor(f: &Func, op: OpId) -> Result<(), String> {
    let lhs = operand_tensor(f, op, 0)?;
    let rhs = operand_tensor(f, op, 1)?;
    let res = result_tensor(f, op, 0)?;
    let kind = word(
        "op",
        TensorTensorOp(op).op(&f.body),
        TensorOp::from_name,
        TensorOp::list(),
    )?;
    match (lhs.elem.is_float(), rhs.elem.is_float()) {
        (true, true) => {}
        (false, false) if lhs.elem == rhs.elem && kind != TensorOp::Pow => {}
        _ => {
            return Err(format!(
                "operands must both be float, or share one integer type (op \"{}\"), but are {} \
                 and {}",
                kind.name(),
                lhs.elem,
                rhs.elem
            ))
        }
    }
    if kind.integer_only() && lhs.elem.is_float() {
        return Err(format!(
            "op \"{}\" takes integer operands only, but got {}",
            kind.name(),
            lhs.elem
        ));
    }
    if kind.is_comparison() {
        if res.elem != Scalar::I1 {
            return Err(format!(
                "comparison result element type must be i1, but got {}",
                res.elem
            ));
        }
    } else {
        engine_types(lhs.elem, res.elem, true)?;
    }
    check_result_shape(res, &broadcast_all(&[&lhs.shape, &rhs.shape])?)
}

fn verify_select(f: &Func, op: OpId) -> Result<(), String> {
    let cond = operand_tensor(f, op, 0)?;
    let x = operand_tensor(f, op, 1)?;
    let y = operand_tensor(f, op, 2)?;
    let res = result_tensor(f, op, 0)?;
    if cond.elem != Scalar::I1 {
        return Err(format!(
            "condition element type must be i1, but got {}",
            cond.elem
        ));
    }
    let floats = x.elem.is_float() && y.elem.is_float();
    if !floats && x.elem != y.elem {
        return Err(format!(
            "x and y must both be float, or share one type, but are {} and {}",
            x.elem, y.elem
        ));
    }
    engine_types(x.elem, res.elem, true)?;
    check_result_shape(res, &broadcast_all(&[&cond.shape, &x.shape, &y.shape])?)
}

fn verify_tensor_reduce(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    let r = TensorReduceOp(op);
    let b = &f.body;
    word("op", r.op(b), ReduceKind::from_name, ReduceKind::list())?;
    let axes = r.axes(b).ok_or("requires attribute 'axes'")?;
    let keep = r.keepdims(b).ok_or("requires attribute 'keepdims'")?;
    match r.acc_scalar(b) {
        Some(acc) if acc.is_float() => {}
        _ => return Err("acc must be a float type".into()),
    }
    float("input", input.elem)?;
    float("result", res.elem)?;
    check_result_shape(res, &tensor_reduce_shape(&input.shape, &axes, keep)?.1)
}

fn verify_pool(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    word(
        "kind",
        PoolOp(op).kind(&f.body),
        PoolKind::from_name,
        PoolKind::list(),
    )?;
    let w = window_attrs(f, op)?;
    float("input", input.elem)?;
    float("result", res.elem)?;
    let shape = pool2d_output_shape(&input.shape, w.kernel, w.strides, w.pads, w.dilations)?;
    check_result_shape(res, &shape)
}

fn verify_cast(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    same_shape(input, res)
}
