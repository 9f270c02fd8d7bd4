//! What the document says about itself in the PDF: the Info dictionary's and the catalog's
//! entries, gathered by the backend's entry from the model and read by the writer.

use super::profile::OutputProfile;
use crate::preflight::Standard;
use std::sync::Arc;

/// CreationDate/ModDate when the caller gives none: 2000-01-01 00:00 UTC. Reading the clock
/// would make every build differ.
pub(crate) const FIXED_DATE: i64 = 946_684_800;

/// Document metadata for the Info dictionary and the catalog.
#[derive(Debug, Clone, Default)]
pub(crate) struct PdfMeta {
    pub(crate) title: String,
    pub(crate) authors: Vec<String>,
    pub(crate) subject: Option<String>,
    pub(crate) keywords: Vec<String>,
    /// BCP 47, e.g. "en"; becomes the catalog's /Lang.
    pub(crate) lang: String,
    /// Read right to left: viewers show facing pages with the first on the right.
    pub(crate) rtl: bool,
    pub(crate) creator: String,
    pub(crate) producer: String,
    /// Unix seconds for CreationDate/ModDate; None → a fixed date, never the clock.
    pub(crate) date: Option<i64>,
    /// Whether the file is tagged (its XMP then claims PDF/UA-1).
    pub(crate) tagged: bool,
    /// The standards the file claims to meet, and what they need.
    pub(crate) claims: Claims,
}

impl PdfMeta {
    /// The document's date (CreationDate and ModDate), as Unix seconds.
    pub(crate) fn seconds(&self) -> i64 {
        self.date.unwrap_or(FIXED_DATE)
    }
}

/// What a file claiming standards carries: the standards (PDF/A, PDF/UA, PDF/X, a printer's
/// profile), the printer profile of its output intent (print standards), and the files
/// attached as its source (PDF/A-3).
#[derive(Debug, Clone, Default)]
pub(crate) struct Claims {
    pub(crate) standards: Vec<Standard>,
    pub(crate) output_profile: Option<Arc<OutputProfile>>,
    /// (file name, bytes) of each source file, attached with AFRelationship /Source.
    pub(crate) sources: Vec<(String, Vec<u8>)>,
}

impl Claims {
    pub(crate) fn archival(&self) -> Option<Standard> {
        self.standards
            .iter()
            .copied()
            .find(|s| s.archival().is_some())
    }

    /// A print claim (PDF/X-4 or IngramSpark): CMYK output intent, no DeviceRGB.
    pub(crate) fn print(&self) -> bool {
        self.standards.iter().any(|s| s.wants_print_colour())
    }

    pub(crate) fn has(&self, standard: Standard) -> bool {
        self.standards.contains(&standard)
    }

    /// The printer profile RGB colours are converted through, for a print claim.
    pub(crate) fn print_profile(&self) -> Option<&OutputProfile> {
        self.print()
            .then_some(self.output_profile.as_deref())
            .flatten()
    }
}
