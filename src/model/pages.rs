//! Where the pages of a paginated edition begin, said in terms of the model, so one backend (the
//! PDF's pagination) can tell another (the EPUB's page-list) without either knowing the other.
//!
//! A position is a block, counted in [`super::visit_blocks`] order from 0 over the document's
//! body, and a character offset in that block's own text: the characters of the inlines it holds
//! directly, as [`super::plain_text`] has them (a break counts as one character; images,
//! anchors and note references count none), run together in document order. A table's own text
//! is its cells', row by row; a definition list's, its terms'; a figure's, its caption's; a
//! listing's or a displayed formula's, its source. Blocks that only hold blocks have none.

/// A place in the body's text: see the module's description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub block: usize,
    pub offset: usize,
}

/// One page of the paginated edition: its label as printed (`iii`, `12`) and where its text
/// begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageStart {
    pub label: String,
    pub position: Position,
}

/// The pages of an edition whose text comes from the body, in page order (so in reading order),
/// with a description of the edition they come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageStarts {
    /// What identifies the paginated edition (its title and kind), for the EPUB's page source.
    pub source: String,
    pub pages: Vec<PageStart>,
}
