//! Stage 2, pictures: takes the document's image references, gives each image decoded once
//! ([`Picture`]: its natural size and its content ready for the PDF — JPEG bytes, a PNG's
//! rows, deflated pixels, or an SVG's form), which layout sizes and the writer embeds.

mod colour;
mod picture;
mod png;
mod resample;

pub(crate) use colour::Colour;
pub(crate) use picture::{Content, Encoding, Picture, Pictures, Raster};
