//! Why writing a laid-out document as PDF failed. Every writing phase (subsetting, the document
//! shell, fonts, pictures, the finishing objects, saving) reports through this one type.

/// A failure after layout: the page description could not become a PDF file.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("a text run uses face {0}, which is not in the font set it is written with")]
    UnknownFace(u16),
    #[error("a text run uses glyph {glyph}, which font `{font}` does not have")]
    UnknownGlyph { font: String, glyph: u16 },
    #[error("cannot subset font `{font}`: {why}")]
    Subset { font: String, why: String },
    #[error("the date {0} (Unix seconds) cannot be written as a PDF date")]
    Date(i64),
    #[error("cannot write the document's shell: {0}")]
    Shell(String),
    #[error("the document's shell has no {what} for `{font}`")]
    Written { font: String, what: &'static str },
    #[error("the document's shell has no {0}")]
    Structure(&'static str),
    #[error("cannot compress a PDF stream: {0}")]
    Compress(#[source] std::io::Error),
    #[error("cannot serialize the PDF: {0}")]
    Save(#[source] std::io::Error),
    #[error("the serialized PDF has no trailer /ID to fill in")]
    Trailer,
}
