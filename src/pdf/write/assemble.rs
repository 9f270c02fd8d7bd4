//! The PDF writer's entry: page description in, PDF bytes out.
//!
//! It gathers the glyphs of every face over all pages and subsets each face once (`subset`),
//! then builds a printpdf document: the subset fonts (`embed`), each page's operators
//! (`content`) and the Info dictionary. printpdf writes that document, the pictures
//! join it as XObjects (`xobject`), and `finish` completes what printpdf has no words for
//! (exact widths and ToUnicode, outline, page labels, language) and serializes it with a
//! deterministic trailer. It makes no typographic decision: everything arrives placed in the
//! [`PagedDocument`] description.

use super::content::page_content;
use super::embed::{code_char, font_id, pdf_font};
use super::finish::finish;
use super::sheet::{Sheet, rect};
use super::tagged::{Tagging, link_texts_of};
use super::xobject::embed_pictures;
use crate::pdf::deflate::deflate;
use crate::pdf::error::WriteError;
use crate::pdf::fonts::{FaceId, FontSet};
use crate::pdf::fonts::{Subset, Usage};
use crate::pdf::layout::Structure;
use crate::pdf::layout::{PagedDocument, Placed};
use crate::pdf::meta::PdfMeta;
use crate::timing::phase;
use printpdf::{
    OffsetDateTime, Op, PdfDocument, PdfDocumentInfo, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Pt, TextItem,
};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// CreationDate/ModDate when the caller gives none: 2000-01-01 00:00 UTC. Reading the clock
/// would make every build differ.
const FIXED_DATE: i64 = 946_684_800;
/// Years a PDF date can spell (four digits, ISO 32000-1, 7.9.4).
const DATE_YEARS: std::ops::RangeInclusive<i32> = 0..=9999;

/// printpdf leaves streams uncompressed (`finish` compresses them all with one zlib state) and
/// fonts as given (they are subset already).
const SAVE_OPTIONS: PdfSaveOptions = PdfSaveOptions {
    optimize: false,
    subset_fonts: false,
    secure: true,
    image_optimization: None,
};

/// Turns the page description into PDF bytes: subsets and embeds every face used, draws, links, outline,
/// metadata. Same input → same bytes.
/// With a `structure`, the PDF is tagged (see [`super::tagged`]). Every page is placed on the
/// `sheet` (bleed and crop marks). Each page's drawing is freed once it is encoded, so the
/// glyphs of the whole document are not held to the end.
pub fn write_pdf(
    mut laid: PagedDocument,
    fonts: &FontSet,
    meta: &PdfMeta,
    structure: Option<&Structure>,
    sheet: &Sheet,
) -> Result<Vec<u8>, WriteError> {
    let subsets = phase("subset", || subset_faces(&laid, fonts))?;
    let mut doc = PdfDocument::new(&meta.title);
    for (i, subset) in subsets.iter().enumerate() {
        let Some(subset) = subset else { continue };
        let id = FaceId(i as u16);
        let face = fonts.face(id).ok_or(WriteError::UnknownFace(id.0))?;
        // Our own resource names: printpdf's `add_font` draws ids from a process-wide counter.
        doc.resources
            .fonts
            .map
            .insert(font_id(id), pdf_font(face, subset)?);
    }
    doc.metadata.info = info(meta)?;
    let mut marked = Vec::with_capacity(laid.pages.len());
    let mut contents = Vec::with_capacity(laid.pages.len());
    let mut link_texts = Vec::new();
    let mut pictures = Vec::new();
    let mut pages = Vec::with_capacity(laid.pages.len());
    let offset = sheet.offset();
    phase("content ops", || {
        // Pages are independent until the document is put together: each is encoded and
        // deflated on any core, and the results are gathered in page order.
        let tagged = structure.is_some();
        let encoded: Vec<_> = laid
            .pages
            .par_iter_mut()
            .map(|page| {
                let (content, mut mcids) = page_content(page, &subsets, structure);
                let content = sheet.place(content, page.width, page.height, tagged);
                for figure in mcids.iter_mut().filter_map(|m| m.figure.as_mut()) {
                    figure.bbox = figure.bbox.map(|v| v + offset);
                }
                let texts = tagged.then(|| link_texts_of(page));
                let shown: Vec<_> = (page.items.iter())
                    .filter_map(|item| match item {
                        Placed::Image { picture, .. } => Some(Arc::clone(picture)),
                        _ => None,
                    })
                    .collect();
                page.items = Vec::new();
                page.marks = Vec::new();
                (
                    deflate(&[&content]).map_err(WriteError::Compress),
                    mcids,
                    texts,
                    shown,
                )
            })
            .collect();
        let mut seen = BTreeSet::new();
        for (index, (content, mcids, texts, shown)) in encoded.into_iter().enumerate() {
            contents.push(content?);
            marked.push(mcids);
            link_texts.extend(texts);
            for picture in shown {
                if seen.insert(picture.name.clone()) {
                    pictures.push(picture);
                }
            }
            let page = &laid.pages[index];
            // printpdf is given no operators: it writes the page and an empty content stream,
            // which the encoded one replaces below.
            let media = rect(sheet.boxes(page.width, page.height).media);
            pages.push(PdfPage {
                media_box: media.clone(),
                // printpdf misplaces a box off the origin: `finish` sets the TrimBox.
                trim_box: media.clone(),
                crop_box: media,
                ops: Vec::new(),
            });
        }
        Ok::<(), WriteError>(())
    })?;
    doc.pages = pages;
    if let Some(first) = doc.pages.first_mut() {
        first.ops.extend(font_usage(&subsets));
    }
    let mut warnings = Vec::new();
    let mut written = phase("printpdf", || {
        doc.to_lopdf_document(&SAVE_OPTIONS, &mut warnings)
    });
    if let Some(error) = warnings
        .into_iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(WriteError::Printpdf(error.msg));
    }
    // printpdf's copy of the pages is written out: free it before post-processing.
    drop(doc);
    fill_contents(&mut written, contents)?;
    phase("embed pictures", || embed_pictures(&mut written, &pictures))?;
    let tagging = structure.map(|structure| Tagging {
        structure,
        marked,
        link_texts,
    });
    finish(
        written,
        fonts,
        &subsets,
        &laid,
        meta,
        tagging.as_ref(),
        sheet,
    )
}

/// Text in every face, showing every code it draws: printpdf writes a font, and sizes its
/// widths and ToUnicode, from the text the pages show. The stream it goes in is replaced.
fn font_usage(subsets: &[Option<Subset>]) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for (i, subset) in subsets.iter().enumerate() {
        let Some(subset) = subset else { continue };
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(FaceId(i as u16))),
            size: Pt(1.0),
        });
        let codes = subset.widths().map(|(code, _)| code_char(code)).collect();
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(codes)],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// Puts each page's deflated content into the (empty) content stream printpdf wrote for it;
/// `finish` leaves streams with a filter as they are.
fn fill_contents(doc: &mut lopdf::Document, contents: Vec<Vec<u8>>) -> Result<(), WriteError> {
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    for (page, content) in pages.into_iter().zip(contents) {
        let stream = doc
            .get_dictionary(page)
            .and_then(|page| page.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .and_then(|id| doc.get_object_mut(id))
            .and_then(lopdf::Object::as_stream_mut)
            .map_err(|_| WriteError::Printpdf("a page without its content stream".into()))?;
        stream.set_content(content);
        stream.dict.set("Filter", "FlateDecode");
        stream.allows_compression = false;
    }
    Ok(())
}

/// The Info dictionary as printpdf takes it; `finish` drops the entries left empty.
fn info(meta: &PdfMeta) -> Result<PdfDocumentInfo, WriteError> {
    let seconds = meta.date.unwrap_or(FIXED_DATE);
    let date = OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .filter(|d| DATE_YEARS.contains(&d.year()))
        .ok_or(WriteError::Date(seconds))?;
    Ok(PdfDocumentInfo {
        document_title: meta.title.clone(),
        author: meta.authors.join(", "),
        subject: meta.subject.clone().unwrap_or_default(),
        // One entry: printpdf would join several with bare commas.
        keywords: vec![meta.keywords.join(", ")],
        creator: meta.creator.clone(),
        producer: meta.producer.clone(),
        creation_date: date,
        modification_date: date,
        metadata_date: date,
        ..PdfDocumentInfo::default()
    })
}

/// One subset per face that draws anything, indexed by face id.
fn subset_faces(laid: &PagedDocument, fonts: &FontSet) -> Result<Vec<Option<Subset>>, WriteError> {
    let mut usage: Vec<Option<Usage>> = (0..fonts.len()).map(|_| None).collect();
    for item in laid.pages.iter().flat_map(|p| &p.items) {
        let Placed::Text {
            run, space_after, ..
        } = item
        else {
            continue;
        };
        let (Some(face), Some(slot)) =
            (fonts.face(run.face), usage.get_mut(usize::from(run.face.0)))
        else {
            return Err(WriteError::UnknownFace(run.face.0));
        };
        let used = slot.get_or_insert_with(|| Usage::new(face));
        if *space_after && let Some(space) = face.space {
            used.note(space, " ");
        }
        for g in &run.glyphs {
            if !used.note(g.id, run.glyph_text(g)) {
                return Err(WriteError::UnknownGlyph {
                    font: face.source.clone(),
                    glyph: g.id,
                });
            }
        }
    }
    // Faces are subset each on its own core; the first error in face order is the one told.
    let subsets: Vec<_> = (usage.into_par_iter().enumerate())
        .map(|(i, used)| {
            let Some(used) = used else { return Ok(None) };
            let face = fonts
                .face(FaceId(i as u16))
                .ok_or(WriteError::UnknownFace(i as u16))?;
            Subset::new(face, used).map(Some)
        })
        .collect();
    subsets.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::{FontOptions, Style};
    use crate::pdf::layout::{Destination, LinkArea, OutlineEntry, Page};
    use crate::pdf::text::Shaper;
    use crate::pdf::text::{Ink, LinkTarget};
    use lopdf::{Dictionary, Document as Parsed, Object};
    use std::collections::BTreeMap;

    const SERIF: Style = Style::SERIF;
    const MONO: Style = Style::MONO;
    const LINES: [(&str, Style); 5] = [
        ("Office affine “fluffy” waffles", SERIF),
        ("Hello, world", SERIF),
        ("Душанбе ғӣқӯҳҷ", SERIF),
        ("fn main() -> x != y", MONO),
        ("код ӣӯҳ", MONO),
    ];

    /// One line of words set with natural spaces, as the typesetter would place them.
    fn line(shaper: &mut Shaper, text: &str, style: Style, y: f32, size: f32) -> Vec<Placed> {
        let space = shaper.space(style) * size;
        let mut x = 72.0;
        let mut out = Vec::new();
        for word in text.split(' ') {
            for run in shaper.shape(word, style).iter() {
                out.push(Placed::Text {
                    x,
                    y,
                    size,
                    run: run.clone(),
                    ink: Ink::BLACK,
                    scale: 1.0,
                    space_after: false,
                });
                x += run.width * size;
            }
            x += space;
        }
        out
    }

    fn sample(fonts: &FontSet) -> PagedDocument {
        let mut shaper = Shaper::new(fonts, "en");
        let mut first = Vec::new();
        for (i, (text, style)) in LINES.iter().enumerate() {
            first.extend(line(
                &mut shaper,
                text,
                *style,
                500.0 - 20.0 * i as f32,
                11.0,
            ));
        }
        first.push(Placed::Rule {
            x1: 72.0,
            y1: 380.0,
            x2: 348.0,
            y2: 380.0,
            thickness: 0.5,
            gray: 0.4,
        });
        let mut second = line(&mut shaper, "Section two", SERIF, 500.0, 14.0);
        second.push(Placed::Fill {
            x: 70.0,
            y: 300.0,
            width: 100.0,
            height: 20.0,
            gray: 0.9,
        });
        second.extend(line(&mut shaper, "Boxed", SERIF, 306.0, 10.0));
        let link = |rect, target| LinkArea { rect, target };
        let pages = vec![
            Page {
                width: 420.0,
                height: 595.0,
                items: first,
                marks: Vec::new(),
                links: vec![
                    link(
                        [72.0, 496.0, 150.0, 510.0],
                        LinkTarget::Uri("https://example.org/ü space".into()),
                    ),
                    link(
                        [72.0, 476.0, 150.0, 490.0],
                        LinkTarget::Internal("two".into()),
                    ),
                    link(
                        [72.0, 456.0, 150.0, 470.0],
                        LinkTarget::Internal("nowhere".into()),
                    ),
                ],
                start: None,
            },
            Page {
                width: 420.0,
                height: 595.0,
                items: second,
                marks: Vec::new(),
                links: Vec::new(),
                start: None,
            },
        ];
        let at = |page, y| Destination { page, y };
        let entry = |title: &str, level, destination| OutlineEntry {
            title: title.into(),
            level,
            destination,
        };
        PagedDocument {
            pages,
            destinations: BTreeMap::from([("two".to_string(), at(1, 520.0))]),
            outline: vec![
                entry("Chapter one", 1, at(0, 560.0)),
                entry("Раздел", 2, at(0, 500.0)),
                entry("Deep", 4, at(0, 480.0)),
                entry("Section two", 2, at(1, 520.0)),
                entry("Appendix", 1, at(1, 300.0)),
            ],
            first_body_page: 1,
        }
    }

    fn meta() -> PdfMeta {
        PdfMeta {
            title: "Sample — Пример".into(),
            authors: vec!["A. Author".into(), "B. Author".into()],
            lang: "en".into(),
            rtl: false,
            producer: "folio test".into(),
            date: Some(1_700_000_000),
            ..PdfMeta::default()
        }
    }

    fn dict<'a>(doc: &'a Parsed, object: &'a Object) -> &'a Dictionary {
        match object {
            Object::Reference(id) => doc.get_dictionary(*id).expect("referenced dictionary"),
            Object::Dictionary(d) => d,
            other => panic!("not a dictionary: {other:?}"),
        }
    }

    /// A text string as written: UTF-16BE after a byte order mark, or bytes as they are.
    fn text(object: &Object) -> String {
        let Object::String(bytes, _) = object else {
            panic!("not a string: {object:?}")
        };
        match bytes.strip_prefix(&[0xFE, 0xFF]) {
            Some(utf16) => char::decode_utf16(
                utf16
                    .chunks_exact(2)
                    .map(|pair| u16::from_be_bytes([pair[0], pair[1]])),
            )
            .map(|c| c.expect("valid UTF-16"))
            .collect(),
            None => String::from_utf8_lossy(bytes).into_owned(),
        }
    }

    #[test]
    fn writes_a_complete_deterministic_pdf() {
        let (fonts, _) = FontSet::load(&FontOptions::default()).expect("fonts");
        let laid = sample(&fonts);
        let bytes =
            write_pdf(laid.clone(), &fonts, &meta(), None, &Sheet::default()).expect("writes");
        assert_eq!(
            bytes,
            write_pdf(laid, &fonts, &meta(), None, &Sheet::default()).expect("writes again"),
            "deterministic"
        );
        assert!(bytes.starts_with(b"%PDF-1.7"));
        let doc = Parsed::load_mem(&bytes).expect("parses back");
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 2);

        // Fonts: Type0 over subset TrueType with ToUnicode; 3 faces (Gentium, JetBrains, Gentium for Tajik code).
        let page = doc.get_dictionary(pages[&1]).expect("page");
        let resources = dict(&doc, page.get(b"Resources").expect("resources"));
        let font_dict = dict(&doc, resources.get(b"Font").expect("fonts"));
        assert_eq!(
            font_dict.len(),
            2,
            "Gentium Regular and JetBrains Mono Regular"
        );
        for (_, font) in font_dict.iter() {
            let font = dict(&doc, font);
            assert_eq!(
                font.get(b"Subtype")
                    .and_then(Object::as_name)
                    .expect("subtype"),
                b"Type0"
            );
            let name = font
                .get(b"BaseFont")
                .and_then(Object::as_name)
                .expect("name");
            assert_eq!(
                name.get(6),
                Some(&b'+'),
                "{}",
                String::from_utf8_lossy(name)
            );
            assert!(font.has(b"ToUnicode"));
            let descendants = font
                .get(b"DescendantFonts")
                .and_then(Object::as_array)
                .expect("descendants");
            let cid = dict(&doc, &descendants[0]);
            assert!(cid.has(b"W"));
            let descriptor = dict(&doc, cid.get(b"FontDescriptor").expect("descriptor"));
            assert!(descriptor.has(b"FontFile2"));
            assert!(
                descriptor
                    .get(b"CapHeight")
                    .and_then(Object::as_i64)
                    .expect("cap height")
                    > 500
            );
        }

        let catalog = doc.catalog().expect("catalog");
        assert!(matches!(catalog.get(b"Lang"), Ok(Object::String(s, _)) if s == b"en"));
        let labels = dict(&doc, catalog.get(b"PageLabels").expect("labels"));
        assert_eq!(
            labels
                .get(b"Nums")
                .and_then(Object::as_array)
                .expect("nums")
                .len(),
            4
        );
        assert_eq!(
            catalog
                .get(b"PageMode")
                .and_then(Object::as_name)
                .expect("page mode"),
            b"UseOutlines"
        );
        let outlines = dict(&doc, catalog.get(b"Outlines").expect("outlines"));
        assert_eq!(
            outlines
                .get(b"Count")
                .and_then(Object::as_i64)
                .expect("count"),
            4,
            "2 chapters + 2 sections"
        );
        let chapter = dict(&doc, outlines.get(b"First").expect("first"));
        assert_eq!(
            chapter
                .get(b"Count")
                .and_then(Object::as_i64)
                .expect("open chapter"),
            2
        );
        let section = dict(&doc, chapter.get(b"First").expect("nested first"));
        assert_eq!(
            section
                .get(b"Count")
                .and_then(Object::as_i64)
                .expect("closed section"),
            -1
        );
        assert!(dict(&doc, section.get(b"First").expect("deep")).has(b"Dest"));

        let annots = page
            .get(b"Annots")
            .and_then(Object::as_array)
            .expect("annotations");
        assert_eq!(annots.len(), 2, "the link to an unknown id is dropped");
        let uri = dict(&doc, &annots[0]);
        let border: Vec<i64> = uri
            .get(b"Border")
            .and_then(Object::as_array)
            .expect("border")
            .iter()
            .filter_map(|o| o.as_i64().ok())
            .collect();
        assert_eq!(border, [0, 0, 0]);
        let action = dict(&doc, uri.get(b"A").expect("action"));
        assert!(
            matches!(action.get(b"URI"), Ok(Object::String(s, _)) if s == b"https://example.org/%C3%BC%20space")
        );
        let goto = dict(&doc, dict(&doc, &annots[1]).get(b"A").expect("action"));
        let dest = goto.get(b"D").and_then(Object::as_array).expect("dest");
        assert_eq!(dest.first(), Some(&Object::Reference(pages[&2])));
        for annot in annots {
            let flags = dict(&doc, annot).get(b"F").and_then(Object::as_i64);
            assert_eq!(flags.ok(), Some(4), "printable");
        }
        let second = doc.get_dictionary(pages[&2]).expect("page 2");
        assert!(!second.has(b"Annots"), "no empty /Annots");

        let info = dict(&doc, doc.trailer.get(b"Info").expect("info"));
        let entry = |key: &[u8]| text(info.get(key).expect("info entry"));
        assert_eq!(entry(b"Author"), "A. Author, B. Author");
        assert_eq!(entry(b"Title"), "Sample — Пример");
        assert_eq!(entry(b"CreationDate"), "D:20231114221320+00'00'");
        assert!(!info.has(b"Keywords") && !info.has(b"Trapped") && !info.has(b"Identifier"));
    }

    /// The file is printpdf's: its page boxes, shared resource dictionaries, page layout and
    /// inline CIDFont with a default width are how printpdf writes, not how folio would.
    #[test]
    fn printpdf_writes_the_document() {
        let (fonts, _) = FontSet::load(&FontOptions::default()).expect("fonts");
        let bytes =
            write_pdf(sample(&fonts), &fonts, &meta(), None, &Sheet::default()).expect("writes");
        let doc = Parsed::load_mem(&bytes).expect("parses back");
        let catalog = doc.catalog().expect("catalog");
        assert_eq!(
            catalog.get(b"PageLayout").and_then(Object::as_name).ok(),
            Some(&b"OneColumn"[..])
        );
        for (_, id) in doc.get_pages() {
            let page = doc.get_dictionary(id).expect("page");
            assert!(page.has(b"TrimBox") && page.has(b"CropBox"));
            let resources = dict(&doc, page.get(b"Resources").expect("resources"));
            assert!(resources.has(b"ExtGState") && resources.has(b"Shading"));
            let fonts = dict(&doc, resources.get(b"Font").expect("fonts"));
            for (_, font) in fonts.iter() {
                let descendants = dict(&doc, font).get(b"DescendantFonts");
                let cid = descendants
                    .and_then(Object::as_array)
                    .expect("descendants")
                    .first()
                    .and_then(|c| c.as_dict().ok())
                    .expect("inline CIDFont");
                assert_eq!(cid.get(b"DW").and_then(Object::as_i64).ok(), Some(1000));
            }
        }
    }

    #[test]
    fn dates_are_checked() {
        let date = |seconds| {
            info(&PdfMeta {
                date: Some(seconds),
                ..PdfMeta::default()
            })
        };
        assert_eq!(
            date(FIXED_DATE).expect("in range").creation_date.year(),
            2000
        );
        assert!(date(i64::MAX).is_err());
        assert!(date(-70_000_000_000).is_err(), "before year 0");
    }

    /// pdftotext and pdffonts from poppler, when installed, must read back exactly what was set.
    #[test]
    fn poppler_reads_back_the_text() {
        let (fonts, _) = FontSet::load(&FontOptions::default()).expect("fonts");
        let bytes =
            write_pdf(sample(&fonts), &fonts, &meta(), None, &Sheet::default()).expect("writes");
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sample.pdf");
        std::fs::write(&path, &bytes).expect("written");
        let run = |tool: &str, args: &[&str]| {
            std::process::Command::new(tool)
                .args(args)
                .arg(&path)
                .args(["-"])
                .output()
                .ok()
        };
        let Some(text) = run("pdftotext", &["-enc", "UTF-8", "-f", "1", "-l", "1"]) else {
            eprintln!("pdftotext not installed: skipping the poppler check");
            return;
        };
        let text = String::from_utf8(text.stdout).expect("utf-8");
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let expected: Vec<&str> = LINES.iter().map(|(t, _)| *t).collect();
        assert_eq!(lines, expected);
        let Some(listing) = std::process::Command::new("pdffonts")
            .arg(&path)
            .output()
            .ok()
        else {
            return;
        };
        let listing = String::from_utf8_lossy(&listing.stdout).into_owned();
        let rows: Vec<&str> = listing.lines().skip(2).collect();
        assert_eq!(
            rows.len(),
            2,
            "Gentium (also for the Tajik letters in code) and JetBrains Mono: {listing}"
        );
        for row in rows {
            assert!(
                row.contains("CID TrueType") && row.contains("Identity-H"),
                "{row}"
            );
            assert!(
                row.contains("yes yes yes"),
                "embedded, subset, ToUnicode: {row}"
            );
        }
    }

    /// CFF outlines go in as a bare CFF program (FontFile3 /CIDFontType0C). No CFF font is bundled,
    /// so this uses the URW fonts where installed (Debian's fonts-urw-base35) and skips otherwise.
    #[test]
    fn cff_fonts_embed_as_cid_type0c() {
        let dir = std::path::PathBuf::from("/usr/share/fonts/opentype/urw-base35");
        if !dir.join("P052-Roman.otf").exists() {
            eprintln!("no URW CFF fonts installed: skipping");
            return;
        }
        let options = FontOptions {
            font_dirs: vec![dir],
            main_font: Some("P052".into()),
            ..FontOptions::default()
        };
        let (fonts, _) = FontSet::load(&options).expect("P052 loads");
        let mut shaper = Shaper::new(&fonts, "en");
        let style = Style::SERIF;
        let items = shaper
            .shape("Office", style)
            .iter()
            .map(|run| Placed::Text {
                x: 72.0,
                y: 700.0,
                size: 12.0,
                run: run.clone(),
                ink: Ink::BLACK,
                scale: 1.0,
                space_after: false,
            })
            .collect();
        let page = Page {
            width: 595.0,
            height: 842.0,
            items,
            marks: Vec::new(),
            links: Vec::new(),
            start: None,
        };
        let laid = PagedDocument {
            pages: vec![page],
            destinations: Default::default(),
            outline: Vec::new(),
            first_body_page: 0,
        };
        let bytes =
            write_pdf(laid, &fonts, &PdfMeta::default(), None, &Sheet::default()).expect("writes");
        let doc = lopdf::Document::load_mem(&bytes).expect("parses");
        let file = doc.objects.values().find_map(|o| match o {
            lopdf::Object::Stream(s) => s
                .dict
                .get(b"Subtype")
                .ok()
                .and_then(|n| n.as_name().ok())
                .map(<[u8]>::to_vec),
            _ => None,
        });
        assert_eq!(file.as_deref(), Some(&b"CIDFontType0C"[..]));
    }
}
