//! The standards and printer profiles a PDF can claim or be checked against, how users spell them
//! (`a-2b`, `x-4`, `kdp` ...), and which of them can be claimed together.

use std::fmt;

/// One standard (ISO part and conformance level) or one printer's file specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standard {
    /// PDF/A-2 (ISO 19005-2), level b (visual appearance), u (and Unicode text) or a (and tags).
    A2(Level),
    /// PDF/A-3 (ISO 19005-3): PDF/A-2 plus files of any kind attached with a relationship.
    A3(Level),
    /// PDF/UA-1 (ISO 14289-1): tagged for assistive technology.
    Ua1,
    /// PDF/X-4 (ISO 15930-7:2010): for print exchange, colour managed, transparency allowed.
    X4,
    /// Amazon KDP's paperback interior specification.
    Kdp,
    /// IngramSpark's file creation guide for interiors.
    IngramSpark,
}

/// A PDF/A conformance level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    B,
    U,
    A,
}

impl Level {
    /// The letter XMP's `pdfaid:conformance` carries.
    pub fn letter(self) -> &'static str {
        match self {
            Level::B => "B",
            Level::U => "U",
            Level::A => "A",
        }
    }
}

/// Every spelling `--pdf-standard` and `folio preflight --standard` accept, in the order help
/// lists them.
pub const SPELLINGS: &[&str] = &[
    "a-2b",
    "a-2u",
    "a-2a",
    "a-3b",
    "a-3u",
    "a-3a",
    "ua-1",
    "x-4",
    "kdp",
    "ingramspark",
];

impl Standard {
    /// Reads one spelling (case-insensitive; `pdf/a-2b` and `pdfa-2b` also work).
    pub fn parse(text: &str) -> Option<Standard> {
        let lower = text.trim().to_ascii_lowercase();
        let bare = lower
            .trim_start_matches("pdf/")
            .trim_start_matches("pdf")
            .trim_start_matches('-');
        Some(match bare {
            "a-2b" | "a2b" => Standard::A2(Level::B),
            "a-2u" | "a2u" => Standard::A2(Level::U),
            "a-2a" | "a2a" => Standard::A2(Level::A),
            "a-3b" | "a3b" => Standard::A3(Level::B),
            "a-3u" | "a3u" => Standard::A3(Level::U),
            "a-3a" | "a3a" => Standard::A3(Level::A),
            "ua-1" | "ua1" => Standard::Ua1,
            "x-4" | "x4" => Standard::X4,
            "kdp" => Standard::Kdp,
            "ingramspark" | "ingram" => Standard::IngramSpark,
            _ => return None,
        })
    }

    /// The PDF/A part and level, for the PDF/A standards.
    pub fn archival(self) -> Option<(u8, Level)> {
        match self {
            Standard::A2(level) => Some((2, level)),
            Standard::A3(level) => Some((3, level)),
            _ => None,
        }
    }

    /// Whether files checked against this standard must carry no DeviceRGB and be printed
    /// through a CMYK output intent (PDF/X-4, and IngramSpark, which asks for PDF/X and CMYK).
    pub fn wants_print_colour(self) -> bool {
        matches!(self, Standard::X4 | Standard::IngramSpark)
    }
}

impl fmt::Display for Standard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Standard::A2(level) => write!(f, "PDF/A-2{}", level.letter().to_ascii_lowercase()),
            Standard::A3(level) => write!(f, "PDF/A-3{}", level.letter().to_ascii_lowercase()),
            Standard::Ua1 => f.write_str("PDF/UA-1"),
            Standard::X4 => f.write_str("PDF/X-4"),
            Standard::Kdp => f.write_str("KDP"),
            Standard::IngramSpark => f.write_str("IngramSpark"),
        }
    }
}

/// Reads a comma-separated list (`a-2b,ua-1`), refusing unknown names and combinations that
/// cannot hold at once, with the reason.
pub fn parse_list(text: &str) -> Result<Vec<Standard>, String> {
    let mut standards = Vec::new();
    for part in text.split(',').filter(|part| !part.trim().is_empty()) {
        let standard = Standard::parse(part).ok_or_else(|| {
            format!(
                "unknown PDF standard `{}`; expected one of {}",
                part.trim(),
                SPELLINGS.join(", ")
            )
        })?;
        if !standards.contains(&standard) {
            standards.push(standard);
        }
    }
    if standards.is_empty() {
        return Err(format!(
            "no PDF standard named; expected one of {}",
            SPELLINGS.join(", ")
        ));
    }
    check_combination(&standards)?;
    standards.sort();
    Ok(standards)
}

/// Refuses sets of standards one file cannot meet together.
pub fn check_combination(standards: &[Standard]) -> Result<(), String> {
    let archival: Vec<_> = standards
        .iter()
        .filter(|s| s.archival().is_some())
        .collect();
    if archival.len() > 1 {
        return Err(format!(
            "{} and {} cannot both be claimed: a file identifies itself as one PDF/A part and level",
            archival[0], archival[1]
        ));
    }
    let has = |wanted: Standard| standards.contains(&wanted);
    if has(Standard::Kdp) && has(Standard::IngramSpark) {
        return Err(
            "kdp and ingramspark cannot be combined: build one file per printer \
                    (KDP wants RGB or grey left as it is, IngramSpark wants CMYK)"
                .into(),
        );
    }
    if let Some(archival) = archival.first()
        && (has(Standard::X4) || has(Standard::IngramSpark))
    {
        return Err(format!(
            "{archival} and PDF/X-4 cannot be combined here: PDF/A asks for an sRGB output intent \
             and printable link annotations, PDF/X-4 for a CMYK printer's intent and nothing \
             printing over the trim; build an archive copy and a print copy"
        ));
    }
    if has(Standard::Kdp) && !archival.is_empty() {
        return Err(
            "kdp cannot be combined with PDF/A: KDP wants no annotations or bookmarks, \
                    which an archival copy keeps"
                .into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_read_back_and_print_as_the_iso_names() {
        for spelling in SPELLINGS {
            let standard = Standard::parse(spelling).unwrap();
            assert!(!standard.to_string().is_empty());
        }
        assert_eq!(Standard::parse("PDF/A-2b"), Some(Standard::A2(Level::B)));
        assert_eq!(Standard::A3(Level::A).to_string(), "PDF/A-3a");
        assert_eq!(Standard::parse("a-1b"), None);
    }

    #[test]
    fn lists_that_make_sense_are_taken_and_impossible_ones_say_why() {
        assert_eq!(
            parse_list("ua-1,a-2a").unwrap(),
            vec![Standard::A2(Level::A), Standard::Ua1]
        );
        assert_eq!(
            parse_list("x-4, ua-1").unwrap(),
            vec![Standard::Ua1, Standard::X4]
        );
        let two_parts = parse_list("a-2b,a-3b").unwrap_err();
        assert!(two_parts.contains("one PDF/A part"), "{two_parts}");
        let printers = parse_list("kdp,ingramspark").unwrap_err();
        assert!(printers.contains("one file per printer"), "{printers}");
        assert!(parse_list("a-2b,x-4").unwrap_err().contains("print copy"));
        assert!(
            parse_list("a-9z")
                .unwrap_err()
                .contains("unknown PDF standard `a-9z`")
        );
        assert!(parse_list(" , ").is_err());
    }
}
