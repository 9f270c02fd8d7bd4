//! Headings: space above by level, bold (italic from level 4), kept with the text under them,
//! marked for the outline, the running heads and the contents; a book's level-1 heading opens
//! a chapter on a new page, and one classed `part` is a part's title page.

use super::insets::Insets;
use super::{BlockFlow, BreakBefore, HeadingMark, notes, paragraph, title};
use crate::model::{Heading, Span, plain_text};
use crate::pdf::fonts::Family;
use crate::pdf::layout::design::{HEADING_SPACE_BELOW, HEADING_SPACE_MAJOR, HEADING_SPACE_MINOR};
use crate::pdf::layout::structure::Role;
use crate::pdf::text::Align;

pub(super) fn heading(flow: &mut BlockFlow<'_, '_>, heading: &Heading, insets: Insets) {
    let d = flow.config.design;
    let level = heading.level;
    let chapters = flow.config.chapters;
    if chapters && level == 1 && heading.classes.iter().any(|c| c == "part") {
        return title::part_title(flow, heading);
    }
    if chapters && level == 1 && !flow.out.slabs.is_empty() {
        notes::endnotes_so_far(flow);
        flow.state.pending_break = BreakBefore::Forced;
    }
    let above = if level <= 2 {
        HEADING_SPACE_MAJOR
    } else {
        HEADING_SPACE_MINOR
    };
    flow.space(d.leading * above);
    flow.state.pending_anchors.push(heading.id.clone());
    let style = flow.style(Family::Serif, true, level >= 4, d.heading_size(level));
    let first = flow.out.slabs.len();
    let node = flow.out.structure.open(Role::H(level));
    flow.state_language(node);
    let span = Span::default();
    paragraph::set(
        flow,
        &heading.content,
        &style,
        insets,
        0.0,
        Align::Left,
        span,
    );
    flow.out.structure.close();
    mark_heading(flow, first, heading);
    flow.keep_with_next();
    flow.space(d.leading * HEADING_SPACE_BELOW);
    flow.state.after_paragraph = false;
}

/// Marks slab `index` as where `heading` starts, for the outline, the running heads and the
/// contents.
pub(super) fn mark_heading(flow: &mut BlockFlow<'_, '_>, index: usize, heading: &Heading) {
    if let Some(slab) = flow.out.slabs.get_mut(index) {
        slab.heading = Some(HeadingMark {
            title: plain_text(&heading.content),
            level: heading.level,
            id: heading.id.clone(),
        });
    }
}
