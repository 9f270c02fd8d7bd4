//! Where in the width of the text block a block is set (quotes and lists indent it).

/// The horizontal insets blocks are set in: indents from both sides of the text block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Insets {
    pub left: f32,
    pub right: f32,
}

impl Insets {
    /// The whole text block: the body's own insets.
    pub const FULL: Insets = Insets {
        left: 0.0,
        right: 0.0,
    };

    /// Indented by `amount` on the side lines start from: the left, or the right for
    /// right-to-left text (where list markers and note numbers hang).
    pub fn indented(self, amount: f32, rtl: bool) -> Insets {
        if rtl {
            Insets {
                right: self.right + amount,
                ..self
            }
        } else {
            Insets {
                left: self.left + amount,
                ..self
            }
        }
    }

    /// A block quote's insets: indented on both sides by `amount`.
    pub fn quoted(self, amount: f32) -> Insets {
        Insets {
            left: self.left + amount,
            right: self.right + amount,
        }
    }

    /// The x where lines start, from the text block's left edge, in a text block `measure`
    /// wide.
    pub fn start(self, measure: f32, rtl: bool) -> f32 {
        if rtl { measure - self.right } else { self.left }
    }
}
