//! The resolved settings of one input: each key's value from the highest layer that sets it, or
//! folio's default, with where it came from; and the options each backend is handed, cut from
//! them.

use super::{Layers, Origin, Overrides};
use crate::epub::{DEFAULT_TOC_DEPTH, EpubOptions};
use crate::pdf::{FontOptions, Margins, PageSize, ParagraphStyle, PdfOptions};
use std::path::PathBuf;

/// A value and the layer it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved<T> {
    pub value: T,
    pub origin: Origin,
}

/// Everything one input is set with. The fields are [`Overrides`]' keys, resolved; see there
/// for what each means.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub page_size: Resolved<PageSize>,
    /// `None`: proportions derived from the page.
    pub margins: Resolved<Option<Margins>>,
    pub two_sided: Resolved<bool>,
    pub paragraphs: Resolved<ParagraphStyle>,
    pub italic_quotes: Resolved<bool>,
    /// `None`: the bundled face.
    pub main_font: Resolved<Option<String>>,
    pub mono_font: Resolved<Option<String>>,
    pub font_dirs: Resolved<Vec<PathBuf>>,
    pub system_fonts: Resolved<bool>,
    pub endnotes: Resolved<bool>,
    pub line_numbers: Resolved<bool>,
    /// `None`: for books, and for articles of more than ten pages.
    pub toc: Resolved<Option<bool>>,
    pub tagged: Resolved<bool>,
    pub protrusion: Resolved<bool>,
    pub expansion: Resolved<bool>,
    pub bleed: Resolved<f32>,
    pub crop_marks: Resolved<bool>,
    /// `None`: the manuscript's date, or a fixed date; never the clock.
    pub modified: Resolved<Option<i64>>,
    pub toc_depth: Resolved<u8>,
    pub inline_toc: Resolved<bool>,
    pub epub_fonts: Resolved<bool>,
    /// `None`: when both formats are built.
    pub page_list: Resolved<Option<bool>>,
}

impl Settings {
    /// What the input of `layers` will be set with: for every key, the highest layer's value
    /// (command line > front matter > book > theme), else folio's default.
    pub fn resolve(layers: &Layers) -> Settings {
        let key = Picker(layers);
        Settings {
            page_size: key.pick(|o| o.page_size, PageSize::A4),
            margins: key.pick(|o| o.margins.map(Some), None),
            two_sided: key.pick(|o| o.two_sided, true),
            paragraphs: key.pick(|o| o.paragraphs, ParagraphStyle::Indent),
            italic_quotes: key.pick(|o| o.italic_quotes, false),
            main_font: key.pick(|o| o.main_font.clone().map(Some), None),
            mono_font: key.pick(|o| o.mono_font.clone().map(Some), None),
            font_dirs: key.pick(|o| o.font_dirs.clone(), Vec::new()),
            // The command's default; the library's `FontOptions` leaves the machine out.
            system_fonts: key.pick(|o| o.system_fonts, true),
            endnotes: key.pick(|o| o.endnotes, false),
            line_numbers: key.pick(|o| o.line_numbers, false),
            toc: key.pick(|o| o.toc.map(Some), None),
            tagged: key.pick(|o| o.tagged, true),
            protrusion: key.pick(|o| o.protrusion, true),
            expansion: key.pick(|o| o.expansion, true),
            bleed: key.pick(|o| o.bleed, 0.0),
            crop_marks: key.pick(|o| o.crop_marks, false),
            modified: key.pick(|o| o.modified.map(Some), None),
            toc_depth: key.pick(|o| o.toc_depth, DEFAULT_TOC_DEPTH),
            inline_toc: key.pick(|o| o.inline_toc, false),
            epub_fonts: key.pick(|o| o.epub_fonts, true),
            page_list: key.pick(|o| o.page_list.map(Some), None),
        }
    }

    /// The PDF backend's options.
    pub fn pdf(&self) -> PdfOptions {
        PdfOptions {
            page: self.page_size.value,
            margins: self.margins.value,
            two_sided: self.two_sided.value,
            paragraphs: self.paragraphs.value,
            italic_quotes: self.italic_quotes.value,
            fonts: FontOptions {
                font_dirs: self.font_dirs.value.clone(),
                main_font: self.main_font.value.clone(),
                mono_font: self.mono_font.value.clone(),
                system_fonts: self.system_fonts.value,
            },
            modified: self.modified.value,
            endnotes: self.endnotes.value,
            line_numbers: self.line_numbers.value,
            toc: self.toc.value,
            tagged: self.tagged.value,
            protrusion: self.protrusion.value,
            expansion: self.expansion.value,
            bleed: self.bleed.value,
            crop_marks: self.crop_marks.value,
        }
    }

    /// The EPUB backend's options.
    pub fn epub(&self) -> EpubOptions {
        EpubOptions {
            toc_depth: self.toc_depth.value,
            inline_toc: self.inline_toc.value,
            embed_fonts: self.epub_fonts.value,
            modified: self.modified.value,
        }
    }
}

/// Looks each key up in the layers, from the highest.
struct Picker<'a>(&'a Layers);

impl Picker<'_> {
    fn pick<T>(&self, get: impl Fn(&Overrides) -> Option<T>, default: T) -> Resolved<T> {
        (self.0.high_to_low().into_iter())
            .find_map(|(origin, layer)| get(layer).map(|value| Resolved { value, origin }))
            .unwrap_or(Resolved {
                value: default,
                origin: Origin::Default,
            })
    }
}
