//! The book's style: every size, face and colour a designer would argue about, as plain data
//! beside the model, read by both backends. The PDF builds its `Design` (the sizes in points)
//! from it and the EPUB generates its stylesheet from it, so the two cannot drift apart.
//!
//! A [`Style`] holds resolved values, one per key, each with the [`Source`] it came from. The
//! keys are the theme file's (`colors.foreground`, `body.leading`, `headings.h1.size`, …): a
//! theme, a book's configuration, front matter and the command line set them, in that order
//! of strength, over the built-in defaults of [`Style::classic`], today's look. Numbers that
//! no theme sets yet (superscript sizes, crop marks, the cover's proportions) are named
//! constants here, with their reasons. This module knows no backend: no PDF operators, no CSS.

mod color;
mod length;
mod page;
pub mod print;
mod text;

pub use color::Color;
pub use length::{PT_PER_IN, PT_PER_MM, parse_length};
pub use page::{MAX_MEASURE_EM, Margins, PageSize};
pub use text::{
    Align, BLOCK_INDENT_EM, Blockquote, Body, Code, CodeInk, CodeInks, FontRole, Fonts, Heading,
    Headings, INLINE_MONO_SCALE, Notes, ParagraphStyle, QuoteStyle, SCRIPT_SCALE, SUBSCRIPT_DROP,
    SUPERSCRIPT_RISE, Slant, TITLE_SCALE, Weight,
};

/// Where a value came from, weakest first: a later source overrides an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// Built into folio ([`Style::classic`]).
    Default,
    /// A theme file (or a built-in theme it extends).
    Theme,
    /// The book's `folio.toml` or `book.toml`.
    Book,
    /// The manuscript's front matter.
    FrontMatter,
    /// An option on the command line (or a library caller's options).
    CommandLine,
}

/// One key's resolved value and where it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Value<T> {
    pub value: T,
    pub source: Source,
}

impl<T: PartialEq> Value<T> {
    /// A built-in default.
    pub const fn default(value: T) -> Value<T> {
        Value {
            value,
            source: Source::Default,
        }
    }

    /// Sets the value from `source`. A value equal to the one in force keeps its provenance:
    /// repeating the default on the command line leaves it the default.
    pub fn overlay(&mut self, value: T, source: Source) {
        if self.value != value {
            *self = Value { value, source };
        }
    }
}

/// The style both backends read, one resolved value per key.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub colors: Colors,
    pub fonts: Fonts,
    pub body: Body,
    pub headings: Headings,
    pub blockquote: Blockquote,
    pub code: Code,
    pub notes: Notes,
    pub page: Page,
}

/// `[colors]`: the roles colours play.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colors {
    /// `colors.foreground`: the text.
    pub foreground: Value<Color>,
    /// `colors.primary`: the accent (classic has none: the text's colour).
    pub primary: Value<Color>,
    /// `colors.link`: links; `None` marks them by no colour of their own (the PDF sets them
    /// in the text's colour, the EPUB leaves them to the reading system).
    pub link: Value<Option<Color>>,
    /// `colors.rule`: rules beside quotes and code, and above notes.
    pub rule: Value<Color>,
}

/// `[page]`: the paper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Page {
    /// `page.size`.
    pub size: Value<PageSize>,
    /// `page.margins`; `None`: classic proportions derived from the page
    /// ([`Margins::for_page`]).
    pub margins: Value<Option<Margins>>,
}

impl Style {
    /// The built-in look, `classic`: a book face justified with first-line indents, a modest
    /// heading scale, greys that survive greyscale printing.
    pub fn classic() -> Style {
        Style {
            colors: Colors {
                foreground: Value::default(Color::BLACK),
                primary: Value::default(Color::BLACK),
                link: Value::default(None),
                // Light enough to read as a margin mark, not a frame.
                rule: Value::default(Color::Gray(0.6)),
            },
            fonts: Fonts::classic(),
            body: Body::classic(),
            headings: Headings::classic(),
            blockquote: Blockquote::classic(),
            code: Code::classic(),
            notes: Notes::classic(),
            page: Page {
                size: Value::default(PageSize::A4),
                margins: Value::default(None),
            },
        }
    }

    /// [`Style::classic`] with the style options folio takes today (`--page-size`,
    /// `--margins`, `--paragraphs`, `--italic-quotes`, `--main-font`, `--mono-font`) laid over
    /// it as given on the command line, until options are resolved once for every source.
    pub fn classic_with(options: StyleOptions<'_>) -> Style {
        let mut style = Style::classic();
        let from = Source::CommandLine;
        style.page.size.overlay(options.page, from);
        style.page.margins.overlay(options.margins, from);
        style.body.paragraph.overlay(options.paragraphs, from);
        let quotes = match options.italic_quotes {
            true => QuoteStyle::Italic,
            false => QuoteStyle::Plain,
        };
        style.blockquote.style.overlay(quotes, from);
        if let Some(family) = options.main_font {
            style.fonts.base.overlay(family.to_string(), from);
            style.fonts.headings.overlay(family.to_string(), from);
        }
        if let Some(family) = options.mono_font {
            style.fonts.mono.overlay(family.to_string(), from);
        }
        style
    }
}

impl Default for Style {
    fn default() -> Style {
        Style::classic()
    }
}

/// The style options the command line carries today (see [`Style::classic_with`]).
#[derive(Debug, Clone, Copy)]
pub struct StyleOptions<'a> {
    pub page: PageSize,
    pub margins: Option<Margins>,
    pub paragraphs: ParagraphStyle,
    pub italic_quotes: bool,
    pub main_font: Option<&'a str>,
    pub mono_font: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_override_the_defaults_and_say_so() {
        let style = Style::classic_with(StyleOptions {
            page: PageSize::A4,
            margins: None,
            paragraphs: ParagraphStyle::Spacing,
            italic_quotes: true,
            main_font: Some("Charis SIL"),
            mono_font: None,
        });
        assert_eq!(style.page.size.source, Source::Default);
        assert_eq!(style.body.paragraph.source, Source::CommandLine);
        assert_eq!(style.blockquote.style.value, QuoteStyle::Italic);
        assert_eq!(style.fonts.headings.value, "Charis SIL");
        assert_eq!(style.fonts.mono, Style::classic().fonts.mono);
    }

    #[test]
    fn a_stronger_source_is_recorded() {
        let mut size = Value::default(1.0);
        size.overlay(1.0, Source::Theme);
        assert_eq!(size.source, Source::Default);
        size.overlay(1.2, Source::Theme);
        assert_eq!((size.value, size.source), (1.2, Source::Theme));
        assert!(Source::CommandLine > Source::FrontMatter && Source::Book > Source::Theme);
    }
}
