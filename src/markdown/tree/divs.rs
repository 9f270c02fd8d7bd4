//! Divs and spans with a language or direction of their own: pandoc's fenced divs (found by
//! [`crate::markdown::fences`]) and bracketed spans `[text]{lang=fa}`, HTML's `<div>` and
//! `<span>`, and the `lang` and `dir` of heading attributes.

use super::Builder;
use super::frames::{BlockFrame, BlocksKind, Frame, InlineFrame, InlinesKind};
use crate::diagnostics::Diagnostic;
use crate::markdown::attributes::{self, Attributes, Problem};
use crate::markdown::fences::{self, FenceKind};
use crate::markdown::html::Token;
use crate::model::Locale;
use std::ops::Range;

/// The destination the broken-link callback gives `[text]{…}`, which no manuscript can write (it
/// starts with a NUL), so the builder knows the "link" for a bracketed span.
pub(super) const SPAN_MARKER: &str = "\u{0}folio-span";

impl Builder<'_, '_> {
    /// Opens and closes the fenced divs whose fence lines come before `offset`, once the builder
    /// is between blocks of the root, a div, a block quote or a list item (a paragraph or a
    /// list that runs on past a fence is finished first).
    pub(super) fn reach_fences(&mut self, offset: usize) -> Result<(), Diagnostic> {
        self.reach(offset, false)
    }

    /// Before a block quote or list item ends at `end`: the fences inside it.
    pub(super) fn reach_fences_within(&mut self, end: usize) -> Result<(), Diagnostic> {
        self.reach(end, true)
    }

    fn reach(&mut self, offset: usize, nested_only: bool) -> Result<(), Diagnostic> {
        while self.between_blocks()
            && let Some(fence) = self
                .fences
                .next_if(|f| f.line.start <= offset && (f.nested || !nested_only))
        {
            // A fence inside the block that just ended (indented into a list item) is not read
            // there; its opening fence is reported, and its closing fence goes with it.
            let inside = fence.line.start < self.block_end;
            match fence.kind {
                FenceKind::Open(_) if inside => {
                    self.fences_inside += 1;
                    self.diagnostics.push(
                        self.ctx
                            .warn_at(
                                fence.line,
                                "a fenced div inside a list or quote is not read",
                            )
                            .with_help(
                                "start its `:::` lines at the left margin, outside the list",
                            ),
                    );
                }
                FenceKind::Open(locale) => self.open_div(locale, true, &fence.line)?,
                FenceKind::Close if self.fences_inside > 0 => self.fences_inside -= 1,
                FenceKind::Close if inside => self.diagnostics.push(
                    self.ctx
                        .warn_at(
                            fence.line,
                            "a `:::` inside a list or quote closes no fenced div",
                        )
                        .with_help("start its `:::` lines at the left margin, outside the list"),
                ),
                FenceKind::Close => {
                    self.close_div(true, fence.line.end);
                }
            }
        }
        Ok(())
    }

    /// At the end of the text: the fences left, then every div still open.
    pub(super) fn close_divs(&mut self, end: usize) {
        // Every fence is reached now; none can nest too deep that did not before.
        let _ = self.reach_fences(usize::MAX);
        while matches!(self.stack.last(), Some(Frame::Blocks(b)) if matches!(b.kind, BlocksKind::Div { .. }))
        {
            self.pop_div(end);
        }
    }

    /// Before a Markdown container ends: divs opened inside it and left open end with it.
    pub(super) fn close_divs_inside(&mut self, end: usize) {
        while matches!(self.stack.last(), Some(Frame::Blocks(b)) if matches!(b.kind, BlocksKind::Div { .. }))
            && self.stack.len() > 1
        {
            self.pop_div(end);
        }
    }

    pub(super) fn between_blocks(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Blocks(BlockFrame {
                kind: BlocksKind::Root
                    | BlocksKind::Div { .. }
                    | BlocksKind::Quote
                    | BlocksKind::Item,
                ..
            }))
        )
    }

    fn open_div(
        &mut self,
        locale: Locale,
        fenced: bool,
        at: &Range<usize>,
    ) -> Result<(), Diagnostic> {
        if let Some(Frame::Blocks(parent)) = self.stack.last_mut() {
            parent.flush_loose(self.ctx);
        }
        let kind = BlocksKind::Div {
            locale,
            fenced,
            start: at.start,
        };
        self.push(Frame::Blocks(BlockFrame::new(kind)), at)
    }

    /// Closes the innermost div opened by a fence (`fenced`) or by a `<div>` tag, and the divs
    /// opened inside it; false when none is open in the innermost quote, list item or other
    /// container (a fence never closes what was opened outside it).
    fn close_div(&mut self, fenced: bool, end: usize) -> bool {
        let divs = self
            .stack
            .iter()
            .rev()
            .take_while(|f| {
                matches!(
                    f,
                    Frame::Blocks(BlockFrame {
                        kind: BlocksKind::Div { .. },
                        ..
                    })
                )
            })
            .count();
        let open = self.stack[self.stack.len() - divs..].iter().rposition(|f| {
            matches!(f, Frame::Blocks(BlockFrame { kind: BlocksKind::Div { fenced: f, .. }, .. }) if *f == fenced)
        });
        let Some(open) = open.map(|at| self.stack.len() - divs + at) else {
            return false;
        };
        while self.stack.len() > open {
            self.pop_div(end);
        }
        true
    }

    fn pop_div(&mut self, end: usize) {
        if let Some(Frame::Blocks(frame)) = self.stack.pop() {
            let start = match frame.kind {
                BlocksKind::Div { start, .. } => start,
                _ => end,
            };
            self.end_blocks(frame, start..end);
        }
    }

    /// `<div>` at the start of an HTML block: the block's text so far is a paragraph, the div
    /// holds the Markdown blocks that follow until `</div>`. False for a `<div>` inside running
    /// text, which cannot hold blocks.
    pub(super) fn html_div_start(
        &mut self,
        token: &Token,
        at: &Range<usize>,
    ) -> Result<bool, Diagnostic> {
        if !self.in_html_block() {
            return Ok(false);
        }
        self.close_html_elements();
        self.end_html_block(at.start);
        let locale = self.html_locale(token, at);
        self.open_div(locale, false, at)?;
        self.push_inlines(InlinesKind::HtmlBlock, &(at.end..at.end))?;
        Ok(true)
    }

    /// `</div>` in an HTML block closes the innermost div a `<div>` tag opened; false when none is
    /// open there.
    pub(super) fn html_div_end(&mut self, at: &Range<usize>) -> Result<bool, Diagnostic> {
        let below = self
            .stack
            .len()
            .checked_sub(2)
            .and_then(|i| self.stack.get(i));
        let html_div = matches!(
            below,
            Some(Frame::Blocks(BlockFrame {
                kind: BlocksKind::Div { fenced: false, .. },
                ..
            }))
        );
        if !self.in_html_block() || !html_div {
            return Ok(false);
        }
        self.end_html_block(at.start);
        self.close_div(false, at.end);
        self.push_inlines(InlinesKind::HtmlBlock, &(at.end..at.end))?;
        Ok(true)
    }

    fn in_html_block(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Inlines(InlineFrame {
                kind: InlinesKind::HtmlBlock,
                ..
            }))
        )
    }

    /// Ends the HTML block being read at `end`: its text so far becomes a paragraph.
    fn end_html_block(&mut self, end: usize) {
        if let Some(Frame::Inlines(frame)) = self.stack.pop() {
            let start = frame.start;
            self.end_inlines(frame, start..end);
        }
    }

    /// The `lang` and `dir` of an HTML `<div>` or `<span>` tag at `at`.
    pub(super) fn html_locale(&mut self, token: &Token, at: &Range<usize>) -> Locale {
        let pairs = ["lang", "dir"]
            .into_iter()
            .filter_map(|key| Some((key.to_string(), token.attribute(key)?, at.clone())))
            .collect();
        let attrs = Attributes {
            pairs,
            ..Attributes::default()
        };
        self.locale_of(&attrs, Vec::new())
    }

    /// The locale `attrs` state, with a warning for each problem found reading them.
    fn locale_of(&mut self, attrs: &Attributes, mut problems: Vec<Problem>) -> Locale {
        let locale = attrs.locale(&mut problems);
        for problem in problems {
            self.diagnostics.push(fences::warning(self.ctx, problem));
        }
        locale
    }

    /// `[text]{attributes}`: `range` is the bracketed text, the attributes follow it.
    pub(super) fn start_span(&mut self, range: Range<usize>) -> Result<(), Diagnostic> {
        let mut problems = Vec::new();
        let locale = match attributes::parse(self.ctx.text, range.end, &mut problems) {
            Ok((attrs, end)) => {
                self.skip_text = range.end..end;
                self.locale_of(&attrs, problems)
            }
            Err(problem) => {
                problems.push(problem);
                self.locale_of(&Attributes::default(), problems)
            }
        };
        self.push_inlines(InlinesKind::Span(locale), &range)
    }

    /// Takes `lang` and `dir` out of a heading's attributes (written in `range`) as its locale.
    pub(super) fn heading_locale(
        &mut self,
        attributes: &mut Vec<(String, String)>,
        range: &Range<usize>,
    ) -> Locale {
        let written = self.ctx.text.get(range.clone()).unwrap_or_default();
        let mut pairs = Vec::new();
        attributes.retain(|(key, value)| {
            if key != "lang" && key != "dir" {
                return true;
            }
            let at = written
                .rfind(&format!("{key}="))
                .map_or(range.clone(), |i| {
                    range.start + i..range.start + i + key.len() + 1
                });
            pairs.push((key.clone(), value.clone(), at));
            false
        });
        let attrs = Attributes {
            pairs,
            ..Attributes::default()
        };
        self.locale_of(&attrs, Vec::new())
    }

    /// The part of a text event that is content: none of a bracketed span's attributes.
    pub(super) fn unskipped<'t>(
        &self,
        text: &'t str,
        range: &Range<usize>,
    ) -> Option<(&'t str, Range<usize>)> {
        let skip = &self.skip_text;
        if range.end <= skip.start || range.start >= skip.end {
            return Some((text, range.clone()));
        }
        let skip = skip.end;
        let cut = skip.checked_sub(range.start)?;
        // Text that smart punctuation changed is never cut: it stands alone in its event.
        (range.start >= self.skip_text.start
            && range.end > skip
            && text.len() == range.len()
            && text.is_char_boundary(cut))
        .then(|| (&text[cut..], skip..range.end))
    }
}
