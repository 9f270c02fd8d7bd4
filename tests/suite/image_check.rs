//! The shared decision on images: what is refused and why, what an SVG keeps once written back
//! clean, and that a refused image is the same alt text with one warning in both outputs.

use crate::common;

use common::hostile::{nested_groups, png, svg};
use folio::image_check::{self, Checked, MAX_SVG_DEPTH, Refusal};
use folio::resources::ImageFormat;

/// An image of `tests/fixtures/hostile/images/`.
fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hostile/images")
            .join(name),
    )
    .unwrap()
}

fn refusal(bytes: Vec<u8>) -> String {
    match image_check::check(bytes) {
        Err(Refusal::Because(why)) => why,
        other => panic!("expected a refusal with a reason, got {other:?}"),
    }
}

#[test]
fn hostile_images_are_refused_with_their_reason() {
    for (name, reason) in [
        ("photo.png", "JPEG whose header is damaged"),
        ("entity.svg", "entities"),
        ("chain.svg", "nested"),
        ("laughs.svg", "elements"),
        ("loop.svg", "loop"),
    ] {
        let why = refusal(fixture(name));
        assert!(why.contains(reason), "{name}: {why}");
    }
    assert!(refusal(nested_groups(100_000)).contains("nested"));
    assert_eq!(image_check::check(b"hello".to_vec()), Err(Refusal::Unknown));
}

#[test]
fn rasters_are_told_by_content_and_must_decode() {
    let good = png(3, 2);
    assert_eq!(
        image_check::check(good.clone()),
        Ok(Checked {
            format: ImageFormat::Png,
            bytes: good.clone()
        })
    );
    let mut truncated = good.clone();
    truncated.truncate(good.len() - 20);
    assert!(refusal(truncated).contains("PNG"));
    // A header that claims 100,000 × 100,000 pixels is refused before anything is decoded.
    let mut bomb = good;
    bomb[16..24].copy_from_slice(&[0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0]);
    let mut crc = flate2::Crc::new();
    crc.update(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    assert!(refusal(bomb).contains("megapixels"));
}

#[test]
fn svgs_are_written_back_without_scripts_handlers_or_outside_references() {
    for name in ["scripted.svg", "leaks.svg"] {
        let checked = image_check::check(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(checked.format, ImageFormat::Svg);
        let text = String::from_utf8(checked.bytes).unwrap();
        let doc = roxmltree::Document::parse(&text).expect("the clean copy is XML");
        for node in doc.descendants().filter(|n| n.is_element()) {
            let tag = node.tag_name().name();
            assert!(
                !matches!(tag, "script" | "foreignObject" | "style"),
                "{name}: <{tag}> kept in {text}"
            );
            for attribute in node.attributes() {
                assert!(
                    !attribute.name().starts_with("on"),
                    "{name}: {} kept",
                    attribute.name()
                );
                assert!(
                    !attribute.value().contains(':') || attribute.value().starts_with('#'),
                    "{name}: {}={} kept",
                    attribute.name(),
                    attribute.value()
                );
            }
        }
        assert!(!text.contains("alert"), "{name}: {text}");
    }
}

#[test]
fn what_draws_is_kept_in_the_clean_copy() {
    let drawing = svg(concat!(
        "<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"red\"/></linearGradient></defs>",
        "<rect width=\"50\" height=\"20\" fill=\"url(#g)\"/>",
        "<use xlink:href=\"#c\" x=\"10\"/><circle id=\"c\" cx=\"5\" cy=\"5\" r=\"4\"/>",
        "<text x=\"1\" y=\"40\" xml:space=\"preserve\">a &amp; b &lt; c</text>",
        // Names and values that start with a character of several bytes.
        "<g aé=\"1\" href=\"€\"/>"
    ));
    let clean = String::from_utf8(image_check::check(drawing).unwrap().bytes).unwrap();
    let doc = roxmltree::Document::parse(&clean).unwrap();
    let names: Vec<_> = doc
        .descendants()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(
        names,
        [
            "svg",
            "defs",
            "linearGradient",
            "stop",
            "rect",
            "use",
            "circle",
            "text",
            "g"
        ]
    );
    let used = doc.descendants().find(|n| n.has_tag_name("use")).unwrap();
    assert_eq!(
        used.attribute(("http://www.w3.org/1999/xlink", "href")),
        Some("#c")
    );
    let text = doc.descendants().find(|n| n.has_tag_name("text")).unwrap();
    assert_eq!(text.text(), Some("a & b < c"));
}

#[test]
fn nesting_is_bounded_before_drawing_and_by_drawing() {
    // A drawing program's few levels draw.
    assert!(image_check::check(nested_groups(20)).is_ok());
    // The root is one level and the square another: this is the deepest the bound lets through
    // to usvg, and svg2pdf then refuses it (PDF readers need support only 28 saved states).
    let depth = MAX_SVG_DEPTH as usize - 2;
    assert!(refusal(nested_groups(depth)).contains("cannot be drawn"));
    assert!(refusal(nested_groups(depth + 1)).contains("nested more than"));
}

#[test]
fn numbers_beyond_any_drawing_are_refused_and_ordinary_ones_kept() {
    // Found by the image fuzzer: a pattern-filled circle of radius 3.9e37 kept svg2pdf busy
    // for 17 s and 776 MB.
    let hostile = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fuzz/image/huge-radius-pattern.svg"),
    )
    .unwrap();
    let why = refusal(hostile);
    assert!(why.contains("r of 3.88") && why.contains("beyond"), "{why}");
    // And one whose gradient stop offset of 8.9e97 is no f32: usvg asserts it is finite.
    let hostile = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fuzz/image/huge-stop-offset.svg"),
    )
    .unwrap();
    let why = refusal(hostile);
    assert!(why.contains("offset of"), "{why}");
    for (shape, attribute) in [
        ("<path d=\"M0 0L1e12 5\"/>", "d"),
        ("<g transform=\"scale(2e10)\"/>", "transform"),
        (
            "<rect width=\"10\" height=\"10\" style=\"stroke-width:1E+11\"/>",
            "style",
        ),
    ] {
        let why = refusal(svg(shape));
        assert!(why.contains(attribute), "{shape}: {why}");
    }
    // Colours are no numbers, and large but sane coordinates (a map in metres) stay.
    let sane =
        svg("<rect x=\"650000\" y=\"4.2e6\" width=\"1.5e3\" height=\"-.5\" fill=\"#3030303030\"/>");
    assert!(image_check::check(sane).is_ok());
}
