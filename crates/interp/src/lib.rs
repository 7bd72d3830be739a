//! neuron-interp: the FP32 reference interpreter of the `nn` dialect.
//!
//! [`run_function`] executes a function of `nn` ops on [`Tensor`] inputs; [`Prepared`] does the
//! same for repeated runs of one function, converting its constants once (tensor values live
//! in shared [`Buffer`]s, so constants and reshapes are not copied). Numerics:
//! - Every float op computes in FP32 from its operands' values (int64 for integer tensors);
//!   when the result type is narrow (bf16, f16, tf32, f8) the FP32 result is rounded to it,
//!   nearest-even (FP16 overflow → ±Inf, f8E4M3FN overflow → NaN). For `+ − × ÷` the FP32
//!   result rounded to bf16/f16/tf32 equals the exact result rounded once (FP32 has more than
//!   twice their precision plus two bits), so it agrees with the dialect's `f64` folding.
//! - Transcendental functions (exp, log, tanh, sigmoid, erf, gelu, pow, rsqrt) are evaluated
//!   in `f64` and rounded once to `f32`. GELU uses `erfc` so it keeps full relative accuracy
//!   for large negative inputs. `exp`, `sigmoid`, `erf`, exact GELU and softmax's exponentials
//!   use vectorised `f64` polynomial evaluations (`kernels::vmath`) accurate to a few `f64`
//!   ulps: their FP32 results equal those of the C library's `f64` functions rounded once
//!   (the tests compare a million points bit for bit).
//! - Matrix products and convolutions accumulate in FP32 (the `gemm` crate). Every other
//!   reduction (sums, means, softmax, layer/batch norm, average pooling) accumulates in `f64`
//!   and rounds once; softmax subtracts the maximum first; layer norm is two-pass.
//! - NaN conventions: NaN propagates through every arithmetic op and reduction; `max`/`min`
//!   and `reduce_max`/`max_pool2d` propagate NaN as numpy's `maximum` does; `relu(NaN)` and
//!   `clip(NaN)` are NaN; comparisons with NaN are false; `gelu(−Inf) = −0` (its limit).
//! - `nn.cast` calls the dialect's `cast_raw`, so it converts exactly as constant folding does.
//!
//! Work is split over output elements (rows, planes, tiles) only, never across one
//! element's summation, so results are bit-identical for any thread count. Repeated runs of a
//! [`Prepared`] function share its constants' tensors and reuse the buffers of dead values for
//! later results (an arena), so they neither rebuild constants nor fault in fresh memory.
//! Malformed input (wrong inputs, unverified IR, out-of-range gather indices) gives an
//! [`InterpError`], never a panic.
//!
//! [`nhw::run_function`] interprets the `nhw` hardware dialect with the hardware's numerics
//! (narrow types, FP32 engines, stochastic rounding); it shares this executor.

mod buffers;
pub mod ctx;
pub mod dispatch;
pub mod error;
pub mod exec;
pub mod kernels;
pub mod nhw;
pub mod round;
pub mod tensor;

pub use error::InterpError;
pub use exec::{run_function, InterpOptions, Prepared};
pub use tensor::{Buffer, Data, Tensor};
