//! Blocks into a vertical list of slabs (lines, headings, rules, framed boxes), each knowing its
//! height and whether a page may end before it. Page building ([`super::page`]) then only cuts
//! the list into pages.
//!
//! As Typst's `typst-layout` does it, each kind of block has a file with one entry function
//! (`paragraph`, `heading`, `quote`, `list` with definition lists, `code`, `table`, `figure`,
//! `rule`, `math`; notes and the title apart), and [`BlockFlow::block_kind`] is the table that
//! dispatches to them. They read the flow's [`FlowConfig`], which does not change while it
//! walks, use its [`Tools`], and move its [`State`] on as they add to its [`FlowOutput`].
//!
//! Widows and orphans are prevented here, by avoiding a break after a paragraph's first line and
//! before its last; headings keep with what follows, so a heading always has the next two lines
//! of text under it.

use super::design::Design;
use super::structure::{Node, Role, Structure, Tag};
use crate::diagnostics::Diagnostic;
use crate::model::{
    Block, BlockKind, Direction, Figure, Flow, Footnote, Heading, Metadata, Position, Source, Span,
    plain_text, visit_blocks,
};
use crate::pdf::fonts::{Family, Style};
use crate::pdf::pictures::Pictures;
use crate::pdf::text::{Hyphenators, Shaper, TextStyle, base_level, is_rtl};
use insets::Insets;
use setting::Ahead;
use std::sync::Arc;

mod ahead;
mod code;
mod figure;
mod heading;
mod insets;
mod list;
mod math;
mod notes;
mod palette;
mod paragraph;
mod quote;
mod rule;
mod setting;
mod slab;
mod table;
mod title;

pub use slab::{BreakBefore, Draw, HeadingMark, Slab};

/// What the flow is set with, fixed before it starts: the design and the options of how. The
/// notes are walked with a copy at the note size (see `notes::footnotes`).
#[derive(Debug, Clone, Copy)]
pub struct FlowConfig {
    pub design: Design,
    /// Level-1 headings start new pages (books, not articles).
    pub chapters: bool,
    /// Number the lines of code blocks.
    pub line_numbers: bool,
    /// Justified lines may hang punctuation into the margins.
    pub protrusion: bool,
    /// Justified lines may scale their glyphs a little (see `setting::EXPANSION`).
    pub expansion: bool,
}

impl FlowConfig {
    /// The design of `design` with the defaults of the options: no line numbers, margin
    /// kerning and font expansion on.
    pub fn new(design: Design, chapters: bool) -> Self {
        FlowConfig {
            design,
            chapters,
            line_numbers: false,
            protrusion: true,
            expansion: true,
        }
    }
}

/// What the flow sets with: the earlier stages' tools.
pub struct Tools<'s, 'f> {
    shaper: &'s mut Shaper<'f>,
    hyphenators: Hyphenators,
    /// Where figures' images come from; without it they are drawn as framed alt text.
    pictures: Option<&'s Pictures<'f>>,
    /// Listings' scopes, taken from the document's shared highlights when given.
    scoper: crate::highlight::Scoper<'f>,
    /// The manuscript's files, for warnings.
    source: Source,
}

/// Where the walk through the blocks is, and what it owes the next slab.
pub struct State {
    /// The direction in force around the current block (the model's `lang` and `dir`).
    direction: Flow,
    /// The language in force around the current block, where it is not the document's.
    lang: Option<Arc<str>>,
    /// Space owed to the next slab.
    pending_space: f32,
    /// Ids owed to the next slab (a heading's id, a note's id).
    pending_anchors: Vec<String>,
    /// How the next slab may be separated from the previous one: `Avoid` keeps it with a
    /// heading or term above, `Forced` starts a chapter.
    pending_break: BreakBefore,
    /// The previous block was a paragraph, so the next one is indented.
    after_paragraph: bool,
    /// Block quotes open around the current block.
    quote_depth: usize,
    /// Captioned figures so far, for their numbers.
    figures: usize,
    /// Notes set at the end of each chapter rather than at the foot of the page.
    endnotes: Option<notes::Endnotes>,
    /// The index the next body block has in the model's walk (see [`Position`]); `None` while
    /// setting what is not the body (notes, titles).
    next_block: Option<usize>,
    /// The body block being set and the offset in its text where the next paragraph begins.
    text_at: Option<(usize, usize)>,
    /// Body paragraphs set ahead, in parallel.
    ahead: Ahead,
}

/// What the flow gives: the slabs, the warnings, the elements the slabs' drawings are tagged
/// with, and where the first character no font has appeared.
#[derive(Default)]
pub struct FlowOutput {
    pub slabs: Vec<Slab>,
    pub warnings: Vec<Diagnostic>,
    pub structure: Structure,
    /// The innermost block in which the first character no font has appeared.
    pub first_missing: Option<Span>,
}

/// The PDF's block flow: walks the document's blocks and sets each as slabs.
pub struct BlockFlow<'s, 'f> {
    config: FlowConfig,
    tools: Tools<'s, 'f>,
    state: State,
    out: FlowOutput,
}

impl<'s, 'f> BlockFlow<'s, 'f> {
    pub fn new(
        config: FlowConfig,
        shaper: &'s mut Shaper<'f>,
        lang: &str,
        source: &Source,
    ) -> Self {
        BlockFlow {
            config,
            tools: Tools {
                shaper,
                hyphenators: Hyphenators::new(lang),
                pictures: None,
                scoper: Default::default(),
                source: source.clone(),
            },
            state: State {
                direction: Flow {
                    direction: Direction::Ltr,
                    stated: false,
                },
                lang: None,
                pending_space: 0.0,
                pending_anchors: Vec::new(),
                pending_break: BreakBefore::Allowed,
                after_paragraph: false,
                quote_depth: 0,
                figures: 0,
                endnotes: None,
                next_block: None,
                text_at: None,
                ahead: Ahead::default(),
            },
            out: FlowOutput::default(),
        }
    }

    /// Figures draw their images, loaded by `pictures`.
    pub fn with_pictures(mut self, pictures: &'s Pictures<'f>) -> Self {
        self.tools.pictures = Some(pictures);
        self
    }

    /// Listings take their scopes from `highlights` (shared with the EPUB).
    pub fn with_highlights(mut self, highlights: &'f crate::highlight::Highlights<'f>) -> Self {
        self.tools.scoper = crate::highlight::Scoper::sharing(highlights);
        self
    }

    /// Sets the document's direction, as its metadata states it (see `model::Flow`).
    pub fn with_direction(mut self, direction: Flow) -> Self {
        self.state.direction = direction;
        self
    }

    /// How many slabs are set so far.
    pub fn slab_count(&self) -> usize {
        self.out.slabs.len()
    }

    /// The slabs and what was learnt setting them.
    pub fn finish(self) -> FlowOutput {
        self.out
    }

    /// The title block of an article, or a book's title page (which ends with a page break).
    pub fn title(&mut self, meta: &Metadata, page_of_its_own: bool) {
        title::title(self, meta, page_of_its_own);
    }

    /// Collects notes as endnotes: they will be set at the end of each chapter that references
    /// them (see [`Self::endnotes_so_far`]).
    pub fn use_endnotes(&mut self, footnotes: &[Footnote]) {
        notes::use_endnotes(self, footnotes);
    }

    /// Sets the endnotes referenced since the last call (and the notes those reference), in
    /// the order of their numbers, under a "Notes" heading.
    pub fn endnotes_so_far(&mut self) {
        notes::endnotes_so_far(self);
    }

    /// Each footnote set on its own, at the note size, indexed by number − 1; page building
    /// places them.
    pub fn footnotes(&mut self, footnotes: &[Footnote]) -> Vec<Vec<Slab>> {
        notes::footnotes(self, footnotes)
    }

    /// Lays out the body.
    pub fn blocks(&mut self, blocks: &[Block]) {
        ahead::set_ahead(self, blocks);
        self.state.next_block = Some(0);
        self.blocks_in(blocks, Insets::FULL);
        self.state.next_block = None;
        self.state.ahead = Ahead::default();
    }

    fn blocks_in(&mut self, blocks: &[Block], insets: Insets) {
        for block in blocks {
            self.block(block, insets);
        }
    }

    fn block(&mut self, block: &Block, insets: Insets) {
        let missing_before = self.tools.shaper.missing().len();
        let around = self.enter(block);
        let around_source = self.state.text_at;
        if let Some(index) = self.state.next_block {
            self.state.next_block = Some(index + 1);
            self.state.text_at = Some((index, 0));
        }
        let role = block_role(&block.kind);
        if let Some(role) = role {
            let node = self.out.structure.open(role);
            self.state_language(node);
            if let BlockKind::Figure(figure) = &block.kind {
                self.out.structure.get_mut(node).attributes_mut().alt = Some(figure_alt(figure));
            }
            if let BlockKind::Math { tex, .. } = &block.kind {
                self.out.structure.get_mut(node).attributes_mut().alt =
                    Some(tex.trim().to_string());
            }
        }
        self.block_kind(block, insets);
        if role.is_some() {
            self.out.structure.close();
        }
        (self.state.direction, self.state.lang) = around;
        self.state.text_at = around_source;
        if missing_before == 0
            && self.out.first_missing.is_none()
            && !self.tools.shaper.missing().is_empty()
        {
            self.out.first_missing = Some(block.span);
        }
    }

    /// Each kind of block to the file that sets it.
    fn block_kind(&mut self, block: &Block, insets: Insets) {
        let after_paragraph = std::mem::replace(&mut self.state.after_paragraph, false);
        let span = block.span;
        match &block.kind {
            BlockKind::Paragraph { content } => {
                paragraph::paragraph(self, content, after_paragraph, insets, span)
            }
            BlockKind::Heading(heading) => heading::heading(self, heading, insets),
            BlockKind::BlockQuote { blocks } => quote::quote(self, blocks, insets),
            BlockKind::List(list) => list::list(self, list, insets),
            BlockKind::DefinitionList { items } => list::definitions(self, items, insets),
            // Language and direction are the shaper's business; the blocks are laid out as any.
            BlockKind::Div { blocks } => self.blocks_in(blocks, insets),
            BlockKind::CodeBlock { lang, code } => code::code(self, lang.as_deref(), code, insets),
            BlockKind::Table(table) => table::table(self, table, insets, span),
            BlockKind::Figure(figure) => figure::figure(self, figure, insets, span),
            BlockKind::ThematicBreak => rule::section_break(self, insets),
            BlockKind::Math { tex, label } => {
                math::display(self, tex, label.as_deref(), insets, span)
            }
        }
    }

    /// Puts the block's own `lang` and `dir` in force, for it and what it contains; returns
    /// those around it, to put back after it.
    fn enter(&mut self, block: &Block) -> (Flow, Option<Arc<str>>) {
        let around = (self.state.direction, self.state.lang.clone());
        self.state.direction = self.state.direction.enter(&block.locale);
        if let Some(lang) = &block.locale.lang {
            self.state.lang = Some(lang.as_str().into());
        }
        around
    }

    /// Gives `node` the language in force when it differs from what its parent reads in.
    fn state_language(&mut self, node: Node) {
        let Some(lang) = &self.state.lang else { return };
        let parent = self.out.structure.get(node).parent;
        let inherited = parent
            .and_then(|p| self.out.structure.lang_of(p))
            .unwrap_or(self.tools.hyphenators.document_language());
        if !inherited.eq_ignore_ascii_case(lang) {
            self.out.structure.get_mut(node).attributes_mut().lang = Some(lang.to_string());
        }
    }

    /// The position `offset` characters into the text of the body block being set.
    fn position(&self, offset: usize) -> Option<Position> {
        self.state.text_at.map(|(block, base)| Position {
            block,
            offset: base + offset,
        })
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
        TextStyle::new(Style::SERIF, self.config.design.body_size)
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
        is_rtl(base_level(
            first.unwrap_or(""),
            self.tools.shaper.direction(),
        ))
    }

    fn space(&mut self, amount: f32) {
        self.state.pending_space = self.state.pending_space.max(amount);
    }

    /// The next slab stays on the page of the last one (unless a chapter break is pending).
    fn keep_with_next(&mut self) {
        self.state.pending_break = self.state.pending_break.max(BreakBefore::Avoid);
    }

    fn push(&mut self, mut slab: Slab) {
        if slab.tags.is_empty() {
            slab.tags
                .push((0, Tag::Content(self.out.structure.current())));
        }
        if let Some(node) = slab.last_node() {
            for &number in &slab.notes {
                self.out.structure.note_referenced(number, node);
            }
        }
        slab.space_before += std::mem::take(&mut self.state.pending_space);
        slab.break_before = slab.break_before.max(std::mem::replace(
            &mut self.state.pending_break,
            BreakBefore::Allowed,
        ));
        let mut anchors = std::mem::take(&mut self.state.pending_anchors);
        anchors.append(&mut slab.anchors);
        slab.anchors = anchors;
        // Every slab is held until the document is paginated: without the room its lists grew
        // into.
        slab.draws.shrink_to_fit();
        slab.tags.shrink_to_fit();
        self.out.slabs.push(slab);
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
            Diagnostic::warning(&self.tools.source.path, message)
        } else {
            Diagnostic::warning(self.tools.source.file_of(span), message).with_span(span)
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
