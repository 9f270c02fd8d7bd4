//! Slabs into pages: where each page ends (keeping headings with their text and avoiding
//! widows and orphans), then every slab placed, with running heads, folios, link areas, the
//! outline and the named destinations that links and bookmarks point to.

use super::collect::Frag;
use super::design::Design;
use super::flow::{BreakBefore, Draw, Slab};
use super::fonts::{Family, Style};
use super::foot::Foot;
use super::layout::{Destination, Ink, Laid, LinkArea, OutlineEntry, Page, Placed};
use super::shape::Shaper;
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

/// What goes on one page: a range of the text's slabs and a range of the queued note lines.
#[derive(Debug, Clone, PartialEq)]
struct PagePlan {
    text: Range<usize>,
    notes: Range<usize>,
}

/// Where each page ends, and which note lines go at its foot. Returns the plans, the note lines
/// they index and how many keeps could not be honoured.
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
    while start < slabs.len() || foot.pending() || plans.is_empty() {
        let first_note = foot.begin_page(available, start < slabs.len());
        // A table continued from the last page repeats its header here.
        let mut used = slabs
            .get(start)
            .and_then(|s| s.header.as_ref())
            .map_or(0.0, |h| h.height);
        let mut candidate = None;
        let mut end = slabs.len();
        for (j, slab) in slabs.iter().enumerate().skip(start) {
            if j > start && slab.break_before == BreakBefore::Forced {
                end = j;
                break;
            }
            let space = if j == start { 0.0 } else { slab.space_before };
            let before = foot.mark();
            if j > start && slab.break_before == BreakBefore::Allowed {
                candidate = Some((j, before));
            }
            let text = used + space + slab.height;
            let due = foot.refer(slab);
            let fits = text + due.map_or(foot.height, |d| foot.height_to(d)) <= available;
            if j > start && !fits {
                foot.reset(before);
                end = match (slab.break_before, candidate) {
                    (BreakBefore::Allowed, _) => j,
                    (_, Some((k, mark))) => {
                        foot.reset(mark);
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
            used = text;
        }
        plans.push(PagePlan {
            text: start..end,
            notes: first_note..foot.taken(),
        });
        start = end;
    }
    (plans, foot.into_lines(), forced_widows)
}

/// Places the slabs and footnotes on pages. Returns the layout and how many keeps could not be
/// honoured.
pub fn paginate(
    slabs: &[Slab],
    notes: &[Vec<Slab>],
    design: &Design,
    shaper: &mut Shaper,
    furniture: &Furniture,
) -> (Laid, usize) {
    lay_out(slabs, notes, design, shaper, furniture, true)
}

/// The pages as [`paginate`] breaks them, with the destinations and the first body page, but
/// nothing drawn on them: what a first pass needs to learn page numbers, at a fraction of the
/// time and memory.
pub fn draft(
    slabs: &[Slab],
    notes: &[Vec<Slab>],
    design: &Design,
    shaper: &mut Shaper,
    furniture: &Furniture,
) -> Laid {
    lay_out(slabs, notes, design, shaper, furniture, false).0
}

fn lay_out(
    slabs: &[Slab],
    notes: &[Vec<Slab>],
    design: &Design,
    shaper: &mut Shaper,
    furniture: &Furniture,
    ink: bool,
) -> (Laid, usize) {
    let available = design.top() - design.bottom();
    let (plans, note_lines, broken_keeps) = plan_pages(slabs, notes, available, design.leading);
    let mut laid = Laid {
        pages: Vec::new(),
        destinations: BTreeMap::new(),
        outline: Vec::new(),
        first_body_page: 0,
    };
    let mut section = String::new();
    let mut in_body = false;
    for plan in &plans {
        let (start, end) = (plan.text.start, plan.text.end);
        let blank = || Page {
            width: design.page.width,
            height: design.page.height,
            items: Vec::new(),
            links: Vec::new(),
        };
        // Only a book's chapter openings go without a running head; an article's section may
        // start at the top of any page.
        let opens_chapter = furniture.title_page
            && slabs[plan.text.clone()]
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
        let front = start < furniture.body_start;
        if !front && !in_body {
            in_body = true;
            laid.first_body_page = p;
            section.clear();
        }
        let mut page = blank();
        let left = design.left(p);
        let mut y = design.top();
        if let Some(header) = slabs[plan.text.clone()]
            .first()
            .and_then(|s| s.header.as_ref())
        {
            if ink {
                place(&mut page, header, left, y, true);
            }
            y -= header.height;
        }
        for (i, slab) in slabs[start..end].iter().enumerate() {
            if i > 0 {
                y -= slab.space_before;
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
                place(&mut page, slab, left, y, i == 0);
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
            let folio = (p + 1 - laid.first_body_page).to_string();
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
        if let Some(last) = slabs[start..end].iter().rev().find_map(|s| {
            s.heading
                .as_ref()
                .filter(|h| h.level <= furniture.section_level)
        }) {
            section = last.title.clone();
        }
        laid.pages.push(page);
    }
    (laid, broken_keeps)
}

/// The notes at the foot of page `p`, set up from the bottom of the text block under a short
/// rule.
fn place_notes(page: &mut Page, laid: &mut Laid, lines: &[&Slab], design: &Design, p: usize) {
    let Some(first) = lines.first() else {
        return;
    };
    let separator = design.leading;
    let height: f32 = separator
        + first.height
        + lines[1..]
            .iter()
            .map(|l| l.space_before + l.height)
            .sum::<f32>();
    let left = design.left(p);
    let rule = design.bottom() + height - separator / 2.0;
    page.items.push(Placed::Rule {
        x1: left,
        y1: rule,
        x2: left + design.measure() * NOTE_RULE,
        y2: rule,
        thickness: NOTE_RULE_THICKNESS,
        gray: 0.0,
    });
    let mut y = design.bottom() + height - separator;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            y -= line.space_before;
        }
        anchor(laid, line, p, y);
        place(page, line, left, y, false);
        y -= line.height;
    }
}

/// Records where a slab's ids landed; the first place wins (a repeated table header adds none).
fn anchor(laid: &mut Laid, slab: &Slab, page: usize, y: f32) {
    for id in &slab.anchors {
        laid.destinations
            .entry(id.clone())
            .or_insert(Destination { page, y });
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
/// Rules reaching above the slab's top (a quote's rule bridging the space before it) stop at
/// the top when the slab opens the page, where that space is dropped.
fn place(page: &mut Page, slab: &Slab, left: f32, top: f32, opens_page: bool) {
    let above = |y: f32| if opens_page { y.max(0.0) } else { y };
    for draw in &slab.draws {
        match draw {
            Draw::Text { x, baseline, frag } => {
                let (x, y) = (left + x, top - baseline + frag.rise);
                if let Some(target) = &frag.link {
                    link(
                        page,
                        [
                            x,
                            y - frag.size * 0.25,
                            x + frag.width(),
                            y + frag.size * 0.8,
                        ],
                        target,
                    );
                }
                if frag.strike {
                    let line = y + frag.size * 0.28;
                    page.items.push(Placed::Rule {
                        x1: x,
                        y1: line,
                        x2: x + frag.width(),
                        y2: line,
                        thickness: frag.size * 0.06,
                        gray: frag.ink.gray(),
                    });
                }
                page.items.push(Placed::Text {
                    x,
                    y,
                    size: frag.size,
                    run: frag.run.clone(),
                    ink: frag.ink,
                });
            }
            Draw::Rule {
                x1,
                y1,
                x2,
                y2,
                thickness,
                gray,
            } => {
                page.items.push(Placed::Rule {
                    x1: left + x1,
                    y1: top - above(*y1),
                    x2: left + x2,
                    y2: top - above(*y2),
                    thickness: *thickness,
                    gray: *gray,
                });
            }
            Draw::Fill {
                x,
                y,
                width,
                height,
                gray,
            } => {
                page.items.push(Placed::Fill {
                    x: left + x,
                    y: top - y - height,
                    width: *width,
                    height: *height,
                    gray: *gray,
                });
            }
            Draw::Image {
                x,
                y,
                width,
                height,
                picture,
                alt,
            } => page.items.push(Placed::Image {
                x: left + x,
                y: top - y - height,
                width: *width,
                height: *height,
                picture: picture.clone(),
                alt: alt.clone(),
            }),
        }
    }
}

/// Adds a link area, joining it to the previous one when it continues the same link on the
/// same line (a linked phrase is one clickable area, not one per word).
fn link(page: &mut Page, rect: [f32; 4], target: &super::layout::LinkTarget) {
    if let Some(last) = page.links.last_mut() {
        let same_line = (last.rect[1] - rect[1]).abs() < 0.5;
        let adjacent = rect[0] >= last.rect[2] - 0.5 && rect[0] - last.rect[2] < 20.0;
        if &last.target == target && same_line && adjacent {
            last.rect[2] = rect[2];
            return;
        }
    }
    page.links.push(LinkArea {
        rect,
        target: target.clone(),
    });
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
    let mut runs = shaper.shape(&text, style);
    while runs.iter().map(|r| r.width * size).sum::<f32>() > measure * 0.8
        && text.chars().count() > 2
    {
        text.pop();
        while text.ends_with(' ') {
            text.pop();
        }
        runs = shaper.shape(&format!("{text}…"), style);
    }
    let width: f32 = runs.iter().map(|r| r.width * size).sum();
    let left = design.left(index);
    let verso = design.two_sided && index % 2 == 1;
    let x = if !design.two_sided {
        left + (measure - width) / 2.0
    } else if verso {
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
        };
        let w = frag.width();
        page.items.push(Placed::Text {
            x,
            y: baseline,
            size,
            run: frag.run,
            ink: Ink::Gray(FURNITURE_GRAY),
        });
        x += w;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first slab of each page, and the broken keeps, for a text without notes.
    fn page_starts(slabs: &[Slab], available: f32) -> (Vec<usize>, usize) {
        let (plans, _, broken) = plan_pages(slabs, &[], available, 0.0);
        (plans.iter().map(|p| p.text.start).collect(), broken)
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
                links: Vec::new(),
            };
            place(&mut page, &slab, 0.0, 80.0, opens_page);
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
        use crate::pdf::design::{PageSize, ParagraphStyle};
        use crate::pdf::flow::HeadingMark;
        use crate::pdf::fonts::{FontOptions, FontSet};
        let (fonts, _) = FontSet::load(&FontOptions::default()).expect("fonts");
        let mut shaper = Shaper::new(&fonts, "en");
        let design = Design::new(PageSize::A4, None, true, ParagraphStyle::Indent, false);
        let slabs: Vec<Slab> = (0..200)
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
        let (full, _) = paginate(&slabs, &[], &design, &mut shaper, &furniture);
        let rough = draft(&slabs, &[], &design, &mut shaper, &furniture);
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
        assert_eq!(plans[0].text, 0..3, "the whole note comes to the page");
        assert_eq!(plans[0].notes, 0..6);
        // Twelve lines: as many as fit go with the reference, the next page takes up to half
        // of itself, the page after the rest.
        let (plans, lines, _) = plan_pages(&text(vec![2]), &notes, 100.0, 10.0);
        assert_eq!(lines.len(), 12);
        let notes: Vec<_> = plans.iter().map(|p| p.notes.clone()).collect();
        assert_eq!(notes, vec![0..6, 6..10, 10..12]);
        assert_eq!(plans[0].text, 0..3);
        assert_eq!(plans[1].text, 3..8);
    }
}
