//! The document model: the one hub between readers and writers.
//!
//! Plain data only. A reader (today only [`crate::markdown`]) produces a [`Document`]; every backend
//! takes `&Document` and its own options. Nothing here knows a file format, does I/O or prints.
//! The whole tree is serialisable so `folio dump` can show exactly what the backends will see.

pub mod characters;
mod ids;
mod locale;
mod pages;
mod span;
mod text;
mod walk;

pub use ids::{IdRegistry, slugify};
pub use locale::{Dir, Direction, Flow, Locale, first_strong, is_language_tag, is_rtl_language};
pub use pages::{PageStart, PageStarts, Position};
pub use span::Span;
pub use text::plain_text;
pub use walk::{visit_blocks, visit_blocks_mut, visit_inlines, visit_inlines_mut};

use serde::Serialize;
use std::path::PathBuf;

/// One manuscript, read and resolved: metadata, body and numbered footnotes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Document {
    pub meta: Metadata,
    pub blocks: Vec<Block>,
    /// Footnotes in the order of their first reference; `Footnote::number` is 1-based.
    pub footnotes: Vec<Footnote>,
    /// Where the manuscript came from; resources (images) are resolved against `base_dir`.
    pub source: Source,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Source {
    /// The manuscript path as given by the user (used in diagnostics).
    pub path: PathBuf,
    /// The folder that relative resource paths are resolved against.
    pub base_dir: PathBuf,
    /// A digest of the manuscript bytes, so writers can derive stable identifiers from content.
    pub digest: String,
    /// Every file the text was read from, for a document made of several (a book's config and
    /// chapters, the files they include); empty for a lone manuscript, which is `path` alone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<PathBuf>,
    /// Images and the cover may come from outside `base_dir` (`--allow-outside-paths`): the
    /// reader checked them by this rule, and the backends read them by the same one.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub allow_outside_paths: bool,
}

impl Source {
    /// Whether the document is a book assembled from several files (chapters), which is set
    /// as a book even when it has a single chapter.
    pub fn is_book(&self) -> bool {
        !self.files.is_empty()
    }

    /// The file a span's line and column are in.
    pub fn file_of(&self, span: Span) -> &std::path::Path {
        self.files.get(span.file as usize).unwrap_or(&self.path)
    }
}

/// Bibliographic metadata, with pandoc's front matter keys.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Metadata {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    /// As written in the manuscript (ISO 8601 is expected but not enforced).
    pub date: Option<String>,
    /// BCP 47 language tag, e.g. `en`, `tg-Cyrl`.
    pub lang: Option<String>,
    /// The base direction of the text, when the front matter states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dir: Option<Dir>,
    pub description: Option<String>,
    pub publisher: Option<String>,
    pub rights: Option<String>,
    /// ISBN, URN, DOI or any other identifier the publisher assigned.
    pub identifier: Option<String>,
    pub keywords: Vec<String>,
    /// Path relative to the manuscript's folder.
    pub cover_image: Option<ResourceRef>,
}

impl Metadata {
    /// The document's own `lang` and `dir`, as any node states them.
    pub fn locale(&self) -> Locale {
        Locale {
            lang: self.lang.clone(),
            dir: self.dir,
        }
    }

    /// The base direction of the body: right to left when the front matter says `dir: rtl` or
    /// names a language written right to left, which makes the whole book right to left.
    pub fn direction(&self) -> Direction {
        Flow::of_document(self).direction
    }
}

/// A path to a local resource (image) as written in the manuscript, with where it was written.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResourceRef {
    pub path: String,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Block {
    #[serde(flatten)]
    pub kind: BlockKind,
    /// The language and direction the manuscript states on this block (a div, a heading, a
    /// paragraph from raw HTML); see [`Flow`] for what is in force where nothing is stated.
    #[serde(flatten)]
    pub locale: Locale,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockKind {
    Heading(Heading),
    Paragraph {
        content: Vec<Inline>,
    },
    BlockQuote {
        blocks: Vec<Block>,
    },
    List(List),
    CodeBlock {
        /// The info string's first word, e.g. `rust`.
        lang: Option<String>,
        code: String,
    },
    Table(Table),
    /// An image standing alone in its paragraph, with an optional caption.
    Figure(Figure),
    ThematicBreak,
    DefinitionList {
        items: Vec<DefinitionItem>,
    },
    /// Display math, kept as TeX source. `label` is the id of a numbered equation
    /// (`$$ … $$ {#eq:label}`), which other parts of the document may refer to.
    Math {
        tex: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// A group of blocks with a language or direction of their own (pandoc's fenced div
    /// `::: {lang=ps dir=rtl}`, or an HTML `<div>`).
    Div {
        blocks: Vec<Block>,
    },
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Unique in the document: an explicit `{#id}` or a slug of the text.
    pub id: String,
    pub classes: Vec<String>,
    pub attributes: Vec<(String, String)>,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct List {
    /// `Some(start)` for an ordered list.
    pub start: Option<u64>,
    /// A tight list's items hold bare text rather than paragraphs separated by blank lines.
    pub tight: bool,
    pub items: Vec<ListItem>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ListItem {
    /// `Some(checked)` for a task list item.
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Table {
    /// One entry per column.
    pub alignments: Vec<Align>,
    pub header: Vec<TableRow>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableRow {
    pub cells: Vec<Vec<Inline>>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Figure {
    pub image: Image,
    /// From the image title, or empty when the image has none.
    pub caption: Vec<Inline>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Image {
    /// A path relative to the manuscript's folder, or a remote URL.
    pub src: String,
    /// Plain-text alternative; empty means the author gave none.
    pub alt: String,
    pub title: Option<String>,
    /// Whether `src` names a local file that was found (remote images are never fetched).
    pub local: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DefinitionItem {
    pub term: Vec<Inline>,
    pub definitions: Vec<Vec<Block>>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Footnote {
    /// The label as written (`[^label]`).
    pub label: String,
    /// 1-based, in order of first reference.
    pub number: u32,
    pub blocks: Vec<Block>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Inline {
    #[serde(flatten)]
    pub kind: InlineKind,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InlineKind {
    Text {
        text: String,
    },
    Emphasis {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    Strikethrough {
        content: Vec<Inline>,
    },
    Superscript {
        content: Vec<Inline>,
    },
    Subscript {
        content: Vec<Inline>,
    },
    /// Keyboard input (`<kbd>` in the manuscript).
    Keyboard {
        content: Vec<Inline>,
    },
    Code {
        code: String,
    },
    Link(Link),
    Image(Image),
    /// A hard line break.
    LineBreak,
    /// A line end inside a paragraph: a space to every backend.
    SoftBreak,
    FootnoteRef {
        number: u32,
    },
    Math {
        tex: String,
    },
    /// A link target with no content (`<a id="…">` or the id of a dropped HTML element).
    Anchor {
        id: String,
    },
    /// Text in another language or direction (pandoc's `[کابل]{lang=fa}`, an HTML `<span>`).
    Span {
        locale: Locale,
        content: Vec<Inline>,
    },
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    pub target: LinkTarget,
    pub title: Option<String>,
    pub content: Vec<Inline>,
}

/// Where a link goes, already checked against the document by the reader.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", content = "to", rename_all = "snake_case")]
pub enum LinkTarget {
    /// An absolute URL with a scheme (`https:`, `mailto:` …).
    External(String),
    /// The id of a heading or other anchor that exists in this document.
    Internal(String),
    /// A target this document cannot resolve (a missing id, another file): backends render the
    /// link's text without a link. Kept so a book builder can resolve cross-chapter links later.
    Unresolved(String),
}

impl Block {
    pub fn new(kind: BlockKind, span: Span) -> Self {
        Block {
            kind,
            locale: Locale::default(),
            span,
        }
    }
}

impl Inline {
    pub fn new(kind: InlineKind, span: Span) -> Self {
        Inline { kind, span }
    }

    pub fn text(text: impl Into<String>, span: Span) -> Self {
        Inline::new(InlineKind::Text { text: text.into() }, span)
    }
}
