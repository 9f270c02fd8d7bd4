//! Colour and what may not be drawn: no DeviceRGB in a print file (PDF/X-4 and IngramSpark),
//! total ink within IngramSpark's limit, images fine enough for print (KDP and IngramSpark ask
//! for 300 dpi), and the graphics-state features and XObjects the standards forbid.

use super::super::content::Space;
use super::intents::use_name;
use super::{Context, Findings};
use crate::preflight::Standard;

/// IngramSpark's recommended total area coverage for interiors, in percent (its help pages
/// "Manufacturing and File Setup Tips": heavy ink coverage over 240 % may be rejected).
const INGRAMSPARK_INK_LIMIT: f32 = 240.0;

/// The resolution KDP and IngramSpark ask of images at their printed size (KDP: "images
/// should be 300 DPI"); 5 % below is still accepted, as scaling rounds.
const PRINT_DPI: f32 = 300.0;
const DPI_SLACK: f32 = 0.95;

/// Points per inch.
const PT_PER_IN: f32 = 72.0;

pub fn check(context: &Context, findings: &mut Findings) {
    for (index, page) in context.pages.iter().enumerate() {
        for standard in context.asked(|s| s.wants_print_colour()) {
            let rgb: Vec<&str> = page
                .spaces
                .iter()
                .filter(|(space, _)| *space == Space::DeviceRgb)
                .map(|(_, usage)| use_name(*usage))
                .collect();
            if !rgb.is_empty() {
                findings
                    .error(
                        standard,
                        "ISO 15930-7 6.2.3",
                        format!("DeviceRGB is used for {}; a print file has CMYK, grey or ICC-based colour only", rgb.join(", ")),
                    )
                    .on_page(index);
            }
        }
        if context.standards.contains(&Standard::IngramSpark)
            && page.max_ink > INGRAMSPARK_INK_LIMIT
        {
            findings
                .warning(
                    Standard::IngramSpark,
                    "IngramSpark: ink coverage",
                    format!("a CMYK colour lays down {:.0} % ink, over the {INGRAMSPARK_INK_LIMIT:.0} % recommended", page.max_ink),
                )
                .on_page(index);
        }
        for standard in context.asked(|s| matches!(s, Standard::Kdp | Standard::IngramSpark)) {
            for image in &page.images {
                let dpi = |pixels: f32, points: f32| {
                    if points > 0.0 {
                        pixels / (points / PT_PER_IN)
                    } else {
                        f32::INFINITY
                    }
                };
                let resolution =
                    dpi(image.pixels.0, image.printed.0).min(dpi(image.pixels.1, image.printed.1));
                if resolution < PRINT_DPI * DPI_SLACK {
                    let finding = findings.warning(
                        standard,
                        "printer: image resolution",
                        format!(
                            "an image of {}×{} px printed {:.2}×{:.2} in is {resolution:.0} dpi, under the {PRINT_DPI:.0} dpi printers ask for",
                            image.pixels.0, image.pixels.1,
                            image.printed.0 / PT_PER_IN, image.printed.1 / PT_PER_IN,
                        ),
                    );
                    finding.on_page(index);
                    if let Some(id) = image.object {
                        finding.object(id);
                    }
                }
            }
        }
        for forbidden in &page.forbidden {
            for standard in context.asked(|s| s.archival().is_some() || s.wants_print_colour()) {
                let clause = if standard.archival().is_some() {
                    "6.2.4–6.2.9"
                } else {
                    "ISO 15930-7 6.2"
                };
                findings
                    .error(standard, clause, format!("the page uses {forbidden}"))
                    .on_page(index);
            }
        }
        if !page.transparency.is_empty() && context.standards.contains(&Standard::Kdp) {
            let reasons: Vec<_> = page.transparency.iter().copied().collect();
            findings
                .warning(
                    Standard::Kdp,
                    "KDP: flatten transparency",
                    format!(
                        "the page has live transparency ({}); KDP asks for it flattened",
                        reasons.join(", ")
                    ),
                )
                .on_page(index);
        }
    }
}
