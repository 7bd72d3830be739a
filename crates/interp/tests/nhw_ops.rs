//! The `nhw` kernels: matmult against the FP32 GEMM of rounded inputs, pe_transpose's
//! exactness and its Inf/NaN spreading per 128-element tile, engine rounding (FP16 overflow),
//! reductions, pooling, im2col, data movement, and thread-count independence.

mod nhw_support;

use half::bf16;
use neuron_interp::nhw::{nhw_ops_without_kernel, NhwOptions, Rounding};
use neuron_interp::{run_function, InterpOptions, Tensor};
use neuron_ir::Scalar;
use nhw_support::*;
use proptest::prelude::*;

#[test]
fn every_nhw_op_has_a_kernel() {
    neuron_nhw::link();
    assert_eq!(nhw_ops_without_kernel(), Vec::<&str>::new());
}

/// `cast(a), cast(b)` to `ty`, then `nhw.matmult` with an FP32 result.
fn matmult_text(m: usize, k: usize, n: usize, ty: Scalar) -> String {
    let (a, b, c) = (
        format!("tensor<{m}x{k}xf32>"),
        format!("tensor<{k}x{n}xf32>"),
        format!("tensor<{m}x{n}xf32>"),
    );
    let (an, bn) = (
        format!("tensor<{m}x{k}x{ty}>"),
        format!("tensor<{k}x{n}x{ty}>"),
    );
    format!(
        "func.func @main(%a: {a}, %b: {b}) -> {c} {{\n  %x = \"nhw.cast\"(%a) : ({a}) -> {an}\n  \
         %y = \"nhw.cast\"(%b) : ({b}) -> {bn}\n  %c = \"nhw.matmult\"(%x, %y) : ({an}, {bn}) -> {c}\n  \
         func.return %c : {c}\n}}\n"
    )
}

/// The FP32 `nn.matmul` of two f32 tensors by the `nn` interpreter.
fn fp32_matmul(a: &Tensor, b: &Tensor) -> Vec<f32> {
    let (m, n) = (a.shape[0], b.shape[1]);
    let text = format!(
        "func.func @main(%a: {}, %b: {}) -> tensor<{m}x{n}xf32> {{\n  %c = \"nn.matmul\"(%a, %b) : ({}, {}) -> tensor<{m}x{n}xf32>\n  func.return %c : tensor<{m}x{n}xf32>\n}}\n",
        a.ty(), b.ty(), a.ty(), b.ty()
    );
    let out = run_function(
        &module(&text),
        "main",
        vec![a.clone(), b.clone()],
        &InterpOptions { threads: 1 },
    );
    out.unwrap().remove(0).as_f32().unwrap().to_vec()
}

fn bf16_round(v: &[f32]) -> Vec<f32> {
    v.iter().map(|&x| bf16::from_f32(x).to_f32()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn bf16_matmult_equals_fp32_matmul_of_rounded_inputs(
        m in 1usize..40, k in 1usize..300, n in 1usize..40, seed in any::<u64>()
    ) {
        let (av, bv) = (random_values(m * k, seed, 4.0), random_values(k * n, seed ^ 1, 4.0));
        let (a, b) = (f32s(&[m, k], &av), f32s(&[k, n], &bv));
        let got = run(&matmult_text(m, k, n, Scalar::BF16), vec![a, b]).remove(0);
        let want = fp32_matmul(&f32s(&[m, k], &bf16_round(&av)), &f32s(&[k, n], &bf16_round(&bv)));
        assert_bits(got.as_f32().unwrap(), &want);
    }

    #[test]
    fn pe_transpose_of_finite_16_bit_data_is_exact(
        r in 1usize..300, c in 1usize..20, seed in any::<u64>(), f16 in any::<bool>()
    ) {
        let ty = if f16 { Scalar::F16 } else { Scalar::BF16 };
        let x = typed(ty, &[r, c], &random_values(r * c, seed, 1000.0));
        let attrs = format!("{{perm = array<i64: 1, 0>, dtype = {ty}}}");
        let got = op_f32("nhw.pe_transpose", &attrs, &[&x], &format!("tensor<{c}x{r}x{ty}>"));
        let v = x.as_f32().unwrap();
        for (i, g) in got.iter().enumerate() {
            let (row, col) = (i / r, i % r);
            prop_assert_eq!(*g, v[col * c + row]);
        }
    }

    #[test]
    fn pe_transpose_of_fp32_data_rounds_then_transposes(
        r in 1usize..200, c in 1usize..9, seed in any::<u64>()
    ) {
        let v = random_values(r * c, seed, 100.0);
        let x = f32s(&[r, c], &v);
        let got = op_f32("nhw.pe_transpose", "{perm = array<i64: 1, 0>, dtype = bf16}", &[&x], &format!("tensor<{c}x{r}xf32>"));
        let dma = op_f32("nhw.dma_transpose", "{perm = array<i64: 1, 0>}", &[&f32s(&[r, c], &bf16_round(&v))], &format!("tensor<{c}x{r}xf32>"));
        prop_assert_eq!(got, dma);
    }
}

/// A `[300, 2]` f32 input with one infinity at row 5, column 0, transposed to `[2, 300]`.
fn spread(attrs: &str) -> Vec<f32> {
    let mut v: Vec<f32> = (0..600).map(|i| i as f32).collect();
    v[5 * 2] = f32::INFINITY;
    let x = f32s(&[300, 2], &v);
    op_f32("nhw.pe_transpose", attrs, &[&x], "tensor<2x300xf32>")
}

#[test]
fn an_infinity_spreads_nan_over_its_tile() {
    let y = spread("{perm = array<i64: 1, 0>, dtype = bf16}");
    assert_eq!(y[5], f32::INFINITY, "the infinity itself stays");
    assert!(
        (0..128).filter(|&j| j != 5).all(|j| y[j].is_nan()),
        "0·Inf in its tile"
    );
    let r = |v: usize| bf16::from_f32(v as f32).to_f32();
    assert!(
        (128..300).all(|j| y[j] == r(j * 2)),
        "the next tiles are untouched"
    );
    assert!((0..300).all(|j| y[300 + j] == r(j * 2 + 1)));
}

#[test]
fn saturate_infinity_prevents_the_spread() {
    let y = spread("{perm = array<i64: 1, 0>, dtype = bf16, saturate_infinity}");
    assert_eq!(
        y[5],
        f32::from_bits(0x7F7F_0000),
        "±Inf became ±MAX of bf16"
    );
    assert!(y.iter().all(|v| v.is_finite()));
}

#[test]
fn pe_transpose_in_f16_overflows_and_zeros_lose_their_sign() {
    let x = f32s(&[2, 2], &[70000.0, -0.0, 1.0, 2.0]);
    let y = op_f32(
        "nhw.pe_transpose",
        "{perm = array<i64: 1, 0>, dtype = f16}",
        &[&x],
        "tensor<2x2xf32>",
    );
    // 70000 overflows FP16 to Inf, which turns the other element of its tile column into NaN.
    assert_eq!(y[0], f32::INFINITY);
    assert!(y[1].is_nan());
    assert_eq!(
        y[2].to_bits(),
        0.0f32.to_bits(),
        "−0 comes out of the identity matmul as +0"
    );
    assert_eq!(y[3], 2.0);
}

#[test]
fn fp16_engine_results_overflow_to_infinity() {
    let x = typed(Scalar::F16, &[2], &[60000.0, -60000.0]);
    let got = op_f32(
        "nhw.tensor_tensor",
        "{op = \"add\"}",
        &[&x, &x],
        "tensor<2xf16>",
    );
    assert_eq!(got, [f32::INFINITY, f32::NEG_INFINITY]);
    let wide = op_f32(
        "nhw.tensor_tensor",
        "{op = \"add\"}",
        &[&x, &x],
        "tensor<2xf32>",
    );
    assert_eq!(
        wide,
        [120000.0, -120000.0],
        "an FP32 result keeps the value"
    );
}

#[test]
fn activation_computes_func_of_scaled_input() {
    let x = f32s(&[3], &[-2.0, 0.5, 4.0]);
    let got = op_f32(
        "nhw.activation",
        "{func = \"relu\", scale = 2.0 : f32, bias = 1.0 : f32}",
        &[&x],
        "tensor<3xf32>",
    );
    assert_eq!(got, [0.0, 2.0, 9.0]);
    let got = op_f32(
        "nhw.activation",
        "{func = \"rsqrt\", bias = 5.0 : f32}",
        &[&f32s(&[1], &[-1.0])],
        "tensor<1xf32>",
    );
    assert_eq!(got, [0.5]);
    let got = op_f32(
        "nhw.activation",
        "{func = \"clip\", min = -1.0 : f32, max = 1.0 : f32}",
        &[&x],
        "tensor<3xbf16>",
    );
    assert_eq!(got, [-1.0, 0.5, 1.0]);
    let z = op_f32(
        "nhw.activation",
        "{func = \"identity\"}",
        &[&f32s(&[1], &[-0.0])],
        "tensor<1xf32>",
    );
    assert!(z[0].is_sign_negative(), "the identity keeps −0");
    let i = Tensor::from_i64(Scalar::I32, vec![2], vec![-3, 4]).unwrap();
    let got = run_op(
        "nhw.activation",
        "{func = \"square\"}",
        &[&i],
        "tensor<2xi32>",
    );
    assert_eq!(got.as_i64().unwrap(), &[9, 16]);
}

#[test]
fn tensor_reduce_accumulates_in_its_acc_type() {
    // 1 + 2^-8 · 256 in bf16 steps: each addition of 2^-8 to 1 is a tie that rounds back to 1.
    let mut v = vec![2f32.powi(-8); 257];
    v[0] = 1.0;
    let x = typed(Scalar::BF16, &[257], &v);
    let text =
        |acc: &str| format!("{{op = \"sum\", axes = array<i64: 0>, keepdims = true, acc = {acc}}}");
    assert_eq!(
        op_f32("nhw.tensor_reduce", &text("bf16"), &[&x], "tensor<1xf32>"),
        [1.0]
    );
    assert_eq!(
        op_f32("nhw.tensor_reduce", &text("f32"), &[&x], "tensor<1xf32>"),
        [2.0]
    );
    let m = f32s(&[2, 3], &[1.0, f32::NAN, 3.0, -1.0, -5.0, 2.0]);
    let mean = op_f32(
        "nhw.tensor_reduce",
        "{op = \"max\", axes = array<i64: 1>, keepdims = false, acc = f32}",
        &[&m],
        "tensor<2xf32>",
    );
    assert!(mean[0].is_nan() && mean[1] == 2.0);
    let mean = op_f32(
        "nhw.tensor_reduce",
        "{op = \"mean\", axes = array<i64: 0>, keepdims = false, acc = f32}",
        &[&m],
        "tensor<3xf32>",
    );
    assert_eq!(mean[0], 0.0);
    assert_eq!(mean[2], 2.5);
}

#[test]
fn pool_max_and_avg() {
    let x = f32s(&[1, 1, 3, 3], &(0..9).map(|i| i as f32).collect::<Vec<_>>());
    let attrs = |kind: &str, extra: &str| {
        format!("{{kind = \"{kind}\", kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>{extra}}}")
    };
    let max = op_f32("nhw.pool", &attrs("max", ""), &[&x], "tensor<1x1x3x3xf32>");
    assert_eq!(max, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
    let avg = op_f32("nhw.pool", &attrs("avg", ""), &[&x], "tensor<1x1x3x3xf32>");
    assert_eq!(avg[0], 0.0);
    assert_eq!(avg[4], 2.0);
    let avg = op_f32(
        "nhw.pool",
        &attrs("avg", ", count_include_pad = true"),
        &[&x],
        "tensor<1x1x3x3xf32>",
    );
    assert_eq!(avg[4], 2.0);
    assert_eq!(avg[0], 0.0);
    assert_eq!(avg[1], 0.25);
}

#[test]
fn im2col_layout() {
    // Two images of one channel, 2×2, a 1×2 kernel: rows are the taps, columns (image, position).
    let x = f32s(&[2, 1, 2, 2], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
    let attrs = "{kernel_shape = array<i64: 1, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}";
    let got = op_f32("nhw.im2col", attrs, &[&x], "tensor<1x2x4xf32>");
    assert_eq!(got, [1.0, 3.0, 5.0, 7.0, 2.0, 4.0, 6.0, 8.0]);
}

#[test]
fn data_movement_is_exact() {
    let x = typed(Scalar::BF16, &[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let t = op_f32(
        "nhw.dma_transpose",
        "{perm = array<i64: 1, 0>}",
        &[&x],
        "tensor<3x2xbf16>",
    );
    assert_eq!(t, [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    let s = op_f32("nhw.dma_slice", "{starts = array<i64: 1>, ends = array<i64: 3>, axes = array<i64: 1>, steps = array<i64: 1>}", &[&x], "tensor<2x2xbf16>");
    assert_eq!(s, [2.0, 3.0, 5.0, 6.0]);
    let c = op_f32(
        "nhw.dma_copy",
        "",
        &[&f32s(&[1, 2], &[1.0, 2.0])],
        "tensor<2x2xf32>",
    );
    assert_eq!(c, [1.0, 2.0, 1.0, 2.0]);
    let p = op_f32(
        "nhw.dma_pad",
        "{pads = array<i64: 1, 0>, value = 0.1 : f32}",
        &[&typed(Scalar::BF16, &[1], &[1.0])],
        "tensor<2xbf16>",
    );
    assert_eq!(
        p,
        [bf16::from_f32(0.1).to_f32(), 1.0],
        "the pad value is rounded to the type"
    );
}

#[test]
fn results_do_not_depend_on_threads() {
    let text = matmult_text(64, 200, 48, Scalar::F16);
    let a = f32s(&[64, 200], &random_values(64 * 200, 3, 2.0));
    let b = f32s(&[200, 48], &random_values(200 * 48, 4, 2.0));
    for rounding in [Rounding::NearestEven, Rounding::Stochastic { seed: 9 }] {
        let one = run_with(&text, vec![a.clone(), b.clone()], 1, rounding).unwrap();
        let two = run_with(&text, vec![a.clone(), b.clone()], 2, rounding).unwrap();
        assert_bits(one[0].as_f32().unwrap(), two[0].as_f32().unwrap());
    }
}

#[test]
fn a_kernel_error_is_an_error_not_a_panic() {
    let idx = Tensor::from_i64(Scalar::I64, vec![1], vec![7]).unwrap();
    let table = f32s(&[2, 2], &[1.0, 2.0, 3.0, 4.0]);
    let text = op_text(
        "nhw.dma_gather",
        "{axis = 0 : i64}",
        &[&table, &idx],
        "tensor<1x2xf32>",
    );
    let err = run_with(&text, vec![table, idx], 1, Rounding::NearestEven).unwrap_err();
    assert!(err.to_string().contains("out of range"), "{err}");
    let nn = "func.func @main(%a: tensor<1xf32>) -> tensor<1xf32> {\n  %r = \"nn.neg\"(%a) : (tensor<1xf32>) -> tensor<1xf32>\n  func.return %r : tensor<1xf32>\n}\n";
    let opts = NhwOptions::default();
    let err =
        neuron_interp::nhw::run_function(&module(nn), "main", vec![f32s(&[1], &[1.0])], &opts)
            .unwrap_err();
    assert!(err.to_string().contains("not supported"), "{err}");
}
