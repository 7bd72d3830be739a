//! `nn.matmul`: matrix product with ONNX MatMul (numpy `matmul`) semantics, and
//! `nn.batch_matmul`: the strict batched form (rank >= 3, identical batch dimensions).
//!
//! A 1-D lhs `[K]` acts as `[1, K]` and a 1-D rhs `[K]` as `[K, 1]`, the added dimension
//! being dropped from the result; leading (batch) dimensions broadcast numpy-style.

use crate::common::{check_result_shape, fmt_list, matmult_tensors, shape_err, ShapeError};
use crate::elementwise::broadcast_shapes;
use neuron_ir::registry::traits;
use neuron_ir::{define_op, Func, OpId};

define_op! {
    /// `nn.matmul`: `result[..., m, n] = Σ_k lhs[..., m, k] · rhs[..., k, n]`.
    pub struct MatMulOp = "nn.matmul" {
        summary: "matrix product with batch broadcasting (ONNX MatMul)",
        operands: [lhs, rhs],
        results: [result],
        attrs: [],
        traits: traits::PURE,
        verify: Some(verify_matmul),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.batch_matmul`: `[B…, M, K] × [B…, K, N] → [B…, M, N]`, batch dimensions identical.
    pub struct BatchMatmulOp = "nn.batch_matmul" {
        summary: "batched matrix product (identical batch dimensions, rank >= 3)",
        operands: [lhs, rhs],
        results: [result],
        attrs: [],
        traits: traits::PURE,
        verify: Some(verify_batch_matmul),
        fold: None,
        canonicalize: None,
    }
}

/// The result shape of `nn.batch_matmul`: `[B…, M, K] × [B…, K, N] → [B…, M, N]`.
pub fn batch_matmul_shape(lhs: &[i64], rhs: &[i64]) -> Result<Vec<i64>, ShapeError> {
    for (name, s) in [("lhs", lhs), ("rhs", rhs)] {
        if s.len() < 3 {
            return shape_err(format!(
                "{name} must have rank >= 3, but has rank {}",
                s.len()
            ));
        }
    }
    let r = lhs.len();
    if rhs.len() != r {
        return shape_err(format!("lhs and rhs ranks differ: {r} vs {}", rhs.len()));
    }
    if lhs[..r - 2] != rhs[..r - 2] {
        return shape_err(format!(
            "batch dimensions differ: {} vs {}",
            fmt_list(&lhs[..r - 2]),
            fmt_list(&rhs[..r - 2])
        ));
    }
    if lhs[r - 1] != rhs[r - 2] {
        return shape_err(format!(
            "contracting dimensions differ: lhs dimension {} has size {}, rhs dimension {} has size {}",
            r - 1,
            lhs[r - 1],
            r - 2,
            rhs[r - 2]
        ));
    }
    let mut out = lhs[..r - 1].to_vec();
    out.push(rhs[r - 1]);
    Ok(out)
}

fn verify_batch_matmul(f: &Func, op: OpId) -> Result<(), String> {
    let (lhs, rhs, res) = matmult_tensors(f, op)?;
    check_result_shape(res, &batch_matmul_shape(&lhs.shape, &rhs.shape)?)
}

/// The result shape of `lhs @ rhs` under ONNX MatMul rules, or the reason it is invalid.
pub fn matmul_shape(lhs: &[i64], rhs: &[i64]) -> Result<Vec<i64>, String> {
    for (i, s) in [lhs, rhs].iter().enumerate() {
        if s.is_empty() {
            return Err(format!("operand #{i} must have rank >= 1, but has rank 0"));
        }
    }
    let (la, lb) = (lhs.len(), rhs.len());
    let (k_lhs, k_lhs_dim) = (lhs[la - 1], la - 1);
    let (k_rhs, k_rhs_dim) = if lb == 1 {
        (rhs[0], 0)
    } else {
        (rhs[lb - 2], lb - 2)
    };
    if k_lhs != k_rhs {
        return Err(format!(
            "contracting dimensions differ: lhs dimension {k_lhs_dim} has size {k_lhs}, \
             rhs dimension {k_rhs_dim} has size {k_rhs}"
        ));
    }
    let lhs_batch = &lhs[..la.saturating_sub(2)];
    let rhs_batch = &rhs[..lb.saturating_sub(2)];
    let mut out = broadcast_shapes(lhs_batch, rhs_batch).ok_or_else(|| {
        format!(
            "batch dimensions {} and {} are not broadcast-compatible",
            fmt_list(lhs_batch),
            fmt_list(rhs_batch)
        )
    })?;
    if la > 1 {
        out.push(lhs[la - 2]);
    }
    if lb > 1 {
        out.push(rhs[lb - 1]);
    }
    Ok(out)
}

fn verify_matmul(f: &Func, op: OpId) -> Result<(), String> {
    let (lhs, rhs, res) = matmult_tensors(f, op)?;
    let want = matmul_shape(&lhs.shape, &rhs.shape)?;
    if want[..] != res.shape[..] {
        return Err(format!(
            "result shape {} does not match the expected shape {} for operand shapes {} and {}",
            fmt_list(&res.shape),
            fmt_list(&want),
            fmt_list(&lhs.shape),
            fmt_list(&rhs.shape)
        ));
    }
    Ok(())
}
