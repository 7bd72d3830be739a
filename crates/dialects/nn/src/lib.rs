//! The `nn` dialect: graph-level ops of FP32-trained neural networks.
//!
//! One file per op family. Every op registers itself with `define_op!`; this file
//! registers the dialect and its constant materializer (which builds `nn.constant`).
//! Shape-inference functions (`conv2d_output_shape`, `reduce_shape`, `slice_shape`, …) are
//! pure functions of shapes and attributes, shared by the verifiers and the interpreter;
//! `<attr>_or_default` methods on the op views give every optional attribute's default.

pub mod activation;
pub mod cast;
pub mod common;
pub mod compare;
pub mod constant;
pub mod conv;
pub mod elementwise;
pub mod gemm;
pub mod index;
pub mod logic;
pub mod math;
pub mod matmul;
pub mod movement;
pub mod norm;
pub mod pool;
pub mod reduce;
pub mod shape;
pub mod slice;
pub mod sort_scatter;
pub mod squeeze;
pub mod unary_math;

pub use activation::{ClipOp, GeluOp, LeakyReluOp};
pub use cast::CastOp;
pub use common::{normalize_axis, ShapeError};
pub use compare::{EqualOp, GreaterEqualOp, GreaterOp, LessEqualOp, LessOp, WhereOp};
pub use constant::{materialize_constant, ConstantOp};
pub use conv::{conv2d_output_shape, Conv2dOp};
pub use elementwise::{AddOp, MulOp, NegOp, ReluOp, SubOp};
pub use gemm::{gemm_shape, GemmOp};
pub use index::{
    arg_reduce_shape, gather_elements_shape, ArgMaxOp, ArgMinOp, CumProdOp, CumSumOp,
    GatherElementsOp,
};
pub use logic::{
    AndOp, BitShiftOp, BitwiseAndOp, BitwiseNotOp, BitwiseOrOp, BitwiseXorOp, ModOp, NotOp, OrOp,
    XorOp,
};
pub use math::{
    AbsOp, DivOp, ErfOp, ExpOp, LogOp, MaxOp, MinOp, PowOp, ReciprocalOp, RsqrtOp, SigmoidOp,
    SqrtOp, TanhOp,
};
pub use matmul::{batch_matmul_shape, BatchMatmulOp, MatMulOp};
pub use movement::{
    concat_shape, expand_shape, gather_shape, pad_shape, ConcatOp, ExpandOp, GatherOp, PadOp,
};
pub use norm::{BatchNormOp, LayerNormOp, LogSoftmaxOp, SoftmaxOp};
pub use pool::{pool2d_output_shape, AvgPool2dOp, GlobalAvgPoolOp, MaxPool2dOp};
pub use reduce::{reduce_shape, ReduceMaxOp, ReduceMeanOp, ReduceMinOp, ReduceProdOp, ReduceSumOp};
pub use shape::{ReshapeOp, TransposeOp};
pub use slice::{slice_params, slice_shape, SliceDim, SliceOp};
pub use sort_scatter::{
    scatter_elements_check, scatter_nd_check, topk_shape, ScatterElementsOp, ScatterNdOp,
    ScatterReduction, TopKIndicesOp, TopKOp,
};
pub use squeeze::{
    flatten_shape, squeeze_shape, unsqueeze_shape, FlattenOp, SqueezeOp, UnsqueezeOp,
};
pub use unary_math::{
    AcosOp, AcoshOp, AsinOp, AsinhOp, AtanOp, AtanhOp, CeilOp, CosOp, CoshOp, FloorOp, IsInfOp,
    IsNanOp, RoundOp, SignOp, SinOp, SinhOp, TanOp,
};

neuron_ir::inventory::submit! {
    neuron_ir::registry::DialectDef {
        name: "nn",
        summary: "graph-level ops of neural networks (tensors in, tensors out)",
        materialize_constant: Some(constant::materialize_constant),
    }
}

/// Call from a binary so the linker keeps every `nn` registration.
pub fn link() {}
