//! Where a node came from: the [`Span`] every block and inline carries, so that any stage can
//! point a diagnostic at the manuscript without holding its text.

use serde::Serialize;

/// Where a node came from in its manuscript: a byte range plus the 1-based line and column of its
/// start, so a backend can report `file:line:col` without the source text at hand.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: u32,
    /// Counted in characters, not bytes, as editors show it.
    pub column: u32,
    /// Which of [`super::Source::files`] `line` and `column` are in: a book's chapters and the
    /// files they include each count their own lines. Always 0 in a lone manuscript.
    #[serde(skip_serializing_if = "is_zero")]
    pub file: u32,
}

fn is_zero(file: &u32) -> bool {
    *file == 0
}
