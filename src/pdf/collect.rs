//! A paragraph's inlines to Knuth–Plass items: words become boxes of shaped glyphs, spaces
//! become glue, and hyphenation points and other break opportunities become penalties.
//!
//! [`Paragraph::items`] is what the line breaker sees; [`Paragraph::pieces`], index for index,
//! is what each item draws, so the line builder can place glyphs after breaking.

use super::fonts::{Family, Style};
use super::hyphenate::Hyphenator;
use super::layout::{Ink, LinkTarget};
use super::linebreak::{FILL, INFINITY_PENALTY, Item, finish_paragraph};
use super::picture::{Picture, Pictures};
use super::shape::{ShapedRun, Shaper};
use crate::model::{Image, Inline, InlineKind, LinkTarget as ModelTarget, Span};
use std::sync::Arc;
use unicode_linebreak::BreakOpportunity;

/// Interword glue in TeX's proportions: stretch by half a space, shrink by a third.
const SPACE_STRETCH: f32 = 0.5;
const SPACE_SHRINK: f32 = 1.0 / 3.0;

/// Cost of breaking at a hyphenation point. Knuth–Plass use 50; we ask 100, as Typst does,
/// because a slightly looser line in a face with generous spaces reads better than a hyphen.
const HYPHEN_COST: f32 = 100.0;

/// Cost of breaking after an explicit hyphen or dash (TeX's `\exhyphenpenalty`).
const EXPLICIT_HYPHEN_COST: f32 = 50.0;

/// Cost of breaking inside a URL or path after `/`, `.`, `-` …: allowed, but a last resort.
const URL_BREAK_COST: f32 = 200.0;

/// Superscripts and subscripts: 70 % of the size, raised a third of the size or lowered a
/// sixth, the usual values for a text face without dedicated figures.
const SCRIPT_SCALE: f32 = 0.7;
const SUPERSCRIPT_RISE: f32 = 0.33;
const SUBSCRIPT_DROP: f32 = 0.16;

/// Inline code and keys: JetBrains Mono's x-height is larger than Gentium's, so at 88 % of the
/// text size its lower case lines up with the text's.
const INLINE_MONO_SCALE: f32 = 0.88;

/// A run of glyphs with how to draw it.
#[derive(Debug, Clone)]
pub struct Frag {
    pub run: Arc<ShapedRun>,
    pub size: f32,
    /// Baseline shift in points (superscripts up).
    pub rise: f32,
    pub ink: Ink,
    pub link: Option<LinkTarget>,
    pub strike: bool,
}

impl Frag {
    /// Plain text in one ink: no rise, link or strike.
    pub fn plain(run: Arc<ShapedRun>, size: f32, ink: Ink) -> Self {
        Frag {
            run,
            size,
            rise: 0.0,
            ink,
            link: None,
            strike: false,
        }
    }

    pub fn width(&self) -> f32 {
        self.run.width * self.size
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
}

#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    pub items: Vec<Item>,
    pub pieces: Vec<Piece>,
    /// The size of the largest text, for the line's height.
    pub max_size: f32,
    /// Why each inline image that is set as its alt text could not be drawn, and where it is.
    pub unloaded: Vec<(String, Span)>,
}

/// How the text at the current point is set.
#[derive(Debug, Clone)]
pub struct TextStyle {
    pub style: Style,
    pub size: f32,
    pub ink: Ink,
    pub rise: f32,
    pub link: Option<LinkTarget>,
    pub strike: bool,
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
        }
    }
}

/// Builds one paragraph from inlines, text and anchors.
pub struct Collector<'s, 'f> {
    shaper: &'s mut Shaper<'f>,
    hyphenation: Option<&'s mut Hyphenator>,
    /// Where inline images come from; without them images are set as their alt text.
    pictures: Option<(&'s mut Pictures<'f>, ImageLimit)>,
    paragraph: Paragraph,
}

impl<'s, 'f> Collector<'s, 'f> {
    pub fn new(shaper: &'s mut Shaper<'f>, hyphenation: Option<&'s mut Hyphenator>) -> Self {
        Collector {
            shaper,
            hyphenation,
            pictures: None,
            paragraph: Paragraph::default(),
        }
    }

    /// Inline images are drawn, from `pictures`, at most `limit` large.
    pub fn with_pictures(
        mut self,
        pictures: Option<&'s mut Pictures<'f>>,
        limit: ImageLimit,
    ) -> Self {
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
            InlineKind::Code { code } => self.text(code, &mono(outer)),
            InlineKind::Math { tex } => {
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
                    self.push(Item::Box { width }, Piece::Image(image));
                    return;
                }
                style.style.italic = true;
                let alt = if image.alt.is_empty() {
                    "image"
                } else {
                    image.alt.as_str()
                };
                self.text(&format!("[{alt}]"), &style);
            }
            InlineKind::LineBreak => {
                self.push(
                    Item::Glue {
                        width: 0.0,
                        stretch: FILL,
                        shrink: 0.0,
                    },
                    Piece::Space,
                );
                self.push(
                    Item::Penalty {
                        width: 0.0,
                        cost: -INFINITY_PENALTY,
                        flagged: false,
                    },
                    Piece::Break(None),
                );
            }
            InlineKind::SoftBreak => self.space(outer),
            InlineKind::FootnoteRef { number } => {
                self.push(Item::Box { width: 0.0 }, Piece::NoteRef(*number));
                let mut mark = script(outer, true);
                mark.link = Some(LinkTarget::Internal(note_id(*number)));
                self.word(&number.to_string(), &mark);
            }
            InlineKind::Anchor { id } => self.anchor(id.clone()),
        }
    }

    /// `image` sized for the line, or `None` when it is set as its alt text: there are no
    /// pictures, it is remote or missing (the reader has said so), or it cannot be drawn
    /// (noted in [`Paragraph::unloaded`]).
    fn picture(&mut self, image: &Image, span: Span) -> Option<InlineImage> {
        let (pictures, limit) = self.pictures.as_mut()?;
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
        self.push(Item::Box { width: 0.0 }, Piece::Anchor(id));
    }

    /// Text with spaces: words and interword glue. Only ASCII white space breaks; a no-break
    /// space stays inside its word.
    pub fn text(&mut self, text: &str, style: &TextStyle) {
        let mut rest = text;
        while !rest.is_empty() {
            let space = rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
            if space > 0 {
                self.space(style);
                rest = &rest[space..];
                continue;
            }
            let end = rest.find([' ', '\t', '\n', '\r']).unwrap_or(rest.len());
            self.word(&rest[..end], style);
            rest = &rest[end..];
        }
    }

    fn space(&mut self, style: &TextStyle) {
        if matches!(self.paragraph.items.last(), None | Some(Item::Glue { .. })) {
            return;
        }
        let width = self.shaper.space(style.style) * style.size;
        self.push(
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
    fn word(&mut self, word: &str, style: &TextStyle) {
        let mut start = 0;
        for (end, cost) in inner_breaks(word) {
            self.hyphenated(&word[start..end], style);
            let flagged = cost == EXPLICIT_HYPHEN_COST;
            self.push(
                Item::Penalty {
                    width: 0.0,
                    cost,
                    flagged,
                },
                Piece::Break(None),
            );
            start = end;
        }
        self.hyphenated(&word[start..], style);
    }

    fn hyphenated(&mut self, part: &str, style: &TextStyle) {
        if part.is_empty() {
            return;
        }
        let runs = self.shaper.shape(part, style.style);
        let points = match (&mut self.hyphenation, style.style.family, runs.len()) {
            (Some(hyphenator), Family::Serif, 1) => hyphenator.points(part),
            _ => Arc::from([]),
        };
        if points.is_empty() {
            let frags = runs
                .iter()
                .map(|run| self.frag(run.clone(), style))
                .collect();
            self.push_text(frags);
            return;
        }
        let soft = Arc::new(soft_hyphen(&self.shaper.hyphen(style.style)));
        let hyphen = self.frag(soft, style);
        let syllables = self.shaper.syllables(part, style.style, &runs[0], &points);
        let Some((last, heads)) = syllables.split_last() else {
            return;
        };
        for head in heads {
            self.push_text(vec![self.frag(head.clone(), style)]);
            self.push(
                Item::Penalty {
                    width: hyphen.width(),
                    cost: HYPHEN_COST,
                    flagged: true,
                },
                Piece::Break(Some(hyphen.clone())),
            );
        }
        self.push_text(vec![self.frag(last.clone(), style)]);
    }

    fn frag(&self, run: Arc<ShapedRun>, style: &TextStyle) -> Frag {
        Frag {
            run,
            size: style.size,
            rise: style.rise,
            ink: style.ink,
            link: style.link.clone(),
            strike: style.strike,
        }
    }

    fn push_text(&mut self, frags: Vec<Frag>) {
        let width = frags.iter().map(Frag::width).sum();
        for frag in &frags {
            self.paragraph.max_size = self.paragraph.max_size.max(frag.size);
        }
        self.push(Item::Box { width }, Piece::Text(frags));
    }

    fn push(&mut self, item: Item, piece: Piece) {
        self.paragraph.items.push(item);
        self.paragraph.pieces.push(piece);
    }

    /// The paragraph, ended so its last line keeps natural spacing.
    pub fn finish(mut self) -> Paragraph {
        while matches!(self.paragraph.items.last(), Some(Item::Glue { .. })) {
            self.paragraph.items.pop();
            self.paragraph.pieces.pop();
        }
        finish_paragraph(&mut self.paragraph.items);
        self.paragraph
            .pieces
            .extend([Piece::Break(None), Piece::Space, Piece::Break(None)]);
        self.paragraph
    }
}

/// The destination of note `number`, and of its reference in the text. Prefixed so no
/// heading slug (a section called "fn-1") can take them.
pub fn note_id(number: u32) -> String {
    format!("folio-fn-{number}")
}

pub fn note_ref_id(number: u32) -> String {
    format!("folio-fnref-{number}")
}

/// The hyphen a line gets at a hyphenation point is not part of the text: it copies as a soft
/// hyphen (U+00AD), so text taken from the PDF has whole words, as the author typed them.
fn soft_hyphen(hyphen: &ShapedRun) -> ShapedRun {
    let mut soft = hyphen.clone();
    soft.text = "\u{ad}".to_string();
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

/// Byte offsets inside a word after which a line may break, with the cost: where Unicode's
/// line breaking rules (UAX #14) allow it (after hyphens and dashes, between ideographs …), and
/// in tokens of more than [`LONG_TOKEN`] characters (URLs, paths) also after `/ . _ ? & = : -`.
fn inner_breaks(word: &str) -> Vec<(usize, f32)> {
    let mut breaks: Vec<(usize, f32)> = unicode_linebreak::linebreaks(word)
        .filter(|&(at, opportunity)| at < word.len() && opportunity == BreakOpportunity::Allowed)
        .map(|(at, _)| (at, cost_after(word[..at].chars().next_back())))
        .collect();
    if word.chars().count() > LONG_TOKEN {
        for (at, c) in word.char_indices() {
            let next = at + c.len_utf8();
            if next < word.len()
                && "/._?&=:-".contains(c)
                && !breaks.iter().any(|&(b, _)| b == next)
            {
                breaks.push((next, URL_BREAK_COST));
            }
        }
        breaks.sort_by_key(|a| a.0);
    }
    breaks
}

/// A break after a dash is an explicit hyphen; after a slash it splits a URL or path; other
/// breaks Unicode allows (between ideographs, say) cost nothing.
fn cost_after(c: Option<char>) -> f32 {
    match c {
        Some('-' | '‐' | '–' | '—') => EXPLICIT_HYPHEN_COST,
        Some('/') => URL_BREAK_COST,
        _ => 0.0,
    }
}

/// Tokens longer than this (URLs, paths, identifiers) may break after punctuation.
const LONG_TOKEN: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_break_where_unicode_allows_and_inside_long_urls() {
        assert_eq!(inner_breaks("high-level"), vec![(5, EXPLICIT_HYPHEN_COST)]);
        assert!(inner_breaks("-5").is_empty());
        assert!(inner_breaks("word").is_empty());
        // Ideographs may break between any two.
        assert_eq!(inner_breaks("日本語").len(), 2);
        let url = "https://doc.rust-lang.org/stable/book/";
        let breaks = inner_breaks(url);
        assert!(breaks.len() > 4);
        assert!(breaks.iter().all(|&(at, _)| at < url.len()));
    }
}
