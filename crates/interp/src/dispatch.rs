//! Which kernel executes which op kind: a table keyed by the kinds' `OpDef`s, the same
//! identity `OpView::cast` tests (op names are never compared as strings).

use crate::ctx::{KernelResult, OpCtx};
use crate::kernels::sort_scatter as ss;
use crate::kernels::{
    cast, constant, conv, elementwise as ew, matmul, movement as mv, norm, pool, reduce,
};
use crate::kernels::{index as ix, logic, unary_math as um};
use neuron_ir::registry::{OpDef, OpTable};
use neuron_ir::OpView;
use neuron_nn as nn;
use std::sync::OnceLock;

/// A kernel: executes one op given its operands and result type.
pub type Kernel = fn(&OpCtx) -> KernelResult;

/// Every op kind the interpreter executes, with its kernel.
fn entries() -> Vec<(&'static OpDef, Kernel)> {
    vec![
        (nn::ConstantOp::def(), constant::constant),
        // Elementwise, binary.
        (nn::AddOp::def(), ew::add),
        (nn::SubOp::def(), ew::sub),
        (nn::MulOp::def(), ew::mul),
        (nn::DivOp::def(), ew::div),
        (nn::PowOp::def(), ew::pow),
        (nn::MaxOp::def(), ew::max),
        (nn::MinOp::def(), ew::min),
        (nn::EqualOp::def(), ew::equal),
        (nn::LessOp::def(), ew::less),
        (nn::LessEqualOp::def(), ew::less_equal),
        (nn::GreaterOp::def(), ew::greater),
        (nn::GreaterEqualOp::def(), ew::greater_equal),
        (nn::WhereOp::def(), ew::select),
        // Elementwise, unary.
        (nn::NegOp::def(), ew::neg),
        (nn::AbsOp::def(), ew::abs),
        (nn::ExpOp::def(), ew::exp),
        (nn::LogOp::def(), ew::log),
        (nn::SqrtOp::def(), ew::sqrt),
        (nn::RsqrtOp::def(), ew::rsqrt),
        (nn::ReciprocalOp::def(), ew::reciprocal),
        (nn::TanhOp::def(), ew::tanh),
        (nn::SigmoidOp::def(), ew::sigmoid),
        (nn::ReluOp::def(), ew::relu),
        (nn::ErfOp::def(), ew::erf),
        (nn::LeakyReluOp::def(), ew::leaky_relu),
        (nn::ClipOp::def(), ew::clip),
        (nn::GeluOp::def(), ew::gelu),
        // Matmult engine.
        (nn::MatMulOp::def(), matmul::matmul),
        (nn::BatchMatmulOp::def(), matmul::batch_matmul),
        (nn::GemmOp::def(), matmul::gemm_op),
        (nn::Conv2dOp::def(), conv::conv2d),
        // Normalisation and reductions.
        (nn::SoftmaxOp::def(), reduce::softmax),
        (nn::LogSoftmaxOp::def(), reduce::log_softmax),
        (nn::LayerNormOp::def(), norm::layer_norm),
        (nn::BatchNormOp::def(), norm::batch_norm),
        (nn::ReduceSumOp::def(), reduce::reduce_sum),
        (nn::ReduceMeanOp::def(), reduce::reduce_mean),
        (nn::ReduceMaxOp::def(), reduce::reduce_max),
        // Data movement.
        (nn::TransposeOp::def(), mv::transpose),
        (nn::ReshapeOp::def(), mv::reshape),
        (nn::ConcatOp::def(), mv::concat),
        (nn::SliceOp::def(), mv::slice),
        (nn::GatherOp::def(), mv::gather),
        (nn::SqueezeOp::def(), mv::squeeze),
        (nn::UnsqueezeOp::def(), mv::unsqueeze),
        (nn::FlattenOp::def(), mv::flatten),
        (nn::ExpandOp::def(), mv::expand),
        (nn::PadOp::def(), mv::pad),
        // Pooling.
        (nn::MaxPool2dOp::def(), pool::max_pool2d),
        (nn::AvgPool2dOp::def(), pool::avg_pool2d),
        (nn::GlobalAvgPoolOp::def(), pool::global_avg_pool),
        (nn::CastOp::def(), cast::cast),
        // Logic, bitwise and remainder.
        (nn::AndOp::def(), logic::and),
        (nn::OrOp::def(), logic::or),
        (nn::XorOp::def(), logic::xor),
        (nn::NotOp::def(), logic::not),
        (nn::BitwiseAndOp::def(), logic::and),
        (nn::BitwiseOrOp::def(), logic::or),
        (nn::BitwiseXorOp::def(), logic::xor),
        (nn::BitwiseNotOp::def(), logic::bitwise_not),
        (nn::BitShiftOp::def(), logic::bit_shift),
        (nn::ModOp::def(), logic::modulo),
        // Unary math.
        (nn::SinOp::def(), um::sin),
        (nn::CosOp::def(), um::cos),
        (nn::TanOp::def(), um::tan),
        (nn::AsinOp::def(), um::asin),
        (nn::AcosOp::def(), um::acos),
        (nn::AtanOp::def(), um::atan),
        (nn::SinhOp::def(), um::sinh),
        (nn::CoshOp::def(), um::cosh),
        (nn::AsinhOp::def(), um::asinh),
        (nn::AcoshOp::def(), um::acosh),
        (nn::AtanhOp::def(), um::atanh),
        (nn::FloorOp::def(), um::floor),
        (nn::CeilOp::def(), um::ceil),
        (nn::RoundOp::def(), um::round),
        (nn::SignOp::def(), um::sign),
        (nn::IsNanOp::def(), um::is_nan),
        (nn::IsInfOp::def(), um::is_inf),
        // Index ops and more reductions.
        (nn::ArgMaxOp::def(), ix::argmax),
        (nn::ArgMinOp::def(), ix::argmin),
        (nn::ReduceMinOp::def(), ix::reduce_min),
        (nn::ReduceProdOp::def(), ix::reduce_prod),
        (nn::CumSumOp::def(), ix::cumsum),
        (nn::GatherElementsOp::def(), ix::gather_elements),
        // TopK, scatters and running products.
        (nn::TopKOp::def(), ss::topk),
        (nn::TopKIndicesOp::def(), ss::topk_indices),
        (nn::ScatterElementsOp::def(), ss::scatter_elements),
        (nn::ScatterNdOp::def(), ss::scatter_nd),
        (nn::CumProdOp::def(), ss::cumprod),
    ]
}

/// The kernel of an op kind, if the interpreter supports it.
pub fn kernel_for(def: &'static OpDef) -> Option<Kernel> {
    static TABLE: OnceLock<OpTable<Kernel>> = OnceLock::new();
    TABLE.get_or_init(|| OpTable::new(entries())).get(def)
}

/// The registered `nn` ops without a kernel (empty when every op is covered; a test checks).
pub fn nn_ops_without_kernel() -> Vec<&'static str> {
    neuron_ir::registry::all_ops()
        .into_iter()
        .filter(|d| d.dialect() == "nn" && kernel_for(d).is_none())
        .map(|d| d.name)
        .collect()
}
