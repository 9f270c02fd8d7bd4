//! The page: its size and margins, as the command line, a book's configuration and (later) a
//! theme give them, in points.

use super::length::{PT_PER_IN, UNITS, parse_length};

/// A page size in points (width × height, portrait).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
}

/// Smaller than a playing card (2 × 2 in) is a typo, not a book.
const MIN_SIDE: f32 = 2.0 * PT_PER_IN;
/// Larger than A0 is a typo too.
const A0: PageSize = PageSize {
    width: 2384.0,
    height: 3370.0,
};

impl PageSize {
    pub const A4: PageSize = PageSize {
        width: 595.28,
        height: 841.89,
    };

    /// `a4`, `a5`, `letter`, `6x9in` (trade paperback), `5.5x8.5in`, or any `WxH` with a unit
    /// (`mm`, `cm`, `in`, `pt`), e.g. `170x240mm`.
    pub fn parse(text: &str) -> Result<PageSize, String> {
        let text = text.trim().to_ascii_lowercase();
        if let Some(size) = named(&text) {
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
        if size.width < MIN_SIDE
            || size.height < MIN_SIDE
            || size.width > A0.width
            || size.height > A0.height
        {
            return Err(format!("page size `{text}` is outside 2×2 in to A0"));
        }
        Ok(size)
    }
}

/// The sizes known by name.
fn named(text: &str) -> Option<PageSize> {
    let (width, height) = match text {
        "a4" => return Some(PageSize::A4),
        "a5" => (419.53, 595.28),
        "letter" => (612.0, 792.0),
        "trade" | "6x9" => (432.0, 648.0),
        "digest" | "5.5x8.5" => (396.0, 612.0),
        _ => return None,
    };
    Some(PageSize { width, height })
}

fn usage(text: &str) -> String {
    format!(
        "page size `{text}` is not understood; use a4, a5, letter, 6x9in, 5.5x8.5in or WxH with mm, cm, in or pt"
    )
}

/// Splits `170x240mm` into (`170x240`, points per mm). A bare number pair means inches, as
/// book trade sizes are always quoted.
fn split_unit(text: &str) -> Option<(&str, f32)> {
    for (suffix, factor) in UNITS {
        if let Some(rest) = text.strip_suffix(suffix) {
            return Some((rest, factor));
        }
    }
    text.contains('x').then_some((text, PT_PER_IN))
}

/// A line of more than about 75 characters tires the eye; 33 em of a book face is about that.
pub const MAX_MEASURE_EM: f32 = 33.0;

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
        assert_eq!(
            PageSize::parse("6x9").unwrap(),
            PageSize::parse("trade").unwrap()
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
}
