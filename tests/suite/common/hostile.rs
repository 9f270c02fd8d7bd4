//! Hostile images too large to keep as fixtures, and small good ones, made in code; the rest
//! are files in `tests/fixtures/hostile/`.

/// `<svg …>` with both namespaces and a size.
const SVG_OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50">"#;

/// An SVG with `body` inside its root.
pub fn svg(body: &str) -> Vec<u8> {
    format!("{SVG_OPEN}{body}</svg>").into_bytes()
}

/// `depth` groups, one inside the other, around a square.
pub fn nested_groups(depth: usize) -> Vec<u8> {
    svg(&format!(
        "{}<rect width=\"5\" height=\"5\"/>{}",
        "<g>".repeat(depth),
        "</g>".repeat(depth)
    ))
}

/// A valid PNG of `width`×`height` red pixels.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(width, height, image::Rgb([255, 0, 0]))
        .write_to(&mut bytes, image::ImageFormat::Png)
        .unwrap();
    bytes.into_inner()
}
