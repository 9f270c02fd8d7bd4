//! Bulleted, numbered and task lists, definition lists, and the hanging markers lists share
//! with notes.

use super::insets::Insets;
use super::slab::first_baseline;
use super::{BlockFlow, Draw, Slab, paragraph};
use crate::model::{DefinitionItem, List, plain_text};
use crate::pdf::fonts::{Family, Style};
use crate::pdf::layout::design::{MARKER_GAP, TASK_BOX, TASK_CHECK, TASK_CHECK_RAISE, THIN_RULE};
use crate::pdf::layout::paged::Placed;
use crate::pdf::layout::structure::{Node, Role, Tag};
use crate::pdf::text::{Align, Frag, Ink, LTR, RTL, TextStyle};

pub(super) fn list(flow: &mut BlockFlow<'_, '_>, list: &List, insets: Insets) {
    let d = flow.config.design;
    let (inner, rtl) = list_insets(flow, list, insets);
    let edge = inner.start(d.measure(), rtl);
    flow.space(d.leading / 2.0);
    for (n, item) in list.items.iter().enumerate() {
        if !list.tight && n > 0 {
            flow.space(d.leading / 2.0);
        }
        let number = match list.start {
            Some(start) => format!("{}.", start + n as u64),
            None => "•".to_string(),
        };
        let first = flow.out.slabs.len();
        flow.state.after_paragraph = false;
        flow.out.structure.open(Role::LI);
        let label = flow.out.structure.add(Role::Lbl);
        flow.out.structure.open(Role::LBody);
        flow.blocks_in(&item.blocks, inner);
        if flow.out.slabs.len() == first {
            flow.push(Slab::new(d.leading));
        }
        flow.out.structure.close();
        match item.task {
            Some(checked) => task_box(flow, first, checked, edge, rtl, label),
            None => {
                let style = flow.body();
                marker(flow, first, &number, &style, edge, rtl, label);
            }
        }
        flow.out.structure.close();
    }
    flow.space(d.leading / 2.0);
    flow.state.after_paragraph = false;
}

/// A definition list: each term bold, flush with the text and kept with its definitions,
/// which are indented under it.
pub(super) fn definitions(flow: &mut BlockFlow<'_, '_>, items: &[DefinitionItem], insets: Insets) {
    let d = flow.config.design;
    let term = flow.style(Family::Serif, true, false, d.body_size);
    let inner = Insets {
        left: insets.left + d.block_indent(),
        right: insets.right,
    };
    // The list's own text is its terms'.
    let (own, mut offset) = (flow.state.text_at, 0);
    for item in items {
        flow.space(d.leading / 2.0);
        flow.out.structure.open(Role::LI);
        flow.out.structure.open(Role::Lbl);
        flow.state.text_at = own.map(|(block, _)| (block, offset));
        if own.is_some() {
            offset += plain_text(&item.term).chars().count();
        }
        paragraph::set(flow, &item.term, &term, insets, 0.0, Align::Left, item.span);
        flow.out.structure.close();
        flow.keep_with_next();
        flow.out.structure.open(Role::LBody);
        for definition in &item.definitions {
            flow.state.after_paragraph = false;
            flow.blocks_in(definition, inner);
        }
        flow.out.structure.close();
        flow.out.structure.close();
    }
    flow.state.after_paragraph = false;
}

/// The insets of a list's items, indented on the side they start from, and whether that
/// is the right (the first item's direction decides).
pub(super) fn list_insets(flow: &BlockFlow<'_, '_>, list: &List, insets: Insets) -> (Insets, bool) {
    let rtl = list
        .items
        .first()
        .is_some_and(|item| flow.right_to_left(&item.blocks));
    (insets.indented(flow.config.design.block_indent(), rtl), rtl)
}

/// A task's ballot box, drawn with rules (the text faces have no ☐ or ☑), with a check
/// mark inside when the task is done, hanging before `edge` (after it, right to left), as
/// the content of `label`.
fn task_box(
    flow: &mut BlockFlow<'_, '_>,
    index: usize,
    checked: bool,
    edge: f32,
    rtl: bool,
    label: Node,
) {
    let size = flow.config.design.body_size;
    let side = size * TASK_BOX;
    let x = if rtl {
        edge + size * MARKER_GAP
    } else {
        edge - size * MARKER_GAP - side
    };
    let check = checked.then(|| flow.tools.shaper.shape("✓", Style::SERIF));
    let Some(slab) = flow.out.slabs.get_mut(index) else {
        return;
    };
    let bottom = first_baseline(slab);
    let top = bottom - side;
    let rule = |x1: f32, y1: f32, x2: f32, y2: f32| {
        Draw::Item(Placed::Rule {
            x1,
            y1,
            x2,
            y2,
            thickness: THIN_RULE,
            gray: 0.0,
        })
    };
    let mut draws = vec![
        rule(x, top, x + side, top),
        rule(x, bottom, x + side, bottom),
        rule(x, top, x, bottom),
        rule(x + side, top, x + side, bottom),
    ];
    // The check mark is set small enough to sit inside the box.
    let mark = side * TASK_CHECK;
    for run in check.iter().flat_map(|runs| runs.iter()) {
        let frag = Frag::plain(run.clone(), mark, Ink::BLACK);
        let inset = (side - frag.width()) / 2.0;
        draws.push(Draw::Text {
            x: x + inset,
            baseline: bottom - side * TASK_CHECK_RAISE,
            frag,
        });
    }
    slab.prepend(draws, Tag::Content(label));
}

/// Draws `text` (a hanging list number or bullet) on the first line of slab `index`, flush
/// right against `edge`, where the lines start; right to left, it hangs in the right margin
/// after `edge` instead. It is the content of `label`.
pub(super) fn marker(
    flow: &mut BlockFlow<'_, '_>,
    index: usize,
    text: &str,
    style: &TextStyle,
    edge: f32,
    rtl: bool,
    label: Node,
) {
    let gap = flow.config.design.body_size * MARKER_GAP;
    let base = if rtl { RTL } else { LTR };
    let runs = flow.tools.shaper.shape_line_from(text, style.style, base);
    let width: f32 = runs.iter().map(|r| r.width * style.size).sum();
    let Some(slab) = flow.out.slabs.get_mut(index) else {
        return;
    };
    let baseline = first_baseline(slab);
    let mut x = if rtl { edge + gap } else { edge - gap - width };
    let mut draws = Vec::new();
    for run in runs.iter() {
        let frag = Frag {
            run: run.clone(),
            size: style.size,
            rise: 0.0,
            ink: style.ink,
            link: style.link.clone().map(Box::new),
            strike: false,
            scale: 1.0,
            level: LTR,
            space_after: false,
        };
        let w = frag.width();
        draws.push(Draw::Text { x, baseline, frag });
        x += w;
    }
    slab.prepend(draws, Tag::Content(label));
}
