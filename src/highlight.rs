//! Syntax scoping for code blocks, shared by the backends: syntect parses the code and each run
//! of text is tagged with the family ([`Scope`]) of its innermost scope that one is styled for. Scopes
//! no backend styles (punctuation, `meta`, `source` …) are left untagged, so runs stay few.
//! Nothing here knows an output format: the EPUB turns families into CSS classes, the PDF into
//! ink. A document's listings are scoped once ([`Highlights`]) and both backends read the same
//! runs. Languages syntect does not know get no highlighting; nothing here fails a build.

use crate::model::{BlockKind, Document, visit_blocks};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;
use syntect::parsing::{ParseState, Scope as ScopeName, ScopeStack, ScopeStackOp, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Loading the bundled grammars takes tens of milliseconds: done once per process, whichever
/// backend asks first.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Distinct lines a scoper remembers before it starts afresh. A book repeats a program in
/// neighbouring listings as it grows, so a few thousand recent lines catch the repeats; one huge
/// listing of distinct lines would otherwise keep two parser states per line, about 2 KB each
/// (200 MB for a 100,000-line listing).
const REMEMBERED_LINES: usize = 4096;
/// Lines of a listing scoped in one pass; a longer one is scoped in pieces this long, side by
/// side (see [`Scoper::scope`]).
const PIECE_LINES: usize = 4096;

/// The scope families the backends style, named by the first part of a scope's name (a
/// syntax scope, not a font family).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Comment,
    String,
    Constant,
    Keyword,
    Storage,
    Entity,
    Support,
    Invalid,
}

impl Scope {
    const ALL: [Scope; 8] = [
        Scope::Comment,
        Scope::String,
        Scope::Constant,
        Scope::Keyword,
        Scope::Storage,
        Scope::Entity,
        Scope::Support,
        Scope::Invalid,
    ];

    /// The first part of the scope names of this family (`keyword.control.rust` → `keyword`).
    pub fn name(self) -> &'static str {
        match self {
            Scope::Comment => "comment",
            Scope::String => "string",
            Scope::Constant => "constant",
            Scope::Keyword => "keyword",
            Scope::Storage => "storage",
            Scope::Entity => "entity",
            Scope::Support => "support",
            Scope::Invalid => "invalid",
        }
    }
}

/// Where a parse stands between two lines: the parser's state and the scopes open.
#[derive(Clone, PartialEq)]
struct Position {
    parse: ParseState,
    stack: ScopeStack,
}

/// Adds `range` of `family` after `runs`, joined to the last run when that has the family.
fn push_run(runs: &mut Vec<Run>, family: Option<Scope>, range: Range<usize>) {
    if range.is_empty() {
        return;
    }
    match runs.last_mut() {
        Some(last) if last.family == family => last.range.end = range.end,
        _ => runs.push(Run { family, range }),
    }
}

/// `code` cut into byte ranges of `lines` whole lines each (the last may be shorter).
fn pieces(code: &str, lines: usize) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let ends = code.match_indices('\n').map(|(at, _)| at + 1);
    for end in ends.skip(lines - 1).step_by(lines) {
        pieces.push(start..end);
        start = end;
    }
    if start < code.len() || pieces.is_empty() {
        pieces.push(start..code.len());
    }
    pieces
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
    pub family: Option<Scope>,
    pub range: Range<usize>,
}

/// A listing's code without its trailing newlines: what is scoped and what runs cover.
pub fn listing(code: &str) -> &str {
    code.trim_end_matches('\n')
}

/// Every listing of one document with a language, scoped once on all cores before either
/// backend runs: the PDF and the EPUB show the same listings, and scoping is the slowest part
/// of either. Keys borrow the document's code, so nothing is copied.
#[derive(Default)]
pub struct Highlights<'d> {
    /// Language, then code.
    runs: HashMap<&'d str, HashMap<&'d str, Option<Vec<Run>>>>,
    /// The listings (language, code) in document order, for finding where a piece comes from.
    order: Vec<(&'d str, &'d str)>,
}

impl<'d> Highlights<'d> {
    /// Scopes every listing of `doc` (body and notes). The grammars are loaded only when there is
    /// one, and only those of the languages used are parsed. Each core takes a run of
    /// neighbouring listings, which share the most lines.
    pub fn of(doc: &'d Document) -> Self {
        let mut listings = Vec::new();
        let mut seen = HashSet::new();
        let notes = doc.footnotes.iter().map(|note| &note.blocks);
        for blocks in std::iter::once(&doc.blocks).chain(notes) {
            visit_blocks(blocks, &mut |block| {
                if let BlockKind::CodeBlock {
                    lang: Some(lang),
                    code,
                } = &block.kind
                {
                    let key = (lang.as_str(), listing(code));
                    if seen.insert(key) {
                        listings.push(key);
                    }
                }
            });
        }
        let share = listings.len().div_ceil(rayon::current_num_threads()).max(1);
        let scoped: Vec<_> = listings
            .par_chunks(share)
            .flat_map_iter(|chunk| {
                let mut scoper = Scoper::default();
                chunk
                    .iter()
                    .map(|&(lang, code)| (lang, code, scoper.scope(lang, code)))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut runs: HashMap<_, HashMap<_, _>> = HashMap::new();
        for (lang, code, scoped) in scoped {
            runs.entry(lang).or_default().insert(code, scoped);
        }
        Highlights {
            runs,
            order: listings,
        }
    }

    /// The runs of `piece`, whole lines cut from one of the document's listings (the EPUB cuts a
    /// huge listing across files), sliced from that listing's runs: the piece is coloured as it
    /// is in the whole (a comment opened above stays a comment) and not scoped again. The first
    /// listing in document order that holds it at a line start is the one.
    fn slice(&self, lang: &str, piece: &str) -> Option<Vec<Run>> {
        let (whole, at) = self.order.iter().find_map(|&(l, whole)| {
            let at = (l == lang && whole.len() > piece.len())
                .then(|| {
                    whole
                        .match_indices(piece)
                        .map(|(at, _)| at)
                        .find(|&at| at == 0 || whole[..at].ends_with('\n'))
                })
                .flatten()?;
            Some((whole, at))
        })?;
        let end = at + piece.len();
        let runs = self.runs.get(lang)?.get(whole)?.as_ref()?;
        // The runs are in order and do not overlap: find the first by bisection, not by a
        // scan of the whole listing for each of its many pieces.
        let first = runs.partition_point(|run| run.range.end <= at);
        Some(
            runs[first..]
                .iter()
                .take_while(|run| run.range.start < end)
                .map(|run| Run {
                    family: run.family,
                    range: run.range.start.max(at) - at..run.range.end.min(end) - at,
                })
                .collect(),
        )
    }
}

/// Splits code into family runs, remembering what each scope maps to (there are few scopes and
/// many tokens) and the lines it has parsed; listings of the shared [`Highlights`] are looked
/// up rather than scoped again.
#[derive(Default)]
pub struct Scoper<'h> {
    families: HashMap<ScopeName, Option<Scope>>,
    /// Lines parsed before, with the parser's state before and after and the scope changes:
    /// books show a program again and again as it grows, so many lines repeat.
    lines: HashMap<String, Vec<Parsed>>,
    shared: Option<&'h Highlights<'h>>,
}

impl<'h> Scoper<'h> {
    /// A scoper that takes the listings `shared` holds from it.
    pub fn sharing(shared: &'h Highlights<'h>) -> Self {
        Scoper {
            shared: Some(shared),
            ..Scoper::default()
        }
    }

    /// Runs covering all of `listing(code)` in order, neighbours always of different families;
    /// `None` when `lang` is unknown or the grammar fails on this code. Listings of the shared
    /// highlights, and pieces cut from them, are looked up; anything else is scoped here.
    pub fn runs(&mut self, lang: &str, code: &str) -> Option<Cow<'h, [Run]>> {
        let code = listing(code);
        if let Some(shared) = self.shared {
            if let Some(runs) = shared.runs.get(lang).and_then(|codes| codes.get(code)) {
                return runs.as_deref().map(Cow::Borrowed);
            }
            if let Some(runs) = shared.slice(lang, code) {
                return Some(Cow::Owned(runs));
            }
        }
        self.scope(lang, code).map(Cow::Owned)
    }

    /// A listing longer than [`PIECE_LINES`] is cut into pieces of whole lines, scoped side by
    /// side, each after the first from the state the first line ends in: most lines of a long
    /// program end there (at its top level). Pieces are joined in order; one that did not
    /// start or end in that state after all is scoped again from the true state, so the runs
    /// are always those of one pass over the whole. (Parser states cannot cross threads: each
    /// worker finds the first line's state for itself.)
    fn scope(&mut self, lang: &str, code: &str) -> Option<Vec<Run>> {
        self.scope_in_pieces(lang, code, PIECE_LINES)
    }

    /// [`Scoper::scope`] with pieces of `lines` lines.
    fn scope_in_pieces(&mut self, lang: &str, code: &str, lines: usize) -> Option<Vec<Run>> {
        let syntax = SYNTAXES.find_syntax_by_token(lang)?;
        let start = || Position {
            parse: ParseState::new(syntax),
            stack: ScopeStack::new(),
        };
        let line = code.split_inclusive('\n').next().unwrap_or_default();
        let after_first_line = || {
            let mut at = start();
            Scoper::default().scope_lines(&mut at, line, 0, &mut Vec::new())?;
            Some(at)
        };
        let mut at = start();
        let mut runs = Vec::new();
        let pieces = pieces(code, lines);
        if pieces.len() > 1 && rayon::current_num_threads() > 1 {
            let guess = after_first_line()?;
            let guessed: Vec<_> = (pieces.par_iter().enumerate().with_max_len(1))
                .map(|(i, piece)| {
                    let guess = after_first_line()?;
                    let mut end = if i == 0 { start() } else { guess.clone() };
                    let mut runs = Vec::new();
                    Scoper::default().scope_lines(
                        &mut end,
                        &code[piece.clone()],
                        piece.start,
                        &mut runs,
                    )?;
                    Some((runs, end == guess))
                })
                .collect();
            for (i, (piece, guessed)) in pieces.iter().zip(guessed).enumerate() {
                match guessed {
                    Some((piece_runs, true)) if i == 0 || at == guess => {
                        for run in piece_runs {
                            push_run(&mut runs, run.family, run.range);
                        }
                        at = guess.clone();
                    }
                    _ => self.scope_lines(&mut at, &code[piece.clone()], piece.start, &mut runs)?,
                }
            }
        } else {
            self.scope_lines(&mut at, code, 0, &mut runs)?;
        }
        // Held for the whole build, by both backends.
        runs.shrink_to_fit();
        Some(runs)
    }

    /// Scopes `code`, whole lines starting at byte `offset` of the listing, from `at` (left
    /// where the code ends), adding its runs to `runs`.
    fn scope_lines(
        &mut self,
        at: &mut Position,
        code: &str,
        offset: usize,
        runs: &mut Vec<Run>,
    ) -> Option<()> {
        let mut offset = offset;
        for line in LinesWithEndings::from(code) {
            let mut start = 0;
            for (position, op) in self.parse_line(&mut at.parse, line)? {
                push_run(
                    runs,
                    self.family(&at.stack),
                    offset + start..offset + position,
                );
                at.stack.apply(&op).ok()?;
                start = position;
            }
            push_run(
                runs,
                self.family(&at.stack),
                offset + start..offset + line.len(),
            );
            offset += line.len();
        }
        Some(())
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
        if self.lines.len() >= REMEMBERED_LINES {
            self.lines.clear();
        }
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
    fn family(&mut self, stack: &ScopeStack) -> Option<Scope> {
        stack.as_slice().iter().rev().find_map(|&scope| {
            *self.families.entry(scope).or_insert_with(|| {
                let name = scope.build_string();
                let first = name.split('.').next().unwrap_or_default();
                Scope::ALL.into_iter().find(|f| f.name() == first)
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
        let runs = Scoper::default().runs("rust", code).unwrap().into_owned();
        assert_eq!(runs.first().map(|r| r.range.start), Some(0));
        assert_eq!(runs.last().map(|r| r.range.end), Some(listing(code).len()));
        assert!(
            runs.windows(2)
                .all(|w| w[0].range.end == w[1].range.start && w[0].family != w[1].family)
        );
        let family_of = |text: &str| {
            runs.iter()
                .find(|r| &code[r.range.clone()] == text)
                .and_then(|r| r.family)
        };
        assert_eq!(family_of("fn"), Some(Scope::Storage));
        assert_eq!(family_of("\"x\""), Some(Scope::String));
        assert!(Scoper::default().runs("no-such-language", "x").is_none());
    }

    #[test]
    fn a_listing_scoped_in_pieces_side_by_side_is_scoped_as_in_one_pass() {
        // Top-level lines (the pieces' guessed start holds) and a comment and a function body
        // across piece boundaries (it does not: those pieces are scoped again).
        let mut code = String::from("// top\n");
        for i in 0..40 {
            code.push_str(&format!(
                "const C{i}: u32 = {i}; /* a\ncomment */\nfn f{i}() {{\n    let s = \"{i}\";\n}}\n"
            ));
        }
        let one_pass = Scoper::default().scope_in_pieces("rust", &code, usize::MAX);
        let workers = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        for lines in [1, 2, 3, 7] {
            let pieces =
                workers.install(|| Scoper::default().scope_in_pieces("rust", &code, lines));
            assert_eq!(pieces, one_pass, "pieces of {lines} lines");
        }
        assert!(
            one_pass
                .unwrap()
                .iter()
                .any(|r| r.family == Some(Scope::Comment))
        );
        assert_eq!(pieces("a\nb\nc", 2), vec![0..4, 4..5]);
        assert_eq!(pieces("a\nb\n", 1), vec![0..2, 2..4]);
    }

    #[test]
    fn pieces_of_a_listing_are_coloured_as_in_the_whole() {
        let text = "```rust\n/* a comment\nthat goes on\n*/\nfn main() {}\n```\n";
        let doc = crate::markdown::read(
            std::path::Path::new("piece.md"),
            text.as_bytes(),
            &Default::default(),
            &mut Vec::new(),
        )
        .unwrap();
        let highlights = Highlights::of(&doc);
        let piece = "that goes on\n*/";
        let runs = Scoper::sharing(&highlights).runs("rust", piece).unwrap();
        assert_eq!(
            runs.iter()
                .map(|r| (r.family, r.range.clone()))
                .collect::<Vec<_>>(),
            vec![(Some(Scope::Comment), 0..piece.len())]
        );
        let alone = Scoper::default().runs("rust", piece).unwrap();
        assert_ne!(alone[0].family, Some(Scope::Comment));
    }
}
