//! TeX math for both backends: every formula of a document converted once to MathML, which the
//! EPUB writes as it is and the PDF lays out with a math face (`pdf::text::math`).
//!
//! Before conversion a formula goes through passes of our own: the document's `\newcommand` and
//! `\def` definitions are expanded ([`macros`]); a few environments and commands math-core lacks
//! are rewritten to ones it has (`smallmatrix`, `split`, `\substack`); `\tag{…}` is taken out
//! and becomes the equation's number. Then [`mathml`] hides math-core. A formula that cannot be
//! converted is a [`Problem`] (with the byte offset of the command at fault), and both backends
//! set it as its TeX source: the build never fails over a formula.
//!
//! This module knows TeX and MathML, not Markdown, XHTML or PDF.

mod macros;
mod mathml;

use crate::model::{BlockKind, Document, InlineKind, Span, visit_blocks, visit_inlines};
use macros::Macros;
use std::collections::HashMap;

/// A formula converted: its MathML, and for display math the number `\tag` gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    pub mathml: String,
    pub tag: Option<String>,
}

/// A formula that stays TeX: where it is, the byte offset in its TeX of what is at fault, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub span: Span,
    pub tex: String,
    pub offset: usize,
    pub message: String,
}

/// Every formula of a document, by its TeX and whether it is displayed.
#[derive(Debug, Default)]
pub struct Formulas {
    converted: HashMap<(String, bool), Option<Formula>>,
    /// Each labelled display equation's number, by label, in document order.
    numbers: HashMap<String, u32>,
    problems: Vec<Problem>,
}

impl Formulas {
    /// Converts the formulas of `doc` (body, then notes). A document without math costs one
    /// walk of its tree.
    pub fn of(doc: &Document) -> Formulas {
        let mut found: Vec<(&str, bool, Span)> = Vec::new();
        let mut numbered = Vec::new();
        let mut collect = |blocks| {
            visit_blocks(blocks, &mut |block| {
                if let BlockKind::Math { tex, label } = &block.kind {
                    found.push((tex, true, block.span));
                    numbered.extend(label.as_deref());
                }
            });
            visit_inlines(blocks, &mut |inline| {
                if let InlineKind::Math { tex } = &inline.kind {
                    found.push((tex, false, inline.span));
                }
            });
        };
        collect(&doc.blocks);
        for note in &doc.footnotes {
            collect(&note.blocks);
        }
        let mut formulas = Formulas::default();
        if found.is_empty() {
            return formulas;
        }
        found.sort_by_key(|(_, _, span)| (span.file, span.start));
        for (n, label) in numbered.into_iter().enumerate() {
            formulas
                .numbers
                .entry(label.to_string())
                .or_insert(n as u32 + 1);
        }
        let mut macros = Macros::default();
        let prepared: Vec<String> = found
            .iter()
            .map(|(tex, _, _)| macros.take_definitions(tex))
            .collect();
        let converter = mathml::Converter::new();
        for ((tex, display, span), bare) in found.into_iter().zip(prepared) {
            let key = (tex.to_string(), display);
            if formulas.converted.contains_key(&key) {
                continue;
            }
            let result = convert(&converter, &macros, tex, &bare, display);
            let formula = result
                .map_err(|(offset, message)| {
                    formulas.problems.push(Problem {
                        span,
                        tex: tex.to_string(),
                        offset,
                        message,
                    });
                })
                .ok();
            formulas.converted.insert(key, formula);
        }
        formulas
    }

    /// The formula for `tex`, or `None` when it is set as its TeX source.
    pub fn get(&self, tex: &str, display: bool) -> Option<&Formula> {
        self.converted
            .get(&(tex.to_string(), display))
            .and_then(Option::as_ref)
    }

    /// Whether the document has any formula that is set as math.
    pub fn any(&self) -> bool {
        self.converted.values().any(Option::is_some)
    }

    /// The number a display equation shows: its `\tag`, else its label's place among the
    /// labelled equations.
    pub fn number(&self, tex: &str, label: Option<&str>) -> Option<String> {
        if let Some(tag) = self.get(tex, true).and_then(|f| f.tag.clone()) {
            return Some(tag);
        }
        label
            .and_then(|l| self.numbers.get(l))
            .map(|n| n.to_string())
    }

    /// The formulas that stay TeX, in document order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

/// One formula through the passes; a failure gives the offset in `tex` of what is at fault.
fn convert(
    converter: &mathml::Converter,
    macros: &Macros,
    tex: &str,
    bare: &str,
    display: bool,
) -> Result<Formula, (usize, String)> {
    let expanded = if macros.is_empty() {
        bare.to_string()
    } else {
        macros.expand(bare).map_err(|refused| {
            let at = tex.find(&refused.name).unwrap_or(0);
            (at, refused.message)
        })?
    };
    let (rewritten, tag) = rewrite(&expanded, display);
    converter
        .convert(&rewritten, tex, display)
        .map(|mathml| Formula { mathml, tag })
        .map_err(|failure| {
            let culprit = rewritten.get(failure.range.clone()).unwrap_or("");
            let at = if rewritten == tex {
                failure.range.start
            } else {
                tex.find(culprit)
                    .filter(|_| !culprit.is_empty())
                    .unwrap_or(0)
            };
            (at, failure.message)
        })
}

/// Environments math-core does not know, and the ones that set the same.
const ENVIRONMENTS: [(&str, &str); 2] = [("smallmatrix", "matrix"), ("split", "aligned")];

/// Rewrites what math-core lacks into what it has, and takes a display's `\tag{…}` out.
fn rewrite(tex: &str, display: bool) -> (String, Option<String>) {
    let mut out = tex.to_string();
    for (from, to) in ENVIRONMENTS {
        out = out
            .replace(&format!("\\begin{{{from}}}"), &format!("\\begin{{{to}}}"))
            .replace(&format!("\\end{{{from}}}"), &format!("\\end{{{to}}}"));
    }
    while let Some(start) = out.find("\\substack{") {
        let open = start + "\\substack".len();
        let Some(close) = group_end(&out, open) else {
            break;
        };
        let inner = out[open + 1..close].to_string();
        out.replace_range(
            start..=close,
            &format!("{{\\begin{{matrix}}{inner}\\end{{matrix}}}}"),
        );
    }
    let mut tag = None;
    // Inside an environment `\tag` is math-core's to number.
    if display
        && !tex.contains("\\begin{")
        && let Some(start) = out.find("\\tag{")
        && let Some(close) = group_end(&out, start + "\\tag".len())
    {
        tag = Some(out[start + "\\tag{".len()..close].trim().to_string());
        out.replace_range(start..=close, "");
    }
    (out, tag)
}

/// The index of the `}` closing the group that opens at `open`.
fn group_end(tex: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in tex[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_cover_what_math_core_lacks() {
        let (tex, tag) = rewrite(r"\sum_{\substack{i<m\\j<n}} x \tag{P}", true);
        assert_eq!(tex, r"\sum_{{\begin{matrix}i<m\\j<n\end{matrix}}} x ");
        assert_eq!(tag.as_deref(), Some("P"));
        let (split, none) = rewrite(r"\begin{split}a&=b\end{split}", true);
        assert_eq!(split, r"\begin{aligned}a&=b\end{aligned}");
        assert_eq!(none, None);
    }

    #[test]
    fn failures_point_into_the_tex_as_written() {
        let converter = mathml::Converter::new();
        let mut macros = Macros::default();
        let tex = r"\newcommand{\R}{\mathbb R} \R + \boxed{x}";
        let bare = macros.take_definitions(tex);
        let (at, message) = convert(&converter, &macros, tex, &bare, false).unwrap_err();
        assert_eq!(&tex[at..at + 6], r"\boxed", "{message}");
        assert!(message.contains("boxed"), "{message}");
    }
}
