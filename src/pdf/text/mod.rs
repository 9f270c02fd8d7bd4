//! Stage 3, text: takes a paragraph's inlines and a measure, gives positioned lines.
//!
//! `shape` turns text into glyphs (rustybuzz, cached); `bidi` finds a paragraph's direction and
//! the levels of its characters; `collect` turns inlines into boxes, glue and penalties, with
//! `breaks`' opportunities inside words, `hyphenate`'s break points and `protrude`'s margin hangs; `linebreak` chooses the breaks
//! (Knuth–Plass, with font expansion); `lines` places each line's pieces, in visual order. `ink`
//! is the colour text is set in; `math` lays formulas out into boxes of glyphs and rules.

mod bidi;
mod breaks;
mod collect;
mod hyphenate;
mod ink;
mod linebreak;
mod lines;
mod math;
mod protrude;
mod shape;

pub(crate) use bidi::{LTR, RTL, base_level, is_rtl};
pub(crate) use collect::{
    Collector, Frag, ImageLimit, InlineImage, LinkTarget, Paragraph, SOFT_HYPHEN, TextStyle,
    note_id, note_number, note_ref_id,
};
pub(crate) use hyphenate::Hyphenators;
pub(crate) use ink::{Gray, Ink};
pub(crate) use linebreak::{FILL, Item, Params, break_lines};
pub(crate) use lines::{Align, Line, formula_frags, set as set_lines};
pub(crate) use math::{MathBox, MathFonts, MathRule};
pub(crate) use shape::{ShapedRun, Shaper};
