//! Small helpers for PDF objects that several post-processing stages share: stream
//! compression, text strings and destinations. They know the PDF syntax rules, nothing about
//! pages or fonts.

use crate::pdf::deflate::deflate;
use crate::pdf::error::WriteError;
use lopdf::{Document, Object, ObjectId, StringFormat};

/// Flate-compresses every stream of `doc` that has no filter yet.
pub(crate) fn compress_all(doc: &mut Document) -> Result<(), WriteError> {
    for object in doc.objects.values_mut() {
        // A stream marked to stay plain (a standard's XMP packet) is left as it is.
        if let Object::Stream(stream) = object
            && !stream.dict.has(b"Filter")
            && stream.allows_compression
        {
            let compressed = deflate(&[&stream.content]).map_err(WriteError::Compress)?;
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
            // Already compressed: keep lopdf from compressing again.
            stream.allows_compression = false;
        }
    }
    Ok(())
}

/// A text string (ISO 32000-1, 7.9.2.2): printable ASCII as is, anything else as UTF-16BE
/// with a byte order mark.
pub(crate) fn text_string(text: &str) -> Object {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// A destination showing `page` from its left edge with `top` at the top of the window.
pub(crate) fn xyz(page: ObjectId, top: f32) -> Vec<Object> {
    vec![
        page.into(),
        "XYZ".into(),
        0.into(),
        Object::Real(top),
        Object::Null,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_ascii_or_utf16() {
        assert_eq!(
            text_string("Rust (book)"),
            Object::String(b"Rust (book)".to_vec(), StringFormat::Literal)
        );
        let Object::String(bytes, StringFormat::Hexadecimal) = text_string("Ёж") else {
            panic!("hex string")
        };
        assert_eq!(bytes, [0xFE, 0xFF, 0x04, 0x01, 0x04, 0x36]);
    }

    #[test]
    fn streams_round_trip() {
        let mut doc = Document::new();
        let data = [b"BT ET ".repeat(100), b"q Q ".repeat(50)];
        let ids = data
            .clone()
            .map(|d| doc.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), d)));
        compress_all(&mut doc).expect("compresses");
        for (id, data) in ids.iter().zip(data) {
            let stream = doc
                .get_object(*id)
                .and_then(Object::as_stream)
                .expect("stream");
            assert!(stream.content.len() < 100);
            assert_eq!(stream.decompressed_content().expect("inflates"), data);
        }
    }
}
