//! Tensor-engine ops: `nhw.matmult` (narrow inputs, FP32 accumulation) and
//! `nhw.pe_transpose` (a transpose done as a matmul by the identity, in a 16-bit or 32-bit type).

use crate::common::{float, matmult_shape};
use crate::kinds::{MATMULT_TYPES, PE_TRANSPOSE_TYPES};
use neuron_ir::registry::{traits, I64ArrayAttr, TypeAttr, UnitAttr};
use neuron_ir::{define_op, Body, Func, OpId, Scalar};
use neuron_nn::common::{check_result_shape, fmt_list, operand_tensor, result_tensor};
use neuron_nn::shape::{is_permutation, permute_shape};

define_op! {
    /// `nhw.matmult(lhs, rhs)`: `[B…, M, K] × [B…, K, N] → [B…, M, N]` on the Tensor engine;
    /// operands share one type, products accumulate in FP32 (k ascending), the result is
    /// rounded once to its element type.
    pub struct MatmultOp = "nhw.matmult" {
        summary: "matrix multiply on the Tensor engine (FP32 accumulation)",
        operands: [lhs, rhs],
        results: [result],
        attrs: [],
        traits: traits::PURE,
        verify: Some(verify_matmult),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.pe_transpose {perm, dtype, saturate_infinity}`: a transpose by identity matmul in
    /// `dtype` on the Tensor engine; lossy below FP32, and an Inf or NaN spreads NaN over its
    /// 128-element tile.
    pub struct PeTransposeOp = "nhw.pe_transpose" {
        summary: "transpose by identity matmul on the Tensor engine",
        operands: [input],
        results: [result],
        attrs: [
            required perm: I64ArrayAttr,
            required dtype: TypeAttr,
            optional saturate_infinity: UnitAttr
        ],
        traits: traits::PURE,
        verify: Some(verify_pe_transpose),
        fold: None,
        canonicalize: None,
    }
}

/// Rows of one identity-matmul tile: the partition (contraction) dimension of the array.
pub const PE_TILE: usize = 128;

impl PeTransposeOp {
    /// The `dtype` attribute as a scalar type, if it is one.
    pub fn dtype_scalar(self, body: &Body) -> Option<Scalar> {
        self.dtype(body).and_then(|t| t.element_type())
    }

    /// True if `saturate_infinity` is set.
    pub fn saturates(self, body: &Body) -> bool {
        self.saturate_infinity(body).is_some()
    }
}

fn verify_matmult(f: &Func, op: OpId) -> Result<(), String> {
    let lhs = operand_tensor(f, op, 0)?;
    let rhs = operand_tensor(f, op, 1)?;
    let res = result_tensor(f, op, 0)?;
    if lhs.elem != rhs.elem {
        return Err(format!(
            "operand element types differ: {} vs {}",
            lhs.elem, rhs.elem
        ));
    }
    if !MATMULT_TYPES.contains(&lhs.elem) {
        return Err(format!(
            "operand element type {} is not a Tensor-engine type (bf16, f16, tf32, f8E4M3FN, \
             f8E5M2, f32)",
            lhs.elem
        ));
    }
    float("result", res.elem)?;
    check_result_shape(res, &matmult_shape(&lhs.shape, &rhs.shape)?)
}

fn verify_pe_transpose(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    let t = PeTransposeOp(op);
    let perm = t.perm(&f.body).ok_or("requires attribute 'perm'")?;
    if !is_permutation(&perm, input.rank()) {
        return Err(format!(
            "perm {} is not a permutation of 0..{}",
            fmt_list(&perm),
            input.rank()
        ));
    }
    match t.dtype_scalar(&f.body) {
        Some(d) if PE_TRANSPOSE_TYPES.contains(&d) => {}
        other => {
            let got = other.map_or("a non-scalar type".to_string(), |d| d.to_string());
            return Err(format!(
                "dtype must be bf16, f16, tf32 or f32, but got {got}"
            ));
        }
    }
    float("input", input.elem)?;
    float("result", res.elem)?;
    check_result_shape(res, &permute_shape(&input.shape, &perm))
}
