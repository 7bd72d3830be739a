//! Shape ops: `nn.transpose` (permutes dimensions) and `nn.reshape` (same elements, new shape).

use crate::common::{
    check_result_elem, const_operand, fmt_list, fold_to_value, index_map, operand_tensor,
    result_tensor, result_type, strides, FOLD_ELEMENT_LIMIT,
};
use neuron_ir::registry::{traits, FoldResult, I64ArrayAttr, OpView};
use neuron_ir::{define_op, Attribute, Body, DenseElements, Func, OpId, ValueId};
use std::sync::Arc;

define_op! {
    /// `nn.transpose {perm = array<i64: …>}`: result dimension `i` is operand dimension `perm[i]`.
    pub struct TransposeOp = "nn.transpose" {
        summary: "permutes the dimensions of a tensor",
        operands: [input],
        results: [result],
        attrs: [required perm: I64ArrayAttr],
        traits: traits::PURE,
        verify: Some(verify_transpose),
        fold: Some(fold_transpose),
        canonicalize: Some(canonicalize_transpose),
    }
}

define_op! {
    /// `nn.reshape`: the same elements in row-major order under the result's shape.
    pub struct ReshapeOp = "nn.reshape" {
        summary: "changes the shape of a tensor, keeping its elements",
        operands: [input],
        results: [result],
        attrs: [],
        traits: traits::PURE,
        verify: Some(verify_reshape),
        fold: Some(fold_reshape),
        canonicalize: Some(canonicalize_reshape),
    }
}

/// True if `perm` holds each of `0..rank` exactly once.
pub fn is_permutation(perm: &[i64], rank: usize) -> bool {
    let mut seen = vec![false; rank];
    perm.len() == rank
        && perm.iter().all(|&p| {
            let ok = p >= 0 && (p as usize) < rank && !seen[p as usize];
            if ok {
                seen[p as usize] = true;
            }
            ok
        })
}

/// The shape of `shape` transposed by `perm` (which must be a permutation of its rank).
pub fn permute_shape(shape: &[i64], perm: &[i64]) -> Vec<i64> {
    perm.iter().map(|&p| shape[p as usize]).collect()
}

/// `transpose(transpose(x, p), q) == transpose(x, compose(p, q))`: `r[i] = p[q[i]]`.
pub fn compose_perms(p: &[i64], q: &[i64]) -> Vec<i64> {
    q.iter().map(|&i| p[i as usize]).collect()
}

fn verify_transpose(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    let perm = TransposeOp(op)
        .perm(&f.body)
        .ok_or("requires attribute 'perm'")?;
    if !is_permutation(&perm, input.rank()) {
        return Err(format!(
            "perm {} is not a permutation of 0..{}",
            fmt_list(&perm),
            input.rank()
        ));
    }
    check_result_elem(input.elem, res.elem)?;
    let want = permute_shape(&input.shape, &perm);
    if want[..] != res.shape[..] {
        return Err(format!(
            "result shape {} does not match the operand shape {} permuted by {} (expected {})",
            fmt_list(&res.shape),
            fmt_list(&input.shape),
            fmt_list(&perm),
            fmt_list(&want)
        ));
    }
    Ok(())
}

/// The input and perm of `v`'s defining op if it is a transpose with a valid perm.
fn as_transpose(body: &Body, v: ValueId) -> Option<(ValueId, Vec<i64>)> {
    let t = TransposeOp::cast(body, body.defining_op(v)?)?;
    let perm = t.perm(body)?;
    let rank = body.ty(t.input(body)).as_tensor()?.rank();
    is_permutation(&perm, rank).then(|| (t.input(body), perm))
}

/// The op's own perm, checked against its operand's rank.
fn own_perm(body: &Body, op: OpId) -> Option<Vec<i64>> {
    let t = TransposeOp(op);
    let perm = t.perm(body)?;
    let rank = body.ty(t.input(body)).as_tensor()?.rank();
    is_permutation(&perm, rank).then_some(perm)
}

fn is_identity(perm: &[i64]) -> bool {
    perm.iter().enumerate().all(|(i, &p)| p == i as i64)
}

/// Identity perm → input; transpose of a transpose that composes to identity → the inner input;
/// transpose of a splat (or of a single-use constant) → a constant.
fn fold_transpose(body: &Body, op: OpId, consts: &[Option<Attribute>]) -> Option<FoldResult> {
    let perm = own_perm(body, op)?;
    let input = TransposeOp(op).input(body);
    if is_identity(&perm) {
        return fold_to_value(body, op, input);
    }
    if let Some((x, p)) = as_transpose(body, input) {
        if is_identity(&compose_perms(&p, &perm)) {
            return fold_to_value(body, op, x);
        }
    }
    let d = const_operand(body, op, consts, 0)?;
    let ty = result_type(body, op)?;
    if d.is_splat() {
        return dense_result(ty, d.data.clone());
    }
    let n = ty.num_elements();
    if n > FOLD_ELEMENT_LIMIT && body.value(input).uses().len() != 1 {
        return None;
    }
    let own = strides(&d.ty.shape);
    let src: Vec<usize> = perm.iter().map(|&p| own[p as usize]).collect();
    let eb = ty.elem.storage_bytes();
    let mut data = Vec::with_capacity(n * eb);
    for i in index_map(&ty.shape, &src) {
        data.extend_from_slice(&d.data[i * eb..(i + 1) * eb]);
    }
    dense_result(ty, data)
}

fn dense_result(ty: Arc<neuron_ir::TensorType>, data: Vec<u8>) -> Option<FoldResult> {
    let d = DenseElements::new(ty, data)?;
    Some(FoldResult::Constant(Attribute::Dense(Arc::new(d))))
}

/// `transpose(transpose(x, p), q) → transpose(x, p∘q)`, rewritten in place.
fn canonicalize_transpose(body: &mut Body, op: OpId) -> bool {
    let Some(perm) = own_perm(body, op) else {
        return false;
    };
    let Some((x, p)) = as_transpose(body, TransposeOp(op).input(body)) else {
        return false;
    };
    let composed = compose_perms(&p, &perm);
    body.set_operand(op, 0, x);
    set_attr(body, op, "perm", Attribute::i64_array(&composed));
    true
}

fn set_attr(body: &mut Body, op: OpId, name: &str, value: Attribute) {
    let attrs = &mut body.op_mut(op).attrs;
    match attrs.iter_mut().find(|a| &*a.name == name) {
        Some(a) => a.value = value,
        None => attrs.push(neuron_ir::NamedAttr {
            name: name.into(),
            value,
        }),
    }
}

fn verify_reshape(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    check_result_elem(input.elem, res.elem)?;
    if input.num_elements() != res.num_elements() {
        return Err(format!(
            "operand shape {} ({} elements) and result shape {} ({} elements) differ in element count",
            fmt_list(&input.shape),
            input.num_elements(),
            fmt_list(&res.shape),
            res.num_elements()
        ));
    }
    Ok(())
}

/// The input of `v`'s defining op if it is a reshape.
fn as_reshape(body: &Body, v: ValueId) -> Option<ValueId> {
    ReshapeOp::cast(body, body.defining_op(v)?).map(|r| r.input(body))
}

/// Same type → input; reshape of a reshape back to the original type → the original;
/// reshape of a splat (or of a single-use constant) → a constant of the new shape.
fn fold_reshape(body: &Body, op: OpId, consts: &[Option<Attribute>]) -> Option<FoldResult> {
    let input = ReshapeOp(op).input(body);
    if let Some(r) = fold_to_value(body, op, input) {
        return Some(r);
    }
    if let Some(r) = as_reshape(body, input).and_then(|x| fold_to_value(body, op, x)) {
        return Some(r);
    }
    let d = const_operand(body, op, consts, 0)?;
    let ty = result_type(body, op)?;
    let cheap = d.is_splat() || body.value(input).uses().len() == 1;
    if !cheap || ty.elem != d.ty.elem || ty.num_elements() != d.ty.num_elements() {
        return None;
    }
    dense_result(ty, d.data.clone())
}

/// `reshape(reshape(x)) → reshape(x)`, rewritten in place.
fn canonicalize_reshape(body: &mut Body, op: OpId) -> bool {
    let Some(x) = as_reshape(body, ReshapeOp(op).input(body)) else {
        return false;
    };
    body.set_operand(op, 0, x);
    true
}
