//! The characters a document's text uses beyond ASCII, each with where it first appears: what
//! decides which fonts a build needs (the PDF's fallback faces, the EPUB's font subsets), and
//! where a warning about a character no font has points to.

use super::{BlockKind, Document, InlineKind, Span, visit_blocks, visit_inlines};

/// Each distinct non-ASCII character of `doc` with the span of the inline or block it first
/// appears in (`Span::default()` for the front matter); code blocks are visited after the
/// inlines, so the earliest span (by file, then offset) is kept. Invisible
/// format characters (joiners, bidi marks, variation selectors) are left out: shaping hides
/// them, so no font needs them.
pub fn used(doc: &Document) -> Vec<(char, Span)> {
    let mut seen = Vec::new();
    let mut note = |text: &str, span: Span| {
        for c in text.chars().filter(|c| !c.is_ascii() && !invisible(*c)) {
            match seen.iter_mut().find(|(s, _): &&mut (char, Span)| *s == c) {
                Some((_, first)) if (span.file, span.start) < (first.file, first.start) => {
                    *first = span;
                }
                Some(_) => {}
                None => seen.push((c, span)),
            }
        }
    };
    let meta = &doc.meta;
    for text in [&meta.title, &meta.subtitle].into_iter().flatten() {
        note(text, Span::default());
    }
    meta.authors.iter().for_each(|a| note(a, Span::default()));
    let mut blocks = |blocks| {
        visit_inlines(blocks, &mut |inline| match &inline.kind {
            InlineKind::Text { text } => note(text, inline.span),
            InlineKind::Code { code } => note(code, inline.span),
            InlineKind::Math { tex } => note(tex, inline.span),
            InlineKind::Image(image) => note(&image.alt, inline.span),
            _ => {}
        });
        visit_blocks(blocks, &mut |block| match &block.kind {
            BlockKind::CodeBlock { code, .. } => note(code, block.span),
            BlockKind::Math { tex, .. } => note(tex, block.span),
            _ => {}
        });
    };
    blocks(&doc.blocks);
    for footnote in &doc.footnotes {
        blocks(&footnote.blocks);
    }
    seen
}

/// Default-ignorable format characters (Unicode's DerivedCoreProperties, the common ranges):
/// soft hyphen, Arabic letter mark, zero-width space and joiners, bidi controls, word joiner,
/// variation selectors, byte order mark, tags.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{fe00}'..='\u{fe0f}'
        | '\u{feff}' | '\u{e0000}'..='\u{e0fff}')
}
