//! Errors of the driver that end a run before or after the IR is processed.

use std::io;

/// A failure outside the IR itself: files, streams, arguments.
#[derive(Debug, thiserror::Error)]
pub enum DriverError {
    /// The input file could not be read.
    #[error("could not open input file '{path}': {}", io_message(source))]
    OpenInput {
        /// The path as given.
        path: String,
        /// The cause.
        source: io::Error,
    },
    /// The input is not UTF-8.
    #[error("input file '{path}' is not valid UTF-8 (line {line}, column {col})")]
    InvalidUtf8 {
        /// The path as given.
        path: String,
        /// 1-based line of the first bad byte.
        line: u32,
        /// 1-based column of the first bad byte.
        col: u32,
    },
    /// The output file could not be created.
    #[error("could not open output file '{path}': {}", io_message(source))]
    OpenOutput {
        /// The path as given.
        path: String,
        /// The cause.
        source: io::Error,
    },
    /// Writing the output failed.
    #[error("could not write output: {}", io_message(source))]
    WriteOutput {
        /// The cause.
        source: io::Error,
    },
    /// A flag value the pass manager rejects (`--mlir-print-ir-after=nope`).
    #[error("{0}")]
    InvalidOption(String),
    /// `--pass-pipeline` given together with individual pass flags.
    #[error("'--pass-pipeline' option can't be used with individual pass options")]
    PipelineConflict,
}

/// An I/O error's text without the ` (os error N)` suffix: `No such file or directory`.
pub fn io_message(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
