//! Finds the user's font families in their font folders and picks one face per style.
//!
//! A family is matched by the name table (typographic family, else family), case-insensitively;
//! file names mean nothing. Each of regular, italic, bold and bold italic gets the closest face
//! the family has, and every stand-in is reported as a warning, never as an error: a family
//! without an italic still typesets. The font set (`set`) asks it for families, and the build
//! cache for the font files a build depends on; it knows nothing of shaping.

use super::face::{Face, FontError, name};
use rustybuzz::ttf_parser;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// What was chosen for one requested family.
pub(crate) struct Picked {
    /// The distinct faces used, in the order first picked.
    pub(crate) faces: Vec<Face>,
    /// For regular, italic, bold, bold italic (index `bold * 2 + italic`): an index into `faces`.
    pub(crate) by_style: [usize; 4],
}

/// Font trees are shallow; the limit stops symbolic-link loops.
const MAX_DEPTH: usize = 8;
/// usWeightClass a "regular" and a "bold" face aim for.
const REGULAR_WEIGHT: u16 = 400;
const BOLD_WEIGHT: u16 = 700;
/// From this usWeightClass on (SemiBold) a face counts as bold.
const BOLD_FROM: u16 = 600;
/// Cost of a wrong slant in weight units: an upright stand-in for italic loses the emphasis
/// entirely, while a weight one step off only weakens it, so slant outranks weight.
const SLANT_COST: u32 = 500;

/// A face of a requested family, not yet fully parsed.
struct Candidate {
    path: PathBuf,
    data: Vec<u8>,
    weight: u16,
    italic: bool,
}

/// Looks up each of `families` in `dirs`; the result has one entry per requested family.
pub(crate) fn find_families(
    dirs: &[PathBuf],
    families: &[&str],
    warnings: &mut Vec<String>,
) -> Result<Vec<Picked>, FontError> {
    let files = font_files(dirs)?;
    let wanted: Vec<String> = families.iter().map(|f| f.trim().to_lowercase()).collect();
    let mut candidates: Vec<Vec<Candidate>> = families.iter().map(|_| Vec::new()).collect();
    for path in &files {
        let data = std::fs::read(path).map_err(|source| FontError::Read {
            path: path.clone(),
            source,
        })?;
        // Anything that does not parse cannot be the family asked for: skip it.
        let Ok(face) = ttf_parser::Face::parse(&data, 0) else {
            continue;
        };
        let names: Vec<String> = [
            ttf_parser::name_id::TYPOGRAPHIC_FAMILY,
            ttf_parser::name_id::FAMILY,
        ]
        .iter()
        .filter_map(|&id| name(&face, id))
        .map(|n| n.trim().to_lowercase())
        .collect();
        let (weight, italic) = (
            face.weight().to_number(),
            face.is_italic() || face.is_oblique(),
        );
        for (i, w) in wanted.iter().enumerate() {
            if names.contains(w) {
                candidates[i].push(Candidate {
                    path: path.clone(),
                    data: data.clone(),
                    weight,
                    italic,
                });
            }
        }
    }
    families
        .iter()
        .zip(candidates)
        .map(|(family, found)| pick(family, found, dirs, files.len(), warnings))
        .collect()
}

fn pick(
    family: &str,
    mut found: Vec<Candidate>,
    dirs: &[PathBuf],
    searched: usize,
    warnings: &mut Vec<String>,
) -> Result<Picked, FontError> {
    if found.is_empty() {
        let dirs = dirs
            .iter()
            .map(|d| format!("`{}`", d.display()))
            .collect::<Vec<_>>()
            .join(", ");
        let dirs = if dirs.is_empty() {
            "no font directories".to_string()
        } else {
            dirs
        };
        return Err(FontError::FamilyNotFound {
            family: family.to_string(),
            searched,
            dirs,
        });
    }
    // Candidate index per style slot, then the distinct ones in slot order.
    let chosen: [usize; 4] = [0, 1, 2, 3].map(|slot| closest(&found, slot >= 2, slot % 2 == 1));
    for (slot, &c) in chosen.iter().enumerate() {
        let (bold, italic) = (slot >= 2, slot % 2 == 1);
        let cand = &found[c];
        if (cand.weight >= BOLD_FROM) != bold || cand.italic != italic {
            warnings.push(format!(
                "font family \"{family}\" has no {} face; using `{}` for {} text",
                style_name(bold, italic),
                cand.path.display(),
                style_name(bold, italic),
            ));
        }
    }
    let mut order: Vec<usize> = Vec::with_capacity(4);
    for &c in &chosen {
        if !order.contains(&c) {
            order.push(c);
        }
    }
    let mut faces = Vec::with_capacity(order.len());
    for &c in &order {
        let cand = &mut found[c];
        let data = std::mem::take(&mut cand.data);
        faces.push(Face::parse(
            Cow::Owned(data),
            cand.path.display().to_string(),
        )?);
    }
    let by_style = chosen.map(|c| order.iter().position(|&o| o == c).unwrap_or(0));
    Ok(Picked { faces, by_style })
}

/// The candidate nearest to the wanted weight and slant; ties go to the first found.
fn closest(found: &[Candidate], bold: bool, italic: bool) -> usize {
    let target = if bold { BOLD_WEIGHT } else { REGULAR_WEIGHT };
    let cost = |c: &Candidate| {
        u32::from(c.weight.abs_diff(target)) + if c.italic != italic { SLANT_COST } else { 0 }
    };
    (0..found.len())
        .min_by_key(|&i| (cost(&found[i]), i))
        .unwrap_or(0)
}

fn style_name(bold: bool, italic: bool) -> &'static str {
    match (bold, italic) {
        (false, false) => "regular",
        (false, true) => "italic",
        (true, false) => "bold",
        (true, true) => "bold italic",
    }
}

/// `.ttf` and `.otf` files under `dir`, sorted so that picks do not depend on directory order.
/// Every `.ttf`/`.otf` file below `dirs`, in a stable order: the files a family is looked up in.
pub(crate) fn font_files(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, FontError> {
    let mut files = Vec::new();
    for dir in dirs {
        collect_font_files(dir, 0, &mut files)?;
    }
    Ok(files)
}

fn collect_font_files(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), FontError> {
    let read_err = |source| FontError::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_err)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if depth < MAX_DEPTH {
                collect_font_files(&path, depth + 1, out)?;
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf"))
        {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(weight: u16, italic: bool) -> Candidate {
        Candidate {
            path: PathBuf::new(),
            data: Vec::new(),
            weight,
            italic,
        }
    }

    #[test]
    fn closest_prefers_slant_over_weight() {
        let found = [cand(400, false), cand(700, false), cand(400, true)];
        assert_eq!(closest(&found, false, false), 0);
        assert_eq!(closest(&found, true, false), 1);
        assert_eq!(
            closest(&found, true, true),
            2,
            "bold italic falls back to italic"
        );
    }
}
