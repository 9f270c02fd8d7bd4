//! The PDF backend end to end: write real manuscripts, read the files back with lopdf.

use crate::common;

use common::pdf::{dict, letters, numbers};
use folio::markdown::{self, ReadOptions};
use folio::model::{BlockKind, Document as Manuscript, plain_text};
use folio::pdf::{self, PdfOptions};
use lopdf::{Document, Object};
use std::path::Path;

fn read(path: &Path) -> Manuscript {
    let bytes = std::fs::read(path).unwrap();
    markdown::read(path, &bytes, &ReadOptions::default(), &mut Vec::new()).unwrap()
}

fn sample() -> Manuscript {
    read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content/river-of-light.md"))
}

fn write(doc: &Manuscript, options: &PdfOptions) -> (Vec<u8>, Document) {
    let pdf = pdf::write(doc, options).expect("writes");
    let parsed = Document::load_mem(&pdf.bytes).expect("parses");
    assert_eq!(parsed.get_pages().len(), pdf.pages);
    (pdf.bytes, parsed)
}

fn name(object: &Object) -> String {
    String::from_utf8_lossy(object.as_name().unwrap()).into_owned()
}

/// Words, lower-cased, letters and digits only.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn every_font_is_an_embedded_subset_with_a_tounicode_map() {
    let (_, doc) = write(&sample(), &PdfOptions::default());
    let mut fonts = 0;
    for (_, page) in doc.get_pages() {
        for (_, font) in doc.get_page_fonts(page).unwrap() {
            fonts += 1;
            assert_eq!(name(font.get(b"Subtype").unwrap()), "Type0");
            let base = name(font.get(b"BaseFont").unwrap());
            assert!(
                base.len() > 7 && base.as_bytes()[6] == b'+',
                "subset tag in {base}"
            );
            assert!(font.get(b"ToUnicode").is_ok(), "{base} has no ToUnicode");
            let descendants = font.get(b"DescendantFonts").unwrap().as_array().unwrap();
            let cid_font = dict(&doc, &descendants[0]);
            let descriptor = dict(&doc, cid_font.get(b"FontDescriptor").unwrap());
            assert!(
                descriptor.get(b"FontFile2").is_ok(),
                "{base} is not embedded"
            );
        }
    }
    assert!(fonts >= 3, "regular, italic and bold at least");
}

#[test]
fn the_text_comes_back_word_for_word_in_order() {
    let manuscript = sample();
    let (_, doc) = write(&manuscript, &PdfOptions::default());
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    // Hyphenation hyphens copy as soft hyphens: a word broken across lines comes back whole.
    let extracted = doc
        .extract_text(&pages)
        .unwrap()
        .replace("\u{ad}\n", "")
        .replace('\u{ad}', "");
    let got = letters(&extracted);
    let mut expected = Vec::new();
    for block in &manuscript.blocks {
        match &block.kind {
            BlockKind::Paragraph { content } => expected.extend(words(&plain_text(content))),
            BlockKind::Heading(h) => expected.extend(words(&plain_text(&h.content))),
            _ => {}
        }
    }
    assert!(expected.len() > 500, "the sample is a full article");
    let mut at = 0;
    for (n, word) in expected.iter().enumerate() {
        match got[at..].find(word.as_str()) {
            Some(offset) => at += offset + word.len(),
            None => panic!(
                "word {n} `{word}` is missing after `{}`",
                &got[at.saturating_sub(40)..at]
            ),
        }
    }
}

#[test]
fn the_outline_mirrors_the_headings() {
    let manuscript = sample();
    let (_, doc) = write(&manuscript, &PdfOptions::default());
    let catalog = doc.catalog().unwrap();
    let outlines = dict(&doc, catalog.get(b"Outlines").unwrap());
    let mut titles = Vec::new();
    let mut next = outlines.get(b"First").ok().cloned();
    while let Some(item) = next {
        let entry = dict(&doc, &item);
        let title = entry.get(b"Title").unwrap().as_str().unwrap();
        titles.push(
            lopdf::decode_text_string(&Object::String(
                title.to_vec(),
                lopdf::StringFormat::Literal,
            ))
            .unwrap(),
        );
        assert!(entry.get(b"Dest").is_ok() || entry.get(b"A").is_ok());
        next = entry.get(b"Next").ok().cloned();
    }
    let headings: Vec<String> = manuscript
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading(h) if h.level == 2 => Some(plain_text(&h.content)),
            _ => None,
        })
        .collect();
    assert_eq!(titles[..headings.len()], headings[..]);
}

#[test]
fn language_labels_metadata_and_borderless_links() {
    let (_, doc) = write(&sample(), &PdfOptions::default());
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en");
    assert!(catalog.get(b"PageLabels").is_ok());
    let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
    let title = lopdf::decode_text_string(info.get(b"Title").unwrap()).unwrap();
    assert!(title.starts_with("River of Light"));
    let author = lopdf::decode_text_string(info.get(b"Author").unwrap()).unwrap();
    assert_eq!(author, "Farzona Nazarova, Martin Holub");
    let (mut uris, mut internal) = (0, 0);
    for (_, page) in doc.get_pages() {
        let page = doc.get_dictionary(page).unwrap();
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        let annots = match annots {
            Object::Reference(id) => doc.get_object(*id).unwrap().as_array().unwrap(),
            other => other.as_array().unwrap(),
        };
        for annot in annots {
            let annot = dict(&doc, annot);
            let border = numbers(annot, b"Border");
            assert_eq!(border, [0.0, 0.0, 0.0], "links have no visible border");
            match annot.get(b"A") {
                Ok(action) => match name(dict(&doc, action).get(b"S").unwrap()).as_str() {
                    "URI" => uris += 1,
                    "GoTo" => internal += 1,
                    other => panic!("unexpected action {other}"),
                },
                Err(_) => {
                    assert!(annot.get(b"Dest").is_ok(), "a link goes somewhere");
                    internal += 1;
                }
            }
        }
    }
    assert!(uris >= 1, "the sample's external link");
    assert!(
        internal >= 3,
        "internal links and the footnote reference and back link"
    );
}

#[test]
fn the_same_input_gives_the_same_bytes_and_the_date_is_honoured() {
    let manuscript = sample();
    let (one, _) = write(&manuscript, &PdfOptions::default());
    let (two, _) = write(&manuscript, &PdfOptions::default());
    assert!(one == two, "two writes differ");
    let (dated, doc) = write(
        &manuscript,
        &PdfOptions {
            modified: Some(1_000_000_000),
            ..PdfOptions::default()
        },
    );
    assert!(dated != one);
    // The /ID is a hash of the file: the same twice, never the placeholder, and another for
    // another file.
    let id = |doc: &lopdf::Document| -> Vec<Vec<u8>> {
        doc.trailer
            .get(b"ID")
            .and_then(|id| id.as_array())
            .expect("an /ID")
            .iter()
            .map(|part| part.as_str().expect("a string").to_vec())
            .collect()
    };
    let dated_id = id(&doc);
    let first_id = id(&lopdf::Document::load_mem(&one).unwrap());
    assert_eq!(dated_id.len(), 2);
    assert_eq!(dated_id[0], dated_id[1]);
    assert_eq!(dated_id[0].len(), 16);
    assert!(dated_id[0].iter().any(|&b| b != dated_id[0][0]));
    assert_ne!(dated_id, first_id);
    // Objects other than streams are packed into compressed object streams.
    assert!(
        one.windows(12)
            .any(|w| w == b"/Type/ObjStm" || w == b"/Type /ObjSt"),
        "object streams"
    );
    let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
    let created = info.get(b"CreationDate").unwrap().as_str().unwrap();
    assert!(
        String::from_utf8_lossy(created).contains("20010909"),
        "{}",
        String::from_utf8_lossy(created)
    );
}

#[test]
fn a_book_gets_a_title_page_roman_labels_and_chapters_on_new_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.md");
    let chapter = "Words in a chapter. ".repeat(40);
    std::fs::write(
        &path,
        format!(
            "---\ntitle: A Book\nauthor: Ann\n---\n\n# One\n\n{chapter}\n\n# Two\n\n{chapter}\n"
        ),
    )
    .unwrap();
    let (_, doc) = write(&read(&path), &PdfOptions::default());
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert!(
        pages.len() >= 6,
        "title page, contents, blanks and two chapters"
    );
    let text = |p: u32| letters(&doc.extract_text(&[p]).unwrap());
    let first = text(pages[0]);
    assert!(
        first.starts_with("abook") && !first.contains("words"),
        "{first}"
    );
    // In print the contents and each chapter open on right-hand pages; left ones stay blank.
    assert!(text(pages[1]).is_empty(), "{}", text(pages[1]));
    assert!(text(pages[2]).starts_with("contents"), "{}", text(pages[2]));
    assert!(text(pages[3]).is_empty(), "{}", text(pages[3]));
    assert!(text(pages[4]).starts_with("one"), "{}", text(pages[4]));
    assert!(
        pages.iter().any(|&p| text(p).starts_with("two")),
        "chapter two opens a page"
    );
    let catalog = doc.catalog().unwrap();
    let labels = dict(&doc, catalog.get(b"PageLabels").unwrap());
    let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
    assert_eq!(
        name(dict(&doc, &nums[1]).get(b"S").unwrap()),
        "r",
        "the title page is numbered in roman"
    );
}

#[test]
fn lists_and_tasks_need_no_glyph_the_fonts_lack() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lists.md");
    std::fs::write(
        &path,
        "# Lists\n\n- [ ] open\n- [x] done\n\n1. one\n2. two\n\n- bullet\n  - nested\n",
    )
    .unwrap();
    let written = pdf::write(&read(&path), &PdfOptions::default()).unwrap();
    let missing: Vec<_> = written
        .warnings
        .iter()
        .filter(|w| w.message.contains("no font has"))
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn block_quotes_may_be_set_in_italic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quote.md");
    std::fs::write(&path, "# Q\n\nPlain text.\n\n> A quoted line.\n").unwrap();
    let manuscript = read(&path);
    let italic_fonts = |options: &PdfOptions| {
        let (_, doc) = write(&manuscript, options);
        let pages: Vec<_> = doc.get_pages().values().copied().collect();
        doc.get_page_fonts(pages[0])
            .unwrap()
            .values()
            .filter(|f| name(f.get(b"BaseFont").unwrap()).contains("Italic"))
            .count()
    };
    assert_eq!(italic_fonts(&PdfOptions::default()), 0);
    assert_eq!(
        italic_fonts(&PdfOptions {
            italic_quotes: true,
            ..PdfOptions::default()
        }),
        1
    );
}
