//! Elementwise ops: `nn.add`, `nn.sub`, `nn.mul` (numpy broadcasting), `nn.neg`, `nn.relu`.
//!
//! Constant folding follows IEEE semantics: values are computed in `f64` and rounded once
//! to the element type (NaN and ±Inf propagate; integers wrap to their width).
//! Identities never change a NaN or an infinity, so `x - x → 0` and `x * 0 → 0` fold for
//! integers only. They do ignore the sign of zero, as ML compilers (XLA, TVM) do:
//! `x + 0 → x` and `x - 0 → x` for either zero, although IEEE gives `-0 + +0 = +0`.

use crate::common::{
    binary_tensors, const_operand, decode_int, encode_int, fmt_list, fold_to_raw, fold_to_value,
    index_map, operand_tensor, result_tensor, result_type, splat_raw, strides, FOLD_ELEMENT_LIMIT,
};
use neuron_ir::numerics::{bits_to_f64, f64_to_bits};
use neuron_ir::registry::{traits, FoldResult};
use neuron_ir::{define_op, Attribute, Body, DenseElements, Func, OpId, Scalar, ValueId};

const BINARY: u32 = traits::PURE | traits::ELEMENTWISE;
const UNARY: u32 = traits::PURE | traits::ELEMENTWISE | traits::SAME_OPERANDS_AND_RESULT_TYPE;

define_op! {
    /// `nn.add`: elementwise sum with numpy broadcasting.
    pub struct AddOp = "nn.add" {
        summary: "elementwise addition with broadcasting",
        operands: [lhs, rhs],
        results: [result],
        attrs: [],
        traits: BINARY | traits::COMMUTATIVE,
        verify: Some(verify_binary),
        fold: Some(fold_add),
        canonicalize: None,
    }
}

define_op! {
    /// `nn.sub`: elementwise difference with numpy broadcasting.
    pub struct SubOp = "nn.sub" {
        summary: "elementwise subtraction with broadcasting",
        operands: [lhs, rhs],
        results: [result],
        attrs: [],
        traits: BINARY,
        verify: Some(verify_binary),
        fold: Some(fold_sub),
        canonicalize: None,
    }
}

define_op! {
    /// `nn.mul`: elementwise product with numpy broadcasting.
    pub struct MulOp = "nn.mul" {
        summary: "elementwise multiplication with broadcasting",
        operands: [lhs, rhs],
        results: [result],
        attrs: [],
        traits: BINARY | traits::COMMUTATIVE,
        verify: Some(verify_binary),
        fold: Some(fold_mul),
        canonicalize: None,
    }
}

define_op! {
    /// `nn.neg`: elementwise negation (flips the sign bit of floats; wraps integers).
    pub struct NegOp = "nn.neg" {
        summary: "elementwise negation",
        operands: [input],
        results: [result],
        attrs: [],
        traits: UNARY,
        verify: Some(verify_unary),
        fold: Some(fold_neg),
        canonicalize: None,
    }
}

define_op! {
    /// `nn.relu`: elementwise `x > 0 ? x : 0` (NaN stays NaN).
    pub struct ReluOp = "nn.relu" {
        summary: "rectified linear unit",
        operands: [input],
        results: [result],
        attrs: [],
        traits: UNARY,
        verify: Some(verify_unary),
        fold: Some(fold_relu),
        canonicalize: None,
    }
}

/// The numpy broadcast of two shapes, or `None` if they are incompatible.
pub fn broadcast_shapes(a: &[i64], b: &[i64]) -> Option<Vec<i64>> {
    let n = a.len().max(b.len());
    let dim = |s: &[i64], i: usize| {
        if i + s.len() >= n {
            s[i + s.len() - n]
        } else {
            1
        }
    };
    (0..n)
        .map(|i| match (dim(a, i), dim(b, i)) {
            (x, y) if x == y => Some(x),
            (1, y) => Some(y),
            (x, 1) => Some(x),
            _ => None,
        })
        .collect()
}

/// Verifies a broadcasting binary op: shared element type, result of the broadcast shape.
pub(crate) fn verify_binary(f: &Func, op: OpId) -> Result<(), String> {
    let (lhs, rhs, res) = binary_tensors(f, op)?;
    let shape = broadcast_shapes(&lhs.shape, &rhs.shape).ok_or_else(|| {
        format!(
            "operand shapes {} and {} are not broadcast-compatible",
            fmt_list(&lhs.shape),
            fmt_list(&rhs.shape)
        )
    })?;
    if shape[..] != res.shape[..] {
        return Err(format!(
            "result shape {} does not match the broadcast shape {} of the operands",
            fmt_list(&res.shape),
            fmt_list(&shape)
        ));
    }
    Ok(())
}

/// Verifies a unary op whose result type equals its operand type.
pub(crate) fn verify_unary(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    if input != res {
        return Err("result type must match the operand type".into());
    }
    Ok(())
}

/// The arithmetic of a binary elementwise op.
#[derive(Clone, Copy)]
enum Bin {
    Add,
    Sub,
    Mul,
}

fn apply_bin(kind: Bin, elem: Scalar, x: u64, y: u64) -> u64 {
    if elem.is_float() {
        let (a, b) = (bits_to_f64(elem, x), bits_to_f64(elem, y));
        let r = match kind {
            Bin::Add => a + b,
            Bin::Sub => a - b,
            Bin::Mul => a * b,
        };
        f64_to_bits(elem, r)
    } else {
        let (a, b) = (decode_int(elem, x), decode_int(elem, y));
        let r = match kind {
            Bin::Add => a.wrapping_add(b),
            Bin::Sub => a.wrapping_sub(b),
            Bin::Mul => a.wrapping_mul(b),
        };
        encode_int(elem, r)
    }
}

/// Folds a binary op whose operands are both constant (splats, or results of ≤ 1024 elements).
fn fold_binary_constants(
    body: &Body,
    op: OpId,
    consts: &[Option<Attribute>],
    kind: Bin,
) -> Option<FoldResult> {
    let a = const_operand(body, op, consts, 0)?;
    let b = const_operand(body, op, consts, 1)?;
    let ty = result_type(body, op)?;
    let elem = ty.elem;
    if a.ty.elem != elem || b.ty.elem != elem {
        return None;
    }
    if broadcast_shapes(&a.ty.shape, &b.ty.shape)?[..] != ty.shape[..] {
        return None;
    }
    if a.is_splat() && b.is_splat() {
        return fold_to_raw(body, op, &[apply_bin(kind, elem, a.raw(0), b.raw(0))]);
    }
    if ty.num_elements() > FOLD_ELEMENT_LIMIT {
        return None;
    }
    let ia = index_map(&ty.shape, &broadcast_strides(&ty.shape, &a.ty.shape));
    let ib = index_map(&ty.shape, &broadcast_strides(&ty.shape, &b.ty.shape));
    let raws: Vec<u64> = ia
        .iter()
        .zip(&ib)
        .map(|(&i, &j)| apply_bin(kind, elem, a.raw(i), b.raw(j)))
        .collect();
    fold_to_raw(body, op, &raws)
}

/// Strides reading an operand of shape `inp` at each index of the broadcast shape `out`.
fn broadcast_strides(out: &[i64], inp: &[i64]) -> Vec<usize> {
    let off = out.len() - inp.len();
    let own = strides(inp);
    let mut s = vec![0usize; out.len()];
    for (k, &d) in inp.iter().enumerate() {
        s[off + k] = if d == 1 { 0 } else { own[k] };
    }
    s
}

/// The uniform value of constant operand `i` decoded as `f64` (integers converted).
fn uniform_value(body: &Body, op: OpId, consts: &[Option<Attribute>], i: usize) -> Option<f64> {
    let d: &DenseElements = const_operand(body, op, consts, i)?;
    let raw = splat_raw(d)?;
    let elem = d.ty.elem;
    Some(if elem.is_float() {
        bits_to_f64(elem, raw)
    } else {
        elem.int_to_f64(decode_int(elem, raw))
    })
}

fn is_float_op(body: &Body, op: OpId) -> bool {
    result_type(body, op).is_some_and(|t| t.elem.is_float())
}

fn operand(body: &Body, op: OpId, i: usize) -> ValueId {
    body.op(op).operands()[i]
}

/// `x + 0 → x` and `0 + x → x` (either sign of zero) when the types match.
fn fold_add(body: &Body, op: OpId, consts: &[Option<Attribute>]) -> Option<FoldResult> {
    if let Some(r) = fold_binary_constants(body, op, consts, Bin::Add) {
        return Some(r);
    }
    for (c, other) in [(1, 0), (0, 1)] {
        if uniform_value(body, op, consts, c).is_some_and(|v| v == 0.0) {
            if let Some(r) = fold_to_value(body, op, operand(body, op, other)) {
                return Some(r);
            }
        }
    }
    None
}

/// `x - 0 → x` (either sign of zero); integer `x - x → 0`.
fn fold_sub(body: &Body, op: OpId, consts: &[Option<Attribute>]) -> Option<FoldResult> {
    if let Some(r) = fold_binary_constants(body, op, consts, Bin::Sub) {
        return Some(r);
    }
    let float = is_float_op(body, op);
    if uniform_value(body, op, consts, 1).is_some_and(|v| v == 0.0) {
        if let Some(r) = fold_to_value(body, op, operand(body, op, 0)) {
            return Some(r);
        }
    }
    if !float && operand(body, op, 0) == operand(body, op, 1) {
        return fold_to_raw(body, op, &[0]);
    }
    None
}

/// `x * 1 → x`; integer `x * 0 → 0` (for floats `x * 0` is not 0 for NaN, Inf or `-x`).
fn fold_mul(body: &Body, op: OpId, consts: &[Option<Attribute>]) -> Option<FoldResult> {
    if let Some(r) = fold_binary_constants(body, op, consts, Bin::Mul) {
        return Some(r);
    }
    let float = is_float_op(body, op);
    for (c, other) in [(1, 0), (0, 1)] {
        let Some(v) = uniform_value(body, op, consts, c) else {
            continue;
        };
        if v == 1.0 {
            if let Some(r) = fold_to_value(body, op, operand(body, op, other)) {
                return Some(r);
            }
        }
        if v == 0.0 && !float {
            return fold_to_raw(body, op, &[0]);
        }
    }
    None
}

/// Folds a unary op on a constant operand (splat, or ≤ 1024 elements) with `f` on raw bits.
fn fold_unary_constant(
    body: &Body,
    op: OpId,
    consts: &[Option<Attribute>],
    f: impl Fn(Scalar, u64) -> u64,
) -> Option<FoldResult> {
    let a = const_operand(body, op, consts, 0)?;
    let ty = result_type(body, op)?;
    if *ty != *a.ty {
        return None;
    }
    let elem = ty.elem;
    if a.is_splat() {
        return fold_to_raw(body, op, &[f(elem, a.raw(0))]);
    }
    let n = ty.num_elements();
    if n > FOLD_ELEMENT_LIMIT {
        return None;
    }
    let raws: Vec<u64> = (0..n).map(|i| f(elem, a.raw(i))).collect();
    fold_to_raw(body, op, &raws)
}

/// The operand of `v`'s defining op if that op is of kind `def`.
fn defined_by(body: &Body, v: ValueId, def: &'static neuron_ir::OpDef) -> Option<ValueId> {
    let d = body.defining_op(v)?;
    let data = body.op(d);
    (data.kind.is(def) && data.operands().len() == 1).then(|| data.operands()[0])
}

/// Negates raw bits: flips the sign bit of floats (exact, NaN included; the types without
/// −0 or without a sign negate their value instead: 0 stays 0, E8M0 gives NaN), wraps integers.
pub fn neg_raw(elem: Scalar, x: u64) -> u64 {
    if matches!(
        elem,
        Scalar::F8E4M3FNUZ | Scalar::F8E5M2FNUZ | Scalar::F8E8M0FNU
    ) {
        f64_to_bits(elem, -bits_to_f64(elem, x))
    } else if elem.is_float() {
        let sign_bit = if elem == Scalar::F4E2M1FN {
            3
        } else {
            8 * elem.storage_bytes() - 1
        };
        x ^ (1u64 << sign_bit)
    } else {
        encode_int(elem, decode_int(elem, x).wrapping_neg())
    }
}

/// `relu` on raw bits: `x` if `x > 0` or NaN, else `+0`.
pub fn relu_raw(elem: Scalar, x: u64) -> u64 {
    if elem.is_float() {
        let v = bits_to_f64(elem, x);
        if v > 0.0 || v.is_nan() {
            x
        } else {
            0
        }
    } else {
        let v = decode_int(elem, x);
        encode_int(elem, if elem.is_unsigned() { v } else { v.max(0) })
    }
}

/// `neg(c) → -c`; `neg(neg(x)) → x`.
fn fold_neg(body: &Body, op: OpId, consts: &[Option<Attribute>]) -> Option<FoldResult> {
    if let Some(r) = fold_unary_constant(body, op, consts, neg_raw) {
        return Some(r);
    }
    let inner = defined_by(
        body,
        operand(body, op, 0),
        <NegOp as neuron_ir::OpView>::def(),
    )?;
    fold_to_value(body, op, inner)
}

/// `relu(c) → max(c, 0)`; `relu(relu(x)) → relu(x)`.
fn fold_relu(body: &Body, op: OpId, consts: &[Option<Attribute>]) -> Option<FoldResult> {
    if let Some(r) = fold_unary_constant(body, op, consts, relu_raw) {
        return Some(r);
    }
    let x = operand(body, op, 0);
    defined_by(body, x, <ReluOp as neuron_ir::OpView>::def())?;
    fold_to_value(body, op, x)
}
