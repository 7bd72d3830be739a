//! The `nn` dialect: graph-level ops of FP32-trained neural networks.
//!
//! One file per op family. Every op registers itself with `define_op!`; this file
//! registers the dialect and its constant materializer (which builds `nn.constant`).

pub mod cast;
pub mod common;
pub mod constant;
pub mod elementwise;
pub mod matmul;
pub mod shape;

pub use cast::CastOp;
pub use constant::{materialize_constant, ConstantOp};
pub use elementwise::{AddOp, MulOp, NegOp, ReluOp, SubOp};
pub use matmul::MatMulOp;
pub use shape::{ReshapeOp, TransposeOp};

neuron_ir::inventory::submit! {
    neuron_ir::registry::DialectDef {
        name: "nn",
        summary: "graph-level ops of neural networks (tensors in, tensors out)",
        materialize_constant: Some(constant::materialize_constant),
    }
}

/// Call from a binary so the linker keeps every `nn` registration.
pub fn link() {}
