//! Stage 1, fonts: takes the font options and the user's font folders, gives the [`FontSet`]
//! every later stage shapes and measures with, and subsets a face to the glyphs the laid-out
//! pages use ([`Subset`]) for the writer to embed.
//!
//! `face` parses one font file; `discover` finds families in folders; `set` holds the bundled
//! faces, the user's and the fallback chain per style; `system` finds faces on the machine for
//! characters the chain lacks; `subset` cuts a face down.

mod discover;
mod face;
mod set;
mod subset;
mod system;

pub(crate) use discover::font_files;
pub(crate) use face::{Face, FontError};
pub use set::FontOptions;
pub(crate) use set::{FaceId, Family, FontSet, STYLES, Style};
pub(crate) use subset::{Subset, Usage};
pub(crate) use system::cover;
