//! How each of the builder's open containers closes into a model node: the `Builder` methods
//! that take a finished frame (see `frames`) and push what it made.

use super::figure::paragraph_or_figure;
use super::frames::{BlockFrame, BlocksKind, Frame, InlineFrame, InlinesKind};
use super::raw_html::html_inline;
use super::text::{is_blank, push_merged, trim_inlines};
use super::{Builder, NoteDefinition};
use crate::diagnostics::Diagnostic;
use crate::model::*;
use std::ops::Range;

impl Builder<'_, '_> {
    pub(super) fn end_blocks(&mut self, mut frame: BlockFrame, range: Range<usize>) {
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
            BlocksKind::Div { locale, .. } => self.push_block(Block {
                kind: BlockKind::Div { blocks },
                locale,
                span,
            }),
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

    pub(super) fn end_inlines(&mut self, frame: InlineFrame, range: Range<usize>) {
        let span = self.ctx.span(frame.start..range.end);
        let mut content = frame.inlines;
        // The model is held for the whole build: without the room the list grew into (a table
        // cell of one text would keep room for four).
        content.shrink_to_fit();
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
                mut attributes,
            } => {
                let locale = self.heading_locale(&mut attributes, &range);
                let heading = Heading {
                    level,
                    id: id.unwrap_or_default(),
                    classes,
                    attributes,
                    content,
                };
                self.push_block(Block {
                    kind: BlockKind::Heading(heading),
                    locale,
                    span,
                })
            }
            // A span that states neither language nor direction (`[x]{.class}`) is its content.
            InlinesKind::Span(locale) if locale == Locale::default() => {
                for inline in content {
                    self.append(inline);
                }
            }
            InlinesKind::Span(locale) => self.append(inline(InlineKind::Span { locale, content })),
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

    pub(super) fn push_block(&mut self, block: Block) {
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
    pub(super) fn append(&mut self, inline: Inline) {
        match self.stack.last_mut() {
            Some(Frame::Inlines(frame)) => push_merged(&mut frame.inlines, inline),
            Some(Frame::Blocks(frame)) => push_merged(&mut frame.loose, inline),
            _ => {}
        }
    }

    pub(super) fn push_inline(
        &mut self,
        kind: InlineKind,
        range: Range<usize>,
    ) -> Result<(), Diagnostic> {
        if self.suppress_until.is_none() {
            self.append(Inline::new(kind, self.ctx.span(range)));
        }
        Ok(())
    }

    pub(super) fn push_text(&mut self, text: &str, range: Range<usize>) {
        if self.suppress_until.is_none()
            && let Some((text, range)) = self.unskipped(text, &range)
        {
            self.append(Inline::text(text, self.ctx.span(range)));
        }
    }
}
