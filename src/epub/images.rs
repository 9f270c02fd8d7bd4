//! The images the book carries: read once each, checked by their bytes, and stored under
//! `images/` with a name derived from their content, so an image used twice (or also as the
//! cover) is one file. Each goes through [`crate::image_check`], so the book carries only
//! rasters that decode and clean copies of SVGs; an image refused there (or that cannot be read
//! now) is reported and left out, and the pages show its alt text. A raster over the stores'
//! pixel limit is scaled down first ([`super::shrink`]).

use super::names::hex_digest;
use super::shrink;
use crate::diagnostics::Diagnostic;
use crate::image_check::{self, Checked};
use crate::model::{Image, ResourceRef, Span};
use crate::resources;
use std::collections::HashMap;
use std::path::Path;

/// Hex digits of the content hash in an image's file name: 64 bits, far from any collision in
/// one book, short enough to read in a listing.
const NAME_HASH_HEX_DIGITS: usize = 16;

/// One image file in the book.
pub(super) struct Asset {
    /// The path inside the book, relative to the pages: `images/….png`.
    pub href: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

/// What the accessibility metadata may claim about the images that made it into the book.
#[derive(Debug, Clone, Copy)]
pub(super) struct ImageFacts {
    pub any: bool,
    /// Every image has a non-empty text alternative.
    pub all_described: bool,
}

pub(super) struct ImageStore<'a> {
    base_dir: &'a Path,
    manuscript: &'a Path,
    allow_outside: bool,
    /// Each reference as written, to the asset it gave (or `None` when it failed).
    by_reference: HashMap<String, Option<usize>>,
    /// Each file name, to its asset: equal content, one file.
    by_name: HashMap<String, usize>,
    assets: Vec<Asset>,
    cover: Option<usize>,
    facts: ImageFacts,
    warnings: Vec<Diagnostic>,
}

impl<'a> ImageStore<'a> {
    pub(super) fn new(base_dir: &'a Path, manuscript: &'a Path, allow_outside: bool) -> Self {
        ImageStore {
            base_dir,
            manuscript,
            allow_outside,
            by_reference: HashMap::new(),
            by_name: HashMap::new(),
            assets: Vec::new(),
            cover: None,
            facts: ImageFacts {
                any: false,
                all_described: true,
            },
            warnings: Vec::new(),
        }
    }

    /// The href of `image` in the book, or `None` when it is remote, missing or unreadable.
    pub(super) fn embed(&mut self, image: &Image, span: Span) -> Option<String> {
        if !image.local {
            return None;
        }
        let index = self.load(&image.src, Some(span))?;
        self.facts.any = true;
        self.facts.all_described &= !image.alt.trim().is_empty();
        Some(self.assets[index].href.clone())
    }

    /// Loads the cover image; returns its href.
    pub(super) fn cover(&mut self, cover: &ResourceRef) -> Option<String> {
        if resources::is_remote(&cover.path) {
            return None;
        }
        let index = self.load(&cover.path, Some(cover.span))?;
        self.cover = Some(index);
        // The cover page describes it by the book's title.
        self.facts.any = true;
        Some(self.assets[index].href.clone())
    }

    /// The images, in order of first use, with the index of the cover among them; the facts; and
    /// the warnings about images left out.
    pub(super) fn finish(self) -> (Vec<Asset>, Option<usize>, ImageFacts, Vec<Diagnostic>) {
        (self.assets, self.cover, self.facts, self.warnings)
    }

    fn load(&mut self, reference: &str, span: Option<Span>) -> Option<usize> {
        if let Some(&known) = self.by_reference.get(reference) {
            return known;
        }
        let loaded = match self.read(reference) {
            Ok(Checked { format, bytes }) => {
                let bytes = shrink::to_store_limit(bytes, format);
                let name = format!(
                    "images/{}.{}",
                    hex_digest(&bytes, NAME_HASH_HEX_DIGITS / 2),
                    format.extension()
                );
                let next = self.assets.len();
                let index = *self.by_name.entry(name.clone()).or_insert(next);
                if index == next {
                    self.assets.push(Asset {
                        href: name,
                        media_type: format.media_type(),
                        bytes,
                    });
                }
                Some(index)
            }
            Err(why) => {
                let mut warning = Diagnostic::warning(
                    self.manuscript,
                    format!("image {why}; it is left out of the EPUB"),
                )
                .with_help(
                    "its alt text is shown instead; check the file, relative to the manuscript",
                );
                warning.span = span;
                self.warnings.push(warning);
                None
            }
        };
        self.by_reference.insert(reference.to_string(), loaded);
        loaded
    }

    /// The image through the shared decision: a raster that decodes, or an SVG's clean copy.
    fn read(&self, reference: &str) -> Result<Checked, String> {
        let path = resources::resolve(self.base_dir, reference, self.allow_outside)
            .map_err(|e| e.to_string())?;
        image_check::load(&path, reference)
    }
}
