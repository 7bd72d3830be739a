//! neuron-opt's passes, one file each; every pass registers itself by its kebab-case name.

pub mod auto_cast;
pub mod canonicalize;
pub mod cse;
pub mod dce;
pub mod fast_math;
pub mod fast_math_pipelines;
pub mod fast_relayout;
pub mod fp32_cast_all;
pub mod fp32_cast_all_fp16;
pub mod fp32_cast_matmult;
pub mod fp32_cast_matmult_bf16;
pub mod fp32_cast_matmult_fp16;
pub mod lower_to_nhw;
pub mod mixed_precision_accumulation;
pub mod no_fast_relayout;
pub mod precision_summary;
pub mod print_op_stats;
pub mod saturate_infinity;
pub mod strip_debuginfo;
pub mod util;
pub mod view_op_graph;

pub use canonicalize::{
    canonicalize_function, CanonicalizeConfig, CanonicalizeStats, Canonicalizer,
};
pub use cse::{cse_function, Cse, CseStats};
pub use dce::{dce_function, Dce};
pub use print_op_stats::PrintOpStats;
pub use strip_debuginfo::StripDebugInfo;
pub use view_op_graph::{module_to_dot, GraphOptions, ViewOpGraph};

/// Call from a binary so the linker keeps every pass registration (and the `nn` and `nhw`
/// dialects').
pub fn link() {
    neuron_nn::link();
    neuron_nhw::link();
}
