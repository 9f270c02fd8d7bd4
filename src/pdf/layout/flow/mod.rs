//! Blocks into a vertical list of slabs (lines, headings, rules, framed boxes), each knowing its
//! height and whether a page may end before it. Page building ([`super::page`]) then only cuts
//! the list into pages.
//!
//! Widows and orphans are prevented here, by avoiding a break after a paragraph's first line and
//! before its last; headings keep with what follows, so a heading always has the next two lines
//! of text under it.

use super::design::{Design, ParagraphStyle};
use super::structure::{Node, Role, Structure, Tag};
use crate::diagnostics::Diagnostic;
use crate::model::Flow as TextFlow;
use crate::model::*;
use crate::pdf::fonts::{Family, Style};
use crate::pdf::pictures::{Picture, Pictures};
use crate::pdf::text::{
    Align, Collector, FILL, Frag, Hyphenators, ImageLimit, Ink, InlineImage, Item, LTR, Line,
    MathBox, MathRule, Paragraph, Params, RTL, SOFT_HYPHEN, Shaper, TextStyle, base_level,
    break_lines, formula_frags, is_rtl, set_lines,
};
use frame::Frame;
use setting::{Presets, RAGGED_TOLERANCE, Set, Setter, Setting, line_height};
use std::sync::Arc;

mod code;
mod figure;
mod frame;
mod list;
mod notes;
mod palette;
mod preset;
mod setting;
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
    /// What the draws are, for tagged PDF: `(i, tag)` tags draws from index `i` up to the
    /// next entry's. Ascending; draws before the first entry are artifacts.
    pub tags: Vec<(usize, Tag)>,
    /// This slab and the `float - 1` after it are a figure that may float: when it does not fit
    /// the rest of the page, it goes to the top of the next one and the text after it fills
    /// this page. 0: not a float.
    pub float: usize,
    /// Where in the model's text this slab's text begins, when it begins a word of the body
    /// (a line's first new word, a table's row, a listing's line, a figure).
    pub source: Option<Position>,
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
            tags: Vec::new(),
            float: 0,
            source: None,
        }
    }

    /// Tags the draws added from now on.
    pub(super) fn tag_from_here(&mut self, tag: Tag) {
        let at = self.draws.len();
        match self.tags.last_mut() {
            Some(last) if last.0 == at => last.1 = tag,
            _ => self.tags.push((at, tag)),
        }
    }

    /// What draw `index` is.
    pub fn tag_of(&self, index: usize) -> Tag {
        match self.tags.partition_point(|&(from, _)| from <= index) {
            0 => Tag::Artifact,
            n => self.tags[n - 1].1,
        }
    }

    /// Puts `draws`, tagged `tag`, before the slab's own, so they come first in reading
    /// order (a list item's label).
    pub(super) fn prepend(&mut self, draws: Vec<Draw>, tag: Tag) {
        let count = draws.len();
        if count == 0 {
            return;
        }
        let from_start = self.tags.first().is_some_and(|&(from, _)| from == 0);
        for entry in &mut self.tags {
            entry.0 += count;
        }
        if !from_start {
            self.tags.insert(0, (count, Tag::Artifact));
        }
        self.tags.insert(0, (0, tag));
        self.draws.splice(0..0, draws);
    }

    /// The last element this slab's draws belong to.
    fn last_node(&self) -> Option<Node> {
        self.tags.iter().rev().find_map(|&(_, tag)| match tag {
            Tag::Content(node) => Some(node),
            Tag::Artifact => None,
        })
    }
}

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

/// Room left above an image taller than the text, as a share of the text size, so it does not
/// touch the descenders of the line above.
const IMAGE_CLEARANCE: f32 = 0.15;

/// How far below the descenders a formula may reach, as a share of the text size, before its
/// line is made deeper: the next line's letters stop short of its top, so a subscript's small
/// overhang keeps the lines on their grid.
const FORMULA_DEPTH_ALLOWANCE: f32 = 0.1;

/// Table text is a step smaller than body text so more fits across.
const TABLE_SCALE: f32 = 0.9;

pub struct Flow<'s, 'f> {
    design: Design,
    shaper: &'s mut Shaper<'f>,
    hyphenators: Hyphenators,
    /// The direction in force around the current block (the model's `lang` and `dir`).
    direction: TextFlow,
    /// The language in force around the current block, where it is not the document's.
    lang: Option<Arc<str>>,
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
    pictures: Option<&'s Pictures<'f>>,
    /// Captioned figures so far, for their numbers.
    figures: usize,
    /// The innermost block in which the first character no font has appeared.
    pub first_missing: Option<Span>,
    /// Notes set at the end of each chapter rather than at the foot of the page.
    endnotes: Option<notes::Endnotes>,
    /// Number the lines of code blocks.
    pub line_numbers: bool,
    /// Justified lines may hang punctuation into the margins.
    pub protrusion: bool,
    /// Justified lines may scale their glyphs a little (see `setting::EXPANSION`).
    pub expansion: bool,
    /// Listings' scopes, taken from the document's shared highlights when given.
    scoper: crate::highlight::Scoper<'f>,
    /// The elements of tagged PDF the slabs' draws belong to.
    pub structure: Structure,
    /// The index the next body block has in the model's walk (see [`Position`]); `None` while
    /// setting what is not the body (notes, titles).
    walk: Option<usize>,
    /// The body block being set and the offset in its text where the next paragraph begins.
    place: Option<(usize, usize)>,
    /// Body paragraphs set ahead, in parallel.
    presets: Presets,
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
            hyphenators: Hyphenators::new(lang),
            direction: TextFlow {
                direction: Direction::Ltr,
                stated: false,
            },
            lang: None,
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
            protrusion: true,
            expansion: true,
            scoper: Default::default(),
            structure: Structure::default(),
            walk: None,
            place: None,
            presets: Presets::default(),
        }
    }

    /// Figures draw their images, loaded by `pictures`.
    pub fn with_pictures(mut self, pictures: &'s Pictures<'f>) -> Self {
        self.pictures = Some(pictures);
        self
    }

    /// Listings take their scopes from `highlights` (shared with the EPUB).
    pub fn with_highlights(mut self, highlights: &'f crate::highlight::Highlights<'f>) -> Self {
        self.scoper = crate::highlight::Scoper::sharing(highlights);
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
        self.preset(blocks);
        self.walk = Some(0);
        self.blocks_in(blocks, Frame::FULL);
        self.walk = None;
        self.presets = Presets::default();
    }

    /// The position `offset` characters into the text of the body block being set.
    fn position(&self, offset: usize) -> Option<Position> {
        self.place.map(|(block, base)| Position {
            block,
            offset: base + offset,
        })
    }

    fn blocks_in(&mut self, blocks: &[Block], frame: Frame) {
        for block in blocks {
            self.block(block, frame);
        }
    }

    /// Sets the document's direction, as its metadata states it (see `model::Flow`).
    pub fn with_direction(mut self, direction: TextFlow) -> Self {
        self.direction = direction;
        self
    }

    fn block(&mut self, block: &Block, frame: Frame) {
        let missing_before = self.shaper.missing().len();
        let around = self.enter(block);
        let around_source = self.place;
        if let Some(index) = self.walk {
            self.walk = Some(index + 1);
            self.place = Some((index, 0));
        }
        let role = block_role(&block.kind);
        if let Some(role) = role {
            let node = self.structure.open(role);
            self.state_language(node);
            if let BlockKind::Figure(figure) = &block.kind {
                self.structure.get_mut(node).attributes_mut().alt = Some(figure_alt(figure));
            }
            if let BlockKind::Math { tex, .. } = &block.kind {
                self.structure.get_mut(node).attributes_mut().alt = Some(tex.trim().to_string());
            }
        }
        self.block_kind(block, frame);
        if role.is_some() {
            self.structure.close();
        }
        (self.direction, self.lang) = around;
        self.place = around_source;
        if missing_before == 0 && self.first_missing.is_none() && !self.shaper.missing().is_empty()
        {
            self.first_missing = Some(block.span);
        }
    }

    /// Puts the block's own `lang` and `dir` in force, for it and what it contains; returns
    /// those around it, to put back after it.
    fn enter(&mut self, block: &Block) -> (TextFlow, Option<Arc<str>>) {
        let around = (self.direction, self.lang.clone());
        self.direction = self.direction.enter(&block.locale);
        if let Some(lang) = &block.locale.lang {
            self.lang = Some(lang.as_str().into());
        }
        around
    }

    /// Gives `node` the language in force when it differs from what its parent reads in.
    fn state_language(&mut self, node: Node) {
        let Some(lang) = &self.lang else { return };
        let parent = self.structure.get(node).parent;
        let inherited = parent
            .and_then(|p| self.structure.lang_of(p))
            .unwrap_or(self.hyphenators.document_language());
        if !inherited.eq_ignore_ascii_case(lang) {
            self.structure.get_mut(node).attributes_mut().lang = Some(lang.to_string());
        }
    }

    fn block_kind(&mut self, block: &Block, frame: Frame) {
        let leading = self.design.leading;
        let was_paragraph = std::mem::replace(&mut self.after_paragraph, false);
        match &block.kind {
            BlockKind::Paragraph { content } => {
                if let ParagraphStyle::Spacing = self.design.paragraphs {
                    self.space(leading / 2.0);
                }
                let setting = self.body_setting(content, was_paragraph, frame);
                self.set_paragraph(content, setting, block.span);
                // A paragraph ending in a colon introduces what follows (a listing, a list):
                // a page must not come between them.
                if plain_text(content).trim_end().ends_with(':') {
                    self.keep_with_next();
                }
                self.after_paragraph = true;
            }
            BlockKind::Heading(heading) => self.heading(heading, frame),
            BlockKind::BlockQuote { blocks } => {
                let indent = self.design.block_indent();
                let rtl = self.right_to_left(blocks);
                self.space(leading / 2.0);
                self.quote_depth += 1;
                let first = self.slabs.len();
                self.blocks_in(blocks, frame.quoted(indent));
                self.quote_depth -= 1;
                let start = frame.start(self.design.measure(), rtl);
                let x = if rtl {
                    start - indent * 0.4
                } else {
                    start + indent * 0.4
                };
                self.quote_rule(first, x);
                self.space(leading / 2.0);
                // Text after a quote starts flush, as after any displayed block.
                self.after_paragraph = false;
            }
            BlockKind::List(list) => self.list(list, frame),
            // Language and direction are the shaper's business; the blocks are laid out as any.
            BlockKind::Div { blocks } => self.blocks_in(blocks, frame),
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
                slab.source = self.position(0);
                // Decoration: the break itself is the space, not the asterisks.
                slab.tag_from_here(Tag::Artifact);
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
                // The list's own text is its terms'.
                let (own, mut offset) = (self.place, 0);
                for item in items {
                    self.space(leading / 2.0);
                    self.structure.open(Role::LI);
                    self.structure.open(Role::Lbl);
                    self.place = own.map(|(block, _)| (block, offset));
                    if own.is_some() {
                        offset += plain_text(&item.term).chars().count();
                    }
                    self.paragraph(&item.term, &term, frame, 0.0, Align::Left, item.span);
                    self.structure.close();
                    self.keep_with_next();
                    self.structure.open(Role::LBody);
                    for definition in &item.definitions {
                        self.after_paragraph = false;
                        self.blocks_in(definition, inner);
                    }
                    self.structure.close();
                    self.structure.close();
                }
                self.after_paragraph = false;
            }
            BlockKind::Math { tex, label } => {
                let size = self.design.body_size;
                self.space(leading / 2.0);
                if let Some(formula) = self.shaper.formula(tex, true, size) {
                    let number = self.shaper.equation_number(tex, label.as_deref());
                    self.display_math(&formula, number, frame, block.span);
                    self.space(leading / 2.0);
                    return;
                }
                let style = self.style(Family::Serif, false, true, size);
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

    /// A displayed formula centred on the measure in a slab of its own, its number (if any) at
    /// the right margin, at the left in right-to-left text; a formula wider than the measure
    /// is reported.
    fn display_math(
        &mut self,
        formula: &MathBox,
        number: Option<String>,
        frame: Frame,
        span: Span,
    ) {
        let width = self.design.measure() - frame.left - frame.right;
        if formula.width > width + 0.01 {
            let warning = self
                .warning(span, "this displayed formula is wider than the text block")
                .with_help(
                    "break it over several lines with an `aligned` or `multline` environment",
                );
            self.warnings.push(warning);
        }
        let height = formula.ascent + formula.descent;
        let mut slab = Slab::new(height);
        slab.source = self.position(0);
        let left = frame.left + ((width - formula.width) / 2.0).max(0.0);
        let baseline = formula.ascent;
        let runs = formula_frags(formula).map(|(x, frag)| Draw::Text {
            x: left + x,
            baseline,
            frag,
        });
        slab.draws.extend(runs);
        let rules = formula
            .rules
            .iter()
            .map(|rule| math_rule(left, baseline, rule));
        slab.draws.extend(rules);
        if let Some(number) = number {
            let size = self.design.body_size;
            let runs = self.shaper.shape(&format!("({number})"), Style::SERIF);
            let number_width: f32 = runs.iter().map(|r| r.width * size).sum();
            let mut x = match self.starts_right_to_left(None) {
                true => frame.left,
                false => frame.left + width - number_width,
            };
            for run in runs.iter() {
                let frag = Frag::plain(run.clone(), size, Ink::BLACK);
                let advance = frag.width();
                slab.draws.push(Draw::Text { x, baseline, frag });
                x += advance;
            }
        }
        self.push(slab);
    }

    /// Whether `blocks` run right to left: the direction of their first paragraph, heading
    /// or term (the document's when they have no text).
    fn right_to_left(&self, blocks: &[Block]) -> bool {
        let mut first = None;
        visit_blocks(blocks, &mut |block| {
            if first.is_none()
                && let BlockKind::Paragraph { content }
                | BlockKind::Heading(Heading { content, .. }) = &block.kind
            {
                first = Some(plain_text(content));
            }
        });
        self.starts_right_to_left(first.as_deref())
    }

    /// Whether text beginning with `first` runs right to left: the direction of its first
    /// strong character, the document's when it has none (or there is no text).
    fn starts_right_to_left(&self, first: Option<&str>) -> bool {
        is_rtl(base_level(first.unwrap_or(""), self.shaper.direction()))
    }

    /// A thin grey rule down the start side of a block quote (the left, or the right for
    /// right-to-left text), from slab `first` on, bridging the space between its blocks;
    /// nested quotes get one rule per level.
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
        if slab.tags.is_empty() {
            slab.tags.push((0, Tag::Content(self.structure.current())));
        }
        if let Some(node) = slab.last_node() {
            for &number in &slab.notes {
                self.structure.note_referenced(number, node);
            }
        }
        slab.space_before += std::mem::take(&mut self.pending_space);
        slab.break_before = slab.break_before.max(std::mem::replace(
            &mut self.pending_break,
            BreakBefore::Allowed,
        ));
        let mut anchors = std::mem::take(&mut self.pending_anchors);
        anchors.append(&mut slab.anchors);
        slab.anchors = anchors;
        // Every slab is held until the document is paginated: without the room its lists grew
        // into.
        slab.draws.shrink_to_fit();
        slab.tags.shrink_to_fit();
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
        let node = self.structure.open(Role::H(level));
        self.state_language(node);
        self.paragraph(
            &heading.content,
            &style,
            frame,
            0.0,
            Align::Left,
            Span::default(),
        );
        self.structure.close();
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

    /// How a body paragraph is set: indented after another paragraph when the design
    /// indents, italic in a block quote when the design says so.
    fn body_setting(&self, content: &[Inline], after_paragraph: bool, frame: Frame) -> Setting {
        let indent = match self.design.paragraphs {
            ParagraphStyle::Indent if after_paragraph => self.design.paragraph_indent(),
            _ => 0.0,
        };
        let mut style = self.body();
        style.style.italic = self.design.italic_quotes && self.quote_depth > 0;
        self.setting(content, &style, frame, indent, Align::Justify)
    }

    /// How `content` is set here, in `style` and the language and direction in force.
    fn setting(
        &self,
        content: &[Inline],
        style: &TextStyle,
        frame: Frame,
        first_indent: f32,
        align: Align,
    ) -> Setting {
        let base = match self.direction.text(&Locale::default(), content).direction {
            Direction::Ltr => LTR,
            Direction::Rtl => RTL,
        };
        let mut style = style.clone();
        style.lang = style.lang.or_else(|| self.lang.clone());
        Setting {
            style,
            frame,
            first_indent,
            align,
            base,
        }
    }

    fn setter(&self) -> Setter<'s, 'f> {
        Setter {
            design: self.design,
            protrusion: self.protrusion,
            expansion: self.expansion,
            pictures: self.pictures,
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
        let setting = self.setting(content, style, frame, first_indent, align);
        self.set_paragraph(content, setting, span);
    }

    /// Sets `content` as `setting` says, or takes its lines when they were set ahead.
    fn set_paragraph(&mut self, content: &[Inline], setting: Setting, span: Span) {
        let set = match self.presets.take(content, &setting) {
            Some(set) => {
                self.shaper.replay_missed(&set.missed);
                set
            }
            None => {
                let setter = self.setter();
                setter.set(self.shaper, &mut self.hyphenators, content, &setting)
            }
        };
        let Set {
            lines,
            overfull,
            unloaded,
            ..
        } = set;
        self.report_unloaded(&unloaded);
        if !overfull.is_empty() {
            let lines: Vec<String> = overfull.iter().map(|n| (n + 1).to_string()).collect();
            let warning = self.warning(span, format!("line {} of this paragraph is wider than the text block", lines.join(", ")))
                .with_help("a word or URL too long to break runs into the margin; shorten it or add a break opportunity");
            self.warnings.push(warning);
        }
        self.push_lines(lines, setting.style.size);
    }

    /// Warns of each inline image set as its alt text because it cannot be drawn.
    fn report_unloaded(&mut self, unloaded: &[(String, Span)]) {
        for (why, span) in unloaded {
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

    /// One slab per line, with the widow and orphan rules between them, and no page turn
    /// after a hyphenated line unless nothing else fits (the word would be split across a page).
    fn push_lines(&mut self, lines: Vec<Line>, size: f32) {
        let count = lines.len();
        let mut after_hyphen = false;
        for (i, line) in lines.into_iter().enumerate() {
            let (height, baseline) =
                line_box(&line, line_height(&self.design, line.size.max(size)), size);
            let hyphenated = line
                .frags
                .iter()
                .any(|(_, frag)| frag.run.text == SOFT_HYPHEN);
            let mut slab = Slab::new(height);
            slab.source = line.start.and_then(|offset| self.position(offset));
            slab.draws = line_draws(line.frags, line.images, line.rules, baseline);
            slab.anchors = line.anchors;
            slab.notes = line.notes;
            let orphan = i == 1;
            let widow = count > 1 && i == count - 1;
            if orphan || widow || after_hyphen {
                slab.break_before = BreakBefore::Avoid;
            }
            after_hyphen = hyphenated;
            self.push(slab);
        }
    }
}

/// The element a block opens; `None` for headings, which open their own, for a thematic
/// break, which is decoration, and for a div.
fn block_role(kind: &BlockKind) -> Option<Role> {
    Some(match kind {
        BlockKind::Paragraph { .. } => Role::P,
        BlockKind::Math { .. } => Role::Formula,
        BlockKind::BlockQuote { .. } => Role::BlockQuote,
        BlockKind::List(_) | BlockKind::DefinitionList { .. } => Role::L,
        BlockKind::CodeBlock { .. } => Role::Code,
        BlockKind::Table(_) => Role::Table,
        BlockKind::Figure(_) => Role::Figure,
        // A div only groups its blocks; they belong where it stands.
        BlockKind::Heading(_) | BlockKind::ThematicBreak | BlockKind::Div { .. } => return None,
    })
}

/// A figure's text alternative: its alt text, else its caption, else its file's name (the
/// reader has warned that the alt text is missing).
fn figure_alt(figure: &Figure) -> String {
    let alt = figure.image.alt.trim();
    if !alt.is_empty() {
        return alt.to_string();
    }
    let caption = plain_text(&figure.caption);
    if !caption.trim().is_empty() {
        return caption;
    }
    let name = figure
        .image
        .src
        .rsplit('/')
        .next()
        .unwrap_or(&figure.image.src);
    name.to_string()
}

/// A line's height and baseline: those of its text, made taller above the baseline when an
/// image or a formula on it (set among text of `size` or larger) needs more room, and deeper
/// when a formula reaches well below the descenders.
fn line_box(line: &Line, text_height: f32, size: f32) -> (f32, f32) {
    let clearance = line.size.max(size) * IMAGE_CLEARANCE;
    let height = text_height.max(line.image_height + clearance + descent(text_height));
    // A formula is text: it may fill the line up to its top.
    let height = height.max(line.math_height + descent(text_height));
    // A formula deeper than the text's descenders (a fraction's denominator) needs room below.
    let allowance = line.size.max(size) * FORMULA_DEPTH_ALLOWANCE;
    let deeper = (line.depth - descent(text_height) - allowance).max(0.0);
    (height + deeper, height - descent(text_height))
}

/// What a line of text needs below its baseline.
fn descent(text_height: f32) -> f32 {
    text_height * (1.0 - BASELINE)
}

/// A line's text and images drawn on `baseline`, images standing on it.
fn line_draws(
    frags: Vec<(f32, Frag)>,
    images: Vec<(f32, InlineImage)>,
    rules: Vec<(f32, MathRule)>,
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
    let rules = rules
        .into_iter()
        .map(|(x, rule)| math_rule(x, baseline, &rule));
    text.chain(images).chain(rules).collect()
}

/// A formula's rule drawn for a formula whose origin is at `x` on `baseline`.
fn math_rule(x: f32, baseline: f32, rule: &MathRule) -> Draw {
    Draw::Fill {
        x: x + rule.x,
        y: baseline + rule.top,
        width: rule.width,
        height: rule.height,
        gray: rule.ink.gray(),
    }
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
