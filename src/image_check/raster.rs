//! Rasters (PNG, JPEG, GIF, WebP): the header read for the size, held to the pixel budget before
//! anything is decoded, then the whole image decoded under the same budget, so a damaged file
//! is found here and not by a reading system.

use super::{MAX_DECODE_BYTES, MAX_PIXELS};
use crate::resources::ImageFormat;
use std::io::Cursor;

/// Whether `bytes`, whose content says they are `format`, are a whole image within the budget.
pub(super) fn check(bytes: &[u8], format: ImageFormat) -> Result<(), String> {
    let (format, name) = match format {
        ImageFormat::Png => (image::ImageFormat::Png, "PNG"),
        ImageFormat::Jpeg => (image::ImageFormat::Jpeg, "JPEG"),
        ImageFormat::Gif => (image::ImageFormat::Gif, "GIF"),
        ImageFormat::Webp => (image::ImageFormat::WebP, "WebP"),
        ImageFormat::Svg => return Err("it is an SVG, not a raster".to_string()),
    };
    let reader = || image::ImageReader::with_format(Cursor::new(bytes), format);
    let (width, height) = reader()
        .into_dimensions()
        .map_err(|e| format!("it is a {name} whose header is damaged ({})", one_line(&e)))?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "it is {width}×{height} pixels, over the limit of {} megapixels",
            MAX_PIXELS / 1_000_000
        ));
    }
    if width == 0 || height == 0 {
        return Err(format!(
            "it is {width}×{height} pixels: there is nothing to draw"
        ));
    }
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut decoder = reader();
    decoder.limits(limits);
    decoder
        .decode()
        .map(drop)
        .map_err(|e| format!("it is a {name} whose data is damaged ({})", one_line(&e)))
}

/// A decoder's error on one line: some carry line breaks of their own.
fn one_line(error: &image::ImageError) -> String {
    error
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
