//! Which `$…$` spans are inline math: pulldown-cmark takes any pair of single dollars, so
//! `$HOME and $PATH` or `$5 and $6` become formulas. pandoc's rule decides instead: the
//! opening `$` has a non-space right after it, the closing `$` a non-space right before it and
//! no digit right after it. One more rule, CommonMark's precedence of code spans: a span with a
//! backtick in it is cut by a code span, not a formula (`*$HOME/bin*` … `` `$PATH` ``).
//!
//! A span that fails is text: its opening `$` is hidden from pulldown-cmark behind a
//! placeholder byte (the text keeps its length, so every offset stays true) and the text
//! parsed again, where that `$` may now close nothing or open a later formula; the builder
//! turns the placeholder back into `$` in the text it receives.

use pulldown_cmark::{CowStr, Event, Options, Parser};
use std::ops::Range;

/// What stands for a `$` that opens no formula: a control character, which no manuscript has
/// in its text (the parse is skipped for one that does).
const NOT_MATH: char = '\u{1a}';

/// Each pass settles the spans that fail and may expose a later one (`$5 and $x$`); a few
/// passes settle any real text, and the cap keeps a hostile one from costing a parse a dollar.
const MAX_PASSES: usize = 4;

/// The text to parse with the dollars that open no formula hidden, when there are any.
pub(super) fn hide_false_math(text: &str, options: Options) -> Option<String> {
    if !text.contains('$') || text.contains(NOT_MATH) {
        return None;
    }
    let mut hidden: Option<String> = None;
    for _ in 0..MAX_PASSES {
        let current = hidden.as_deref().unwrap_or(text);
        let false_openers: Vec<usize> = (Parser::new_ext(current, options).into_offset_iter())
            .filter(|(event, range)| {
                matches!(event, Event::InlineMath(_)) && !is_inline_math(current, range)
            })
            .map(|(_, range)| range.start)
            .collect();
        if false_openers.is_empty() {
            break;
        }
        let mut bytes = current.as_bytes().to_vec();
        for at in false_openers {
            bytes[at] = NOT_MATH as u8;
        }
        // One ASCII byte for another keeps the text UTF-8.
        hidden = String::from_utf8(bytes).ok();
    }
    hidden
}

/// pandoc's rule (and the code spans' precedence) for the `$…$` at `range` of `text`.
pub(super) fn is_inline_math(text: &str, range: &Range<usize>) -> bool {
    let Some(tex) = text
        .get(range.clone())
        .and_then(|s| s.strip_prefix('$')?.strip_suffix('$'))
    else {
        return true;
    };
    let after = text[range.end..].chars().next();
    let opens = tex.chars().next().is_some_and(|c| !c.is_whitespace());
    let closes = tex.chars().next_back().is_some_and(|c| !c.is_whitespace());
    opens && closes && !after.is_some_and(|c| c.is_ascii_digit()) && !tex.contains('`')
}

/// Text as the manuscript has it: hidden dollars back.
pub(super) fn restore(text: CowStr<'_>) -> CowStr<'_> {
    match text.contains(NOT_MATH) {
        true => text.replace(NOT_MATH, "$").into(),
        false => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn math(text: &str) -> Vec<String> {
        let parsed = hide_false_math(text, Options::ENABLE_MATH);
        let parsed = parsed.as_deref().unwrap_or(text);
        (Parser::new_ext(parsed, Options::ENABLE_MATH))
            .filter_map(|event| match event {
                Event::InlineMath(tex) => Some(tex.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn pandocs_rule_decides_what_is_a_formula() {
        assert_eq!(math("$x$ and $a+b$"), ["x", "a+b"]);
        assert!(math("$HOME and $PATH").is_empty());
        assert!(math("$5 and $6").is_empty());
        assert!(math("it costs $ 5 and $ 6").is_empty());
        assert_eq!(math("$5 and $x$"), ["x"]);
        assert!(math("*$HOME/bin*. Is it in your `$PATH`?").is_empty());
    }
}
