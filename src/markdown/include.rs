//! mdBook's include directives, expanded in a book's chapters before they are parsed:
//! `{{#include file}}`, `{{#include file:anchor}}`, `{{#include file:10:20}}` (also `:10:`,
//! `::20` and a single line `:10`), and `{{#rustdoc_include file:anchor}}`, which in print and
//! EPUB shows just its anchored part (there is no way to reveal hidden lines on paper).
//! `ANCHOR:` / `ANCHOR_END:` marker lines are dropped from whatever is included.
//!
//! The expanded text keeps a map back to the files it came from, so a diagnostic about a line of
//! the chapter (or of an included file) names that file and its own line, not the buffer's.

use super::LineIndex;
use crate::diagnostics::Diagnostic;
use crate::model::Span;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Includes inside includes deeper than this are refused: it catches cycles early and no real
/// book nests listings that deep.
const MAX_INCLUDE_DEPTH: usize = 8;

/// A chapter with its includes expanded, and where each stretch of it came from.
#[derive(Debug)]
pub struct Expansion {
    pub text: String,
    /// Sorted by `at`: each stretch of `text` that is a verbatim copy of part of one file.
    pieces: Vec<Piece>,
    /// The chapter first, then every file included, once each.
    pub files: Vec<SourceFile>,
}

#[derive(Debug)]
struct Piece {
    /// Offset in the expanded text.
    at: usize,
    file: usize,
    /// Offset in that file.
    from: usize,
}

#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    index: LineIndex,
}

impl Expansion {
    /// The file that the expanded text's `offset` was copied from, and the span of `range`
    /// with that file's line and column.
    pub(super) fn locate(&self, range: Range<usize>) -> (&Path, Span) {
        let piece = self.pieces.partition_point(|p| p.at <= range.start);
        let Some(piece) = piece.checked_sub(1).map(|i| &self.pieces[i]) else {
            return (&self.files[0].path, self.files[0].index.span("", 0..0));
        };
        let file = &self.files[piece.file];
        let local = piece.from + (range.start - piece.at);
        let at = file.index.span(&file.text, local..local);
        (
            &file.path,
            Span {
                start: range.start,
                end: range.end.max(range.start),
                line: at.line,
                column: at.column,
                file: piece.file as u32,
            },
        )
    }
}

/// Expands the directives of `chapter` (whose text is `text`). Included files must lie inside
/// `root` unless `allow_outside`; a missing file or anchor, a bad range, or includes nested too
/// deep are an error at the directive.
pub fn expand(
    root: &Path,
    chapter: &Path,
    text: &str,
    allow_outside: bool,
) -> Result<Expansion, Diagnostic> {
    let mut expander = Expander {
        root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        allow_outside,
        out: Expansion {
            text: String::with_capacity(text.len()),
            pieces: Vec::new(),
            files: vec![SourceFile::new(chapter.to_path_buf(), text.to_string())],
        },
    };
    let whole = 0..text.len();
    expander.copy(0, vec![whole], &mut vec![0])?;
    Ok(expander.out)
}

impl SourceFile {
    fn new(path: PathBuf, text: String) -> Self {
        let index = LineIndex::new(&text);
        SourceFile { path, text, index }
    }
}

struct Expander {
    root: PathBuf,
    allow_outside: bool,
    out: Expansion,
}

/// One directive found in a file: where, what file, which part.
struct Directive {
    range: Range<usize>,
    path: String,
    selection: Selection,
}

enum Selection {
    All,
    Anchor(String),
    /// 1-based, inclusive; `None` is open.
    Lines(Option<usize>, Option<usize>),
}

impl Expander {
    /// Copies the `ranges` of file `file` to the output, expanding the directives in them.
    /// `stack` holds the files being expanded, innermost last.
    fn copy(
        &mut self,
        file: usize,
        ranges: Vec<Range<usize>>,
        stack: &mut Vec<usize>,
    ) -> Result<(), Diagnostic> {
        for range in ranges {
            let mut at = range.start;
            while let Some(found) = next_directive(&self.out.files[file].text, at..range.end) {
                match found {
                    Found::Escaped(backslash) => {
                        self.emit(file, at..backslash);
                        at = backslash + 1;
                        let text = &self.out.files[file].text;
                        let end = text[at..range.end]
                            .find("}}")
                            .map_or(range.end, |i| at + i + 2);
                        self.emit(file, at..end);
                        at = end;
                    }
                    Found::Directive(directive) => {
                        self.emit(file, at..directive.range.start);
                        self.include(file, &directive, stack)?;
                        at = directive.range.end;
                    }
                }
            }
            self.emit(file, at..range.end);
        }
        Ok(())
    }

    fn emit(&mut self, file: usize, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.out.pieces.push(Piece {
            at: self.out.text.len(),
            file,
            from: range.start,
        });
        self.out
            .text
            .push_str(&self.out.files[file].text[range.clone()]);
    }

    fn include(
        &mut self,
        from: usize,
        directive: &Directive,
        stack: &mut Vec<usize>,
    ) -> Result<(), Diagnostic> {
        let error = |message: String| self.error_at(from, directive, message);
        if stack.len() > MAX_INCLUDE_DEPTH {
            return Err(error(format!(
                "includes are nested more than {MAX_INCLUDE_DEPTH} deep"
            ))
            .with_help("an included file probably includes itself"));
        }
        let dir = self.out.files[from]
            .path
            .parent()
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let path = dir.join(&directive.path);
        let real = path.canonicalize().map_err(|_| {
            error(format!("cannot include `{}`: no such file", directive.path))
                .with_help("include paths are relative to the file that includes them")
        })?;
        if !self.allow_outside && !real.starts_with(&self.root) {
            return Err(error(format!(
                "cannot include `{}`: it lies outside the book's folder",
                directive.path
            ))
            .with_help("copy it into the book, or pass --allow-outside-paths"));
        }
        let known = self
            .out
            .files
            .iter()
            .position(|f| f.path.canonicalize().is_ok_and(|p| p == real));
        let index = match known {
            Some(index) => index,
            None => {
                let text = std::fs::read_to_string(&real).map_err(|e| {
                    self.error_at(
                        from,
                        directive,
                        format!("cannot include `{}`: {e}", directive.path),
                    )
                })?;
                self.out.files.push(SourceFile::new(path, text));
                self.out.files.len() - 1
            }
        };
        if stack.contains(&index) {
            return Err(self.error_at(
                from,
                directive,
                format!(
                    "`{}` includes itself (through {} file(s))",
                    directive.path,
                    stack.len()
                ),
            ));
        }
        let ranges =
            select(&self.out.files[index].text, &directive.selection).map_err(|problem| {
                self.error_at(
                    from,
                    directive,
                    format!("cannot include `{}`: {problem}", directive.path),
                )
            })?;
        stack.push(index);
        let copied = self.copy(index, ranges, stack);
        stack.pop();
        copied
    }
}

impl Expander {
    /// An error at `directive` in file `file`.
    fn error_at(&self, file: usize, directive: &Directive, message: String) -> Diagnostic {
        let source = &self.out.files[file];
        let span = source.index.span(&source.text, directive.range.clone());
        Diagnostic::error(&source.path, message).at(span, &source.text)
    }
}

enum Found {
    Directive(Directive),
    /// `\{{#include …}}`: the backslash's offset; the directive is kept as written.
    Escaped(usize),
}

/// The first include directive in `range` of `text`.
fn next_directive(text: &str, range: Range<usize>) -> Option<Found> {
    let mut from = range.start;
    loop {
        let start = from + text[from..range.end].find("{{")?;
        let end = start + text[start..range.end].find("}}")? + 2;
        from = start + 2;
        let inner = text[start + 2..end - 2].trim();
        let Some(rest) = inner.strip_prefix('#') else {
            continue;
        };
        let (name, argument) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        if !matches!(name, "include" | "rustdoc_include") {
            continue;
        }
        if start > range.start && text.as_bytes()[start - 1] == b'\\' {
            return Some(Found::Escaped(start - 1));
        }
        let argument = argument.trim();
        let (path, selector) = argument.split_once(':').unwrap_or((argument, ""));
        return Some(Found::Directive(Directive {
            range: start..end,
            path: path.trim().to_string(),
            selection: selection(selector.trim()),
        }));
    }
}

/// `name` is an anchor; `10`, `10:`, `:20` and `10:20` are line ranges.
fn selection(selector: &str) -> Selection {
    let number = |s: &str| s.trim().parse::<usize>().ok();
    if selector.is_empty() {
        return Selection::All;
    }
    match selector.split_once(':') {
        Some((a, b))
            if (a.is_empty() || number(a).is_some()) && (b.is_empty() || number(b).is_some()) =>
        {
            Selection::Lines(number(a), number(b))
        }
        None if number(selector).is_some() => Selection::Lines(number(selector), number(selector)),
        _ => Selection::Anchor(selector.to_string()),
    }
}

/// The byte ranges of `text` that `selection` keeps, each a line with its line end except the
/// last, anchor marker lines left out.
fn select(text: &str, selection: &Selection) -> Result<Vec<Range<usize>>, String> {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push(at..at + line.len());
        at += line.len();
    }
    let chosen: Vec<Range<usize>> = match selection {
        Selection::All => lines,
        Selection::Lines(first, last) => {
            let first = first.unwrap_or(1).max(1);
            let last = last.unwrap_or(lines.len()).min(lines.len());
            if first > lines.len() {
                return Err(format!("it has only {} lines", lines.len()));
            }
            lines[first - 1..last.max(first - 1)].to_vec()
        }
        Selection::Anchor(name) => {
            let start = lines
                .iter()
                .position(|l| marker(&text[l.clone()], "ANCHOR:") == Some(name.as_str()))
                .ok_or_else(|| format!("it has no `ANCHOR: {name}`"))?;
            let end = lines[start..]
                .iter()
                .position(|l| marker(&text[l.clone()], "ANCHOR_END:") == Some(name.as_str()))
                .map_or(lines.len(), |i| start + i);
            lines[start + 1..end].to_vec()
        }
    };
    let mut kept: Vec<Range<usize>> = chosen
        .into_iter()
        .filter(|l| {
            let line = &text[l.clone()];
            marker(line, "ANCHOR:").is_none() && marker(line, "ANCHOR_END:").is_none()
        })
        .collect();
    // The directive's own line supplies the line end after the last included line.
    if let Some(last) = kept.last_mut()
        && text[last.clone()].ends_with('\n')
    {
        last.end -= 1;
    }
    Ok(kept)
}

/// The anchor name after `kind` (`ANCHOR:` or `ANCHOR_END:`) on a marker line, in any comment
/// syntax.
fn marker<'a>(line: &'a str, kind: &str) -> Option<&'a str> {
    let at = line.find(kind)?;
    let name: &str = line[at + kind.len()..].trim_start();
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(name.len());
    (end > 0).then(|| &name[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_in(files: &[(&str, &str)], chapter: &str) -> Result<Expansion, Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        expand(dir.path(), &dir.path().join("ch.md"), chapter, false)
    }

    const CODE: &str =
        "fn a() {}\n// ANCHOR: main\nfn main() {\n    a();\n}\n// ANCHOR_END: main\nfn b() {}\n";

    #[test]
    fn anchors_and_line_ranges_select_lines_without_markers() {
        let cases = [
            ("{{#include code.rs:main}}", "fn main() {\n    a();\n}"),
            (
                "{{#rustdoc_include code.rs:main}}",
                "fn main() {\n    a();\n}",
            ),
            ("{{#include code.rs:3:4}}", "fn main() {\n    a();"),
            ("{{#include code.rs:6:}}", "fn b() {}"),
            ("{{#include code.rs::2}}", "fn a() {}"),
            ("{{#include code.rs:1}}", "fn a() {}"),
            (
                "{{ #include code.rs }}",
                "fn a() {}\nfn main() {\n    a();\n}\nfn b() {}",
            ),
        ];
        for (directive, want) in cases {
            let chapter = format!("before\n{directive}\nafter\n");
            let got = expand_in(&[("code.rs", CODE)], &chapter).unwrap();
            assert_eq!(got.text, format!("before\n{want}\nafter\n"), "{directive}");
        }
    }

    #[test]
    fn positions_map_back_to_the_file_they_came_from() {
        let chapter = "one\n{{#include code.rs:3:4}}\nthree\n";
        let got = expand_in(&[("code.rs", CODE)], chapter).unwrap();
        let three = got.text.find("three").unwrap();
        let (file, span) = got.locate(three..three + 5);
        assert!(file.ends_with("ch.md"));
        assert_eq!((span.line, span.column), (3, 1));
        let call = got.text.find("a();").unwrap();
        let (file, span) = got.locate(call..call + 4);
        assert!(file.ends_with("code.rs"));
        assert_eq!((span.line, span.column), (4, 5));
    }

    #[test]
    fn missing_files_anchors_cycles_and_escapes_are_reported() {
        let missing = expand_in(&[], "x\n  {{#include nope.rs}}\n").unwrap_err();
        assert!(missing.message.contains("nope.rs"), "{}", missing.message);
        assert_eq!(missing.span.map(|s| (s.line, s.column)), Some((2, 3)));
        let anchor = expand_in(&[("code.rs", CODE)], "{{#include code.rs:nope}}").unwrap_err();
        assert!(
            anchor.message.contains("ANCHOR: nope"),
            "{}",
            anchor.message
        );
        let cycle = expand_in(
            &[("a.md", "{{#include b.md}}"), ("b.md", "{{#include a.md}}")],
            "{{#include a.md}}",
        )
        .unwrap_err();
        assert!(
            cycle.message.contains("includes itself"),
            "{}",
            cycle.message
        );
        let escaped = expand_in(&[], "\\{{#include x.rs}}").unwrap();
        assert_eq!(escaped.text, "{{#include x.rs}}");
    }

    #[test]
    fn files_outside_the_book_need_permission() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        std::fs::create_dir(&book).unwrap();
        std::fs::write(dir.path().join("secret.rs"), "let key = 1;\n").unwrap();
        let chapter = "{{#include ../secret.rs}}\n";
        let refused = expand(&book, &book.join("ch.md"), chapter, false).unwrap_err();
        assert!(refused.message.contains("outside"), "{}", refused.message);
        let allowed = expand(&book, &book.join("ch.md"), chapter, true).unwrap();
        assert_eq!(allowed.text, "let key = 1;\n");
    }
}
