//! Tidying the inline runs the builder makes, and pulldown-cmark's values in model terms.
//!
//! It owns what counts as blank text, how adjacent text is merged (pulldown-cmark splits it at
//! every quote and entity), how whitespace is collapsed and trimmed at the edges of a run, and
//! the conversions of alignments, heading levels and a fence's info string (its language). It
//! builds no node itself.

use crate::model::*;
use pulldown_cmark::{Alignment, HeadingLevel};

pub(super) fn is_blank(inline: &Inline) -> bool {
    match &inline.kind {
        InlineKind::Text { text } => text.trim().is_empty(),
        InlineKind::SoftBreak | InlineKind::LineBreak => true,
        _ => false,
    }
}

pub(super) fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// `rust,ignore`, `{.rust .numberLines}` and `rust title="x"` all name the language `rust`.
pub(super) fn code_language(info: &str) -> Option<String> {
    let info = info.trim().trim_start_matches('{').trim_start();
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '}')
        .next()?;
    let word = word.trim_start_matches('.');
    (!word.is_empty()).then(|| word.to_string())
}

/// Appends, merging adjacent text (pulldown-cmark splits text at every quote and entity).
pub(super) fn push_merged(inlines: &mut Vec<Inline>, inline: Inline) {
    if let (Some(last), InlineKind::Text { text }) = (inlines.last_mut(), &inline.kind)
        && let InlineKind::Text { text: previous } = &mut last.kind
    {
        previous.push_str(text);
        last.span.end = last.span.end.max(inline.span.end);
        return;
    }
    inlines.push(inline);
}

pub(super) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    if text.starts_with(char::is_whitespace) && !out.is_empty() {
        out.insert(0, ' ');
    }
    if text.ends_with(char::is_whitespace) && !out.is_empty() {
        out.push(' ');
    }
    out
}

/// Drops leading and trailing whitespace-only text, which HTML blocks are full of.
pub(super) fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while inlines.last().is_some_and(is_blank) {
        inlines.pop();
    }
    let first = inlines
        .iter()
        .position(|i| !is_blank(i))
        .unwrap_or(inlines.len());
    inlines.drain(..first);
    for (i, inline) in [0, inlines.len().saturating_sub(1)].into_iter().enumerate() {
        if let Some(InlineKind::Text { text }) = inlines.get_mut(inline).map(|x| &mut x.kind) {
            *text = if i == 0 {
                text.trim_start().to_string()
            } else {
                text.trim_end().to_string()
            };
        }
    }
    inlines
}

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
