//! The title block of an article and the title page of a book.

use super::BreakBefore;
use super::{Flow, Frame};
use crate::model::Metadata;
use crate::pdf::fonts::Family;
use crate::pdf::lines::Align;

impl Flow<'_, '_> {
    /// The title block of an article, or a book's title page (which ends with a page break).
    pub fn title(&mut self, meta: &Metadata, page_of_its_own: bool) {
        let d = self.design;
        let frame = Frame {
            left: 0.0,
            right: 0.0,
        };
        let align = if page_of_its_own {
            Align::Center
        } else {
            Align::Left
        };
        if page_of_its_own {
            self.space(d.page.height * 0.15);
        }
        let title = meta.title.clone().unwrap_or_default();
        let size = d.heading_size(1) * 1.15;
        let style = self.style(Family::Serif, true, false, size);
        self.text_lines(&title, &style, frame, align);
        if let Some(subtitle) = &meta.subtitle {
            self.space(d.leading * 0.5);
            let style = self.style(Family::Serif, false, true, d.heading_size(3));
            self.text_lines(subtitle, &style, frame, align);
        }
        let byline = meta.authors.join(", ");
        if !byline.is_empty() {
            self.space(d.leading);
            let style = self.style(Family::Serif, false, false, d.heading_size(3));
            self.text_lines(&byline, &style, frame, align);
        }
        let imprint: Vec<&str> = [meta.date.as_deref(), meta.publisher.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !imprint.is_empty() {
            self.space(d.leading * 0.5);
            let style = self.style(Family::Serif, false, false, d.small_size());
            self.text_lines(&imprint.join(" · "), &style, frame, align);
        }
        self.space(d.leading * 2.0);
        if page_of_its_own {
            self.pending_break = BreakBefore::Forced;
        }
        self.after_paragraph = false;
    }
}
