//! Parser of MLIR-syntax text into a `Module`.

use crate::diagnostics::Diagnostic;
use crate::ir::Module;
use std::sync::Arc;

/// Options of the parser.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// Accept ops of unregistered dialects.
    pub allow_unregistered: bool,
    /// Lines before this text in its file (for `--split-input-file` chunks): added to every line number.
    pub line_offset: u32,
}

/// Parses a module from `text`; `file` names the source in locations and diagnostics.
pub fn parse_module(
    text: &str,
    file: &Arc<str>,
    opts: &ParseOptions,
) -> Result<Module, Diagnostic> {
    let _ = (text, file, opts);
    Err(Diagnostic::error(
        crate::Location::Unknown,
        "parser not implemented yet",
    ))
}
