//! The faces a book's text needs beyond Latin, Greek and Cyrillic, which many reading systems
//! lack: today Noto Naskh Arabic (regular and bold) for the Arabic script (Dari, Pashto, Persian,
//! Arabic, Urdu …). A face goes into the book only when its text has characters of that script,
//! with an `@font-face` rule and a rule that applies it to right-to-left and Arabic-script text.
//!
//! The faces go in whole. The `subsetter` crate cannot cut them down for an EPUB: it removes the
//! `cmap` and the OpenType layout tables (`GSUB`, `GPOS`), as a PDF needs no more, while a reading
//! system needs the `cmap` to find glyphs and `GSUB` to join Arabic letters.

use crate::model::{
    Block, BlockKind, Document, InlineKind, plain_text, visit_blocks, visit_inlines,
};

/// One bundled face.
pub(super) struct Face {
    /// The file's name, also its path under the book's `OEBPS/fonts/`.
    pub file: &'static str,
    pub bytes: &'static [u8],
    pub bold: bool,
}

/// The family name the stylesheet gives the Arabic faces.
const ARABIC_FAMILY: &str = "Noto Naskh Arabic";

static NASKH_REGULAR: Face = Face {
    file: "NotoNaskhArabic-Regular.ttf",
    bytes: crate::bundled_fonts::NASKH_REGULAR,
    bold: false,
};

static NASKH_BOLD: Face = Face {
    file: "NotoNaskhArabic-Bold.ttf",
    bytes: crate::bundled_fonts::NASKH_BOLD,
    bold: true,
};

/// Language subtags written in the Arabic script by default, whose text the Arabic face sets
/// (also where `lang` names them but the text is in another script, which the face's fallback
/// to the next family handles).
const ARABIC_SCRIPT_LANGUAGES: &[&str] = &["ar", "fa", "prs", "ps", "ur", "ckb", "sd", "ug", "ks"];

/// Whether `c` belongs to the Arabic script's blocks: Arabic, Arabic Supplement, Arabic
/// Extended-A and the presentation forms.
fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// The faces `doc` needs: regular when any of its text is in the Arabic script, bold too when
/// some of that is bold (headings, strong text, the title).
pub(super) fn needed(doc: &Document) -> Vec<&'static Face> {
    let any = |text: &str| text.chars().any(is_arabic);
    let mut regular = doc
        .meta
        .title
        .iter()
        .chain(&doc.meta.subtitle)
        .any(|t| any(t));
    let mut bold = doc.meta.title.as_deref().is_some_and(any);
    let mut check = |blocks: &[Block]| {
        visit_blocks(blocks, &mut |block| {
            if let BlockKind::Heading(h) = &block.kind {
                bold |= any(&plain_text(&h.content));
            }
        });
        visit_inlines(blocks, &mut |inline| match &inline.kind {
            InlineKind::Text { text } => regular |= any(text),
            InlineKind::Strong { content } => bold |= any(&plain_text(content)),
            _ => {}
        });
    };
    check(&doc.blocks);
    for note in &doc.footnotes {
        check(&note.blocks);
    }
    let mut faces = Vec::new();
    if regular || bold {
        faces.push(&NASKH_REGULAR);
    }
    if bold {
        faces.push(&NASKH_BOLD);
    }
    faces
}

/// The stylesheet rules for `faces`: an `@font-face` each, and the family on right-to-left and
/// Arabic-script text (through `dir` and `:lang()`, both CSS 2.1).
pub(super) fn stylesheet_rules(faces: &[&Face]) -> String {
    if faces.is_empty() {
        return String::new();
    }
    let mut css = String::from("\n/* Embedded faces for the Arabic script */\n");
    for face in faces {
        css.push_str(&format!(
            "@font-face {{ font-family: \"{ARABIC_FAMILY}\"; font-weight: {}; font-style: normal; src: url(\"{}\"); }}\n",
            if face.bold { "bold" } else { "normal" },
            href(face)
        ));
    }
    let selectors: Vec<String> = std::iter::once("[dir=\"rtl\"]".to_string())
        .chain(
            ARABIC_SCRIPT_LANGUAGES
                .iter()
                .map(|l| format!(":lang({l})")),
        )
        .collect();
    css.push_str(&format!(
        "{} {{ font-family: \"{ARABIC_FAMILY}\", Georgia, \"Times New Roman\", serif; }}\n",
        selectors.join(", ")
    ));
    css
}

/// Where `face` is in the book, relative to the stylesheet and the pages.
pub(super) fn href(face: &Face) -> String {
    format!("fonts/{}", face.file)
}
