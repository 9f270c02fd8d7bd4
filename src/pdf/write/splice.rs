//! Objects written into the saved file instead of being held in the lopdf document.
//!
//! A tagged table or a book of notes has hundreds of thousands of structure elements; as lopdf
//! dictionaries they took more memory than everything else the writer holds. They stay in
//! their compact form until the file is saved: the document holds a `null` under each of their
//! ids, and [`splice`] replaces each of those in the saved bytes with the real object, one at a
//! time, and moves the cross-reference offsets. The result is the file lopdf would have written
//! with the objects in place.

use crate::pdf::error::WriteError;
use lopdf::content::{Content, Operation};
use lopdf::xref::XrefType;
use lopdf::{Object, ObjectId};

/// The cross-reference format the file must be saved with.
pub(crate) const TABLE: XrefType = XrefType::CrossReferenceTable;

/// Bytes of a cross-reference entry: ten digits of offset, space, five of generation, space,
/// type, space, newline (ISO 32000-1, 7.5.4).
const ENTRY: usize = 20;
const OFFSET_DIGITS: usize = 10;

/// How lopdf writes the `null` that holds the place of object `id`.
fn placeholder(id: ObjectId) -> String {
    format!("{} {} obj\n null \nendobj\n", id.0, id.1)
}

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

/// Replaces the placeholders of `ids` (ascending, all in `out`, written by lopdf with a
/// cross-reference table, see [`TABLE`]) with `object(i)` for the `i`th id, and fixes the offsets.
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
    let mut table = Table::read(&out, xref_start, startxref).ok_or_else(broken)?;
    let mut spliced = Vec::with_capacity(out.len() + ids.len() * 64);
    let mut from = 0;
    for (i, &id) in ids.iter().enumerate() {
        let at = table.offset(id.0).ok_or_else(broken)?;
        let old = placeholder(id);
        if at < from || !out[at..].starts_with(old.as_bytes()) {
            return Err(broken());
        }
        spliced.extend_from_slice(&out[from..at]);
        let new_at = spliced.len();
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
        table.moved.push(Moved {
            old: at..at + old.len(),
            new: new_at..spliced.len(),
        });
        from = at + old.len();
    }
    spliced.extend_from_slice(&out[from..xref_start]);
    let new_xref_start = spliced.len();
    let mut xref = out[xref_start..startxref].to_vec();
    table.rewrite(&mut xref, xref_start);
    spliced.extend(xref);
    spliced.extend_from_slice(format!("startxref\n{new_xref_start}\n%%EOF").as_bytes());
    Ok(spliced)
}

/// The entries of a cross-reference table: where each in-use object starts.
struct Table {
    /// (object number, offset, where its entry starts in the file), by object number.
    entries: Vec<(u32, usize, usize)>,
    /// Each spliced object's bytes before and after, ascending.
    moved: Vec<Moved>,
}

struct Moved {
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
}

impl Table {
    fn read(out: &[u8], start: usize, end: usize) -> Option<Table> {
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
                let entry = text.get(at..at + ENTRY)?;
                if entry[ENTRY - 3] == b'n' {
                    let offset = std::str::from_utf8(&entry[..OFFSET_DIGITS]).ok()?;
                    entries.push((first + k as u32, offset.parse().ok()?, start + at));
                }
                at += ENTRY;
            }
        }
        entries.sort_unstable();
        Some(Table {
            entries,
            moved: Vec::new(),
        })
    }

    fn offset(&self, number: u32) -> Option<usize> {
        let i = self
            .entries
            .binary_search_by_key(&number, |&(n, _, _)| n)
            .ok()?;
        Some(self.entries[i].1)
    }

    /// Writes every entry's new offset into `xref`, the table's bytes from `start` in the file.
    fn rewrite(&self, xref: &mut [u8], start: usize) {
        for &(_, offset, entry) in &self.entries {
            // The bytes after a spliced object are copied as they were up to the next one.
            let before = self.moved.partition_point(|m| m.old.start <= offset);
            let new = match before.checked_sub(1).map(|i| &self.moved[i]) {
                Some(m) if m.old.start == offset => m.new.start,
                Some(m) => offset - m.old.end + m.new.end,
                None => offset,
            };
            let digits = format!("{new:0width$}", width = OFFSET_DIGITS);
            let at = entry - start;
            xref[at..at + OFFSET_DIGITS].copy_from_slice(digits.as_bytes());
        }
    }
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
        for i in 0..count as usize {
            let id = (i as u32 + 1, 0);
            let object = if i % 7 == 3 {
                Object::Stream(Stream::new(Dictionary::new(), vec![b'x'; i]))
            } else {
                object(i, count)
            };
            whole.objects.insert(id, object.clone());
            // Every third object, and a run of them, waits for the splice.
            if i % 3 == 0 || (20..26).contains(&i) {
                holed.objects.insert(id, Object::Null);
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
    fn a_file_without_its_placeholder_is_refused() {
        let mut doc = Document::with_version("1.7");
        doc.objects.insert((1, 0), Object::Integer(1));
        doc.max_id = 1;
        let out = saved(&mut doc);
        assert!(splice(out, &[(1, 0)], |_| Object::Null).is_err());
    }
}
