//! Tests of `--split-input-file` chunking: chunk texts, line offsets and near-miss markers.

use neuron_driver::split::{split_input, whole, Chunk, NearMiss};
use std::sync::Arc;

#[test]
fn no_marker_gives_one_chunk() {
    let s = split_input("a\nb\n");
    assert_eq!(
        s.chunks,
        vec![Chunk {
            text: "a\nb\n",
            line_offset: 0
        }]
    );
    assert!(s.near_misses.is_empty());
}

#[test]
fn chunks_keep_original_line_offsets() {
    let text = "a\n// -----\nb\nc\n  // -----  \nd";
    let s = split_input(text);
    let got: Vec<(&str, u32)> = s.chunks.iter().map(|c| (c.text, c.line_offset)).collect();
    assert_eq!(got, vec![("a\n", 0), ("b\nc\n", 2), ("d", 5)]);
}

#[test]
fn leading_and_trailing_markers_give_empty_chunks() {
    let s = split_input("// -----\nx\n// -----\n");
    let got: Vec<(&str, u32)> = s.chunks.iter().map(|c| (c.text, c.line_offset)).collect();
    assert_eq!(got, vec![("", 0), ("x\n", 1), ("", 3)]);
}

#[test]
fn crlf_marker_lines_split() {
    let s = split_input("a\r\n// -----\r\nb\r\n");
    let got: Vec<&str> = s.chunks.iter().map(|c| c.text).collect();
    assert_eq!(got, vec!["a\r\n", "b\r\n"]);
}

#[test]
fn near_misses_are_flagged_and_do_not_split() {
    let s = split_input("a\n// ----\nb\n   // ------\nc\n// ----- x\n");
    assert_eq!(s.chunks.len(), 1);
    assert_eq!(
        s.near_misses,
        vec![
            NearMiss { line: 2, col: 1 },
            NearMiss { line: 4, col: 4 },
            NearMiss { line: 6, col: 1 }
        ]
    );
}

#[test]
fn marker_inside_a_line_is_not_a_split() {
    let s = split_input("%0 = \"x.y\"() // -----\n");
    assert_eq!(s.chunks.len(), 1);
}

#[test]
fn near_miss_renders_as_located_warning() {
    let file: Arc<str> = "in.mlir".into();
    let d = NearMiss { line: 3, col: 2 }.to_diagnostic(&file);
    let mut map = neuron_ir::SourceMap::default();
    map.add(&file, &Arc::from("a\nb\n // ----\n"));
    assert_eq!(
        map.render(&d),
        "in.mlir:3:2: warning: near miss with file split marker\n // ----\n ^\n"
    );
}

#[test]
fn whole_is_one_chunk_at_offset_zero() {
    let s = whole("x\n// -----\ny");
    assert_eq!(s.chunks.len(), 1);
    assert_eq!(s.chunks[0].line_offset, 0);
}
