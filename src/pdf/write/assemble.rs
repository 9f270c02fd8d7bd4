//! The PDF writer's entry: page description in, PDF bytes out, one phase after another.
//!
//! [`write_pdf`] reads as the phases, each one call: subset every face once over all pages;
//! encode each page's content stream (`content`, on every core); write the document shell
//! (`shell`: catalog, pages, fonts, Info); embed the pictures (`xobject`); give the fonts
//! their exact widths and ToUnicode (`embed`); spell the link annotations (`annots`); for a
//! tagged PDF, the structure tree (`tagged`); the sheet's bleed boxes; the outline, page labels
//! and catalog entries (`catalog`); then compress and save (`save`). The phases that add
//! objects run in this order, which numbers them. Nothing here makes a typographic decision:
//! everything arrives placed in the [`PagedDocument`] description.

use super::annots::Annotations;
use super::catalog::write_catalog;
use super::claims;
use super::content::page_content;
use super::embed::patch_fonts;
use super::objects::compress_all;
use super::packed::ObjectStreams;
use super::save::save;
use super::sheet::Sheet;
use super::shell::{self, Shell};
use super::tagged::{Marked, Tagging, TreeOutput, link_texts_of, write_tree};
use super::xobject::embed_pictures;
use crate::pdf::deflate::deflate;
use crate::pdf::error::WriteError;
use crate::pdf::fonts::{FaceId, FontSet};
use crate::pdf::fonts::{Subset, Usage};
use crate::pdf::layout::Structure;
use crate::pdf::layout::{PagedDocument, Placed};
use crate::pdf::meta::PdfMeta;
use crate::pdf::pictures::Picture;
use crate::pdf::profile::OutputProfile;
use crate::timing::phase;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Turns the page description into PDF bytes: subsets and embeds every face used, draws,
/// links, outline, metadata. Same input → same bytes.
/// With a `structure`, the PDF is tagged (see [`super::tagged`]). Every page is placed on the
/// `sheet` (bleed and crop marks). Each page's drawing is freed once it is encoded, so the
/// glyphs of the whole document are not held to the end.
pub fn write_pdf(
    mut laid: PagedDocument,
    fonts: &FontSet,
    meta: &PdfMeta,
    structure: Option<&Structure>,
    sheet: &Sheet,
) -> Result<Vec<u8>, WriteError> {
    let subsets = phase("subset", || subset_faces(&laid, fonts))?;
    let encoded = phase("content ops", || {
        encode_pages(
            &mut laid,
            &subsets,
            structure,
            sheet,
            meta.claims.print_profile(),
        )
    })?;
    let boxes: Vec<_> = (laid.pages.iter())
        .enumerate()
        .map(|(index, page)| sheet.boxes(index, page.width, page.height))
        .collect();
    let Shell {
        mut doc,
        pages,
        fonts: font_objects,
    } = phase("document shell", || {
        shell::document(meta, fonts, &subsets, &boxes, encoded.contents)
    })?;
    phase("embed pictures", || {
        embed_pictures(&mut doc, &encoded.pictures)
    })?;
    phase("patch fonts", || {
        patch_fonts(&mut doc, fonts, &subsets, &font_objects)
    })?;
    let links = claims::links(&meta.claims);
    let mut annotations = phase("link annotations", || {
        Annotations::for_pages(&mut doc, &pages, &laid, sheet.offset(), links)
    })?;
    let mut streams = ObjectStreams::default();
    if let Some(structure) = structure {
        let tagging = Tagging {
            structure,
            marked: encoded.marked,
            link_texts: encoded.link_texts,
        };
        phase("structure tree", || {
            let mut tree = TreeOutput {
                doc: &mut doc,
                streams: &mut streams,
                annotations: &mut annotations,
            };
            write_tree(&mut tree, &pages, &laid, &tagging, meta)
        })?;
    }
    annotations.write(&mut streams)?;
    sheet.set_bleed_boxes(&mut doc, &pages, &laid);
    write_catalog(&mut doc, &pages, &laid, meta, sheet.offset())?;
    claims::write_claims(&mut doc, meta)?;
    phase("compress", || compress_all(&mut doc))?;
    phase("save", || save(doc, streams))
}

/// The pages as encoded, in page order, with what later phases need of their drawing.
struct Encoded {
    /// Each page's deflated content stream.
    contents: Vec<Vec<u8>>,
    /// What each page's MCIDs belong to (tagged PDF only).
    marked: Vec<Vec<Marked>>,
    /// The text of each page's links (tagged PDF only).
    link_texts: Vec<Vec<String>>,
    /// The distinct pictures shown, in order of first use.
    pictures: Vec<Arc<Picture>>,
}

/// Encodes and deflates every page's content, on any core, gathered in page order; each page's
/// drawing is freed once encoded.
fn encode_pages(
    laid: &mut PagedDocument,
    subsets: &[Option<Subset>],
    structure: Option<&Structure>,
    sheet: &Sheet,
    print: Option<&OutputProfile>,
) -> Result<Encoded, WriteError> {
    let offset = sheet.offset();
    let tagged = structure.is_some();
    let pages: Vec<_> = laid
        .pages
        .par_iter_mut()
        .map(|page| {
            let (content, mut mcids) = page_content(page, subsets, structure, print);
            let content = sheet.place(content, page.width, page.height, tagged);
            for figure in mcids.iter_mut().filter_map(|m| m.figure.as_mut()) {
                figure.bbox = figure.bbox.map(|v| v + offset);
            }
            let texts = tagged.then(|| link_texts_of(page));
            let shown: Vec<_> = (page.items.iter())
                .filter_map(|item| match item {
                    Placed::Image { picture, .. } => Some(Arc::clone(picture)),
                    _ => None,
                })
                .collect();
            page.items = Vec::new();
            page.marks = Vec::new();
            let content = deflate(&[&content]).map_err(WriteError::Compress);
            (content, mcids, texts, shown)
        })
        .collect();
    let mut encoded = Encoded {
        contents: Vec::with_capacity(pages.len()),
        marked: Vec::with_capacity(pages.len()),
        link_texts: Vec::new(),
        pictures: Vec::new(),
    };
    let mut seen = BTreeSet::new();
    for (content, mcids, texts, shown) in pages {
        encoded.contents.push(content?);
        encoded.marked.push(mcids);
        encoded.link_texts.extend(texts);
        for picture in shown {
            if seen.insert(picture.name.clone()) {
                encoded.pictures.push(picture);
            }
        }
    }
    Ok(encoded)
}

/// One subset per face that draws anything, indexed by face id.
fn subset_faces(laid: &PagedDocument, fonts: &FontSet) -> Result<Vec<Option<Subset>>, WriteError> {
    let mut usage: Vec<Option<Usage>> = (0..fonts.len()).map(|_| None).collect();
    for item in laid.pages.iter().flat_map(|p| &p.items) {
        let Placed::Text {
            run, space_after, ..
        } = item
        else {
            continue;
        };
        let (Some(face), Some(slot)) =
            (fonts.face(run.face), usage.get_mut(usize::from(run.face.0)))
        else {
            return Err(WriteError::UnknownFace(run.face.0));
        };
        let used = slot.get_or_insert_with(|| Usage::new(face));
        if *space_after && let Some(space) = face.space {
            used.note(space, " ");
        }
        for g in &run.glyphs {
            if !used.note(g.id, run.glyph_text(g)) {
                return Err(WriteError::UnknownGlyph {
                    font: face.source.clone(),
                    glyph: g.id,
                });
            }
        }
    }
    // Faces are subset each on its own core; the first error in face order is the one told.
    let subsets: Vec<_> = (usage.into_par_iter().enumerate())
        .map(|(i, used)| {
            let Some(used) = used else { return Ok(None) };
            let face = fonts
                .face(FaceId(i as u16))
                .ok_or(WriteError::UnknownFace(i as u16))?;
            Subset::new(face, used).map(Some)
        })
        .collect();
    subsets.into_iter().collect()
}
