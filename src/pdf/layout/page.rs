//! Slabs into pages: where each page ends (keeping headings with their text and avoiding
//! widows and orphans), then every slab placed, with running heads, folios, link areas, the
//! outline and the named destinations that links and bookmarks point to.

use super::design::Design;
use super::flow::{BreakBefore, Draw, Slab};
use super::foot::Foot;
use super::paged::{Destination, LinkArea, Mark, OutlineEntry, Page, PagedDocument, Placed};
use super::structure::Tag;
use crate::pdf::fonts::{Family, Style};
use crate::pdf::text::Frag;
use crate::pdf::text::{Ink, LinkTarget};
use crate::pdf::text::{LTR, Shaper};
use std::collections::BTreeMap;
use std::ops::Range;

/// Running heads and folios are set small and grey, so they guide without competing.
const FURNITURE_GRAY: f32 = 0.3;

/// The rule above footnotes: a quarter of the measure, a hairline.
const NOTE_RULE: f32 = 0.25;
const NOTE_RULE_THICKNESS: f32 = 0.4;

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

/// What goes on one page: the text's slabs in the order they are drawn (a floated figure
/// first, then the text from where the last page ended), and a range of the queued note lines.
#[derive(Debug, Clone, PartialEq)]
struct PagePlan {
    text: Vec<usize>,
    notes: Range<usize>,
}

/// Where each page ends, and which note lines go at its foot. Returns the plans, the note lines
/// they index and how many keeps could not be honoured.
///
/// A float ([`Slab::float`]) that does not fit the rest of its page is set aside: the text
/// after it fills the page, and it opens the next one, so it moves at most one page.
fn plan_pages<'a>(
    slabs: &[Slab],
    notes: &'a [Vec<Slab>],
    available: f32,
    separator: f32,
) -> (Vec<PagePlan>, Vec<&'a Slab>, usize) {
    let mut foot = Foot::new(notes, separator);
    let mut plans = Vec::new();
    let mut forced_widows = 0;
    let mut start = 0;
    // A float set aside on the last page, to open this one.
    let mut carried: Option<Range<usize>> = None;
    while start < slabs.len() || carried.is_some() || foot.pending() || plans.is_empty() {
        let lead = carried.take();
        let first_note = foot.begin_page(available, start < slabs.len() || lead.is_some());
        let first = lead.as_ref().map_or(start, |float| float.start);
        // A table continued from the last page repeats its header here.
        let mut used = slabs
            .get(first)
            .and_then(|s| s.header.as_ref())
            .map_or(0.0, |h| h.height);
        let mut order: Vec<usize> = Vec::new();
        // The last place the page may end: before slab `j`, keeping `order`'s first `n`.
        let mut candidate = None;
        let mut set_aside: Option<Range<usize>> = None;
        let mut end = slabs.len();
        for j in lead.clone().into_iter().flatten().chain(start..slabs.len()) {
            if set_aside.as_ref().is_some_and(|float| float.contains(&j)) {
                continue;
            }
            let slab = &slabs[j];
            let leads = lead.as_ref().is_some_and(|float| float.contains(&j));
            let opens = order.is_empty();
            if !opens && !leads && slab.break_before == BreakBefore::Forced {
                end = j;
                break;
            }
            // Floats keep their order: one after a float set aside waits on the next page.
            if !leads && slab.float > 0 && set_aside.is_some() {
                end = j;
                break;
            }
            if !opens && !leads && slab.float > 0 && set_aside.is_none() {
                let float = j..(j + slab.float).min(slabs.len());
                let height: f32 = float
                    .clone()
                    .map(|k| slabs[k].space_before + slabs[k].height)
                    .sum();
                if used + height + foot.height > available {
                    set_aside = Some(float);
                    continue;
                }
            }
            let space = if opens { 0.0 } else { slab.space_before };
            let before = foot.mark();
            if !opens && !leads && slab.break_before == BreakBefore::Allowed {
                candidate = Some((j, order.len(), before));
            }
            let text = used + space + slab.height;
            let due = foot.refer(slab);
            let fits = text + due.map_or(foot.height, |d| foot.height_to(d)) <= available;
            if !opens && !leads && !fits {
                foot.reset(before);
                end = match (slab.break_before, candidate) {
                    (BreakBefore::Allowed, _) => j,
                    (_, Some((k, kept, mark))) => {
                        foot.reset(mark);
                        order.truncate(kept);
                        k
                    }
                    (_, None) => {
                        forced_widows += 1;
                        j
                    }
                };
                break;
            }
            if let Some(due) = due.filter(|_| fits) {
                foot.take_to(due);
            }
            if due.is_some() {
                foot.take_while_fits(available - text);
            }
            order.push(j);
            used = text;
        }
        // A float after the page's end stays in its place in the text.
        carried = set_aside.filter(|float| float.start < end);
        plans.push(PagePlan {
            text: order,
            notes: first_note..foot.taken(),
        });
        start = end;
    }
    (plans, foot.into_lines(), forced_widows)
}

/// Places the slabs and footnotes on pages. Returns the layout and how many keeps could not be
/// honoured.
pub fn paginate(
    slabs: &mut [Slab],
    notes: &[Vec<Slab>],
    design: &Design,
    shaper: &mut Shaper,
    furniture: &Furniture,
) -> (PagedDocument, usize) {
    lay_out(slabs, notes, design, shaper, furniture, true)
}

/// The pages as [`paginate`] breaks them, with the destinations and the first body page, but
/// nothing drawn on them: what a first pass needs to learn page numbers, at a fraction of the
/// time and memory.
pub fn draft(
    slabs: &mut [Slab],
    notes: &[Vec<Slab>],
    design: &Design,
    shaper: &mut Shaper,
    furniture: &Furniture,
) -> PagedDocument {
    lay_out(slabs, notes, design, shaper, furniture, false).0
}

/// With `ink`, each slab's drawings move to its page (the slabs are left without them).
fn lay_out(
    slabs: &mut [Slab],
    notes: &[Vec<Slab>],
    design: &Design,
    shaper: &mut Shaper,
    furniture: &Furniture,
    ink: bool,
) -> (PagedDocument, usize) {
    let available = design.top() - design.bottom();
    let (plans, note_lines, broken_keeps) = plan_pages(slabs, notes, available, design.leading);
    let mut laid = PagedDocument {
        pages: Vec::new(),
        destinations: BTreeMap::new(),
        outline: Vec::new(),
        first_body_page: 0,
    };
    let mut section = String::new();
    let mut in_body = false;
    for (n, plan) in plans.iter().enumerate() {
        let text: Vec<&Slab> = plan.text.iter().map(|&k| &slabs[k]).collect();
        let blank = || Page {
            width: design.page.width,
            height: design.page.height,
            items: Vec::new(),
            marks: Vec::new(),
            links: Vec::new(),
            start: None,
        };
        // Only a book's chapter openings go without a running head; an article's section may
        // start at the top of any page.
        let opens_chapter = furniture.title_page
            && text
                .first()
                .and_then(|s| s.heading.as_ref())
                .is_some_and(|h| h.level == 1);
        // In print a chapter opens on a right-hand page (even index): the left one stays blank.
        if opens_chapter && design.two_sided && laid.pages.len() % 2 == 1 {
            laid.pages.push(blank());
        }
        let p = laid.pages.len();
        // The front matter (title page, contents and the blank pages after them) is numbered
        // apart, and its headings do not run over the body.
        let front = plan.text.first().unwrap_or(&slabs.len()) < &furniture.body_start;
        if !front && !in_body {
            in_body = true;
            laid.first_body_page = p;
            section.clear();
        }
        let mut page = blank();
        page.start = text.iter().filter_map(|slab| slab.source).min();
        let left = design.left(p);
        let mut y = design.top();
        // A page the text runs on from ends on the text block's last line, as its facing page
        // does: the gaps between its blocks take up what it is short.
        let runs_on = plans
            .get(n + 1)
            .and_then(|next| next.text.first())
            .is_some_and(|&k| slabs[k].break_before != BreakBefore::Forced);
        let stretch = match runs_on {
            true => gap_stretch(&text, &note_lines[plan.notes.clone()], design),
            false => 0.0,
        };
        if let Some(header) = text.first().and_then(|s| s.header.as_ref()) {
            if ink {
                // A repeated header row is an artifact: its cells are tagged where first set.
                place(&mut page, header, left, y, 0.0);
                page.marks.fill(Mark::Artifact);
            }
            y -= header.height;
        }
        for (i, slab) in text.iter().enumerate() {
            if i > 0 {
                y -= slab.space_before * (1.0 + stretch);
            }
            anchor(&mut laid, slab, p, y);
            if let Some(heading) = &slab.heading {
                laid.outline.push(OutlineEntry {
                    title: heading.title.clone(),
                    level: heading.level,
                    destination: Destination { page: p, y },
                });
                if heading.level <= furniture.section_level && (i == 0 || section.is_empty()) {
                    section = heading.title.clone();
                }
            }
            if ink {
                let gap = if i == 0 { 0.0 } else { 1.0 + stretch };
                place(&mut page, slab, left, y, gap);
            }
            y -= slab.height;
        }
        if ink {
            place_notes(
                &mut page,
                &mut laid,
                &note_lines[plan.notes.clone()],
                design,
                p,
            );
        }
        let is_title_page = furniture.title_page && p == 0;
        if !ink {
            // A draft has no running heads or folios to set.
        } else if front && p > 0 && !is_title_page && !page.items.is_empty() {
            let folio = roman(p + 1);
            let baseline = design.bottom() - design.leading * 2.0;
            furnish(&mut page, shaper, design, p, &folio, baseline);
        } else if p > 0 && !is_title_page && !front {
            let head = if design.two_sided && p % 2 == 1 || section.is_empty() {
                furniture.title
            } else {
                section.as_str()
            };
            if !opens_chapter {
                furnish(
                    &mut page,
                    shaper,
                    design,
                    p,
                    head,
                    design.top() + design.leading * 1.5,
                );
            }
            let folio = laid.label(p);
            furnish(
                &mut page,
                shaper,
                design,
                p,
                &folio,
                design.bottom() - design.leading * 2.0,
            );
        }
        // The section that is current at the top of the next page is the last one begun here.
        if let Some(last) = text.iter().rev().find_map(|s| {
            s.heading
                .as_ref()
                .filter(|h| h.level <= furniture.section_level)
        }) {
            section = last.title.clone();
        }
        // Every page is held until the writer has encoded it: without the room its lists grew
        // into.
        page.items.shrink_to_fit();
        page.marks.shrink_to_fit();
        laid.pages.push(page);
        if ink {
            // The page holds its slabs' drawings now: the slabs keep only their measures.
            for &k in &plan.text {
                slabs[k].draws = Vec::new();
                slabs[k].tags = Vec::new();
            }
        }
    }
    (laid, broken_keeps)
}

/// How far each gap between the blocks of a page (the space before headings, around lists,
/// code and figures) grows, as a fraction of itself, so that its last line sits on the text
/// block's bottom: 0 for a full page, or one that would need its gaps to more than double
/// (a page left short by a float or a long unbreakable block stays short).
fn gap_stretch(text: &[&Slab], notes: &[&Slab], design: &Design) -> f32 {
    let header = text
        .first()
        .and_then(|s| s.header.as_ref())
        .map_or(0.0, |h| h.height);
    let gaps: f32 = text.iter().skip(1).map(|s| s.space_before).sum();
    let used = header + gaps + text.iter().map(|s| s.height).sum::<f32>();
    let foot = notes_height(notes, design.leading);
    let short = design.top() - design.bottom() - foot - used;
    if short <= 0.01 || gaps <= 0.0 || short > gaps * MAX_GAP_STRETCH {
        0.0
    } else {
        short / gaps
    }
}

/// Gaps between blocks grow at most by this share of themselves to fill a page.
const MAX_GAP_STRETCH: f32 = 1.0;

/// The height of the notes `lines` at a page's foot with the rule's `separator` above them.
fn notes_height(lines: &[&Slab], separator: f32) -> f32 {
    let Some(first) = lines.first() else {
        return 0.0;
    };
    separator
        + first.height
        + lines[1..]
            .iter()
            .map(|l| l.space_before + l.height)
            .sum::<f32>()
}

/// The notes at the foot of page `p`, set up from the bottom of the text block under a short
/// rule, at the right in a right-to-left book.
fn place_notes(
    page: &mut Page,
    laid: &mut PagedDocument,
    lines: &[&Slab],
    design: &Design,
    p: usize,
) {
    if lines.is_empty() {
        return;
    }
    let separator = design.leading;
    let height = notes_height(lines, separator);
    let left = design.left(p);
    let rule = design.bottom() + height - separator / 2.0;
    let length = design.measure() * NOTE_RULE;
    let start = if design.rtl {
        left + design.measure() - length
    } else {
        left
    };
    page.put(
        Mark::Artifact,
        Placed::Rule {
            x1: start,
            y1: rule,
            x2: start + length,
            y2: rule,
            thickness: NOTE_RULE_THICKNESS,
            gray: 0.0,
        },
    );
    let mut y = design.bottom() + height - separator;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            y -= line.space_before;
        }
        anchor(laid, line, p, y);
        place(page, line, left, y, 1.0);
        y -= line.height;
    }
}

/// Records where a slab's ids landed; the first place wins (a repeated table header adds none).
fn anchor(laid: &mut PagedDocument, slab: &Slab, page: usize, y: f32) {
    for id in &slab.anchors {
        laid.destinations
            .entry(id.clone())
            .or_insert(Destination { page, y });
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

/// Puts a slab's drawings on the page with its top at `top`, the text block's left edge at
/// `left`, and link areas over linked text.
///
/// Rules reaching above the slab's top (a quote's rule bridging the space before it) follow
/// that space as the page sets it: `gap` times its natural height, 0 at the top of a page,
/// where the space is dropped, more on a page whose gaps stretch.
fn place(page: &mut Page, slab: &Slab, left: f32, top: f32, gap: f32) {
    let above = |y: f32| if y < 0.0 { y * gap } else { y };
    for (i, draw) in slab.draws.iter().enumerate() {
        let node = match slab.tag_of(i) {
            Tag::Content(node) => Some(node),
            Tag::Artifact => None,
        };
        let content = |link| node.map_or(Mark::Artifact, |node| Mark::Content { node, link });
        match draw {
            Draw::Text { x, baseline, frag } => {
                let (x, y) = (left + x, top - baseline + frag.rise);
                let mut area = None;
                if let Some(target) = &frag.link {
                    area = Some(link(
                        page,
                        [
                            x,
                            y - frag.size * 0.25,
                            x + frag.width(),
                            y + frag.size * 0.8,
                        ],
                        target,
                    ));
                }
                if frag.strike {
                    let line = y + frag.size * 0.28;
                    page.put(
                        Mark::Artifact,
                        Placed::Rule {
                            x1: x,
                            y1: line,
                            x2: x + frag.width(),
                            y2: line,
                            thickness: frag.size * 0.06,
                            gray: frag.ink.gray(),
                        },
                    );
                }
                page.put(
                    content(area),
                    Placed::Text {
                        x,
                        y,
                        size: frag.size,
                        run: frag.run.clone(),
                        ink: frag.ink,
                        scale: frag.scale,
                        space_after: frag.space_after,
                    },
                );
            }
            Draw::Rule {
                x1,
                y1,
                x2,
                y2,
                thickness,
                gray,
            } => {
                page.put(
                    Mark::Artifact,
                    Placed::Rule {
                        x1: left + x1,
                        y1: top - above(*y1),
                        x2: left + x2,
                        y2: top - above(*y2),
                        thickness: *thickness,
                        gray: *gray,
                    },
                );
            }
            Draw::Fill {
                x,
                y,
                width,
                height,
                gray,
            } => {
                page.put(
                    Mark::Artifact,
                    Placed::Fill {
                        x: left + x,
                        y: top - y - height,
                        width: *width,
                        height: *height,
                        gray: *gray,
                    },
                );
            }
            Draw::Image {
                x,
                y,
                width,
                height,
                picture,
                alt,
            } => page.put(
                content(None),
                Placed::Image {
                    x: left + x,
                    y: top - y - height,
                    width: *width,
                    height: *height,
                    picture: picture.clone(),
                    alt: alt.as_str().into(),
                },
            ),
        }
    }
}

/// Adds a link area, joining it to the previous one when it continues the same link on the
/// same line (a linked phrase is one clickable area, not one per word).
fn link(page: &mut Page, rect: [f32; 4], target: &LinkTarget) -> u32 {
    if let Some(last) = page.links.last_mut() {
        let same_line = (last.rect[1] - rect[1]).abs() < 0.5;
        let adjacent = rect[0] >= last.rect[2] - 0.5 && rect[0] - last.rect[2] < 20.0;
        if &last.target == target && same_line && adjacent {
            last.rect[2] = rect[2];
            return page.links.len() as u32 - 1;
        }
    }
    page.links.push(LinkArea {
        rect,
        target: target.clone(),
    });
    page.links.len() as u32 - 1
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
    while runs.iter().map(|r| r.width * size).sum::<f32>() > measure * 0.8
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

    /// The first slab of each page, and the broken keeps, for a text without notes.
    fn page_starts(slabs: &[Slab], available: f32) -> (Vec<usize>, usize) {
        let (plans, _, broken) = plan_pages(slabs, &[], available, 0.0);
        let starts = plans.iter().filter_map(|p| p.text.first().copied());
        (starts.collect(), broken)
    }

    fn slab(height: f32, break_before: BreakBefore) -> Slab {
        Slab {
            break_before,
            ..Slab::new(height)
        }
    }

    #[test]
    fn pages_fill_up_and_chapters_force_a_new_page() {
        let slabs: Vec<Slab> = (0..10)
            .map(|i| {
                slab(
                    10.0,
                    if i == 7 {
                        BreakBefore::Forced
                    } else {
                        BreakBefore::Allowed
                    },
                )
            })
            .collect();
        let (starts, broken) = page_starts(&slabs, 35.0);
        assert_eq!(starts, vec![0, 3, 6, 7]);
        assert_eq!(broken, 0);
    }

    #[test]
    fn a_break_that_would_strand_a_line_moves_back() {
        // Slab 3 must stay with slab 2 (a widow): the page ends before slab 2 instead.
        let kinds = [
            BreakBefore::Allowed,
            BreakBefore::Allowed,
            BreakBefore::Allowed,
            BreakBefore::Avoid,
            BreakBefore::Allowed,
        ];
        let slabs: Vec<Slab> = kinds.iter().map(|&k| slab(10.0, k)).collect();
        let (starts, broken) = page_starts(&slabs, 35.0);
        assert_eq!(starts, vec![0, 2]);
        assert_eq!(broken, 0);
    }

    #[test]
    fn a_rule_bridging_the_space_above_stops_at_the_top_of_a_page() {
        let mut slab = slab(10.0, BreakBefore::Allowed);
        slab.draws.push(Draw::Rule {
            x1: 0.0,
            y1: -6.0,
            x2: 0.0,
            y2: 10.0,
            thickness: 1.0,
            gray: 0.5,
        });
        let top_of = |opens_page| {
            let mut page = Page {
                width: 100.0,
                height: 100.0,
                items: Vec::new(),
                marks: Vec::new(),
                links: Vec::new(),
                start: None,
            };
            place(
                &mut page,
                &slab,
                0.0,
                80.0,
                if opens_page { 0.0 } else { 1.0 },
            );
            match page.items[0] {
                Placed::Rule { y1, .. } => y1,
                _ => panic!("a rule"),
            }
        };
        assert_eq!(top_of(true), 80.0);
        assert_eq!(top_of(false), 86.0);
    }

    #[test]
    fn a_draft_breaks_and_anchors_like_the_pages_but_draws_nothing() {
        use crate::pdf::fonts::{FontOptions, FontSet};
        use crate::pdf::layout::design::{PageSize, ParagraphStyle};
        use crate::pdf::layout::flow::HeadingMark;
        let (fonts, _) = FontSet::load(&FontOptions::default()).expect("fonts");
        let mut shaper = Shaper::new(&fonts, "en");
        let design = Design::new(PageSize::A4, None, true, ParagraphStyle::Indent, false);
        let mut slabs: Vec<Slab> = (0..200)
            .map(|i| {
                let mut slab = slab(30.0, BreakBefore::Allowed);
                slab.draws.push(Draw::Fill {
                    x: 0.0,
                    y: 0.0,
                    width: 10.0,
                    height: 10.0,
                    gray: 0.5,
                });
                if i % 40 == 0 {
                    slab.break_before = BreakBefore::Forced;
                    slab.anchors.push(format!("h{i}"));
                    slab.heading = Some(HeadingMark {
                        title: format!("Chapter {i}"),
                        level: 1,
                        id: format!("h{i}"),
                    });
                }
                slab
            })
            .collect();
        let furniture = Furniture {
            title: "Book",
            title_page: true,
            section_level: 1,
            body_start: 1,
        };
        let rough = draft(&mut slabs, &[], &design, &mut shaper, &furniture);
        let (full, _) = paginate(&mut slabs, &[], &design, &mut shaper, &furniture);
        assert_eq!(rough.pages.len(), full.pages.len());
        assert_eq!(rough.destinations, full.destinations);
        assert_eq!(rough.destinations.len(), 5);
        assert_eq!(rough.first_body_page, full.first_body_page);
        assert!(rough.pages.iter().all(|p| p.items.is_empty()));
        assert!(full.pages.iter().map(|p| p.items.len()).sum::<usize>() >= slabs.len());
    }

    #[test]
    fn front_matter_folios_are_roman() {
        assert_eq!(roman(2), "ii");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(14), "xiv");
    }

    #[test]
    fn an_unavoidable_break_is_counted() {
        let slabs: Vec<Slab> = (0..5)
            .map(|i| {
                slab(
                    10.0,
                    if i == 0 {
                        BreakBefore::Allowed
                    } else {
                        BreakBefore::Avoid
                    },
                )
            })
            .collect();
        let (starts, broken) = page_starts(&slabs, 35.0);
        assert_eq!(starts, vec![0, 3]);
        assert_eq!(broken, 1);
    }

    #[test]
    fn a_note_goes_to_the_foot_of_its_reference_and_what_does_not_fit_carries_over() {
        // Pages of 100, text and note lines of 10, 10 for the rule; slab 2 references note 1.
        let text = |notes: Vec<u32>| {
            let mut slabs: Vec<Slab> = (0..12).map(|_| slab(10.0, BreakBefore::Allowed)).collect();
            slabs[2].notes = notes;
            slabs
        };
        let note = |lines: usize| {
            (0..lines)
                .map(|_| slab(10.0, BreakBefore::Allowed))
                .collect()
        };
        let notes: Vec<Vec<Slab>> = vec![note(6), note(12)];
        let (plans, lines, _) = plan_pages(&text(vec![1]), &notes, 100.0, 10.0);
        assert_eq!(lines.len(), 6);
        assert_eq!(plans[0].text, [0, 1, 2], "the whole note comes to the page");
        assert_eq!(plans[0].notes, 0..6);
        // Twelve lines: as many as fit go with the reference, the next page takes up to half
        // of itself, the page after the rest.
        let (plans, lines, _) = plan_pages(&text(vec![2]), &notes, 100.0, 10.0);
        assert_eq!(lines.len(), 12);
        let notes: Vec<_> = plans.iter().map(|p| p.notes.clone()).collect();
        assert_eq!(notes, vec![0..6, 6..10, 10..12]);
        assert_eq!(plans[0].text, [0, 1, 2]);
        assert_eq!(plans[1].text, [3, 4, 5, 6, 7]);
    }

    #[test]
    fn a_figure_too_tall_for_the_rest_of_the_page_floats_to_the_next_top() {
        // Six lines of 10, a figure of 50 with a caption of 10, then lines: on a page of 100
        // the figure does not fit after the sixth line, so four lines after it fill the page.
        let mut slabs: Vec<Slab> = (0..20).map(|_| slab(10.0, BreakBefore::Allowed)).collect();
        slabs[6].height = 50.0;
        slabs[6].float = 2;
        slabs[7].break_before = BreakBefore::Avoid;
        let (plans, _, broken) = plan_pages(&slabs, &[], 100.0, 0.0);
        assert_eq!(broken, 0);
        assert_eq!(plans[0].text, [0, 1, 2, 3, 4, 5, 8, 9, 10, 11]);
        assert_eq!(plans[1].text[..3], [6, 7, 12]);
        let placed: usize = plans.iter().map(|p| p.text.len()).sum();
        assert_eq!(placed, slabs.len(), "every slab once");
        // Without a float the page ends before the figure.
        slabs[6].float = 0;
        let (plans, _, _) = plan_pages(&slabs, &[], 100.0, 0.0);
        assert_eq!(plans[0].text, [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn a_float_after_one_set_aside_waits_behind_it() {
        // Figure A (50 + 10) does not fit after six lines; figure B (20 + 10) would, but must not
        // come before A.
        let mut slabs: Vec<Slab> = (0..20).map(|_| slab(10.0, BreakBefore::Allowed)).collect();
        slabs[6].height = 50.0;
        slabs[6].float = 2;
        slabs[9].height = 20.0;
        slabs[9].float = 2;
        let (plans, _, _) = plan_pages(&slabs, &[], 100.0, 0.0);
        assert_eq!(plans[0].text, [0, 1, 2, 3, 4, 5, 8]);
        assert_eq!(plans[1].text[..4], [6, 7, 9, 10]);
    }
}
