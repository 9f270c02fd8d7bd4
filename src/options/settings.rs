//! The resolved settings of one input: each key's value from the highest layer that sets it, or
//! folio's default, with where it came from; and the options each backend is handed, cut from
//! them.

use super::{Layers, Origin, Overrides};
use crate::epub::{DEFAULT_TOC_DEPTH, EpubOptions};
use crate::pdf::OutputProfile;
use crate::pdf::{FontOptions, PdfOptions};
use crate::preflight::{Level, Standard};
use crate::style::{Margins, PageSize, ParagraphStyle};
use std::path::PathBuf;
use std::sync::Arc;

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
    pub math_font: Resolved<Option<String>>,
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
    pub pdf_standards: Resolved<Vec<Standard>>,
    /// `None`: the bundled FOGRA39, for a print standard.
    pub output_profile: Resolved<Option<PathBuf>>,
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
            math_font: key.pick(|o| o.math_font.clone().map(Some), None),
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
            pdf_standards: key.pick(|o| o.pdf_standards.clone(), Vec::new()),
            output_profile: key.pick(|o| o.output_profile.clone().map(Some), None),
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
                math_font: self.math_font.value.clone(),
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
            standards: self.pdf_standards.value.clone(),
            // Loaded by the runner, which reports a profile that does not read.
            output_profile: None,
        }
    }

    /// The PDF backend's options with what the standards need loaded and checked: the
    /// printer's output profile read (one that is not a printer profile is refused, with its
    /// path), and combinations no file can meet refused with the reason.
    pub fn pdf_checked(&self) -> Result<PdfOptions, String> {
        let mut options = self.pdf();
        let standards = &options.standards;
        crate::preflight::standard::check_combination(standards)?;
        let wants_tags = standards
            .iter()
            .any(|s| *s == Standard::Ua1 || matches!(s.archival(), Some((_, Level::A))));
        if wants_tags && !options.tagged {
            return Err("PDF/UA-1 and level-a PDF/A need a tagged PDF: drop --untagged".into());
        }
        let for_printer = standards
            .iter()
            .any(|s| matches!(s, Standard::Kdp | Standard::IngramSpark) || s.archival().is_some());
        if options.crop_marks && for_printer {
            return Err(
                "crop marks are refused by KDP and IngramSpark and have no place in an \
                        archival PDF: drop --crop-marks"
                    .into(),
            );
        }
        if let Some(path) = &self.output_profile.value {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("cannot read the output profile {}: {e}", path.display()))?;
            let condition = path
                .file_stem()
                .map_or("Custom".into(), |s| s.to_string_lossy());
            let profile = OutputProfile::from_bytes(bytes, &condition)
                .map_err(|e| format!("the output profile {}: {e}", path.display()))?;
            options.output_profile = Some(Arc::new(profile));
        }
        Ok(options)
    }

    /// The EPUB backend's options.
    pub fn epub(&self) -> EpubOptions {
        EpubOptions {
            toc_depth: self.toc_depth.value,
            inline_toc: self.inline_toc.value,
            embed_fonts: self.epub_fonts.value,
            modified: self.modified.value,
            // The EPUB's stylesheet follows the same resolved style as the PDF.
            style: self.pdf().style(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The layers in order of precedence, lowest first, as `Layers` names them.
    const ORDER: [Origin; 4] = [
        Origin::Theme,
        Origin::Book,
        Origin::FrontMatter,
        Origin::CommandLine,
    ];

    fn layer(layers: &mut Layers, origin: Origin) -> &mut Overrides {
        match origin {
            Origin::Theme => &mut layers.theme,
            Origin::Book => &mut layers.book,
            Origin::FrontMatter => &mut layers.front_matter,
            Origin::CommandLine => &mut layers.command_line,
            Origin::Default => unreachable!("the defaults are no layer"),
        }
    }

    /// Sets a key in a layer to the value of layer `i`.
    type SetLayer = dyn Fn(&mut Overrides, usize);

    /// One row of the table: the key's default, how layer `i` (of [`ORDER`]) sets it to a value
    /// of its own, and that value and its origin as resolved.
    struct Key {
        name: &'static str,
        default: String,
        set: Box<SetLayer>,
        value_of_layer: Box<dyn Fn(usize) -> String>,
        resolved: fn(&Settings) -> (String, Origin),
    }

    /// A row for `field`, which the layers set to `values[i]`; `optional` for a key whose
    /// resolved value is an `Option` (unset by default).
    macro_rules! key {
        ($field:ident, optional, $values:expr) => {
            key!($field, "None".to_string(), $values, Some)
        };
        ($field:ident, $default:expr, $values:expr) => {
            key!($field, format!("{:?}", $default), $values, |v| v)
        };
        ($field:ident, $default:expr, $values:expr, $resolved:expr) => {{
            let values = $values;
            let shown = values.clone();
            Key {
                name: stringify!($field),
                default: $default,
                set: Box::new(move |layer, i| layer.$field = Some(values[i].clone())),
                value_of_layer: Box::new(move |i| format!("{:?}", $resolved(shown[i].clone()))),
                resolved: |s| (format!("{:?}", s.$field.value), s.$field.origin),
            }
        }};
    }

    fn table() -> Vec<Key> {
        let size = |name| PageSize::parse(name).unwrap();
        let margin = |length| Margins::parse(length).unwrap();
        let alternate = [true, false, true, false];
        let dirs = ["theme", "book", "front", "command"].map(PathBuf::from);
        vec![
            key!(
                page_size,
                PageSize::A4,
                [size("a5"), size("letter"), size("6x9in"), size("5.5x8.5in")]
            ),
            key!(
                margins,
                optional,
                [
                    margin("10mm"),
                    margin("20mm"),
                    margin("30mm"),
                    margin("40mm")
                ]
            ),
            key!(two_sided, true, alternate),
            key!(
                paragraphs,
                ParagraphStyle::Indent,
                [
                    ParagraphStyle::Spacing,
                    ParagraphStyle::Indent,
                    ParagraphStyle::Spacing,
                    ParagraphStyle::Indent,
                ]
            ),
            key!(italic_quotes, false, alternate),
            key!(
                main_font,
                optional,
                ["Theme Serif", "Book Serif", "Front Serif", "Command Serif"].map(String::from)
            ),
            key!(
                mono_font,
                optional,
                ["Theme Mono", "Book Mono", "Front Mono", "Command Mono"].map(String::from)
            ),
            key!(
                math_font,
                optional,
                ["Theme Math", "Book Math", "Front Math", "Command Math"].map(String::from)
            ),
            key!(
                font_dirs,
                Vec::<PathBuf>::new(),
                dirs.clone().map(|d| vec![d])
            ),
            key!(system_fonts, true, alternate),
            key!(endnotes, false, alternate),
            key!(line_numbers, false, alternate),
            key!(toc, optional, alternate),
            key!(tagged, true, alternate),
            key!(protrusion, true, alternate),
            key!(expansion, true, alternate),
            key!(bleed, 0.0f32, [1.0f32, 2.0, 3.0, 4.0]),
            key!(crop_marks, false, alternate),
            key!(modified, optional, [1i64, 2, 3, 4]),
            key!(toc_depth, DEFAULT_TOC_DEPTH, [1u8, 2, 4, 5]),
            key!(inline_toc, false, alternate),
            key!(epub_fonts, true, alternate),
            key!(
                pdf_standards,
                Vec::<Standard>::new(),
                ["x-4", "a-2b", "a-3u,ua-1", "kdp"]
                    .map(|list| crate::preflight::parse_list(list).unwrap())
            ),
            key!(output_profile, optional, dirs.clone()),
            key!(page_list, optional, alternate),
        ]
    }

    #[test]
    fn every_key_takes_the_highest_layer_that_sets_it_else_the_default() {
        for key in table() {
            // Every combination of the four layers setting the key or not.
            for set in 0..1 << ORDER.len() {
                let mut layers = Layers::default();
                for (i, &origin) in ORDER.iter().enumerate() {
                    if set & (1 << i) != 0 {
                        (key.set)(layer(&mut layers, origin), i);
                    }
                }
                let winner = (0..ORDER.len()).rev().find(|i| set & (1 << i) != 0);
                let expected = match winner {
                    Some(i) => ((key.value_of_layer)(i), ORDER[i]),
                    None => (key.default.clone(), Origin::Default),
                };
                let settings = Settings::resolve(&layers);
                assert_eq!(
                    (key.resolved)(&settings),
                    expected,
                    "{} set by {set:04b}",
                    key.name
                );
            }
        }
    }

    #[test]
    fn the_command_line_beats_the_book_for_the_page_and_the_front_matter_for_fonts() {
        let a5 = PageSize::parse("a5").unwrap();
        let layers = Layers {
            book: Overrides {
                page_size: Some(a5),
                main_font: Some("Book Serif".into()),
                ..Overrides::default()
            },
            front_matter: Overrides {
                main_font: Some("Front Serif".into()),
                ..Overrides::default()
            },
            command_line: Overrides {
                page_size: Some(PageSize::A4),
                ..Overrides::default()
            },
            ..Layers::default()
        };
        let settings = Settings::resolve(&layers);
        let pdf = settings.pdf();
        assert_eq!(pdf.page, PageSize::A4);
        assert_eq!(settings.page_size.origin, Origin::CommandLine);
        assert_eq!(pdf.fonts.main_font.as_deref(), Some("Front Serif"));
        assert_eq!(settings.main_font.origin, Origin::FrontMatter);
        // What no layer sets is folio's default, handed on to both backends.
        assert_eq!(settings.mono_font.origin, Origin::Default);
        assert!(pdf.fonts.system_fonts && pdf.two_sided && pdf.tagged);
        assert_eq!(settings.epub().toc_depth, DEFAULT_TOC_DEPTH);
    }
}
