//! What print production asks of the sheet and the cover: bleed, crop marks, the spine, and
//! the proportions of the cover's type. Print-only, so no theme key sets them yet (the
//! print-standards work may); the PDF's `cover` and `write::sheet` read them here.

use super::PT_PER_IN;

/// The bleed printers ask of a cover: 0.125 in.
pub const COVER_BLEED: f32 = 0.125 * PT_PER_IN;
/// Spines narrower than this get no text.
pub const SPINE_TEXT_MIN: f32 = 0.25 * PT_PER_IN;
/// Spine text keeps this far from the folds, which may wander by as much.
pub const SPINE_FOLD_MARGIN: f32 = 0.0625 * PT_PER_IN;
/// Spine text keeps this far from the top and foot of the book.
pub const SPINE_END_MARGIN: f32 = 0.5 * PT_PER_IN;
/// The largest spine type: a fat book's spine is not a poster.
pub const SPINE_SIZE_MAX: f32 = 14.0;
/// Letters smaller than this on a spine are hard to read: the authors are left out first, to
/// give the title room.
pub const SPINE_SIZE_MIN: f32 = 5.0;
/// The middle of lower-case letters above the baseline, as a share of the size: spine text is
/// centred across the spine on it.
pub const X_MIDDLE: f32 = 0.25;
/// Front and back text keeps this share of the panel's width from its edges.
pub const PANEL_MARGIN: f32 = 0.12;
/// Cover title size as a share of the panel's width (36 pt on a 6 in book), and its line
/// spacing.
pub const COVER_TITLE_SIZE: f32 = 1.0 / 12.0;
pub const COVER_LEADING: f32 = 1.2;
/// Description on the back, in pt.
pub const BLURB_SIZE: f32 = 11.0;

/// Crop marks begin this far outside the bleed: a cut that wanders by less never touches one.
pub const MARK_GAP: f32 = 3.0;
/// Length of each crop mark: a quarter inch, as printers draw them.
pub const MARK_LENGTH: f32 = 0.25 * PT_PER_IN;
/// Paper left beyond the marks' outer ends.
pub const MARK_MARGIN: f32 = 3.0;
/// A hairline: the thinnest rule printers ask for on marks.
pub const MARK_WIDTH: f32 = 0.25;
