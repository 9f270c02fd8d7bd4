//! The book's design for print: page size, margins, type sizes and spacing in points, the
//! PDF's view of the [`Style`] (which holds the numbers a designer argues about, in em) on one
//! page size.

use crate::style::{BLOCK_INDENT_EM, QuoteStyle, Style, StyleOptions};
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
    /// Listings, in em.
    code_em: f32,
    /// Notes, running heads and captions, in em.
    small_em: f32,
    /// The first-line indent, in em.
    indent_em: f32,
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
            code_em: style.code.size.value,
            small_em: style.notes.size.value,
            indent_em: style.body.indent.value,
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
