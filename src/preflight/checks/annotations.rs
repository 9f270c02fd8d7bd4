//! Annotations: PDF/A wants each one printable (the Print flag, none of Hidden, Invisible,
//! NoView), of an allowed kind and with an appearance unless it is a Link or Popup; PDF/X-4
//! wants nothing printing over the trim; KDP wants no annotations at all; PDF/UA wants pages
//! with annotations to order their tabs by structure.

use super::super::file::rectangle;
use super::{Context, Findings};
use crate::preflight::Standard;
use lopdf::{Dictionary, Object};

/// Annotation flags (ISO 32000-1 table 165).
const INVISIBLE: i64 = 1;
const HIDDEN: i64 = 2;
const PRINT: i64 = 4;
const NO_VIEW: i64 = 32;

/// Annotation kinds PDF/A-2 forbids (6.3.1): they need a player or 3D viewer.
const ARCHIVE_FORBIDDEN: &[&str] = &["3D", "Sound", "Screen", "Movie", "RichMedia"];

pub fn check(context: &Context, findings: &mut Findings) {
    let file = context.file;
    for (index, &page) in file.pages.iter().enumerate() {
        let Ok(page_dict) = file.doc.get_dictionary(page) else {
            continue;
        };
        let annotations: Vec<&Dictionary> = file
            .get(page_dict, b"Annots")
            .and_then(|a| a.as_array().ok())
            .map(|list| list.iter().filter_map(|a| file.dict(a)).collect())
            .unwrap_or_default();
        if annotations.is_empty() {
            continue;
        }
        if context.standards.contains(&Standard::Kdp) {
            findings
                .error(
                    Standard::Kdp,
                    "KDP: manuscript file",
                    format!("the page has {} annotations (links, comments); KDP's print file must have none", annotations.len()),
                )
                .on_page(index);
        }
        if context.standards.contains(&Standard::Ua1)
            && file.name(page_dict, b"Tabs").as_deref() != Some("S")
        {
            findings
                .error(
                    Standard::Ua1,
                    "ISO 14289-1 7.18.3",
                    "a page with annotations does not set /Tabs /S",
                )
                .on_page(index);
        }
        let trim = file
            .page_box(page, b"TrimBox")
            .or_else(|| file.page_box(page, b"ArtBox"));
        let mut over_trim = 0;
        for annotation in annotations {
            let subtype = file.name(annotation, b"Subtype").unwrap_or_default();
            let flags = match file.get(annotation, b"F") {
                Some(Object::Integer(flags)) => *flags,
                _ => 0,
            };
            if let Some(standard) = context.archival() {
                archival(standard, index, &subtype, flags, annotation, findings);
            }
            let rect = annotation
                .get(b"Rect")
                .ok()
                .and_then(|r| rectangle(file, r));
            let overlaps = match (rect, trim) {
                (Some(r), Some(t)) => r[0] < t[2] && r[2] > t[0] && r[1] < t[3] && r[3] > t[1],
                _ => true,
            };
            if flags & PRINT != 0
                && overlaps
                && !matches!(subtype.as_str(), "TrapNet" | "PrinterMark")
            {
                over_trim += 1;
            }
        }
        if over_trim > 0 {
            for standard in context.asked(|s| s.wants_print_colour()) {
                findings
                    .error(
                        standard,
                        "ISO 15930-7 6.3.2",
                        format!("{over_trim} annotations set to print lie over the trimmed page"),
                    )
                    .on_page(index);
            }
        }
    }
}

fn archival(
    standard: Standard,
    index: usize,
    subtype: &str,
    flags: i64,
    annotation: &Dictionary,
    findings: &mut Findings,
) {
    if ARCHIVE_FORBIDDEN.contains(&subtype) {
        findings
            .error(
                standard,
                "6.3.1",
                format!("a {subtype} annotation, which PDF/A does not allow"),
            )
            .on_page(index);
        return;
    }
    if subtype != "Popup" && (flags & PRINT == 0 || flags & (INVISIBLE | HIDDEN | NO_VIEW) != 0) {
        findings
            .error(standard, "6.3.2", format!("a {subtype} annotation is not set to print (F {flags}); PDF/A wants Print on and Hidden, Invisible, NoView off"))
            .on_page(index);
    }
    if !matches!(subtype, "Popup" | "Link") && !annotation.has(b"AP") {
        findings
            .error(
                standard,
                "6.3.3",
                format!("a {subtype} annotation has no appearance (AP)"),
            )
            .on_page(index);
    }
}
