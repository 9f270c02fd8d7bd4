//! The document shell: catalog, page tree, pages with their boxes and content streams, one
//! Type0 font per subset face and the Info dictionary, written by printpdf and handed on as a
//! lopdf document with the object ids the later phases fill in.
//!
//! This is the one file that knows printpdf. printpdf only ever sees empty pages: each page's
//! content is encoded by `content` and put in place here, and the fonts are sized from one line
//! of text per face that shows every code of its subset. What printpdf cannot say is corrected
//! before the document leaves this file: the version (it writes 1.3), the TrimBox (it writes
//! `[x y width height]`, right only at the origin), the /Annots it writes empty on every page
//! and the Info entries it writes empty or always. The fonts' exact widths, ToUnicode and
//! descriptor are `embed`'s, on the ids given in [`Shell::fonts`].

use super::embed::font_name;
use crate::pdf::error::WriteError;
use crate::pdf::fonts::{Face, FaceId, FontSet, Subset};
use crate::pdf::meta::PdfMeta;
use crate::pdf::write::sheet::Boxes;
use lopdf::{Dictionary, Document, Object, ObjectId};
use printpdf::{
    FontId, OffsetDateTime, Op, ParsedFont, PdfDocument, PdfDocumentInfo, PdfFont, PdfFontHandle,
    PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Pt, Rect, TextItem,
};

/// ISO 32000-1; /Lang needs 1.4 and CFF fonts in FontFile3 1.6 at least.
const PDF_VERSION: &str = "1.7";
/// Years a PDF date can spell (four digits, ISO 32000-1, 7.9.4).
const DATE_YEARS: std::ops::RangeInclusive<i32> = 0..=9999;
/// Info entries always written that say nothing here: PDF/X version and identifier (empty),
/// and Trapped.
const INFO_NOISE: [&[u8]; 3] = [b"GTS_PDFXVersion", b"Identifier", b"Trapped"];
/// Streams stay uncompressed (`compress_all` compresses them all with one zlib state) and
/// fonts as given (they are subset already).
const SAVE_OPTIONS: PdfSaveOptions = PdfSaveOptions {
    optimize: false,
    subset_fonts: false,
    secure: true,
    image_optimization: None,
};
/// Codes from here on would be UTF-16 surrogates, which are not chars: [`code_char`] moves
/// them past the surrogate block.
const SURROGATES: u32 = 0xD800;
const SURROGATE_COUNT: u32 = 0x800;

/// The written shell and where its parts are.
pub(crate) struct Shell {
    pub doc: Document,
    /// Each page's object, in page order.
    pub pages: Vec<ObjectId>,
    /// Each subset face's Type0 font, indexed by face id.
    pub fonts: Vec<Option<ObjectId>>,
}

/// Writes the shell: a page per entry of `boxes` with its deflated `contents`, a font per
/// subset, and the Info dictionary from `meta`.
pub(crate) fn document(
    meta: &PdfMeta,
    fonts: &FontSet,
    subsets: &[Option<Subset>],
    boxes: &[Boxes],
    contents: Vec<Vec<u8>>,
) -> Result<Shell, WriteError> {
    let mut doc = PdfDocument::new(&meta.title);
    for (i, subset) in subsets.iter().enumerate() {
        let Some(subset) = subset else { continue };
        let id = FaceId(i as u16);
        let face = fonts.face(id).ok_or(WriteError::UnknownFace(id.0))?;
        // Our own resource names: printpdf's `add_font` draws ids from a process-wide counter.
        doc.resources
            .fonts
            .map
            .insert(font_id(id), pdf_font(face, subset)?);
    }
    doc.metadata.info = info(meta)?;
    doc.pages = boxes
        .iter()
        .map(|boxes| {
            let media = rect(boxes.media);
            PdfPage {
                media_box: media.clone(),
                // Set right below: printpdf misplaces a box off the origin.
                trim_box: media.clone(),
                crop_box: media,
                ops: Vec::new(),
            }
        })
        .collect();
    if let Some(first) = doc.pages.first_mut() {
        first.ops.extend(font_usage(subsets));
    }
    let mut warnings = Vec::new();
    let mut written = doc.to_lopdf_document(&SAVE_OPTIONS, &mut warnings);
    if let Some(error) = warnings
        .into_iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(WriteError::Shell(error.msg));
    }
    // printpdf's copy of the pages is written out: free it before the rest is added.
    drop(doc);
    written.version = PDF_VERSION.into();
    let pages: Vec<ObjectId> = written.get_pages().into_values().collect();
    fill_pages(&mut written, &pages, boxes, contents)?;
    clean_info(&mut written)?;
    let fonts = font_objects(&written, &pages, subsets)?;
    Ok(Shell {
        doc: written,
        pages,
        fonts,
    })
}

/// The resource name of a face's font, as printpdf takes it.
fn font_id(face: FaceId) -> FontId {
    FontId(font_name(face))
}

/// The char that stands for a glyph code in printpdf text. printpdf turns the chars of a text
/// item into codes through the font's char map; our codes are not characters (a ligature, an
/// alias of a glyph), so that map is one char per code, this one, and the text a code stands
/// for goes to ToUnicode instead. One-to-one, and 1–3 UTF-8 bytes for any subset code.
fn code_char(code: u16) -> char {
    let mut n = u32::from(code);
    if n >= SURROGATES {
        n += SURROGATE_COUNT;
    }
    char::from_u32(n).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// The subset as a printpdf font: its program, its tagged name, and a char for every code.
fn pdf_font(face: &Face, subset: &Subset) -> Result<PdfFont, WriteError> {
    let mut warnings = Vec::new();
    // The subset has no cmap (subsetting drops it), which printpdf warns about; the char map
    // is set below.
    let mut font = ParsedFont::from_bytes(&subset.program, 0, &mut warnings).ok_or_else(|| {
        WriteError::Subset {
            font: face.source.clone(),
            why: "the PDF library cannot read the subset".into(),
        }
    })?;
    // printpdf does not subset, so it writes this name as given: with our subset tag.
    font.font_name = Some(format!("{}+{}", subset.tag, face.postscript_name));
    // Subsetting drops OS/2, from which printpdf estimates /StemV.
    font.pdf_font_metrics.us_weight_class = face.weight;
    for (code, _) in subset.widths() {
        font.set_codepoint_mapping(u32::from(code_char(code)), code);
    }
    Ok(PdfFont::new(font))
}

/// Text in every face, showing every code it draws: printpdf writes a font, and sizes its
/// widths and ToUnicode, from the text the pages show. The stream it goes in is replaced.
fn font_usage(subsets: &[Option<Subset>]) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for (i, subset) in subsets.iter().enumerate() {
        let Some(subset) = subset else { continue };
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(FaceId(i as u16))),
            size: Pt(1.0),
        });
        let codes = subset.widths().map(|(code, _)| code_char(code)).collect();
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(codes)],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// A box as printpdf takes it.
fn rect([x0, y0, x1, y1]: [f32; 4]) -> Rect {
    Rect::from_xywh(Pt(x0), Pt(y0), Pt(x1 - x0), Pt(y1 - y0))
}

/// The Info dictionary as printpdf takes it; [`clean_info`] drops the entries left empty.
fn info(meta: &PdfMeta) -> Result<PdfDocumentInfo, WriteError> {
    let seconds = meta.seconds();
    let date = OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .filter(|d| DATE_YEARS.contains(&d.year()))
        .ok_or(WriteError::Date(seconds))?;
    Ok(PdfDocumentInfo {
        document_title: meta.title.clone(),
        author: meta.authors.join(", "),
        subject: meta.subject.clone().unwrap_or_default(),
        // One entry: printpdf would join several with bare commas.
        keywords: vec![meta.keywords.join(", ")],
        creator: meta.creator.clone(),
        producer: meta.producer.clone(),
        creation_date: date,
        modification_date: date,
        metadata_date: date,
        ..PdfDocumentInfo::default()
    })
}

/// Puts each page's deflated content into the (empty) content stream printpdf wrote for it
/// (`compress_all` leaves streams with a filter as they are), sets its TrimBox where a sheet
/// moved it off the origin, and drops the empty /Annots (`annots` sets the page's own).
fn fill_pages(
    doc: &mut Document,
    pages: &[ObjectId],
    boxes: &[Boxes],
    contents: Vec<Vec<u8>>,
) -> Result<(), WriteError> {
    for (&page, content) in pages.iter().zip(contents) {
        let stream = doc
            .get_dictionary(page)
            .and_then(|page| page.get(b"Contents"))
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_object_mut(id))
            .and_then(Object::as_stream_mut)
            .map_err(|_| WriteError::Shell("a page without its content stream".into()))?;
        stream.set_content(content);
        stream.dict.set("Filter", "FlateDecode");
        stream.allows_compression = false;
    }
    for (&page, boxes) in pages.iter().zip(boxes) {
        let dict = doc
            .get_dictionary_mut(page)
            .map_err(|_| WriteError::Structure("page"))?;
        if boxes.trim != boxes.media {
            dict.set("TrimBox", boxes.trim.map(Object::Real).to_vec());
        }
        // printpdf spells a box from its origin's corner and size as if the origin were 0 0; a
        // bound interior's boxes begin below zero (see `Sheet::bound`).
        if boxes.media[0] != 0.0 || boxes.media[1] != 0.0 {
            dict.set("MediaBox", boxes.media.map(Object::Real).to_vec());
            dict.set("CropBox", boxes.media.map(Object::Real).to_vec());
        }
        dict.remove(b"Annots");
    }
    Ok(())
}

/// Removes the Info entries that say nothing and those left empty (no subject, no keywords).
fn clean_info(doc: &mut Document) -> Result<(), WriteError> {
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|_| WriteError::Structure("Info dictionary"))?;
    let info = doc
        .get_dictionary_mut(info)
        .map_err(|_| WriteError::Structure("Info dictionary"))?;
    let empty: Vec<Vec<u8>> = info
        .iter()
        .filter(|(key, value)| {
            INFO_NOISE.contains(&key.as_slice())
                || matches!(value, Object::String(s, _) if s.is_empty())
        })
        .map(|(key, _)| key.clone())
        .collect();
    for key in empty {
        info.remove(&key);
    }
    Ok(())
}

/// Every subset face's Type0 font, found by its resource name in the /Font dictionary all
/// pages share.
fn font_objects(
    doc: &Document,
    pages: &[ObjectId],
    subsets: &[Option<Subset>],
) -> Result<Vec<Option<ObjectId>>, WriteError> {
    let Some(&first) = pages.first() else {
        return Ok(vec![None; subsets.len()]);
    };
    let shared_fonts = |doc: &Document| -> Option<Dictionary> {
        let page = doc.get_dictionary(first).ok()?;
        let resources = doc.dereference(page.get(b"Resources").ok()?).ok()?.1;
        let font_dict = doc.dereference(resources.as_dict().ok()?.get(b"Font").ok()?);
        font_dict.ok()?.1.as_dict().ok().cloned()
    };
    let font_dict = shared_fonts(doc).ok_or(WriteError::Structure("font resources"))?;
    let font = |i: usize| {
        let name = font_name(FaceId(i as u16));
        font_dict
            .get(name.as_bytes())
            .and_then(Object::as_reference)
            .map_err(|_| WriteError::Structure("font resource"))
    };
    (subsets.iter().enumerate())
        .map(|(i, subset)| subset.as_ref().map(|_| font(i)).transpose())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::content::unit_square_matrix;
    use super::*;
    use printpdf::{CurTransMat, XObjectTransform};
    use std::collections::HashSet;

    #[test]
    fn every_code_has_its_own_char() {
        let chars: HashSet<char> = (0..=u16::MAX).map(code_char).collect();
        assert_eq!(chars.len(), usize::from(u16::MAX) + 1);
        assert_eq!(code_char(0x41), 'A');
    }

    #[test]
    fn dates_are_checked() {
        let date = |seconds| {
            info(&PdfMeta {
                date: Some(seconds),
                ..PdfMeta::default()
            })
        };
        assert_eq!(
            date(crate::pdf::meta::FIXED_DATE)
                .expect("in range")
                .creation_date
                .year(),
            2000
        );
        assert!(date(i64::MAX).is_err());
        assert!(date(-70_000_000_000).is_err(), "before year 0");
    }

    #[test]
    fn pictures_are_placed_with_the_matrix_printpdf_composes() {
        for [x, y, width, height] in [
            [72.0, 600.25, 288.5, 144.0],
            [0.0, 0.0, 1.0, 1.0],
            [-0.0, -12.5, 0.01, 1e4],
            [13.37, -0.0, -5.0, 3.0],
        ] {
            let transform = XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(y)),
                scale_x: Some(width),
                scale_y: Some(height),
                no_auto_scale: true,
                ..XObjectTransform::default()
            };
            let composed = (transform.get_ctms(None).iter())
                .fold(CurTransMat::Identity.as_array(), |m, t| {
                    CurTransMat::combine_matrix(m, t.as_array())
                });
            let ours = unit_square_matrix(x, y, width, height);
            assert_eq!(ours.map(f32::to_bits), composed.map(f32::to_bits));
        }
    }
}
