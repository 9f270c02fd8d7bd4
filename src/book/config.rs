//! What a book folder says about itself: folio's own `folio.toml`, or an mdBook project's
//! `book.toml` with `src/SUMMARY.md`. Both become one [`Plan`]: metadata, the settings the book
//! overrides and the chapters in order, with their numbers and part titles.

use crate::diagnostics::Diagnostic;
use crate::markdown::{FrontMatter, SummaryItem, parse_summary};
use crate::model::{Metadata, ResourceRef, Span};
use crate::options::Overrides;
use crate::style::PageSize;
use serde::Deserialize;
use std::path::{Path, PathBuf};

const FOLIO_TOML: &str = "folio.toml";
const MDBOOK_TOML: &str = "book.toml";

/// Whether `dir` is a book (rather than a folder of articles).
pub fn is_book(dir: &Path) -> bool {
    dir.join(FOLIO_TOML).is_file()
        || (dir.join(MDBOOK_TOML).is_file() && dir.join("src/SUMMARY.md").is_file())
}

/// A book to assemble.
#[derive(Debug)]
pub struct Plan {
    pub meta: Metadata,
    /// The folder chapter paths, images and the cover are relative to.
    pub base: PathBuf,
    /// The settings `folio.toml` gives (`page-size`, `mainfont`, `monofont`): the book's layer,
    /// below front matter and the command line.
    pub overrides: Overrides,
    pub entries: Vec<Entry>,
    /// The files that decide the plan (the config, the summary).
    pub config_files: Vec<PathBuf>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A part title, set on a page of its own before its chapters.
    Part { title: String },
    Chapter {
        path: PathBuf,
        /// `[1, 2]` is chapter 1.2; empty for an unnumbered chapter.
        number: Vec<u32>,
        /// The title the table of contents gives it, for a chapter that has no heading.
        title: Option<String>,
    },
}

/// `folio.toml`: front matter keys (`title`, `author`, `lang`, `date` …) plus the book's own.
#[derive(Deserialize)]
// Unknown keys are allowed, as in front matter (flattening rules out refusing them anyway).
#[serde(rename_all = "kebab-case")]
struct FolioToml {
    #[serde(flatten)]
    front: FrontMatter,
    authors: Option<Vec<String>>,
    cover: Option<String>,
    page_size: Option<String>,
    /// Number the chapters (the default).
    numbered: Option<bool>,
    #[serde(default)]
    front_matter: Vec<String>,
    #[serde(default)]
    chapters: Vec<String>,
    #[serde(default)]
    parts: Vec<PartToml>,
    #[serde(default)]
    back_matter: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartToml {
    title: String,
    chapters: Vec<String>,
}

/// The parts of mdBook's `book.toml` that matter here.
#[derive(Deserialize, Default)]
struct MdBookToml {
    #[serde(default)]
    book: MdBookSection,
}

#[derive(Deserialize, Default)]
struct MdBookSection {
    title: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    language: Option<String>,
    description: Option<String>,
    src: Option<String>,
}

/// Reads the book in `dir`; problems with the summary's lines are appended to `diagnostics`.
pub fn plan(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Result<Plan, Diagnostic> {
    let folio = dir.join(FOLIO_TOML);
    if folio.is_file() {
        folio_plan(dir, &folio)
    } else {
        mdbook_plan(dir, diagnostics)
    }
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Diagnostic> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read the book's config: {e}")))?;
    toml::from_str(&text).map_err(|e| {
        let at = e.span().map_or(0..0, |s| s.start..s.end);
        let before = &text[..at.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let span = Span {
            start: at.start,
            end: at.end,
            line: line as u32,
            column: column as u32,
            file: 0,
        };
        Diagnostic::error(path, format!("invalid book config: {}", e.message()))
            .at(span, &text)
            .with_help("see the README's section on books for the keys")
    })
}

fn folio_plan(dir: &Path, path: &Path) -> Result<Plan, Diagnostic> {
    let config: FolioToml = read_toml(path)?;
    if let Err(message) = config.front.standards() {
        return Err(Diagnostic::error(
            path,
            format!("invalid `pdf-standard`: {message}"),
        ));
    }
    let (mut meta, mut overrides) = config.front.into_parts(Span::default());
    if let Some(authors) = config.authors {
        meta.authors = authors;
    }
    if let Some(cover) = config.cover {
        meta.cover_image = Some(ResourceRef {
            path: cover,
            span: Span::default(),
        });
    }
    overrides.page_size = config
        .page_size
        .map(|size| {
            PageSize::parse(&size)
                .map_err(|e| Diagnostic::error(path, format!("invalid `page-size`: {e}")))
        })
        .transpose()?;
    if !config.chapters.is_empty() && !config.parts.is_empty() {
        return Err(
            Diagnostic::error(path, "the book lists both `chapters` and `[[parts]]`")
                .with_help("put every numbered chapter in a part, or use no parts"),
        );
    }
    let numbered = config.numbered.unwrap_or(true);
    let unnumbered = |file: &String| Entry::Chapter {
        path: dir.join(file),
        number: Vec::new(),
        title: None,
    };
    let mut entries: Vec<Entry> = config.front_matter.iter().map(unnumbered).collect();
    let mut count = 0;
    let mut chapter = |file: &String| {
        count += 1;
        Entry::Chapter {
            path: dir.join(file),
            number: if numbered { vec![count] } else { Vec::new() },
            title: None,
        }
    };
    entries.extend(config.chapters.iter().map(&mut chapter));
    for part in &config.parts {
        entries.push(Entry::Part {
            title: part.title.clone(),
        });
        entries.extend(part.chapters.iter().map(&mut chapter));
    }
    entries.extend(config.back_matter.iter().map(unnumbered));
    if !entries.iter().any(|e| matches!(e, Entry::Chapter { .. })) {
        return Err(Diagnostic::error(path, "the book lists no chapters")
            .with_help("add `chapters = [\"one.md\", \"two.md\"]`"));
    }
    Ok(Plan {
        meta,
        base: dir.to_path_buf(),
        overrides,
        entries,
        config_files: vec![path.to_path_buf()],
    })
}

fn mdbook_plan(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Result<Plan, Diagnostic> {
    let toml_path = dir.join(MDBOOK_TOML);
    let config: MdBookToml = read_toml(&toml_path)?;
    let book = config.book;
    let base = dir.join(book.src.as_deref().unwrap_or("src"));
    let summary_path = base.join("SUMMARY.md");
    let summary = std::fs::read_to_string(&summary_path).map_err(|e| {
        Diagnostic::error(
            &summary_path,
            format!("cannot read the book's summary: {e}"),
        )
    })?;
    let mut entries = Vec::new();
    for item in parse_summary(&summary_path, &summary, diagnostics) {
        match item {
            SummaryItem::Part { title } => entries.push(Entry::Part { title }),
            SummaryItem::Chapter {
                title,
                path: Some(path),
                number,
                ..
            } => entries.push(Entry::Chapter {
                path: base.join(path),
                number,
                title: Some(title),
            }),
            // A draft has no text to set; the reader of the printed book never misses it.
            SummaryItem::Chapter { path: None, .. } => {}
        }
    }
    let meta = Metadata {
        title: book.title,
        authors: book.authors,
        lang: book.language,
        description: book.description,
        ..Metadata::default()
    };
    Ok(Plan {
        meta,
        base,
        overrides: Overrides::default(),
        entries,
        config_files: vec![toml_path, summary_path],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folio(toml: &str) -> Result<Plan, Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FOLIO_TOML), toml).unwrap();
        plan(dir.path(), &mut Vec::new())
    }

    fn numbers(plan: &Plan) -> Vec<String> {
        plan.entries
            .iter()
            .map(|entry| match entry {
                Entry::Part { title } => format!("part {title}"),
                Entry::Chapter { path, number, .. } => {
                    format!("{number:?} {}", path.file_name().unwrap().to_string_lossy())
                }
            })
            .collect()
    }

    #[test]
    fn chapters_are_numbered_across_parts_and_front_and_back_matter_is_not() {
        let plan = folio(
            "title = \"T\"\nauthor = \"A\"\npage-size = \"a5\"\nfront-matter = [\"p.md\"]\n\
             back-matter = [\"z.md\"]\n[[parts]]\ntitle = \"I\"\nchapters = [\"a.md\", \"b.md\"]\n\
             [[parts]]\ntitle = \"II\"\nchapters = [\"c.md\"]\n",
        )
        .unwrap();
        assert_eq!(
            numbers(&plan),
            [
                "[] p.md", "part I", "[1] a.md", "[2] b.md", "part II", "[3] c.md", "[] z.md"
            ]
        );
        assert_eq!(plan.meta.authors, ["A"]);
        assert_eq!(plan.overrides.page_size, PageSize::parse("a5").ok());
        let unnumbered = folio("numbered = false\nchapters = [\"a.md\"]\n").unwrap();
        assert_eq!(numbers(&unnumbered), ["[] a.md"]);
    }

    #[test]
    fn bad_configs_are_errors_at_their_line() {
        let syntax = folio("title = \"T\"\nchapters = [\"a.md\"\n").unwrap_err();
        assert!(
            syntax.message.contains("invalid book config"),
            "{}",
            syntax.message
        );
        assert!(
            syntax.span.is_some_and(|s| s.line >= 2),
            "{:?}",
            syntax.span
        );
        let both = folio("chapters = [\"a.md\"]\n[[parts]]\ntitle = \"I\"\nchapters = []\n");
        assert!(both.unwrap_err().message.contains("both"));
        assert!(
            folio("title = \"Empty\"\n")
                .unwrap_err()
                .message
                .contains("no chapters")
        );
        let size = folio("page-size = \"huge\"\nchapters = [\"a.md\"]\n").unwrap_err();
        assert!(size.message.contains("page-size"), "{}", size.message);
    }
}
