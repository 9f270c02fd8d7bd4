//! What each fuzz target checks, shared with `tests/suite/fuzz_regressions.rs`, which runs every input
//! that once failed a target through the same check. Each function takes the fuzzer's bytes and
//! panics only when folio breaks a promise: a panic of its own, an output that does not parse,
//! an EPUB whose package and navigation disagree, or an image decision that changes its mind.

// Each fuzz target uses one of these functions.
#![allow(dead_code)]

use folio::diagnostics::Diagnostic;
use folio::epub::{self, EpubOptions};
use folio::image_check::{self, Checked};
use folio::markdown::{self, ReadOptions};
use folio::model::Document;
use folio::pdf::{self, PdfOptions};
use folio::resources::ImageFormat;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

/// Where fuzzed manuscripts claim to live: a folder that does not exist, so every image they
/// name is missing and nothing on disk is read.
const NOWHERE: &str = "/nonexistent-folio-fuzz/doc.md";

/// Reads `data` as a manuscript. Bad input may be refused, never crash.
pub fn read(data: &[u8]) -> Option<Document> {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    markdown::read(
        Path::new(NOWHERE),
        data,
        &ReadOptions::default(),
        &mut diagnostics,
    )
    .ok()
}

/// Markdown → model.
pub fn markdown(data: &[u8]) {
    read(data);
}

/// Front matter: `data` as the YAML between the `---` lines of an otherwise plain manuscript.
pub fn front_matter(data: &[u8]) {
    let mut manuscript = b"---\n".to_vec();
    manuscript.extend_from_slice(data);
    manuscript.extend_from_slice(b"\n---\n\n# Heading\n\nText.\n");
    read(&manuscript);
}

/// Markdown → model → EPUB: every XML file parses, and the package, the navigation and the
/// archive agree.
pub fn epub(data: &[u8]) {
    let Some(doc) = read(data) else { return };
    let book = epub::write(&doc, &EpubOptions::default()).expect("a read document gives an EPUB");
    check_epub(&book.bytes);
}

/// Markdown → model → PDF: lopdf loads it and it has a page.
pub fn pdf(data: &[u8]) {
    let Some(doc) = read(data) else { return };
    let written = pdf::write(&doc, &PdfOptions::default()).expect("a read document gives a PDF");
    let loaded = lopdf::Document::load_mem(&written.bytes).expect("lopdf loads the PDF");
    assert!(!loaded.get_pages().is_empty(), "a PDF without pages");
}

/// A book's folder: the first byte chooses `folio.toml` or mdBook's `book.toml`; the rest is
/// that file and, after the first 0xFF byte, `SUMMARY.md`. One chapter file exists to be named.
pub fn book(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let (config, summary) = match rest.iter().position(|&b| b == 0xFF) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    let write = |path: &str, bytes: &[u8]| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    if kind % 2 == 0 {
        write("folio.toml", config);
        write("chapter.md", b"# A chapter\n\nText.\n");
    } else {
        write("book.toml", config);
        write("src/SUMMARY.md", summary);
        write("src/chapter.md", b"# A chapter\n\nText.\n");
    }
    let mut diagnostics = Vec::new();
    if let Ok(book) = folio::book::read(root, &ReadOptions::default(), &mut diagnostics) {
        let written = epub::write(&book.document, &EpubOptions::default())
            .expect("a read book gives an EPUB");
        check_epub(&written.bytes);
    }
}

/// An image through the shared decision: what is kept is kept again unchanged (an SVG's clean
/// copy is already clean), and an SVG kept parses as XML.
pub fn image(data: &[u8]) {
    let Ok(Checked { format, bytes }) = image_check::check(data.to_vec()) else {
        return;
    };
    if format == ImageFormat::Svg {
        let text = std::str::from_utf8(&bytes).expect("the clean copy is UTF-8");
        roxmltree::Document::parse(text).expect("the clean copy is XML");
    }
    let again = image_check::check(bytes.clone()).expect("what was kept is kept again");
    assert_eq!(again.format, format);
    assert_eq!(
        again.bytes, bytes,
        "the clean copy changed when cleaned again"
    );
}

/// Every XML file of the EPUB parses; every manifest item is in the archive; every page the
/// navigation links to is in the manifest.
pub fn check_epub(bytes: &[u8]) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the EPUB is a zip");
    let mut files = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        files.insert(entry.name().to_string(), content);
    }
    let options = || roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    for (name, content) in &files {
        if [".xhtml", ".opf", ".ncx", ".xml", ".svg"]
            .iter()
            .any(|x| name.ends_with(x))
        {
            let text = std::str::from_utf8(content).expect("XML files are UTF-8");
            roxmltree::Document::parse_with_options(text, options())
                .unwrap_or_else(|e| panic!("{name} is not XML: {e}"));
        }
    }
    let (opf_name, opf) = files
        .iter()
        .find(|(name, _)| name.ends_with(".opf"))
        .expect("a package document");
    let folder = opf_name.rsplit_once('/').map_or("", |(dir, _)| dir);
    let inside = |href: &str| {
        let href = href.split('#').next().unwrap_or_default();
        if folder.is_empty() {
            href.to_string()
        } else {
            format!("{folder}/{href}")
        }
    };
    let opf = roxmltree::Document::parse_with_options(std::str::from_utf8(opf).unwrap(), options())
        .unwrap();
    let mut manifest = BTreeSet::new();
    let mut nav = None;
    for item in opf.descendants().filter(|n| n.has_tag_name("item")) {
        let href = inside(item.attribute("href").expect("an item's href"));
        assert!(
            files.contains_key(&href),
            "{href} is in the manifest, not the archive"
        );
        if item
            .attribute("properties")
            .is_some_and(|p| p.split(' ').any(|p| p == "nav"))
        {
            nav = Some(href.clone());
        }
        manifest.insert(href);
    }
    let nav = nav.expect("a navigation document");
    let nav_folder = nav.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
    let nav_text = std::str::from_utf8(&files[&nav]).unwrap();
    let nav_doc = roxmltree::Document::parse_with_options(nav_text, options()).unwrap();
    for link in nav_doc.descendants().filter(|n| n.has_tag_name("a")) {
        let Some(href) = link.attribute("href") else {
            continue;
        };
        let page = href.split('#').next().unwrap_or_default();
        if page.is_empty() {
            continue;
        }
        let target = if nav_folder.is_empty() {
            page.to_string()
        } else {
            format!("{nav_folder}/{page}")
        };
        assert!(
            manifest.contains(&target),
            "the navigation links to {target}, which is not in the manifest"
        );
    }
}
