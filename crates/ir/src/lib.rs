//! neuron-ir: the IR core of neuron-opt — types, attributes, operations in SSA form,
//! the op registry, the verifier, and the MLIR-syntax parser and printer.

pub mod attributes;
pub mod builtin;
pub mod diagnostics;
pub mod ir;
pub mod numerics;
pub mod parser;
pub mod printer;
pub mod registry;
pub mod types;
pub mod verifier;

pub use inventory;

pub use attributes::{Attribute, DenseArray, DenseElements, NamedAttr};
pub use diagnostics::{Diagnostic, Location, Severity, SourceMap};
pub use ir::{Body, Func, Module, OpData, OpId, OpKind, OpSpec, ValueData, ValueDef, ValueId};
pub use registry::{traits, OpDef, OpView};
pub use types::{FunctionType, Scalar, TensorType, Type};
