//! The pages' link annotations, spelled to bytes straight from the layout's link areas.
//!
//! As dictionaries inside their pages, each link took over a kilobyte; a book of 10,000 notes
//! has 20,000 links. Here each is an indirect object of about 150 bytes,
//! spelled once with the Print flag (ISO 32000-1, table 165: the link area is part of the page
//! like its text, and PDF/A requires it). Tagged PDF adds entries to the spelled dictionary;
//! the saved file gets them from the object streams.

use super::packed::ObjectStreams;
use super::syntax;
use crate::pdf::error::WriteError;
use crate::pdf::layout::{LinkArea, PagedDocument};
use crate::pdf::text::LinkTarget;
use lopdf::{Document, Object, ObjectId};
use std::collections::BTreeMap;
use std::io::Write;

/// What every link annotation starts with, up to its rectangle's numbers.
const HEAD: &[u8] = b"<</Type/Annot/Subtype/Link/Rect[";
/// What every link annotation ends with: no border, no colour, inverted while clicked, the
/// Print flag (4).
const TAIL: &[u8] = b"/Border[0 0 0]/C[]/H/I/F 4>>";
/// The same without the Print flag, for print files (PDF/X-4: nothing that prints may lie over
/// the trimmed page; a link has nothing to print).
const TAIL_NOT_PRINTING: &[u8] = b"/Border[0 0 0]/C[]/H/I/F 0>>";

/// Which link annotations a file gets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Links {
    /// Every link, flagged to print (what PDF/A asks; viewers ignore it).
    Printing,
    /// Every link, not flagged to print (PDF/X-4).
    NotPrinting,
    /// None at all (KDP's print file must hold no annotations).
    Omitted,
}

/// The annotations of every page.
pub(crate) struct Annotations {
    /// Per page, the annotation of each of its link areas; none for a link to an unknown id.
    pub pages: Vec<Vec<Option<ObjectId>>>,
    /// Each annotation's dictionary, spelled.
    spelled: BTreeMap<ObjectId, Vec<u8>>,
}

impl Annotations {
    /// Spells the link areas of `laid`'s pages, whose objects in `doc` are `pages`, as
    /// annotations, and sets each page's /Annots to them (none where a page has none: the
    /// shell leaves pages without). The page's drawing and its destinations sit `offset` pt
    /// right of and above the layout's origin.
    pub(crate) fn for_pages(
        doc: &mut Document,
        pages: &[ObjectId],
        laid: &PagedDocument,
        offset: f32,
        links: Links,
    ) -> Result<Self, WriteError> {
        let mut spelled = Annotations {
            pages: Vec::with_capacity(pages.len()),
            spelled: BTreeMap::new(),
        };
        for (&page, laid_page) in pages.iter().zip(&laid.pages) {
            let mut ids = Vec::with_capacity(laid_page.links.len());
            for link in &laid_page.links {
                if links == Links::Omitted {
                    ids.push(None);
                    continue;
                }
                let tail = if links == Links::Printing {
                    TAIL
                } else {
                    TAIL_NOT_PRINTING
                };
                let id = spell_link(link, laid, pages, offset, tail).map(|out| {
                    // A new number, in page order: object streams hold generation 0 only.
                    let id = doc.new_object_id();
                    spelled.spelled.insert(id, out);
                    id
                });
                ids.push(id);
            }
            let dict = doc
                .get_dictionary_mut(page)
                .map_err(|_| WriteError::Structure("page"))?;
            let refs: Vec<Object> = ids.iter().flatten().map(|&id| id.into()).collect();
            if !refs.is_empty() {
                dict.set("Annots", refs);
            }
            spelled.pages.push(ids);
        }
        Ok(spelled)
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

/// What a link does: open a URI, or go to a page, at a height.
enum Action<'a> {
    Uri(&'a str),
    GoTo(ObjectId, f32),
}

/// One link annotation: a URI action, or a GoTo to the left edge of its destination's line
/// on one of `pages`; none for an internal link to an unknown id.
fn spell_link(
    link: &LinkArea,
    laid: &PagedDocument,
    pages: &[ObjectId],
    offset: f32,
    tail: &[u8],
) -> Option<Vec<u8>> {
    let action = match &link.target {
        LinkTarget::Uri(uri) => Action::Uri(uri),
        LinkTarget::Internal(id) => {
            let dest = laid.destinations.get(id)?;
            Action::GoTo(*pages.get(dest.page)?, dest.y + offset)
        }
    };
    let mut out = Vec::with_capacity(160);
    out.extend_from_slice(HEAD);
    for v in link.rect {
        syntax::real(&mut out, v + offset);
    }
    out.extend_from_slice(b"]/A<<");
    match action {
        Action::GoTo(page, top) => {
            out.extend_from_slice(b"/S/GoTo/D[");
            syntax::reference(&mut out, page);
            out.extend_from_slice(b"/XYZ 0");
            syntax::real(&mut out, top);
            syntax::token(&mut out, b"null]");
        }
        Action::Uri(uri) => {
            out.extend_from_slice(b"/S/URI/URI");
            syntax::object(&mut out, &Object::string_literal(ascii_uri(uri)));
        }
    }
    out.extend_from_slice(b">>");
    out.extend_from_slice(tail);
    Some(out)
}

/// URIs in PDF are 7-bit ASCII: percent-encode every other byte of the UTF-8 (an IRI's
/// non-ASCII characters, spaces).
fn ascii_uri(uri: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(uri.len());
    for b in uri.bytes() {
        if b.is_ascii_graphic() {
            out.push(b);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::Destination;

    fn spelled(target: LinkTarget, offset: f32) -> Option<String> {
        let laid = PagedDocument {
            pages: Vec::new(),
            destinations: BTreeMap::from([("two".into(), Destination { page: 1, y: 520.5 })]),
            outline: Vec::new(),
            first_body_page: 0,
        };
        let link = LinkArea {
            rect: [72.0, 496.25, 150.0, 510.0],
            target,
        };
        let pages = [(3, 0), (9, 0)];
        spell_link(&link, &laid, &pages, offset, TAIL).map(|b| String::from_utf8(b).expect("ASCII"))
    }

    #[test]
    fn links_are_spelled_whole_and_moved_onto_the_sheet() {
        assert_eq!(
            spelled(LinkTarget::Internal("two".into()), 9.0).as_deref(),
            Some(
                "<</Type/Annot/Subtype/Link/Rect[81 505.25 159 519]/A<</S/GoTo/D[9 0 R/XYZ 0 529.5 \
                 null]>>/Border[0 0 0]/C[]/H/I/F 4>>"
            )
        );
        assert_eq!(
            spelled(LinkTarget::Uri("https://example.org/a (ü)".into()), 0.0).as_deref(),
            Some(
                "<</Type/Annot/Subtype/Link/Rect[72 496.25 150 510]/A<</S/URI/URI\
                 (https://example.org/a%20\\(%C3%BC\\))>>/Border[0 0 0]/C[]/H/I/F 4>>"
            )
        );
        assert_eq!(spelled(LinkTarget::Internal("nowhere".into()), 0.0), None);
    }
}
