//! The cost formulas, as pure functions of shapes, element types and the target.
//!
//! Nothing here reads IR: `ops.rs` extracts shapes and attributes from an op and calls these.
//! The formulas (and which figure or assumption each uses) are written out in docs/cost-model.md.

use crate::target::*;
use neuron_ir::Scalar;

/// How fast the Tensor engine runs for an input element type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TensorRate {
    /// The 16-bit (and TF32/FP8 on trn1) rate: the full array throughput.
    Fast,
    /// FP32 (and integers on trn1, computed in FP32): `TRN1_TENSOR_FLOPS_16BIT /
    /// TRN1_TENSOR_FLOPS_FP32` times slower.
    Fp32,
    /// INT8 on inf1.
    Int8,
}

/// The Tensor engine rate for inputs of type `elem`, or why the target cannot take them.
pub fn tensor_rate(target: Target, elem: Scalar) -> Result<TensorRate, String> {
    use Scalar::*;
    match (target, elem) {
        (Target::Inf1, BF16 | F16) => Ok(TensorRate::Fast),
        (Target::Inf1, I8) => Ok(TensorRate::Int8),
        (Target::Inf1, _) => Err(format!(
            "computes in {elem} on the Tensor engine, but NeuronCore-v1 takes only FP16/BF16/INT8 \
             there (no FP32 matmul on inf1): cast to bf16 or f16 first"
        )),
        (Target::Trn1, BF16 | F16 | TF32 | F8E4M3FN | F8E5M2) => Ok(TensorRate::Fast),
        // hardware.md: "Integer matmul has no integer datapath: computed in FP32".
        (Target::Trn1, _) => Ok(TensorRate::Fp32),
    }
}

/// Time and work of one op on its engine.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Work {
    /// Estimated seconds on the engine.
    pub seconds: f64,
    /// Floating-point (or integer) operations performed.
    pub flops: f64,
}

/// `ceil(a / b)` for `b > 0`.
fn ceil_div(a: u64, b: u64) -> u64 {
    a.div_ceil(b)
}

/// Cycles of the instructions covering a free size `n` in tiles of at most `tile`, each
/// instruction taking max(tile size, 64) cycles (hardware.md, NeuronCore-v2).
pub fn tiled_cycles(n: u64, tile: u64) -> u64 {
    let (full, rest) = (n / tile, n % tile);
    let rest_cycles = if rest > 0 {
        rest.max(TRN1_MATMULT_MIN_CYCLES)
    } else {
        0
    };
    full * tile.max(TRN1_MATMULT_MIN_CYCLES) + rest_cycles
}

/// trn1 cycles of one `[m, k] × [k, n]` product at the 16-bit rate: K in tiles of 128, the
/// stationary operand in tiles of 128, the moving operand in tiles of 512, each instruction
/// max(N, 64) cycles. ASSUMPTION A5 (operand roles): the cheaper of the two roles is taken.
pub fn trn1_matmult_cycles(m: u64, k: u64, n: u64) -> u64 {
    let k_tiles = ceil_div(k, TRN1_MAX_K);
    let roles = |stationary: u64, moving: u64| {
        ceil_div(stationary, TRN1_MAX_STATIONARY) * tiled_cycles(moving, TRN1_MAX_MOVING)
    };
    k_tiles * roles(m, n).min(roles(n, m))
}

/// The FP32 slow-down of the trn1 Tensor engine: 92 / 23 = 4 (hardware.md).
pub fn trn1_fp32_factor() -> f64 {
    TRN1_TENSOR_FLOPS_16BIT / TRN1_TENSOR_FLOPS_FP32
}

/// FLOPs the 128×128 PE array performs per cycle when full: 2 · 128 · 128 (hardware.md,
/// NeuronCore-v2: "128×128 PE systolic array"; at 2.8 GHz this is the published 92 TFLOPS).
pub const PE_ARRAY_FLOPS_PER_CYCLE: f64 = 2.0 * (TRN1_MAX_K * TRN1_MAX_STATIONARY) as f64;

/// Seconds for `cycles` array cycles of the tile model (counted at the 16-bit rate).
///
/// trn1: at the 2.8 GHz clock, FP32 (and integers) 92/23 = 4× slower. inf1: ASSUMPTION A3 (inf1
/// tiles): the v1 array geometry is not published, so the v2 tile model gives the utilisation
/// and the v1 per-core peak (16 TFLOPS FP16/BF16, or 128 INT8 TOPS per chip ÷ 4 cores) the rate:
/// `cycles · 2·128·128 / peak`.
fn tensor_seconds(target: Target, cycles: u64, rate: TensorRate) -> f64 {
    let cycles = cycles as f64;
    match (target, rate) {
        (Target::Trn1, TensorRate::Fast) => cycles / TRN1_TENSOR_CLOCK_HZ,
        (Target::Trn1, _) => cycles * trn1_fp32_factor() / TRN1_TENSOR_CLOCK_HZ,
        (Target::Inf1, TensorRate::Int8) => {
            cycles * PE_ARRAY_FLOPS_PER_CYCLE / (INF1_TENSOR_OPS_INT8_CHIP / INF1_CORES_PER_CHIP)
        }
        (Target::Inf1, _) => cycles * PE_ARRAY_FLOPS_PER_CYCLE / INF1_TENSOR_FLOPS_16BIT,
    }
}

/// A batched matmult `[batch, m, k] × [batch, k, n]` with inputs of type `elem`.
pub fn matmult(
    target: Target,
    elem: Scalar,
    batch: u64,
    m: u64,
    k: u64,
    n: u64,
) -> Result<Work, String> {
    let rate = tensor_rate(target, elem)?;
    let flops = 2.0 * (batch as f64) * (m as f64) * (k as f64) * (n as f64);
    let seconds = tensor_seconds(target, batch * trn1_matmult_cycles(m, k, n), rate);
    Ok(Work { seconds, flops })
}

/// Sum of squares of the tile sizes covering `n` in tiles of at most `tile`.
fn tile_square_sum(n: u64, tile: u64) -> f64 {
    let (full, rest) = (n / tile, n % tile);
    (full as f64) * (tile * tile) as f64 + (rest * rest) as f64
}

/// A PE (identity-matmul) transpose producing `batch` matrices `[c, r]` from `[r, c]`, in `dtype`.
///
/// Each 128×128 tile is one matmult: the `[r_t, c_t]` input tile stationary (K = r_t), the
/// `[r_t, r_t]` identity moving (N = r_t): max(r_t, 64) cycles, 2·r_t·c_t·r_t FLOPs.
pub fn pe_transpose(
    target: Target,
    dtype: Scalar,
    batch: u64,
    c: u64,
    r: u64,
) -> Result<Work, String> {
    let rate = tensor_rate(target, dtype)?;
    let flops = 2.0 * (batch as f64) * (c as f64) * tile_square_sum(r, TRN1_MAX_K);
    let cycles = ceil_div(c, TRN1_MAX_STATIONARY) * tiled_cycles(r, TRN1_MAX_K);
    let seconds = tensor_seconds(target, batch * cycles, rate);
    Ok(Work { seconds, flops })
}

/// A Vector-engine op streaming `elems` elements through the 128 partitions at
/// `trn1_cycles_per_elem` cycles per free-dimension element (trn1), or doing `flops` operations
/// at 256 FLOP/cycle (inf1).
pub fn vector(target: Target, elems: u64, trn1_cycles_per_elem: f64, flops: f64) -> Work {
    let seconds = match target {
        Target::Trn1 => {
            trn1_cycles_per_elem * ceil_div(elems, TRN1_PARTITIONS) as f64 / TRN1_VECTOR_CLOCK_HZ
        }
        Target::Inf1 => flops / INF1_VECTOR_FLOP_PER_CYCLE / INF1_ENGINE_CLOCK_HZ,
    };
    Work { seconds, flops }
}

/// A Scalar-engine op (activation, cast) over `elems` elements: 1 cycle per free-dimension
/// element over 128 partitions (trn1), or one operation per element at 512 FLOP/cycle (inf1).
pub fn scalar(target: Target, elems: u64) -> Work {
    let flops = elems as f64;
    let seconds = match target {
        Target::Trn1 => {
            TRN1_SCALAR_CYCLES * ceil_div(elems, TRN1_PARTITIONS) as f64 / TRN1_SCALAR_CLOCK_HZ
        }
        Target::Inf1 => flops / INF1_SCALAR_FLOP_PER_CYCLE / INF1_ENGINE_CLOCK_HZ,
    };
    Work { seconds, flops }
}

/// Seconds to move `bytes` in contiguous runs of `run_bytes` each: every run occupies whole
/// 64-byte bursts (ASSUMPTION A2), at the core's share of the DRAM bandwidth.
pub fn dma_seconds(target: Target, bytes: f64, run_bytes: f64) -> f64 {
    if bytes <= 0.0 {
        return 0.0;
    }
    let run = run_bytes.clamp(1.0, bytes);
    let traffic = bytes / run * (run / DMA_BURST_BYTES).ceil() * DMA_BURST_BYTES;
    traffic / target.dma_bandwidth()
}

/// Elements of the longest contiguous run a transpose by `perm` copies: the product of the
/// trailing input dimensions that `perm` leaves in place (1 if the last dimension moves).
pub fn transpose_run(in_shape: &[u64], perm: &[usize]) -> u64 {
    let mut run = 1;
    for (i, &p) in perm.iter().enumerate().rev() {
        if p != i {
            break;
        }
        run *= in_shape[i];
    }
    run
}

/// Elements of the contiguous run a slice copies: the trailing dimensions it keeps whole,
/// times the extent of the first one it cuts if that one has step 1.
pub fn slice_run(in_shape: &[u64], out_shape: &[u64], steps: &[i64]) -> u64 {
    let mut run = 1;
    for d in (0..in_shape.len().min(out_shape.len())).rev() {
        if in_shape[d] == out_shape[d] {
            run *= in_shape[d];
            continue;
        }
        if steps.get(d).copied().unwrap_or(1) == 1 {
            run *= out_shape[d];
        }
        break;
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_tiles_reach_the_published_peak() {
        // 128×128 stationary, 512 moving, K = 128: one instruction of 512 cycles.
        let w = matmult(Target::Trn1, Scalar::BF16, 1, 128, 128, 512).unwrap();
        let tflops = w.flops / w.seconds;
        assert!(
            (tflops / TRN1_TENSOR_FLOPS_16BIT - 1.0).abs() < 0.01,
            "{tflops}"
        );
    }

    #[test]
    fn short_instructions_pay_the_64_cycle_minimum() {
        assert_eq!(tiled_cycles(16, 512), 64);
        assert_eq!(tiled_cycles(600, 512), 512 + 88);
        assert_eq!(tiled_cycles(520, 512), 512 + 64);
        assert_eq!(tiled_cycles(0, 512), 0);
    }

    #[test]
    fn cheaper_operand_roles_are_chosen() {
        // [1, 128] × [128, 512]: stationary 512 (4 tiles × 64 cycles) beats moving 512 (512).
        assert_eq!(trn1_matmult_cycles(1, 128, 512), 256);
        assert_eq!(trn1_matmult_cycles(512, 128, 1), 256);
    }

    #[test]
    fn runs_of_transposes_and_slices() {
        assert_eq!(transpose_run(&[2, 3, 4, 5], &[0, 1, 3, 2]), 1);
        assert_eq!(transpose_run(&[2, 3, 4, 5], &[1, 0, 2, 3]), 20);
        assert_eq!(slice_run(&[4, 8, 16], &[4, 4, 16], &[1, 1, 1]), 64);
        assert_eq!(slice_run(&[4, 8, 16], &[4, 4, 16], &[1, 2, 1]), 16);
        assert_eq!(slice_run(&[4, 8, 16], &[2, 8, 16], &[1, 1, 1]), 256);
    }

    #[test]
    fn dma_bursts_round_short_runs_up() {
        let mib = (1u64 << 20) as f64;
        let contiguous = dma_seconds(Target::Trn1, mib, mib);
        let elementwise = dma_seconds(Target::Trn1, mib, 2.0);
        assert!((elementwise / contiguous - 32.0).abs() < 1e-9);
    }
}
