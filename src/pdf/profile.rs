//! Colour for print: the output profile a print file is made for (the bundled FOGRA39 printer
//! profile, or the printer's own from `--output-profile`), checked when it is loaded, and the
//! conversion of the RGB colours folio draws (code colours, theme colours) into that printer's
//! CMYK, so that a PDF/X-4 file carries no DeviceRGB.

use moxcms::{
    ColorProfile, DataColorSpace, Layout, ProfileClass, Transform8BitExecutor, TransformOptions,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The bundled printer profile: FOGRA39 (offset, coated paper), built from Fogra's free
/// characterisation data (see `icc/NOTICE.md`).
pub const FOGRA39: &[u8] = include_bytes!("icc/fogra39.icc");

/// The bundled sRGB profile, for the PDF/A output intent and for RGB images in print files.
pub const SRGB: &[u8] = include_bytes!("icc/srgb.icc");

/// The largest profile folio reads: real printer profiles are under 4 MB (ECI's FOGRA51 is
/// 2.5 MB); a larger file is refused rather than parsed.
pub const MAX_PROFILE_BYTES: usize = 16 << 20;

/// A printer's output profile and what identifies its condition in the output intent.
pub struct OutputProfile {
    pub bytes: Vec<u8>,
    /// `OutputConditionIdentifier`: a registered condition's name, or the profile's own.
    pub condition: String,
    /// The profile's colour space as components: 4 (CMYK), 3 (RGB) or 1 (grey).
    pub components: u8,
    #[allow(clippy::struct_field_names)]
    profile: ColorProfile,
    /// RGB triples already converted (a book draws a handful of colours many times).
    converted: Mutex<HashMap<[u8; 3], [f32; 4]>>,
    /// sRGB to this profile, made at the first colour converted (`None`: moxcms cannot).
    transform: OnceLock<Option<Arc<Transform8BitExecutor>>>,
}

impl std::fmt::Debug for OutputProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutputProfile")
            .field("condition", &self.condition)
            .field("components", &self.components)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl OutputProfile {
    /// The bundled FOGRA39 profile.
    /// Parsed once a process: a batch of print files shares it (and its converted colours).
    pub fn fogra39() -> Arc<OutputProfile> {
        static BUNDLED: OnceLock<Arc<OutputProfile>> = OnceLock::new();
        let bundled = BUNDLED.get_or_init(|| {
            Arc::new(
                OutputProfile::from_bytes(FOGRA39.to_vec(), "FOGRA39")
                    .expect("the bundled FOGRA39 profile is a valid CMYK printer profile"),
            )
        });
        Arc::clone(bundled)
    }

    /// Reads a printer's profile: it must parse, be an output device (prtr) profile and hold
    /// CMYK, RGB or grey. `condition` names it in the output intent.
    pub fn from_bytes(bytes: Vec<u8>, condition: &str) -> Result<OutputProfile, String> {
        if bytes.len() > MAX_PROFILE_BYTES {
            return Err(format!(
                "the profile is {} MB, more than a printer profile ({} MB at most)",
                bytes.len() >> 20,
                MAX_PROFILE_BYTES >> 20
            ));
        }
        let profile = std::panic::catch_unwind(|| ColorProfile::new_from_slice(&bytes))
            .map_err(|_| "the ICC profile could not be read".to_string())?
            .map_err(|error| format!("the ICC profile does not parse: {error}"))?;
        if profile.profile_class != ProfileClass::OutputDevice {
            return Err(format!(
                "the ICC profile is a {:?} profile; an output intent needs an output device (printer, class `prtr`) profile",
                profile.profile_class
            ));
        }
        let components = match profile.color_space {
            DataColorSpace::Cmyk => 4,
            DataColorSpace::Rgb => 3,
            DataColorSpace::Gray => 1,
            other => {
                return Err(format!(
                    "the ICC profile's colour space is {other:?}; a printer profile holds CMYK, RGB or grey"
                ));
            }
        };
        Ok(OutputProfile {
            bytes,
            condition: condition.to_string(),
            components,
            profile,
            converted: Mutex::new(HashMap::new()),
            transform: OnceLock::new(),
        })
    }

    /// An sRGB colour (components 0–1) as the printer's CMYK (0–1), through the profile
    /// (relative colorimetric, the ICC's default for proofs and spot matches). Only for a
    /// CMYK profile; `None` for others.
    pub fn cmyk(&self, rgb: [f32; 3]) -> Option<[f32; 4]> {
        if self.components != 4 {
            return None;
        }
        let key = rgb.map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8);
        if let Some(found) = self.converted.lock().ok()?.get(&key) {
            return Some(*found);
        }
        let transform = self
            .transform
            .get_or_init(|| {
                ColorProfile::new_srgb()
                    .create_transform_8bit(
                        Layout::Rgb,
                        &self.profile,
                        Layout::Rgba,
                        TransformOptions::default(),
                    )
                    .ok()
            })
            .as_ref()?;
        let mut out = [0u8; 4];
        transform.transform(&key, &mut out).ok()?;
        let cmyk = out.map(|v| f32::from(v) / 255.0);
        self.converted.lock().ok()?.insert(key, cmyk);
        Some(cmyk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_profile_turns_rgb_into_plausible_fogra39_cmyk() {
        let profile = OutputProfile::fogra39();
        let white = profile.cmyk([1.0, 1.0, 1.0]).unwrap();
        assert!(
            white.iter().all(|&v| v < 0.02),
            "white is no ink: {white:?}"
        );
        let black = profile.cmyk([0.0, 0.0, 0.0]).unwrap();
        let ink: f32 = black.iter().sum();
        assert!(
            black[3] > 0.8 && ink <= 3.0 + 0.01,
            "black is mostly K within 300 %: {black:?}"
        );
        let red = profile.cmyk([1.0, 0.0, 0.0]).unwrap();
        assert!(
            red[1] > 0.7 && red[2] > 0.7 && red[0] < 0.15,
            "red is magenta and yellow: {red:?}"
        );
    }

    #[test]
    fn a_profile_that_is_not_a_printer_profile_is_refused_with_the_reason() {
        let display = OutputProfile::from_bytes(SRGB.to_vec(), "sRGB")
            .err()
            .unwrap();
        assert!(display.contains("DisplayDevice"), "{display}");
        let garbage = OutputProfile::from_bytes(b"not a profile at all".to_vec(), "x")
            .err()
            .unwrap();
        assert!(garbage.contains("does not parse"), "{garbage}");
    }
}
