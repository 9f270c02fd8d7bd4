//! The book's design: page size, margins, type sizes and spacing, derived from a few options.
//! Every number a designer might argue about lives here, with its reason.

/// Points per unit, for sizes given with a unit suffix.
const PT_PER_MM: f32 = 72.0 / 25.4;
const PT_PER_IN: f32 = 72.0;

/// A page size in points (width × height, portrait).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
}

impl PageSize {
    pub const A4: PageSize = PageSize {
        width: 595.28,
        height: 841.89,
    };

    /// `a4`, `a5`, `letter`, `6x9in` (trade paperback), `5.5x8.5in`, or any `WxH` with a unit
    /// (`mm`, `cm`, `in`, `pt`), e.g. `170x240mm`.
    pub fn parse(text: &str) -> Result<PageSize, String> {
        let text = text.trim().to_ascii_lowercase();
        let named = match text.as_str() {
            "a4" => Some(PageSize::A4),
            "a5" => Some(PageSize {
                width: 419.53,
                height: 595.28,
            }),
            "letter" => Some(PageSize {
                width: 612.0,
                height: 792.0,
            }),
            "trade" | "6x9" => Some(PageSize {
                width: 432.0,
                height: 648.0,
            }),
            "digest" | "5.5x8.5" => Some(PageSize {
                width: 396.0,
                height: 612.0,
            }),
            _ => None,
        };
        if let Some(size) = named {
            return Ok(size);
        }
        let (dims, unit) = split_unit(&text).ok_or_else(|| usage(&text))?;
        let (w, h) = dims.split_once('x').ok_or_else(|| usage(&text))?;
        let parse = |s: &str| s.trim().parse::<f32>().ok().filter(|v| *v > 0.0);
        let (w, h) = (
            parse(w).ok_or_else(|| usage(&text))?,
            parse(h).ok_or_else(|| usage(&text))?,
        );
        let size = PageSize {
            width: w * unit,
            height: h * unit,
        };
        // Smaller than a playing card or larger than A0 is a typo, not a book.
        if size.width < 144.0 || size.height < 144.0 || size.width > 2384.0 || size.height > 3370.0
        {
            return Err(format!("page size `{text}` is outside 2×2 in to A0"));
        }
        Ok(size)
    }
}

fn usage(text: &str) -> String {
    format!(
        "page size `{text}` is not understood; use a4, a5, letter, 6x9in, 5.5x8.5in or WxH with mm, cm, in or pt"
    )
}

/// Splits `170x240mm` into (`170x240`, points per mm). A bare number pair means inches, as
/// book trade sizes are always quoted.
fn split_unit(text: &str) -> Option<(&str, f32)> {
    for (suffix, factor) in [
        ("mm", PT_PER_MM),
        ("cm", 10.0 * PT_PER_MM),
        ("in", PT_PER_IN),
        ("pt", 1.0),
    ] {
        if let Some(rest) = text.strip_suffix(suffix) {
            return Some((rest, factor));
        }
    }
    text.contains('x').then_some((text, PT_PER_IN))
}

/// Margins in points; `inner` is the binding side (left on odd pages when two-sided).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub inner: f32,
    pub outer: f32,
}

impl Margins {
    /// Classic proportions: the measure takes about two thirds of the page width, the outer
    /// margin is half again the inner (two facing pages then read as one block), and the foot
    /// margin is larger than the head, leaving room for the folio.
    pub fn for_page(page: PageSize, body_size: f32) -> Margins {
        let measure = (page.width * 0.68).min(MAX_MEASURE_EM * body_size);
        let side = page.width - measure;
        Margins {
            top: page.height * 0.09,
            bottom: page.height * 0.12,
            inner: side * 0.4,
            outer: side * 0.6,
        }
    }

    /// One length for all four sides, or `top,bottom,inner,outer`, each with a unit
    /// (`20mm`, `0.75in`, `54pt`).
    pub fn parse(text: &str) -> Result<Margins, String> {
        let lengths: Result<Vec<f32>, String> = text.split(',').map(parse_length).collect();
        match lengths?.as_slice() {
            [all] => Ok(Margins {
                top: *all,
                bottom: *all,
                inner: *all,
                outer: *all,
            }),
            [top, bottom, inner, outer] => Ok(Margins {
                top: *top,
                bottom: *bottom,
                inner: *inner,
                outer: *outer,
            }),
            _ => Err(format!(
                "margins `{text}`: give one length or four (top,bottom,inner,outer)"
            )),
        }
    }
}

/// A length with its unit (`20mm`, `0.3cm`, `0.75in`, `54pt`), in points: margins, the bleed,
/// paper thickness. At most 4 in: more is a typo.
pub fn parse_length(text: &str) -> Result<f32, String> {
    let text = text.trim().to_ascii_lowercase();
    for (suffix, factor) in [
        ("mm", PT_PER_MM),
        ("cm", 10.0 * PT_PER_MM),
        ("in", PT_PER_IN),
        ("pt", 1.0),
    ] {
        if let Some(number) = text.strip_suffix(suffix)
            && let Ok(value) = number.trim().parse::<f32>()
            && (0.0..=288.0).contains(&(value * factor))
        {
            return Ok(value * factor);
        }
    }
    Err(format!(
        "`{text}` is not a length (e.g. 20mm, 0.75in, 54pt; at most 4 in)"
    ))
}

/// A line of more than about 75 characters tires the eye; 33 em of a book face is about that.
const MAX_MEASURE_EM: f32 = 33.0;

/// How paragraphs are told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParagraphStyle {
    /// First-line indent, no space between (book convention).
    #[default]
    Indent,
    /// A blank half line between paragraphs, no indent (report convention).
    Spacing,
}

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
}

impl Design {
    pub fn new(
        page: PageSize,
        margins: Option<Margins>,
        two_sided: bool,
        paragraphs: ParagraphStyle,
        italic_quotes: bool,
    ) -> Design {
        // Small trade formats read best at 10 pt; A4 and Letter need 11 pt for the longer line.
        let body_size = if page.width < 500.0 { 10.0 } else { 11.0 };
        Design {
            page,
            margins: margins.unwrap_or_else(|| Margins::for_page(page, body_size)),
            two_sided,
            rtl: false,
            paragraphs,
            italic_quotes,
            body_size,
            leading: (body_size * LEADING_RATIO * 2.0).round() / 2.0,
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

    /// The size of a heading of `level`: a modular scale of about 1.2 per level, so the
    /// hierarchy reads at a glance without shouting.
    pub fn heading_size(&self, level: u8) -> f32 {
        let factor = match level {
            1 => 1.75,
            2 => 1.4,
            3 => 1.15,
            _ => 1.0,
        };
        self.body_size * factor
    }

    /// Code is set smaller: a monospace face is wider than the text face at the same size.
    pub fn code_size(&self) -> f32 {
        self.body_size * 0.85
    }

    /// Notes, running heads and captions.
    pub fn small_size(&self) -> f32 {
        self.body_size * 0.85
    }

    pub fn paragraph_indent(&self) -> f32 {
        self.body_size * 1.5
    }

    /// Indent of block quotes and each list level.
    pub fn block_indent(&self) -> f32 {
        self.body_size * 1.8
    }
}

// Block layout: the flow's sizes, spaces, greys and rules, as shares of the type size or
// the leading they go with.

/// Body lines take exactly the leading; larger type gets 125 % of its size: Gentium's tall
/// x-height wants a little more than TeX's 120 %.
pub const LEADING_RATIO: f32 = 1.25;

/// Where the baseline sits in a line of text, as a share of the line's height from its top:
/// the descenders need the rest.
pub const BASELINE: f32 = 0.78;

/// Room left above an image taller than the text, as a share of the text size, so it does not
/// touch the descenders of the line above.
pub const IMAGE_CLEARANCE: f32 = 0.15;

/// Hairlines for tables and frames; the outer table rules heavier, as in booktabs.
pub const THIN_RULE: f32 = 0.4;
pub const THICK_RULE: f32 = 0.8;

/// Space above a heading, in leadings: more above the levels that open sections (1 and 2), so
/// they read as a pause; half a leading below, so the heading belongs to its text.
pub const HEADING_SPACE_MAJOR: f32 = 1.5;
pub const HEADING_SPACE_MINOR: f32 = 1.0;
pub const HEADING_SPACE_BELOW: f32 = 0.5;

/// A title is set this much larger than a level-1 heading, so it outranks every heading.
pub const TITLE_SCALE: f32 = 1.15;

/// How far down a title page or a part's page its title starts, as a share of the page height.
pub const TITLE_SINK: f32 = 0.2;

/// Between the title's lines (subtitle, imprint), in leadings; a whole leading before the
/// byline and two after the title block.
pub const TITLE_LINE_SPACE: f32 = 0.5;
pub const TITLE_SPACE_AFTER: f32 = 2.0;

/// Block quote rules: light enough to read as a margin mark, not a frame.
pub const QUOTE_RULE_GRAY: f32 = 0.6;

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

/// Light grey behind code: visible on paper and still light when printed in greyscale.
pub const CODE_BACKGROUND: f32 = 0.94;

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

    #[test]
    fn page_sizes_parse_by_name_and_dimensions() {
        assert_eq!(PageSize::parse("A4").unwrap(), PageSize::A4);
        assert_eq!(
            PageSize::parse("6x9in").unwrap(),
            PageSize {
                width: 432.0,
                height: 648.0
            }
        );
        let mm = PageSize::parse("170x240mm").unwrap();
        assert!((mm.width - 481.89).abs() < 0.01);
        assert!(PageSize::parse("1x1mm").is_err());
        assert!(PageSize::parse("huge").is_err());
    }

    #[test]
    fn margins_parse_one_or_four_lengths() {
        let all = Margins::parse("1in").unwrap();
        assert_eq!(all.top, 72.0);
        let four = Margins::parse("20mm, 25mm, 18mm, 30mm").unwrap();
        assert!((four.outer - 85.04).abs() < 0.01);
        assert!(Margins::parse("1in,2in").is_err());
        assert!(Margins::parse("20").is_err());
    }

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
}
