//! Where a line may break inside a word (a stretch of text between spaces): after hyphens and
//! dashes, between ideographs, inside long URLs, and between the words of the scripts that write
//! no spaces between them (Thai, Lao, Khmer, Burmese).
//!
//! Unicode's line breaking rules (UAX #14, `unicode-linebreak`) decide everywhere but in those
//! scripts, whose characters are of the class SA ("complex context"): the rules leave them to a
//! dictionary or model of the language. A word with such characters is broken by ICU4X's line
//! segmenter, which carries LSTM models of the four languages (as Typst does); the rest of the
//! text keeps the rules it always had, so Chinese and Japanese keep their breaking (closing
//! punctuation never starts a line) and Latin text its exact output.

use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;
use std::sync::LazyLock;
use unicode_linebreak::{BreakClass, BreakOpportunity, break_property};

/// Cost of breaking after an explicit hyphen or dash (TeX's `\exhyphenpenalty`).
pub(super) const EXPLICIT_HYPHEN_COST: f32 = 50.0;

/// Cost of breaking inside a URL or path after `/`, `.`, `-` …: allowed, but a last resort.
const URL_BREAK_COST: f32 = 200.0;

/// Tokens longer than this (URLs, paths, identifiers) may break after punctuation.
const LONG_TOKEN: usize = 20;

/// Byte offsets inside a word after which a line may break, with the cost: where Unicode's
/// line breaking rules (UAX #14) allow it (after hyphens and dashes, between ideographs …) or,
/// in a word of Thai, Lao, Khmer or Burmese, where the segmenter finds its words; and in tokens
/// of more than [`LONG_TOKEN`] characters (URLs, paths) also after `/ . _ ? & = : -`.
pub(super) fn inner_breaks(word: &str) -> Vec<(usize, f32)> {
    let opportunities = if has_complex_context(word) {
        segmented(word)
    } else {
        unicode_linebreak::linebreaks(word)
            .filter(|&(_, opportunity)| opportunity == BreakOpportunity::Allowed)
            .map(|(at, _)| at)
            .collect()
    };
    let mut breaks: Vec<(usize, f32)> = opportunities
        .into_iter()
        .filter(|&at| 0 < at && at < word.len())
        .map(|at| (at, cost_after(word[..at].chars().next_back())))
        .collect();
    if word.chars().count() > LONG_TOKEN {
        for (at, c) in word.char_indices() {
            let next = at + c.len_utf8();
            if next < word.len()
                && "/._?&=:-".contains(c)
                && !breaks.iter().any(|&(b, _)| b == next)
            {
                breaks.push((next, URL_BREAK_COST));
            }
        }
        breaks.sort_by_key(|a| a.0);
    }
    breaks
}

/// Whether `word` has a character of a script written without spaces between words (line
/// breaking class SA). ASCII never is, so most words are decided by their first bytes.
fn has_complex_context(word: &str) -> bool {
    !word.is_ascii()
        && word
            .chars()
            .any(|c| break_property(c as u32) == BreakClass::ComplexContext)
}

/// The break opportunities ICU4X's line segmenter finds in `word`, its ends included.
fn segmented(word: &str) -> Vec<usize> {
    static SEGMENTER: LazyLock<icu_segmenter::LineSegmenterBorrowed<'static>> =
        LazyLock::new(|| LineSegmenter::new_lstm(LineBreakOptions::default()));
    SEGMENTER.segment_str(word).collect()
}

/// A break after a dash is an explicit hyphen; after a slash it splits a URL or path; other
/// breaks Unicode allows (between ideographs, say) cost nothing.
fn cost_after(c: Option<char>) -> f32 {
    match c {
        Some('-' | '‐' | '–' | '—') => EXPLICIT_HYPHEN_COST,
        Some('/') => URL_BREAK_COST,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_break_where_unicode_allows_and_inside_long_urls() {
        assert_eq!(inner_breaks("high-level"), vec![(5, EXPLICIT_HYPHEN_COST)]);
        assert!(inner_breaks("-5").is_empty());
        assert!(inner_breaks("word").is_empty());
        // Ideographs may break between any two.
        assert_eq!(inner_breaks("日本語").len(), 2);
        let url = "https://doc.rust-lang.org/stable/book/";
        let breaks = inner_breaks(url);
        assert!(breaks.len() > 4);
        assert!(breaks.iter().all(|&(at, _)| at < url.len()));
    }

    #[test]
    fn closing_punctuation_never_starts_a_line_of_chinese_or_japanese() {
        for text in [
            "我们。他们，你们！",
            "日本語、「漢字」です。",
            "（注）は：そう",
        ] {
            for (at, _) in inner_breaks(text) {
                let next = text[at..].chars().next().expect("a break inside the word");
                assert!(
                    !"。，、！」）：".contains(next),
                    "{text}: a line would start with {next}"
                );
            }
            assert!(!inner_breaks(text).is_empty(), "{text} breaks somewhere");
        }
    }

    /// Each text is a run of words written without spaces; `words` are some of them, each of
    /// which must come out whole (a break at its start and its end, none inside).
    fn breaks_between_words(text: &str, words: &[&str]) {
        let breaks: Vec<usize> = inner_breaks(text).into_iter().map(|(at, _)| at).collect();
        assert!(breaks.len() >= 3, "{text}: {breaks:?}");
        assert!(breaks.iter().all(|&at| text.is_char_boundary(at)));
        for word in words {
            let start = text.find(word).expect("the word is in the text");
            let end = start + word.len();
            let at_edge = |at: usize| at == 0 || at == text.len() || breaks.contains(&at);
            assert!(
                at_edge(start) && at_edge(end),
                "{text}: {word} not apart: {breaks:?}"
            );
            assert!(
                !breaks.iter().any(|&at| start < at && at < end),
                "{text}: {word} broken: {breaks:?}"
            );
        }
    }

    #[test]
    fn thai_lao_khmer_and_burmese_break_between_words() {
        breaks_between_words("ภาษาไทยเป็นภาษาที่สวยงาม", &["ภาษา", "ไทย", "เป็น"]);
        breaks_between_words("ພາສາລາວເປັນພາສາທີ່ງາມ", &["ພາສາ"]);
        breaks_between_words("ភាសាខ្មែរជាភាសាដ៏ស្រស់ស្អាត", &["ភាសា"]);
        breaks_between_words("မြန်မာဘာသာစကားသည်လှပသည်", &["ဘာသာ"]);
    }
}
