//! A paragraph, or what a paragraph of one node really is: a figure or display math.

use super::super::Context;
use super::text::is_blank;
use crate::model::*;
use std::ops::Range;

/// A paragraph, or a figure when its only content is one image. Markdown images take their
/// caption from the title, else the alt text (pandoc's implicit figures); HTML `<img>` authors
/// write captions of their own and alt text for screen readers, so those get the title only.
/// Which syntax the image was written in is read from its source, as an HTML image can stand
/// alone in a Markdown paragraph, an HTML block or a tight list item.
pub(super) fn paragraph_or_figure(
    ctx: &Context,
    inlines: Vec<Inline>,
    range: Range<usize>,
) -> Block {
    if let Some(block) = numbered_equation(ctx, &inlines, &range) {
        return block;
    }
    let mut content = inlines.iter().filter(|i| !is_blank(i));
    if let (Some(only), None) = (content.next(), content.next()) {
        if let InlineKind::Image(image) = &only.kind {
            let from_markdown = ctx
                .text
                .get(only.span.start..)
                .is_some_and(|text| text.starts_with("!["));
            let caption_text = image
                .title
                .clone()
                .or_else(|| from_markdown.then(|| image.alt.clone()))
                .filter(|c| !c.trim().is_empty());
            let caption = caption_text
                .map(|c| vec![Inline::text(c, only.span)])
                .unwrap_or_default();
            return Block::new(
                BlockKind::Figure(Figure {
                    image: image.clone(),
                    caption,
                }),
                ctx.span(range),
            );
        }
        if let InlineKind::Math { tex } = &only.kind
            && ctx.text[only.span.start..only.span.end].starts_with("$$")
        {
            let kind = BlockKind::Math {
                tex: tex.clone(),
                label: None,
            };
            return Block::new(kind, ctx.span(range));
        }
    }
    Block::new(BlockKind::Paragraph { content: inlines }, ctx.span(range))
}

/// Display math followed by nothing but an id, `$$ … $$ {#eq:label}` (pandoc-crossref's
/// syntax): a numbered equation whose label other parts of the document may refer to.
fn numbered_equation(ctx: &Context, inlines: &[Inline], range: &Range<usize>) -> Option<Block> {
    let mut content = inlines.iter().filter(|i| !is_blank(i));
    let (math, label, None) = (content.next()?, content.next()?, content.next()) else {
        return None;
    };
    let (InlineKind::Math { tex }, InlineKind::Text { text }) = (&math.kind, &label.kind) else {
        return None;
    };
    let source = ctx.text.get(math.span.start..math.span.end)?;
    let id = text.trim().strip_prefix("{#")?.strip_suffix('}')?;
    let valid = !id.is_empty() && !id.contains(|c: char| c.is_whitespace() || c == '}');
    (source.starts_with("$$") && valid).then(|| {
        let kind = BlockKind::Math {
            tex: tex.clone(),
            label: Some(id.to_string()),
        };
        Block::new(kind, ctx.span(range.clone()))
    })
}
