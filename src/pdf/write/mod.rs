//! Stage 5, write: takes the page description and the fonts, gives the PDF's bytes.
//!
//! `assemble` builds the printpdf document (fonts from `embed`, page operators from `content`,
//! Info); printpdf serialises it; `xobject` adds the pictures and `finish` completes it
//! with lopdf (exact widths, ToUnicode, `outline`, page labels) using `objects`' helpers;
//! `tagged` spells the structure tree and `annots` the links straight into `packed` object
//! streams (in `syntax`), and `save` writes the file without copying the document.

mod annots;
mod assemble;
mod content;
mod embed;
mod finish;
mod objects;
mod outline;
mod packed;
mod save;
mod sheet;
mod stream;
mod syntax;
mod tagged;
mod xmp;
mod xobject;

pub(crate) use assemble::write_pdf;
pub use sheet::Sheet;
