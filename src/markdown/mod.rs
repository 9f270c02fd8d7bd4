//! The Markdown reader: the only module that knows Markdown, YAML front matter and the raw HTML
//! a manuscript may hold. It turns a manuscript into a [`Document`] and reports what looks wrong.
//!
//! Stages, one file each: [`lines`] (offsets to line:column), [`front_matter`] (YAML metadata),
//! [`tree`] (pulldown-cmark events to the model tree, with [`html`] sanitising raw HTML), and
//! [`resolve`] (title, heading ids, footnote checks, links and images checked against the
//! document and the disk), then [`math`] (formulas that will stay TeX).

mod attributes;
mod fences;
mod front_matter;
mod html;
mod include;
mod lines;
mod math;
mod resolve;
mod summary;
mod tree;

use crate::diagnostics::Diagnostic;
use crate::model::{Document, Source};
use crate::options::Overrides;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub use front_matter::FrontMatter;
pub use lines::LineIndex;
pub use summary::{SummaryItem, parse_summary};

/// Manuscripts larger than this are refused: the 207,000-word Rust book is 1.2 MB, so this leaves
/// room for any real book while keeping hostile input from exhausting memory.
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// Blocks nested deeper than this (quotes in quotes in lists …) are refused: no real manuscript
/// comes close, and every backend walks the tree recursively.
pub const MAX_NESTING: usize = 64;

#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Allow images and the cover to come from outside the manuscript's folder.
    pub allow_outside_paths: bool,
}

/// A manuscript as read: the document, and the settings its front matter overrides.
#[derive(Debug)]
pub struct Manuscript {
    pub document: Document,
    pub overrides: Overrides,
}

/// Reads one manuscript. Warnings are appended to `diagnostics`; an error that makes the
/// manuscript unusable is returned instead of a document (its warnings are still appended).
pub fn read(
    path: &Path,
    bytes: &[u8],
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Document, Diagnostic> {
    read_manuscript(path, bytes, options, diagnostics).map(|read| read.document)
}

/// [`read`], keeping what the front matter says about the book's setting (`mainfont` …).
pub fn read_manuscript(
    path: &Path,
    bytes: &[u8],
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Manuscript, Diagnostic> {
    read_as(path, bytes, options, None, diagnostics)
}

/// Reads one chapter of the book in folder `book`: its include directives are expanded (files
/// inside `book` only, unless the options allow outside paths), its opening heading stays (it is
/// the chapter's, not the book's title), and links to other files are left for the book to
/// resolve without a warning.
pub fn read_chapter(
    path: &Path,
    bytes: &[u8],
    options: &ReadOptions,
    book: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Document, Diagnostic> {
    read_as(path, bytes, options, Some(book), diagnostics).map(|read| read.document)
}

fn read_as(
    path: &Path,
    bytes: &[u8],
    options: &ReadOptions,
    book: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Manuscript, Diagnostic> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(
            path,
            format!(
                "the manuscript is {} bytes, over the limit of {MAX_INPUT_BYTES} bytes",
                bytes.len()
            ),
        )
        .with_help("split it into chapters and build them as a book"));
    }
    let text = decode_utf8(path, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let expansion = match book {
        Some(root) => Some(include::expand(
            root,
            path,
            text,
            options.allow_outside_paths,
        )?),
        None => None,
    };
    let text = expansion.as_ref().map_or(text, |e| e.text.as_str());
    let index = LineIndex::new(text);
    let source = Source {
        path: path.to_path_buf(),
        base_dir: base_dir(path),
        digest: digest(bytes),
        files: expansion
            .iter()
            .flat_map(|e| e.files.iter().map(|f| f.path.clone()))
            .collect(),
        allow_outside_paths: options.allow_outside_paths,
    };
    let ctx = Context {
        path,
        text,
        index: &index,
        expansion: expansion.as_ref(),
        book,
    };
    let first_new = diagnostics.len();
    let result = tree::build(&ctx, diagnostics).map(|mut built| Manuscript {
        overrides: std::mem::take(&mut built.overrides),
        document: resolve::resolve(&ctx, built, source, options, diagnostics),
    });
    if let Ok(manuscript) = &result {
        math::check(&ctx, &manuscript.document, diagnostics);
    }
    // Each stage reports as it goes; the author reads them top to bottom of the file.
    diagnostics[first_new..].sort_by_key(|d| d.span.map(|s| s.start));
    result
}

/// The folder a manuscript's relative image paths are resolved against: its own.
pub fn base_dir(manuscript: &Path) -> PathBuf {
    manuscript
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// What every stage needs to point at the manuscript.
struct Context<'a> {
    path: &'a Path,
    text: &'a str,
    index: &'a LineIndex,
    /// A book chapter's includes, expanded into `text`; `None` for a lone manuscript.
    expansion: Option<&'a include::Expansion>,
    /// A chapter's book folder, which its images must stay inside; `None` for a lone manuscript.
    book: Option<&'a Path>,
}

impl Context<'_> {
    /// The span of `range` of `text`, with the line and column in the file it was copied from
    /// (offsets stay those of `text`, so the source line can still be quoted).
    fn span(&self, range: std::ops::Range<usize>) -> crate::model::Span {
        match self.expansion {
            Some(expansion) => expansion.locate(range).1,
            None => self.index.span(self.text, range),
        }
    }

    /// The file `range` was copied from: the manuscript, or a file it includes.
    fn file_at(&self, range: &std::ops::Range<usize>) -> &Path {
        match self.expansion {
            Some(expansion) => expansion.locate(range.clone()).0,
            None => self.path,
        }
    }

    /// True for a chapter of a book (which settles its title and cross-file links itself).
    fn in_book(&self) -> bool {
        self.expansion.is_some()
    }

    fn warn_at(&self, range: std::ops::Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.file_at(&range), message).at(self.span(range), self.text)
    }

    fn error_at(&self, range: std::ops::Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file_at(&range), message).at(self.span(range), self.text)
    }
}

/// Checks the encoding, naming the line and column of the first bad byte.
fn decode_utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // The prefix is valid UTF-8 by definition, so this never falls back.
        let column = std::str::from_utf8(&valid[line_start..]).map_or(1, |s| s.chars().count() + 1);
        Diagnostic::error(
            path,
            format!(
                "the manuscript is not valid UTF-8: byte 0x{:02X} at {}:{line}:{column} (byte offset {})",
                bytes[e.valid_up_to()],
                path.display(),
                e.valid_up_to()
            ),
        )
        .with_help("save the file as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)")
    })
}

/// The content digest kept in [`Source::digest`] (SHA-256, lower-case hex); the build cache
/// compares files with it.
pub fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
