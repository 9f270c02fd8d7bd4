//! Right-to-left and mixed-direction text (Unicode's bidirectional algorithm, UAX #9): a
//! paragraph's base direction, the embedding level of each of its characters, the pieces of one
//! level and one script that are shaped on their own, and the reordering of a line's pieces from
//! logical (typed) to visual (left-to-right on the page) order.
//!
//! Text is kept in logical order everywhere else: collecting, shaping, line breaking and
//! ToUnicode all see it as typed. Only placing a line on the page (`lines`) and single-line
//! titles (`Shaper::shape_line`) use the visual order.

use std::ops::Range;
use unicode_bidi::{BidiClass, Direction, Level, ParagraphBidiInfo, bidi_class};
use unicode_script::{Script, UnicodeScript};

/// Embedding level of left-to-right text at the top (a left-to-right paragraph).
pub const LTR: u8 = 0;
/// Embedding level of right-to-left text at the top (a right-to-left paragraph).
pub const RTL: u8 = 1;

/// Odd levels run right to left.
pub fn is_rtl(level: u8) -> bool {
    level % 2 == 1
}

/// A paragraph's base level: that of its first strong character outside isolates (UAX #9
/// P2–P3), or `fallback` (the document's) when it has none.
pub fn base_level(text: &str, fallback: u8) -> u8 {
    match unicode_bidi::get_base_direction(text) {
        Direction::Ltr => LTR,
        Direction::Rtl => RTL,
        Direction::Mixed => fallback,
    }
}

/// Whether text at this base level needs no bidi work: a left-to-right paragraph without a
/// right-to-left character or a directional control. Almost every English paragraph is
/// decided here, at the cost of one pass over its bytes.
fn all_ltr(text: &str, base: u8) -> bool {
    base == LTR
        && text.chars().all(|c| {
            // Below Hebrew, no character is R, AL, AN or a control.
            (c as u32) < FIRST_RTL_BLOCK
                || !matches!(
                    bidi_class(c),
                    BidiClass::R
                        | BidiClass::AL
                        | BidiClass::AN
                        | BidiClass::RLE
                        | BidiClass::RLO
                        | BidiClass::RLI
                        | BidiClass::FSI
                        | BidiClass::LRE
                        | BidiClass::LRO
                        | BidiClass::LRI
                )
        })
}

/// U+0590, the Hebrew block: the first code point that may be right to left.
const FIRST_RTL_BLOCK: u32 = 0x590;

/// The resolved embedding level of every byte of a paragraph's `text` (X1–I2), or `None` when
/// all of it is at level 0.
pub fn levels(text: &str, base: u8) -> Option<Vec<u8>> {
    if all_ltr(text, base) {
        return None;
    }
    let level = if is_rtl(base) {
        Level::rtl()
    } else {
        Level::ltr()
    };
    let info = ParagraphBidiInfo::new(text, Some(level));
    Some(info.levels.iter().map(|l| l.number()).collect())
}

/// A piece of text to shape on its own: one embedding level, one script.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub range: Range<usize>,
    pub level: u8,
}

/// `text` cut where the level (given per byte) or the script changes. Common and inherited
/// characters (spaces, punctuation, marks) stay with the script before them, or the one after
/// them at the start, so a mark is never parted from its base.
pub fn pieces(text: &str, levels: &[u8]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut script: Option<Script> = None;
    for (at, c) in text.char_indices() {
        let level = levels.get(at).copied().unwrap_or(LTR);
        let own = Some(c.script())
            .filter(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown));
        let end = at + c.len_utf8();
        match out.last_mut() {
            Some(last)
                if last.level == level && (own.is_none() || script.is_none() || own == script) =>
            {
                last.range.end = end;
                script = script.or(own);
            }
            _ => {
                out.push(Piece {
                    range: at..end,
                    level,
                });
                script = own;
            }
        }
    }
    out
}

/// The visual order of items given their levels in logical order (UAX #9 L2): from the
/// highest level down to the lowest odd one, every stretch at that level or above is reversed.
pub fn visual_order(levels: &[u8]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..levels.len()).collect();
    let Some(&highest) = levels.iter().max() else {
        return order;
    };
    let lowest_odd = levels
        .iter()
        .copied()
        .filter(|&l| is_rtl(l))
        .min()
        .unwrap_or(highest + 1);
    let mut level = highest;
    while level >= lowest_odd && level > 0 {
        let mut i = 0;
        while i < order.len() {
            if levels[order[i]] >= level {
                let start = i;
                while i < order.len() && levels[order[i]] >= level {
                    i += 1;
                }
                order[start..i].reverse();
            } else {
                i += 1;
            }
        }
        level -= 1;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_direction_comes_from_the_first_strong_character() {
        assert_eq!(base_level("«سلام» world", LTR), RTL);
        assert_eq!(base_level("1357 — Rust و", RTL), LTR);
        assert_eq!(base_level("1,357 ۱۳۵۷", RTL), RTL, "digits are weak");
        assert_eq!(base_level("1,357", LTR), LTR);
    }

    #[test]
    fn english_needs_no_levels() {
        assert_eq!(levels("plain English, 1,357 words.", LTR), None);
        assert!(levels("plain English", RTL).is_some());
    }

    #[test]
    fn numbers_and_latin_inside_persian_keep_their_direction() {
        let text = "سال ۱۳۵۷ و Rust 1,357";
        let levels = levels(text, RTL).expect("levels");
        let pieces = pieces(text, &levels);
        let shown: Vec<(&str, u8)> = pieces
            .iter()
            .map(|p| (text[p.range.clone()].trim(), p.level))
            .collect();
        assert_eq!(
            shown,
            [("سال", 1), ("۱۳۵۷", 2), ("و", 1), ("Rust 1,357", 2)]
        );
    }

    #[test]
    fn scripts_split_but_marks_stay() {
        let text = "שָׁלוֹם abc";
        let levels = levels(text, LTR).expect("levels");
        let pieces = pieces(text, &levels);
        assert_eq!(text[pieces[0].range.clone()].trim(), "שָׁלוֹם");
        assert_eq!(pieces[0].level, 1);
        assert_eq!(&text[pieces[1].range.clone()], " abc");
        assert_eq!(pieces[1].level, 0);
    }

    #[test]
    fn reordering_reverses_right_to_left_stretches() {
        // An RTL paragraph: word, number (level 2), word.
        assert_eq!(visual_order(&[1, 1, 2, 2, 1]), [4, 2, 3, 1, 0]);
        assert_eq!(visual_order(&[0, 0, 0]), [0, 1, 2]);
        assert_eq!(visual_order(&[0, 1, 1, 0]), [0, 2, 1, 3]);
    }
}
