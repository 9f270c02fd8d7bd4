//! Blocks into a vertical list of slabs (lines, headings, rules, framed boxes), each knowing its
//! height and whether a page may end before it. Page building ([`super::page`]) then only cuts
//! the list into pages.
//!
//! Widows and orphans are prevented here, by avoiding a break after a paragraph's first line and
//! before its last; headings keep with what follows, so a heading always has the next two lines
//! of text under it.

use super::collect::{Collector, Frag, Paragraph, TextStyle, note_id, note_ref_id};
use super::design::{Design, ParagraphStyle};
use super::fonts::{Family, Style};
use super::hyphenate::Hyphenator;
use super::layout::LinkTarget;
use super::linebreak::{self, Item, Params};
use super::lines::{self, Align, Line};
use super::shape::Shaper;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use std::path::{Path, PathBuf};

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
}

/// A heading, for the outline and the running heads.
#[derive(Debug, Clone)]
pub struct HeadingMark {
    pub title: String,
    pub level: u8,
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
        }
    }
}

/// Ragged settings (headings, code, cells) accept any break but still prefer balanced lines.
const RAGGED_TOLERANCE: f32 = 1000.0;

/// Light grey behind code: visible on paper and still light when printed in greyscale.
const CODE_BACKGROUND: f32 = 0.94;

/// Hairlines for tables and frames; the outer table rules heavier, as in booktabs.
const THIN_RULE: f32 = 0.4;
const THICK_RULE: f32 = 0.8;

/// Where the baseline sits in a line of text, as a share of the line's height from its top:
/// the descenders need the rest.
const BASELINE: f32 = 0.78;

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
    file: PathBuf,
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
    /// Figures drawn as framed alt text, for the one warning that says so.
    pub figures: usize,
    /// The innermost block in which the first character no font has appeared.
    pub first_missing: Option<Span>,
}

impl<'s, 'f> Flow<'s, 'f> {
    pub fn new(
        design: Design,
        shaper: &'s mut Shaper<'f>,
        lang: &str,
        file: &Path,
        chapters: bool,
    ) -> Self {
        Flow {
            design,
            shaper,
            hyphenator: Hyphenator::new(lang),
            file: file.to_path_buf(),
            slabs: Vec::new(),
            warnings: Vec::new(),
            pending_space: 0.0,
            pending_anchors: Vec::new(),
            pending_break: BreakBefore::Allowed,
            after_paragraph: false,
            chapters,
            quote_depth: 0,
            figures: 0,
            first_missing: None,
        }
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

    /// The title block of an article, or a book's title page (which ends with a page break).
    pub fn title(&mut self, meta: &Metadata, page_of_its_own: bool) {
        let d = self.design;
        let frame = Frame {
            left: 0.0,
            right: 0.0,
        };
        let align = if page_of_its_own {
            Align::Center
        } else {
            Align::Left
        };
        if page_of_its_own {
            self.space(d.page.height * 0.15);
        }
        let title = meta.title.clone().unwrap_or_default();
        let size = d.heading_size(1) * 1.15;
        let style = self.style(Family::Serif, true, false, size);
        self.text_lines(&title, &style, frame, align);
        if let Some(subtitle) = &meta.subtitle {
            self.space(d.leading * 0.5);
            let style = self.style(Family::Serif, false, true, d.heading_size(3));
            self.text_lines(subtitle, &style, frame, align);
        }
        let byline = meta.authors.join(", ");
        if !byline.is_empty() {
            self.space(d.leading);
            let style = self.style(Family::Serif, false, false, d.heading_size(3));
            self.text_lines(&byline, &style, frame, align);
        }
        let imprint: Vec<&str> = [meta.date.as_deref(), meta.publisher.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !imprint.is_empty() {
            self.space(d.leading * 0.5);
            let style = self.style(Family::Serif, false, false, d.small_size());
            self.text_lines(&imprint.join(" · "), &style, frame, align);
        }
        self.space(d.leading * 2.0);
        if page_of_its_own {
            self.pending_break = BreakBefore::Forced;
        }
        self.after_paragraph = false;
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

    /// The notes, collected at the end under their own heading, each linked both ways with its
    /// reference.
    pub fn notes(&mut self, footnotes: &[Footnote]) {
        if footnotes.is_empty() {
            return;
        }
        let heading = Heading {
            level: 2,
            id: "folio-notes".into(),
            classes: Vec::new(),
            attributes: Vec::new(),
            content: vec![Inline::text("Notes", Span::default())],
        };
        self.heading(
            &heading,
            Frame {
                left: 0.0,
                right: 0.0,
            },
        );
        let indent = self.design.block_indent();
        for note in footnotes {
            self.pending_anchors.push(note_id(note.number));
            let first = self.slabs.len();
            self.blocks_in(
                &note.blocks,
                Frame {
                    left: indent,
                    right: 0.0,
                },
            );
            let mut mark = self.body();
            mark.link = Some(LinkTarget::Internal(note_ref_id(note.number)));
            self.marker(first, &format!("{}.", note.number), &mark, indent);
            self.space(self.design.leading / 4.0);
        }
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
                self.blocks_in(
                    blocks,
                    Frame {
                        left: frame.left + indent,
                        right: frame.right + indent,
                    },
                );
                self.quote_depth -= 1;
                self.space(leading / 2.0);
            }
            BlockKind::List(list) => self.list(list, frame),
            BlockKind::CodeBlock { code, .. } => self.code(code, frame),
            BlockKind::Table(table) => self.table(table, frame, block.span),
            BlockKind::Figure(figure) => self.figure(figure, frame),
            BlockKind::ThematicBreak => {
                let width = self.design.measure() - frame.left - frame.right;
                let centre = frame.left + width / 2.0;
                let half = self.design.body_size * 3.0;
                let mut slab = Slab::new(leading * 2.0);
                slab.draws.push(Draw::Rule {
                    x1: centre - half,
                    y1: leading,
                    x2: centre + half,
                    y2: leading,
                    thickness: THIN_RULE,
                    gray: 0.3,
                });
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
                        self.blocks_in(definition, inner);
                    }
                }
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
        if self.chapters && level == 1 && !self.slabs.is_empty() {
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
        if let Some(slab) = self.slabs.get_mut(first) {
            slab.heading = Some(HeadingMark {
                title: plain_text(&heading.content),
                level,
            });
        }
        self.keep_with_next();
        self.space(d.leading * 0.5);
        self.after_paragraph = false;
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
        // Only justified text is hyphenated; ragged lines have no spacing to even out.
        let hyphenator = self.hyphenator.as_mut().filter(|_| align == Align::Justify);
        let mut collector = Collector::new(self.shaper, hyphenator);
        collector.inlines(content, style);
        let paragraph = collector.finish();
        let lines = self.break_paragraph(&paragraph, frame, first_indent, align, span);
        self.push_lines(lines, style.size);
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
            let warning = Diagnostic::warning(&self.file, format!("line {} of this paragraph is wider than the text block", lines.join(", ")))
                .with_help("a word or URL too long to break runs into the margin; shorten it or add a break opportunity");
            self.warnings.push(if span == Span::default() {
                warning
            } else {
                warning.with_span(span)
            });
        }
        let indent = |n: usize| frame.left + if n == 0 { first_indent } else { 0.0 };
        lines::set(paragraph, &broken, &indent, &width, align)
    }

    /// One slab per line, with the widow and orphan rules between them.
    fn push_lines(&mut self, lines: Vec<Line>, size: f32) {
        let count = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let height = self.line_height(line.size.max(size));
            let mut slab = Slab::new(height);
            let baseline = height * BASELINE;
            slab.draws = line
                .frags
                .into_iter()
                .map(|(x, frag)| Draw::Text { x, baseline, frag })
                .collect();
            slab.anchors = line.anchors;
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

    fn list(&mut self, list: &List, frame: Frame) {
        let d = self.design;
        let indent = d.block_indent();
        let inner = Frame {
            left: frame.left + indent,
            right: frame.right,
        };
        self.space(d.leading / 2.0);
        for (n, item) in list.items.iter().enumerate() {
            if !list.tight && n > 0 {
                self.space(d.leading / 2.0);
            }
            let marker = match list.start {
                Some(start) => format!("{}.", start + n as u64),
                None => "•".to_string(),
            };
            let first = self.slabs.len();
            self.after_paragraph = false;
            self.blocks_in(&item.blocks, inner);
            if self.slabs.len() == first {
                self.push(Slab::new(d.leading));
            }
            match item.task {
                Some(checked) => self.task_box(first, checked, inner.left),
                None => {
                    let style = self.body();
                    self.marker(first, &marker, &style, inner.left);
                }
            }
        }
        self.space(d.leading / 2.0);
        self.after_paragraph = false;
    }

    /// A task's ballot box, drawn with rules (the text faces have no ☐ or ☑), with a check
    /// mark inside when the task is done.
    fn task_box(&mut self, index: usize, checked: bool, right_edge: f32) {
        let size = self.design.body_size;
        let side = size * 0.62;
        let x = right_edge - size * 0.5 - side;
        let check = checked.then(|| self.shaper.shape("✓", Style::SERIF));
        let Some(slab) = self.slabs.get_mut(index) else {
            return;
        };
        let bottom = first_baseline(slab);
        let top = bottom - side;
        let rule = |x1: f32, y1: f32, x2: f32, y2: f32| Draw::Rule {
            x1,
            y1,
            x2,
            y2,
            thickness: THIN_RULE,
            gray: 0.0,
        };
        slab.draws.extend([
            rule(x, top, x + side, top),
            rule(x, bottom, x + side, bottom),
            rule(x, top, x, bottom),
            rule(x + side, top, x + side, bottom),
        ]);
        // The check mark is set small enough to sit inside the box.
        let mark = side * 1.05;
        for run in check.iter().flat_map(|runs| runs.iter()) {
            let frag = Frag {
                run: run.clone(),
                size: mark,
                rise: 0.0,
                gray: 0.0,
                link: None,
                strike: false,
            };
            let inset = (side - frag.width()) / 2.0;
            slab.draws.push(Draw::Text {
                x: x + inset,
                baseline: bottom - side * 0.15,
                frag,
            });
        }
    }

    /// Draws `text` flush right against `right_edge` (a hanging list number or bullet), on the
    /// first line of slab `index`.
    fn marker(&mut self, index: usize, text: &str, style: &TextStyle, right_edge: f32) {
        let gap = self.design.body_size * 0.5;
        let runs = self.shaper.shape(text, style.style);
        let width: f32 = runs.iter().map(|r| r.width * style.size).sum();
        let Some(slab) = self.slabs.get_mut(index) else {
            return;
        };
        let baseline = first_baseline(slab);
        let mut x = right_edge - gap - width;
        for run in runs.iter() {
            let frag = Frag {
                run: run.clone(),
                size: style.size,
                rise: 0.0,
                gray: style.gray,
                link: style.link.clone(),
                strike: false,
            };
            let w = frag.width();
            slab.draws.push(Draw::Text { x, baseline, frag });
            x += w;
        }
    }

    /// Code keeps its lines and spaces: each source line is one line, wrapped at the measure
    /// with a continuation mark, on a light background.
    fn code(&mut self, code: &str, frame: Frame) {
        let d = self.design;
        let size = d.code_size();
        let style = TextStyle::new(Style::MONO, size);
        let pad = size * 0.5;
        let width = d.measure() - frame.left - frame.right;
        let height = size * 1.3;
        let advance = self
            .shaper
            .shape("0", style.style)
            .iter()
            .map(|r| r.width)
            .sum::<f32>()
            * size;
        let columns = ((width - 2.0 * pad) / advance).floor().max(8.0) as usize;
        let mut rows: Vec<String> = Vec::new();
        for source in code.trim_end_matches('\n').split('\n') {
            let line = source.replace('\t', "    ");
            let chars: Vec<char> = line.chars().collect();
            if chars.len() <= columns {
                rows.push(line);
                continue;
            }
            // Continuation rows start with a hooked arrow and the rest of the line.
            let mut first = true;
            for chunk in chars.chunks(columns - 2) {
                let text: String = chunk.iter().collect();
                rows.push(if first { text } else { format!("→ {text}") });
                first = false;
            }
        }
        self.space(d.leading / 2.0);
        let count = rows.len();
        for (i, row) in rows.iter().enumerate() {
            let mut slab = Slab::new(height);
            let top_pad = if i == 0 { pad } else { 0.0 };
            let bottom_pad = if i + 1 == count { pad } else { 0.0 };
            slab.height += top_pad + bottom_pad;
            slab.draws.push(Draw::Fill {
                x: frame.left,
                y: 0.0,
                width,
                height: slab.height,
                gray: CODE_BACKGROUND,
            });
            let mut x = frame.left + pad;
            for run in self.shaper.shape(row.trim_end(), style.style).iter() {
                let frag = Frag {
                    run: run.clone(),
                    size,
                    rise: 0.0,
                    gray: 0.0,
                    link: None,
                    strike: false,
                };
                let w = frag.width();
                slab.draws.push(Draw::Text {
                    x,
                    baseline: top_pad + height * BASELINE,
                    frag,
                });
                x += w;
            }
            if i == 1 || (count > 1 && i + 1 == count) {
                slab.break_before = BreakBefore::Avoid;
            }
            self.push(slab);
        }
        self.space(d.leading / 2.0);
    }

    /// A table: column widths from the cells' natural and minimum widths, shared out to fit
    /// the measure; cells set ragged; rules at the top, under the header and at the bottom.
    fn table(&mut self, table: &Table, frame: Frame, span: Span) {
        let d = self.design;
        let columns = table.alignments.len().max(1);
        let size = d.body_size * TABLE_SCALE;
        let gap = d.body_size;
        let available = d.measure() - frame.left - frame.right - gap * (columns - 1) as f32;
        let rows: Vec<(bool, &TableRow)> = table
            .header
            .iter()
            .map(|r| (true, r))
            .chain(table.rows.iter().map(|r| (false, r)))
            .collect();
        let mut cells: Vec<Vec<Paragraph>> = Vec::new();
        let (mut natural, mut minimum) = (vec![0.0f32; columns], vec![0.0f32; columns]);
        for (header, row) in &rows {
            let style = self.style(Family::Serif, *header, false, size);
            let mut set = Vec::new();
            for c in 0..columns {
                let mut collector = Collector::new(self.shaper, None);
                if let Some(content) = row.cells.get(c) {
                    collector.inlines(content, &style);
                }
                let paragraph = collector.finish();
                let (wide, narrow) = widths(&paragraph);
                natural[c] = natural[c].max(wide);
                minimum[c] = minimum[c].max(narrow);
                set.push(paragraph);
            }
            cells.push(set);
        }
        let column_widths = share_out(&natural, &minimum, available);
        if minimum.iter().sum::<f32>() > available {
            self.warnings.push(
                Diagnostic::warning(
                    &self.file,
                    "a table is wider than the text block; some cells run over",
                )
                .with_help("fewer columns or shorter cell text would fit")
                .with_span(span),
            );
        }
        self.space(d.leading / 2.0);
        let line_height = size * 1.3;
        let total_width: f32 = column_widths.iter().sum::<f32>() + gap * (columns - 1) as f32;
        let count = rows.len();
        for (r, ((header, _), set)) in rows.iter().zip(&cells).enumerate() {
            let mut slab = Slab::new(0.0);
            let mut x = frame.left;
            let mut lines_in_row = 1;
            for (c, paragraph) in set.iter().enumerate() {
                let width = column_widths[c];
                let align = match table.alignments.get(c) {
                    Some(crate::model::Align::Right) => Align::Right,
                    Some(crate::model::Align::Center) => Align::Center,
                    _ => Align::Left,
                };
                let params = Params {
                    tolerance: RAGGED_TOLERANCE,
                    ..Params::default()
                };
                let broken = linebreak::break_lines(&paragraph.items, &|_| width, &params);
                let lines = lines::set(paragraph, &broken, &|_| x, &|_| width, align);
                lines_in_row = lines_in_row.max(lines.len());
                for (n, line) in lines.into_iter().enumerate() {
                    let baseline = size * 0.4 + n as f32 * line_height + line_height * BASELINE;
                    slab.draws
                        .extend(line.frags.into_iter().map(|(fx, frag)| Draw::Text {
                            x: fx,
                            baseline,
                            frag,
                        }));
                }
                x += width + gap;
            }
            slab.height = lines_in_row as f32 * line_height + size * 0.8;
            let rule = |y: f32, thickness: f32| Draw::Rule {
                x1: frame.left,
                y1: y,
                x2: frame.left + total_width,
                y2: y,
                thickness,
                gray: 0.0,
            };
            if r == 0 {
                slab.draws.push(rule(0.0, THICK_RULE));
            }
            let last_header = *header && rows.get(r + 1).is_none_or(|(h, _)| !h);
            if last_header {
                slab.draws.push(rule(slab.height, THIN_RULE));
            }
            if r + 1 == count {
                slab.draws.push(rule(slab.height, THICK_RULE));
            }
            if *header || r == 1 || r + 1 == count {
                slab.break_before = slab.break_before.max(if r == 0 {
                    BreakBefore::Allowed
                } else {
                    BreakBefore::Avoid
                });
            }
            self.push(slab);
        }
        self.space(d.leading / 2.0);
    }

    /// Images are not drawn in PDF yet: a framed box holds the alt text, and the caption goes
    /// under it, so nothing of the author's text is lost.
    fn figure(&mut self, figure: &Figure, frame: Frame) {
        let d = self.design;
        self.figures += 1;
        self.space(d.leading / 2.0);
        let first = self.slabs.len();
        let style = self.style(Family::Serif, false, true, d.small_size());
        let alt = if figure.image.alt.is_empty() {
            figure.image.src.clone()
        } else {
            figure.image.alt.clone()
        };
        let inner = Frame {
            left: frame.left + d.body_size,
            right: frame.right + d.body_size,
        };
        self.pending_space = d.body_size * 0.5;
        self.text_lines(&alt, &style, inner, Align::Center);
        let last = self.slabs.len();
        let width = d.measure() - frame.left - frame.right;
        if let Some(top) = self.slabs.get_mut(first) {
            let height: f32 = d.body_size * 0.5;
            top.draws.push(Draw::Rule {
                x1: frame.left,
                y1: -height,
                x2: frame.left + width,
                y2: -height,
                thickness: THIN_RULE,
                gray: 0.5,
            });
        }
        if let Some(bottom) = self.slabs.get_mut(last - 1) {
            let y = bottom.height + d.body_size * 0.25;
            bottom.draws.push(Draw::Rule {
                x1: frame.left,
                y1: y,
                x2: frame.left + width,
                y2: y,
                thickness: THIN_RULE,
                gray: 0.5,
            });
        }
        for slab in &mut self.slabs[first + 1..last] {
            slab.break_before = BreakBefore::Avoid;
        }
        if !figure.caption.is_empty() {
            self.keep_with_next();
            self.space(d.leading * 0.5);
            let caption = self.style(Family::Serif, false, false, d.small_size());
            self.paragraph(
                &figure.caption,
                &caption,
                frame,
                0.0,
                Align::Center,
                Span::default(),
            );
        }
        self.space(d.leading / 2.0);
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

/// A paragraph's width on one line and its widest unbreakable piece.
fn widths(paragraph: &Paragraph) -> (f32, f32) {
    let mut total = 0.0f32;
    let mut widest = 0.0f32;
    let mut word = 0.0f32;
    for item in &paragraph.items {
        match *item {
            Item::Box { width } => {
                total += width;
                word += width;
            }
            Item::Glue { width, stretch, .. } if stretch < linebreak::FILL => {
                total += width;
                widest = widest.max(word);
                word = 0.0;
            }
            _ => {
                widest = widest.max(word);
                word = 0.0;
            }
        }
    }
    (total, widest.max(word))
}

/// Column widths: natural widths when they fit; else every column gets its minimum and the
/// rest of the measure goes to the columns that want more, in proportion to what they want.
fn share_out(natural: &[f32], minimum: &[f32], available: f32) -> Vec<f32> {
    let total: f32 = natural.iter().sum();
    if total <= available {
        return natural.to_vec();
    }
    let floor: f32 = minimum.iter().sum();
    if floor >= available {
        return minimum
            .iter()
            .map(|m| m * available / floor.max(1.0))
            .collect();
    }
    let wanted: f32 = natural.iter().zip(minimum).map(|(n, m)| n - m).sum();
    natural
        .iter()
        .zip(minimum)
        .map(|(n, m)| m + (n - m) * (available - floor) / wanted.max(1e-3))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_share_the_measure_by_what_they_want() {
        assert_eq!(
            share_out(&[50.0, 50.0], &[10.0, 10.0], 200.0),
            vec![50.0, 50.0]
        );
        let shared = share_out(&[300.0, 100.0], &[50.0, 50.0], 200.0);
        assert!((shared.iter().sum::<f32>() - 200.0).abs() < 0.01);
        assert!(shared[0] > shared[1]);
        let squeezed = share_out(&[300.0, 300.0], &[150.0, 150.0], 200.0);
        assert!((squeezed[0] - 100.0).abs() < 0.01);
    }
}
