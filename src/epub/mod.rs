//! The EPUB 3 backend (being written: this placeholder only fixes the agreed API so the rest of
//! the crate compiles; replace it wholesale).

use crate::diagnostics::Diagnostic;
use crate::model::Document;

#[derive(Debug, Clone)]
pub struct EpubOptions {
    pub toc_depth: u8,
    pub inline_toc: bool,
    pub allow_outside_paths: bool,
    pub modified: Option<i64>,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            toc_depth: 3,
            inline_toc: false,
            allow_outside_paths: false,
            modified: None,
        }
    }
}

pub struct Epub {
    pub bytes: Vec<u8>,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    #[error("the EPUB backend is not written yet")]
    NotYet,
}

pub fn write(_doc: &Document, _options: &EpubOptions) -> Result<Epub, EpubError> {
    Err(EpubError::NotYet)
}
