//! The text's keys: faces, the body, headings, quotes, code and notes, with classic's values.
//! Sizes are in em, shares of the body size, so one scale serves the PDF's points and the
//! EPUB's reader-chosen size alike.

use super::{Color, Value};

/// `[fonts]`: the families each role is set in.
#[derive(Debug, Clone, PartialEq)]
pub struct Fonts {
    /// `fonts.base`: running text.
    pub base: Value<String>,
    /// `fonts.headings`.
    pub headings: Value<String>,
    /// `fonts.mono`: code.
    pub mono: Value<String>,
}

impl Fonts {
    /// The faces bundled with folio.
    pub fn classic() -> Fonts {
        Fonts {
            base: Value::default("Gentium Book Plus".to_string()),
            headings: Value::default("Gentium Book Plus".to_string()),
            mono: Value::default("JetBrains Mono".to_string()),
        }
    }

    /// The family of `role`.
    pub fn of(&self, role: FontRole) -> &str {
        match role {
            FontRole::Base => &self.base.value,
            FontRole::Headings => &self.headings.value,
            FontRole::Mono => &self.mono.value,
        }
    }
}

/// A font by the role it plays (`base`, `headings`, `mono`), where a key names a face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontRole {
    Base,
    Headings,
    Mono,
}

/// How paragraphs are told apart (`body.paragraph`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParagraphStyle {
    /// First-line indent, no space between (book convention).
    #[default]
    Indent,
    /// A blank half line between paragraphs, no indent (report convention).
    Spacing,
}

/// How running text lines up (`body.align`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Both edges straight (Knuth–Plass in the PDF).
    Justify,
    /// Ragged right.
    Left,
}

/// `[body]`: running text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Body {
    /// `body.size` in pt; `None`: by the page ([`Body::size_on`]).
    pub size: Value<Option<f32>>,
    /// `body.leading`: baseline to baseline as a share of the size.
    pub leading: Value<f32>,
    /// `body.paragraph`.
    pub paragraph: Value<ParagraphStyle>,
    /// `body.indent`: the first-line indent, in em.
    pub indent: Value<f32>,
    /// `body.align`.
    pub align: Value<Align>,
}

/// Pages narrower than this (in pt) are small trade formats.
const SMALL_PAGE_WIDTH: f32 = 500.0;

impl Body {
    pub(super) fn classic() -> Body {
        Body {
            size: Value::default(None),
            // 125 % of the size: Gentium's tall x-height wants a little more than TeX's 120 %.
            leading: Value::default(1.25),
            paragraph: Value::default(ParagraphStyle::Indent),
            indent: Value::default(1.5),
            align: Value::default(Align::Justify),
        }
    }

    /// The body size in pt on a page `width` wide: the key's, else 10 pt on small trade
    /// formats, which read best so, and 11 pt on A4 and Letter for the longer line.
    pub fn size_on(&self, width: f32) -> f32 {
        self.size
            .value
            .unwrap_or(if width < SMALL_PAGE_WIDTH { 10.0 } else { 11.0 })
    }
}

/// A face's weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Normal,
    Bold,
}

/// A face's slant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slant {
    Normal,
    Italic,
}

/// `[headings.hN]`: one level of heading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Heading {
    /// `size`, in em.
    pub size: Value<f32>,
    pub weight: Value<Weight>,
    pub style: Value<Slant>,
}

/// `[headings]`: the six levels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Headings {
    pub h1: Heading,
    pub h2: Heading,
    pub h3: Heading,
    pub h4: Heading,
    pub h5: Heading,
    pub h6: Heading,
}

impl Headings {
    /// A modular scale of about 1.2 a level, so the hierarchy reads at a glance without
    /// shouting: 1.75, 1.4, 1.15, then the body size, in bold; from level 4 on italic too, as
    /// size no longer tells them apart.
    pub(super) fn classic() -> Headings {
        let level = |size: f32, style: Slant| Heading {
            size: Value::default(size),
            weight: Value::default(Weight::Bold),
            style: Value::default(style),
        };
        Headings {
            h1: level(1.75, Slant::Normal),
            h2: level(1.4, Slant::Normal),
            h3: level(1.15, Slant::Normal),
            h4: level(1.0, Slant::Italic),
            h5: level(1.0, Slant::Italic),
            h6: level(1.0, Slant::Italic),
        }
    }

    /// Heading `level` (1 to 6; any other is styled as 6).
    pub fn level(&self, level: u8) -> &Heading {
        match level {
            1 => &self.h1,
            2 => &self.h2,
            3 => &self.h3,
            4 => &self.h4,
            5 => &self.h5,
            _ => &self.h6,
        }
    }

    /// The six levels, from 1.
    pub fn all(&self) -> [&Heading; 6] {
        [&self.h1, &self.h2, &self.h3, &self.h4, &self.h5, &self.h6]
    }
}

/// The title of a document or a book's part: a step above a chapter heading.
pub const TITLE_SCALE: f32 = 1.15;

/// How block quotes are set (`blockquote.style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteStyle {
    /// In the text face, indented, with a thin rule beside.
    Plain,
    /// As `Plain`, in italic (pull quotes in a magazine style).
    Italic,
}

/// `[blockquote]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Blockquote {
    /// `blockquote.style`.
    pub style: Value<QuoteStyle>,
}

impl Blockquote {
    pub(super) fn classic() -> Blockquote {
        Blockquote {
            style: Value::default(QuoteStyle::Plain),
        }
    }
}

/// Indent of block quotes (each side) and of each list level, in em.
pub const BLOCK_INDENT_EM: f32 = 1.8;

/// The colour of a kind of code token, and whether it is bold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CodeInk {
    pub color: Color,
    pub bold: bool,
}

/// `[code.highlight]`: the colours of highlighted code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CodeInks {
    /// Keywords and storage (`fn`, `let`, `pub`).
    pub keyword: Value<CodeInk>,
    /// Numbers, booleans and other constants.
    pub constant: Value<CodeInk>,
    /// Type and function names, library items.
    pub name: Value<CodeInk>,
    pub string: Value<CodeInk>,
    pub comment: Value<CodeInk>,
}

impl CodeInks {
    /// Dark inks of distinct grey value, so a listing printed in greyscale still tells
    /// keywords, names, literals and comments apart; keywords are also bold (JetBrains Mono's
    /// bold keeps the advance) and comments the lightest, as the bundle has no monospaced
    /// italic. Untagged and invalid code stays in the text's colour: the Rust book's snippets
    /// are often incomplete on purpose, and red marks would only distract.
    pub const CLASSIC: CodeInks = CodeInks {
        // Deep blue, the darkest colour.
        keyword: ink(Color::Rgb([0.0, 0.13, 0.6]), true),
        // Plum.
        constant: ink(Color::Rgb([0.5, 0.03, 0.4]), false),
        // Brown.
        name: ink(Color::Rgb([0.5, 0.22, 0.0]), false),
        // Green.
        string: ink(Color::Rgb([0.1, 0.5, 0.1]), false),
        // Mid grey, the lightest ink, still readable.
        comment: ink(Color::Gray(0.45), false),
    };
}

const fn ink(color: Color, bold: bool) -> Value<CodeInk> {
    Value::default(CodeInk { color, bold })
}

/// `[code]`: listings and inline code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Code {
    /// `code.font`.
    pub font: Value<FontRole>,
    /// `code.size` of listings, in em: a monospace face is wider than the text face at the
    /// same size.
    pub size: Value<f32>,
    /// `code.background` of listings: light grey, visible on paper and still light when
    /// printed in greyscale.
    pub background: Value<Color>,
    pub highlight: CodeInks,
}

impl Code {
    pub(super) fn classic() -> Code {
        Code {
            font: Value::default(FontRole::Mono),
            size: Value::default(0.85),
            background: Value::default(Color::Gray(0.94)),
            highlight: CodeInks::CLASSIC,
        }
    }
}

/// `[notes]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Notes {
    /// `notes.size`, in em; running heads and captions share it.
    pub size: Value<f32>,
}

impl Notes {
    pub(super) fn classic() -> Notes {
        Notes {
            size: Value::default(0.85),
        }
    }
}

/// Inline code and keys: JetBrains Mono's x-height is larger than Gentium's, so at 88 % of the
/// text size its lower case lines up with the text's.
pub const INLINE_MONO_SCALE: f32 = 0.88;

/// Superscripts and subscripts (note references too): 70 % of the size, raised a third of the
/// size or lowered a sixth, the usual values for a text face without dedicated figures.
pub const SCRIPT_SCALE: f32 = 0.7;
pub const SUPERSCRIPT_RISE: f32 = 0.33;
pub const SUBSCRIPT_DROP: f32 = 0.16;
