//! The kernels of the `nhw` ops, keyed by their `OpDef`s, and the runner that executes them
//! and rounds their results with the run's rounding mode.

use super::round::{round_values, Rounding};
use super::{dma, engines, tensor};
use crate::ctx::{KernelResult, OpCtx};
use crate::exec::OpRunner;
use crate::round::wrap_slice;
use crate::tensor::{Data, Tensor};
use neuron_ir::registry::{OpDef, OpTable};
use neuron_ir::{OpView, Scalar};
use neuron_nhw as nhw;
use std::sync::{Mutex, OnceLock};

/// What a kernel sees: the op, the run's rounding mode and the op's position (which names
/// its random streams).
pub(crate) struct Ncx<'c, 'a> {
    /// The op and its operands.
    pub cx: &'c OpCtx<'a>,
    /// The rounding mode of the run.
    pub rounding: Rounding,
    /// Position of the op in its function.
    pub pos: usize,
    /// Buffers of values the function no longer uses.
    pub spares: &'c Spares,
}

/// Most buffers of dead values a run keeps for reuse.
const MAX_SPARES: usize = 4;

/// The FP32 buffers of values a run no longer uses, reused for results of the same size, so a
/// program of several big ops does not fault in fresh pages for every result.
#[derive(Debug, Default)]
pub(crate) struct Spares(Mutex<Vec<Vec<f32>>>);

impl Spares {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Vec<f32>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps a buffer (up to `MAX_SPARES`).
    fn put(&self, v: Vec<f32>) {
        let mut s = self.lock();
        if s.len() < MAX_SPARES {
            s.push(v);
        }
    }

    /// A buffer of `n` values with unspecified contents: the caller writes every one.
    pub fn take(&self, n: usize) -> Vec<f32> {
        let mut s = self.lock();
        match s.iter().position(|v| v.len() == n) {
            Some(i) => s.swap_remove(i),
            None => vec![0f32; n],
        }
    }
}

/// The purposes of an op's random streams.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Stream {
    /// Rounding the result.
    Result = 0,
    /// Rounding an input to a compute type (`pe_transpose`'s `dtype`).
    Input = 1,
    /// Rounding a running sum to the accumulation type.
    Accumulate = 2,
}

impl Ncx<'_, '_> {
    /// The stream id of this op for `purpose`.
    pub fn stream(&self, purpose: Stream) -> u64 {
        self.pos as u64 * 4 + purpose as u64
    }

    /// Rounds `xs` to `ty` with the run's mode, on the stream of `purpose`.
    pub fn round(&self, ty: Scalar, xs: &mut [f32], purpose: Stream) {
        round_values(ty, xs, self.rounding, self.stream(purpose));
    }
}

/// A kernel of an `nhw` op.
type Kernel = fn(&Ncx) -> KernelResult;

/// Whether the executor rounds a kernel's result to the result type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Policy {
    /// The kernel computes in FP32; the result is rounded (floats) or wrapped (integers).
    Round,
    /// The kernel's values are already of the result type (data movement, casts).
    Exact,
}

fn entries() -> Vec<(&'static OpDef, Kernel, Policy)> {
    use Policy::*;
    vec![
        (nhw::MatmultOp::def(), tensor::matmult, Round),
        (nhw::PeTransposeOp::def(), tensor::pe_transpose, Round),
        (nhw::ActivationOp::def(), engines::activation, Round),
        (nhw::TensorTensorOp::def(), engines::tensor_tensor, Round),
        (nhw::SelectOp::def(), engines::select, Round),
        (nhw::TensorReduceOp::def(), engines::tensor_reduce, Round),
        (nhw::PoolOp::def(), engines::pool, Round),
        (nhw::CastOp::def(), engines::cast, Exact),
        (nhw::DmaTransposeOp::def(), dma::dma_transpose, Exact),
        (nhw::ReshapeOp::def(), dma::reshape, Exact),
        (nhw::DmaCopyOp::def(), dma::dma_copy, Exact),
        (nhw::DmaGatherOp::def(), dma::dma_gather, Exact),
        (nhw::DmaSliceOp::def(), dma::dma_slice, Exact),
        (nhw::DmaConcatOp::def(), dma::dma_concat, Exact),
        (nhw::DmaPadOp::def(), dma::dma_pad, Round),
        (nhw::Im2colOp::def(), dma::im2col, Exact),
        (nhw::ConstantOp::def(), dma::constant, Exact),
    ]
}

fn entry_for(def: &'static OpDef) -> Option<(Kernel, Policy)> {
    static TABLE: OnceLock<OpTable<(Kernel, Policy)>> = OnceLock::new();
    let table = || OpTable::new(entries().into_iter().map(|(d, k, p)| (d, (k, p))));
    TABLE.get_or_init(table).get(def)
}

/// The registered `nhw` ops without a kernel (empty when every op is covered).
pub fn nhw_ops_without_kernel() -> Vec<&'static str> {
    neuron_ir::registry::all_ops()
        .into_iter()
        .filter(|d| d.dialect() == "nhw" && entry_for(d).is_none())
        .map(|d| d.name)
        .collect()
}

/// Runs `nhw` ops, rounding with one mode.
pub(crate) struct NhwRunner {
    /// The rounding mode of the run.
    pub rounding: Rounding,
    /// Buffers of dead values.
    pub spares: Spares,
}

impl OpRunner for NhwRunner {
    fn supports(&self, def: &'static OpDef) -> bool {
        entry_for(def).is_some()
    }

    fn run(&self, cx: &OpCtx, pos: usize) -> Result<Tensor, String> {
        let def = cx.body.op(cx.op).def();
        let (kernel, policy) = def.and_then(entry_for).ok_or("is not an nhw op")?;
        let ncx = Ncx {
            cx,
            rounding: self.rounding,
            pos,
            spares: &self.spares,
        };
        let data = kernel(&ncx)?;
        finish(&ncx, data, policy)
    }

    fn recycle(&self, t: Tensor) {
        if let Data::F32(v) = t.data {
            if let Ok(v) = v.try_into_vec() {
                self.spares.put(v);
            }
        }
    }
}

/// Builds the result tensor, checked against the result type, rounded as `policy` says.
fn finish(ncx: &Ncx, data: Data, policy: Policy) -> Result<Tensor, String> {
    let out = ncx.cx.out;
    let mut t = Tensor {
        dtype: out.elem,
        shape: ncx.cx.out_shape(),
        data,
    };
    t.check().map_err(|e| format!("internal error: {e}"))?;
    if policy == Policy::Round {
        match &mut t.data {
            Data::F32(v) => ncx.round(out.elem, v.make_mut(), Stream::Result),
            Data::I64(v) => wrap_slice(out.elem, v.make_mut()),
        }
    }
    Ok(t)
}
