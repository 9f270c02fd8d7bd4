//! The PDF writer's file as a whole, from a small manuscript: fonts, catalog, outline, links,
//! Info, determinism, and what poppler reads back. (These were the writer's in-file tests; they
//! now go through the public entry, as a user's manuscript does.)

use crate::common;

use common::pdf::{Typeset, dict, letters, typeset};
use folio::pdf::{FontOptions, PdfOptions};
use lopdf::{Document, Object};
use std::path::Path;

/// The lines of running text and of code the sample shows, in order: ligatures, curly quotes,
/// Cyrillic and Tajik letters, in the serif and in the mono face (whose Tajik letters come from
/// the serif).
const LINES: [&str; 5] = [
    "Office affine “fluffy” waffles",
    "Hello, world",
    "Душанбе ғӣқӯҳҷ",
    "fn main() -> x != y",
    "код ӣӯҳ",
];

/// Two chapters, the first with two sections (the first with a level-4 heading below it), three
/// links (to the web, to a heading, to no id), the title and authors in front matter.
const SAMPLE: &str = "---
title: Sample — Пример
author: [A. Author, B. Author]
lang: en
---

# Chapter one

Office affine “fluffy” waffles

Hello, world

Душанбе ғӣқӯҳҷ

```text
fn main() -> x != y
код ӣӯҳ
```

[The web](<https://example.org/ü space>), [the second part](#section-two) and
[nowhere](#nowhere).

## Раздел

Words.

#### Deep

Words.

## Section two

Words.

# Appendix

Words.
";

/// Without a contents page, so that the outline holds only the headings.
fn options() -> PdfOptions {
    PdfOptions {
        modified: Some(1_700_000_000),
        toc: Some(false),
        ..PdfOptions::default()
    }
}

fn sample(options: &PdfOptions) -> Typeset {
    typeset(Path::new("sample.md"), SAMPLE, options)
}

/// A text string as written: UTF-16BE after a byte order mark, or bytes as they are.
fn text(object: &Object) -> String {
    let Object::String(bytes, _) = object else {
        panic!("not a string: {object:?}")
    };
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => char::decode_utf16(
            utf16
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]])),
        )
        .map(|c| c.expect("valid UTF-16"))
        .collect(),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn integer(dict: &lopdf::Dictionary, key: &[u8]) -> i64 {
    dict.get(key).and_then(Object::as_i64).expect("an integer")
}

#[test]
fn writes_a_complete_deterministic_pdf() {
    let Typeset { bytes, doc, .. } = sample(&options());
    assert_eq!(bytes, sample(&options()).bytes, "deterministic");
    assert!(bytes.starts_with(b"%PDF-1.7"));

    // Fonts: Type0 over subset TrueType, with ToUnicode, /W and a measured cap height.
    let pages = doc.get_pages();
    let mut fonts = 0;
    for &page in pages.values() {
        for (_, font) in doc.get_page_fonts(page).expect("fonts") {
            fonts += 1;
            assert_eq!(
                font.get(b"Subtype").and_then(Object::as_name).ok(),
                Some(&b"Type0"[..])
            );
            let name = font
                .get(b"BaseFont")
                .and_then(Object::as_name)
                .expect("name");
            assert_eq!(
                name.get(6),
                Some(&b'+'),
                "{}",
                String::from_utf8_lossy(name)
            );
            assert!(font.has(b"ToUnicode"));
            let descendants = font
                .get(b"DescendantFonts")
                .and_then(Object::as_array)
                .expect("descendants");
            let cid = dict(&doc, &descendants[0]);
            assert!(cid.has(b"W"));
            let descriptor = dict(&doc, cid.get(b"FontDescriptor").expect("descriptor"));
            assert!(descriptor.has(b"FontFile2"));
            assert!(integer(descriptor, b"CapHeight") > 500);
        }
    }
    assert!(fonts >= 2, "the serif and the mono face at least");

    let catalog = doc.catalog().expect("catalog");
    assert!(matches!(catalog.get(b"Lang"), Ok(Object::String(s, _)) if s == b"en"));
    assert!(catalog.has(b"PageLabels"));
    assert_eq!(
        catalog.get(b"PageMode").and_then(Object::as_name).ok(),
        Some(&b"UseOutlines"[..])
    );
    // The chapters are open, their sections closed.
    let outlines = dict(&doc, catalog.get(b"Outlines").expect("outlines"));
    let chapter = dict(&doc, outlines.get(b"First").expect("first"));
    assert_eq!(text(chapter.get(b"Title").expect("title")), "Chapter one");
    assert_eq!(integer(chapter, b"Count"), 2, "Раздел and Section two");
    let section = dict(&doc, chapter.get(b"First").expect("nested first"));
    assert_eq!(text(section.get(b"Title").expect("title")), "Раздел");
    assert_eq!(integer(section, b"Count"), -1, "closed, over Deep");
    let deep = dict(&doc, section.get(b"First").expect("deep"));
    assert!(deep.has(b"Dest"));
    let last = dict(&doc, outlines.get(b"Last").expect("last"));
    assert_eq!(text(last.get(b"Title").expect("title")), "Appendix");
    let chapters = std::iter::successors(Some(chapter), |entry| {
        entry.get(b"Next").ok().map(|next| dict(&doc, next))
    })
    .count() as i64;
    assert_eq!(
        integer(outlines, b"Count"),
        chapters + 2,
        "chapters and open sections"
    );

    // Links: the web address percent-encoded, the heading's page as the destination, the link
    // to no id dropped; every annotation borderless and printable.
    let annots: Vec<&Object> = (pages.iter())
        .flat_map(|(_, &page)| {
            let page = doc.get_dictionary(page).expect("page");
            let annots = page.get(b"Annots").and_then(Object::as_array).ok();
            annots.into_iter().flatten()
        })
        .collect();
    assert_eq!(annots.len(), 2, "the link to an unknown id is dropped");
    let uri = dict(&doc, annots[0]);
    let border: Vec<i64> = (uri.get(b"Border").and_then(Object::as_array))
        .expect("border")
        .iter()
        .filter_map(|o| o.as_i64().ok())
        .collect();
    assert_eq!(border, [0, 0, 0]);
    let action = dict(&doc, uri.get(b"A").expect("action"));
    assert!(
        matches!(action.get(b"URI"), Ok(Object::String(s, _)) if s == b"https://example.org/%C3%BC%20space")
    );
    let goto = dict(&doc, dict(&doc, annots[1]).get(b"A").expect("action"));
    let dest = goto.get(b"D").and_then(Object::as_array).expect("dest");
    let section_two: Vec<Object> = (pages.iter())
        .filter(|&(&number, _)| {
            letters(&doc.extract_text(&[number]).unwrap_or_default()).contains("sectiontwo")
        })
        .map(|(_, &page)| Object::Reference(page))
        .collect();
    assert_eq!(section_two.len(), 1, "one page shows the heading");
    assert_eq!(dest.first(), section_two.first());
    for annot in &annots {
        let flags = dict(&doc, annot).get(b"F").and_then(Object::as_i64);
        assert_eq!(flags.ok(), Some(4), "printable");
    }
    for &page in pages.values() {
        let page = doc.get_dictionary(page).expect("page");
        if let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) {
            assert!(!annots.is_empty(), "no empty /Annots");
        }
    }

    let info = dict(&doc, doc.trailer.get(b"Info").expect("info"));
    let entry = |key: &[u8]| text(info.get(key).expect("info entry"));
    assert_eq!(entry(b"Author"), "A. Author, B. Author");
    assert_eq!(entry(b"Title"), "Sample — Пример");
    assert_eq!(entry(b"CreationDate"), "D:20231114221320+00'00'");
    assert!(!info.has(b"Keywords") && !info.has(b"Trapped") && !info.has(b"Identifier"));
}

/// The file is printpdf's: its page boxes, shared resource dictionaries, page layout and
/// inline CIDFont with a default width are how printpdf writes, not how folio would.
#[test]
fn printpdf_writes_the_document() {
    let doc = sample(&options()).doc;
    let catalog = doc.catalog().expect("catalog");
    assert_eq!(
        catalog.get(b"PageLayout").and_then(Object::as_name).ok(),
        Some(&b"OneColumn"[..])
    );
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).expect("page");
        assert!(page.has(b"TrimBox") && page.has(b"CropBox"));
        let resources = dict(&doc, page.get(b"Resources").expect("resources"));
        assert!(resources.has(b"ExtGState") && resources.has(b"Shading"));
        let fonts = dict(&doc, resources.get(b"Font").expect("fonts"));
        for (_, font) in fonts.iter() {
            let descendants = dict(&doc, font).get(b"DescendantFonts");
            let cid = descendants
                .and_then(Object::as_array)
                .expect("descendants")
                .first()
                .and_then(|c| c.as_dict().ok())
                .expect("inline CIDFont");
            assert_eq!(cid.get(b"DW").and_then(Object::as_i64).ok(), Some(1000));
        }
    }
}

/// pdftotext and pdffonts from poppler, when installed, must read back exactly what was set.
#[test]
fn poppler_reads_back_the_text() {
    let bytes = sample(&options()).bytes;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sample.pdf");
    std::fs::write(&path, &bytes).expect("written");
    let run = |tool: &str, args: &[&str]| {
        std::process::Command::new(tool)
            .args(args)
            .arg(&path)
            .args(["-"])
            .output()
            .ok()
    };
    let Some(text) = run("pdftotext", &["-enc", "UTF-8"]) else {
        eprintln!("pdftotext not installed: skipping the poppler check");
        return;
    };
    let text = String::from_utf8(text.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut at = 0;
    for expected in LINES {
        let found = lines[at..].iter().position(|line| *line == expected);
        at += found.unwrap_or_else(|| panic!("{expected:?} is not a line of {text}")) + 1;
    }
    let Some(listing) = std::process::Command::new("pdffonts")
        .arg(&path)
        .output()
        .ok()
    else {
        return;
    };
    let listing = String::from_utf8_lossy(&listing.stdout).into_owned();
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(rows.len() >= 2, "{listing}");
    for row in rows {
        // Gentium (also for the Tajik letters in code) and JetBrains Mono, nothing else.
        assert!(
            row.contains("Gentium") || row.contains("JetBrains"),
            "{row}"
        );
        assert!(
            row.contains("CID TrueType") && row.contains("Identity-H"),
            "{row}"
        );
        assert!(
            row.contains("yes yes yes"),
            "embedded, subset, ToUnicode: {row}"
        );
    }
}

/// CFF outlines go in as a bare CFF program (FontFile3 /CIDFontType0C). No CFF font is bundled,
/// so this uses the URW fonts where installed (Debian's fonts-urw-base35) and skips otherwise.
#[test]
fn cff_fonts_embed_as_cid_type0c() {
    let dir = std::path::PathBuf::from("/usr/share/fonts/opentype/urw-base35");
    if !dir.join("P052-Roman.otf").exists() {
        eprintln!("no URW CFF fonts installed: skipping");
        return;
    }
    let options = PdfOptions {
        fonts: FontOptions {
            font_dirs: vec![dir],
            main_font: Some("P052".into()),
            ..FontOptions::default()
        },
        ..PdfOptions::default()
    };
    let doc: Document = typeset(Path::new("cff.md"), "Office\n", &options).doc;
    let file = doc.objects.values().find_map(|o| match o {
        Object::Stream(s) => s
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|n| n.as_name().ok())
            .map(<[u8]>::to_vec),
        _ => None,
    });
    assert_eq!(file.as_deref(), Some(&b"CIDFontType0C"[..]));
}
