//! The PDF backend: typesets a [`Document`] for print and writes it as PDF.
//!
//! Stages, one file each, data moving forward only: [`fonts`] (bundled and user faces, the
//! fallback chain) → [`shape`] (text to positioned glyphs, cached) → [`collect`] (a paragraph's
//! inlines to boxes, glue and penalties, with [`hyphenate`]) → [`linebreak`] (Knuth–Plass) →
//! [`lines`] (positioned lines) → [`flow`] (blocks to slabs, with keeps, widows and orphans,
//! sized by [`design`]) → [`page`] (slabs to pages, running heads, folios) → [`write`] (the page
//! description in [`layout`] to a printpdf document: subset fonts, operators, links, metadata;
//! printpdf writes it and [`finish`] completes it: exact widths, ToUnicode, outline). It knows
//! nothing of Markdown or EPUB.

mod collect;
mod content;
mod design;
mod discover;
mod embed;
mod finish;
mod flow;
mod fonts;
mod hyphenate;
mod layout;
mod linebreak;
mod lines;
mod objects;
mod outline;
mod page;
mod shape;
mod subset;
mod write;

pub use design::{Margins, PageSize, ParagraphStyle};
pub use fonts::FontOptions;

use crate::diagnostics::Diagnostic;
use crate::model::{BlockKind, Document, InlineKind, Span, visit_blocks_mut, visit_inlines_mut};
use design::Design;
use flow::Flow;
use fonts::FontSet;
use shape::Shaper;

/// How to typeset the book.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub page: PageSize,
    /// `None`: proportions derived from the page (see [`Margins::for_page`]).
    pub margins: Option<Margins>,
    /// Mirror the margins and running heads on facing pages (print); off for screen reading.
    pub two_sided: bool,
    pub paragraphs: ParagraphStyle,
    /// Extra font folders and families; front matter `mainfont`/`monofont` fill in what the
    /// options leave empty.
    pub fonts: FontOptions,
    /// CreationDate and ModDate, as Unix seconds (from `SOURCE_DATE_EPOCH`); without it, the
    /// manuscript's date or a fixed date, never the clock.
    pub modified: Option<i64>,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            page: PageSize::A4,
            margins: None,
            two_sided: true,
            paragraphs: ParagraphStyle::Indent,
            fonts: FontOptions::default(),
            modified: None,
        }
    }
}

/// A written PDF.
#[derive(Debug)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("fonts: {0}")]
    Fonts(#[from] fonts::FontError),
    #[error("{0}")]
    Write(#[from] write::PdfError),
}

/// Typesets `doc` as a PDF.
pub fn write(doc: &Document, options: &PdfOptions) -> Result<Pdf, PdfError> {
    let file = &doc.source.path;
    let mut font_options = options.fonts.clone();
    font_options.main_font = font_options
        .main_font
        .or_else(|| doc.meta.main_font.clone());
    font_options.mono_font = font_options
        .mono_font
        .or_else(|| doc.meta.mono_font.clone());
    let (fonts, font_notes) = FontSet::load(&font_options)?;
    let mut warnings: Vec<Diagnostic> = font_notes
        .into_iter()
        .map(|note| Diagnostic::warning(file, note))
        .collect();

    let lang = doc.meta.lang.as_deref().unwrap_or("en");
    let mut shaper = Shaper::new(&fonts, lang);
    let design = Design::new(
        options.page,
        options.margins,
        options.two_sided,
        options.paragraphs,
    );
    // A document with several level-1 headings is a book: a title page, chapters on new pages.
    let chapters = doc
        .blocks
        .iter()
        .filter(|b| matches!(&b.kind, BlockKind::Heading(h) if h.level == 1))
        .count()
        > 1;
    let title = doc.meta.title.clone().unwrap_or_default();
    let mut flow = Flow::new(design, &mut shaper, lang, file, chapters);
    flow.title(&doc.meta, chapters);
    flow.blocks(&doc.blocks);
    flow.notes(&doc.footnotes);
    let (slabs, figures) = (std::mem::take(&mut flow.slabs), flow.figures);
    warnings.append(&mut flow.warnings);
    let furniture = page::Furniture {
        title: &title,
        title_page: chapters,
        section_level: if chapters { 1 } else { 2 },
    };
    let (laid, broken_keeps) = page::paginate(&slabs, &design, &mut shaper, &furniture);

    if broken_keeps > 0 {
        warnings.push(
            Diagnostic::warning(file, format!("{broken_keeps} page break(s) could not avoid a widow, an orphan or a heading at the foot of a page"))
                .with_help("a long unbreakable block (table row, code, figure) left no better place to break"),
        );
    }
    if figures > 0 {
        warnings.push(
            Diagnostic::warning(file, format!("{figures} image(s) are shown as framed alt text: the PDF backend does not draw images yet"))
                .with_help("the EPUB has the images"),
        );
    }
    for (c, count) in shaper.missing() {
        let mut warning = Diagnostic::warning(
            file,
            format!(
                "no font has the character {c:?} (U+{:04X}); it prints as a blank box ({count}×)",
                c as u32
            ),
        )
        .with_help("add a font that has it with --font-dir and `mainfont:`");
        if let Some(span) = first_use(doc, c) {
            warning = warning.with_span(span);
        }
        warnings.push(warning);
    }

    let meta = write::PdfMeta {
        title,
        authors: doc.meta.authors.clone(),
        subject: doc.meta.description.clone(),
        keywords: doc.meta.keywords.clone(),
        lang: lang.to_string(),
        creator: format!("folio {}", env!("CARGO_PKG_VERSION")),
        producer: format!("folio {}", env!("CARGO_PKG_VERSION")),
        date: options
            .modified
            .or_else(|| doc.meta.date.as_deref().and_then(unix_date)),
    };
    let pages = laid.pages.len();
    let bytes = write::write_pdf(&laid, &fonts, &meta)?;
    Ok(Pdf {
        bytes,
        pages,
        warnings,
    })
}

/// Midnight UTC of a front-matter date (`2026-10-14`, or the date part of a timestamp).
fn unix_date(text: &str) -> Option<i64> {
    let day = chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

/// Where a character first occurs in the manuscript, for the missing-glyph warning. Only
/// called for characters no font has, so walking a copy of the tree is cheap enough.
fn first_use(doc: &Document, c: char) -> Option<Span> {
    let mut blocks = doc.blocks.clone();
    let mut found: Option<Span> = None;
    let mut consider = |text: &str, span: Span| {
        if text.contains(c) && found.is_none_or(|f| span.start < f.start) {
            found = Some(span);
        }
    };
    visit_inlines_mut(&mut blocks, &mut |inline| match &inline.kind {
        InlineKind::Text { text }
        | InlineKind::Code { code: text }
        | InlineKind::Math { tex: text } => consider(text, inline.span),
        _ => {}
    });
    visit_blocks_mut(&mut blocks, &mut |block| {
        if let BlockKind::CodeBlock { code, .. } = &block.kind {
            consider(code, block.span);
        }
    });
    found
}
