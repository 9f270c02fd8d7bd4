//! pulldown-cmark events to the model tree.
//!
//! The event stream is flat, so the tree is built on an explicit stack of open containers
//! ([`Frame`]s); nothing recurses, so deep input cannot overflow the stack, and depth is capped
//! at [`super::MAX_NESTING`] so the backends' recursive walks are safe too.

use super::html::{self, Token};
use super::{Context, MAX_NESTING, front_matter};
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::resources::is_remote;
use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The tree as read, before titles, ids and references are resolved.
pub(super) struct Built {
    pub meta: Metadata,
    pub blocks: Vec<Block>,
    /// Numbered in order of first reference; definitions never referenced have no number.
    pub notes: Vec<NoteDefinition>,
    /// Labels referenced in the text, by number.
    pub note_labels: Vec<String>,
}

pub(super) struct NoteDefinition {
    pub label: String,
    pub blocks: Vec<Block>,
    pub span: Span,
}

/// pandoc-flavoured Markdown as far as pulldown-cmark goes. `ENABLE_FOOTNOTES` gives GFM
/// footnotes (`OLD_FOOTNOTES` would turn them off again, see DEVELOPERS.md).
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_MATH
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
}

pub(super) fn build(ctx: &Context, diagnostics: &mut Vec<Diagnostic>) -> Result<Built, Diagnostic> {
    let mut builder = Builder {
        ctx,
        diagnostics,
        stack: vec![Frame::Blocks(BlockFrame::new(BlocksKind::Root))],
        meta: None,
        notes: Vec::new(),
        note_numbers: HashMap::new(),
        note_labels: Vec::new(),
        suppress_until: None,
        warned_tags: HashSet::new(),
    };
    for (event, range) in Parser::new_ext(ctx.text, parser_options()).into_offset_iter() {
        builder.event(event, range)?;
    }
    let Some(Frame::Blocks(root)) = builder.stack.pop() else {
        unreachable!("the root frame is never popped by an event");
    };
    Ok(Built {
        meta: builder.meta.unwrap_or_default(),
        blocks: root.finish(ctx),
        notes: builder.notes,
        note_labels: builder.note_labels,
    })
}

struct Builder<'a, 'd> {
    ctx: &'a Context<'a>,
    diagnostics: &'d mut Vec<Diagnostic>,
    stack: Vec<Frame>,
    meta: Option<Metadata>,
    notes: Vec<NoteDefinition>,
    note_numbers: HashMap<String, u32>,
    note_labels: Vec<String>,
    /// Inside `<script>` or `<style>`: everything up to this closing tag is dropped.
    suppress_until: Option<String>,
    /// Dropped HTML tags already warned about (one warning per tag name is enough).
    warned_tags: HashSet<String>,
}

enum Frame {
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
    Metadata,
}

#[derive(PartialEq)]
enum BlocksKind {
    Root,
    Quote,
    Item,
    Note(String),
    Definition,
}

/// A container of blocks. Tight list items and definitions hold bare inlines, gathered in
/// `loose` until a block starts or the container ends, then wrapped in a paragraph.
struct BlockFrame {
    kind: BlocksKind,
    blocks: Vec<Block>,
    loose: Vec<Inline>,
    task: Option<bool>,
    has_paragraph: bool,
}

impl BlockFrame {
    fn new(kind: BlocksKind) -> Self {
        BlockFrame {
            kind,
            blocks: Vec::new(),
            loose: Vec::new(),
            task: None,
            has_paragraph: false,
        }
    }

    fn flush_loose(&mut self, ctx: &Context) {
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

    fn finish(mut self, ctx: &Context) -> Vec<Block> {
        self.flush_loose(ctx);
        self.blocks
    }
}

enum InlinesKind {
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
    /// The body of an HTML block, read as inline content.
    HtmlBlock,
    /// An element opened by an inline HTML tag; closed by its end tag or its container's end.
    Html {
        tag: String,
        kind: HtmlKind,
    },
}

#[derive(Clone)]
enum HtmlKind {
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
    Keyboard,
    Code,
    Link {
        target: LinkTarget,
        title: Option<String>,
    },
}

struct InlineFrame {
    kind: InlinesKind,
    inlines: Vec<Inline>,
    start: usize,
}

fn is_blank(inline: &Inline) -> bool {
    match &inline.kind {
        InlineKind::Text { text } => text.trim().is_empty(),
        InlineKind::SoftBreak | InlineKind::LineBreak => true,
        _ => false,
    }
}

/// A paragraph, or a figure when its only content is one image. Markdown images take their
/// caption from the title, else the alt text (pandoc's implicit figures); HTML `<img>` authors
/// write captions of their own and alt text for screen readers, so those get the title only.
/// Which syntax the image was written in is read from its source, as an HTML image can stand
/// alone in a Markdown paragraph, an HTML block or a tight list item.
fn paragraph_or_figure(ctx: &Context, inlines: Vec<Inline>, range: Range<usize>) -> Block {
    let mut content = inlines.iter().filter(|i| !is_blank(i));
    if let (Some(only), None) = (content.next(), content.next()) {
        if let InlineKind::Image(image) = &only.kind {
            let from_markdown = ctx
                .text
                .get(only.span.start..)
                .is_some_and(|text| text.starts_with("!["));
            let caption_text = image
                .title
                .clone()
                .or_else(|| from_markdown.then(|| image.alt.clone()))
                .filter(|c| !c.trim().is_empty());
            let caption = caption_text
                .map(|c| vec![Inline::text(c, only.span)])
                .unwrap_or_default();
            return Block::new(
                BlockKind::Figure(Figure {
                    image: image.clone(),
                    caption,
                }),
                ctx.span(range),
            );
        }
        if let InlineKind::Math { tex } = &only.kind
            && ctx.text[only.span.start..only.span.end].starts_with("$$")
        {
            return Block::new(BlockKind::Math { tex: tex.clone() }, ctx.span(range));
        }
    }
    Block::new(BlockKind::Paragraph { content: inlines }, ctx.span(range))
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// `rust,ignore`, `{.rust .numberLines}` and `rust title="x"` all name the language `rust`.
fn code_language(info: &str) -> Option<String> {
    let info = info.trim().trim_start_matches('{').trim_start();
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '}')
        .next()?;
    let word = word.trim_start_matches('.');
    (!word.is_empty()).then(|| word.to_string())
}

impl Builder<'_, '_> {
    fn event(&mut self, event: Event, range: Range<usize>) -> Result<(), Diagnostic> {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => {
                self.end(tag, range);
                Ok(())
            }
            Event::Text(text) => {
                if matches!(self.stack.last(), Some(Frame::Code { .. })) {
                    if let Some(Frame::Code { code, .. }) = self.stack.last_mut() {
                        code.push_str(&text);
                    }
                } else if matches!(self.stack.last(), Some(Frame::Metadata)) {
                    self.front_matter(range)?;
                } else {
                    self.push_text(&text, range);
                }
                Ok(())
            }
            Event::Code(code) => self.push_inline(
                InlineKind::Code {
                    code: code.into_string(),
                },
                range,
            ),
            Event::InlineMath(tex) | Event::DisplayMath(tex) => self.push_inline(
                InlineKind::Math {
                    tex: tex.into_string(),
                },
                range,
            ),
            Event::Html(html) | Event::InlineHtml(html) => self.raw_html(&html, range),
            Event::FootnoteReference(label) => {
                let key = label.to_lowercase();
                let next = self.note_numbers.len() as u32 + 1;
                let number = *self.note_numbers.entry(key).or_insert_with(|| {
                    self.note_labels.push(label.to_string());
                    next
                });
                self.push_inline(InlineKind::FootnoteRef { number }, range)
            }
            Event::SoftBreak => self.push_inline(InlineKind::SoftBreak, range),
            Event::HardBreak => self.push_inline(InlineKind::LineBreak, range),
            Event::Rule => {
                self.push_block(Block::new(BlockKind::ThematicBreak, self.ctx.span(range)));
                Ok(())
            }
            Event::TaskListMarker(checked) => {
                if let Some(Frame::Blocks(item)) = self
                    .stack
                    .iter_mut()
                    .rev()
                    .find(|f| matches!(f, Frame::Blocks(b) if b.kind == BlocksKind::Item))
                {
                    item.task = Some(checked);
                }
                Ok(())
            }
        }
    }

    fn push(&mut self, frame: Frame, range: &Range<usize>) -> Result<(), Diagnostic> {
        if self.stack.len() > MAX_NESTING {
            return Err(self
                .ctx
                .error_at(
                    range.clone(),
                    format!("blocks are nested more than {MAX_NESTING} levels deep"),
                )
                .with_help("flatten the nesting; no reader can follow it anyway"));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn push_inlines(&mut self, kind: InlinesKind, range: &Range<usize>) -> Result<(), Diagnostic> {
        self.push(
            Frame::Inlines(InlineFrame {
                kind,
                inlines: Vec::new(),
                start: range.start,
            }),
            range,
        )
    }

    fn push_blocks(&mut self, kind: BlocksKind, range: &Range<usize>) -> Result<(), Diagnostic> {
        self.push(Frame::Blocks(BlockFrame::new(kind)), range)
    }

    fn start(&mut self, tag: Tag, range: Range<usize>) -> Result<(), Diagnostic> {
        // A block starting inside a tight list item ends the item's bare text; inline tags
        // (emphasis, links …) are part of it.
        let inline_tag = matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        );
        if let Some(Frame::Blocks(frame)) = self.stack.last_mut()
            && !inline_tag
        {
            frame.flush_loose(self.ctx);
            frame.has_paragraph |= matches!(tag, Tag::Paragraph);
        }
        match tag {
            Tag::Paragraph => self.push_inlines(InlinesKind::Paragraph, &range),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => self.push_inlines(
                InlinesKind::Heading {
                    level: heading_level(level),
                    id: id.map(|i| i.into_string()),
                    classes: classes.into_iter().map(|c| c.into_string()).collect(),
                    attributes: attrs
                        .into_iter()
                        .map(|(k, v)| {
                            (
                                k.into_string(),
                                v.map(|v| v.into_string()).unwrap_or_default(),
                            )
                        })
                        .collect(),
                },
                &range,
            ),
            Tag::BlockQuote(_) => self.push_blocks(BlocksKind::Quote, &range),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => code_language(&info),
                    CodeBlockKind::Indented => None,
                };
                self.push(
                    Frame::Code {
                        lang,
                        code: String::new(),
                    },
                    &range,
                )
            }
            Tag::HtmlBlock => self.push_inlines(InlinesKind::HtmlBlock, &range),
            Tag::List(start) => self.push(
                Frame::List {
                    start,
                    tight: true,
                    items: Vec::new(),
                },
                &range,
            ),
            Tag::Item => self.push_blocks(BlocksKind::Item, &range),
            Tag::FootnoteDefinition(label) => {
                self.push_blocks(BlocksKind::Note(label.into_string()), &range)
            }
            Tag::DefinitionList => self.push(Frame::DefinitionList { items: Vec::new() }, &range),
            Tag::DefinitionListTitle => self.push_inlines(InlinesKind::Term, &range),
            Tag::DefinitionListDefinition => self.push_blocks(BlocksKind::Definition, &range),
            Tag::Table(alignments) => self.push(
                Frame::Table {
                    alignments: alignments.into_iter().map(align).collect(),
                    header: Vec::new(),
                    rows: Vec::new(),
                },
                &range,
            ),
            Tag::TableHead | Tag::TableRow => self.push(Frame::Row { cells: Vec::new() }, &range),
            Tag::TableCell => self.push_inlines(InlinesKind::Cell, &range),
            Tag::Emphasis => self.push_inlines(InlinesKind::Emphasis, &range),
            Tag::Strong => self.push_inlines(InlinesKind::Strong, &range),
            Tag::Strikethrough => self.push_inlines(InlinesKind::Strikethrough, &range),
            Tag::Superscript => self.push_inlines(InlinesKind::Superscript, &range),
            Tag::Subscript => self.push_inlines(InlinesKind::Subscript, &range),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let target = self.link_target(link_type, &dest_url, &range);
                let title = (!title.is_empty()).then(|| title.into_string());
                self.push_inlines(InlinesKind::Link { target, title }, &range)
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                let title = (!title.is_empty()).then(|| title.into_string());
                self.push_inlines(
                    InlinesKind::Image {
                        src: dest_url.into_string(),
                        title,
                    },
                    &range,
                )
            }
            Tag::MetadataBlock(_) => self.push(Frame::Metadata, &range),
        }
    }

    /// Classifies a link destination. Links to other files cannot be followed inside one
    /// document: they keep their text, lose the link, and say so.
    fn link_target(&mut self, link_type: LinkType, dest: &str, range: &Range<usize>) -> LinkTarget {
        if link_type == LinkType::Email {
            return LinkTarget::External(format!("mailto:{dest}"));
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            return LinkTarget::Internal(fragment.to_string());
        }
        if is_remote(dest) {
            return LinkTarget::External(dest.to_string());
        }
        if self.ctx.in_book() {
            // The book resolves links between its chapters, and reports those it cannot.
            return LinkTarget::Unresolved(dest.to_string());
        }
        self.diagnostics.push(
            self.ctx
                .warn_at(range.clone(), format!("link to `{dest}`, which is not part of this document"))
                .with_help("the link text is kept without a link; build the chapters as one book to link them"),
        );
        LinkTarget::Unresolved(dest.to_string())
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        self.close_html_elements();
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let span = self.ctx.span(range.clone());
        match frame {
            Frame::Blocks(frame) => self.end_blocks(frame, range),
            Frame::Inlines(frame) => self.end_inlines(frame, range),
            Frame::List {
                start,
                tight,
                items,
            } => self.push_block(Block::new(
                BlockKind::List(List {
                    start,
                    tight,
                    items,
                }),
                span,
            )),
            Frame::Table {
                alignments,
                header,
                rows,
            } => self.push_block(Block::new(
                BlockKind::Table(Table {
                    alignments,
                    header,
                    rows,
                }),
                span,
            )),
            Frame::Row { cells } => {
                let row = TableRow { cells, span };
                if let Some(Frame::Table { header, rows, .. }) = self.stack.last_mut() {
                    if tag == TagEnd::TableHead {
                        header.push(row)
                    } else {
                        rows.push(row)
                    }
                }
            }
            Frame::Code { lang, code } => {
                self.push_block(Block::new(BlockKind::CodeBlock { lang, code }, span))
            }
            Frame::DefinitionList { items } => {
                self.push_block(Block::new(BlockKind::DefinitionList { items }, span))
            }
            Frame::Metadata => {}
        }
    }

    fn end_blocks(&mut self, mut frame: BlockFrame, range: Range<usize>) {
        let span = self.ctx.span(range);
        let kind = std::mem::replace(&mut frame.kind, BlocksKind::Root);
        let (task, loose_item) = (frame.task, frame.has_paragraph);
        let blocks = frame.finish(self.ctx);
        match kind {
            BlocksKind::Root => unreachable!("the root frame has no end event"),
            BlocksKind::Quote => {
                self.push_block(Block::new(BlockKind::BlockQuote { blocks }, span))
            }
            BlocksKind::Item => {
                if let Some(Frame::List { items, tight, .. }) = self.stack.last_mut() {
                    *tight &= !loose_item;
                    items.push(ListItem { task, blocks, span });
                }
            }
            BlocksKind::Note(label) => self.notes.push(NoteDefinition {
                label,
                blocks,
                span,
            }),
            BlocksKind::Definition => {
                if let Some(Frame::DefinitionList { items }) = self.stack.last_mut() {
                    match items.last_mut() {
                        Some(item) => item.definitions.push(blocks),
                        None => items.push(DefinitionItem {
                            term: Vec::new(),
                            definitions: vec![blocks],
                            span,
                        }),
                    }
                }
            }
        }
    }

    fn end_inlines(&mut self, frame: InlineFrame, range: Range<usize>) {
        let span = self.ctx.span(frame.start..range.end);
        let content = frame.inlines;
        let inline = |kind| Inline::new(kind, span);
        match frame.kind {
            InlinesKind::Paragraph => {
                self.push_block(paragraph_or_figure(self.ctx, content, range))
            }
            InlinesKind::HtmlBlock => {
                if !content.iter().all(is_blank) {
                    let content = trim_inlines(content);
                    self.push_block(paragraph_or_figure(self.ctx, content, range));
                }
            }
            InlinesKind::Heading {
                level,
                id,
                classes,
                attributes,
            } => self.push_block(Block::new(
                BlockKind::Heading(Heading {
                    level,
                    id: id.unwrap_or_default(),
                    classes,
                    attributes,
                    content,
                }),
                span,
            )),
            InlinesKind::Emphasis => self.append(inline(InlineKind::Emphasis { content })),
            InlinesKind::Strong => self.append(inline(InlineKind::Strong { content })),
            InlinesKind::Strikethrough => {
                self.append(inline(InlineKind::Strikethrough { content }))
            }
            InlinesKind::Superscript => self.append(inline(InlineKind::Superscript { content })),
            InlinesKind::Subscript => self.append(inline(InlineKind::Subscript { content })),
            InlinesKind::Link { target, title } => self.append(inline(InlineKind::Link(Link {
                target,
                title,
                content,
            }))),
            InlinesKind::Image { src, title } => {
                let alt = plain_text(&content).trim().to_string();
                self.append(inline(InlineKind::Image(Image {
                    src,
                    alt,
                    title,
                    local: false,
                })))
            }
            InlinesKind::Cell => {
                if let Some(Frame::Row { cells }) = self.stack.last_mut() {
                    cells.push(content);
                }
            }
            InlinesKind::Term => {
                if let Some(Frame::DefinitionList { items }) = self.stack.last_mut() {
                    items.push(DefinitionItem {
                        term: content,
                        definitions: Vec::new(),
                        span,
                    });
                }
            }
            InlinesKind::Html { kind, .. } => self.append(html_inline(kind, content, span)),
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Frame::Blocks(frame)) => {
                frame.flush_loose(self.ctx);
                frame.blocks.push(block);
            }
            // Blocks where the tree has no room for them (a list directly inside an HTML
            // block's text, say) cannot occur with pulldown-cmark's events; keep them anyway.
            _ => {
                let root = self.stack.iter_mut().rev().find_map(|f| match f {
                    Frame::Blocks(b) => Some(b),
                    _ => None,
                });
                if let Some(frame) = root {
                    frame.blocks.push(block);
                }
            }
        }
    }

    /// Adds an inline to the innermost open container that takes inlines.
    fn append(&mut self, inline: Inline) {
        match self.stack.last_mut() {
            Some(Frame::Inlines(frame)) => push_merged(&mut frame.inlines, inline),
            Some(Frame::Blocks(frame)) => push_merged(&mut frame.loose, inline),
            _ => {}
        }
    }

    fn push_inline(&mut self, kind: InlineKind, range: Range<usize>) -> Result<(), Diagnostic> {
        if self.suppress_until.is_none() {
            self.append(Inline::new(kind, self.ctx.span(range)));
        }
        Ok(())
    }

    fn push_text(&mut self, text: &str, range: Range<usize>) {
        if self.suppress_until.is_none() {
            self.append(Inline::text(text, self.ctx.span(range)));
        }
    }

    fn front_matter(&mut self, range: Range<usize>) -> Result<(), Diagnostic> {
        if self.meta.is_some() {
            self.diagnostics.push(
                self.ctx
                    .warn_at(range, "a second front matter block is ignored")
                    .with_help("merge it into the first"),
            );
            return Ok(());
        }
        self.meta = Some(front_matter::parse(self.ctx, range)?);
        Ok(())
    }

    /// Turns raw HTML into model nodes; see the module docs of [`super::html`].
    fn raw_html(&mut self, raw: &str, range: Range<usize>) -> Result<(), Diagnostic> {
        let in_block = matches!(self.stack.last(), Some(Frame::Inlines(f)) if matches!(f.kind, InlinesKind::HtmlBlock));
        for (token, local) in html::tokenize(raw) {
            let at = range.start + local.start..range.start + local.end;
            if let Some(until) = &self.suppress_until {
                if matches!(&token, Token::End { name } if name == until) {
                    self.suppress_until = None;
                }
                continue;
            }
            match token {
                Token::Ignored => {}
                Token::Text(text) => {
                    let text = html::decode_entities(text);
                    let text = if in_block {
                        collapse_whitespace(&text)
                    } else {
                        text.into_owned()
                    };
                    if !text.is_empty() {
                        self.push_text(&text, at);
                    }
                }
                Token::End { name } => self.close_html_element(&name),
                ref start @ Token::Start {
                    ref name,
                    self_closing,
                    ..
                } => {
                    let name = name.clone();
                    self.html_start(start, &name, self_closing, at)?;
                }
            }
        }
        Ok(())
    }

    fn html_start(
        &mut self,
        token: &Token,
        name: &str,
        self_closing: bool,
        at: Range<usize>,
    ) -> Result<(), Diagnostic> {
        let id = token
            .attribute("id")
            .or_else(|| token.attribute("name").filter(|_| name == "a"));
        if let Some(id) = id.filter(|i| !i.trim().is_empty()) {
            self.push_inline(InlineKind::Anchor { id }, at.clone())?;
        }
        let kind = match name {
            "br" => return self.push_inline(InlineKind::LineBreak, at),
            "img" => {
                let src = token.attribute("src").unwrap_or_default();
                let alt = token.attribute("alt").unwrap_or_default();
                let title = token.attribute("title");
                return self.push_inline(
                    InlineKind::Image(Image {
                        src,
                        alt,
                        title,
                        local: false,
                    }),
                    at,
                );
            }
            "script" | "style" => {
                if !self_closing {
                    self.suppress_until = Some(name.to_string());
                }
                return Ok(());
            }
            "a" => match token.attribute("href") {
                Some(href) => {
                    let target = self.link_target(LinkType::Inline, &href, &at);
                    HtmlKind::Link {
                        target,
                        title: token.attribute("title"),
                    }
                }
                None => return Ok(()),
            },
            "em" | "i" | "cite" | "dfn" | "var" => HtmlKind::Emphasis,
            "strong" | "b" => HtmlKind::Strong,
            "s" | "del" | "strike" => HtmlKind::Strikethrough,
            "sup" => HtmlKind::Superscript,
            "sub" => HtmlKind::Subscript,
            "kbd" => HtmlKind::Keyboard,
            "code" | "tt" | "samp" => HtmlKind::Code,
            _ => {
                if self.warned_tags.insert(name.to_string()) {
                    self.diagnostics.push(
                        self.ctx
                            .warn_at(
                                at,
                                format!("raw HTML tag `<{name}>` dropped; its text is kept"),
                            )
                            .with_help("further tags of this name are dropped without a warning"),
                    );
                }
                return Ok(());
            }
        };
        if self_closing {
            return Ok(());
        }
        self.push_inlines(
            InlinesKind::Html {
                tag: name.to_string(),
                kind,
            },
            &at,
        )
    }

    /// Closes the inline HTML element `name` and any left open inside it; an end tag with no
    /// open element is dropped.
    fn close_html_element(&mut self, name: &str) {
        let open = self.stack.iter().rposition(|f| matches!(f, Frame::Inlines(InlineFrame { kind: InlinesKind::Html { tag, .. }, .. }) if tag == name));
        let Some(open) = open else { return };
        let innermost_non_html = self.stack.iter().rposition(|f| {
            !matches!(
                f,
                Frame::Inlines(InlineFrame {
                    kind: InlinesKind::Html { .. },
                    ..
                })
            )
        });
        if innermost_non_html.is_some_and(|i| i > open) {
            return; // The element was opened outside the current Markdown container.
        }
        while self.stack.len() > open {
            self.pop_html_element();
        }
    }

    /// Before a Markdown container ends, closes HTML elements left open inside it.
    fn close_html_elements(&mut self) {
        while matches!(
            self.stack.last(),
            Some(Frame::Inlines(InlineFrame {
                kind: InlinesKind::Html { .. },
                ..
            }))
        ) {
            self.pop_html_element();
        }
    }

    fn pop_html_element(&mut self) {
        if let Some(Frame::Inlines(frame)) = self.stack.pop() {
            let end = frame.inlines.last().map_or(frame.start, |i| i.span.end);
            self.end_inlines(frame, 0..end);
        }
    }
}

fn html_inline(kind: HtmlKind, content: Vec<Inline>, span: Span) -> Inline {
    let kind = match kind {
        HtmlKind::Emphasis => InlineKind::Emphasis { content },
        HtmlKind::Strong => InlineKind::Strong { content },
        HtmlKind::Strikethrough => InlineKind::Strikethrough { content },
        HtmlKind::Superscript => InlineKind::Superscript { content },
        HtmlKind::Subscript => InlineKind::Subscript { content },
        HtmlKind::Keyboard => InlineKind::Keyboard { content },
        HtmlKind::Code => InlineKind::Code {
            code: plain_text(&content),
        },
        HtmlKind::Link { target, title } => InlineKind::Link(Link {
            target,
            title,
            content,
        }),
    };
    Inline::new(kind, span)
}

/// Appends, merging adjacent text (pulldown-cmark splits text at every quote and entity).
fn push_merged(inlines: &mut Vec<Inline>, inline: Inline) {
    if let (Some(last), InlineKind::Text { text }) = (inlines.last_mut(), &inline.kind)
        && let InlineKind::Text { text: previous } = &mut last.kind
    {
        previous.push_str(text);
        last.span.end = last.span.end.max(inline.span.end);
        return;
    }
    inlines.push(inline);
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    if text.starts_with(char::is_whitespace) && !out.is_empty() {
        out.insert(0, ' ');
    }
    if text.ends_with(char::is_whitespace) && !out.is_empty() {
        out.push(' ');
    }
    out
}

/// Drops leading and trailing whitespace-only text, which HTML blocks are full of.
fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while inlines.last().is_some_and(is_blank) {
        inlines.pop();
    }
    let first = inlines
        .iter()
        .position(|i| !is_blank(i))
        .unwrap_or(inlines.len());
    inlines.drain(..first);
    for (i, inline) in [0, inlines.len().saturating_sub(1)].into_iter().enumerate() {
        if let Some(InlineKind::Text { text }) = inlines.get_mut(inline).map(|x| &mut x.kind) {
            *text = if i == 0 {
                text.trim_start().to_string()
            } else {
                text.trim_end().to_string()
            };
        }
    }
    inlines
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
