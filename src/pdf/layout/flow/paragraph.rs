//! Paragraphs: a body paragraph (indented after another when the design indents, italic in a
//! quote when it says so), and the setting of any inlines as lines of slabs that the other
//! kinds of block share (headings, terms, captions, titles), with the widow and orphan rules
//! between the lines.

use super::insets::Insets;
use super::setting::{ParagraphSetter, ParagraphSpec, SetLines, line_height};
use super::{BlockFlow, BreakBefore, Draw, Slab};
use crate::model::{Direction, Inline, Locale, Span, plain_text};
use crate::pdf::layout::design::{
    BASELINE, FORMULA_DEPTH_ALLOWANCE, IMAGE_CLEARANCE, ParagraphStyle,
};
use crate::pdf::layout::paged::Placed;
use crate::pdf::text::{
    Align, Frag, InlineImage, LTR, Line, MathRule, RTL, SOFT_HYPHEN, TextStyle,
};

/// A body paragraph; `after_paragraph`: the block before it was one.
pub(super) fn paragraph(
    flow: &mut BlockFlow<'_, '_>,
    content: &[Inline],
    after_paragraph: bool,
    insets: Insets,
    span: Span,
) {
    if let ParagraphStyle::Spacing = flow.config.design.paragraphs {
        flow.space(flow.config.design.leading / 2.0);
    }
    let spec = body_spec(flow, content, after_paragraph, insets);
    set_paragraph(flow, content, spec, span);
    // A paragraph ending in a colon introduces what follows (a listing, a list): a page must
    // not come between them.
    if plain_text(content).trim_end().ends_with(':') {
        flow.keep_with_next();
    }
    flow.state.after_paragraph = true;
}

/// How a body paragraph is set: indented after another paragraph when the design indents,
/// italic in a block quote when the design says so.
pub(super) fn body_spec(
    flow: &BlockFlow<'_, '_>,
    content: &[Inline],
    after_paragraph: bool,
    insets: Insets,
) -> ParagraphSpec {
    let design = &flow.config.design;
    let indent = match design.paragraphs {
        ParagraphStyle::Indent if after_paragraph => design.paragraph_indent(),
        _ => 0.0,
    };
    let mut style = flow.body();
    style.style.italic = design.italic_quotes && flow.state.quote_depth > 0;
    spec(flow, content, &style, insets, indent, Align::Justify)
}

/// How `content` is set here, in `style` and the language and direction in force.
fn spec(
    flow: &BlockFlow<'_, '_>,
    content: &[Inline],
    style: &TextStyle,
    insets: Insets,
    first_indent: f32,
    align: Align,
) -> ParagraphSpec {
    let base = match flow
        .state
        .direction
        .text(&Locale::default(), content)
        .direction
    {
        Direction::Ltr => LTR,
        Direction::Rtl => RTL,
    };
    let mut style = style.clone();
    style.lang = style.lang.or_else(|| flow.state.lang.clone());
    ParagraphSpec {
        style,
        insets,
        first_indent,
        align,
        base,
    }
}

/// What setting a paragraph takes from the flow's configuration and tools.
pub(super) fn setter<'s, 'f>(flow: &BlockFlow<'s, 'f>) -> ParagraphSetter<'s, 'f> {
    ParagraphSetter {
        design: flow.config.design,
        protrusion: flow.config.protrusion,
        expansion: flow.config.expansion,
        pictures: flow.tools.pictures,
    }
}

/// Sets inlines as a paragraph, one slab per line.
pub(super) fn set(
    flow: &mut BlockFlow<'_, '_>,
    content: &[Inline],
    style: &TextStyle,
    insets: Insets,
    first_indent: f32,
    align: Align,
    span: Span,
) {
    let spec = spec(flow, content, style, insets, first_indent, align);
    set_paragraph(flow, content, spec, span);
}

/// Plain text set as a paragraph (titles, captions).
pub(super) fn text_lines(
    flow: &mut BlockFlow<'_, '_>,
    text: &str,
    style: &TextStyle,
    insets: Insets,
    align: Align,
) {
    let content = [Inline::text(text, Span::default())];
    set(flow, &content, style, insets, 0.0, align, Span::default());
}

/// Sets `content` as `spec` says, or takes its lines when they were set ahead.
fn set_paragraph(
    flow: &mut BlockFlow<'_, '_>,
    content: &[Inline],
    spec: ParagraphSpec,
    span: Span,
) {
    let set = match flow.state.ahead.take(content, &spec) {
        Some(set) => {
            flow.tools.shaper.replay_missed(&set.missed);
            set
        }
        None => {
            let setter = setter(flow);
            let tools = &mut flow.tools;
            setter.set(tools.shaper, &mut tools.hyphenators, content, &spec)
        }
    };
    let SetLines {
        lines,
        overfull,
        unloaded,
        ..
    } = set;
    report_unloaded(flow, &unloaded);
    if !overfull.is_empty() {
        let lines: Vec<String> = overfull.iter().map(|n| (n + 1).to_string()).collect();
        let warning = flow.warning(span, format!("line {} of this paragraph is wider than the text block", lines.join(", ")))
            .with_help("a word or URL too long to break runs into the margin; shorten it or add a break opportunity");
        flow.out.warnings.push(warning);
    }
    push_lines(flow, lines, spec.style.size);
}

/// Warns of each inline image set as its alt text because it cannot be drawn.
pub(super) fn report_unloaded(flow: &mut BlockFlow<'_, '_>, unloaded: &[(String, Span)]) {
    for (why, span) in unloaded {
        let warning = flow
            .warning(*span, format!("image {why}"))
            .with_help("its alt text is shown in brackets instead");
        flow.out.warnings.push(warning);
    }
}

/// One slab per line, with the widow and orphan rules between them, and no page turn after a
/// hyphenated line unless nothing else fits (the word would be split across a page).
fn push_lines(flow: &mut BlockFlow<'_, '_>, lines: Vec<Line>, size: f32) {
    let count = lines.len();
    let mut after_hyphen = false;
    for (i, line) in lines.into_iter().enumerate() {
        let (height, baseline) = line_box(
            &line,
            line_height(&flow.config.design, line.size.max(size)),
            size,
        );
        let hyphenated = line
            .frags
            .iter()
            .any(|(_, frag)| frag.run.text == SOFT_HYPHEN);
        let mut slab = Slab::new(height);
        slab.source = line.start.and_then(|offset| flow.position(offset));
        slab.draws = line_draws(line.frags, line.images, line.rules, baseline);
        slab.anchors = line.anchors;
        slab.notes = line.notes;
        let orphan = i == 1;
        let widow = count > 1 && i == count - 1;
        if orphan || widow || after_hyphen {
            slab.break_before = BreakBefore::Avoid;
        }
        after_hyphen = hyphenated;
        flow.push(slab);
    }
}

/// A line's height and baseline: those of its text, made taller above the baseline when an
/// image or a formula on it (set among text of `size` or larger) needs more room, and deeper
/// when a formula reaches well below the descenders.
pub(super) fn line_box(line: &Line, text_height: f32, size: f32) -> (f32, f32) {
    let clearance = line.size.max(size) * IMAGE_CLEARANCE;
    let height = text_height.max(line.image_height + clearance + descent(text_height));
    // A formula is text: it may fill the line up to its top.
    let height = height.max(line.math_height + descent(text_height));
    // A formula deeper than the text's descenders (a fraction's denominator) needs room below.
    let allowance = line.size.max(size) * FORMULA_DEPTH_ALLOWANCE;
    let deeper = (line.depth - descent(text_height) - allowance).max(0.0);
    (height + deeper, height - descent(text_height))
}

/// What a line of text needs below its baseline.
pub(super) fn descent(text_height: f32) -> f32 {
    text_height * (1.0 - BASELINE)
}

/// A line's text, images and formulas' rules drawn on `baseline`, images standing on it.
pub(super) fn line_draws(
    frags: Vec<(f32, Frag)>,
    images: Vec<(f32, InlineImage)>,
    rules: Vec<(f32, MathRule)>,
    baseline: f32,
) -> Vec<Draw> {
    let text = frags
        .into_iter()
        .map(|(x, frag)| Draw::Text { x, baseline, frag });
    let images = images.into_iter().map(|(x, image)| {
        Draw::Item(Placed::Image {
            x,
            y: baseline - image.height,
            width: image.width,
            height: image.height,
            picture: image.picture,
            alt: image.alt.into(),
        })
    });
    let rules = rules
        .into_iter()
        .map(|(x, rule)| math_rule(x, baseline, &rule));
    text.chain(images).chain(rules).collect()
}

/// A formula's rule (a fraction bar, a radical's overline) for a formula whose origin is at `x`
/// on `baseline`.
pub(super) fn math_rule(x: f32, baseline: f32, rule: &MathRule) -> Draw {
    Draw::Item(Placed::Fill {
        x: x + rule.x,
        y: baseline + rule.top,
        width: rule.width,
        height: rule.height,
        gray: rule.ink.gray(),
    })
}
