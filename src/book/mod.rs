//! Books: a folder of chapter files, ordered by a `folio.toml` or an mdBook `SUMMARY.md`, read
//! into one [`Document`] so the backends make one PDF and one EPUB with one table of contents.
//!
//! Each chapter is read on its own (its diagnostics name its file and lines), then fitted into
//! the book ([`chapter`]): numbered, its ids made unique across the book, its footnotes numbered
//! on; finally links between chapters are resolved ([`links`]). Part titles become level-1
//! headings of their own (class `part`), as mdBook's sidebar shows them between chapters.

mod chapter;
mod config;
mod links;

pub use config::is_book;

use crate::diagnostics::Diagnostic;
use crate::markdown::{self, ReadOptions};
use crate::model::{
    Block, BlockKind, Document, IdRegistry, InlineKind, Source, slugify, visit_blocks_mut,
    visit_inlines_mut,
};
use crate::style::PageSize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A book read into one document.
#[derive(Debug)]
pub struct Book {
    pub document: Document,
    /// The book's own page size (`page-size` in `folio.toml`), which wins over the options'.
    pub page: Option<PageSize>,
}

/// What the book is built from, in order.
enum Piece {
    Part(Block),
    Chapter(Box<Chapter>),
}

struct Chapter {
    doc: Document,
    /// Its folder below the book's.
    dir: PathBuf,
}

/// Reads the book in `dir`. Chapter warnings are appended to `diagnostics`; a chapter that
/// cannot be read at all (missing, a missing include) fails the book.
pub fn read(
    dir: &Path,
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Book, Diagnostic> {
    let plan = config::plan(dir, diagnostics)?;
    // The file that lists the chapters: `folio.toml`, or mdBook's summary.
    let listing = plan.config_files.last().cloned().unwrap_or_default();
    let mut ids = IdRegistry::default();
    let mut pieces = Vec::new();
    let mut targets = HashMap::new();
    let mut notes = 0;
    let mut digests = String::new();
    let mut files = plan.config_files.clone();
    for entry in &plan.entries {
        match entry {
            config::Entry::Part { title } => {
                let mut part = chapter::heading(1, title, vec!["part".to_string()]);
                if let BlockKind::Heading(h) = &mut part.kind {
                    h.id = ids.unique(&slugify(title));
                }
                pieces.push(Piece::Part(part));
            }
            config::Entry::Chapter {
                path,
                number,
                title,
            } => {
                let relative = chapter::relative(path, &plan.base);
                let bytes = std::fs::read(path).map_err(|e| unreadable(&listing, &relative, e))?;
                let mut doc = markdown::read_chapter(path, &bytes, options, dir, diagnostics)?;
                digests.push_str(&doc.source.digest);
                chapter::shift_files(&mut doc, files.len() as u32);
                files.extend(doc.source.files.iter().cloned());
                let stem = relative.with_extension("").to_string_lossy().into_owned();
                let title = title
                    .clone()
                    .or_else(|| doc.meta.title.clone())
                    .unwrap_or(stem);
                chapter::open(&mut doc, number, &title);
                let renamed = chapter::claim_ids(&mut doc, &mut ids);
                chapter::renumber_notes(&mut doc, notes);
                notes += doc.footnotes.len() as u32;
                let dir = relative.parent().unwrap_or(Path::new("")).to_path_buf();
                chapter::rebase_images(&mut doc, &dir);
                targets.insert(
                    links::key(&relative),
                    links::Target {
                        start: chapter::start_id(&doc).unwrap_or_default(),
                        renamed,
                        ids: ids_of(&mut doc),
                    },
                );
                pieces.push(Piece::Chapter(Box::new(Chapter { doc, dir })));
            }
        }
    }
    let mut document = Document {
        meta: plan.meta,
        blocks: Vec::new(),
        footnotes: Vec::new(),
        source: Source {
            path: dir.to_path_buf(),
            base_dir: plan.base,
            digest: markdown::digest(digests.as_bytes()),
            files,
        },
    };
    if document.meta.title.is_none() {
        document.meta.title = Some(folder_name(dir));
    }
    for piece in pieces {
        match piece {
            Piece::Part(block) => document.blocks.push(block),
            Piece::Chapter(mut chapter) => {
                links::resolve(
                    &mut chapter.doc,
                    &document.source,
                    &chapter.dir,
                    &targets,
                    diagnostics,
                );
                document.blocks.append(&mut chapter.doc.blocks);
                document.footnotes.append(&mut chapter.doc.footnotes);
            }
        }
    }
    Ok(Book {
        document,
        page: plan.page,
    })
}

/// A chapter that cannot be read, reported where `listing` names it (if it can be found there).
fn unreadable(listing: &Path, chapter: &Path, error: std::io::Error) -> Diagnostic {
    let name = chapter.to_string_lossy();
    let problem = Diagnostic::error(
        listing,
        format!("cannot read the chapter `{name}`: {error}"),
    )
    .with_help("chapter paths are relative to the file that lists them");
    let text = std::fs::read_to_string(listing).unwrap_or_default();
    match text.find(name.as_ref()) {
        Some(at) => {
            let span = markdown::LineIndex::new(&text).span(&text, at..at + name.len());
            problem.at(span, &text)
        }
        None => problem,
    }
}

/// The name a book's outputs get: its folder's.
pub fn folder_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            dir.canonicalize()
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
        .unwrap_or_else(|| "book".to_string())
}

/// Every id a chapter has: its headings' and anchors'.
fn ids_of(doc: &mut Document) -> HashSet<String> {
    let mut found = HashSet::new();
    let mut trees: Vec<&mut [Block]> = vec![&mut doc.blocks];
    trees.extend(doc.footnotes.iter_mut().map(|f| f.blocks.as_mut_slice()));
    for tree in trees {
        visit_blocks_mut(tree, &mut |block| {
            if let BlockKind::Heading(h) = &block.kind {
                found.insert(h.id.clone());
            }
        });
        visit_inlines_mut(tree, &mut |inline| {
            if let InlineKind::Anchor { id } = &inline.kind {
                found.insert(id.clone());
            }
        });
    }
    found
}
