//! The one decision about each image a manuscript uses, made the same way for the reader, the
//! EPUB and the PDF: is this file an image folio will put in a book, and which bytes go in?
//!
//! - A raster ([`raster`]) is recognised by its content, never its name, its size is read from
//!   its header and held to [`MAX_PIXELS`], and it must decode.
//! - An SVG ([`svg`]) is parsed with limits and written back clean: no scripts, event handlers,
//!   entities or references outside the file; references inside it may not nest or multiply
//!   beyond what a drawing needs ([`svg_bounds`]); and what remains must draw.
//!
//! The reader makes the decision first and reports a refused image once; the backends then
//! make it again on the file they read (the result is the same for the same bytes) and only
//! use what it gives them. It knows no document format.

mod raster;
mod svg;
mod svg_bounds;

pub use svg_bounds::MAX_SVG_DEPTH;

use crate::resources::{ImageFormat, ResourceError};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{LazyLock, Mutex};

/// Most pixels an image may have: a 50-megapixel photo is already far beyond print needs, and
/// the header is checked against this before decoding, so a small file claiming to be huge (a
/// decompression bomb) costs nothing.
pub const MAX_PIXELS: u64 = 50_000_000;
/// What a decoder may allocate: every pixel of the largest allowed image at 16-bit RGBA.
pub const MAX_DECODE_BYTES: u64 = MAX_PIXELS * 8;

/// An image folio will use, and the bytes to use for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// What the content is, whatever the file is called.
    pub format: ImageFormat,
    /// The file as it is for a raster; for an SVG, the clean copy written back.
    pub bytes: Vec<u8>,
}

/// Reads the file at `path` (already resolved from `reference`) and decides on it. The error
/// names the reference and says why it is refused, for a warning.
pub fn load(path: &Path, reference: &str) -> Result<Checked, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("`{reference}` could not be read ({e})"))?;
    check(bytes).map_err(|why| match why {
        Refusal::Unknown => ResourceError::UnknownFormat(reference.to_string()).to_string(),
        Refusal::Because(why) => format!("`{reference}` is refused: {why}"),
    })
}

/// Why an image is not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Its content is none of the formats a book may carry.
    Unknown,
    /// It is one of them, but damaged, too large or unsafe; the text says which.
    Because(String),
}

/// Verdicts given before, by the SHA-256 of the bytes: the reader, the EPUB and the PDF each
/// decide on every image, and deciding decodes a raster whole. Only the verdict is kept (an
/// SVG's clean copy, small), and at most [`REMEMBERED`] of them, so a batch stays flat.
static VERDICTS: LazyLock<Mutex<HashMap<[u8; 32], Verdict>>> = LazyLock::new(Mutex::default);
const REMEMBERED: usize = 256;

/// An SVG's clean copy, or `None` for a raster used as it is.
type Verdict = Result<Option<Vec<u8>>, Refusal>;

/// Decides on an image's bytes (once per content in a process).
pub fn check(bytes: Vec<u8>) -> Result<Checked, Refusal> {
    let format = ImageFormat::detect(&bytes).ok_or(Refusal::Unknown)?;
    let key: [u8; 32] = Sha256::digest(&bytes).into();
    let known = VERDICTS.lock().ok().and_then(|v| v.get(&key).cloned());
    let verdict = known.unwrap_or_else(|| {
        let verdict = decide(&bytes, format);
        if let Ok(mut verdicts) = VERDICTS.lock() {
            if verdicts.len() >= REMEMBERED {
                verdicts.clear();
            }
            verdicts.insert(key, verdict.clone());
        }
        verdict
    });
    Ok(Checked {
        format,
        bytes: verdict?.unwrap_or(bytes),
    })
}

/// The verdict on `bytes` of `format`, found anew.
fn decide(bytes: &[u8], format: ImageFormat) -> Verdict {
    // The decoders, usvg and svg2pdf are well tested, but the file is anyone's: should one of
    // them panic on it, that image is refused, not the article lost.
    // An SVG gives its clean copy; a raster is used as it is.
    std::panic::catch_unwind(|| match format {
        ImageFormat::Svg => svg::clean(bytes).map(Some),
        _ => raster::check(bytes, format).map(|()| None),
    })
    .unwrap_or_else(|_| Err("its decoder failed on it".to_string()))
    .map_err(Refusal::Because)
}
