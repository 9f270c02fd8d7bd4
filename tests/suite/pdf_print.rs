//! Print production: the page boxes with and without bleed and crop marks, and the page's
//! drawing moved onto the larger sheet without any other change.

use crate::common;

use common::pdf::{Typeset, dict, numbers, typeset};
use folio::pdf::PdfOptions;
use folio::style::PageSize;
use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};
use std::path::Path;

/// Two pages at least, with a link and a heading (outline entry), so that every kind of
/// coordinate the writer puts outside the content stream is there.
const MANUSCRIPT: &str = "---
title: Print Sample
---

# Trimmed pages

A paragraph with a [link to the second part](#second-part) and more words.

# Second part

Closing words.
";

/// 6 × 9 in, the trade paperback.
const TRADE: PageSize = PageSize {
    width: 432.0,
    height: 648.0,
};
/// 3 mm, the usual bleed, in points.
const BLEED: f32 = 3.0 * 72.0 / 25.4;

fn sample(bleed: f32, crop_marks: bool) -> Typeset {
    typeset(
        Path::new("print.md"),
        MANUSCRIPT,
        &PdfOptions {
            page: TRADE,
            bleed,
            crop_marks,
            ..PdfOptions::default()
        },
    )
}

fn pages(doc: &Document) -> Vec<ObjectId> {
    doc.get_pages().into_values().collect()
}

fn page_box(doc: &Document, page: ObjectId, key: &[u8]) -> Option<Vec<f32>> {
    let dict = doc.get_dictionary(page).unwrap();
    dict.has(key).then(|| numbers(dict, key))
}

fn close(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.01)
}

#[test]
fn without_bleed_the_trim_box_is_the_media_box() {
    let pdf = sample(0.0, false);
    for page in pages(&pdf.doc) {
        let media = page_box(&pdf.doc, page, b"MediaBox").unwrap();
        assert!(close(&media, &[0.0, 0.0, 432.0, 648.0]), "{media:?}");
        assert_eq!(page_box(&pdf.doc, page, b"TrimBox").unwrap(), media);
        // A missing BleedBox is the CropBox, which is the MediaBox here.
        assert_eq!(page_box(&pdf.doc, page, b"BleedBox"), None);
    }
}

#[test]
fn a_bleed_grows_the_media_box_around_the_trim_box() {
    let pdf = sample(BLEED, false);
    let (w, h, b) = (432.0, 648.0, BLEED);
    for page in pages(&pdf.doc) {
        let media = page_box(&pdf.doc, page, b"MediaBox").unwrap();
        let trim = page_box(&pdf.doc, page, b"TrimBox").unwrap();
        let bleed = page_box(&pdf.doc, page, b"BleedBox").unwrap();
        assert!(
            close(&media, &[0.0, 0.0, w + 2.0 * b, h + 2.0 * b]),
            "{media:?}"
        );
        assert!(close(&trim, &[b, b, w + b, h + b]), "{trim:?}");
        assert!(close(&bleed, &media), "{bleed:?}");
    }
}

#[test]
fn crop_marks_take_room_outside_the_bleed() {
    let pdf = sample(BLEED, true);
    for page in pages(&pdf.doc) {
        let media = page_box(&pdf.doc, page, b"MediaBox").unwrap();
        let trim = page_box(&pdf.doc, page, b"TrimBox").unwrap();
        let bleed = page_box(&pdf.doc, page, b"BleedBox").unwrap();
        assert!(close(
            &[trim[2] - trim[0], trim[3] - trim[1]],
            &[432.0, 648.0]
        ));
        assert!(close(
            &[trim[0] - bleed[0], bleed[3] - trim[3]],
            &[BLEED, BLEED]
        ));
        // Centred, with room beyond the bleed on every side for marks a quarter inch long.
        assert!(close(
            &[media[2] - trim[2], media[3] - trim[3]],
            &[trim[0], trim[1]]
        ));
        assert!(bleed[0] - media[0] > 18.0, "{media:?} {bleed:?}");
    }
    // Marks need no bleed: the BleedBox is then the TrimBox (a missing one would mean the
    // whole sheet).
    let unbled = sample(0.0, true);
    let first = pages(&unbled.doc)[0];
    let (trim, bleed) = (
        page_box(&unbled.doc, first, b"TrimBox").unwrap(),
        page_box(&unbled.doc, first, b"BleedBox").unwrap(),
    );
    assert!(trim[0] > 18.0 && close(&trim, &bleed), "{trim:?} {bleed:?}");
}

fn operators(doc: &Document, page: ObjectId) -> Vec<lopdf::content::Operation> {
    doc.get_and_decode_page_content(page).unwrap().operations
}

/// Operators as bytes, the way the file spells them.
fn encoded(operations: &[lopdf::content::Operation]) -> Vec<u8> {
    Content {
        operations: operations.to_vec(),
    }
    .encode()
    .unwrap()
}

#[test]
fn the_drawing_moves_by_the_offset_and_nothing_else_changes() {
    let plain = sample(0.0, false);
    for crop_marks in [false, true] {
        let placed = sample(BLEED, crop_marks);
        let (plain_pages, placed_pages) = (pages(&plain.doc), pages(&placed.doc));
        assert_eq!(plain_pages.len(), placed_pages.len());
        assert!(plain_pages.len() >= 2);
        for (&before, &after) in plain_pages.iter().zip(&placed_pages) {
            let offset = page_box(&placed.doc, after, b"TrimBox").unwrap()[0];
            let (before_ops, after_ops) =
                (operators(&plain.doc, before), operators(&placed.doc, after));
            let n = before_ops.len();
            assert_eq!(after_ops[0].operator, "q");
            assert_eq!(after_ops[1].operator, "cm");
            let matrix: Vec<f32> = after_ops[1]
                .operands
                .iter()
                .map(|o| o.as_float().unwrap())
                .collect();
            assert!(close(&matrix, &[1.0, 0.0, 0.0, 1.0, offset, offset]));
            assert_eq!(
                encoded(&after_ops[2..2 + n]),
                encoded(&before_ops),
                "the page's own drawing is unchanged"
            );
            assert_eq!(after_ops[2 + n].operator, "Q");
            let strokes = after_ops[2 + n..]
                .iter()
                .filter(|op| op.operator == "S")
                .count();
            assert_eq!(strokes, if crop_marks { 8 } else { 0 });
            // Link areas move with the drawing.
            let rects = |doc: &Document, page| -> Vec<Vec<f32>> {
                match doc.get_dictionary(page).unwrap().get(b"Annots") {
                    Ok(Object::Array(annots)) => annots
                        .iter()
                        .map(|a| numbers(dict(doc, a), b"Rect"))
                        .collect(),
                    _ => Vec::new(),
                }
            };
            let moved: Vec<Vec<f32>> = rects(&plain.doc, before)
                .into_iter()
                .map(|r| r.iter().map(|v| v + offset).collect())
                .collect();
            let placed_rects = rects(&placed.doc, after);
            assert_eq!(moved.len(), placed_rects.len());
            for (a, b) in moved.iter().zip(&placed_rects) {
                assert!(close(a, b), "{a:?} {b:?}");
            }
        }
        // Bookmarks land where their heading now is.
        let top_of_first_bookmark = |doc: &Document| -> f32 {
            let outlines = dict(doc, doc.catalog().unwrap().get(b"Outlines").unwrap());
            let first = dict(doc, outlines.get(b"First").unwrap());
            first.get(b"Dest").unwrap().as_array().unwrap()[3]
                .as_float()
                .unwrap()
        };
        let offset = page_box(&placed.doc, placed_pages[0], b"TrimBox").unwrap()[0];
        assert!(
            (top_of_first_bookmark(&placed.doc) - top_of_first_bookmark(&plain.doc) - offset).abs()
                < 0.01
        );
    }
}
