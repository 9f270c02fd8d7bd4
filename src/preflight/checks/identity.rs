//! How the file names itself: the header's version and binary comment, the trailer's ID, no
//! encryption, the document information dictionary (Title, dates, Trapped), and the XMP packet's
//! identification (`pdfaid`, `pdfuaid`, `pdfxid`), agreeing with the Info dictionary where
//! PDF/A asks, with every foreign schema described.

use super::super::xmp::{self, Xmp};
use super::{Context, Findings};
use crate::preflight::Standard;

pub fn check(context: &Context, findings: &mut Findings) {
    let file = context.file;
    header(context, findings);
    if file.doc.trailer.get(b"ID").is_err() {
        for standard in context.asked(|s| s.archival().is_some() || s.wants_print_colour()) {
            findings.error(
                standard,
                clause(standard, "6.1.3", "6.1.4"),
                "the trailer has no file identifier (ID)",
            );
        }
    }
    if file.doc.trailer.has(b"Encrypt") || file.doc.was_encrypted() {
        for standard in context.standards {
            findings.error(
                *standard,
                clause(*standard, "6.1.3", "6.1.2"),
                "the file is encrypted; print and archive files must not be",
            );
        }
    }
    info_keys(context, findings);
    let packet = match file.metadata() {
        Some((dict, packet)) => {
            if dict.has(b"Filter") {
                for standard in context.asked(|s| s.archival().is_some()) {
                    findings.error(
                        standard,
                        "6.6.2.1",
                        "the XMP metadata stream is compressed (Filter); PDF/A keeps it plain",
                    );
                }
            }
            packet
        }
        None => {
            for standard in context
                .asked(|s| s.archival().is_some() || s == Standard::Ua1 || s.wants_print_colour())
            {
                findings.error(
                    standard,
                    clause(standard, "6.6.2.1", "6.7.2"),
                    "the catalog has no XMP metadata stream (/Metadata)",
                );
            }
            return;
        }
    };
    match xmp::read(&packet) {
        Ok(xmp) => identification(context, &xmp, findings),
        Err(message) => {
            for standard in context
                .asked(|s| s.archival().is_some() || s == Standard::Ua1 || s.wants_print_colour())
            {
                findings.error(
                    standard,
                    clause(standard, "6.6.2.1", "6.7.2"),
                    message.clone(),
                );
            }
        }
    }
}

/// The clause number in PDF/A-2/3 (ISO 19005-2 and -3 share their numbering) or PDF/X-4 (ISO
/// 15930-7); the printer profiles inherit PDF/X's where they ask the same.
fn clause(standard: Standard, archival: &'static str, print: &'static str) -> &'static str {
    match standard {
        Standard::A2(_) | Standard::A3(_) => archival,
        Standard::Ua1 => "ISO 14289-1 7.1",
        _ => print,
    }
}

fn header(context: &Context, findings: &mut Findings) {
    let file = context.file;
    let version: f32 = file.header_version.parse().unwrap_or(0.0);
    let catalog_version: f32 = file
        .catalog()
        .and_then(|c| file.name(c, b"Version"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let effective = version.max(catalog_version);
    for standard in context.asked(|s| s.wants_print_colour()) {
        if effective > 1.6 {
            findings.error(
                standard,
                "ISO 15930-7 6.1.1",
                format!("the file declares PDF {effective:.1}; PDF/X-4 is PDF 1.6 at most"),
            );
        }
    }
    for standard in context.asked(|s| s.archival().is_some()) {
        if effective > 1.7 {
            findings.error(
                standard,
                "6.1.2",
                format!("the file declares PDF {effective:.1}; PDF/A-2 and A-3 are PDF 1.7"),
            );
        }
        if !file.binary_comment {
            findings.error(
                standard,
                "6.1.2",
                "the header is not followed by a comment of four bytes above 127 (the binary marker)",
            );
        }
    }
}

fn info_keys(context: &Context, findings: &mut Findings) {
    let file = context.file;
    let info = file.info();
    let text = |key: &[u8]| info.and_then(|info| file.text(info, key));
    for standard in context.asked(|s| s.wants_print_colour()) {
        if text(b"Title").is_none_or(|t| t.trim().is_empty()) {
            findings.error(
                standard,
                "ISO 15930-7 6.7.2.2",
                "the document information dictionary has no Title",
            );
        }
        for key in ["CreationDate", "ModDate"] {
            if text(key.as_bytes()).is_none() {
                findings.error(
                    standard,
                    "ISO 15930-7 6.7.2.2",
                    format!("the document information dictionary has no {key}"),
                );
            }
        }
        let trapped = info.and_then(|info| file.name(info, b"Trapped"));
        if !matches!(trapped.as_deref(), Some("True" | "False")) {
            findings.error(
                standard,
                "ISO 15930-7 6.7.2.5",
                "Trapped is not True or False in the document information dictionary",
            );
        }
    }
}

fn identification(context: &Context, xmp: &Xmp, findings: &mut Findings) {
    let value = |key: &str| xmp.values.get(key).map(String::as_str);
    if let Some(standard) = context.archival() {
        let (part, level) = standard.archival().expect("an archival standard");
        let claimed_part = value("pdfaid:part");
        let claimed_level = value("pdfaid:conformance").unwrap_or("");
        let level_rank = |letter: &str| match letter.to_ascii_uppercase().as_str() {
            "B" => 1,
            "U" => 2,
            "A" => 3,
            _ => 0,
        };
        if claimed_part != Some(&part.to_string()) {
            findings.error(
                standard,
                "6.6.4",
                format!(
                    "the XMP metadata does not identify the file as PDF/A-{part} (pdfaid:part is {})",
                    claimed_part.unwrap_or("absent")
                ),
            );
        } else if level_rank(claimed_level) < level_rank(level.letter()) {
            findings.error(
                standard,
                "6.6.4",
                format!(
                    "pdfaid:conformance is `{claimed_level}`, short of level {}",
                    level.letter()
                ),
            );
        }
        consistency(context, standard, xmp, findings);
        for namespace in xmp.foreign_namespaces.difference(&xmp.declared_namespaces) {
            findings.error(
                standard,
                "6.6.2.3",
                format!("the XMP uses the schema {namespace} without describing it in a pdfaExtension schema"),
            );
        }
    }
    if context.standards.contains(&Standard::Ua1) {
        if value("pdfuaid:part") != Some("1") {
            findings.error(
                Standard::Ua1,
                "ISO 14289-1 5",
                "the XMP metadata has no pdfuaid:part 1",
            );
        }
        if value("dc:title").is_none_or(|t| t.trim().is_empty()) {
            findings.error(
                Standard::Ua1,
                "ISO 14289-1 7.1",
                "the XMP metadata has no dc:title",
            );
        }
    }
    for standard in context.asked(|s| s.wants_print_colour()) {
        if value("pdfxid:GTS_PDFXVersion") != Some("PDF/X-4") {
            findings.error(
                standard,
                "ISO 15930-7 6.7.2.3",
                format!(
                    "the XMP metadata does not identify the file as PDF/X-4 (pdfxid:GTS_PDFXVersion is {})",
                    value("pdfxid:GTS_PDFXVersion").unwrap_or("absent")
                ),
            );
        }
        if !matches!(value("pdf:Trapped"), Some("True" | "False")) {
            findings.error(
                standard,
                "ISO 15930-7 6.7.2.5",
                "pdf:Trapped is not True or False in the XMP metadata",
            );
        }
    }
}

/// PDF/A: every Info entry that has an XMP equivalent says the same in both (6.6.3).
fn consistency(context: &Context, standard: Standard, xmp: &Xmp, findings: &mut Findings) {
    let file = context.file;
    let Some(info) = file.info() else { return };
    const PAIRS: &[(&str, &str)] = &[
        ("Title", "dc:title"),
        ("Author", "dc:creator"),
        ("Subject", "dc:description"),
        ("Keywords", "pdf:Keywords"),
        ("Creator", "xmp:CreatorTool"),
        ("Producer", "pdf:Producer"),
        ("CreationDate", "xmp:CreateDate"),
        ("ModDate", "xmp:ModifyDate"),
    ];
    for (info_key, xmp_key) in PAIRS {
        let Some(info_value) = file.text(info, info_key.as_bytes()) else {
            continue;
        };
        let xmp_value = xmp.values.get(xmp_key);
        let agree = match xmp_value {
            None => false,
            Some(xmp_value) if info_key.ends_with("Date") => {
                xmp::normalise_date(&info_value).is_some()
                    && xmp::normalise_date(&info_value) == xmp::normalise_date(xmp_value)
            }
            Some(xmp_value) => xmp_value.trim() == info_value.trim(),
        };
        if !agree {
            findings.error(
                standard,
                "6.6.3",
                format!(
                    "Info {info_key} ({info_value:?}) and XMP {xmp_key} ({}) disagree",
                    xmp_value.map_or("absent".to_string(), |v| format!("{v:?}"))
                ),
            );
        }
    }
}
