//! The PDF objects of one subset face: a Type0 font with Identity-H encoding over a CIDFont,
//! its descriptor, the font program, exact widths (/W), the alias map (/CIDToGIDMap) and
//! ToUnicode, so that text can be copied and searched. Which glyphs and codes exist is decided
//! in `subset`; this module only writes them down.

use super::fonts::{Face, Outlines};
use super::objects::Deflater;
use super::subset::Subset;
use super::write::PdfError;
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use rustybuzz::ttf_parser::{RawFace, Tag};
use std::fmt::Write;

/// FontDescriptor flags (ISO 32000-1, table 123).
const FIXED_PITCH: i64 = 1;
/// Set because glyphs are addressed by CID, outside any standard Latin encoding, and our fonts
/// carry Cyrillic and Greek; readers then never re-encode the text.
const SYMBOLIC: i64 = 4;
const ITALIC: i64 = 64;
/// No font table holds the dominant stem width; the usual estimate from the weight class
/// (about 95 for regular, 169 for bold) is what readers expect when they must substitute.
const STEM_V_BASE: f32 = 10.0;
const STEM_V_PER_WEIGHT: f32 = 220.0 / 900.0;
/// At most this many entries per bfchar block of a CMap (ISO 32000-1, 9.10.3).
const BFCHAR_BLOCK: usize = 100;

/// Adds the objects for `face` and returns the Type0 font to put in page resources.
pub(crate) fn embed(
    doc: &mut Document,
    deflater: &mut Deflater,
    face: &Face,
    subset: &Subset,
) -> Result<ObjectId, PdfError> {
    let base_font = Object::Name(format!("{}+{}", subset.tag, face.postscript_name).into_bytes());
    let (cid_subtype, file_key, file) = match face.outlines {
        Outlines::TrueType => {
            let mut dict = Dictionary::new();
            dict.set("Length1", subset.program.len() as i64);
            (
                "CIDFontType2",
                "FontFile2",
                deflater.stream(dict, &subset.program)?,
            )
        }
        Outlines::Cff => {
            let cff = RawFace::parse(&subset.program, 0)
                .ok()
                .and_then(|raw| raw.table(Tag::from_bytes(b"CFF ")))
                .ok_or_else(|| PdfError::Subset {
                    font: face.source.clone(),
                    why: "no CFF table in the subset".into(),
                })?;
            let mut dict = Dictionary::new();
            dict.set("Subtype", "CIDFontType0C");
            ("CIDFontType0", "FontFile3", deflater.stream(dict, cff)?)
        }
    };
    let file = doc.add_object(file);
    let descriptor = doc.add_object(descriptor(face, base_font.clone(), file_key, file));

    let mut system_info = Dictionary::new();
    system_info.set(
        "Registry",
        Object::String(b"Adobe".to_vec(), StringFormat::Literal),
    );
    system_info.set(
        "Ordering",
        Object::String(b"Identity".to_vec(), StringFormat::Literal),
    );
    system_info.set("Supplement", 0);
    let mut cid_font = Dictionary::new();
    cid_font.set("Type", "Font");
    cid_font.set("Subtype", cid_subtype);
    cid_font.set("BaseFont", base_font.clone());
    cid_font.set("CIDSystemInfo", system_info);
    cid_font.set("FontDescriptor", descriptor);
    cid_font.set("W", widths(subset));
    if face.outlines == Outlines::TrueType {
        let map: Object = match &subset.cid_to_gid {
            Some(map) => {
                let bytes: Vec<u8> = map.iter().flat_map(|g| g.to_be_bytes()).collect();
                doc.add_object(deflater.stream(Dictionary::new(), &bytes)?)
                    .into()
            }
            None => "Identity".into(),
        };
        cid_font.set("CIDToGIDMap", map);
    }
    let cid_font = doc.add_object(cid_font);
    let to_unicode =
        doc.add_object(deflater.stream(Dictionary::new(), to_unicode(subset).as_bytes())?);

    let mut font = Dictionary::new();
    font.set("Type", "Font");
    font.set("Subtype", "Type0");
    font.set("BaseFont", base_font);
    font.set("Encoding", "Identity-H");
    font.set("DescendantFonts", vec![Object::Reference(cid_font)]);
    font.set("ToUnicode", to_unicode);
    Ok(doc.add_object(font))
}

fn descriptor(face: &Face, name: Object, file_key: &str, file: ObjectId) -> Dictionary {
    let scale = 1000.0 / f32::from(face.units_per_em.max(1));
    let units = |v: i16| (f32::from(v) * scale).round() as i64;
    let em = |v: f32| (v * 1000.0).round() as i64;
    let mut flags = SYMBOLIC;
    if face.monospaced {
        flags |= FIXED_PITCH;
    }
    if face.italic || face.italic_angle != 0.0 {
        flags |= ITALIC;
    }
    let stem_v = STEM_V_BASE + STEM_V_PER_WEIGHT * (f32::from(face.weight) - 50.0).max(0.0);
    let mut d = Dictionary::new();
    d.set("Type", "FontDescriptor");
    d.set("FontName", name);
    d.set("Flags", flags);
    d.set(
        "FontBBox",
        face.bbox
            .iter()
            .map(|&v| Object::Integer(units(v)))
            .collect::<Vec<_>>(),
    );
    d.set("ItalicAngle", Object::Real(face.italic_angle));
    d.set("Ascent", em(face.metrics.ascender));
    d.set("Descent", em(face.metrics.descender));
    d.set("CapHeight", em(face.metrics.cap_height));
    d.set("XHeight", em(face.metrics.x_height));
    d.set("StemV", stem_v.round() as i64);
    d.set(file_key, file);
    d
}

/// /W as runs of consecutive codes: `first [w w …]`.
fn widths(subset: &Subset) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut first = 0;
    let mut next = None;
    for (code, width) in subset.widths() {
        if next != Some(code) && !run.is_empty() {
            out.push(Object::Integer(i64::from(first)));
            out.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            first = code;
        }
        run.push(if width.fract() == 0.0 {
            Object::Integer(width as i64)
        } else {
            Object::Real(width)
        });
        next = code.checked_add(1);
    }
    if !run.is_empty() {
        out.push(Object::Integer(i64::from(first)));
        out.push(Object::Array(run));
    }
    out
}

/// The ToUnicode CMap: each code to the UTF-16BE of its text (several characters for a ligature).
fn to_unicode(subset: &Subset) -> String {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for block in subset.to_unicode.chunks(BFCHAR_BLOCK) {
        let _ = writeln!(cmap, "{} beginbfchar", block.len());
        for (code, text) in block {
            let _ = write!(cmap, "<{code:04X}> <");
            for unit in text.encode_utf16() {
                let _ = write!(cmap, "{unit:04X}");
            }
            cmap.push_str(">\n");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

#[cfg(test)]
mod tests {
    use crate::pdf::fonts::{Family, FontOptions, FontSet, Style};
    use crate::pdf::layout::{Laid, Page, Placed};
    use crate::pdf::shape::Shaper;
    use crate::pdf::write::{PdfMeta, write_pdf};
    use lopdf::{Document, Object};
    use std::path::PathBuf;

    /// CFF outlines go in as a bare CFF program (FontFile3 /CIDFontType0C). No CFF font is bundled,
    /// so this uses the URW fonts where installed (Debian's fonts-urw-base35) and skips otherwise.
    #[test]
    fn cff_fonts_embed_as_cid_type0c() {
        let dir = PathBuf::from("/usr/share/fonts/opentype/urw-base35");
        if !dir.join("P052-Roman.otf").exists() {
            eprintln!("no URW CFF fonts installed: skipping");
            return;
        }
        let options = FontOptions {
            font_dirs: vec![dir],
            main_font: Some("P052".into()),
            mono_font: None,
        };
        let (fonts, _) = FontSet::load(&options).expect("P052 loads");
        let mut shaper = Shaper::new(&fonts, "en");
        let style = Style {
            family: Family::Serif,
            bold: false,
            italic: false,
        };
        let items = shaper
            .shape("Office", style)
            .iter()
            .map(|run| Placed::Text {
                x: 72.0,
                y: 700.0,
                size: 12.0,
                run: run.clone(),
                gray: 0.0,
            })
            .collect();
        let page = Page {
            width: 595.0,
            height: 842.0,
            items,
            links: Vec::new(),
        };
        let laid = Laid {
            pages: vec![page],
            destinations: Default::default(),
            outline: Vec::new(),
            first_body_page: 0,
        };
        let bytes = write_pdf(&laid, &fonts, &PdfMeta::default()).expect("writes");
        let doc = Document::load_mem(&bytes).expect("parses");
        let file = doc.objects.values().find_map(|o| match o {
            Object::Stream(s) => s
                .dict
                .get(b"Subtype")
                .ok()
                .and_then(|n| n.as_name().ok())
                .map(<[u8]>::to_vec),
            _ => None,
        });
        assert_eq!(file.as_deref(), Some(&b"CIDFontType0C"[..]));
    }
}
