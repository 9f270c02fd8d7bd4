//! A broken paragraph into lines of positioned glyph runs: glue gets its share of the line's
//! stretch or shrink, and a line ending at a hyphenation point gets its hyphen.

use super::collect::{Frag, InlineImage, Paragraph, Piece, note_ref_id};
use super::linebreak::{Broken, Item};

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
}

/// Sets each line of `paragraph` as `broken` says, within `measure(line)` starting at
/// `indent(line)`.
pub fn set(
    paragraph: &Paragraph,
    broken: &Broken,
    indent: &dyn Fn(usize) -> f32,
    measure: &dyn Fn(usize) -> f32,
    align: Align,
) -> Vec<Line> {
    let items = &paragraph.items;
    let mut lines = Vec::with_capacity(broken.breaks.len());
    let mut start = 0;
    for (n, brk) in broken.breaks.iter().enumerate() {
        let ratio = match align {
            Align::Justify => brk.ratio,
            Align::Left | Align::Center | Align::Right => brk.ratio.min(0.0),
        };
        let mut line = Line::default();
        let mut x = 0.0;
        let span = start..brk.index;
        for (item, piece) in items[span.clone()].iter().zip(&paragraph.pieces[span]) {
            match (item, piece) {
                (Item::Box { .. }, Piece::Text(frags)) => {
                    for frag in frags {
                        line.size = line.size.max(frag.size);
                        line.frags.push((x, frag.clone()));
                        x += frag.width();
                    }
                }
                (Item::Box { width }, Piece::Image(image)) => {
                    line.image_height = line.image_height.max(image.height);
                    line.images.push((x, image.clone()));
                    x += width;
                }
                (Item::Box { width }, Piece::Anchor(id)) => {
                    line.anchors.push(id.clone());
                    x += width;
                }
                (Item::Box { width }, Piece::NoteRef(number)) => {
                    line.anchors.push(note_ref_id(*number));
                    line.notes.push(*number);
                    x += width;
                }
                (
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    },
                    _,
                ) => {
                    x += width
                        + if ratio >= 0.0 {
                            ratio * stretch
                        } else {
                            ratio * shrink
                        };
                }
                _ => {}
            }
        }
        if let Piece::Break(Some(hyphen)) = &paragraph.pieces[brk.index] {
            line.frags.push((x, hyphen.clone()));
            x += hyphen.width();
        }
        let shift = indent(n)
            + match align {
                Align::Center => ((measure(n) - x) / 2.0).max(0.0),
                Align::Right => (measure(n) - x).max(0.0),
                Align::Justify | Align::Left => 0.0,
            };
        for (fx, _) in &mut line.frags {
            *fx += shift;
        }
        for (ix, _) in &mut line.images {
            *ix += shift;
        }
        lines.push(line);
        start = next_line_start(items, brk.index);
    }
    lines
}

/// Glue and penalties after a break vanish; the next line starts at the next box.
fn next_line_start(items: &[Item], index: usize) -> usize {
    let mut i = index + 1;
    while i < items.len() && !matches!(items[i], Item::Box { .. }) {
        i += 1;
    }
    i
}
