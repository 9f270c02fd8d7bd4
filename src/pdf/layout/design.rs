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
            // 125 % of the size: Gentium's tall x-height wants a little more than TeX's 120 %.
            leading: (body_size * 1.25 * 2.0).round() / 2.0,
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
