//! Page furniture: what a page carries besides its text. Blank versos before chapters, roman
//! folios for the front matter, running heads (the book's title on versos, the current section
//! on rectos) and folios, set small and grey at the outer edge.

use crate::pdf::fonts::{Family, Style};
use crate::pdf::layout::design::{
    Design, FOLIO_DROP, FURNITURE_GRAY, RUNNING_HEAD_RAISE, RUNNING_HEAD_SHARE,
};
use crate::pdf::layout::flow::Slab;
use crate::pdf::layout::paged::{Mark, Page, PagedDocument, Placed};
use crate::pdf::text::{Frag, Ink, LTR, Shaper};

/// What the page furniture needs to know about the document.
pub struct Furniture<'a> {
    pub title: &'a str,
    /// A title page comes first (books): it gets no furniture and is numbered in roman.
    pub title_page: bool,
    /// Level of the headings shown in the running heads (1 in books, 2 in articles).
    pub section_level: u8,
    /// The first slab of the body. A book's title page and contents before it are front
    /// matter: roman folios, no running heads.
    pub body_start: usize,
}

/// The running head's section as the pages go by, whether the body has begun, and what the
/// page being made is.
#[derive(Default)]
pub(super) struct Running {
    section: String,
    in_body: bool,
    /// The page is front matter (title page, contents and the blank pages after them),
    /// numbered apart, whose headings do not run over the body.
    front: bool,
    /// The page opens a book's chapter (see [`Furniture::opens_chapter`]).
    opens_chapter: bool,
}

impl Furniture<'_> {
    /// Whether a page whose text is `text` opens a book's chapter: only those go without a
    /// running head (an article's section may start at the top of any page), and in print
    /// they open on a right-hand page.
    pub(super) fn opens_chapter(&self, text: &[&Slab]) -> bool {
        self.title_page
            && text
                .first()
                .and_then(|s| s.heading.as_ref())
                .is_some_and(|h| h.level == 1)
    }

    /// Notes that page `p`, whose text is `text` from slab `first` on, begins: the first body
    /// page starts the body's numbering and its running heads.
    pub(super) fn begin_page(
        &self,
        running: &mut Running,
        laid: &mut PagedDocument,
        text: &[&Slab],
        first: usize,
    ) {
        running.front = first < self.body_start;
        running.opens_chapter = self.opens_chapter(text);
        if !running.front && !running.in_body {
            running.in_body = true;
            laid.first_body_page = laid.pages.len();
            running.section.clear();
        }
    }

    /// The section a page whose text is `text` runs under: one that begins at its top, else
    /// the one current from earlier pages, else the first begun on it.
    pub(super) fn section_at_top(&self, running: &mut Running, text: &[&Slab]) {
        for (i, slab) in text.iter().enumerate() {
            if let Some(heading) = &slab.heading
                && heading.level <= self.section_level
                && (i == 0 || running.section.is_empty())
            {
                running.section = heading.title.clone();
            }
        }
    }

    /// The section that is current at the top of the next page: the last one begun here.
    pub(super) fn end_page(&self, running: &mut Running, text: &[&Slab]) {
        if let Some(last) = text
            .iter()
            .rev()
            .find_map(|s| s.heading.as_ref().filter(|h| h.level <= self.section_level))
        {
            running.section = last.title.clone();
        }
    }

    /// Page `p`'s running head and folio: none on the title page, a roman folio alone on the
    /// front matter's pages with text, the head (the title on versos or when no section has
    /// begun, the section on rectos; none on a chapter's opening) and an arabic folio on the
    /// body's pages.
    pub(super) fn furnish_page(
        &self,
        page: &mut Page,
        laid: &PagedDocument,
        running: &Running,
        shaper: &mut Shaper,
        design: &Design,
        p: usize,
    ) {
        let (front, opens_chapter) = (running.front, running.opens_chapter);
        let is_title_page = self.title_page && p == 0;
        let folio_baseline = design.bottom() - design.leading * FOLIO_DROP;
        if front && p > 0 && !is_title_page && !page.items.is_empty() {
            let folio = roman(p + 1);
            furnish(page, shaper, design, p, &folio, folio_baseline);
        } else if p > 0 && !is_title_page && !front {
            let head = if design.two_sided && p % 2 == 1 || running.section.is_empty() {
                self.title
            } else {
                running.section.as_str()
            };
            if !opens_chapter {
                let baseline = design.top() + design.leading * RUNNING_HEAD_RAISE;
                furnish(page, shaper, design, p, head, baseline);
            }
            let folio = laid.label(p);
            furnish(page, shaper, design, p, &folio, folio_baseline);
        }
    }
}

/// A page without anything on it yet.
pub(super) fn blank(design: &Design) -> Page {
    Page {
        width: design.page.width,
        height: design.page.height,
        items: Vec::new(),
        marks: Vec::new(),
        links: Vec::new(),
        start: None,
    }
}

impl PagedDocument {
    /// Page `index`'s number as its folio prints it and the PDF's page labels give it: roman
    /// before the first body page, from 1 after.
    pub fn label(&self, index: usize) -> String {
        match index.checked_sub(self.first_body_page) {
            Some(body) => (body + 1).to_string(),
            None => roman(index + 1),
        }
    }
}

/// Lower-case roman numerals, for the folios of the front matter.
fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// A running head or folio at `baseline`: at the outer edge on facing pages, centred on
/// one-sided ones; cut short with an ellipsis if it would not fit.
fn furnish(
    page: &mut Page,
    shaper: &mut Shaper,
    design: &Design,
    index: usize,
    text: &str,
    baseline: f32,
) {
    let size = design.small_size();
    let style = Style {
        family: Family::Serif,
        bold: false,
        italic: true,
    };
    let measure = design.measure();
    let mut text = text.to_string();
    let mut runs = shaper.shape_line(&text, style);
    while runs.iter().map(|r| r.width * size).sum::<f32>() > measure * RUNNING_HEAD_SHARE
        && text.chars().count() > 2
    {
        text.pop();
        while text.ends_with(' ') {
            text.pop();
        }
        runs = shaper.shape_line(&format!("{text}…"), style);
    }
    let width: f32 = runs.iter().map(|r| r.width * size).sum();
    let left = design.left(index);
    let x = if !design.two_sided {
        left + (measure - width) / 2.0
    } else if design.outer_left(index) {
        left
    } else {
        left + measure - width
    };
    let mut x = x;
    for run in runs.iter() {
        let frag = Frag {
            run: run.clone(),
            size,
            rise: 0.0,
            ink: Ink::Gray(FURNITURE_GRAY),
            link: None,
            strike: false,
            scale: 1.0,
            level: LTR,
            space_after: false,
        };
        let w = frag.width();
        page.put(
            Mark::Artifact,
            Placed::Text {
                x,
                y: baseline,
                size,
                run: frag.run,
                ink: Ink::Gray(FURNITURE_GRAY),
                scale: 1.0,
                space_after: false,
            },
        );
        x += w;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_folios_are_roman() {
        assert_eq!(roman(2), "ii");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(14), "xiv");
    }
}
