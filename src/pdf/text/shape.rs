//! Text to positioned glyphs: rustybuzz shaping with per-character font fallback, cached.
//!
//! A [`Shaper`] turns a piece of text without line breaks in one [`Style`] into runs of glyphs,
//! one run per face: the style's primary face sets what it can, clusters it has no glyph for are
//! reshaped with the next face of the fallback chain, and whatever no face has becomes .notdef of
//! the primary face and is reported by [`Shaper::missing`]. Every glyph remembers the bytes of
//! text it stands for, which the writer turns into ToUnicode so that copied text is exact.
//! Text is shaped in one direction at a time (`bidi` cuts a paragraph into pieces of one level
//! and script); right-to-left runs keep their glyphs in logical order and are drawn last glyph
//! first. Shaping knows nothing of lines or pages; the typesetter decides where runs go.

use super::bidi;
use super::math::{MathBox, MathCache, MathFonts};
use crate::pdf::fonts::{FaceId, Family, FontSet, STYLES, Style};
use rustybuzz::ttf_parser::{GlyphId, Tag};
use rustybuzz::{
    BufferClusterLevel, Direction, Feature, Language, Script, ShapePlan, UnicodeBuffer,
};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use unicode_script::{Script as UnicodeScript, UnicodeScript as _};

/// One positioned glyph; lengths in em.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in the face of its run (not yet renumbered by subsetting).
    pub id: u16,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// Bytes of [`ShapedRun::text`] this glyph's cluster covers.
    pub cluster: Range<u32>,
    /// The first glyph of its cluster, which carries the cluster's text.
    pub cluster_start: bool,
}

/// Glyphs of one face for a piece of text.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedRun {
    pub face: FaceId,
    pub text: String,
    /// In logical order (the order of `text`) even when `rtl`; see [`ShapedRun::visual`].
    pub glyphs: Vec<Glyph>,
    /// Sum of advances, in em.
    pub width: f32,
    /// Shaped right to left: the glyphs are drawn from the last to the first.
    pub rtl: bool,
    /// What a reader copies instead of the glyphs' text, when set: a formula's TeX on its first
    /// run, nothing on the others.
    pub actual: Option<Arc<str>>,
}

impl ShapedRun {
    /// Text a glyph stands for (ToUnicode); "" for continuation glyphs of a multi-glyph cluster.
    pub fn glyph_text(&self, g: &Glyph) -> &str {
        if g.cluster_start {
            self.text
                .get(g.cluster.start as usize..g.cluster.end as usize)
                .unwrap_or("")
        } else {
            ""
        }
    }

    /// The glyph at visual position `k` (from the left), for drawing.
    pub fn visual(&self, k: usize) -> &Glyph {
        let i = if self.rtl {
            self.glyphs.len() - 1 - k
        } else {
            k
        };
        &self.glyphs[i]
    }

    /// Splits at a byte offset of `text` that is a cluster boundary (None inside a cluster, e.g. inside an
    /// "ffi" ligature): for hyphenation points and URL breaks, without reshaping.
    pub fn split_at(&self, byte: usize) -> Option<(ShapedRun, ShapedRun)> {
        if !self.text.is_char_boundary(byte) {
            return None;
        }
        let at = u32::try_from(byte).ok()?;
        if self
            .glyphs
            .iter()
            .any(|g| g.cluster.start < at && at < g.cluster.end)
        {
            return None;
        }
        let cut = self.glyphs.partition_point(|g| g.cluster.start < at);
        let (left, right) = self.glyphs.split_at(cut);
        let right = right
            .iter()
            .map(|g| Glyph {
                cluster: g.cluster.start - at..g.cluster.end - at,
                ..g.clone()
            })
            .collect();
        Some((
            ShapedRun::new(
                self.face,
                self.text[..byte].to_string(),
                left.to_vec(),
                self.rtl,
            ),
            ShapedRun::new(self.face, self.text[byte..].to_string(), right, self.rtl),
        ))
    }

    fn new(face: FaceId, text: String, glyphs: Vec<Glyph>, rtl: bool) -> ShapedRun {
        let width = glyphs.iter().map(|g| g.advance).sum();
        ShapedRun {
            face,
            text,
            glyphs,
            width,
            rtl,
            actual: None,
        }
    }

    /// Appends a run of the same face that follows this one in the text.
    fn append(&mut self, other: ShapedRun) {
        let shift = self.text.len() as u32;
        self.text.push_str(&other.text);
        self.width += other.width;
        self.glyphs.extend(other.glyphs.into_iter().map(|g| Glyph {
            cluster: g.cluster.start + shift..g.cluster.end + shift,
            ..g
        }));
    }
}

/// The text of the hyphen the typesetter adds at a break.
const HYPHEN: &str = "-";

/// OpenType features for prose: kerning and the standard ligatures (fi, fl, ffi).
const PROSE_FEATURES: [(&[u8; 4], u32); 3] = [(b"kern", 1), (b"liga", 1), (b"clig", 1)];
/// For right-to-left prose: kerning, and only the ligatures the script requires (lam-alef is
/// `rlig`, always on). Naskh's `liga` draws "الله" as one glyph, and a reader that extracts
/// text splits a glyph's several characters left to right, which reverses them in
/// right-to-left text (poppler does, even with ActualText); one glyph per letter keeps
/// copied and searched words whole.
const RTL_FEATURES: [(&[u8; 4], u32); 2] = [(b"kern", 1), (b"liga", 0)];
/// For code: no ligatures or contextual alternates, so `->` or `!=` show what was typed.
const CODE_FEATURES: [(&[u8; 4], u32); 4] =
    [(b"kern", 1), (b"liga", 0), (b"clig", 0), (b"calt", 0)];

fn features(list: &[(&[u8; 4], u32)]) -> Vec<Feature> {
    list.iter()
        .map(|(tag, value)| Feature::new(Tag::from_bytes(tag), *value, ..))
        .collect()
}

/// Shaped runs shared by every use of the same text.
pub type Runs = Arc<[Arc<ShapedRun>]>;

/// Texts a cache slot holds before it starts afresh: more than a long book's distinct words,
/// far fewer than a long listing's distinct tokens (numbers, names), which would otherwise all
/// be kept, at about 100 bytes each beyond their glyphs, to the end of the build.
const CACHED_TEXTS: usize = 1 << 16;

/// A cached result, with the characters it could not draw so that repeats are counted too.
struct Cached {
    runs: Arc<[Arc<ShapedRun>]>,
    missing: Box<[char]>,
}

/// Shaped texts by text, for one style and direction.
type Slots = HashMap<Box<str>, Cached>;

/// Shapes text for one document language; keep one per thread.
pub struct Shaper<'f> {
    fonts: &'f FontSet,
    /// One per face of `fonts`, indexed by [`FaceId`].
    faces: Vec<Option<rustybuzz::Face<'f>>>,
    language: Option<Language>,
    /// The document language's base bidi level, for text with no strong character.
    direction: u8,
    prose: Vec<Feature>,
    rtl_prose: Vec<Feature>,
    code: Vec<Feature>,
    /// By face, script, family, direction and language (see [`Shaper::speaking`]).
    plans: HashMap<(FaceId, Script, Family, bool, usize), ShapePlan>,
    /// Per style, left-to-right text then right-to-left text (see [`cache_slot`]).
    cache: [Slots; 2 * STYLES],
    /// Languages other than the document's that text was shaped in (a span's or a block's
    /// `lang`), each with a cache of its own.
    foreign: Vec<(Language, [Slots; 2 * STYLES])>,
    /// The language being shaped in: 0 the document's, `i` the `i - 1`th of `foreign`.
    speaking: usize,
    /// Words split at their hyphenation points, by style: a book sets the same long words
    /// thousands of times, and splitting copies glyphs and text each time.
    syllables: [HashMap<Box<str>, Runs>; STYLES],
    missing: Vec<(char, usize)>,
    /// Every missing character met, in order, for a sibling whose paragraphs are handed to
    /// another shaper (see [`Shaper::sibling`]); `None` on a shaper that keeps its own count.
    missed: Option<Vec<char>>,
    /// Kept between calls to reuse its allocation.
    buffer: Option<UnicodeBuffer>,
    /// The cache keeps every text past [`CACHED_TEXTS`] (see [`Shaper::hold`]).
    holding: bool,
    /// The document's formulas and their math face; `None` for a document without math.
    math: Option<MathCache<'f>>,
}

impl<'f> Shaper<'f> {
    pub fn new(fonts: &'f FontSet, lang: &str /* BCP 47, e.g. "en", "tg" */) -> Self {
        let faces = (0..fonts.len())
            .map(|i| {
                fonts
                    .face(FaceId(i as u16))
                    .and_then(|f| rustybuzz::Face::from_slice(&f.data, f.index))
            })
            .collect();
        let direction = if crate::model::is_rtl_language(lang) {
            bidi::RTL
        } else {
            bidi::LTR
        };
        Shaper::fresh(fonts, faces, lang.parse().ok(), direction)
    }

    /// A shaper with empty caches for `faces` (one per face of `fonts`).
    fn fresh(
        fonts: &'f FontSet,
        faces: Vec<Option<rustybuzz::Face<'f>>>,
        language: Option<Language>,
        direction: u8,
    ) -> Self {
        Shaper {
            fonts,
            faces,
            language,
            direction,
            prose: features(&PROSE_FEATURES),
            rtl_prose: features(&RTL_FEATURES),
            code: features(&CODE_FEATURES),
            plans: HashMap::new(),
            cache: std::array::from_fn(|_| HashMap::new()),
            foreign: Vec::new(),
            speaking: 0,
            syllables: std::array::from_fn(|_| HashMap::new()),
            missing: Vec::new(),
            missed: None,
            buffer: None,
            holding: false,
            math: None,
        }
    }

    /// Sets the document's formulas with `math`.
    pub fn set_math(&mut self, math: Arc<MathFonts<'f>>) {
        self.math = Some(MathCache::new(math));
    }

    /// The number display math `tex` shows: its `\tag`, or its place among the labelled
    /// equations.
    pub fn equation_number(&self, tex: &str, label: Option<&str>) -> Option<String> {
        self.math.as_ref()?.equation_number(tex, label)
    }

    /// The formula `tex` laid out at `size`; `None` when it is set as its TeX source.
    pub fn formula(&mut self, tex: &str, display: bool, size: f32) -> Option<Arc<MathBox>> {
        self.math.as_mut()?.formula(tex, display, size)
    }

    /// Keeps every text shaped from now on until [`Shaper::release`], past the cache's bound:
    /// a table shapes each cell twice (its rows are measured for the column widths, then set),
    /// and one with more distinct cells than the bound shaped them all again, so that 100,000
    /// rows took 2.7 times as long as 50,000. What is held is the table's own text.
    pub fn hold(&mut self) {
        self.holding = true;
    }

    /// Ends [`Shaper::hold`]: a slot past the cache's bound starts afresh.
    pub fn release(&mut self) {
        self.holding = false;
        let foreign = self.foreign.iter_mut().flat_map(|(_, cache)| cache);
        for slot in self.cache.iter_mut().chain(foreign) {
            if slot.len() >= CACHED_TEXTS {
                *slot = HashMap::new();
            }
        }
    }

    /// A shaper for the same faces, language and direction, with caches of its own, for a
    /// thread setting paragraphs ahead (shaping is a function of the text and style, so any
    /// shaper gives the same glyphs). It logs the characters no face has, for
    /// [`Shaper::take_missed`].
    pub fn sibling(&self) -> Self {
        let faces = self.faces.clone();
        Shaper {
            missed: Some(Vec::new()),
            math: self.math.as_ref().map(MathCache::sibling),
            ..Shaper::fresh(self.fonts, faces, self.language.clone(), self.direction)
        }
    }

    /// The characters no face had, in the order met, since the last call (a sibling's only).
    pub fn take_missed(&mut self) -> Vec<char> {
        self.missed.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// Counts characters a sibling met as if this shaper had shaped their text: the warning
    /// lists them as in a single pass.
    pub fn replay_missed(&mut self, chars: &[char]) {
        note_missing(&mut self.missing, &mut self.missed, chars);
    }

    /// Shapes a piece of text without line breaks (typically one word, maybe with trailing
    /// punctuation) in `style`: kerning and standard ligatures on (kern, liga, clig; for Mono
    /// ligatures and calt are off so code shows what was typed), one cluster per character unless
    /// a ligature joins them. Characters the style's primary face lacks come from the next face in
    /// the fallback chain that has them (Serif → bundled Gentium → mono; Mono → bundled JetBrains
    /// Mono → Gentium), giving one run per face change. Characters no face has are shaped as
    /// .notdef of the primary face and recorded (see `missing`). Results are cached (books repeat
    /// words): the same (text, style) returns the same Arc.
    pub fn shape(&mut self, text: &str, style: Style) -> Arc<[Arc<ShapedRun>]> {
        self.shape_directed(text, style, false)
    }

    /// [`Shaper::shape`] in a direction: `rtl` text (one bidi run of an odd level, see `bidi`)
    /// is shaped right to left, so joining forms, ligatures such as lam-alef and marks come
    /// out as the script needs, and parentheses are mirrored. Runs stay in logical order.
    pub fn shape_directed(&mut self, text: &str, style: Style, rtl: bool) -> Runs {
        let slot = cache_slot(style, rtl);
        let cache = match self.speaking {
            0 => &self.cache[slot],
            i => &self.foreign[i - 1].1[slot],
        };
        if let Some(hit) = cache.get(text) {
            note_missing(&mut self.missing, &mut self.missed, &hit.missing);
            return hit.runs.clone();
        }
        let mut runs: Vec<ShapedRun> = Vec::new();
        let mut missing = Vec::new();
        for (range, lead) in self.leads(text, style) {
            self.shape_range(text, range, style, rtl, lead, 0, &mut runs, &mut missing);
        }
        self.replay_missed(&missing);
        let runs: Arc<[Arc<ShapedRun>]> = runs.into_iter().map(Arc::new).collect();
        let cached = Cached {
            runs: runs.clone(),
            missing: missing.into(),
        };
        let holding = self.holding;
        let slots = self.slots(slot);
        if slots.len() >= CACHED_TEXTS && !holding {
            // Shaping again gives the same glyphs; only the memory of what was shaped goes.
            *slots = HashMap::new();
        }
        slots.insert(text.into(), cached);
        runs
    }

    /// [`Shaper::shape_directed`] in the language `lang` (BCP 47) where the text's is not the
    /// document's (a span's or a block's): the faces' letter forms for that language (OpenType
    /// language systems and `locl`: Serbian and Macedonian italics, Urdu digits …).
    pub fn shape_in(&mut self, text: &str, style: Style, rtl: bool, lang: Option<&str>) -> Runs {
        self.speaking = lang.map_or(0, |lang| self.language_index(lang));
        let runs = self.shape_directed(text, style, rtl);
        self.speaking = 0;
        runs
    }

    /// Where `lang` is among the languages text is shaped in (see [`Shaper::speaking`]): 0 for
    /// the document's, or one it cannot read.
    fn language_index(&mut self, lang: &str) -> usize {
        let Ok(language) = lang.parse::<Language>() else {
            return 0;
        };
        if self.language.as_ref() == Some(&language) {
            return 0;
        }
        match self
            .foreign
            .iter()
            .position(|(known, _)| *known == language)
        {
            Some(i) => i + 1,
            None => {
                self.foreign
                    .push((language, std::array::from_fn(|_| HashMap::new())));
                self.foreign.len()
            }
        }
    }

    /// The language being shaped in.
    fn spoken(&self) -> Option<&Language> {
        match self.speaking {
            0 => self.language.as_ref(),
            i => self.foreign.get(i - 1).map(|(language, _)| language),
        }
    }

    /// The cache of `slot` in the language being shaped in.
    fn slots(&mut self, slot: usize) -> &mut Slots {
        match self.speaking {
            0 => &mut self.cache[slot],
            i => &mut self.foreign[i - 1].1[slot],
        }
    }

    /// `run`, the shaped `word`, split at the byte offsets `points` that fall between clusters
    /// (the others are skipped), remembered per word: the points must be a function of the
    /// word, as the document's hyphenation patterns are.
    /// Words in a language other than the document's (`lang`) are not remembered: their glyphs
    /// may differ from the same word's in the document's language.
    pub fn syllables(
        &mut self,
        word: &str,
        (style, lang): (Style, Option<&str>),
        run: &ShapedRun,
        points: &[usize],
    ) -> Runs {
        let remembered = lang.is_none_or(|lang| self.language_index(lang) == 0);
        if remembered && let Some(known) = self.syllables[style.index()].get(word) {
            return known.clone();
        }
        let mut pieces = Vec::with_capacity(points.len() + 1);
        let mut rest = run.clone();
        let mut consumed = 0;
        for &point in points {
            if let Some((head, tail)) = rest.split_at(point - consumed) {
                consumed = point;
                pieces.push(Arc::new(head));
                rest = tail;
            }
        }
        pieces.push(Arc::new(rest));
        let pieces: Runs = pieces.into();
        if remembered {
            self.syllables[style.index()].insert(word.into(), pieces.clone());
        }
        pieces
    }

    /// A line of plain text (a running head, a contents entry) shaped in pieces of one bidi
    /// level and script, its runs in visual order. The base direction is the text's own, else
    /// the document's.
    pub fn shape_line(&mut self, text: &str, style: Style) -> Vec<Arc<ShapedRun>> {
        self.shape_line_from(text, style, self.direction)
    }

    /// [`Shaper::shape_line`] with `fallback` as the base level of text without a strong
    /// character: a list number hanging right of right-to-left text reads "1." from the right.
    pub fn shape_line_from(
        &mut self,
        text: &str,
        style: Style,
        fallback: u8,
    ) -> Vec<Arc<ShapedRun>> {
        let base = bidi::base_level(text, fallback);
        let Some(levels) = bidi::levels(text, base) else {
            return self.shape(text, style).to_vec();
        };
        let mut runs = Vec::new();
        for piece in bidi::pieces(text, &levels) {
            let rtl = bidi::is_rtl(piece.level);
            let shaped = self.shape_directed(&text[piece.range], style, rtl);
            runs.extend(shaped.iter().map(|run| (piece.level, run.clone())));
        }
        let order = bidi::visual_order(&runs.iter().map(|(level, _)| *level).collect::<Vec<_>>());
        order.into_iter().map(|i| runs[i].1.clone()).collect()
    }

    /// The base bidi level of the document: text with no strong character (a paragraph of
    /// digits) runs in this direction.
    pub fn direction(&self) -> u8 {
        self.direction
    }

    /// Sets the document's base level where its metadata states one (`dir: rtl`) beyond what
    /// its language implies.
    pub fn set_direction(&mut self, level: u8) {
        self.direction = level;
    }

    /// Width in em of a single space in the style's primary face.
    pub fn space(&mut self, style: Style) -> f32 {
        self.shape(" ", style).iter().map(|r| r.width).sum()
    }

    /// A hyphen "-" in the style's primary face (or the first face that has one).
    pub fn hyphen(&mut self, style: Style) -> Arc<ShapedRun> {
        let runs = self.shape(HYPHEN, style);
        match runs.first() {
            Some(run) => run.clone(),
            None => Arc::new(ShapedRun::new(
                self.fonts.primary(style),
                HYPHEN.to_string(),
                Vec::new(),
                false,
            )),
        }
    }

    /// Characters no face could draw, with how often, in first-seen order.
    pub fn missing(&self) -> &[(char, usize)] {
        &self.missing
    }

    /// `text` in runs of one script, each with the face of the style's chain its fallback starts
    /// at (its lead, see [`face_at`]): the first face, unless it lacks the script's letters and
    /// a later face has them. Then the run's Common and Inherited characters (punctuation,
    /// digits, joiners, marks), which take the script around them (UAX #24, as HarfBuzz-based
    /// systems resolve it: the script before them, or after them at the start), come from the
    /// face of its letters when that face has them: a full stop after Persian words is Naskh's,
    /// not the Latin face's. Neighbouring runs with the same lead are one; ASCII is one run.
    fn leads(&self, text: &str, style: Style) -> Vec<(Range<usize>, usize)> {
        if text.is_ascii() {
            return vec![(0..text.len(), 0)];
        }
        let chain = self.fonts.chain(style);
        let has = |id: FaceId, c: char| matches!(self.faces.get(id.0 as usize), Some(Some(face)) if face.glyph_index(c).is_some());
        let mut leads: Vec<(Range<usize>, usize)> = Vec::new();
        for piece in bidi::pieces(text, &[]) {
            let letter = text[piece.range.clone()].chars().find(|&c| !is_common(c));
            let lead = letter
                .filter(|&c| !chain.first().is_some_and(|&first| has(first, c)))
                .and_then(|c| chain.iter().position(|&id| has(id, c)))
                .unwrap_or(0);
            match leads.last_mut() {
                Some((range, last)) if *last == lead => range.end = piece.range.end,
                _ => leads.push((piece.range, lead)),
            }
        }
        leads
    }

    /// Shapes `text[range]` with the face at `depth` of the chain tried from `lead` (see
    /// [`face_at`]), handing the clusters that face has no glyph for to the next one; pushes
    /// runs in text order.
    #[allow(clippy::too_many_arguments)]
    fn shape_range(
        &mut self,
        text: &str,
        range: Range<usize>,
        style: Style,
        rtl: bool,
        lead: usize,
        depth: usize,
        out: &mut Vec<ShapedRun>,
        missing: &mut Vec<char>,
    ) {
        let piece = &text[range.clone()];
        let Some(face) = face_at(self.fonts.chain(style), lead, depth) else {
            missing.extend(piece.chars());
            push_run(out, self.notdef_run(self.fonts.primary(style), piece, rtl));
            return;
        };
        let glyphs = self.shape_with(face, piece, style.family, rtl);
        // Walk clusters, splitting into stretches that do (good) or do not (bad) have every glyph.
        let mut i = 0;
        while i < glyphs.len() {
            let good = cluster_is_drawn(&glyphs, i);
            let mut j = i;
            while j < glyphs.len() && cluster_is_drawn(&glyphs, j) == good {
                j = cluster_end(&glyphs, j);
            }
            let (start, end) = (glyphs[i].cluster.start, glyphs[j - 1].cluster.end);
            if good {
                let part = glyphs[i..j]
                    .iter()
                    .map(|g| Glyph {
                        cluster: g.cluster.start - start..g.cluster.end - start,
                        ..g.clone()
                    })
                    .collect();
                push_run(
                    out,
                    ShapedRun::new(
                        face,
                        piece[start as usize..end as usize].to_string(),
                        part,
                        rtl,
                    ),
                );
            } else {
                let sub = range.start + start as usize..range.start + end as usize;
                self.shape_range(text, sub, style, rtl, lead, depth + 1, out, missing);
            }
            i = j;
        }
    }

    /// Glyphs of `text` in one face, clusters relative to `text`, in logical order.
    fn shape_with(&mut self, id: FaceId, text: &str, family: Family, rtl: bool) -> Vec<Glyph> {
        let Some(Some(face)) = self.faces.get(id.0 as usize) else {
            // Unreadable face: every cluster is undrawn, so the next face takes it all.
            return self.notdef_run(id, text, rtl).glyphs;
        };
        let direction = if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        };
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(text);
        buffer.set_direction(direction);
        // Monotone characters: marks and letters keep their own clusters (so ToUnicode maps
        // each to its own text) and clusters never go backwards, so each covers a contiguous
        // byte range, which fallback, `split_at` and `x_at` rely on.
        buffer.set_cluster_level(BufferClusterLevel::MonotoneCharacters);
        if let Some(lang) = self.spoken() {
            buffer.set_language(lang.clone());
        }
        buffer.guess_segment_properties();
        let script = buffer.script();
        let feats = match (family, rtl) {
            (Family::Serif, false) => &self.prose,
            (Family::Serif, true) => &self.rtl_prose,
            (Family::Mono, _) => &self.code,
        };
        let language = match self.speaking {
            0 => self.language.as_ref(),
            i => self.foreign.get(i - 1).map(|(language, _)| language),
        };
        let plan = self
            .plans
            .entry((id, script, family, rtl, self.speaking))
            .or_insert_with(|| ShapePlan::new(face, direction, Some(script), language, feats));
        let shaped = rustybuzz::shape_with_plan(face, plan, buffer);
        let upem = face.units_per_em().max(1) as f32;
        let (infos, positions) = (shaped.glyph_infos(), shaped.glyph_positions());
        let n = infos.len();
        // Right-to-left output is in visual order; read it backwards to get logical order.
        let logical = |i: usize| if rtl { n - 1 - i } else { i };
        let mut glyphs: Vec<Glyph> = Vec::with_capacity(n);
        let mut end = text.len() as u32;
        for i in (0..n).rev() {
            let (info, p) = (&infos[logical(i)], &positions[logical(i)]);
            let start = info.cluster;
            if i + 1 < n && infos[logical(i + 1)].cluster != start {
                end = infos[logical(i + 1)].cluster;
            }
            glyphs.push(Glyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: p.x_advance as f32 / upem,
                x_offset: p.x_offset as f32 / upem,
                y_offset: p.y_offset as f32 / upem,
                cluster: start..end,
                cluster_start: i == 0 || infos[logical(i - 1)].cluster != start,
            });
        }
        glyphs.reverse();
        self.buffer = Some(shaped.clear());
        glyphs
    }

    /// One .notdef per character, for text that no face can draw.
    fn notdef_run(&self, id: FaceId, text: &str, rtl: bool) -> ShapedRun {
        let advance = match self.faces.get(id.0 as usize) {
            Some(Some(face)) => {
                f32::from(face.glyph_hor_advance(GlyphId(0)).unwrap_or(0))
                    / face.units_per_em().max(1) as f32
            }
            _ => 0.0,
        };
        let glyphs = text
            .char_indices()
            .map(|(at, c)| Glyph {
                id: 0,
                advance,
                x_offset: 0.0,
                y_offset: 0.0,
                cluster: at as u32..(at + c.len_utf8()) as u32,
                cluster_start: true,
            })
            .collect();
        ShapedRun::new(id, text.to_string(), glyphs, rtl)
    }
}

/// The face at `depth` of `chain` tried from `lead`: `chain[lead]` first, then the others in
/// their order (from lead 0, the chain as it is).
fn face_at(chain: &[FaceId], lead: usize, depth: usize) -> Option<FaceId> {
    if depth == 0 {
        return chain.get(lead).copied();
    }
    let others = chain.iter().enumerate().filter(|&(i, _)| i != lead);
    others.map(|(_, &id)| id).nth(depth - 1)
}

/// Whether `c` takes the script of the text around it (UAX #24 Common and Inherited).
fn is_common(c: char) -> bool {
    matches!(
        c.script(),
        UnicodeScript::Common | UnicodeScript::Inherited | UnicodeScript::Unknown
    )
}

/// Where `style`'s text in a direction is cached.
fn cache_slot(style: Style, rtl: bool) -> usize {
    style.index() + if rtl { STYLES } else { 0 }
}

/// Counts `chars`, characters no face has (few ever are: a list is enough), and logs them
/// when a sibling's log is on.
fn note_missing(missing: &mut Vec<(char, usize)>, missed: &mut Option<Vec<char>>, chars: &[char]) {
    for &c in chars {
        match missing.iter_mut().find(|(m, _)| *m == c) {
            Some((_, n)) => *n += 1,
            None => missing.push((c, 1)),
        }
    }
    if let Some(missed) = missed {
        missed.extend_from_slice(chars);
    }
}

/// Whether every glyph of the cluster starting at glyph `i` is a real glyph (not .notdef).
fn cluster_is_drawn(glyphs: &[Glyph], i: usize) -> bool {
    glyphs[i..cluster_end(glyphs, i)].iter().all(|g| g.id != 0)
}

/// Index just past the last glyph of the cluster starting at glyph `i`.
fn cluster_end(glyphs: &[Glyph], i: usize) -> usize {
    let start = glyphs[i].cluster.start;
    i + glyphs[i..]
        .iter()
        .take_while(|g| g.cluster.start == start)
        .count()
}

/// Adds a run, joining it to the previous one when fallback came back to the same face.
fn push_run(out: &mut Vec<ShapedRun>, run: ShapedRun) {
    match out.last_mut() {
        Some(last) if last.face == run.face && last.rtl == run.rtl => last.append(run),
        _ => out.push(run),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::FontOptions;

    const SERIF: Style = Style::SERIF;
    const MONO: Style = Style::MONO;

    fn fonts() -> FontSet {
        FontSet::load(&FontOptions::default())
            .expect("bundled fonts")
            .0
    }

    #[test]
    fn font_set_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<FontSet>();
    }

    #[test]
    fn ligatures_carry_their_whole_text() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts, "en");
        let runs = shaper.shape("office affine", SERIF);
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        assert!(
            run.glyphs.len() < run.text.chars().count(),
            "ffi/ff ligatures: {:?}",
            run.glyphs
        );
        let text: String = run.glyphs.iter().map(|g| run.glyph_text(g)).collect();
        assert_eq!(text, "office affine");
        assert!(run.glyphs.iter().any(|g| run.glyph_text(g) == "ffi"));
        let total: f32 = run.glyphs.iter().map(|g| g.advance).sum();
        assert!((total - run.width).abs() < 1e-5);
        assert!(
            Arc::ptr_eq(&runs, &shaper.shape("office affine", SERIF)),
            "cached"
        );
    }

    #[test]
    fn code_has_no_ligatures() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts, "en");
        let runs = shaper.shape("office->x!=y", MONO);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].glyphs.len(), "office->x!=y".len());
    }

    #[test]
    fn tajik_in_mono_falls_back_to_gentium() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts, "tg");
        let runs = shaper.shape("ғӣқӯҳҷ", MONO);
        let faces: Vec<FaceId> = runs.iter().map(|r| r.face).collect();
        assert!(
            faces.contains(&fonts.primary(MONO)) && faces.contains(&fonts.primary(SERIF)),
            "{faces:?}"
        );
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(text, "ғӣқӯҳҷ");
        assert!(runs.iter().all(|r| r.glyphs.iter().all(|g| g.id != 0)));
        assert!(shaper.missing().is_empty());
    }

    #[test]
    fn characters_no_face_has_are_reported() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts, "en");
        let runs = shaper.shape("a\u{E000}b", SERIF);
        assert_eq!(runs.len(), 1, "notdef stays in the primary face");
        assert_eq!(runs[0].glyphs.iter().filter(|g| g.id == 0).count(), 1);
        shaper.shape("a\u{E000}b", SERIF);
        shaper.shape("\u{1F600}", MONO);
        assert_eq!(shaper.missing(), vec![('\u{E000}', 2), ('\u{1F600}', 1)]);
    }

    #[test]
    fn split_at_respects_clusters() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts, "en");
        let run = shaper.shape("officer", SERIF)[0].clone();
        assert!(run.split_at(2).is_none(), "inside the ffi ligature");
        let (left, right) = run.split_at(4).expect("boundary after ffi");
        assert_eq!((left.text.as_str(), right.text.as_str()), ("offi", "cer"));
        assert!((left.width + right.width - run.width).abs() < 1e-5);
        let text: String = right.glyphs.iter().map(|g| right.glyph_text(g)).collect();
        assert_eq!(text, "cer");
        assert!(
            run.split_at(run.text.len())
                .is_some_and(|(_, r)| r.glyphs.is_empty())
        );
    }

    #[test]
    fn space_and_hyphen_have_width() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts, "en");
        assert!(shaper.space(SERIF) > 0.1 && shaper.space(SERIF) < 0.5);
        let hyphen = shaper.hyphen(MONO);
        assert_eq!(hyphen.face, fonts.primary(MONO));
        assert!(hyphen.width > 0.5, "monospaced advance");
    }

    /// Glyph ids of `text` shaped right to left, in logical order, and the faces used.
    fn rtl_glyphs(shaper: &mut Shaper, text: &str, style: Style) -> (Vec<u16>, Vec<FaceId>) {
        let runs = shaper.shape_directed(text, style, true);
        assert!(runs.iter().all(|r| r.rtl));
        let ids = runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|g| g.id))
            .collect();
        (ids, runs.iter().map(|r| r.face).collect())
    }

    #[test]
    fn arabic_letters_take_their_joining_forms() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts, "fa");
        // ب پ ت in Persian and Pashto words: initial, medial and final forms differ from
        // the isolated letter, and from each other.
        for (word, letter) in [("ببب", "ب"), ("تتت", "ت"), ("ښښښ", "ښ"), ("ګګګ", "ګ")]
        {
            let (forms, faces) = rtl_glyphs(&mut shaper, word, SERIF);
            let (isolated, _) = rtl_glyphs(&mut shaper, letter, SERIF);
            assert_eq!(faces, [FaceId(6)], "Noto Naskh Arabic sets {word}");
            assert_eq!(forms.len(), 3, "{word}: {forms:?}");
            assert!(
                forms.iter().all(|&g| g != 0 && g != isolated[0]),
                "{word}: {forms:?} {isolated:?}"
            );
            assert!(
                forms[0] != forms[1] && forms[1] != forms[2],
                "{word}: {forms:?}"
            );
        }
        // Persian ی and ک join too; the zero-width non-joiner stops the joining: the ی
        // before it takes its final form, not its medial one.
        let (joined, _) = rtl_glyphs(&mut shaper, "میخوانیم", SERIF);
        let (parted, _) = rtl_glyphs(&mut shaper, "می\u{200c}خوانیم", SERIF);
        assert_ne!(joined[1], parted[1], "{joined:?} {parted:?}");
        // Glyphs of a right-to-left run are kept in logical order: clusters ascend.
        let runs = shaper.shape_directed("سلام", SERIF, true);
        let starts: Vec<u32> = runs[0].glyphs.iter().map(|g| g.cluster.start).collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
        // And are drawn last first.
        assert_eq!(runs[0].visual(0), runs[0].glyphs.last().expect("glyphs"));
    }

    #[test]
    fn right_to_left_text_has_one_glyph_per_letter_but_lam_alef() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts, "ar");
        let runs = shaper.shape_directed("الله", SERIF, true);
        assert_eq!(
            runs[0].glyphs.len(),
            4,
            "no Allah ligature: {:?}",
            runs[0].glyphs
        );
        let text: String = runs[0]
            .glyphs
            .iter()
            .map(|g| runs[0].glyph_text(g))
            .collect();
        assert_eq!(text, "الله");
    }

    #[test]
    fn punctuation_beside_arabic_letters_comes_from_their_face() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts, "fa");
        let naskh = FaceId(6);
        // The full stop, colon, quotes, digits and joiners of a Dari sentence: Common
        // characters Gentium also has, drawn in Naskh beside Naskh's letters.
        for text in [
            "کتاب.",
            "زبان:",
            "«دری»؛",
            "«کتاب»!",
            "1.کتاب",
            "کتاب\u{200c}ها.",
        ] {
            let (_, faces) = rtl_glyphs(&mut shaper, text, SERIF);
            assert_eq!(faces, [naskh], "{text}");
        }
        // Naskh has no parentheses: they come from the next face that has them.
        let (_, faces) = rtl_glyphs(&mut shaper, "(دری)", SERIF);
        assert_eq!(faces, [FaceId(0), naskh, FaceId(0)]);
        // Latin keeps its face, with its punctuation, even in the same word as Persian.
        let runs = shaper.shape("(Rust).", SERIF);
        assert_eq!(runs.iter().map(|r| r.face).collect::<Vec<_>>(), [FaceId(0)]);
        let runs = shaper.shape("Rust:کتاب.", SERIF);
        let parts: Vec<(&str, FaceId)> = runs.iter().map(|r| (r.text.as_str(), r.face)).collect();
        assert_eq!(parts, [("Rust:", FaceId(0)), ("کتاب.", naskh)]);
        assert!(shaper.missing().is_empty());
    }

    #[test]
    fn text_in_another_language_takes_its_letter_forms() {
        let fonts = fonts();
        let italic = Style {
            italic: true,
            ..SERIF
        };
        let ids = |runs: &Runs| -> Vec<u16> {
            runs.iter()
                .flat_map(|r| r.glyphs.iter().map(|g| g.id))
                .collect()
        };
        let mut shaper = Shaper::new(&fonts, "en");
        // Gentium's Serbian italic б, г, д, п, т differ from the Russian ones.
        let russian = ids(&shaper.shape_in("бгдпт", italic, false, None));
        let serbian = ids(&shaper.shape_in("бгдпт", italic, false, Some("sr")));
        assert_ne!(russian, serbian);
        assert_eq!(russian, ids(&shaper.shape("бгдпт", italic)), "cached apart");
        assert_eq!(
            russian,
            ids(&shaper.shape_in("бгдпт", italic, false, Some("en")))
        );
        // A Serbian document's text needs no span.
        let mut serbian_doc = Shaper::new(&fonts, "sr");
        assert_eq!(serbian, ids(&serbian_doc.shape("бгдпт", italic)));
    }

    #[test]
    fn persian_in_code_and_bold_falls_back_to_naskh_of_the_weight() {
        let fonts = fonts();
        let mut shaper = Shaper::new(&fonts, "fa");
        let mono = shaper.shape_directed("کتاب", MONO, true);
        assert_eq!(mono.iter().map(|r| r.face).collect::<Vec<_>>(), [FaceId(6)]);
        let bold = Style {
            bold: true,
            ..SERIF
        };
        for word in ["۱۳۵۷", "کتاب"] {
            let (_, faces) = rtl_glyphs(&mut shaper, word, bold);
            assert_eq!(faces, [FaceId(7)], "Noto Naskh Arabic Bold");
        }
        // Latin in the same style stays with Gentium.
        let latin = shaper.shape("Rust", bold);
        assert_eq!(latin[0].face, fonts.primary(bold));
        assert!(shaper.missing().is_empty());
    }
}
