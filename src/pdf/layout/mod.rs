//! Stage 4, layout: takes the document's blocks, the design and the earlier stages' tools,
//! gives the page description ([`PagedDocument`]): every run, rule and picture placed on its
//! page, with links, destinations and the outline.
//!
//! `design` holds the sizes, spaces and greys; `flow` turns blocks into slabs, one file per
//! kind of block; `page` cuts slabs into pages (`page/breaking`, with the notes' `foot`),
//! places them (`page/place`) and adds the furniture (`page/furniture`); `contents` adds a
//! contents page; `structure` is what tagged PDF says the content is; `paged` is the result.

mod contents;
mod design;
mod flow;
mod foot;
mod page;
mod paged;
mod structure;

pub(crate) use contents::paginate as paginate_with_contents;
pub(crate) use design::Design;
pub(crate) use flow::{BlockFlow, FlowConfig, FlowOutput};
pub(crate) use page::{Furniture, draft, paginate};
/// Only the writer's tests build destinations by hand; the writer reads them off [`PagedDocument`].
#[cfg(test)]
pub(crate) use paged::Destination;
pub(crate) use paged::{LinkArea, Mark, OutlineEntry, Page, PagedDocument, Placed};
pub(crate) use structure::{Element, Node, Role, Structure};
