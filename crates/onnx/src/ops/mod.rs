//! The supported ONNX operators: one converter per `op_type`, with the first opset that
//! defines it, and the up-front check that lists every unsupported operator with its count.

pub mod activation;
pub mod attention;
pub mod conv;
pub mod conv_transpose;
pub mod decompose;
pub mod einsum;
pub mod elementwise;
pub mod linalg;
pub mod logic_math;
pub mod loss;
pub mod lppool;
pub mod misc;
pub mod misc_ext;
pub mod movement;
pub mod movement_ext;
pub mod norm;
pub mod norm_ext;
pub mod quant;
pub mod reduce;
pub mod reduce_ext;
pub mod resize;
pub mod rotary;
pub mod sort_scatter;
pub mod window;

use crate::ctx::{Ctx, Slot};
use crate::error::{ImportError, Result};
use crate::proto::GraphProto;
use std::collections::BTreeMap;

/// Converts one node; returns its outputs in order (fewer than declared: the rest are not
/// computed, and using them is an error).
pub type Convert = fn(&mut Ctx) -> Result<Vec<Slot>>;

/// One supported operator.
pub struct OpEntry {
    /// ONNX `op_type`.
    pub name: &'static str,
    /// First ai.onnx opset that defines it (at least the importer's minimum).
    pub since: i64,
    /// The converter.
    pub convert: Convert,
}

macro_rules! table {
    ($($name:literal $since:literal => $f:path),* $(,)?) => {
        /// Every supported operator, by name.
        pub const OPS: &[OpEntry] = &[$(OpEntry { name: $name, since: $since, convert: $f }),*];
    };
}

table! {
    "Abs" 7 => elementwise::abs,
    "Add" 7 => elementwise::add,
    "AveragePool" 7 => conv::avg_pool,
    "BatchNormalization" 7 => norm::batch_norm,
    "Cast" 7 => misc::cast,
    "CastLike" 15 => misc::cast_like,
    "Clip" 7 => elementwise::clip,
    "Concat" 7 => movement::concat,
    "Constant" 7 => misc::constant,
    "ConstantOfShape" 9 => misc::constant_of_shape,
    "Conv" 7 => conv::conv,
    "Div" 7 => elementwise::div,
    "Dropout" 7 => misc::dropout,
    "Equal" 7 => elementwise::equal,
    "Erf" 9 => elementwise::erf,
    "Exp" 7 => elementwise::exp,
    "Expand" 8 => movement::expand,
    "Flatten" 7 => movement::flatten,
    "Gather" 7 => movement::gather,
    "Gelu" 20 => elementwise::gelu,
    "Gemm" 7 => linalg::gemm,
    "GlobalAveragePool" 7 => conv::global_avg_pool,
    "GlobalMaxPool" 7 => conv::global_max_pool,
    "Greater" 7 => elementwise::greater,
    "GreaterOrEqual" 12 => elementwise::greater_equal,
    "Identity" 7 => misc::identity,
    "LayerNormalization" 17 => norm::layer_norm,
    "LeakyRelu" 7 => elementwise::leaky_relu,
    "Less" 7 => elementwise::less,
    "LessOrEqual" 12 => elementwise::less_equal,
    "Log" 7 => elementwise::log,
    "LogSoftmax" 7 => norm::log_softmax,
    "LRN" 7 => norm::lrn,
    "MatMul" 7 => linalg::matmul,
    "Max" 7 => elementwise::max,
    "MaxPool" 7 => conv::max_pool,
    "Mean" 7 => elementwise::mean,
    "Min" 7 => elementwise::min,
    "Mul" 7 => elementwise::mul,
    "Neg" 7 => elementwise::neg,
    "Pad" 7 => movement::pad,
    "Pow" 7 => elementwise::pow,
    "Range" 11 => misc::range,
    "Reciprocal" 7 => elementwise::reciprocal,
    "ReduceMax" 7 => reduce::reduce_max,
    "ReduceMean" 7 => reduce::reduce_mean,
    "ReduceSum" 7 => reduce::reduce_sum,
    "Relu" 7 => elementwise::relu,
    "Reshape" 7 => movement::reshape,
    "Shape" 7 => misc::shape,
    "Sigmoid" 7 => elementwise::sigmoid,
    "Size" 7 => misc::size,
    "Slice" 7 => movement::slice,
    "Softmax" 7 => norm::softmax,
    "Split" 7 => movement::split,
    "Sqrt" 7 => elementwise::sqrt,
    "Squeeze" 7 => movement::squeeze,
    "Sub" 7 => elementwise::sub,
    "Sum" 7 => elementwise::sum,
    "Tanh" 7 => elementwise::tanh,
    "Transpose" 7 => movement::transpose,
    "Unsqueeze" 7 => movement::unsqueeze,
    "Where" 9 => elementwise::where_op,
    "Celu" 12 => activation::celu,
    "DepthToSpace" 7 => movement_ext::depth_to_space,
    "Elu" 7 => activation::elu,
    "EyeLike" 9 => movement_ext::eye_like,
    "GroupNormalization" 18 => norm_ext::group_norm,
    "HardSigmoid" 7 => activation::hard_sigmoid,
    "HardSwish" 14 => activation::hard_swish,
    "InstanceNormalization" 7 => norm_ext::instance_norm,
    "LpNormalization" 7 => norm_ext::lp_norm,
    "MeanVarianceNormalization" 9 => norm_ext::mean_variance_norm,
    "Mish" 18 => activation::mish,
    "PRelu" 7 => activation::prelu,
    "ReduceL1" 7 => reduce_ext::reduce_l1,
    "ReduceL2" 7 => reduce_ext::reduce_l2,
    "ReduceLogSum" 7 => reduce_ext::reduce_log_sum,
    "ReduceLogSumExp" 7 => reduce_ext::reduce_log_sum_exp,
    "ReduceSumSquare" 7 => reduce_ext::reduce_sum_square,
    "RMSNormalization" 23 => norm_ext::rms_norm,
    "Selu" 7 => activation::selu,
    "Shrink" 9 => activation::shrink,
    "Softplus" 7 => activation::softplus,
    "Softsign" 7 => activation::softsign,
    "SpaceToDepth" 7 => movement_ext::space_to_depth,
    "Swish" 24 => activation::swish,
    "ThresholdedRelu" 10 => activation::thresholded_relu,
    "Tile" 7 => movement_ext::tile,
    "Trilu" 14 => movement_ext::trilu,
    "Attention" 23 => attention::attention,
    "NegativeLogLikelihoodLoss" 12 => loss::nll_loss,
    "RotaryEmbedding" 23 => rotary::rotary_embedding,
    "SoftmaxCrossEntropyLoss" 12 => loss::softmax_cross_entropy_loss,
    "Acos" 7 => logic_math::acos,
    "Acosh" 9 => logic_math::acosh,
    "And" 7 => logic_math::and,
    "ArgMax" 7 => logic_math::argmax,
    "ArgMin" 7 => logic_math::argmin,
    "Asin" 7 => logic_math::asin,
    "Asinh" 9 => logic_math::asinh,
    "Atan" 7 => logic_math::atan,
    "Atanh" 9 => logic_math::atanh,
    "BitShift" 11 => logic_math::bit_shift,
    "BitwiseAnd" 18 => logic_math::bitwise_and,
    "BitwiseNot" 18 => logic_math::bitwise_not,
    "BitwiseOr" 18 => logic_math::bitwise_or,
    "BitwiseXor" 18 => logic_math::bitwise_xor,
    "Ceil" 7 => logic_math::ceil,
    "Cos" 7 => logic_math::cos,
    "Cosh" 9 => logic_math::cosh,
    "CumSum" 11 => logic_math::cumsum,
    "Floor" 7 => logic_math::floor,
    "GatherElements" 11 => logic_math::gather_elements,
    "IsInf" 10 => logic_math::is_inf,
    "IsNaN" 9 => logic_math::is_nan,
    "Mod" 10 => logic_math::modulo,
    "Not" 7 => logic_math::not,
    "Or" 7 => logic_math::or,
    "ReduceMin" 7 => logic_math::reduce_min,
    "ReduceProd" 7 => logic_math::reduce_prod,
    "Round" 11 => logic_math::round,
    "Sign" 9 => logic_math::sign,
    "Sin" 7 => logic_math::sin,
    "Sinh" 9 => logic_math::sinh,
    "Tan" 7 => logic_math::tan,
    "Xor" 7 => logic_math::xor,
    "ConvTranspose" 7 => conv_transpose::conv_transpose,
    "DequantizeLinear" 10 => quant::dequantize_linear,
    "DynamicQuantizeLinear" 11 => quant::dynamic_quantize_linear,
    "QuantizeLinear" 10 => quant::quantize_linear,
    "Resize" 10 => resize::resize,
    "Upsample" 7 => resize::upsample,
    "CenterCropPad" 18 => misc_ext::center_crop_pad,
    "Einsum" 12 => einsum::einsum,
    "GatherND" 11 => misc_ext::gather_nd,
    "Hardmax" 7 => misc_ext::hardmax,
    "LpPool" 7 => lppool::lp_pool,
    "OneHot" 9 => misc_ext::one_hot,
    "CumProd" 26 => sort_scatter::cumprod,
    "Scatter" 9 => sort_scatter::scatter_elements,
    "ScatterElements" 11 => sort_scatter::scatter_elements,
    "ScatterND" 11 => sort_scatter::scatter_nd,
    "TopK" 7 => sort_scatter::topk,
}

/// The supported operator named `op_type`.
pub fn lookup(op_type: &str) -> Option<&'static OpEntry> {
    OPS.iter().find(|e| e.name == op_type)
}

/// The converter of `op_type`, if supported.
pub fn converter(op_type: &str) -> Option<Convert> {
    lookup(op_type).map(|e| e.convert)
}

/// Fails with every unsupported operator (other domains included) and its node count.
pub fn check_supported(graph: &GraphProto, opset: i64) -> Result<()> {
    let mut missing: BTreeMap<String, usize> = BTreeMap::new();
    for node in &graph.node {
        let key = if !(node.domain.is_empty() || node.domain == "ai.onnx") {
            Some(format!("{}.{}", node.domain, node.op_type))
        } else {
            match lookup(&node.op_type) {
                None => Some(node.op_type.clone()),
                Some(e) if e.since > opset => {
                    Some(format!("{} (defined from opset {})", node.op_type, e.since))
                }
                Some(_) => None,
            }
        };
        if let Some(k) = key {
            *missing.entry(k).or_default() += 1;
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ImportError::Unsupported(missing.into_iter().collect()))
    }
}
