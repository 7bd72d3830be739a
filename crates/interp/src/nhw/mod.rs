//! The interpreter of the `nhw` dialect: hardware numerics.
//!
//! [`run_function`] executes a function of `nhw` ops on [`Tensor`]s. Every engine computes in
//! FP32 and rounds its result to the result element type — to nearest even, or stochastically
//! ([`Rounding::Stochastic`], counter-based random bits, so the same seed gives the same
//! results on any number of threads). Narrow values are held in FP32, already rounded.
//! - `nhw.matmult`: FP32 GEMM of the operands' values (products of two narrow values are exact
//!   in FP32), by the `gemm` crate, then one rounding to the result type.
//! - `nhw.pe_transpose`: input rounded to `dtype` (±Inf saturated to ±MAX first with
//!   `saturate_infinity`), transposed, then each output element is the FP32 sum
//!   `+0 + Σ_k x[k]·I[k][j]` over the 128-element tile of the output's last dimension: an Inf or
//!   NaN makes every other output of its tile NaN (0·Inf), zeros come out as +0.
//! - `nhw.tensor_reduce`: sequential sums in the `acc` type (rounded after every addition when
//!   `acc` is narrow), means divide the sum by the count in FP32.
//! - DMA ops copy values exactly.
//!
//! docs/nhw.md describes every op.

mod dispatch;
mod dma;
mod engines;
pub mod round;
mod tensor;

pub use dispatch::nhw_ops_without_kernel;
pub use round::{
    max_finite, round_bf16, round_nearest, round_values, rounded_copy, rounded_copy_into,
    stochastic_round, RandomWords, Rounding,
};

use crate::error::InterpError;
use crate::tensor::Tensor;
use neuron_ir::Module;

/// Options of a run of the `nhw` interpreter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NhwOptions {
    /// Worker threads; 0 = one per core. Results do not depend on it.
    pub threads: usize,
    /// How results are rounded to narrow types.
    pub rounding: Rounding,
}

/// Runs function `entry` of a module of `nhw` ops on `inputs` and returns its results.
///
/// Inputs must match the function's parameter types exactly. Results are bit-identical for
/// any thread count, for a given rounding mode (and seed).
pub fn run_function(
    m: &Module,
    entry: &str,
    inputs: Vec<Tensor>,
    opts: &NhwOptions,
) -> Result<Vec<Tensor>, InterpError> {
    let runner = dispatch::NhwRunner {
        rounding: opts.rounding,
        spares: dispatch::Spares::default(),
    };
    crate::exec::run_with(m, entry, inputs, opts.threads, &runner)
}
