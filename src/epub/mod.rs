//! The EPUB 3 backend: one [`Document`] in, one EPUB 3 book out, which EPUB 2 reading systems
//! can open as well (it carries an NCX and a guide). It knows XHTML, the OPF package, the
//! navigation documents and zip; it never sees Markdown, prints or touches the clock.
//!
//! Stages, one file each: [`split`] cuts the body into chapter files small enough for every
//! reading system, from sizes the [`xhtml`] renderer measures; [`xhtml`] then writes the pages,
//! with [`highlight`] colouring code and [`images`] collecting the pictures; [`nav`] writes the
//! table of contents; [`metadata`] fills the package metadata, accessibility included; [`css`]
//! generates the stylesheet from the book's style (the PDF's);
//! epub-builder assembles the package, and [`archive`] repacks it reproducibly. The same
//! document and options always give byte-identical output.

mod archive;
mod css;
mod escape;
mod fonts;
mod highlight;
mod images;
mod metadata;
mod names;
mod nav;
mod shrink;
mod split;
mod xhtml;

pub use split::MAX_FILE_BYTES;

use crate::diagnostics::Diagnostic;
use crate::highlight::Highlights;
use crate::model::{Document, Flow, PageStarts, plain_text};
use crate::style::Style;
use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};
use names::chapter_file;
use std::path::PathBuf;
use xhtml::{ChapterPage, Frame, PageBreaks, Renderer, mark_id};

/// Numbered equations only: their number at the end of the line (the stylesheet of a book
/// without them stays as it was).
const EQUATION_STYLE: &str = ".equation-number { float: right; }\n";

/// The files of epub-builder's package that are written again: the navigation documents, and
/// the package document completed.
const NAV: &str = "OEBPS/nav.xhtml";
const NCX: &str = "OEBPS/toc.ncx";
const OPF: &str = "OEBPS/content.opf";
const REWRITTEN: [&str; 3] = [NAV, NCX, OPF];

/// The media type of the embedded TrueType faces (a core media type of EPUB 3.3).
const FONT_MEDIA_TYPE: &str = "font/ttf";

/// Heading levels the table of contents shows by default: chapters, sections and subsections;
/// deeper levels crowd a reading system's contents screen.
pub const DEFAULT_TOC_DEPTH: u8 = 3;

/// How to write the book.
#[derive(Debug, Clone, PartialEq)]
pub struct EpubOptions {
    /// Heading levels in the table of contents, counted from the body's top level (an article's
    /// level-2 sections are its first level). Deeper headings still get ids.
    pub toc_depth: u8,
    /// Also put the table of contents in the reading order, as a page after the title page.
    pub inline_toc: bool,
    /// Embed the faces the text needs beyond Latin, Greek and Cyrillic (see [`fonts`]).
    pub embed_fonts: bool,
    /// `dcterms:modified` and the archive's timestamps, as Unix seconds (from
    /// `SOURCE_DATE_EPOCH`); without it, the manuscript's date or 2000-01-01 (never the clock).
    pub modified: Option<i64>,
    /// The style the stylesheet is generated from (the PDF's, see `PdfOptions::style`).
    pub style: Style,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            toc_depth: DEFAULT_TOC_DEPTH,
            inline_toc: false,
            embed_fonts: true,
            modified: None,
            style: Style::classic(),
        }
    }
}

/// A written book.
#[derive(Debug)]
pub struct Epub {
    /// The `.epub` file.
    pub bytes: Vec<u8>,
    /// What had to be left out or changed (an image unreadable now, a date not understood).
    pub warnings: Vec<Diagnostic>,
}

/// Why no book could be written. `file` is the manuscript; the message leaves it to the caller,
/// which reports it as the diagnostic's file.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    #[error("epub-builder could not assemble the book: {why}")]
    Assemble { file: PathBuf, why: String },
    #[error("could not pack the EPUB archive: {why}")]
    Archive { file: PathBuf, why: String },
}

/// The spine entry that makes nav.xhtml a (non-linear) part of the book, since the `toc`
/// landmark points into it and landmarks may only point into the spine.
const NAV_ITEMREF: &str = "  <itemref idref=\"nav\" linear=\"no\"/>\n  ";

/// A page of the book in reading order.
struct Page {
    file: String,
    xhtml: String,
    /// Its landmark, with the label epub-builder puts in the guide.
    reftype: Option<(ReferenceType, &'static str)>,
}

/// What every stage of one write shares.
struct Book<'a> {
    doc: &'a Document,
    options: &'a EpubOptions,
    info: metadata::BookInfo,
    frame: Frame,
}

/// Writes `doc` as an EPUB 3 book.
pub fn write(doc: &Document, options: &EpubOptions) -> Result<Epub, EpubError> {
    write_highlighted(doc, options, &Highlights::of(doc))
}

/// [`write`], with the listings' scopes taken from `highlights` (shared with the PDF).
pub fn write_highlighted(
    doc: &Document,
    options: &EpubOptions,
    highlights: &Highlights,
) -> Result<Epub, EpubError> {
    write_book(doc, options, highlights, None)
}

/// [`write_highlighted`], marking where each page of a paginated edition begins (`pages`) and
/// listing those pages in the navigation documents' page-lists.
pub fn write_paged(
    doc: &Document,
    options: &EpubOptions,
    highlights: &Highlights,
    pages: &PageStarts,
) -> Result<Epub, EpubError> {
    write_book(doc, options, highlights, Some(pages))
}

fn write_book(
    doc: &Document,
    options: &EpubOptions,
    highlights: &Highlights,
    starts: Option<&PageStarts>,
) -> Result<Epub, EpubError> {
    let mut warnings = Vec::new();
    let info = metadata::BookInfo::new(doc, options.modified, &mut warnings);
    let frame = Frame::new(&info.lang, doc.meta.direction());
    let book = Book {
        doc,
        options,
        info,
        frame,
    };
    let around = xhtml::Around {
        flow: Flow::of_document(&doc.meta),
        lang: book.info.lang.clone(),
    };
    let mut renderer = Renderer::new(
        images::ImageStore::new(
            &doc.source.base_dir,
            &doc.source.path,
            doc.source.allow_outside_paths,
        ),
        around,
        highlights,
        starts.map_or_else(PageBreaks::default, |starts| {
            PageBreaks::new(&doc.blocks, starts)
        }),
    );
    renderer.formulas = crate::math::Formulas::of(doc);
    let notes = split::Notes::new(&doc.footnotes, |note| renderer.note_footprint(note));
    let chapters = split::split(&doc.blocks, &notes, &mut |block| {
        renderer.piece_footprint(block)
    });
    let placement = split::place(&chapters, &notes);
    renderer.locate(placement.places);
    let entries = toc_entries(&chapters, &book.info.title, options.toc_depth);
    let pages = book.pages(&mut renderer, &chapters, placement.files, &entries);
    let page_list: Vec<nav::PageTarget> = (renderer.breaks.placed.iter())
        .map(|&(page, file)| {
            let label = renderer.breaks.label(page).to_string();
            nav::PageTarget {
                href: format!("{}#{}", chapter_file(file), mark_id(&label)),
                label,
            }
        })
        .collect();

    let (assets, cover, image_facts, image_warnings) = renderer.images.finish();
    warnings.extend(image_warnings);
    let generated = book
        .assemble(&assets, cover, &pages)
        .map_err(|why| EpubError::Assemble {
            file: doc.source.path.clone(),
            why: why.to_string(),
        })?;
    let nav = nav::nav_document(
        &book.frame,
        &entries,
        &landmarks(&pages, options.inline_toc),
        &page_list,
    );
    let ncx = nav::ncx(
        &entries,
        &page_list,
        &book.info.uid,
        &book.info.title,
        &book.frame,
    );
    // The edition the marks come from, when there are any.
    let page_source = starts
        .filter(|_| !page_list.is_empty())
        .map(|starts| starts.source.as_str());
    // Indented to sit among epub-builder's elements, before its `</metadata>`.
    let metadata = format!(
        "  {}\n  ",
        metadata::extra_elements(doc, &book.info, image_facts, page_source).join("\n    ")
    );
    let bytes = book.repack(&generated, &nav, &ncx, &metadata, &pages)?;
    Ok(Epub { bytes, warnings })
}

/// Adds the `mathml` property to the manifest item of every page with MathML (EPUB 3.3 requires
/// it; epub-builder cannot write it).
fn mathml_properties(opf: Vec<u8>, pages: &[Page]) -> Result<Vec<u8>, String> {
    let mut opf = opf;
    for page in pages.iter().filter(|p| p.xhtml.contains("<math ")) {
        let item = format!(" href=\"{}\"", page.file);
        opf = insert_before(opf, &format!("{item}/>"), " properties=\"mathml\"")?;
    }
    Ok(opf)
}

impl Book<'_> {
    /// epub-builder's archive made reproducible, with the navigation documents and the
    /// package document (its language, direction and `extra` metadata, the nav in the spine
    /// unless it is a page of the reading order, the `mathml` property on the pages with math)
    /// written again.
    fn repack(
        &self,
        generated: &[u8],
        nav: &str,
        ncx: &str,
        metadata: &str,
        pages: &[Page],
    ) -> Result<Vec<u8>, EpubError> {
        let rewrite = |name: &str, bytes: Vec<u8>| match name {
            NAV => Ok(nav.as_bytes().to_vec()),
            NCX => Ok(ncx.as_bytes().to_vec()),
            OPF => {
                // The package's own language and direction (Ace requires `xml:lang` there).
                let package = format!(
                    " xml:lang=\"{}\" dir=\"{}\"",
                    self.frame.lang, self.frame.dir
                );
                let opf = insert_before(bytes, " unique-identifier=", &package)?;
                let opf = insert_before(opf, "</metadata>", metadata)?;
                let opf = mathml_properties(opf, pages)?;
                if self.options.inline_toc {
                    Ok(opf)
                } else {
                    insert_before(opf, "</spine>", NAV_ITEMREF)
                }
            }
            _ => Ok(bytes),
        };
        archive::repack(generated, self.options.modified, &REWRITTEN, rewrite).map_err(|why| {
            EpubError::Archive {
                file: self.doc.source.path.clone(),
                why,
            }
        })
    }

    /// Every page in reading order: cover, title page (a book's; an article opens with its title
    /// block instead), inline contents, then the chapters.
    fn pages(
        &self,
        renderer: &mut Renderer,
        chapters: &[split::Chapter],
        files: Vec<split::FilePlan>,
        entries: &[nav::Entry],
    ) -> Vec<Page> {
        let (doc, title) = (self.doc, self.info.title.as_str());
        let mut pages = Vec::new();
        let cover = doc.meta.cover_image.as_ref();
        if let Some(href) = cover.and_then(|cover| renderer.images.cover(cover)) {
            pages.push(Page {
                file: "cover.xhtml".into(),
                xhtml: xhtml::cover_page(&self.frame, &href, title),
                reftype: Some((ReferenceType::Cover, "Cover")),
            });
        }
        let has_title_page = split::has_chapters(&doc.blocks);
        if has_title_page {
            pages.push(Page {
                file: "title.xhtml".into(),
                xhtml: xhtml::title_page(&self.frame, title, &doc.meta),
                reftype: Some((ReferenceType::TitlePage, "Title Page")),
            });
        }
        if self.options.inline_toc {
            pages.push(Page {
                file: "toc.xhtml".into(),
                xhtml: nav::inline_page(&self.frame, entries),
                reftype: Some((ReferenceType::Toc, nav::CONTENTS_TITLE)),
            });
        }
        // A file's `<title>` is its chapter's in a book (the level-1 heading it or an earlier
        // file opened with, when a chapter is cut into several files), else the book's: never a
        // section's.
        let mut chapter_title: Option<String> = None;
        for (file, (chapter, plan)) in chapters.iter().zip(files).enumerate() {
            let opened = chapter
                .headings()
                .find(|h| has_title_page && h.level == 1)
                .map(|h| plain_text(&h.content))
                .filter(|t| !t.trim().is_empty());
            if opened.is_some() {
                chapter_title = opened;
            }
            let page_title = chapter_title.clone().unwrap_or_else(|| title.to_string());
            let xhtml = renderer.chapter(ChapterPage {
                frame: &self.frame,
                file,
                title: &page_title,
                book_title: title,
                title_block: (!has_title_page && file == 0).then_some(&doc.meta),
                blocks: chapter.parts.iter().map(|p| &p.block).collect(),
                notes: plan.notes.iter().map(|&i| &doc.footnotes[i]).collect(),
                heading_ids: plan.heading_ids,
            });
            pages.push(Page {
                file: chapter_file(file),
                xhtml,
                reftype: (file == 0).then_some((ReferenceType::Text, "Start")),
            });
        }
        pages
    }

    /// The package as epub-builder writes it: metadata, stylesheet, images (`cover` is the
    /// index of the cover among them) and pages.
    fn assemble(
        &self,
        assets: &[images::Asset],
        cover: Option<usize>,
        pages: &[Page],
    ) -> epub_builder::Result<Vec<u8>> {
        let mut builder = EpubBuilder::new(ZipLibrary::new()?)?;
        builder.epub_version(EpubVersion::V30);
        metadata::apply(&mut builder, self.doc, &self.info)?;
        let (faces, used) = match self.options.embed_fonts {
            true => fonts::needed(self.doc),
            false => Default::default(),
        };
        let mut stylesheet =
            css::stylesheet(&self.options.style) + &fonts::stylesheet_rules(&faces);
        if pages.iter().any(|p| p.xhtml.contains("equation-number")) {
            stylesheet.push_str(EQUATION_STYLE);
        }
        builder.stylesheet(stylesheet.as_bytes())?;
        for face in faces {
            let bytes = fonts::subset(face, &used);
            builder.add_resource(fonts::href(face), bytes.as_slice(), FONT_MEDIA_TYPE)?;
        }
        for (i, asset) in assets.iter().enumerate() {
            let bytes = asset.bytes.as_slice();
            if Some(i) == cover {
                builder.add_cover_image(&asset.href, bytes, asset.media_type)?;
            } else {
                builder.add_resource(&asset.href, bytes, asset.media_type)?;
            }
        }
        for page in pages {
            let mut content = EpubContent::new(page.file.as_str(), page.xhtml.as_bytes());
            if let Some((reftype, label)) = page.reftype {
                content = content.reftype(reftype).title(label);
            }
            builder.add_content(content)?;
        }
        let mut generated = Vec::new();
        builder.generate(&mut generated)?;
        Ok(generated)
    }
}

/// The table of contents from the chapters' top-level headings; a body without headings gets one
/// entry, the title, so the contents are never empty.
fn toc_entries(chapters: &[split::Chapter], title: &str, depth: u8) -> Vec<nav::Entry> {
    let headings = chapters
        .iter()
        .enumerate()
        .flat_map(|(file, chapter)| {
            chapter.headings().map(move |heading| nav::TocHeading {
                level: heading.level,
                href: format!("{}#{}", chapter_file(file), xhtml::xml_id(&heading.id)),
                label: plain_text(&heading.content),
            })
        })
        .collect();
    let entries = nav::tree(headings, depth);
    if entries.is_empty() {
        return vec![nav::Entry {
            href: chapter_file(0),
            label: title.to_string(),
            children: Vec::new(),
        }];
    }
    entries
}

/// Landmarks: the cover (if any), the contents and the start of the body.
fn landmarks(pages: &[Page], inline_toc: bool) -> Vec<nav::Landmark> {
    let find = |wanted: ReferenceType| {
        pages
            .iter()
            .find(|p| p.reftype.is_some_and(|(r, _)| r == wanted))
            .map(|p| p.file.clone())
    };
    let mut landmarks = Vec::new();
    if let Some(href) = find(ReferenceType::Cover) {
        landmarks.push(nav::Landmark {
            kind: "cover",
            href,
            label: "Cover",
        });
    }
    landmarks.push(nav::Landmark {
        kind: "toc",
        href: if inline_toc {
            "toc.xhtml".into()
        } else {
            "nav.xhtml#toc".into()
        },
        label: nav::CONTENTS_TITLE,
    });
    if let Some(href) = find(ReferenceType::Text) {
        landmarks.push(nav::Landmark {
            kind: "bodymatter",
            href,
            label: "Start",
        });
    }
    landmarks
}

/// `text` with `insertion` placed before the first `marker`.
fn insert_before(text: Vec<u8>, marker: &str, insertion: &str) -> Result<Vec<u8>, String> {
    let text = String::from_utf8(text).map_err(|_| "content.opf is not UTF-8".to_string())?;
    let at = text
        .find(marker)
        .ok_or_else(|| format!("content.opf has no `{marker}`"))?;
    Ok([&text[..at], insertion, &text[at..]].concat().into_bytes())
}
