//! The `nhw` dialect: Neuron hardware ops. Each op names the engine that runs it — Tensor
//! engine (`matmult`, `pe_transpose`), Vector/Scalar engines (`activation`, `tensor_tensor`,
//! `select`, `tensor_reduce`, `pool`, `cast`) or DMA (`dma_*`, `reshape`, `im2col`,
//! `constant`) — and its operand and result types say what it reads and writes. Engines
//! compute in FP32 and round their result to the result element type. docs/nhw.md has the
//! semantics of every op; `lower-to-nhw` produces these ops from `nn`.

pub mod common;
pub mod dma;
pub mod engines;
pub mod kinds;
pub mod tensor;

pub use common::{im2col_shape, matmult_shape, tensor_reduce_shape, Window2d};
pub use dma::{
    ConstantOp, DmaConcatOp, DmaCopyOp, DmaGatherOp, DmaPadOp, DmaSliceOp, DmaTransposeOp,
    Im2colOp, ReshapeOp,
};
pub use engines::{ActivationOp, CastOp, PoolOp, SelectOp, TensorReduceOp, TensorTensorOp};
pub use kinds::{
    ActivationFunc, PoolKind, ReduceKind, Target, TensorOp, MATMULT_TYPES, PE_TRANSPOSE_TYPES,
    TARGET_ATTR,
};
pub use tensor::{MatmultOp, PeTransposeOp, PE_TILE};

neuron_ir::inventory::submit! {
    neuron_ir::registry::DialectDef {
        name: "nhw",
        summary: "Neuron hardware ops: engine, input and output types explicit",
        materialize_constant: Some(dma::materialize_constant),
    }
}

/// Call from a binary so the linker keeps every `nhw` registration.
pub fn link() {}
