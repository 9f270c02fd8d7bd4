//! Stage 5, write: takes the page description and the fonts, gives the PDF's bytes.
//!
//! `assemble` builds the printpdf document (fonts from `embed`, page operators from `content`,
//! links, Info); printpdf serialises it; `xobject` adds the pictures and `finish` completes it
//! with lopdf (exact widths, ToUnicode, `outline`, page labels) using `objects`' helpers.

mod assemble;
mod content;
mod embed;
mod finish;
mod objects;
mod outline;
mod sheet;
mod stream;
mod tagged;
mod xmp;
mod xobject;

pub(crate) use assemble::write_pdf;
pub use sheet::Sheet;
