//! The standards phase: what a file claiming PDF/A, PDF/X-4 or a printer's profile carries
//! beyond a plain one. The PDF version (1.6 for PDF/X-4), Trapped and the PDF/X version in the
//! Info dictionary, the XMP packet (written here for an untagged file; the tagged one already
//! has it), the output intent (`GTS_PDFA1` with sRGB for archives, `GTS_PDFX` with the
//! printer's profile for print), and for PDF/A-3 the Markdown source attached with
//! AFRelationship /Source. A plain file (no claims) passes through untouched.

use super::annots::Links;
use super::objects::text_string;
use super::xmp::metadata_stream;
use crate::pdf::error::WriteError;
use crate::pdf::meta::{Claims, PdfMeta};
use crate::pdf::profile::SRGB;
use crate::preflight::Standard;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// PDF/X-4 is PDF 1.6 (ISO 15930-7); folio uses nothing newer.
const PRINT_VERSION: &str = "1.6";
/// Where the registered printing conditions (FOGRA39 ...) are listed.
const CONDITION_REGISTRY: &str = "http://www.color.org";

/// Which link annotations the claims allow.
pub(crate) fn links(claims: &Claims) -> Links {
    if claims.has(Standard::Kdp) {
        Links::Omitted
    } else if claims.print() {
        Links::NotPrinting
    } else {
        Links::Printing
    }
}

/// Whether the claims allow an outline (KDP's print file must have no bookmarks).
pub(crate) fn outline_allowed(claims: &Claims) -> bool {
    !claims.has(Standard::Kdp)
}

/// Adds what the claims need to the finished document.
pub(crate) fn write_claims(doc: &mut Document, meta: &PdfMeta) -> Result<(), WriteError> {
    let claims = &meta.claims;
    if claims.standards.is_empty() {
        return Ok(());
    }
    if claims.print() {
        tag_rgb_as_srgb(doc);
        doc.version = PRINT_VERSION.into();
        let info = info_id(doc)?;
        let info = doc
            .get_dictionary_mut(info)
            .map_err(|_| WriteError::Structure("Info dictionary"))?;
        info.set("Trapped", "False");
        info.set("GTS_PDFXVersion", text_string("PDF/X-4"));
    }
    let has_metadata = doc.catalog().is_ok_and(|c| c.has(b"Metadata"));
    let metadata = (!has_metadata).then(|| doc.add_object(metadata_stream(meta)));
    let intent = output_intent(doc, claims);
    let attachments = attach_sources(doc, claims);
    let catalog = doc
        .catalog_mut()
        .map_err(|_| WriteError::Structure("catalog"))?;
    if let Some(metadata) = metadata {
        catalog.set("Metadata", metadata);
    }
    if let Some(intent) = intent {
        catalog.set("OutputIntents", vec![Object::Dictionary(intent)]);
    }
    if let Some((names, specs)) = attachments {
        let mut tree = Dictionary::new();
        tree.set("EmbeddedFiles", names);
        catalog.set("Names", tree);
        catalog.set(
            "AF",
            specs.into_iter().map(Object::Reference).collect::<Vec<_>>(),
        );
    }
    Ok(())
}

fn info_id(doc: &Document) -> Result<ObjectId, WriteError> {
    doc.trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|_| WriteError::Structure("Info dictionary"))
}

/// The output intent: the printer's condition for print claims, sRGB for archival ones.
fn output_intent(doc: &mut Document, claims: &Claims) -> Option<Dictionary> {
    let (subtype, bytes, components, condition, info): (&str, &[u8], i64, String, String) =
        if let Some(profile) = claims.print_profile() {
            (
                "GTS_PDFX",
                &profile.bytes,
                i64::from(profile.components),
                profile.condition.clone(),
                format!("{} (the printer's characterisation)", profile.condition),
            )
        } else if claims.archival().is_some() {
            (
                "GTS_PDFA1",
                SRGB,
                3,
                "sRGB".into(),
                "sRGB IEC61966-2.1".into(),
            )
        } else {
            return None;
        };
    let mut stream_dict = Dictionary::new();
    stream_dict.set("N", components);
    let profile = doc.add_object(Stream::new(stream_dict, bytes.to_vec()));
    let mut intent = Dictionary::new();
    intent.set("Type", "OutputIntent");
    intent.set("S", subtype);
    intent.set("OutputConditionIdentifier", text_string(&condition));
    intent.set("RegistryName", text_string(CONDITION_REGISTRY));
    intent.set("Info", text_string(&info));
    intent.set("DestOutputProfile", profile);
    Some(intent)
}

/// For PDF/A-3, each source file as an associated file: the name tree of EmbeddedFiles and the
/// file specifications the catalog's /AF lists.
fn attach_sources(doc: &mut Document, claims: &Claims) -> Option<(Dictionary, Vec<ObjectId>)> {
    if !claims
        .standards
        .iter()
        .any(|s| matches!(s, Standard::A3(_)))
        || claims.sources.is_empty()
    {
        return None;
    }
    let mut names = Vec::new();
    let mut specs = Vec::new();
    for (name, bytes) in &claims.sources {
        let mut params = Dictionary::new();
        params.set("Size", bytes.len() as i64);
        let mut file = Dictionary::new();
        file.set("Type", "EmbeddedFile");
        file.set("Subtype", "text/markdown");
        file.set("Params", params);
        let file = doc.add_object(Stream::new(file, bytes.clone()));
        let mut embedded = Dictionary::new();
        embedded.set("F", file);
        embedded.set("UF", file);
        let mut spec = Dictionary::new();
        spec.set("Type", "Filespec");
        spec.set("F", text_string(name));
        spec.set("UF", text_string(name));
        spec.set(
            "Desc",
            text_string("The Markdown source this PDF was typeset from"),
        );
        spec.set("AFRelationship", "Source");
        spec.set("EF", embedded);
        let spec = doc.add_object(spec);
        names.push(text_string(name));
        names.push(Object::Reference(spec));
        specs.push(spec);
    }
    let mut tree = Dictionary::new();
    tree.set("Names", names);
    Some((tree, specs))
}

/// A print file holds no DeviceRGB: pictures, shadings and transparency groups in RGB (photos,
/// SVG gradients) are tagged as sRGB, which is what their colours mean, and the SVG forms'
/// own RGB drawing is remapped to sRGB through a DefaultRGB colour space in their resources
/// (the page's drawing itself was converted to the printer's CMYK as it was encoded).
fn tag_rgb_as_srgb(doc: &mut Document) {
    let mut dict = Dictionary::new();
    dict.set("N", 3);
    let srgb = doc.add_object(Stream::new(dict, SRGB.to_vec()));
    let icc = || {
        Object::Array(vec![
            Object::Name(b"ICCBased".to_vec()),
            Object::Reference(srgb),
        ])
    };
    let mut form_resources = Vec::new();
    for (&id, object) in doc.objects.iter_mut() {
        if id == srgb {
            continue;
        }
        let dict = match object {
            Object::Stream(stream) => &mut stream.dict,
            Object::Dictionary(dict) => dict,
            _ => continue,
        };
        for key in [b"ColorSpace".as_slice(), b"CS"] {
            if matches!(dict.get(key), Ok(Object::Name(name)) if name == b"DeviceRGB") {
                dict.set(key, icc());
            }
        }
        if matches!(dict.get(b"Subtype"), Ok(Object::Name(name)) if name == b"Form") {
            match dict.get_mut(b"Resources") {
                Ok(Object::Dictionary(resources)) => remap_rgb(resources, icc()),
                Ok(Object::Reference(resources)) => form_resources.push(*resources),
                _ => {}
            }
        }
    }
    for id in form_resources {
        if let Ok(resources) = doc.get_dictionary_mut(id) {
            remap_rgb(resources, icc());
        }
    }
}

/// Sets `/ColorSpace << /DefaultRGB icc >>` in a resource dictionary (adding to a direct
/// /ColorSpace dictionary if one is there).
fn remap_rgb(resources: &mut Dictionary, icc: Object) {
    match resources.get_mut(b"ColorSpace") {
        Ok(Object::Dictionary(spaces)) => spaces.set("DefaultRGB", icc),
        Ok(_) => {}
        Err(_) => {
            let mut spaces = Dictionary::new();
            spaces.set("DefaultRGB", icc);
            resources.set("ColorSpace", spaces);
        }
    }
}
