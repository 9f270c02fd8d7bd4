//! Images inside running text in the PDF: drawn as boxes in the line, standing on its baseline
//! within the text block (or their table column), no larger than an icon should be, making
//! their line taller rather than overlapping the one above; and set as their bracketed alt text,
//! with a warning, when they cannot be drawn.

use crate::common;

use common::pdf::{
    PageDraws, Typeset, dict, letters, numbers, one_sided, page_draws, page_texts, typeset,
};
use lopdf::Document;
use std::path::Path;

/// Margins of 72 pt all round, one-sided: the text block starts an inch from the left edge.
const MARGIN: f32 = 72.0;

fn build(dir: &Path, markdown: &str) -> Typeset {
    typeset(&dir.join("book.md"), markdown, &one_sided(MARGIN))
}

/// A PNG of one colour.
fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_pixel(width, height, image::Rgb([200, 30, 30]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("encodes");
    bytes.into_inner()
}

/// An SVG of `width` × `height` CSS pixels.
fn svg(width: u32, height: u32) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"><rect width="{width}" height="{height}" fill="teal"/></svg>"#
    )
}

fn drawn(doc: &Document, page: usize) -> PageDraws {
    page_draws(doc, doc.get_pages()[&(page as u32 + 1)])
}

/// The subtype (`Image` or `Form`) of XObject `name` on page `page`.
fn subtype(doc: &Document, page: usize, name: &str) -> Vec<u8> {
    let id = doc.get_pages()[&(page as u32 + 1)];
    let page = doc.get_dictionary(id).unwrap();
    let resources = dict(doc, page.get(b"Resources").unwrap());
    let xobjects = dict(doc, resources.get(b"XObject").unwrap());
    let object = xobjects
        .get(name.as_bytes())
        .unwrap()
        .as_reference()
        .unwrap();
    let stream = doc.get_object(object).unwrap().as_stream().unwrap();
    stream
        .dict
        .get(b"Subtype")
        .unwrap()
        .as_name()
        .unwrap()
        .to_vec()
}

fn page_width(doc: &Document) -> f32 {
    let id = doc.get_pages()[&1];
    numbers(doc.get_dictionary(id).unwrap(), b"MediaBox")[2]
}

#[test]
fn an_icon_in_a_paragraph_stands_on_the_baseline_among_its_words() {
    let dir = tempfile::tempdir().unwrap();
    // 20 pixels at 150 dpi: 9.6 points, smaller than the text, so drawn at that size.
    std::fs::write(dir.path().join("dot.png"), png(20, 20)).unwrap();
    let built = build(
        dir.path(),
        "Words before the icon ![a red dot](dot.png) and words after it.\n",
    );
    assert!(built.warnings.iter().all(|w| !w.message.contains("image")));
    let page = drawn(&built.doc, 0);
    let [image] = &page.images[..] else {
        panic!("one image drawn: {page:?}");
    };
    assert_eq!(subtype(&built.doc, 0, &image.name), b"Image");
    assert!((image.width - 9.6).abs() < 0.01 && (image.height - 9.6).abs() < 0.01);
    // The image's bottom is the baseline of the line it is on.
    assert!(
        page.text.iter().any(|&(_, y)| (y - image.y).abs() < 0.01),
        "no text on the baseline {}: {page:?}",
        image.y
    );
    let right = page_width(&built.doc) - MARGIN;
    assert!(image.x > MARGIN && image.x + image.width < right);
    let text = letters(&page_texts(&built.doc).concat());
    assert!(text.contains("wordsbeforetheiconandwordsafterit"), "{text}");
    assert!(!text.contains("reddot"), "the alt text is not set: {text}");
}

#[test]
fn a_large_inline_image_is_icon_sized_and_its_line_makes_room() {
    let dir = tempfile::tempdir().unwrap();
    // 600 × 300 pixels would be 288 × 144 points at 150 dpi.
    std::fs::write(dir.path().join("wide.png"), png(600, 300)).unwrap();
    let words = "Some words to fill the first line of this paragraph well enough that the image \
                 comes on a later one, ";
    let built = build(
        dir.path(),
        &format!("{words}{words}here ![a banner](wide.png) it is, and after it more words.\n"),
    );
    let page = drawn(&built.doc, 0);
    let [image] = &page.images[..] else {
        panic!("one image drawn: {page:?}");
    };
    assert!(image.height < 30.0, "at most about 1.5 lines: {image:?}");
    assert!((image.width / image.height - 2.0).abs() < 0.01, "{image:?}");
    // The line above is entirely above the image's top.
    let above = page
        .text
        .iter()
        .map(|&(_, y)| y)
        .filter(|&y| y > image.y + 0.01)
        .fold(f32::MAX, f32::min);
    assert!(above < f32::MAX, "the image is not on the first line");
    assert!(
        above - 3.0 > image.y + image.height,
        "the line above at {above} runs into the image: {image:?}"
    );
}

#[test]
fn an_svg_in_a_table_cell_is_drawn_as_a_form_in_its_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("crab.svg"), svg(120, 80)).unwrap();
    std::fs::write(dir.path().join("dot.png"), png(20, 20)).unwrap();
    let built = build(
        dir.path(),
        "| Dot | Crab |\n|---|---|\n| ![a dot](dot.png) | ![a crab](crab.svg) |\n\
         | ![a dot](dot.png) | It does not compile |\n",
    );
    assert!(built.warnings.iter().all(|w| !w.message.contains("image")));
    let page = drawn(&built.doc, 0);
    let [dot, crab, dot_below] = &page.images[..] else {
        panic!("three images drawn: {page:?}");
    };
    assert_eq!(subtype(&built.doc, 0, &crab.name), b"Form");
    assert_eq!(subtype(&built.doc, 0, &dot.name), b"Image");
    // Scaled down from 90 × 60 points to about two lines of table text, proportions kept.
    assert!(crab.height < 30.0 && crab.height > 10.0, "{crab:?}");
    assert!((crab.width / crab.height - 1.5).abs() < 0.01, "{crab:?}");
    // The first column's images start the text block; the crab is in the second column: past
    // the first column's content by a column gap, not beyond the text block.
    assert!((dot.x - MARGIN).abs() < 0.01 && (dot_below.x - MARGIN).abs() < 0.01);
    let gap = crab.x - (dot.x + dot.width);
    assert!(gap > 5.0 && gap < 40.0, "{page:?}");
    assert!(crab.x + crab.width <= page_width(&built.doc) - MARGIN + 0.01);
    // Both images of the row stand on its baseline, and the row made room for the crab: the
    // next row's dot is below the crab's bottom.
    assert!((dot.y - crab.y).abs() < 0.01, "{page:?}");
    assert!(dot_below.y + dot_below.height < crab.y, "{page:?}");
    let text = letters(&page_texts(&built.doc).concat());
    assert!(
        text.contains("dotcrab") && text.contains("itdoesnotcompile"),
        "{text}"
    );
}

#[test]
fn missing_or_broken_inline_images_are_their_alt_text_in_brackets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .unwrap();
    let built = build(
        dir.path(),
        "First ![a lost icon](nowhere.png) here.\n\n\
         - Then ![a torn icon](broken.png) there.\n\n\
         | A | B |\n|---|---|\n| x | ![a torn cell](broken.png) |\n",
    );
    assert!(page_texts(&built.doc).iter().all(|t| !t.is_empty()));
    assert!(drawn(&built.doc, 0).images.is_empty());
    let raw = page_texts(&built.doc).concat();
    let text = letters(&raw);
    for alt in ["firstalosticonhere", "thenatorniconthere", "atorncell"] {
        assert!(text.contains(alt), "{alt} is not shown: {text}");
    }
    assert_eq!(raw.matches('[').count(), 3, "{raw}");
    for (needle, line) in [("nowhere.png", 1), ("broken.png", 3), ("broken.png", 7)] {
        assert!(
            built
                .warnings
                .iter()
                .any(|w| w.message.contains(needle) && w.span.map(|s| s.line) == Some(line)),
            "no warning about {needle} at line {line}: {:?}",
            built.warnings
        );
    }
}
