//! Stage 5, write: takes the page description and the fonts, gives the PDF's bytes.
//!
//! `assemble` runs the phases in order: subset the faces; encode each page's content
//! (`content`, in `stream` bytes; `sheet` places it on the printed sheet); write the document
//! `shell` (the one file that knows the library it is written with); embed the pictures (`xobject`) and the fonts'
//! exact metrics (`embed`); spell the link annotations (`annots`) and, tagged, the structure
//! tree (`tagged`, `xmp`) into `packed` object streams (in `syntax`); write the outline
//! (`outline`) and the catalog's entries (`catalog`); compress (`objects`) and `save`.

mod annots;
mod assemble;
mod catalog;
mod claims;
mod content;
mod embed;
mod objects;
mod outline;
mod packed;
mod save;
mod sheet;
mod shell;
mod stream;
mod syntax;
mod tagged;
mod xmp;
mod xobject;

pub(crate) use assemble::write_pdf;
pub use sheet::Sheet;
