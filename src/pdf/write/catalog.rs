//! The outline and labels phase: what the catalog says about the whole document. The outline
//! (bookmarks, opened with the document), the page labels (front matter i, ii …, the body from
//! 1), the language, and the viewer preferences (the title in the window, the reading
//! direction).

use super::claims::outline_allowed;
use super::objects::text_string;
use super::outline::write_outline;
use crate::pdf::error::WriteError;
use crate::pdf::layout::PagedDocument;
use crate::pdf::meta::PdfMeta;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// Writes the outline and sets the catalog's entries for `laid`, whose pages are `pages`, drawn
/// `offset` pt right of and above the layout's origin.
pub(crate) fn write_catalog(
    doc: &mut Document,
    pages: &[ObjectId],
    laid: &PagedDocument,
    meta: &PdfMeta,
    offset: f32,
) -> Result<(), WriteError> {
    let outline = if !outline_allowed(&meta.claims) {
        None
    } else if offset == 0.0 {
        write_outline(doc, &laid.outline, pages)
    } else {
        // Destinations are in the sheet's space, which the page's drawing was moved into.
        let mut entries = laid.outline.clone();
        for entry in &mut entries {
            entry.destination.y += offset;
        }
        write_outline(doc, &entries, pages)
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
