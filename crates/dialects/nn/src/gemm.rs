//! `nn.gemm`: `alpha · op(a) · op(b) + beta · c` (ONNX Gemm), `op` transposing when asked.
// The attribute names `transA`/`transB` are ONNX's, so their generated accessors are too.
#![allow(non_snake_case)]

use crate::common::{
    check_max_operands, check_result_shape, fmt_list, matmult_tensors, operand_tensor,
    optional_operand, shape_err, ShapeError,
};
use crate::elementwise::broadcast_shapes;
use neuron_ir::registry::{traits, BoolAttr, FloatAttr};
use neuron_ir::{define_op, Body, Func, OpId, ValueId};

define_op! {
    /// `nn.gemm {alpha, beta, transA, transB}`: `a [M,K]` (or `[K,M]`), `b [K,N]` (or `[N,K]`),
    /// optional `c` broadcastable to `[M,N]`; result `[M,N]`.
    pub struct GemmOp = "nn.gemm" {
        summary: "general matrix multiply alpha * a * b + beta * c",
        operands: [a, b, ..c],
        results: [result],
        attrs: [
            optional alpha: FloatAttr,
            optional beta: FloatAttr,
            optional transA: BoolAttr,
            optional transB: BoolAttr
        ],
        traits: traits::PURE,
        verify: Some(verify_gemm),
        fold: None,
        canonicalize: None,
    }
}

impl GemmOp {
    /// The `alpha` attribute, or 1.0 when absent.
    pub fn alpha_or_default(self, body: &Body) -> f64 {
        self.alpha(body).unwrap_or(1.0)
    }

    /// The `beta` attribute, or 1.0 when absent.
    pub fn beta_or_default(self, body: &Body) -> f64 {
        self.beta(body).unwrap_or(1.0)
    }

    /// The `transA` attribute, or false when absent.
    pub fn trans_a_or_default(self, body: &Body) -> bool {
        self.transA(body).unwrap_or(false)
    }

    /// The `transB` attribute, or false when absent.
    pub fn trans_b_or_default(self, body: &Body) -> bool {
        self.transB(body).unwrap_or(false)
    }

    /// The optional addend `c`, if present.
    pub fn c_operand(self, body: &Body) -> Option<ValueId> {
        optional_operand(body, self.0, 2)
    }
}

/// The result shape `[M, N]` of `nn.gemm` for operand shapes `a`, `b` and the transpose flags.
pub fn gemm_shape(
    a: &[i64],
    b: &[i64],
    trans_a: bool,
    trans_b: bool,
) -> Result<[i64; 2], ShapeError> {
    for (name, s) in [("a", a), ("b", b)] {
        if s.len() != 2 {
            return shape_err(format!("{name} must have rank 2, but has rank {}", s.len()));
        }
    }
    let (m, ka) = if trans_a { (a[1], a[0]) } else { (a[0], a[1]) };
    let (kb, n) = if trans_b { (b[1], b[0]) } else { (b[0], b[1]) };
    if ka != kb {
        return shape_err(format!(
            "inner dimensions differ: a {} (transA = {trans_a}) gives K = {ka}, b {} (transB = {trans_b}) gives K = {kb}",
            fmt_list(a),
            fmt_list(b)
        ));
    }
    Ok([m, n])
}

fn verify_gemm(f: &Func, op: OpId) -> Result<(), String> {
    check_max_operands(f, op, 3, "a, b and an optional c")?;
    let (a, b, res) = matmult_tensors(f, op)?;
    let g = GemmOp(op);
    let mn = gemm_shape(
        &a.shape,
        &b.shape,
        g.trans_a_or_default(&f.body),
        g.trans_b_or_default(&f.body),
    )?;
    if g.c_operand(&f.body).is_some() {
        let c = operand_tensor(f, op, 2)?;
        if c.elem != res.elem {
            return Err(format!(
                "c element type {} does not match the result element type {}",
                c.elem, res.elem
            ));
        }
        if broadcast_shapes(&c.shape, &mn).as_deref() != Some(&mn[..]) {
            return Err(format!(
                "c shape {} is not broadcastable to the product shape {}",
                fmt_list(&c.shape),
                fmt_list(&mn)
            ));
        }
    }
    check_result_shape(res, &mn)
}
