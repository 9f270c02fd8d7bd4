//! Names the book's files get: chapter file names by position, image and id names from a hash
//! of their content, so the same book always gets the same names.

use sha2::{Digest, Sha256};

/// The name of chapter file `index` (0-based): `chapter-001.xhtml` …
pub(super) fn chapter_file(index: usize) -> String {
    format!("chapter-{:03}.xhtml", index + 1)
}

/// The first `bytes` bytes of the SHA-256 of `data`, in hex: stable names from content.
pub(super) fn hex_digest(data: &[u8], bytes: usize) -> String {
    Sha256::digest(data)
        .iter()
        .take(bytes)
        .map(|b| format!("{b:02x}"))
        .collect()
}
