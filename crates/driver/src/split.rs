//! `--split-input-file`: cuts an input at `// -----` lines into chunks that keep their
//! original line numbers, and flags lines that look like a marker but are not one.

use neuron_ir::{Diagnostic, Location, Severity};
use std::sync::Arc;

/// The line that separates chunks, in the input and in the output.
pub const SPLIT_MARKER: &str = "// -----";

/// One chunk of an input file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk<'a> {
    /// The chunk's text, marker lines excluded.
    pub text: &'a str,
    /// Lines of the file before the chunk: added to the chunk's own line numbers.
    pub line_offset: u32,
}

/// A line that resembles the split marker without being one (`// ----`, `// ------ x`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NearMiss {
    /// 1-based line in the file.
    pub line: u32,
    /// 1-based column of the `//`.
    pub col: u32,
}

impl NearMiss {
    /// The warning shown for this near miss, located in `file`.
    pub fn to_diagnostic(&self, file: &Arc<str>) -> Diagnostic {
        Diagnostic::new(
            Severity::Warning,
            Location::file(file, self.line, self.col),
            "near miss with file split marker",
        )
    }
}

/// The chunks of an input and the near misses found while splitting it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Split<'a> {
    /// Chunks in file order; at least one.
    pub chunks: Vec<Chunk<'a>>,
    /// Marker look-alikes, in file order.
    pub near_misses: Vec<NearMiss>,
}

/// The whole text as one chunk (no splitting).
pub fn whole(text: &str) -> Split<'_> {
    Split {
        chunks: vec![Chunk {
            text,
            line_offset: 0,
        }],
        near_misses: Vec::new(),
    }
}

/// Splits `text` at every line whose trimmed content is exactly [`SPLIT_MARKER`].
pub fn split_input(text: &str) -> Split<'_> {
    let mut split = Split::default();
    let mut chunk_start = 0usize;
    let mut chunk_line_offset = 0u32;
    let mut pos = 0usize;
    for (idx, line) in text.split_inclusive('\n').enumerate() {
        let line_no = u32::try_from(idx + 1).unwrap_or(u32::MAX);
        let trimmed = line.trim();
        if trimmed == SPLIT_MARKER {
            split.chunks.push(Chunk {
                text: &text[chunk_start..pos],
                line_offset: chunk_line_offset,
            });
            chunk_start = pos + line.len();
            chunk_line_offset = line_no;
        } else if is_near_miss(trimmed) {
            let indent = line.len() - line.trim_start().len();
            let col = line[..indent].chars().count() + 1;
            split.near_misses.push(NearMiss {
                line: line_no,
                col: u32::try_from(col).unwrap_or(u32::MAX),
            });
        }
        pos += line.len();
    }
    split.chunks.push(Chunk {
        text: &text[chunk_start..],
        line_offset: chunk_line_offset,
    });
    split
}

/// True for a trimmed line that starts like the marker (`// ---`) but is not exactly it.
fn is_near_miss(trimmed: &str) -> bool {
    trimmed.starts_with("// ---") && trimmed != SPLIT_MARKER
}
