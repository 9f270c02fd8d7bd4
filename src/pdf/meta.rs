//! What the document says about itself in the PDF: the Info dictionary's and the catalog's
//! entries, gathered by the backend's entry from the model and read by the writer.

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
}
