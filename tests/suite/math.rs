//! Math end to end: the construct set in `tests/fixtures/math/constructs.md` (one formula per
//! section, the constructs issue 23 lists) through the real reader and both writers. The EPUB
//! must carry MathML for at least 95 % of them, the PDF must set them with the math face (no
//! TeX left on its pages but for the formulas that warned) and tag each displayed one as a
//! Formula with its TeX; definitions that expand forever and unknown commands are reported at
//! their place, and the build still succeeds.

use crate::common::pdf::{Typeset, page_texts, typeset};
use folio::diagnostics::Diagnostic;
use folio::epub::{self, EpubOptions};
use folio::markdown::{self, ReadOptions};
use folio::pdf::{FontOptions, PdfOptions};
use lopdf::Object;
use roxmltree::{Document, ParsingOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

const MATHML: &str = "http://www.w3.org/1998/Math/MathML";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/math/constructs.md")
}

/// Every formula of the fixture's sections: its TeX and whether it is displayed.
fn fixture_formulas() -> Vec<(String, bool)> {
    let text = std::fs::read_to_string(fixture()).unwrap();
    let mut formulas = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(start) = rest.find('$') {
            let display = rest[start..].starts_with("$$");
            let open = start + if display { 2 } else { 1 };
            let close = if display { "$$" } else { "$" };
            let Some(len) = rest[open..].find(close) else {
                break;
            };
            formulas.push((rest[open..open + len].to_string(), display));
            rest = &rest[open + len + close.len()..];
        }
    }
    formulas
}

/// The warnings of reading `markdown` as `path`, and the EPUB's files.
fn epub_of(path: &Path, markdown: &str) -> (Vec<Diagnostic>, Vec<(String, String)>) {
    let mut warnings = Vec::new();
    let doc = markdown::read(
        path,
        markdown.as_bytes(),
        &ReadOptions::default(),
        &mut warnings,
    )
    .expect("reads");
    let book = epub::write(&doc, &EpubOptions::default()).expect("writes");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book.bytes)).unwrap();
    let files = (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap_or_default();
            (file.name().to_string(), text)
        })
        .collect();
    (warnings, files)
}

#[test]
fn the_epub_carries_mathml_for_the_construct_set() {
    let source = std::fs::read_to_string(fixture()).unwrap();
    let (warnings, files) = epub_of(&fixture(), &source);
    // Formulas that define macros only produce no math of their own.
    let formulas: Vec<_> = fixture_formulas()
        .into_iter()
        .filter(|(tex, _)| !tex.starts_with("\\newcommand"))
        .collect();
    let mut maths = Vec::new();
    let mut with_math = Vec::new();
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let options = ParsingOptions {
            allow_dtd: true,
            ..ParsingOptions::default()
        };
        let doc =
            Document::parse_with_options(text, options).unwrap_or_else(|e| panic!("{name}: {e}"));
        let found: Vec<_> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "math" && n.tag_name().namespace() == Some(MATHML))
            .map(|n| {
                let alt = n.attribute("alttext").expect("every formula has alttext");
                (alt.to_string(), n.attribute("display") == Some("block"))
            })
            .collect();
        let names: Vec<&str> = doc.descendants().map(|n| n.tag_name().name()).collect();
        assert!(!names.contains(&"annotation-xml") && !names.contains(&"annotation"));
        if !found.is_empty() {
            with_math.push(name.trim_start_matches("OEBPS/").to_string());
        }
        maths.extend(found);
    }
    let converted = formulas
        .iter()
        .filter(|(tex, display)| maths.contains(&(tex.trim().to_string(), *display)))
        .count();
    assert!(
        converted * 100 >= formulas.len() * 95,
        "{converted} of {} formulas as MathML",
        formulas.len()
    );
    // The one the set expects to fail warns, names its command and stays TeX.
    let failed: Vec<_> = warnings
        .iter()
        .filter(|w| w.message.starts_with("math:"))
        .collect();
    assert_eq!(failed.len(), formulas.len() - converted, "{failed:?}");
    assert!(
        failed.iter().all(|w| w.message.contains("\\boxed")),
        "{failed:?}"
    );
    // The package marks exactly the pages with MathML.
    let opf = &files
        .iter()
        .find(|(n, _)| n.ends_with("content.opf"))
        .unwrap()
        .1;
    let opf = Document::parse(opf).unwrap();
    let marked: Vec<String> = opf
        .descendants()
        .filter(|n| {
            n.attribute("properties")
                .is_some_and(|p| p.contains("mathml"))
        })
        .map(|n| n.attribute("href").unwrap().to_string())
        .collect();
    assert_eq!(marked, with_math);
    // The numbered equation carries its label (as an XML id: the colon is not allowed) and
    // its number.
    let body: String = files.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(body.matches("<p class=\"math-display\" id=\"").count(), 1);
    assert!(body.contains("<span class=\"equation-number\">(1)</span>"));
    assert!(body.contains("<span class=\"equation-number\">(P)</span>"));
}

fn pdf_of_fixture() -> Typeset {
    let source = std::fs::read_to_string(fixture()).unwrap();
    typeset(&fixture(), &source, &PdfOptions::default())
}

/// The names of the fonts embedded in `doc`.
fn embedded_fonts(doc: &lopdf::Document) -> Vec<String> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"FontFile3") || d.has(b"FontFile2"))
        .filter_map(|d| d.get(b"FontName").ok()?.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

fn has_math_face(doc: &lopdf::Document, name: &str) -> bool {
    embedded_fonts(doc).iter().any(|n| n.ends_with(name))
}

#[test]
fn the_pdf_sets_formulas_in_the_math_face_and_tags_them() {
    let set = pdf_of_fixture();
    let doc = &set.doc;
    assert!(
        has_math_face(doc, "+STIXTwoMath-Regular"),
        "{:?}",
        embedded_fonts(doc)
    );
    // No TeX on the pages: the only backslash is that of the formula that warned.
    let text: String = page_texts(doc).concat();
    assert_eq!(text.matches('\\').count(), 1, "{text}");
    assert!(text.contains("\\boxed"));
    // Every displayed formula is a Formula element with its TeX as /Alt.
    let alts: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(Object::as_name).ok() == Some(b"Formula"))
        .filter_map(|d| d.get(b"Alt").ok())
        .map(|alt| match alt {
            Object::String(bytes, _) => lopdf::decode_text_string(alt)
                .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned()),
            _ => String::new(),
        })
        .collect();
    for (tex, display) in fixture_formulas() {
        if display {
            assert!(
                alts.contains(&tex.trim().to_string()),
                "no Formula for {tex}: {alts:?}"
            );
        }
    }
    // Copying a formula, inline or displayed, gives its TeX: the ActualText of its glyphs.
    let mut actual = Vec::new();
    for &page in doc.get_pages().values() {
        let content = doc.get_and_decode_page_content(page).expect("content");
        for op in content.operations.iter().filter(|op| op.operator == "BDC") {
            if let Some(Ok(text)) = op
                .operands
                .get(1)
                .and_then(|o| o.as_dict().ok())
                .and_then(|d| d.get(b"ActualText").ok())
                .map(lopdf::decode_text_string)
            {
                actual.push(text);
            }
        }
    }
    for tex in [
        r"\frac{a+b}{c} + \dfrac{1}{2} + \tfrac{3}{4}",
        r"e^{i\pi} + 1 = 0",
        "x_i^2",
    ] {
        assert!(actual.iter().any(|a| a == tex), "{tex} not in {actual:?}");
    }
}

#[test]
fn a_document_without_math_embeds_no_math_face() {
    let set = typeset(
        Path::new("plain.md"),
        "# Plain\n\nNo formulas here, only $5 and $6.\n",
        &PdfOptions::default(),
    );
    assert!(!embedded_fonts(&set.doc).is_empty());
    assert!(!has_math_face(&set.doc, "STIXTwoMath-Regular"));
}

#[test]
fn a_macro_that_expands_forever_is_refused_and_the_build_goes_on() {
    let source = "# Bomb\n\n$\\def\\a{\\a\\a}$\n\nThen $\\a + 1$ and $x^2$.\n";
    let (warnings, files) = epub_of(Path::new("bomb.md"), source);
    let refused: Vec<_> = warnings
        .iter()
        .filter(|w| w.message.contains("without end"))
        .collect();
    assert_eq!(refused.len(), 1, "{warnings:?}");
    let span = refused[0].span.expect("a place");
    assert_eq!((span.line, span.column), (5, 7));
    let body: String = files.iter().map(|(_, t)| t.as_str()).collect();
    assert!(body.contains("<span class=\"math\">\\a + 1</span>"));
    assert!(body.contains("alttext=\"x^2\""));
}

#[test]
fn an_unknown_command_warns_at_its_line_and_column() {
    let source = "# Unknown\n\nSome text and\nthen $x + \\nosuch{y}$ here.\n";
    let (warnings, _) = epub_of(Path::new("unknown.md"), source);
    let warning = warnings
        .iter()
        .find(|w| w.message.contains("\\nosuch"))
        .unwrap_or_else(|| panic!("{warnings:?}"));
    let span = warning.span.expect("a place");
    assert_eq!((span.line, span.column), (4, 11), "{warning:?}");
    // The PDF sets it as its TeX source and still succeeds.
    let set = typeset(Path::new("unknown.md"), source, &PdfOptions::default());
    assert!(page_texts(&set.doc).concat().contains("nosuch"));
}

#[test]
fn math_font_picks_another_face_and_one_without_a_math_table_is_reported() {
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let options = |family: &str| PdfOptions {
        fonts: FontOptions {
            font_dirs: vec![fonts.clone()],
            math_font: Some(family.into()),
            ..FontOptions::default()
        },
        ..PdfOptions::default()
    };
    let source = "# M\n\nInline $a^2 + b^2$ math.\n";
    let stix = typeset(Path::new("m.md"), source, &options("STIX Two Math"));
    assert!(has_math_face(&stix.doc, "+STIXTwoMath-Regular"));
    let mono = typeset(Path::new("m.md"), source, &options("JetBrains Mono"));
    assert!(
        mono.warnings
            .iter()
            .any(|w| w.message.contains("cannot set formulas")),
        "{:?}",
        mono.warnings
    );
    assert!(page_texts(&mono.doc).concat().contains("a^2"));
    assert!(!has_math_face(&mono.doc, "+JetBrainsMono-Regular"));
}

/// The gaps between the baselines of a one-page manuscript's paragraph lines (each starts at
/// the left margin: the text is justified, and a first paragraph after a heading is not
/// indented).
fn line_gaps(markdown: &str) -> Vec<f32> {
    let set = typeset(Path::new("lines.md"), markdown, &PdfOptions::default());
    let page = *set.doc.get_pages().values().next().unwrap();
    let text = crate::common::pdf::page_draws(&set.doc, page).text;
    let left = text.iter().map(|&(x, _)| x).fold(f32::INFINITY, f32::min);
    let mut baselines: Vec<f32> = text
        .iter()
        .filter(|&&(x, _)| (x - left).abs() < 0.5)
        .map(|&(_, y)| y)
        .collect();
    baselines.dedup();
    // The first gap is the heading's.
    baselines.windows(2).skip(1).map(|w| w[0] - w[1]).collect()
}

#[test]
fn ordinary_inline_formulas_keep_the_lines_and_a_tall_one_makes_room() {
    let words = "word ".repeat(12);
    let paragraph =
        |formula: &str| format!("# T\n\n{}", format!("{words} {formula} {words}").repeat(8));
    let plain = line_gaps(&paragraph("xi"));
    let ordinary = line_gaps(&paragraph("$x_i^2$"));
    assert!(plain.len() > 5, "{plain:?}");
    let leading = plain[0];
    assert!(
        plain.iter().all(|g| (g - leading).abs() < 0.01),
        "{plain:?}"
    );
    assert!(
        ordinary.iter().all(|g| (g - leading).abs() < 0.01),
        "{ordinary:?}"
    );
    let tall = line_gaps(&paragraph(r"$\displaystyle\sum_{k=1}^{n}\frac{a_k}{b_k}$"));
    assert!(tall.iter().any(|g| *g > leading + 1.0), "{tall:?}");
}
