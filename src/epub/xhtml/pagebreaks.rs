//! Page-break markers: where each page of a paginated edition (the PDF) begins, placed in the
//! text as the model's positions say (see [`crate::model::Position`]), before the character at
//! the offset: inside a paragraph before a word, inside a table's first cell of a row, after a
//! listing's line end, before a figure or rule. The marks the pages get are listed for the
//! navigation documents' page-lists.
//!
//! A block the body's split divided across files is written as parts that are not the document's
//! blocks: each part carries its [`Origin`], and while it is written its blocks stand for the
//! document's, each with the marks of its stretch of the original's text.

use super::Renderer;
use crate::epub::escape::push_escaped;
use crate::model::{Block, BlockKind, PageStarts, Table, plain_text, visit_blocks};
use std::collections::HashMap;
use std::ops::Range;

/// The page starts the body's blocks hold, found by the block's address (the renderer is handed
/// the document's own blocks), and the marks written so far.
#[derive(Debug, Default)]
pub(in crate::epub) struct PageBreaks {
    /// Offset and page index of each mark, by block, ascending.
    by_block: HashMap<usize, Vec<(usize, usize)>>,
    labels: Vec<String>,
    /// The page index and chapter file of each mark written, in reading order.
    pub placed: Vec<(usize, usize)>,
    /// While a part of a divided block is written: for each of its blocks, the document's block
    /// it stands for and the stretch of that block's text it holds (see [`Stand`]).
    standing: HashMap<usize, Stand>,
    /// Where each body row of a divided table begins in the table's own text, and where the
    /// body begins, by the table's block: found once, for the first of its runs of rows.
    row_starts: HashMap<usize, (Vec<usize>, usize)>,
}

/// The document's block a block of a part stands for, and the character offsets of the
/// original's own text it holds: from `start` to `end` (to the end of the text when `None`).
#[derive(Debug, Clone, Copy)]
struct Stand {
    block: usize,
    start: usize,
    end: Option<usize>,
}

/// Where a part of a divided block comes from: the document's block; the character offsets of
/// that block's own text (see [`crate::model::Position`]) where the part's begins and where the
/// next part's begins (`None` for the last part); and how many of the block's inner blocks, in
/// [`visit_blocks`] order, come before the part's own.
#[derive(Debug, Clone, Copy)]
pub(in crate::epub) struct Origin<'a> {
    pub block: &'a Block,
    pub start: usize,
    pub end: Option<usize>,
    pub inner: usize,
}

impl<'a> Origin<'a> {
    /// A whole block of the document.
    pub(in crate::epub) fn whole(block: &'a Block) -> Self {
        Origin {
            block,
            start: 0,
            end: None,
            inner: 0,
        }
    }

    /// The origins of `parts`, the blocks this one was divided into, in order.
    pub(in crate::epub) fn divided(self, parts: &[Block]) -> Vec<Origin<'a>> {
        let (mut start, mut inner) = (self.start, self.inner);
        let mut origins = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let next = start + own_chars(part);
            let last = i + 1 == parts.len();
            origins.push(Origin {
                block: self.block,
                start,
                end: if last { self.end } else { Some(next) },
                inner,
            });
            start = next;
            inner += inner_blocks(part);
        }
        origins
    }
}

/// The characters of a block's own text (see [`crate::model::Position`]): a paragraph's or a
/// heading's inlines, a listing's or formula's source, a table's cells, a definition list's
/// terms, a figure's caption; none for a block that only holds blocks.
fn own_chars(block: &Block) -> usize {
    let count = |inlines| plain_text(inlines).chars().count();
    match &block.kind {
        BlockKind::Paragraph { content } => count(content),
        BlockKind::Heading(heading) => count(&heading.content),
        BlockKind::CodeBlock { code, .. } => code.chars().count(),
        BlockKind::Math { tex, .. } => tex.chars().count(),
        BlockKind::Table(table) => (table.header.iter().chain(&table.rows))
            .flat_map(|row| &row.cells)
            .map(|cell| count(cell))
            .sum(),
        BlockKind::DefinitionList { items } => items.iter().map(|item| count(&item.term)).sum(),
        BlockKind::Figure(figure) => count(&figure.caption),
        BlockKind::BlockQuote { .. }
        | BlockKind::Div { .. }
        | BlockKind::List(_)
        | BlockKind::ThematicBreak => 0,
    }
}

/// How many blocks `block` holds, at any depth.
fn inner_blocks(block: &Block) -> usize {
    let mut count = 0;
    visit_blocks(std::slice::from_ref(block), &mut |_| count += 1);
    count - 1
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
            standing: HashMap::new(),
            row_starts: HashMap::new(),
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

/// Where each body row of `table` begins in its own text (header rows first), and where the
/// body begins.
fn row_starts(table: &Table) -> (Vec<usize>, usize) {
    let chars = |row: &crate::model::TableRow| -> usize {
        (row.cells.iter())
            .map(|cell| plain_text(cell).chars().count())
            .sum()
    };
    let body: usize = table.header.iter().map(chars).sum();
    let mut starts = Vec::with_capacity(table.rows.len());
    let mut at = body;
    for row in &table.rows {
        starts.push(at);
        at += chars(row);
    }
    (starts, body)
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
        let address = address(block);
        let stand = (self.breaks.standing.get(&address).copied()).unwrap_or(Stand {
            block: address,
            start: 0,
            end: None,
        });
        self.enter_stretch(stand, stand.start)
    }

    /// Starts the marks of `stand`'s stretch of its block's text, whose writing starts at
    /// character `cursor` of it; `None` when the stretch has none.
    fn enter_stretch(&mut self, stand: Stand, cursor: usize) -> Option<Pending> {
        let marks = self.breaks.by_block.get(&stand.block)?;
        let inside = |&&(offset, _): &&(usize, usize)| {
            offset >= stand.start && stand.end.is_none_or(|end| offset < end)
        };
        let marks: Vec<(usize, usize)> = marks.iter().filter(inside).copied().collect();
        if marks.is_empty() {
            return None;
        }
        let fresh = Pending {
            marks,
            next: 0,
            cursor,
        };
        Some(std::mem::replace(&mut self.pending, fresh))
    }

    /// Before a part of a divided block is written: its blocks stand for the document's, the
    /// part itself for its stretch of the original's text, the blocks inside it for the
    /// original's inner blocks they copy.
    pub(super) fn enter_part(&mut self, part: &Block, origin: &Origin) {
        self.breaks.standing.clear();
        if self.breaks.by_block.is_empty() {
            return;
        }
        let mut originals = Vec::new();
        visit_blocks(std::slice::from_ref(origin.block), &mut |b| {
            originals.push(address(b))
        });
        let mut copies = Vec::new();
        visit_blocks(std::slice::from_ref(part), &mut |b| copies.push(address(b)));
        let standing = &mut self.breaks.standing;
        standing.insert(
            address(part),
            Stand {
                block: address(origin.block),
                start: origin.start,
                end: origin.end,
            },
        );
        for (&copy, &block) in (copies.iter().skip(1)).zip(originals.iter().skip(1 + origin.inner))
        {
            let whole = Stand {
                block,
                start: 0,
                end: None,
            };
            standing.insert(copy, whole);
        }
    }

    /// After a part of a divided block: blocks stand for themselves again.
    pub(super) fn leave_part(&mut self) {
        self.breaks.standing.clear();
    }

    /// Starts the marks of the body rows `rows` of the table `block` holds, written under the
    /// table's header; what it returns goes to [`Self::leave_marks`].
    pub(super) fn enter_rows(
        &mut self,
        block: &Block,
        table: &Table,
        rows: Range<usize>,
    ) -> Option<Pending> {
        let address = address(block);
        if !self.breaks.by_block.contains_key(&address) {
            return None;
        }
        let (starts, body) = self
            .breaks
            .row_starts
            .entry(address)
            .or_insert_with(|| row_starts(table));
        let body = *body;
        // The first run also holds the header's marks; the last, any mark past its rows.
        let start = if rows.start == 0 {
            0
        } else {
            starts[rows.start]
        };
        let end = (rows.end < table.rows.len()).then(|| starts[rows.end]);
        let cursor = starts[rows.start] - body;
        self.enter_stretch(
            Stand {
                block: address,
                start,
                end,
            },
            cursor,
        )
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
