//! The builder's open containers: what each [`Frame`] holds while its events arrive (blocks,
//! inlines, a list's items, a table's rows …), and how a block frame gathers loose inlines into
//! paragraphs. Closing a frame into a model node is [`super::close`]'s work.

use super::super::Context;
use super::figure::paragraph_or_figure;
use super::text::is_blank;
use crate::model::*;

pub(super) enum Frame {
    Blocks(BlockFrame),
    Inlines(InlineFrame),
    List {
        start: Option<u64>,
        tight: bool,
        items: Vec<ListItem>,
    },
    Table {
        alignments: Vec<Align>,
        header: Vec<TableRow>,
        rows: Vec<TableRow>,
    },
    Row {
        cells: Vec<Vec<Inline>>,
    },
    Code {
        lang: Option<String>,
        code: String,
    },
    DefinitionList {
        items: Vec<DefinitionItem>,
    },
    /// A front matter block, with the span of its text so far: pulldown-cmark may hand it over in
    /// pieces (it splits at each `\r\n`), and it is parsed whole at its end.
    Metadata(Option<std::ops::Range<usize>>),
}

#[derive(PartialEq)]
pub(super) enum BlocksKind {
    Root,
    Quote,
    Item,
    Note(String),
    Definition,
    /// A fenced (`fenced`) or HTML div, opened at byte `start`.
    Div {
        locale: Locale,
        fenced: bool,
        start: usize,
    },
}

/// A container of blocks. Tight list items and definitions hold bare inlines, gathered in
/// `loose` until a block starts or the container ends, then wrapped in a paragraph.
pub(super) struct BlockFrame {
    pub(super) kind: BlocksKind,
    pub(super) blocks: Vec<Block>,
    pub(super) loose: Vec<Inline>,
    pub(super) task: Option<bool>,
    pub(super) has_paragraph: bool,
}

impl BlockFrame {
    pub(super) fn new(kind: BlocksKind) -> Self {
        BlockFrame {
            kind,
            blocks: Vec::new(),
            loose: Vec::new(),
            task: None,
            has_paragraph: false,
        }
    }

    pub(super) fn flush_loose(&mut self, ctx: &Context) {
        if self.loose.is_empty() {
            return;
        }
        let inlines = std::mem::take(&mut self.loose);
        if inlines.iter().all(is_blank) {
            return;
        }
        let range = inlines[0].span.start..inlines[inlines.len() - 1].span.end;
        self.blocks.push(paragraph_or_figure(ctx, inlines, range));
    }

    pub(super) fn finish(mut self, ctx: &Context) -> Vec<Block> {
        self.flush_loose(ctx);
        self.blocks
    }
}

pub(super) enum InlinesKind {
    Paragraph,
    Heading {
        level: u8,
        id: Option<String>,
        classes: Vec<String>,
        attributes: Vec<(String, String)>,
    },
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
    Link {
        target: LinkTarget,
        title: Option<String>,
    },
    Image {
        src: String,
        title: Option<String>,
    },
    Cell,
    Term,
    /// A bracketed span, `[text]{lang=fa}`.
    Span(Locale),
    /// The body of an HTML block, read as inline content.
    HtmlBlock,
    /// An element opened by an inline HTML tag; closed by its end tag or its container's end.
    Html {
        tag: String,
        kind: HtmlKind,
    },
}

pub(super) struct InlineFrame {
    pub(super) kind: InlinesKind,
    pub(super) inlines: Vec<Inline>,
    pub(super) start: usize,
}

/// What an inline HTML element becomes when it closes.
#[derive(Clone)]
pub(super) enum HtmlKind {
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
    Keyboard,
    Code,
    Span(Locale),
    Link {
        target: LinkTarget,
        title: Option<String>,
    },
}
