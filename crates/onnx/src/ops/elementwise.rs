//! Elementwise operators: broadcasting binary arithmetic and comparisons, variadic
//! `Sum`/`Max`/`Min`/`Mean`, unary math, activations (`LeakyRelu`, `Gelu`, `Clip`) and `Where`.

use crate::ctx::{f32_attr, Ctx, Slot, SlotId};
use crate::error::Result;
use crate::fold::{self, binary_int, Host, IntOp, FOLD_LIMIT};
use crate::shape;
use crate::tensor::tensor_type;
use neuron_ir::{Attribute, DenseElements, Scalar};

/// The nn comparison ops (their result element type is `i1`).
const COMPARISONS: [&str; 5] = [
    "nn.equal",
    "nn.less",
    "nn.less_equal",
    "nn.greater",
    "nn.greater_equal",
];

/// Emits (or folds) `op(a, b)` with numpy broadcasting.
pub fn binary_slots(
    cx: &mut Ctx,
    op: &str,
    fold_as: Option<IntOp>,
    a: SlotId,
    b: SlotId,
) -> Result<Slot> {
    let (ta, tb) = (cx.ty(a), cx.ty(b));
    if ta.elem != tb.elem {
        return cx.fail(format!(
            "operand element types differ: {} and {}",
            ta.elem, tb.elem
        ));
    }
    let out = shape::broadcast(&ta.shape, &tb.shape).map_err(|e| cx.err(e))?;
    let elem = if COMPARISONS.contains(&op) {
        Scalar::I1
    } else {
        ta.elem
    };
    if let (Some(f), Some(ka), Some(kb)) = (fold_as, cx.konst(a), cx.konst(b)) {
        let n = shape::product(&out) as usize;
        if ta.elem.is_integer() && fold::small(&ka) && fold::small(&kb) && n <= FOLD_LIMIT {
            let (ha, hb) = (Host::from_dense(&ka), Host::from_dense(&kb));
            if let Some(h) = binary_int(f, &ha, &hb, &out) {
                return Ok(cx.constant(h.to_dense()));
            }
        }
    }
    let (va, vb) = (cx.value(a)?, cx.value(b)?);
    cx.emit(op, &[va, vb], tensor_type(&out, elem), vec![])
}

fn binary(cx: &mut Ctx, op: &str, fold_as: Option<IntOp>) -> Result<Vec<Slot>> {
    let (a, b) = (cx.req(0)?, cx.req(1)?);
    Ok(vec![binary_slots(cx, op, fold_as, a, b)?])
}

/// `Add`.
pub fn add(cx: &mut Ctx) -> Result<Vec<Slot>> {
    binary(cx, "nn.add", Some(IntOp::Add))
}

/// `Sub`.
pub fn sub(cx: &mut Ctx) -> Result<Vec<Slot>> {
    binary(cx, "nn.sub", Some(IntOp::Sub))
}

/// `Mul`.
pub fn mul(cx: &mut Ctx) -> Result<Vec<Slot>> {
    binary(cx, "nn.mul", Some(IntOp::Mul))
}

/// `Div` (integer division truncates toward zero when folded).
pub fn div(cx: &mut Ctx) -> Result<Vec<Slot>> {
    binary(cx, "nn.div", Some(IntOp::Div))
}

/// `Equal`.
pub fn equal(cx: &mut Ctx) -> Result<Vec<Slot>> {
    binary(cx, "nn.equal", Some(IntOp::Equal))
}

/// `Less`.
pub fn less(cx: &mut Ctx) -> Result<Vec<Slot>> {
    binary(cx, "nn.less", Some(IntOp::Less))
}

/// `LessOrEqual`.
pub fn less_equal(cx: &mut Ctx) -> Result<Vec<Slot>> {
    binary(cx, "nn.less_equal", None)
}

/// `Greater`.
pub fn greater(cx: &mut Ctx) -> Result<Vec<Slot>> {
    binary(cx, "nn.greater", Some(IntOp::Greater))
}

/// `GreaterOrEqual`.
pub fn greater_equal(cx: &mut Ctx) -> Result<Vec<Slot>> {
    binary(cx, "nn.greater_equal", None)
}

/// `Pow`; an exponent of another element type is converted to the base's type.
pub fn pow(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (a, b) = (cx.req(0)?, cx.req(1)?);
    let want = cx.elem(a);
    let b = if cx.elem(b) == want {
        b
    } else {
        let s = cast_slot(cx, b, want)?;
        cx.add_slot(s)
    };
    Ok(vec![binary_slots(cx, "nn.pow", None, a, b)?])
}

/// Slot `s` converted to element type `to` (folded when constant and small).
pub fn cast_slot(cx: &mut Ctx, s: SlotId, to: Scalar) -> Result<Slot> {
    let ty = cx.ty(s);
    if ty.elem == to {
        return Ok(cx.slot(s).clone());
    }
    if let Some(k) = cx.konst(s).filter(|k| fold::small(k)) {
        return Ok(cx.constant(fold::cast(&Host::from_dense(&k), to).to_dense()));
    }
    cx.emit1("nn.cast", s, tensor_type(&ty.shape, to), vec![])
}

/// `Sum`, `Max`, `Min` of N inputs: a chain of binary ops (one input is forwarded).
fn variadic(cx: &mut Ctx, op: &str, fold_as: Option<IntOp>) -> Result<Slot> {
    let inputs: Vec<SlotId> = (0..cx.node.input.len())
        .filter_map(|i| cx.input(i))
        .collect();
    let Some((&first, rest)) = inputs.split_first() else {
        return cx.fail("requires at least one input");
    };
    let mut acc = first;
    let mut slot = cx.slot(first).clone();
    for &x in rest {
        slot = binary_slots(cx, op, fold_as, acc, x)?;
        acc = cx.add_slot(slot.clone());
    }
    Ok(slot)
}

/// `Sum`.
pub fn sum(cx: &mut Ctx) -> Result<Vec<Slot>> {
    Ok(vec![variadic(cx, "nn.add", Some(IntOp::Add))?])
}

/// `Max`.
pub fn max(cx: &mut Ctx) -> Result<Vec<Slot>> {
    Ok(vec![variadic(cx, "nn.max", Some(IntOp::Max))?])
}

/// `Min`.
pub fn min(cx: &mut Ctx) -> Result<Vec<Slot>> {
    Ok(vec![variadic(cx, "nn.min", Some(IntOp::Min))?])
}

/// `Mean`: the sum divided by the input count.
pub fn mean(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let n = cx.inputs.iter().flatten().count();
    let total = variadic(cx, "nn.add", None)?;
    if n == 1 {
        return Ok(vec![total]);
    }
    let elem = total.ty.elem;
    let count = DenseElements::from_f64(tensor_type(&[], elem), &[n as f64])
        .ok_or_else(|| cx.err("cannot build the divisor constant"))?;
    let t = cx.add_slot(total);
    let c = cx.add_slot(cx.constant(count));
    Ok(vec![binary_slots(cx, "nn.div", None, t, c)?])
}

/// A unary op keeping the input type.
fn unary(cx: &mut Ctx, op: &str, attrs: Vec<(&str, Attribute)>) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let ty = cx.ty(x);
    Ok(vec![cx.emit1(op, x, ty, attrs)?])
}

macro_rules! unary_ops {
    ($($(#[$m:meta])* $f:ident => $op:literal;)*) => {
        $(
            $(#[$m])*
            pub fn $f(cx: &mut Ctx) -> Result<Vec<Slot>> {
                unary(cx, $op, vec![])
            }
        )*
    };
}

unary_ops! {
    /// `Relu`.
    relu => "nn.relu";
    /// `Tanh`.
    tanh => "nn.tanh";
    /// `Sigmoid`.
    sigmoid => "nn.sigmoid";
    /// `Sqrt`.
    sqrt => "nn.sqrt";
    /// `Reciprocal`.
    reciprocal => "nn.reciprocal";
    /// `Exp`.
    exp => "nn.exp";
    /// `Log`.
    log => "nn.log";
    /// `Erf`.
    erf => "nn.erf";
    /// `Abs`.
    abs => "nn.abs";
}

/// `Neg` (folded for small integer constants).
pub fn neg(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    if let Some(k) = cx
        .konst(x)
        .filter(|k| k.ty.elem.is_integer() && fold::small(k))
    {
        let h = Host::from_dense(&k);
        let v: Vec<i64> = h.ints().iter().map(|v| v.wrapping_neg()).collect();
        return Ok(vec![
            cx.constant(Host::from_ints(&h.shape, h.elem, &v).to_dense())
        ]);
    }
    unary(cx, "nn.neg", vec![])
}

/// `LeakyRelu {alpha = 0.01}`.
pub fn leaky_relu(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let alpha = cx.float_or("alpha", 0.01)?;
    let attrs = if alpha == 0.01 {
        vec![]
    } else {
        vec![("alpha", f32_attr(alpha))]
    };
    unary(cx, "nn.leaky_relu", attrs)
}

/// `Gelu {approximate = "none" | "tanh"}` (opset 20).
pub fn gelu(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let approx = cx.str_or("approximate", "none")?;
    let attrs = match approx.as_str() {
        "none" => vec![],
        "tanh" => vec![("approximate", Attribute::string("tanh"))],
        other => return cx.fail(format!("approximate '{other}' is not 'none' or 'tanh'")),
    };
    unary(cx, "nn.gelu", attrs)
}

/// `Clip`: bounds from attributes (opset < 11) or optional scalar inputs (opset ≥ 11).
///
/// Constant float bounds become `nn.clip {min, max}`; integer tensors and bounds computed
/// at run time become `nn.max` / `nn.min`.
pub fn clip(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let ty = cx.ty(x);
    if cx.opset < 11 {
        let lo = cx.attr_float("min")?;
        let hi = cx.attr_float("max")?;
        return Ok(vec![clip_const(
            cx,
            x,
            lo.map(f64::from),
            hi.map(f64::from),
        )?]);
    }
    let (lo, hi) = (cx.input(1), cx.input(2));
    let lo_c = lo.map(|_| cx.const_scalar_f64(1));
    let hi_c = hi.map(|_| cx.const_scalar_f64(2));
    let all_const = lo_c.is_none_or(|c| c.is_some()) && hi_c.is_none_or(|c| c.is_some());
    if ty.elem.is_float() && all_const {
        return Ok(vec![clip_const(cx, x, lo_c.flatten(), hi_c.flatten())?]);
    }
    let mut acc = x;
    let mut slot = cx.slot(x).clone();
    for (bound, op) in [(lo, "nn.max"), (hi, "nn.min")] {
        if let Some(b) = bound {
            slot = binary_slots(cx, op, None, acc, b)?;
            if slot.ty.shape != ty.shape {
                return cx.fail("Clip bounds must be scalars");
            }
            acc = cx.add_slot(slot.clone());
        }
    }
    Ok(vec![slot])
}

fn clip_const(cx: &mut Ctx, x: SlotId, lo: Option<f64>, hi: Option<f64>) -> Result<Slot> {
    let ty = cx.ty(x);
    if !ty.elem.is_float() {
        return cx.fail(format!("Clip of element type {} is not supported", ty.elem));
    }
    let mut attrs = vec![];
    if let Some(v) = lo.filter(|v| *v != f64::NEG_INFINITY) {
        attrs.push(("min", Attribute::float(v, Scalar::F32)));
    }
    if let Some(v) = hi.filter(|v| *v != f64::INFINITY) {
        attrs.push(("max", Attribute::float(v, Scalar::F32)));
    }
    cx.emit1("nn.clip", x, ty, attrs)
}

/// `Where(cond, x, y)` (folded when all three are small constants).
pub fn where_op(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (c, x, y) = (cx.req(0)?, cx.req(1)?, cx.req(2)?);
    let (tc, tx, ty) = (cx.ty(c), cx.ty(x), cx.ty(y));
    if tc.elem != Scalar::I1 {
        return cx.fail(format!("condition must be BOOL, but is {}", tc.elem));
    }
    if tx.elem != ty.elem {
        return cx.fail(format!(
            "X and Y element types differ: {} and {}",
            tx.elem, ty.elem
        ));
    }
    let out = shape::broadcast(&tc.shape, &tx.shape)
        .and_then(|s| shape::broadcast(&s, &ty.shape))
        .map_err(|e| cx.err(e))?;
    if let (Some(kc), Some(kx), Some(ky)) = (cx.konst(c), cx.konst(x), cx.konst(y)) {
        if [&kc, &kx, &ky].iter().all(|k| fold::small(k))
            && shape::product(&out) as usize <= FOLD_LIMIT
        {
            let (hc, hx, hy) = (
                Host::from_dense(&kc),
                Host::from_dense(&kx),
                Host::from_dense(&ky),
            );
            return Ok(vec![
                cx.constant(fold::select(&hc, &hx, &hy, &out).to_dense())
            ]);
        }
    }
    let vals = [cx.value(c)?, cx.value(x)?, cx.value(y)?];
    Ok(vec![cx.emit(
        "nn.where",
        &vals,
        tensor_type(&out, tx.elem),
        vec![],
    )?])
}
