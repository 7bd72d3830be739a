//! Cost-model tests on small `nhw` functions: the ratios the published figures imply (FP32 vs
//! BF16 matmult, inf1 vs trn1), fast vs exact transposes, linear scaling, errors, and reports.

mod support;

use neuron_cost::target::*;
use neuron_cost::{estimate, nhw_ops_without_cost, op_cost, CostError, Engine, Target};
use neuron_ir::{Attribute, Scalar, Type};
use neuron_nhw as nhw;
use support::*;
use Scalar::{BF16, F16, F32};

/// The cost of `[b, m, k] × [b, k, n]` (2-D when `b` is 0) with inputs of type `elem`.
fn matmult(target: Target, elem: Scalar, b: i64, m: i64, k: i64, n: i64) -> f64 {
    let (lhs, rhs, out) = if b == 0 {
        (t(&[m, k], elem), t(&[k, n], elem), t(&[m, n], F32))
    } else {
        (t(&[b, m, k], elem), t(&[b, k, n], elem), t(&[b, m, n], F32))
    };
    cost::<nhw::MatmultOp>(target, &[lhs, rhs], out, &[]).seconds
}

/// Transposes the last two dims of `shape`.
fn swapped(shape: &[i64]) -> (Vec<i64>, Vec<i64>) {
    let r = shape.len();
    let mut perm: Vec<i64> = (0..r as i64).collect();
    perm.swap(r - 2, r - 1);
    let mut out = shape.to_vec();
    out.swap(r - 2, r - 1);
    (perm, out)
}

/// The cost of a PE transpose of the last two dims of `shape` (data `elem`, matmul in `dtype`).
fn pe_transpose(target: Target, shape: &[i64], elem: Scalar, dtype: Scalar) -> f64 {
    let (perm, out) = swapped(shape);
    let attrs = [("perm", ints(&perm)), ("dtype", ty_attr(dtype))];
    cost::<nhw::PeTransposeOp>(target, &[t(shape, elem)], t(&out, elem), &attrs).seconds
}

/// The cost of a DMA transpose of the last two dims of `shape`.
fn dma_transpose(target: Target, shape: &[i64], elem: Scalar) -> f64 {
    let (perm, out) = swapped(shape);
    let attrs = [("perm", ints(&perm))];
    cost::<nhw::DmaTransposeOp>(target, &[t(shape, elem)], t(&out, elem), &attrs).seconds
}

fn tensor_add(target: Target, shape: &[i64]) -> f64 {
    let attrs = [("op", Attribute::string("add"))];
    let args = [t(shape, F32), t(shape, F32)];
    cost::<nhw::TensorTensorOp>(target, &args, t(shape, F32), &attrs).seconds
}

fn exp(target: Target, shape: &[i64]) -> f64 {
    let attrs = [("func", Attribute::string("exp"))];
    cost::<nhw::ActivationOp>(target, &[t(shape, F32)], t(shape, F32), &attrs).seconds
}

fn copy(target: Target, from: &[i64], to: &[i64], elem: Scalar) -> f64 {
    cost::<nhw::DmaCopyOp>(target, &[t(from, elem)], t(to, elem), &[]).seconds
}

#[test]
fn fp32_matmult_costs_four_times_bf16_on_trn1() {
    for (b, m, k, n) in [
        (0, 512, 512, 512),
        (8, 128, 64, 128),
        (0, 1, 768, 3072),
        (4, 100, 300, 700),
    ] {
        let bf16 = matmult(Target::Trn1, BF16, b, m, k, n);
        let f32 = matmult(Target::Trn1, F32, b, m, k, n);
        assert_ratio(f32, bf16, 92.0 / 23.0, 1e-12);
    }
}

#[test]
fn fp16_tf32_and_fp8_run_at_the_bf16_rate_on_trn1() {
    let bf16 = matmult(Target::Trn1, BF16, 0, 256, 256, 256);
    for elem in [F16, Scalar::TF32, Scalar::F8E4M3FN, Scalar::F8E5M2] {
        assert_eq!(
            matmult(Target::Trn1, elem, 0, 256, 256, 256),
            bf16,
            "{elem}"
        );
    }
}

#[test]
fn fp32_matmult_is_an_error_on_inf1() {
    let args = [t(&[64, 64], F32), t(&[64, 64], F32)];
    let (f, op) = one_op::<nhw::MatmultOp>(&args, t(&[64, 64], F32), &[]);
    let err = op_cost(&f, op, Target::Inf1).unwrap_err();
    assert!(
        matches!(&err, CostError::Illegal { op, .. } if op == "nhw.matmult"),
        "{err}"
    );
    assert!(err.to_string().contains("no FP32 matmul on inf1"), "{err}");
    // The same op is legal on trn1.
    assert!(op_cost(&f, op, Target::Trn1).is_ok());
}

#[test]
fn large_matmults_follow_the_tensor_engine_figures() {
    // trn1 full tiles reach 128·128·2·2.8 GHz = 91.75 TFLOPS, i.e. the published 92.
    let (m, k, n) = (1024.0, 1024.0, 1024.0);
    let trn1 = matmult(Target::Trn1, BF16, 0, 1024, 1024, 1024);
    assert_ratio(2.0 * m * k * n / trn1, TRN1_TENSOR_FLOPS_16BIT, 1.0, 0.01);
    // inf1: 16 TFLOPS per core, so trn1 is about 92 / 16 times faster.
    let inf1 = matmult(Target::Inf1, BF16, 0, 1024, 1024, 1024);
    assert_ratio(inf1, 2.0 * m * k * n / INF1_TENSOR_FLOPS_16BIT, 1.0, 1e-12);
    assert_ratio(inf1, trn1, 92.0 / 16.0, 0.01);
    // Both targets share the tile model's utilisation, so the ratio holds for every shape.
    let peak_ratio = 2.0 * 128.0 * 128.0 * TRN1_TENSOR_CLOCK_HZ / INF1_TENSOR_FLOPS_16BIT;
    for (b, m, k, n) in [(0, 1, 4096, 4096), (96, 128, 32, 128), (0, 100, 300, 700)] {
        let (i, t) = (
            matmult(Target::Inf1, F16, b, m, k, n),
            matmult(Target::Trn1, F16, b, m, k, n),
        );
        assert_ratio(i, t, peak_ratio, 1e-12);
    }
}

#[test]
fn small_matmults_pay_for_whole_instructions_on_trn1() {
    // K = 32 uses a quarter of the array; N = 16 still takes the 64-cycle minimum.
    let small = matmult(Target::Trn1, BF16, 0, 128, 32, 16);
    assert_ratio(small, 64.0 / TRN1_TENSOR_CLOCK_HZ, 1.0, 1e-12);
    assert_eq!(small, matmult(Target::Trn1, BF16, 0, 128, 128, 64));
}

#[test]
fn fast_transposes_are_cheaper_than_exact_ones() {
    let shapes: [&[i64]; 4] = [
        &[8, 12, 128, 32],
        &[8, 12, 32, 128],
        &[1, 512, 768],
        &[16, 64, 64],
    ];
    for target in Target::ALL {
        for shape in shapes {
            for (elem, dtype) in [(F32, BF16), (F32, F16), (BF16, BF16), (F16, F16)] {
                let fast = pe_transpose(target, shape, elem, dtype);
                let exact = dma_transpose(target, shape, elem);
                assert!(
                    fast < exact,
                    "{target} {shape:?} {elem}/{dtype}: pe {fast} >= dma {exact}"
                );
            }
        }
    }
}

#[test]
fn attention_transpose_figures() {
    // The issue's case: [8, 12, 128, 32] → [8, 12, 32, 128].
    let shape = [8, 12, 128, 32];
    // trn1: 96 tiles, each one 128-cycle instruction (K = 128, N = 128) at 2.8 GHz.
    let pe = pe_transpose(Target::Trn1, &shape, F32, BF16);
    assert_ratio(pe, 96.0 * 128.0 / 2.8e9, 1.0, 1e-12);
    // An FP32 PE transpose on trn1 costs 4×, and is still cheaper than the byte move.
    let pe32 = pe_transpose(Target::Trn1, &shape, F32, F32);
    assert_ratio(pe32, pe, 4.0, 1e-12);
    assert!(pe32 < dma_transpose(Target::Trn1, &shape, F32));
    // DMA: 393216 elements of 4 bytes, each a 64-byte burst, at 410 GiB/s.
    let dma = dma_transpose(Target::Trn1, &shape, F32);
    assert_ratio(
        dma,
        393216.0 * 64.0 / (410.0 * (1u64 << 30) as f64),
        1.0,
        1e-12,
    );
    // On inf1 FP32 PE transposes are illegal (no FP32 on the NeuronCore-v1 Tensor engine).
    let (perm, out) = swapped(&shape);
    let attrs = [("perm", ints(&perm)), ("dtype", ty_attr(F32))];
    let (f, op) = one_op::<nhw::PeTransposeOp>(&[t(&shape, F32)], t(&out, F32), &attrs);
    assert!(matches!(
        op_cost(&f, op, Target::Inf1),
        Err(CostError::Illegal { .. })
    ));
}

#[test]
fn head_merges_are_cheaper_by_dma() {
    // [8, 12, 128, 32] → [8, 128, 12, 32] keeps the last dim: DMA moves 32-element runs, while
    // the PE transpose runs 1024 tiny [32, 12] tiles of one 64-cycle instruction each.
    let (shape, out) = ([8, 12, 128, 32], [8, 128, 12, 32]);
    let perm = [("perm", ints(&[0, 2, 1, 3]))];
    let pe_attrs = [perm[0].clone(), ("dtype", ty_attr(BF16))];
    for target in Target::ALL {
        let args = [t(&shape, F32)];
        let dma = cost::<nhw::DmaTransposeOp>(target, &args, t(&out, F32), &perm).seconds;
        let pe = cost::<nhw::PeTransposeOp>(target, &args, t(&out, F32), &pe_attrs).seconds;
        assert!(dma < pe, "{target}: dma {dma} >= pe {pe}");
    }
    let pe = cost::<nhw::PeTransposeOp>(Target::Trn1, &[t(&shape, F32)], t(&out, F32), &pe_attrs);
    assert_ratio(pe.seconds, 1024.0 * 64.0 / TRN1_TENSOR_CLOCK_HZ, 1.0, 1e-12);
}

#[test]
fn transposes_keeping_the_last_dim_move_whole_rows() {
    // [a, b, c, d] → [b, a, c, d] copies runs of c·d elements: as fast as a plain copy.
    let shape = [4, 8, 16, 64];
    let attrs = [("perm", ints(&[1, 0, 2, 3]))];
    let args = [t(&shape, F32)];
    let rows = cost::<nhw::DmaTransposeOp>(Target::Trn1, &args, t(&[8, 4, 16, 64], F32), &attrs);
    let plain = copy(Target::Trn1, &shape, &shape, F32);
    assert_ratio(rows.seconds, plain, 1.0, 1e-12);
    // Swapping the last two dims moves 4-byte elements one 64-byte burst each: 16× slower.
    assert_ratio(
        dma_transpose(Target::Trn1, &shape, F32),
        rows.seconds,
        16.0,
        1e-12,
    );
}

#[test]
fn costs_scale_linearly_with_size() {
    for target in Target::ALL {
        let base = matmult(target, BF16, 4, 256, 256, 512);
        assert_ratio(matmult(target, BF16, 8, 256, 256, 512), base, 2.0, 1e-12);
        assert_ratio(matmult(target, BF16, 4, 512, 256, 512), base, 2.0, 1e-12);
        assert_ratio(matmult(target, BF16, 4, 256, 512, 512), base, 2.0, 1e-12);
        assert_ratio(matmult(target, BF16, 4, 256, 256, 1024), base, 2.0, 1e-12);
        let tr = pe_transpose(target, &[4, 256, 256], BF16, BF16);
        assert_ratio(
            pe_transpose(target, &[8, 256, 256], BF16, BF16),
            tr,
            2.0,
            1e-12,
        );
        let dt = dma_transpose(target, &[4, 256, 256], BF16);
        assert_ratio(dma_transpose(target, &[8, 256, 256], BF16), dt, 2.0, 1e-12);
        assert_ratio(
            tensor_add(target, &[64, 1024]),
            tensor_add(target, &[32, 1024]),
            2.0,
            1e-12,
        );
        assert_ratio(
            exp(target, &[64, 1024]),
            exp(target, &[32, 1024]),
            2.0,
            1e-12,
        );
        let c = copy(target, &[1024, 1024], &[1024, 1024], BF16);
        assert_ratio(
            copy(target, &[2048, 1024], &[2048, 1024], BF16),
            c,
            2.0,
            1e-12,
        );
    }
}

#[test]
fn inf1_and_trn1_differ_as_the_figures_say() {
    // DMA: 50 GiB/s over 4 cores vs 820 GiB/s over 2 cores.
    let shape = [1024, 1024];
    let ratio = copy(Target::Inf1, &shape, &shape, F32) / copy(Target::Trn1, &shape, &shape, F32);
    assert_ratio(ratio, (820.0 / 2.0) / (50.0 / 4.0), 1.0, 1e-12);
    // Vector: trn1 2 cycles per free element over 128 partitions at 1.12 GHz;
    // inf1 256 FLOP/cycle at the assumed clock.
    let n = 64.0 * 1024.0;
    assert_ratio(
        tensor_add(Target::Trn1, &[64, 1024]),
        2.0 * n / 128.0 / 1.12e9,
        1.0,
        1e-12,
    );
    assert_ratio(
        tensor_add(Target::Inf1, &[64, 1024]),
        n / 256.0 / INF1_ENGINE_CLOCK_HZ,
        1.0,
        1e-12,
    );
    // Scalar: trn1 1 cycle per free element at 1.4 GHz; inf1 512 FLOP/cycle.
    assert_ratio(
        exp(Target::Trn1, &[64, 1024]),
        n / 128.0 / 1.4e9,
        1.0,
        1e-12,
    );
    assert_ratio(
        exp(Target::Inf1, &[64, 1024]),
        n / 512.0 / INF1_ENGINE_CLOCK_HZ,
        1.0,
        1e-12,
    );
}

#[test]
fn narrow_types_do_not_speed_up_vector_and_scalar() {
    for target in Target::ALL {
        let shape = [128, 512];
        let attrs = [("func", Attribute::string("exp"))];
        let bf16 = cost::<nhw::ActivationOp>(target, &[t(&shape, BF16)], t(&shape, BF16), &attrs);
        assert_eq!(bf16.seconds, exp(target, &shape));
        // …but DMA moves half the bytes.
        assert_ratio(
            copy(target, &shape, &shape, F32),
            copy(target, &shape, &shape, BF16),
            2.0,
            1e-12,
        );
    }
}

#[test]
fn reductions_and_pools_count_the_elements_they_read() {
    let input = t(&[8, 12, 128, 128], F32);
    let attrs = [
        ("op", Attribute::string("sum")),
        ("axes", ints(&[3])),
        ("keepdims", Attribute::Bool(true)),
        ("acc", ty_attr(F32)),
    ];
    let r = cost::<nhw::TensorReduceOp>(Target::Trn1, &[input], t(&[8, 12, 128, 1], F32), &attrs);
    assert_eq!(r.engine, Engine::Vector);
    assert_ratio(
        r.seconds,
        (8.0 * 12.0 * 128.0 * 128.0) / 128.0 / 1.12e9,
        1.0,
        1e-12,
    );
    let pool_attrs = [
        ("kind", Attribute::string("max")),
        ("kernel_shape", ints(&[3, 3])),
        ("strides", ints(&[1, 1])),
        ("pads", ints(&[1, 1, 1, 1])),
        ("dilations", ints(&[1, 1])),
    ];
    let x = t(&[1, 64, 56, 56], F32);
    let p = cost::<nhw::PoolOp>(
        Target::Trn1,
        std::slice::from_ref(&x),
        x.clone(),
        &pool_attrs,
    );
    assert_eq!(p.flops, 64.0 * 56.0 * 56.0 * 9.0);
    assert_ratio(p.seconds, p.flops / 128.0 / 1.12e9, 1.0, 1e-3);
}

#[test]
fn engines_and_bytes_per_op() {
    let shape = [128, 256];
    let c = cost::<nhw::CastOp>(Target::Trn1, &[t(&shape, F32)], t(&shape, BF16), &[]);
    assert_eq!((c.engine, c.bytes), (Engine::Scalar, 128.0 * 256.0 * 2.0));
    let args = [t(&shape, Scalar::I1), t(&shape, F32), t(&shape, F32)];
    let s = cost::<nhw::SelectOp>(Target::Trn1, &args, t(&shape, F32), &[]);
    assert_eq!(s.engine, Engine::Vector);
    assert_eq!(s.seconds, tensor_add(Target::Trn1, &shape));
    let r = cost::<nhw::ReshapeOp>(Target::Trn1, &[t(&shape, F32)], t(&[256, 128], F32), &[]);
    assert_eq!((r.engine, r.seconds, r.bytes), (Engine::Dma, 0.0, 0.0));
}

#[test]
fn other_dialects_are_not_costed() {
    let mut f = func(&[t(&[4], F32), t(&[4], F32)]);
    let (a, b) = (arg(&f, 0), arg(&f, 1));
    let op = add::<neuron_nn::AddOp>(&mut f, &[a, b], t(&[4], F32), &[]);
    let err = op_cost(&f, op, Target::Trn1).unwrap_err();
    assert!(
        matches!(&err, CostError::Unsupported { op, .. } if op == "nn.add"),
        "{err}"
    );
    assert!(estimate(&module(f), "main", Target::Trn1).is_err());
}

#[test]
fn every_nhw_op_has_a_cost() {
    assert_eq!(nhw_ops_without_cost(), Vec::<&str>::new());
}

#[test]
fn targets_parse() {
    assert_eq!("inf1".parse::<Target>().unwrap(), Target::Inf1);
    assert_eq!("trn1".parse::<Target>().unwrap(), Target::Trn1);
    let err = "trn2".parse::<Target>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown target 'trn2' (expected 'inf1' or 'trn1')"
    );
}

#[test]
fn missing_function_is_an_error() {
    let m = module(func(&[]));
    let err = estimate(&m, "nope", Target::Trn1).unwrap_err();
    assert_eq!(err, CostError::NoSuchFunction("nope".into()));
}

#[test]
fn malformed_ops_are_errors_not_panics() {
    // Unverified IR: a matmult on scalars, and a DMA transpose without its perm.
    let mut f = func(&[Type::Scalar(F32), Type::Scalar(F32)]);
    let (a, b) = (arg(&f, 0), arg(&f, 1));
    let op = add::<nhw::MatmultOp>(&mut f, &[a, b], Type::Scalar(F32), &[]);
    let err = op_cost(&f, op, Target::Trn1).unwrap_err();
    assert!(matches!(err, CostError::Malformed { .. }), "{err}");
    let mut f = func(&[t(&[4, 8], F32)]);
    let x = arg(&f, 0);
    let op = add::<nhw::DmaTransposeOp>(&mut f, &[x], t(&[8, 4], F32), &[]);
    let err = op_cost(&f, op, Target::Trn1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "'nhw.dma_transpose' op requires attribute 'perm'"
    );
}

#[test]
fn the_lowering_target_is_read_from_the_module() {
    let mut m = module(func(&[]));
    assert_eq!(Target::of_module(&m), None);
    m.attrs.push(neuron_ir::NamedAttr {
        name: nhw::TARGET_ATTR.into(),
        value: Attribute::string("inf1"),
    });
    assert_eq!(Target::of_module(&m), Some(Target::Inf1));
}

/// `@main` gathering 4 rows of a constant `[1000, 64]` table (through a reshape when `reshaped`),
/// plus, when `also_added`, an elementwise use of the whole table.
fn embedding(reshaped: bool, also_added: bool) -> String {
    let table =
        "%t = nhw.constant {value = dense<0.5> : tensor<1000x64xf32>} : () -> tensor<1000x64xf32>";
    let (src, reshape) = match reshaped {
        true => (
            "%r",
            "%r = nhw.reshape %t : (tensor<1000x64xf32>) -> tensor<1000x64xf32>",
        ),
        false => ("%t", ""),
    };
    let add = match also_added {
        true => "%s = nhw.tensor_tensor %t, %t {op = \"add\"} : tensor<1000x64xf32>",
        false => "",
    };
    format!(
        "func.func @main(%ids: tensor<4xi64>) -> tensor<4x64xf32> {{\n  {table}\n  {reshape}\n  {add}\n  \
         %g = nhw.dma_gather {src}, %ids {{axis = 0 : i64}} : (tensor<1000x64xf32>, tensor<4xi64>) -> tensor<4x64xf32>\n  \
         return %g : tensor<4x64xf32>\n}}\n"
    )
}

#[test]
fn gathered_tables_cost_the_rows_read_not_the_whole_table() {
    neuron_nhw::link();
    let bytes = |text: &str| {
        let m = neuron_ir::parser::parse_module(text, &"t.mlir".into(), &Default::default())
            .expect("parses");
        let r = estimate(&m, "main", Target::Trn1).expect("costed");
        let of = |k: &str| {
            r.ops
                .iter()
                .filter(|o| o.op == k)
                .map(|o| o.bytes)
                .sum::<f64>()
        };
        (of("nhw.constant"), of("nhw.dma_gather"))
    };
    let rows = 4.0 * 64.0 * 4.0;
    assert_eq!(bytes(&embedding(false, false)), (0.0, rows));
    assert_eq!(bytes(&embedding(true, false)), (0.0, rows));
    // A table also read whole by another op is loaded whole.
    assert_eq!(bytes(&embedding(false, true)), (1000.0 * 64.0 * 4.0, rows));
}
