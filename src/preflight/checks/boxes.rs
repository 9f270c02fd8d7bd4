//! Page boxes: PDF/X-4 wants a TrimBox or an ArtBox (not both) on every page, nested inside the
//! BleedBox and the MediaBox; the printers want their bleed (0.125 in on the top, bottom and
//! outer edge of an interior page, none at the spine) and no printer's marks beyond it.

use super::{Context, Findings};
use crate::preflight::Standard;

/// KDP's and IngramSpark's interior bleed, 0.125 in (KDP help "Set Trim Size, Bleed, and
/// Margins"; IngramSpark File Creation Guide).
const PRINTER_BLEED_PT: f32 = 9.0;

/// How far two lengths may differ and still be the same (a hundredth of a millimetre is
/// 0.03 pt; writers round boxes to two or three decimals).
const TOLERANCE_PT: f32 = 0.05;

pub fn check(context: &Context, findings: &mut Findings) {
    let print = context.asked(|s| s.wants_print_colour() || s == Standard::Kdp);
    if print.is_empty() {
        return;
    }
    let file = context.file;
    // A right-to-left book (ViewerPreferences /Direction /R2L) is bound on the right.
    let rtl = file
        .catalog()
        .and_then(|c| file.get(c, b"ViewerPreferences"))
        .and_then(|v| file.dict(v))
        .and_then(|v| file.name(v, b"Direction"))
        .is_some_and(|d| d == "R2L");
    for (index, &page) in file.pages.iter().enumerate() {
        let media = file.page_box(page, b"MediaBox");
        let trim = file.page_box(page, b"TrimBox");
        let art = file.page_box(page, b"ArtBox");
        let bleed = file.page_box(page, b"BleedBox");
        let Some(media) = media else {
            for &standard in &print {
                findings
                    .error(standard, "ISO 32000-1 7.7.3.3", "the page has no MediaBox")
                    .on_page(index)
                    .object(page);
            }
            continue;
        };
        for &standard in print.iter().filter(|s| s.wants_print_colour()) {
            match (trim, art) {
                (None, None) => {
                    findings
                        .error(
                            standard,
                            "ISO 15930-7 6.1.3",
                            "the page has neither a TrimBox nor an ArtBox",
                        )
                        .on_page(index);
                }
                (Some(_), Some(_)) => {
                    findings
                        .error(
                            standard,
                            "ISO 15930-7 6.1.3",
                            "the page has both a TrimBox and an ArtBox",
                        )
                        .on_page(index);
                }
                _ => {}
            }
            let finished = trim.or(art);
            if let Some(bleed) = bleed
                && !inside(bleed, media)
            {
                findings
                    .error(
                        standard,
                        "ISO 15930-7 6.1.3",
                        "the BleedBox reaches outside the MediaBox",
                    )
                    .on_page(index);
            }
            if let Some(finished) = finished
                && !inside(finished, bleed.unwrap_or(media))
            {
                findings
                    .error(
                        standard,
                        "ISO 15930-7 6.1.3",
                        "the TrimBox (or ArtBox) reaches outside the BleedBox or MediaBox",
                    )
                    .on_page(index);
            }
        }
        let printers = context.asked(|s| matches!(s, Standard::Kdp | Standard::IngramSpark));
        if let Some(trim) = trim {
            for &standard in &printers {
                printer_bleed(standard, (index, rtl), media, trim, bleed, findings);
            }
        } else {
            for &standard in &printers {
                findings
                    .error(
                        standard,
                        printer_clause(standard),
                        "the page has no TrimBox, so its trim size is unknown",
                    )
                    .on_page(index);
            }
        }
    }
}

fn printer_clause(standard: Standard) -> &'static str {
    match standard {
        Standard::Kdp => "KDP: trim size and bleed",
        _ => "IngramSpark: trim size and bleed",
    }
}

/// An interior page either has no bleed or 0.125 in on the top, bottom and outer edge only;
/// nothing (crop marks) beyond the bleed.
fn printer_bleed(
    standard: Standard,
    (index, rtl): (usize, bool),
    media: [f32; 4],
    trim: [f32; 4],
    bleed: Option<[f32; 4]>,
    findings: &mut Findings,
) {
    let bleed = bleed.unwrap_or(media);
    if !same(bleed, media) {
        findings
            .error(
                standard,
                printer_clause(standard),
                "the page reaches beyond its bleed (room for crop marks or printer's marks); the printer wants none",
            )
            .on_page(index);
    }
    if same(bleed, trim) {
        return;
    }
    // Recto pages (odd numbers) have the spine on the left, versos on the right; the other
    // way round in a right-to-left book.
    let spine_left = index.is_multiple_of(2) != rtl;
    let left = trim[0] - bleed[0];
    let bottom = trim[1] - bleed[1];
    let right = bleed[2] - trim[2];
    let top = bleed[3] - trim[3];
    let (inner, outer) = if spine_left {
        (left, right)
    } else {
        (right, left)
    };
    let near = |length: f32, wanted: f32| (length - wanted).abs() <= TOLERANCE_PT;
    if !(near(top, PRINTER_BLEED_PT)
        && near(bottom, PRINTER_BLEED_PT)
        && near(outer, PRINTER_BLEED_PT)
        && near(inner, 0.0))
    {
        findings
            .error(
                standard,
                printer_clause(standard),
                format!(
                    "the bleed is top {top:.2}, bottom {bottom:.2}, outer {outer:.2}, inner {inner:.2} pt; \
                     the printer wants 9 pt (0.125 in) on the top, bottom and outer edge and none at the spine"
                ),
            )
            .on_page(index);
    }
}

fn inside(inner: [f32; 4], outer: [f32; 4]) -> bool {
    inner[0] >= outer[0] - TOLERANCE_PT
        && inner[1] >= outer[1] - TOLERANCE_PT
        && inner[2] <= outer[2] + TOLERANCE_PT
        && inner[3] <= outer[3] + TOLERANCE_PT
}

fn same(a: [f32; 4], b: [f32; 4]) -> bool {
    a.iter().zip(&b).all(|(x, y)| (x - y).abs() <= TOLERANCE_PT)
}
