//! The title block of an article and the title page of a book.

use super::insets::Insets;
use super::{BlockFlow, BreakBefore, paragraph};
use crate::model::Metadata;
use crate::pdf::fonts::Family;
use crate::pdf::layout::design::{TITLE_LINE_SPACE, TITLE_SCALE, TITLE_SINK, TITLE_SPACE_AFTER};
use crate::pdf::layout::structure::Role;
use crate::pdf::text::Align;

/// The title block of an article, or a book's title page (which ends with a page break).
pub(super) fn title(flow: &mut BlockFlow<'_, '_>, meta: &Metadata, page_of_its_own: bool) {
    let d = flow.config.design;
    let insets = Insets {
        left: 0.0,
        right: 0.0,
    };
    let align = if page_of_its_own {
        Align::Center
    } else {
        Align::Left
    };
    if page_of_its_own {
        flow.sink(d.page.height * TITLE_SINK);
    }
    let title = meta.title.clone().unwrap_or_default();
    let size = d.heading_size(1) * TITLE_SCALE;
    let style = flow.style(Family::Serif, true, false, size);
    flow.out.structure.open(Role::H(1));
    paragraph::text_lines(flow, &title, &style, insets, align);
    flow.out.structure.close();
    if let Some(subtitle) = &meta.subtitle {
        flow.space(d.leading * TITLE_LINE_SPACE);
        let style = flow.style(Family::Serif, false, true, d.heading_size(3));
        flow.out.structure.open(Role::P);
        paragraph::text_lines(flow, subtitle, &style, insets, align);
        flow.out.structure.close();
    }
    let byline = meta.authors.join(", ");
    if !byline.is_empty() {
        flow.space(d.leading);
        let style = flow.style(Family::Serif, false, false, d.heading_size(3));
        flow.out.structure.open(Role::P);
        paragraph::text_lines(flow, &byline, &style, insets, align);
        flow.out.structure.close();
    }
    let imprint: Vec<&str> = [meta.date.as_deref(), meta.publisher.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !imprint.is_empty() {
        flow.space(d.leading * TITLE_LINE_SPACE);
        let style = flow.style(Family::Serif, false, false, d.small_size());
        flow.out.structure.open(Role::P);
        paragraph::text_lines(flow, &imprint.join(" · "), &style, insets, align);
        flow.out.structure.close();
    }
    flow.space(d.leading * TITLE_SPACE_AFTER);
    if page_of_its_own {
        flow.state.pending_break = BreakBefore::Forced;
    }
    flow.state.after_paragraph = false;
}
