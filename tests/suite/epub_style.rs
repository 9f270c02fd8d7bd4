//! The EPUB's stylesheet as a reading system gets it: taken out of a built book and parsed into
//! rules, it must carry the style the PDF is set in (heading scale, faces, quotes, code inks)
//! and follow the options that change it, from the library and from the command line alike.

use crate::common::folio;
use folio::epub::{self, EpubOptions};
use folio::markdown::{self, ReadOptions};
use folio::pdf::PdfOptions;
use folio::style::{Color, Style};
use std::io::Read;
use std::path::Path;

const MANUSCRIPT: &str = "---
title: Styled
---

# A chapter

Text with `code`.

> A quotation.

```rust
fn main() { let answer = 42; }
```
";

/// The stylesheet of an EPUB's bytes.
fn stylesheet_of(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut css = String::new();
    (archive.by_name("OEBPS/stylesheet.css").unwrap())
        .read_to_string(&mut css)
        .unwrap();
    css
}

/// The stylesheet of the EPUB written from MANUSCRIPT with `options`.
fn stylesheet(options: &EpubOptions) -> String {
    let path = Path::new("styled.md");
    let mut diagnostics = Vec::new();
    let doc = markdown::read(
        path,
        MANUSCRIPT.as_bytes(),
        &ReadOptions::default(),
        &mut diagnostics,
    )
    .unwrap();
    stylesheet_of(&epub::write(&doc, options).unwrap().bytes)
}

/// The declarations of the rule whose selector list includes `selector`, merged in order.
fn declarations(css: &str, selector: &str) -> Vec<(String, String)> {
    let mut text = css.to_string();
    while let Some(start) = text.find("/*") {
        let end = text[start..].find("*/").unwrap() + start + 2;
        text.replace_range(start..end, "");
    }
    let mut found = Vec::new();
    for rule in text.split('}') {
        let Some((selectors, body)) = rule.split_once('{') else {
            continue;
        };
        if selectors.split(',').any(|s| s.trim() == selector) {
            for declaration in body.split(';') {
                if let Some((property, value)) = declaration.split_once(':') {
                    found.push((property.trim().to_string(), value.trim().to_string()));
                }
            }
        }
    }
    assert!(!found.is_empty(), "no rule for {selector} in\n{css}");
    found
}

/// The value `selector` last gives `property`.
fn value(css: &str, selector: &str, property: &str) -> Option<String> {
    (declarations(css, selector).into_iter().rev())
        .find(|(p, _)| p == property)
        .map(|(_, v)| v)
}

fn hex(color: Color) -> String {
    color.hex()
}

#[test]
fn the_stylesheet_carries_the_pdfs_classic_design() {
    let css = stylesheet(&EpubOptions::default());
    let style = Style::classic();
    for (selector, size) in [
        ("h1", "1.75em"),
        ("h2", "1.4em"),
        ("h3", "1.15em"),
        ("h4", "1em"),
    ] {
        assert_eq!(value(&css, selector, "font-size").as_deref(), Some(size));
        assert_eq!(
            value(&css, selector, "font-weight").as_deref(),
            Some("bold")
        );
    }
    assert_eq!(value(&css, "h4", "font-style").as_deref(), Some("italic"));
    let face = value(&css, "body", "font-family").unwrap();
    assert!(face.starts_with("\"Gentium Book Plus\""), "{face}");
    assert_eq!(value(&css, "body", "line-height").as_deref(), Some("1.25"));
    assert_eq!(value(&css, "blockquote", "font-style"), None);
    let inks = style.code.highlight;
    for (selector, ink) in [
        (".hl-keyword", inks.keyword),
        (".hl-constant", inks.constant),
        (".hl-entity", inks.name),
        (".hl-string", inks.string),
        (".hl-comment", inks.comment),
    ] {
        assert_eq!(value(&css, selector, "color"), Some(hex(ink.value.color)));
        let weight = value(&css, selector, "font-weight");
        assert_eq!(weight.is_some(), ink.value.bold, "{selector}");
    }
    assert_eq!(value(&css, ".hl-comment", "font-style"), None);
    // Listings are framed by a rule: no background colour fights a reader's night mode.
    assert!(!css.contains("background"));
    let frame = value(&css, "pre.code", "border-left").unwrap();
    assert!(frame.ends_with(&hex(style.colors.rule.value)), "{frame}");
    assert_eq!(
        value(&css, "p + p", "text-indent").as_deref(),
        Some("1.5em")
    );
}

#[test]
fn the_stylesheet_follows_the_pdf_options() {
    let options = PdfOptions {
        italic_quotes: true,
        paragraphs: folio::style::ParagraphStyle::Spacing,
        ..PdfOptions::default()
    };
    let css = stylesheet(&EpubOptions {
        style: options.style(),
        ..EpubOptions::default()
    });
    assert_eq!(
        value(&css, "blockquote", "font-style").as_deref(),
        Some("italic")
    );
    assert_eq!(
        value(&css, "blockquote em", "font-style").as_deref(),
        Some("normal")
    );
    assert_eq!(value(&css, "p", "margin").as_deref(), Some("0 0 0.625em 0"));
    assert_eq!(value(&css, "p + p", "text-indent").as_deref(), Some("0"));
}

#[test]
fn italic_quotes_on_the_command_line_reach_the_epub() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("styled.md"), MANUSCRIPT).unwrap();
    let italic = |flags: &[&str]| {
        let mut args = vec!["-q", "build", "styled.md", "--to", "epub", "-o", "out"];
        args.extend(flags);
        let output = folio(&args, dir.path());
        assert!(output.status.success(), "{output:?}");
        let css = stylesheet_of(&std::fs::read(dir.path().join("out/styled.epub")).unwrap());
        value(&css, "blockquote", "font-style")
    };
    assert_eq!(italic(&[]), None);
    assert_eq!(italic(&["--italic-quotes"]).as_deref(), Some("italic"));
}
