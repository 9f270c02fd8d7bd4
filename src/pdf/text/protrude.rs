//! Character protrusion (margin kerning): how far the punctuation that starts or ends a line may
//! hang into the margin, so the text block's edges look straight to the eye rather than to the
//! ruler. The amounts are those of microtype's default set, as thousandths of the glyph's own
//! advance; the line breaker counts them when it measures a line.

use super::linebreak::Hang;
use super::shape::ShapedRun;

/// Thousandths of a glyph's advance that hang into the left and the right margin.
fn amounts(c: char) -> (f32, f32) {
    match c {
        '.' => (0.0, 700.0),
        ',' => (0.0, 500.0),
        ':' => (0.0, 500.0),
        ';' => (0.0, 300.0),
        '!' => (0.0, 100.0),
        '?' => (0.0, 200.0),
        // The hyphen, also as the soft hyphen a hyphenation break draws.
        '-' | '\u{ad}' | '‐' => (0.0, 500.0),
        '–' => (200.0, 200.0),
        '—' => (150.0, 150.0),
        '‘' | '’' | '\'' => (300.0, 400.0),
        '“' | '”' | '"' => (500.0, 300.0),
        _ => (0.0, 0.0),
    }
}

/// How far text set as `runs` (each with its size) may hang: its first glyph left, its last
/// one right, in points.
pub fn hang(runs: &[(&ShapedRun, f32)]) -> Hang {
    let left = runs.first().map_or(0.0, |&(run, size)| {
        let advance = run.glyphs.first().map_or(0.0, |g| g.advance);
        let c = run.text.chars().next();
        c.map_or(0.0, |c| amounts(c).0) / 1000.0 * advance * size
    });
    let right = runs.last().map_or(0.0, |&(run, size)| {
        let advance = run.glyphs.last().map_or(0.0, |g| g.advance);
        let c = run.text.chars().next_back();
        c.map_or(0.0, |c| amounts(c).1) / 1000.0 * advance * size
    });
    Hang { left, right }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_punctuation_hangs_right_and_opening_quotes_left() {
        assert_eq!(amounts('.'), (0.0, 700.0));
        assert!(amounts('\u{ad}').1 > 0.0);
        assert!(amounts('“').0 > 0.0);
        assert_eq!(amounts('a'), (0.0, 0.0));
    }
}
