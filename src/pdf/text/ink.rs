//! The colour text is set in: chosen when a paragraph's inlines are collected, carried on every
//! placed run to the writer.

use crate::style::Color;

/// A grey level from 0 (black) to 1 (white): print-safe, no colour management needed.
pub type Gray = f32;

/// The colour of text: grey for prose, colours for highlighted code (chosen to stay distinct
/// when printed in greyscale).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ink {
    Gray(Gray),
    Rgb([f32; 3]),
}

impl From<Color> for Ink {
    fn from(color: Color) -> Ink {
        match color {
            Color::Gray(gray) => Ink::Gray(gray),
            Color::Rgb(rgb) => Ink::Rgb(rgb),
        }
    }
}

impl Ink {
    pub const BLACK: Ink = Ink::Gray(0.0);

    /// The grey a colour prints as (Rec. 601 luma), for rules drawn in the text's colour.
    pub fn gray(self) -> Gray {
        match self {
            Ink::Gray(gray) => gray,
            Ink::Rgb([r, g, b]) => 0.299 * r + 0.587 * g + 0.114 * b,
        }
    }
}
