//! Figures: the image centred at the largest size that fits the measure, the text block's
//! height (with its caption) and its own resolution, then the numbered caption, kept on the
//! image's page. A captioned figure may float to the top of the next page ([`Slab::float`]). An
//! image that cannot be drawn becomes a frame holding its alt text.

use super::insets::Insets;
use super::{BlockFlow, BreakBefore, Draw, Slab, paragraph};
use crate::model::{Figure, Image, Inline, InlineKind, Span, plain_text};
use crate::pdf::fonts::Family;
use crate::pdf::layout::design::{
    CAPTION_SPACE, PLACEHOLDER_ABOVE, PLACEHOLDER_BELOW, PLACEHOLDER_GRAY, THIN_RULE,
};
use crate::pdf::layout::paged::Placed;
use crate::pdf::layout::structure::Role;
use crate::pdf::pictures::Picture;
use crate::pdf::text::Align;
use std::sync::Arc;

pub(super) fn figure(flow: &mut BlockFlow<'_, '_>, figure: &Figure, insets: Insets, span: Span) {
    let d = flow.config.design;
    flow.space(d.leading);
    // The figure's place is its image's (or frame's) top; the caption, set with a label,
    // marks none.
    let at = flow.position(0);
    flow.state.text_at = None;
    let caption = caption(flow, figure, insets, span);
    let first = flow.out.slabs.len();
    match picture(flow, &figure.image, span) {
        Some(picture) => {
            let below: f32 = caption.iter().map(|s| s.space_before + s.height).sum();
            image(flow, picture, &figure.image.alt, insets, below);
            // A captioned image floats, as LaTeX's [tbp]; one without a caption is part of
            // the text, whose order it must keep.
            if !caption.is_empty() {
                flow.out.slabs[first].float = 1 + caption.len();
            }
        }
        None => placeholder(flow, figure, insets),
    }
    if let Some(top) = flow.out.slabs.get_mut(first) {
        top.source = at;
    }
    flow.out.slabs.extend(caption);
    flow.space(d.leading);
}

/// The figure's image, or `None` (with a warning) when it cannot be drawn. An image the
/// reader did not find is not looked for again: the reader has said why.
fn picture(flow: &mut BlockFlow<'_, '_>, image: &Image, span: Span) -> Option<Arc<Picture>> {
    if !image.local {
        return None;
    }
    match flow.tools.pictures?.load(&image.src) {
        Ok(picture) => Some(picture),
        Err(why) => {
            flow.out.warnings.push(
                flow.warning(span, format!("image {why}"))
                    .with_help("its alt text is shown in a frame instead"),
            );
            None
        }
    }
}

/// The image as one slab, so a page never cuts it; it leaves `below` points of the text
/// block for the caption.
fn image(
    flow: &mut BlockFlow<'_, '_>,
    picture: Arc<Picture>,
    alt: &str,
    insets: Insets,
    below: f32,
) {
    let d = flow.config.design;
    let measure = d.measure() - insets.left - insets.right;
    let room = (d.top() - d.bottom() - below).max(d.leading);
    let scale = 1f32.min(measure / picture.width).min(room / picture.height);
    let (width, height) = (picture.width * scale, picture.height * scale);
    let mut slab = Slab::new(height);
    slab.draws.push(Draw::Item(Placed::Image {
        x: insets.left + (measure - width) / 2.0,
        y: 0.0,
        width,
        height,
        picture,
        alt: alt.into(),
    }));
    flow.push(slab);
}

/// "Figure N: caption" as slabs that must stay with the slab before them (the image), set
/// aside so the image can be sized to leave room for them. Empty for a figure without a
/// caption, which gets no number.
fn caption(flow: &mut BlockFlow<'_, '_>, figure: &Figure, insets: Insets, span: Span) -> Vec<Slab> {
    if figure.caption.is_empty() {
        return Vec::new();
    }
    let d = flow.config.design;
    flow.state.figures += 1;
    let label = Inline::new(
        InlineKind::Strong {
            content: vec![Inline::text(
                format!("Figure {}:", flow.state.figures),
                span,
            )],
        },
        span,
    );
    let mut content = vec![label, Inline::text(" ", span)];
    content.extend(figure.caption.iter().cloned());
    // The caption must not take what is owed to the image.
    let space = std::mem::take(&mut flow.state.pending_space);
    let keep = std::mem::replace(&mut flow.state.pending_break, BreakBefore::Allowed);
    let anchors = std::mem::take(&mut flow.state.pending_anchors);
    let first = flow.out.slabs.len();
    let style = flow.style(Family::Serif, false, false, d.small_size());
    flow.out.structure.open(Role::Caption);
    paragraph::set(flow, &content, &style, insets, 0.0, Align::Center, span);
    flow.out.structure.close();
    let mut slabs: Vec<Slab> = flow.out.slabs.drain(first..).collect();
    flow.state.pending_space = space;
    flow.state.pending_break = keep;
    flow.state.pending_anchors = anchors;
    for slab in &mut slabs {
        slab.break_before = BreakBefore::Avoid;
    }
    if let Some(top) = slabs.first_mut() {
        top.space_before = d.leading * CAPTION_SPACE;
    }
    slabs
}

/// A framed box holding the alt text, so nothing of the author's text is lost when the
/// image is.
fn placeholder(flow: &mut BlockFlow<'_, '_>, figure: &Figure, insets: Insets) {
    let d = flow.config.design;
    let first = flow.out.slabs.len();
    let style = flow.style(Family::Serif, false, true, d.small_size());
    // The file's name where the alt text is missing or already the caption: it tells the
    // author which image to look at.
    let alt = &figure.image.alt;
    let text = if alt.trim().is_empty() || *alt == plain_text(&figure.caption) {
        &figure.image.src
    } else {
        alt
    };
    let inner = Insets {
        left: insets.left + d.body_size,
        right: insets.right + d.body_size,
    };
    paragraph::text_lines(flow, text, &style, inner, Align::Center);
    let last = flow.out.slabs.len();
    let width = d.measure() - insets.left - insets.right;
    if let Some(top) = flow.out.slabs.get_mut(first) {
        let height: f32 = d.body_size * PLACEHOLDER_ABOVE;
        top.draws.push(Draw::Item(Placed::Rule {
            x1: insets.left,
            y1: -height,
            x2: insets.left + width,
            y2: -height,
            thickness: THIN_RULE,
            gray: PLACEHOLDER_GRAY,
        }));
    }
    if let Some(bottom) = flow.out.slabs.get_mut(last - 1) {
        let y = bottom.height + d.body_size * PLACEHOLDER_BELOW;
        bottom.draws.push(Draw::Item(Placed::Rule {
            x1: insets.left,
            y1: y,
            x2: insets.left + width,
            y2: y,
            thickness: THIN_RULE,
            gray: PLACEHOLDER_GRAY,
        }));
    }
    for slab in &mut flow.out.slabs[first + 1..last] {
        slab.break_before = BreakBefore::Avoid;
    }
}
