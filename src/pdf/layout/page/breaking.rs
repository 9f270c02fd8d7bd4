//! Where each page ends: slabs filled onto pages, keeping headings with their text, avoiding
//! widows and orphans, floating figures at most one page on, and taking each page's notes to
//! its foot; and how far a page's gaps stretch so that its text ends on the last line.

use crate::pdf::layout::design::{Design, FULL_PAGE_SLACK, MAX_GAP_STRETCH};
use crate::pdf::layout::flow::{BreakBefore, Slab};
use crate::pdf::layout::foot::Foot;
use std::ops::Range;

/// What goes on one page: the text's slabs in the order they are drawn (a floated figure
/// first, then the text from where the last page ended), and a range of the queued note lines.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PagePlan {
    pub text: Vec<usize>,
    pub notes: Range<usize>,
}

/// Where each page ends, and which note lines go at its foot. Returns the plans, the note lines
/// they index and how many keeps could not be honoured.
///
/// A float ([`Slab::float`]) that does not fit the rest of its page is set aside: the text
/// after it fills the page, and it opens the next one, so it moves at most one page.
pub(super) fn plan_pages<'a>(
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

/// How far each gap between the blocks of a page (the space before headings, around lists,
/// code and figures) grows, as a fraction of itself, so that its last line sits on the text
/// block's bottom: 0 for a full page, or one that would need its gaps to more than double
/// (a page left short by a float or a long unbreakable block stays short).
pub(super) fn gap_stretch(text: &[&Slab], notes: &[&Slab], design: &Design) -> f32 {
    let header = text
        .first()
        .and_then(|s| s.header.as_ref())
        .map_or(0.0, |h| h.height);
    let gaps: f32 = text.iter().skip(1).map(|s| s.space_before).sum();
    let used = header + gaps + text.iter().map(|s| s.height).sum::<f32>();
    let foot = notes_height(notes, design.leading);
    let short = design.top() - design.bottom() - foot - used;
    if short <= FULL_PAGE_SLACK || gaps <= 0.0 || short > gaps * MAX_GAP_STRETCH {
        0.0
    } else {
        short / gaps
    }
}

/// The height of the notes `lines` at a page's foot with the rule's `separator` above them.
pub(super) fn notes_height(lines: &[&Slab], separator: f32) -> f32 {
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
