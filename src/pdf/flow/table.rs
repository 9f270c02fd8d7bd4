//! Tables.

use super::*;

impl Flow<'_, '_> {
    /// A table: column widths from the cells' natural and minimum widths, shared out to fit
    /// the measure; cells set ragged; rules at the top, under the header and at the bottom.
    pub(super) fn table(&mut self, table: &Table, frame: Frame, span: Span) {
        let d = self.design;
        let columns = table.alignments.len().max(1);
        let size = d.body_size * TABLE_SCALE;
        let gap = d.body_size;
        let available = d.measure() - frame.left - frame.right - gap * (columns - 1) as f32;
        let rows: Vec<(bool, &TableRow)> = table
            .header
            .iter()
            .map(|r| (true, r))
            .chain(table.rows.iter().map(|r| (false, r)))
            .collect();
        let mut cells: Vec<Vec<Paragraph>> = Vec::new();
        let (mut natural, mut minimum) = (vec![0.0f32; columns], vec![0.0f32; columns]);
        for (header, row) in &rows {
            let style = self.style(Family::Serif, *header, false, size);
            let mut set = Vec::new();
            for c in 0..columns {
                let mut collector = Collector::new(self.shaper, None);
                if let Some(content) = row.cells.get(c) {
                    collector.inlines(content, &style);
                }
                let paragraph = collector.finish();
                let (wide, narrow) = widths(&paragraph);
                natural[c] = natural[c].max(wide);
                minimum[c] = minimum[c].max(narrow);
                set.push(paragraph);
            }
            cells.push(set);
        }
        let column_widths = share_out(&natural, &minimum, available);
        if minimum.iter().sum::<f32>() > available {
            self.warnings.push(
                Diagnostic::warning(
                    &self.file,
                    "a table is wider than the text block; some cells run over",
                )
                .with_help("fewer columns or shorter cell text would fit")
                .with_span(span),
            );
        }
        self.space(d.leading / 2.0);
        let line_height = size * 1.3;
        let total_width: f32 = column_widths.iter().sum::<f32>() + gap * (columns - 1) as f32;
        let count = rows.len();
        for (r, ((header, _), set)) in rows.iter().zip(&cells).enumerate() {
            let mut slab = Slab::new(0.0);
            let mut x = frame.left;
            let mut lines_in_row = 1;
            for (c, paragraph) in set.iter().enumerate() {
                let width = column_widths[c];
                let align = match table.alignments.get(c) {
                    Some(crate::model::Align::Right) => Align::Right,
                    Some(crate::model::Align::Center) => Align::Center,
                    _ => Align::Left,
                };
                let params = Params {
                    tolerance: RAGGED_TOLERANCE,
                    ..Params::default()
                };
                let broken = linebreak::break_lines(&paragraph.items, &|_| width, &params);
                let lines = lines::set(paragraph, &broken, &|_| x, &|_| width, align);
                lines_in_row = lines_in_row.max(lines.len());
                for (n, line) in lines.into_iter().enumerate() {
                    let baseline = size * 0.4 + n as f32 * line_height + line_height * BASELINE;
                    slab.draws
                        .extend(line.frags.into_iter().map(|(fx, frag)| Draw::Text {
                            x: fx,
                            baseline,
                            frag,
                        }));
                }
                x += width + gap;
            }
            slab.height = lines_in_row as f32 * line_height + size * 0.8;
            let rule = |y: f32, thickness: f32| Draw::Rule {
                x1: frame.left,
                y1: y,
                x2: frame.left + total_width,
                y2: y,
                thickness,
                gray: 0.0,
            };
            if r == 0 {
                slab.draws.push(rule(0.0, THICK_RULE));
            }
            let last_header = *header && rows.get(r + 1).is_none_or(|(h, _)| !h);
            if last_header {
                slab.draws.push(rule(slab.height, THIN_RULE));
            }
            if r + 1 == count {
                slab.draws.push(rule(slab.height, THICK_RULE));
            }
            if *header || r == 1 || r + 1 == count {
                slab.break_before = slab.break_before.max(if r == 0 {
                    BreakBefore::Allowed
                } else {
                    BreakBefore::Avoid
                });
            }
            self.push(slab);
        }
        self.space(d.leading / 2.0);
    }
}

/// A paragraph's width on one line and its widest unbreakable piece.
fn widths(paragraph: &Paragraph) -> (f32, f32) {
    let mut total = 0.0f32;
    let mut widest = 0.0f32;
    let mut word = 0.0f32;
    for item in &paragraph.items {
        match *item {
            Item::Box { width } => {
                total += width;
                word += width;
            }
            Item::Glue { width, stretch, .. } if stretch < linebreak::FILL => {
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
}
