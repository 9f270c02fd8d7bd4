//! The faces a PDF may use: the bundled ones, the user's chosen families, their metrics and the
//! fallback chain per style.
//!
//! Gentium Book Plus (serif), JetBrains Mono (code) and Noto Naskh Arabic (Arabic script) are
//! compiled into the binary, so folio typesets from any directory. A family named in
//! [`FontOptions`] is looked up in the user's font directories (see `discover`) and becomes the
//! primary face of its style; the bundled faces stay behind it in the fallback chain, and faces
//! found on the machine for characters none of them has (`system`) come last. This module only loads and describes faces: shaping lives in
//! `shape`, subsetting and embedding in `subset` and `embed`.

use super::discover;
use super::face::{Face, FontError};
use rustybuzz::ttf_parser;
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::OnceLock;

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
    /// Characters no bundled or chosen face has may come from the system's fonts (the
    /// `font_dirs` are searched first either way). Off by default in the library, so a
    /// build depends on the machine only when asked; the `folio` command turns it on unless
    /// given `--no-system-fonts`.
    pub system_fonts: bool,
    /// Family name for formulas; it must have an OpenType MATH table. STIX Two Math without it.
    pub math_font: Option<String>,
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
            bytes: include_bytes!(concat!("../../../fonts/", $file)),
        }
    };
}

/// Serif regular, italic, bold, bold italic (the order of [`Style::index`]), then mono regular
/// and bold: JetBrains Mono has no italic in the bundle, code is set upright. Then the
/// Arabic-script face, regular and bold (Persian, Dari, Pashto, Urdu, Arabic), behind both
/// families: Naskh has no italic, and Arabic script is not slanted for emphasis.
static BUNDLED: [Bundled; 8] = [
    bundled!("GentiumBookPlus-Regular.ttf"),
    bundled!("GentiumBookPlus-Italic.ttf"),
    bundled!("GentiumBookPlus-Bold.ttf"),
    bundled!("GentiumBookPlus-BoldItalic.ttf"),
    bundled!("JetBrainsMono-Regular.ttf"),
    bundled!("JetBrainsMono-Bold.ttf"),
    Bundled {
        file: "NotoNaskhArabic-Regular.ttf",
        bytes: crate::bundled_fonts::NASKH_REGULAR,
    },
    Bundled {
        file: "NotoNaskhArabic-Bold.ttf",
        bytes: crate::bundled_fonts::NASKH_BOLD,
    },
];

/// STIX Two Math: formulas are set in it unless another math family is chosen. Parsed only for
/// a document with math.
static MATH: Bundled = bundled!("STIXTwoMath-Regular.otf");

/// Where fonts are installed on the machine, searched for a math family when system fonts are
/// allowed.
const SYSTEM_FONT_DIR: &str = "/usr/share/fonts";

/// Where the Arabic-script faces start in [`BUNDLED`].
const ARABIC: u16 = 6;

/// The bundled Arabic-script face of the style's weight.
fn arabic_face(style: Style) -> FaceId {
    FaceId(ARABIC + style.bold as u16)
}

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
    /// The face formulas are set in, in no chain: loaded only for a document with math.
    math: Option<FaceId>,
}

/// The bundled faces, parsed once per process and copied for each document (their data is
/// borrowed from the binary, so a copy is cheap): every article of a batch starts from them.
fn bundled_faces() -> Result<Vec<Face>, FontError> {
    static PARSED: OnceLock<Option<Vec<Face>>> = OnceLock::new();
    let parse = || {
        BUNDLED
            .iter()
            .map(|b| Face::parse(Cow::Borrowed(b.bytes), b.file.to_string()))
            .collect::<Result<Vec<_>, _>>()
    };
    match PARSED.get_or_init(|| parse().ok()) {
        Some(faces) => Ok(faces.clone()),
        // Parsed again only to give the error: the bundled fonts are tested, this is not reached.
        None => parse(),
    }
}

impl FontSet {
    /// Bundled faces always; `main_font`/`mono_font` (family names, e.g. "Charis SIL") are looked up among the
    /// .ttf/.otf files in `font_dirs` (match the name table's family; pick regular/italic/bold/bold-italic by
    /// weight/italic flags; a style the family lacks falls back to the nearest it has, with a warning string).
    /// A user font becomes the primary face of its family; the bundled ones stay in the fallback chain.
    pub fn load(options: &FontOptions) -> Result<(FontSet, Vec<String>), FontError> {
        let mut faces = bundled_faces()?;
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
            let mut chain = Vec::with_capacity(5);
            let other = s.other_family();
            for id in [
                primary[s.index()],
                bundled_face(s),
                arabic_face(s),
                primary[other.index()],
                bundled_face(other),
            ] {
                if !chain.contains(&id) {
                    chain.push(id);
                }
            }
            chain
        });
        let math = None;
        Ok((
            FontSet {
                faces,
                chains,
                math,
            },
            warnings,
        ))
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
    /// family, the bundled Arabic-script face, then the other family's faces (Serif → mono for
    /// symbols, Mono → serif for letters).
    pub(crate) fn chain(&self, style: Style) -> &[FaceId] {
        &self.chains[style.index()]
    }

    pub(crate) fn face(&self, id: FaceId) -> Option<&Face> {
        self.faces.get(id.0 as usize)
    }

    pub(crate) fn len(&self) -> usize {
        self.faces.len()
    }

    /// Of `chars`, those no face of the set has a glyph for.
    pub(crate) fn lacking(&self, chars: &[char]) -> Vec<char> {
        let parsed: Vec<ttf_parser::Face> = self
            .faces
            .iter()
            .filter_map(|f| ttf_parser::Face::parse(&f.data, f.index).ok())
            .collect();
        chars
            .iter()
            .copied()
            .filter(|&c| parsed.iter().all(|f| f.glyph_index(c).is_none()))
            .collect()
    }

    /// Loads the face formulas are set in: `options.math_font` from the font folders (and the
    /// machine's, when system fonts are allowed), else the bundled STIX Two Math.
    pub(crate) fn load_math(&mut self, options: &FontOptions) -> Result<FaceId, FontError> {
        let face = match &options.math_font {
            Some(name) => {
                let mut dirs = options.font_dirs.clone();
                if options.system_fonts {
                    dirs.push(PathBuf::from(SYSTEM_FONT_DIR));
                }
                // Only the regular face is used: the notes on missing styles do not apply.
                let mut unused = Vec::new();
                let picked = discover::find_families(&dirs, &[name], &mut unused)?;
                // `find_families` fails for a family it does not find, so one is picked.
                let regular = picked.into_iter().next().and_then(|mut family| {
                    let i = family.by_style[0];
                    (i < family.faces.len()).then(|| family.faces.swap_remove(i))
                });
                regular.ok_or(FontError::Invalid {
                    name: name.clone(),
                    reason: "no face of the family could be loaded",
                })?
            }
            None => Face::parse(Cow::Borrowed(MATH.bytes), MATH.file.to_string())?,
        };
        let id = FaceId(self.faces.len() as u16);
        self.faces.push(face);
        self.math = Some(id);
        Ok(id)
    }

    /// The face formulas are set in, once loaded.
    pub(crate) fn math(&self) -> Option<FaceId> {
        self.math
    }

    /// Adds faces found on the machine at the end of every style's chain.
    pub(crate) fn add_fallbacks(&mut self, faces: Vec<Face>) {
        for face in faces {
            let id = FaceId(self.faces.len() as u16);
            self.faces.push(face);
            for chain in &mut self.chains {
                chain.push(id);
            }
        }
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
            3,
            "JetBrains Mono Bold, Noto Naskh Arabic Bold, then Gentium Bold Italic"
        );
        let naskh = fonts.face(fonts.chain(mono)[1]).expect("naskh");
        assert_eq!(naskh.postscript_name, "NotoNaskhArabic-Bold");
    }

    #[test]
    fn user_family_becomes_primary_with_warnings_for_missing_styles() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fonts_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        std::fs::copy(
            fonts_dir.join("JetBrainsMono-Regular.ttf"),
            dir.path().join("a.ttf"),
        )
        .expect("copy");
        let options = FontOptions {
            font_dirs: vec![dir.path().to_path_buf()],
            main_font: Some("jetbrains mono".into()),
            ..FontOptions::default()
        };
        let (fonts, warnings) = FontSet::load(&options).expect("loads");
        let serif = Style::SERIF;
        let user = fonts.primary(serif);
        assert!(
            user.0 as usize >= BUNDLED.len(),
            "user face comes after the bundled ones"
        );
        assert_eq!(
            fonts.chain(serif)[1],
            FaceId(0),
            "bundled Gentium stays in the chain"
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        let missing = FontOptions {
            main_font: Some("No Such Family".into()),
            ..options
        };
        assert!(matches!(
            FontSet::load(&missing),
            Err(FontError::FamilyNotFound { .. })
        ));
    }

    #[test]
    fn fallbacks_join_every_chain_after_the_bundled_faces() {
        let (mut fonts, _) = FontSet::load(&FontOptions::default()).expect("bundled fonts load");
        assert_eq!(
            fonts.lacking(&['a', 'ب', 'ғ', '\u{E000}', '你']),
            ['\u{E000}', '你']
        );
        let extra = Face::parse(Cow::Borrowed(BUNDLED[0].bytes), "extra".into()).expect("face");
        fonts.add_fallbacks(vec![extra]);
        let added = FaceId(BUNDLED.len() as u16);
        for style in Style::ALL {
            assert_eq!(fonts.chain(style).last(), Some(&added));
        }
        assert_eq!(fonts.primary(SERIF), FaceId(0));
    }
}
