//! Byte offsets to the line and column a person sees: every [`Span`] the reader gives is made
//! here, so that a diagnostic says `file:line:column` with columns counted in characters.

use crate::model::Span;

/// Maps byte offsets to 1-based line and character column, by binary search over line starts.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The span of `range` in `text`, with the position of its start.
    pub fn span(&self, text: &str, range: std::ops::Range<usize>) -> Span {
        let start = range.start.min(text.len());
        let line = self.starts.partition_point(|&s| s <= start) - 1;
        let line_start = self.starts[line];
        let column = text
            .get(line_start..start)
            .map_or(1, |s| s.chars().count() + 1);
        Span {
            start,
            end: range.end.max(start).min(text.len()),
            line: line as u32 + 1,
            column: column as u32,
            file: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\nçd\n\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.span(text, 0..1).line, 1);
        let d = index.span(text, 5..6); // 'd' after the two-byte 'ç'
        assert_eq!((d.line, d.column), (2, 2));
        let x = index.span(text, 8..9);
        assert_eq!((x.line, x.column), (4, 1));
    }
}
