//! A paragraph's inlines to Knuth–Plass items: words become boxes of shaped glyphs, spaces
//! become glue, and hyphenation points and other break opportunities become penalties.
//!
//! [`Paragraph::items`] is what the line breaker sees; [`Paragraph::pieces`], index for index,
//! is what each item draws, so the line builder can place glyphs after breaking.
//!
//! Words are shaped once the whole paragraph is collected: its text decides its base direction
//! and the embedding level of every character (`bidi`), and a word that mixes directions or
//! scripts is shaped in pieces, each in its own direction. Right-to-left pieces are never
//! hyphenated.

use super::bidi::{self, LTR, is_rtl};
use super::breaks::{EXPLICIT_HYPHEN_COST, inner_breaks};
use super::hyphenate::Hyphenators;
use super::ink::Ink;
use super::linebreak::{FILL, INFINITY_PENALTY, Item, finish_paragraph};
use super::math::MathBox;
use super::protrude;
use super::shape::{ShapedRun, Shaper};
use crate::model::{Dir, Direction, Image, Inline, InlineKind, LinkTarget as ModelTarget, Span};
use crate::pdf::fonts::{Family, Style};
use crate::pdf::pictures::{Picture, Pictures};
use crate::style::{INLINE_MONO_SCALE, SCRIPT_SCALE, SUBSCRIPT_DROP, SUPERSCRIPT_RISE};
use std::ops::Range;
use std::sync::Arc;

/// Interword glue in TeX's proportions: stretch by half a space, shrink by a third.
const SPACE_STRETCH: f32 = 0.5;
const SPACE_SHRINK: f32 = 1.0 / 3.0;

/// Cost of breaking at a hyphenation point. Knuth–Plass use 50; we ask 100, as Typst does,
/// because a slightly looser line in a face with generous spaces reads better than a hyphen.
const HYPHEN_COST: f32 = 100.0;

/// Cost of hyphenating a capitalised word (a name, a term): a last resort, taken only when
/// every other way of breaking the paragraph is much worse.
const CAPITAL_HYPHEN_COST: f32 = 1000.0;

/// A run of glyphs with how to draw it.
#[derive(Debug, Clone)]
pub struct Frag {
    pub run: Arc<ShapedRun>,
    pub size: f32,
    /// Baseline shift in points (superscripts up).
    pub rise: f32,
    pub ink: Ink,
    /// Boxed: few fragments are links, and every fragment of a long document is held until
    /// it is drawn.
    pub link: Option<Box<LinkTarget>>,
    pub strike: bool,
    /// Horizontal scaling of the glyphs (font expansion); 1 is their natural width.
    pub scale: f32,
    /// Bidi embedding level: odd runs right to left (see `bidi`).
    pub level: u8,
    /// A word space follows on the line (set when lines are placed): the writer draws a space
    /// glyph there so that copied text and the structure tree keep their word boundaries.
    pub space_after: bool,
}

impl Frag {
    /// Plain left-to-right text in one ink: no rise, link or strike.
    pub fn plain(run: Arc<ShapedRun>, size: f32, ink: Ink) -> Self {
        Frag {
            run,
            size,
            rise: 0.0,
            ink,
            link: None,
            strike: false,
            scale: 1.0,
            level: LTR,
            space_after: false,
        }
    }

    pub fn width(&self) -> f32 {
        self.run.width * self.size * self.scale
    }
}

/// An image in the text, sized to sit on the baseline.
#[derive(Debug, Clone)]
pub struct InlineImage {
    pub picture: Arc<Picture>,
    pub width: f32,
    pub height: f32,
    pub alt: String,
}

/// The largest box an inline image may take: it keeps its proportions and is never enlarged.
#[derive(Debug, Clone, Copy)]
pub struct ImageLimit {
    pub width: f32,
    pub height: f32,
}

/// What an item draws.
#[derive(Debug, Clone)]
pub enum Piece {
    Text(Vec<Frag>),
    Image(InlineImage),
    /// Glue: draws nothing; its width comes from the line's ratio.
    Space,
    /// A penalty; when the line breaks here it draws the hyphen, if any.
    Break(Option<Frag>),
    /// A zero-width box marking an id's position (an anchor).
    Anchor(String),
    /// A zero-width box where note `number` is referenced: an anchor for the link back, and
    /// what tells page building which notes belong at the foot of the line's page.
    NoteRef(u32),
    /// A formula, standing on the baseline.
    Math(Arc<MathBox>),
}

#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    pub items: Vec<Item>,
    pub pieces: Vec<Piece>,
    /// Index for index with `items`, the bidi level of each (glue's decides where a space
    /// goes when a line is reordered; a text piece's frags carry their own).
    pub levels: Vec<u8>,
    /// The paragraph's base level: odd for a right-to-left paragraph, which is set flush right.
    pub base: u8,
    /// The size of the largest text, for the line's height.
    pub max_size: f32,
    /// Why each inline image that is set as its alt text could not be drawn, and where it is.
    pub unloaded: Vec<(String, Span)>,
    /// Where words of the model's text begin: the index of the word's first item and its
    /// character offset in the inlines' own text (see [`crate::model::Position`]). Ascending.
    pub starts: Vec<(usize, usize)>,
}

/// How the text at the current point is set.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    pub style: Style,
    pub size: f32,
    pub ink: Ink,
    pub rise: f32,
    pub link: Option<LinkTarget>,
    pub strike: bool,
    /// The language of the text (BCP 47) where it is not the document's: it picks the
    /// hyphenation patterns.
    pub lang: Option<Arc<str>>,
}

impl TextStyle {
    pub fn new(style: Style, size: f32) -> Self {
        TextStyle {
            style,
            size,
            ink: Ink::BLACK,
            rise: 0.0,
            link: None,
            strike: false,
            lang: None,
        }
    }
}

/// What the collector has met, in order, until the paragraph's levels are known.
enum Event {
    /// An item as it is, standing at byte `at` of the paragraph's text.
    Ready { item: Item, piece: Piece, at: usize },
    /// A part of a word between break opportunities, shaped when the paragraph is finished.
    Word {
        range: Range<usize>,
        style: TextStyle,
        /// The character offset of the model's word this part begins, if it begins one.
        starts: Option<usize>,
    },
}

/// Stands for an inline image or formula in the paragraph's text: a neutral, like the object it is.
const OBJECT: char = '\u{FFFC}';
/// Stands for a forced line break: white space to the bidi algorithm, not a new paragraph.
const LINE_SEPARATOR: char = '\u{2028}';
/// Bidi isolates around a span with a direction of its own (UAX #9 X5a–X5c, X6a).
const LEFT_TO_RIGHT_ISOLATE: char = '\u{2066}';
const RIGHT_TO_LEFT_ISOLATE: char = '\u{2067}';
const FIRST_STRONG_ISOLATE: char = '\u{2068}';
const POP_DIRECTIONAL_ISOLATE: char = '\u{2069}';

/// Builds one paragraph from inlines, text and anchors.
pub struct Collector<'s, 'f> {
    shaper: &'s mut Shaper<'f>,
    hyphenation: Option<&'s mut Hyphenators>,
    /// The paragraph's base level when the model decides it (see `with_base`).
    base: Option<u8>,
    /// Where inline images come from; without them images are set as their alt text.
    pictures: Option<(&'s Pictures<'f>, ImageLimit)>,
    paragraph: Paragraph,
    /// The paragraph's text in logical order: words, a space per glue, a stand-in per image.
    text: String,
    events: Vec<Event>,
    /// Characters of the model's text met so far (see [`Paragraph::starts`]).
    chars: usize,
    /// The next word begins one of the model's words: nothing or white space came before it.
    word_start: bool,
    /// Text set for the reader but not in the model's text (an image's alt text) is not counted.
    counting: bool,
}

impl<'s, 'f> Collector<'s, 'f> {
    pub fn new(shaper: &'s mut Shaper<'f>, hyphenation: Option<&'s mut Hyphenators>) -> Self {
        Collector {
            shaper,
            hyphenation,
            base: None,
            pictures: None,
            paragraph: Paragraph::default(),
            text: String::new(),
            events: Vec::new(),
            chars: 0,
            word_start: true,
            counting: true,
        }
    }

    /// The paragraph runs at base level `base` (0 left to right, 1 right to left), as the
    /// document model resolves it from `dir`, `lang` and the text; without this, its first
    /// strong character decides.
    pub fn with_base(mut self, base: u8) -> Self {
        self.base = Some(base);
        self
    }

    /// Inline images are drawn, from `pictures`, at most `limit` large.
    pub fn with_pictures(mut self, pictures: Option<&'s Pictures<'f>>, limit: ImageLimit) -> Self {
        self.pictures = pictures.map(|p| (p, limit));
        self
    }

    pub fn inlines(&mut self, inlines: &[Inline], style: &TextStyle) {
        for inline in inlines {
            self.inline(inline, style);
        }
    }

    fn inline(&mut self, inline: &Inline, outer: &TextStyle) {
        let mut style = outer.clone();
        match &inline.kind {
            InlineKind::Text { text } => self.text(text, outer),
            InlineKind::Emphasis { content } => {
                style.style.italic = !style.style.italic;
                self.inlines(content, &style);
            }
            InlineKind::Strong { content } => {
                style.style.bold = true;
                self.inlines(content, &style);
            }
            InlineKind::Strikethrough { content } => {
                style.strike = true;
                self.inlines(content, &style);
            }
            InlineKind::Superscript { content } => self.inlines(content, &script(outer, true)),
            InlineKind::Subscript { content } => self.inlines(content, &script(outer, false)),
            InlineKind::Keyboard { content } => self.inlines(content, &mono(outer)),
            InlineKind::Span { locale, content } => {
                if let Some(lang) = &locale.lang {
                    style.lang = Some(lang.as_str().into());
                }
                // A span with a direction of its own is isolated from the text around it
                // (UAX #9 isolates): the controls go into the text the levels come from.
                let isolate = match (locale.dir, locale.stated_direction()) {
                    (Some(Dir::Auto), _) => Some(FIRST_STRONG_ISOLATE),
                    (_, Some(Direction::Rtl)) => Some(RIGHT_TO_LEFT_ISOLATE),
                    (_, Some(Direction::Ltr)) => Some(LEFT_TO_RIGHT_ISOLATE),
                    (_, None) => None,
                };
                if let Some(open) = isolate {
                    self.text.push(open);
                }
                self.inlines(content, &style);
                if isolate.is_some() {
                    self.text.push(POP_DIRECTIONAL_ISOLATE);
                }
            }
            InlineKind::Code { code } => self.text(code, &mono(outer)),
            InlineKind::Math { tex } => {
                if let Some(formula) = self.shaper.formula(tex, false, style.size) {
                    let width = formula.width;
                    self.push_as(OBJECT, Item::rigid(width), Piece::Math(formula));
                    if self.counting {
                        self.chars += tex.chars().count();
                        self.word_start = false;
                    }
                    return;
                }
                style.style.italic = true;
                self.text(tex, &style);
            }
            InlineKind::Link(link) => {
                style.link = match &link.target {
                    ModelTarget::External(url) => Some(LinkTarget::Uri(url.clone())),
                    ModelTarget::Internal(id) => Some(LinkTarget::Internal(id.clone())),
                    ModelTarget::Unresolved(_) => outer.link.clone(),
                };
                self.inlines(&link.content, &style);
            }
            InlineKind::Image(image) => {
                if let Some(image) = self.picture(image, inline.span) {
                    let width = image.width;
                    self.push_as(OBJECT, Item::rigid(width), Piece::Image(image));
                    return;
                }
                style.style.italic = true;
                let alt = if image.alt.is_empty() {
                    "image"
                } else {
                    image.alt.as_str()
                };
                self.counting = false;
                self.text(&format!("[{alt}]"), &style);
                self.counting = true;
            }
            InlineKind::LineBreak => {
                self.count_space(1);
                self.push_as(
                    LINE_SEPARATOR,
                    Item::Glue {
                        width: 0.0,
                        stretch: FILL,
                        shrink: 0.0,
                    },
                    Piece::Space,
                );
                self.push(Item::penalty(-INFINITY_PENALTY, false), Piece::Break(None));
            }
            InlineKind::SoftBreak => {
                self.count_space(1);
                self.space(outer);
            }
            InlineKind::FootnoteRef { number } => {
                self.push(Item::rigid(0.0), Piece::NoteRef(*number));
                let mut mark = script(outer, true);
                mark.link = Some(LinkTarget::Internal(note_id(*number)));
                self.word(&number.to_string(), &mark, None);
            }
            InlineKind::Anchor { id } => self.anchor(id.clone()),
        }
    }

    /// `image` sized for the line, or `None` when it is set as its alt text: there are no
    /// pictures, it is remote or missing (the reader has said so), or it cannot be drawn
    /// (noted in [`Paragraph::unloaded`]).
    fn picture(&mut self, image: &Image, span: Span) -> Option<InlineImage> {
        let (pictures, limit) = self.pictures?;
        if !image.local {
            return None;
        }
        let picture = match pictures.load(&image.src) {
            Ok(picture) => picture,
            Err(why) => {
                self.paragraph.unloaded.push((why, span));
                return None;
            }
        };
        let scale = 1f32
            .min(limit.width / picture.width)
            .min(limit.height / picture.height);
        Some(InlineImage {
            width: picture.width * scale,
            height: picture.height * scale,
            picture,
            alt: image.alt.clone(),
        })
    }

    pub fn anchor(&mut self, id: String) {
        self.push(Item::rigid(0.0), Piece::Anchor(id));
    }

    /// Text with spaces: words and interword glue. Only ASCII white space breaks; a no-break
    /// space stays inside its word.
    pub fn text(&mut self, text: &str, style: &TextStyle) {
        let mut rest = text;
        while !rest.is_empty() {
            let space = rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
            if space > 0 {
                self.space(style);
                self.count_space(space);
                rest = &rest[space..];
                continue;
            }
            let end = rest.find([' ', '\t', '\n', '\r']).unwrap_or(rest.len());
            let word = &rest[..end];
            let starts = (self.counting && self.word_start).then_some(self.chars);
            self.word(word, style, starts);
            if self.counting {
                self.chars += word.chars().count();
                self.word_start = false;
            }
            rest = &rest[end..];
        }
    }

    /// Counts `chars` characters of white space (or a break) in the model's text.
    fn count_space(&mut self, chars: usize) {
        if self.counting {
            self.chars += chars;
            self.word_start = true;
        }
    }

    fn space(&mut self, style: &TextStyle) {
        if matches!(
            self.events.last(),
            None | Some(Event::Ready {
                item: Item::Glue { .. },
                ..
            })
        ) {
            return;
        }
        let width = self.shaper.space(style.style) * style.size;
        self.push_as(
            ' ',
            Item::Glue {
                width,
                stretch: width * SPACE_STRETCH,
                shrink: width * SPACE_SHRINK,
            },
            Piece::Space,
        );
    }

    /// A word: split where a line may break inside it (after hyphens and dashes, inside long
    /// URLs), then each part hyphenated by the language's patterns.
    /// `starts` is the character offset of the model's word it begins, if it begins one.
    fn word(&mut self, word: &str, style: &TextStyle, mut starts: Option<usize>) {
        let mut start = 0;
        for (end, cost) in inner_breaks(word) {
            self.hyphenated(&word[start..end], style, starts.take());
            let flagged = cost == EXPLICIT_HYPHEN_COST;
            self.push(Item::penalty(cost, flagged), Piece::Break(None));
            start = end;
        }
        self.hyphenated(&word[start..], style, starts);
    }

    /// A part of a word, shaped once the paragraph's levels are known.
    fn hyphenated(&mut self, part: &str, style: &TextStyle, starts: Option<usize>) {
        if part.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(part);
        self.events.push(Event::Word {
            range: start..self.text.len(),
            style: style.clone(),
            starts,
        });
    }

    /// A word part in one direction: hyphenated when it runs left to right, the paragraph is
    /// justified and the language has patterns.
    fn shape_word(&mut self, part: &str, style: &TextStyle, level: u8) {
        let lang = style.lang.as_deref();
        let runs = self.shaper.shape_in(part, style.style, is_rtl(level), lang);
        let hyphenator = match (&mut self.hyphenation, style.style.family, runs.len()) {
            (Some(hyphenators), Family::Serif, 1) if !is_rtl(level) => {
                hyphenators.get(style.lang.as_deref())
            }
            _ => None,
        };
        let points = hyphenator.map_or_else(|| Arc::from([]), |h| h.points(part));
        if points.is_empty() {
            let frags = runs
                .iter()
                .map(|run| self.frag(run.clone(), style, level))
                .collect();
            self.push_text(frags, style, level);
            return;
        }
        let soft = Arc::new(soft_hyphen(&self.shaper.hyphen(style.style)));
        let hyphen = self.frag(soft, style, level);
        let syllables = (self.shaper).syllables(part, (style.style, lang), &runs[0], &points);
        let Some((last, heads)) = syllables.split_last() else {
            return;
        };
        let cost = if part.starts_with(char::is_uppercase) {
            CAPITAL_HYPHEN_COST
        } else {
            HYPHEN_COST
        };
        let hang = protrude::hang(&[(&hyphen.run, hyphen.size)]).right;
        for head in heads {
            self.push_text(vec![self.frag(head.clone(), style, level)], style, level);
            self.emit(
                Item::Penalty {
                    width: hyphen.width(),
                    cost,
                    flagged: true,
                    hang,
                },
                Piece::Break(Some(hyphen.clone())),
                level,
            );
        }
        self.push_text(vec![self.frag(last.clone(), style, level)], style, level);
    }

    /// A word part whose characters are at `levels`: one box, shaped in pieces of one level
    /// and script when it mixes them (a number in Persian text, "پایتون3").
    fn shape_mixed(&mut self, part: &str, style: &TextStyle, levels: &[u8]) {
        let pieces = bidi::pieces(part, levels);
        if let [only] = pieces.as_slice() {
            return self.shape_word(part, style, only.level);
        }
        let mut frags = Vec::new();
        for piece in &pieces {
            let rtl = is_rtl(piece.level);
            let text = &part[piece.range.clone()];
            let runs = (self.shaper).shape_in(text, style.style, rtl, style.lang.as_deref());
            frags.extend(
                runs.iter()
                    .map(|run| self.frag(run.clone(), style, piece.level)),
            );
        }
        let level = pieces.first().map_or(LTR, |p| p.level);
        self.push_text(frags, style, level);
    }

    fn frag(&self, run: Arc<ShapedRun>, style: &TextStyle, level: u8) -> Frag {
        Frag {
            run,
            size: style.size,
            rise: style.rise,
            ink: style.ink,
            link: style.link.clone().map(Box::new),
            strike: style.strike,
            scale: 1.0,
            level,
            space_after: false,
        }
    }

    /// A word's glyphs as a box. Text faces may be expanded and their punctuation hang into
    /// the margin; code keeps its exact widths and its place.
    fn push_text(&mut self, frags: Vec<Frag>, style: &TextStyle, level: u8) {
        let width = frags.iter().map(Frag::width).sum();
        for frag in &frags {
            self.paragraph.max_size = self.paragraph.max_size.max(frag.size);
        }
        let item = if style.style.family == Family::Mono {
            Item::rigid(width)
        } else {
            Item::Box {
                width,
                expand: width,
                hang: protrude::hang(&runs_of(&frags)),
            }
        };
        self.emit(item, Piece::Text(frags), level);
    }

    /// Records an item standing at the end of the text so far (a break, an anchor).
    fn push(&mut self, item: Item, piece: Piece) {
        let at = self.text.len();
        self.events.push(Event::Ready { item, piece, at });
    }

    /// Records an item that `c` stands for in the paragraph's text (a space, an image).
    fn push_as(&mut self, c: char, item: Item, piece: Piece) {
        let at = self.text.len();
        self.text.push(c);
        self.events.push(Event::Ready { item, piece, at });
    }

    fn emit(&mut self, item: Item, piece: Piece, level: u8) {
        self.paragraph.items.push(item);
        self.paragraph.pieces.push(piece);
        self.paragraph.levels.push(level);
    }

    /// The paragraph: its direction found, its words shaped, ended so its last line keeps
    /// natural spacing. Its last word is not hyphenated: a line of half a word reads as a
    /// mistake.
    pub fn finish(mut self) -> Paragraph {
        while matches!(
            self.events.last(),
            Some(Event::Ready {
                item: Item::Glue { .. },
                ..
            })
        ) {
            self.events.pop();
        }
        let text = std::mem::take(&mut self.text);
        let base = match self.base {
            Some(base) => base,
            None => bidi::base_level(&text, self.shaper.direction()),
        };
        let levels = bidi::levels(&text, base);
        let level_at = |at: usize| levels.as_ref().and_then(|l| l.get(at).copied());
        for event in std::mem::take(&mut self.events) {
            match event {
                Event::Ready { item, piece, at } => {
                    self.emit(item, piece, level_at(at).unwrap_or(base));
                }
                Event::Word {
                    range,
                    style,
                    starts,
                } => {
                    if let Some(offset) = starts {
                        let item = self.paragraph.items.len();
                        self.paragraph.starts.push((item, offset));
                    }
                    match &levels {
                        Some(levels) => {
                            self.shape_mixed(&text[range.clone()], &style, &levels[range])
                        }
                        None => self.shape_word(&text[range], &style, LTR),
                    }
                }
            }
        }
        let items = &mut self.paragraph.items;
        let last_word = items
            .iter()
            .rposition(|item| matches!(item, Item::Glue { .. }))
            .map_or(0, |space| space + 1);
        for item in &mut items[last_word..] {
            if let Item::Penalty { cost, flagged, .. } = item
                && *flagged
            {
                *cost = INFINITY_PENALTY;
            }
        }
        finish_paragraph(&mut self.paragraph.items);
        self.paragraph
            .pieces
            .extend([Piece::Break(None), Piece::Space, Piece::Break(None)]);
        // The ending's fill glue is at the base level, so a right-to-left last line is flush right.
        let items = self.paragraph.items.len();
        self.paragraph.levels.resize(items, base);
        self.paragraph.base = base;
        self.paragraph
    }
}

/// Each frag's glyphs with their size.
fn runs_of(frags: &[Frag]) -> Vec<(&ShapedRun, f32)> {
    frags.iter().map(|f| (f.run.as_ref(), f.size)).collect()
}

/// The destination of note `number`, and of its reference in the text. Prefixed so no
/// heading slug (a section called "fn-1") can take them.
pub fn note_id(number: u32) -> String {
    format!("{NOTE_ID}{number}")
}

const NOTE_ID: &str = "folio-fn-";

/// The number of the note `id` is the destination of, if it is one.
pub fn note_number(id: &str) -> Option<u32> {
    id.strip_prefix(NOTE_ID)?.parse().ok()
}

pub fn note_ref_id(number: u32) -> String {
    format!("folio-fnref-{number}")
}

/// The text of the hyphen a line gets at a hyphenation point: later stages recognise a
/// hyphenated line by it.
pub(crate) const SOFT_HYPHEN: &str = "\u{ad}";

/// The hyphen a line gets at a hyphenation point is not part of the text: it copies as a soft
/// hyphen (U+00AD), so text taken from the PDF has whole words, as the author typed them.
fn soft_hyphen(hyphen: &ShapedRun) -> ShapedRun {
    let mut soft = hyphen.clone();
    soft.text = SOFT_HYPHEN.to_string();
    for glyph in &mut soft.glyphs {
        glyph.cluster = 0..soft.text.len() as u32;
    }
    soft
}

fn mono(outer: &TextStyle) -> TextStyle {
    let mut style = outer.clone();
    style.style.family = Family::Mono;
    style.size = outer.size * INLINE_MONO_SCALE;
    style
}

fn script(outer: &TextStyle, up: bool) -> TextStyle {
    let mut style = outer.clone();
    style.size = outer.size * SCRIPT_SCALE;
    style.rise = outer.rise
        + if up {
            outer.size * SUPERSCRIPT_RISE
        } else {
            -outer.size * SUBSCRIPT_DROP
        };
    style
}

/// Where a link leads, as collected from the model: the page description keeps it on its link
/// areas.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    Uri(String),
    /// An id among the named destinations of the laid-out document.
    Internal(String),
}
