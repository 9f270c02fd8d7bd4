//! The page description: what typesetting hands to the PDF writer.
//!
//! Everything is placed: text runs at baselines, rules, link areas, named destinations and the
//! outline. Units are PostScript points, origin at the bottom-left of the page as in PDF. The
//! writer only turns this into PDF objects; it makes no typographic decision.

use super::structure::Node;
use crate::model::Position;
use crate::pdf::pictures::Picture;
use crate::pdf::text::{Gray, Ink, LinkTarget, ShapedRun};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct PagedDocument {
    pub pages: Vec<Page>,
    /// Where each id (heading, anchor, footnote) landed: page index and the y of its top.
    pub destinations: BTreeMap<String, Destination>,
    /// Bookmarks in document order; `level` 1 is the top.
    pub outline: Vec<OutlineEntry>,
    /// Pages before this index (title, contents) are numbered i, ii … in page labels; the
    /// rest 1, 2 …, matching the printed folios.
    pub first_body_page: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Destination {
    pub page: usize,
    pub y: f32,
}

#[derive(Debug, Clone)]
pub struct OutlineEntry {
    pub title: String,
    pub level: u8,
    pub destination: Destination,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Placed>,
    /// What each item is in tagged PDF, by index.
    pub marks: Vec<Mark>,
    pub links: Vec<LinkArea>,
    /// Where the body's text on this page begins in the model: the earliest place any of its
    /// slabs begins (a figure floated here comes before the text that stayed behind it).
    pub start: Option<Position>,
}

impl Page {
    /// Adds `item`, which is `mark`.
    pub fn put(&mut self, mark: Mark, item: Placed) {
        self.items.push(item);
        self.marks.push(mark);
    }
}

/// What a placed item is in tagged PDF: content of a structure element (linked text names
/// its link area, by index in [`Page::links`]), or an artifact such as a running head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Artifact,
    /// `link`: an index in [`Page::links`]; 32 bits, as one mark is held per placed item.
    Content {
        node: Node,
        link: Option<u32>,
    },
}

/// Something drawn on a page, in the page's frame. Slabs hold the same items in their own
/// frame (`flow::Draw::Item`: `y` down from the slab's top) until page building places them.
#[derive(Debug, Clone)]
pub enum Placed {
    /// A shaped run with its origin (left end of the baseline) at `(x, y)`. Justification is
    /// already in the positions: the runs of one line come left to right, each where it must
    /// start, and the writer may join them into one text object. `scale` widens the glyphs
    /// horizontally (font expansion, PDF's `Tz`); 1 is their natural width.
    Text {
        x: f32,
        y: f32,
        size: f32,
        run: Arc<ShapedRun>,
        ink: Ink,
        scale: f32,
        /// A word space follows: the writer draws the face's space glyph after the run.
        space_after: bool,
    },
    /// A straight line from `(x1, y1)` to `(x2, y2)`.
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        thickness: f32,
        gray: Gray,
    },
    /// A filled rectangle with its lower-left corner at `(x, y)`.
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        gray: Gray,
    },
    /// An image drawn into the rectangle with its lower-left corner at `(x, y)`; `alt` is its
    /// text alternative, kept for tagging (a boxed `str`, so that the rare image does not make
    /// every item of a long listing larger).
    Image {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        picture: Arc<Picture>,
        alt: Box<str>,
    },
    /// Opens a group of items, up to the matching [`Placed::EndGroup`], drawn in a graphics
    /// state of their own: clipped to `clip` (lower-left and upper-right corners, on the page)
    /// when given, their coordinates then mapped by `matrix` (PDF's `[a b c d e f]`). A cover
    /// picture cut to its panel, a spine's lines turned to run down it.
    Group {
        clip: Option<[f32; 4]>,
        matrix: [f32; 6],
    },
    EndGroup,
}

#[derive(Debug, Clone)]
pub struct LinkArea {
    /// Lower-left and upper-right corners.
    pub rect: [f32; 4],
    pub target: LinkTarget,
}
