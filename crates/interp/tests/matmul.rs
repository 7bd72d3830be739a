//! Matrix products: ONNX MatMul (1-D operands, batch broadcast), batch_matmul, gemm
//! (transposes, alpha/beta, broadcast C), narrow operands with FP32 accumulation.

mod common;
use common::*;
use neuron_ir::Scalar;

/// Reference product of row-major `a` [m,k] and `b` [k,n] in f64.
fn reference(a: &[f32], b: &[f32], m: usize, k: usize, n: usize) -> Vec<f32> {
    let mut c = vec![0f32; m * n];
    for i in 0..m {
        for j in 0..n {
            let s: f64 = (0..k)
                .map(|p| a[i * k + p] as f64 * b[p * n + j] as f64)
                .sum();
            c[i * n + j] = s as f32;
        }
    }
    c
}

#[test]
fn matmul_2d_exact() {
    let a = f32s(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let b = f32s(&[3, 2], &[7.0, 8.0, 9.0, 10.0, 11.0, 12.0]);
    let got = op_f32("nn.matmul", "", &[&a, &b], "tensor<2x2xf32>");
    assert_eq!(got, [58.0, 64.0, 139.0, 154.0]);
}

#[test]
fn matmul_one_d_operands() {
    let v = f32s(&[3], &[1.0, 2.0, 3.0]);
    let m = f32s(&[3, 2], &[1.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
    assert_eq!(
        op_f32("nn.matmul", "", &[&v, &m], "tensor<2xf32>"),
        [4.0, 5.0]
    );
    let mt = f32s(&[2, 3], &[1.0, 0.0, 1.0, 0.0, 1.0, 1.0]);
    assert_eq!(
        op_f32("nn.matmul", "", &[&mt, &v], "tensor<2xf32>"),
        [4.0, 5.0]
    );
    assert_eq!(op_f32("nn.matmul", "", &[&v, &v], "tensor<f32>"), [14.0]);
    // A 1-D rhs against a batched lhs.
    let bl = iota(&[2, 2, 3]);
    assert_eq!(
        op_f32("nn.matmul", "", &[&bl, &v], "tensor<2x2xf32>"),
        [8.0, 26.0, 44.0, 62.0]
    );
}

#[test]
fn matmul_broadcasts_batch_dims() {
    // lhs [2, 1, 2, 3] × rhs [3, 3, 2] → [2, 3, 2, 2].
    let a = random(&[2, 1, 2, 3], 1);
    let b = random(&[3, 3, 2], 2);
    let got = op_f32("nn.matmul", "", &[&a, &b], "tensor<2x3x2x2xf32>");
    let (av, bv) = (a.as_f32().unwrap(), b.as_f32().unwrap());
    let mut want = Vec::new();
    for i in 0..2 {
        for j in 0..3 {
            want.extend(reference(&av[i * 6..][..6], &bv[j * 6..][..6], 2, 3, 2));
        }
    }
    assert_close(&got, &want, 1e-6);
}

#[test]
fn batch_matmul_many_small_products() {
    let a = random(&[5, 3, 4], 3);
    let b = random(&[5, 4, 2], 4);
    let got = op_f32("nn.batch_matmul", "", &[&a, &b], "tensor<5x3x2xf32>");
    let (av, bv) = (a.as_f32().unwrap(), b.as_f32().unwrap());
    let want: Vec<f32> = (0..5)
        .flat_map(|i| reference(&av[i * 12..][..12], &bv[i * 8..][..8], 3, 4, 2))
        .collect();
    assert_close(&got, &want, 1e-6);
}

#[test]
fn gemm_transposes_scales_and_broadcasts_c() {
    // a^T with a = [[1, 2], [3, 4], [5, 6]] (stored [K=3, M=2]); b^T with b stored [N=2, K=3].
    let a = f32s(&[3, 2], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let b = f32s(&[2, 3], &[1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
    let c = f32s(&[2], &[100.0, 200.0]);
    // A' = [[1, 3, 5], [2, 4, 6]], B' = [[1, 0], [0, 1], [1, 0]] → A'B' = [[6, 3], [8, 4]].
    let attrs = "{alpha = 2.0 : f32, beta = 0.5 : f32, transA = true, transB = true}";
    let got = op_f32("nn.gemm", attrs, &[&a, &b, &c], "tensor<2x2xf32>");
    assert_eq!(got, [62.0, 106.0, 66.0, 108.0]);
    let plain = op_f32(
        "nn.gemm",
        "{transA = true, transB = true}",
        &[&a, &b],
        "tensor<2x2xf32>",
    );
    assert_eq!(plain, [6.0, 3.0, 8.0, 4.0]);
    let col = f32s(&[2, 1], &[1.0, -1.0]);
    let got = op_f32(
        "nn.gemm",
        "{transA = true, transB = true}",
        &[&a, &b, &col],
        "tensor<2x2xf32>",
    );
    assert_eq!(got, [7.0, 4.0, 7.0, 3.0]);
}

#[test]
fn bf16_operands_accumulate_in_fp32() {
    // 1 + 2^-8 ... sums that bf16 cannot hold are kept by an FP32 result.
    let a = typed(Scalar::BF16, &[1, 3], &[1.0, 1.0, 1.0]);
    let b = typed(Scalar::BF16, &[3, 1], &[1.0, 2f32.powi(-8), 2f32.powi(-8)]);
    let got = op_f32("nn.matmul", "", &[&a, &b], "tensor<1x1xf32>");
    assert_eq!(got, [1.0 + 2f32.powi(-7)]);
    let narrow = op_f32("nn.matmul", "", &[&a, &b], "tensor<1x1xbf16>");
    assert_eq!(narrow, [1.0 + 2f32.powi(-7)]);
    let b2 = typed(Scalar::BF16, &[3, 1], &[1.0, 2f32.powi(-8), 0.0]);
    let narrow = op_f32("nn.matmul", "", &[&a, &b2], "tensor<1x1xbf16>");
    assert_eq!(narrow, [1.0], "1 + 2^-8 is a tie, rounded to the even 1");
}

#[test]
fn larger_product_matches_f64_reference() {
    let (m, k, n) = (37, 129, 61);
    let a = random(&[m, k], 5);
    let b = random(&[k, n], 6);
    let got = op_f32("nn.matmul", "", &[&a, &b], &format!("tensor<{m}x{n}xf32>"));
    let want = reference(a.as_f32().unwrap(), b.as_f32().unwrap(), m, k, n);
    assert_close(&got, &want, 2e-5);
}

#[test]
fn integer_matmul_wraps() {
    let a = ints(Scalar::I32, &[1, 2], &[i32::MAX as i64, 1]);
    let b = ints(Scalar::I32, &[2, 1], &[2, 3]);
    assert_eq!(op_i64("nn.matmul", "", &[&a, &b], "tensor<1x1xi32>"), [1]);
}
