//! Notes: footnotes, set once each at the note size for page building to place at the foot of
//! the page that references them, or endnotes, gathered under a "Notes" heading at the end of
//! each chapter (of the article). Either way each note links back to its reference.

use super::{BlockFlow, BreakBefore, Insets, Slab};
use crate::model::*;
use crate::pdf::layout::structure::{Node, Role};
use crate::pdf::text::LinkTarget;
use crate::pdf::text::{note_id, note_ref_id};

/// Footnotes are set at the small size with a leading to match (120 %, TeX's proportion for
/// small type).
const NOTE_LEADING: f32 = 1.2;

/// Endnotes not yet set, and where the text they may be referenced from begins.
pub(super) struct Endnotes {
    notes: Vec<Footnote>,
    /// Slabs from this index on have not been searched for references.
    from: usize,
}

impl BlockFlow<'_, '_> {
    /// Collects notes as endnotes: they will be set at the end of each chapter that references
    /// them (see [`BlockFlow::endnotes_so_far`]).
    pub fn use_endnotes(&mut self, footnotes: &[Footnote]) {
        self.endnotes = Some(Endnotes {
            notes: footnotes.to_vec(),
            from: 0,
        });
    }

    /// Sets the endnotes referenced since the last call (and the notes those reference), in
    /// the order of their numbers, under a "Notes" heading.
    pub fn endnotes_so_far(&mut self) {
        let Some(mut endnotes) = self.endnotes.take() else {
            return;
        };
        // Notes are not the body: their blocks take no place in its walk.
        let body = (self.walk.take(), self.place.take());
        let mut heading = false;
        while endnotes.from < self.slabs.len() {
            let mut numbers: Vec<u32> = self.slabs[endnotes.from..]
                .iter()
                .flat_map(|s| s.notes.iter().copied())
                .collect();
            endnotes.from = self.slabs.len();
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
                self.heading(
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
                self.note(note, self.structure.current());
            }
        }
        self.endnotes = Some(endnotes);
        (self.walk, self.place) = body;
    }

    /// Each note set on its own, at the note size, indexed by number − 1; page building places
    /// them.
    pub fn footnotes(&mut self, footnotes: &[Footnote]) -> Vec<Vec<Slab>> {
        let body = self.design;
        let text = std::mem::take(&mut self.slabs);
        self.design.body_size = body.small_size();
        self.design.leading = (body.small_size() * NOTE_LEADING * 2.0).round() / 2.0;
        let count = footnotes
            .iter()
            .map(|n| n.number as usize)
            .max()
            .unwrap_or(0);
        let mut set = vec![Vec::new(); count];
        for note in footnotes {
            self.pending_space = 0.0;
            self.pending_break = BreakBefore::Allowed;
            let parent = self.structure.referrer(note.number);
            self.note(note, parent.unwrap_or(self.structure.current()));
            if let Some(slot) = set.get_mut((note.number as usize).wrapping_sub(1)) {
                *slot = std::mem::take(&mut self.slabs);
            }
            self.slabs.clear();
        }
        self.design = body;
        self.slabs = text;
        self.pending_space = 0.0;
        set
    }

    /// One note: its blocks indented, its number hanging in the indent and linked back to the
    /// reference.
    /// In tagged PDF each note is a Note inside `parent`: the element that references a
    /// footnote, the one open where an endnote is set.
    fn note(&mut self, note: &Footnote, parent: Node) {
        let element = self.structure.add_to(parent, Role::Note);
        self.structure.get_mut(element).attributes_mut().id = Some(note_id(note.number));
        self.structure.reopen(element);
        let label = self.structure.add(Role::Lbl);
        let indent = self.design.block_indent();
        let rtl = self.right_to_left(&note.blocks);
        self.space(self.design.leading / 4.0);
        self.pending_anchors.push(note_id(note.number));
        self.after_paragraph = false;
        let first = self.slabs.len();
        let insets = Insets {
            left: 0.0,
            right: 0.0,
        }
        .indented(indent, rtl);
        self.blocks_in(&note.blocks, insets);
        if self.slabs.len() == first {
            self.push(Slab::new(self.design.leading));
        }
        let mut mark = self.body();
        mark.link = Some(LinkTarget::Internal(note_ref_id(note.number)));
        let edge = insets.start(self.design.measure(), rtl);
        self.marker(first, &format!("{}.", note.number), &mark, edge, rtl, label);
        self.structure.close();
        self.after_paragraph = false;
    }
}
