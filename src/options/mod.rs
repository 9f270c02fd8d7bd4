//! What a book is set with, and who said so. Every option folio has comes from up to five
//! layers, lowest first: folio's built-in defaults < a theme < the book (`folio.toml`) < the
//! manuscript's front matter < the command line. Each layer is one [`Overrides`] record (a value
//! for each key it sets); [`Settings::resolve`] takes the highest layer that sets each key, once
//! per input, and remembers where every value came from. The backends are handed their options
//! cut from the result ([`Settings::pdf`], [`Settings::epub`]) and merge nothing themselves.
//!
//! The shape is ripgrep's (low arguments in, high arguments out); the layers are read by their
//! owners (the command line by the CLI, `folio.toml` by `book`, front matter by `markdown`), and
//! this module neither reads files nor knows a format. Where images may come from is not a
//! setting but a rule of reading ([`crate::markdown::ReadOptions`]): no manuscript or book may
//! widen it for itself.

mod settings;

pub use settings::{Resolved, Settings};

use crate::preflight::Standard;
use crate::style::{Margins, PageSize, ParagraphStyle};
use std::path::PathBuf;

/// Where a resolved value came from, lowest layer first: a higher one wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// folio's built-in default.
    Default,
    /// The house style (a theme file).
    Theme,
    /// The book's `folio.toml`.
    Book,
    /// The manuscript's front matter.
    FrontMatter,
    /// A flag of the command line (or `SOURCE_DATE_EPOCH`, for [`Overrides::modified`]).
    CommandLine,
}

/// One layer's say: `Some` for each key it sets. Every layer has the same keys, so each key has
/// one precedence; a reader fills only the keys its format has (front matter: the fonts).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// The PDF's page (trim) size.
    pub page_size: Option<PageSize>,
    /// The PDF's margins; unset: proportions derived from the page.
    pub margins: Option<Margins>,
    /// Mirrored margins and running heads on facing pages; off for reading on screen.
    pub two_sided: Option<bool>,
    pub paragraphs: Option<ParagraphStyle>,
    pub italic_quotes: Option<bool>,
    /// Font family for the text (pandoc's `mainfont`), e.g. "Charis SIL".
    pub main_font: Option<String>,
    /// Font family for code (pandoc's `monofont`).
    pub mono_font: Option<String>,
    /// Font family for formulas, with an OpenType MATH table (unset: the bundled STIX Two Math).
    pub math_font: Option<String>,
    /// Folders searched for the families above and for characters the fonts lack.
    pub font_dirs: Option<Vec<PathBuf>>,
    /// Characters no chosen face has may come from the machine's fonts.
    pub system_fonts: Option<bool>,
    pub endnotes: Option<bool>,
    pub line_numbers: Option<bool>,
    /// A contents page in the PDF (unset: for books and long documents).
    pub toc: Option<bool>,
    /// Tagged PDF (a structure tree).
    pub tagged: Option<bool>,
    pub protrusion: Option<bool>,
    pub expansion: Option<bool>,
    /// How far the PDF's BleedBox reaches past the trim, in pt.
    pub bleed: Option<f32>,
    pub crop_marks: Option<bool>,
    /// The outputs' dates, as Unix seconds.
    pub modified: Option<i64>,
    /// Heading levels in the EPUB's table of contents.
    pub toc_depth: Option<u8>,
    /// A contents page in the EPUB's reading order.
    pub inline_toc: Option<bool>,
    /// Embed the faces for scripts beyond Latin, Greek and Cyrillic in the EPUB.
    pub epub_fonts: Option<bool>,
    /// Mark the PDF's pages in the EPUB (unset: when both formats are built).
    pub page_list: Option<bool>,
    /// Standards and printer profiles the PDF is made to meet (`pdf-standard`, `--print`).
    pub pdf_standards: Option<Vec<Standard>>,
    /// The printer's ICC profile for a print file's output intent (the command line only).
    pub output_profile: Option<PathBuf>,
}

/// The layers of one input, each an [`Overrides`]; [`Settings::resolve`] reads them high to low.
#[derive(Debug, Clone, Default)]
pub struct Layers {
    /// The house style. Nothing fills it yet: theme files (named by `--theme`, front matter or
    /// `folio.toml`) are loaded into this layer once they exist.
    pub theme: Overrides,
    /// The book's `folio.toml`: empty for an article.
    pub book: Overrides,
    /// The manuscript's front matter: empty for a book, whose chapters' front matter styles
    /// nothing.
    pub front_matter: Overrides,
    pub command_line: Overrides,
}

impl Layers {
    /// The layers from the highest to the lowest, as a key is looked up.
    fn high_to_low(&self) -> [(Origin, &Overrides); 4] {
        [
            (Origin::CommandLine, &self.command_line),
            (Origin::FrontMatter, &self.front_matter),
            (Origin::Book, &self.book),
            (Origin::Theme, &self.theme),
        ]
    }
}
