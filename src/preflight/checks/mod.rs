//! The checks, one module per concern. Each reads the file and the pages' facts and reports, for
//! every standard asked for whose clause it serves, what breaks it.

mod actions;
mod annotations;
mod boxes;
mod colour;
mod fonts;
mod identity;
mod intents;
mod tagging;

use super::content::PageFacts;
use super::file::PdfFile;
use super::{Finding, Standard};
use crate::diagnostics::Severity;
use lopdf::ObjectId;

/// What every check reads.
pub struct Context<'a> {
    pub file: &'a PdfFile,
    pub pages: &'a [PageFacts],
    pub standards: &'a [Standard],
}

impl Context<'_> {
    /// The standards asked for that `applies` selects.
    pub fn asked(&self, applies: impl Fn(Standard) -> bool) -> Vec<Standard> {
        self.standards
            .iter()
            .copied()
            .filter(|s| applies(*s))
            .collect()
    }

    /// The PDF/A standard asked for, if any.
    pub fn archival(&self) -> Option<Standard> {
        self.standards
            .iter()
            .copied()
            .find(|s| s.archival().is_some())
    }

    /// Whether a standard that wants tags (PDF/UA-1, PDF/A level a) was asked for.
    pub fn wants_tags(&self) -> Vec<Standard> {
        self.asked(|s| s == Standard::Ua1 || matches!(s.archival(), Some((_, super::Level::A))))
    }
}

/// Collects findings; `error`/`warning` fill in the severity.
#[derive(Default)]
pub struct Findings(pub Vec<Finding>);

impl Findings {
    pub fn error(
        &mut self,
        standard: Standard,
        clause: &'static str,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.push(Severity::Error, standard, clause, message.into())
    }

    pub fn warning(
        &mut self,
        standard: Standard,
        clause: &'static str,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.push(Severity::Warning, standard, clause, message.into())
    }

    fn push(
        &mut self,
        severity: Severity,
        standard: Standard,
        clause: &'static str,
        message: String,
    ) -> &mut Finding {
        self.0.push(Finding {
            severity,
            standard,
            clause,
            page: None,
            object: None,
            message,
        });
        self.0.last_mut().expect("just pushed")
    }
}

impl Finding {
    /// Names the page (0-based index in, 1-based number out).
    pub fn on_page(&mut self, index: usize) -> &mut Self {
        self.page = Some(index + 1);
        self
    }

    pub fn object(&mut self, id: ObjectId) -> &mut Self {
        self.object = Some(id);
        self
    }
}

/// Runs every check.
pub fn run(context: &Context) -> Vec<Finding> {
    let mut findings = Findings::default();
    identity::check(context, &mut findings);
    intents::check(context, &mut findings);
    boxes::check(context, &mut findings);
    colour::check(context, &mut findings);
    fonts::check(context, &mut findings);
    annotations::check(context, &mut findings);
    actions::check(context, &mut findings);
    tagging::check(context, &mut findings);
    findings.0
}
