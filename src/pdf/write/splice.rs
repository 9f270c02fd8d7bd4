//! Objects written into the saved file instead of being held in the lopdf document.
//!
//! A tagged table or a book of notes has hundreds of thousands of structure elements; as lopdf
//! dictionaries (or even as placeholders in its object map) they took more memory than
//! everything else the writer holds. They stay in their compact form: the document only
//! reserves their ids, and [`splice`] writes each object, encoded only then, into the saved
//! bytes where its id puts it and rebuilds the cross-reference table. The result is the file
//! lopdf would have written with the objects in the document.

use crate::pdf::error::WriteError;
use lopdf::content::{Content, Operation};
use lopdf::xref::XrefType;
use lopdf::{Object, ObjectId};
use std::fmt::Write;

/// The cross-reference format the file must be saved with.
pub(crate) const TABLE: XrefType = XrefType::CrossReferenceTable;

/// Bytes of a cross-reference entry: ten digits of offset, space, five of generation, space,
/// type, space, newline (ISO 32000-1, 7.5.4).
const ENTRY: usize = 20;

/// `object` as lopdf writes it: its operand encoding is its object encoding.
fn encode(object: Object) -> Result<Vec<u8>, WriteError> {
    let content = Content {
        operations: vec![Operation::new("", vec![object])],
    };
    let mut bytes = content
        .encode()
        .map_err(|e| WriteError::Save(std::io::Error::other(e.to_string())))?;
    // The operand's separator before the (empty) operator.
    bytes.pop();
    Ok(bytes)
}

/// Writes `object(i)` as the object `ids[i]` into `out`, a file lopdf saved with a
/// cross-reference table (see [`TABLE`]) from a document that reserved `ids` (ascending) but
/// holds none of them.
pub(crate) fn splice(
    out: Vec<u8>,
    ids: &[ObjectId],
    mut object: impl FnMut(usize) -> Object,
) -> Result<Vec<u8>, WriteError> {
    if ids.is_empty() {
        return Ok(out);
    }
    let broken = || WriteError::Structure("cross-reference table");
    let startxref = find_last(&out, b"startxref\n").ok_or_else(broken)?;
    let xref_start: usize = std::str::from_utf8(&out[startxref + 10..])
        .ok()
        .and_then(|tail| tail.lines().next())
        .and_then(|digits| digits.trim().parse().ok())
        .ok_or_else(broken)?;
    let (saved, trailer) = read_table(&out, xref_start, startxref).ok_or_else(broken)?;
    // Both lists ascending by number; each spliced object goes before the first saved object
    // numbered after it, and moves everything from there on.
    let mut entries = Vec::with_capacity(saved.len() + ids.len());
    let mut spliced = Vec::with_capacity(out.len() + ids.len() * 64);
    let (mut next, mut from) = (0, 0);
    for (i, &id) in ids.iter().enumerate() {
        while let Some(&(saved_id, offset)) = saved.get(next)
            && saved_id < id
        {
            spliced.extend_from_slice(&out[from..offset]);
            from = offset;
            entries.push((saved_id, spliced.len()));
            next += 1;
        }
        if saved.get(next).is_some_and(|&(saved_id, _)| saved_id == id) {
            return Err(broken());
        }
        let at = saved.get(next).map_or(xref_start, |&(_, offset)| offset);
        spliced.extend_from_slice(&out[from..at]);
        from = at;
        entries.push((id, spliced.len()));
        let object = object(i);
        // lopdf's spacing around an indirect object's value.
        let (before, after) = match object {
            Object::Dictionary(_) | Object::Array(_) | Object::String(..) => ("", ""),
            Object::Name(_) | Object::Stream(_) => ("", " "),
            _ => (" ", " "),
        };
        spliced.extend_from_slice(format!("{} {} obj\n{before}", id.0, id.1).as_bytes());
        spliced.extend(encode(object)?);
        spliced.extend_from_slice(format!("{after}\nendobj\n").as_bytes());
    }
    for &(saved_id, offset) in &saved[next..] {
        spliced.extend_from_slice(&out[from..offset]);
        from = offset;
        entries.push((saved_id, spliced.len()));
    }
    spliced.extend_from_slice(&out[from..xref_start]);
    let new_xref_start = spliced.len();
    spliced.extend(xref_table(&entries));
    spliced.extend_from_slice(&out[trailer..startxref]);
    spliced.extend_from_slice(format!("startxref\n{new_xref_start}\n%%EOF").as_bytes());
    Ok(spliced)
}

/// The in-use entries of the table from `start` (id and offset, by id) and where the trailer
/// after it starts.
fn read_table(out: &[u8], start: usize, end: usize) -> Option<(Vec<(ObjectId, usize)>, usize)> {
    let text = out.get(start..end)?;
    let mut at = text.strip_prefix(b"xref\n").map(|_| 5)?;
    let mut entries = Vec::new();
    while !text[at..].starts_with(b"trailer") {
        let line_end = at + text[at..].iter().position(|&b| b == b'\n')?;
        let header = std::str::from_utf8(&text[at..line_end]).ok()?;
        let (first, count) = header.split_once(' ')?;
        let (first, count): (u32, usize) = (first.parse().ok()?, count.parse().ok()?);
        at = line_end + 1;
        for k in 0..count {
            let entry = std::str::from_utf8(text.get(at..at + ENTRY)?).ok()?;
            let mut fields = entry.split_whitespace();
            let (offset, generation) = (fields.next()?.parse().ok()?, fields.next()?.parse().ok()?);
            if fields.next()? == "n" {
                entries.push(((first + k as u32, generation), offset));
            }
            at += ENTRY;
        }
    }
    entries.sort_unstable();
    Some((entries, start + at))
}

/// A cross-reference table as lopdf writes it: the free head of the list, then a section per
/// run of consecutive object numbers.
fn xref_table(entries: &[(ObjectId, usize)]) -> Vec<u8> {
    let mut table = String::from("xref\n");
    let mut section = String::from("0000000000 65535 f \n");
    let (mut first, mut count, mut last) = (0, 1, 0);
    for &((number, generation), offset) in entries {
        if number != last + 1 {
            let _ = writeln!(table, "{first} {count}");
            table.push_str(&section);
            section.clear();
            (first, count) = (number, 0);
        }
        let _ = writeln!(section, "{offset:>010} {generation:>05} n ");
        count += 1;
        last = number;
    }
    let _ = writeln!(table, "{first} {count}");
    table.push_str(&section);
    table.into_bytes()
}

/// Where the last occurrence of `needle` starts in `haystack`.
fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Dictionary, Document, Stream};

    /// A document of `count` objects: dictionaries that refer to each other, strings, a stream.
    fn object(i: usize, count: u32) -> Object {
        let mut dict = Dictionary::new();
        dict.set("Type", "StructElem");
        dict.set("P", ((i as u32 + 1) % count + 1, 0));
        dict.set("K", vec![Object::Integer(i as i64), Object::Real(0.5)]);
        dict.set("Alt", Object::string_literal(format!("text (of) {i}")));
        Object::Dictionary(dict)
    }

    fn saved(doc: &mut Document) -> Vec<u8> {
        doc.reference_table.cross_reference_type = TABLE;
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("saves");
        out
    }

    #[test]
    fn spliced_objects_give_the_file_lopdf_writes_with_them_in_place() {
        let count = 40;
        let mut whole = Document::with_version("1.7");
        let mut holed = Document::with_version("1.7");
        let mut spliced_ids = Vec::new();
        // Object 30 is missing from both, so the table has two sections.
        for i in (0..count as usize).filter(|&i| i != 29) {
            let id = (i as u32 + 1, 0);
            let object = if i % 7 == 3 {
                Object::Stream(Stream::new(Dictionary::new(), vec![b'x'; i]))
            } else {
                object(i, count)
            };
            whole.objects.insert(id, object.clone());
            // Every third object, a run of them and the last wait for the splice.
            if i % 3 == 0 || (20..26).contains(&i) || i + 1 == count as usize {
                spliced_ids.push((id, object));
            } else {
                holed.objects.insert(id, object);
            }
        }
        for doc in [&mut whole, &mut holed] {
            doc.max_id = count;
            doc.trailer.set("Root", (1, 0));
        }
        let expected = saved(&mut whole);
        let ids: Vec<ObjectId> = spliced_ids.iter().map(|(id, _)| *id).collect();
        let spliced =
            splice(saved(&mut holed), &ids, |at| spliced_ids[at].1.clone()).expect("splices");
        assert_eq!(
            String::from_utf8_lossy(&spliced),
            String::from_utf8_lossy(&expected)
        );
        let back = Document::load_mem(&spliced).expect("parses");
        assert_eq!(
            back.get_object((25, 0)).ok(),
            whole.get_object((25, 0)).ok()
        );
    }

    #[test]
    fn an_object_the_file_has_already_is_refused() {
        let mut doc = Document::with_version("1.7");
        doc.objects.insert((1, 0), Object::Integer(1));
        doc.max_id = 1;
        let out = saved(&mut doc);
        assert!(splice(out, &[(1, 0)], |_| Object::Null).is_err());
    }
}
