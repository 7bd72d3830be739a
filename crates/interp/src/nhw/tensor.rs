//! Tensor-engine kernels: `nhw.matmult` (FP32 GEMM of the operand values) and
//! `nhw.pe_transpose` (identity matmul per 128-element tile).

use super::dispatch::{Ncx, Stream};
use super::round::max_finite;
use crate::ctx::{dims, KernelResult};
use crate::kernels::matmul::batched;
use crate::kernels::movement::permute;
use crate::tensor::Data;
use neuron_nhw::{matmult_shape, PeTransposeOp, PE_TILE};
use rayon::prelude::*;

/// `nhw.matmult`: `[B…, M, K] × [B…, K, N]`, summed in FP32 by the `gemm` crate.
///
/// The operands hold values of their narrow type; the product of two such values is exact in
/// FP32, so this is the Tensor engine's "narrow inputs, FP32 accumulation" up to the order of
/// the FP32 additions, which depends on the shapes only (never on the thread count).
pub(crate) fn matmult(n: &Ncx) -> KernelResult {
    let cx = n.cx;
    let (a, ash) = cx.f32_arg(0)?;
    let (b, bsh) = cx.f32_arg(1)?;
    cx.expect_dims(&matmult_shape(&dims(ash), &dims(bsh))?)?;
    let r = ash.len();
    let (m, k, nn) = (ash[r - 2], ash[r - 1], bsh[r - 1]);
    let batch: usize = ash[..r - 2].iter().product();
    let offsets: Vec<[usize; 2]> = (0..batch).map(|i| [i * m * k, i * k * nn]).collect();
    let mut out = n.spares.take(batch * m * nn);
    if k == 0 {
        out.fill(0.0);
    }
    batched((m, nn, k), (a, b), &offsets, &mut out);
    Ok(Data::F32(out.into()))
}

/// `nhw.pe_transpose`: the input rounded to `dtype` (saturated first if asked), permuted, then
/// the identity-matmul sums of each 128-element tile of the output's last dimension.
pub(crate) fn pe_transpose(n: &Ncx) -> KernelResult {
    let cx = n.cx;
    let op = cx.view::<PeTransposeOp>()?;
    let perm = op.perm(cx.body).ok_or("requires attribute 'perm'")?;
    let dtype = op
        .dtype_scalar(cx.body)
        .ok_or("requires a scalar 'dtype'")?;
    let (x, shape) = cx.f32_arg(0)?;
    let perm: Vec<usize> = perm.iter().map(|&p| p as usize).collect();
    let out_shape: Vec<usize> = perm.iter().map(|&p| shape[p]).collect();
    cx.expect_shape(&out_shape)?;
    let mut xr = x.to_vec();
    n.round(dtype, &mut xr, Stream::Input);
    if op.saturates(cx.body) {
        let max = max_finite(dtype);
        xr.par_iter_mut()
            .filter(|v| v.is_infinite())
            .for_each(|v| *v = max.copysign(*v));
    }
    let mut y = permute(&xr, shape, &perm);
    let line = out_shape.last().copied().unwrap_or(1).max(1);
    y.par_chunks_mut(line)
        .for_each(|row| row.chunks_mut(PE_TILE).for_each(identity_tile));
    Ok(Data::F32(y.into()))
}

/// The identity matmul of one tile, in FP32: output `j` is `+0 + Σ_k t[k]·δ(k, j)`, which is
/// `t[j] + 0` unless another element of the tile is NaN or infinite (then `0·Inf` or `0·NaN`
/// makes it NaN).
pub(crate) fn identity_tile(t: &mut [f32]) {
    let bad = t.iter().filter(|v| !v.is_finite()).count();
    for v in t.iter_mut() {
        let others = bad - usize::from(!v.is_finite());
        *v = if others > 0 { f32::NAN } else { *v + 0.0 };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The identity matmul of a tile written out: one FP32 accumulator from +0, k ascending.
    fn literal(t: &[f32]) -> Vec<f32> {
        (0..t.len())
            .map(|j| (0..t.len()).fold(0f32, |acc, k| acc + t[k] * if k == j { 1.0 } else { 0.0 }))
            .collect()
    }

    #[test]
    fn identity_tile_equals_the_literal_sum() {
        let cases: [&[f32]; 6] = [
            &[1.0, -2.0, 3.5],
            &[-0.0, -1.0, -0.0],
            &[1.0, f32::INFINITY, 2.0],
            &[f32::NEG_INFINITY, 0.0],
            &[f32::NAN, 1.0, f32::INFINITY],
            &[f32::INFINITY, f32::NEG_INFINITY],
        ];
        for c in cases {
            let mut got = c.to_vec();
            identity_tile(&mut got);
            let want = literal(c);
            let bits = |v: &[f32]| -> Vec<u32> {
                v.iter()
                    .map(|x| if x.is_nan() { 0x7FC0_0000 } else { x.to_bits() })
                    .collect()
            };
            assert_eq!(bits(&got), bits(&want), "{c:?}");
        }
    }
}
