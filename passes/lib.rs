//! neuron-opt's passes, one file each; every pass registers itself by its kebab-case name.

pub mod canonicalize;
pub mod cse;
pub mod dce;
pub mod print_op_stats;
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

/// Call from a binary so the linker keeps every pass registration (and the `nn` dialect's).
pub fn link() {
    neuron_nn::link();
}
