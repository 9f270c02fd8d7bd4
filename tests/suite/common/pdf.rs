//! Typesetting a manuscript given as text and reading the PDF back, for the PDF tests.

use folio::diagnostics::Diagnostic;
use folio::markdown::{self, ReadOptions};
use folio::pdf::{self, PdfOptions};
use lopdf::{Document, Object};
use std::path::Path;

/// A PDF written from a manuscript: its bytes, the parsed file, and every warning (the reader's
/// and the typesetter's).
pub struct Typeset {
    pub bytes: Vec<u8>,
    pub doc: Document,
    pub warnings: Vec<Diagnostic>,
}

/// Reads `markdown` as if it were the file at `path` (its folder is where images are found),
/// typesets it and parses the result.
pub fn typeset(path: &Path, markdown: &str, options: &PdfOptions) -> Typeset {
    let mut warnings = Vec::new();
    let manuscript = markdown::read(
        path,
        markdown.as_bytes(),
        &ReadOptions::default(),
        &mut warnings,
    )
    .expect("reads");
    let pdf = pdf::write(&manuscript, options).expect("writes");
    warnings.extend(pdf.warnings);
    let doc = Document::load_mem(&pdf.bytes).expect("parses");
    assert_eq!(doc.get_pages().len(), pdf.pages);
    Typeset {
        bytes: pdf.bytes,
        doc,
        warnings,
    }
}

/// Letters and digits, lower-cased: what must survive a text round trip. lopdf's extractor does
/// not turn the gaps between words into spaces (pdftotext does), so words are looked for within
/// the run of letters.
pub fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Each page's text, in page order, as lopdf extracts it.
pub fn page_texts(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .keys()
        .map(|&n| doc.extract_text(&[n]).unwrap_or_default())
        .collect()
}

/// The dictionary `object` is or refers to.
pub fn dict<'a>(doc: &'a Document, object: &'a Object) -> &'a lopdf::Dictionary {
    match object {
        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

/// The numbers of the array under `key` in `dict` (a rectangle, a border, a box).
pub fn numbers(dict: &lopdf::Dictionary, key: &[u8]) -> Vec<f32> {
    dict.get(key)
        .and_then(Object::as_array)
        .expect("an array")
        .iter()
        .map(|n| n.as_float().expect("a number"))
        .collect()
}

/// Margins of `margin` pt all round, one-sided: the text block is the page less `margin` on
/// each side, on every page alike.
pub fn one_sided(margin: f32) -> PdfOptions {
    PdfOptions {
        margins: Some(folio::style::Margins {
            top: margin,
            bottom: margin,
            inner: margin,
            outer: margin,
        }),
        two_sided: false,
        ..PdfOptions::default()
    }
}

/// An XObject a page draws: its resource name and the rectangle `cm` stretched it over.
#[derive(Debug)]
pub struct Drawn {
    pub name: String,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// What a page's content stream draws, in order: the origin `Tm` sets for each run of text,
/// and each XObject.
#[derive(Debug, Default)]
pub struct PageDraws {
    pub text: Vec<(f32, f32)>,
    pub images: Vec<Drawn>,
}

/// What the page with object id `page` draws.
pub fn page_draws(doc: &Document, page: lopdf::ObjectId) -> PageDraws {
    let content = doc.get_and_decode_page_content(page).expect("content");
    let mut out = PageDraws::default();
    let mut matrix = [0f32; 6];
    for op in content.operations {
        let numbers = || op.operands.iter().map(|o| o.as_float().expect("number"));
        match op.operator.as_str() {
            "cm" => numbers().zip(&mut matrix).for_each(|(n, slot)| *slot = n),
            "Tm" => {
                let m: Vec<f32> = numbers().collect();
                out.text.push((m[4], m[5]));
            }
            "Do" => out.images.push(Drawn {
                name: String::from_utf8_lossy(op.operands[0].as_name().expect("name")).into_owned(),
                x: matrix[4],
                y: matrix[5],
                width: matrix[0],
                height: matrix[3],
            }),
            _ => {}
        }
    }
    out
}
