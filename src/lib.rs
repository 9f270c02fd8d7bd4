//! folio: Markdown manuscripts to print-ready PDF and EPUB 3.
//!
//! The pipeline: [`markdown`] reads a manuscript into the [`model`], the hub ([`math`] turns its
//! formulas into MathML for both backends); each backend
//! ([`epub`], [`pdf`]) takes the model and writes one format (the PDF in five stages: fonts →
//! pictures → text → layout → write), code coloured by the scopes [`highlight`] finds for both,
//! images decided on by [`image_check`] for both; [`run`] runs the pipeline for each input,
//! with the [`options`] resolved once for it, and writes files atomically. Nothing in the
//! library prints or exits: results and [`diagnostics`] are returned to the caller (the `folio`
//! CLI); only [`timing`], when asked for in the environment, writes its figures to stderr. [`watch`]
//! rebuilds inputs as their files change.

// A failed manuscript returns one `Diagnostic` (about 140 bytes) once; boxing it would only add noise.
#![allow(clippy::result_large_err)]

pub mod book;
mod bundled_fonts;
pub mod diagnostics;
pub mod epub;
pub mod highlight;
pub mod image_check;
pub mod markdown;
pub mod math;
pub mod model;
pub mod options;
pub mod pdf;
pub mod preflight;
pub mod resources;
pub mod run;
pub mod style;
pub mod timing;
pub mod watch;
