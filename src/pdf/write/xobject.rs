//! The pictures placed on the pages as XObjects in the written document, one per distinct
//! image, under the names the pages' `Do` operators use, in the /XObject dictionary the shell
//! shares among all pages.

use crate::pdf::error::WriteError;
use crate::pdf::pictures::{Colour, Content, Encoding, Picture, Raster};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Adds `pictures` (the distinct pictures of the pages, in order of first use) to `doc`.
pub(crate) fn embed_pictures(
    doc: &mut Document,
    pictures: &[Arc<Picture>],
) -> Result<(), WriteError> {
    if pictures.is_empty() {
        return Ok(());
    }
    let shared = shared_xobjects(doc).ok_or(WriteError::Structure("XObject dictionary"))?;
    for picture in pictures {
        let id = match &picture.content {
            Content::Raster(raster) => raster_image(doc, raster),
            Content::Vector { pdf, form } => import(pdf, *form, doc)
                .ok_or(WriteError::Structure("SVG form XObject from svg2pdf"))?,
        };
        doc.get_dictionary_mut(shared)
            .map_err(|_| WriteError::Structure("XObject dictionary"))?
            .set(picture.name.as_bytes(), id);
    }
    Ok(())
}

/// The /XObject dictionary every page's resources point to.
fn shared_xobjects(doc: &Document) -> Option<ObjectId> {
    let (_, &page) = doc.get_pages().iter().next()?;
    let page = doc.get_dictionary(page).ok()?;
    let resources = doc.dereference(page.get(b"Resources").ok()?).ok()?.1;
    resources
        .as_dict()
        .ok()?
        .get(b"XObject")
        .ok()?
        .as_reference()
        .ok()
}

/// An image XObject, with its alpha as a soft mask.
fn raster_image(doc: &mut Document, raster: &Raster) -> ObjectId {
    let mask = raster.mask.as_ref().map(|alpha| {
        let dict = image_dict(raster, Colour::Gray, "FlateDecode");
        doc.add_object(Stream::new(dict, alpha.clone()).with_compression(false))
    });
    let filter = match raster.encoding {
        Encoding::Jpeg => "DCTDecode",
        Encoding::Flate | Encoding::PngRows => "FlateDecode",
    };
    let mut dict = image_dict(raster, raster.colour, filter);
    if raster.encoding == Encoding::PngRows {
        // Each row starts with its PNG filter byte; predictor 15 lets it vary by row.
        let parameters = Dictionary::from_iter([
            ("Predictor", Object::from(15)),
            ("Colors", Object::from(raster.colour.components() as i64)),
            ("BitsPerComponent", Object::from(8)),
            ("Columns", Object::from(i64::from(raster.pixels_wide))),
        ]);
        dict.set("DecodeParms", parameters);
    }
    if raster.inverted {
        let decode = [1, 0].repeat(raster.colour.components());
        dict.set(
            "Decode",
            decode.into_iter().map(Object::from).collect::<Vec<_>>(),
        );
    }
    if let Some(mask) = mask {
        dict.set("SMask", mask);
    }
    doc.add_object(Stream::new(dict, raster.data.clone()).with_compression(false))
}

fn image_dict(raster: &Raster, colour: Colour, filter: &str) -> Dictionary {
    let space = match colour {
        Colour::Gray => "DeviceGray",
        Colour::Rgb => "DeviceRGB",
        Colour::Cmyk => "DeviceCMYK",
    };
    let mut dict = Dictionary::new();
    dict.set("Type", "XObject");
    dict.set("Subtype", "Image");
    dict.set("Width", i64::from(raster.pixels_wide));
    dict.set("Height", i64::from(raster.pixels_high));
    dict.set("ColorSpace", space);
    dict.set("BitsPerComponent", 8);
    dict.set("Filter", filter);
    dict
}

/// Copies `root` and every object it refers to, directly or not, from `source` into `target`
/// under new numbers; returns the new number of `root`.
fn import(source: &Document, root: ObjectId, target: &mut Document) -> Option<ObjectId> {
    let mut numbers = BTreeMap::new();
    let mut order = Vec::new();
    let mut queue = vec![root];
    while let Some(id) = queue.pop() {
        if numbers.contains_key(&id) {
            continue;
        }
        numbers.insert(id, target.new_object_id());
        order.push(id);
        references(source.get_object(id).ok()?, &mut queue);
    }
    for id in order {
        let mut object = source.get_object(id).ok()?.clone();
        renumber(&mut object, &numbers);
        target.objects.insert(numbers[&id], object);
    }
    numbers.get(&root).copied()
}

fn references(object: &Object, out: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|o| references(o, out)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, o)| references(o, out)),
        Object::Stream(stream) => stream.dict.iter().for_each(|(_, o)| references(o, out)),
        _ => {}
    }
}

fn renumber(object: &mut Object, numbers: &BTreeMap<ObjectId, ObjectId>) {
    match object {
        Object::Reference(id) => {
            if let Some(new) = numbers.get(id) {
                *id = *new;
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|o| renumber(o, numbers)),
        Object::Dictionary(dict) => dict.iter_mut().for_each(|(_, o)| renumber(o, numbers)),
        Object::Stream(stream) => stream
            .dict
            .iter_mut()
            .for_each(|(_, o)| renumber(o, numbers)),
        _ => {}
    }
}
