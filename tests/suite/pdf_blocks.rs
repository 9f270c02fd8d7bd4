//! The PDF's blocks beyond paragraphs, read back with lopdf: highlighted code, long listings,
//! the contents page, unresolved links, quotes, breaks, math and definitions.

use folio::diagnostics::Diagnostic;
use folio::pdf::PdfOptions;
use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};
use std::collections::BTreeSet;

use crate::common;

use common::pdf::{dict, typeset};
use std::path::Path;

/// The PDF of `markdown`, with every warning it gave.
fn build(markdown: &str, options: &PdfOptions) -> (Document, Vec<Diagnostic>) {
    let typeset = typeset(Path::new("doc.md"), markdown, options);
    (typeset.doc, typeset.warnings)
}

fn pages(doc: &Document) -> Vec<ObjectId> {
    doc.get_pages().values().copied().collect()
}

/// A page's text. lopdf's extractor drops the gaps between words, so titles are compared
/// without spaces.
fn text(doc: &Document, page: usize) -> String {
    let number = *doc.get_pages().keys().nth(page).unwrap();
    doc.extract_text(&[number]).unwrap()
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The first page of the body, from the page labels (roman before it, decimal from it).
fn first_body_page(doc: &Document) -> usize {
    let catalog = doc.catalog().unwrap();
    let labels = dict(doc, catalog.get(b"PageLabels").unwrap());
    let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
    nums[nums.len() - 2].as_i64().unwrap() as usize
}

fn all_text(doc: &Document) -> String {
    (0..pages(doc).len()).map(|p| text(doc, p)).collect()
}

/// The link annotations of a page, as the page each internal one goes to (`None` for a URI).
fn links(doc: &Document, page: ObjectId) -> Vec<Option<ObjectId>> {
    let page = doc.get_dictionary(page).unwrap();
    let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) else {
        return Vec::new();
    };
    annots
        .iter()
        .map(|annot| {
            let action = dict(doc, dict(doc, annot).get(b"A").unwrap());
            action
                .get(b"D")
                .and_then(Object::as_array)
                .ok()
                .and_then(|dest| dest.first()?.as_reference().ok())
        })
        .collect()
}

fn book(chapters: &[&str], paragraphs: usize) -> String {
    let prose = "Words of a chapter, long enough to fill the page in good time. ".repeat(12);
    let mut md = String::from("---\ntitle: A Book\n---\n\n");
    for title in chapters {
        md.push_str(&format!("# {title}\n\n"));
        for _ in 0..paragraphs {
            md.push_str(&format!("{prose}\n\n"));
        }
        md.push_str(&format!("## A Section of {title}\n\n{prose}\n\n"));
    }
    md
}

#[test]
fn code_is_coloured_and_its_text_survives() {
    let md = "# Code\n\n```rust\n// say hello\nfn main() {\n    let greeting = \"hello\";\n    println!(\"{greeting} {}\", 42);\n}\n```\n";
    let (doc, _) = build(md, &PdfOptions::default());
    let page = pages(&doc)[0];
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    let colours: BTreeSet<String> = content
        .operations
        .iter()
        .filter(|op| op.operator == "rg" || op.operator == "g")
        .map(|op| format!("{} {:?}", op.operator, op.operands))
        .collect();
    assert!(
        colours.len() >= 3,
        "black and at least two inks: {colours:?}"
    );
    assert!(
        content.operations.iter().any(|op| op.operator == "rg"),
        "some ink is a colour"
    );
    let text = text(&doc, 0);
    for word in [
        "say", "hello", "fn", "main", "let", "greeting", "println", "42",
    ] {
        assert!(text.contains(word), "{word} in {text}");
    }
}

#[test]
fn a_listing_longer_than_a_page_goes_on_over_the_next() {
    let lines: String = (1..=150)
        .map(|n| format!("let value_{n} = {n};\n"))
        .collect();
    let md = format!("# Long\n\nBefore.\n\n```rust\n{lines}```\n\nAfter.\n");
    let (doc, warnings) = build(&md, &PdfOptions::default());
    assert!(pages(&doc).len() >= 3, "150 lines need several pages");
    let first = text(&doc, 0);
    let second = text(&doc, 1);
    assert!(first.contains("value_1 ") || first.contains("value_1="));
    assert!(second.contains("value_"), "{second}");
    let everything = all_text(&doc);
    for n in [1, 75, 150] {
        assert!(everything.contains(&format!("value_{n}")), "line {n}");
    }
    assert!(
        !warnings
            .iter()
            .any(|w| w.message.contains("could not avoid")),
        "{warnings:?}"
    );
}

#[test]
fn the_contents_lists_each_chapter_at_the_page_it_lands_on() {
    let chapters = ["Alpha Opening", "Beta Middle", "Gamma Ending"];
    let (doc, _) = build(&book(&chapters, 5), &PdfOptions::default());
    let pages = pages(&doc);
    // Title page, its blank back, then the contents on a right-hand page.
    let contents = squeeze(&text(&doc, 2));
    assert!(contents.starts_with("Contents"), "{contents}");
    let first_body = first_body_page(&doc);
    assert_eq!(first_body % 2, 0, "the body opens on a right-hand page");
    let targets = links(&doc, pages[2]);
    for title in chapters {
        let title = squeeze(title);
        let landed = (first_body..pages.len())
            .find(|&p| squeeze(&text(&doc, p)).starts_with(&title))
            .unwrap_or_else(|| panic!("{title} opens a page"));
        let after = &contents[contents.find(&title).expect(&title) + title.len()..];
        let leaders: String = after.chars().take_while(|c| !c.is_ascii_digit()).collect();
        assert!(
            leaders.len() > 3 && leaders.chars().all(|c| c == '.'),
            "{title}: {leaders:?}"
        );
        let number: usize = after[leaders.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap();
        assert_eq!(number, landed + 1 - first_body, "{title}");
        assert!(
            targets.contains(&Some(pages[landed])),
            "a contents link goes to {title}'s page"
        );
    }
    assert!(contents.contains("ASectionofBetaMiddle"), "level 2 listed");

    let catalog = doc.catalog().unwrap();
    let outlines = dict(&doc, catalog.get(b"Outlines").unwrap());
    let first = dict(&doc, outlines.get(b"First").unwrap());
    let title = lopdf::decode_text_string(first.get(b"Title").unwrap()).unwrap();
    assert_eq!(title, "Contents", "the contents is the first bookmark");

    let without = PdfOptions {
        toc: Some(false),
        ..PdfOptions::default()
    };
    let (plain, _) = build(&book(&chapters, 5), &without);
    assert!(
        (0..self::pages(&plain).len()).all(|p| !text(&plain, p).starts_with("Contents")),
        "--no-toc leaves it out"
    );
    assert!(squeeze(&text(&plain, 2)).starts_with("AlphaOpening"));
}

#[test]
fn short_articles_have_no_contents_unless_asked() {
    let md = "---\ntitle: Short\n---\n\n# One\n\nText.\n\n## Two\n\nMore text.\n";
    let (doc, _) = build(md, &PdfOptions::default());
    assert!(!all_text(&doc).contains("Contents"));
    let forced = PdfOptions {
        toc: Some(true),
        ..PdfOptions::default()
    };
    let (doc, _) = build(md, &forced);
    let front = text(&doc, 0);
    assert!(
        front.contains("Contents") && front.contains("Two"),
        "{front}"
    );
    let body = first_body_page(&doc);
    assert_eq!(
        body, 2,
        "a blank verso, so the body starts on a right-hand page"
    );
    assert!(text(&doc, 1).trim().is_empty());
    assert!(
        text(&doc, body).starts_with("One"),
        "the body starts a page"
    );
}

#[test]
fn unresolved_links_are_plain_text_with_one_warning_each() {
    let md = "# Links\n\nSee [the other chapter](ch02.html) and [a lost anchor](#nowhere) here.\n";
    let (doc, warnings) = build(md, &PdfOptions::default());
    let about = |needle: &str| {
        warnings
            .iter()
            .filter(|w| w.message.contains(needle))
            .count()
    };
    assert_eq!(about("ch02.html"), 1, "{warnings:?}");
    assert_eq!(about("nowhere"), 1, "{warnings:?}");
    assert!(links(&doc, pages(&doc)[0]).is_empty(), "no link annotation");
    let text = text(&doc, 0);
    assert!(text.contains("other") && text.contains("anchor"), "{text}");
}

#[test]
fn quotes_breaks_and_definitions_show_their_text_and_math_is_typeset() {
    let md = "# Blocks\n\nEuler wrote $e^{i\\pi}$ once.\n\n> Outer words.\n>\n> > Inner words.\n\nBefore the break.\n\n---\n\nAfter the break.\n\nTerm\n: Its definition.\n\n$$\nx^2 + y^2\n$$\n";
    let (doc, warnings) = build(md, &PdfOptions::default());
    let text = text(&doc, 0);
    for words in ["Outer", "Inner", "After", "Term", "definition"] {
        assert!(text.contains(words), "{words} in {text}");
    }
    // The formulas are typeset (tests/suite/math.rs): their TeX is not on the page.
    assert!(!text.contains("e^{i") && !text.contains("x^2"), "{text}");
    assert!(text.contains('*'), "the break's asterisks");
    assert!(
        !warnings.iter().any(|w| w.message.contains("no font has")),
        "{warnings:?}"
    );
}

#[test]
fn the_cli_turns_the_contents_off_and_numbers_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("book.md"), book(&["One", "Two"], 2)).unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["build", "book.md", "--to", "pdf", "-o", "out", "--force"];
        all.extend_from_slice(args);
        let output = common::folio(&all, dir.path());
        assert!(output.status.success(), "{}", common::stderr(&output));
        Document::load(dir.path().join("out/book.pdf")).unwrap()
    };
    let with = run(&["--line-numbers"]);
    let without = run(&["--no-toc"]);
    assert_eq!(
        pages(&with).len(),
        pages(&without).len() + 2,
        "one contents page on a right-hand page, and its blank back"
    );
    assert!(text(&with, 2).starts_with("Contents"));
}
