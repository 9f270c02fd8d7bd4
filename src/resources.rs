//! Finding the files a manuscript refers to (images, the cover) without letting it reach outside
//! its folder, and telling what kind of image a file really is.
//!
//! Shared by the reader (which checks references and reports problems) and the backends (which
//! load the bytes); knows no document format.

use std::path::{Component, Path, PathBuf};

/// Files larger than this are refused: no real book image needs more, and a hostile manuscript
/// must not make us read gigabytes into memory.
pub const MAX_RESOURCE_BYTES: u64 = 50 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ResourceError {
    #[error("`{0}` is a remote URL; remote images are not fetched")]
    Remote(String),
    #[error("`{0}` lies outside the manuscript's folder")]
    Outside(String),
    #[error("`{0}` does not exist")]
    Missing(String),
    #[error("`{path}` is {size} bytes, over the {max}-byte limit for one image")]
    TooLarge { path: String, size: u64, max: u64 },
    #[error("`{0}` is not a PNG, JPEG, GIF, WebP or SVG image")]
    UnknownFormat(String),
}

/// True for references with a URL scheme (`https://…`, `data:…`), which are never read from disk.
pub fn is_remote(reference: &str) -> bool {
    let Some((scheme, _)) = reference.split_once(':') else {
        return false;
    };
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Resolves `reference` against `base_dir`. Unless `allow_outside`, the result must stay inside
/// `base_dir` after `..` and symbolic links are followed.
pub fn resolve(
    base_dir: &Path,
    reference: &str,
    allow_outside: bool,
) -> Result<PathBuf, ResourceError> {
    resolve_within(base_dir, base_dir, reference, allow_outside)
}

/// Resolves `reference` against `base_dir`, a folder inside `root`. Unless `allow_outside`, the
/// result must stay inside `root`: a book's chapter in a subfolder may use the book's shared
/// images with `../`, but nothing outside the book.
pub fn resolve_within(
    base_dir: &Path,
    root: &Path,
    reference: &str,
    allow_outside: bool,
) -> Result<PathBuf, ResourceError> {
    if is_remote(reference) {
        return Err(ResourceError::Remote(reference.to_string()));
    }
    let decoded = percent_decode(reference);
    let relative = Path::new(&decoded);
    // How deep `base_dir` is inside `root`: the `..` steps the reference may take.
    let depth = base_dir
        .strip_prefix(root)
        .map_or(0, |inside| inside.components().count() as i32);
    let escapes_lexically = relative.is_absolute()
        || relative
            .components()
            .try_fold(depth, |depth, c| match c {
                Component::ParentDir if depth == 0 => None,
                Component::ParentDir => Some(depth - 1),
                Component::Normal(_) => Some(depth + 1),
                _ => Some(depth),
            })
            .is_none();
    if escapes_lexically && !allow_outside {
        return Err(ResourceError::Outside(reference.to_string()));
    }
    let path = base_dir.join(relative);
    let real = path
        .canonicalize()
        .map_err(|_| ResourceError::Missing(reference.to_string()))?;
    if !allow_outside {
        let base = root
            .canonicalize()
            .map_err(|_| ResourceError::Missing(reference.to_string()))?;
        if !real.starts_with(&base) {
            return Err(ResourceError::Outside(reference.to_string()));
        }
    }
    let size = real
        .metadata()
        .map_err(|_| ResourceError::Missing(reference.to_string()))?
        .len();
    if !real.is_file() {
        return Err(ResourceError::Missing(reference.to_string()));
    }
    if size > MAX_RESOURCE_BYTES {
        return Err(ResourceError::TooLarge {
            path: reference.to_string(),
            size,
            max: MAX_RESOURCE_BYTES,
        });
    }
    Ok(real)
}

/// Image formats an EPUB reading system must support (EPUB 3.3 core media types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl ImageFormat {
    /// Sniffs the format from the bytes, not the file name: a mislabelled file must not end up
    /// in a book under the wrong media type.
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        match bytes {
            [0x89, b'P', b'N', b'G', ..] => Some(Self::Png),
            [0xFF, 0xD8, 0xFF, ..] => Some(Self::Jpeg),
            [b'G', b'I', b'F', b'8', ..] => Some(Self::Gif),
            [
                b'R',
                b'I',
                b'F',
                b'F',
                _,
                _,
                _,
                _,
                b'W',
                b'E',
                b'B',
                b'P',
                ..,
            ] => Some(Self::Webp),
            _ if looks_like_svg(bytes) => Some(Self::Svg),
            _ => None,
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Svg => "image/svg+xml",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Gif => "gif",
            Self::Webp => "webp",
            Self::Svg => "svg",
        }
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    (head.starts_with("<?xml") || head.starts_with("<svg") || head.starts_with("<!--"))
        && head.contains("<svg")
}

/// Decodes `%20`-style escapes, which Markdown authors use for spaces in file names and
/// non-ASCII link fragments.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_references_are_recognised() {
        assert!(is_remote("https://example.org/a.png"));
        assert!(is_remote("data:image/png;base64,AAAA"));
        assert!(!is_remote("images/a.png"));
        assert!(!is_remote("C:/x.png"), "a drive letter is not a scheme");
    }

    #[test]
    fn paths_may_not_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("book");
        std::fs::create_dir_all(inner.join("img")).unwrap();
        std::fs::write(inner.join("img/a b.png"), b"\x89PNG").unwrap();
        std::fs::write(dir.path().join("secret.png"), b"\x89PNG").unwrap();
        assert!(resolve(&inner, "img/a%20b.png", false).is_ok());
        assert!(resolve(&inner, "img/../img/a b.png", false).is_ok());
        assert_eq!(
            resolve(&inner, "../secret.png", false),
            Err(ResourceError::Outside("../secret.png".into()))
        );
        assert!(resolve(&inner, "../secret.png", true).is_ok());
        assert_eq!(
            resolve(&inner, "img/none.png", false),
            Err(ResourceError::Missing("img/none.png".into()))
        );
    }

    #[test]
    fn formats_are_sniffed_from_bytes() {
        assert_eq!(ImageFormat::detect(b"\x89PNG\r\n"), Some(ImageFormat::Png));
        assert_eq!(
            ImageFormat::detect(b"\xFF\xD8\xFF\xE0"),
            Some(ImageFormat::Jpeg)
        );
        assert_eq!(
            ImageFormat::detect(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(ImageFormat::Webp)
        );
        assert_eq!(
            ImageFormat::detect(
                b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
            ),
            Some(ImageFormat::Svg)
        );
        assert_eq!(ImageFormat::detect(b"hello"), None);
    }
}
