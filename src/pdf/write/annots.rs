//! The pages' link annotations, spelled to bytes as soon as printpdf has written them.
//!
//! printpdf writes each annotation inline in its page as a lopdf dictionary of over a kilobyte,
//! which doubles when one more entry is set; a book of 10,000 notes has 20,000 links. Here each
//! becomes an indirect object, spelled once with the Print flag (ISO 32000-1, table 165: the
//! link area is part of the page like its text, and PDF/A requires it). Tagged PDF adds entries
//! to the spelled dictionary; the saved file gets them from the object streams.

use super::packed::ObjectStreams;
use super::syntax;
use crate::pdf::error::WriteError;
use lopdf::{Document, Object, ObjectId};
use std::collections::BTreeMap;

/// The annotation flags: Print.
const PRINT: i64 = 4;

/// The annotations of every page.
pub(crate) struct Annotations {
    /// Per page, its annotations in /Annots order.
    pub pages: Vec<Vec<ObjectId>>,
    /// Each annotation's dictionary, spelled.
    spelled: BTreeMap<ObjectId, Vec<u8>>,
}

impl Annotations {
    /// Takes the annotations out of `pages` of `doc`, leaving references in their /Annots, and
    /// drops the empty /Annots printpdf gives pages without.
    pub(crate) fn take(doc: &mut Document, pages: &[ObjectId]) -> Result<Self, WriteError> {
        let mut taken = Annotations {
            pages: Vec::with_capacity(pages.len()),
            spelled: BTreeMap::new(),
        };
        for &page in pages {
            let annots = match page_dict(doc, page)?.remove(b"Annots") {
                Some(Object::Array(annots)) => annots,
                Some(Object::Reference(id)) => match doc.objects.remove(&id) {
                    Some(Object::Array(annots)) => annots,
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            let mut ids = Vec::with_capacity(annots.len());
            for annot in annots {
                // A new number even for an indirect one: object streams hold generation 0 only.
                let annot = match annot {
                    Object::Reference(id) => doc.objects.remove(&id),
                    inline => Some(inline),
                };
                let id = doc.new_object_id();
                let Some(Object::Dictionary(mut dict)) = annot else {
                    return Err(WriteError::Structure("link annotation"));
                };
                dict.remove(b"F");
                let mut spelled = Vec::new();
                syntax::dictionary(&mut spelled, &dict, None);
                taken.spelled.insert(id, spelled);
                taken.add(id, b"F", |out| syntax::integer(out, PRINT));
                ids.push(id);
            }
            if !ids.is_empty() {
                let refs: Vec<Object> = ids.iter().map(|&id| Object::Reference(id)).collect();
                page_dict(doc, page)?.set("Annots", refs);
            }
            taken.pages.push(ids);
        }
        Ok(taken)
    }

    /// Adds entry `key`, which `spell` writes, to annotation `id`.
    pub(crate) fn add(&mut self, id: ObjectId, key: &[u8], spell: impl FnOnce(&mut Vec<u8>)) {
        if let Some(out) = self.spelled.get_mut(&id) {
            // Before the closing `>>`.
            out.truncate(out.len() - 2);
            syntax::name(out, key);
            spell(out);
            out.extend_from_slice(b">>");
        }
    }

    /// Puts every annotation into `streams`.
    pub(crate) fn write(self, streams: &mut ObjectStreams) -> Result<(), WriteError> {
        for ((number, _), spelled) in self.spelled {
            streams.add(number, |out| out.extend_from_slice(&spelled))?;
        }
        Ok(())
    }
}

fn page_dict(doc: &mut Document, page: ObjectId) -> Result<&mut lopdf::Dictionary, WriteError> {
    doc.get_dictionary_mut(page)
        .map_err(|_| WriteError::Structure("page"))
}
