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
}
