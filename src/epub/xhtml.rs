//! Our XHTML writer: every page of the book (chapters, title page, cover) as well-formed XHTML 5,
//! whatever the manuscript holds.
//!
//! All text and attribute values go through [`push_escaped`] (see `escape`), and every id goes through [`xml_id`], so
//! no manuscript can break a page. The [`Renderer`] walks the model ([`block`], [`inline`],
//! [`notes`]); it runs twice over the body: first to take each block's [`Footprint`] (size, ids,
//! notes) so the body can be split, then, once [`Places`] says which file holds every id and note,
//! to write the pages. It never decides how the body is split and never touches the archive.

mod block;
mod inline;
mod locale;
mod notes;
mod pagebreaks;

pub(super) use locale::Around;
pub(super) use pagebreaks::{Origin, PageBreaks, mark_id};

use super::escape::{allowed_char, push_escaped};
use super::highlight::Highlighter;
use super::images::ImageStore;
use super::names::{chapter_file, hex_digest};
use crate::highlight::Highlights;
use crate::math::Formulas;
use crate::model::{Block, Direction, Flow, Footnote, Inline, Locale, Metadata, Span, Table};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Ids the writer makes up start with this; manuscript ids that do too are renamed (see
/// [`xml_id`]) so the two can never clash.
pub(super) const GENERATED_ID_PREFIX: &str = "folio-";

/// Bytes of hash in a renamed id: 48 bits, no clash among the ids of any real book.
const RENAMED_ID_HASH_BYTES: usize = 6;

/// The id to write for a manuscript id: itself when it is a valid XML name (EPUBCheck requires
/// that) and cannot clash with generated ids, otherwise a stable name derived from it.
pub(super) fn xml_id(id: &str) -> Cow<'_, str> {
    let mut chars = id.chars();
    let valid = chars.next().is_some_and(name_start_char)
        && chars.all(|c| name_start_char(c) || name_char(c));
    if valid && !id.starts_with(GENERATED_ID_PREFIX) {
        Cow::Borrowed(id)
    } else {
        Cow::Owned(format!(
            "{GENERATED_ID_PREFIX}id-{}",
            hex_digest(id.as_bytes(), RENAMED_ID_HASH_BYTES)
        ))
    }
}

/// XML 1.0 (5th edition) NameStartChar, without `:` (ids are NCNames).
fn name_start_char(c: char) -> bool {
    c.is_ascii_alphabetic()
        || c == '_'
        || matches!(c as u32, 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2FF | 0x370..=0x37D
            | 0x37F..=0x1FFF | 0x200C..=0x200D | 0x2070..=0x218F | 0x2C00..=0x2FEF
            | 0x3001..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFFD | 0x10000..=0xEFFFF)
            && allowed_char(c)
}

/// The characters XML 1.0 allows after the first one of a name.
fn name_char(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(c, '-' | '.' | '\u{B7}')
        || matches!(c as u32, 0x300..=0x36F | 0x203F..=0x2040)
}

/// What every page shares: the `<html>` element's language and direction.
pub(super) struct Frame {
    pub lang: String,
    pub dir: &'static str,
}

impl Frame {
    pub(super) fn new(lang: &str, direction: Direction) -> Self {
        let dir = match direction {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        };
        Frame {
            lang: lang.to_string(),
            dir,
        }
    }

    /// Starts a page: declaration, `<html>` with language and direction, `<head>` with `title`
    /// and the stylesheet, and `<body>` (with `body_class`, if any).
    pub(super) fn open(&self, out: &mut String, title: &str, body_class: Option<&str>) {
        out.push_str(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
             <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"",
        );
        push_escaped(out, &self.lang);
        out.push_str("\" xml:lang=\"");
        push_escaped(out, &self.lang);
        out.push_str("\" dir=\"");
        out.push_str(self.dir);
        out.push_str("\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
        push_escaped(out, title.trim());
        out.push_str(
            "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body",
        );
        if let Some(class) = body_class {
            out.push_str(" class=\"");
            push_escaped(out, class);
            out.push('"');
        }
        out.push_str(">\n");
    }

    pub(super) fn close(out: &mut String) {
        out.push_str("</body>\n</html>\n");
    }
}

/// The title, subtitle, authors, date and publisher, printed once: on the title page of a book,
/// or at the top of an article.
pub(super) fn title_block(out: &mut String, title: &str, meta: &Metadata) {
    out.push_str("<header class=\"title-block\"");
    // A title in another direction than the page's (a Dari title on an English book) says so.
    let page = Flow::of_document(meta);
    let own = page.text(&Locale::default(), &[Inline::text(title, Span::default())]);
    if own.direction != page.direction {
        out.push_str(match own.direction {
            Direction::Ltr => " dir=\"ltr\"",
            Direction::Rtl => " dir=\"rtl\"",
        });
    }
    out.push_str(">\n<h1 class=\"title\">");
    push_escaped(out, title);
    out.push_str("</h1>\n");
    let lines = meta
        .subtitle
        .iter()
        .map(|s| ("subtitle", s))
        .chain(meta.authors.iter().map(|a| ("author", a)))
        .chain(meta.date.iter().map(|d| ("date", d)))
        .chain(meta.publisher.iter().map(|p| ("publisher", p)));
    for (class, text) in lines {
        out.push_str("<p class=\"");
        out.push_str(class);
        out.push_str("\">");
        push_escaped(out, text);
        out.push_str("</p>\n");
    }
    out.push_str("</header>\n");
}

/// A whole page holding only the title block.
pub(super) fn title_page(frame: &Frame, title: &str, meta: &Metadata) -> String {
    let mut out = String::new();
    frame.open(&mut out, title, Some("titlepage"));
    title_block(&mut out, title, meta);
    Frame::close(&mut out);
    out
}

/// The cover page: the cover image alone, described by the title.
pub(super) fn cover_page(frame: &Frame, image_href: &str, title: &str) -> String {
    let mut out = String::new();
    frame.open(&mut out, title, Some("cover"));
    out.push_str("<div class=\"cover\"><img role=\"doc-cover\" src=\"");
    push_escaped(&mut out, image_href);
    out.push_str("\" alt=\"");
    push_escaped(&mut out, title);
    out.push_str("\"/></div>\n");
    Frame::close(&mut out);
    out
}

/// What rendering one block (or note) revealed: its size in bytes and the ids and notes in it, so
/// the body can be split and every link pointed at the right file.
#[derive(Debug, Default, Clone)]
pub(super) struct Footprint {
    pub bytes: usize,
    /// Manuscript ids of headings, in order.
    pub headings: Vec<String>,
    /// Manuscript ids of anchors, in order.
    pub anchors: Vec<String>,
    /// Numbers of the footnotes referenced, in order (repeats included).
    pub notes: Vec<u32>,
}

/// What a part renders: a block of the document, a part of one the body's split divided (a copy,
/// with the block it comes from, so its page marks are found), or a run of a divided table's
/// body rows under its header. The rows are borrowed from the document: a huge table is most of
/// the model, and copying it into pieces doubled what the EPUB held beside the PDF.
pub(super) enum Piece<'a> {
    Block(&'a Block),
    Part(Box<Block>, Origin<'a>),
    /// The table's block, the table, and the body rows.
    Rows(&'a Block, &'a Table, Range<usize>),
}

impl Piece<'_> {
    /// The block, when the piece is one.
    pub(super) fn block(&self) -> Option<&Block> {
        match self {
            Piece::Block(block) => Some(block),
            Piece::Part(block, _) => Some(block),
            Piece::Rows(..) => None,
        }
    }
}

/// Which chapter file (an index) holds each manuscript id and each footnote.
#[derive(Debug, Default)]
pub(super) struct Places {
    pub ids: HashMap<String, usize>,
    pub notes: HashMap<u32, usize>,
}

/// Walks the model writing XHTML. While [`Places`] are unknown it only takes footprints, writing
/// every internal link as if it crossed files (the longest form), so sizes are upper bounds.
pub(super) struct Renderer<'a> {
    pub images: ImageStore<'a>,
    highlighter: Highlighter<'a>,
    places: Option<Places>,
    /// The chapter file being written.
    file: usize,
    /// Ids already on the current page (headings first), so no anchor repeats one.
    page_ids: HashSet<String>,
    /// How often each note has been referenced so far, for unique reference ids.
    note_refs: HashMap<u32, u32>,
    /// Inside `<a>`: links and note references must not nest.
    in_link: bool,
    footprint: Footprint,
    /// The direction and language around the element being written.
    around: Around,
    /// Where the pages of a paginated edition begin, and the marks placed so far.
    pub breaks: PageBreaks,
    /// The marks still to place in the text of the block being written.
    pending: pagebreaks::Pending,
    /// The document's formulas as MathML.
    pub formulas: Formulas,
}

impl<'a> Renderer<'a> {
    /// A renderer for a book whose pages have the direction and language `around`.
    pub(super) fn new(
        images: ImageStore<'a>,
        around: Around,
        highlights: &'a Highlights<'a>,
        breaks: PageBreaks,
    ) -> Self {
        Renderer {
            breaks,
            pending: Default::default(),
            around,
            images,
            highlighter: Highlighter::new(highlights),
            places: None,
            file: 0,
            page_ids: HashSet::new(),
            note_refs: HashMap::new(),
            in_link: false,
            footprint: Footprint::default(),
            formulas: Formulas::default(),
        }
    }

    pub(super) fn piece_footprint(&mut self, piece: &Piece) -> Footprint {
        self.footprint_of(|r, out| r.piece(out, piece))
    }

    pub(super) fn note_footprint(&mut self, note: &Footnote) -> Footprint {
        self.footprint_of(|r, out| r.aside(out, note))
    }

    fn footprint_of(&mut self, render: impl FnOnce(&mut Self, &mut String)) -> Footprint {
        let mut out = String::new();
        self.page_ids.clear();
        self.footprint = Footprint::default();
        render(self, &mut out);
        let mut footprint = std::mem::take(&mut self.footprint);
        footprint.bytes = out.len();
        footprint
    }

    /// Ends the measuring pass: from now on links point where `places` says.
    pub(super) fn locate(&mut self, places: Places) {
        self.places = Some(places);
        self.note_refs.clear();
    }

    /// One chapter file: the title block (for an article's first file), the blocks, then the
    /// notes first referenced here. `heading_ids` are the ids of every heading on the page.
    pub(super) fn chapter(&mut self, page: ChapterPage<'_>) -> String {
        self.file = page.file;
        self.page_ids = page.heading_ids.into_iter().collect();
        let mut out = String::new();
        page.frame.open(&mut out, page.title, None);
        if let Some(meta) = page.title_block {
            title_block(&mut out, page.book_title, meta);
        }
        for piece in page.blocks {
            self.piece(&mut out, piece);
        }
        self.notes_section(&mut out, &page.notes);
        Frame::close(&mut out);
        out
    }

    /// The href for a link to manuscript id `id`, or `None` when no file holds it.
    fn href_to(&self, id: &str) -> Option<String> {
        let file = match &self.places {
            Some(places) => Some(*places.ids.get(id)?),
            None => None,
        };
        Some(self.href(file, &xml_id(id)))
    }

    /// `#fragment` on the current page, `chapter-NNN.xhtml#fragment` in another file. While
    /// measuring (`file` unknown) always the longer form; every index gives a name as long.
    fn href(&self, file: Option<usize>, fragment: &str) -> String {
        match file {
            Some(file) if file == self.file => format!("#{fragment}"),
            file => format!("{}#{fragment}", chapter_file(file.unwrap_or(0))),
        }
    }
}

/// Everything [`Renderer::chapter`] needs for one file.
pub(super) struct ChapterPage<'p> {
    pub frame: &'p Frame,
    pub file: usize,
    /// The page's `<title>`.
    pub title: &'p str,
    pub book_title: &'p str,
    /// The metadata, when the page starts with the title block.
    pub title_block: Option<&'p Metadata>,
    pub blocks: Vec<&'p Piece<'p>>,
    pub notes: Vec<&'p Footnote>,
    pub heading_ids: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_valid_xml_names() {
        assert_eq!(xml_id("intro"), "intro");
        assert_eq!(xml_id("душанбе-и-кабул"), "душанбе-и-кабул");
        for bad in ["1st", "a b", "x:y", "folio-fn-1", "", "a\u{0}"] {
            let id = xml_id(bad);
            assert!(id.starts_with("folio-id-"), "{bad} → {id}");
        }
        assert_ne!(xml_id("1st"), xml_id("2nd"));
    }
}
