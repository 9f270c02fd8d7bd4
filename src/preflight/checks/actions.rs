//! What a print or archive file may not carry: JavaScript and actions that launch, play or
//! submit; LZW compression (PDF/A); attached files (PDF/A-2 allows only PDF/A files, which
//! preflight cannot verify; PDF/A-3 any file with its relationship); external stream data;
//! and, for KDP, bookmarks.

use super::{Context, Findings};
use crate::preflight::Standard;
use lopdf::{Dictionary, Object, ObjectId};

/// Action types PDF/A forbids (6.5.1) and PDF/X-4 has no use for.
const FORBIDDEN_ACTIONS: &[&str] = &[
    "Launch",
    "Sound",
    "Movie",
    "ResetForm",
    "ImportData",
    "JavaScript",
    "Hide",
    "SetOCGState",
    "Rendition",
    "Trans",
    "GoTo3DView",
];

pub fn check(context: &Context, findings: &mut Findings) {
    let strict = context.asked(|s| s.archival().is_some() || s.wants_print_colour());
    if let Some(catalog) = context.file.catalog() {
        catalog_entries(context, catalog, &strict, findings);
    }
    for (&id, object) in &context.file.doc.objects {
        let dict = match object {
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => {
                stream_data(context, id, &stream.dict, &strict, findings);
                &stream.dict
            }
            _ => continue,
        };
        action(id, dict, &strict, findings);
    }
    for (index, &page) in context.file.pages.iter().enumerate() {
        if context
            .file
            .doc
            .get_dictionary(page)
            .is_ok_and(|p| p.has(b"AA"))
        {
            for standard in context.asked(|s| s.archival().is_some()) {
                findings
                    .error(standard, "6.5.2", "the page has additional actions (AA)")
                    .on_page(index);
            }
        }
    }
}

/// The catalog: JavaScript, additional actions, attachments and (for KDP) bookmarks.
fn catalog_entries(
    context: &Context,
    catalog: &Dictionary,
    strict: &[Standard],
    findings: &mut Findings,
) {
    let file = context.file;
    let names = file.get(catalog, b"Names").and_then(|n| file.dict(n));
    if names.is_some_and(|n| n.has(b"JavaScript")) {
        for &standard in strict {
            findings.error(
                standard,
                clause(standard, "6.5.1", "ISO 15930-7 6.6.1"),
                "the document carries JavaScript",
            );
        }
    }
    if catalog.has(b"AA") {
        for &standard in strict {
            findings.error(
                standard,
                clause(standard, "6.5.2", "ISO 15930-7 6.6.1"),
                "the catalog has additional actions (AA)",
            );
        }
    }
    if let Some(embedded) = names.and_then(|n| file.get(n, b"EmbeddedFiles")) {
        embedded_files(context, catalog, embedded, findings);
    }
    if context.standards.contains(&Standard::Kdp)
        && file
            .get(catalog, b"Outlines")
            .and_then(|o| file.dict(o))
            .is_some_and(|o| o.has(b"First"))
    {
        findings.error(
            Standard::Kdp,
            "KDP: manuscript file",
            "the file has bookmarks (an outline); KDP's print file must have none",
        );
    }
}

/// A stream's data: not LZW-compressed (PDF/A), not in an external file.
fn stream_data(
    context: &Context,
    id: ObjectId,
    dict: &Dictionary,
    strict: &[Standard],
    findings: &mut Findings,
) {
    let lzw = match dict.get(b"Filter") {
        Ok(Object::Name(name)) => name == b"LZWDecode",
        Ok(Object::Array(names)) => names
            .iter()
            .any(|n| matches!(n, Object::Name(n) if n == b"LZWDecode")),
        _ => false,
    };
    if lzw {
        for standard in context.asked(|s| s.archival().is_some()) {
            findings
                .error(standard, "6.1.7.2", "a stream is LZW-compressed")
                .object(id);
        }
    }
    if dict.has(b"F") || dict.has(b"FFilter") {
        for &standard in strict {
            findings
                .error(
                    standard,
                    clause(standard, "6.1.7.1", "ISO 15930-7 6.1.7"),
                    "a stream's data lives in an external file (F)",
                )
                .object(id);
        }
    }
}

/// An action dictionary of a kind print and archive files may not carry.
fn action(id: ObjectId, dict: &Dictionary, strict: &[Standard], findings: &mut Findings) {
    let Some(kind) = dict.get(b"S").ok().and_then(|s| s.as_name().ok()) else {
        return;
    };
    let typed_action = dict
        .get(b"Type")
        .ok()
        .and_then(|t| t.as_name().ok())
        .is_none_or(|t| t == b"Action");
    let has_operand = [b"JS".as_slice(), b"F", b"URI", b"D", b"N"]
        .iter()
        .any(|key| dict.has(key));
    let kind = String::from_utf8_lossy(kind);
    if typed_action
        && (has_operand || kind == "JavaScript")
        && FORBIDDEN_ACTIONS.contains(&kind.as_ref())
    {
        for &standard in strict {
            findings
                .error(
                    standard,
                    clause(standard, "6.5.1", "ISO 15930-7 6.6.1"),
                    format!("a {kind} action"),
                )
                .object(id);
        }
    }
}

fn clause(standard: Standard, archival: &'static str, print: &'static str) -> &'static str {
    if standard.archival().is_some() {
        archival
    } else {
        print
    }
}

/// Attached files: PDF/A-3 wants each with an AFRelationship and listed in the catalog's /AF;
/// PDF/A-2 allows only PDF/A files (reported as a warning: preflight does not open them).
fn embedded_files(
    context: &Context,
    catalog: &lopdf::Dictionary,
    tree: &Object,
    findings: &mut Findings,
) {
    let file = context.file;
    let Some(tree) = file.dict(tree) else { return };
    let specs: Vec<_> = file
        .get(tree, b"Names")
        .and_then(|n| n.as_array().ok())
        .map(|names| {
            names
                .iter()
                .skip(1)
                .step_by(2)
                .filter_map(|spec| file.dict(spec))
                .collect()
        })
        .unwrap_or_default();
    let Some(standard) = context.archival() else {
        return;
    };
    match standard {
        Standard::A3(_) => {
            if !catalog.has(b"AF") {
                findings.error(
                    standard,
                    "6.8",
                    "the file attaches files but the catalog has no associated-files array (AF)",
                );
            }
            for spec in specs {
                if !spec.has(b"AFRelationship") {
                    findings.error(standard, "6.8", "an attached file has no AFRelationship");
                }
                let subtype = file
                    .get(spec, b"EF")
                    .and_then(|ef| file.dict(ef))
                    .and_then(|ef| file.get(ef, b"F"))
                    .and_then(|f| file.dict(f))
                    .and_then(|f| file.name(f, b"Subtype"));
                if subtype.is_none() {
                    findings.error(
                        standard,
                        "6.8",
                        "an attached file's stream has no MIME type (Subtype)",
                    );
                }
            }
        }
        _ => {
            findings.warning(
                standard,
                "6.8",
                format!("the file attaches {} files; PDF/A-2 allows only PDF/A files, which preflight does not open", specs.len()),
            );
        }
    }
}
