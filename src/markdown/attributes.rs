//! pandoc's attribute blocks, `{#id .class key=value key="quoted value"}`, read straight from the
//! manuscript so that every part keeps its byte range, and the language and direction they state.
//!
//! Used for fenced divs (`::: {lang=prs dir=rtl}`), bracketed spans (`[کابل]{lang=fa}`) and the
//! `lang` and `dir` of heading attributes. Nothing here panics on bad input: a problem is
//! returned with its range, for a warning at `file:line:col`.

use crate::model::{Dir, Locale, is_language_tag};
use std::ops::Range;

/// The help every attribute warning carries.
pub(super) const ATTRIBUTE_HELP: &str =
    "pandoc's attributes look like `{#id .class lang=ps dir=rtl}`; quote values with spaces";

/// One attribute block as written.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Attributes {
    pub id: Option<String>,
    pub classes: Vec<String>,
    /// `key=value` pairs, with the range of the whole pair in the manuscript.
    pub pairs: Vec<(String, String, Range<usize>)>,
}

/// Something wrong in an attribute block, at `range` of the manuscript.
#[derive(Debug, PartialEq)]
pub(super) struct Problem {
    pub range: Range<usize>,
    pub message: String,
}

/// Reads the attribute block that starts with the `{` at byte `start` of `text` and ends on the
/// same line. Gives the attributes and the offset just after the closing `}`, or, when the block
/// is not closed on its line, the problem.
pub(super) fn parse(
    text: &str,
    start: usize,
    problems: &mut Vec<Problem>,
) -> Result<(Attributes, usize), Problem> {
    if !text.get(start..).is_some_and(|t| t.starts_with('{')) {
        return Err(Problem {
            range: start..start,
            message: "an attribute block starts with `{`".into(),
        });
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut attrs = Attributes::default();
    let mut at = start + 1;
    loop {
        let rest = &text[at..line_end];
        let skipped = rest.len() - rest.trim_start().len();
        at += skipped;
        let Some(c) = text[at..line_end].chars().next() else {
            return Err(Problem {
                range: start..start + 1,
                message: "this attribute block is never closed with `}`".into(),
            });
        };
        if c == '}' {
            return Ok((attrs, at + 1));
        }
        let word_end = at + word_len(&text[at..line_end]);
        let word = &text[at..word_end];
        if let Some(id) = word.strip_prefix('#') {
            attrs.id = Some(id.to_string());
            at = word_end;
        } else if let Some(class) = word.strip_prefix('.') {
            attrs.classes.push(class.to_string());
            at = word_end;
        } else if let Some((key, _)) = word.split_once('=').filter(|(k, _)| !k.is_empty()) {
            let value_start = at + key.len() + 1;
            let (value, end) = value_at(text, value_start, line_end).map_err(|range| Problem {
                range,
                message: format!("the value of `{key}` has no closing quote"),
            })?;
            attrs
                .pairs
                .push((key.to_string(), value.to_string(), at..end));
            at = end;
        } else {
            let end = word_end.max(at + c.len_utf8());
            problems.push(Problem {
                range: at..end,
                message: format!(
                    "`{}` is not an attribute (`#id`, `.class` or `key=value`); it is ignored",
                    &text[at..end]
                ),
            });
            at = end;
        }
    }
}

/// Bytes up to the next space or `}` (a quoted value runs on to its closing quote).
fn word_len(rest: &str) -> usize {
    let mut quote = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, c) if c.is_whitespace() || c == '}' => return i,
            _ => {}
        }
    }
    rest.len()
}

/// The value starting at `start`: quoted with `"` or `'`, or bare up to a space or `}`. The error
/// is the range of an unclosed quote.
fn value_at(text: &str, start: usize, line_end: usize) -> Result<(&str, usize), Range<usize>> {
    let rest = &text[start..line_end];
    match rest.chars().next() {
        Some(q @ ('"' | '\'')) => match rest[1..].find(q) {
            Some(close) => Ok((&rest[1..1 + close], start + close + 2)),
            None => Err(start..start + 1),
        },
        _ => {
            let len = rest
                .find(|c: char| c.is_whitespace() || c == '}')
                .unwrap_or(rest.len());
            Ok((&rest[..len], start + len))
        }
    }
}

impl Attributes {
    /// The `lang` and `dir` these attributes state; a value that is not a language tag or a
    /// direction is left out with a problem.
    pub(super) fn locale(&self, problems: &mut Vec<Problem>) -> Locale {
        let mut locale = Locale::default();
        for (key, value, range) in &self.pairs {
            match key.as_str() {
                "lang" if is_language_tag(value) => locale.lang = Some(value.clone()),
                "lang" => problems.push(Problem {
                    range: range.clone(),
                    message: format!("`{value}` is not a language tag; `lang` is ignored"),
                }),
                "dir" => match Dir::parse(value) {
                    Some(dir) => locale.dir = Some(dir),
                    None => problems.push(Problem {
                        range: range.clone(),
                        message: format!(
                            "`{value}` is not a direction (`ltr`, `rtl` or `auto`); `dir` is ignored"
                        ),
                    }),
                },
                _ => {}
            }
        }
        locale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Result<(Attributes, usize), Problem>, Vec<Problem>) {
        let mut problems = Vec::new();
        (parse(text, 0, &mut problems), problems)
    }

    #[test]
    fn ids_classes_and_pairs_keep_their_ranges() {
        let text = "{#kabul .note lang=prs dir='rtl' title=\"a b\"} rest";
        let (Ok((attrs, end)), problems) = read(text) else {
            panic!("not read")
        };
        assert!(problems.is_empty());
        assert_eq!(&text[end..], " rest");
        assert_eq!(attrs.id.as_deref(), Some("kabul"));
        assert_eq!(attrs.classes, ["note"]);
        let pairs: Vec<_> = attrs
            .pairs
            .iter()
            .map(|(k, v, r)| (k.as_str(), v.as_str(), &text[r.clone()]))
            .collect();
        assert_eq!(
            pairs,
            [
                ("lang", "prs", "lang=prs"),
                ("dir", "rtl", "dir='rtl'"),
                ("title", "a b", "title=\"a b\"")
            ]
        );
        let locale = attrs.locale(&mut Vec::new());
        assert_eq!(locale.lang.as_deref(), Some("prs"));
        assert_eq!(locale.dir, Some(Dir::Rtl));
    }

    #[test]
    fn malformed_blocks_are_problems_not_panics() {
        let mut problems = Vec::new();
        assert!(parse("[کابل]", 1, &mut problems).is_err());
        let (result, _) = read("{lang=ps\nnext line}");
        assert_eq!(result.unwrap_err().range, 0..1);
        let (result, _) = read("{title=\"open}");
        assert_eq!(result.unwrap_err().range, 7..8);
        let (Ok((attrs, _)), problems) = read("{= ?? dir=up lang=\"no tag\"}") else {
            panic!("not read")
        };
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].range, 1..2);
        let mut problems = Vec::new();
        let locale = attrs.locale(&mut problems);
        assert_eq!(locale, Locale::default());
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
