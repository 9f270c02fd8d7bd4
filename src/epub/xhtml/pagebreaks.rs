//! Page-break markers: where each page of a paginated edition (the PDF) begins, placed in the
//! text as the model's positions say (see [`crate::model::Position`]), before the character at
//! the offset: inside a paragraph before a word, inside a table's first cell of a row, after a
//! listing's line end, before a figure or rule. The marks the pages get are listed for the
//! navigation documents' page-lists.

use super::Renderer;
use crate::epub::escape::push_escaped;
use crate::model::{Block, PageStarts, visit_blocks};
use std::collections::HashMap;

/// The page starts the body's blocks hold, found by the block's address (the renderer is handed
/// the document's own blocks), and the marks written so far.
#[derive(Debug, Default)]
pub(in crate::epub) struct PageBreaks {
    /// Offset and page index of each mark, by block, ascending.
    by_block: HashMap<usize, Vec<(usize, usize)>>,
    labels: Vec<String>,
    /// The page index and chapter file of each mark written, in reading order.
    pub placed: Vec<(usize, usize)>,
}

impl PageBreaks {
    pub(in crate::epub) fn new(blocks: &[Block], starts: &PageStarts) -> Self {
        let mut addresses = Vec::new();
        visit_blocks(blocks, &mut |block| addresses.push(address(block)));
        let mut by_block: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
        for (page, start) in starts.pages.iter().enumerate() {
            if let Some(&block) = addresses.get(start.position.block) {
                by_block
                    .entry(block)
                    .or_default()
                    .push((start.position.offset, page));
            }
        }
        for marks in by_block.values_mut() {
            marks.sort_unstable();
        }
        PageBreaks {
            by_block,
            labels: starts.pages.iter().map(|p| p.label.clone()).collect(),
            placed: Vec::new(),
        }
    }

    /// The label of page `page`, as printed.
    pub(in crate::epub) fn label(&self, page: usize) -> &str {
        &self.labels[page]
    }
}

/// The id of the mark where page `label` begins.
pub(in crate::epub) fn mark_id(label: &str) -> String {
    format!("folio-page-{label}")
}

fn address(block: &Block) -> usize {
    block as *const Block as usize
}

/// The marks still to place in the text of the block being written, and how many characters of
/// its text are written.
#[derive(Debug, Default)]
pub(super) struct Pending {
    marks: Vec<(usize, usize)>,
    next: usize,
    cursor: usize,
}

impl Renderer<'_> {
    /// Starts `block`'s marks, if it has any; what it returns goes to [`Self::leave_marks`].
    pub(super) fn enter_marks(&mut self, block: &Block) -> Option<Pending> {
        let marks = self.breaks.by_block.get(&address(block))?.clone();
        let fresh = Pending {
            marks,
            next: 0,
            cursor: 0,
        };
        Some(std::mem::replace(&mut self.pending, fresh))
    }

    /// Ends a block: any mark its text did not reach is placed after it.
    pub(super) fn leave_marks(&mut self, out: &mut String, saved: Option<Pending>) {
        if let Some(saved) = saved {
            self.pending.cursor = usize::MAX;
            self.marks_due(out);
            self.pending = saved;
        }
    }

    /// Places the marks due at the current point of the text.
    pub(super) fn marks_due(&mut self, out: &mut String) {
        while let Some(&(offset, page)) = self.pending.marks.get(self.pending.next)
            && offset <= self.pending.cursor
        {
            self.pending.next += 1;
            let label = self.breaks.label(page).to_string();
            out.push_str("<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"");
            push_escaped(out, &mark_id(&label));
            out.push_str("\" aria-label=\"");
            push_escaped(out, &label);
            out.push_str("\"></span>");
            if self.places.is_some() {
                self.breaks.placed.push((page, self.file));
            }
        }
    }

    /// Text of the block, escaped, with the marks that fall inside it.
    pub(super) fn marked_text(&mut self, out: &mut String, text: &str) {
        let mut rest = text;
        loop {
            self.marks_due(out);
            let Some(&(offset, _)) = self.pending.marks.get(self.pending.next) else {
                break;
            };
            let ahead = offset - self.pending.cursor;
            let Some((at, _)) = rest.char_indices().nth(ahead) else {
                break;
            };
            push_escaped(out, &rest[..at]);
            self.pending.cursor += ahead;
            rest = &rest[at..];
        }
        push_escaped(out, rest);
        self.pending.cursor += rest.chars().count();
    }

    /// Counts `chars` characters of the text written without [`Self::marked_text`] (a break).
    pub(super) fn skip_text(&mut self, chars: usize) {
        self.pending.cursor += chars;
    }

    /// Writes a listing's code as rendered (`rendered`, escaped or highlighted, with its line
    /// ends where the code has them), with the marks of lines after the first at their line's
    /// start.
    pub(super) fn marked_code(&mut self, out: &mut String, code: &str, rendered: &str) {
        let line_ends: Vec<usize> = (code.chars().enumerate())
            .filter(|&(_, c)| c == '\n')
            .map(|(i, _)| i)
            .collect();
        let mut lines = rendered.split_inclusive('\n');
        let mut line = 0;
        while let Some(&(offset, _)) = self.pending.marks.get(self.pending.next) {
            let mark_line = line_ends.partition_point(|&end| end < offset);
            while line < mark_line
                && let Some(text) = lines.next()
            {
                out.push_str(text);
                line += 1;
            }
            self.pending.cursor = offset;
            self.marks_due(out);
        }
        out.extend(lines);
        self.pending.cursor = code.chars().count();
    }
}
