//! The colour spaces of the rasters folio embeds.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Colour {
    Gray,
    Rgb,
    Cmyk,
}

impl Colour {
    pub(crate) fn components(self) -> usize {
        match self {
            Colour::Gray => 1,
            Colour::Rgb => 3,
            Colour::Cmyk => 4,
        }
    }
}
