//! The contents page: after the title, before the body, one line per heading of the first
//! [`DEPTH`] levels with dot leaders, the page number flush right, and a link to the heading.
//!
//! The numbers are only known once the body is on pages, so the contents is set twice: with
//! blank numbers, to paginate everything, then with the numbers that pagination gave. Every
//! entry is one line whatever its number, so the second setting has the same height and the
//! body lands where it did. The body starts on a new page (on a right-hand one in two-sided
//! print), and the pages before it are front matter, numbered in roman.

use super::design::{
    BASELINE, CONTENTS_CHAPTER_SPACE, CONTENTS_GAP, CONTENTS_TITLE_LINE, CONTENTS_TITLE_SPACE,
    Design, LEADER_PITCH,
};
use super::flow::{BreakBefore, Draw, HeadingMark, Slab};
use super::page::{self, Furniture};
use super::paged::PagedDocument;
use super::structure::{Node, Role, Structure, Tag};
use crate::pdf::fonts::Style;
use crate::pdf::text::Frag;
use crate::pdf::text::Shaper;
use crate::pdf::text::{Ink, LinkTarget};

/// Chapters and their sections: deeper levels would make a long book's contents run to many
/// pages.
pub const DEPTH: u8 = 2;

/// The contents page's own destination, for its outline entry.
const ID: &str = "folio-contents";

/// Space kept for the page number: four figures.
const NUMBER_COLUMN: &str = "0000";

/// Entries before page numbers are known, or for a heading that landed nowhere.
type Numbers<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Lays out `slabs` (front matter up to `body`, then the body) with a contents page between
/// the two. Returns the layout and how many keeps pagination could not honour.
pub fn paginate(
    mut slabs: Vec<Slab>,
    notes: &[Vec<Slab>],
    body: usize,
    design: &Design,
    shaper: &mut Shaper,
    furniture: &Furniture,
    structure: &mut Structure,
) -> (PagedDocument, usize) {
    let entries: Vec<HeadingMark> = slabs[body..]
        .iter()
        .filter_map(|slab| slab.heading.clone())
        .filter(|heading| heading.level <= DEPTH)
        .collect();
    if let Some(first) = slabs.get_mut(body) {
        first.break_before = BreakBefore::Forced;
    }
    let new_page = furniture.title_page;
    // The contents goes in at `body`, in place: the body's slabs are many and never copied.
    let mut lay_out = |contents: Vec<Slab>, shaper: &mut Shaper, draft: bool| {
        let count = contents.len();
        slabs.splice(body..body, contents);
        let furniture = Furniture {
            body_start: body + count,
            ..*furniture
        };
        let laid = if draft {
            (
                page::draft(&mut slabs, notes, design, shaper, &furniture),
                0,
            )
        } else {
            page::paginate(&mut slabs, notes, design, shaper, &furniture)
        };
        slabs.drain(body..body + count);
        laid
    };
    // The first pass only needs to know where the headings land: nothing is drawn.
    let draft = set(&entries, &|_| None, design, shaper, new_page, structure);
    let (draft, _) = lay_out(draft, shaper, true);
    let folio = |id: &str| {
        let page = draft.destinations.get(id)?.page;
        Some((page + 1).checked_sub(draft.first_body_page)?.to_string())
    };
    let mut contents = set(&entries, &folio, design, shaper, new_page, structure);
    // In print the body opens on a right-hand page: the even page indices.
    if design.two_sided && draft.first_body_page % 2 == 1 {
        let mut blank = Slab::new(0.0);
        blank.break_before = BreakBefore::Forced;
        contents.push(blank);
    }
    lay_out(contents, shaper, false)
}

/// The contents as slabs: its title, then one line per entry.
fn set(
    entries: &[HeadingMark],
    numbers: Numbers,
    design: &Design,
    shaper: &mut Shaper,
    new_page: bool,
    structure: &mut Structure,
) -> Vec<Slab> {
    let size = design.heading_size(1);
    let mut title = Slab::new(size * CONTENTS_TITLE_LINE);
    title.space_before = design.leading * CONTENTS_TITLE_SPACE;
    title.break_before = if new_page {
        BreakBefore::Forced
    } else {
        BreakBefore::Allowed
    };
    title.anchors.push(ID.to_string());
    title.heading = Some(HeadingMark {
        title: "Contents".to_string(),
        level: 1,
        id: ID.to_string(),
    });
    let bold = Style {
        bold: true,
        ..Style::SERIF
    };
    let baseline = title.height * BASELINE;
    let heading = structure.add_to(Structure::ROOT, Role::H(1));
    title.tag_from_here(Tag::Content(heading));
    text(
        &mut title.draws,
        shaper,
        "Contents",
        bold,
        size,
        (0.0, baseline),
        None,
    );
    let mut slabs = vec![title];
    let mut previous = 0;
    let toc = structure.add_to(Structure::ROOT, Role::Toc);
    for entry in entries {
        let item = structure.add_to(toc, Role::Toci);
        let mut slab = entry_line(entry, numbers, design, shaper, item);
        // The first entry stays with the title, a chapter with its first section.
        if slabs.len() == 1 || entry.level > previous {
            slab.break_before = BreakBefore::Avoid;
        }
        if slabs.len() == 1 {
            slab.space_before = design.leading;
        } else if entry.level == 1 {
            slab.space_before = design.leading * CONTENTS_CHAPTER_SPACE;
        }
        previous = entry.level;
        slabs.push(slab);
    }
    slabs
}

/// One entry: the title (indented by level, chapters in bold, cut short with an ellipsis if
/// it would reach the number column), dot leaders, and the number flush right.
fn entry_line(
    entry: &HeadingMark,
    numbers: Numbers,
    design: &Design,
    shaper: &mut Shaper,
    item: Node,
) -> Slab {
    let size = design.body_size;
    let style = Style {
        bold: entry.level == 1,
        ..Style::SERIF
    };
    let measure = design.measure();
    let indent = design.block_indent() * f32::from(entry.level - 1);
    let gap = size * CONTENTS_GAP;
    let column = width(shaper, NUMBER_COLUMN, style, size);
    let room = measure - indent - column - 2.0 * gap;
    let link = Some(LinkTarget::Internal(entry.id.clone()));
    let mut slab = Slab::new(design.leading);
    slab.tag_from_here(Tag::Content(item));
    let baseline = design.leading * BASELINE;
    let mut title = entry.title.clone();
    if width(shaper, &title, style, size) > room {
        let mut cut = title.clone();
        while cut.chars().count() > 1 && width(shaper, &format!("{cut}…"), style, size) > room {
            cut.pop();
        }
        title = format!("{}…", cut.trim_end());
    }
    // A right-to-left book mirrors the entry: the title from the right, the number at the left.
    let title_x = if design.rtl {
        measure - indent - width(shaper, &title, style, size)
    } else {
        indent
    };
    let end = text(
        &mut slab.draws,
        shaper,
        &title,
        style,
        size,
        (title_x, baseline),
        link.clone(),
    );
    if let Some(number) = numbers(&entry.id) {
        let number_width = width(shaper, &number, style, size);
        let number_x = if design.rtl {
            0.0
        } else {
            measure - number_width
        };
        // The leader runs between the title and the number, whichever side each is on.
        let (from, to) = if design.rtl {
            (number_width, title_x)
        } else {
            (end, number_x)
        };
        // Dots on a grid from the text block's edge, so they line up down the page.
        let pitch = size * LEADER_PITCH;
        let mut dot = ((from + gap) / pitch).ceil() * pitch;
        let leader = Style::SERIF;
        slab.tag_from_here(Tag::Artifact);
        while dot + pitch <= to - gap {
            text(
                &mut slab.draws,
                shaper,
                ".",
                leader,
                size,
                (dot, baseline),
                link.clone(),
            );
            dot += pitch;
        }
        slab.tag_from_here(Tag::Content(item));
        text(
            &mut slab.draws,
            shaper,
            &number,
            style,
            size,
            (number_x, baseline),
            link,
        );
    }
    slab
}

fn width(shaper: &mut Shaper, text: &str, style: Style, size: f32) -> f32 {
    shaper
        .shape_line(text, style)
        .iter()
        .map(|r| r.width * size)
        .sum()
}

/// Draws `text` from `x`; returns where it ends.
fn text(
    draws: &mut Vec<Draw>,
    shaper: &mut Shaper,
    text: &str,
    style: Style,
    size: f32,
    (mut x, baseline): (f32, f32),
    link: Option<LinkTarget>,
) -> f32 {
    for run in shaper.shape_line(text, style).iter() {
        let frag = Frag {
            link: link.clone().map(Box::new),
            ..Frag::plain(run.clone(), size, Ink::BLACK)
        };
        let w = frag.width();
        draws.push(Draw::Text { x, baseline, frag });
        x += w;
    }
    x
}
