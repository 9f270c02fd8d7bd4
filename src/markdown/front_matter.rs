//! YAML front matter into the model's [`Metadata`], with pandoc's keys (`title`, `author`,
//! `lang`, `abstract` …), which a book's `folio.toml` shares through [`FrontMatter`].
//!
//! It owns which keys are read and how each becomes a metadata field (a scalar or a list,
//! trimmed, empty as absent), and the errors: invalid YAML is reported at its line and column
//! in the manuscript, a `dir` that is no direction is warned about and ignored. Unknown keys
//! are allowed, as pandoc templates use many.

use super::Context;
use crate::diagnostics::Diagnostic;
use crate::model::{Dir, Metadata, ResourceRef, Span};
use crate::options::Overrides;
use crate::preflight::Standard;
use serde::Deserialize;
use std::ops::Range;

/// A scalar or a list of scalars, as pandoc accepts for `author`, `keywords` and `subject`.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Scalar),
    Many(Vec<Scalar>),
}

/// Titles like `1984` or dates like `2026-10-14` are written unquoted: take any scalar as text.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    fn into_text(self) -> String {
        match self {
            Scalar::Text(s) => s,
            Scalar::Integer(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.into_text()],
            OneOrMany::Many(v) => v.into_iter().map(Scalar::into_text).collect(),
        }
    }
}

/// The keys folio understands; others are allowed (pandoc templates use many) and ignored.
/// A book's `folio.toml` takes the same keys.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FrontMatter {
    title: Option<Scalar>,
    subtitle: Option<Scalar>,
    author: Option<OneOrMany>,
    date: Option<Scalar>,
    lang: Option<Scalar>,
    dir: Option<Scalar>,
    description: Option<Scalar>,
    #[serde(alias = "abstract")]
    summary: Option<Scalar>,
    publisher: Option<Scalar>,
    rights: Option<Scalar>,
    #[serde(alias = "isbn")]
    identifier: Option<Scalar>,
    keywords: Option<OneOrMany>,
    subject: Option<OneOrMany>,
    #[serde(rename = "cover-image")]
    cover_image: Option<Scalar>,
    mainfont: Option<Scalar>,
    monofont: Option<Scalar>,
    /// Standards the PDF is made to meet, comma-separated (`a-2b,ua-1`; see `--pdf-standard`).
    #[serde(rename = "pdf-standard")]
    pdf_standard: Option<Scalar>,
}

/// Parses the YAML in `range` of the manuscript into metadata and the settings it overrides
/// (the fonts), or an error at the offending line and column.
pub(super) fn parse(
    ctx: &Context,
    range: Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(Metadata, Overrides), Diagnostic> {
    let yaml = &ctx.text[range.clone()];
    let front: FrontMatter = if yaml.trim().is_empty() {
        FrontMatter::default()
    } else {
        serde_saphyr::from_str(yaml).map_err(|e| {
            let at = e
                .location()
                .map(|loc| offset_of(yaml, loc.line(), loc.column()))
                .unwrap_or(0);
            let offset = range.start + at;
            let message = e.to_string();
            let reason = yaml_reason(message.lines().next().unwrap_or("invalid YAML"));
            ctx.error_at(
                offset..offset + 1,
                format!("invalid front matter: {reason}"),
            )
            .with_help(
                "front matter is YAML between `---` lines; quote values that contain `: ` or `#`",
            )
        })?
    };
    if let Some(Scalar::Text(dir)) = &front.dir
        && Dir::parse(dir).is_none()
    {
        let at = range.start + yaml.find("dir:").unwrap_or(0);
        diagnostics.push(
            ctx.warn_at(
                at..at + 4,
                format!("`dir: {dir}` is not a direction; it is ignored"),
            )
            .with_help("write `dir: rtl`, `dir: ltr` or `dir: auto`"),
        );
    }
    if let Err(message) = front.standards() {
        let at = range.start + yaml.find("pdf-standard").unwrap_or(0);
        return Err(ctx
            .error_at(
                at..at + "pdf-standard".len(),
                format!("invalid `pdf-standard`: {message}"),
            )
            .with_help("e.g. `pdf-standard: a-2b,ua-1` or `pdf-standard: x-4`"));
    }
    Ok(front.into_parts(ctx.span(range)))
}

impl FrontMatter {
    /// The standards `pdf-standard` names, or why they cannot be claimed.
    pub fn standards(&self) -> Result<Option<Vec<Standard>>, String> {
        match &self.pdf_standard {
            None => Ok(None),
            Some(list) => crate::preflight::parse_list(&list.clone().into_text()).map(Some),
        }
    }

    /// The metadata these keys give, and the settings they override (pandoc's `mainfont` and
    /// `monofont`: print styling, which the model does not carry); `cover_span` is where the
    /// cover was named.
    pub fn into_parts(self, cover_span: Span) -> (Metadata, Overrides) {
        let front = self;
        let text = |s: Option<Scalar>| {
            s.map(Scalar::into_text)
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
        };
        let pdf_standards = front.standards().ok().flatten();
        let mut keywords = front.keywords.map(OneOrMany::into_vec).unwrap_or_default();
        keywords.extend(front.subject.map(OneOrMany::into_vec).unwrap_or_default());
        let overrides = Overrides {
            pdf_standards,
            main_font: text(front.mainfont),
            mono_font: text(front.monofont),
            ..Overrides::default()
        };
        let meta = Metadata {
            title: text(front.title),
            subtitle: text(front.subtitle),
            authors: front.author.map(OneOrMany::into_vec).unwrap_or_default(),
            date: text(front.date),
            lang: text(front.lang),
            dir: text(front.dir).as_deref().and_then(Dir::parse),
            description: text(front.description).or(text(front.summary)),
            publisher: text(front.publisher),
            rights: text(front.rights),
            identifier: text(front.identifier),
            keywords,
            cover_image: text(front.cover_image).map(|path| ResourceRef {
                path,
                span: cover_span,
            }),
        };
        (meta, overrides)
    }
}

/// The YAML parser's message without its own `error: line L column C:` prefix: the diagnostic
/// already says where, relative to the manuscript rather than the YAML block.
fn yaml_reason(message: &str) -> &str {
    let message = message.trim().trim_start_matches("error:").trim_start();
    match message
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((position, reason)) if position.contains("column") => reason,
        _ => message,
    }
}

/// Byte offset of a 1-based line and column within `text`.
fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    rest.char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(line_start, |(i, _)| line_start + i)
}
