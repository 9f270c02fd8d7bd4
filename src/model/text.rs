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
            InlineKind::Emphasis { content }
            | InlineKind::Strong { content }
            | InlineKind::Strikethrough { content }
            | InlineKind::Superscript { content }
            | InlineKind::Subscript { content }
            | InlineKind::Keyboard { content }
            | InlineKind::Span { content, .. } => push_plain(content, out),
            InlineKind::Link(link) => push_plain(&link.content, out),
            InlineKind::LineBreak | InlineKind::SoftBreak => out.push(' '),
            InlineKind::Image(_) | InlineKind::FootnoteRef { .. } | InlineKind::Anchor { .. } => {}
        }
    }
}
