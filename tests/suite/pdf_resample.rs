//! Rasters far finer than print needs are shrunk to 300 dpi at the widest they can be drawn,
//! while the page still draws them at the same size; images without that much to spare are
//! embedded pixel for pixel.

use crate::common;

use common::pdf::{one_sided, page_draws, typeset};
use lopdf::{Document, Object, Stream};
use std::path::Path;

/// One-sided margins of an inch: the text block of A4 is 451.28 pt wide.
const MARGIN: f32 = 72.0;
const MEASURE: f32 = 595.28 - 2.0 * MARGIN;

fn build(dir: &Path, markdown: &str) -> Document {
    typeset(&dir.join("book.md"), markdown, &one_sided(MARGIN)).doc
}

/// A PNG with a horizontal grey ramp, translucent in its left half.
fn ramp(dir: &Path, name: &str, width: u32, height: u32) {
    let image = image::RgbaImage::from_fn(width, height, |x, _| {
        let v = (x * 255 / width) as u8;
        image::Rgba([v, v, v, if x < width / 2 { 128 } else { 255 }])
    });
    image.save(dir.join(name)).expect("encodes");
}

fn number(stream: &Stream, key: &[u8]) -> i64 {
    stream
        .dict
        .get(key)
        .and_then(Object::as_i64)
        .expect("a number")
}

/// The colour image XObjects (not their masks), as (width, height, mask width, mask height).
fn images(doc: &Document) -> Vec<(i64, i64, i64, i64)> {
    doc.objects
        .values()
        .filter_map(|object| object.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image"))
        .filter_map(|s| {
            let mask = s.dict.get(b"SMask").and_then(Object::as_reference).ok()?;
            let mask = doc
                .get_object(mask)
                .and_then(Object::as_stream)
                .expect("mask");
            Some((
                number(s, b"Width"),
                number(s, b"Height"),
                number(mask, b"Width"),
                number(mask, b"Height"),
            ))
        })
        .collect()
}

/// The width each image is drawn at (the `cm` before each `Do`) on the first page.
fn drawn_widths(doc: &Document) -> Vec<f32> {
    let page = *doc.get_pages().values().next().expect("a page");
    page_draws(doc, page)
        .images
        .iter()
        .map(|image| image.width)
        .collect()
}

#[test]
fn a_screenshot_is_shrunk_to_300_dpi_at_the_measure_and_drawn_as_wide() {
    let dir = tempfile::tempdir().unwrap();
    ramp(dir.path(), "shot.png", 3000, 300);
    let doc = build(dir.path(), "![Shot](shot.png)\n");
    let needed = (MEASURE / 72.0 * 300.0).ceil() as i64;
    let [(width, height, mask_width, mask_height)] = images(&doc)[..] else {
        panic!("one image with a mask")
    };
    assert_eq!(width, needed, "300 dpi across the measure");
    assert_eq!(height, (300 * needed + 1500) / 3000, "in proportion");
    assert_eq!((mask_width, mask_height), (width, height), "the mask too");
    let drawn = drawn_widths(&doc);
    assert_eq!(drawn.len(), 1);
    assert!((drawn[0] - MEASURE).abs() < 0.05, "drawn {} wide", drawn[0]);
}

#[test]
fn an_image_with_little_to_spare_keeps_its_pixels() {
    let dir = tempfile::tempdir().unwrap();
    ramp(dir.path(), "fine.png", 2400, 100);
    let doc = build(dir.path(), "![Fine](fine.png)\n");
    assert_eq!(images(&doc), [(2400, 100, 2400, 100)]);
}
