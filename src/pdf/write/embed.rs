//! The fonts phase: each subset face's font in the shell gets what folio knows and the shell's
//! writer does not.
//!
//! The shell writes the Type0 font with Identity-H encoding, the CIDFont, its descriptor and the
//! font program from the subset bytes it is given as if they were a whole font. It knows
//! neither our codes' texts nor exact widths, so [`patch`] replaces /W (the shell's are
//! truncated to integers), ToUnicode (the text each code stands for, ligatures included),
//! /CIDToGIDMap (alias codes) and the descriptor entries it guesses (CapHeight, XHeight,
//! Flags). Which glyphs and codes exist is decided in `subset`.

use crate::pdf::error::WriteError;
use crate::pdf::fonts::Subset;
use crate::pdf::fonts::{Face, FaceId, FontSet};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::fmt::Write;

/// FontDescriptor flags (ISO 32000-1, table 123).
const FIXED_PITCH: i64 = 1;
/// Set because glyphs are addressed by CID, outside any standard Latin encoding, and our fonts
/// carry Cyrillic and Greek; readers then never re-encode the text.
const SYMBOLIC: i64 = 4;
const ITALIC: i64 = 64;
/// At most this many entries per bfchar block of a CMap (ISO 32000-1, 9.10.3).
const BFCHAR_BLOCK: usize = 100;

/// The resource name of a face's font in every page's /Font dictionary.
pub(crate) fn font_name(face: FaceId) -> String {
    format!("F{}", face.0)
}

/// Corrects the font of every subset face, `objects` being the shell's Type0 font of each.
pub(crate) fn patch_fonts(
    doc: &mut Document,
    fonts: &FontSet,
    subsets: &[Option<Subset>],
    objects: &[Option<ObjectId>],
) -> Result<(), WriteError> {
    for (i, (subset, &object)) in subsets.iter().zip(objects).enumerate() {
        let (Some(subset), Some(object)) = (subset, object) else {
            continue;
        };
        let id = FaceId(i as u16);
        let face = fonts.face(id).ok_or(WriteError::UnknownFace(id.0))?;
        patch(doc, object, face, subset)?;
    }
    Ok(())
}

/// Corrects the font the shell wrote for `face` (the Type0 font `font`).
fn patch(
    doc: &mut Document,
    font: ObjectId,
    face: &Face,
    subset: &Subset,
) -> Result<(), WriteError> {
    let missing = |what| WriteError::Written {
        font: face.source.clone(),
        what,
    };
    let map = subset.cid_to_gid.as_ref().map(|map| {
        let bytes: Vec<u8> = map.iter().flat_map(|g| g.to_be_bytes()).collect();
        doc.add_object(Stream::new(Dictionary::new(), bytes))
    });
    let type0 = doc
        .get_dictionary_mut(font)
        .map_err(|_| missing("Type0 font"))?;
    let to_unicode = type0
        .get(b"ToUnicode")
        .and_then(Object::as_reference)
        .map_err(|_| missing("ToUnicode"))?;
    let cid_font = type0
        .get_mut(b"DescendantFonts")
        .and_then(Object::as_array_mut)
        .ok()
        .and_then(|fonts| fonts.first_mut())
        .and_then(|font| font.as_dict_mut().ok())
        .ok_or_else(|| missing("CIDFont"))?;
    cid_font.set("W", widths(subset));
    if let Some(map) = map {
        cid_font.set("CIDToGIDMap", map);
    }
    let descriptor = cid_font
        .get(b"FontDescriptor")
        .and_then(Object::as_reference)
        .map_err(|_| missing("FontDescriptor"))?;
    let descriptor = doc
        .get_dictionary_mut(descriptor)
        .map_err(|_| missing("FontDescriptor"))?;
    let em = |v: f32| (v * 1000.0).round() as i64;
    // The shell writes the ascent here when it does not lay out text itself.
    descriptor.set("CapHeight", em(face.metrics.cap_height));
    descriptor.set("XHeight", em(face.metrics.x_height));
    descriptor.set("Flags", flags(face));
    doc.get_object_mut(to_unicode)
        .and_then(Object::as_stream_mut)
        .map_err(|_| missing("ToUnicode"))?
        .set_content(cmap(subset).into_bytes());
    Ok(())
}

fn flags(face: &Face) -> i64 {
    let mut flags = SYMBOLIC;
    if face.monospaced {
        flags |= FIXED_PITCH;
    }
    if face.italic || face.italic_angle != 0.0 {
        flags |= ITALIC;
    }
    flags
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
fn cmap(subset: &Subset) -> String {
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
