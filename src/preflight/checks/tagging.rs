//! Tagged PDF for PDF/UA-1 and PDF/A level a: the file marked as tagged with a structure tree, a
//! document language, the title shown instead of the file name, every piece of text inside
//! marked content (an element's or an artifact's), and every figure with alternative text.

use super::{Context, Findings};
use crate::preflight::Standard;
use crate::preflight::file::MAX_NESTING;
use lopdf::Object;

/// How many structure elements preflight reads before it stops (the Rust book has about
/// 60,000; a hostile tree could be endless).
const MAX_ELEMENTS: usize = 2_000_000;

pub fn check(context: &Context, findings: &mut Findings) {
    let wanted = context.wants_tags();
    if wanted.is_empty() {
        return;
    }
    let file = context.file;
    let Some(catalog) = file.catalog() else {
        return;
    };
    let clause =
        |standard: Standard, ua: &'static str| if standard == Standard::Ua1 { ua } else { "6.7" };
    let marked = file
        .get(catalog, b"MarkInfo")
        .and_then(|m| file.dict(m))
        .is_some_and(|m| matches!(file.get(m, b"Marked"), Some(Object::Boolean(true))));
    let tree = file
        .get(catalog, b"StructTreeRoot")
        .and_then(|t| file.dict(t));
    for &standard in &wanted {
        if !marked {
            findings.error(
                standard,
                clause(standard, "ISO 14289-1 7.1"),
                "the catalog does not mark the file as tagged (MarkInfo /Marked true)",
            );
        }
        if tree.is_none() {
            findings.error(
                standard,
                clause(standard, "ISO 14289-1 7.1"),
                "the file has no structure tree (StructTreeRoot)",
            );
        }
        if file
            .text(catalog, b"Lang")
            .is_none_or(|l| l.trim().is_empty())
        {
            findings.error(
                standard,
                clause(standard, "ISO 14289-1 7.2"),
                "the catalog declares no natural language (Lang)",
            );
        }
    }
    if wanted.contains(&Standard::Ua1) {
        let shows_title = file
            .get(catalog, b"ViewerPreferences")
            .and_then(|v| file.dict(v))
            .is_some_and(|v| {
                matches!(file.get(v, b"DisplayDocTitle"), Some(Object::Boolean(true)))
            });
        if !shows_title {
            findings.error(
                Standard::Ua1,
                "ISO 14289-1 7.1",
                "ViewerPreferences do not set DisplayDocTitle true",
            );
        }
    }
    for (index, page) in context.pages.iter().enumerate() {
        if page.untagged_text > 0 {
            for &standard in &wanted {
                findings
                    .error(
                        standard,
                        clause(standard, "ISO 14289-1 7.1"),
                        format!("{} text-showing operators lie outside marked content (neither tagged nor an artifact)", page.untagged_text),
                    )
                    .on_page(index);
            }
        }
    }
    if let Some(tree) = tree {
        let missing = figures_without_alt(context, tree);
        for &standard in &wanted {
            if missing > 0 {
                findings.error(
                    standard,
                    clause(standard, "ISO 14289-1 7.3"),
                    format!(
                        "{missing} Figure elements have no alternative text (Alt or ActualText)"
                    ),
                );
            }
        }
    }
}

/// Counts Figure elements (by their type, or role-mapped to Figure) without Alt or ActualText.
fn figures_without_alt(context: &Context, root: &lopdf::Dictionary) -> usize {
    let file = context.file;
    let role_map = file.get(root, b"RoleMap").and_then(|r| file.dict(r));
    let is_figure = |name: &[u8]| {
        let mut name = name.to_vec();
        for _ in 0..MAX_NESTING {
            if name == b"Figure" {
                return true;
            }
            match role_map
                .and_then(|map| map.get(&name).ok())
                .and_then(|n| n.as_name().ok())
            {
                Some(mapped) if mapped != name.as_slice() => name = mapped.to_vec(),
                _ => return false,
            }
        }
        false
    };
    let mut missing = 0;
    let mut seen = std::collections::BTreeSet::new();
    let mut stack: Vec<&Object> = root.get(b"K").ok().into_iter().collect();
    while let Some(object) = stack.pop() {
        if seen.len() >= MAX_ELEMENTS {
            break;
        }
        if let Object::Reference(id) = object
            && !seen.insert(*id)
        {
            continue;
        }
        match file.resolve(object) {
            Object::Array(kids) => stack.extend(kids.iter()),
            Object::Dictionary(element) => {
                if let Ok(kind) = element.get(b"S").and_then(Object::as_name)
                    && is_figure(kind)
                    && !element.has(b"Alt")
                    && !element.has(b"ActualText")
                {
                    missing += 1;
                }
                if let Ok(kids) = element.get(b"K") {
                    stack.push(kids);
                }
            }
            _ => {}
        }
    }
    missing
}
