//! Output intents: the printing condition a file's colours mean. PDF/X-4 wants exactly one
//! `GTS_PDFX` intent with an embedded printer profile and a condition identifier; PDF/A wants a
//! `GTS_PDFA1` intent whose profile's colour space matches the device colours the file uses,
//! and one profile for all intents. Each embedded profile must parse and be of a kind an output
//! intent may carry.

use super::super::content::{Space, Use};
use super::{Context, Findings};
use crate::preflight::Standard;
use lopdf::{Dictionary, ObjectId};
use moxcms::{ColorProfile, DataColorSpace, ProfileClass};

/// An output intent as read from the catalog.
struct Intent<'a> {
    subtype: String,
    dict: &'a Dictionary,
    profile: Option<(ObjectId, Result<ColorProfile, String>)>,
}

pub fn check(context: &Context, findings: &mut Findings) {
    let intents = read_intents(context);
    for intent in &intents {
        if let Some((id, Err(message))) = &intent.profile {
            for standard in context.asked(|s| s.archival().is_some() || s.wants_print_colour()) {
                findings
                    .error(
                        standard,
                        "ISO 15076-1",
                        format!("the output intent's profile does not parse: {message}"),
                    )
                    .object(*id);
            }
        }
    }
    for standard in context.asked(|s| s.wants_print_colour()) {
        print_intent(context, standard, &intents, findings);
    }
    if let Some(standard) = context.archival() {
        archival_intent(context, standard, &intents, findings);
    }
}

fn read_intents<'a>(context: &'a Context) -> Vec<Intent<'a>> {
    let file = context.file;
    let Some(list) = file
        .catalog()
        .and_then(|catalog| file.get(catalog, b"OutputIntents"))
        .and_then(|list| list.as_array().ok())
    else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|entry| file.dict(entry))
        .map(|dict| Intent {
            subtype: file.name(dict, b"S").unwrap_or_default(),
            dict,
            profile: dict.get(b"DestOutputProfile").ok().and_then(|reference| {
                let id = reference.as_reference().ok()?;
                let stream = file.resolve(reference).as_stream().ok()?;
                let bytes = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                Some((
                    id,
                    ColorProfile::new_from_slice(&bytes).map_err(|e| e.to_string()),
                ))
            }),
        })
        .collect()
}

fn profile_space(intent: &Intent) -> Option<DataColorSpace> {
    match &intent.profile {
        Some((_, Ok(profile))) => Some(profile.color_space),
        _ => None,
    }
}

fn print_intent(
    context: &Context,
    standard: Standard,
    intents: &[Intent],
    findings: &mut Findings,
) {
    let print: Vec<_> = intents.iter().filter(|i| i.subtype == "GTS_PDFX").collect();
    let [intent] = print.as_slice() else {
        findings.error(
            standard,
            "ISO 15930-7 6.2.2",
            format!(
                "the file has {} GTS_PDFX output intents; PDF/X-4 needs exactly one",
                print.len()
            ),
        );
        return;
    };
    let file = context.file;
    if file
        .text(intent.dict, b"OutputConditionIdentifier")
        .is_none_or(|t| t.is_empty())
    {
        findings.error(
            standard,
            "ISO 15930-7 6.2.2",
            "the output intent has no OutputConditionIdentifier",
        );
    }
    match &intent.profile {
        None => {
            findings.error(
                standard,
                "ISO 15930-7 6.2.2",
                "the output intent embeds no printer profile (DestOutputProfile); PDF/X-4 (not X-4p) needs one",
            );
        }
        Some((id, Ok(profile))) => {
            if profile.profile_class != ProfileClass::OutputDevice {
                findings
                    .error(
                        standard,
                        "ISO 15930-7 6.2.2",
                        format!("the output profile is a {:?} profile, not an output device (prtr) profile", profile.profile_class),
                    )
                    .object(*id);
            }
            if !matches!(
                profile.color_space,
                DataColorSpace::Cmyk | DataColorSpace::Gray | DataColorSpace::Rgb
            ) {
                findings
                    .error(
                        standard,
                        "ISO 15930-7 6.2.2",
                        format!(
                            "the output profile's colour space is {:?}",
                            profile.color_space
                        ),
                    )
                    .object(*id);
            }
            if standard == Standard::IngramSpark && profile.color_space != DataColorSpace::Cmyk {
                findings
                    .error(
                        standard,
                        "IngramSpark: colour",
                        "the output intent is not CMYK; IngramSpark prints CMYK",
                    )
                    .object(*id);
            }
        }
        Some((_, Err(_))) => {}
    }
    // Device colour against the printing condition (6.2.3): with a CMYK intent, DeviceRGB is
    // never allowed (the colour checks report it); with an RGB or grey intent, DeviceCMYK isn't.
    if let Some(space) = profile_space(intent)
        && space != DataColorSpace::Cmyk
    {
        report_device_use(
            context,
            standard,
            "ISO 15930-7 6.2.3",
            Space::DeviceCmyk,
            "the output intent is not CMYK",
            findings,
        );
    }
}

fn archival_intent(
    context: &Context,
    standard: Standard,
    intents: &[Intent],
    findings: &mut Findings,
) {
    let archival: Vec<_> = intents
        .iter()
        .filter(|i| i.subtype == "GTS_PDFA1")
        .collect();
    let profiles: Vec<ObjectId> = intents
        .iter()
        .filter_map(|i| i.profile.as_ref().map(|(id, _)| *id))
        .collect();
    if profiles.windows(2).any(|pair| pair[0] != pair[1]) {
        findings.error(
            standard,
            "6.2.3",
            "the output intents embed different profiles; PDF/A allows one",
        );
    }
    let uses = |space: &Space| {
        context
            .pages
            .iter()
            .any(|p| p.spaces.iter().any(|(s, _)| s == space))
    };
    let any_device = [Space::DeviceGray, Space::DeviceRgb, Space::DeviceCmyk]
        .iter()
        .any(uses);
    let Some(intent) = archival.first() else {
        if any_device {
            findings.error(
                standard,
                "6.2.4.3",
                "the file uses device colour (DeviceGray, DeviceRGB or DeviceCMYK) without a GTS_PDFA1 output intent",
            );
        }
        return;
    };
    archival_profile(standard, intent, findings);
    match profile_space(intent) {
        Some(DataColorSpace::Rgb) => report_device_use(
            context,
            standard,
            "6.2.4.3",
            Space::DeviceCmyk,
            "the output intent is RGB",
            findings,
        ),
        Some(DataColorSpace::Cmyk) => report_device_use(
            context,
            standard,
            "6.2.4.3",
            Space::DeviceRgb,
            "the output intent is CMYK",
            findings,
        ),
        Some(DataColorSpace::Gray) => {
            report_device_use(
                context,
                standard,
                "6.2.4.3",
                Space::DeviceRgb,
                "the output intent is grey",
                findings,
            );
            report_device_use(
                context,
                standard,
                "6.2.4.3",
                Space::DeviceCmyk,
                "the output intent is grey",
                findings,
            );
        }
        _ => {}
    }
}

/// One finding per page that uses `space`, saying for what.
fn report_device_use(
    context: &Context,
    standard: Standard,
    clause: &'static str,
    space: Space,
    why: &str,
    findings: &mut Findings,
) {
    for (index, page) in context.pages.iter().enumerate() {
        let uses: Vec<&str> = page
            .spaces
            .iter()
            .filter(|(s, _)| *s == space)
            .map(|(_, usage)| use_name(*usage))
            .collect();
        if !uses.is_empty() {
            findings
                .error(
                    standard,
                    clause,
                    format!("{} used for {} but {why}", space.label(), uses.join(", ")),
                )
                .on_page(index);
        }
    }
}

pub(super) fn use_name(usage: Use) -> &'static str {
    match usage {
        Use::Fill => "fills",
        Use::Stroke => "strokes",
        Use::Image => "images",
        Use::Shading => "shadings",
        Use::Group => "a transparency group",
    }
}

/// The PDF/A intent's profile: embedded, and of a class an output intent may carry.
fn archival_profile(standard: Standard, intent: &Intent, findings: &mut Findings) {
    match &intent.profile {
        None => {
            findings.error(
                standard,
                "6.2.3",
                "the GTS_PDFA1 output intent embeds no profile (DestOutputProfile)",
            );
        }
        Some((id, Ok(profile))) => {
            if !matches!(
                profile.profile_class,
                ProfileClass::OutputDevice | ProfileClass::DisplayDevice
            ) {
                findings
                    .error(
                        standard,
                        "6.2.3",
                        format!(
                            "the output profile is a {:?} profile, not prtr or mntr",
                            profile.profile_class
                        ),
                    )
                    .object(*id);
            }
        }
        Some((_, Err(_))) => {}
    }
}
