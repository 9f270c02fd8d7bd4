//! The plain text of inlines, without markup: what titles, alt text, contents entries and
//! slugs are made from.

use super::{Inline, InlineKind};

/// The text a reader sees in a run of inlines, without markup: for titles, alt text, TOC entries
/// and slugs. Footnote references and images contribute nothing; breaks become spaces.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match &inline.kind {
            InlineKind::Text { text } => out.push_str(text),
            InlineKind::Code { code } => out.push_str(code),
            InlineKind::Math { tex } => out.push_str(tex),
            InlineKind::LineBreak | InlineKind::SoftBreak => out.push(' '),
            // A container gives its content's text; images, note references and anchors none.
            kind => {
                if let Some(content) = kind.content() {
                    push_plain(content, out);
                }
            }
        }
    }
}
