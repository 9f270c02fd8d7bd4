//! One parsed face: its tables checked, its metrics and what the PDF writer needs to describe it.
//!
//! Both the font set and font discovery build on this type, so it sits below them.

use rustybuzz::ttf_parser;
use std::borrow::Cow;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

/// A face's file: borrowed from the binary, or read from disk once and then shared, never
/// copied: a machine's CJK collection is 20 MB, and the SVG renderer's font database takes the
/// same bytes.
#[derive(Clone)]
pub(crate) enum FontBytes {
    Bundled(&'static [u8]),
    Read(Arc<Vec<u8>>),
}

impl Deref for FontBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FontBytes::Bundled(bytes) => bytes,
            FontBytes::Read(bytes) => bytes,
        }
    }
}

impl FontBytes {
    /// The bytes for a `fontdb` source, without a copy.
    pub(crate) fn shared(&self) -> Arc<dyn AsRef<[u8]> + Send + Sync> {
        match self {
            FontBytes::Bundled(bytes) => Arc::new(*bytes),
            FontBytes::Read(bytes) => bytes.clone(),
        }
    }
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
#[derive(Clone)]
pub(crate) struct Face {
    pub(crate) data: FontBytes,
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
    /// The face's index in its file: 0 but in collections (`.ttc`, as Noto CJK ships).
    pub(crate) index: u32,
    /// The glyph of U+0020, drawn (invisibly) in word gaps so that extracted text and the
    /// structure tree's text have their spaces.
    pub(crate) space: Option<u16>,
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
        Face::parse_at(data, 0, source)
    }

    /// Parses and checks face `index` of a file (a font collection holds several).
    pub(crate) fn parse_at(
        data: Cow<'static, [u8]>,
        index: u32,
        source: String,
    ) -> Result<Face, FontError> {
        let invalid = |reason| FontError::Invalid {
            name: source.clone(),
            reason,
        };
        let data = match data {
            Cow::Borrowed(bytes) => FontBytes::Bundled(bytes),
            Cow::Owned(bytes) => FontBytes::Read(Arc::new(bytes)),
        };
        let face =
            ttf_parser::Face::parse(&data, index).map_err(|_| invalid("unreadable font tables"))?;
        if rustybuzz::Face::from_slice(&data, index).is_none() {
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
            index,
            space: face.glyph_index(' ').map(|g| g.0),
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
