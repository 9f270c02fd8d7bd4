//! Rasters larger than the e-book stores take, scaled down before they go into the EPUB: Apple
//! Books wants no image inside a book over four million pixels ("Prepare your book", Apple Books
//! for Authors). A PNG stays a PNG and a JPEG a JPEG; GIF and WebP are left as they are (a GIF may
//! be animated). The PDF keeps the full image; only the EPUB's copy shrinks.

use crate::resources::ImageFormat;
use image::codecs::png::{CompressionType, PngEncoder};
use std::io::Cursor;

/// The most pixels an image in the EPUB may have.
pub const MAX_EPUB_PIXELS: u64 = 4_000_000;

/// JPEG quality for a shrunk photo: visually lossless at e-reader sizes.
const JPEG_QUALITY: u8 = 90;

/// `bytes` (a raster image_check accepted) within [`MAX_EPUB_PIXELS`]: the same bytes when they
/// already are, or when the image cannot be re-encoded (then the stores' limit is the user's to
/// meet; the book is still valid).
pub(super) fn to_store_limit(bytes: Vec<u8>, format: ImageFormat) -> Vec<u8> {
    let codec = match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        _ => return bytes,
    };
    let reader = || image::ImageReader::with_format(Cursor::new(&bytes), codec);
    let Ok((width, height)) = reader().into_dimensions() else {
        return bytes;
    };
    let pixels = u64::from(width) * u64::from(height);
    if pixels <= MAX_EPUB_PIXELS {
        return bytes;
    }
    let Ok(picture) = reader().decode() else {
        return bytes;
    };
    // The largest size with the same proportions within the limit (rounded down, so it is).
    let scale = (MAX_EPUB_PIXELS as f64 / pixels as f64).sqrt();
    let fit = |side: u32| ((f64::from(side) * scale).floor() as u32).max(1);
    // Area averaging (image's thumbnail filter): a box filter, as the PDF's resampling uses, and
    // some ten times faster than a triangle filter on a 3,000-pixel screenshot.
    let smaller = picture.thumbnail_exact(fit(width), fit(height));
    let mut out = Vec::new();
    let written = match format {
        ImageFormat::Jpeg => {
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            smaller.to_rgb8().write_with_encoder(encoder)
        }
        _ => {
            // Fast deflate: the default level takes ten times as long (a 3,000-pixel
            // screenshot: about 300 ms) to save a few per cent of the file.
            let encoder = PngEncoder::new_with_quality(
                &mut out,
                CompressionType::Fast,
                image::codecs::png::FilterType::Adaptive,
            );
            smaller.write_with_encoder(encoder)
        }
    };
    if written.is_ok() { out } else { bytes }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::GrayImage::new(width, height)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        bytes
    }

    fn size(bytes: &[u8]) -> (u32, u32) {
        image::load_from_memory(bytes)
            .unwrap()
            .into_rgb8()
            .dimensions()
    }

    #[test]
    fn a_large_png_shrinks_within_the_limit_keeping_its_shape() {
        let shrunk = to_store_limit(png(3024, 1608), ImageFormat::Png);
        let (width, height) = size(&shrunk);
        assert!(u64::from(width) * u64::from(height) <= MAX_EPUB_PIXELS);
        assert!(
            width > 2700 && (f64::from(width) / f64::from(height) - 3024.0 / 1608.0).abs() < 0.01
        );
        assert_eq!(
            to_store_limit(png(3024, 1608), ImageFormat::Png),
            shrunk,
            "the same bytes each time"
        );
    }

    #[test]
    fn an_image_within_the_limit_is_left_as_it_is() {
        let small = png(2000, 2000);
        assert_eq!(to_store_limit(small.clone(), ImageFormat::Png), small);
    }
}
