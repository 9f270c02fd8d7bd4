//! The build manifest: one JSON object per line and per article (input, outputs, status,
//! warnings, errors, pages, bytes, milliseconds) for other tools to consume. Each line is written
//! whole as its article finishes, so a reader can follow the file while the run goes on and an
//! interrupted run leaves only complete lines. It records results; it never decides them.

use super::batch::{Finished, Status};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Manifest<W: Write> {
    out: W,
}

/// One line. Field names are a published format: add fields, never rename them.
#[derive(Serialize)]
struct Line<'a> {
    input: &'a Path,
    outputs: &'a [PathBuf],
    status: Status,
    warnings: usize,
    /// Each error as `file:line:column: message`.
    errors: Vec<String>,
    pages: Option<usize>,
    bytes: u64,
    milliseconds: u128,
}

impl<W: Write> Manifest<W> {
    pub fn new(out: W) -> Self {
        Manifest { out }
    }

    pub fn record(&mut self, finished: &Finished) -> std::io::Result<()> {
        let report = &finished.report;
        let line = Line {
            input: &report.input,
            outputs: &report.outputs,
            status: finished.status,
            warnings: finished.warnings,
            errors: report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| format!("{}: {}", d.location(), d.message))
                .collect(),
            pages: report.pages,
            bytes: report.bytes,
            milliseconds: finished.elapsed.as_millis(),
        };
        let mut text = serde_json::to_vec(&line).map_err(std::io::Error::other)?;
        text.push(b'\n');
        // One write per line: a line is never split by a buffer boundary.
        self.out.write_all(&text)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;
    use crate::run::Report;
    use std::time::Duration;

    #[test]
    fn each_article_is_one_json_line() {
        let mut manifest = Manifest::new(Vec::new());
        let built = Finished {
            report: Report {
                input: "desk/a.md".into(),
                outputs: vec!["out/a.pdf".into()],
                diagnostics: vec![Diagnostic::warning(Path::new("desk/a.md"), "odd")],
                pages: Some(3),
                bytes: 1234,
                machine_fonts: Vec::new(),
            },
            status: Status::Built,
            warnings: 1,
            elapsed: Duration::from_millis(12),
        };
        let failed = Finished {
            report: Report {
                input: "desk/b.md".into(),
                outputs: Vec::new(),
                diagnostics: vec![Diagnostic::error(Path::new("desk/b.md"), "bad")],
                pages: None,
                bytes: 0,
                machine_fonts: Vec::new(),
            },
            status: Status::Failed,
            warnings: 0,
            elapsed: Duration::from_millis(1),
        };
        manifest.record(&built).unwrap();
        manifest.record(&failed).unwrap();
        let text = String::from_utf8(manifest.out).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            lines[0],
            serde_json::json!({
                "input": "desk/a.md", "outputs": ["out/a.pdf"], "status": "built",
                "warnings": 1, "errors": [], "pages": 3, "bytes": 1234, "milliseconds": 12
            })
        );
        assert_eq!(lines[1]["status"], "failed");
        assert_eq!(lines[1]["errors"][0], "desk/b.md: bad");
        assert_eq!(lines[1]["pages"], serde_json::Value::Null);
    }
}
