//! EPUB 3 pop-up footnotes: a numbered `noteref` link where a note is referenced, and the note
//! itself as an `<aside epub:type="footnote">` at the end of the chapter that first references it,
//! starting with its number as a link back to that first reference.

use super::{GENERATED_ID_PREFIX, Renderer};
use crate::model::Footnote;

impl Renderer<'_> {
    /// `<sup><a epub:type="noteref" …>N</a></sup>`: the number is the link's only content, as
    /// reading systems expect of a pop-up note reference.
    pub(super) fn note_ref(&mut self, out: &mut String, number: u32) {
        self.footprint.notes.push(number);
        let count = self.note_refs.entry(number).or_insert(0);
        *count += 1;
        let id = match *count {
            1 => format!("{GENERATED_ID_PREFIX}fnref-{number}"),
            n => format!("{GENERATED_ID_PREFIX}fnref-{number}-{n}"),
        };
        // `Some(file)` for a note the book holds (`file` unknown while measuring).
        let target = match &self.places {
            Some(places) => places.notes.get(&number).map(|&file| Some(file)),
            None => Some(None),
        };
        match target {
            Some(file) if !self.in_link => {
                let href = self.href(file, &format!("{GENERATED_ID_PREFIX}fn-{number}"));
                out.push_str(&format!(
                    "<sup class=\"noteref\"><a epub:type=\"noteref\" role=\"doc-noteref\" \
                     href=\"{href}\" id=\"{id}\">{number}</a></sup>"
                ));
            }
            // Inside a link (links cannot nest) or for a note the book does not hold: the number
            // alone, still carrying the id a note's back link may point to.
            _ => out.push_str(&format!(
                "<sup class=\"noteref\" id=\"{id}\">{number}</sup>"
            )),
        }
    }

    /// The notes first referenced on this page, in order.
    pub(super) fn notes_section(&mut self, out: &mut String, notes: &[&Footnote]) {
        if notes.is_empty() {
            return;
        }
        out.push_str("<section class=\"footnotes\">\n");
        for note in notes {
            self.aside(out, note);
        }
        out.push_str("</section>\n");
    }

    pub(super) fn aside(&mut self, out: &mut String, note: &Footnote) {
        let number = note.number;
        out.push_str(&format!(
            "<aside epub:type=\"footnote\" role=\"doc-footnote\" class=\"footnote\" \
             id=\"{GENERATED_ID_PREFIX}fn-{number}\">\n"
        ));
        let back = format!(
            "<a class=\"note-back\" role=\"doc-backlink\" \
             href=\"#{GENERATED_ID_PREFIX}fnref-{number}\">{number}</a> "
        );
        self.led_blocks(out, &note.blocks, &back, false);
        out.push_str("</aside>\n");
    }
}
