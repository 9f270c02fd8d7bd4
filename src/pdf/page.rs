//! Slabs into pages: where each page ends (keeping headings with their text and avoiding
//! widows and orphans), then every slab placed, with running heads, folios, link areas, the
//! outline and the named destinations that links and bookmarks point to.

use super::collect::Frag;
use super::design::Design;
use super::flow::{BreakBefore, Draw, Slab};
use super::fonts::{Family, Style};
use super::layout::{Destination, Ink, Laid, LinkArea, OutlineEntry, Page, Placed};
use super::shape::Shaper;
use std::collections::BTreeMap;

/// Running heads and folios are set small and grey, so they guide without competing.
const FURNITURE_GRAY: f32 = 0.3;

/// What the page furniture needs to know about the document.
pub struct Furniture<'a> {
    pub title: &'a str,
    /// A title page comes first (books): it gets no furniture and is numbered in roman.
    pub title_page: bool,
    /// Level of the headings shown in the running heads (1 in books, 2 in articles).
    pub section_level: u8,
}

/// Page ends: indices of the first slab of each page.
fn page_starts(slabs: &[Slab], available: f32) -> (Vec<usize>, usize) {
    let mut starts = vec![0];
    let mut forced_widows = 0;
    let mut start = 0;
    while start < slabs.len() {
        let mut used = 0.0;
        let mut candidate = None;
        let mut end = slabs.len();
        for (j, slab) in slabs.iter().enumerate().skip(start) {
            if j > start && slab.break_before == BreakBefore::Forced {
                end = j;
                break;
            }
            let space = if j == start { 0.0 } else { slab.space_before };
            if j > start && used + space + slab.height > available {
                end = match (slab.break_before, candidate) {
                    (BreakBefore::Allowed, _) => j,
                    (_, Some(k)) => k,
                    (_, None) => {
                        forced_widows += 1;
                        j
                    }
                };
                break;
            }
            if j > start && slab.break_before == BreakBefore::Allowed {
                candidate = Some(j);
            }
            used += space + slab.height;
        }
        if end < slabs.len() {
            starts.push(end);
        }
        start = end;
    }
    (starts, forced_widows)
}

/// Places the slabs on pages. Returns the layout and how many keeps could not be honoured.
pub fn paginate(
    slabs: &[Slab],
    design: &Design,
    shaper: &mut Shaper,
    furniture: &Furniture,
) -> (Laid, usize) {
    let available = design.top() - design.bottom();
    let (starts, broken_keeps) = page_starts(slabs, available);
    let first_body_page = usize::from(furniture.title_page);
    let mut laid = Laid {
        pages: Vec::new(),
        destinations: BTreeMap::new(),
        outline: Vec::new(),
        first_body_page,
    };
    let mut section = String::new();
    for (p, &start) in starts.iter().enumerate() {
        let end = starts.get(p + 1).copied().unwrap_or(slabs.len());
        let mut page = Page {
            width: design.page.width,
            height: design.page.height,
            items: Vec::new(),
            links: Vec::new(),
        };
        let left = design.left(p);
        let mut y = design.top();
        // Only a book's chapter openings go without a running head; an article's section may
        // start at the top of any page.
        let opens_chapter =
            furniture.title_page && slabs[start].heading.as_ref().is_some_and(|h| h.level == 1);
        for (i, slab) in slabs[start..end].iter().enumerate() {
            if i > 0 {
                y -= slab.space_before;
            }
            for id in &slab.anchors {
                laid.destinations
                    .entry(id.clone())
                    .or_insert(Destination { page: p, y });
            }
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
            place(&mut page, slab, left, y);
            y -= slab.height;
        }
        let is_title_page = furniture.title_page && p == 0;
        if p > 0 && !is_title_page {
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
            let folio = (p + 1 - first_body_page).to_string();
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

/// Puts a slab's drawings on the page with its top at `top`, the text block's left edge at
/// `left`, and link areas over linked text.
fn place(page: &mut Page, slab: &Slab, left: f32, top: f32) {
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
                    y1: top - y1,
                    x2: left + x2,
                    y2: top - y2,
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
}
