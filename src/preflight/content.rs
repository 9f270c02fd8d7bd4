//! Walks what each page draws (its content streams and the form XObjects they call, with their
//! resources) and gathers what the standards constrain: the colour spaces used for fills,
//! strokes, images and shadings; the heaviest CMYK fill (total ink); transparency; images with
//! the size they are printed at; the fonts text is set in; text outside marked content; and
//! graphics-state entries no print or archive standard allows.

use super::file::{MAX_NESTING, PdfFile, number};
use lopdf::content::Content;
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::BTreeSet;

/// A colour space as the standards tell them apart.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Space {
    DeviceGray,
    DeviceRgb,
    DeviceCmyk,
    /// ICC-based, with the profile's number of components.
    IccBased(u8),
    /// Separation, DeviceN, Lab, CalRGB, CalGray, Pattern: device-independent or spot colour.
    Other(String),
}

impl Space {
    pub fn label(&self) -> String {
        match self {
            Space::DeviceGray => "DeviceGray".into(),
            Space::DeviceRgb => "DeviceRGB".into(),
            Space::DeviceCmyk => "DeviceCMYK".into(),
            Space::IccBased(n) => format!("ICCBased ({n} components)"),
            Space::Other(name) => name.clone(),
        }
    }
}

/// Where a colour space was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Use {
    Fill,
    Stroke,
    Image,
    Shading,
    /// A transparency group's blending space.
    Group,
}

/// One image drawn on a page.
#[derive(Debug, Clone)]
pub struct PlacedImage {
    pub object: Option<ObjectId>,
    pub pixels: (f32, f32),
    /// The printed size in points (the CTM's scale when `Do` ran).
    pub printed: (f32, f32),
}

/// What one page draws, as the checks need it.
#[derive(Debug, Default)]
pub struct PageFacts {
    /// Each colour space with where it was used; device spaces that the page's resources remap
    /// through `DefaultRGB`/`DefaultCMYK`/`DefaultGray` are listed as ICC-based.
    pub spaces: BTreeSet<(Space, Use)>,
    /// The heaviest DeviceCMYK fill or stroke, in percent of one ink (400 at most).
    pub max_ink: f32,
    /// Why the page uses transparency, if it does (soft masks, constant alpha, blend modes,
    /// transparency groups).
    pub transparency: BTreeSet<&'static str>,
    pub images: Vec<PlacedImage>,
    /// The fonts text is shown in.
    pub fonts: BTreeSet<ObjectId>,
    /// Text-showing operators outside any marked-content sequence (tagged PDF wants none).
    pub untagged_text: usize,
    /// Graphics state or XObjects that print and archive standards forbid (transfer functions,
    /// halftones, PostScript XObjects, OPI).
    pub forbidden: BTreeSet<&'static str>,
}

/// Gathers a page's facts.
pub fn page_facts(file: &PdfFile, page: ObjectId) -> PageFacts {
    let mut facts = PageFacts::default();
    let resources = file
        .inherited(page, b"Resources")
        .and_then(|r| file.dict(r));
    if let Ok(dict) = file.doc.get_dictionary(page)
        && let Some(group) = file.get(dict, b"Group").and_then(|g| file.dict(g))
    {
        note_group(file, group, resources, &mut facts);
    }
    let bytes = file.doc.get_page_content(page);
    let mut walker = Walker {
        file,
        facts: &mut facts,
        visited: BTreeSet::new(),
    };
    walker.walk(&bytes, resources, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], 0, 0);
    facts
}

type Matrix = [f32; 6];

fn multiply(m: Matrix, n: Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// Graphics state the walk follows.
#[derive(Clone, Copy)]
struct State {
    ctm: Matrix,
    fill_is_cmyk: bool,
    stroke_is_cmyk: bool,
}

struct Walker<'a, 'f> {
    file: &'f PdfFile,
    facts: &'a mut PageFacts,
    /// Forms already walked on this page (a form drawn twice is read once; also breaks loops).
    visited: BTreeSet<ObjectId>,
}

impl<'f> Walker<'_, 'f> {
    /// Walks one content stream; `marked` is how many marked-content sequences enclose it (a
    /// form drawn inside a tagged sequence is tagged too).
    fn walk(
        &mut self,
        bytes: &[u8],
        resources: Option<&'f Dictionary>,
        ctm: Matrix,
        depth: usize,
        marked: usize,
    ) {
        let Ok(content) = Content::decode(bytes) else {
            self.facts
                .forbidden
                .insert("a content stream that does not parse");
            return;
        };
        let mut state = State {
            ctm,
            fill_is_cmyk: false,
            stroke_is_cmyk: false,
        };
        let mut saved = Vec::new();
        let mut marked = marked;
        for operation in &content.operations {
            let operands = &operation.operands;
            match operation.operator.as_str() {
                "q" => saved.push(state),
                "Q" => state = saved.pop().unwrap_or(state),
                "cm" => {
                    if let Some(m) = matrix(operands) {
                        state.ctm = multiply(m, state.ctm);
                    }
                }
                "BDC" | "BMC" => marked += 1,
                "EMC" => marked = marked.saturating_sub(1),
                "Tj" | "TJ" | "'" | "\"" if marked == 0 => self.facts.untagged_text += 1,
                "Tf" => self.note_font(resources, operands),
                "g" => self.device(Space::DeviceGray, Use::Fill, resources),
                "G" => self.device(Space::DeviceGray, Use::Stroke, resources),
                "rg" => self.device(Space::DeviceRgb, Use::Fill, resources),
                "RG" => self.device(Space::DeviceRgb, Use::Stroke, resources),
                "k" | "K" => {
                    let usage = if operation.operator == "k" {
                        Use::Fill
                    } else {
                        Use::Stroke
                    };
                    self.device(Space::DeviceCmyk, usage, resources);
                    self.note_ink(operands);
                }
                "cs" | "CS" => {
                    let usage = if operation.operator == "cs" {
                        Use::Fill
                    } else {
                        Use::Stroke
                    };
                    let space = operands
                        .first()
                        .map(|name| self.space_of(name, resources, 0))
                        .unwrap_or(Space::DeviceGray);
                    let is_cmyk = space == Space::DeviceCmyk;
                    if usage == Use::Fill {
                        state.fill_is_cmyk = is_cmyk;
                    } else {
                        state.stroke_is_cmyk = is_cmyk;
                    }
                    self.facts.spaces.insert((space, usage));
                }
                "sc" | "scn" if state.fill_is_cmyk => self.note_ink(operands),
                "SC" | "SCN" if state.stroke_is_cmyk => self.note_ink(operands),
                "gs" => self.note_ext_gstate(resources, operands),
                "sh" => self.note_shading(resources, operands),
                "Do" => self.draw_xobject(resources, operands, state.ctm, depth, marked),
                "BI" | "ID" => {
                    self.facts
                        .forbidden
                        .insert("an inline image (preflight cannot read its colour space)");
                }
                _ => {}
            }
        }
    }

    /// Records a device colour space, or the ICC space the resources' Default space maps it to.
    fn device(&mut self, space: Space, usage: Use, resources: Option<&'f Dictionary>) {
        let default_key: &[u8] = match space {
            Space::DeviceGray => b"DefaultGray",
            Space::DeviceRgb => b"DefaultRGB",
            _ => b"DefaultCMYK",
        };
        let remapped = resources
            .and_then(|r| self.file.get(r, b"ColorSpace"))
            .and_then(|spaces| self.file.dict(spaces))
            .and_then(|spaces| self.file.get(spaces, default_key))
            .map(|default| self.space_of(default, None, 0));
        self.facts.spaces.insert((remapped.unwrap_or(space), usage));
    }

    /// Reads a colour space operand or value: a device name, a resource name, or an array.
    fn space_of(&self, object: &Object, resources: Option<&Dictionary>, depth: usize) -> Space {
        if depth > MAX_NESTING {
            return Space::Other("a colour space nested too deep".into());
        }
        let object = self.file.resolve(object);
        match object {
            Object::Name(name) => match name.as_slice() {
                b"DeviceGray" | b"G" => Space::DeviceGray,
                b"DeviceRGB" | b"RGB" => Space::DeviceRgb,
                b"DeviceCMYK" | b"CMYK" => Space::DeviceCmyk,
                b"Pattern" => Space::Other("Pattern".into()),
                other => {
                    let named = resources
                        .and_then(|r| self.file.get(r, b"ColorSpace"))
                        .and_then(|spaces| self.file.dict(spaces))
                        .and_then(|spaces| spaces.get(other).ok());
                    match named {
                        Some(value) => self.space_of(value, None, depth + 1),
                        None => Space::Other(format!(
                            "an unknown colour space /{}",
                            String::from_utf8_lossy(other)
                        )),
                    }
                }
            },
            Object::Array(parts) => {
                let family = parts.first().map(|p| self.file.resolve(p));
                match family {
                    Some(Object::Name(name)) => match name.as_slice() {
                        b"ICCBased" => {
                            let n = parts
                                .get(1)
                                .and_then(|stream| self.file.dict(stream))
                                .and_then(|dict| self.file.number(dict, b"N"))
                                .unwrap_or(0.0);
                            Space::IccBased(n as u8)
                        }
                        // An indexed space's colours are its base space's.
                        b"Indexed" | b"I" => parts
                            .get(1)
                            .map(|base| self.space_of(base, resources, depth + 1))
                            .unwrap_or(Space::Other("Indexed".into())),
                        b"Pattern" => match parts.get(1) {
                            Some(base) => self.space_of(base, resources, depth + 1),
                            None => Space::Other("Pattern".into()),
                        },
                        other => Space::Other(String::from_utf8_lossy(other).into_owned()),
                    },
                    _ => Space::Other("a malformed colour space".into()),
                }
            }
            _ => Space::Other("a malformed colour space".into()),
        }
    }

    fn note_ink(&mut self, operands: &[Object]) {
        let total: f32 = operands.iter().filter_map(number).sum::<f32>() * 100.0;
        if operands.len() == 4 && total > self.facts.max_ink {
            self.facts.max_ink = total;
        }
    }

    fn note_font(&mut self, resources: Option<&Dictionary>, operands: &[Object]) {
        let Some(Object::Name(name)) = operands.first() else {
            return;
        };
        let font = resources
            .and_then(|r| self.file.get(r, b"Font"))
            .and_then(|fonts| self.file.dict(fonts))
            .and_then(|fonts| fonts.get(name).ok());
        if let Some(Object::Reference(id)) = font {
            self.facts.fonts.insert(*id);
        }
    }

    fn note_ext_gstate(&mut self, resources: Option<&Dictionary>, operands: &[Object]) {
        let Some(Object::Name(name)) = operands.first() else {
            return;
        };
        let Some(state) = resources
            .and_then(|r| self.file.get(r, b"ExtGState"))
            .and_then(|states| self.file.dict(states))
            .and_then(|states| states.get(name).ok())
            .and_then(|state| self.file.dict(state))
        else {
            return;
        };
        for key in [b"ca".as_slice(), b"CA"] {
            if self
                .file
                .number(state, key)
                .is_some_and(|alpha| alpha < 1.0)
            {
                self.facts
                    .transparency
                    .insert("constant alpha below 1 (ca/CA)");
            }
        }
        if self
            .file
            .get(state, b"SMask")
            .is_some_and(|mask| mask.as_name().map_or(true, |n| n != b"None"))
        {
            self.facts
                .transparency
                .insert("a soft mask in the graphics state");
        }
        if let Some(mode) = self.file.get(state, b"BM") {
            let normal =
                |object: &Object| matches!(object.as_name(), Ok(b"Normal" | b"Compatible"));
            let is_normal = match mode {
                Object::Array(modes) => modes.iter().all(normal),
                other => normal(other),
            };
            if !is_normal {
                self.facts
                    .transparency
                    .insert("a blend mode other than Normal");
            }
        }
        if state.has(b"TR")
            || state
                .get(b"TR2")
                .is_ok_and(|tr| tr.as_name().map_or(true, |n| n != b"Default"))
        {
            self.facts
                .forbidden
                .insert("a transfer function (TR/TR2) in the graphics state");
        }
        if state.has(b"HTP") || state.has(b"HT") {
            self.facts
                .forbidden
                .insert("a halftone (HT/HTP) in the graphics state");
        }
    }

    fn note_shading(&mut self, resources: Option<&'f Dictionary>, operands: &[Object]) {
        let Some(Object::Name(name)) = operands.first() else {
            return;
        };
        let shading = resources
            .and_then(|r| self.file.get(r, b"Shading"))
            .and_then(|shadings| self.file.dict(shadings))
            .and_then(|shadings| shadings.get(name).ok())
            .and_then(|shading| self.file.dict(shading));
        if let Some(space) = shading.and_then(|s| s.get(b"ColorSpace").ok()) {
            let space = self.space_of(space, resources, 0);
            self.facts.spaces.insert((space, Use::Shading));
        }
    }

    fn draw_xobject(
        &mut self,
        resources: Option<&'f Dictionary>,
        operands: &[Object],
        ctm: Matrix,
        depth: usize,
        marked: usize,
    ) {
        let Some(Object::Name(name)) = operands.first() else {
            return;
        };
        let Some(reference) = resources
            .and_then(|r| self.file.get(r, b"XObject"))
            .and_then(|xobjects| self.file.dict(xobjects))
            .and_then(|xobjects| xobjects.get(name).ok())
        else {
            return;
        };
        let id = reference.as_reference().ok();
        let Ok(stream) = self.file.resolve(reference).as_stream() else {
            return;
        };
        let dict = &stream.dict;
        if dict.has(b"OPI") {
            self.facts
                .forbidden
                .insert("OPI (an XObject naming a high-resolution original)");
        }
        match self.file.name(dict, b"Subtype").as_deref() {
            Some("Image") => self.note_image(dict, resources, id, ctm),
            Some("Form") => {
                let Some(id) = id else { return };
                if depth >= MAX_NESTING || !self.visited.insert(id) {
                    return;
                }
                let form_resources = self
                    .file
                    .get(dict, b"Resources")
                    .and_then(|r| self.file.dict(r));
                if let Some(group) = self
                    .file
                    .get(dict, b"Group")
                    .and_then(|g| self.file.dict(g))
                {
                    note_group(self.file, group, form_resources.or(resources), self.facts);
                }
                let form_matrix = self
                    .file
                    .get(dict, b"Matrix")
                    .and_then(|m| m.as_array().ok())
                    .and_then(|m| matrix(m))
                    .unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
                let bytes = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                self.walk(
                    &bytes,
                    form_resources.or(resources),
                    multiply(form_matrix, ctm),
                    depth + 1,
                    marked,
                );
            }
            Some("PS") => {
                self.facts.forbidden.insert("a PostScript XObject");
            }
            _ => {}
        }
    }

    fn note_image(
        &mut self,
        dict: &Dictionary,
        resources: Option<&Dictionary>,
        id: Option<ObjectId>,
        ctm: Matrix,
    ) {
        let is_mask = matches!(
            self.file.get(dict, b"ImageMask"),
            Some(Object::Boolean(true))
        );
        if !is_mask {
            let space = match dict.get(b"ColorSpace") {
                Ok(space) => self.space_of(space, resources, 0),
                // JPXDecode images may carry their space in the codestream.
                Err(_) => Space::Other("a JPEG 2000 image's own colour space".into()),
            };
            self.facts.spaces.insert((space, Use::Image));
        }
        if dict.has(b"SMask") || dict.has(b"SMaskInData") {
            self.facts.transparency.insert("an image with a soft mask");
        }
        if matches!(
            self.file.get(dict, b"Interpolate"),
            Some(Object::Boolean(true))
        ) {
            self.facts
                .forbidden
                .insert("image interpolation (Interpolate true)");
        }
        if dict.has(b"Alternates") {
            self.facts.forbidden.insert("alternate images (Alternates)");
        }
        let pixels = (
            self.file.number(dict, b"Width").unwrap_or(0.0),
            self.file.number(dict, b"Height").unwrap_or(0.0),
        );
        let printed = (ctm[0].hypot(ctm[1]), ctm[2].hypot(ctm[3]));
        self.facts.images.push(PlacedImage {
            object: id,
            pixels,
            printed,
        });
    }
}

/// A transparency group on a page or form: transparency, and its blending colour space.
fn note_group(
    file: &PdfFile,
    group: &Dictionary,
    resources: Option<&Dictionary>,
    facts: &mut PageFacts,
) {
    if file.name(group, b"S").as_deref() != Some("Transparency") {
        return;
    }
    facts.transparency.insert("a transparency group");
    if let Ok(space) = group.get(b"CS") {
        let walker = Walker {
            file,
            facts: &mut PageFacts::default(),
            visited: BTreeSet::new(),
        };
        let space = walker.space_of(space, resources, 0);
        facts.spaces.insert((space, Use::Group));
    }
}

fn matrix(operands: &[Object]) -> Option<Matrix> {
    if operands.len() != 6 {
        return None;
    }
    let mut m = [0.0; 6];
    for (slot, operand) in m.iter_mut().zip(operands) {
        *slot = number(operand)?;
    }
    Some(m)
}
