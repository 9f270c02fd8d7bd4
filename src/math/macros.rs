//! `\newcommand`, `\renewcommand` and `\def` within a document: definitions are taken out of the
//! formulas that hold them and expanded in every formula of the document before conversion
//! (math-core has no macro definitions of its own by design).
//!
//! Expansion is bounded twice, so a definition that calls itself cannot hang a build: at most
//! [`MAX_DEPTH`] expansions inside one another and [`MAX_EXPANSIONS`] in one formula, whose
//! result may not grow past [`MAX_OUTPUT`]. A formula that hits a bound is refused with a
//! message naming the macro.

use std::collections::HashMap;

/// Macros calling macros deeper than this are taken for endless recursion: real definitions nest
/// a handful of levels.
const MAX_DEPTH: usize = 32;
/// Expansions per formula: a long formula built from short macros uses a few hundred.
const MAX_EXPANSIONS: usize = 5_000;
/// Bytes a formula may grow to by expansion: ten pages of TeX.
const MAX_OUTPUT: usize = 64 * 1024;

/// A definition: how many arguments it takes and its body with `#1` … `#9`.
#[derive(Debug, Clone, PartialEq)]
struct Macro {
    params: usize,
    body: String,
}

/// The macros a document defines, by name (without the backslash).
#[derive(Debug, Default)]
pub(super) struct Macros {
    defined: HashMap<String, Macro>,
}

/// Why a formula could not be expanded, and the macro at fault.
#[derive(Debug, PartialEq)]
pub(super) struct Refused {
    pub name: String,
    pub message: String,
}

impl Macros {
    /// Takes the definitions out of `tex`, remembers them, and gives the TeX left (the
    /// definitions' own formula is usually empty afterwards).
    pub(super) fn take_definitions(&mut self, tex: &str) -> String {
        let mut rest = String::new();
        let mut at = 0;
        while let Some(found) = tex[at..].find('\\') {
            let start = at + found;
            rest.push_str(&tex[at..start]);
            match self.definition(tex, start) {
                Some(end) => at = end,
                None => {
                    let name_end = control_word_end(tex, start);
                    rest.push_str(&tex[start..name_end]);
                    at = name_end;
                }
            }
        }
        rest.push_str(&tex[at..]);
        rest
    }

    /// Reads a definition starting at the backslash at `start`; gives where it ends.
    fn definition(&mut self, tex: &str, start: usize) -> Option<usize> {
        let word_end = control_word_end(tex, start);
        let command = &tex[start + 1..word_end];
        let (name, params, body, end) = match command {
            "newcommand" | "renewcommand" | "providecommand" => {
                let mut at = skip_space(tex, word_end);
                at += usize::from(tex[at..].starts_with('*'));
                let (name, after) = read_name(tex, skip_space(tex, at))?;
                let (params, after) = read_count(tex, skip_space(tex, after));
                let (body, end) = read_group(tex, skip_space(tex, after))?;
                (name, params, body, end)
            }
            "def" => {
                let (name, after) = read_name(tex, skip_space(tex, word_end))?;
                let mut at = after;
                let mut params = 0;
                while tex[at..].starts_with('#')
                    && tex[at + 1..].starts_with(|c: char| c.is_ascii_digit())
                {
                    params += 1;
                    at += 2;
                }
                let (body, end) = read_group(tex, skip_space(tex, at))?;
                (name, params, body, end)
            }
            _ => return None,
        };
        let keep = command == "providecommand" && self.defined.contains_key(&name);
        if !keep {
            let body = body.to_string();
            self.defined.insert(name, Macro { params, body });
        }
        Some(end)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.defined.is_empty()
    }

    /// `tex` with every defined macro expanded.
    pub(super) fn expand(&self, tex: &str) -> Result<String, Refused> {
        let mut out = String::with_capacity(tex.len());
        let mut budget = MAX_EXPANSIONS;
        self.expand_into(tex, 0, &mut budget, &mut out)?;
        Ok(out)
    }

    fn expand_into(
        &self,
        tex: &str,
        depth: usize,
        budget: &mut usize,
        out: &mut String,
    ) -> Result<(), Refused> {
        let mut at = 0;
        while let Some(found) = tex[at..].find('\\') {
            let start = at + found;
            out.push_str(&tex[at..start]);
            let end = control_word_end(tex, start);
            let name = &tex[start + 1..end];
            let Some(definition) = self.defined.get(name) else {
                out.push_str(&tex[start..end]);
                at = end;
                continue;
            };
            let refuse = |why: &str| Refused {
                name: format!("\\{name}"),
                message: format!("the macro `\\{name}` {why}: it is taken to expand without end"),
            };
            if depth >= MAX_DEPTH {
                return Err(refuse(&format!("nests more than {MAX_DEPTH} levels deep")));
            }
            if *budget == 0 {
                return Err(refuse(&format!(
                    "needs more than {MAX_EXPANSIONS} expansions in one formula"
                )));
            }
            *budget -= 1;
            let (args, after) = read_arguments(tex, end, definition.params);
            let body = substitute(&definition.body, &args);
            self.expand_into(&body, depth + 1, budget, out)?;
            if out.len() > MAX_OUTPUT {
                return Err(refuse(&format!(
                    "makes the formula longer than {MAX_OUTPUT} bytes"
                )));
            }
            at = after;
        }
        out.push_str(&tex[at..]);
        Ok(())
    }
}

/// Where the control sequence starting with the backslash at `start` ends: after its letters,
/// or after the one symbol of a control symbol (`\,`, `\{`).
fn control_word_end(tex: &str, start: usize) -> usize {
    let after = start + 1;
    let letters = tex[after..]
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(tex.len() - after);
    if letters > 0 {
        after + letters
    } else {
        tex[after..]
            .chars()
            .next()
            .map_or(after, |c| after + c.len_utf8())
    }
}

fn skip_space(tex: &str, at: usize) -> usize {
    at + (tex[at..].len() - tex[at..].trim_start().len())
}

/// A macro's name: `\name` or `{\name}`.
fn read_name(tex: &str, at: usize) -> Option<(String, usize)> {
    let (inner, end) = if tex[at..].starts_with('{') {
        let (group, end) = read_group(tex, at)?;
        (group.trim(), end)
    } else {
        let word_end = control_word_end(tex, at);
        (&tex[at..word_end], word_end)
    };
    let name = inner.strip_prefix('\\').filter(|n| !n.is_empty())?;
    Some((name.to_string(), end))
}

/// An optional argument count, `[2]`.
fn read_count(tex: &str, at: usize) -> (usize, usize) {
    let count = tex[at..]
        .strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(n, _)| n.trim().parse::<usize>().ok().map(|v| (v.min(9), n.len())));
    match count {
        Some((n, len)) => (n, at + len + 2),
        None => (0, at),
    }
}

/// The content of the brace group opening at `at`, and where the group ends.
fn read_group(tex: &str, at: usize) -> Option<(&str, usize)> {
    if !tex[at..].starts_with('{') {
        return None;
    }
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in tex[at..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&tex[at + 1..at + i], at + i + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// `count` arguments after a macro's name: brace groups or single tokens. A missing argument
/// is empty.
fn read_arguments(tex: &str, at: usize, count: usize) -> (Vec<&str>, usize) {
    let mut args = Vec::with_capacity(count);
    let mut at = at;
    for _ in 0..count {
        let start = skip_space(tex, at);
        if let Some((group, end)) = read_group(tex, start) {
            args.push(group);
            at = end;
        } else if tex[start..].starts_with('\\') {
            let end = control_word_end(tex, start);
            args.push(&tex[start..end]);
            at = end;
        } else if let Some(c) = tex[start..].chars().next().filter(|c| *c != '}') {
            args.push(&tex[start..start + c.len_utf8()]);
            at = start + c.len_utf8();
        } else {
            args.push("");
        }
    }
    (args, at)
}

/// `body` with `#1` … `#9` replaced by the arguments (each in a group, as TeX keeps it one unit).
fn substitute(body: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        let digit = chars.peek().and_then(|&(_, d)| d.to_digit(10));
        match digit {
            Some(n) if c == '#' && n >= 1 && (n as usize) <= args.len() => {
                chars.next();
                out.push('{');
                out.push_str(args[n as usize - 1]);
                out.push('}');
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defined(tex: &str) -> (Macros, String) {
        let mut macros = Macros::default();
        let rest = macros.take_definitions(tex);
        (macros, rest)
    }

    #[test]
    fn newcommand_and_def_are_taken_out_and_expanded() {
        let (macros, rest) = defined(
            r"\newcommand{\R}{\mathbb{R}} \newcommand\norm[1]{\lVert #1\rVert}\def\pair#1#2{(#1,#2)}x",
        );
        assert_eq!(rest.trim(), "x");
        assert_eq!(
            macros.expand(r"\norm{v}\in\R, \pair ab").unwrap(),
            r"\lVert {v}\rVert\in\mathbb{R}, ({a},{b})"
        );
        assert_eq!(macros.expand(r"\Rho \R2").unwrap(), r"\Rho \mathbb{R}2");
    }

    #[test]
    fn endless_macros_are_refused_with_their_name() {
        let (loops, _) = defined(r"\def\a{\a x}");
        let refused = loops.expand(r"\a").unwrap_err();
        assert_eq!(refused.name, r"\a");
        assert!(
            refused.message.contains("without end"),
            "{}",
            refused.message
        );
        let (bomb, _) = defined(
            r"\def\b{\c\c\c\c}\def\c{\d\d\d\d}\def\d{\e\e\e\e}\def\e{xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx}",
        );
        assert!(
            bomb.expand(r"\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b")
                .is_err()
        );
    }

    #[test]
    fn a_definition_without_a_body_is_left_in_place() {
        let (macros, rest) = defined(r"\newcommand{\x}");
        assert!(macros.is_empty());
        assert_eq!(rest, r"\newcommand{\x}");
    }
}
