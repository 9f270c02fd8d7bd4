//! Font expansion as written in the PDF: justified lines carry a horizontal scaling (`Tz`)
//! within 2 % of natural width, and `expansion: false` writes none.

use crate::common;

use common::pdf::{one_sided, typeset};
use folio::pdf::PdfOptions;
use std::path::Path;

/// Every `Tz` percentage on every page, in order.
fn scalings(options: &PdfOptions) -> Vec<f32> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/river-of-light.md");
    let markdown = std::fs::read_to_string(&path).expect("sample");
    let set = typeset(&path, &markdown, options);
    let mut found = Vec::new();
    for (_, page) in set.doc.get_pages() {
        let content = set.doc.get_and_decode_page_content(page).expect("content");
        for op in content.operations.iter().filter(|op| op.operator == "Tz") {
            found.push(op.operands[0].as_float().expect("a number"));
        }
    }
    found
}

#[test]
fn expanded_lines_are_scaled_by_at_most_two_percent() {
    let found = scalings(&one_sided(60.0));
    assert!(
        found.iter().any(|&tz| (tz - 100.0).abs() > 0.05),
        "some line must be expanded or condensed: {found:?}"
    );
    for tz in found {
        assert!((98.0..=102.0).contains(&tz), "Tz {tz}");
    }
}

#[test]
fn without_expansion_no_scaling_is_written() {
    let options = PdfOptions {
        expansion: false,
        ..one_sided(60.0)
    };
    assert_eq!(scalings(&options), Vec::<f32>::new());
}
