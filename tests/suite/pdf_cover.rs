//! `folio cover`: the sheet's size from the printer's formula, spine text only on a spine wide
//! enough for it, the cover image over the front and its bleed, and the command itself.

use crate::common;

use common::pdf::{numbers, page_draws};
use folio::markdown::{self, ReadOptions};
use folio::model::Document as Manuscript;
use folio::pdf::cover::{CoverOptions, Paper, write_cover};
use folio::pdf::{self, PdfOptions};
use folio::style::PageSize;
use folio::style::print::{COVER_BLEED, SPINE_TEXT_MIN};
use lopdf::Document;
use std::path::Path;

const MANUSCRIPT: &str = "---
title: Keeping Bees
author: Mira Okafor
description: A year with three hives on a city roof.
---

# Spring

The bees wake when the willows flower.
";

const TRADE: PageSize = PageSize {
    width: 432.0,
    height: 648.0,
};

fn read(path: &Path, text: &str) -> Manuscript {
    markdown::read(
        path,
        text.as_bytes(),
        &ReadOptions::default(),
        &mut Vec::new(),
    )
    .unwrap()
}

fn options(pages: Option<usize>, paper: Paper) -> CoverOptions {
    CoverOptions {
        interior: PdfOptions {
            page: TRADE,
            ..PdfOptions::default()
        },
        pages,
        paper,
        bleed: COVER_BLEED,
    }
}

fn cover(doc: &Manuscript, options: &CoverOptions) -> Document {
    let written = write_cover(doc, options).expect("writes");
    Document::load_mem(&written.bytes).expect("parses")
}

fn boxes(doc: &Document) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
    let page = *doc.get_pages().values().next().unwrap();
    let page = doc.get_dictionary(page).unwrap();
    (
        numbers(page, b"MediaBox"),
        numbers(page, b"TrimBox"),
        numbers(page, b"BleedBox"),
    )
}

fn close(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.01)
}

#[test]
fn the_sheet_is_two_pages_a_spine_and_the_bleed() {
    let doc = read(Path::new("bees.md"), MANUSCRIPT);
    // 300 pages at 444 a inch: KDP's 300 × 0.002252 in, 0.6757 in.
    let spine = 300.0 / 444.0 * 72.0;
    let (w, h, b) = (432.0, 648.0, 9.0);
    let (media, trim, bleed) = boxes(&cover(&doc, &options(Some(300), Paper::WHITE)));
    assert!(
        close(&media, &[0.0, 0.0, 2.0 * w + spine + 2.0 * b, h + 2.0 * b]),
        "{media:?}"
    );
    assert!(
        close(&trim, &[b, b, b + 2.0 * w + spine, b + h]),
        "{trim:?}"
    );
    assert!(close(&bleed, &media), "{bleed:?}");
    // 0.1 mm a sheet: 300 pages are 150 sheets, 15 mm.
    let caliper = Paper::Caliper(0.1 * 72.0 / 25.4);
    let (media, _, _) = boxes(&cover(&doc, &options(Some(300), caliper)));
    assert!((media[2] - (2.0 * w + 15.0 * 72.0 / 25.4 + 2.0 * b)).abs() < 0.01);
}

#[test]
fn without_a_page_count_the_interior_is_typeset_to_count_them() {
    let doc = read(Path::new("bees.md"), MANUSCRIPT);
    let interior = pdf::write(&doc, &options(None, Paper::WHITE).interior).unwrap();
    let written = write_cover(&doc, &options(None, Paper::WHITE)).unwrap();
    assert_eq!(written.size.pages, interior.pages.next_multiple_of(2));
    assert!((written.size.spine - written.size.pages as f32 / 444.0 * 72.0).abs() < 0.001);
}

/// The text drawn inside a group turned to run down the page (`cm` 0 -1 1 0 …), as the
/// number of text-showing operators there.
fn spine_texts(doc: &Document) -> usize {
    let page = *doc.get_pages().values().next().unwrap();
    let content = doc.get_and_decode_page_content(page).unwrap();
    let (mut turned, mut depth, mut texts) = (None, 0, 0);
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => depth += 1,
            "Q" => {
                if turned == Some(depth) {
                    turned = None;
                }
                depth -= 1;
            }
            "cm" => {
                let m: Vec<f32> = op.operands.iter().map(|o| o.as_float().unwrap()).collect();
                if m[..4] == [0.0, -1.0, 1.0, 0.0] {
                    turned = Some(depth);
                }
            }
            "Tj" | "TJ" if turned.is_some() => texts += 1,
            _ => {}
        }
    }
    texts
}

#[test]
fn spine_text_only_when_the_spine_is_wide_enough() {
    let doc = read(Path::new("bees.md"), MANUSCRIPT);
    // 0.25 in of white paper is 111 pages; 112 is the first even count that reaches it.
    for (pages, wide) in [(112, true), (300, true), (110, false), (24, false)] {
        let written = write_cover(&doc, &options(Some(pages), Paper::WHITE)).unwrap();
        assert_eq!(written.size.spine >= SPINE_TEXT_MIN, wide, "{pages}");
        let parsed = Document::load_mem(&written.bytes).unwrap();
        // Title and author, one run each at least.
        let texts = spine_texts(&parsed);
        assert_eq!(
            texts >= 2,
            wide,
            "{pages} pages: {texts} texts on the spine"
        );
        let text = parsed.extract_text(&[1]).unwrap();
        let titles = text.matches("Keeping").count();
        assert_eq!(
            titles,
            if wide { 2 } else { 1 },
            "front, and spine if wide: {text}"
        );
    }
}

#[test]
fn the_cover_image_fills_the_front_and_its_bleed() {
    let dir = tempfile::tempdir().unwrap();
    let chart = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/images/output-chart.png");
    std::fs::copy(chart, dir.path().join("front.png")).unwrap();
    let spine = 300.0 / 444.0 * 72.0;
    let (w, h, b) = (432.0, 648.0, 9.0);
    // The front panel in the layout's space (the trim's lower-left corner at 0, 0): on the
    // right of a book bound on the left, on the left of one bound on the right.
    for (direction, panel) in [
        ("ltr", [w + spine, -b, 2.0 * w + spine + b, h + b]),
        ("rtl", [-b, -b, w, h + b]),
    ] {
        let text = MANUSCRIPT.replace(
            "author:",
            &format!("cover-image: front.png\ndir: {direction}\nauthor:"),
        );
        let doc = read(&dir.path().join("bees.md"), &text);
        let parsed = cover(&doc, &options(Some(300), Paper::WHITE));
        let page = *parsed.get_pages().values().next().unwrap();
        let drawn = page_draws(&parsed, page);
        assert_eq!(drawn.images.len(), 1);
        let image = &drawn.images[0];
        let tolerance = 0.02;
        assert!(image.x <= panel[0] + tolerance && image.y <= panel[1] + tolerance);
        assert!(image.x + image.width >= panel[2] - tolerance);
        assert!(image.y + image.height >= panel[3] - tolerance);
        // Scaled to fill, not stretched: one side exactly the panel's.
        let fits = |a: f32, b: f32| (a - b).abs() < tolerance;
        assert!(fits(image.width, panel[2] - panel[0]) || fits(image.height, panel[3] - panel[1]));
        // Cut to the panel.
        let content = parsed.get_and_decode_page_content(page).unwrap();
        let clip = content
            .operations
            .windows(2)
            .find(|pair| pair[0].operator == "re" && pair[1].operator == "W")
            .map(|pair| {
                let r: Vec<f32> = pair[0]
                    .operands
                    .iter()
                    .map(|o| o.as_float().unwrap())
                    .collect();
                [r[0], r[1], r[0] + r[2], r[1] + r[3]]
            })
            .expect("a clipping rectangle");
        assert!(close(&clip, &panel), "{direction}: {clip:?}");
        // The title is then no longer set on the front, only on the spine.
        let text = parsed.extract_text(&[1]).unwrap();
        assert_eq!(text.matches("Keeping").count(), 1, "{text}");
    }
}

#[test]
fn the_command_writes_the_cover_beside_the_outputs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bees.md"), MANUSCRIPT).unwrap();
    let run = |args: &[&str]| common::folio(args, dir.path());
    let output = run(&["cover", "bees.md", "--page-size", "6x9in", "--pages", "200"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let written = std::fs::read(dir.path().join("out/bees-cover.pdf")).unwrap();
    let parsed = Document::load_mem(&written).unwrap();
    let (media, _, _) = boxes(&parsed);
    assert!((media[2] - (864.0 + 200.0 / 444.0 * 72.0 + 18.0)).abs() < 0.01);
    let names: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["bees-cover.pdf"], "no temporary left behind");
    // The same input gives the same bytes.
    let again = run(&["cover", "bees.md", "--page-size", "6x9in", "--pages", "200"]);
    assert!(again.status.success());
    assert_eq!(
        std::fs::read(dir.path().join("out/bees-cover.pdf")).unwrap(),
        written
    );
    // Bad input is a clear message, not a panic.
    let bad = run(&["cover", "bees.md", "--bleed", "3furlongs"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(common::stderr(&bad).contains("is not a length"));
    let missing = run(&["cover", "nothing.md"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(common::stderr(&missing).contains("cannot read the manuscript"));
    let folder = run(&["cover", "."]);
    assert_eq!(folder.status.code(), Some(1));
    assert!(common::stderr(&folder).contains("this folder is not a book"));
}
