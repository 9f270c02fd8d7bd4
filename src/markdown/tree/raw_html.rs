//! Raw HTML in the manuscript to model nodes; see the module docs of [`crate::markdown::html`].

use super::Builder;
use super::frames::{Frame, HtmlKind, InlineFrame, InlinesKind};
use super::text::collapse_whitespace;
use crate::diagnostics::Diagnostic;
use crate::markdown::html::{self, Token};
use crate::model::*;
use pulldown_cmark::LinkType;
use std::ops::Range;

impl Builder<'_, '_> {
    /// Turns raw HTML into model nodes; see the module docs of [`super::html`].
    pub(super) fn raw_html(&mut self, raw: &str, range: Range<usize>) -> Result<(), Diagnostic> {
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
                Token::End { name } => {
                    if name != "div" || !self.html_div_end(&at)? {
                        self.close_html_element(&name)
                    }
                }
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

    pub(super) fn html_start(
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
            // Only a language or direction makes these nodes; others are dropped like any tag.
            "span" if states_locale(token) => HtmlKind::Span(self.html_locale(token, &at)),
            "div"
                if states_locale(token) && !self_closing && self.html_div_start(token, &at)? =>
            {
                return Ok(());
            }
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
    pub(super) fn close_html_element(&mut self, name: &str) {
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
    pub(super) fn close_html_elements(&mut self) {
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

    pub(super) fn pop_html_element(&mut self) {
        if let Some(Frame::Inlines(frame)) = self.stack.pop() {
            let end = frame.inlines.last().map_or(frame.start, |i| i.span.end);
            self.end_inlines(frame, 0..end);
        }
    }
}

/// Whether an HTML tag has a `lang` or `dir` attribute.
fn states_locale(token: &Token) -> bool {
    token.attribute("lang").is_some() || token.attribute("dir").is_some()
}

pub(super) fn html_inline(kind: HtmlKind, content: Vec<Inline>, span: Span) -> Inline {
    let kind = match kind {
        HtmlKind::Emphasis => InlineKind::Emphasis { content },
        HtmlKind::Strong => InlineKind::Strong { content },
        HtmlKind::Strikethrough => InlineKind::Strikethrough { content },
        HtmlKind::Superscript => InlineKind::Superscript { content },
        HtmlKind::Subscript => InlineKind::Subscript { content },
        HtmlKind::Keyboard => InlineKind::Keyboard { content },
        HtmlKind::Span(locale) => InlineKind::Span { locale, content },
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
