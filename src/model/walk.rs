//! Visiting every node of a tree in document order, for passes that resolve or check something
//! everywhere (ids, links, images) without each writing its own recursion.

use super::{Block, BlockKind, Inline, InlineKind, Link};

/// Calls `f` on every block, parents before children, in document order.
pub fn visit_blocks_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Block)) {
    for block in blocks {
        f(block);
        for_child_blocks(block, &mut |children| visit_blocks_mut(children, f));
    }
}

/// Calls `f` on every block, parents before children, in document order, without changing them.
pub fn visit_blocks<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Block)) {
    for block in blocks {
        f(block);
        match &block.kind {
            BlockKind::BlockQuote { blocks } | BlockKind::Div { blocks } => visit_blocks(blocks, f),
            BlockKind::List(list) => {
                for item in &list.items {
                    visit_blocks(&item.blocks, f);
                }
            }
            BlockKind::DefinitionList { items } => {
                for definition in items.iter().flat_map(|item| &item.definitions) {
                    visit_blocks(definition, f);
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` on every inline, parents before children, in document order, without changing
/// them: the read-only twin of [`visit_inlines_mut`], for passes that only look (as for the
/// images to load).
pub fn visit_inlines<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Inline)) {
    fn tree<'a>(inlines: &'a [Inline], f: &mut impl FnMut(&'a Inline)) {
        for inline in inlines {
            f(inline);
            if let Some(content) = inline.kind.content() {
                tree(content, f);
            }
        }
    }
    visit_blocks(blocks, &mut |block| match &block.kind {
        BlockKind::Heading(h) => tree(&h.content, f),
        BlockKind::Paragraph { content } => tree(content, f),
        BlockKind::Figure(figure) => tree(&figure.caption, f),
        BlockKind::Table(table) => {
            for cell in table
                .header
                .iter()
                .chain(&table.rows)
                .flat_map(|r| &r.cells)
            {
                tree(cell, f);
            }
        }
        BlockKind::DefinitionList { items } => {
            for item in items {
                tree(&item.term, f);
            }
        }
        _ => {}
    });
}

/// Calls `f` on every inline, parents before children, in document order.
pub fn visit_inlines_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Inline)) {
    visit_blocks_mut(blocks, &mut |block| {
        for_block_inlines(block, &mut |inlines| visit_inline_tree(inlines, f))
    });
}

fn visit_inline_tree(inlines: &mut [Inline], f: &mut impl FnMut(&mut Inline)) {
    for inline in inlines {
        f(inline);
        if let Some(children) = inline.kind.content_mut() {
            visit_inline_tree(children, f);
        }
    }
}

/// The pattern of every inline that holds inlines, binding them to `$content`: the one list of
/// containers, so that a new one is added in one place.
macro_rules! container {
    ($content:ident) => {
        InlineKind::Emphasis { content: $content }
            | InlineKind::Strong { content: $content }
            | InlineKind::Strikethrough { content: $content }
            | InlineKind::Superscript { content: $content }
            | InlineKind::Subscript { content: $content }
            | InlineKind::Keyboard { content: $content }
            | InlineKind::Span {
                content: $content,
                ..
            }
            | InlineKind::Link(Link {
                content: $content,
                ..
            })
    };
}

impl InlineKind {
    /// The inlines nested inside, if this is a container.
    pub fn content(&self) -> Option<&[Inline]> {
        match self {
            container!(content) => Some(content),
            _ => None,
        }
    }

    /// The inlines nested inside, if this is a container, to change.
    pub fn content_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            container!(content) => Some(content),
            _ => None,
        }
    }
}

/// The runs of inlines a block holds directly (not those of nested blocks).
fn for_block_inlines(block: &mut Block, f: &mut impl FnMut(&mut [Inline])) {
    match &mut block.kind {
        BlockKind::Heading(h) => f(&mut h.content),
        BlockKind::Paragraph { content } => f(content),
        BlockKind::Figure(figure) => f(&mut figure.caption),
        BlockKind::Table(table) => {
            for row in table.header.iter_mut().chain(table.rows.iter_mut()) {
                for cell in &mut row.cells {
                    f(cell);
                }
            }
        }
        BlockKind::DefinitionList { items } => {
            for item in items {
                f(&mut item.term);
            }
        }
        _ => {}
    }
}

/// The block lists a block holds directly.
fn for_child_blocks(block: &mut Block, f: &mut impl FnMut(&mut [Block])) {
    match &mut block.kind {
        BlockKind::BlockQuote { blocks } | BlockKind::Div { blocks } => f(blocks),
        BlockKind::List(list) => {
            for item in &mut list.items {
                f(&mut item.blocks);
            }
        }
        BlockKind::DefinitionList { items } => {
            for item in items {
                for definition in &mut item.definitions {
                    f(definition);
                }
            }
        }
        _ => {}
    }
}
