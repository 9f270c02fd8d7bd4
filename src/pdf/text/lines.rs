//! A broken paragraph into lines of positioned glyph runs: glue gets its share of the line's
//! stretch or shrink, a line ending at a hyphenation point gets its hyphen, and the pieces of a
//! line that mixes directions are put in visual order. Justified lines also get the glyph scaling
//! and the margin hangs the line breaker chose for them.

use std::ops::Range;

use super::bidi::{LTR, is_rtl, visual_order};
use super::collect::{Frag, InlineImage, Paragraph, Piece, note_ref_id};
use super::linebreak::{Broken, FILL, Item};
use super::math::{MathBox, MathRule, MathRun};
use super::shape::{Glyph, ShapedRun};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left and right; the last line keeps its natural spacing.
    Justify,
    /// Ragged right: natural spacing (shrunk only to fit).
    Left,
    Center,
    /// Flush right (right-aligned table columns).
    Right,
}

#[derive(Debug, Clone, Default)]
pub struct Line {
    /// Runs with their x from the line's left edge.
    pub frags: Vec<(f32, Frag)>,
    /// Images with their x from the line's left edge, standing on the baseline.
    pub images: Vec<(f32, InlineImage)>,
    /// Ids anchored in this line.
    pub anchors: Vec<String>,
    /// The notes referenced in this line, in order.
    pub notes: Vec<u32>,
    /// The largest text size on the line, for its height.
    pub size: f32,
    /// The tallest image on the line, which may need more room than the text.
    pub image_height: f32,
    /// The tallest and the deepest formula on the line, which may need more room than the text.
    pub math_height: f32,
    pub depth: f32,
    /// The rules of the formulas on the line (fraction bars, radicals), with their x.
    pub rules: Vec<(f32, MathRule)>,
    /// The character offset of the first of the model's words that begins on this line (see
    /// [`Paragraph::starts`]); `None` when the line only ends a word.
    pub start: Option<usize>,
}

/// What a line places, in logical order until it is reordered.
enum Atom<'p> {
    /// A run of glyphs and the horizontal scaling it is set with.
    Text(&'p Frag, f32),
    Image(f32, &'p InlineImage),
    Math(&'p MathBox),
    /// Glue at its final width, and whether it is a word space (not the fill that ends a
    /// paragraph).
    Space(f32, bool),
}

/// Sets each line of `paragraph` as `broken` says, within `measure(line)` starting at
/// `indent(line)`. Each line's pieces go in visual order (UAX #9 L2); a right-to-left
/// paragraph's lines start at the right: justified and left-aligned lines are flush right
/// there, its last line too, and its first-line indent is on the right (the caller gives
/// no indent for it and a shorter measure).
pub fn set(
    paragraph: &Paragraph,
    broken: &Broken,
    indent: &dyn Fn(usize) -> f32,
    measure: &dyn Fn(usize) -> f32,
    align: Align,
) -> Vec<Line> {
    let items = &paragraph.items;
    let rtl = is_rtl(paragraph.base);
    let mut lines = Vec::with_capacity(broken.breaks.len());
    let mut start = 0;
    let mut atoms: Vec<(u8, Atom)> = Vec::new();
    for (n, brk) in broken.breaks.iter().enumerate() {
        let (ratio, scale, start_x) = match align {
            Align::Justify => (brk.ratio, brk.scale, -brk.hang.left),
            Align::Left | Align::Center | Align::Right => (brk.ratio.min(0.0), 1.0, 0.0),
        };
        let mut line = Line::default();
        atoms.clear();
        // Two breaks with only glue and penalties between them (`<br>` at a paragraph's end)
        // make a line with nothing on it.
        let span = start.min(brk.index)..brk.index;
        line.start = first_word_start(paragraph, &span);
        gather_atoms(paragraph, span, ratio, scale, &mut line, &mut atoms);
        end_atoms(paragraph, brk.index, scale, &mut atoms);
        let width = place_atoms(&atoms, start_x, &mut line);
        let shift = indent(n)
            + match align {
                Align::Center => ((measure(n) - width) / 2.0).max(0.0),
                Align::Right => (measure(n) - width).max(0.0),
                Align::Justify | Align::Left if rtl => (measure(n) - width).max(0.0),
                Align::Justify | Align::Left => 0.0,
            };
        shift_line(&mut line, shift);
        lines.push(line);
        start = next_line_start(items, brk.index);
    }
    lines
}

/// The character offset of the first of the model's words that begins within `span` of the
/// paragraph's items, if one does.
fn first_word_start(paragraph: &Paragraph, span: &Range<usize>) -> Option<usize> {
    let first = paragraph
        .starts
        .partition_point(|&(item, _)| item < span.start);
    paragraph
        .starts
        .get(first)
        .filter(|&&(item, _)| item < span.end)
        .map(|&(_, offset)| offset)
}

/// The bidi level of item `i`: its own, or the paragraph's when it has none.
fn level_of(paragraph: &Paragraph, i: usize) -> u8 {
    paragraph.levels.get(i).copied().unwrap_or(paragraph.base)
}

/// Turns the items in `span` into atoms in logical order: text runs (scaled by `scale` when
/// they may expand), images and glue at its share (`ratio`) of stretch or shrink. Anchors,
/// note references, the largest text size and the tallest image go on `line`.
fn gather_atoms<'p>(
    paragraph: &'p Paragraph,
    span: Range<usize>,
    ratio: f32,
    scale: f32,
    line: &mut Line,
    atoms: &mut Vec<(u8, Atom<'p>)>,
) {
    let items = &paragraph.items[span.clone()];
    for (i, (item, piece)) in items
        .iter()
        .zip(&paragraph.pieces[span.clone()])
        .enumerate()
    {
        match (item, piece) {
            (Item::Box { expand, .. }, Piece::Text(frags)) => {
                let frag_scale = if *expand > 0.0 { scale } else { 1.0 };
                for frag in frags {
                    line.size = line.size.max(frag.size);
                    atoms.push((frag.level, Atom::Text(frag, frag_scale)));
                }
            }
            (Item::Box { width, .. }, Piece::Image(image)) => {
                line.image_height = line.image_height.max(image.height);
                let level = level_of(paragraph, span.start + i);
                atoms.push((level, Atom::Image(*width, image)));
            }
            (Item::Box { .. }, Piece::Math(formula)) => {
                line.math_height = line.math_height.max(formula.ascent);
                line.depth = line.depth.max(formula.descent);
                let level = level_of(paragraph, span.start + i);
                atoms.push((level, Atom::Math(formula)));
            }
            (Item::Box { .. }, Piece::Anchor(id)) => line.anchors.push(id.clone()),
            (Item::Box { .. }, Piece::NoteRef(number)) => {
                line.anchors.push(note_ref_id(*number));
                line.notes.push(*number);
            }
            (
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                },
                _,
            ) => {
                let width = width
                    + if ratio >= 0.0 {
                        ratio * stretch
                    } else {
                        ratio * shrink
                    };
                let word = *stretch < FILL;
                let level = level_of(paragraph, span.start + i);
                atoms.push((level, Atom::Space(width, word)));
            }
            _ => {}
        }
    }
}

/// Adds what the break at item `index` leaves on the end of its line: the hyphen of a
/// hyphenation point, and the word space a line ending at one keeps (with no width, for the
/// text's sake).
fn end_atoms<'p>(
    paragraph: &'p Paragraph,
    index: usize,
    scale: f32,
    atoms: &mut Vec<(u8, Atom<'p>)>,
) {
    if let Piece::Break(Some(hyphen)) = &paragraph.pieces[index] {
        atoms.push((hyphen.level, Atom::Text(hyphen, scale)));
    }
    if matches!(paragraph.items.get(index), Some(Item::Glue { .. })) {
        atoms.push((level_of(paragraph, index), Atom::Space(0.0, true)));
    }
}

/// Places `atoms` on `line` from `start_x` in visual order, marking text followed by a word
/// space; returns the x where the line's content ends.
fn place_atoms(atoms: &[(u8, Atom)], start_x: f32, line: &mut Line) -> f32 {
    let mut x = start_x;
    // Whether the last atom placed was text, which a space after it then marks.
    let mut after_text = false;
    let mut place = |atom: &Atom| match atom {
        Atom::Text(frag, scale) => {
            let mut frag = (*frag).clone();
            frag.scale = *scale;
            x += frag.width();
            line.frags.push((x - frag.width(), frag));
            after_text = true;
        }
        Atom::Image(width, image) => {
            line.images.push((x, (*image).clone()));
            x += width;
            after_text = false;
        }
        Atom::Math(formula) => {
            let runs = formula_frags(formula).map(|(rx, frag)| (x + rx, frag));
            line.frags.extend(runs);
            let rules = formula.rules.iter().map(|rule| (x, rule.clone()));
            line.rules.extend(rules);
            x += formula.width;
            after_text = false;
        }
        Atom::Space(width, word) => {
            if *word
                && after_text
                && let Some((_, frag)) = line.frags.last_mut()
            {
                frag.space_after = true;
            }
            x += width;
            after_text = false;
        }
    };
    if atoms.iter().all(|(level, _)| *level == LTR) {
        atoms.iter().for_each(|(_, atom)| place(atom));
    } else {
        let levels: Vec<u8> = atoms.iter().map(|(level, _)| *level).collect();
        for i in visual_order(&levels) {
            place(&atoms[i].1);
        }
    }
    x
}

/// Moves everything placed on `line` right by `shift`.
fn shift_line(line: &mut Line, shift: f32) {
    for (fx, _) in &mut line.frags {
        *fx += shift;
    }
    for (ix, _) in &mut line.images {
        *ix += shift;
    }
    for (rx, _) in &mut line.rules {
        *rx += shift;
    }
}

/// Glue and penalties after a break vanish; the next line starts at the next box.
fn next_line_start(items: &[Item], index: usize) -> usize {
    let mut i = index + 1;
    while i < items.len() && !matches!(items[i], Item::Box { .. }) {
        i += 1;
    }
    i
}

/// A formula's runs as fragments of text in the math face, with their x from its origin. The
/// first carries the formula's TeX as what a reader copies, the others nothing.
pub fn formula_frags(formula: &MathBox) -> impl Iterator<Item = (f32, Frag)> + '_ {
    let empty: Arc<str> = Arc::from("");
    (formula.runs.iter().enumerate()).map(move |(i, run)| {
        let actual = if i == 0 { &formula.tex } else { &empty };
        (run.x, math_frag(run, actual))
    })
}

fn math_frag(math: &MathRun, actual: &Arc<str>) -> Frag {
    let mut text = String::new();
    let glyphs = (math.glyphs.iter())
        .map(|g| {
            let start = text.len() as u32;
            text.extend(g.text);
            Glyph {
                id: g.id,
                advance: g.advance,
                x_offset: 0.0,
                y_offset: 0.0,
                cluster: start..text.len() as u32,
                cluster_start: true,
            }
        })
        .collect::<Vec<_>>();
    let run = ShapedRun {
        face: math.face,
        text,
        width: glyphs.iter().map(|g| g.advance).sum(),
        glyphs,
        rtl: false,
        actual: Some(Arc::clone(actual)),
    };
    let mut frag = Frag::plain(Arc::new(run), math.size, math.ink);
    frag.rise = math.rise;
    frag
}
