//! Matrix products: `nn.matmul` (ONNX MatMul), `nn.batch_matmul`, `nn.gemm`, and the strided
//! FP32 GEMM they (and `nn.conv2d`) share, done by the `gemm` crate.
//!
//! `gemm` was measured against `matrixmultiply` on this machine (1024³, FP32): about 104 vs
//! 94 GFLOP/s on one thread and 190–210 vs 180–190 on two; `gemm` also takes the thread count
//! per call (`Parallelism::Rayon(n)`), reads any strides, and accumulates into the output.
//! Its blocking (`kc`, `mc`, `nc`) depends on the sizes only, and threads split the output
//! tiles, never the `k` loop: every output element is summed in the same order for any
//! thread count (the tests check 1, 2 and 4 threads bit for bit).

use super::broadcast::{broadcast_shapes, broadcast_to, Plan};
use crate::ctx::{dims, KernelResult, OpCtx};
use crate::tensor::Data;
use gemm::Parallelism;
use neuron_nn::matmul::matmul_shape;
use neuron_nn::{batch_matmul_shape, gemm_shape, GemmOp};
use rayon::prelude::*;

/// A matrix operand: values and the strides (in elements) of its rows and columns.
#[derive(Clone, Copy, Debug)]
pub struct Mat<'a> {
    /// The values.
    pub data: &'a [f32],
    /// Step between rows.
    pub rs: usize,
    /// Step between columns.
    pub cs: usize,
}

impl<'a> Mat<'a> {
    /// A row-major `rows × cols` matrix at the start of `data`.
    pub fn rows(data: &'a [f32], cols: usize) -> Mat<'a> {
        Mat {
            data,
            rs: cols,
            cs: 1,
        }
    }

    /// True if a `rows × cols` matrix with these strides fits in `data`.
    fn fits(&self, rows: usize, cols: usize) -> bool {
        rows == 0 || cols == 0 || (rows - 1) * self.rs + (cols - 1) * self.cs < self.data.len()
    }
}

/// Products at most this big (`m·n·k`) run single-threaded inside a parallel batch loop:
/// a multi-threaded `gemm` call costs tens of microseconds of set-up and synchronisation,
/// more than such a product takes (an attention head's 128×128×32 product, about 20 µs).
const SMALL_PRODUCT: usize = 1 << 21;

/// `c = a·b` (`accumulate = false`) or `c += scale·a·b` (`accumulate = true`), with `a`
/// `m × k`, `b` `k × n`, and `c` a row-major `m × n` slice. `threads` is the `gemm`
/// parallelism (1 = sequential); it never changes the result.
pub fn sgemm(
    (m, n, k): (usize, usize, usize),
    a: Mat,
    b: Mat,
    c: &mut [f32],
    accumulate: bool,
    scale: f32,
    threads: usize,
) {
    assert!(
        a.fits(m, k) && b.fits(k, n) && c.len() >= m * n,
        "sgemm operands too small"
    );
    if m == 0 || n == 0 {
        return;
    }
    let par = if threads <= 1 {
        Parallelism::None
    } else {
        Parallelism::Rayon(threads)
    };
    // SAFETY: the assertion above keeps every index the kernel reads or writes in bounds:
    // row `i` / column `j` of each operand lies at `i·rs + j·cs` below its slice's length.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            1,
            n as isize,
            accumulate,
            a.data.as_ptr(),
            a.cs as isize,
            a.rs as isize,
            b.data.as_ptr(),
            b.cs as isize,
            b.rs as isize,
            1.0,
            scale,
            false,
            false,
            false,
            par,
        );
    }
}

/// A batch of products `out[i] = lhs[lo[i]..] · rhs[ro[i]..]`, each `m × k` by `k × n`.
///
/// Small products run in parallel over the batch, one thread each; big ones one after the
/// other with all threads. The choice depends on the shapes only, never on the thread count.
pub(crate) fn batched(
    (m, n, k): (usize, usize, usize),
    (lhs, rhs): (&[f32], &[f32]),
    offsets: &[[usize; 2]],
    out: &mut [f32],
) {
    let mn = m * n;
    if mn == 0 {
        return;
    }
    let threads = rayon::current_num_threads();
    let run = |o: &mut [f32], [lo, ro]: [usize; 2], t: usize| {
        let (a, b) = (Mat::rows(&lhs[lo..], k), Mat::rows(&rhs[ro..], n));
        sgemm((m, n, k), a, b, o, false, 1.0, t);
    };
    if offsets.len() > 1 && m * n * k <= SMALL_PRODUCT {
        out.par_chunks_mut(mn)
            .zip(offsets)
            .for_each(|(o, &off)| run(o, off, 1));
    } else {
        for (o, &off) in out.chunks_mut(mn).zip(offsets) {
            run(o, off, threads);
        }
    }
}

/// Naive int64 matrix product (wrapping), for integer `matmul`s.
fn int_batched(
    (m, n, k): (usize, usize, usize),
    (lhs, rhs): (&[i64], &[i64]),
    offsets: &[[usize; 2]],
) -> Vec<i64> {
    let mut out = vec![0i64; offsets.len() * m * n];
    for (bi, &[lo, ro]) in offsets.iter().enumerate() {
        for i in 0..m {
            for j in 0..n {
                let s = (0..k).fold(0i64, |s, p| {
                    s.wrapping_add(lhs[lo + i * k + p].wrapping_mul(rhs[ro + p * n + j]))
                });
                out[(bi * m + i) * n + j] = s;
            }
        }
    }
    out
}

/// Shapes of a batched product after ONNX 1-D promotion: batch dims, `m`, `k`, `n`.
struct Product {
    lhs_batch: Vec<usize>,
    rhs_batch: Vec<usize>,
    batch: Vec<usize>,
    mkn: (usize, usize, usize),
}

fn product_shapes(lhs: &[usize], rhs: &[usize]) -> Result<Product, String> {
    if lhs.is_empty() || rhs.is_empty() {
        return Err("operands must have rank >= 1".into());
    }
    let l: Vec<usize> = if lhs.len() == 1 {
        vec![1, lhs[0]]
    } else {
        lhs.to_vec()
    };
    let r: Vec<usize> = if rhs.len() == 1 {
        vec![rhs[0], 1]
    } else {
        rhs.to_vec()
    };
    let (m, k) = (l[l.len() - 2], l[l.len() - 1]);
    let (k2, n) = (r[r.len() - 2], r[r.len() - 1]);
    if k != k2 {
        return Err(format!("contracting dimensions differ: {k} vs {k2}"));
    }
    let lhs_batch = l[..l.len() - 2].to_vec();
    let rhs_batch = r[..r.len() - 2].to_vec();
    let batch = broadcast_shapes(&lhs_batch, &rhs_batch)?;
    Ok(Product {
        lhs_batch,
        rhs_batch,
        batch,
        mkn: (m, k, n),
    })
}

/// Offsets of each batch's lhs and rhs matrix, batch dims broadcast numpy-style.
fn batch_offsets(p: &Product) -> Result<Vec<[usize; 2]>, String> {
    let (m, k, n) = p.mkn;
    let plan = Plan::new(&p.batch, [&p.lhs_batch[..], &p.rhs_batch[..]])?;
    let count: usize = p.batch.iter().product();
    Ok((0..count)
        .map(|i| {
            let [a, b] = plan.row_offsets(i / plan.inner);
            let j = i % plan.inner;
            [
                (a + j * plan.step[0]) * m * k,
                (b + j * plan.step[1]) * k * n,
            ]
        })
        .collect())
}

/// The product for `matmul` and `batch_matmul` once the result shape is checked.
fn run_product(cx: &OpCtx, p: &Product) -> KernelResult {
    let offsets = batch_offsets(p)?;
    let (m, k, n) = p.mkn;
    let (a, b) = (cx.arg(0)?, cx.arg(1)?);
    match (&a.data, &b.data) {
        (Data::F32(x), Data::F32(y)) => {
            cx.float_result()?;
            let mut out = cx.take_f32(offsets.len() * m * n);
            if k == 0 {
                out.fill(0.0);
            }
            batched((m, n, k), (x, y), &offsets, &mut out);
            Ok(Data::F32(out.into()))
        }
        (Data::I64(x), Data::I64(y)) => {
            Ok(Data::I64(int_batched((m, n, k), (x, y), &offsets).into()))
        }
        _ => Err("operands must both be float or both be integer tensors".into()),
    }
}

/// `nn.matmul`: ONNX MatMul, 1-D operands promoted and batch dims broadcast.
pub fn matmul(cx: &OpCtx) -> KernelResult {
    let (l, r) = (&cx.arg(0)?.shape, &cx.arg(1)?.shape);
    cx.expect_dims(&matmul_shape(&dims(l), &dims(r))?)?;
    run_product(cx, &product_shapes(l, r)?)
}

/// `nn.batch_matmul`: `[B…, M, K] × [B…, K, N]` with identical batch dims, rank ≥ 3.
pub fn batch_matmul(cx: &OpCtx) -> KernelResult {
    let (l, r) = (&cx.arg(0)?.shape, &cx.arg(1)?.shape);
    cx.expect_dims(&batch_matmul_shape(&dims(l), &dims(r))?)?;
    run_product(cx, &product_shapes(l, r)?)
}

/// `nn.gemm`: `alpha·A'·B' + beta·C` with `A' = transA ? Aᵀ : A` (likewise `B'`), `C`
/// optional and broadcast to `[M, N]`.
pub fn gemm_op(cx: &OpCtx) -> KernelResult {
    cx.float_result()?;
    let (g, body) = (cx.view::<GemmOp>()?, cx.body);
    let alpha = g.alpha_or_default(body) as f32;
    let beta = g.beta_or_default(body) as f32;
    let (trans_a, trans_b) = (g.trans_a_or_default(body), g.trans_b_or_default(body));
    let (a, ash) = cx.f32_arg(0)?;
    let (b, bsh) = cx.f32_arg(1)?;
    cx.expect_dims(&gemm_shape(&dims(ash), &dims(bsh), trans_a, trans_b)?)?;
    let (m, k) = if trans_a {
        (ash[1], ash[0])
    } else {
        (ash[0], ash[1])
    };
    let n = if trans_b { bsh[0] } else { bsh[1] };
    let am = if trans_a {
        Mat {
            data: a,
            rs: 1,
            cs: m,
        }
    } else {
        Mat::rows(a, k)
    };
    let bm = if trans_b {
        Mat {
            data: b,
            rs: 1,
            cs: k,
        }
    } else {
        Mat::rows(b, n)
    };
    let mut out = match cx.args.len() {
        2 => vec![0f32; m * n],
        3 => {
            let (c, csh) = cx.f32_arg(2)?;
            let mut v = broadcast_to(c, csh, &[m, n])?;
            v.iter_mut().for_each(|x| *x *= beta);
            v
        }
        count => return Err(format!("takes 2 or 3 operands, got {count}")),
    };
    let acc = cx.args.len() == 3;
    sgemm(
        (m, n, k),
        am,
        bm,
        &mut out,
        acc,
        alpha,
        rayon::current_num_threads(),
    );
    Ok(Data::F32(out.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_d_promotion_shapes() {
        let p = product_shapes(&[3], &[3]).unwrap();
        assert_eq!((p.batch, p.mkn), (vec![], (1, 3, 1)));
        let p = product_shapes(&[2, 1, 4, 3], &[5, 3, 2]).unwrap();
        assert_eq!((p.batch, p.mkn), (vec![2, 5], (4, 3, 2)));
        assert!(product_shapes(&[2, 3], &[4, 2]).is_err());
    }

    #[test]
    fn strided_sgemm_transposes() {
        // a = [[1, 2], [3, 4]] stored transposed; b = identity.
        let at = [1.0f32, 3.0, 2.0, 4.0];
        let id = [1.0f32, 0.0, 0.0, 1.0];
        let mut c = [0f32; 4];
        let a = Mat {
            data: &at,
            rs: 1,
            cs: 2,
        };
        sgemm((2, 2, 2), a, Mat::rows(&id, 2), &mut c, false, 1.0, 1);
        assert_eq!(c, [1.0, 2.0, 3.0, 4.0]);
        sgemm((2, 2, 2), a, Mat::rows(&id, 2), &mut c, true, 2.0, 1);
        assert_eq!(c, [3.0, 6.0, 9.0, 12.0]);
    }
}
