//! Fonts: every font text is shown in must be embedded (all the standards and both printers);
//! PDF/A level u and a, and PDF/UA, want every glyph mapped to Unicode (a ToUnicode CMap, or a
//! simple font's standard encoding); PDF/A wants a TrueType CID font's glyph map (CIDToGIDMap).

use super::{Context, Findings};
use crate::preflight::{Level, Standard};
use lopdf::{Dictionary, ObjectId};
use std::collections::BTreeSet;

pub fn check(context: &Context, findings: &mut Findings) {
    let file = context.file;
    let used: BTreeSet<ObjectId> = context
        .pages
        .iter()
        .flat_map(|p| p.fonts.iter().copied())
        .collect();
    let wants_unicode = context
        .asked(|s| s == Standard::Ua1 || matches!(s.archival(), Some((_, Level::U | Level::A))));
    for id in used {
        let Ok(font) = file.doc.get_dictionary(id) else {
            continue;
        };
        let name = file
            .name(font, b"BaseFont")
            .unwrap_or_else(|| "(unnamed)".into());
        let subtype = file.name(font, b"Subtype").unwrap_or_default();
        if subtype == "Type3" {
            continue;
        }
        let descendant = (subtype == "Type0")
            .then(|| {
                file.get(font, b"DescendantFonts")
                    .and_then(|d| d.as_array().ok())
                    .and_then(|d| d.first())
                    .and_then(|d| file.dict(d))
            })
            .flatten();
        let program_holder = descendant.unwrap_or(font);
        if !embedded(context, program_holder) {
            for standard in context.standards {
                let clause = match standard.archival() {
                    Some(_) => "6.2.11.4.1",
                    None if *standard == Standard::Ua1 => "ISO 14289-1 7.21.4.1",
                    None => "ISO 15930-7 6.3.5",
                };
                findings
                    .error(
                        *standard,
                        clause,
                        format!("the font {name} is not embedded"),
                    )
                    .object(id);
            }
        }
        if let Some(descendant) = descendant
            && file.name(descendant, b"Subtype").as_deref() == Some("CIDFontType2")
            && !descendant.has(b"CIDToGIDMap")
        {
            for standard in context.asked(|s| s.archival().is_some()) {
                findings
                    .error(
                        standard,
                        "6.2.11.3.2",
                        format!("the TrueType CID font {name} has no CIDToGIDMap"),
                    )
                    .object(id);
            }
        }
        let standard_encoding = matches!(
            file.name(font, b"Encoding").as_deref(),
            Some("WinAnsiEncoding" | "MacRomanEncoding" | "StandardEncoding")
        );
        let mapped = font.has(b"ToUnicode") || (descendant.is_none() && standard_encoding);
        if !mapped {
            for &standard in &wants_unicode {
                let clause = if standard == Standard::Ua1 {
                    "ISO 14289-1 7.21.7"
                } else {
                    "6.2.11.7.2"
                };
                findings
                    .error(
                        standard,
                        clause,
                        format!(
                            "the font {name} has no ToUnicode map, so its text cannot be read back"
                        ),
                    )
                    .object(id);
            }
        }
    }
}

/// Whether the font (or CID font) dictionary's descriptor holds a font program.
fn embedded(context: &Context, font: &Dictionary) -> bool {
    let file = context.file;
    file.get(font, b"FontDescriptor")
        .and_then(|d| file.dict(d))
        .is_some_and(|descriptor| {
            [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| descriptor.has(k))
        })
}
