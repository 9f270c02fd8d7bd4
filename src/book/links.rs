//! Links between chapters: `other.md#section`, and mdBook's `other.html#section`, become
//! internal links to the id the section has in the book (ids may have been renamed to stay
//! unique); a link without a fragment goes to the chapter's opening heading.

use super::chapter::normalize;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::resources::percent_decode;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What a link into a chapter needs to know about it.
pub struct Target {
    /// The id of its opening heading.
    pub start: String,
    /// Its ids as written → as in the book, for those that changed.
    pub renamed: HashMap<String, String>,
    /// Every id it has in the book.
    pub ids: HashSet<String>,
}

/// The name links use for a chapter: its path below the book's folder without extension.
pub fn key(relative: &Path) -> String {
    normalize(&relative.with_extension(""))
}

/// Resolves the links to other files in a chapter (whose folder below the book's is `dir`),
/// warning at each link that names no chapter or no id in it, in the file the link is written
/// in (`book` knows the files).
pub fn resolve(
    doc: &mut Document,
    book: &Source,
    dir: &Path,
    chapters: &HashMap<String, Target>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut trees: Vec<&mut [Block]> = vec![&mut doc.blocks];
    trees.extend(doc.footnotes.iter_mut().map(|f| f.blocks.as_mut_slice()));
    for tree in trees {
        visit_inlines_mut(tree, &mut |inline| {
            let span = inline.span;
            let file = book.file_of(span);
            let InlineKind::Link(link) = &mut inline.kind else {
                return;
            };
            let LinkTarget::Unresolved(dest) = &link.target else {
                return;
            };
            let (path, fragment) = dest.split_once('#').unwrap_or((dest, ""));
            if path.is_empty() {
                return; // A missing id in the chapter itself: the reader has said so.
            }
            let decoded = percent_decode(path);
            let name = Path::new(&decoded);
            if !matches!(
                name.extension().and_then(|e| e.to_str()),
                Some("md" | "html" | "htm")
            ) {
                diagnostics.push(
                    Diagnostic::warning(
                        file,
                        format!("link to `{dest}`, which is not a chapter of this book"),
                    )
                    .with_span(span)
                    .with_help("the link text is kept without a link"),
                );
                return;
            }
            let wanted = key(&dir.join(name));
            // mdBook publishes README.md as index.html.
            let target = chapters.get(&wanted).or_else(|| {
                wanted
                    .strip_suffix("index")
                    .and_then(|folder| chapters.get(&format!("{folder}README")))
            });
            let Some(target) = target else {
                diagnostics.push(
                    Diagnostic::warning(file, format!("link to `{dest}`, which is not a chapter of this book"))
                        .with_span(span)
                        .with_help("the link text is kept without a link; list the file in the book's chapters"),
                );
                return;
            };
            let fragment = percent_decode(fragment);
            let id = if fragment.is_empty() {
                Some(target.start.clone())
            } else {
                let id = target.renamed.get(&fragment).cloned().unwrap_or(fragment);
                target.ids.contains(&id).then_some(id)
            };
            match id {
                Some(id) => link.target = LinkTarget::Internal(id),
                None => diagnostics.push(
                    Diagnostic::warning(
                        file,
                        format!("link to `{dest}`, but that chapter has no heading or anchor with that id"),
                    )
                    .with_span(span)
                    .with_help("the link text is kept without a link; check the heading's spelling"),
                ),
            }
        });
    }
}
