//! Formulas to positioned glyphs: the MathML `crate::math` made from a formula's TeX is laid out
//! by formulary with the math face's OpenType MATH table (the one seam to that crate), and the
//! result becomes a self-contained [`MathBox`]: its width, ascent and descent, runs of glyphs of
//! the math face and the rules (fraction bars, radical overbars) in the box's own coordinates.
//! The flow places the box: inline in a line, or as display math in a slab of its own.
//!
//! A glyph keeps the character the face maps to it as its text, so that searched and extracted
//! text reads as the formula's symbols (a stretched variant or an assembly piece has none).

use super::collect::Frag;
use super::ink::Ink;
use super::shape::{Glyph, ShapedRun};
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

/// A laid-out formula, in points, with its origin at the left end of its baseline.
#[derive(Debug, Clone)]
pub struct MathBox {
    pub width: f32,
    /// Height above the baseline and depth below it.
    pub ascent: f32,
    pub descent: f32,
    /// Runs of the math face with their x; each frag's `rise` is its baseline shift.
    pub runs: Vec<(f32, Frag)>,
    pub rules: Vec<MathRule>,
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
        let root = formulary::parse(&formula.mathml).ok()?;
        let laid = formulary::layout(&root, &self.font, &LayoutOptions { font_size: size });
        let mut runs: Vec<(f32, Frag)> = Vec::new();
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
        for (_, frag) in &mut runs {
            let run = Arc::make_mut(&mut frag.run);
            run.width = run.glyphs.iter().map(|g| g.advance).sum();
        }
        Some(MathBox {
            width: laid.width,
            ascent: laid.ascent,
            descent: laid.descent,
            runs,
            rules,
        })
    }

    /// Adds a glyph to the last run when it continues it (same size, baseline and ink, to the
    /// right of it), else starts a run. Within a run the advances are the distances between
    /// glyphs, so the run draws every glyph exactly where the layout put it.
    fn add_glyph(
        &self,
        runs: &mut Vec<(f32, Frag)>,
        id: u16,
        (x, y): (f32, f32),
        size: f32,
        advance: f32,
        ink: Ink,
    ) {
        let text = self.chars.get(&id).map(char::to_string).unwrap_or_default();
        let em = |points: f32| points / size;
        if let Some((start, frag)) = runs.last_mut()
            && frag.size == size
            && frag.rise == -y
            && frag.ink == ink
        {
            let run = Arc::make_mut(&mut frag.run);
            let placed: f32 = run.glyphs.iter().map(|g| g.advance).sum::<f32>() * size;
            let at = *start + placed;
            if let Some(last) = run.glyphs.last_mut()
                && x >= at - last.advance * size
            {
                last.advance = em(x - (at - last.advance * size));
                push_glyph(run, id, em(advance), &text);
                return;
            }
        }
        let mut run = ShapedRun {
            face: self.face,
            text: String::new(),
            glyphs: Vec::new(),
            width: 0.0,
            rtl: false,
        };
        push_glyph(&mut run, id, em(advance), &text);
        let mut frag = Frag::plain(Arc::new(run), size, ink);
        frag.rise = -y;
        runs.push((x, frag));
    }
}

fn push_glyph(run: &mut ShapedRun, id: u16, advance: f32, text: &str) {
    let start = run.text.len() as u32;
    run.text.push_str(text);
    run.glyphs.push(Glyph {
        id,
        advance,
        x_offset: 0.0,
        y_offset: 0.0,
        cluster: start..run.text.len() as u32,
        cluster_start: true,
    });
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
