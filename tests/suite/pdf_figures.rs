//! Figures in the PDF: images embedded as they should be (JPEG unchanged, PNG alpha as a soft
//! mask, SVG as vectors, each once), sized inside the text block, kept with their captions, and
//! broken or hostile images degrading to a framed alt text with a warning.

use crate::common;

use common::pdf::{Drawn, Typeset, letters, numbers, one_sided, page_draws, page_texts, typeset};
use lopdf::{Document, Object, ObjectId, Stream};
use std::collections::BTreeMap;
use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/figures");

/// Margins of 72 pt all round, one-sided: the text block is the page less an inch each side.
const MARGIN: f32 = 72.0;

/// Typesets `markdown` as if it were `book.md` in `dir`, where its images are.
fn build(dir: &Path, markdown: &str) -> Typeset {
    typeset(&dir.join("book.md"), markdown, &one_sided(MARGIN))
}

fn png(width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 4]) -> Vec<u8> {
    encode(width, height, pixel, image::ImageFormat::Png)
}

fn encode(
    width: u32,
    height: u32,
    pixel: impl Fn(u32, u32) -> [u8; 4],
    format: image::ImageFormat,
) -> Vec<u8> {
    let image = image::RgbaImage::from_fn(width, height, |x, y| image::Rgba(pixel(x, y)));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, format).expect("encodes");
    bytes.into_inner()
}

fn opaque(rgb: [u8; 3]) -> impl Fn(u32, u32) -> [u8; 4] {
    move |_, _| [rgb[0], rgb[1], rgb[2], 255]
}

fn streams_of<'a>(doc: &'a Document, subtype: &[u8]) -> Vec<(ObjectId, &'a Stream)> {
    doc.objects
        .iter()
        .filter_map(|(id, object)| match object {
            Object::Stream(s) => Some((*id, s)),
            _ => None,
        })
        .filter(|(_, s)| {
            s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(subtype)
                && s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"XObject")
        })
        .collect()
}

/// What each page draws with `Do`, in order, page by page.
fn drawn(doc: &Document) -> Vec<Vec<Drawn>> {
    doc.get_pages()
        .values()
        .map(|&page| page_draws(doc, page).images)
        .collect()
}

#[test]
fn a_jpeg_is_embedded_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["photo.jpg", "gray.jpg", "cmyk.jpg"] {
        std::fs::copy(Path::new(FIXTURES).join(file), dir.path().join(file)).unwrap();
    }
    let built = build(
        dir.path(),
        "# Photos\n\n![A photo](photo.jpg)\n\n![Grey](gray.jpg)\n\n![Ink](cmyk.jpg)\n",
    );
    let images = streams_of(&built.doc, b"Image");
    assert_eq!(images.len(), 3, "three images, no masks");
    for (file, space) in [
        ("photo.jpg", "DeviceRGB"),
        ("gray.jpg", "DeviceGray"),
        ("cmyk.jpg", "DeviceCMYK"),
    ] {
        let original = std::fs::read(dir.path().join(file)).unwrap();
        let (_, stream) = images
            .iter()
            .find(|(_, s)| s.content == original)
            .unwrap_or_else(|| panic!("{file}'s bytes are not in the PDF unchanged"));
        assert_eq!(
            stream.dict.get(b"Filter").unwrap().as_name().unwrap(),
            b"DCTDecode"
        );
        assert_eq!(
            stream.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
            space.as_bytes()
        );
        // Adobe writes CMYK inverted, and says so in its APP14 segment.
        assert_eq!(stream.dict.has(b"Decode"), space == "DeviceCMYK", "{file}");
    }
}

#[test]
fn gif_and_webp_are_decoded_and_greyscale_stays_grey() {
    let dir = tempfile::tempdir().unwrap();
    let grey = |x: u32, _| [x as u8 * 9, x as u8 * 9, x as u8 * 9, 255];
    let gif = encode(20, 10, opaque([250, 0, 0]), image::ImageFormat::Gif);
    let webp = encode(
        20,
        10,
        |x, _| [0, 200, 0, x as u8 * 12],
        image::ImageFormat::WebP,
    );
    std::fs::write(dir.path().join("a.gif"), gif).unwrap();
    std::fs::write(dir.path().join("b.webp"), webp).unwrap();
    let gray = image::DynamicImage::ImageRgba8(image::RgbaImage::from_fn(20, 10, |x, y| {
        image::Rgba(grey(x, y))
    }))
    .into_luma8();
    gray.save(dir.path().join("c.png")).unwrap();
    let built = build(dir.path(), "![A](a.gif)\n\n![B](b.webp)\n\n![C](c.png)\n");
    let images = streams_of(&built.doc, b"Image");
    assert_eq!(
        images.len(),
        4,
        "the GIF, the WebP and its mask, the grey PNG"
    );
    let masks: Vec<ObjectId> = images
        .iter()
        .filter_map(|(_, s)| s.dict.get(b"SMask").ok()?.as_reference().ok())
        .collect();
    let colour = |s: &Stream| {
        s.dict
            .get(b"ColorSpace")
            .unwrap()
            .as_name()
            .unwrap()
            .to_vec()
    };
    let pictures: Vec<(Vec<u8>, bool, &Stream)> = images
        .iter()
        .filter(|(id, _)| !masks.contains(id))
        .map(|(_, s)| (colour(s), s.dict.has(b"SMask"), *s))
        .collect();
    let kinds: Vec<(&[u8], bool)> = pictures.iter().map(|(c, m, _)| (&c[..], *m)).collect();
    assert_eq!(
        kinds,
        [
            (&b"DeviceRGB"[..], false),
            (&b"DeviceRGB"[..], true),
            (&b"DeviceGray"[..], false)
        ],
        "in order of use"
    );
    let grey_png = pictures[2].2;
    let samples = grey_png.decompressed_content().expect("inflates");
    assert_eq!(&samples[..3], &[0, 9, 18]);
    assert!(built.warnings.iter().all(|w| !w.message.contains("image")));
}

#[test]
fn png_transparency_becomes_a_soft_mask() {
    let dir = tempfile::tempdir().unwrap();
    let translucent = png(40, 20, |x, _| [0, 0, 200, (x * 6) as u8]);
    std::fs::write(dir.path().join("glass.png"), translucent).unwrap();
    std::fs::write(dir.path().join("solid.png"), png(40, 20, opaque([9, 9, 9]))).unwrap();
    let built = build(dir.path(), "![Glass](glass.png)\n\n![Solid](solid.png)\n");
    let images = streams_of(&built.doc, b"Image");
    let masked: Vec<_> = images
        .iter()
        .filter(|(_, s)| s.dict.has(b"SMask"))
        .collect();
    assert_eq!(masked.len(), 1, "only the translucent image has a mask");
    let mask = masked[0]
        .1
        .dict
        .get(b"SMask")
        .unwrap()
        .as_reference()
        .unwrap();
    let mask = built.doc.get_object(mask).unwrap().as_stream().unwrap();
    assert_eq!(
        mask.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
        b"DeviceGray"
    );
    let alpha = mask.decompressed_content().expect("inflates");
    assert_eq!(alpha.len(), 40 * 20);
    assert_eq!(&alpha[..3], &[0, 6, 12]);
    assert_eq!(images.len(), 3, "two images and one mask");
}

#[test]
fn an_opaque_rgb_png_is_embedded_with_its_own_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (width, height) = (30u32, 12u32);
    let pixel = |x: u32, y: u32| [(x * 8) as u8, (y * 20) as u8, (x + y) as u8];
    let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb(pixel(x, y)));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    std::fs::write(dir.path().join("chart.png"), bytes.into_inner()).unwrap();
    let built = build(dir.path(), "![Chart](chart.png)\n");
    let images = streams_of(&built.doc, b"Image");
    assert_eq!(images.len(), 1);
    let stream = images[0].1;
    let parameters = stream.dict.get(b"DecodeParms").unwrap().as_dict().unwrap();
    let number = |key: &[u8]| parameters.get(key).unwrap().as_i64().unwrap();
    assert_eq!(number(b"Predictor"), 15);
    assert_eq!(number(b"Colors"), 3);
    assert_eq!(number(b"Columns"), i64::from(width));
    // Undoing the rows' PNG filters, as a reader does, gives the file's pixels back.
    let mut rows = Vec::new();
    let mut inflater = flate2::read::ZlibDecoder::new(&stream.content[..]);
    std::io::Read::read_to_end(&mut inflater, &mut rows).unwrap();
    let stride = 3 * width as usize;
    assert_eq!(rows.len(), height as usize * (stride + 1));
    let mut previous = vec![0u8; stride];
    for (y, row) in rows.chunks(stride + 1).enumerate() {
        let current = unfilter(row[0], &row[1..], &previous);
        for x in 0..width as usize {
            assert_eq!(current[3 * x..3 * x + 3], pixel(x as u32, y as u32));
        }
        previous = current;
    }
}

/// One row of 3-byte pixels with PNG filter `kind` undone, given the row above.
fn unfilter(kind: u8, row: &[u8], above: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::with_capacity(row.len());
    for (i, &byte) in row.iter().enumerate() {
        let left = if i >= 3 { out[i - 3] } else { 0 };
        let (up, corner) = (above[i], if i >= 3 { above[i - 3] } else { 0 });
        let predicted = match kind {
            0 => 0,
            1 => left,
            2 => up,
            3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
            _ => {
                let estimate = i16::from(left) + i16::from(up) - i16::from(corner);
                let distance = |v: u8| (estimate - i16::from(v)).abs();
                if distance(left) <= distance(up) && distance(left) <= distance(corner) {
                    left
                } else if distance(up) <= distance(corner) {
                    up
                } else {
                    corner
                }
            }
        };
        out.push(byte.wrapping_add(predicted));
    }
    out
}

#[test]
fn an_svg_is_drawn_as_vectors_with_our_fonts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("diagram.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
  <rect x="10" y="10" width="80" height="40" fill="none" stroke="black"/>
  <path d="M90 30 L150 30" stroke="black"/>
  <text x="20" y="35" font-family="Times,serif" font-size="14">ptr</text>
</svg>"#,
    )
    .unwrap();
    let built = build(
        dir.path(),
        "![Boxes and an arrow](diagram.svg \"A diagram\")\n",
    );
    assert!(
        streams_of(&built.doc, b"Image").is_empty(),
        "nothing rasterized"
    );
    let forms = streams_of(&built.doc, b"Form");
    assert_eq!(forms.len(), 1);
    let drawn = drawn(&built.doc);
    assert_eq!(drawn[0].len(), 1);
    // 200 CSS px are 150 pt.
    assert!(
        (drawn[0][0].width - 150.0).abs() < 0.01,
        "{:?}",
        drawn[0][0]
    );
    let fonts = reachable_fonts(&built.doc, forms[0].0);
    assert!(
        !fonts.is_empty() && fonts.iter().all(|f| f.contains("Gentium")),
        "the SVG's text is text, set in the bundled serif, not a system font: {fonts:?}"
    );
    let text = letters(&page_texts(&built.doc).concat());
    assert!(text.contains("figure1adiagram"), "{text}");
}

/// The /BaseFont of every font reachable from `root`.
fn reachable_fonts(doc: &Document, root: ObjectId) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut queue = vec![Object::Reference(root)];
    let mut fonts = Vec::new();
    while let Some(object) = queue.pop() {
        let object = match object {
            Object::Reference(id) if seen.insert(id) => doc.get_object(id).unwrap().clone(),
            Object::Reference(_) => continue,
            other => other,
        };
        let dict = match &object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            Object::Array(items) => {
                queue.extend(items.iter().cloned());
                continue;
            }
            _ => continue,
        };
        if let Ok(name) = dict.get(b"BaseFont").and_then(Object::as_name) {
            fonts.push(String::from_utf8_lossy(name).into_owned());
        }
        queue.extend(dict.iter().map(|(_, o)| o.clone()));
    }
    fonts
}

#[test]
fn a_figure_and_its_caption_never_straddle_pages() {
    const FIGURES: usize = 30;
    let dir = tempfile::tempdir().unwrap();
    let mut markdown = String::new();
    let sentence = "Words that fill the page before the next figure arrives. ";
    // Captions are long. The first image is as tall as the text block less its caption (the
    // longest), after the title and one line: it fits on the first page and its caption does not. The others vary, as does
    // the text between them.
    let long = "and a caption long enough to take several lines under its picture ".repeat(4);
    for n in 1..=FIGURES {
        let colour = [n as u8 * 8, 100, 255 - n as u8 * 8];
        let height = match n {
            1 => 6000,
            _ => 300 + (n as u32 * 137) % 900, // 2 to 8 inches at 150 dpi
        };
        std::fs::write(
            dir.path().join(format!("tall{n}.png")),
            png(300, height, opaque(colour)),
        )
        .unwrap();
        let filler = match n {
            1 => "One line.".to_string(),
            _ => sentence.repeat(1 + (n * 7) % 13),
        };
        let caption = match n {
            1 => long.repeat(4),
            _ => long.clone(),
        };
        markdown.push_str(&format!(
            "{filler}\n\n![Tall {n}](tall{n}.png \"Tall picture number {n} {caption}closing {n} here\")\n\n"
        ));
    }
    let built = build(dir.path(), &markdown);
    let texts = page_texts(&built.doc);
    let pages = drawn(&built.doc);
    let mut order: Vec<String> = Vec::new();
    for (page, (drawn, text)) in pages.iter().zip(&texts).enumerate() {
        for image in drawn {
            order.push(image.name.clone());
            let n = order.len();
            let text = letters(text);
            assert!(
                text.contains(&format!("figure{n}tallpicturenumber{n}"))
                    && text.contains(&format!("closing{n}here")),
                "figure {n} is on page {} without its caption: {text}",
                page + 1
            );
        }
    }
    assert_eq!(order.len(), FIGURES);
    assert!(
        !built
            .warnings
            .iter()
            .any(|w| w.message.contains("could not avoid")),
        "{:?}",
        built.warnings
    );
}

#[test]
fn images_stay_inside_the_text_block_and_below_150_dpi() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("wide.png"),
        png(3000, 500, opaque([1, 2, 3])),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tall.png"),
        png(500, 6000, opaque([4, 5, 6])),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("small.png"),
        png(300, 150, opaque([7, 8, 9])),
    )
    .unwrap();
    let built = build(
        dir.path(),
        "![Wide](wide.png \"Wide\")\n\n![Tall](tall.png \"Tall\")\n\n![Small](small.png)\n",
    );
    let page = built.doc.get_pages()[&1];
    let media = numbers(built.doc.get_dictionary(page).unwrap(), b"MediaBox");
    let (right, top) = (media[2] - MARGIN, media[3] - MARGIN);
    let mut all: Vec<Drawn> = drawn(&built.doc).into_iter().flatten().collect();
    assert_eq!(all.len(), 3);
    // The captioned tall one floats past the uncaptioned small one; back to the text's order.
    all.sort_by(|a, b| (a.height / a.width).total_cmp(&(b.height / b.width)));
    all.swap(1, 2);
    for image in &all {
        assert!(
            image.x >= MARGIN - 0.01
                && image.y >= MARGIN - 0.01
                && image.x + image.width <= right + 0.01
                && image.y + image.height <= top + 0.01,
            "{image:?} leaves the text block {MARGIN}..{right} × {MARGIN}..{top}"
        );
    }
    // The wide one is cut to the measure, the tall one to the block's height.
    assert!(
        (all[0].width - (right - MARGIN)).abs() < 0.01,
        "{:?}",
        all[0]
    );
    assert!(all[1].height > (top - MARGIN) * 0.8, "{:?}", all[1]);
    // 300 × 150 px at 150 dpi: 2 × 1 inches, never blown up to the measure.
    assert!((all[2].width - 144.0).abs() < 0.01 && (all[2].height - 72.0).abs() < 0.01);
}

#[test]
fn an_image_used_twice_is_embedded_once_and_output_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = png(50, 50, |x, y| [x as u8, y as u8, 0, 255]);
    std::fs::write(dir.path().join("a.png"), &bytes).unwrap();
    std::fs::create_dir(dir.path().join("copy")).unwrap();
    std::fs::write(dir.path().join("copy/b.png"), &bytes).unwrap();
    std::fs::copy(
        Path::new(FIXTURES).join("photo.jpg"),
        dir.path().join("photo.jpg"),
    )
    .unwrap();
    // Several graphics states and fonts: svg2pdf lists them in hash order.
    std::fs::write(
        dir.path().join("layers.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="90" height="60">
  <rect width="40" height="40" fill="red" opacity="0.3"/>
  <rect x="20" width="40" height="40" fill="blue" fill-opacity="0.5" stroke="black" stroke-opacity="0.7"/>
  <circle cx="50" cy="30" r="20" fill="green" opacity="0.6"/>
  <text x="5" y="55" font-family="serif">a</text><text x="40" y="55" font-family="monospace">b</text>
</svg>"#,
    )
    .unwrap();
    let markdown = "![One](a.png)\n\n![Again](a.png)\n\n![Same bytes](copy/b.png)\n\n\
                    ![Photo](photo.jpg)\n\n![Layers](layers.svg)\n";
    let built = build(dir.path(), markdown);
    let drawn: Vec<Drawn> = drawn(&built.doc).into_iter().flatten().collect();
    assert_eq!(drawn.len(), 5);
    let distinct: BTreeMap<&str, usize> = drawn.iter().fold(BTreeMap::new(), |mut counts, d| {
        *counts.entry(d.name.as_str()).or_default() += 1;
        counts
    });
    assert_eq!(distinct.len(), 3, "{distinct:?}");
    assert_eq!(streams_of(&built.doc, b"Image").len(), 2);
    for _ in 0..4 {
        assert!(
            build(dir.path(), markdown).bytes == built.bytes,
            "same bytes"
        );
    }
}

/// A PNG whose IHDR claims `width` × `height` (8-bit RGBA), followed by a few bytes of image
/// data: a decoder that believed it would allocate tens of gigabytes.
fn bomb(width: u32, height: u32) -> Vec<u8> {
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", header),
        (
            b"IDAT",
            vec![0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        ),
        (b"IEND", Vec::new()),
    ] {
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(&data);
        bytes.extend_from_slice(&(data.len() as u32).to_be_bytes());
        bytes.extend_from_slice(kind);
        bytes.extend_from_slice(&data);
        bytes.extend_from_slice(&crc.sum().to_be_bytes());
    }
    bytes
}

#[test]
fn missing_huge_broken_and_remote_images_become_framed_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bomb.png"), bomb(100_000, 100_000)).unwrap();
    std::fs::write(
        dir.path().join("broken.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .unwrap();
    let markdown = "Some text.\n\n![Nowhere to be found](missing.png)\n\n\
                    ![A bomb](bomb.png)\n\n![Torn](broken.png)\n\n\
                    ![Far away](https://example.org/far.png)\n";
    let built = build(dir.path(), markdown);
    assert!(streams_of(&built.doc, b"Image").is_empty());
    let text = letters(&page_texts(&built.doc).concat());
    for alt in ["Nowhere to be found", "A bomb", "Torn", "Far away"] {
        assert!(text.contains(&letters(alt)), "{alt} is not shown: {text}");
    }
    for (needle, line) in [
        ("missing.png", 3),
        ("megapixels", 5),
        ("broken.png", 7),
        ("far.png", 9),
    ] {
        let warning = built
            .warnings
            .iter()
            .find(|w| w.message.contains(needle))
            .unwrap_or_else(|| panic!("no warning about {needle}: {:?}", built.warnings));
        assert_eq!(
            warning.span.map(|s| s.line),
            Some(line),
            "{needle}: {warning:?}"
        );
    }
}
