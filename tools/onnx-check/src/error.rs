//! Errors of onnx-check: reading files, importing, interpreting.

use neuron_interp::InterpError;
use neuron_onnx::ImportError;

/// Why a model or a data file could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// A file could not be read.
    #[error("could not read '{path}': {message}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        message: String,
    },
    /// A `.pb` file is not a `TensorProto` the importer's decoder accepts.
    #[error("'{path}': {message}")]
    Tensor {
        /// The path.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The model does not import.
    #[error("import: {0}")]
    Import(#[from] ImportError),
    /// The interpreter failed.
    #[error("interpreter: {0}")]
    Interp(#[from] InterpError),
    /// The data files do not fit the model (counts, names).
    #[error("{0}")]
    Data(String),
}

/// Result of onnx-check's functions.
pub type Result<T, E = CheckError> = std::result::Result<T, E>;
