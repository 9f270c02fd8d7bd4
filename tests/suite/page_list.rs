//! The EPUB's page-list from the PDF's pages: each sample is laid out by the PDF backend, the
//! EPUB is written with the page starts that pagination gives, and the two files are read back
//! (the EPUB with zip and an XML parser, the PDF with lopdf) to check that every page mark sits
//! where its PDF page's text begins, between words, and that the navigation and the package say
//! so.

use crate::common;

use common::pdf::{letters, page_texts};
use folio::epub::{self, EpubOptions};
use folio::highlight::Highlights;
use folio::markdown::{self, ReadOptions};
use folio::pdf::{self, PdfOptions};
use roxmltree::{Document, Node, ParsingOptions};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

const OPS: &str = "http://www.idpf.org/2007/ops";

/// A book and its PDF, built from one model with the page-list.
struct Built {
    files: HashMap<String, String>,
    pdf: lopdf::Document,
}

fn build(path: &Path, markdown: &str, options: &PdfOptions) -> Built {
    let doc = markdown::read(
        path,
        markdown.as_bytes(),
        &ReadOptions::default(),
        &mut Vec::new(),
    )
    .expect("reads");
    let highlights = Highlights::of(&doc);
    let layout = pdf::lay_out(&doc, options, &highlights).expect("lays out");
    let starts = layout.page_starts();
    let book = epub::write_paged(&doc, &EpubOptions::default(), &highlights, &starts).unwrap();
    let pdf = layout.write().expect("writes");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book.bytes)).unwrap();
    let mut files = HashMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut text = String::new();
        if file.read_to_string(&mut text).is_ok() {
            files.insert(file.name().to_string(), text);
        }
    }
    Built {
        files,
        pdf: lopdf::Document::load_mem(&pdf.bytes).expect("parses"),
    }
}

fn sample(name: &str) -> (std::path::PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

/// `text` as XML; the pages have a doctype.
fn parse(text: &str) -> Document<'_> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options).expect("well-formed XML")
}

/// Elements whose text does not run on into the next one's.
const BLOCKS: &[&str] = &[
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "pre",
    "figure",
    "figcaption",
    "div",
    "dt",
    "dd",
    "blockquote",
    "header",
    "aside",
    "section",
    "tr",
];

/// A page's body text with a line end between blocks, and where each page mark stands in it.
fn text_and_marks(xhtml: &str) -> (String, Vec<(String, usize)>) {
    let doc = parse(xhtml);
    let body = doc
        .descendants()
        .find(|n| n.has_tag_name("body"))
        .expect("a body");
    let mut text = String::new();
    let mut marks = Vec::new();
    fn walk(node: Node, text: &mut String, marks: &mut Vec<(String, usize)>) {
        for child in node.children() {
            if child.is_text() {
                text.push_str(child.text().unwrap_or_default());
            } else if child.attribute((OPS, "type")) == Some("pagebreak") {
                assert_eq!(child.attribute("role"), Some("doc-pagebreak"));
                let label = child.attribute("aria-label").expect("a label").to_string();
                assert_eq!(
                    child.attribute("id"),
                    Some(format!("folio-page-{label}").as_str())
                );
                marks.push((label, text.len()));
            } else if child.is_element() {
                let block = BLOCKS.contains(&child.tag_name().name());
                if block {
                    text.push('\n');
                }
                walk(child, text, marks);
                if block {
                    text.push('\n');
                }
            }
        }
    }
    walk(body, &mut text, &mut marks);
    (text, marks)
}

/// The page index each label names, from the PDF's page labels (roman, then from 1).
fn page_of(pdf: &lopdf::Document, label: &str) -> usize {
    let catalog = pdf.catalog().unwrap();
    let labels = common::pdf::dict(pdf, catalog.get(b"PageLabels").unwrap());
    let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
    let first_body = nums
        .chunks(2)
        .find(|pair| {
            let style = common::pdf::dict(pdf, &pair[1]);
            style.get(b"S").unwrap().as_name().unwrap() == b"D"
        })
        .map_or(0, |pair| pair[0].as_i64().unwrap() as usize);
    let number: usize = label.parse().expect("body pages are numbered");
    first_body + number - 1
}

/// Checks every property of the page-list in `built`; returns how many marks it has.
fn check(built: &Built) -> usize {
    let pages = page_texts(&built.pdf);
    let nav = &built.files["OEBPS/nav.xhtml"];
    let nav = parse(nav);
    let list = nav
        .descendants()
        .find(|n| n.attribute((OPS, "type")) == Some("page-list"))
        .expect("a page-list nav");
    let links: Vec<(String, String)> = list
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            (
                a.attribute("href").unwrap().to_string(),
                a.text().unwrap().to_string(),
            )
        })
        .collect();
    assert!(!links.is_empty(), "no page is marked");
    let mut seen_pages = Vec::new();
    for (href, label) in &links {
        let (file, id) = href.split_once('#').expect("a fragment");
        let xhtml = &built.files[&format!("OEBPS/{file}")];
        let (text, marks) = text_and_marks(xhtml);
        let at = marks
            .iter()
            .find(|(l, _)| l == label)
            .unwrap_or_else(|| panic!("{href} leads nowhere"))
            .1;
        assert_eq!(id, format!("folio-page-{label}"));
        // Between words: white space (or nothing) before, a word after.
        let before = text[..at].chars().next_back();
        assert!(
            before.is_none_or(char::is_whitespace),
            "page {label} is marked inside a word: {:?}",
            &text[at.saturating_sub(20)..at]
        );
        let after = &text[at..];
        assert!(
            after.starts_with(|c: char| !c.is_whitespace()),
            "page {label} is not marked before a word: {:?}",
            &after[..after.len().min(20)]
        );
        // The words after the mark are the first on the PDF's page.
        let words: Vec<&str> = after.split_whitespace().take(3).collect();
        let page = page_of(&built.pdf, label);
        assert!(
            letters(&pages[page]).contains(&letters(&words.join(" "))),
            "page {label} (index {page}) does not hold {words:?}: {:?}",
            pages[page]
        );
        if page > 0 {
            assert!(
                !letters(&pages[page - 1]).ends_with(&letters(&words.join(""))),
                "{words:?} already ended the page before {label}"
            );
        }
        seen_pages.push(page);
    }
    assert!(
        seen_pages.windows(2).all(|w| w[0] < w[1]),
        "pages listed in order: {seen_pages:?}"
    );
    // The NCX lists the same pages, and the package declares them and their source.
    let ncx = parse(&built.files["OEBPS/toc.ncx"]);
    let targets: Vec<String> = ncx
        .descendants()
        .filter(|n| n.has_tag_name("pageTarget"))
        .map(|t| {
            let content = t.descendants().find(|n| n.has_tag_name("content")).unwrap();
            content.attribute("src").unwrap().to_string()
        })
        .collect();
    let hrefs: Vec<String> = links.iter().map(|(h, _)| h.clone()).collect();
    assert_eq!(targets, hrefs);
    let opf = &built.files["OEBPS/content.opf"];
    for feature in ["printPageNumbers", "pageBreakMarkers", "pageNavigation"] {
        assert!(
            opf.contains(&format!(
                "<meta property=\"schema:accessibilityFeature\">{feature}</meta>"
            )),
            "{feature} not declared"
        );
    }
    assert!(opf.contains("<dc:source id=\"pagination\">"));
    assert!(opf.contains("<meta refines=\"#pagination\" property=\"source-of\">pagination</meta>"));
    links.len()
}

#[test]
fn the_samples_mark_each_pdf_page_where_its_text_begins() {
    let mut marks = 0;
    for name in ["river-of-light.md", "night-shift.md", "three-voices.md"] {
        let (path, text) = sample(name);
        for page in ["a5", "5.5x8.5in"] {
            let options = PdfOptions {
                page: folio::style::PageSize::parse(page).unwrap(),
                ..PdfOptions::default()
            };
            marks += check(&build(&path, &text, &options));
        }
    }
    assert!(marks > 12, "the samples must span pages: {marks} marks");
}

#[test]
fn pages_that_begin_in_a_table_a_listing_or_a_book_chapter_are_marked_there() {
    let mut text = String::from("# One\n\nOpening words of the first chapter.\n\n");
    text.push_str("| Key | Value |\n| --- | --- |\n");
    for row in 0..120 {
        text.push_str(&format!("| row{row} | cell{row} text |\n"));
    }
    text.push_str("\n# Two\n\n```rust\n");
    for line in 0..150 {
        text.push_str(&format!("let line{line} = {line};\n"));
    }
    text.push_str("```\n\nClosing words, *emphasised* and `coded`, after the listing.\n");
    let built = build(Path::new("book.md"), &text, &PdfOptions::default());
    let marks = check(&built);
    assert!(marks >= 5, "{marks} marks");
    let chapters: String = (built.files.iter())
        .filter(|(name, _)| name.starts_with("OEBPS/chapter-"))
        .map(|(_, text)| text.as_str())
        .collect();
    assert!(
        chapters.contains("<td><span epub:type=\"pagebreak\""),
        "a page inside the table is marked in its row's first cell"
    );
    assert!(
        chapters.contains("\n<span epub:type=\"pagebreak\""),
        "a page inside the listing is marked at its line's start"
    );
}

#[test]
fn a_table_divided_across_files_marks_the_pages_of_every_run_of_its_rows() {
    let mut text = String::from("# Rows\n\nA table too large for one file of the book.\n\n");
    text.push_str("| Key | Value | Note |\n| --- | --- | --- |\n");
    // About 220 bytes of XHTML a row: 3,300 rows fill three files.
    let words = "words that fill the cell of the row";
    for row in 0..3300 {
        text.push_str(&format!(
            "| row{row} | value {row}, {words} | the note to row {row}, {words} {words} |\n"
        ));
    }
    text.push_str("\nClosing words after the table.\n");
    let built = build(Path::new("table.md"), &text, &PdfOptions::default());
    let files = (built.files.keys())
        .filter(|name| name.starts_with("OEBPS/chapter-"))
        .count();
    let marks = check(&built);
    let pages = built.pdf.get_pages().len();
    assert!(files >= 3, "the table is divided across files: {files}");
    assert!(
        marks * 10 >= pages * 9,
        "{marks} marks for {pages} pages: at least 90 % are marked"
    );
}
