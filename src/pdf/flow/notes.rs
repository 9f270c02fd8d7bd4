//! Footnotes.

use super::{Flow, Frame};
use crate::model::*;
use crate::pdf::collect::{note_id, note_ref_id};
use crate::pdf::layout::LinkTarget;

impl Flow<'_, '_> {
    /// The notes, collected at the end under their own heading, each linked both ways with its
    /// reference.
    pub fn notes(&mut self, footnotes: &[Footnote]) {
        if footnotes.is_empty() {
            return;
        }
        let heading = Heading {
            level: 2,
            id: "folio-notes".into(),
            classes: Vec::new(),
            attributes: Vec::new(),
            content: vec![Inline::text("Notes", Span::default())],
        };
        self.heading(
            &heading,
            Frame {
                left: 0.0,
                right: 0.0,
            },
        );
        let indent = self.design.block_indent();
        for note in footnotes {
            self.pending_anchors.push(note_id(note.number));
            let first = self.slabs.len();
            self.blocks_in(
                &note.blocks,
                Frame {
                    left: indent,
                    right: 0.0,
                },
            );
            let mut mark = self.body();
            mark.link = Some(LinkTarget::Internal(note_ref_id(note.number)));
            self.marker(first, &format!("{}.", note.number), &mark, indent);
            self.space(self.design.leading / 4.0);
        }
    }
}
