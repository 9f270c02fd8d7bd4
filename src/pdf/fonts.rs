//! The faces a PDF may use: the bundled ones, the user's chosen families, their metrics and the
//! fallback chain per style.
//!
//! Gentium Book Plus (serif) and JetBrains Mono (code) are compiled into the binary, so folio
//! typesets from any directory. A family named in [`FontOptions`] is looked up in the user's font
//! directories (see `discover`) and becomes the primary face of its style; the bundled faces stay
//! behind it in the fallback chain. This module only loads and describes faces: shaping lives in
//! `shape`, subsetting and embedding in `subset` and `embed`.

use super::discover;
use rustybuzz::ttf_parser;
use std::borrow::Cow;
use std::path::PathBuf;

/// Index of a face in a [`FontSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub u16);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Serif,
    Mono,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Style {
    pub family: Family,
    pub bold: bool,
    pub italic: bool,
}

impl Style {
    /// The upright, regular text face: body text, and what most tests shape with.
    pub const SERIF: Style = Style {
        family: Family::Serif,
        bold: false,
        italic: false,
    };
    /// The upright, regular code face.
    pub const MONO: Style = Style {
        family: Family::Mono,
        bold: false,
        italic: false,
    };

    /// Every style, in the order of [`Style::index`].
    pub(crate) const ALL: [Style; STYLES] = {
        let mut all = [Style::SERIF; STYLES];
        let mut i = 0;
        while i < STYLES {
            all[i] = Style {
                family: if i < 4 { Family::Serif } else { Family::Mono },
                bold: i & 2 != 0,
                italic: i & 1 != 0,
            };
            i += 1;
        }
        all
    };

    /// A dense index in `0..STYLES`, for per-style tables.
    pub(crate) fn index(self) -> usize {
        (self.family as usize) * 4 + (self.bold as usize) * 2 + self.italic as usize
    }

    /// The same weight and slant in the other family.
    fn other_family(self) -> Style {
        let family = match self.family {
            Family::Serif => Family::Mono,
            Family::Mono => Family::Serif,
        };
        Style { family, ..self }
    }
}

/// Two families × bold × italic.
pub(crate) const STYLES: usize = 8;

#[derive(Debug, Clone, Default)]
pub struct FontOptions {
    /// Folders searched (recursively) for `.ttf`/`.otf` files.
    pub font_dirs: Vec<PathBuf>,
    /// Family name for body text, e.g. "Charis SIL".
    pub main_font: Option<String>,
    /// Family name for code.
    pub mono_font: Option<String>,
}

/// Vertical metrics in em (font units / units per em) that the PDF font descriptor needs and
/// the font's own tables may lack.
#[derive(Debug, Clone, Copy)]
pub struct FaceMetrics {
    pub cap_height: f32,
    pub x_height: f32,
}

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{name}` is not a usable font: {reason}")]
    Invalid { name: String, reason: &'static str },
    #[error(
        "no font of family \"{family}\" among {searched} font files in {dirs}; \
         check the name (it is the family name, e.g. \"Charis SIL\") or add its folder to the font directories"
    )]
    FamilyNotFound {
        family: String,
        searched: usize,
        dirs: String,
    },
    #[error(
        "`{name}` forbids embedding or subsetting in its licence flags (OS/2 fsType); choose another font"
    )]
    NotEmbeddable { name: String },
}

/// Whether glyph outlines are TrueType (`glyf`) or CFF: they are embedded differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outlines {
    TrueType,
    Cff,
}

/// One loaded face with what the PDF writer needs to describe it.
pub(crate) struct Face {
    pub(crate) data: Cow<'static, [u8]>,
    /// Where it came from, for messages: a bundled file name or a path.
    pub(crate) source: String,
    pub(crate) postscript_name: String,
    pub(crate) units_per_em: u16,
    pub(crate) glyph_count: u16,
    pub(crate) metrics: FaceMetrics,
    /// OS/2 usWeightClass (400 regular, 700 bold).
    pub(crate) weight: u16,
    pub(crate) italic: bool,
    /// Degrees, counter-clockwise from vertical (negative for italics).
    pub(crate) italic_angle: f32,
    pub(crate) monospaced: bool,
    pub(crate) outlines: Outlines,
}

/// Names the face instead of dumping megabytes of font data.
impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("source", &self.source)
            .field("postscript_name", &self.postscript_name)
            .field("outlines", &self.outlines)
            .finish_non_exhaustive()
    }
}

impl Face {
    /// Parses and checks a face; `source` names it in errors.
    pub(crate) fn parse(data: Cow<'static, [u8]>, source: String) -> Result<Face, FontError> {
        let invalid = |reason| FontError::Invalid {
            name: source.clone(),
            reason,
        };
        let face =
            ttf_parser::Face::parse(&data, 0).map_err(|_| invalid("unreadable font tables"))?;
        if rustybuzz::Face::from_slice(&data, 0).is_none() {
            return Err(invalid("the shaper cannot read it"));
        }
        let tables = face.tables();
        let outlines = match (tables.glyf.is_some(), tables.cff.is_some()) {
            (true, _) => Outlines::TrueType,
            (false, true) => Outlines::Cff,
            (false, false) => return Err(invalid("no TrueType or CFF outlines")),
        };
        if tables.cmap.is_none() {
            return Err(invalid("no character map"));
        }
        // The licence flags live in OS/2; a font without that table states no restriction.
        let restricted = face.permissions() == Some(ttf_parser::Permissions::Restricted)
            || !face.is_subsetting_allowed()
            || !face.is_outline_embedding_allowed();
        if tables.os2.is_some() && restricted {
            return Err(FontError::NotEmbeddable { name: source });
        }
        let units_per_em = face.units_per_em();
        let em = |v: i16| v as f32 / units_per_em as f32;
        let ascender = em(face.ascender());
        let cap_height = face
            .capital_height()
            .filter(|&h| h > 0)
            .or_else(|| glyph_top(&face, 'H'))
            .map(em)
            .unwrap_or(ascender * CAP_HEIGHT_GUESS);
        let x_height = face
            .x_height()
            .filter(|&h| h > 0)
            .or_else(|| glyph_top(&face, 'x'))
            .map(em)
            .unwrap_or(cap_height * X_HEIGHT_GUESS);
        Ok(Face {
            postscript_name: name(&face, ttf_parser::name_id::POST_SCRIPT_NAME)
                .map(|n| n.chars().filter(|c| c.is_ascii_graphic()).collect())
                .filter(|n: &String| !n.is_empty())
                .unwrap_or_else(|| UNNAMED.to_string()),
            units_per_em,
            glyph_count: face.number_of_glyphs(),
            metrics: FaceMetrics {
                cap_height,
                x_height,
            },
            weight: face.weight().to_number(),
            italic: face.is_italic() || face.is_oblique(),
            italic_angle: face.italic_angle(),
            monospaced: face.is_monospaced(),
            outlines,
            source,
            data,
        })
    }
}

/// Without OS/2 sCapHeight or an "H", capitals are taken as this share of the ascender.
const CAP_HEIGHT_GUESS: f32 = 0.8;
/// Without OS/2 sxHeight or an "x", lowercase is taken as this share of the cap height.
const X_HEIGHT_GUESS: f32 = 0.65;
/// PostScript name for a face whose name table has none (the PDF needs some /BaseFont).
const UNNAMED: &str = "Unnamed";

fn glyph_top(face: &ttf_parser::Face, c: char) -> Option<i16> {
    face.glyph_index(c)
        .and_then(|g| face.glyph_bounding_box(g))
        .map(|r| r.y_max)
}

/// The first Unicode-decodable name record with this id.
pub(crate) fn name(face: &ttf_parser::Face, id: u16) -> Option<String> {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == id && n.is_unicode())
        .find_map(|n| n.to_string())
}

/// A bundled face: compiled in, so it never depends on the working directory.
struct Bundled {
    file: &'static str,
    bytes: &'static [u8],
}

macro_rules! bundled {
    ($file:literal) => {
        Bundled {
            file: $file,
            bytes: include_bytes!(concat!("../../fonts/", $file)),
        }
    };
}

/// Serif regular, italic, bold, bold italic (the order of [`Style::index`]), then mono regular
/// and bold: JetBrains Mono has no italic in the bundle, code is set upright.
const BUNDLED: [Bundled; 6] = [
    bundled!("GentiumBookPlus-Regular.ttf"),
    bundled!("GentiumBookPlus-Italic.ttf"),
    bundled!("GentiumBookPlus-Bold.ttf"),
    bundled!("GentiumBookPlus-BoldItalic.ttf"),
    bundled!("JetBrainsMono-Regular.ttf"),
    bundled!("JetBrainsMono-Bold.ttf"),
];

/// The bundled face for a style (its index in [`BUNDLED`], which is also its [`FaceId`]).
fn bundled_face(style: Style) -> FaceId {
    match style.family {
        Family::Serif => FaceId(style.index() as u16),
        Family::Mono => FaceId(4 + style.bold as u16),
    }
}

/// All faces of a document, shared read-only by every shaper and the writer.
#[derive(Debug)]
pub struct FontSet {
    /// The bundled faces first (so `faces[0]` always exists), then the user's.
    faces: Vec<Face>,
    /// Per style: the faces to try in order, primary first.
    chains: [Vec<FaceId>; STYLES],
}

impl FontSet {
    /// Bundled faces always; `main_font`/`mono_font` (family names, e.g. "Charis SIL") are looked up among the
    /// .ttf/.otf files in `font_dirs` (match the name table's family; pick regular/italic/bold/bold-italic by
    /// weight/italic flags; a style the family lacks falls back to the nearest it has, with a warning string).
    /// A user font becomes the primary face of its family; the bundled ones stay in the fallback chain.
    pub fn load(options: &FontOptions) -> Result<(FontSet, Vec<String>), FontError> {
        let mut faces = Vec::with_capacity(BUNDLED.len());
        for b in &BUNDLED {
            faces.push(Face::parse(Cow::Borrowed(b.bytes), b.file.to_string())?);
        }
        let mut primary: [FaceId; STYLES] = Style::ALL.map(bundled_face);
        let wanted = [
            (Family::Serif, &options.main_font),
            (Family::Mono, &options.mono_font),
        ];
        let requests: Vec<(Family, &str)> = wanted
            .iter()
            .filter_map(|(f, name)| name.as_deref().map(|n| (*f, n)))
            .collect();
        let mut warnings = Vec::new();
        if !requests.is_empty() {
            let names: Vec<&str> = requests.iter().map(|(_, n)| *n).collect();
            let found = discover::find_families(&options.font_dirs, &names, &mut warnings)?;
            for ((family, _), picked) in requests.iter().zip(found) {
                let first = faces.len();
                for face in picked.faces {
                    faces.push(face);
                }
                for style in Style::ALL.iter().filter(|s| s.family == *family) {
                    let slot = picked.by_style[(style.bold as usize) * 2 + style.italic as usize];
                    primary[style.index()] = FaceId((first + slot) as u16);
                }
            }
        }
        let chains = Style::ALL.map(|s| {
            let mut chain = Vec::with_capacity(4);
            let other = s.other_family();
            for id in [
                primary[s.index()],
                bundled_face(s),
                primary[other.index()],
                bundled_face(other),
            ] {
                if !chain.contains(&id) {
                    chain.push(id);
                }
            }
            chain
        });
        Ok((FontSet { faces, chains }, warnings))
    }

    /// The face that sets `style` (before any fallback).
    pub fn primary(&self, style: Style) -> FaceId {
        // Every chain starts with the style's primary face.
        self.chains[style.index()]
            .first()
            .copied()
            .unwrap_or(FaceId(0))
    }

    /// The faces tried for `style`, primary first: the user's face, the bundled face of the same
    /// family, then the other family's faces (Serif → mono for symbols, Mono → serif for letters).
    pub(crate) fn chain(&self, style: Style) -> &[FaceId] {
        &self.chains[style.index()]
    }

    pub(crate) fn face(&self, id: FaceId) -> Option<&Face> {
        self.faces.get(id.0 as usize)
    }

    pub(crate) fn len(&self) -> usize {
        self.faces.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERIF: Style = Style::SERIF;

    #[test]
    fn style_index_matches_all() {
        for (i, s) in Style::ALL.iter().enumerate() {
            assert_eq!(s.index(), i);
        }
    }

    #[test]
    fn bundled_faces_load_with_sane_metrics() {
        let (fonts, warnings) = FontSet::load(&FontOptions::default()).expect("bundled fonts load");
        assert!(warnings.is_empty());
        assert_eq!(fonts.len(), BUNDLED.len());
        let m = fonts
            .face(fonts.primary(SERIF))
            .expect("the bundled serif")
            .metrics;
        assert!(m.cap_height > m.x_height && m.x_height > 0.3);
        let mono = Style {
            family: Family::Mono,
            bold: true,
            italic: true,
        };
        let face = fonts.face(fonts.primary(mono)).expect("mono face");
        assert_eq!(face.postscript_name, "JetBrainsMono-Bold");
        assert!(face.monospaced);
        assert_eq!(
            fonts.chain(mono).len(),
            2,
            "JetBrains Mono Bold, then Gentium Bold Italic"
        );
    }
}
