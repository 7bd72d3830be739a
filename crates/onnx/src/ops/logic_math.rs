//! Logical, bitwise, remainder, trigonometric and rounding operators, the float classifiers,
//! `ArgMax`/`ArgMin`, `ReduceMin`/`ReduceProd`, `CumSum` and `GatherElements`.

use crate::ctx::{int_attr, Ctx, Slot, SlotId};
use crate::error::Result;
use crate::fold::{self, Host, FOLD_LIMIT};
use crate::ops::elementwise::binary_slots;
use crate::shape;
use crate::tensor::tensor_type;
use neuron_ir::{Attribute, Scalar};

/// An integer function of two values folded at import (`None`: not folded, e.g. `x % 0`).
type IntFold = fn(i64, i64) -> Option<i64>;

/// `f` on two small integer constants broadcast to `out`, if both slots are such constants.
fn fold_binary(cx: &Ctx, (a, b): (SlotId, SlotId), out: &[i64], f: IntFold) -> Option<Slot> {
    let (ka, kb) = (cx.konst(a)?, cx.konst(b)?);
    let fits = shape::product(out) as usize <= FOLD_LIMIT && fold::small(&ka) && fold::small(&kb);
    if !fits || !ka.ty.elem.is_integer() || ka.ty.elem != kb.ty.elem {
        return None;
    }
    let (ha, hb) = (Host::from_dense(&ka), Host::from_dense(&kb));
    let (ea, eb) = (fold::expand(&ha, out), fold::expand(&hb, out));
    let values: Option<Vec<i64>> = ea
        .ints()
        .into_iter()
        .zip(eb.ints())
        .map(|(x, y)| f(x, y))
        .collect();
    Some(cx.constant(Host::from_ints(out, ha.elem, &values?).to_dense()))
}

/// A broadcasting binary op keeping the operand type (folded on small integer constants).
fn binary(
    cx: &mut Ctx,
    op: &str,
    attrs: Vec<(&str, Attribute)>,
    fold_as: Option<IntFold>,
) -> Result<Vec<Slot>> {
    let (a, b) = (cx.req(0)?, cx.req(1)?);
    let out = shape::broadcast(&cx.shape(a), &cx.shape(b)).map_err(|e| cx.err(e))?;
    if let Some(folded) = fold_as.and_then(|f| fold_binary(cx, (a, b), &out, f)) {
        return Ok(vec![folded]);
    }
    if attrs.is_empty() {
        return Ok(vec![binary_slots(cx, op, None, a, b)?]);
    }
    let (ta, tb) = (cx.ty(a), cx.ty(b));
    if ta.elem != tb.elem {
        return cx.fail(format!(
            "operand element types differ: {} and {}",
            ta.elem, tb.elem
        ));
    }
    let out = shape::broadcast(&ta.shape, &tb.shape).map_err(|e| cx.err(e))?;
    let (va, vb) = (cx.value(a)?, cx.value(b)?);
    Ok(vec![cx.emit(
        op,
        &[va, vb],
        tensor_type(&out, ta.elem),
        attrs,
    )?])
}

/// A unary op keeping the input type.
fn unary(cx: &mut Ctx, op: &str) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let ty = cx.ty(x);
    Ok(vec![cx.emit1(op, x, ty, vec![])?])
}

/// A unary integer op keeping the input type, folded by `f` on a small integer constant.
fn int_unary(cx: &mut Ctx, op: &str, f: fn(i64) -> i64) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    if let Some(k) = cx
        .konst(x)
        .filter(|k| fold::small(k) && k.ty.elem.is_integer())
    {
        let h = Host::from_dense(&k);
        let values: Vec<i64> = h.ints().into_iter().map(f).collect();
        return Ok(vec![
            cx.constant(Host::from_ints(&h.shape, h.elem, &values).to_dense())
        ]);
    }
    unary(cx, op)
}

/// `Not` (folded on constants).
pub fn not(cx: &mut Ctx) -> Result<Vec<Slot>> {
    int_unary(cx, "nn.not", |v| (v == 0) as i64)
}

/// `BitwiseNot` (folded on constants).
pub fn bitwise_not(cx: &mut Ctx) -> Result<Vec<Slot>> {
    int_unary(cx, "nn.bitwise_not", |v| !v)
}

/// Declares converters of broadcasting binary operators without attributes.
macro_rules! binary_ops {
    ($($(#[$m:meta])* $f:ident => $op:literal, $fold:expr;)*) => {
        $(
            $(#[$m])*
            pub fn $f(cx: &mut Ctx) -> Result<Vec<Slot>> {
                binary(cx, $op, vec![], Some($fold))
            }
        )*
    };
}

/// Declares converters of unary operators keeping the input type.
macro_rules! unary_ops {
    ($($(#[$m:meta])* $f:ident => $op:literal;)*) => {
        $(
            $(#[$m])*
            pub fn $f(cx: &mut Ctx) -> Result<Vec<Slot>> {
                unary(cx, $op)
            }
        )*
    };
}

binary_ops! {
    /// `And`.
    and => "nn.and", |a, b| Some(a & b);
    /// `Or`.
    or => "nn.or", |a, b| Some(a | b);
    /// `Xor`.
    xor => "nn.xor", |a, b| Some(a ^ b);
    /// `BitwiseAnd`.
    bitwise_and => "nn.bitwise_and", |a, b| Some(a & b);
    /// `BitwiseOr`.
    bitwise_or => "nn.bitwise_or", |a, b| Some(a | b);
    /// `BitwiseXor`.
    bitwise_xor => "nn.bitwise_xor", |a, b| Some(a ^ b);
}

unary_ops! {
    /// `Sin`.
    sin => "nn.sin";
    /// `Cos`.
    cos => "nn.cos";
    /// `Tan`.
    tan => "nn.tan";
    /// `Asin`.
    asin => "nn.asin";
    /// `Acos`.
    acos => "nn.acos";
    /// `Atan`.
    atan => "nn.atan";
    /// `Sinh`.
    sinh => "nn.sinh";
    /// `Cosh`.
    cosh => "nn.cosh";
    /// `Asinh`.
    asinh => "nn.asinh";
    /// `Acosh`.
    acosh => "nn.acosh";
    /// `Atanh`.
    atanh => "nn.atanh";
    /// `Floor`.
    floor => "nn.floor";
    /// `Ceil`.
    ceil => "nn.ceil";
    /// `Round` (half to even).
    round => "nn.round";
    /// `Sign`.
    sign => "nn.sign";
}

/// `BitShift {direction = "LEFT" | "RIGHT"}`.
pub fn bit_shift(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let dir = match cx.str_or("direction", "")?.as_str() {
        "LEFT" => "left",
        "RIGHT" => "right",
        other => return cx.fail(format!("direction must be LEFT or RIGHT, not '{other}'")),
    };
    binary(
        cx,
        "nn.bit_shift",
        vec![("direction", Attribute::string(dir))],
        None,
    )
}

/// `Mod {fmod}`: integers take the divisor's sign unless `fmod = 1`; floats need `fmod = 1`.
pub fn modulo(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let fmod = cx.int_or("fmod", 0)? != 0;
    let elem = cx.elem(cx.req(0)?);
    if elem.is_float() && !fmod {
        return cx.fail("a float Mod requires fmod = 1");
    }
    let (attrs, f): (_, IntFold) = if fmod {
        (vec![("fmod", Attribute::Bool(true))], int_fmod)
    } else {
        (vec![], int_mod)
    };
    // u64 values above i64::MAX read as negative: not folded.
    let fold_as = (elem != Scalar::UI64).then_some(f);
    binary(cx, "nn.mod", attrs, fold_as)
}

/// The integer remainder with the divisor's sign (Python `%`); `None` for a zero divisor.
fn int_mod(a: i64, b: i64) -> Option<i64> {
    let r = int_fmod(a, b)?;
    Some(if r != 0 && (r < 0) != (b < 0) {
        r + b
    } else {
        r
    })
}

/// The integer remainder with the dividend's sign (C `%`); `None` for a zero divisor.
fn int_fmod(a: i64, b: i64) -> Option<i64> {
    a.checked_rem(b).or((b == -1).then_some(0))
}

/// A float classifier with an `i1` result.
fn classify(cx: &mut Ctx, op: &str, attrs: Vec<(&str, Attribute)>) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let shape = cx.shape(x);
    Ok(vec![cx.emit1(
        op,
        x,
        tensor_type(&shape, Scalar::I1),
        attrs,
    )?])
}

/// `IsNaN`.
pub fn is_nan(cx: &mut Ctx) -> Result<Vec<Slot>> {
    classify(cx, "nn.is_nan", vec![])
}

/// `IsInf {detect_positive, detect_negative}` (non-default flags written out).
pub fn is_inf(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let mut attrs = vec![];
    for name in ["detect_negative", "detect_positive"] {
        if cx.int_or(name, 1)? == 0 {
            attrs.push((name, Attribute::Bool(false)));
        }
    }
    classify(cx, "nn.is_inf", attrs)
}

/// `ArgMax` / `ArgMin {axis, keepdims, select_last_index}` (i64 result).
fn arg_reduce(cx: &mut Ctx, op: &str) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let ty = cx.ty(x);
    let axis = cx.int_or("axis", 0)?;
    let keepdims = cx.int_or("keepdims", 1)? != 0;
    let last = cx.int_or("select_last_index", 0)? != 0;
    let a = shape::axis("axis", axis, ty.shape.len()).map_err(|e| cx.err(e))?;
    let out = shape::reduced(&ty.shape, &[a], keepdims);
    let mut attrs = vec![("axis", int_attr(a as i64))];
    if !keepdims {
        attrs.push(("keepdims", Attribute::Bool(false)));
    }
    if last {
        attrs.push(("select_last_index", Attribute::Bool(true)));
    }
    Ok(vec![cx.emit1(
        op,
        x,
        tensor_type(&out, Scalar::I64),
        attrs,
    )?])
}

/// `ArgMax`.
pub fn argmax(cx: &mut Ctx) -> Result<Vec<Slot>> {
    arg_reduce(cx, "nn.argmax")
}

/// `ArgMin`.
pub fn argmin(cx: &mut Ctx) -> Result<Vec<Slot>> {
    arg_reduce(cx, "nn.argmin")
}

/// `ReduceMin`.
pub fn reduce_min(cx: &mut Ctx) -> Result<Vec<Slot>> {
    super::reduce::reduce(cx, "nn.reduce_min", 18)
}

/// `ReduceProd`.
pub fn reduce_prod(cx: &mut Ctx) -> Result<Vec<Slot>> {
    super::reduce::reduce(cx, "nn.reduce_prod", 18)
}

/// `CumSum {exclusive, reverse}` with a constant `axis` input.
pub fn cumsum(cx: &mut Ctx) -> Result<Vec<Slot>> {
    running(cx, "nn.cumsum")
}

/// A running accumulation `op` (`nn.cumsum`, `nn.cumprod`) along the constant `axis` input,
/// with `exclusive` and `reverse`.
pub fn running(cx: &mut Ctx, op: &str) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let ty = cx.ty(x);
    let axis = match cx.const_ints(1, "axis")?.as_deref() {
        Some([a]) => *a,
        _ => return cx.fail("requires a one-element 'axis' input"),
    };
    let a = shape::axis("axis", axis, ty.shape.len()).map_err(|e| cx.err(e))?;
    let mut attrs = vec![("axis", int_attr(a as i64))];
    for name in ["exclusive", "reverse"] {
        if cx.int_or(name, 0)? != 0 {
            attrs.push((name, Attribute::Bool(true)));
        }
    }
    Ok(vec![cx.emit1(op, x, ty, attrs)?])
}

/// `GatherElements {axis}`.
pub fn gather_elements(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (data, idx) = (cx.req(0)?, cx.req(1)?);
    let (dt, it) = (cx.ty(data), cx.ty(idx));
    let axis = cx.int_or("axis", 0)?;
    let out =
        neuron_nn::gather_elements_shape(&dt.shape, &it.shape, axis).map_err(|e| cx.err(e.0))?;
    let a = shape::axis("axis", axis, dt.shape.len()).map_err(|e| cx.err(e))?;
    let (vd, vi) = (cx.value(data)?, cx.value(idx)?);
    let attrs = vec![("axis", int_attr(a as i64))];
    Ok(vec![cx.emit(
        "nn.gather_elements",
        &[vd, vi],
        tensor_type(&out, dt.elem),
        attrs,
    )?])
}
