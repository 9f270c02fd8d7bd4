//! pandoc's fenced divs, `::: {lang=prs dir=rtl}` … `:::`, which pulldown-cmark does not know.
//!
//! A pass over the lines, before parsing, finds the fences (outside code blocks and the front
//! matter) and pairs them. The parser then reads the text with each fence line overwritten by
//! spaces: a blank line to Markdown, of the same length, so every other byte keeps its offset and
//! every diagnostic its line and column. The builder opens and closes the divs where the fences
//! were. As pandoc does, fences are read at the top level, inside block quotes (after the line's
//! `>` markers, which stay) and inside list items (indented to the item's content), and nest.

use super::Context;
use super::attributes::{self, ATTRIBUTE_HELP, Problem};
use crate::diagnostics::Diagnostic;
use crate::model::Locale;
use std::ops::Range;

/// Colons that make a fence: pandoc requires at least three.
const FENCE_COLONS: usize = 3;

/// Spaces a fence (or a code fence) may be indented by before it is indented code.
const MAX_FENCE_INDENT: usize = 3;

/// A fence line, in document order.
#[derive(Debug, PartialEq)]
pub(super) struct Fence {
    /// The line without its line end, and without the block quote markers before the fence.
    pub line: Range<usize>,
    pub kind: FenceKind,
    /// Inside a block quote or a list item: the builder reads it before the container ends.
    pub nested: bool,
}

#[derive(Debug, PartialEq)]
pub(super) enum FenceKind {
    /// Opens a div with the language and direction its attributes state.
    Open(Locale),
    Close,
}

/// The fences of `ctx.text` and the text for the parser (with the fence lines blanked), or
/// `None` for the text when it has no fences. Unpaired fences are warned about: an opening fence
/// never closed runs to the end, a closing fence with nothing open is dropped.
pub(super) fn find(
    ctx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Fence>, Option<String>) {
    let text = ctx.text;
    let mut fences = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut code_fence: Option<(char, usize)> = None;
    let mut problems = Vec::new();
    // Closing fences with nothing open: dropped, and blanked like the others (a line of colons
    // would otherwise read as a definition list's definition).
    let mut stray = Vec::new();
    let mut items = ListItems::default();
    let mut offset = front_matter_end(text);
    for line in text[offset..].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let whole = line.trim_end_matches(['\n', '\r']);
        let quoted = quote_markers(whole);
        let content = &whole[quoted..];
        let range = start + quoted..start + whole.len();
        let indent = content.len() - content.trim_start_matches(' ').len();
        let column = items.column(content, indent);
        if indent > column + MAX_FENCE_INDENT {
            continue;
        }
        let nested = quoted > 0 || column > 0;
        let body = &content[indent..];
        if let Some(fence) = code_fence {
            if closes_code_fence(body, fence) {
                code_fence = None;
            }
            continue;
        }
        if let Some(fence) = opens_code_fence(body) {
            code_fence = Some(fence);
            continue;
        }
        let colons = body.len() - body.trim_start_matches(':').len();
        if colons < FENCE_COLONS {
            continue;
        }
        let after = range.start + indent + colons;
        let rest = text[after..range.end].trim();
        if rest.trim_end_matches(':').is_empty() {
            match open.pop() {
                Some(_) => fences.push(Fence {
                    line: range,
                    kind: FenceKind::Close,
                    nested,
                }),
                None => {
                    diagnostics.push(
                        ctx.warn_at(
                            range.clone(),
                            "this `:::` closes no fenced div; it is dropped",
                        )
                        .with_help("a fenced div opens with `::: {lang=.. dir=..}` or `::: name`"),
                    );
                    stray.push(range);
                }
            }
            continue;
        }
        let locale = opening_locale(text, after, &mut problems);
        open.push(fences.len());
        fences.push(Fence {
            line: range,
            kind: FenceKind::Open(locale),
            nested,
        });
    }
    for problem in problems {
        diagnostics.push(warning(ctx, problem));
    }
    warn_unclosed(ctx, &fences, &open, diagnostics);
    if fences.is_empty() && stray.is_empty() {
        return (fences, None);
    }
    let blanked = blank_lines(text, fences.iter().map(|f| &f.line).chain(&stray));
    (fences, Some(blanked))
}

/// The language and direction an opening fence states: the attributes in braces that start
/// `text[after..]` (the fence line after its colons), read with their problems added to
/// `problems`; a fence with a class name instead (`::: name`) states none.
fn opening_locale(text: &str, after: usize, problems: &mut Vec<Problem>) -> Locale {
    if !text[after..].trim_start().starts_with('{') {
        // `::: name`: a class, which says nothing about language or direction.
        return Locale::default();
    }
    let brace = after + text[after..].find('{').unwrap_or(0);
    match attributes::parse(text, brace, problems) {
        Ok((attrs, _)) => attrs.locale(problems),
        Err(problem) => {
            problems.push(problem);
            Locale::default()
        }
    }
}

/// Warns about each opening fence (an index into `fences`) left open at the end.
fn warn_unclosed(
    ctx: &Context,
    fences: &[Fence],
    open: &[usize],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for &unclosed in open {
        diagnostics.push(
            ctx.warn_at(
                fences[unclosed].line.clone(),
                "this fenced div is never closed; it runs to the end of the document",
            )
            .with_help("close it with a line of `:::`"),
        );
    }
}

/// `text` with each of `lines` overwritten by spaces, so every other byte keeps its offset.
fn blank_lines<'r>(text: &str, lines: impl Iterator<Item = &'r Range<usize>>) -> String {
    let mut blanked = text.as_bytes().to_vec();
    for line in lines {
        blanked[line.clone()].fill(b' ');
    }
    // Only whole lines of the valid text were overwritten with ASCII, so it is still UTF-8.
    String::from_utf8(blanked).unwrap_or_else(|_| text.to_string())
}

/// An attribute problem as a warning.
pub(super) fn warning(ctx: &Context, problem: Problem) -> Diagnostic {
    ctx.warn_at(problem.range, problem.message)
        .with_help(ATTRIBUTE_HELP)
}

/// Where the YAML front matter at the very top ends (0 without one): `:::` inside it is YAML.
fn front_matter_end(text: &str) -> usize {
    if !text.starts_with("---") {
        return 0;
    }
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        offset += line.len();
        let line = line.trim_end();
        if i > 0 && (line == "---" || line == "...") {
            return offset;
        }
    }
    0
}

/// The bytes of a line's block quote markers: each `>` after at most three spaces, with the one
/// space that may follow it.
fn quote_markers(line: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &line[at..];
        let indent = rest.len() - rest.trim_start_matches(' ').len();
        if indent > MAX_FENCE_INDENT || !rest[indent..].starts_with('>') {
            return at;
        }
        at += indent + 1;
        if line[at..].starts_with(' ') {
            at += 1;
        }
    }
}

/// The list items the lines so far are inside: the column each one's content starts at, the
/// outermost first. An approximation of CommonMark's rules that is enough to tell a fence
/// indented into an item from an indented code block: a line starting with a list marker opens
/// an item (inside those it is indented into), any other line that is not blank stays in the
/// items it is indented into.
#[derive(Default)]
struct ListItems {
    columns: Vec<usize>,
}

impl ListItems {
    /// The column the content of the innermost item holding `line` (indented by `indent`)
    /// starts at; 0 outside lists.
    fn column(&mut self, line: &str, indent: usize) -> usize {
        if line.trim().is_empty() {
            return self.columns.last().copied().unwrap_or(0);
        }
        self.columns.retain(|&column| column <= indent);
        let inside = self.columns.last().copied().unwrap_or(0);
        if let Some(marker) = list_marker(&line[indent..]) {
            self.columns.push(indent + marker);
        }
        inside
    }
}

/// The width of the list marker `body` starts with and the spaces after it (`- `, `12. `, `3) `),
/// if it starts with one.
fn list_marker(body: &str) -> Option<usize> {
    let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker = match body.as_bytes().get(digits)? {
        b'-' | b'*' | b'+' if digits == 0 => 1,
        b'.' | b')' if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let after = &body[marker..];
    let spaces = after.len() - after.trim_start_matches(' ').len();
    (spaces > 0 || after.is_empty()).then_some(marker + spaces.min(4))
}

/// A code fence's character and length, if `body` opens one.
fn opens_code_fence(body: &str) -> Option<(char, usize)> {
    let c = body.chars().next().filter(|&c| c == '`' || c == '~')?;
    let len = body.len() - body.trim_start_matches(c).len();
    let info = &body[len..];
    (len >= 3 && !(c == '`' && info.contains('`'))).then_some((c, len))
}

fn closes_code_fence(body: &str, (c, len): (char, usize)) -> bool {
    let run = body.len() - body.trim_start_matches(c).len();
    run >= len && body[run..].trim().is_empty()
}
