//! Errors of the ONNX importer: one typed error per way a model can fail to import.

use neuron_ir::{Diagnostic, Location};

/// Why a model could not be imported. `Display` gives the one-line message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    /// A file (the model or an external data file) could not be read.
    #[error("could not read '{path}': {message}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        message: String,
    },
    /// The bytes are not a protobuf-encoded `ModelProto`.
    #[error("not a valid ONNX model: {0}")]
    Decode(String),
    /// The model decodes but is not usable as a whole (no graph, opset out of range, …).
    #[error("{0}")]
    Model(String),
    /// Nodes whose operator the importer does not support, with their counts.
    #[error("{}", unsupported_message(.0))]
    Unsupported(Vec<(String, usize)>),
    /// A graph input dimension is not static and no `--input-shape` gave it.
    #[error("input '{input}' has a dynamic dimension {dim}{}: give its shape with --input-shape {input}={example}", symbol_text(.symbol))]
    DynamicDim {
        /// The graph input.
        input: String,
        /// The dimension index.
        dim: usize,
        /// The symbolic name (`dim_param`), if any.
        symbol: Option<String>,
        /// A shape to suggest, with `?` for unknown dimensions (`1x?`).
        example: String,
    },
    /// An `--input-shape` option that is malformed or does not fit the model.
    #[error("--input-shape {0}")]
    InputShape(String),
    /// A graph-level inconsistency: missing value, cycle, duplicate definition, bad tensor.
    #[error("{0}")]
    Graph(String),
    /// A node that cannot be imported.
    #[error("node '{node}' ({op_type}): {message}")]
    Node {
        /// The node's name, or `op_type#index` if it has none.
        node: String,
        /// The ONNX operator.
        op_type: String,
        /// What is wrong.
        message: String,
    },
    /// The imported IR failed verification: attribute values the nn ops reject (a negative
    /// epsilon, `min > max`), else an importer bug. The verifier's diagnostics, at ONNX nodes.
    #[error("the imported IR does not verify: {}", verify_message(.0))]
    Verify(Vec<Diagnostic>),
}

fn unsupported_message(ops: &[(String, usize)]) -> String {
    let nodes: usize = ops.iter().map(|(_, n)| n).sum();
    let list: Vec<String> = ops.iter().map(|(op, n)| format!("{op} ×{n}")).collect();
    format!(
        "unsupported ONNX operators ({} kind{}, {nodes} node{}): {}",
        ops.len(),
        if ops.len() == 1 { "" } else { "s" },
        if nodes == 1 { "" } else { "s" },
        list.join(", ")
    )
}

fn symbol_text(symbol: &Option<String>) -> String {
    match symbol {
        Some(s) => format!(" ('{s}')"),
        None => String::new(),
    }
}

fn verify_message(diags: &[Diagnostic]) -> String {
    let items: Vec<String> = diags
        .iter()
        .take(3)
        .map(|d| match &d.loc {
            Location::Name(n) => format!("at '{n}': {}", d.message),
            _ => d.message.clone(),
        })
        .collect();
    let more = diags.len().saturating_sub(3);
    let tail = if more > 0 {
        format!(" (and {more} more)")
    } else {
        String::new()
    };
    format!("{}{tail}", items.join("; "))
}

impl ImportError {
    /// The error as an IR diagnostic: node errors point at the node's name location.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let loc = match self {
            ImportError::Node { node, .. } => Location::Name(node.as_str().into()),
            _ => Location::Unknown,
        };
        Diagnostic::error(loc, self.to_string())
    }
}

/// Result of the importer's functions.
pub type Result<T, E = ImportError> = std::result::Result<T, E>;
