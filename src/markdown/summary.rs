//! mdBook's `SUMMARY.md`: the book's chapter order. `# Title` lines after the first are part
//! titles; `[Title](file.md)` lines outside a list are unnumbered prefix or suffix chapters; list
//! items `- [Title](file.md)` are numbered chapters, nested by indentation (`1.`, `1.2.` …);
//! `- [Draft]()` is a chapter without a file (left out); `---` separators are ignored.

use crate::diagnostics::Diagnostic;
use crate::model::Span;
use std::path::Path;

/// One line of the summary that matters to the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryItem {
    Part {
        title: String,
    },
    Chapter {
        title: String,
        /// Relative to the summary's folder; `None` for a draft.
        path: Option<String>,
        /// `[1, 2]` for chapter 1.2; empty for a prefix or suffix chapter.
        number: Vec<u32>,
        /// Where it is listed, for diagnostics.
        span: Span,
    },
}

/// Reads the summary at `path` (text `text`); lines it cannot read are warned about and skipped.
pub fn parse_summary(
    path: &Path,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<SummaryItem> {
    let mut items = Vec::new();
    let mut seen_title = false;
    // Indentation of each open list level, and the current number at each.
    let mut indents: Vec<usize> = Vec::new();
    let mut number: Vec<u32> = Vec::new();
    let mut offset = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.chars().all(|c| c == '-') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        let span = Span {
            start: line_start + indent,
            end: line_start + line.len(),
            line: i as u32 + 1,
            column: indent as u32 + 1,
            file: 0,
        };
        if let Some(title) = trimmed.strip_prefix('#') {
            let title = title.trim_start_matches('#').trim().to_string();
            if seen_title || !items.is_empty() {
                items.push(SummaryItem::Part { title });
                indents.clear();
            }
            seen_title = true;
            continue;
        }
        let (item, listed) = match trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            Some(rest) => (rest.trim(), true),
            None => (trimmed, false),
        };
        let Some((title, target)) = link(item) else {
            diagnostics.push(
                Diagnostic::warning(
                    path,
                    "this summary line is not a chapter link; it is ignored",
                )
                .at(span, text)
                .with_help("write chapters as `- [Title](file.md)`"),
            );
            continue;
        };
        let number = if listed {
            if indents.is_empty() {
                // A new list (the first, or one after a part title) goes on counting chapters.
                indents.push(indent);
                number.truncate(1);
                if number.is_empty() {
                    number.push(0);
                }
            }
            while indents.len() > 1 && indents.last().is_some_and(|&open| indent < open) {
                indents.pop();
                number.pop();
            }
            if indents.last().is_some_and(|&open| indent > open) {
                indents.push(indent);
                number.push(0);
            }
            if let Some(last) = number.last_mut() {
                *last += 1;
            }
            number.clone()
        } else {
            // A link after the numbered list is a suffix chapter; the list is over.
            indents.clear();
            Vec::new()
        };
        items.push(SummaryItem::Chapter {
            title: title.to_string(),
            path: (!target.is_empty()).then(|| target.to_string()),
            number,
            span,
        });
    }
    items
}

/// `[title](target)` → (title, target).
fn link(item: &str) -> Option<(&str, &str)> {
    let rest = item.strip_prefix('[')?;
    let split = rest.rfind("](")?;
    let target = rest[split + 2..].strip_suffix(')')?;
    Some((rest[..split].trim(), target.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_nesting_and_parts_and_affixes_are_kept() {
        let text = "# Summary\n\n[Preface](preface.md)\n\n# Basics\n\n- [One](one.md)\n    - [One A](one/a.md)\n    - [One B](one/b.md)\n        - [Deep](deep.md)\n- [Two](two.md)\n- [Draft]()\n\n---\n\n[Notes](notes.md)\n";
        let mut diagnostics = Vec::new();
        let items = parse_summary(Path::new("SUMMARY.md"), text, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let shown: Vec<String> = items
            .iter()
            .map(|item| match item {
                SummaryItem::Part { title } => format!("part {title}"),
                SummaryItem::Chapter {
                    title,
                    path,
                    number,
                    ..
                } => format!("{number:?} {title} {path:?}"),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "[] Preface Some(\"preface.md\")",
                "part Basics",
                "[1] One Some(\"one.md\")",
                "[1, 1] One A Some(\"one/a.md\")",
                "[1, 2] One B Some(\"one/b.md\")",
                "[1, 2, 1] Deep Some(\"deep.md\")",
                "[2] Two Some(\"two.md\")",
                "[3] Draft None",
                "[] Notes Some(\"notes.md\")",
            ]
        );
    }

    #[test]
    fn lines_that_are_not_links_are_warned_about() {
        let mut diagnostics = Vec::new();
        let items = parse_summary(Path::new("S.md"), "# S\n\n- just text\n", &mut diagnostics);
        assert!(items.is_empty());
        assert_eq!(diagnostics[0].span.map(|s| s.line), Some(3));
    }
}
