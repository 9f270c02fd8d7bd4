//! Cutting the body into chapter files, and finding out which file then holds every id and note.
//!
//! A body with level-1 headings becomes one file per chapter (content before the first chapter
//! gets a file of its own); a body without them (an article) stays one file. A file that would
//! exceed [`MAX_FILE_BYTES`] is cut before its level-2 headings, and any piece still too large
//! is packed into files block by block, dividing single blocks that are too large on their own
//! (a long listing, list or table). Sizes are [`Footprint`]s measured by the XHTML renderer, so
//! this module never guesses how big a block will be and never writes XHTML itself.

use super::xhtml::{Footprint, Origin, Piece, Places};
use crate::model::{Block, BlockKind, Footnote, Inline, InlineKind, List, Table};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The largest XHTML file the book may hold. Reading systems with little memory (older Kobo and
/// Kindle devices, Adobe RMSDK) slow down or fail on larger files; 250 KB is the usual ceiling.
pub const MAX_FILE_BYTES: usize = 250 * 1024;

/// What the blocks of one file may weigh: the rest of [`MAX_FILE_BYTES`] is room for the page's
/// head, an article's title block and the measurement's slack (reference ids grow by a digit
/// when a note is referenced again).
const SPLIT_BUDGET: usize = MAX_FILE_BYTES - 12 * 1024;

/// A top-level block (or a piece of one that had to be divided) with what rendering it revealed.
pub(super) struct Part<'a> {
    pub block: Piece<'a>,
    pub footprint: Footprint,
    /// The block's bytes plus those of every note it would bring into its file.
    weight: usize,
}

/// The blocks of one chapter file.
pub(super) struct Chapter<'a> {
    pub parts: Vec<Part<'a>>,
}

impl Chapter<'_> {
    /// The chapter's top-level headings, in order.
    pub(super) fn headings(&self) -> impl Iterator<Item = &crate::model::Heading> {
        self.parts
            .iter()
            .filter_map(|part| match &part.block.block()?.kind {
                BlockKind::Heading(heading) => Some(heading),
                _ => None,
            })
    }
}

/// The footnotes' footprints, found by number.
pub(super) struct Notes {
    by_number: HashMap<u32, usize>,
    footprints: Vec<Footprint>,
}

impl Notes {
    pub(super) fn new(notes: &[Footnote], mut measure: impl FnMut(&Footnote) -> Footprint) -> Self {
        Notes {
            by_number: notes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.number, i))
                .collect(),
            footprints: notes.iter().map(&mut measure).collect(),
        }
    }

    /// The bytes of the notes `numbers` refer to, and of the notes those refer to, each once.
    fn weight(&self, numbers: &[u32]) -> usize {
        let mut seen = HashSet::new();
        let mut todo = numbers.to_vec();
        let mut bytes = 0;
        while let Some(number) = todo.pop() {
            if let Some(&i) = self.by_number.get(&number)
                && seen.insert(number)
            {
                bytes += self.footprints[i].bytes;
                todo.extend(&self.footprints[i].notes);
            }
        }
        bytes
    }
}

/// Whether the body has chapters: top-level level-1 headings.
pub(super) fn has_chapters(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| heading_level(b) == Some(1))
}

/// Renders one piece, for its footprint.
pub(super) type Measure<'m> = dyn FnMut(&Piece) -> Footprint + 'm;

/// Cuts `blocks` into chapter files; `measure` renders one piece. Always at least one file.
pub(super) fn split<'a>(
    blocks: &'a [Block],
    notes: &Notes,
    measure: &mut Measure,
) -> Vec<Chapter<'a>> {
    let parts = blocks
        .iter()
        .map(|block| Part::new(Piece::Block(block), notes, measure))
        .collect();
    let mut chapters = Vec::new();
    for chapter in cut_before_headings(parts, 1) {
        if weight(&chapter) <= SPLIT_BUDGET {
            chapters.push(Chapter { parts: chapter });
            continue;
        }
        for section in cut_before_headings(chapter, 2) {
            if weight(&section) <= SPLIT_BUDGET {
                chapters.push(Chapter { parts: section });
            } else {
                chapters.extend(pack(section, notes, measure));
            }
        }
    }
    if chapters.is_empty() {
        chapters.push(Chapter { parts: Vec::new() });
    }
    chapters
}

impl<'a> Part<'a> {
    fn new(block: Piece<'a>, notes: &Notes, measure: &mut Measure) -> Self {
        let footprint = measure(&block);
        let weight = footprint.bytes + notes.weight(&footprint.notes);
        Part {
            block,
            footprint,
            weight,
        }
    }
}

fn weight(parts: &[Part]) -> usize {
    parts.iter().map(|p| p.weight).sum()
}

fn heading_level(block: &Block) -> Option<u8> {
    match &block.kind {
        BlockKind::Heading(h) => Some(h.level),
        _ => None,
    }
}

/// Groups `parts` so that each top-level heading of `level` starts a new group.
fn cut_before_headings(parts: Vec<Part>, level: u8) -> Vec<Vec<Part>> {
    let mut groups: Vec<Vec<Part>> = Vec::new();
    for part in parts {
        match groups.last_mut() {
            Some(group) if part.block.block().and_then(heading_level) != Some(level) => {
                group.push(part)
            }
            _ => groups.push(vec![part]),
        }
    }
    groups
}

/// Fills files block by block up to the budget, never ending a file with a heading.
fn pack<'a>(parts: Vec<Part<'a>>, notes: &Notes, measure: &mut Measure) -> Vec<Chapter<'a>> {
    let mut chapters = Vec::new();
    let mut current: Vec<Part> = Vec::new();
    let mut current_weight = 0;
    for whole in parts {
        for part in fragment(whole, notes, measure) {
            if !current.is_empty() && current_weight + part.weight > SPLIT_BUDGET {
                let heading = (current.len() > 1
                    && current
                        .last()
                        .is_some_and(|p| p.block.block().and_then(heading_level).is_some()))
                .then(|| current.pop())
                .flatten();
                chapters.push(Chapter {
                    parts: std::mem::take(&mut current),
                });
                current.extend(heading);
                current_weight = weight(&current);
            }
            current_weight += part.weight;
            current.push(part);
        }
    }
    if !current.is_empty() {
        chapters.push(Chapter { parts: current });
    }
    chapters
}

/// `part` as pieces within the budget: its block divided into as many blocks as its weight asks
/// for, each divided again while still too large and divisible. Dividing in one go rather than
/// halving keeps a huge listing from being highlighted over and over.
fn fragment<'a>(part: Part<'a>, notes: &Notes, measure: &mut Measure) -> Vec<Part<'a>> {
    if part.weight <= SPLIT_BUDGET {
        return vec![part];
    }
    let Some(divided) = divide_piece(&part.block, part.weight.div_ceil(SPLIT_BUDGET)) else {
        return vec![part];
    };
    let mut pieces = Vec::new();
    for piece in divided {
        pieces.extend(fragment(Part::new(piece, notes, measure), notes, measure));
    }
    pieces
}

/// `piece` as up to `count` pieces: a table's body rows as runs of the rows it borrows, any
/// other block as [`divide`] copies it, each copy with its origin (for its page marks). `None`
/// when it cannot be divided.
fn divide_piece<'a>(piece: &Piece<'a>, count: usize) -> Option<Vec<Piece<'a>>> {
    let count = count.max(2);
    let rows = |block: &'a Block, table: &'a Table, rows: Range<usize>| {
        Some(
            ranges(rows, count)?
                .into_iter()
                .map(|rows| Piece::Rows(block, table, rows))
                .collect(),
        )
    };
    let parts = |block: &Block, origin: Origin<'a>| {
        let blocks = divide(block, count)?;
        let origins = origin.divided(&blocks);
        Some(
            blocks
                .into_iter()
                .zip(origins)
                .map(|(block, origin)| Piece::Part(Box::new(block), origin))
                .collect(),
        )
    };
    match piece {
        Piece::Rows(block, table, range) => rows(block, table, range.clone()),
        Piece::Block(
            block @ Block {
                kind: BlockKind::Table(table),
                ..
            },
        ) => rows(block, table, 0..table.rows.len()),
        Piece::Block(block) => parts(block, Origin::whole(block)),
        Piece::Part(block, origin) => parts(block, *origin),
    }
}

/// `block` as up to `count` (at least two) blocks of its kind that read as it did: a listing cut
/// between lines, a paragraph between words, a list, quote or definition list between its items,
/// a div between its blocks (each piece keeping the div's language). `None` when it cannot be
/// divided; a table is divided by [`divide_piece`], without copying its rows.
fn divide(block: &Block, count: usize) -> Option<Vec<Block>> {
    let kinds: Vec<BlockKind> = match &block.kind {
        BlockKind::Paragraph { content } => divide_inlines(content, count)?
            .into_iter()
            .map(|content| BlockKind::Paragraph { content })
            .collect(),
        BlockKind::CodeBlock { lang, code } => divide_text(code, count, |c| c == '\n')?
            .into_iter()
            .map(|code| BlockKind::CodeBlock {
                lang: lang.clone(),
                code,
            })
            .collect(),
        BlockKind::BlockQuote { blocks } => chunks(blocks, count)?
            .into_iter()
            .map(|blocks| BlockKind::BlockQuote { blocks })
            .collect(),
        BlockKind::List(list) => {
            let mut start = list.start;
            chunks(&list.items, count)?
                .into_iter()
                .map(|items| {
                    let this_start = start;
                    start = start.map(|s| s + items.len() as u64);
                    BlockKind::List(List {
                        start: this_start,
                        tight: list.tight,
                        items,
                    })
                })
                .collect()
        }
        BlockKind::Div { blocks } => chunks(blocks, count)?
            .into_iter()
            .map(|blocks| BlockKind::Div { blocks })
            .collect(),
        BlockKind::DefinitionList { items } => chunks(items, count)?
            .into_iter()
            .map(|items| BlockKind::DefinitionList { items })
            .collect(),
        _ => return None,
    };
    Some(
        kinds
            .into_iter()
            .map(|kind| Block {
                kind,
                locale: block.locale.clone(),
                span: block.span,
            })
            .collect(),
    )
}

/// `items` in up to `count` runs of near-equal length; `None` for fewer than two items.
fn chunks<T: Clone>(items: &[T], count: usize) -> Option<Vec<Vec<T>>> {
    Some(
        ranges(0..items.len(), count)?
            .into_iter()
            .map(|range| items[range].to_vec())
            .collect(),
    )
}

/// `range` in up to `count` runs of near-equal length; `None` for fewer than two indexes.
fn ranges(range: Range<usize>, count: usize) -> Option<Vec<Range<usize>>> {
    let len = range.len();
    if len < 2 {
        return None;
    }
    let size = len.div_ceil(count.min(len));
    Some(
        range
            .clone()
            .step_by(size)
            .map(|start| start..(start + size).min(range.end))
            .collect(),
    )
}

fn divide_inlines(content: &[Inline], count: usize) -> Option<Vec<Vec<Inline>>> {
    match content {
        [only] => match &only.kind {
            InlineKind::Text { text } => Some(
                divide_text(text, count, char::is_whitespace)?
                    .into_iter()
                    .map(|piece| vec![Inline::text(piece, only.span)])
                    .collect(),
            ),
            _ => None,
        },
        _ => chunks(content, count),
    }
}

/// `text` cut into up to `count` pieces of near-equal size, each cut just after the `at`
/// character nearest its ideal place, or at that place when no such character is near.
fn divide_text(text: &str, count: usize, at: impl Fn(char) -> bool) -> Option<Vec<String>> {
    let separators: Vec<usize> = text
        .char_indices()
        .filter(|&(_, c)| at(c))
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&end| end < text.len())
        .collect();
    let step = text.len() / count;
    let mut cuts: Vec<usize> = (1..count)
        .filter_map(|n| {
            let ideal = n * step;
            let nearest = separators
                .get(separators.partition_point(|&s| s < ideal).saturating_sub(1)..)
                .and_then(|near| {
                    near.iter()
                        .take(2)
                        .min_by_key(|s| s.abs_diff(ideal))
                        .copied()
                });
            match nearest {
                // A separator within half a step keeps the cut between lines or words.
                Some(cut) if cut.abs_diff(ideal) <= step / 2 => Some(cut),
                _ => (ideal..text.len()).find(|&i| text.is_char_boundary(i)),
            }
        })
        .filter(|&cut| cut > 0 && cut < text.len())
        .collect();
    cuts.dedup();
    if cuts.is_empty() {
        return None;
    }
    let bounds = std::iter::once(0)
        .chain(cuts)
        .chain(std::iter::once(text.len()));
    let bounds: Vec<usize> = bounds.collect();
    Some(
        bounds
            .windows(2)
            .map(|w| text[w[0]..w[1]].to_string())
            .collect(),
    )
}

/// Where everything ended up: per file, the notes to print at its end (indexes into the
/// document's footnotes) and the ids of every heading on it; and [`Places`] for links.
pub(super) struct Placement {
    pub places: Places,
    pub files: Vec<FilePlan>,
}

#[derive(Default)]
pub(super) struct FilePlan {
    pub notes: Vec<usize>,
    pub heading_ids: Vec<String>,
}

/// Each note goes to the file of its first reference (with the notes it references in turn);
/// each id to the first file that has it, headings before anchors.
pub(super) fn place(chapters: &[Chapter], notes: &Notes) -> Placement {
    let mut places = Places::default();
    let mut files = Vec::with_capacity(chapters.len());
    let mut prints_per_file = Vec::with_capacity(chapters.len());
    for (file, chapter) in chapters.iter().enumerate() {
        let mut plan = FilePlan::default();
        let mut prints: Vec<&Footprint> = chapter.parts.iter().map(|p| &p.footprint).collect();
        let mut next = 0;
        while let Some(&print) = prints.get(next) {
            for number in &print.notes {
                if let Some(&index) = notes.by_number.get(number)
                    && !places.notes.contains_key(number)
                {
                    places.notes.insert(*number, file);
                    plan.notes.push(index);
                    prints.push(&notes.footprints[index]);
                }
            }
            next += 1;
        }
        plan.notes.sort_unstable();
        plan.heading_ids = prints.iter().flat_map(|p| p.headings.clone()).collect();
        files.push(plan);
        prints_per_file.push(prints);
    }
    // Headings first: a link to an id that a heading and an anchor share goes to the heading.
    let ids_of = |pick: fn(&Footprint) -> &Vec<String>| {
        prints_per_file
            .iter()
            .enumerate()
            .flat_map(move |(file, prints)| {
                prints
                    .iter()
                    .flat_map(move |p| pick(p).iter().map(move |id| (id, file)))
            })
    };
    for (id, file) in ids_of(|p| &p.headings).chain(ids_of(|p| &p.anchors)) {
        places.ids.entry(id.clone()).or_insert(file);
    }
    Placement { places, files }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_divided_at_the_separators_nearest_the_ideal_cuts() {
        assert_eq!(
            divide_text("aa\nbb\ncc\ndd\n", 2, |c| c == '\n'),
            Some(vec!["aa\nbb\n".into(), "cc\ndd\n".into()])
        );
        assert_eq!(
            divide_text("a1\nb2\nc3\n", 3, |c| c == '\n'),
            Some(vec!["a1\n".into(), "b2\n".into(), "c3\n".into()])
        );
        assert_eq!(
            divide_text("abcdéf", 2, char::is_whitespace),
            Some(vec!["abc".into(), "déf".into()])
        );
        assert_eq!(divide_text("x", 2, char::is_whitespace), None);
    }

    #[test]
    fn items_are_chunked_evenly() {
        assert_eq!(
            chunks(&[1, 2, 3, 4, 5], 2),
            Some(vec![vec![1, 2, 3], vec![4, 5]])
        );
        assert_eq!(chunks(&[1, 2], 5), Some(vec![vec![1], vec![2]]));
        assert_eq!(chunks(&[1], 2), None);
    }

    #[test]
    fn a_table_too_large_for_a_file_is_cut_into_runs_of_its_own_rows() {
        use crate::model::{Align, Locale, Span, TableRow};
        let row = |i: usize| TableRow {
            cells: vec![vec![Inline::text(i.to_string(), Span::default())]],
            span: Span::default(),
        };
        let table = Block {
            kind: BlockKind::Table(Table {
                alignments: vec![Align::None],
                header: vec![row(0)],
                rows: (0..1000).map(row).collect(),
            }),
            locale: Locale::default(),
            span: Span::default(),
        };
        let BlockKind::Table(rows_of) = &table.kind else {
            unreachable!()
        };
        // A row weighs a kilobyte: the table is four budgets.
        let mut measure = |piece: &Piece| Footprint {
            bytes: 1024
                * match piece {
                    Piece::Rows(_, _, rows) => rows.len(),
                    Piece::Block(_) | Piece::Part(..) => 1000,
                },
            ..Footprint::default()
        };
        let notes = Notes::new(&[], |_| Footprint::default());
        let chapters = split(std::slice::from_ref(&table), &notes, &mut measure);
        let mut next = 0;
        for part in chapters.iter().flat_map(|chapter| &chapter.parts) {
            let Piece::Rows(_, borrowed, rows) = &part.block else {
                panic!("a piece copied the table")
            };
            assert!(std::ptr::eq(*borrowed, rows_of), "rows of another table");
            assert_eq!(rows.start, next, "the runs follow each other");
            assert!(rows.len() * 1024 <= SPLIT_BUDGET);
            next = rows.end;
        }
        assert_eq!(next, 1000, "every row is in a piece");
        assert!(chapters.len() >= 5);
    }
}
