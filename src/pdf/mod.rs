//! The PDF backend: typesets a [`Document`] for print and writes it as PDF. It knows nothing of
//! Markdown or EPUB.
//!
//! Five stages, one folder each, every import pointing to an earlier stage:
//!
//! ```text
//! fonts ──► pictures ──► text ──────────► layout ─────────────► write ──► PDF bytes
//! faces,    images       shaping,          flow of blocks,        subsets, page content,
//! fallback, decoded      hyphenation,      pages, notes,          document shell, fonts,
//! subsets   once         Knuth–Plass,      contents page;         pictures, links, tags,
//!                        lines             gives the page         outline, save
//!                                          description (`PagedDocument`)
//! ```
//!
//! This file drives them: it loads the fonts, lays the document out (decoding the pictures on
//! the other core meanwhile: layout needs only their sizes) and hands the result to the writer. `error`, `meta` and `deflate` hold the few things several stages share.

pub mod cover;
mod deflate;
mod error;
mod fonts;
mod layout;
mod meta;
mod profile;

pub use profile::OutputProfile;
mod pictures;
mod text;
mod write;

pub use fonts::FontOptions;
pub(crate) use fonts::font_files;

use crate::diagnostics::Diagnostic;
use crate::highlight::Highlights;
use crate::math::Formulas;
use crate::model::{BlockKind, Direction, Document, PageStart, PageStarts, Span, characters};
use crate::preflight::Standard;
use crate::style::{Margins, PageSize, ParagraphStyle, Style, StyleOptions};
use crate::timing::phase;
use error::WriteError;
use fonts::FontSet;
use layout::{BlockFlow, Design, FlowConfig, Furniture, draft, paginate, paginate_with_contents};
use meta::{Claims, PdfMeta};
use pictures::Pictures;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use text::{MathFonts, Shaper};

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
    /// Extra font folders and families.
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
    /// Write tagged PDF: a structure tree for assistive technology and reflow (PDF/UA-1).
    pub tagged: bool,
    /// Punctuation at the ends of justified lines hangs into the margins.
    pub protrusion: bool,
    /// Justified lines may scale their glyphs by up to 2 % either way.
    pub expansion: bool,
    /// How far, in pt, the BleedBox reaches past the page (the TrimBox) on every side.
    pub bleed: f32,
    /// Crop marks at the corners, outside the bleed.
    pub crop_marks: bool,
    /// Standards and printer profiles the file is made to meet (PDF/A, PDF/UA, PDF/X, KDP,
    /// IngramSpark); the written file is preflighted against them.
    pub standards: Vec<Standard>,
    /// The printer profile of a print file's output intent; `None`: the bundled FOGRA39.
    pub output_profile: Option<Arc<OutputProfile>>,
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
            tagged: true,
            protrusion: true,
            expansion: true,
            bleed: 0.0,
            crop_marks: false,
            standards: Vec::new(),
            output_profile: None,
        }
    }
}

impl PdfOptions {
    /// The style these options carry (page, margins, paragraphs, quotes and faces over the
    /// classic look), which the EPUB follows too.
    pub fn style(&self) -> Style {
        Style::classic_with(StyleOptions {
            page: self.page,
            margins: self.margins,
            paragraphs: self.paragraphs,
            italic_quotes: self.italic_quotes,
            main_font: self.fonts.main_font.as_deref(),
            mono_font: self.fonts.mono_font.as_deref(),
        })
    }

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
    /// Font files from the machine (the font folders or the system's) that the fallback chain
    /// took characters from: the build depends on them as on its manuscript.
    pub machine_fonts: Vec<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("fonts: {0}")]
    Fonts(#[from] fonts::FontError),
    #[error("{0}")]
    Write(#[from] WriteError),
    /// The written file does not meet a standard it claims: preflight's findings, one a line.
    #[error("the PDF does not pass preflight for what it claims:\n{0}")]
    Preflight(String),
}

/// Typesets `doc` as a PDF.
pub fn write(doc: &Document, options: &PdfOptions) -> Result<Pdf, PdfError> {
    write_highlighted(doc, options, &Highlights::of(doc))
}

/// [`write`], with the listings' scopes taken from `highlights` (shared with the EPUB).
pub fn write_highlighted(
    doc: &Document,
    options: &PdfOptions,
    highlights: &Highlights,
) -> Result<Pdf, PdfError> {
    lay_out(doc, options, highlights)?.write()
}

/// The document typeset and cut into pages, not yet written: where its pages begin is known
/// ([`Layout::page_starts`]) before any PDF object exists.
pub struct Layout {
    laid: layout::PagedDocument,
    structure: Option<layout::Structure>,
    fonts: FontSet,
    meta: PdfMeta,
    /// Bleed and crop marks around each page.
    sheet: write::Sheet,
    warnings: Vec<Diagnostic>,
    machine_fonts: Vec<PathBuf>,
}

/// Typesets `doc` on pages, with the listings' scopes taken from `highlights`.
pub fn lay_out(
    doc: &Document,
    options: &PdfOptions,
    highlights: &Highlights,
) -> Result<Layout, PdfError> {
    let used = characters::used(doc);
    let formulas = Formulas::of(doc);
    let (fonts, mut warnings, machine_fonts) =
        phase("fonts", || load_fonts(doc, options, &used, &formulas))?;
    let typeset = typeset(doc, options, (&fonts, &formulas), &used, highlights);
    warnings.extend(typeset.warnings);
    Ok(Layout {
        laid: typeset.laid,
        structure: options.tagged.then_some(typeset.structure),
        fonts,
        meta: pdf_meta(doc, options),
        sheet: write::Sheet {
            bleed: options.bleed,
            crop_marks: options.crop_marks,
            // A printer's interior has no bleed at the spine.
            bound: (options.standards.iter())
                .any(|s| matches!(s, Standard::Kdp | Standard::IngramSpark))
                .then_some(doc.meta.direction() == Direction::Rtl),
        },
        warnings,
        machine_fonts,
    })
}

/// What the PDF says about itself: the document's metadata and the build's date.
fn pdf_meta(doc: &Document, options: &PdfOptions) -> PdfMeta {
    PdfMeta {
        title: doc.meta.title.clone().unwrap_or_default(),
        authors: doc.meta.authors.clone(),
        subject: doc.meta.description.clone(),
        keywords: doc.meta.keywords.clone(),
        lang: doc.meta.lang.as_deref().unwrap_or("en").to_string(),
        rtl: doc.meta.direction() == Direction::Rtl,
        creator: format!("folio {}", env!("CARGO_PKG_VERSION")),
        producer: format!("folio {}", env!("CARGO_PKG_VERSION")),
        date: options
            .modified
            .or_else(|| doc.meta.date.as_deref().and_then(unix_date)),
        tagged: options.tagged,
        claims: claims(doc, options),
    }
}

/// What the file claims and what the claims need: the output profile of a print standard
/// (FOGRA39 unless the options give the printer's), and the source files a PDF/A-3 attaches.
fn claims(doc: &Document, options: &PdfOptions) -> Claims {
    let standards = options.standards.clone();
    let print = standards.iter().any(|s| s.wants_print_colour());
    let output_profile = print.then(|| {
        options
            .output_profile
            .clone()
            .unwrap_or_else(OutputProfile::fogra39)
    });
    let attaches = standards.iter().any(|s| matches!(s, Standard::A3(_)));
    let sources = if attaches {
        source_files(doc)
    } else {
        Vec::new()
    };
    Claims {
        standards,
        output_profile,
        sources,
    }
}

/// The Markdown the document was read from: the manuscript, or a book's every file.
fn source_files(doc: &Document) -> Vec<(String, Vec<u8>)> {
    let files = if doc.source.files.is_empty() {
        std::slice::from_ref(&doc.source.path)
    } else {
        doc.source.files.as_slice()
    };
    files
        .iter()
        .filter_map(|path| {
            let name = path.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read(path).ok()?))
        })
        .collect()
}

impl Layout {
    /// Where each page's body text begins in the model, labelled as its folio prints it.
    /// Pages without body text (the title page, the contents, blank and note pages) have none.
    pub fn page_starts(&self) -> PageStarts {
        let (width, height) = match self.laid.pages.first() {
            Some(page) => (page.width, page.height),
            None => (0.0, 0.0),
        };
        PageStarts {
            source: format!(
                "{}, PDF edition ({width:.0} × {height:.0} pt pages)",
                self.meta.title
            ),
            pages: (self.laid.pages.iter().enumerate())
                .filter_map(|(index, page)| {
                    Some(PageStart {
                        label: self.laid.label(index),
                        position: page.start?,
                    })
                })
                .collect(),
        }
    }

    /// What typesetting had to warn about.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Writes the pages as PDF.
    pub fn write(self) -> Result<Pdf, PdfError> {
        let pages = self.laid.pages.len();
        let bytes = write::write_pdf(
            self.laid,
            &self.fonts,
            &self.meta,
            self.structure.as_ref(),
            &self.sheet,
        )?;
        let standards = &self.meta.claims.standards;
        if !standards.is_empty() {
            phase("preflight", || preflight_own(&bytes, standards))?;
        }
        Ok(Pdf {
            bytes,
            pages,
            warnings: self.warnings,
            machine_fonts: self.machine_fonts,
        })
    }
}

/// Checks a file folio wrote against what it claims; its errors fail the build (a file that
/// says it is PDF/X-4 and is not is worse than no claim).
fn preflight_own(bytes: &[u8], standards: &[Standard]) -> Result<(), PdfError> {
    let report = crate::preflight::preflight(bytes, standards).map_err(PdfError::Preflight)?;
    if !report.has_errors() {
        return Ok(());
    }
    let errors: Vec<String> = (report.findings.iter())
        .filter(|f| f.severity == crate::diagnostics::Severity::Error)
        .map(|f| format!("  {f}"))
        .collect();
    Err(PdfError::Preflight(errors.join("\n")))
}

/// The bundled faces and any the options name, then faces from the
/// machine for the characters of `used` that none of them has.
fn load_fonts(
    doc: &Document,
    options: &PdfOptions,
    used: &[(char, Span)],
    formulas: &Formulas,
) -> Result<(FontSet, Vec<Diagnostic>, Vec<PathBuf>), PdfError> {
    let font_options = &options.fonts;
    let (mut fonts, notes) = FontSet::load(font_options)?;
    let warnings = notes
        .into_iter()
        .map(|note| Diagnostic::warning(&doc.source.path, note))
        .collect();
    let chars: Vec<char> = used.iter().map(|&(c, _)| c).collect();
    let lacking = fonts.lacking(&chars);
    let mut machine_fonts = Vec::new();
    if !lacking.is_empty() {
        let found = fonts::cover(&lacking, &font_options.font_dirs, font_options.system_fonts);
        machine_fonts = found.iter().map(|f| f.path.clone()).collect();
        fonts.add_fallbacks(found.into_iter().map(|f| f.face).collect());
    }
    // A document without math loads nothing for it.
    if formulas.any() {
        fonts.load_math(font_options)?;
    }
    Ok((fonts, warnings, machine_fonts))
}

/// The document laid out on pages, before any PDF object exists.
struct Typeset {
    laid: layout::PagedDocument,
    /// The elements the pages' content is tagged with.
    structure: layout::Structure,
    warnings: Vec<Diagnostic>,
}

fn typeset(
    doc: &Document,
    options: &PdfOptions,
    (fonts, formulas): (&FontSet, &Formulas),
    used: &[(char, Span)],
    highlights: &Highlights,
) -> Typeset {
    let file = &doc.source.path;
    let lang = doc.meta.lang.as_deref().unwrap_or("en");
    let mut shaper = Shaper::new(fonts, lang);
    let mut math_warning = None;
    if fonts.math().is_some() {
        match MathFonts::new(fonts, formulas) {
            Ok(math) => shaper.set_math(Arc::new(math)),
            Err(why) => math_warning = Some(Diagnostic::warning(file, why)),
        }
    }
    let mut design = options.design();
    design.rtl = doc.meta.direction() == Direction::Rtl;
    shaper.set_direction(if design.rtl { text::RTL } else { text::LTR });
    let chapters = set_as_book(doc);
    let title = doc.meta.title.clone().unwrap_or_default();
    let pictures = Pictures::new(
        &doc.source.base_dir,
        doc.source.allow_outside_paths,
        fonts,
        design.measure(),
    );
    let mut flow = block_flow(
        doc,
        options,
        design,
        chapters,
        &mut shaper,
        &pictures,
        highlights,
    );
    let body = flow.slab_count();
    // The images are decoded on the other core while the text is set: the flow waits only for
    // one it reaches before it is ready.
    let notes = rayon::in_place_scope(|scope| {
        scope.spawn(|_| phase("pictures", || pictures.prepare(&doc.blocks)));
        phase("flow", || {
            flow.blocks(&doc.blocks);
            if options.endnotes {
                flow.endnotes_so_far();
                Vec::new()
            } else {
                flow.footnotes(&doc.footnotes)
            }
        })
    });
    let layout::FlowOutput {
        mut slabs,
        mut warnings,
        mut structure,
        first_missing,
    } = flow.finish();
    warnings.extend(math_warning);
    let furniture = Furniture {
        title: &title,
        title_page: chapters,
        section_level: if chapters { 1 } else { 2 },
        body_start: if chapters { body } else { 0 },
    };
    // Books get a contents page unless asked not to, articles when they turn out long.
    let headings = slabs[body..].iter().any(|slab| slab.heading.is_some());
    let (laid, broken_keeps) = phase("paginate", || {
        let with_contents = headings
            && options.toc != Some(false)
            && (options.toc == Some(true)
                || chapters
                // An article gets one when it turns out long: a draft counts its pages.
                || draft(&mut slabs, &notes, &design, &mut shaper, &furniture).pages.len()
                    > TOC_PAGES);
        if with_contents {
            paginate_with_contents(
                slabs,
                &notes,
                body,
                &design,
                &mut shaper,
                &furniture,
                &mut structure,
            )
        } else {
            paginate(&mut slabs, &notes, &design, &mut shaper, &furniture)
        }
    });

    if broken_keeps > 0 {
        warnings.push(broken_keeps_warning(file, broken_keeps));
    }
    let missing = shaper.missing();
    if !missing.is_empty() {
        warnings.push(missing_characters(doc, used, missing, first_missing));
    }
    Typeset {
        laid,
        structure,
        warnings,
    }
}

/// Whether `doc` is set as a book (a title page, chapters on new pages): a book, or a document
/// with several level-1 headings.
fn set_as_book(doc: &Document) -> bool {
    doc.source.is_book()
        || doc
            .blocks
            .iter()
            .filter(|b| matches!(&b.kind, BlockKind::Heading(h) if h.level == 1))
            .count()
            > 1
}

/// The block flow for `doc`, set up as `options` ask, with the title (a title page when
/// `chapters`) already set.
fn block_flow<'s, 'f>(
    doc: &Document,
    options: &PdfOptions,
    design: Design,
    chapters: bool,
    shaper: &'s mut Shaper<'f>,
    pictures: &'s Pictures<'f>,
    highlights: &'f Highlights<'f>,
) -> BlockFlow<'s, 'f> {
    let lang = doc.meta.lang.as_deref().unwrap_or("en");
    let config = FlowConfig {
        line_numbers: options.line_numbers,
        protrusion: options.protrusion,
        expansion: options.expansion,
        ..FlowConfig::new(design, chapters)
    };
    let mut flow = BlockFlow::new(config, shaper, lang, &doc.source)
        .with_pictures(pictures)
        .with_highlights(highlights)
        .with_direction(crate::model::Flow::of_document(&doc.meta));
    flow.title(&doc.meta, chapters);
    if options.endnotes {
        flow.use_endnotes(&doc.footnotes);
    }
    flow
}

/// The warning that `count` page breaks had to leave a widow, an orphan or a heading at the
/// foot of a page.
fn broken_keeps_warning(file: &Path, count: usize) -> Diagnostic {
    Diagnostic::warning(file, format!("{count} page break(s) could not avoid a widow, an orphan or a heading at the foot of a page"))
        .with_help("a long unbreakable block (table row, code, figure) left no better place to break")
}

/// The warning for the characters no font has: the first few, each with where it first appears
/// (from `used`), in the file of the first block that has one (a book's chapter).
fn missing_characters(
    doc: &Document,
    used: &[(char, Span)],
    missing: &[(char, usize)],
    first_missing: Option<Span>,
) -> Diagnostic {
    // Each shown character with where it first appears in the manuscript.
    let shown: Vec<String> = missing
        .iter()
        .take(MISSING_SHOWN)
        .map(|&(c, _)| {
            let at = used.iter().find(|(u, _)| *u == c).map(|(_, span)| *span);
            match at.filter(|span| *span != Span::default()) {
                Some(span) => format!(
                    "{c} (U+{:04X}, first at {}:{})",
                    c as u32,
                    doc.source.file_of(span).display(),
                    span.line
                ),
                None => format!("{c} (U+{:04X})", c as u32),
            }
        })
        .collect();
    let shown = shown.join(", ");
    let more = missing.len().saturating_sub(MISSING_SHOWN);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let file = first_missing.map_or(doc.source.path.as_path(), |span| doc.source.file_of(span));
    let mut warning = Diagnostic::warning(
        file,
        format!(
            "no font on this machine has {} character(s), which print as blank boxes: {shown}{more}",
            missing.len()
        ),
    )
    .with_help("install fonts that have them, or give a folder of them with --font-dir: the fallback searches it, then the system's fonts (unless --no-system-fonts)");
    if let Some(span) = first_missing {
        warning = warning.with_span(span);
    }
    warning
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
        (typeset_text(&path, &bytes, options), options.design())
    }

    /// Reads a manuscript's `bytes` and typesets them with the bundled fonts.
    fn typeset_text(path: &Path, bytes: &[u8], options: &PdfOptions) -> Typeset {
        let doc = markdown::read(path, bytes, &ReadOptions::default(), &mut Vec::new()).unwrap();
        let used = characters::used(&doc);
        let formulas = Formulas::of(&doc);
        let (fonts, _, _) = load_fonts(&doc, options, &used, &formulas).unwrap();
        typeset(
            &doc,
            options,
            (&fonts, &formulas),
            &used,
            &Highlights::of(&doc),
        )
    }

    /// Typesets `text` on a pool of `threads` threads: with more than one, the flow takes its
    /// paragraphs' lines from those set ahead in parallel.
    fn typeset_on(threads: usize, text: &str) -> Typeset {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            typeset_text(
                Path::new("threads.md"),
                text.as_bytes(),
                &PdfOptions::default(),
            )
        })
    }

    #[test]
    fn paragraphs_set_ahead_give_the_pages_and_warnings_of_one_pass() {
        // Private-use characters no bundled face has, met first in a heading (set by the flow
        // itself), then in paragraphs set ahead, in a list and a quote, and again.
        let section = "# Title \u{E004}\n\nFirst \u{E000} and \u{E001}, with an overlong word: \
            Donaudampfschifffahrtsgesellschaftskapitänswitwenversicherungsverein.\n\n\
            Second.\n\n- item \u{E002}\n- item two\n\n> quoted \u{E001} \u{E003}\n\n\
            Last \u{E000}.\n";
        // Enough paragraphs to be set ahead.
        let text = section.repeat(50);
        let one = typeset_on(1, &text);
        let two = typeset_on(3, &text);
        let shown = |set: &Typeset| -> Vec<String> {
            set.warnings.iter().map(|w| format!("{w:?}")).collect()
        };
        assert_eq!(shown(&one), shown(&two));
        assert_eq!(
            format!("{:?}", one.laid.pages),
            format!("{:?}", two.laid.pages)
        );
        let missing = (one.warnings.iter())
            .map(|w| format!("{w:?}"))
            .find(|w| w.contains("no font"))
            .expect("a missing-character warning");
        let order: Vec<usize> = ["E004", "E000", "E001", "E002", "E003"]
            .iter()
            .map(|code| missing.find(code).expect(code))
            .collect();
        assert!(
            order.is_sorted(),
            "characters out of document order: {missing}"
        );
    }

    #[test]
    fn no_text_runs_past_the_text_block_but_by_its_hang() {
        // The widest hang: seven tenths of a full stop, half a quote, less than a quarter em.
        const LARGEST_HANG_EM: f32 = 0.25;
        for page in [PageSize::A4, PageSize::parse("5.5x8.5in").unwrap()] {
            for microtype in [true, false] {
                let options = PdfOptions {
                    page,
                    protrusion: microtype,
                    expansion: microtype,
                    ..PdfOptions::default()
                };
                let (set, design) = sample("river-of-light.md", &options);
                for (index, page) in set.laid.pages.iter().enumerate() {
                    let (left, right) = (design.left(index), design.left(index) + design.measure());
                    for item in &page.items {
                        if let layout::Placed::Text {
                            x,
                            size,
                            run,
                            scale,
                            ..
                        } = item
                        {
                            let end = x + run.width * size * scale;
                            let hang = if microtype {
                                size * LARGEST_HANG_EM
                            } else {
                                0.01
                            };
                            assert!(
                                *x >= left - hang && end <= right + hang,
                                "page {index}: {:?} spans {x}..{end}, block {left}..{right}",
                                run.text
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_line_end_hyphen_hangs_past_the_text_block_by_half_its_width() {
        let hyphen_ends = |protrusion: bool| -> Vec<f32> {
            let options = PdfOptions {
                page: PageSize::parse("5.5x8.5in").unwrap(),
                protrusion,
                ..PdfOptions::default()
            };
            let (set, design) = sample("river-of-light.md", &options);
            let mut past = Vec::new();
            for (index, page) in set.laid.pages.iter().enumerate() {
                let right = design.left(index) + design.measure();
                for item in &page.items {
                    if let layout::Placed::Text {
                        x,
                        size,
                        run,
                        scale,
                        ..
                    } = item
                        && run.text == "\u{ad}"
                    {
                        let width = run.width * size * scale;
                        // How far past the edge, as a share of the hyphen's width.
                        past.push((x + width - right) / width);
                    }
                }
            }
            past
        };
        let hanging = hyphen_ends(true);
        assert!(!hanging.is_empty(), "the sample must hyphenate");
        for share in hanging {
            assert!((share - 0.5).abs() < 0.01, "{share}");
        }
        for share in hyphen_ends(false) {
            assert!(share.abs() < 0.01, "{share}");
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
