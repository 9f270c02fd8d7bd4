//! PDF object syntax (ISO 32000-1, 7.3) written straight to bytes, as compactly as the syntax
//! allows: a space only between two tokens that would otherwise run together.
//!
//! lopdf serialises only whole documents, and a document of structure elements held as lopdf
//! objects took several times the memory of the file; the writer spells each object here as
//! it is made instead.

use super::objects::text_string;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::io::Write;

/// Magnitudes below which [`number`] writes a number itself: at most 1/512 apart, two f32s
/// there are never written with the same digits to three decimals, so the shortest digits that
/// read back as the value are the nearest ones with the fewest decimals.
const FAST_LIMIT: f32 = 32_768.0;

/// Whether `byte` is a regular character: neither white-space nor a delimiter (7.2.2).
fn regular(byte: u8) -> bool {
    !b" \t\r\n\x0C\0()<>[]{}/%".contains(&byte)
}

/// Appends `token`, after a space where it would merge with what precedes it.
pub(crate) fn token(out: &mut Vec<u8>, token: &[u8]) {
    if let (Some(&last), Some(&first)) = (out.last(), token.first())
        && regular(last)
        && regular(first)
    {
        out.push(b' ');
    }
    out.extend_from_slice(token);
}

/// An integer, spelled without a string of its own: a long table's structure tree writes
/// millions of them.
pub(crate) fn integer(out: &mut Vec<u8>, value: i64) {
    token(out, itoa::Buffer::new().format(value).as_bytes());
}

pub(crate) fn real(out: &mut Vec<u8>, value: f32) {
    // A number always starts with a regular character.
    if out.last().is_some_and(|&last| regular(last)) {
        out.push(b' ');
    }
    number(out, value);
}

/// `v` as lopdf writes a real (Rust's `Display`: the shortest digits that read back as `v`).
/// Content streams' numbers are rounded to at most three decimals and small: those are written
/// here from integers; anything else goes through the formatter.
pub(super) fn number(out: &mut Vec<u8>, v: f32) {
    if v.abs() < FAST_LIMIT && v != 0.0 {
        let exact = f64::from(v);
        for (decimals, scale) in [(0, 1.0), (1, 10.0), (2, 100.0), (3, 1000.0)] {
            let scaled = (exact * scale).round();
            if (scaled / scale) as f32 == v {
                let digits = scaled.abs() as u64;
                if v < 0.0 {
                    out.push(b'-');
                }
                let mut buffer = itoa::Buffer::new();
                let whole = digits / 10u64.pow(decimals);
                out.extend_from_slice(buffer.format(whole).as_bytes());
                if decimals > 0 {
                    let fraction = digits % 10u64.pow(decimals);
                    let text = buffer.format(fraction + 10u64.pow(decimals));
                    out.push(b'.');
                    // Skip the leading 1 that keeps the fraction's zeros.
                    out.extend_from_slice(&text.as_bytes()[1..]);
                }
                return;
            }
        }
    }
    if v == 0.0 && v.is_sign_positive() {
        out.push(b'0');
        return;
    }
    let _ = write!(out, "{v}");
}

/// A reference to object `id`.
pub(crate) fn reference(out: &mut Vec<u8>, (number, generation): ObjectId) {
    token(out, itoa::Buffer::new().format(number).as_bytes());
    out.push(b' ');
    out.extend_from_slice(itoa::Buffer::new().format(generation).as_bytes());
    out.extend_from_slice(b" R");
}

/// A name; bytes outside `!`..`~` and delimiters as `#xx` (7.3.5).
pub(crate) fn name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        if byte == b'#' || !(b'!'..=b'~').contains(&byte) || !regular(byte) {
            let _ = write!(out, "#{byte:02X}");
        } else {
            out.push(byte);
        }
    }
}

/// A text string (7.9.2.2), as [`text_string`] makes it.
pub(crate) fn text(out: &mut Vec<u8>, text: &str) {
    object(out, &text_string(text));
}

/// A literal string; parentheses, backslash and carriage return escaped.
fn literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &byte in bytes {
        match byte {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(byte),
        }
    }
    out.push(b')');
}

fn hexadecimal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'<');
    for byte in bytes {
        let _ = write!(out, "{byte:02X}");
    }
    out.push(b'>');
}

/// A lopdf object other than a stream (a stream's dictionary goes through [`dictionary`]).
pub(crate) fn object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => token(out, b"null"),
        Object::Boolean(true) => token(out, b"true"),
        Object::Boolean(false) => token(out, b"false"),
        Object::Integer(value) => integer(out, *value),
        Object::Real(value) => real(out, *value),
        Object::Name(bytes) => name(out, bytes),
        Object::String(bytes, StringFormat::Literal) => literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => hexadecimal(out, bytes),
        Object::Array(items) => {
            out.push(b'[');
            for item in items {
                self::object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => dictionary(out, dict, None),
        Object::Stream(stream) => dictionary(out, &stream.dict, Some(stream.content.len())),
        Object::Reference(id) => reference(out, *id),
    }
}

/// A dictionary; with `length`, a stream's, whose /Length is set to it.
pub(crate) fn dictionary(out: &mut Vec<u8>, dict: &Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        if length.is_some() && key == b"Length" {
            continue;
        }
        name(out, key);
        object(out, value);
    }
    if let Some(length) = length {
        name(out, b"Length");
        integer(out, length as i64);
    }
    out.extend_from_slice(b">>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(value: &Object) -> String {
        let mut out = Vec::new();
        object(&mut out, value);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn spaces_only_between_regular_tokens() {
        let mut dict = Dictionary::new();
        dict.set("Type", "StructElem");
        dict.set(
            "K",
            vec![Object::Integer(1), Object::Integer(-2), (7, 0).into()],
        );
        dict.set("Alt", Object::string_literal("a (b) \\ c"));
        dict.set("Pg", Object::Reference((3, 0)));
        dict.set("R", Object::Real(0.5));
        assert_eq!(
            spelled(&Object::Dictionary(dict)),
            "<</Type/StructElem/K[1 -2 7 0 R]/Alt(a \\(b\\) \\\\ c)/Pg 3 0 R/R 0.5>>"
        );
    }

    #[test]
    fn names_and_text_escape() {
        assert_eq!(spelled(&Object::Name(b"A B#(".to_vec())), "/A#20B#23#28");
        let mut out = Vec::new();
        text(&mut out, "Ёж");
        assert_eq!(out, b"<FEFF04010436>");
    }
}
