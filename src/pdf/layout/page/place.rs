//! Slabs onto a page: each slab's drawings moved from its own coordinates to the page's,
//! link areas over linked text, struck-out text's rules, the named destinations that links and
//! bookmarks point to, the outline, and the notes at the page's foot.

use super::breaking::notes_height;
use crate::pdf::layout::design::{
    Design, LINK_ABOVE, LINK_BELOW, LINK_JOIN_GAP, LINK_SAME_LINE, NOTE_RULE, NOTE_RULE_THICKNESS,
    STRIKE_HEIGHT, STRIKE_THICKNESS,
};
use crate::pdf::layout::flow::{Draw, Slab};
use crate::pdf::layout::paged::{
    Destination, LinkArea, Mark, OutlineEntry, Page, PagedDocument, Placed,
};
use crate::pdf::layout::structure::{Node, Tag};
use crate::pdf::text::{Frag, LinkTarget};

/// Places a page's text from the top of its text block at `left`: a continued table's header
/// first (with `ink`), then each slab with the space before it (`stretch` more on a page whose
/// gaps fill it), recording the slabs' destinations and headings on page `p`.
pub(super) fn place_text(
    page: &mut Page,
    laid: &mut PagedDocument,
    text: &[&Slab],
    design: &Design,
    p: usize,
    stretch: f32,
    ink: bool,
) {
    let left = design.left(p);
    let mut y = design.top();
    if let Some(header) = text.first().and_then(|s| s.header.as_ref()) {
        if ink {
            // A repeated header row is an artifact: its cells are tagged where first set.
            place(page, header, left, y, 0.0);
            page.marks.fill(Mark::Artifact);
        }
        y -= header.height;
    }
    for (i, slab) in text.iter().enumerate() {
        if i > 0 {
            y -= slab.space_before * (1.0 + stretch);
        }
        anchor(laid, slab, p, y);
        if let Some(heading) = &slab.heading {
            laid.outline.push(OutlineEntry {
                title: heading.title.clone(),
                level: heading.level,
                destination: Destination { page: p, y },
            });
        }
        if ink {
            let gap = if i == 0 { 0.0 } else { 1.0 + stretch };
            place(page, slab, left, y, gap);
        }
        y -= slab.height;
    }
}

/// The notes at the foot of page `p`, set up from the bottom of the text block under a short
/// rule, at the right in a right-to-left book.
pub(super) fn place_notes(
    page: &mut Page,
    laid: &mut PagedDocument,
    lines: &[&Slab],
    design: &Design,
    p: usize,
) {
    if lines.is_empty() {
        return;
    }
    let separator = design.leading;
    let height = notes_height(lines, separator);
    let left = design.left(p);
    let rule = design.bottom() + height - separator / 2.0;
    let length = design.measure() * NOTE_RULE;
    let start = if design.rtl {
        left + design.measure() - length
    } else {
        left
    };
    page.put(
        Mark::Artifact,
        Placed::Rule {
            x1: start,
            y1: rule,
            x2: start + length,
            y2: rule,
            thickness: NOTE_RULE_THICKNESS,
            gray: 0.0,
        },
    );
    let mut y = design.bottom() + height - separator;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            y -= line.space_before;
        }
        anchor(laid, line, p, y);
        place(page, line, left, y, 1.0);
        y -= line.height;
    }
}

/// Records where a slab's ids landed; the first place wins (a repeated table header adds none).
fn anchor(laid: &mut PagedDocument, slab: &Slab, page: usize, y: f32) {
    for id in &slab.anchors {
        laid.destinations
            .entry(id.clone())
            .or_insert(Destination { page, y });
    }
}

/// Puts a slab's drawings on the page with its top at `top`, the text block's left edge at
/// `left`, and link areas over linked text.
///
/// Rules reaching above the slab's top (a quote's rule bridging the space before it) follow
/// that space as the page sets it: `gap` times its natural height, 0 at the top of a page,
/// where the space is dropped, more on a page whose gaps stretch.
pub(super) fn place(page: &mut Page, slab: &Slab, left: f32, top: f32, gap: f32) {
    for (i, draw) in slab.draws.iter().enumerate() {
        let node = match slab.tag_of(i) {
            Tag::Content(node) => Some(node),
            Tag::Artifact => None,
        };
        match draw {
            Draw::Text { x, baseline, frag } => {
                place_frag(page, frag, left + x, top - baseline + frag.rise, node);
            }
            Draw::Item(item) => {
                // Images are content (figures); rules and fills are decoration.
                let mark = match (item, node) {
                    (Placed::Image { .. }, Some(node)) => Mark::Content { node, link: None },
                    _ => Mark::Artifact,
                };
                page.put(mark, to_page(item, left, top, gap));
            }
        }
    }
}

/// `item`, drawn in a slab ([`Draw::Item`]: `y` down from its top), on the page with the
/// slab's top at `top` and the text block's left edge at `left`. A rule's part above the slab
/// is scaled by `gap` (see [`place`]).
fn to_page(item: &Placed, left: f32, top: f32, gap: f32) -> Placed {
    let above = |y: f32| if y < 0.0 { y * gap } else { y };
    let mut placed = item.clone();
    match &mut placed {
        Placed::Rule { x1, y1, x2, y2, .. } => {
            (*x1, *y1) = (left + *x1, top - above(*y1));
            (*x2, *y2) = (left + *x2, top - above(*y2));
        }
        Placed::Fill { x, y, height, .. } | Placed::Image { x, y, height, .. } => {
            (*x, *y) = (left + *x, top - *y - *height)
        }
        // Slabs set their text as `Draw::Text`, and only a cover groups its items.
        Placed::Text { .. } | Placed::Group { .. } | Placed::EndGroup => {}
    }
    placed
}

/// A run of text on the page with its origin at `(x, y)`, a link area over it when it is
/// linked and a rule through it when it is struck out; it is the content of `node`.
fn place_frag(page: &mut Page, frag: &Frag, x: f32, y: f32, node: Option<Node>) {
    let mut area = None;
    if let Some(target) = &frag.link {
        let rect = [
            x,
            y - frag.size * LINK_BELOW,
            x + frag.width(),
            y + frag.size * LINK_ABOVE,
        ];
        area = Some(link(page, rect, target));
    }
    if frag.strike {
        let line = y + frag.size * STRIKE_HEIGHT;
        page.put(
            Mark::Artifact,
            Placed::Rule {
                x1: x,
                y1: line,
                x2: x + frag.width(),
                y2: line,
                thickness: frag.size * STRIKE_THICKNESS,
                gray: frag.ink.gray(),
            },
        );
    }
    let mark = node.map_or(Mark::Artifact, |node| Mark::Content { node, link: area });
    page.put(
        mark,
        Placed::Text {
            x,
            y,
            size: frag.size,
            run: frag.run.clone(),
            ink: frag.ink,
            scale: frag.scale,
            space_after: frag.space_after,
        },
    );
}

/// Adds a link area, joining it to the previous one when it continues the same link on the
/// same line (a linked phrase is one clickable area, not one per word).
fn link(page: &mut Page, rect: [f32; 4], target: &LinkTarget) -> u32 {
    if let Some(last) = page.links.last_mut() {
        let same_line = (last.rect[1] - rect[1]).abs() < LINK_SAME_LINE;
        let adjacent =
            rect[0] >= last.rect[2] - LINK_SAME_LINE && rect[0] - last.rect[2] < LINK_JOIN_GAP;
        if &last.target == target && same_line && adjacent {
            last.rect[2] = rect[2];
            return page.links.len() as u32 - 1;
        }
    }
    page.links.push(LinkArea {
        rect,
        target: target.clone(),
    });
    page.links.len() as u32 - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_bridging_the_space_above_stops_at_the_top_of_a_page() {
        let mut slab = Slab::new(10.0);
        slab.draws.push(Draw::Item(Placed::Rule {
            x1: 0.0,
            y1: -6.0,
            x2: 0.0,
            y2: 10.0,
            thickness: 1.0,
            gray: 0.5,
        }));
        let top_of = |opens_page| {
            let mut page = Page {
                width: 100.0,
                height: 100.0,
                items: Vec::new(),
                marks: Vec::new(),
                links: Vec::new(),
                start: None,
            };
            place(
                &mut page,
                &slab,
                0.0,
                80.0,
                if opens_page { 0.0 } else { 1.0 },
            );
            match page.items[0] {
                Placed::Rule { y1, .. } => y1,
                _ => panic!("a rule"),
            }
        };
        assert_eq!(top_of(true), 80.0);
        assert_eq!(top_of(false), 86.0);
    }
}
