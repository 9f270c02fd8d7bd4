//! Syntax highlighting for code blocks: each run [`crate::highlight`] finds gets the CSS class
//! of its scope family, which the stylesheet colours (`hl-keyword`, `hl-comment` …). Untagged runs
//! get no span at all: syntect's own HTML nests a span per scope, which made two thirds of the
//! Rust book's bytes markup. Pages carry no inline styles, and a reading system that ignores the
//! colours still shows plain code.

use super::escape::push_escaped;
use crate::highlight::{Highlights, Run, Scoper, listing};
use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

/// Highlights code. The document's listings come scoped from the shared [`Highlights`] and are
/// only formatted again when the body is rendered the second time (to measure, then to write);
/// the results for other code (the pieces a long listing is split into, sliced from its runs,
/// or code scoped here) are remembered, by language and code. A listing too long for one file
/// is measured whole but written in pieces: remembering it held its tens of megabytes of
/// XHTML, and a copy of its code, to the end of the EPUB.
pub(super) struct Highlighter<'h> {
    cache: HashMap<String, HashMap<String, Rc<String>>>,
    scoper: Scoper<'h>,
}

impl<'h> Highlighter<'h> {
    pub(super) fn new(highlights: &'h Highlights<'h>) -> Self {
        Highlighter {
            cache: HashMap::new(),
            scoper: Scoper::sharing(highlights),
        }
    }

    /// The XHTML for the inside of `<code>`, or `None` when `lang` is unknown. Shared with the
    /// caller rather than copied.
    pub(super) fn highlight(&mut self, lang: &str, code: &str) -> Option<Rc<String>> {
        if let Some(known) = self.cache.get(lang).and_then(|codes| codes.get(code)) {
            return Some(Rc::clone(known));
        }
        let runs = self.scoper.runs(lang, code)?;
        let html = Rc::new(classed(&runs, code));
        if let Cow::Owned(_) = runs {
            (self.cache.entry(lang.to_string()).or_default())
                .insert(code.to_string(), Rc::clone(&html));
        }
        Some(html)
    }
}

/// Each family's run in one span whose class the stylesheet knows (`css` writes the rules).
fn classed(runs: &[Run], code: &str) -> String {
    let mut out = String::new();
    let scoped = listing(code).len();
    for run in runs {
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
    out
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
