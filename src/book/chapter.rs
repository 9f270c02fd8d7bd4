//! Fitting one chapter's document into the book: an opening heading with its number, headings
//! lowered by the chapter's nesting, ids unique across the book, footnotes numbered on from the
//! chapters before, and image paths made relative to the book's folder.

use crate::model::*;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Makes sure the chapter opens with a heading (from `title` when the file has none at its
/// start), lowers every heading by the chapter's depth (chapter 1.2 opens with a level-2
/// heading, so tables of contents nest as the summary does) and puts `number` before the
/// opening heading's text (`1.2. `).
pub fn open(doc: &mut Document, number: &[u32], title: &str) {
    let opens_with_heading = matches!(
        doc.blocks.first().map(|b| &b.kind),
        Some(BlockKind::Heading(h)) if h.level == 1
    );
    if !opens_with_heading {
        doc.blocks.insert(0, heading(1, title, Vec::new()));
    }
    let depth = number.len().saturating_sub(1) as u8;
    visit_blocks_mut(&mut doc.blocks, &mut |block| {
        if let BlockKind::Heading(h) = &mut block.kind {
            h.level = (h.level + depth).min(6);
        }
    });
    if !number.is_empty()
        && let Some(BlockKind::Heading(h)) = doc.blocks.first_mut().map(|b| &mut b.kind)
    {
        let label: String = number.iter().map(|n| format!("{n}.")).collect();
        h.content
            .insert(0, Inline::text(format!("{label} "), Span::default()));
    }
}

/// A heading block with an id still to be assigned (by [`claim_ids`]).
pub fn heading(level: u8, title: &str, classes: Vec<String>) -> Block {
    Block::new(
        BlockKind::Heading(Heading {
            level,
            id: String::new(),
            classes,
            attributes: Vec::new(),
            content: vec![Inline::text(title, Span::default())],
        }),
        Span::default(),
    )
}

/// Claims the chapter's ids in the book's registry; an id an earlier chapter took gets a
/// numbered suffix. Headings without an id get a slug. Returns old id → new id for those that
/// changed, after rewriting the chapter's own links to them.
pub fn claim_ids(doc: &mut Document, ids: &mut IdRegistry) -> HashMap<String, String> {
    let mut renamed = HashMap::new();
    let mut claim = |id: &mut String, base: String| {
        let old = if id.is_empty() { base } else { id.clone() };
        let new = ids.unique(&old);
        if new != old || id.is_empty() {
            renamed.insert(std::mem::take(id), new.clone());
        }
        *id = new;
    };
    let mut trees: Vec<&mut [Block]> = vec![&mut doc.blocks];
    trees.extend(doc.footnotes.iter_mut().map(|f| f.blocks.as_mut_slice()));
    for tree in trees.iter_mut() {
        visit_blocks_mut(tree, &mut |block| {
            if let BlockKind::Heading(h) = &mut block.kind {
                let base = slugify(&plain_text(&h.content));
                claim(&mut h.id, base);
            }
        });
        visit_inlines_mut(tree, &mut |inline| {
            if let InlineKind::Anchor { id } = &mut inline.kind {
                claim(id, String::new());
            }
        });
    }
    renamed.remove("");
    for tree in trees.iter_mut() {
        visit_inlines_mut(tree, &mut |inline| {
            if let InlineKind::Link(Link {
                target: LinkTarget::Internal(id),
                ..
            }) = &mut inline.kind
                && let Some(new) = renamed.get(id.as_str())
            {
                *id = new.clone();
            }
        });
    }
    renamed
}

/// The id of the chapter's opening heading.
pub fn start_id(doc: &Document) -> Option<String> {
    doc.blocks.first().and_then(|b| match &b.kind {
        BlockKind::Heading(h) => Some(h.id.clone()),
        _ => None,
    })
}

/// Numbers the chapter's footnotes after the `before` notes of the chapters before it.
pub fn renumber_notes(doc: &mut Document, before: u32) {
    for note in &mut doc.footnotes {
        note.number += before;
    }
    let mut trees: Vec<&mut [Block]> = vec![&mut doc.blocks];
    trees.extend(doc.footnotes.iter_mut().map(|f| f.blocks.as_mut_slice()));
    for tree in trees {
        visit_inlines_mut(tree, &mut |inline| {
            if let InlineKind::FootnoteRef { number } = &mut inline.kind {
                *number += before;
            }
        });
    }
}

/// Moves the chapter's spans from its own list of files to the book's, where its files come
/// after the `before` files of the config and the chapters before it.
pub fn shift_files(doc: &mut Document, before: u32) {
    let mut trees: Vec<&mut [Block]> = vec![&mut doc.blocks];
    for note in &mut doc.footnotes {
        note.span.file += before;
        trees.push(note.blocks.as_mut_slice());
    }
    for tree in trees {
        visit_blocks_mut(tree, &mut |block| {
            block.span.file += before;
            let spans: Vec<&mut Span> = match &mut block.kind {
                BlockKind::List(list) => list.items.iter_mut().map(|i| &mut i.span).collect(),
                BlockKind::Table(table) => (table.header.iter_mut().chain(&mut table.rows))
                    .map(|r| &mut r.span)
                    .collect(),
                BlockKind::DefinitionList { items } => {
                    items.iter_mut().map(|i| &mut i.span).collect()
                }
                _ => Vec::new(),
            };
            for span in spans {
                span.file += before;
            }
        });
        visit_inlines_mut(tree, &mut |inline| inline.span.file += before);
    }
}

/// Rewrites local image paths, written relative to the chapter's folder `dir` (relative to the
/// book's folder), to be relative to the book's folder, where the backends look for them.
pub fn rebase_images(doc: &mut Document, dir: &Path) {
    if dir.as_os_str().is_empty() {
        return;
    }
    let rebase = |src: &mut String| {
        if !crate::resources::is_remote(src) && !Path::new(src.as_str()).is_absolute() {
            *src = normalize(&dir.join(src.as_str()));
        }
    };
    let mut trees: Vec<&mut [Block]> = vec![&mut doc.blocks];
    trees.extend(doc.footnotes.iter_mut().map(|f| f.blocks.as_mut_slice()));
    for tree in trees {
        visit_blocks_mut(tree, &mut |block| {
            if let BlockKind::Figure(figure) = &mut block.kind {
                rebase(&mut figure.image.src);
            }
        });
        visit_inlines_mut(tree, &mut |inline| {
            if let InlineKind::Image(image) = &mut inline.kind {
                rebase(&mut image.src);
            }
        });
    }
}

/// `a/./b/../c` → `a/c`, with `/` between components (`..` above the start is kept).
pub fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::ParentDir if parts.last().is_some_and(|p| p != "..") => {
                parts.pop();
            }
            Component::ParentDir => parts.push("..".into()),
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// `path` relative to `base` (both as the config names them), or `path` itself.
pub fn relative(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_with_forward_slashes() {
        assert_eq!(normalize(Path::new("a/./b/../c.png")), "a/c.png");
        assert_eq!(normalize(Path::new("sub/../../img/x.png")), "../img/x.png");
    }
}
