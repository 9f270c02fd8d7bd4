//! Blocks into a vertical list of slabs (lines, headings, rules, framed boxes), each knowing its
//! height and whether a page may end before it. Page building ([`super::page`]) then only cuts
//! the list into pages.
//!
//! Widows and orphans are prevented here, by avoiding a break after a paragraph's first line and
//! before its last; headings keep with what follows, so a heading always has the next two lines
//! of text under it.

use super::collect::{Collector, Frag, ImageLimit, InlineImage, Paragraph, TextStyle};
use super::design::{Design, ParagraphStyle};
use super::fonts::{Family, Style};
use super::hyphenate::Hyphenator;
use super::layout::Ink;
use super::linebreak::{self, Item, Params};
use super::lines::{self, Align, Line};
use super::picture::{Picture, Pictures};
use super::shape::Shaper;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use std::sync::Arc;

mod code;
mod figure;
mod list;
mod notes;
mod palette;
mod table;
mod title;

/// Whether a page may end just before a slab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BreakBefore {
    Allowed,
    /// Only when nothing else fits (widows, orphans, heading keeps).
    Avoid,
    /// The slab starts a new page (a chapter).
    Forced,
}

/// Something to draw, relative to the slab: `x` from the text block's left edge, `y` down from
/// the slab's top.
#[derive(Debug, Clone)]
pub enum Draw {
    Text {
        x: f32,
        baseline: f32,
        frag: Frag,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        thickness: f32,
        gray: f32,
    },
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        gray: f32,
    },
    /// An image filling the rectangle whose top-left corner is at `(x, y)`.
    Image {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        picture: Arc<Picture>,
        alt: String,
    },
}

/// A heading, for the outline and the running heads.
#[derive(Debug, Clone)]
pub struct HeadingMark {
    pub title: String,
    pub level: u8,
    /// Its destination, for the contents' links.
    pub id: String,
}

#[derive(Debug, Clone)]
pub struct Slab {
    pub height: f32,
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
    pub draws: Vec<Draw>,
    /// Ids whose target is this slab's top.
    pub anchors: Vec<String>,
    pub heading: Option<HeadingMark>,
    pub break_before: BreakBefore,
    /// Notes referenced on this slab, in order: page building puts them at this page's foot.
    pub notes: Vec<u32>,
    /// Drawn first when a page starts with this slab: a table's header row, repeated.
    pub header: Option<Arc<Slab>>,
}

impl Slab {
    pub(super) fn new(height: f32) -> Self {
        Slab {
            height,
            space_before: 0.0,
            draws: Vec::new(),
            anchors: Vec::new(),
            heading: None,
            break_before: BreakBefore::Allowed,
            notes: Vec::new(),
            header: None,
        }
    }
}

/// Ragged settings (headings, code, cells) accept any break but still prefer balanced lines.
const RAGGED_TOLERANCE: f32 = 1000.0;

/// Light grey behind code: visible on paper and still light when printed in greyscale.
const CODE_BACKGROUND: f32 = 0.94;

/// Block quote rules: light enough to read as a margin mark, not a frame.
const QUOTE_RULE_GRAY: f32 = 0.6;

/// Hairlines for tables and frames; the outer table rules heavier, as in booktabs.
const THIN_RULE: f32 = 0.4;
const THICK_RULE: f32 = 0.8;

/// Where the baseline sits in a line of text, as a share of the line's height from its top:
/// the descenders need the rest.
pub(super) const BASELINE: f32 = 0.78;

/// An image in running text stands at most this many lines tall: an icon or a symbol, not
/// an illustration, which belongs in a paragraph of its own (a figure).
const INLINE_IMAGE_LINES: f32 = 1.5;

/// Room left above an image taller than the text, as a share of the text size, so it does not
/// touch the descenders of the line above.
const IMAGE_CLEARANCE: f32 = 0.15;

/// Table text is a step smaller than body text so more fits across.
const TABLE_SCALE: f32 = 0.9;

/// The horizontal frame blocks are set in: indents from both sides of the text block.
#[derive(Debug, Clone, Copy)]
struct Frame {
    left: f32,
    right: f32,
}

pub struct Flow<'s, 'f> {
    design: Design,
    shaper: &'s mut Shaper<'f>,
    hyphenator: Option<Hyphenator>,
    /// The manuscript's files, for warnings.
    source: Source,
    pub slabs: Vec<Slab>,
    pub warnings: Vec<Diagnostic>,
    /// Space owed to the next slab.
    pending_space: f32,
    /// Ids owed to the next slab (a heading's id, a note's id).
    pending_anchors: Vec<String>,
    /// How the next slab may be separated from the previous one: `Avoid` keeps it with a
    /// heading or term above, `Forced` starts a chapter.
    pending_break: BreakBefore,
    /// The previous block was a paragraph, so the next one is indented.
    after_paragraph: bool,
    /// Level-1 headings start new pages (books, not articles).
    chapters: bool,
    /// Block quotes open around the current block.
    quote_depth: usize,
    /// Where figures' images come from; without it they are drawn as framed alt text.
    pictures: Option<Pictures<'f>>,
    /// Captioned figures so far, for their numbers.
    figures: usize,
    /// The innermost block in which the first character no font has appeared.
    pub first_missing: Option<Span>,
    /// Notes set at the end of each chapter rather than at the foot of the page.
    endnotes: Option<notes::Endnotes>,
    /// Number the lines of code blocks.
    pub line_numbers: bool,
    scoper: crate::highlight::Scoper,
}

impl<'s, 'f> Flow<'s, 'f> {
    pub fn new(
        design: Design,
        shaper: &'s mut Shaper<'f>,
        lang: &str,
        source: &Source,
        chapters: bool,
    ) -> Self {
        Flow {
            design,
            shaper,
            hyphenator: Hyphenator::new(lang),
            source: source.clone(),
            slabs: Vec::new(),
            warnings: Vec::new(),
            pending_space: 0.0,
            pending_anchors: Vec::new(),
            pending_break: BreakBefore::Allowed,
            after_paragraph: false,
            chapters,
            quote_depth: 0,
            pictures: None,
            figures: 0,
            first_missing: None,
            endnotes: None,
            line_numbers: false,
            scoper: Default::default(),
        }
    }

    /// Figures draw their images, loaded by `pictures`.
    pub fn with_pictures(mut self, pictures: Pictures<'f>) -> Self {
        self.pictures = Some(pictures);
        self
    }

    fn style(&self, family: Family, bold: bool, italic: bool, size: f32) -> TextStyle {
        TextStyle::new(
            Style {
                family,
                bold,
                italic,
            },
            size,
        )
    }

    fn body(&self) -> TextStyle {
        TextStyle::new(Style::SERIF, self.design.body_size)
    }

    /// Lays out the body.
    pub fn blocks(&mut self, blocks: &[Block]) {
        self.blocks_in(
            blocks,
            Frame {
                left: 0.0,
                right: 0.0,
            },
        );
    }

    fn blocks_in(&mut self, blocks: &[Block], frame: Frame) {
        for block in blocks {
            self.block(block, frame);
        }
    }

    fn block(&mut self, block: &Block, frame: Frame) {
        let missing_before = self.shaper.missing().len();
        self.block_kind(block, frame);
        if missing_before == 0 && self.first_missing.is_none() && !self.shaper.missing().is_empty()
        {
            self.first_missing = Some(block.span);
        }
    }

    fn block_kind(&mut self, block: &Block, frame: Frame) {
        let leading = self.design.leading;
        let was_paragraph = std::mem::replace(&mut self.after_paragraph, false);
        match &block.kind {
            BlockKind::Paragraph { content } => {
                let indent = match self.design.paragraphs {
                    ParagraphStyle::Indent if was_paragraph => self.design.paragraph_indent(),
                    ParagraphStyle::Indent => 0.0,
                    ParagraphStyle::Spacing => {
                        self.space(leading / 2.0);
                        0.0
                    }
                };
                let mut style = self.body();
                style.style.italic = self.design.italic_quotes && self.quote_depth > 0;
                self.paragraph(content, &style, frame, indent, Align::Justify, block.span);
                self.after_paragraph = true;
            }
            BlockKind::Heading(heading) => self.heading(heading, frame),
            BlockKind::BlockQuote { blocks } => {
                let indent = self.design.block_indent();
                self.space(leading / 2.0);
                self.quote_depth += 1;
                let first = self.slabs.len();
                self.blocks_in(
                    blocks,
                    Frame {
                        left: frame.left + indent,
                        right: frame.right + indent,
                    },
                );
                self.quote_depth -= 1;
                self.quote_rule(first, frame.left + indent * 0.4);
                self.space(leading / 2.0);
                // Text after a quote starts flush, as after any displayed block.
                self.after_paragraph = false;
            }
            BlockKind::List(list) => self.list(list, frame),
            BlockKind::CodeBlock { lang, code } => self.code(lang.as_deref(), code, frame),
            BlockKind::Table(table) => self.table(table, frame, block.span),
            BlockKind::Figure(figure) => self.figure(figure, frame, block.span),
            BlockKind::ThematicBreak => {
                // Three spaced asterisks, the book printer's section break (the text face
                // has no asterism).
                let width = self.design.measure() - frame.left - frame.right;
                let size = self.design.body_size;
                let star = self.shaper.shape("*", Style::SERIF);
                let star_width: f32 = star.iter().map(|r| r.width * size).sum();
                let centre = frame.left + (width - star_width) / 2.0;
                let mut slab = Slab::new(leading * 2.0);
                for offset in [-1.5, 0.0, 1.5] {
                    let mut x = centre + offset * size;
                    for run in star.iter() {
                        let frag = Frag::plain(run.clone(), size, Ink::BLACK);
                        let advance = frag.width();
                        slab.draws.push(Draw::Text {
                            x,
                            baseline: leading * 1.4,
                            frag,
                        });
                        x += advance;
                    }
                }
                self.push(slab);
            }
            BlockKind::DefinitionList { items } => {
                let term = self.style(Family::Serif, true, false, self.design.body_size);
                let inner = Frame {
                    left: frame.left + self.design.block_indent(),
                    right: frame.right,
                };
                for item in items {
                    self.space(leading / 2.0);
                    self.paragraph(&item.term, &term, frame, 0.0, Align::Left, item.span);
                    self.keep_with_next();
                    for definition in &item.definitions {
                        self.after_paragraph = false;
                        self.blocks_in(definition, inner);
                    }
                }
                self.after_paragraph = false;
            }
            BlockKind::Math { tex } => {
                let style = self.style(Family::Serif, false, true, self.design.body_size);
                self.space(leading / 2.0);
                self.paragraph(
                    &[Inline::text(tex.clone(), block.span)],
                    &style,
                    frame,
                    0.0,
                    Align::Center,
                    block.span,
                );
                self.space(leading / 2.0);
            }
        }
    }

    /// A thin grey rule down the left of a block quote, from slab `first` on, bridging the
    /// space between its blocks; nested quotes get one rule per level.
    fn quote_rule(&mut self, first: usize, x: f32) {
        for (i, slab) in self.slabs.iter_mut().enumerate().skip(first) {
            let top = if i == first { 0.0 } else { -slab.space_before };
            slab.draws.push(Draw::Rule {
                x1: x,
                y1: top,
                x2: x,
                y2: slab.height,
                thickness: THICK_RULE,
                gray: QUOTE_RULE_GRAY,
            });
        }
    }

    fn space(&mut self, amount: f32) {
        self.pending_space = self.pending_space.max(amount);
    }

    /// The next slab stays on the page of the last one (unless a chapter break is pending).
    fn keep_with_next(&mut self) {
        self.pending_break = self.pending_break.max(BreakBefore::Avoid);
    }

    fn push(&mut self, mut slab: Slab) {
        slab.space_before += std::mem::take(&mut self.pending_space);
        slab.break_before = slab.break_before.max(std::mem::replace(
            &mut self.pending_break,
            BreakBefore::Allowed,
        ));
        let mut anchors = std::mem::take(&mut self.pending_anchors);
        anchors.append(&mut slab.anchors);
        slab.anchors = anchors;
        self.slabs.push(slab);
    }

    fn heading(&mut self, heading: &Heading, frame: Frame) {
        let d = self.design;
        let level = heading.level;
        if self.chapters && level == 1 && heading.classes.iter().any(|c| c == "part") {
            return self.part_title(heading);
        }
        if self.chapters && level == 1 && !self.slabs.is_empty() {
            self.endnotes_so_far();
            self.pending_break = BreakBefore::Forced;
        }
        self.space(d.leading * if level <= 2 { 1.5 } else { 1.0 });
        self.pending_anchors.push(heading.id.clone());
        let style = self.style(Family::Serif, true, level >= 4, d.heading_size(level));
        let first = self.slabs.len();
        self.paragraph(
            &heading.content,
            &style,
            frame,
            0.0,
            Align::Left,
            Span::default(),
        );
        self.mark_heading(first, heading);
        self.keep_with_next();
        self.space(d.leading * 0.5);
        self.after_paragraph = false;
    }

    /// Marks slab `index` as where `heading` starts, for the outline, the running heads and the
    /// contents.
    fn mark_heading(&mut self, index: usize, heading: &Heading) {
        if let Some(slab) = self.slabs.get_mut(index) {
            slab.heading = Some(HeadingMark {
                title: plain_text(&heading.content),
                level: heading.level,
                id: heading.id.clone(),
            });
        }
    }

    /// Empty space kept even at the top of a page, where [`Self::space`] is dropped: the drop
    /// of a title page or a part's page.
    fn sink(&mut self, height: f32) {
        self.push(Slab::new(height));
    }

    /// A warning about the text at `span`, in the file it was written in (a book's chapter or
    /// included file); about the whole manuscript when the span is unknown.
    fn warning(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        if span == Span::default() {
            Diagnostic::warning(&self.source.path, message)
        } else {
            Diagnostic::warning(self.source.file_of(span), message).with_span(span)
        }
    }

    /// Sets inlines as a paragraph, one slab per line.
    fn paragraph(
        &mut self,
        content: &[Inline],
        style: &TextStyle,
        frame: Frame,
        first_indent: f32,
        align: Align,
        span: Span,
    ) {
        let limit = ImageLimit {
            width: self.design.measure() - frame.left - frame.right - first_indent,
            height: self.line_height(style.size) * INLINE_IMAGE_LINES,
        };
        // Only justified text is hyphenated; ragged lines have no spacing to even out.
        let hyphenator = self.hyphenator.as_mut().filter(|_| align == Align::Justify);
        let mut collector =
            Collector::new(self.shaper, hyphenator).with_pictures(self.pictures.as_mut(), limit);
        collector.inlines(content, style);
        let paragraph = collector.finish();
        self.report_unloaded(&paragraph);
        let lines = self.break_paragraph(&paragraph, frame, first_indent, align, span);
        self.push_lines(lines, style.size);
    }

    /// Warns of each inline image of `paragraph` set as its alt text because it cannot be drawn.
    fn report_unloaded(&mut self, paragraph: &Paragraph) {
        for (why, span) in &paragraph.unloaded {
            self.warnings.push(
                self.warning(*span, format!("image {why}"))
                    .with_help("its alt text is shown in brackets instead"),
            );
        }
    }

    /// Plain text set as a paragraph (titles, captions).
    fn text_lines(&mut self, text: &str, style: &TextStyle, frame: Frame, align: Align) {
        self.paragraph(
            &[Inline::text(text, Span::default())],
            style,
            frame,
            0.0,
            align,
            Span::default(),
        );
    }

    fn break_paragraph(
        &mut self,
        paragraph: &Paragraph,
        frame: Frame,
        first_indent: f32,
        align: Align,
        span: Span,
    ) -> Vec<Line> {
        let measure = self.design.measure() - frame.left - frame.right;
        let width = |n: usize| {
            if n == 0 {
                measure - first_indent
            } else {
                measure
            }
        };
        let params = match align {
            Align::Justify => Params::default(),
            _ => Params {
                tolerance: RAGGED_TOLERANCE,
                ..Params::default()
            },
        };
        let broken = linebreak::break_lines(&paragraph.items, &width, &params);
        if !broken.overfull.is_empty() {
            let lines: Vec<String> = broken
                .overfull
                .iter()
                .map(|n| (n + 1).to_string())
                .collect();
            let warning = self.warning(span, format!("line {} of this paragraph is wider than the text block", lines.join(", ")))
                .with_help("a word or URL too long to break runs into the margin; shorten it or add a break opportunity");
            self.warnings.push(warning);
        }
        let indent = |n: usize| frame.left + if n == 0 { first_indent } else { 0.0 };
        lines::set(paragraph, &broken, &indent, &width, align)
    }

    /// One slab per line, with the widow and orphan rules between them.
    fn push_lines(&mut self, lines: Vec<Line>, size: f32) {
        let count = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let (height, baseline) = line_box(&line, self.line_height(line.size.max(size)), size);
            let mut slab = Slab::new(height);
            slab.draws = line_draws(line.frags, line.images, baseline);
            slab.anchors = line.anchors;
            slab.notes = line.notes;
            let orphan = i == 1;
            let widow = count > 1 && i == count - 1;
            if orphan || widow {
                slab.break_before = BreakBefore::Avoid;
            }
            self.push(slab);
        }
    }

    /// Body lines take exactly the leading; larger type gets 125 % of its size.
    fn line_height(&self, size: f32) -> f32 {
        (size * 1.25).max(self.design.leading)
    }
}

/// A line's height and baseline: those of its text, made taller above the baseline when an
/// image on it (set among text of `size` or larger) needs more room.
fn line_box(line: &Line, text_height: f32, size: f32) -> (f32, f32) {
    let clearance = line.size.max(size) * IMAGE_CLEARANCE;
    let height = text_height.max(line.image_height + clearance + descent(text_height));
    (height, height - descent(text_height))
}

/// What a line of text needs below its baseline.
fn descent(text_height: f32) -> f32 {
    text_height * (1.0 - BASELINE)
}

/// A line's text and images drawn on `baseline`, images standing on it.
fn line_draws(
    frags: Vec<(f32, Frag)>,
    images: Vec<(f32, InlineImage)>,
    baseline: f32,
) -> Vec<Draw> {
    let text = frags
        .into_iter()
        .map(|(x, frag)| Draw::Text { x, baseline, frag });
    let images = images.into_iter().map(|(x, image)| Draw::Image {
        x,
        y: baseline - image.height,
        width: image.width,
        height: image.height,
        picture: image.picture,
        alt: image.alt,
    });
    text.chain(images).collect()
}

/// The baseline of a slab's first text, where a list marker belongs.
fn first_baseline(slab: &Slab) -> f32 {
    slab.draws
        .iter()
        .find_map(|d| match d {
            Draw::Text { baseline, .. } => Some(*baseline),
            _ => None,
        })
        .unwrap_or(slab.height * BASELINE)
}
