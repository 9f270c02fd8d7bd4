//! Resolving what the tree refers to: the title, heading ids, footnotes, links and images.

use super::tree::{NoteDefinition, RawTree};
use super::{Context, ReadOptions};
use crate::diagnostics::Diagnostic;
use crate::image_check;
use crate::model::*;
use crate::resources::{self, ResourceError};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;

pub(super) fn resolve(
    ctx: &Context,
    raw: RawTree,
    source: Source,
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Document {
    let RawTree {
        mut meta,
        mut blocks,
        notes,
        note_labels,
        overrides: _,
    } = raw;
    if !ctx.in_book() {
        settle_title(ctx, &mut meta, &mut blocks, diagnostics);
    }
    let mut footnotes = number_footnotes(ctx, notes, note_labels, diagnostics);
    let ids = assign_ids(ctx, &mut blocks, &mut footnotes, diagnostics);
    let mut images = ImageChecker {
        ctx,
        source: &source,
        options,
        diagnostics,
        decided: HashMap::new(),
    };
    let trees = std::iter::once(&blocks).chain(footnotes.iter().map(|f| &f.blocks));
    images.decide_ahead(trees, meta.cover_image.as_ref().map(|c| c.path.as_str()));
    for tree in std::iter::once(&mut blocks).chain(footnotes.iter_mut().map(|f| &mut f.blocks)) {
        check_references(ctx, tree, &ids, &mut images);
    }
    if let Some(cover) = &meta.cover_image {
        images.check(&cover.path, cover.span);
    }
    Document {
        meta,
        blocks,
        footnotes,
        source,
    }
}

/// The title comes from `title:` or else the first level-1 heading; a heading that repeats the
/// title at the top of the body is removed so no backend prints the title twice.
fn settle_title(
    ctx: &Context,
    meta: &mut Metadata,
    blocks: &mut Vec<Block>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let first_h1 = blocks
        .iter()
        .position(|b| matches!(&b.kind, BlockKind::Heading(h) if h.level == 1));
    let first_heading = blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Heading(_)));
    let h1_text = |i: usize| match &blocks[i].kind {
        BlockKind::Heading(h) => plain_text(&h.content).trim().to_string(),
        _ => String::new(),
    };
    match (&meta.title, first_h1) {
        (Some(title), Some(i)) if first_heading == Some(i) && same_title(title, &h1_text(i)) => {
            blocks.remove(i);
        }
        (None, Some(i)) => {
            meta.title = Some(h1_text(i));
            if i == 0 {
                blocks.remove(0);
            }
        }
        (None, None) => {
            let stem = ctx
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            diagnostics.push(
                Diagnostic::warning(
                    ctx.path,
                    format!("the manuscript has no title; using `{stem}`"),
                )
                .with_help("add `title:` to the front matter or start with a `# Title` heading"),
            );
            meta.title = Some(stem);
        }
        _ => {}
    }
}

/// Titles compare equal whatever quotes, dashes or spacing smart punctuation gave them.
fn same_title(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    norm(a) == norm(b)
}

fn number_footnotes(
    ctx: &Context,
    notes: Vec<NoteDefinition>,
    labels: Vec<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Footnote> {
    let mut by_label: HashMap<String, NoteDefinition> = HashMap::new();
    for note in notes {
        let key = note.label.to_lowercase();
        if let std::collections::hash_map::Entry::Vacant(e) = by_label.entry(key) {
            e.insert(note);
        } else {
            diagnostics.push(ctx.warn_at(
                note.span.start..note.span.end,
                format!(
                    "footnote `{}` is defined twice; the first definition is used",
                    note.label
                ),
            ));
        }
    }
    let mut footnotes = Vec::new();
    for (i, label) in labels.into_iter().enumerate() {
        if let Some(note) = by_label.remove(&label.to_lowercase()) {
            footnotes.push(Footnote {
                label,
                number: i as u32 + 1,
                blocks: note.blocks,
                span: note.span,
            });
        }
    }
    let mut unused: Vec<_> = by_label.into_values().collect();
    unused.sort_by_key(|n| n.span.start);
    for note in unused {
        diagnostics.push(
            ctx.warn_at(
                note.span.start..note.span.end,
                format!("footnote `{}` is defined but never referenced", note.label),
            )
            .with_help(format!(
                "reference it with `[^{}]` or delete it",
                note.label
            )),
        );
    }
    footnotes
}

/// Gives every heading a unique id: explicit `{#id}`s (and HTML anchors) first, so they win,
/// then slugs in document order. Returns every id in the document.
fn assign_ids(
    ctx: &Context,
    blocks: &mut [Block],
    footnotes: &mut [Footnote],
    diagnostics: &mut Vec<Diagnostic>,
) -> IdRegistry {
    let mut ids = IdRegistry::default();
    let mut duplicates = Vec::new();
    let mut trees: Vec<&mut [Block]> = vec![blocks];
    trees.extend(footnotes.iter_mut().map(|f| f.blocks.as_mut_slice()));
    for tree in trees.iter_mut() {
        visit_blocks_mut(tree, &mut |block| {
            if let BlockKind::Heading(h) = &mut block.kind
                && !h.id.is_empty()
                && !ids.reserve(&h.id)
            {
                duplicates.push((h.id.clone(), block.span));
                h.id.clear();
            }
        });
        visit_inlines_mut(tree, &mut |inline| {
            if let InlineKind::Anchor { id } = &inline.kind
                && !ids.reserve(id)
            {
                duplicates.push((id.clone(), inline.span));
            }
        });
    }
    for (id, span) in duplicates {
        diagnostics.push(
            ctx.warn_at(span.start..span.end, format!("the id `{id}` is used twice"))
                .with_help("links to it go to the first; give this one another id"),
        );
    }
    for tree in trees.iter_mut() {
        visit_blocks_mut(tree, &mut |block| {
            if let BlockKind::Heading(h) = &mut block.kind
                && h.id.is_empty()
            {
                h.id = ids.unique(&slugify(&plain_text(&h.content)));
            }
        });
    }
    ids
}

/// Internal links must name an id that exists; images must be readable files inside the
/// manuscript's folder. Unresolvable links keep their text; unusable images keep their alt text.
fn check_references(
    ctx: &Context,
    blocks: &mut [Block],
    ids: &IdRegistry,
    images: &mut ImageChecker,
) {
    visit_inlines_mut(blocks, &mut |inline| {
        let span = inline.span;
        match &mut inline.kind {
            InlineKind::Link(link) => {
                if let LinkTarget::Internal(fragment) = &link.target {
                    let id = resources::percent_decode(fragment);
                    link.target = if ids.contains(&id) {
                        LinkTarget::Internal(id)
                    } else {
                        images.diagnostics.push(
                            ctx.warn_at(span.start..span.end, format!("link to `#{fragment}`, but no heading or anchor has that id"))
                                .with_help("the link text is kept without a link; check the heading's spelling"),
                        );
                        LinkTarget::Unresolved(format!("#{fragment}"))
                    };
                }
            }
            InlineKind::Image(image) => image.local = images.check(&image.src, span),
            InlineKind::Text { text } => warn_undefined_notes(ctx, text, span, images.diagnostics),
            _ => {}
        }
    });
    visit_blocks_mut(blocks, &mut |block| {
        if let BlockKind::Figure(figure) = &mut block.kind {
            figure.image.local = images.check(&figure.image.src, block.span);
        }
    });
}

/// pulldown-cmark leaves a reference to an undefined footnote as the text `[^label]`.
fn warn_undefined_notes(ctx: &Context, text: &str, span: Span, diagnostics: &mut Vec<Diagnostic>) {
    let mut rest = text;
    while let Some(at) = rest.find("[^") {
        let after = &rest[at + 2..];
        let Some(end) = after.find(']') else { break };
        let label = &after[..end];
        if !label.is_empty() && !label.contains(char::is_whitespace) {
            let source = &ctx.text[span.start..span.end.min(ctx.text.len())];
            let offset = source
                .find(&format!("[^{label}]"))
                .map_or(span.start, |o| span.start + o);
            diagnostics.push(
                ctx.warn_at(
                    offset..offset + label.len() + 3,
                    format!("footnote `{label}` is referenced but never defined"),
                )
                .with_help(format!("define it on a line of its own: `[^{label}]: …`")),
            );
        }
        rest = &after[end..];
    }
}

struct ImageChecker<'a, 'd> {
    ctx: &'a Context<'a>,
    source: &'a Source,
    options: &'a ReadOptions,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// The shared decision on each file met so far (decoding is the costly part), with the
    /// reason of a refusal.
    decided: HashMap<PathBuf, Result<(), String>>,
}

impl ImageChecker<'_, '_> {
    /// Decides on every image of `trees` (and the `cover`) at once, on all cores: decoding is
    /// the costly part, and the checks in document order, which tell of refusals, then find
    /// each decision made (`image_check` remembers them).
    fn decide_ahead<'b>(
        &self,
        trees: impl Iterator<Item = &'b Vec<Block>>,
        cover: Option<&'b str>,
    ) {
        let mut sources: Vec<&str> = cover.into_iter().collect();
        for tree in trees {
            visit_inlines(tree, &mut |inline| {
                if let InlineKind::Image(image) = &inline.kind {
                    sources.push(&image.src);
                }
            });
            visit_blocks(tree, &mut |block| {
                if let BlockKind::Figure(figure) = &block.kind {
                    sources.push(&figure.image.src);
                }
            });
        }
        let base = &self.source.base_dir;
        let root = self.ctx.book.unwrap_or(base);
        let allow = self.options.allow_outside_paths;
        let mut paths: Vec<_> = (sources.into_iter())
            .filter_map(|src| resources::resolve_within(base, root, src, allow).ok())
            .collect();
        paths.sort_unstable();
        paths.dedup();
        paths.par_iter().with_max_len(1).for_each(|path| {
            // The verdict is taken again, with its message, where the image is met.
            let _ = image_check::load(path, "");
        });
    }

    /// Whether `src` is a usable local image; reports why not otherwise. A path outside the
    /// manuscript's folder (a chapter's book folder) is an error (the build must not quietly read other files).
    fn check(&mut self, src: &str, span: Span) -> bool {
        let range = span.start..span.end;
        if src.trim().is_empty() {
            self.diagnostics.push(
                self.ctx
                    .warn_at(range, "image without a source; its alt text is shown"),
            );
            return false;
        }
        let base = &self.source.base_dir;
        let root = self.ctx.book.unwrap_or(base);
        match resources::resolve_within(base, root, src, self.options.allow_outside_paths) {
            // The backends decide again on what they read; this is where a refusal is told.
            Ok(path) => match self
                .decided
                .entry(path)
                .or_insert_with_key(|path| image_check::load(path, src).map(drop))
                .clone()
            {
                Ok(()) => return true,
                Err(why) => self
                    .diagnostics
                    .push(self.ctx.warn_at(range, format!("image {why}")).with_help(
                    "its alt text is shown instead; a PNG, JPEG, GIF, WebP or clean SVG is used",
                )),
            },
            Err(e @ ResourceError::Outside(_)) => self.diagnostics.push(
                self.ctx
                    .error_at(range, format!("image {e}"))
                    .with_help("copy it next to the manuscript, or pass --allow-outside-paths"),
            ),
            Err(e @ ResourceError::Remote(_)) => self.diagnostics.push(
                self.ctx
                    .warn_at(range, format!("image {e}; its alt text is shown")),
            ),
            Err(e) => {
                self.diagnostics
                    .push(self.ctx.warn_at(range, format!("image {e}")).with_help(
                        "its alt text is shown instead; check the path, relative to the manuscript",
                    ))
            }
        }
        false
    }
}
