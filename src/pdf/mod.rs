//! The PDF backend: typesets a [`Document`] for print and writes it as PDF.
//!
//! Stages, one file each, data moving forward only: [`fonts`] (bundled and user faces, the
//! fallback chain) → [`shape`] (text to positioned glyphs, cached) → [`collect`] (a paragraph's
//! inlines to boxes, glue and penalties, with [`hyphenate`]) → [`linebreak`] (Knuth–Plass) →
//! [`lines`] (positioned lines) → [`flow`] (blocks to slabs, with keeps, widows and orphans,
//! sized by [`design`], figures' images from [`picture`]) → [`page`] (slabs to pages, running
//! heads, folios; [`contents`] adds a contents page numbered from a first pagination) →
//! [`write`] (the page
//! description in [`layout`] to a printpdf document: subset fonts, operators, links, metadata;
//! printpdf writes it and [`finish`] completes it: exact widths, ToUnicode, outline). It knows
//! nothing of Markdown or EPUB.

mod collect;
mod content;
mod contents;
mod design;
mod discover;
mod embed;
mod finish;
mod flow;
mod fonts;
mod foot;
mod hyphenate;
mod layout;
mod linebreak;
mod lines;
mod objects;
mod outline;
mod page;
mod picture;
mod resample;
mod shape;
mod subset;
mod write;
mod xobject;

pub use design::{Margins, PageSize, ParagraphStyle};
pub(crate) use discover::font_files;
pub use fonts::FontOptions;

use crate::diagnostics::Diagnostic;
use crate::model::{BlockKind, Document};
use crate::timing::phase;
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
    /// Block quotes in italic.
    pub italic_quotes: bool,
    /// Extra font folders and families; front matter `mainfont`/`monofont` fill in what the
    /// options leave empty.
    pub fonts: FontOptions,
    /// CreationDate and ModDate, as Unix seconds (from `SOURCE_DATE_EPOCH`); without it, the
    /// manuscript's date or a fixed date, never the clock.
    pub modified: Option<i64>,
    /// Notes at the end of each chapter (of an article) instead of at the foot of the page.
    pub endnotes: bool,
    /// Number the lines of code blocks.
    pub line_numbers: bool,
    /// A contents page after the title: `None`: for books and documents of more than ten pages.
    pub toc: Option<bool>,
    /// Images may come from outside the manuscript's folder.
    pub allow_outside_paths: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            page: PageSize::A4,
            margins: None,
            two_sided: true,
            paragraphs: ParagraphStyle::Indent,
            italic_quotes: false,
            fonts: FontOptions::default(),
            modified: None,
            endnotes: false,
            line_numbers: false,
            toc: None,
            allow_outside_paths: false,
        }
    }
}

impl PdfOptions {
    /// The sizes and distances these options make.
    fn design(&self) -> Design {
        Design::new(
            self.page,
            self.margins,
            self.two_sided,
            self.paragraphs,
            self.italic_quotes,
        )
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
    let (fonts, mut warnings) = phase("fonts", || load_fonts(doc, options))?;
    let typeset = typeset(doc, options, &fonts);
    warnings.extend(typeset.warnings);
    let lang = doc.meta.lang.as_deref().unwrap_or("en");
    let meta = write::PdfMeta {
        title: doc.meta.title.clone().unwrap_or_default(),
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
    let pages = typeset.laid.pages.len();
    let bytes = write::write_pdf(&typeset.laid, &fonts, &meta)?;
    Ok(Pdf {
        bytes,
        pages,
        warnings,
    })
}

/// The bundled faces and any the options or the front matter name.
fn load_fonts(
    doc: &Document,
    options: &PdfOptions,
) -> Result<(FontSet, Vec<Diagnostic>), PdfError> {
    let mut font_options = options.fonts.clone();
    font_options.main_font = font_options
        .main_font
        .or_else(|| doc.meta.main_font.clone());
    font_options.mono_font = font_options
        .mono_font
        .or_else(|| doc.meta.mono_font.clone());
    let (fonts, notes) = FontSet::load(&font_options)?;
    let warnings = notes
        .into_iter()
        .map(|note| Diagnostic::warning(&doc.source.path, note))
        .collect();
    Ok((fonts, warnings))
}

/// The document laid out on pages, before any PDF object exists.
struct Typeset {
    laid: layout::Laid,
    warnings: Vec<Diagnostic>,
}

fn typeset(doc: &Document, options: &PdfOptions, fonts: &FontSet) -> Typeset {
    let file = &doc.source.path;
    let lang = doc.meta.lang.as_deref().unwrap_or("en");
    let mut shaper = Shaper::new(fonts, lang);
    let design = options.design();
    // A book, or a document with several level-1 headings, is set as a book: a title page,
    // chapters on new pages.
    let chapters = doc.source.is_book()
        || doc
            .blocks
            .iter()
            .filter(|b| matches!(&b.kind, BlockKind::Heading(h) if h.level == 1))
            .count()
            > 1;
    let title = doc.meta.title.clone().unwrap_or_default();
    let mut pictures = picture::Pictures::new(
        &doc.source.base_dir,
        options.allow_outside_paths,
        fonts,
        design.measure(),
    );
    phase("pictures", || pictures.preload(&doc.blocks));
    let mut flow =
        Flow::new(design, &mut shaper, lang, &doc.source, chapters).with_pictures(pictures);
    flow.line_numbers = options.line_numbers;
    phase("highlight", || flow.prepare_code(doc));
    flow.title(&doc.meta, chapters);
    if options.endnotes {
        flow.use_endnotes(&doc.footnotes);
    }
    let body = flow.slabs.len();
    let notes = phase("flow", || {
        flow.blocks(&doc.blocks);
        if options.endnotes {
            flow.endnotes_so_far();
            Vec::new()
        } else {
            flow.footnotes(&doc.footnotes)
        }
    });
    let (slabs, first_missing) = (std::mem::take(&mut flow.slabs), flow.first_missing);
    let mut warnings = std::mem::take(&mut flow.warnings);
    let furniture = page::Furniture {
        title: &title,
        title_page: chapters,
        section_level: if chapters { 1 } else { 2 },
        body_start: if chapters { body } else { 0 },
    };
    // Books get a contents page unless asked not to, articles when they turn out long.
    let headings = slabs[body..].iter().any(|slab| slab.heading.is_some());
    let (laid, broken_keeps) = phase("paginate", || {
        let plain =
            |shaper: &mut Shaper| page::paginate(&slabs, &notes, &design, shaper, &furniture);
        if !headings || options.toc == Some(false) {
            plain(&mut shaper)
        } else if options.toc == Some(true) || chapters {
            contents::paginate(slabs, &notes, body, &design, &mut shaper, &furniture)
        } else {
            match plain(&mut shaper) {
                short if short.0.pages.len() <= TOC_PAGES => short,
                _ => contents::paginate(slabs, &notes, body, &design, &mut shaper, &furniture),
            }
        }
    });

    if broken_keeps > 0 {
        warnings.push(
            Diagnostic::warning(file, format!("{broken_keeps} page break(s) could not avoid a widow, an orphan or a heading at the foot of a page"))
                .with_help("a long unbreakable block (table row, code, figure) left no better place to break"),
        );
    }
    let missing = shaper.missing();
    if !missing.is_empty() {
        let shown: String = missing
            .iter()
            .take(MISSING_SHOWN)
            .map(|&(c, _)| c)
            .collect();
        let more = missing.len().saturating_sub(MISSING_SHOWN);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        // Reported in the file of the first block that has one (a book's chapter).
        let file = first_missing.map_or(file.as_path(), |span| doc.source.file_of(span));
        let mut warning = Diagnostic::warning(
            file,
            format!(
                "no font has {} character(s), which print as blank boxes: {shown}{more}",
                missing.len()
            ),
        )
        .with_help("add fonts that have them with --font-dir and --main-font (or `mainfont:`)");
        if let Some(span) = first_missing {
            warning = warning.with_span(span);
        }
        warnings.push(warning);
    }
    Typeset { laid, warnings }
}

/// Articles longer than this many pages get a contents page by default.
const TOC_PAGES: usize = 10;

/// Missing characters named in the warning; the rest are counted.
const MISSING_SHOWN: usize = 24;

/// Midnight UTC of a front-matter date (`2026-10-14`, or the date part of a timestamp).
fn unix_date(text: &str) -> Option<i64> {
    let day = chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{self, ReadOptions};
    use std::path::Path;

    fn sample(name: &str, options: &PdfOptions) -> (Typeset, Design) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content")
            .join(name);
        let bytes = std::fs::read(&path).unwrap();
        let doc = markdown::read(&path, &bytes, &ReadOptions::default(), &mut Vec::new()).unwrap();
        let (fonts, _) = load_fonts(&doc, options).unwrap();
        let design = options.design();
        (typeset(&doc, options, &fonts), design)
    }

    #[test]
    fn no_text_runs_past_the_text_block() {
        for page in [PageSize::A4, PageSize::parse("5.5x8.5in").unwrap()] {
            let options = PdfOptions {
                page,
                ..PdfOptions::default()
            };
            let (set, design) = sample("river-of-light.md", &options);
            for (index, page) in set.laid.pages.iter().enumerate() {
                let (left, right) = (design.left(index), design.left(index) + design.measure());
                for item in &page.items {
                    if let layout::Placed::Text { x, size, run, .. } = item {
                        let end = x + run.width * size;
                        assert!(
                            *x >= left - 0.01 && end <= right + 0.01,
                            "page {index}: {:?} spans {x}..{end}, block {left}..{right}",
                            run.text
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_sample_has_no_widows_orphans_or_stranded_headings() {
        for page in [
            PageSize::A4,
            PageSize::parse("a5").unwrap(),
            PageSize::parse("5.5x8.5in").unwrap(),
        ] {
            let (set, _) = sample(
                "river-of-light.md",
                &PdfOptions {
                    page,
                    ..PdfOptions::default()
                },
            );
            let broken = set
                .warnings
                .iter()
                .any(|w| w.message.contains("could not avoid"));
            assert!(!broken, "a keep was broken at {page:?}");
            assert!(
                set.laid.pages.len() > 1,
                "the sample must span pages for this to mean anything"
            );
            assert!(
                !set.warnings
                    .iter()
                    .any(|w| w.message.contains("wider than")),
                "{:?}",
                set.warnings
            );
        }
    }

    #[test]
    fn every_page_but_an_articles_first_has_a_running_head_and_a_folio() {
        let (set, design) = sample("river-of-light.md", &PdfOptions::default());
        for (index, page) in set.laid.pages.iter().enumerate() {
            let text_at = |above: bool| {
                page.items.iter().any(|item| match item {
                    layout::Placed::Text { y, .. } => {
                        if above {
                            *y > design.top()
                        } else {
                            *y < design.bottom()
                        }
                    }
                    _ => false,
                })
            };
            assert_eq!(text_at(true), index > 0, "running head on page {index}");
            assert_eq!(text_at(false), index > 0, "folio on page {index}");
        }
    }

    #[test]
    fn headings_become_nested_outline_entries_and_destinations() {
        let (set, _) = sample("river-of-light.md", &PdfOptions::default());
        let titles: Vec<&str> = set.laid.outline.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            titles[..2],
            [
                "A Turbine Built by Neighbours",
                "Selling Summer Across the River"
            ]
        );
        assert!(
            set.laid
                .destinations
                .contains_key("winter-is-the-hard-season")
        );
        assert!(
            set.laid.destinations.contains_key("folio-fn-1")
                && set.laid.destinations.contains_key("folio-fnref-1")
        );
    }

    #[test]
    fn dates_become_midnight_utc() {
        assert_eq!(unix_date("2026-10-14"), Some(1_791_936_000));
        assert_eq!(unix_date("2026-10-14T08:00:00Z"), Some(1_791_936_000));
        assert_eq!(unix_date("October"), None);
    }
}
