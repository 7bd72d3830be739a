//! Errors of the interpreter, and their conversion to located diagnostics.

use neuron_ir::{Diagnostic, Location};

/// Why a run of the interpreter failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InterpError {
    /// The module has no function of this name.
    #[error("no function named '@{0}' in the module")]
    NoSuchFunction(String),
    /// The number of inputs differs from the function's parameter count.
    #[error("the function takes {expected} inputs, but {found} were given")]
    InputCount {
        /// Parameters of the function.
        expected: usize,
        /// Inputs given.
        found: usize,
    },
    /// An input's type (shape or element type) differs from its parameter's.
    #[error("input #{index} has type {found}, but the function expects {expected}")]
    InputType {
        /// Position of the input.
        index: usize,
        /// The parameter's type.
        expected: String,
        /// The input's type.
        found: String,
    },
    /// A tensor is malformed (data length or kind does not fit its shape and dtype).
    #[error("invalid tensor: {0}")]
    Tensor(String),
    /// An operation could not be executed (unsupported op, bad operands, index out of range…).
    #[error("'{op}' op {message}")]
    Op {
        /// Location of the op in the source.
        loc: Location,
        /// The op's name.
        op: String,
        /// What went wrong.
        message: String,
    },
    /// The function itself is malformed (no terminator, non-tensor values, …).
    #[error("function '@{func}': {message}")]
    Function {
        /// Location of the function.
        loc: Location,
        /// Its name.
        func: String,
        /// What went wrong.
        message: String,
    },
    /// The worker thread pool could not be created.
    #[error("cannot start the thread pool: {0}")]
    ThreadPool(String),
}

impl InterpError {
    /// The error as a diagnostic, located at the op (or function) where it arose.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let loc = match self {
            InterpError::Op { loc, .. } | InterpError::Function { loc, .. } => loc.clone(),
            _ => Location::Unknown,
        };
        Diagnostic::error(loc, self.to_string())
    }
}
