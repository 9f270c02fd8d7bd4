//! The PDF under check, loaded once with lopdf, and the small lookups every check needs:
//! following references, a page's inherited keys, the document information dictionary, the
//! catalog's XMP packet and the header as written in the file's first bytes.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// A file larger than this is refused rather than loaded whole: the largest PDFs folio writes
/// (the Rust book, the 50,000-row table) are under 40 MB, and print files that printers accept
/// stop at 650 MB (KDP); preflight is for those, not for arbitrary archives.
pub const MAX_FILE_BYTES: usize = 1 << 30;

/// How deep page-tree inheritance and form XObjects nest before preflight stops following
/// them (a loop or a hostile file; real documents nest a handful deep).
pub const MAX_NESTING: usize = 32;

/// A loaded PDF and what its first bytes say.
pub struct PdfFile {
    pub doc: Document,
    /// The version in the header, e.g. `1.7`.
    pub header_version: String,
    /// Whether a comment of four bytes above 127 follows the header (ISO 32000 7.5.2: marks the
    /// file as binary for transfer programs; PDF/A requires it).
    pub binary_comment: bool,
    /// Page object ids in page order.
    pub pages: Vec<ObjectId>,
}

impl PdfFile {
    /// Loads a file's bytes; an unreadable file is an error message, never a panic.
    pub fn load(bytes: &[u8]) -> Result<PdfFile, String> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(format!(
                "the file is {} MB, larger than preflight reads ({} MB)",
                bytes.len() >> 20,
                MAX_FILE_BYTES >> 20
            ));
        }
        if !bytes.starts_with(b"%PDF-") {
            return Err("not a PDF: the file does not start with `%PDF-`".into());
        }
        let header_version = bytes[5..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b'.')
            .map(|&b| b as char)
            .collect::<String>();
        let binary_comment = binary_comment(bytes);
        // lopdf is not written for hostile input; a panic inside it is reported as a file it
        // cannot read, like any other parse failure.
        let loaded = std::panic::catch_unwind(|| Document::load_mem(bytes))
            .map_err(|_| "the PDF's structure could not be read".to_string())?;
        let doc =
            loaded.map_err(|error| format!("the PDF's structure could not be read: {error}"))?;
        let pages = doc.get_pages().into_values().collect();
        Ok(PdfFile {
            doc,
            header_version,
            binary_comment,
            pages,
        })
    }

    /// Follows references (at most a few deep) to the object itself.
    pub fn resolve<'a>(&'a self, object: &'a Object) -> &'a Object {
        let mut object = object;
        for _ in 0..MAX_NESTING {
            match object {
                Object::Reference(id) => match self.doc.get_object(*id) {
                    Ok(next) => object = next,
                    Err(_) => return &Object::Null,
                },
                _ => return object,
            }
        }
        &Object::Null
    }

    /// A dictionary (or a stream's dictionary) behind an object.
    pub fn dict<'a>(&'a self, object: &'a Object) -> Option<&'a Dictionary> {
        match self.resolve(object) {
            Object::Dictionary(dict) => Some(dict),
            Object::Stream(stream) => Some(&stream.dict),
            _ => None,
        }
    }

    /// The value of `key` in `dict`, references followed.
    pub fn get<'a>(&'a self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        dict.get(key).ok().map(|object| self.resolve(object))
    }

    /// A name value of `key`, as text.
    pub fn name(&self, dict: &Dictionary, key: &[u8]) -> Option<String> {
        match self.get(dict, key)? {
            Object::Name(name) => Some(String::from_utf8_lossy(name).into_owned()),
            _ => None,
        }
    }

    /// A string value of `key`, decoded from PDFDocEncoding or UTF-16BE.
    pub fn text(&self, dict: &Dictionary, key: &[u8]) -> Option<String> {
        match self.get(dict, key)? {
            Object::String(bytes, _) => Some(decode_text_string(bytes)),
            _ => None,
        }
    }

    /// A number value of `key`.
    pub fn number(&self, dict: &Dictionary, key: &[u8]) -> Option<f32> {
        number(self.get(dict, key)?)
    }

    /// The catalog, or nothing in a broken file.
    pub fn catalog(&self) -> Option<&Dictionary> {
        self.doc.catalog().ok()
    }

    /// The document information dictionary the trailer names.
    pub fn info(&self) -> Option<&Dictionary> {
        self.dict(self.doc.trailer.get(b"Info").ok()?)
    }

    /// The catalog's /Metadata stream: its dictionary and its (decoded) packet.
    pub fn metadata(&self) -> Option<(&Dictionary, String)> {
        let object = self.resolve(self.catalog()?.get(b"Metadata").ok()?);
        let stream = object.as_stream().ok()?;
        let bytes = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        Some((&stream.dict, String::from_utf8_lossy(&bytes).into_owned()))
    }

    /// A page's key, looked up through the page tree (Resources, MediaBox, CropBox and Rotate
    /// are inherited, ISO 32000 table 30).
    pub fn inherited<'a>(&'a self, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
        let mut dict = self.doc.get_dictionary(page).ok()?;
        for _ in 0..MAX_NESTING {
            if let Ok(value) = dict.get(key) {
                return Some(self.resolve(value));
            }
            dict = self.dict(dict.get(b"Parent").ok()?)?;
        }
        None
    }

    /// A page's rectangle (MediaBox, TrimBox ...) as `[x0, y0, x1, y1]`, normalised.
    pub fn page_box(&self, page: ObjectId, key: &[u8]) -> Option<[f32; 4]> {
        let inherited = matches!(key, b"MediaBox" | b"CropBox");
        let object = if inherited {
            self.inherited(page, key)?
        } else {
            self.get(self.doc.get_dictionary(page).ok()?, key)?
        };
        rectangle(self, object)
    }
}

/// Reads `[x0 y0 x1 y1]` with its corners in order.
pub fn rectangle(file: &PdfFile, object: &Object) -> Option<[f32; 4]> {
    let values = file.resolve(object).as_array().ok()?;
    if values.len() != 4 {
        return None;
    }
    let mut numbers = [0.0; 4];
    for (slot, value) in numbers.iter_mut().zip(values) {
        *slot = number(file.resolve(value))?;
    }
    let [a, b, c, d] = numbers;
    Some([a.min(c), b.min(d), a.max(c), b.max(d)])
}

/// An integer or real as `f32`.
pub fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(value) => Some(*value as f32),
        Object::Real(value) => Some(*value),
        _ => None,
    }
}

/// A PDF text string: UTF-16BE with its byte-order mark, else PDFDocEncoding (read as Latin-1,
/// which agrees with it on every character a title or date uses).
pub fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    bytes.iter().map(|&b| b as char).collect()
}

/// Whether the second line of the file is a comment holding at least four bytes above 127.
fn binary_comment(bytes: &[u8]) -> bool {
    let Some(end) = bytes
        .iter()
        .take(64)
        .position(|&b| b == b'\n' || b == b'\r')
    else {
        return false;
    };
    let rest = &bytes[end..];
    let rest = &rest[rest
        .iter()
        .take_while(|b| **b == b'\n' || **b == b'\r')
        .count()..];
    rest.first() == Some(&b'%') && rest[1..].iter().take(4).filter(|&&b| b > 127).count() == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binary_comment_is_found_after_the_header() {
        assert!(binary_comment(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"));
        assert!(binary_comment(b"%PDF-1.7\r\n%\xE2\xE3\xCF\xD3\r\n"));
        assert!(!binary_comment(b"%PDF-1.7\n1 0 obj"));
        assert!(!binary_comment(b"%PDF-1.7\n%abcd\n"));
    }

    #[test]
    fn text_strings_decode_from_both_encodings() {
        assert_eq!(decode_text_string(b"\xFE\xFF\x00A\x04\x10"), "AА");
        assert_eq!(decode_text_string(b"Plain"), "Plain");
    }

    #[test]
    fn what_is_not_a_pdf_is_refused_with_a_message() {
        assert!(PdfFile::load(b"hello").err().unwrap().contains("not a PDF"));
        assert!(PdfFile::load(b"%PDF-1.7\n garbage").is_err());
    }
}
