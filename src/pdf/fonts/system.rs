//! The machine's fonts as the last fallback: for characters that no bundled or chosen face
//! has, the fonts in the `--font-dir` folders and then the system's (found by fontdb) are
//! searched for faces that have them.
//!
//! Within each group upright regular faces come first, then the others by path and index, so
//! the pick never depends on the order a directory lists its files. Faces that cannot be
//! embedded as outlines (colour bitmap emoji, fonts whose licence forbids it) are passed over.
//! `--no-system-fonts` leaves the system's group out, so a build depends only on the bundled
//! fonts and the folders it was given.

use super::face::Face;
use rustybuzz::ttf_parser;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// OS/2 usWeightClass of a regular face, the weight fallback faces are preferred in.
const REGULAR: u16 = 400;

/// A face found on the machine, with the file it came from (for the build record).
pub(crate) struct Found {
    pub(crate) face: Face,
    pub(crate) path: PathBuf,
}

/// The system's fonts, listed once per run: a batch asks for them article after article.
fn system_fonts() -> &'static fontdb::Database {
    static SYSTEM: OnceLock<fontdb::Database> = OnceLock::new();
    SYSTEM.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

/// Faces from `dirs` and, with `system`, the system's fonts, that together have as many of
/// `wanted` as the machine has: one face per group of characters, the first that has any.
pub(crate) fn cover(wanted: &[char], dirs: &[PathBuf], system: bool) -> Vec<Found> {
    let mut remaining = wanted.to_vec();
    let mut found = Vec::new();
    let mut user = fontdb::Database::new();
    for dir in dirs {
        user.load_fonts_dir(dir);
    }
    let mut groups = vec![&user];
    if system {
        groups.push(system_fonts());
    }
    for db in groups {
        let mut faces: Vec<(&fontdb::FaceInfo, &Path)> = db
            .faces()
            .filter_map(|info| match &info.source {
                fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
                    Some((info, path.as_path()))
                }
                fontdb::Source::Binary(_) => None,
            })
            .collect();
        faces.sort_by_key(|(info, path)| {
            (
                info.style != fontdb::Style::Normal,
                info.weight.0.abs_diff(REGULAR),
                *path,
                info.index,
            )
        });
        for (info, path) in faces {
            if remaining.is_empty() {
                return found;
            }
            let covered: Vec<char> = db
                .with_face_data(info.id, |data, index| {
                    let face = ttf_parser::Face::parse(data, index).ok()?;
                    Some(
                        remaining
                            .iter()
                            .copied()
                            .filter(|&c| face.glyph_index(c).is_some())
                            .collect(),
                    )
                })
                .flatten()
                .unwrap_or_default();
            if covered.is_empty() {
                continue;
            }
            let Ok(data) = std::fs::read(path) else {
                continue;
            };
            let source = path.display().to_string();
            // Bitmap-only (colour emoji) and restricted fonts cannot be embedded: skip them.
            let Ok(face) = Face::parse_at(Cow::Owned(data), info.index, source) else {
                continue;
            };
            remaining.retain(|c| !covered.contains(c));
            found.push(Found {
                face,
                path: path.to_path_buf(),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_given_folders_come_first_and_bitmap_fonts_are_skipped() {
        let dir = tempfile::tempdir().expect("temp dir");
        // The bundled Naskh, copied into a font folder, covers Arabic when asked.
        std::fs::write(
            dir.path().join("naskh.ttf"),
            include_bytes!("../../../fonts/NotoNaskhArabic-Regular.ttf"),
        )
        .expect("written");
        std::fs::write(dir.path().join("broken.ttf"), b"not a font").expect("written");
        let found = cover(&['ب', '\u{E000}'], &[dir.path().to_path_buf()], false);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, dir.path().join("naskh.ttf"));
        assert_eq!(found[0].face.postscript_name, "NotoNaskhArabic-Regular");
        assert!(cover(&['\u{E000}'], &[dir.path().to_path_buf()], false).is_empty());
    }
}
