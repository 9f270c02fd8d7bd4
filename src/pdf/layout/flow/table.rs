//! Tables.

use super::insets::Insets;
use super::paragraph::{self, descent, line_box, line_draws};
use super::setting::RAGGED_TOLERANCE;
use super::{BlockFlow, BreakBefore, Draw, Slab};
use crate::model::{Position, Span, Table, TableRow, plain_text};
use crate::pdf::fonts::Family;
use crate::pdf::layout::design::{
    CELL_IMAGE_LINES, CELL_PAD, TABLE_FLOOR, TABLE_LEADING, TABLE_SCALE, THICK_RULE, THIN_RULE,
};
use crate::pdf::layout::paged::Placed;
use crate::pdf::layout::structure::{Node, Role, Tag};
use crate::pdf::text::{
    Align, Collector, FILL, ImageLimit, Item, Paragraph, Params, break_lines, set_lines,
};
use std::sync::Arc;

/// One row, set: its lines (each line's height, as its tallest cell needs, and its drawings
/// across all cells, baselines from the line's top), and the ids and notes anchored in it.
struct SetRow {
    header: bool,
    lines: Vec<(f32, Vec<Draw>)>,
    /// For each line, where each cell's drawings start in it: `(draw index, column)`.
    cells: Vec<Vec<(usize, usize)>>,
    anchors: Vec<String>,
    notes: Vec<u32>,
}

/// A table's cell widths count as fitting the measure up to this much over (points): a
/// rounding error is not worth a warning.
const FIT_SLACK: f32 = 0.01;

/// Where a table's columns go and the size it is set at.
struct Grid {
    size: f32,
    columns: usize,
    column_widths: Vec<f32>,
    alignments: Vec<Align>,
    /// Each column's left edge, from the text block's.
    lefts: Vec<f32>,
    /// The table's left edge and width, for its rules.
    start: f32,
    total_width: f32,
    /// How wide an image in a cell may be.
    image_width: f32,
}

impl Grid {
    /// A full-width rule at `y`.
    fn rule(&self, y: f32, thickness: f32) -> Draw {
        Draw::Item(Placed::Rule {
            x1: self.start,
            y1: y,
            x2: self.start + self.total_width,
            y2: y,
            thickness,
            gray: 0.0,
        })
    }
}

/// A table: column widths from the cells' natural and minimum widths, shared out to fit
/// the measure (the type shrinks when even the minimum widths do not fit); cells set
/// ragged; rules at the top, under the header and at the bottom. Each row is a slab, so a
/// long table breaks between rows, and every continuation page repeats the header.
pub(super) fn table(flow: &mut BlockFlow<'_, '_>, table: &Table, insets: Insets, span: Span) {
    let d = flow.config.design;
    let rows: Vec<(bool, &TableRow)> = table
        .header
        .iter()
        .map(|r| (true, r))
        .chain(table.rows.iter().map(|r| (false, r)))
        .collect();
    // Each cell is shaped once: measuring keeps what it shaped for setting.
    flow.tools.shaper.hold();
    let grid = grid(flow, table, &rows, insets, span);
    let elements = table_elements(flow, &rows, grid.columns);
    // The header as one slab, to repeat at the top of each continuation page.
    let mut header = Slab::new(0.0);
    let mut repeat = None;
    flow.space(d.leading / 2.0);
    // Where each row begins in the table's own text: its cells' text, row by row.
    let mut row_offset = 0;
    // Each row's cells are collected again (the shaping is cached) and set just before its
    // slabs are made, so a long table never holds its rows in three forms at once.
    for (r, &(is_header, cells)) in rows.iter().enumerate() {
        let row_start = flow.position(row_offset);
        // Counted only when the page-list wants positions.
        if flow.state.text_at.is_some() {
            row_offset += (cells.cells.iter())
                .map(|cell| plain_text(cell).chars().count())
                .sum::<usize>();
        }
        let size = grid.size;
        let paragraphs =
            row_paragraphs(flow, is_header, cells, grid.columns, size, grid.image_width);
        for paragraph in &paragraphs {
            paragraph::report_unloaded(flow, &paragraph.unloaded);
        }
        let (widths, alignments) = (&grid.column_widths, &grid.alignments);
        let row = set_row(
            is_header,
            &paragraphs,
            widths,
            alignments,
            &grid.lefts,
            size,
        );
        drop(paragraphs);
        let at = RowAt {
            index: r,
            count: rows.len(),
            last_header: row.header && rows.get(r + 1).is_none_or(|(h, _)| !h),
            cells: &elements[r * grid.columns..(r + 1) * grid.columns],
            source: row_start,
        };
        push_row(flow, row, &at, &grid, &mut header, &repeat, span);
        if at.last_header {
            repeat = Some(Arc::new(std::mem::replace(&mut header, Slab::new(0.0))));
        }
    }
    flow.tools.shaper.release();
    flow.space(d.leading / 2.0);
}

/// The table's size and columns: the cells measured at the table size, shrunk once when even
/// their minimum widths do not fit (with a warning when they still do not), the columns laid
/// from the right edge in a right-to-left table.
fn grid(
    flow: &mut BlockFlow<'_, '_>,
    table: &Table,
    rows: &[(bool, &TableRow)],
    insets: Insets,
    span: Span,
) -> Grid {
    let d = flow.config.design;
    let columns = table.alignments.len().max(1);
    let measure = d.measure() - insets.left - insets.right;
    let mut size = d.body_size * TABLE_SCALE;
    // An image may take a column's share of the measure.
    let image_width = measure / columns as f32;
    let (mut natural, mut minimum) = measure_cells(flow, rows, columns, size, image_width);
    // Widths grow with the size, so one correction finds the size that fits.
    let wanted = minimum.iter().sum::<f32>() + gap(size) * (columns - 1) as f32;
    if wanted > measure {
        size = (size * measure / wanted).max(d.body_size * TABLE_FLOOR);
        (natural, minimum) = measure_cells(flow, rows, columns, size, image_width);
    }
    let gap = gap(size);
    let available = measure - gap * (columns - 1) as f32;
    let column_widths = share_out(&natural, &minimum, available);
    if minimum.iter().sum::<f32>() > available + FIT_SLACK {
        flow.out.warnings.push(
            flow.warning(
                span,
                "a table is wider than the text block even in smaller type; some cells run over",
            )
            .with_help("fewer columns or shorter cell text would fit"),
        );
    }
    let alignments: Vec<Align> = (0..columns)
        .map(|c| match table.alignments.get(c) {
            Some(crate::model::Align::Right) => Align::Right,
            Some(crate::model::Align::Center) => Align::Center,
            _ => Align::Left,
        })
        .collect();
    let total_width: f32 = column_widths.iter().sum::<f32>() + gap * (columns - 1) as f32;
    // A right-to-left table starts at the right edge and its first column is the rightmost.
    let rtl = table_runs_right_to_left(flow, table);
    let start = if rtl {
        insets.left + measure - total_width
    } else {
        insets.left
    };
    let lefts = column_lefts(&column_widths, gap, start, rtl);
    Grid {
        size,
        columns,
        column_widths,
        alignments,
        lefts,
        start,
        total_width,
        image_width,
    }
}

/// Where a row stands in its table.
struct RowAt<'a> {
    index: usize,
    /// Rows in the table.
    count: usize,
    /// The row is the header's last.
    last_header: bool,
    /// The row's cells' elements.
    cells: &'a [Node],
    /// Where the row's text begins in the model.
    source: Option<Position>,
}

/// A row's slabs: one, or one per line when the row is taller than a page leaves under the
/// header (so the pages around it fill up), with the table's rules; a header row's also go
/// into `header`, and the others' slabs repeat the header (`repeat`) after a page break.
fn push_row(
    flow: &mut BlockFlow<'_, '_>,
    mut row: SetRow,
    at: &RowAt,
    grid: &Grid,
    header: &mut Slab,
    repeat: &Option<Arc<Slab>>,
    span: Span,
) {
    let d = flow.config.design;
    let (r, count) = (at.index, at.count);
    let line_height = grid.size * TABLE_LEADING;
    let pad = grid.size * CELL_PAD;
    let room = d.top() - d.bottom() - repeat.as_ref().map_or(0.0, |h| h.height);
    let count_lines = row.lines.len().max(1);
    let row_height = (row.lines.iter().map(|(h, _)| h))
        .sum::<f32>()
        .max(line_height);
    let tall = row_height + 2.0 * pad > room;
    if tall {
        flow.out.warnings.push(
            flow.warning(
                span,
                "a table row is taller than a page; it is split between its lines",
            )
            .with_help("shorter cells, or text outside the table, would keep the row whole"),
        );
    }
    let per_slab = if tall { 1 } else { count_lines };
    let chunks = count_lines.div_ceil(per_slab);
    let mut lines = row.lines.into_iter().zip(row.cells);
    for chunk in 0..chunks {
        let (first, last) = (chunk == 0, chunk + 1 == chunks);
        let above = if first { pad } else { 0.0 };
        let mut slab = Slab::new(0.0);
        let (mut n, mut top) = (0, above);
        while n < per_slab
            && let Some(((height, draws), starts)) = lines.next()
        {
            let from = slab.draws.len();
            for (start, column) in starts {
                slab.tags
                    .push((from + start, Tag::Content(at.cells[column])));
            }
            slab.draws
                .extend(draws.into_iter().map(|draw| shifted(draw, top)));
            top += height;
            n += 1;
        }
        let body = if n == 0 { line_height } else { top - above };
        slab.height = body + above + if last { pad } else { 0.0 };
        if first {
            slab.anchors = std::mem::take(&mut row.anchors);
            slab.notes = std::mem::take(&mut row.notes);
            slab.source = at.source;
        }
        if r == 0 && first {
            slab.draws.push(grid.rule(0.0, THICK_RULE));
        }
        if at.last_header && last {
            slab.draws.push(grid.rule(slab.height, THIN_RULE));
        }
        if r + 1 == count && last {
            slab.draws.push(grid.rule(slab.height, THICK_RULE));
        }
        // The header stays with the first row, and the last row with the one before.
        if first && r > 0 && (row.header || r == 1 || r + 1 == count) {
            slab.break_before = BreakBefore::Avoid;
        }
        if row.header {
            let top = header.height;
            header
                .draws
                .extend(slab.draws.iter().map(|draw| shifted(draw.clone(), top)));
            header.height += slab.height;
        } else {
            slab.header = repeat.clone();
        }
        flow.push(slab);
    }
}

/// Whether `table` runs right to left: the direction of its first cell with text (the
/// document's when no cell has any).
fn table_runs_right_to_left(flow: &BlockFlow<'_, '_>, table: &Table) -> bool {
    let first = table
        .header
        .iter()
        .chain(&table.rows)
        .flat_map(|row| &row.cells)
        .map(|cell| plain_text(cell))
        .find(|text| !text.trim().is_empty());
    flow.starts_right_to_left(first.as_deref())
}

/// The table's elements, made inside the open Table: a head and a body, and for each row
/// its cells (TH with a column scope in the header rows, TD in the others). The cells come
/// row by row, `columns` to a row, in one vector: a long table has one row per line.
fn table_elements(
    flow: &mut BlockFlow<'_, '_>,
    rows: &[(bool, &TableRow)],
    columns: usize,
) -> Vec<Node> {
    let mut head = None;
    let mut body = None;
    let mut cells = Vec::with_capacity(rows.len() * columns);
    for &(header, _) in rows {
        let group = if header { &mut head } else { &mut body };
        let role = if header { Role::THead } else { Role::TBody };
        let group = *group.get_or_insert_with(|| flow.out.structure.add(role));
        let row = flow.out.structure.add_to(group, Role::TR);
        for _ in 0..columns {
            let cell = (flow.out.structure).add_to(row, if header { Role::TH } else { Role::TD });
            flow.out.structure.get_mut(cell).column_header = header;
            cells.push(cell);
        }
    }
    cells
}

/// Every cell collected at `size` (the header bold), with each column's natural and
/// minimum widths.
fn measure_cells(
    flow: &mut BlockFlow<'_, '_>,
    rows: &[(bool, &TableRow)],
    columns: usize,
    size: f32,
    image_width: f32,
) -> (Vec<f32>, Vec<f32>) {
    let (mut natural, mut minimum) = (vec![0.0f32; columns], vec![0.0f32; columns]);
    for &(header, row) in rows {
        let paragraphs = row_paragraphs(flow, header, row, columns, size, image_width);
        for (c, paragraph) in paragraphs.iter().enumerate() {
            let (wide, narrow) = widths(paragraph);
            natural[c] = natural[c].max(wide);
            minimum[c] = minimum[c].max(narrow);
        }
    }
    (natural, minimum)
}

/// The cells of `row` collected as paragraphs of text of `size`, one per column.
fn row_paragraphs(
    flow: &mut BlockFlow<'_, '_>,
    header: bool,
    row: &TableRow,
    columns: usize,
    size: f32,
    image_width: f32,
) -> Vec<Paragraph> {
    let limit = ImageLimit {
        width: image_width,
        height: size * TABLE_LEADING * CELL_IMAGE_LINES,
    };
    let style = flow.style(Family::Serif, header, false, size);
    (0..columns)
        .map(|c| {
            let mut collector =
                Collector::new(flow.tools.shaper, None).with_pictures(flow.tools.pictures, limit);
            if let Some(content) = row.cells.get(c) {
                collector.inlines(content, &style);
            }
            collector.finish()
        })
        .collect()
}

/// Sets one row's cells in their columns, line by line; text of `size`.
fn set_row(
    header: bool,
    paragraphs: &[Paragraph],
    widths: &[f32],
    alignments: &[Align],
    lefts: &[f32],
    size: f32,
) -> SetRow {
    let params = Params {
        tolerance: RAGGED_TOLERANCE,
        ..Params::default()
    };
    let mut cells = Vec::with_capacity(paragraphs.len());
    for (((paragraph, &width), &align), &x) in
        paragraphs.iter().zip(widths).zip(alignments).zip(lefts)
    {
        let broken = break_lines(&paragraph.items, &|_| width, &params);
        cells.push(set_lines(paragraph, &broken, &|_| x, &|_| width, align));
    }
    let line_height = size * TABLE_LEADING;
    let count = cells.iter().map(Vec::len).max().unwrap_or(0);
    let heights: Vec<f32> = (0..count)
        .map(|n| {
            cells
                .iter()
                .filter_map(|cell| cell.get(n))
                .map(|line| line_box(line, line_height, size).0)
                .fold(line_height, f32::max)
        })
        .collect();
    let mut row = SetRow {
        header,
        lines: heights.iter().map(|&h| (h, Vec::new())).collect(),
        cells: vec![Vec::new(); count],
        anchors: Vec::new(),
        notes: Vec::new(),
    };
    for (column, cell) in cells.into_iter().enumerate() {
        for ((line, (height, draws)), starts) in
            cell.into_iter().zip(&mut row.lines).zip(&mut row.cells)
        {
            starts.push((draws.len(), column));
            let baseline = *height - descent(line_height);
            draws.extend(line_draws(line.frags, line.images, line.rules, baseline));
            row.anchors.extend(line.anchors);
            row.notes.extend(line.notes);
        }
    }
    row
}

/// The left edge of each column of `widths`, `gap` apart, from `start`: left to right, or
/// right to left with the first column rightmost.
fn column_lefts(widths: &[f32], gap: f32, start: f32, rtl: bool) -> Vec<f32> {
    let total = widths.iter().sum::<f32>() + gap * widths.len().saturating_sub(1) as f32;
    let mut before = 0.0;
    widths
        .iter()
        .map(|width| {
            let left = if rtl {
                start + total - before - width
            } else {
                start + before
            };
            before += width + gap;
            left
        })
        .collect()
}

/// The space between columns grows with the table's type.
fn gap(size: f32) -> f32 {
    size / TABLE_SCALE
}

/// A drawing moved `dy` down.
fn shifted(mut draw: Draw, dy: f32) -> Draw {
    match &mut draw {
        Draw::Text { baseline, .. } => *baseline += dy,
        Draw::Item(Placed::Rule { y1, y2, .. }) => {
            *y1 += dy;
            *y2 += dy;
        }
        Draw::Item(Placed::Fill { y, .. }) | Draw::Item(Placed::Image { y, .. }) => *y += dy,
        // Nothing else is drawn in a cell.
        Draw::Item(_) => {}
    }
    draw
}

/// A paragraph's width on one line and its widest unbreakable piece.
fn widths(paragraph: &Paragraph) -> (f32, f32) {
    let mut total = 0.0f32;
    let mut widest = 0.0f32;
    let mut word = 0.0f32;
    for item in &paragraph.items {
        match *item {
            Item::Box { width, .. } => {
                total += width;
                word += width;
            }
            Item::Glue { width, stretch, .. } if stretch < FILL => {
                total += width;
                widest = widest.max(word);
                word = 0.0;
            }
            _ => {
                widest = widest.max(word);
                word = 0.0;
            }
        }
    }
    (total, widest.max(word))
}

/// Column widths: natural widths when they fit; else every column gets its minimum and the
/// rest of the measure goes to the columns that want more, in proportion to what they want.
fn share_out(natural: &[f32], minimum: &[f32], available: f32) -> Vec<f32> {
    let total: f32 = natural.iter().sum();
    if total <= available {
        return natural.to_vec();
    }
    let floor: f32 = minimum.iter().sum();
    if floor >= available {
        return minimum
            .iter()
            .map(|m| m * available / floor.max(1.0))
            .collect();
    }
    let wanted: f32 = natural.iter().zip(minimum).map(|(n, m)| n - m).sum();
    natural
        .iter()
        .zip(minimum)
        .map(|(n, m)| m + (n - m) * (available - floor) / wanted.max(1e-3))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_share_the_measure_by_what_they_want() {
        assert_eq!(
            share_out(&[50.0, 50.0], &[10.0, 10.0], 200.0),
            vec![50.0, 50.0]
        );
        let shared = share_out(&[300.0, 100.0], &[50.0, 50.0], 200.0);
        assert!((shared.iter().sum::<f32>() - 200.0).abs() < 0.01);
        assert!(shared[0] > shared[1]);
        let squeezed = share_out(&[300.0, 300.0], &[150.0, 150.0], 200.0);
        assert!((squeezed[0] - 100.0).abs() < 0.01);
    }

    #[test]
    fn right_to_left_columns_run_from_the_right_edge() {
        assert_eq!(
            column_lefts(&[30.0, 50.0], 10.0, 100.0, false),
            vec![100.0, 140.0]
        );
        assert_eq!(
            column_lefts(&[30.0, 50.0], 10.0, 100.0, true),
            vec![160.0, 100.0]
        );
    }
}
