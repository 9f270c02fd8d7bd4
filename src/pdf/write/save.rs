//! Writes the finished document as a PDF 1.5+ file: streams as indirect objects, every other
//! object in compressed object streams ([`ObjectStreams`]), and a cross-reference stream whose
//! dictionary is the trailer (ISO 32000-1, 7.5.8).
//!
//! lopdf's own `save_modern` copies the whole document into its object streams before writing;
//! here each object is moved out of the document, spelled and dropped, so the file grows as the
//! document shrinks. The trailer /ID is a hash of everything before the cross-reference
//! stream, which fixes the rest: the same input always gives the same bytes.

use super::packed::{ObjectStreams, Packed};
use super::syntax;
use crate::pdf::deflate::deflate;
use crate::pdf::error::WriteError;
use lopdf::{Document, Object, ObjectId};
use sha2::{Digest, Sha256};
use std::io::Write;

/// Bytes of each trailer /ID string (ISO 32000-1, 14.4: at least 16 recommended).
const ID_LEN: usize = 16;
/// After the header: bytes above 127, so that tools treat the file as binary (7.5.2).
const BINARY_MARK: &[u8] = b"%\xE2\xE3\xCF\xD3\n";

/// Where an object is found: its cross-reference entry (7.5.8.3).
#[derive(Clone, Copy)]
enum Entry {
    Free,
    /// At a byte offset of the file.
    At {
        offset: usize,
        generation: u16,
    },
    /// The `index`th object of object stream `stream`.
    In {
        stream: u32,
        index: usize,
    },
}

/// Saves `doc`, with the objects already in `streams`; both share the object numbers of `doc`
/// (its `max_id` counts those in `streams`).
pub(crate) fn save(mut doc: Document, mut streams: ObjectStreams) -> Result<Vec<u8>, WriteError> {
    let mut out = format!("%PDF-{}\n", doc.version).into_bytes();
    out.extend_from_slice(BINARY_MARK);
    let mut entries = vec![Entry::Free; doc.max_id as usize + 1];
    for ((number, generation), object) in std::mem::take(&mut doc.objects) {
        match object {
            Object::Stream(stream) => {
                indirect(&mut out, &mut entries, (number, generation), |out| {
                    syntax::dictionary(out, &stream.dict, Some(stream.content.len()));
                    out.extend_from_slice(b"stream\n");
                    out.extend_from_slice(&stream.content);
                    out.extend_from_slice(b"\nendstream");
                });
            }
            object if generation == 0 => {
                streams.add(number, |body| syntax::object(body, &object))?;
            }
            object => indirect(&mut out, &mut entries, (number, generation), |out| {
                syntax::object(out, &object);
            }),
        }
    }
    for Packed {
        numbers,
        first,
        data,
    } in streams.finish()?
    {
        let stream = entries.len() as u32;
        indirect(&mut out, &mut entries, (stream, 0), |out| {
            let _ = writeln!(
                out,
                "<</Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}>>stream",
                numbers.len(),
                data.len()
            );
            out.extend_from_slice(&data);
            out.extend_from_slice(b"\nendstream");
        });
        for (index, &number) in numbers.iter().enumerate() {
            entries[number as usize] = Entry::In { stream, index };
        }
    }
    let id: String = Sha256::digest(&out)
        .iter()
        .take(ID_LEN)
        .map(|b| format!("{b:02X}"))
        .collect();
    let xref = entries.len() as u32;
    let xref_start = out.len();
    entries.push(Entry::At {
        offset: xref_start,
        generation: 0,
    });
    let (widths, data) = cross_reference(&entries)?;
    let size = entries.len();
    indirect(&mut out, &mut entries, (xref, 0), |out| {
        let [a, b, c] = widths;
        let _ = write!(out, "<</Type/XRef/Size {size}/W[{a} {b} {c}]");
        for key in [&b"Root"[..], b"Info"] {
            if let Ok(value) = doc.trailer.get(key) {
                syntax::name(out, key);
                syntax::object(out, value);
            }
        }
        let _ = writeln!(
            out,
            "/ID[<{id}><{id}>]/Filter/FlateDecode/Length {}>>stream",
            data.len()
        );
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream");
    });
    let _ = write!(out, "startxref\n{xref_start}\n%%EOF\n");
    Ok(out)
}

/// Appends object `id`, which `spell` writes, and records where it starts in `entries`.
fn indirect(
    out: &mut Vec<u8>,
    entries: &mut Vec<Entry>,
    (number, generation): ObjectId,
    spell: impl FnOnce(&mut Vec<u8>),
) {
    let slot = number as usize;
    if entries.len() <= slot {
        entries.resize(slot + 1, Entry::Free);
    }
    entries[slot] = Entry::At {
        offset: out.len(),
        generation,
    };
    let _ = writeln!(out, "{number} {generation} obj");
    spell(out);
    out.extend_from_slice(b"\nendobj\n");
}

/// The cross-reference stream's field widths and its deflated data: each entry as type,
/// offset or stream number, generation or index, big-endian in as few bytes as hold the
/// largest value.
fn cross_reference(entries: &[Entry]) -> Result<([usize; 3], Vec<u8>), WriteError> {
    let fields = |entry: &Entry| match *entry {
        Entry::Free => (0, 0, 0),
        Entry::At { offset, generation } => (1, offset as u64, u64::from(generation)),
        Entry::In { stream, index } => (2, u64::from(stream), index as u64),
    };
    let width = |largest: u64| (64 - largest.leading_zeros() as usize).div_ceil(8).max(1);
    let (mut second, mut third) = (0, 0);
    for entry in entries {
        let (_, b, c) = fields(entry);
        second = second.max(b);
        third = third.max(c);
    }
    let widths = [1, width(second), width(third)];
    let mut rows = Vec::with_capacity(entries.len() * widths.iter().sum::<usize>());
    for entry in entries {
        let (a, b, c) = fields(entry);
        rows.push(a);
        rows.extend_from_slice(&b.to_be_bytes()[8 - widths[1]..]);
        rows.extend_from_slice(&c.to_be_bytes()[8 - widths[2]..]);
    }
    // Handed over row by row, as they were always deflated: zlib's output depends on that.
    let rows: Vec<&[u8]> = rows.chunks(widths.iter().sum()).collect();
    Ok((widths, deflate(&rows).map_err(WriteError::Compress)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Dictionary, Stream, dictionary};

    /// A small document saved here reads back in lopdf with every object as it was.
    #[test]
    fn lopdf_reads_back_every_object() {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let content = doc.add_object(Stream::new(Dictionary::new(), b"BT ET".to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content,
            "Annots" => vec![Object::string_literal("x(y"), Object::Real(1.5), Object::Null],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut streams = ObjectStreams::default();
        let spliced = doc.new_object_id();
        streams
            .add(spliced.0, |out| syntax::text(out, "Ёж (x)"))
            .expect("adds");
        let expected = doc.objects.clone();
        let bytes = save(doc, streams).expect("saves");
        let read = Document::load_mem(&bytes).expect("reads");
        for (id, object) in &expected {
            let got = read.get_object(*id).expect("object");
            match (object, got) {
                (Object::Stream(a), Object::Stream(b)) => assert_eq!(a.content, b.content),
                _ => assert_eq!(object, got),
            }
        }
        assert_eq!(
            read.get_object(spliced).and_then(Object::as_str).ok(),
            Some(
                &[
                    0xFE, 0xFF, 0x04, 0x01, 0x04, 0x36, 0, 32, 0, 40, 0, 120, 0, 41
                ][..]
            )
        );
        assert!(read.trailer.get(b"ID").is_ok());
    }
}
