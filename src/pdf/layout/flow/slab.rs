//! What block layout gives page building: slabs, each a strip of the text block with its
//! height, the space above it, whether a page may end before it, and its drawings.

use crate::model::Position;
use crate::pdf::layout::design::BASELINE;
use crate::pdf::layout::paged::Placed;
use crate::pdf::layout::structure::{Node, Tag};
use crate::pdf::text::Frag;
use std::sync::Arc;

/// Whether a page may end just before a slab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BreakBefore {
    Allowed,
    /// Only when nothing else fits (widows, orphans, heading keeps).
    Avoid,
    /// The slab starts a new page (a chapter).
    Forced,
}

/// Something to draw in a slab: `x` from the text block's left edge, `y` down from the slab's
/// top. Page building moves it onto the page ([`Placed`]'s own frame: `y` up from the page's
/// bottom, a rectangle by its lower-left corner), where a run of text also gets its link area
/// and strike-through.
#[derive(Debug, Clone)]
pub enum Draw {
    /// A run of text on `baseline`, its origin `x`.
    Text { x: f32, baseline: f32, frag: Frag },
    /// A rule, a fill or an image, in the slab's frame: a rule from `(x1, y1)` to `(x2, y2)`;
    /// a fill or an image by its upper-left corner `(x, y)`. Rules may reach above the slab's
    /// top (negative `y`) to bridge the space before it.
    Item(Placed),
}

/// A heading, for the outline and the running heads.
#[derive(Debug, Clone)]
pub struct HeadingMark {
    pub title: String,
    pub level: u8,
    /// Its destination, for the contents' links.
    pub id: String,
}

#[derive(Debug, Clone)]
pub struct Slab {
    pub height: f32,
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
    pub draws: Vec<Draw>,
    /// Ids whose target is this slab's top.
    pub anchors: Vec<String>,
    pub heading: Option<HeadingMark>,
    pub break_before: BreakBefore,
    /// Notes referenced on this slab, in order: page building puts them at this page's foot.
    pub notes: Vec<u32>,
    /// Drawn first when a page starts with this slab: a table's header row, repeated.
    pub header: Option<Arc<Slab>>,
    /// What the draws are, for tagged PDF: `(i, tag)` tags draws from index `i` up to the
    /// next entry's. Ascending; draws before the first entry are artifacts.
    pub tags: Vec<(usize, Tag)>,
    /// This slab and the `float - 1` after it are a figure that may float: when it does not fit
    /// the rest of the page, it goes to the top of the next one and the text after it fills
    /// this page. 0: not a float.
    pub float: usize,
    /// Where in the model's text this slab's text begins, when it begins a word of the body
    /// (a line's first new word, a table's row, a listing's line, a figure).
    pub source: Option<Position>,
}

impl Slab {
    pub(crate) fn new(height: f32) -> Self {
        Slab {
            height,
            space_before: 0.0,
            draws: Vec::new(),
            anchors: Vec::new(),
            heading: None,
            break_before: BreakBefore::Allowed,
            notes: Vec::new(),
            header: None,
            tags: Vec::new(),
            float: 0,
            source: None,
        }
    }

    /// Tags the draws added from now on.
    pub(in crate::pdf::layout) fn tag_from_here(&mut self, tag: Tag) {
        let at = self.draws.len();
        match self.tags.last_mut() {
            Some(last) if last.0 == at => last.1 = tag,
            _ => self.tags.push((at, tag)),
        }
    }

    /// What draw `index` is.
    pub fn tag_of(&self, index: usize) -> Tag {
        match self.tags.partition_point(|&(from, _)| from <= index) {
            0 => Tag::Artifact,
            n => self.tags[n - 1].1,
        }
    }

    /// Puts `draws`, tagged `tag`, before the slab's own, so they come first in reading
    /// order (a list item's label).
    pub(super) fn prepend(&mut self, draws: Vec<Draw>, tag: Tag) {
        let count = draws.len();
        if count == 0 {
            return;
        }
        let from_start = self.tags.first().is_some_and(|&(from, _)| from == 0);
        for entry in &mut self.tags {
            entry.0 += count;
        }
        if !from_start {
            self.tags.insert(0, (count, Tag::Artifact));
        }
        self.tags.insert(0, (0, tag));
        self.draws.splice(0..0, draws);
    }

    /// The last element this slab's draws belong to.
    pub(super) fn last_node(&self) -> Option<Node> {
        self.tags.iter().rev().find_map(|&(_, tag)| match tag {
            Tag::Content(node) => Some(node),
            Tag::Artifact => None,
        })
    }
}

/// The baseline of a slab's first text, where a list marker belongs.
pub(super) fn first_baseline(slab: &Slab) -> f32 {
    slab.draws
        .iter()
        .find_map(|d| match d {
            Draw::Text { baseline, .. } => Some(*baseline),
            _ => None,
        })
        .unwrap_or(slab.height * BASELINE)
}
