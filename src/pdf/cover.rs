//! A paperback's cover as print-on-demand printers take it: one sheet with the back, the spine
//! and the front side by side, seen from outside (back on the left), with a bleed all round.
//!
//! Its size follows Amazon KDP's paperback formula:
//!
//! ```text
//! spine  = pages × paper thickness       (white paper: 0.002252 in a page, 444 pages an inch)
//! width  = bleed + trim width + spine + trim width + bleed
//! height = bleed + trim height + bleed   (bleed 0.125 in)
//! ```
//!
//! The page count is the interior's, typeset here unless given; an odd count is rounded up, as
//! the last leaf has two sides. The spine carries the title and the authors, turned to read
//! from top to bottom (letters' tops towards the front), only when it is at least 0.25 in wide:
//! printers refuse spine text on thinner books. The front is the front matter's cover image,
//! scaled to fill the front panel and its bleed and cut to it, else the title, subtitle and
//! authors set in the book's fonts; the back carries the description. A driver like the
//! backend's entry, it uses every stage.

use super::fonts::{Family, FontSet, Style};
use super::layout::{Page, PagedDocument, Placed};
use super::pictures::Pictures;
use super::text::{Ink, RTL, Shaper};
use super::write::{Sheet, write_pdf};
use super::{PdfError, PdfOptions, load_fonts, pdf_meta, typeset};
use crate::diagnostics::Diagnostic;
use crate::highlight::Highlights;
use crate::math::Formulas;
use crate::model::{Direction, Document, characters};
use crate::resources;
use crate::style::print::{
    BLURB_SIZE, COVER_LEADING, COVER_TITLE_SIZE, PANEL_MARGIN, SPINE_END_MARGIN, SPINE_FOLD_MARGIN,
    SPINE_SIZE_MAX, SPINE_SIZE_MIN, SPINE_TEXT_MIN, X_MIDDLE,
};
use crate::style::{PT_PER_IN, PageSize};
use std::collections::BTreeMap;

/// How thick the interior's paper is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Paper {
    /// Pages per inch of spine, as paper merchants quote it (KDP white paper: 444).
    PagesPerInch(u32),
    /// The thickness of one sheet (a leaf: two pages), in pt.
    Caliper(f32),
}

impl Paper {
    /// KDP's white paper, 0.002252 in a page.
    pub const WHITE: Paper = Paper::PagesPerInch(444);

    /// The spine of a book of `pages` pages, in pt.
    pub fn spine(self, pages: usize) -> f32 {
        let pages = pages.next_multiple_of(2) as f32;
        match self {
            Paper::PagesPerInch(ppi) => pages / ppi as f32 * PT_PER_IN,
            Paper::Caliper(sheet) => pages / 2.0 * sheet,
        }
    }
}

/// The cover's sheet, in pt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoverSize {
    /// The interior's page: each of the back and the front.
    pub trim: PageSize,
    pub spine: f32,
    pub bleed: f32,
    /// The interior's pages, as counted for the spine.
    pub pages: usize,
}

impl CoverSize {
    pub fn new(trim: PageSize, pages: usize, paper: Paper, bleed: f32) -> CoverSize {
        CoverSize {
            trim,
            spine: paper.spine(pages),
            bleed,
            pages: pages.next_multiple_of(2),
        }
    }

    /// Back, spine and front, without the bleed: the cover's TrimBox.
    pub fn trim_width(&self) -> f32 {
        2.0 * self.trim.width + self.spine
    }

    /// With the bleed: what the printer's template measures.
    pub fn width(&self) -> f32 {
        self.trim_width() + 2.0 * self.bleed
    }

    pub fn height(&self) -> f32 {
        self.trim.height + 2.0 * self.bleed
    }

    /// Wide enough for text.
    pub fn spine_text(&self) -> bool {
        self.spine >= SPINE_TEXT_MIN
    }
}

/// How to make the cover.
#[derive(Debug, Clone)]
pub struct CoverOptions {
    /// The interior as it is built: its page is the cover's trim, its fonts the cover's, and
    /// it is typeset to count the pages unless `pages` is given. Its crop marks go on the cover.
    pub interior: PdfOptions,
    pub pages: Option<usize>,
    pub paper: Paper,
    pub bleed: f32,
}

/// A written cover.
#[derive(Debug)]
pub struct Cover {
    pub bytes: Vec<u8>,
    pub size: CoverSize,
    pub warnings: Vec<Diagnostic>,
}

/// Sets `doc`'s cover. The PDF is not tagged: it goes to a printer, never to a reader.
pub fn write_cover(doc: &Document, options: &CoverOptions) -> Result<Cover, PdfError> {
    let interior = &options.interior;
    let used = characters::used(doc);
    let formulas = Formulas::of(doc);
    let (fonts, mut warnings, _) = load_fonts(doc, interior, &used, &formulas)?;
    let pages = match options.pages {
        Some(pages) => pages,
        None => typeset(
            doc,
            interior,
            (&fonts, &formulas),
            &used,
            &Highlights::of(doc),
        )
        .laid
        .pages
        .len(),
    };
    let size = CoverSize::new(interior.page, pages, options.paper, options.bleed);
    let mut setter = Setter::new(&fonts, doc);
    // Seen from outside, a book bound on the left (left-to-right scripts) has its front on the
    // right; one bound on the right has it on the left.
    let (w, h, b) = (size.trim.width, size.trim.height, size.bleed);
    let far = w + size.spine;
    let (back_left, front_left) = if setter.rtl { (far, 0.0) } else { (0.0, far) };
    // The front panel with the bleed on its three open sides.
    let front_panel = if setter.rtl {
        [-b, -b, w, h + b]
    } else {
        [far, -b, far + w + b, h + b]
    };
    match front_picture(doc, &fonts, front_panel, &mut warnings) {
        Some(items) => setter.items.extend(items),
        None => setter.front(doc, front_left, &size),
    }
    if let Some(blurb) = &doc.meta.description {
        setter.back(blurb, back_left, &size);
    }
    if size.spine_text() {
        setter.spine(doc, &size);
    }
    let laid = PagedDocument {
        pages: vec![Page {
            width: size.trim_width(),
            height: size.trim.height,
            items: setter.items,
            marks: Vec::new(),
            links: Vec::new(),
            start: None,
        }],
        destinations: BTreeMap::new(),
        outline: Vec::new(),
        first_body_page: 0,
    };
    let sheet = Sheet {
        bleed: size.bleed,
        crop_marks: interior.crop_marks,
        bound: None,
    };
    let bytes = write_pdf(laid, &fonts, &pdf_meta(doc, interior), None, &sheet)?;
    Ok(Cover {
        bytes,
        size,
        warnings,
    })
}

/// The cover image over `panel` (the front and its bleed), scaled to fill it and cut to it;
/// `None` (with a warning when one was named) when there is none to draw.
fn front_picture(
    doc: &Document,
    fonts: &FontSet,
    panel: [f32; 4],
    warnings: &mut Vec<Diagnostic>,
) -> Option<Vec<Placed>> {
    let cover = doc.meta.cover_image.as_ref()?;
    let [left, bottom, right, top] = panel;
    let (width, height) = (right - left, top - bottom);
    let loaded = if resources::is_remote(&cover.path) {
        Err("is remote".to_string())
    } else {
        // Shrunk to 300 dpi across the larger of the panel's sides: enough however it is cut.
        Pictures::new(
            &doc.source.base_dir,
            doc.source.allow_outside_paths,
            fonts,
            width.max(height),
        )
        .load(&cover.path)
    };
    let picture = match loaded {
        Ok(picture) => picture,
        Err(why) => {
            warnings.push(
                Diagnostic::warning(
                    doc.source.file_of(cover.span),
                    format!("cover image `{}` {why}", cover.path),
                )
                .with_span(cover.span)
                .with_help("the front shows the title and authors instead"),
            );
            return None;
        }
    };
    let scale = (width / picture.width).max(height / picture.height);
    let (drawn_width, drawn_height) = (picture.width * scale, picture.height * scale);
    Some(vec![
        Placed::Group {
            clip: Some(panel),
            matrix: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        },
        Placed::Image {
            x: left + (width - drawn_width) / 2.0,
            y: bottom + (height - drawn_height) / 2.0,
            width: drawn_width,
            height: drawn_height,
            picture,
            alt: Box::default(),
        },
        Placed::EndGroup,
    ])
}

/// Sets the cover's lines of text.
struct Setter<'f> {
    shaper: Shaper<'f>,
    items: Vec<Placed>,
    /// The book reads right to left: its back's lines range right.
    rtl: bool,
}

const BOLD: Style = Style {
    family: Family::Serif,
    bold: true,
    italic: false,
};
const ITALIC: Style = Style {
    family: Family::Serif,
    bold: false,
    italic: true,
};

impl<'f> Setter<'f> {
    fn new(fonts: &'f FontSet, doc: &Document) -> Self {
        let mut shaper = Shaper::new(fonts, doc.meta.lang.as_deref().unwrap_or("en"));
        let rtl = doc.meta.direction() == Direction::Rtl;
        if rtl {
            shaper.set_direction(RTL);
        }
        Setter {
            shaper,
            items: Vec::new(),
            rtl,
        }
    }

    /// The width of `text` at `size`.
    fn width(&mut self, text: &str, style: Style, size: f32) -> f32 {
        let runs = self.shaper.shape_line(text, style);
        runs.iter().map(|run| run.width * size).sum()
    }

    /// One line with its left end at `x` and its baseline at `y`.
    fn line(&mut self, text: &str, style: Style, size: f32, x: f32, y: f32) {
        let mut x = x;
        for run in self.shaper.shape_line(text, style) {
            let advance = run.width * size;
            self.items.push(Placed::Text {
                x,
                y,
                size,
                run,
                ink: Ink::BLACK,
                scale: 1.0,
                // The line is shaped whole, its spaces with it.
                space_after: false,
            });
            x += advance;
        }
    }

    /// `text` broken into lines no wider than `measure` where it has spaces.
    fn wrap(&mut self, text: &str, style: Style, size: f32, measure: f32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for word in text.split_whitespace() {
            match lines.last_mut() {
                Some(line) if self.width(&format!("{line} {word}"), style, size) <= measure => {
                    line.push(' ');
                    line.push_str(word);
                }
                _ => lines.push(word.to_string()),
            }
        }
        lines
    }

    /// Lines centred across the panel from `left`, `width` wide, the first baseline at `y`;
    /// returns the baseline after the last.
    fn centred(
        &mut self,
        lines: &[String],
        style: Style,
        size: f32,
        panel: (f32, f32),
        y: f32,
    ) -> f32 {
        let (left, width) = panel;
        let mut y = y;
        for line in lines {
            let x = left + (width - self.width(line, style, size)) / 2.0;
            self.line(line, style, size, x, y);
            y -= size * COVER_LEADING;
        }
        y
    }

    /// Title, subtitle and authors on the front panel: the title in the upper third, as large
    /// as the panel allows its longest word, the authors near the foot.
    fn front(&mut self, doc: &Document, left: f32, size: &CoverSize) {
        let (width, height) = (size.trim.width, size.trim.height);
        let measure = width * (1.0 - 2.0 * PANEL_MARGIN);
        let panel = (left + width * PANEL_MARGIN, measure);
        let title = doc.meta.title.clone().unwrap_or_default();
        let mut title_size = width * COVER_TITLE_SIZE;
        let longest = title
            .split_whitespace()
            .map(|word| self.width(word, BOLD, title_size))
            .fold(0.0, f32::max);
        if longest > measure {
            title_size *= measure / longest;
        }
        let lines = self.wrap(&title, BOLD, title_size, measure);
        let mut y = self.centred(&lines, BOLD, title_size, panel, height * 0.72);
        if let Some(subtitle) = &doc.meta.subtitle {
            let size = title_size * 0.5;
            let lines = self.wrap(subtitle, ITALIC, size, measure);
            y -= size * COVER_LEADING * 0.5;
            self.centred(&lines, ITALIC, size, panel, y);
        }
        let authors = doc.meta.authors.join(", ");
        let size = title_size * 0.5;
        let lines = self.wrap(&authors, Style::SERIF, size, measure);
        self.centred(&lines, Style::SERIF, size, panel, height * 0.15);
    }

    /// The description on the back panel (from `left`) below its upper margin, ranged to the
    /// side its lines start from.
    fn back(&mut self, blurb: &str, left: f32, size: &CoverSize) {
        let width = size.trim.width;
        let margin = width * PANEL_MARGIN;
        let measure = width - 2.0 * margin;
        let lines = self.wrap(blurb, Style::SERIF, BLURB_SIZE, measure);
        let mut y = size.trim.height - 2.0 * margin;
        for line in &lines {
            let mut x = left + margin;
            if self.rtl {
                x += measure - self.width(line, Style::SERIF, BLURB_SIZE);
            }
            self.line(line, Style::SERIF, BLURB_SIZE, x, y);
            y -= BLURB_SIZE * COVER_LEADING;
        }
    }

    /// Title at the top of the spine, authors at its foot, in one line that reads downwards.
    fn spine(&mut self, doc: &Document, size: &CoverSize) {
        let title = doc.meta.title.clone().unwrap_or_default();
        let mut authors = doc.meta.authors.join(", ");
        let length = size.trim.height - 2.0 * SPINE_END_MARGIN;
        let largest = ((size.spine - 2.0 * SPINE_FOLD_MARGIN) * 0.8).min(SPINE_SIZE_MAX);
        // The size at which the title, a gap of two ems and `authors` just fill the length
        // (widths grow with the size), but no larger than the spine allows.
        let fitting = |setter: &mut Self, authors: &str| {
            let mut em = setter.width(&title, BOLD, 1.0);
            if !authors.is_empty() {
                em += 2.0 + setter.width(authors, Style::SERIF, 1.0);
            }
            largest.min(length / em)
        };
        let mut type_size = fitting(self, &authors);
        if type_size < SPINE_SIZE_MIN {
            authors.clear();
            type_size = fitting(self, &authors);
        }
        // Text x runs down the page, text y towards the front.
        let middle = size.trim.width + size.spine / 2.0;
        self.items.push(Placed::Group {
            clip: None,
            matrix: [0.0, -1.0, 1.0, 0.0, middle, size.trim.height],
        });
        let baseline = -X_MIDDLE * type_size;
        self.line(&title, BOLD, type_size, SPINE_END_MARGIN, baseline);
        if !authors.is_empty() {
            let end = size.trim.height - SPINE_END_MARGIN;
            let x = end - self.width(&authors, Style::SERIF, type_size);
            self.line(&authors, Style::SERIF, type_size, x, baseline);
        }
        self.items.push(Placed::EndGroup);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spine_follows_the_paper() {
        // KDP: 300 pages of white paper make a 0.6756 in spine.
        let spine = Paper::WHITE.spine(300) / PT_PER_IN;
        assert!((spine - 300.0 * 0.002252).abs() < 0.001, "{spine}");
        // 0.1 mm a sheet: 200 pages are 100 sheets, 10 mm.
        let caliper = Paper::Caliper(0.1 * PT_PER_IN / 25.4).spine(200);
        assert!((caliper - 10.0 * PT_PER_IN / 25.4).abs() < 0.01);
        // An odd page count still ends on a whole leaf.
        assert_eq!(Paper::WHITE.spine(301), Paper::WHITE.spine(302));
    }
}
