//! Notes: footnotes, set once each at the note size for page building to place at the foot of
//! the page that references them, or endnotes, gathered under a "Notes" heading at the end of
//! each chapter (of the article). Either way each note links back to its reference.

use super::insets::Insets;
use super::{BlockFlow, BreakBefore, FlowConfig, Slab, heading, list};
use crate::model::{Footnote, Heading, Inline, Span};
use crate::pdf::layout::design::{NOTE_LEADING, NOTE_SPACE};
use crate::pdf::layout::structure::{Node, Role};
use crate::pdf::text::LinkTarget;
use crate::pdf::text::{note_id, note_ref_id};

/// Endnotes not yet set, and where the text they may be referenced from begins.
pub(super) struct Endnotes {
    notes: Vec<Footnote>,
    /// Slabs from this index on have not been searched for references.
    from: usize,
}

/// Collects notes as endnotes: they will be set at the end of each chapter that references
/// them (see [`BlockFlow::endnotes_so_far`]).
pub(super) fn use_endnotes(flow: &mut BlockFlow<'_, '_>, footnotes: &[Footnote]) {
    flow.state.endnotes = Some(Endnotes {
        notes: footnotes.to_vec(),
        from: 0,
    });
}

/// Sets the endnotes referenced since the last call (and the notes those reference), in
/// the order of their numbers, under a "Notes" heading.
pub(super) fn endnotes_so_far(flow: &mut BlockFlow<'_, '_>) {
    let Some(mut endnotes) = flow.state.endnotes.take() else {
        return;
    };
    // Notes are not the body: their blocks take no place in its walk.
    let body = (flow.state.next_block.take(), flow.state.text_at.take());
    let mut heading = false;
    while endnotes.from < flow.out.slabs.len() {
        let mut numbers: Vec<u32> = flow.out.slabs[endnotes.from..]
            .iter()
            .flat_map(|s| s.notes.iter().copied())
            .collect();
        endnotes.from = flow.out.slabs.len();
        numbers.sort_unstable();
        numbers.dedup();
        let due: Vec<Footnote> = numbers
            .iter()
            .filter_map(|&n| {
                let at = endnotes.notes.iter().position(|note| note.number == n)?;
                Some(endnotes.notes.remove(at))
            })
            .collect();
        if !due.is_empty() && !heading {
            heading = true;
            heading::heading(
                flow,
                &Heading {
                    level: 2,
                    id: format!("folio-notes-{}", due[0].number),
                    classes: Vec::new(),
                    attributes: Vec::new(),
                    content: vec![Inline::text("Notes", Span::default())],
                },
                Insets {
                    left: 0.0,
                    right: 0.0,
                },
            );
        }
        for note in &due {
            set_note(flow, note, flow.out.structure.current());
        }
    }
    flow.state.endnotes = Some(endnotes);
    (flow.state.next_block, flow.state.text_at) = body;
}

/// Each note set on its own, at the note size, indexed by number − 1; page building places
/// them.
pub(super) fn footnotes(flow: &mut BlockFlow<'_, '_>, footnotes: &[Footnote]) -> Vec<Vec<Slab>> {
    let body = flow.config;
    flow.config = at_note_size(body);
    let text = std::mem::take(&mut flow.out.slabs);
    let count = footnotes
        .iter()
        .map(|n| n.number as usize)
        .max()
        .unwrap_or(0);
    let mut set = vec![Vec::new(); count];
    for note in footnotes {
        flow.state.pending_space = 0.0;
        flow.state.pending_break = BreakBefore::Allowed;
        let parent = flow.out.structure.referrer(note.number);
        set_note(flow, note, parent.unwrap_or(flow.out.structure.current()));
        if let Some(slot) = set.get_mut((note.number as usize).wrapping_sub(1)) {
            *slot = std::mem::take(&mut flow.out.slabs);
        }
        flow.out.slabs.clear();
    }
    flow.config = body;
    flow.out.slabs = text;
    flow.state.pending_space = 0.0;
    set
}

/// The body's configuration with the note size for the body size and its leading.
fn at_note_size(body: FlowConfig) -> FlowConfig {
    let mut design = body.design;
    design.body_size = body.design.small_size();
    design.leading = (body.design.small_size() * NOTE_LEADING * 2.0).round() / 2.0;
    FlowConfig { design, ..body }
}

/// One note: its blocks indented, its number hanging in the indent and linked back to the
/// reference.
/// In tagged PDF each note is a Note inside `parent`: the element that references a
/// footnote, the one open where an endnote is set.
fn set_note(flow: &mut BlockFlow<'_, '_>, note: &Footnote, parent: Node) {
    let element = flow.out.structure.add_to(parent, Role::Note);
    flow.out.structure.get_mut(element).attributes_mut().id = Some(note_id(note.number));
    flow.out.structure.reopen(element);
    let label = flow.out.structure.add(Role::Lbl);
    let indent = flow.config.design.block_indent();
    let rtl = flow.right_to_left(&note.blocks);
    flow.space(flow.config.design.leading * NOTE_SPACE);
    flow.state.pending_anchors.push(note_id(note.number));
    flow.state.after_paragraph = false;
    let first = flow.out.slabs.len();
    let insets = Insets {
        left: 0.0,
        right: 0.0,
    }
    .indented(indent, rtl);
    flow.blocks_in(&note.blocks, insets);
    if flow.out.slabs.len() == first {
        flow.push(Slab::new(flow.config.design.leading));
    }
    let mut mark = flow.body();
    mark.link = Some(LinkTarget::Internal(note_ref_id(note.number)));
    let edge = insets.start(flow.config.design.measure(), rtl);
    list::marker(
        flow,
        first,
        &format!("{}.", note.number),
        &mark,
        edge,
        rtl,
        label,
    );
    flow.out.structure.close();
    flow.state.after_paragraph = false;
}
