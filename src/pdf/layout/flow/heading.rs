//! Headings: space above by level, bold (italic from level 4), kept with the text under them,
//! marked for the outline, the running heads and the contents; a book's level-1 heading opens
//! a chapter on a new page, and one classed `part` is a part's title page.

use super::insets::Insets;
use super::{BlockFlow, BreakBefore, HeadingMark, paragraph};
use crate::model::{Heading, Span, plain_text};
use crate::pdf::fonts::Family;
use crate::pdf::layout::design::{
    HEADING_SPACE_BELOW, HEADING_SPACE_MAJOR, HEADING_SPACE_MINOR, TITLE_SCALE, TITLE_SINK,
};
use crate::pdf::layout::structure::Role;
use crate::pdf::text::Align;

pub(super) fn heading(flow: &mut BlockFlow<'_, '_>, heading: &Heading, insets: Insets) {
    let d = flow.config.design;
    let level = heading.level;
    let chapters = flow.config.chapters;
    if chapters && level == 1 && heading.classes.iter().any(|c| c == "part") {
        return part_title(flow, heading);
    }
    if chapters && level == 1 && !flow.out.slabs.is_empty() {
        flow.endnotes_so_far();
        flow.state.pending_break = BreakBefore::Forced;
    }
    let above = if level <= 2 {
        HEADING_SPACE_MAJOR
    } else {
        HEADING_SPACE_MINOR
    };
    flow.space(d.leading * above);
    flow.state.pending_anchors.push(heading.id.clone());
    let (bold, italic) = d.heading_face(level);
    let style = flow.style(Family::Serif, bold, italic, d.heading_size(level));
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

/// A part's title (a book's `# Part` in mdBook's summary, `[[parts]]` in folio.toml): alone
/// on its page, centred, a fifth of the way down, like the title page.
fn part_title(flow: &mut BlockFlow<'_, '_>, heading: &Heading) {
    let d = flow.config.design;
    flow.endnotes_so_far();
    flow.state.pending_break = BreakBefore::Forced;
    flow.state.pending_anchors.push(heading.id.clone());
    let mark = flow.out.slabs.len();
    flow.sink(d.page.height * TITLE_SINK);
    mark_heading(flow, mark, heading);
    let style = flow.style(Family::Serif, true, false, d.heading_size(1) * TITLE_SCALE);
    let insets = Insets {
        left: 0.0,
        right: 0.0,
    };
    flow.out.structure.open(Role::H(1));
    paragraph::set(
        flow,
        &heading.content,
        &style,
        insets,
        0.0,
        Align::Center,
        Span::default(),
    );
    flow.out.structure.close();
    flow.state.pending_break = BreakBefore::Forced;
    flow.state.after_paragraph = false;
}
