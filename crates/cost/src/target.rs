//! Targets, engines and the published hardware figures the cost model is built from.
//!
//! Every constant names its source: `hardware.md` is /work/shared/reference/hardware.md (the
//! public Neuron architecture figures). A constant marked ASSUMPTION An has no published figure
//! behind it; docs/cost-model.md lists each such assumption and why it was chosen.

use crate::error::CostError;
use std::fmt;
use std::str::FromStr;

/// One gibibyte, in bytes.
const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

// ---- NeuronCore-v2 (Trn1), target `trn1` ----

/// hardware.md, NeuronCore-v2: "Tensor engine: 128×128 PE systolic array, clock 2.8 GHz".
pub const TRN1_TENSOR_CLOCK_HZ: f64 = 2.8e9;
/// hardware.md, NeuronCore-v2: "The partition (contraction) dimension is 128" and "contraction K ≤ 128".
pub const TRN1_MAX_K: u64 = 128;
/// hardware.md, NeuronCore-v2: "stationary free dim ≤ 128".
pub const TRN1_MAX_STATIONARY: u64 = 128;
/// hardware.md, NeuronCore-v2: "moving free dim ≤ 512".
pub const TRN1_MAX_MOVING: u64 = 512;
/// hardware.md, NeuronCore-v2: "One matmul instruction takes about max(N, 64) cycles".
pub const TRN1_MATMULT_MIN_CYCLES: u64 = 64;
/// hardware.md, NeuronCore-v2: "92 TFLOPS BF16/FP16/TF32/FP8 … per core".
pub const TRN1_TENSOR_FLOPS_16BIT: f64 = 92e12;
/// hardware.md, NeuronCore-v2: "23 TFLOPS FP32 per core (an FP32 matmul costs about 4×)".
pub const TRN1_TENSOR_FLOPS_FP32: f64 = 23e12;
/// hardware.md, NeuronCore-v2: "Vector engine 1.12 GHz".
pub const TRN1_VECTOR_CLOCK_HZ: f64 = 1.12e9;
/// hardware.md, NeuronCore-v2: "Scalar engine 1.4 GHz".
pub const TRN1_SCALAR_CLOCK_HZ: f64 = 1.4e9;
/// hardware.md, NeuronCore-v2: "SBUF 24 MiB: 128 partitions" — Vector/Scalar work on 128 lanes.
pub const TRN1_PARTITIONS: u64 = 128;
/// hardware.md, NeuronCore-v2: "An elementwise tensor-tensor op costs about 2 cycles per
/// element of the free dimension".
pub const TRN1_TENSOR_TENSOR_CYCLES: f64 = 2.0;
/// ASSUMPTION A6 (single-input stream): a Vector op reading one full tensor (reduce, pool window)
/// costs 1 cycle per element of the free dimension, half the two-input tensor-tensor figure.
pub const TRN1_VECTOR_ONE_INPUT_CYCLES: f64 = 1.0;
/// ASSUMPTION A7 (scalar pipeline): the Scalar engine applies func(x·scale + bias) to 1 element
/// of the free dimension per cycle.
pub const TRN1_SCALAR_CYCLES: f64 = 1.0;
/// hardware.md, NeuronCore-v2: "Per chip: 2 cores, … 32 GiB HBM at 820 GiB/s".
pub const TRN1_CHIP_BANDWIDTH: f64 = 820.0 * GIB;
/// hardware.md, NeuronCore-v2: "Per chip: 2 cores".
pub const TRN1_CORES_PER_CHIP: f64 = 2.0;

// ---- NeuronCore-v1 (Inf1), target `inf1` ----

/// hardware.md, NeuronCore-v1: "16 TFLOPS FP16/BF16 per core".
pub const INF1_TENSOR_FLOPS_16BIT: f64 = 16e12;
/// hardware.md, NeuronCore-v1: "4 cores and 64 TFLOPS per chip".
pub const INF1_CORES_PER_CHIP: f64 = 4.0;
/// hardware.md, NeuronCore-v1: "128 INT8 TOPS per chip" (per core: divided by the 4 cores).
pub const INF1_TENSOR_OPS_INT8_CHIP: f64 = 128e12;
/// hardware.md, NeuronCore-v1: "Scalar engine 512 FLOP/cycle".
pub const INF1_SCALAR_FLOP_PER_CYCLE: f64 = 512.0;
/// hardware.md, NeuronCore-v1: "Vector engine 256 FLOP/cycle".
pub const INF1_VECTOR_FLOP_PER_CYCLE: f64 = 256.0;
/// ASSUMPTION A4 (inf1 engine clock): hardware.md gives no NeuronCore-v1 clock; 1 GHz is assumed
/// for the Vector and Scalar engines.
pub const INF1_ENGINE_CLOCK_HZ: f64 = 1.0e9;
/// hardware.md, NeuronCore-v1: "8 GiB DRAM per chip at 50 GiB/s".
pub const INF1_CHIP_BANDWIDTH: f64 = 50.0 * GIB;

// ---- Both targets ----

/// ASSUMPTION A2 (DMA burst): DMA moves memory in bursts of 64 bytes; a contiguous run shorter than
/// a burst still occupies a whole burst. An element-by-element transpose of 2-byte data thus
/// runs at 2/64 of the bandwidth.
pub const DMA_BURST_BYTES: f64 = 64.0;

/// A compilation target: which NeuronCore generation the model describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// NeuronCore-v1 (Inf1), the neuron-cc target.
    Inf1,
    /// NeuronCore-v2 (Trn1/Inf2), the neuronx-cc target.
    Trn1,
}

impl Target {
    /// Every target, in a fixed order.
    pub const ALL: [Target; 2] = [Target::Inf1, Target::Trn1];

    /// The command-line spelling: `inf1` or `trn1`.
    pub fn name(self) -> &'static str {
        match self {
            Target::Inf1 => "inf1",
            Target::Trn1 => "trn1",
        }
    }

    /// The NeuronCore generation, for reports.
    pub fn core_name(self) -> &'static str {
        match self {
            Target::Inf1 => "NeuronCore-v1",
            Target::Trn1 => "NeuronCore-v2",
        }
    }

    /// The target a module was lowered for (its `nhw.target` attribute), if recorded.
    pub fn of_module(m: &neuron_ir::Module) -> Option<Target> {
        neuron_nhw::Target::of_module(m).map(Target::from)
    }

    /// DRAM bandwidth available to one core, bytes per second.
    ///
    /// ASSUMPTION A1 (bandwidth share): the chip's bandwidth is split evenly between its cores
    /// (every core busy, e.g. data-parallel inference).
    pub fn dma_bandwidth(self) -> f64 {
        match self {
            Target::Inf1 => INF1_CHIP_BANDWIDTH / INF1_CORES_PER_CHIP,
            Target::Trn1 => TRN1_CHIP_BANDWIDTH / TRN1_CORES_PER_CHIP,
        }
    }
}

impl From<neuron_nhw::Target> for Target {
    fn from(t: neuron_nhw::Target) -> Target {
        match t {
            neuron_nhw::Target::Inf1 => Target::Inf1,
            neuron_nhw::Target::Trn1 => Target::Trn1,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Target {
    type Err = CostError;
    fn from_str(s: &str) -> Result<Target, CostError> {
        Target::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| CostError::UnknownTarget(s.to_string()))
    }
}

/// An engine of a NeuronCore; each runs its own instruction stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Engine {
    /// The systolic matmult array (matmult, PE transposes).
    Tensor,
    /// The Vector engine (tensor-tensor, select, reductions, pooling).
    Vector,
    /// The Scalar (activation) engine (activations, casts).
    Scalar,
    /// The DMA queues (data movement, constant loads).
    Dma,
}

impl Engine {
    /// Every engine, in report order.
    pub const ALL: [Engine; 4] = [Engine::Tensor, Engine::Vector, Engine::Scalar, Engine::Dma];

    /// Lower-case name used in reports and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Tensor => "tensor",
            Engine::Vector => "vector",
            Engine::Scalar => "scalar",
            Engine::Dma => "dma",
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
