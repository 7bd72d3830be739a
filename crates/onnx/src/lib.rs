//! neuron-onnx: imports ONNX models (`ModelProto`) into the `nn` dialect.
//!
//! The protobuf is decoded with `prost` and message structs declared in [`proto`] (no
//! `protoc` at build time). Every tensor gets a static shape at import: graph inputs from
//! the model or from [`ImportOptions::input_shapes`], the rest by shape inference per
//! operator and opset. Values known at import (initializers, `Constant`, `Shape` of static
//! tensors and the integer arithmetic on it) are folded, so ops such as `Reshape` get
//! static targets. The result is one `func.func @main` whose arguments carry `nn.name`.

pub mod ctx;
pub mod error;
pub mod fold;
pub mod graph;
pub mod import;
pub mod ops;
pub mod proto;
pub mod shape;
pub mod tensor;

pub use error::ImportError;
pub use import::{MAX_OPSET, MIN_OPSET};

use bytes::Bytes;
use neuron_ir::Module;
use prost::Message;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A static shape for one graph input: `name=1x128` on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputShape {
    /// The graph input's name.
    pub name: String,
    /// Its dimensions (empty for a scalar).
    pub dims: Vec<i64>,
}

impl FromStr for InputShape {
    type Err = String;

    /// Parses `name=1x128` (also `name=1,128`; `name=` is a scalar). The last `=` splits.
    fn from_str(s: &str) -> Result<InputShape, String> {
        let (name, dims) = s
            .rsplit_once('=')
            .ok_or_else(|| format!("'{s}' is not of the form name=1x128"))?;
        if name.is_empty() {
            return Err(format!("'{s}' has no input name before '='"));
        }
        let dims = if dims.trim().is_empty() {
            vec![]
        } else {
            dims.split(['x', 'X', ','])
                .map(|d| {
                    d.trim()
                        .parse::<i64>()
                        .ok()
                        .filter(|&v| v >= 0)
                        .ok_or_else(|| format!("'{s}': '{d}' is not a dimension size"))
                })
                .collect::<Result<_, _>>()?
        };
        Ok(InputShape {
            name: name.to_string(),
            dims,
        })
    }
}

impl fmt::Display for InputShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dims: Vec<String> = self.dims.iter().map(i64::to_string).collect();
        write!(f, "{}={}", self.name, dims.join("x"))
    }
}

/// Options of an import.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Static shapes of graph inputs whose declared shape is dynamic (or to restate one).
    pub input_shapes: Vec<InputShape>,
    /// Name of the function built (`main`).
    pub func_name: String,
    /// Directory external data paths are relative to (default: the model file's directory).
    pub base_dir: Option<PathBuf>,
    /// Run the IR verifier on the result (an importer bug otherwise goes unnoticed).
    pub verify: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            input_shapes: Vec::new(),
            func_name: "main".to_string(),
            base_dir: None,
            verify: true,
        }
    }
}

/// True if `path` names an ONNX model by its extension (`.onnx`, any case).
pub fn is_onnx_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("onnx"))
}

/// Reads and imports an ONNX model file; external data is read beside it.
pub fn import_file(path: &Path, opts: &ImportOptions) -> Result<Module, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| ImportError::Io {
        path: path.display().to_string(),
        message: tensor::io_text(&e),
    })?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = opts.base_dir.clone().unwrap_or(dir);
    let model = decode_model(Bytes::from(bytes))?;
    import::import_model(&model, Some(&base), opts)
}

/// Imports a model from its bytes; external data resolves against `opts.base_dir` only.
pub fn import_bytes(bytes: impl Into<Bytes>, opts: &ImportOptions) -> Result<Module, ImportError> {
    let model = decode_model(bytes.into())?;
    import::import_model(&model, opts.base_dir.as_deref(), opts)
}

/// Decodes the protobuf bytes of a `ModelProto` (raw tensor data stays shared with `bytes`).
pub fn decode_model(bytes: Bytes) -> Result<proto::ModelProto, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Decode("the file is empty".into()));
    }
    if let Some(kind) = text_kind(&bytes) {
        return Err(ImportError::Decode(format!(
            "the file is {kind}, not a binary ONNX protobuf"
        )));
    }
    proto::ModelProto::decode(bytes).map_err(|e| {
        ImportError::Decode(format!(
            "protobuf decoding failed ({}); the file may be truncated or not an ONNX model",
            decode_text(&e)
        ))
    })
}

/// `Some(description)` if the bytes look like a text file rather than a protobuf.
fn text_kind(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(256)];
    let texty = head
        .iter()
        .all(|&b| b.is_ascii_graphic() || b.is_ascii_whitespace());
    if !texty {
        return None;
    }
    let s = String::from_utf8_lossy(head);
    let t = s.trim_start();
    Some(
        if t.starts_with("module") || t.starts_with("func.func") || t.starts_with("//") {
            "MLIR text"
        } else if t.starts_with("ir_version") || t.starts_with('<') {
            "ONNX text format"
        } else {
            "a text file"
        },
    )
}

/// prost's error text without its generic prefix.
fn decode_text(e: &prost::DecodeError) -> String {
    let s = e.to_string();
    s.strip_prefix("failed to decode Protobuf message: ")
        .unwrap_or(&s)
        .to_string()
}
