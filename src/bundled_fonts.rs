//! Font files shipped inside the binary that both backends use: the PDF sets Arabic-script
//! text with them and the EPUB carries them for readers that have no such face. Statics, not
//! constants, so each file is in the binary once however many places name it.

pub(crate) static NASKH_REGULAR: &[u8] = include_bytes!("../fonts/NotoNaskhArabic-Regular.ttf");
pub(crate) static NASKH_BOLD: &[u8] = include_bytes!("../fonts/NotoNaskhArabic-Bold.ttf");
