//! Lengths as people write them (`20mm`, `0.75in`, `54pt`), in PDF points: the one place the
//! units are converted.

/// Points in an inch: PostScript's and PDF's unit.
pub const PT_PER_IN: f32 = 72.0;
/// Points in a millimetre.
pub const PT_PER_MM: f32 = PT_PER_IN / 25.4;

/// The units a length may carry, longest suffix first, with their size in points.
pub(super) const UNITS: [(&str, f32); 4] = [
    ("mm", PT_PER_MM),
    ("cm", 10.0 * PT_PER_MM),
    ("in", PT_PER_IN),
    ("pt", 1.0),
];

/// The longest length [`parse_length`] takes: 4 in. More is a typo.
const MAX_LENGTH: f32 = 4.0 * PT_PER_IN;

/// A length with its unit (`20mm`, `0.3cm`, `0.75in`, `54pt`), in points: margins, the bleed,
/// paper thickness. At most 4 in: more is a typo.
pub fn parse_length(text: &str) -> Result<f32, String> {
    let text = text.trim().to_ascii_lowercase();
    for (suffix, factor) in UNITS {
        if let Some(number) = text.strip_suffix(suffix)
            && let Ok(value) = number.trim().parse::<f32>()
            && (0.0..=MAX_LENGTH).contains(&(value * factor))
        {
            return Ok(value * factor);
        }
    }
    Err(format!(
        "`{text}` is not a length (e.g. 20mm, 0.75in, 54pt; at most 4 in)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_need_a_unit_and_stay_under_four_inches() {
        assert_eq!(parse_length("1in").unwrap(), 72.0);
        assert_eq!(parse_length(" 54PT ").unwrap(), 54.0);
        assert!((parse_length("20mm").unwrap() - 56.69).abs() < 0.01);
        assert!(parse_length("20").is_err());
        assert!(parse_length("5in").is_err());
        assert!(parse_length("-1mm").is_err());
    }
}
