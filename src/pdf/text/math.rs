//! Formulas to positioned glyphs: the MathML `crate::math` made from a formula's TeX is laid out
//! by formulary with the math face's OpenType MATH table (the one seam to that crate), and the
//! result becomes a self-contained [`MathBox`]: its width, ascent and descent, runs of glyphs of
//! the math face and the rules (fraction bars, radical overbars) in the box's own coordinates.
//! The flow places the box: inline in a line, or as display math in a slab of its own.
//!
//! A glyph keeps the character the face maps to it as its text, so that searched text reads as
//! the formula's symbols (a stretched variant or an assembly piece has none); what a reader
//! copies is the TeX (`MathBox::tex`, written as ActualText).

use super::ink::Ink;
use crate::math::Formulas;
use crate::pdf::fonts::{FaceId, FontSet};
use formulary::{Item, LayoutOptions, MathFont};
use rustybuzz::ttf_parser;
use std::collections::HashMap;
use std::sync::Arc;

/// A filled rectangle of a formula: `top` is measured down from the baseline (negative above
/// it), all in points.
#[derive(Debug, Clone, PartialEq)]
pub struct MathRule {
    pub x: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
    pub ink: Ink,
}

/// Glyphs of the math face on one baseline at one size, drawn one after the other: each
/// glyph's advance (in em) is the distance to the next, so they land where the layout put them.
#[derive(Debug, Clone, PartialEq)]
pub struct MathRun {
    pub face: FaceId,
    /// From the formula's origin, in points; `rise` is the baseline's shift up.
    pub x: f32,
    pub rise: f32,
    pub size: f32,
    pub ink: Ink,
    pub glyphs: Vec<MathGlyph>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MathGlyph {
    pub id: u16,
    pub advance: f32,
    /// The character the face maps to the glyph, for ToUnicode (none for a stretched variant
    /// or a piece of an assembly).
    pub text: Option<char>,
}

impl MathRun {
    /// Where the next glyph would go by the advances so far, from the formula's origin.
    fn end(&self) -> f32 {
        self.x + self.glyphs.iter().map(|g| g.advance).sum::<f32>() * self.size
    }
}

/// A laid-out formula, in points, with its origin at the left end of its baseline.
#[derive(Debug, Clone)]
pub struct MathBox {
    pub width: f32,
    /// Height above the baseline and depth below it.
    pub ascent: f32,
    pub descent: f32,
    pub runs: Vec<MathRun>,
    pub rules: Vec<MathRule>,
    /// The formula as written, which is what a reader copies.
    pub tex: Arc<str>,
}

/// The math face of a document and its formulas, shared by every shaper that sets them.
pub struct MathFonts<'f> {
    formulas: &'f Formulas,
    face: FaceId,
    font: MathFont<'f>,
    /// The character each glyph of the face stands for, for ToUnicode.
    chars: HashMap<u16, char>,
}

impl<'f> MathFonts<'f> {
    /// The loaded math face of `fonts` ready for layout; an error says why the face cannot
    /// set math (no MATH table).
    pub fn new(fonts: &'f FontSet, formulas: &'f Formulas) -> Result<MathFonts<'f>, String> {
        let face_id = fonts.math().ok_or("no math face was loaded")?;
        let face = fonts.face(face_id).ok_or("no math face was loaded")?;
        let font = MathFont::new(&face.data, face.index)
            .map_err(|e| format!("{} cannot set formulas: {e}", face.postscript_name))?;
        let mut chars = HashMap::new();
        if let Ok(parsed) = ttf_parser::Face::parse(&face.data, face.index)
            && let Some(cmap) = parsed.tables().cmap
        {
            for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                subtable.codepoints(|cp| {
                    if let (Some(c), Some(glyph)) = (char::from_u32(cp), subtable.glyph_index(cp)) {
                        // The lowest code point wins, so the choice is the same every time.
                        chars
                            .entry(glyph.0)
                            .and_modify(|have: &mut char| *have = (*have).min(c))
                            .or_insert(c);
                    }
                });
            }
        }
        Ok(MathFonts {
            formulas,
            face: face_id,
            font,
            chars,
        })
    }

    /// `tex` laid out at `size`, or `None` when it is set as its TeX source (the reader has
    /// warned).
    pub fn lay_out(&self, tex: &str, display: bool, size: f32) -> Option<MathBox> {
        let formula = self.formulas.get(tex, display)?;
        // formulary is young: a formula it panics on is set as its TeX source, like one it
        // cannot parse, instead of failing the whole document.
        let laid = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let root = formulary::parse(&formula.mathml).ok()?;
            Some(formulary::layout(
                &root,
                &self.font,
                &LayoutOptions { font_size: size },
            ))
        }))
        .ok()
        .flatten()?;
        let mut runs: Vec<MathRun> = Vec::new();
        let mut rules = Vec::new();
        for item in &laid.items {
            match item {
                Item::Glyph {
                    id,
                    x,
                    y,
                    size,
                    advance,
                    color,
                    ..
                } => self.add_glyph(&mut runs, id.0, (*x, *y), *size, *advance, ink(*color)),
                Item::Rule { x, y, w, h, color } => rules.push(MathRule {
                    x: *x,
                    top: *y,
                    width: *w,
                    height: *h,
                    ink: ink(*color),
                }),
                // Backgrounds (`mathbackground`) are not drawn: print has no use for them.
                _ => {}
            }
        }
        Some(MathBox {
            width: laid.width,
            ascent: laid.ascent,
            descent: laid.descent,
            runs,
            rules,
            tex: Arc::from(tex.trim()),
        })
    }

    /// Adds a glyph to the last run when it continues it (same size, baseline and ink, to the
    /// right of its last glyph), else starts a run.
    fn add_glyph(
        &self,
        runs: &mut Vec<MathRun>,
        id: u16,
        (x, y): (f32, f32),
        size: f32,
        advance: f32,
        ink: Ink,
    ) {
        let glyph = MathGlyph {
            id,
            advance: advance / size,
            text: self.chars.get(&id).copied(),
        };
        if let Some(run) = runs.last_mut()
            && run.size == size
            && run.rise == -y
            && run.ink == ink
            && let Some(last) = run.glyphs.last()
        {
            let last_x = run.end() - last.advance * size;
            if x >= last_x {
                if let Some(last) = run.glyphs.last_mut() {
                    last.advance = (x - last_x) / size;
                }
                run.glyphs.push(glyph);
                return;
            }
        }
        runs.push(MathRun {
            face: self.face,
            x,
            rise: -y,
            size,
            ink,
            glyphs: vec![glyph],
        });
    }
}

fn ink(color: Option<formulary::Color>) -> Ink {
    match color {
        None => Ink::BLACK,
        Some(c) => Ink::Rgb([c.r, c.g, c.b].map(|v| f32::from(v) / 255.0)),
    }
}

/// A shaper's formulas: the shared math face and the boxes laid out so far, by TeX, display
/// and size (the same formula recurs, and footnotes set it smaller).
#[derive(Clone)]
pub struct MathCache<'f> {
    fonts: Arc<MathFonts<'f>>,
    boxes: HashMap<(Box<str>, bool, u32), Option<Arc<MathBox>>>,
}

impl<'f> MathCache<'f> {
    pub fn new(fonts: Arc<MathFonts<'f>>) -> Self {
        MathCache {
            fonts,
            boxes: HashMap::new(),
        }
    }

    /// Another shaper's cache over the same face, empty.
    pub fn sibling(&self) -> Self {
        MathCache::new(Arc::clone(&self.fonts))
    }

    pub fn equation_number(&self, tex: &str, label: Option<&str>) -> Option<String> {
        self.fonts.formulas.number(tex, label)
    }

    pub fn formula(&mut self, tex: &str, display: bool, size: f32) -> Option<Arc<MathBox>> {
        let key = (Box::from(tex), display, size.to_bits());
        if let Some(laid) = self.boxes.get(&key) {
            return laid.clone();
        }
        let laid = self.fonts.lay_out(tex, display, size).map(Arc::new);
        self.boxes.insert(key, laid.clone());
        laid
    }
}
