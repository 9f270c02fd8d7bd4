//! pulldown-cmark events to the model tree.
//!
//! Takes the manuscript's text (through [`Context`]) and gives a [`RawTree`]: metadata, blocks
//! and footnote definitions, before titles, ids and references are resolved.
//!
//! The event stream is flat, so the tree is built on an explicit stack of open containers
//! ([`Frame`]s, in [`frames`]); nothing recurses, so deep input cannot overflow the stack, and
//! depth is capped at [`super::MAX_NESTING`] so the backends' recursive walks are safe too.
//! This file dispatches events and opens frames; [`frames`] closes them into model nodes,
//! [`raw_html`] turns raw HTML into nodes, [`divs`] opens and closes divs and spans (pandoc's
//! fenced divs and bracketed spans, found by [`super::fences`] and through the broken-link
//! callback, and HTML's `<div>` and `<span>`), [`dollars`] keeps pandoc's rule for inline
//! `$…$` math, [`figure`] tells figures from paragraphs and
//! [`text`] holds small helpers for inline text.

mod close;
mod divs;
mod dollars;
mod figure;
mod frames;
mod raw_html;
mod text;

use super::fences::{self, Fence};
use super::{Context, MAX_NESTING, front_matter};
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::options::Overrides;
use crate::resources::is_remote;
use frames::{BlockFrame, BlocksKind, Frame, InlineFrame, InlinesKind};
use pulldown_cmark::{
    BrokenLink, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use text::{align, code_language, heading_level};

/// The tree as read, before titles, ids and references are resolved.
pub(super) struct RawTree {
    pub meta: Metadata,
    /// The settings the front matter overrides.
    pub overrides: Overrides,
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

pub(super) fn build(
    ctx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<RawTree, Diagnostic> {
    let (found, blanked) = fences::find(ctx, diagnostics);
    let parsed = blanked.as_deref().unwrap_or(ctx.text);
    let hidden = dollars::hide_false_math(parsed, parser_options());
    let parsed = hidden.as_deref().unwrap_or(parsed);
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
        fences: found.into_iter().peekable(),
        parsed,
        block_end: 0,
        fences_inside: 0,
        skip_text: 0..0,
    };
    // `[text]{attributes}` is a shortcut link to pulldown-cmark, with no definition: answering
    // its question about the broken link with a marker turns it into a span the builder knows.
    let spans = |link: BrokenLink| {
        // An image (`![alt]{…}`) stays a broken image, whether its span starts at `!` or `[`.
        let before = ctx.text.get(..link.span.start).unwrap_or_default();
        let written = ctx.text.get(link.span.start..).unwrap_or_default();
        let after = ctx.text.get(link.span.end..).unwrap_or_default();
        let image = written.starts_with('!') || before.ends_with('!');
        (after.starts_with('{') && !image)
            .then(|| (CowStr::from(divs::SPAN_MARKER), CowStr::from("")))
    };
    let parser = Parser::new_with_broken_link_callback(parsed, parser_options(), Some(spans));
    for (event, range) in parser.into_offset_iter() {
        builder.event(event, range)?;
    }
    builder.close_divs(ctx.text.len());
    let Some(Frame::Blocks(root)) = builder.stack.pop() else {
        unreachable!("the root frame is never popped by an event");
    };
    let (meta, overrides) = builder.meta.unwrap_or_default();
    Ok(RawTree {
        meta,
        overrides,
        blocks: root.finish(ctx),
        notes: builder.notes,
        note_labels: builder.note_labels,
    })
}

struct Builder<'a, 'd> {
    ctx: &'a Context<'a>,
    diagnostics: &'d mut Vec<Diagnostic>,
    stack: Vec<Frame>,
    meta: Option<(Metadata, Overrides)>,
    notes: Vec<NoteDefinition>,
    note_numbers: HashMap<String, u32>,
    note_labels: Vec<String>,
    /// Inside `<script>` or `<style>`: everything up to this closing tag is dropped.
    suppress_until: Option<String>,
    /// Dropped HTML tags already warned about (one warning per tag name is enough).
    warned_tags: HashSet<String>,
    /// Fenced div lines not reached yet.
    fences: std::iter::Peekable<std::vec::IntoIter<Fence>>,
    /// The text pulldown-cmark reads: the manuscript with its fence lines blanked.
    parsed: &'d str,
    /// Where the content of the last block directly in the root or a div ended (blank lines a
    /// list takes in are not its content): fences before it were inside it.
    block_end: usize,
    /// Opening fences found inside a block and ignored, whose closing fences are ignored too.
    fences_inside: usize,
    /// The attributes of the last bracketed span, whose text is not content.
    skip_text: Range<usize>,
}

impl Builder<'_, '_> {
    fn event(&mut self, event: Event, range: Range<usize>) -> Result<(), Diagnostic> {
        self.reach_fences(range.start)?;
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => {
                if matches!(tag, TagEnd::Item | TagEnd::BlockQuote(_)) {
                    self.reach_fences_within(range.end)?;
                }
                if let Some(Frame::Metadata(text)) = self.stack.last_mut()
                    && let Some(text) = text.take()
                {
                    self.front_matter(text)?;
                }
                self.end(tag, range);
                Ok(())
            }
            Event::Text(text) => {
                let text = dollars::restore(text);
                if matches!(self.stack.last(), Some(Frame::Code { .. })) {
                    if let Some(Frame::Code { code, .. }) = self.stack.last_mut() {
                        code.push_str(&text);
                    }
                } else if let Some(Frame::Metadata(text)) = self.stack.last_mut() {
                    let start = text.as_ref().map_or(range.start, |seen| seen.start);
                    *text = Some(start..range.end);
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
            // Name what the author nested: emphasis in emphasis is no block.
            let what = match frame {
                Frame::Inlines(_) => "emphasis, links and other inline markup are",
                _ => "blocks are",
            };
            return Err(self
                .ctx
                .error_at(
                    range.clone(),
                    format!("{what} nested more than {MAX_NESTING} levels deep"),
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

    /// Opens the frame `tag` starts.
    fn start(&mut self, tag: Tag, range: Range<usize>) -> Result<(), Diagnostic> {
        if !is_inline_tag(&tag) {
            self.end_bare_text(matches!(tag, Tag::Paragraph));
        }
        match tag {
            Tag::Paragraph => self.push_inlines(InlinesKind::Paragraph, &range),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => self.push_inlines(heading_kind(level, id, classes, attrs), &range),
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
            } => self.start_link(link_type, dest_url, title, range),
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
            Tag::MetadataBlock(_) => self.push(Frame::Metadata(None), &range),
        }
    }

    /// A block starting inside a tight list item ends the item's bare text (`paragraph`: the
    /// block is a paragraph, which the item then has).
    fn end_bare_text(&mut self, paragraph: bool) {
        if let Some(Frame::Blocks(frame)) = self.stack.last_mut() {
            frame.flush_loose(self.ctx);
            frame.has_paragraph |= paragraph;
        }
    }

    /// Opens a link, or a bracketed span (a link to [`divs::SPAN_MARKER`]).
    fn start_link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr,
        title: CowStr,
        range: Range<usize>,
    ) -> Result<(), Diagnostic> {
        if dest_url.as_ref() == divs::SPAN_MARKER {
            return self.start_span(range);
        }
        let target = self.link_target(link_type, &dest_url, &range);
        let title = (!title.is_empty()).then(|| title.into_string());
        self.push_inlines(InlinesKind::Link { target, title }, &range)
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
        self.close_divs_inside(range.end);
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if self.between_blocks() {
            let block = self.parsed.get(..range.end).unwrap_or(self.parsed);
            self.block_end = block.trim_end().len();
        }
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
            Frame::Metadata(_) => {}
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
        self.meta = Some(front_matter::parse(self.ctx, range, self.diagnostics)?);
        Ok(())
    }
}

/// Whether `tag` starts inline content (emphasis, links …), which is part of a tight list
/// item's bare text, rather than a block.
fn is_inline_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// A heading's frame kind, from the level, id, classes and attributes its tag carries.
fn heading_kind(
    level: HeadingLevel,
    id: Option<CowStr>,
    classes: Vec<CowStr>,
    attrs: Vec<(CowStr, Option<CowStr>)>,
) -> InlinesKind {
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
    }
}
