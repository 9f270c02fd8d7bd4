//! Syntax scoping for code blocks, shared by the backends: syntect parses the code and each run
//! of text is tagged with the [`Family`] of its innermost scope that one is styled for. Scopes
//! no backend styles (punctuation, `meta`, `source` …) are left untagged, so runs stay few.
//! Nothing here knows an output format: the EPUB turns families into CSS classes, the PDF into
//! ink. Languages syntect does not know get no highlighting; nothing here fails a build.

use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;
use syntect::parsing::{ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxSet};
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

/// One line's parse: the state it started in, the state it left, the scope changes by offset.
struct Parsed {
    before: ParseState,
    after: ParseState,
    ops: Vec<(usize, ScopeStackOp)>,
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
    /// Lines parsed before, with the parser's state before and after and the scope changes:
    /// books show a program again and again as it grows, so many lines repeat.
    lines: HashMap<String, Vec<Parsed>>,
    prepared: HashMap<(String, String), Option<Vec<Run>>>,
}

impl Scoper {
    /// Scopes many listings (language, code) at once, on all cores: the grammars are slow (a
    /// third of a millisecond per listing), and a book has hundreds of listings. Each core takes
    /// a run of neighbouring listings, which share the most lines.
    pub fn prepare(&mut self, listings: &[(&str, &str)]) {
        let share = listings.len().div_ceil(rayon::current_num_threads()).max(1);
        let scoped: Vec<_> = listings
            .par_chunks(share)
            .flat_map_iter(|chunk| {
                let mut scoper = Scoper::default();
                chunk
                    .iter()
                    .map(|&(lang, code)| {
                        let key = (lang.to_string(), code.to_string());
                        (key, scoper.scope(lang, code))
                    })
                    .collect::<Vec<_>>()
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
            for (position, op) in self.parse_line(&mut state, line)? {
                push(self.family(&stack), offset + at..offset + position);
                stack.apply(&op).ok()?;
                at = position;
            }
            push(self.family(&stack), offset + at..offset + line.len());
            offset += line.len();
        }
        Some(runs)
    }

    /// Parses one line from `state`, or replays an earlier parse of the same line from the
    /// same state.
    fn parse_line(
        &mut self,
        state: &mut ParseState,
        line: &str,
    ) -> Option<Vec<(usize, ScopeStackOp)>> {
        if let Some(seen) = self.lines.get(line)
            && let Some(parsed) = seen.iter().find(|p| p.before == *state)
        {
            *state = parsed.after.clone();
            return Some(parsed.ops.clone());
        }
        let before = state.clone();
        let ops = state.parse_line(line, &SYNTAXES).ok()?;
        self.lines
            .entry(line.to_string())
            .or_default()
            .push(Parsed {
                before,
                after: state.clone(),
                ops: ops.clone(),
            });
        Some(ops)
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
