//! Where in the width of the text block a block is set (quotes and lists indent it).

/// The horizontal frame blocks are set in: indents from both sides of the text block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Frame {
    pub left: f32,
    pub right: f32,
}

impl Frame {
    /// The whole text block: the body's own frame.
    pub const FULL: Frame = Frame {
        left: 0.0,
        right: 0.0,
    };

    /// Indented by `amount` on the side lines start from: the left, or the right for
    /// right-to-left text (where list markers and note numbers hang).
    pub fn indented(self, amount: f32, rtl: bool) -> Frame {
        if rtl {
            Frame {
                right: self.right + amount,
                ..self
            }
        } else {
            Frame {
                left: self.left + amount,
                ..self
            }
        }
    }

    /// A block quote's frame: indented on both sides by `amount`.
    pub fn quoted(self, amount: f32) -> Frame {
        Frame {
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
