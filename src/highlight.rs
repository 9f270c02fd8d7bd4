//! Syntax scoping for code blocks, shared by the backends: syntect parses the code and each run
//! of text is tagged with the [`Family`] of its innermost scope that one is styled for. Scopes
//! no backend styles (punctuation, `meta`, `source` …) are left untagged, so runs stay few.
//! Nothing here knows an output format: the EPUB turns families into CSS classes, the PDF into
//! ink. Languages syntect does not know get no highlighting; nothing here fails a build.

use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Loading the bundled grammars takes tens of milliseconds: done once per process, whichever
/// backend asks first.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The scope families the backends style, named by the first part of a scope's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    Comment,
    String,
    Constant,
    Keyword,
    Storage,
    Entity,
    Support,
    Invalid,
}

impl Family {
    const ALL: [Family; 8] = [
        Family::Comment,
        Family::String,
        Family::Constant,
        Family::Keyword,
        Family::Storage,
        Family::Entity,
        Family::Support,
        Family::Invalid,
    ];

    /// The first part of the scope names of this family (`keyword.control.rust` → `keyword`).
    pub fn name(self) -> &'static str {
        match self {
            Family::Comment => "comment",
            Family::String => "string",
            Family::Constant => "constant",
            Family::Keyword => "keyword",
            Family::Storage => "storage",
            Family::Entity => "entity",
            Family::Support => "support",
            Family::Invalid => "invalid",
        }
    }
}

/// A stretch of the code (byte range) and the family it belongs to, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub family: Option<Family>,
    pub range: Range<usize>,
}

/// Splits code into family runs, remembering what each scope maps to (there are few scopes and
/// many tokens) and the listings prepared ahead.
#[derive(Default)]
pub struct Scoper {
    families: HashMap<Scope, Option<Family>>,
    prepared: HashMap<(String, String), Option<Vec<Run>>>,
}

impl Scoper {
    /// Scopes many listings (language, code) at once, on all cores: the grammars are slow (a
    /// third of a millisecond per listing), and a book has hundreds of listings.
    pub fn prepare(&mut self, listings: &[(&str, &str)]) {
        let scoped: Vec<_> = listings
            .par_iter()
            .map_init(Scoper::default, |scoper, &(lang, code)| {
                let key = (lang.to_string(), code.to_string());
                (key, scoper.scope(lang, code))
            })
            .collect();
        self.prepared.extend(scoped);
    }

    /// Runs covering all of `code` in order, neighbours always of different families; `None`
    /// when `lang` is unknown or the grammar fails on this code.
    pub fn runs(&mut self, lang: &str, code: &str) -> Option<Vec<Run>> {
        match self.prepared.get(&(lang.to_string(), code.to_string())) {
            Some(runs) => runs.clone(),
            None => self.scope(lang, code),
        }
    }

    fn scope(&mut self, lang: &str, code: &str) -> Option<Vec<Run>> {
        let syntax = SYNTAXES.find_syntax_by_token(lang)?;
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut runs: Vec<Run> = Vec::new();
        let mut push = |family: Option<Family>, range: Range<usize>| {
            if range.is_empty() {
                return;
            }
            match runs.last_mut() {
                Some(last) if last.family == family => last.range.end = range.end,
                _ => runs.push(Run { family, range }),
            }
        };
        let mut offset = 0;
        for line in LinesWithEndings::from(code) {
            let mut at = 0;
            for (position, op) in state.parse_line(line, &SYNTAXES).ok()? {
                push(self.family(&stack), offset + at..offset + position);
                stack.apply(&op).ok()?;
                at = position;
            }
            push(self.family(&stack), offset + at..offset + line.len());
            offset += line.len();
        }
        Some(runs)
    }

    /// The family of the innermost scope on `stack` that has one.
    fn family(&mut self, stack: &ScopeStack) -> Option<Family> {
        stack.as_slice().iter().rev().find_map(|&scope| {
            *self.families.entry(scope).or_insert_with(|| {
                let name = scope.build_string();
                let first = name.split('.').next().unwrap_or_default();
                Family::ALL.into_iter().find(|f| f.name() == first)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_the_code_with_families() {
        let code = "fn main() { let s = \"x\"; } // done\n";
        let runs = Scoper::default().runs("rust", code).unwrap();
        assert_eq!(runs.first().map(|r| r.range.start), Some(0));
        assert_eq!(runs.last().map(|r| r.range.end), Some(code.len()));
        assert!(
            runs.windows(2)
                .all(|w| w[0].range.end == w[1].range.start && w[0].family != w[1].family)
        );
        let family_of = |text: &str| {
            runs.iter()
                .find(|r| &code[r.range.clone()] == text)
                .and_then(|r| r.family)
        };
        assert_eq!(family_of("fn"), Some(Family::Storage));
        assert_eq!(family_of("\"x\""), Some(Family::String));
        assert!(Scoper::default().runs("no-such-language", "x").is_none());
    }
}
