//! Which glyphs of a face the document draws, and the subset font program made from them.
//!
//! Usage is gathered over every page before anything is written, so each face is subset once.
//! A PDF code identifies both a glyph and, through ToUnicode, the text it stands for. The same
//! glyph can stand for different texts (space and no-break space, µ and μ, a letter alone and as
//! the first glyph of a decomposed letter), so every distinct (glyph, text) pair gets its own code:
//! the first uses the glyph's new id, the others alias codes past the last glyph that a
//! /CIDToGIDMap sends back to the same glyph. Building PDF objects is left to `embed`.

use super::face::{Face, Outlines};
use crate::pdf::error::WriteError;
use rustybuzz::ttf_parser::{self, GlyphId};
use sha2::{Digest, Sha256};

/// Every (glyph, text) pair one face draws, in first-seen order per glyph. The texts are
/// copied, so the pages they come from can be freed as soon as they are written.
pub(crate) struct Usage {
    /// Indexed by original glyph id.
    texts: Vec<Vec<Box<str>>>,
}

impl Usage {
    pub(crate) fn new(face: &Face) -> Usage {
        Usage {
            texts: vec![Vec::new(); usize::from(face.glyph_count)],
        }
    }

    /// Records a glyph; false if the face has no such glyph.
    pub(crate) fn note(&mut self, glyph: u16, text: &str) -> bool {
        let Some(texts) = self.texts.get_mut(usize::from(glyph)) else {
            return false;
        };
        if !texts.iter().any(|t| **t == *text) {
            texts.push(text.into());
        }
        true
    }
}

/// Glyph widths in /W are 1/1000 em rounded to this many decimals; content streams position
/// glyphs against the same rounded values, so the viewer's pen and ours agree.
const WIDTH_SCALE: f64 = 100.0;

/// A face reduced to the glyphs the document uses, with a PDF code for each (glyph, text).
pub(crate) struct Subset {
    /// The subset font file (an sfnt; `embed` extracts the bare CFF table where needed).
    pub(crate) program: Vec<u8>,
    /// Six capital letters naming this subset (ISO 32000-1, 9.6.4), from its glyphs and texts.
    pub(crate) tag: String,
    /// Indexed by original glyph id: each text the glyph stands for and its code.
    codes: Vec<Vec<(Box<str>, u16)>>,
    /// Indexed by code: advance in 1/1000 em, `None` for codes never drawn.
    widths: Vec<Option<f32>>,
    /// Indexed by code: the glyph it draws, when some codes are aliases.
    pub(crate) cid_to_gid: Option<Vec<u16>>,
    /// (code, text) for ToUnicode, by code; continuation glyphs ("" text) have none.
    pub(crate) to_unicode: Vec<(u16, Box<str>)>,
    /// The face's space glyph (original id) when the document draws it in word gaps.
    pub(crate) space: Option<u16>,
}

impl Subset {
    pub(crate) fn new(face: &Face, usage: Usage) -> Result<Subset, WriteError> {
        let error = |why: String| WriteError::Subset {
            font: face.source.clone(),
            why,
        };
        let space = face.space.filter(|&g| {
            usage
                .texts
                .get(usize::from(g))
                .is_some_and(|texts| texts.iter().any(|t| &**t == " "))
        });
        let used: Vec<u16> = (0..usage.texts.len())
            .filter(|&g| !usage.texts[g].is_empty())
            .map(|g| g as u16)
            .collect();
        // Sorted input keeps new ids in the order of old ones: deterministic, compact /W runs.
        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&used);
        let program = subsetter::subset(&face.data, face.index, &remapper)
            .map_err(|e| error(format!("{e:?}")))?;
        // Composite glyphs pull in their components, so count what the subset really holds.
        let glyph_count = ttf_parser::Face::parse(&program, 0)
            .map_err(|e| error(format!("the subset does not parse: {e}")))?
            .number_of_glyphs();
        let original = ttf_parser::Face::parse(&face.data, face.index)
            .map_err(|e| error(format!("the font does not parse: {e}")))?;
        let scale = 1000.0 / f64::from(face.units_per_em.max(1));
        let width = |glyph: u16| {
            let advance = f64::from(original.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0));
            ((advance * scale * WIDTH_SCALE).round() / WIDTH_SCALE) as f32
        };
        // CFF CIDFonts take no /CIDToGIDMap, so there every text of a glyph shares its code.
        let can_alias = face.outlines == Outlines::TrueType;
        let mut codes: Vec<Vec<(Box<str>, u16)>> = Vec::with_capacity(usage.texts.len());
        let mut widths: Vec<Option<f32>> = vec![None; usize::from(glyph_count)];
        let mut aliases: Vec<u16> = Vec::new();
        let mut to_unicode = Vec::new();
        let mut hasher = Sha256::new();
        hasher.update(face.postscript_name.as_bytes());
        for (old, texts) in usage.texts.into_iter().enumerate() {
            if texts.is_empty() {
                codes.push(Vec::new());
                continue;
            }
            let old = old as u16;
            let new = remapper
                .get(old)
                .ok_or_else(|| error(format!("glyph {old} was dropped")))?;
            // The glyph's own code goes to its first real text; continuation uses ("") and
            // further texts get aliases.
            let primary = texts.iter().position(|t| !t.is_empty()).unwrap_or(0);
            let order = std::iter::once(primary).chain((0..texts.len()).filter(|&i| i != primary));
            let mut mine = Vec::with_capacity(texts.len());
            for text in order.map(|i| &texts[i]) {
                let alias = u16::try_from(usize::from(glyph_count) + aliases.len());
                let code = match alias {
                    Ok(alias) if !mine.is_empty() && can_alias => {
                        aliases.push(new);
                        widths.push(None);
                        alias
                    }
                    // The primary text, or no alias possible (CFF, or the code space is full).
                    _ => new,
                };
                if widths[usize::from(code)].is_none() {
                    widths[usize::from(code)] = Some(width(old));
                    if !text.is_empty() {
                        to_unicode.push((code, text.clone()));
                    }
                }
                hasher.update(old.to_be_bytes());
                hasher.update(text.as_bytes());
                hasher.update([0]);
                mine.push((text.clone(), code));
            }
            codes.push(mine);
        }
        to_unicode.sort_unstable_by_key(|&(code, _)| code);
        let cid_to_gid = (!aliases.is_empty()).then(|| {
            (0..glyph_count)
                .chain(aliases.iter().copied())
                .collect::<Vec<u16>>()
        });
        let tag = hasher
            .finalize()
            .iter()
            .take(6)
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        Ok(Subset {
            program,
            tag,
            codes,
            widths,
            cid_to_gid,
            to_unicode,
            space,
        })
    }

    /// The code that draws `glyph` standing for `text`. Every pair was noted in the [`Usage`]
    /// this subset was made from; any other falls back to .notdef (code 0).
    pub(crate) fn code(&self, glyph: u16, text: &str) -> u16 {
        let texts = self
            .codes
            .get(usize::from(glyph))
            .map(Vec::as_slice)
            .unwrap_or_default();
        texts
            .iter()
            .find(|(t, _)| **t == *text)
            .or(texts.first())
            .map_or(0, |&(_, code)| code)
    }

    /// Advance of a code in 1/1000 em, as written to /W.
    pub(crate) fn width(&self, code: u16) -> f32 {
        self.widths
            .get(usize::from(code))
            .copied()
            .flatten()
            .unwrap_or(0.0)
    }

    /// (code, width) of every code drawn, ascending: the content of /W.
    pub(crate) fn widths(&self) -> impl Iterator<Item = (u16, f32)> + '_ {
        self.widths
            .iter()
            .enumerate()
            .filter_map(|(code, w)| w.map(|w| (code as u16, w)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::set::{FaceId, FontOptions, FontSet};

    #[test]
    fn one_glyph_for_two_texts_gets_an_alias() {
        let (fonts, _) = FontSet::load(&FontOptions::default()).expect("fonts");
        let face = fonts.face(FaceId(0)).expect("face");
        let data = ttf_parser::Face::parse(&face.data, 0).expect("parses");
        let space = data.glyph_index(' ').expect("space").0;
        let a = data.glyph_index('a').expect("a").0;
        let mut usage = Usage::new(face);
        assert!(usage.note(space, " "));
        assert!(usage.note(space, "\u{a0}"));
        assert!(usage.note(a, "a"));
        assert!(usage.note(space, " "));
        assert!(!usage.note(u16::MAX, "?"));
        let subset = Subset::new(face, usage).expect("subsets");
        let (plain, nbsp) = (subset.code(space, " "), subset.code(space, "\u{a0}"));
        assert_ne!(plain, nbsp);
        let map = subset.cid_to_gid.as_ref().expect("alias map");
        assert_eq!(map[usize::from(nbsp)], map[usize::from(plain)]);
        assert_eq!(subset.width(plain), subset.width(nbsp));
        assert!(subset.width(subset.code(a, "a")) > 300.0);
        assert_eq!(subset.to_unicode.len(), 3);
        assert_eq!(subset.tag.len(), 6);
        assert!(subset.tag.bytes().all(|b| b.is_ascii_uppercase()));
    }
}
