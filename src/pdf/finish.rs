//! Completes a written document and serializes it: outline, page labels, language and viewer
//! preferences in the catalog, the Info dictionary, and a trailer /ID that is a hash of the file
//! itself, so the same input always gives the same bytes. Pages and fonts are already written.

use super::layout::Laid;
use super::objects::text_string;
use super::outline::write_outline;
use super::write::{PdfError, PdfMeta};
use lopdf::xref::XrefType;
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

/// CreationDate/ModDate when the caller gives none: 2000-01-01 00:00 UTC. Reading the clock
/// would make every build differ.
const FIXED_DATE: i64 = 946_684_800;
/// Bytes of each trailer /ID string (ISO 32000-1, 14.4: at least 16 recommended).
const ID_LEN: usize = 16;
/// Stands in for the /ID while the file is hashed; lopdf writes it as upper-case hex.
const ID_PLACEHOLDER: u8 = 0xAB;

/// Adds `catalog` (with outline, labels, /Lang) and the Info dictionary, then saves.
pub(crate) fn finish(
    mut doc: Document,
    mut catalog: Dictionary,
    pages: &[ObjectId],
    laid: &Laid,
    meta: &PdfMeta,
) -> Result<Vec<u8>, PdfError> {
    if let Some(outline) = write_outline(&mut doc, &laid.outline, pages) {
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
    catalog.set("ViewerPreferences", preferences);
    let catalog = doc.add_object(catalog);
    let info = doc.add_object(info(meta)?);
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let placeholder = Object::String(vec![ID_PLACEHOLDER; ID_LEN], StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", vec![placeholder.clone(), placeholder]);
    // A classic cross-reference table: every reader knows it, and the trailer stays plain text.
    doc.reference_table.cross_reference_type = XrefType::CrossReferenceTable;
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(PdfError::Save)?;
    set_id(&mut out)?;
    Ok(out)
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

fn info(meta: &PdfMeta) -> Result<Dictionary, PdfError> {
    let mut info = Dictionary::new();
    let authors = meta.authors.join(", ");
    let keywords = meta.keywords.join(", ");
    let fields = [
        ("Title", meta.title.as_str()),
        ("Author", &authors),
        ("Subject", meta.subject.as_deref().unwrap_or("")),
        ("Keywords", &keywords),
        ("Creator", &meta.creator),
        ("Producer", &meta.producer),
    ];
    for (key, value) in fields {
        if !value.is_empty() {
            info.set(key, text_string(value));
        }
    }
    let date = pdf_date(meta.date.unwrap_or(FIXED_DATE))?;
    info.set(
        "CreationDate",
        Object::String(date.clone().into_bytes(), StringFormat::Literal),
    );
    info.set(
        "ModDate",
        Object::String(date.into_bytes(), StringFormat::Literal),
    );
    Ok(info)
}

/// `D:YYYYMMDDHHmmSSZ` (ISO 32000-1, 7.9.4), in UTC.
fn pdf_date(seconds: i64) -> Result<String, PdfError> {
    use chrono::Datelike;
    let date = chrono::DateTime::from_timestamp(seconds, 0)
        .filter(|d| (0..=9999).contains(&d.year()))
        .ok_or(PdfError::Date(seconds))?;
    Ok(date.format("D:%Y%m%d%H%M%SZ").to_string())
}

/// Replaces the placeholder /ID in the trailer (at the end of the file) with a hash of the
/// whole file. Same length, so the cross-reference offsets stay valid.
fn set_id(out: &mut [u8]) -> Result<(), PdfError> {
    let digest = Sha256::digest(&*out);
    let id: String = digest
        .iter()
        .take(ID_LEN)
        .map(|b| format!("{b:02X}"))
        .collect();
    let placeholder = format!("{ID_PLACEHOLDER:02X}").repeat(ID_LEN);
    let Some(mut at) = out.windows(7).rposition(|w| w == b"trailer") else {
        return Err(PdfError::Trailer);
    };
    let mut found = 0;
    while let Some(offset) = out[at..]
        .windows(placeholder.len())
        .position(|w| w == placeholder.as_bytes())
    {
        let start = at + offset;
        out[start..start + placeholder.len()].copy_from_slice(id.as_bytes());
        at = start + placeholder.len();
        found += 1;
    }
    if found == 2 {
        Ok(())
    } else {
        Err(PdfError::Trailer)
    }
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

    #[test]
    fn dates_are_utc_and_checked() {
        assert_eq!(pdf_date(FIXED_DATE).expect("in range"), "D:20000101000000Z");
        assert_eq!(
            pdf_date(1_700_000_000).expect("in range"),
            "D:20231114221320Z"
        );
        assert!(pdf_date(i64::MAX).is_err());
    }
}
