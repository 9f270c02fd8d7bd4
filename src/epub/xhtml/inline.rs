//! Inlines to XHTML: text, emphasis and the other spans, code, links, images, breaks, math and
//! anchors. Links that cannot work in the book (unresolved, unsafe, nested) keep only their text.

use super::{Renderer, xml_id};
use crate::epub::escape::push_escaped;
use crate::model::{Image, Inline, InlineKind, Link, LinkTarget, Span};

/// URL schemes that run code or embed data instead of naming a place: never written as links.
const UNSAFE_SCHEMES: &[&str] = &["javascript", "vbscript", "data", "file"];

impl Renderer<'_> {
    pub(super) fn inlines(&mut self, out: &mut String, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(out, inline);
        }
    }

    fn inline(&mut self, out: &mut String, inline: &Inline) {
        let (tag, content) = match &inline.kind {
            InlineKind::Text { text } => return self.marked_text(out, text),
            InlineKind::Emphasis { content } => ("em", content),
            InlineKind::Strong { content } => ("strong", content),
            InlineKind::Strikethrough { content } => ("del", content),
            InlineKind::Superscript { content } => ("sup", content),
            InlineKind::Subscript { content } => ("sub", content),
            InlineKind::Keyboard { content } => ("kbd", content),
            InlineKind::Code { code } => {
                return self.marked_element(out, "<code>", code, "</code>");
            }
            InlineKind::Math { tex } => return self.math(out, tex, false),
            InlineKind::Link(link) => return self.link(out, link),
            InlineKind::Image(image) => return self.image(out, image, inline.span),
            InlineKind::LineBreak => {
                self.skip_text(1);
                return out.push_str("<br/>\n");
            }
            InlineKind::SoftBreak => {
                self.skip_text(1);
                return out.push('\n');
            }
            InlineKind::FootnoteRef { number } => return self.note_ref(out, *number),
            InlineKind::Anchor { id } => return self.anchor(out, id),
            InlineKind::Span { locale, content } => {
                out.push_str("<span");
                let around = self.enter_text(out, locale, content);
                out.push('>');
                self.inlines(out, content);
                out.push_str("</span>");
                return self.leave(around);
            }
        };
        out.push_str(&format!("<{tag}>"));
        self.inlines(out, content);
        out.push_str(&format!("</{tag}>"));
    }

    fn link(&mut self, out: &mut String, link: &Link) {
        let href = match &link.target {
            _ if self.in_link => None,
            LinkTarget::External(url) => safe_url(url),
            LinkTarget::Internal(id) => self.href_to(id),
            LinkTarget::Unresolved(_) => None,
        };
        let Some(href) = href else {
            out.push_str("<span class=\"link\">");
            self.inlines(out, &link.content);
            out.push_str("</span>");
            return;
        };
        out.push_str("<a href=\"");
        push_escaped(out, &href);
        out.push('"');
        if let Some(title) = link.title.as_deref().filter(|t| !t.trim().is_empty()) {
            out.push_str(" title=\"");
            push_escaped(out, title);
            out.push('"');
        }
        out.push('>');
        self.in_link = true;
        self.inlines(out, &link.content);
        self.in_link = false;
        out.push_str("</a>");
    }

    /// `<img>` for an image the book holds; otherwise its alt text, so no reference ever breaks.
    pub(super) fn image(&mut self, out: &mut String, image: &Image, span: Span) {
        match self.images.embed(image, span) {
            Some(href) => {
                out.push_str("<img src=\"");
                push_escaped(out, &href);
                out.push_str("\" alt=\"");
                push_escaped(out, image.alt.trim());
                out.push('"');
                if let Some(title) = image.title.as_deref().filter(|t| !t.trim().is_empty()) {
                    out.push_str(" title=\"");
                    push_escaped(out, title);
                    out.push('"');
                }
                out.push_str("/>");
            }
            None if !image.alt.trim().is_empty() => {
                out.push_str("<span class=\"image-alt\">");
                push_escaped(out, image.alt.trim());
                out.push_str("</span>");
            }
            None => {}
        }
    }

    /// An empty element carrying the id, unless the page already has that id.
    fn anchor(&mut self, out: &mut String, id: &str) {
        self.footprint.anchors.push(id.to_string());
        if self.page_ids.insert(id.to_string()) {
            out.push_str("<span id=\"");
            push_escaped(out, &xml_id(id));
            out.push_str("\"></span>");
        }
    }
}

impl Renderer<'_> {
    /// `text` inside an element, with the page marks that fall inside it.
    /// A formula as MathML, or as its TeX source when it could not be converted (the reader
    /// has warned). Its characters count as one text for the page marks either way.
    pub(super) fn math(&mut self, out: &mut String, tex: &str, display: bool) {
        match self.formulas.get(tex, display) {
            Some(formula) => {
                out.push_str(&formula.mathml);
                self.skip_text(tex.chars().count());
            }
            None => self.marked_element(out, "<span class=\"math\">", tex, "</span>"),
        }
    }

    fn marked_element(&mut self, out: &mut String, open: &str, text: &str, close: &str) {
        out.push_str(open);
        self.marked_text(out, text);
        out.push_str(close);
    }
}

/// The URL as an href EPUBCheck accepts: unsafe schemes refused, characters URLs may not hold
/// (spaces, quotes, a `%` that starts no escape …) percent-encoded.
fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let scheme = url.split_once(':')?.0.to_ascii_lowercase();
    if UNSAFE_SCHEMES.contains(&scheme.as_str()) {
        return None;
    }
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, c) in url.char_indices() {
        let lone_percent = c == '%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit));
        if c.is_control() || c.is_whitespace() || lone_percent || "\"<>\\^`{|}".contains(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::safe_url;

    #[test]
    fn urls_are_made_safe() {
        assert_eq!(
            safe_url("https://example.org/a b?q=\"x\"&r=%zz%41").as_deref(),
            Some("https://example.org/a%20b?q=%22x%22&r=%25zz%41")
        );
        assert_eq!(safe_url("JavaScript:alert(1)"), None);
        assert_eq!(
            safe_url("mailto:a@b.org").as_deref(),
            Some("mailto:a@b.org")
        );
    }
}
