//! The book's design for print: page size, margins, type sizes and spacing in points, the
//! PDF's view of the [`Style`] (which holds the numbers a designer argues about, in em) on one
//! page size.

use crate::style::{BLOCK_INDENT_EM, QuoteStyle, Slant, Style, StyleOptions, Weight};
pub(crate) use crate::style::{Margins, PageSize, ParagraphStyle};

/// Every size and distance the typesetter uses, in points.
#[derive(Debug, Clone, Copy)]
pub struct Design {
    pub page: PageSize,
    pub margins: Margins,
    pub two_sided: bool,
    /// A right-to-left book: bound on the right, so its recto pages have the inner margin on
    /// the right and its running heads and folios mirror.
    pub rtl: bool,
    pub paragraphs: ParagraphStyle,
    /// Set block quotes in italic (pull quotes in a magazine style).
    pub italic_quotes: bool,
    pub body_size: f32,
    /// Baseline to baseline for body text. Every block's height is a whole number of these
    /// where it can be, so facing pages line up.
    pub leading: f32,
    /// Lines of larger type take this share of their size (the style's `body.leading`).
    pub leading_ratio: f32,
    /// Heading sizes, levels 1 to 6, in em.
    heading_em: [f32; 6],
    /// Heading weights and slants, levels 1 to 6 (the style's `headings.hN.weight` / `style`).
    heading_bold: [bool; 6],
    heading_italic: [bool; 6],
    /// Listings, in em.
    code_em: f32,
    /// Notes, running heads and captions, in em.
    small_em: f32,
    /// The first-line indent, in em.
    indent_em: f32,
    /// The grey behind listings (the style's `code.background`).
    pub code_background: f32,
    /// The grey of block quotes' rules (the style's `colors.rule`).
    pub rule_gray: f32,
}

impl Design {
    /// The classic style with these options (see [`Style::classic_with`]).
    pub fn new(
        page: PageSize,
        margins: Option<Margins>,
        two_sided: bool,
        paragraphs: ParagraphStyle,
        italic_quotes: bool,
    ) -> Design {
        let style = Style::classic_with(StyleOptions {
            page,
            margins,
            paragraphs,
            italic_quotes,
            main_font: None,
            mono_font: None,
        });
        Design::from_style(&style, two_sided)
    }

    /// The design `style` makes, on facing pages when `two_sided`.
    pub fn from_style(style: &Style, two_sided: bool) -> Design {
        let page = style.page.size.value;
        let body_size = style.body.size_on(page.width);
        let ratio = style.body.leading.value;
        Design {
            page,
            margins: (style.page.margins.value)
                .unwrap_or_else(|| Margins::for_page(page, body_size)),
            two_sided,
            rtl: false,
            paragraphs: style.body.paragraph.value,
            italic_quotes: style.blockquote.style.value == QuoteStyle::Italic,
            body_size,
            // On the half point, so the leading's multiples stay short numbers.
            leading: (body_size * ratio * 2.0).round() / 2.0,
            leading_ratio: ratio,
            heading_em: style.headings.all().map(|heading| heading.size.value),
            heading_bold: (style.headings.all()).map(|h| h.weight.value == Weight::Bold),
            heading_italic: (style.headings.all()).map(|h| h.style.value == Slant::Italic),
            code_em: style.code.size.value,
            small_em: style.notes.size.value,
            indent_em: style.body.indent.value,
            code_background: style.code.background.value.gray_level(),
            rule_gray: style.colors.rule.value.gray_level(),
        }
    }

    /// The width of the text block.
    pub fn measure(&self) -> f32 {
        self.page.width - self.margins.inner - self.margins.outer
    }

    /// The left edge of the text block on page `index` (0-based): recto pages (odd page
    /// numbers, even indices) have the binding on the left, or on the right in a right-to-left
    /// book.
    pub fn left(&self, index: usize) -> f32 {
        if !self.two_sided || index.is_multiple_of(2) != self.rtl {
            self.margins.inner
        } else {
            self.margins.outer
        }
    }

    /// Whether page `index`'s outer edge, where running heads and folios go, is on the left.
    pub fn outer_left(&self, index: usize) -> bool {
        // Versos of a left-to-right book, rectos of a right-to-left one.
        self.two_sided && index.is_multiple_of(2) == self.rtl
    }

    /// The y of the first baseline's top edge and of the bottom of the text block.
    pub fn top(&self) -> f32 {
        self.page.height - self.margins.top
    }

    pub fn bottom(&self) -> f32 {
        self.margins.bottom
    }

    /// The size of a heading of `level` (1 to 6; any other is body size).
    pub fn heading_size(&self, level: u8) -> f32 {
        let factor = match level {
            1..=6 => self.heading_em[usize::from(level) - 1],
            _ => 1.0,
        };
        self.body_size * factor
    }

    /// Whether a heading of `level` (1 to 6) is bold and whether it is italic.
    pub fn heading_face(&self, level: u8) -> (bool, bool) {
        let i = usize::from(level.clamp(1, 6)) - 1;
        (self.heading_bold[i], self.heading_italic[i])
    }

    /// Listings.
    pub fn code_size(&self) -> f32 {
        self.body_size * self.code_em
    }

    /// Notes, running heads and captions.
    pub fn small_size(&self) -> f32 {
        self.body_size * self.small_em
    }

    pub fn paragraph_indent(&self) -> f32 {
        self.body_size * self.indent_em
    }

    /// Indent of block quotes and each list level.
    pub fn block_indent(&self) -> f32 {
        self.body_size * BLOCK_INDENT_EM
    }
}

// Block layout: the flow's sizes, spaces, greys and rules, as shares of the type size or
// the leading they go with.

/// Where the baseline sits in a line of text, as a share of the line's height from its top:
/// the descenders need the rest.
pub const BASELINE: f32 = 0.78;

/// Room left above an image taller than the text, as a share of the text size, so it does not
/// touch the descenders of the line above.
pub const IMAGE_CLEARANCE: f32 = 0.15;

/// How far below the descenders a formula may reach, as a share of the text size, before its
/// line is made deeper: the next line's letters stop short of its top, so a subscript's small
/// overhang keeps the lines on their grid.
pub const FORMULA_DEPTH_ALLOWANCE: f32 = 0.1;

/// Hairlines for tables and frames; the outer table rules heavier, as in booktabs.
pub const THIN_RULE: f32 = 0.4;
pub const THICK_RULE: f32 = 0.8;

/// Space above a heading, in leadings: more above the levels that open sections (1 and 2), so
/// they read as a pause; half a leading below, so the heading belongs to its text.
pub const HEADING_SPACE_MAJOR: f32 = 1.5;
pub const HEADING_SPACE_MINOR: f32 = 1.0;
pub const HEADING_SPACE_BELOW: f32 = 0.5;

/// A title is set this much larger than a level-1 heading (the style's number).
pub use crate::style::TITLE_SCALE;

/// How far down a title page or a part's page its title starts, as a share of the page height.
pub const TITLE_SINK: f32 = 0.2;

/// Between the title's lines (subtitle, imprint), in leadings; a whole leading before the
/// byline and two after the title block.
pub const TITLE_LINE_SPACE: f32 = 0.5;
pub const TITLE_SPACE_AFTER: f32 = 2.0;

/// The quote's rule stands this share of the indent out from the quoted text, nearer the text
/// than the margin, so it reads as belonging to the quote.
pub const QUOTE_RULE_OFFSET: f32 = 0.4;

/// A section break (three asterisks) takes two leadings, a blank line's pause with the
/// asterisks in it; their baseline is this many leadings from its top, below the middle as
/// asterisks sit high; their centres this many text sizes from the middle of the measure.
pub const SECTION_BREAK_HEIGHT: f32 = 2.0;
pub const SECTION_BREAK_BASELINE: f32 = 1.4;
pub const SECTION_BREAK_STARS: [f32; 3] = [-1.5, 0.0, 1.5];

/// A list's marker (number, bullet, task box) stands this share of the text size before
/// where the item's lines start.
pub const MARKER_GAP: f32 = 0.5;

/// A task's box: its side a share of the text size, about the x-height with the ascent of a
/// capital; the check mark inside a little larger than the side (its glyph has side bearings)
/// and raised this share of the side off the box's bottom.
pub const TASK_BOX: f32 = 0.62;
pub const TASK_CHECK: f32 = 1.05;
pub const TASK_CHECK_RAISE: f32 = 0.15;

/// Code's band is padded above and below by this share of the code size; its rows are this
/// many code sizes apart (a little looser than text: code has no ascenders to spare).
pub const CODE_PAD: f32 = 0.5;
pub const CODE_ROW: f32 = 1.3;

/// Line numbers and the continuation mark: grey, and the numbers smaller than the code.
pub const MARGINAL_GRAY: f32 = 0.5;
pub const NUMBER_SCALE: f32 = 0.8;

/// A continuation row's arrow, in code sizes: the shaft at this height under the baseline's
/// x-height middle (`ARROW_RAISE` above the baseline), from `ARROW_TAIL` to `ARROW_TIP` along
/// the first column, with a head `ARROW_HEAD` long.
pub const ARROW_RAISE: f32 = 0.25;
pub const ARROW_TAIL: f32 = 0.05;
pub const ARROW_TIP: f32 = 0.55;
pub const ARROW_HEAD: f32 = 0.18;

/// Table text is a step smaller than body text so more fits across; wide tables shrink it
/// further, down to this share of the body size.
pub const TABLE_SCALE: f32 = 0.9;
pub const TABLE_FLOOR: f32 = 0.7;

/// Table lines are this many times the table's text size apart.
pub const TABLE_LEADING: f32 = 1.3;

/// Cells are padded above their first line and below their last by this share of the
/// table's text size.
pub const CELL_PAD: f32 = 0.4;

/// An image in a cell stands at most this many lines tall: room for an icon that reads as the
/// cell's content, not a figure.
pub const CELL_IMAGE_LINES: f32 = 2.0;

/// A figure's caption is this many leadings under its image.
pub const CAPTION_SPACE: f32 = 0.5;

/// The frame around a missing image's alt text: grey rules, this share of the body size above
/// its first line and below its last.
pub const PLACEHOLDER_GRAY: f32 = 0.5;
pub const PLACEHOLDER_ABOVE: f32 = 0.5;
pub const PLACEHOLDER_BELOW: f32 = 0.25;

/// Footnotes are set at the small size with a leading to match (120 %, TeX's proportion for
/// small type), a quarter leading apart.
pub const NOTE_LEADING: f32 = 1.2;
pub const NOTE_SPACE: f32 = 0.25;

/// The contents' title: its line this many times its size, after this many leadings.
pub const CONTENTS_TITLE_LINE: f32 = 1.25;
pub const CONTENTS_TITLE_SPACE: f32 = 1.5;

/// Contents entries of the top level stand this many leadings apart from the last.
pub const CONTENTS_CHAPTER_SPACE: f32 = 0.5;

/// Between a contents entry's text, its leader dots and its page number, at least this share
/// of the size; the dots this share of the size apart.
pub const CONTENTS_GAP: f32 = 0.6;
pub const LEADER_PITCH: f32 = 0.55;

/// Running heads sit this many leadings above the text block's top: clear of a tall first
/// line, near enough to belong to the page.
pub const RUNNING_HEAD_RAISE: f32 = 1.5;

/// Folios sit this many leadings below the text block's bottom, the same rhythm as the head.
pub const FOLIO_DROP: f32 = 2.0;

/// A running head takes at most this share of the measure; a longer one is cut with an
/// ellipsis, so it never reaches the folio's corner.
pub const RUNNING_HEAD_SHARE: f32 = 0.8;

/// Running heads and folios are set small and grey, so they guide without competing.
pub const FURNITURE_GRAY: f32 = 0.3;

/// The rule above footnotes: a quarter of the measure, a hairline.
pub const NOTE_RULE: f32 = 0.25;
pub const NOTE_RULE_THICKNESS: f32 = 0.4;

/// A link's clickable area reaches this share of its text size below the baseline, to take
/// in the descenders, and this share above it, to the ascenders' tops.
pub const LINK_BELOW: f32 = 0.25;
pub const LINK_ABOVE: f32 = 0.8;

/// Link areas on one line (bottoms less than this apart, in points) that touch or are less
/// than a word space or two apart (`LINK_JOIN_GAP`) join into one area: a linked phrase is
/// one target, not one per word.
pub const LINK_SAME_LINE: f32 = 0.5;
pub const LINK_JOIN_GAP: f32 = 20.0;

/// Struck-out text: the line at this share of the size above the baseline, through the
/// x-height's middle, and this share of the size thick, as heavy as a stem's hairline.
pub const STRIKE_HEIGHT: f32 = 0.28;
pub const STRIKE_THICKNESS: f32 = 0.06;

/// A page's text short of its bottom by less than this (points) counts as full: its gaps do
/// not stretch for a rounding error.
pub const FULL_PAGE_SLACK: f32 = 0.01;

/// Gaps between blocks grow at most by this share of themselves to fill a page.
pub const MAX_GAP_STRETCH: f32 = 1.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::MAX_MEASURE_EM;

    #[test]
    fn facing_pages_mirror_the_margins() {
        let d = Design::new(PageSize::A4, None, true, ParagraphStyle::Indent, false);
        assert!(d.margins.outer > d.margins.inner);
        assert_eq!(d.left(0), d.margins.inner);
        assert_eq!(d.left(1), d.margins.outer);
        assert!(d.measure() <= MAX_MEASURE_EM * d.body_size + 0.01);
        let one = Design::new(PageSize::A4, None, false, ParagraphStyle::Indent, false);
        assert_eq!(one.left(1), one.margins.inner);
    }

    /// The classic style's numbers, as the design held them before the style did.
    #[test]
    fn the_classic_style_gives_the_classic_design() {
        let a4 = Design::from_style(&Style::classic(), true);
        assert_eq!(
            (a4.body_size, a4.leading, a4.leading_ratio),
            (11.0, 14.0, 1.25)
        );
        let sizes = [1, 2, 3, 4, 5, 6, 7].map(|level| a4.heading_size(level));
        assert_eq!(
            sizes,
            [11.0 * 1.75, 11.0 * 1.4, 11.0 * 1.15, 11.0, 11.0, 11.0, 11.0]
        );
        assert_eq!(a4.code_size(), 11.0 * 0.85);
        assert_eq!(a4.small_size(), 11.0 * 0.85);
        assert_eq!(a4.paragraph_indent(), 11.0 * 1.5);
        assert_eq!(a4.block_indent(), 11.0 * 1.8);
        assert_eq!(a4.margins, Margins::for_page(PageSize::A4, 11.0));
        assert!(!a4.italic_quotes && a4.paragraphs == ParagraphStyle::Indent);
        let mut trade = Style::classic();
        trade.page.size.value = PageSize::parse("6x9in").unwrap();
        let trade = Design::from_style(&trade, true);
        assert_eq!((trade.body_size, trade.leading), (10.0, 12.5));
        let given = Design::new(trade.page, None, false, ParagraphStyle::Spacing, true);
        assert_eq!((given.leading, given.two_sided), (12.5, false));
        assert!(given.italic_quotes && given.paragraphs == ParagraphStyle::Spacing);
    }
}
