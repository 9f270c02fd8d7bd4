//! Syntax highlighting for code blocks: syntect parses the code and each run of text gets the
//! CSS class of the innermost scope family style.css colours (`hl-keyword`, `hl-comment` …).
//! Scopes nothing is styled for (punctuation, `meta`, `source` …) get no span at all: syntect's
//! own HTML nests a span per scope, which made two thirds of the Rust book's bytes markup. Pages
//! carry no inline styles, and a reading system that ignores the colours still shows plain code.
//! Languages syntect does not know get no highlighting; nothing here fails a build.

use super::xhtml::push_escaped;
use std::collections::HashMap;
use std::sync::LazyLock;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Loading the bundled grammars takes tens of milliseconds: done once per process.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The scope families style.css colours, by the first part of a scope's name (keep the two in
/// step). Each becomes the class `hl-<family>`; the prefix keeps them apart from other classes.
const STYLED_FAMILIES: &[&str] = &[
    "comment", "string", "constant", "keyword", "storage", "entity", "support", "invalid",
];

/// Highlights code, remembering results: the body is rendered twice (to measure, then to write)
/// and highlighting is the slowest part of rendering.
#[derive(Default)]
pub(super) struct Highlighter {
    cache: HashMap<(String, String), Option<String>>,
    /// Each scope seen, to its styled family (if it has one).
    families: HashMap<Scope, Option<&'static str>>,
}

impl Highlighter {
    /// The XHTML for the inside of `<code>`, or `None` when `lang` is unknown.
    pub(super) fn highlight(&mut self, lang: &str, code: &str) -> Option<&str> {
        let key = (lang.to_string(), code.to_string());
        if !self.cache.contains_key(&key) {
            let highlighted = self.classed(lang, code);
            self.cache.insert(key.clone(), highlighted);
        }
        self.cache[&key].as_deref()
    }

    fn classed(&mut self, lang: &str, code: &str) -> Option<String> {
        let syntax = SYNTAXES.find_syntax_by_token(lang)?;
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out = Spans::default();
        for line in LinesWithEndings::from(code) {
            let mut at = 0;
            for (position, op) in state.parse_line(line, &SYNTAXES).ok()? {
                out.push(self.family(&stack), &line[at..position]);
                stack.apply(&op).ok()?;
                at = position;
            }
            out.push(self.family(&stack), &line[at..]);
        }
        Some(out.finish())
    }

    /// The styled family of the innermost scope on `stack` that has one.
    fn family(&mut self, stack: &ScopeStack) -> Option<&'static str> {
        stack.as_slice().iter().rev().find_map(|&scope| {
            *self.families.entry(scope).or_insert_with(|| {
                let name = scope.build_string();
                let first = name.split('.').next().unwrap_or_default();
                STYLED_FAMILIES.iter().copied().find(|&f| f == first)
            })
        })
    }
}

/// Highlighted XHTML being built: runs of text, each family's run in one span.
#[derive(Default)]
struct Spans {
    out: String,
    open: Option<&'static str>,
}

impl Spans {
    fn push(&mut self, family: Option<&'static str>, text: &str) {
        if text.is_empty() {
            return;
        }
        if family != self.open {
            if self.open.is_some() {
                self.out.push_str("</span>");
            }
            if let Some(family) = family {
                self.out.push_str("<span class=\"hl-");
                self.out.push_str(family);
                self.out.push_str("\">");
            }
            self.open = family;
        }
        push_escaped(&mut self.out, text);
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.out.push_str("</span>");
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_and_escaping() {
        let mut h = Highlighter::default();
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
