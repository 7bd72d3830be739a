//! The kernels of every `nn` op, one file per family.

pub mod broadcast;
pub mod cast;
pub mod constant;
pub mod conv;
pub mod elementwise;
pub mod index;
pub mod logic;
pub mod math;
pub mod matmul;
pub mod movement;
pub mod norm;
pub mod pool;
pub mod reduce;
pub mod sort_scatter;
pub mod unary_math;
pub mod vmath;
