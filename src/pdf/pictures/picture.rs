//! Images for the pages: found through [`crate::resources`] (the same folder rules as the
//! reader and the EPUB) and decided on by [`crate::image_check`] (the same decision), sized
//! from their headers before anything is decoded, and prepared once per reference as what the
//! PDF needs: JPEG bytes as they are, other rasters as 8-bit samples with their alpha apart (a
//! soft mask), SVG as vectors by svg2pdf. The PDF objects themselves are `xobject`'s business.

use super::colour::Colour;
use super::{png, resample};
use crate::image_check::{self, Checked, MAX_DECODE_BYTES, MAX_PIXELS};
use crate::model::{Block, BlockKind, InlineKind, visit_blocks, visit_inlines};
use crate::pdf::deflate::deflate;
use crate::pdf::fonts::{FaceId, FontSet, Style};
use crate::resources::{self, ImageFormat};
use crate::style::PT_PER_IN;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Cursor;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use usvg::fontdb;

/// Rasters are never printed finer than this unless the page is too small for them: a 600 px
/// wide screenshot is 4 inches wide, not 8 at 72 dpi nor 2 at 300 dpi.
const RASTER_DPI: f32 = 150.0;
/// SVG lengths are CSS pixels, 96 to the inch.
const SVG_DPI: f32 = 96.0;

/// An image ready to place: its natural size and what the PDF embeds.
#[derive(Debug)]
pub(crate) struct Picture {
    /// The XObject's resource name, from a hash of the file's bytes: the same image used
    /// twice, under any path, is one object in the PDF.
    pub name: String,
    /// The largest size it is drawn at, in points.
    pub width: f32,
    pub height: f32,
    pub content: Content,
}

#[derive(Debug)]
pub(crate) enum Content {
    Raster(Raster),
    /// A one-point-square Form XObject (like an image's unit square) in a small PDF of its own,
    /// from which `xobject` copies it with what it uses.
    Vector {
        pdf: Box<lopdf::Document>,
        form: lopdf::ObjectId,
    },
}

#[derive(Debug)]
pub(crate) struct Raster {
    pub pixels_wide: u32,
    pub pixels_high: u32,
    pub colour: Colour,
    pub encoding: Encoding,
    /// Samples stored inverted, as Adobe writes CMYK JPEGs.
    pub inverted: bool,
    pub data: Vec<u8>,
    /// The alpha channel, zlib-compressed, when some pixel is not opaque.
    pub mask: Option<Vec<u8>>,
}

/// How a raster's `data` is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// A JPEG file unchanged (DCTDecode).
    Jpeg,
    /// Samples, zlib-compressed (FlateDecode).
    Flate,
    /// A PNG's image data unchanged: zlib-compressed rows, each after its PNG filter byte
    /// (FlateDecode with the PNG predictor).
    PngRows,
}

/// Loads each referenced image once per document.
pub(crate) struct Pictures<'f> {
    base_dir: PathBuf,
    allow_outside: bool,
    fonts: &'f FontSet,
    /// The widest a figure is drawn, in points (the measure): finer rasters are shrunk to it.
    widest: f32,
    /// Built on the first SVG: most books have none.
    font_db: OnceLock<Arc<fontdb::Database>>,
    /// One cell per reference, filled once by whichever thread asks first: [`Pictures::prepare`]
    /// on another core while layout runs, or layout itself when it gets there first.
    loaded: Mutex<HashMap<String, Arc<OnceLock<Loaded>>>>,
}

/// An image ready to draw, or why it cannot be.
type Loaded = Result<Arc<Picture>, String>;

impl<'f> Pictures<'f> {
    pub(crate) fn new(
        base_dir: &Path,
        allow_outside: bool,
        fonts: &'f FontSet,
        widest: f32,
    ) -> Self {
        Pictures {
            base_dir: base_dir.to_path_buf(),
            allow_outside,
            fonts,
            widest,
            font_db: OnceLock::new(),
            loaded: Mutex::new(HashMap::new()),
        }
    }

    /// Loads the images of all figures and inline images in `blocks`, on all cores: decoding and
    /// compressing large rasters is the one costly step. Layout only needs their sizes, so this
    /// runs beside it, and layout finds each image ready or waits for that one.
    pub(crate) fn prepare(&self, blocks: &[Block]) {
        let mut references = Vec::new();
        local_images(blocks, &mut references);
        references.sort_unstable();
        references.dedup();
        // Each result stays in its cell; a failure is reported where layout meets the image.
        references.into_par_iter().for_each(|reference| {
            let _ = self.load(reference);
        });
    }

    /// The image `reference` names, or why it cannot be drawn.
    pub(crate) fn load(&self, reference: &str) -> Loaded {
        let cell = {
            // A panic while the map was held cannot leave it half-changed: take it as it is.
            let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
            match loaded.get(reference) {
                Some(cell) => cell.clone(),
                None => loaded.entry(reference.to_string()).or_default().clone(),
            }
        };
        cell.get_or_init(|| self.read(reference).map(Arc::new))
            .clone()
    }

    fn read(&self, reference: &str) -> Result<Picture, String> {
        let path = resources::resolve(&self.base_dir, reference, self.allow_outside)
            .map_err(|e| e.to_string())?;
        let Checked { format, bytes } = image_check::load(&path, reference)?;
        let name = format!(
            "Im{}",
            Sha256::digest(&bytes)
                .iter()
                .take(8)
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        let font_db = (format == ImageFormat::Svg).then(|| {
            self.font_db
                .get_or_init(|| font_database(self.fonts))
                .clone()
        });
        // The decoders and svg2pdf are well tested, but the file is the author's (or anyone's):
        // should one of them panic on it, that image is lost, not the book.
        let prepared = std::panic::catch_unwind(AssertUnwindSafe(|| match font_db {
            Some(db) => vector(&bytes, db),
            None if format == ImageFormat::Jpeg => jpeg(bytes).map(raster),
            None => decode(&bytes, format, self.widest),
        }))
        .unwrap_or_else(|_| Err("its decoder failed".to_string()));
        let (width, height, content) =
            prepared.map_err(|e| format!("`{reference}` cannot be drawn: {e}"))?;
        Ok(Picture {
            name,
            width,
            height,
            content,
        })
    }
}

/// The local images in `blocks`, at any depth: of figures and in the text.
fn local_images<'b>(blocks: &'b [Block], out: &mut Vec<&'b str>) {
    visit_blocks(blocks, &mut |block| {
        if let BlockKind::Figure(figure) = &block.kind
            && figure.image.local
        {
            out.push(&figure.image.src);
        }
    });
    visit_inlines(blocks, &mut |inline| {
        if let InlineKind::Image(image) = &inline.kind
            && image.local
        {
            out.push(&image.src);
        }
    });
}

fn raster(raster: Raster) -> (f32, f32, Content) {
    let (width, height) = natural_size(raster.pixels_wide, raster.pixels_high);
    (width, height, Content::Raster(raster))
}

/// The size in points of an image of so many pixels, printed at [`RASTER_DPI`].
fn natural_size(pixels_wide: u32, pixels_high: u32) -> (f32, f32) {
    let points = |pixels: u32| pixels as f32 * PT_PER_IN / RASTER_DPI;
    (points(pixels_wide), points(pixels_high))
}

fn too_large(width: u32, height: u32) -> Option<String> {
    (u64::from(width) * u64::from(height) > MAX_PIXELS).then(|| {
        format!(
            "it is {width}×{height} pixels, over the limit of {} megapixels",
            MAX_PIXELS / 1_000_000
        )
    })
}

/// A JPEG as it is: only its frame header is read, for the size and the colour space.
fn jpeg(bytes: Vec<u8>) -> Result<Raster, String> {
    let header = JpegHeader::read(&bytes).ok_or("its JPEG header is damaged")?;
    if let Some(why) = too_large(header.width, header.height) {
        return Err(why);
    }
    let colour = match header.components {
        1 => Colour::Gray,
        3 => Colour::Rgb,
        4 => Colour::Cmyk,
        n => return Err(format!("it is a JPEG with {n} colour components")),
    };
    if header.precision != 8 {
        return Err(format!(
            "it is a {}-bit JPEG; PDF takes 8-bit ones",
            header.precision
        ));
    }
    Ok(Raster {
        pixels_wide: header.width,
        pixels_high: header.height,
        colour,
        encoding: Encoding::Jpeg,
        inverted: colour == Colour::Cmyk && header.adobe,
        data: bytes,
        mask: None,
    })
}

/// What a JPEG's markers say before the image data.
struct JpegHeader {
    width: u32,
    height: u32,
    components: u8,
    precision: u8,
    /// An Adobe APP14 segment: its CMYK samples are stored inverted.
    adobe: bool,
}

impl JpegHeader {
    fn read(bytes: &[u8]) -> Option<JpegHeader> {
        let mut at = 2; // after SOI
        let mut adobe = false;
        loop {
            if *bytes.get(at)? != 0xFF {
                return None;
            }
            let marker = *bytes.get(at + 1)?;
            at += 2;
            match marker {
                0xFF => at -= 1, // fill byte
                0x01 | 0xD0..=0xD7 => {}
                _ => {
                    let length =
                        usize::from(u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]));
                    let segment = bytes.get(at + 2..at + length)?;
                    match marker {
                        0xEE => adobe |= segment.starts_with(b"Adobe"),
                        // Start of frame, any coding but the DHT, JPG and DAC markers in the range.
                        0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                            let height = u16::from_be_bytes([*segment.get(1)?, *segment.get(2)?]);
                            let width = u16::from_be_bytes([*segment.get(3)?, *segment.get(4)?]);
                            let components = *segment.get(5)?;
                            return (width > 0 && height > 0).then_some(JpegHeader {
                                width: u32::from(width),
                                height: u32::from(height),
                                components,
                                precision: segment[0],
                                adobe,
                            });
                        }
                        0xDA | 0xD9 => return None, // scan or end before any frame
                        _ => {}
                    }
                    at += length;
                }
            }
        }
    }
}

/// PNG, GIF (the first frame) and WebP, decoded to 8-bit samples, shrunk when finer than
/// print needs at `widest` points (the natural size stays the original's). The size is read
/// from the header first, and the decoder is held to the same budget. A PNG that needs no
/// shrinking and that the PDF reads as it is ([`png::rows`]) is not decoded at all.
fn decode(bytes: &[u8], format: ImageFormat, widest: f32) -> Result<(f32, f32, Content), String> {
    if format == ImageFormat::Png
        && let Some(rows) = png::rows(bytes)
        && resample::target_width(rows.width, widest).is_none()
        && too_large(rows.width, rows.height).is_none()
    {
        return Ok(raster(Raster {
            pixels_wide: rows.width,
            pixels_high: rows.height,
            colour: rows.colour,
            encoding: Encoding::PngRows,
            inverted: false,
            data: rows.data,
            mask: None,
        }));
    }
    let format = match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Gif => image::ImageFormat::Gif,
        _ => image::ImageFormat::WebP,
    };
    let reader = || image::ImageReader::with_format(Cursor::new(bytes), format);
    let (width, height) = reader().into_dimensions().map_err(|e| e.to_string())?;
    if let Some(why) = too_large(width, height) {
        return Err(why);
    }
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut decoder = reader();
    decoder.limits(limits);
    let image = decoder.decode().map_err(|e| e.to_string())?;
    let colour_type = image.color();
    let (colour, colours) = if colour_type.has_color() {
        (Colour::Rgb, 3)
    } else {
        (Colour::Gray, 1)
    };
    let alpha = usize::from(colour_type.has_alpha());
    let mut samples = match (colour, colour_type.has_alpha()) {
        (Colour::Gray, false) => image.into_luma8().into_raw(),
        (Colour::Gray, true) => image.into_luma_alpha8().into_raw(),
        (_, false) => image.into_rgb8().into_raw(),
        (_, true) => image.into_rgba8().into_raw(),
    };
    let (natural_width, natural_height) = natural_size(width, height);
    let (width, height) = match resample::target_width(width, widest) {
        Some(narrower) => {
            let (shrunk, lower) =
                resample::shrink(&samples, width, height, colours + alpha, narrower);
            samples = shrunk;
            (narrower, lower)
        }
        None => (width, height),
    };
    let mask = colour_type
        .has_alpha()
        .then(|| take_alpha(&mut samples, colours))
        .flatten()
        .map(|alpha| deflate(&[&alpha]))
        .transpose()
        .map_err(|e| e.to_string())?;
    let raster = Raster {
        pixels_wide: width,
        pixels_high: height,
        colour,
        encoding: Encoding::Flate,
        inverted: false,
        data: deflate(&[&samples]).map_err(|e| e.to_string())?,
        mask,
    };
    Ok((natural_width, natural_height, Content::Raster(raster)))
}

/// Removes the alpha from `pixels` (`colours` samples and an alpha each), in place: many
/// screenshots carry an alpha channel that is opaque throughout. Returns the alpha unless it is.
fn take_alpha(pixels: &mut Vec<u8>, colours: usize) -> Option<Vec<u8>> {
    let stride = colours + 1;
    let count = pixels.len() / stride;
    let opaque = pixels.chunks_exact(stride).all(|p| p[colours] == u8::MAX);
    let mut alpha = Vec::with_capacity(if opaque { 0 } else { count });
    for i in 0..count {
        let from = i * stride;
        if !opaque {
            alpha.push(pixels[from + colours]);
        }
        pixels.copy_within(from..from + colours, i * colours);
    }
    pixels.truncate(count * colours);
    (!opaque).then_some(alpha)
}

/// An SVG as a Form XObject. Its text is set in the document's own fonts; it may load nothing
/// else: external files it names are not read (they could lie anywhere).
fn vector(bytes: &[u8], font_db: Arc<fontdb::Database>) -> Result<(f32, f32, Content), String> {
    let mut options = usvg::Options {
        fontdb: font_db,
        ..usvg::Options::default()
    };
    options.image_href_resolver.resolve_string = Box::new(|_, _| None);
    // Text that names no family of ours falls back to this one.
    options.font_family = options
        .fontdb
        .family_name(&fontdb::Family::Serif)
        .to_string();
    let tree = usvg::Tree::from_data(bytes, &options).map_err(|e| e.to_string())?;
    let conversion = svg2pdf::ConversionOptions {
        compress: true,
        ..svg2pdf::ConversionOptions::default()
    };
    let (chunk, form) = svg2pdf::to_chunk(&tree, conversion).map_err(|e| e.to_string())?;
    // A minimal PDF around the chunk, so lopdf can read its objects: numbers 1 and 2 are the
    // catalog and the page tree, the chunk's own come after.
    const OWN: i32 = 2;
    let chunk = chunk.renumber(|r| pdf_writer::Ref::new(r.get() + OWN));
    let mut pdf = pdf_writer::Pdf::new();
    let (catalog, pages) = (pdf_writer::Ref::new(1), pdf_writer::Ref::new(2));
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).count(0);
    pdf.extend(&chunk);
    let mut document = lopdf::Document::load_mem(&pdf.finish()).map_err(|e| e.to_string())?;
    document.objects.values_mut().for_each(sort_keys);
    let form = ((form.get() + OWN) as u32, 0);
    let size = tree.size();
    let points = |pixels: f32| pixels * PT_PER_IN / SVG_DPI;
    Ok((
        points(size.width()),
        points(size.height()),
        Content::Vector {
            pdf: Box::new(document),
            form,
        },
    ))
}

/// Sorts the keys of every dictionary in `object`: svg2pdf writes resource dictionaries in
/// hash-map order, which differs from run to run, and the output must not.
fn sort_keys(object: &mut lopdf::Object) {
    let dict = match object {
        lopdf::Object::Array(items) => return items.iter_mut().for_each(sort_keys),
        lopdf::Object::Dictionary(dict) => dict,
        lopdf::Object::Stream(stream) => &mut stream.dict,
        _ => return,
    };
    let mut entries: Vec<_> = std::mem::take(dict).into_iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.iter_mut().for_each(|(_, value)| sort_keys(value));
    *dict = entries.into_iter().collect();
}

/// The document's faces for SVG text, with the generic families mapped to them, so an SVG
/// draws the same on every machine whatever fonts it has installed.
fn font_database(fonts: &FontSet) -> Arc<fontdb::Database> {
    let mut db = fontdb::Database::new();
    let family = |db: &fontdb::Database, ids: &[fontdb::ID]| {
        ids.first()
            .and_then(|id| db.face(*id))
            .and_then(|face| face.families.first())
            .map(|(name, _)| name.clone())
    };
    let (mut serif, mut mono) = (None, None);
    for index in 0..fonts.len() {
        let id = FaceId(index as u16);
        let Some(face) = fonts.face(id) else { continue };
        let ids = db.load_font_source(fontdb::Source::Binary(face.data.shared()));
        if id == fonts.primary(Style::SERIF) {
            serif = family(&db, &ids);
        }
        if id == fonts.primary(Style::MONO) {
            mono = family(&db, &ids);
        }
    }
    if let Some(serif) = serif {
        db.set_serif_family(&serif);
        // No sans, cursive or fantasy face is bundled: the serif stands in.
        db.set_sans_serif_family(&serif);
        db.set_cursive_family(&serif);
        db.set_fantasy_family(&serif);
    }
    if let Some(mono) = mono {
        db.set_monospace_family(mono);
    }
    Arc::new(db)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_headers_give_size_and_components() {
        // SOI, APP14 "Adobe", SOF0 of 3×2, 8-bit, 4 components.
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xEE, 0x00, 0x07];
        bytes.extend_from_slice(b"Adobe");
        bytes.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x08, 8, 0, 2, 0, 3, 4]);
        let header = JpegHeader::read(&bytes).expect("header");
        assert_eq!((header.width, header.height), (3, 2));
        assert_eq!((header.components, header.precision), (4, 8));
        assert!(header.adobe);
        assert!(JpegHeader::read(&bytes[..12]).is_none(), "truncated");
    }

    #[test]
    fn alpha_is_taken_from_the_colour_unless_opaque() {
        let mut pixels = vec![1, 2, 3, 4, 5, 6, 7, 8];
        assert_eq!(take_alpha(&mut pixels, 3), Some(vec![4, 8]));
        assert_eq!(pixels, [1, 2, 3, 5, 6, 7]);
        let mut opaque = vec![1, 255, 2, 255];
        assert_eq!(take_alpha(&mut opaque, 1), None);
        assert_eq!(opaque, [1, 2]);
    }
}
