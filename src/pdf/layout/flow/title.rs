//! The title block of an article and the title page of a book.

use super::BreakBefore;
use super::{BlockFlow, Insets};
use crate::model::Heading;
use crate::model::Metadata;
use crate::pdf::fonts::Family;
use crate::pdf::layout::structure::Role;
use crate::pdf::text::Align;

/// How far down a title page or a part's page its title starts, as a share of the page height.
const SINK: f32 = 0.2;

impl BlockFlow<'_, '_> {
    /// The title block of an article, or a book's title page (which ends with a page break).
    pub fn title(&mut self, meta: &Metadata, page_of_its_own: bool) {
        let d = self.design;
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
            self.sink(d.page.height * SINK);
        }
        let title = meta.title.clone().unwrap_or_default();
        let size = d.heading_size(1) * 1.15;
        let style = self.style(Family::Serif, true, false, size);
        self.structure.open(Role::H(1));
        self.text_lines(&title, &style, insets, align);
        self.structure.close();
        if let Some(subtitle) = &meta.subtitle {
            self.space(d.leading * 0.5);
            let style = self.style(Family::Serif, false, true, d.heading_size(3));
            self.structure.open(Role::P);
            self.text_lines(subtitle, &style, insets, align);
            self.structure.close();
        }
        let byline = meta.authors.join(", ");
        if !byline.is_empty() {
            self.space(d.leading);
            let style = self.style(Family::Serif, false, false, d.heading_size(3));
            self.structure.open(Role::P);
            self.text_lines(&byline, &style, insets, align);
            self.structure.close();
        }
        let imprint: Vec<&str> = [meta.date.as_deref(), meta.publisher.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !imprint.is_empty() {
            self.space(d.leading * 0.5);
            let style = self.style(Family::Serif, false, false, d.small_size());
            self.structure.open(Role::P);
            self.text_lines(&imprint.join(" · "), &style, insets, align);
            self.structure.close();
        }
        self.space(d.leading * 2.0);
        if page_of_its_own {
            self.pending_break = BreakBefore::Forced;
        }
        self.after_paragraph = false;
    }

    /// A part's title (a book's `# Part` in mdBook's summary, `[[parts]]` in folio.toml): alone
    /// on its page, centred, a fifth of the way down, like the title page.
    pub(super) fn part_title(&mut self, heading: &Heading) {
        let d = self.design;
        self.endnotes_so_far();
        self.pending_break = BreakBefore::Forced;
        self.pending_anchors.push(heading.id.clone());
        let mark = self.slabs.len();
        self.sink(d.page.height * SINK);
        self.mark_heading(mark, heading);
        let style = self.style(Family::Serif, true, false, d.heading_size(1) * 1.15);
        let insets = Insets {
            left: 0.0,
            right: 0.0,
        };
        self.structure.open(Role::H(1));
        self.paragraph(
            &heading.content,
            &style,
            insets,
            0.0,
            Align::Center,
            crate::model::Span::default(),
        );
        self.structure.close();
        self.pending_break = BreakBefore::Forced;
        self.after_paragraph = false;
    }
}
