//! Lowering of the elementwise `nn` ops (Vector engine `tensor_tensor`/`select`, Scalar engine
//! `activation`), casts, constants and the data-movement ops (DMA).

use super::builder::{f32_attr, int_attr, Attrs, Lower};
use super::relayout::Mode;
use neuron_ir::{Attribute, OpView, Type, ValueId};
use neuron_nhw as nhw;
use neuron_nhw::{ActivationFunc, TensorOp};
use neuron_nn as nn;

/// The result of a lowering rule: the value replacing the `nn` op's result, or why it cannot.
pub(crate) type Lowered = Result<ValueId, String>;

/// `nhw.tensor_tensor {op}` of the two operands, with the `nn` op's result type.
pub(crate) fn binary(l: &mut Lower, op: TensorOp) -> Lowered {
    let (a, b, out) = (l.operand(0)?, l.operand(1)?, l.out()?);
    l.binary(op, a, b, out.elem)
}

/// `nhw.activation {func, attrs}` of the operand, with the `nn` op's result type.
fn unary(l: &mut Lower, func: ActivationFunc, attrs: Attrs) -> Lowered {
    let (x, out) = (l.operand(0)?, l.out()?);
    l.act(func, x, out.elem, attrs)
}

/// Declares rules lowering an `nn` op to one `nhw.tensor_tensor`.
macro_rules! binary_rules {
    ($($name:ident => $kind:ident),* $(,)?) => {
        $(
            /// Lowers the `nn` op of the same name to `nhw.tensor_tensor`.
            pub(crate) fn $name(l: &mut Lower) -> Lowered {
                binary(l, TensorOp::$kind)
            }
        )*
    };
}

/// Declares rules lowering an `nn` op to one `nhw.activation` without attributes.
macro_rules! unary_rules {
    ($($name:ident => $func:ident),* $(,)?) => {
        $(
            /// Lowers the `nn` op of the same name to `nhw.activation`.
            pub(crate) fn $name(l: &mut Lower) -> Lowered {
                unary(l, ActivationFunc::$func, vec![])
            }
        )*
    };
}

binary_rules! {
    add => Add, sub => Sub, mul => Mul, div => Div, pow => Pow, max => Max, min => Min,
    equal => Equal, less => Less, less_equal => LessEqual, greater => Greater,
    greater_equal => GreaterEqual, and => And, or => Or, xor => Xor,
}

unary_rules! {
    neg => Neg, abs => Abs, relu => Relu, exp => Exp, log => Log, sqrt => Sqrt, rsqrt => Rsqrt,
    reciprocal => Reciprocal, tanh => Tanh, sigmoid => Sigmoid, erf => Erf, not => Not,
    sin => Sin, cos => Cos, tan => Tan, asin => Asin, acos => Acos, atan => Atan, sinh => Sinh,
    cosh => Cosh, asinh => Asinh, acosh => Acosh, atanh => Atanh, floor => Floor, ceil => Ceil,
    round => Round, sign => Sign,
}

/// `nn.where` → `nhw.select`.
pub(crate) fn select(l: &mut Lower) -> Lowered {
    let (c, x, y, out) = (l.operand(0)?, l.operand(1)?, l.operand(2)?, l.out()?);
    let ty = Type::tensor(&out.shape, out.elem);
    Ok(l.emit(nhw::SelectOp::def(), &[c, x, y], ty, vec![]))
}

/// The attribute `name` of the `nn` op, copied as is.
fn copied(l: &Lower, name: &'static str) -> Option<(&'static str, Attribute)> {
    l.body.op(l.op).attr(name).map(|a| (name, a.clone()))
}

/// `nn.leaky_relu {alpha}` → `activation leaky_relu` (alpha written out).
pub(crate) fn leaky_relu(l: &mut Lower) -> Lowered {
    let alpha = nn::LeakyReluOp(l.op).alpha_or_default(l.body);
    let attr = copied(l, "alpha").unwrap_or(("alpha", f32_attr(alpha)));
    unary(l, ActivationFunc::LeakyRelu, vec![attr])
}

/// `nn.clip {min, max}` → `activation clip` (absent bounds stay absent: ∓∞).
pub(crate) fn clip(l: &mut Lower) -> Lowered {
    let attrs: Attrs = ["min", "max"]
        .into_iter()
        .filter_map(|n| copied(l, n))
        .collect();
    unary(l, ActivationFunc::Clip, attrs)
}

/// `nn.gelu {approximate}` → `activation gelu` or `gelu_tanh`.
pub(crate) fn gelu(l: &mut Lower) -> Lowered {
    let func = match nn::GeluOp(l.op).approximate_tanh(l.body) {
        true => ActivationFunc::GeluTanh,
        false => ActivationFunc::Gelu,
    };
    unary(l, func, vec![])
}

/// `nn.cast` → `nhw.cast`.
pub(crate) fn cast(l: &mut Lower) -> Lowered {
    let (x, out) = (l.operand(0)?, l.out()?);
    let ty = Type::tensor(&out.shape, out.elem);
    Ok(l.emit(nhw::CastOp::def(), &[x], ty, vec![]))
}

/// `nn.constant` → `nhw.constant` (the same value).
pub(crate) fn constant(l: &mut Lower) -> Lowered {
    let d = nn::ConstantOp(l.op)
        .value(l.body)
        .ok_or("requires attribute 'value'")?;
    Ok(l.constant(d))
}

/// `nn.reshape`, `nn.squeeze`, `nn.unsqueeze`, `nn.flatten` → `nhw.reshape`.
pub(crate) fn reshape(l: &mut Lower) -> Lowered {
    let (x, out) = (l.operand(0)?, l.out()?);
    let ty = Type::tensor(&out.shape, out.elem);
    Ok(l.emit(nhw::ReshapeOp::def(), &[x], ty, vec![]))
}

/// `nn.expand` → `nhw.dma_copy`.
pub(crate) fn expand(l: &mut Lower) -> Lowered {
    let (x, out) = (l.operand(0)?, l.out()?);
    let ty = Type::tensor(&out.shape, out.elem);
    Ok(l.emit(nhw::DmaCopyOp::def(), &[x], ty, vec![]))
}

/// Emits `def` on the `nn` op's operands with its result type and `attrs`.
fn same_operands(l: &mut Lower, def: &'static neuron_ir::OpDef, attrs: Attrs) -> Lowered {
    let operands = l.body.op(l.op).operands().to_vec();
    let out = l.out()?;
    Ok(l.emit(def, &operands, Type::tensor(&out.shape, out.elem), attrs))
}

/// `nn.gather {axis}` → `nhw.dma_gather {axis}`.
pub(crate) fn gather(l: &mut Lower) -> Lowered {
    let axis = nn::GatherOp(l.op).axis_or_default(l.body);
    same_operands(l, nhw::DmaGatherOp::def(), vec![("axis", int_attr(axis))])
}

/// `nn.slice` → `nhw.dma_slice` with every attribute written out.
pub(crate) fn slice(l: &mut Lower) -> Lowered {
    let s = nn::SliceOp(l.op);
    let starts = s.starts(l.body).ok_or("requires attribute 'starts'")?;
    let ends = s.ends(l.body).ok_or("requires attribute 'ends'")?;
    let attrs = vec![
        ("starts", Attribute::i64_array(&starts)),
        ("ends", Attribute::i64_array(&ends)),
        ("axes", Attribute::i64_array(&s.axes_or_default(l.body))),
        ("steps", Attribute::i64_array(&s.steps_or_default(l.body))),
    ];
    same_operands(l, nhw::DmaSliceOp::def(), attrs)
}

/// `nn.concat {axis}` → `nhw.dma_concat {axis}`.
pub(crate) fn concat(l: &mut Lower) -> Lowered {
    let axis = nn::ConcatOp(l.op)
        .axis(l.body)
        .ok_or("requires attribute 'axis'")?;
    same_operands(l, nhw::DmaConcatOp::def(), vec![("axis", int_attr(axis))])
}

/// `nn.pad {pads, value}` → `nhw.dma_pad {pads, value}`.
pub(crate) fn pad(l: &mut Lower) -> Lowered {
    let mut attrs: Attrs = copied(l, "pads").into_iter().collect();
    attrs.extend(copied(l, "value"));
    same_operands(l, nhw::DmaPadOp::def(), attrs)
}

/// `nn.transpose {perm}` → `nhw.pe_transpose` or `nhw.dma_transpose`, as its marks, the
/// settings or the target say.
pub(crate) fn transpose(l: &mut Lower) -> Lowered {
    let x = l.operand(0)?;
    let perm = nn::TransposeOp(l.op)
        .perm(l.body)
        .ok_or("requires attribute 'perm'")?;
    let mode: Mode = l.user_transpose_mode(l.tensor(x)?.elem);
    l.transpose(x, &perm, mode)
}
