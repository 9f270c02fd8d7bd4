//! Thematic breaks: three spaced asterisks, the book printer's section break (the text face
//! has no asterism).

use super::insets::Insets;
use super::{BlockFlow, Draw, Slab};
use crate::pdf::fonts::Style;
use crate::pdf::layout::design::{
    SECTION_BREAK_BASELINE, SECTION_BREAK_HEIGHT, SECTION_BREAK_STARS,
};
use crate::pdf::layout::structure::Tag;
use crate::pdf::text::{Frag, Ink};

pub(super) fn section_break(flow: &mut BlockFlow<'_, '_>, insets: Insets) {
    let d = flow.config.design;
    let leading = d.leading;
    let width = d.measure() - insets.left - insets.right;
    let size = d.body_size;
    let star = flow.tools.shaper.shape("*", Style::SERIF);
    let star_width: f32 = star.iter().map(|r| r.width * size).sum();
    let centre = insets.left + (width - star_width) / 2.0;
    let mut slab = Slab::new(leading * SECTION_BREAK_HEIGHT);
    slab.source = flow.position(0);
    // Decoration: the break itself is the space, not the asterisks.
    slab.tag_from_here(Tag::Artifact);
    for offset in SECTION_BREAK_STARS {
        let mut x = centre + offset * size;
        for run in star.iter() {
            let frag = Frag::plain(run.clone(), size, Ink::BLACK);
            let advance = frag.width();
            slab.draws.push(Draw::Text {
                x,
                baseline: leading * SECTION_BREAK_BASELINE,
                frag,
            });
            x += advance;
        }
    }
    flow.push(slab);
}
