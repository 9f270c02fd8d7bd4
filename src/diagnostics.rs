//! Diagnostics as data: what went wrong or looks wrong, where, and what to do about it.
//!
//! The library only collects these; the CLI renders them once, at the edge ([`render`]).

use crate::model::Span;
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// Absent for problems with the file as a whole (unreadable, say).
    pub span: Option<Span>,
    /// The source line the span starts on, kept so the message can be shown in context later.
    pub line_text: Option<String>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: &Path, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.to_path_buf(),
            span: None,
            line_text: None,
            message: message.into(),
            help: None,
        }
    }

    /// Points the diagnostic at `span`, quoting its line from `source`.
    pub fn at(mut self, span: Span, source: &str) -> Self {
        self.line_text = source
            .get(span.start.min(source.len())..)
            .map(|_| line_containing(source, span.start).to_string());
        self.span = Some(span);
        self
    }

    /// Points at `span` when the source text is not at hand (backends): the location is shown
    /// without the quoted line.
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or just the file when there is no position.
    pub fn location(&self) -> String {
        match self.span {
            Some(span) => format!("{}:{}:{}", self.file.display(), span.line, span.column),
            None => self.file.display().to_string(),
        }
    }
}

fn line_containing(source: &str, offset: usize) -> &str {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    source[start..end].trim_end_matches('\r')
}

/// Renders a diagnostic for a terminal: the message, `file:line:col`, the source line with the
/// span underlined, and the help text.
pub fn render(diagnostic: &Diagnostic, color: bool) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let file = diagnostic.file.display().to_string();
    let mut group = match (&diagnostic.span, &diagnostic.line_text) {
        (Some(span), Some(line)) => {
            let col = (span.column as usize).saturating_sub(1);
            let start = line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
            let len = span.end.saturating_sub(span.start).max(1);
            let end = (start + len).min(line.len()).max(start);
            let end = (end..=line.len())
                .find(|&i| line.is_char_boundary(i))
                .unwrap_or(line.len());
            level.primary_title(&diagnostic.message).element(
                Snippet::source(line.as_str())
                    .line_start(span.line as usize)
                    .path(file.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end)),
            )
        }
        _ => level
            .primary_title(&diagnostic.message)
            .element(Level::NOTE.message(format!("in {}", diagnostic.location()))),
    };
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_source_line_and_help() {
        let source = "# Title\n\nSee [^missing] here.\n";
        let span = Span {
            start: 13,
            end: 23,
            line: 3,
            column: 5,
            file: 0,
        };
        let d = Diagnostic::warning(Path::new("a.md"), "undefined footnote `missing`")
            .at(span, source)
            .with_help("define it with `[^missing]: text`");
        let text = render(&d, false);
        assert!(text.contains("a.md:3:5"), "{text}");
        assert!(text.contains("See [^missing] here."), "{text}");
        assert!(text.contains("^^^^^^^^^^"), "{text}");
        assert!(text.contains("define it with"), "{text}");
    }
}
