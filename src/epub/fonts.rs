//! The faces a book's text needs beyond Latin, Greek and Cyrillic, which many reading systems
//! lack: today Noto Naskh Arabic (regular and bold) for the Arabic script (Dari, Pashto, Persian,
//! Arabic, Urdu …). A face goes into the book only when its text has characters of that script,
//! with an `@font-face` rule and a rule that applies it to right-to-left and Arabic-script text.
//!
//! Each face goes in cut down to the characters the book uses, with skera (the fontations
//! subsetter, a port of HarfBuzz's): unlike the `subsetter` crate the PDF uses, it keeps the
//! `cmap` a reading system needs to find glyphs and the `GSUB`/`GPOS` lookups that join Arabic
//! letters and place their marks, with every glyph those lookups can reach from the kept ones.

use super::css::SERIF_FALLBACK;
use crate::model::{
    Block, BlockKind, Document, InlineKind, characters, plain_text, visit_blocks, visit_inlines,
};
use read_fonts::{FontRef, collections::IntSet, types::NameId};
use skera::{DEFAULT_LAYOUT_FEATURES, Plan, SubsetFlags, subset_font};
use std::collections::BTreeSet;

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

/// The faces `doc` needs and the characters its text uses: regular when any of its text is in
/// the Arabic script, bold too when some of that is bold (headings, strong text, the title).
/// The characters are every one the book prints ([`characters::used`]: text, code, alt text,
/// the title page's), the title page's date and publisher, and all of printable ASCII, which
/// Arabic text mixes in (digits, punctuation).
pub(super) fn needed(doc: &Document) -> (Vec<&'static Face>, BTreeSet<char>) {
    let used: BTreeSet<char> = (' '..='~')
        .chain(characters::used(doc).into_iter().map(|(c, _)| c))
        .chain(
            doc.meta
                .date
                .iter()
                .chain(&doc.meta.publisher)
                .flat_map(|t| t.chars()),
        )
        .collect();
    let any = |text: &str| text.chars().any(is_arabic);
    let regular = used.iter().any(|&c| is_arabic(c));
    let mut bold = doc.meta.title.as_deref().is_some_and(any);
    let mut check = |blocks: &[Block]| {
        visit_blocks(blocks, &mut |block| {
            if let BlockKind::Heading(h) = &block.kind {
                bold |= any(&plain_text(&h.content));
            }
        });
        visit_inlines(blocks, &mut |inline| {
            if let InlineKind::Strong { content } = &inline.kind {
                bold |= any(&plain_text(content));
            }
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
    (faces, used)
}

/// `face` cut down to `used` (plus the joiners, which change the forms of their neighbours),
/// with the layout features reading systems apply; the whole face should skera refuse it, which
/// a bundled face never makes it do.
pub(super) fn subset(face: &Face, used: &BTreeSet<char>) -> Vec<u8> {
    let Ok(font) = FontRef::new(face.bytes) else {
        return face.bytes.to_vec();
    };
    let mut unicodes = IntSet::empty();
    unicodes.extend(used.iter().map(|&c| u32::from(c)));
    unicodes.extend([0x200C, 0x200D]);
    // Name records 0–6 (family, style, full name, version, PostScript name …), as HarfBuzz keeps.
    let mut names = IntSet::empty();
    names.insert_range(NameId::from(0)..=NameId::from(6));
    let mut english = IntSet::empty();
    english.insert(0x0409);
    let plan = Plan::new(
        &IntSet::empty(),
        &unicodes,
        &font,
        SubsetFlags::default(),
        &IntSet::empty(),
        &IntSet::all(),
        &DEFAULT_LAYOUT_FEATURES.iter().copied().collect(),
        &names,
        &english,
    );
    subset_font(&font, &plan).unwrap_or_else(|_| face.bytes.to_vec())
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
        "{} {{ font-family: \"{ARABIC_FAMILY}\", {SERIF_FALLBACK}; }}\n",
        selectors.join(", ")
    ));
    css
}

/// Where `face` is in the book, relative to the stylesheet and the pages.
pub(super) fn href(face: &Face) -> String {
    format!("fonts/{}", face.file)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyph advances and offsets of `text` shaped right to left with the face in `bytes`.
    fn shaped(bytes: &[u8], text: &str) -> Vec<(i32, i32, i32)> {
        let face = rustybuzz::Face::from_slice(bytes, 0).expect("a face");
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(rustybuzz::Direction::RightToLeft);
        let glyphs = rustybuzz::shape(&face, &[], buffer);
        glyphs
            .glyph_positions()
            .iter()
            .map(|p| (p.x_advance, p.x_offset, p.y_offset))
            .collect()
    }

    #[test]
    fn a_subset_joins_and_places_marks_as_the_whole_face_does() {
        // Joined letters, lam-alef, a ZWNJ and harakat: every GSUB and GPOS path the text takes.
        let text = "می‌خوانیم لاله‌ها کِتابُ پښتو ژبه ۱۴۰۲";
        let used: BTreeSet<char> = text.chars().collect();
        for face in [&NASKH_REGULAR, &NASKH_BOLD] {
            let small = subset(face, &used);
            assert!(small.len() * 4 < face.bytes.len(), "{}", small.len());
            assert_eq!(shaped(&small, text), shaped(face.bytes, text));
            let parsed = rustybuzz::ttf_parser::Face::parse(&small, 0).expect("parses");
            assert!(parsed.tables().gsub.is_some() && parsed.tables().gpos.is_some());
            // Characters the book does not use are gone.
            assert!(parsed.glyph_index('ڭ').is_none());
            assert!(parsed.glyph_index('ک').is_some());
        }
    }

    #[test]
    fn the_subset_covers_arabic_outside_running_text() {
        // Arabic only in a listing, inline code, alt text and the author: the face is needed
        // and keeps every one of those letters, and the publisher's, which the title page prints.
        let markdown = "---\nauthor: \u{0632}\npublisher: N\u{e4}shir\n---\n\n```\nlet s = \"\u{0633}\";\n```\n\n\
                        `\u{0634}` and ![\u{0635}](x.png)\n";
        let doc = crate::markdown::read(
            std::path::Path::new("a.md"),
            markdown.as_bytes(),
            &crate::markdown::ReadOptions::default(),
            &mut Vec::new(),
        )
        .expect("reads");
        let (faces, used) = needed(&doc);
        assert_eq!(faces.len(), 1, "the regular face");
        for c in ['\u{0632}', '\u{0633}', '\u{0634}', '\u{0635}', '\u{e4}'] {
            assert!(used.contains(&c), "{c:?}");
        }
    }
}
