//! Stage 4, layout: takes the document's blocks, the design and the earlier stages' tools,
//! gives the page description ([`Laid`]): every run, rule and picture placed on its page, with
//! links, destinations and the outline.
//!
//! `design` holds the sizes; `flow` turns blocks into slabs; `page` cuts slabs into pages with
//! their notes (`foot`) and furniture; `contents` adds a contents page; `laid` is the result.

mod contents;
mod design;
mod flow;
mod foot;
mod laid;
mod page;
mod structure;

pub(crate) use contents::paginate as paginate_with_contents;
pub(crate) use design::Design;
pub(crate) use flow::Flow;
/// Only the writer's tests build destinations by hand; the writer reads them off [`Laid`].
#[cfg(test)]
pub(crate) use laid::Destination;
pub(crate) use laid::{Laid, LinkArea, Mark, OutlineEntry, Page, Placed};
pub(crate) use page::{Furniture, draft, paginate};
pub(crate) use structure::{Element, Node, Role, Structure};
