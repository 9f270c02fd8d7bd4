//! Colours as the style holds them: a grey level or RGB, each channel from 0 to 1, the way the
//! PDF writes them; the EPUB spells them `#rrggbb`.

/// A colour: a grey level (print-safe, no colour management needed) or RGB.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Color {
    /// From 0 (black) to 1 (white).
    Gray(f32),
    Rgb([f32; 3]),
}

impl Color {
    pub const BLACK: Color = Color::Gray(0.0);

    /// `#rrggbb`, each channel rounded to the nearest of 256 steps.
    pub fn hex(self) -> String {
        let [r, g, b] = match self {
            Color::Gray(gray) => [gray; 3],
            Color::Rgb(rgb) => rgb,
        };
        let byte = |channel: f32| (channel.clamp(0.0, 1.0) * 255.0).round() as u8;
        format!("#{:02x}{:02x}{:02x}", byte(r), byte(g), byte(b))
    }

    /// The grey a colour prints as where the PDF draws in grey only (rules and backgrounds):
    /// its own level, or an RGB colour's luminance (Rec. 709 weights).
    pub fn gray_level(self) -> f32 {
        match self {
            Color::Gray(gray) => gray,
            Color::Rgb([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_spell_as_hex() {
        assert_eq!(Color::BLACK.hex(), "#000000");
        assert_eq!(Color::Gray(0.6).hex(), "#999999");
        assert_eq!(Color::Rgb([0.0, 0.13, 0.6]).hex(), "#002199");
        assert_eq!(Color::Gray(2.0).hex(), "#ffffff");
        assert_eq!(Color::Gray(0.94).gray_level(), 0.94);
        assert!((Color::Rgb([1.0, 1.0, 1.0]).gray_level() - 1.0).abs() < 1e-6);
    }
}
