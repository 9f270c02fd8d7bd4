//! Setting one paragraph: its words shaped, its lines broken and placed. A function of the
//! paragraph's inlines and its [`ParagraphSpec`], so the flow may take the result from another
//! thread (see `ahead`).

use super::insets::Insets;
use crate::model::{Inline, Span};
use crate::pdf::layout::design::Design;
use crate::pdf::pictures::Pictures;
use crate::pdf::text::{
    Align, Collector, Hyphenators, ImageLimit, Line, Params, Shaper, TextStyle, break_lines,
    is_rtl, set_lines,
};
use std::collections::HashMap;

/// Font expansion: justified lines may be set 2 % narrower or wider by scaling their glyphs,
/// less than the eye notices between neighbouring lines and enough to spare many a hyphen.
pub(super) const EXPANSION: f32 = 0.02;

/// Emergency stretch of a justified paragraph no breaks fit, in ems (TeX's
/// `\emergencystretch`): its looseness is then shared by all its lines, where first fit would
/// leave one line gaping.
const EMERGENCY_STRETCH: f32 = 1.5;

/// Ragged settings (headings, code, cells) accept any break but still prefer balanced lines.
pub(super) const RAGGED_TOLERANCE: f32 = 1000.0;

/// An image in running text stands at most this many lines tall: an icon or a symbol, not
/// an illustration, which belongs in a paragraph of its own (a figure).
const INLINE_IMAGE_LINES: f32 = 1.5;

/// Body lines take exactly the leading; larger type gets the style's share of its size.
pub(super) fn line_height(design: &Design, size: f32) -> f32 {
    (size * design.leading_ratio).max(design.leading)
}

/// How a paragraph is set: all its lines depend on besides its inlines and the design.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ParagraphSpec {
    /// With the language in force.
    pub style: TextStyle,
    pub insets: Insets,
    pub first_indent: f32,
    pub align: Align,
    /// The paragraph's bidi base level.
    pub base: u8,
}

/// A paragraph set: its lines and what the flow has to say about it.
pub(super) struct SetLines {
    pub lines: Vec<Line>,
    /// Lines (from 0) wider than the measure.
    pub overfull: Vec<usize>,
    /// Inline images set as their alt text, why, and where.
    pub unloaded: Vec<(String, Span)>,
    /// Characters no face has, in the order met, when set by another shaper than the flow's.
    pub missed: Vec<char>,
}

/// What setting a paragraph takes from the flow and never changes: a copy goes to each thread.
#[derive(Clone, Copy)]
pub(super) struct ParagraphSetter<'s, 'f> {
    pub design: Design,
    pub protrusion: bool,
    pub expansion: bool,
    pub pictures: Option<&'s Pictures<'f>>,
}

impl<'f> ParagraphSetter<'_, 'f> {
    /// Sets `content` as `setting` says; `hyphenators` are used for justified text only.
    pub fn set(
        &self,
        shaper: &mut Shaper<'f>,
        hyphenators: &mut Hyphenators,
        content: &[Inline],
        setting: &ParagraphSpec,
    ) -> SetLines {
        let ParagraphSpec {
            style,
            insets,
            first_indent,
            align,
            base,
        } = setting;
        let measure = self.design.measure() - insets.left - insets.right;
        let limit = ImageLimit {
            width: measure - first_indent,
            height: line_height(&self.design, style.size) * INLINE_IMAGE_LINES,
        };
        // Only justified text is hyphenated; ragged lines have no spacing to even out.
        let hyphenators = Some(hyphenators).filter(|_| *align == Align::Justify);
        let mut collector = Collector::new(shaper, hyphenators)
            .with_base(*base)
            .with_pictures(self.pictures, limit);
        collector.inlines(content, style);
        let paragraph = collector.finish();
        let width = |n: usize| {
            if n == 0 {
                measure - first_indent
            } else {
                measure
            }
        };
        let broken = break_lines(&paragraph.items, &width, &self.params(*align));
        // A right-to-left first line is indented on the right: its shorter measure does it.
        let indented = !is_rtl(paragraph.base);
        let indent = |n: usize| {
            insets.left
                + if n == 0 && indented {
                    *first_indent
                } else {
                    0.0
                }
        };
        let lines = set_lines(&paragraph, &broken, &indent, &width, *align);
        SetLines {
            lines,
            overfull: broken.overfull,
            unloaded: paragraph.unloaded,
            missed: shaper.take_missed(),
        }
    }

    /// Justified text may use every refinement; ragged text accepts any break but still
    /// prefers balanced lines.
    fn params(&self, align: Align) -> Params {
        match align {
            Align::Justify => Params {
                emergency_stretch: EMERGENCY_STRETCH * self.design.body_size,
                protrusion: self.protrusion,
                expansion: if self.expansion { EXPANSION } else { 0.0 },
                ..Params::default()
            },
            _ => Params {
                tolerance: RAGGED_TOLERANCE,
                ..Params::default()
            },
        }
    }
}

/// Paragraphs set ahead, by the address and length of their inlines in the model (which
/// stays in place while the flow runs).
#[derive(Default)]
pub(super) struct Ahead(HashMap<(usize, usize), (ParagraphSpec, SetLines)>);

impl Ahead {
    /// Holds each set for the inlines it was set from.
    pub fn new<'a>(
        sets: impl IntoIterator<Item = (&'a [Inline], ParagraphSpec, SetLines)>,
    ) -> Self {
        let sets = sets.into_iter();
        Ahead(
            sets.map(|(content, setting, set)| (key(content), (setting, set)))
                .collect(),
        )
    }

    /// The lines of `content`, if it was set ahead as `setting` says.
    pub fn take(&mut self, content: &[Inline], setting: &ParagraphSpec) -> Option<SetLines> {
        match self.0.remove(&key(content)) {
            Some((foreseen, set)) if foreseen == *setting => Some(set),
            _ => None,
        }
    }
}

/// Where inlines are in the model: the same inlines whenever the flow meets them.
fn key(content: &[Inline]) -> (usize, usize) {
    (content.as_ptr() as usize, content.len())
}
