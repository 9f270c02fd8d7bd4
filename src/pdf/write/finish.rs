//! Completes the document printpdf wrote and serializes it: the fonts' exact widths and
//! ToUnicode (`embed`), the link annotations (`annots`), outline, page labels, language and
//! viewer preferences in the catalog, an Info dictionary without printpdf's empty entries,
//! compression with one zlib state; for tagged PDF, the structure tree (`tagged`). `save` writes
//! the file. It only adds to and corrects printpdf's objects; pages and their content stay as
//! printpdf wrote them.

use super::annots::Annotations;
use super::embed::{font_id, patch};
use super::objects::{compress_all, text_string};
use super::outline::write_outline;
use super::packed::ObjectStreams;
use super::save::save;
use super::sheet::Sheet;
use super::tagged::{Tagging, TreeOutput, write_tree};
use crate::pdf::error::WriteError;
use crate::pdf::fonts::Subset;
use crate::pdf::fonts::{FaceId, FontSet};
use crate::pdf::layout::PagedDocument;
use crate::pdf::meta::PdfMeta;
use crate::timing::phase;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// ISO 32000-1; /Lang needs 1.4 and CFF fonts in FontFile3 1.6 at least (printpdf writes 1.3).
const PDF_VERSION: &str = "1.7";
/// Info entries printpdf always writes that say nothing here: PDF/X version and identifier
/// (empty), and Trapped.
const INFO_NOISE: [&[u8]; 3] = [b"GTS_PDFXVersion", b"Identifier", b"Trapped"];

/// Corrects and completes `doc` as written by printpdf, then saves it.
pub(crate) fn finish(
    mut doc: Document,
    fonts: &FontSet,
    subsets: &[Option<Subset>],
    laid: &PagedDocument,
    meta: &PdfMeta,
    tagging: Option<&Tagging>,
    sheet: &Sheet,
) -> Result<Vec<u8>, WriteError> {
    doc.version = PDF_VERSION.into();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    phase("patch fonts", || {
        patch_fonts(&mut doc, &pages, fonts, subsets)
    })?;
    let mut annotations = phase("link annotations", || {
        Annotations::spell(&mut doc, &pages, laid, sheet.offset())
    })?;
    let mut streams = ObjectStreams::default();
    if let Some(tagging) = tagging {
        phase("structure tree", || {
            let mut tree = TreeOutput {
                doc: &mut doc,
                streams: &mut streams,
                annotations: &mut annotations,
            };
            write_tree(&mut tree, &pages, laid, tagging, meta)
        })?;
    }
    annotations.write(&mut streams)?;
    set_print_boxes(&mut doc, &pages, laid, sheet);
    let outline = if sheet.offset() == 0.0 {
        write_outline(&mut doc, &laid.outline, &pages)
    } else {
        // Destinations are in the sheet's space, which the page's drawing was moved into.
        let mut entries = laid.outline.clone();
        for entry in &mut entries {
            entry.destination.y += sheet.offset();
        }
        write_outline(&mut doc, &entries, &pages)
    };
    let catalog = doc
        .catalog_mut()
        .map_err(|_| WriteError::Structure("catalog"))?;
    if let Some(outline) = outline {
        catalog.set("Outlines", outline);
        catalog.set("PageMode", "UseOutlines");
    }
    if !pages.is_empty() {
        catalog.set("PageLabels", page_labels(laid.first_body_page, pages.len()));
    }
    if !meta.lang.is_empty() {
        catalog.set("Lang", text_string(&meta.lang));
    }
    let mut preferences = Dictionary::new();
    preferences.set("DisplayDocTitle", true);
    if meta.rtl {
        preferences.set("Direction", "R2L");
    }
    catalog.set("ViewerPreferences", preferences);
    clean_info(&mut doc)?;
    phase("compress", || compress_all(&mut doc))?;
    phase("save", || save(doc, streams))
}

/// Every subset face's font, found by its resource name in the /Font dictionary all pages share.
fn patch_fonts(
    doc: &mut Document,
    pages: &[ObjectId],
    fonts: &FontSet,
    subsets: &[Option<Subset>],
) -> Result<(), WriteError> {
    let Some(&first) = pages.first() else {
        return Ok(());
    };
    let shared_fonts = |doc: &Document| -> Option<Dictionary> {
        let page = doc.get_dictionary(first).ok()?;
        let resources = doc.dereference(page.get(b"Resources").ok()?).ok()?.1;
        let font_dict = doc.dereference(resources.as_dict().ok()?.get(b"Font").ok()?);
        font_dict.ok()?.1.as_dict().ok().cloned()
    };
    let font_dict = shared_fonts(doc).ok_or(WriteError::Structure("font resources"))?;
    for (i, subset) in subsets.iter().enumerate() {
        let Some(subset) = subset else { continue };
        let id = FaceId(i as u16);
        let face = fonts.face(id).ok_or(WriteError::UnknownFace(id.0))?;
        let font = font_dict
            .get(font_id(id).0.as_bytes())
            .and_then(Object::as_reference)
            .map_err(|_| WriteError::Written {
                font: face.source.clone(),
                what: "font resource",
            })?;
        patch(doc, font, face, subset)?;
    }
    Ok(())
}

/// The TrimBox and BleedBox of every page placed on a larger sheet. printpdf writes a box as
/// `[x y width height]`, right only at the origin, and has no BleedBox; without a sheet both
/// boxes are the page, as printpdf wrote them (a missing BleedBox means the CropBox).
fn set_print_boxes(doc: &mut Document, pages: &[ObjectId], laid: &PagedDocument, sheet: &Sheet) {
    if sheet.offset() == 0.0 {
        return;
    }
    let array = |b: [f32; 4]| b.iter().map(|&v| Object::Real(v)).collect::<Vec<_>>();
    for (&page, laid_page) in pages.iter().zip(&laid.pages) {
        let boxes = sheet.boxes(laid_page.width, laid_page.height);
        if let Ok(page) = doc.get_dictionary_mut(page) {
            page.set("TrimBox", array(boxes.trim));
            page.set("BleedBox", array(boxes.bleed));
        }
    }
}

/// Removes printpdf's noise and the entries it writes empty (no subject, no keywords).
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

/// Front matter numbered i, ii …; the body from 1.
fn page_labels(first_body_page: usize, page_count: usize) -> Dictionary {
    let style = |s: &str| {
        let mut d = Dictionary::new();
        d.set("S", s);
        Object::Dictionary(d)
    };
    let mut nums = Vec::new();
    if first_body_page > 0 {
        nums.extend([0.into(), style("r")]);
    }
    if first_body_page < page_count {
        nums.extend([(first_body_page as i64).into(), style("D")]);
    }
    let mut labels = Dictionary::new();
    labels.set("Nums", nums);
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_roman_then_decimal() {
        let nums = |first, count| match page_labels(first, count).get(b"Nums") {
            Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_i64().ok()).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        assert_eq!(nums(2, 5), [0, 2]);
        assert_eq!(nums(0, 5), [0]);
        assert_eq!(nums(5, 5), [0]);
    }
}
