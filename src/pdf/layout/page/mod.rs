//! Slabs into pages, in three steps: `breaking` decides where each page ends and which notes
//! go at its foot; `place` moves each slab's drawings onto its page with link areas,
//! destinations and the outline; `furniture` adds blank versos, running heads and folios.

mod breaking;
mod furniture;
mod place;

use super::design::Design;
use super::flow::{BreakBefore, Slab};
use super::paged::PagedDocument;
use crate::pdf::text::Shaper;
use breaking::{gap_stretch, plan_pages};
use furniture::{Running, blank};
use place::{place_notes, place_text};
use std::collections::BTreeMap;

pub use furniture::Furniture;

/// Places the slabs and footnotes on pages. Returns the layout and how many keeps could not be
/// honoured.
pub fn paginate(
    slabs: &mut [Slab],
    notes: &[Vec<Slab>],
    design: &Design,
    shaper: &mut Shaper,
    furniture: &Furniture,
) -> (PagedDocument, usize) {
    lay_out(slabs, notes, design, shaper, furniture, true)
}

/// The pages as [`paginate`] breaks them, with the destinations and the first body page, but
/// nothing drawn on them: what a first pass needs to learn page numbers, at a fraction of the
/// time and memory.
pub fn draft(
    slabs: &mut [Slab],
    notes: &[Vec<Slab>],
    design: &Design,
    shaper: &mut Shaper,
    furniture: &Furniture,
) -> PagedDocument {
    lay_out(slabs, notes, design, shaper, furniture, false).0
}

/// With `ink`, each slab's drawings move to its page (the slabs are left without them).
fn lay_out(
    slabs: &mut [Slab],
    notes: &[Vec<Slab>],
    design: &Design,
    shaper: &mut Shaper,
    furniture: &Furniture,
    ink: bool,
) -> (PagedDocument, usize) {
    let available = design.top() - design.bottom();
    let (plans, note_lines, broken_keeps) = plan_pages(slabs, notes, available, design.leading);
    let mut laid = PagedDocument {
        pages: Vec::new(),
        destinations: BTreeMap::new(),
        outline: Vec::new(),
        first_body_page: 0,
    };
    let mut running = Running::default();
    for (n, plan) in plans.iter().enumerate() {
        let text: Vec<&Slab> = plan.text.iter().map(|&k| &slabs[k]).collect();
        let notes = &note_lines[plan.notes.clone()];
        let first = *plan.text.first().unwrap_or(&slabs.len());
        // In print a chapter opens on a right-hand page (even index): the left one stays blank.
        if furniture.opens_chapter(&text) && design.two_sided && laid.pages.len() % 2 == 1 {
            laid.pages.push(blank(design));
        }
        furniture.begin_page(&mut running, &mut laid, &text, first);
        let p = laid.pages.len();
        let mut page = blank(design);
        page.start = text.iter().filter_map(|slab| slab.source).min();
        // A page the text runs on from ends on the text block's last line, as its facing page
        // does: the gaps between its blocks take up what it is short.
        let runs_on = plans
            .get(n + 1)
            .and_then(|next| next.text.first())
            .is_some_and(|&k| slabs[k].break_before != BreakBefore::Forced);
        let stretch = if runs_on {
            gap_stretch(&text, notes, design)
        } else {
            0.0
        };
        furniture.section_at_top(&mut running, &text);
        place_text(&mut page, &mut laid, &text, design, p, stretch, ink);
        // A draft has no notes, running heads or folios to set.
        if ink {
            place_notes(&mut page, &mut laid, notes, design, p);
            furniture.furnish_page(&mut page, &laid, &running, shaper, design, p);
        }
        furniture.end_page(&mut running, &text);
        // Every page is held until the writer has encoded it: without the room its lists grew
        // into.
        page.items.shrink_to_fit();
        page.marks.shrink_to_fit();
        laid.pages.push(page);
        if ink {
            // The page holds its slabs' drawings now: the slabs keep only their measures.
            for &k in &plan.text {
                slabs[k].draws = Vec::new();
                slabs[k].tags = Vec::new();
            }
        }
    }
    (laid, broken_keeps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::flow::Draw;
    use crate::pdf::layout::paged::Placed;

    #[test]
    fn a_draft_breaks_and_anchors_like_the_pages_but_draws_nothing() {
        use crate::pdf::fonts::{FontOptions, FontSet};
        use crate::pdf::layout::design::{PageSize, ParagraphStyle};
        use crate::pdf::layout::flow::HeadingMark;
        let (fonts, _) = FontSet::load(&FontOptions::default()).expect("fonts");
        let mut shaper = Shaper::new(&fonts, "en");
        let design = Design::new(PageSize::A4, None, true, ParagraphStyle::Indent, false);
        let mut slabs: Vec<Slab> = (0..200)
            .map(|i| {
                let mut slab = Slab::new(30.0);
                slab.draws.push(Draw::Item(Placed::Fill {
                    x: 0.0,
                    y: 0.0,
                    width: 10.0,
                    height: 10.0,
                    gray: 0.5,
                }));
                if i % 40 == 0 {
                    slab.break_before = BreakBefore::Forced;
                    slab.anchors.push(format!("h{i}"));
                    slab.heading = Some(HeadingMark {
                        title: format!("Chapter {i}"),
                        level: 1,
                        id: format!("h{i}"),
                    });
                }
                slab
            })
            .collect();
        let furniture = Furniture {
            title: "Book",
            title_page: true,
            section_level: 1,
            body_start: 1,
        };
        let rough = draft(&mut slabs, &[], &design, &mut shaper, &furniture);
        let (full, _) = paginate(&mut slabs, &[], &design, &mut shaper, &furniture);
        assert_eq!(rough.pages.len(), full.pages.len());
        assert_eq!(rough.destinations, full.destinations);
        assert_eq!(rough.destinations.len(), 5);
        assert_eq!(rough.first_body_page, full.first_body_page);
        assert!(rough.pages.iter().all(|p| p.items.is_empty()));
        assert!(full.pages.iter().map(|p| p.items.len()).sum::<usize>() >= slabs.len());
    }
}
