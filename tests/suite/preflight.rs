//! `folio preflight` and the library's checker: a plain folio PDF fails PDF/X-4 and PDF/A-2b and
//! the findings name what is missing; a tagged folio PDF passes PDF/UA-1 and an untagged one
//! does not; a hand-made PDF with DeviceRGB, a missing TrimBox, an unembedded font and a
//! printing link fails PDF/X-4 on exactly those; unreadable files and impossible combinations
//! are refused with a message.

use crate::common::pdf::typeset;
use crate::common::{folio, stderr};
use folio::pdf::PdfOptions;
use folio::preflight::{Report, Standard, parse_list, preflight};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};
use std::path::Path;

const ARTICLE: &str = "---\ntitle: Checked\nauthor: A. Writer\n---\n\n# One\n\nSome text with a [link](https://example.org).\n\n## Two\n\nMore text.\n";

fn messages(report: &Report, standard: Standard) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.standard == standard)
        .map(|f| f.message.clone())
        .collect()
}

fn plain_pdf(options: &PdfOptions) -> Vec<u8> {
    typeset(Path::new("/tmp/checked.md"), ARTICLE, options).bytes
}

#[test]
fn a_plain_pdf_fails_pdf_x4_and_names_what_is_missing() {
    let report = preflight(&plain_pdf(&PdfOptions::default()), &[Standard::X4]).unwrap();
    assert!(report.has_errors());
    let found = messages(&report, Standard::X4).join("\n");
    for missing in [
        "GTS_PDFX output intents",
        "GTS_PDFXVersion",
        "Trapped",
        "PDF 1.6 at most",
        "annotations set to print",
    ] {
        assert!(
            found.contains(missing),
            "no finding about {missing}:\n{found}"
        );
    }
}

#[test]
fn a_plain_pdf_fails_pdf_a2b_and_names_what_is_missing() {
    let report = preflight(
        &plain_pdf(&PdfOptions::default()),
        &parse_list("a-2b").unwrap(),
    )
    .unwrap();
    let found = messages(&report, Standard::parse("a-2b").unwrap()).join("\n");
    for missing in [
        "without a GTS_PDFA1 output intent",
        "pdfaid:part",
        "pdfaExtension",
    ] {
        assert!(
            found.contains(missing),
            "no finding about {missing}:\n{found}"
        );
    }
}

#[test]
fn a_tagged_pdf_passes_pdf_ua1_and_an_untagged_one_fails_it() {
    let tagged = preflight(&plain_pdf(&PdfOptions::default()), &[Standard::Ua1]).unwrap();
    assert!(!tagged.has_errors(), "{:#?}", tagged.findings);
    let options = PdfOptions {
        tagged: false,
        ..PdfOptions::default()
    };
    let untagged = preflight(&plain_pdf(&options), &[Standard::Ua1]).unwrap();
    let found = messages(&untagged, Standard::Ua1).join("\n");
    assert!(found.contains("structure tree"), "{found}");
    assert!(found.contains("outside marked content"), "{found}");
}

/// A one-page PDF drawn by hand: a DeviceRGB fill, text in an unembedded Helvetica, a link
/// annotation that prints, and no TrimBox.
fn hand_made_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.6");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = Content {
        operations: vec![
            Operation::new("rg", vec![1.into(), 0.into(), 0.into()]),
            Operation::new("re", vec![10.into(), 10.into(), 50.into(), 50.into()]),
            Operation::new("f", vec![]),
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Tj", vec![Object::string_literal("Hi")]),
            Operation::new("ET", vec![]),
        ],
    };
    let content = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let link = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Link", "F" => 4,
        "Rect" => vec![10.into(), 10.into(), 60.into(), 60.into()],
    });
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 200.into(), 200.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        "Annots" => vec![link.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn a_foreign_pdf_fails_pdf_x4_on_exactly_what_it_breaks() {
    let report = preflight(&hand_made_pdf(), &[Standard::X4]).unwrap();
    let found = messages(&report, Standard::X4).join("\n");
    for broken in [
        "DeviceRGB is used for fills",
        "neither a TrimBox nor an ArtBox",
        "Helvetica is not embedded",
        "1 annotations set to print",
        "no file identifier",
    ] {
        assert!(
            found.contains(broken),
            "no finding about {broken}:\n{found}"
        );
    }
    assert!(
        !found.contains("PDF 1.6 at most"),
        "the file is PDF 1.6:\n{found}"
    );
    let page_one = report
        .findings
        .iter()
        .find(|f| f.message.contains("DeviceRGB"))
        .unwrap();
    assert_eq!(page_one.page, Some(1));
    let kdp = preflight(&hand_made_pdf(), &[Standard::Kdp]).unwrap();
    let found = messages(&kdp, Standard::Kdp).join("\n");
    assert!(found.contains("annotations (links, comments)"), "{found}");
    assert!(found.contains("no TrimBox"), "{found}");
}

#[test]
fn the_command_exits_1_on_a_failing_file_and_2_on_an_impossible_combination() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hand.pdf"), hand_made_pdf()).unwrap();
    std::fs::write(dir.path().join("not.pdf"), "hello").unwrap();
    let failing = folio(&["preflight", "hand.pdf", "--standard", "x-4"], dir.path());
    assert_eq!(failing.status.code(), Some(1));
    let text = stderr(&failing);
    assert!(
        text.contains("hand.pdf: error: PDF/X-4 (ISO 15930-7 6.2.3): DeviceRGB"),
        "{text}"
    );
    assert!(text.contains("[page 1]"), "{text}");
    assert!(text.contains("fails PDF/X-4"), "{text}");
    let unreadable = folio(&["preflight", "not.pdf", "--standard", "a-2b"], dir.path());
    assert_eq!(unreadable.status.code(), Some(1));
    assert!(
        stderr(&unreadable).contains("not a PDF"),
        "{}",
        stderr(&unreadable)
    );
    let impossible = folio(
        &["preflight", "hand.pdf", "--standard", "a-2b,a-3u"],
        dir.path(),
    );
    assert_eq!(impossible.status.code(), Some(2));
    assert!(
        stderr(&impossible).contains("one PDF/A part"),
        "{}",
        stderr(&impossible)
    );
}
