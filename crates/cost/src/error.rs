//! Errors of the cost model, and their conversion to located diagnostics.

use neuron_ir::{Diagnostic, Location};

/// Why an op or a function could not be costed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CostError {
    /// A target name other than `inf1` or `trn1`.
    #[error("unknown target '{0}' (expected 'inf1' or 'trn1')")]
    UnknownTarget(String),
    /// The module has no function of this name.
    #[error("no function named '@{0}' in the module")]
    NoSuchFunction(String),
    /// The op is not an `nhw` op the model knows (e.g. an `nn` op left unlowered).
    #[error(
        "'{op}' op has no cost model (only nhw ops are costed; lower the function to nhw first)"
    )]
    Unsupported {
        /// Location of the op.
        loc: Location,
        /// The op's name.
        op: String,
    },
    /// The op cannot run on the target (e.g. an FP32 matmult on inf1).
    #[error("'{op}' op cannot run on {target}: {message}")]
    Illegal {
        /// Location of the op.
        loc: Location,
        /// The op's name.
        op: String,
        /// The target name.
        target: String,
        /// Why.
        message: String,
    },
    /// The op is malformed (non-tensor operands, missing attributes, bad shapes).
    #[error("'{op}' op {message}")]
    Malformed {
        /// Location of the op.
        loc: Location,
        /// The op's name.
        op: String,
        /// What is wrong.
        message: String,
    },
}

impl CostError {
    /// The error as a diagnostic, located at the op where it arose.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let loc = match self {
            CostError::Unsupported { loc, .. }
            | CostError::Illegal { loc, .. }
            | CostError::Malformed { loc, .. } => loc.clone(),
            _ => Location::Unknown,
        };
        Diagnostic::error(loc, self.to_string())
    }
}
