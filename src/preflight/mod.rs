//! Preflight: checks a finished PDF (folio's or anyone's) against the standards and printer
//! profiles folio can claim: PDF/A-2 and A-3 for archives, PDF/UA-1 for assistive technology,
//! PDF/X-4 for print exchange, and the interior specifications of KDP and IngramSpark.
//!
//! It reads the file with lopdf, gathers what each page draws ([`content`]), and runs one check
//! module per concern ([`checks`]), each knowing which standards' clauses it serves. It mirrors
//! krilla's validation (an error taxonomy; per standard what it prohibits and requires) and adds
//! the PDF/X family krilla lacks. What it does not check is listed, clause by clause, in the
//! ledgers beside this file (`ledgers/*.md`): preflight is a strong net, not a certificate.

mod checks;
mod content;
mod file;
pub mod standard;
mod xmp;

pub use file::MAX_FILE_BYTES;
pub use standard::{Level, Standard, parse_list};

use crate::diagnostics::Severity;
use lopdf::ObjectId;
use std::fmt;

/// One finding: which standard's clause a file breaks, where, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    pub standard: Standard,
    /// The clause of the standard (or the printer's specification section) that asks for it.
    pub clause: &'static str,
    /// The page (1-based), when the finding is about one.
    pub page: Option<usize>,
    /// The PDF object, when one can be named.
    pub object: Option<ObjectId>,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{kind}: {} ({}): {}",
            self.standard, self.clause, self.message
        )?;
        match (self.page, self.object) {
            (Some(page), Some((number, generation))) => {
                write!(f, " [page {page}, object {number} {generation}]")
            }
            (Some(page), None) => write!(f, " [page {page}]"),
            (None, Some((number, generation))) => write!(f, " [object {number} {generation}]"),
            (None, None) => Ok(()),
        }
    }
}

/// What preflight found in one file.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub pages: usize,
}

impl Report {
    /// Whether any finding is an error (the file does not meet what was asked).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The number of errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        (errors, self.findings.len() - errors)
    }
}

/// Checks a PDF's bytes against each of `standards`. A file preflight cannot read at all is an
/// `Err` with the reason.
pub fn preflight(bytes: &[u8], standards: &[Standard]) -> Result<Report, String> {
    let file = file::PdfFile::load(bytes)?;
    let pages: Vec<_> = file
        .pages
        .iter()
        .map(|&page| content::page_facts(&file, page))
        .collect();
    let context = checks::Context {
        file: &file,
        pages: &pages,
        standards,
    };
    let mut findings = checks::run(&context);
    findings.sort_by(|a, b| {
        (
            a.severity == Severity::Warning,
            a.page,
            a.standard,
            a.clause,
        )
            .partial_cmp(&(
                b.severity == Severity::Warning,
                b.page,
                b.standard,
                b.clause,
            ))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    Ok(Report {
        findings,
        pages: pages.len(),
    })
}
