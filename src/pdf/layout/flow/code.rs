//! Code blocks: monospaced and highlighted by language on a light band, one slab per printed
//! row so long listings break between lines. A source line wider than the band wraps where the
//! measured glyphs stop fitting (not at a character count: fallback glyphs for CJK or emoji
//! are wider than a column) and goes on after a grey continuation arrow.

use super::insets::Insets;
use super::palette::code_ink;
use super::{BlockFlow, BreakBefore, Draw, Slab};
use crate::highlight::{Run, Scope, listing};
use crate::model::Position;
use crate::pdf::fonts::Style;
use crate::pdf::layout::design::{
    ARROW_HEAD, ARROW_RAISE, ARROW_TAIL, ARROW_TIP, BASELINE, CODE_PAD, CODE_ROW, MARGINAL_GRAY,
    NUMBER_SCALE, THIN_RULE,
};
use crate::pdf::layout::paged::Placed;
use crate::pdf::layout::structure::Tag;
use crate::pdf::text::ShapedRun;
use crate::pdf::text::{Frag, Ink};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;

/// The room, in code columns, left at the start of each continuation row of a wrapped source
/// line for its arrow. The arrow is drawn with rules, not set as a glyph, so text copied from
/// the listing is the source itself.
const CONTINUATION_COLUMNS: &str = "  ";

/// One printed row: its source line number if it starts one, and its text at x offsets from
/// the start of the code's column.
struct Row {
    number: Option<usize>,
    frags: Vec<(f32, Frag)>,
}

/// Code keeps its lines and spaces; each source line is one row or, wrapped, several.
pub(super) fn code(flow: &mut BlockFlow<'_, '_>, lang: Option<&str>, code: &str, insets: Insets) {
    let d = flow.config.design;
    let size = d.code_size();
    let pad = size * CODE_PAD;
    let width = d.measure() - insets.left - insets.right;
    let lines = code_lines(flow, lang, code);
    let gutter = if flow.config.line_numbers {
        let digits = lines.len().to_string();
        mono_width(flow, &digits, size * NUMBER_SCALE) + pad
    } else {
        0.0
    };
    let column = width - 2.0 * pad - gutter;
    // Where each source line begins in the code, in characters.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(
            code.chars()
                .enumerate()
                .filter(|&(_, c)| c == '\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    flow.space(d.leading / 2.0);
    // Line by line, source to slabs: the source pieces and the rows of a long listing are
    // never all held beside its slabs.
    let count = lines.len();
    let mut i = 0;
    let mut rows = Vec::new();
    for (n, line) in lines.into_iter().enumerate() {
        wrap(flow, &line, n + 1, size, column, &mut rows);
        let last_line = n + 1 == count;
        let wrapped = rows.len();
        for (k, row) in std::mem::take(&mut rows).into_iter().enumerate() {
            let last = last_line && k + 1 == wrapped;
            let source = row.number.and_then(|n| flow.position(line_starts[n - 1]));
            code_row(flow, row, source, i, last, insets, gutter);
            i += 1;
        }
    }
    flow.space(d.leading / 2.0);
}

/// The slab of printed row `i` of a listing (`last`: its last row), in `insets` after a
/// `gutter` for line numbers; `source` is where its source line begins in the model.
fn code_row(
    flow: &mut BlockFlow<'_, '_>,
    row: Row,
    source: Option<Position>,
    i: usize,
    last: bool,
    insets: Insets,
    gutter: f32,
) {
    let d = flow.config.design;
    let size = d.code_size();
    let pad = size * CODE_PAD;
    let width = d.measure() - insets.left - insets.right;
    let height = size * CODE_ROW;
    let mut slab = Slab::new(height);
    slab.source = source;
    let top_pad = if i == 0 { pad } else { 0.0 };
    let bottom_pad = if last { pad } else { 0.0 };
    slab.height += top_pad + bottom_pad;
    slab.draws.push(Draw::Item(Placed::Fill {
        x: insets.left,
        y: 0.0,
        width,
        height: slab.height,
        gray: flow.config.design.code_background,
    }));
    let baseline = top_pad + height * BASELINE;
    // The background, line numbers and continuation arrows are not the code's text.
    slab.tag_from_here(Tag::Artifact);
    if let Some(number) = row.number.filter(|_| flow.config.line_numbers) {
        let number = number.to_string();
        let small = size * NUMBER_SCALE;
        let x = insets.left + pad + gutter - pad - mono_width(flow, &number, small);
        for frag in code_frags(flow, &number, small, Ink::Gray(MARGINAL_GRAY), false) {
            slab.draws.push(Draw::Text { x, baseline, frag });
        }
    }
    let left = insets.left + pad + gutter;
    let continues = row.number.is_none();
    if continues {
        slab.draws.extend(arrow(left, baseline, size));
    }
    slab.tag_from_here(Tag::Content(flow.out.structure.current()));
    slab.draws
        .extend(row.frags.into_iter().map(|(x, frag)| Draw::Text {
            x: left + x,
            baseline,
            frag,
        }));
    // Orphan and widow rows of the listing, and the rows of a wrapped line, stay with
    // the row before.
    if i == 1 || (last && i > 0) || continues {
        slab.break_before = BreakBefore::Avoid;
    }
    flow.push(slab);
}

/// The source lines, each as text pieces with their scope family; tabs become four spaces.
fn code_lines(
    flow: &mut BlockFlow<'_, '_>,
    lang: Option<&str>,
    code: &str,
) -> Vec<Vec<(String, Option<Scope>)>> {
    let code = listing(code);
    let runs = lang
        .and_then(|lang| flow.tools.scoper.runs(lang, code))
        .unwrap_or_else(|| {
            Cow::Owned(vec![Run {
                family: None,
                range: 0..code.len(),
            }])
        });
    let mut lines = vec![Vec::new()];
    for run in runs.iter() {
        for (i, piece) in code[run.range.clone()].split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
            }
            let piece = piece.trim_end_matches('\r');
            if let (false, Some(line)) = (piece.is_empty(), lines.last_mut()) {
                line.push((piece.replace('\t', "    "), run.family));
            }
        }
    }
    lines
}

/// Sets one source line into rows no wider than `column`. A row ends after the last space
/// that fits if that leaves it at least half full, else at the last glyph that fits.
fn wrap(
    flow: &mut BlockFlow<'_, '_>,
    line: &[(String, Option<Scope>)],
    number: usize,
    size: f32,
    column: f32,
    rows: &mut Vec<Row>,
) {
    let indent = mono_width(flow, CONTINUATION_COLUMNS, size);
    let mut queue = VecDeque::new();
    for (text, scope) in line {
        let (ink, bold) = code_ink(*scope);
        queue.extend(code_frags(flow, text, size, ink, bold));
    }
    let mut row = Row {
        number: Some(number),
        frags: Vec::new(),
    };
    // Where the row's code starts (after a continuation arrow's room), and where it has got to.
    let mut start = 0.0;
    let mut x = 0.0;
    while let Some(frag) = queue.pop_front() {
        if x + frag.width() <= column {
            x += frag.width();
            row.frags.push((x - frag.width(), frag));
            continue;
        }
        let fits = fitting_prefix(&frag.run, (column - x) / size);
        let half = column / 2.0;
        let here = space_break(&frag.run.text[..fits])
            .filter(|&b| x + prefix_width(&frag, b) >= half)
            .and_then(|b| split(&frag, b));
        let earlier = || {
            row.frags.iter().rposition(|(at, f)| {
                space_break(&f.run.text).is_some_and(|b| at + prefix_width(f, b) >= half)
            })
        };
        if let Some((head, tail)) = here {
            row.frags.push((x, head));
            queue.push_front(tail);
        } else if let Some(j) = earlier() {
            // Break after an earlier space: what follows it moves to the next row.
            queue.push_front(frag);
            let mut moved = row.frags.drain(j..).map(|(_, f)| f);
            let first = moved.next();
            let rest: Vec<Frag> = moved.collect();
            for f in rest.into_iter().rev() {
                queue.push_front(f);
            }
            if let Some(first) = first {
                let b = space_break(&first.run.text).unwrap_or(first.run.text.len());
                let x = row_end(&row, start);
                match split(&first, b) {
                    Some((head, tail)) => {
                        row.frags.push((x, head));
                        queue.push_front(tail);
                    }
                    None => row.frags.push((x, first)),
                }
            }
        } else {
            let at_start = row.frags.is_empty();
            let cut = if fits == 0 && at_start {
                first_cluster_end(&frag.run)
            } else {
                fits
            };
            match split(&frag, cut) {
                Some((head, tail)) => {
                    row.frags.push((x, head));
                    queue.push_front(tail);
                }
                // A single glyph wider than the column, or a rounding hair: it goes here.
                None if at_start => row.frags.push((x, frag)),
                None => queue.push_front(frag),
            }
        }
        rows.push(std::mem::replace(
            &mut row,
            Row {
                number: None,
                frags: Vec::new(),
            },
        ));
        start = indent;
        x = indent;
        drop_leading_space(&mut queue);
    }
    rows.push(row);
}

/// `text` shaped in the code face, one fragment per font run.
fn code_frags(
    flow: &mut BlockFlow<'_, '_>,
    text: &str,
    size: f32,
    ink: Ink,
    bold: bool,
) -> Vec<Frag> {
    let style = Style {
        bold,
        ..Style::MONO
    };
    flow.tools
        .shaper
        .shape(text, style)
        .iter()
        .map(|run| Frag::plain(run.clone(), size, ink))
        .collect()
}

fn mono_width(flow: &mut BlockFlow<'_, '_>, text: &str, size: f32) -> f32 {
    code_frags(flow, text, size, Ink::BLACK, false)
        .iter()
        .map(Frag::width)
        .sum()
}

/// The longest prefix of `run`, in bytes, that is at most `room` em wide and ends at a cluster
/// boundary.
fn fitting_prefix(run: &ShapedRun, room: f32) -> usize {
    let mut width = 0.0;
    let mut cut = 0;
    for glyph in &run.glyphs {
        if glyph.cluster_start {
            if width > room {
                return cut;
            }
            cut = glyph.cluster.start as usize;
        }
        width += glyph.advance;
    }
    if width <= room { run.text.len() } else { cut }
}

/// Where the next fragment of a row goes.
fn row_end(row: &Row, start: f32) -> f32 {
    row.frags.last().map_or(start, |(x, f)| x + f.width())
}

/// A grey arrow in the first code column of a continuation row whose code starts at `left`:
/// a shaft at half the x-height and a two-stroke head.
fn arrow(left: f32, baseline: f32, size: f32) -> [Draw; 3] {
    let mid = baseline - size * ARROW_RAISE;
    let (tail, tip) = (left + size * ARROW_TAIL, left + size * ARROW_TIP);
    let head = size * ARROW_HEAD;
    let rule = |x1: f32, y1: f32| {
        Draw::Item(Placed::Rule {
            x1,
            y1,
            x2: tip,
            y2: mid,
            thickness: THIN_RULE,
            gray: MARGINAL_GRAY,
        })
    };
    [
        rule(tail, mid),
        rule(tip - head, mid - head),
        rule(tip - head, mid + head),
    ]
}

/// The end of the first cluster: what a row must take even when nothing fits.
fn first_cluster_end(run: &ShapedRun) -> usize {
    run.glyphs
        .iter()
        .skip(1)
        .find(|g| g.cluster_start)
        .map_or(run.text.len(), |g| g.cluster.start as usize)
}

/// Just after the last white space in `text` (not at its very start), if any.
fn space_break(text: &str) -> Option<usize> {
    text.char_indices()
        .rev()
        .find(|&(i, c)| i > 0 && c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())
}

/// The width of the first `bytes` of a fragment.
fn prefix_width(frag: &Frag, bytes: usize) -> f32 {
    let em: f32 = frag
        .run
        .glyphs
        .iter()
        .filter(|g| (g.cluster.start as usize) < bytes)
        .map(|g| g.advance)
        .sum();
    em * frag.size
}

/// A fragment cut in two at a cluster boundary strictly inside it.
fn split(frag: &Frag, at: usize) -> Option<(Frag, Frag)> {
    if at == 0 || at >= frag.run.text.len() {
        return None;
    }
    let (head, tail) = frag.run.split_at(at)?;
    let with = |run: ShapedRun| Frag {
        run: Arc::new(run),
        ..frag.clone()
    };
    Some((with(head), with(tail)))
}

/// White space that would start a continuation row is dropped: the arrow shows the break.
fn drop_leading_space(queue: &mut VecDeque<Frag>) {
    while let Some(front) = queue.front() {
        let text = &front.run.text;
        let blank = text.len() - text.trim_start().len();
        if blank == text.len() {
            queue.pop_front();
        } else {
            if let Some((_, rest)) = split(front, blank) {
                queue[0] = rest;
            }
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::{FontOptions, FontSet};
    use crate::pdf::layout::design::{Design, PageSize, ParagraphStyle};
    use crate::pdf::layout::flow::FlowConfig;
    use crate::pdf::text::Shaper;

    /// Every row of a listing with very long lines (ASCII, CJK and emoji, whose fallback
    /// glyphs are wider than a column) stays inside the band, with or without line numbers,
    /// and nested or not; each continuation row starts with a drawn arrow.
    #[test]
    fn long_lines_wrap_inside_the_text_block() {
        let (fonts, _) = FontSet::load(&FontOptions::default()).unwrap();
        let mut shaper = Shaper::new(&fonts, "en");
        let design = Design::new(PageSize::A4, None, true, ParagraphStyle::Indent, false);
        let code = format!(
            "fn main() {{ let s = \"{}\"; }}\n\tlet cjk = \"{}\";\nlet emoji = \"{}\";\n{}\n",
            "long words ".repeat(20),
            "日本語のテキスト".repeat(12),
            "😀🎉".repeat(40),
            "x".repeat(300),
        );
        for (numbers, left) in [(false, 0.0), (true, 0.0), (true, 40.0)] {
            let config = FlowConfig {
                line_numbers: numbers,
                ..FlowConfig::new(design, false)
            };
            let source = crate::model::Source::default();
            let mut flow = BlockFlow::new(config, &mut shaper, "en", &source);
            let insets = Insets { left, right: left };
            super::code(&mut flow, Some("rust"), &code, insets);
            assert!(flow.out.slabs.len() > 10, "the long lines wrap");
            let right = design.measure() - insets.right;
            for slab in &flow.out.slabs {
                for draw in &slab.draws {
                    if let Draw::Text { x, frag, .. } = draw {
                        assert!(
                            *x >= left - 0.01 && x + frag.width() <= right + 0.01,
                            "{:?} at {x}..{} outside {left}..{right}",
                            frag.run.text,
                            x + frag.width()
                        );
                    }
                }
            }
            let text: String = flow
                .out
                .slabs
                .iter()
                .flat_map(|s| &s.draws)
                .filter_map(|d| match d {
                    Draw::Text { frag, .. } => Some(frag.run.text.as_str()),
                    _ => None,
                })
                .collect();
            assert!(text.contains("テキスト") && text.contains("😀") && text.contains("xxxx"));
            // The arrows are drawn, not set: the text is the source, line numbers aside.
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            if !numbers {
                assert_eq!(squeeze(&text), squeeze(&code));
            }
            let arrows: Vec<_> = flow
                .out
                .slabs
                .iter()
                .flat_map(|s| &s.draws)
                .filter_map(|d| match d {
                    Draw::Item(Placed::Rule { x1, x2, gray, .. }) if *gray == MARGINAL_GRAY => {
                        Some((*x1, *x2))
                    }
                    _ => None,
                })
                .collect();
            let source_lines = code.lines().count();
            assert_eq!(arrows.len(), 3 * (flow.out.slabs.len() - source_lines));
            assert!(arrows.iter().all(|&(x1, x2)| x1 >= left && x2 <= right));
        }
    }
}
