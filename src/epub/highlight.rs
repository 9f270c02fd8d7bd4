//! Syntax highlighting for code blocks: each run [`crate::highlight`] finds gets the CSS class
//! of its scope family, which style.css colours (`hl-keyword`, `hl-comment` …). Untagged runs
//! get no span at all: syntect's own HTML nests a span per scope, which made two thirds of the
//! Rust book's bytes markup. Pages carry no inline styles, and a reading system that ignores the
//! colours still shows plain code.

use super::escape::push_escaped;
use crate::highlight::{Highlights, Scoper, listing};
use std::collections::HashMap;
use std::rc::Rc;

/// Highlights code, remembering results: the body is rendered twice (to measure, then to write).
/// The document's listings come scoped from the shared [`Highlights`]; only the pieces a long
/// listing is split into are scoped here.
pub(super) struct Highlighter<'h> {
    /// Shared with the caller rather than copied: a long listing's XHTML is tens of megabytes.
    cache: HashMap<(String, String), Option<Rc<str>>>,
    scoper: Scoper<'h>,
}

impl<'h> Highlighter<'h> {
    pub(super) fn new(highlights: &'h Highlights<'h>) -> Self {
        Highlighter {
            cache: HashMap::new(),
            scoper: Scoper::sharing(highlights),
        }
    }

    /// The XHTML for the inside of `<code>`, or `None` when `lang` is unknown.
    pub(super) fn highlight(&mut self, lang: &str, code: &str) -> Option<Rc<str>> {
        let key = (lang.to_string(), code.to_string());
        if !self.cache.contains_key(&key) {
            let highlighted = self.classed(lang, code).map(Rc::from);
            self.cache.insert(key.clone(), highlighted);
        }
        self.cache[&key].clone()
    }

    /// Each family's run in one span whose class style.css knows (keep the two in step).
    fn classed(&mut self, lang: &str, code: &str) -> Option<String> {
        let mut out = String::new();
        let scoped = listing(code).len();
        for run in self.scoper.runs(lang, code)?.iter() {
            let text = &code[run.range.clone()];
            match run.family {
                Some(family) => {
                    out.push_str("<span class=\"hl-");
                    out.push_str(family.name());
                    out.push_str("\">");
                    push_escaped(&mut out, text);
                    out.push_str("</span>");
                }
                None => push_escaped(&mut out, text),
            }
        }
        // The trailing newlines runs leave out.
        push_escaped(&mut out, &code[scoped..]);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_and_escaping() {
        let highlights = Highlights::default();
        let mut h = Highlighter::new(&highlights);
        let html = h
            .highlight("rust", "fn main() { let s = \"<&>\"; }\n")
            .unwrap()
            .to_string();
        assert!(
            html.starts_with("<span class=\"hl-storage\">fn</span> "),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-string\">&quot;&lt;&amp;&gt;&quot;</span>"),
            "{html}"
        );
        assert!(
            !html.contains("hl-punctuation") && !html.contains("hl-meta"),
            "{html}"
        );
        assert!(h.highlight("no-such-language", "x").is_none());
    }
}
