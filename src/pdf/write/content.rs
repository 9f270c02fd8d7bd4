//! A page's drawing as its content stream: text, rules, fills and images.
//!
//! Runs that share a baseline, face, size and grey become one text object: one `Tm` at the first
//! run's start and one `TJ` whose numbers move the pen to every later glyph's exact position
//! (kerning, justification and the gaps between runs all live there). The pen is tracked with
//! the same rounded widths that /W declares, so a viewer places each glyph where the shaper did.
//! Glyphs raised or lowered by the shaper (marks) get a `Tm` of their own. Glyph codes travel
//! as hex strings of two bytes a code, one per stretch between two TJ numbers. Expanded runs
//! set the horizontal scaling (`Tz`), which scales glyph advances and TJ numbers alike, so the
//! pen is tracked in unscaled units. Fonts, /W and ToUnicode are `embed`'s business.
//!
//! The operators are written as bytes as they are drawn (`stream`), as lopdf's content encoder
//! would write the same drawing: only a page's bytes wait for the writer, not a list of
//! operators per page (those took ten times the room on long documents and most of the time).

use super::embed::font_name;
use super::objects::text_string;
use super::stream::{Ops, TextArray};
use super::tagged::{Figure, Marked};
use crate::pdf::fonts::FaceId;
use crate::pdf::fonts::Subset;
use crate::pdf::layout::{Mark, Role, Structure};
use crate::pdf::layout::{Page, Placed};
use crate::pdf::profile::OutputProfile;
use crate::pdf::text::ShapedRun;
use crate::pdf::text::{Gray, Ink};
use lopdf::{Dictionary, Object};

/// Smallest pen correction written, in 1/1000 em: 1/4000 em is 0.0025 pt at 10 pt, far below
/// any device's resolution, and skipping smaller ones keeps rounding noise out of the stream.
const TJ_TOLERANCE: f64 = 0.25;
/// Coordinates and TJ numbers carry two decimals (1/100 pt, 1/100 000 em).
const DECIMALS: f64 = 100.0;
/// `Tz` percentages carry two decimals, finer than the line breaker's scaling steps.
const SCALE_DECIMALS: f64 = 100.0;
/// Grey levels carry three (finer than any printer's halftone).
const GRAY_DECIMALS: f64 = 1000.0;

/// The content stream of one page, unencrypted and uncompressed. `subsets` is indexed by face
/// id and holds every face the page uses. With a `structure`, every drawing is wrapped in
/// marked content: an MCID for what belongs to an element, `/Artifact` for the rest; the second
/// value lists what each MCID belongs to.
pub(crate) fn page_content(
    page: &Page,
    subsets: &[Option<Subset>],
    structure: Option<&Structure>,
    print: Option<&OutputProfile>,
) -> (Vec<u8>, Vec<Marked>) {
    let mut w = Content {
        marked: structure.map(|s| (s, Vec::new())),
        print,
        ..Content::default()
    };
    let items = &page.items;
    let mark = |i: usize| match items[i] {
        Placed::Rule { .. } | Placed::Fill { .. } => Mark::Artifact,
        _ => page.marks.get(i).copied().unwrap_or(Mark::Artifact),
    };
    let mut i = 0;
    while let Some(item) = items.get(i) {
        let mut next = i + 1;
        let this = mark(i);
        match item {
            Placed::Text { run, .. } => {
                let key = text_key(item);
                next += items[next..]
                    .iter()
                    .enumerate()
                    .take_while(|&(n, it)| text_key(it) == key && mark(next + n) == this)
                    .count();
                if let (Some(key), Some(Some(subset))) = (key, subsets.get(usize::from(run.face.0)))
                {
                    w.mark(this, None);
                    w.text(key, &items[i..next], subset);
                }
            }
            Placed::Rule { .. } | Placed::Fill { .. } => {
                w.mark(this, None);
                w.end_text();
                w.shape(item);
            }
            Placed::Image {
                x,
                y,
                width,
                height,
                picture,
                alt,
            } => {
                let bbox = [*x, *y, x + width, y + height];
                w.mark(this, Some((bbox, alt)));
                w.end_text();
                w.image([*x, *y, *width, *height], &picture.name, alt);
            }
            Placed::Group { clip, matrix } => {
                // Marked content and graphics states nest: the group's own sequences open
                // and close inside it.
                w.close_mark();
                w.end_text();
                w.ops.op("q");
                if let Some([x0, y0, x1, y1]) = *clip {
                    let rectangle = [x0, y0, x1 - x0, y1 - y0].map(real);
                    w.ops.begin().numbers(&rectangle).operator("re");
                    w.ops.op("W");
                    w.ops.op("n");
                }
                w.ops.begin().numbers(&matrix.map(real)).operator("cm");
            }
            Placed::EndGroup => {
                w.close_mark();
                w.end_text();
                w.ops.op("Q");
                w.forget_state();
            }
        }
        i = next;
    }
    w.end_text();
    w.close_mark();
    let mut bytes = w.ops.into_bytes();
    // Held until the file is written.
    bytes.shrink_to_fit();
    (bytes, w.marked.map(|(_, m)| m).unwrap_or_default())
}

/// The property list `<< /key (text) >>`: `/Alt` for images, `/ActualText` for glyphs.
fn property(key: &str, text: &str) -> Object {
    let text = match text_string(text) {
        text @ Object::String(..) => text,
        _ => Object::Null,
    };
    Object::Dictionary(Dictionary::from_iter([(key, text)]))
}

/// A coordinate, rounded as every number of the stream is.
fn real(v: f32) -> f32 {
    round(f64::from(v), DECIMALS) as f32
}

/// The matrix that stretches a unit square over the rectangle at `x`, `y`: a scale, then a
/// translation, its zeros positive (the shell's tests hold it to the library it replaced).
pub(crate) fn unit_square_matrix(x: f32, y: f32, width: f32, height: f32) -> [f32; 6] {
    [width, 0.0, 0.0, height, x, y].map(|v| v + 0.0)
}

/// Baseline, size, face, grey and scaling: consecutive runs that share them form one text
/// object.
type TextKey = (f32, f32, FaceId, Ink, f32);

fn text_key(item: &Placed) -> Option<TextKey> {
    match item {
        Placed::Text {
            y,
            size,
            run,
            ink,
            scale,
            ..
        } => Some((*y, *size, run.face, *ink, *scale)),
        _ => None,
    }
}

/// The stream with the graphics and text state it has set, so nothing is repeated.
#[derive(Default)]
struct Content<'s> {
    ops: Ops,
    /// The `TJ` being built, reused from one to the next.
    array: TextArray,
    in_text: bool,
    font: Option<(FaceId, f32)>,
    /// The `Tz` in force as a factor; `None` is PDF's initial 100 %.
    scale: Option<f64>,
    fill: Option<Ink>,
    stroke: Option<Gray>,
    width: Option<f32>,
    /// The elements, and what each MCID so far belongs to; `None` when the page is not tagged.
    marked: Option<(&'s Structure, Vec<Marked>)>,
    /// The marked-content sequence open now.
    open: Option<Mark>,
    /// A print file's printer profile: RGB fills are converted to its CMYK (PDF/X-4 allows no
    /// DeviceRGB).
    print: Option<&'s OutputProfile>,
}

impl Content<'_> {
    /// A rule (a stroked line) or a fill (a grey rectangle).
    fn shape(&mut self, item: &Placed) {
        match item {
            Placed::Rule {
                x1,
                y1,
                x2,
                y2,
                thickness,
                gray,
            } => {
                self.stroke_gray(*gray);
                self.line_width(*thickness);
                (self.ops.begin())
                    .numbers(&[real(*x1), real(*y1)])
                    .operator("m");
                (self.ops.begin())
                    .numbers(&[real(*x2), real(*y2)])
                    .operator("l");
                self.ops.op("S");
            }
            Placed::Fill {
                x,
                y,
                width,
                height,
                gray,
            } => {
                self.fill(Ink::Gray(*gray));
                let rectangle = [x, y, width, height].map(|v| real(*v));
                self.ops.begin().numbers(&rectangle).operator("re");
                self.ops.op("f");
            }
            _ => {}
        }
    }

    /// The picture `name` (an image or an SVG form, both unit squares) stretched over the
    /// rectangle `[x, y, width, height]`.
    fn image(&mut self, [x, y, width, height]: [f32; 4], name: &str, alt: &str) {
        // Untagged, a Span's /Alt is where the text alternative goes (ISO 32000-1, 14.9.3);
        // tagged, the figure's element has it.
        let span = self.marked.is_none() && !alt.is_empty();
        if span {
            let alt = property("Alt", alt);
            self.ops.begin().name("Span").object(alt).operator("BDC");
        }
        let matrix = unit_square_matrix(real(x), real(y), real(width), real(height));
        self.ops.op("q");
        self.ops.begin().numbers(&matrix).operator("cm");
        self.ops.begin().name(name).operator("Do");
        self.ops.op("Q");
        if span {
            self.ops.op("EMC");
        }
    }

    /// One text object for `items`, runs that all share `key`.
    fn text(&mut self, (y, size, face, ink, scale): TextKey, items: &[Placed], subset: &Subset) {
        if !self.in_text {
            self.ops.op("BT");
            self.in_text = true;
        }
        self.fill(ink);
        if self.font != Some((face, size)) {
            let font = font_name(face);
            self.ops
                .begin()
                .name(&font)
                .number(real(size))
                .operator("Tf");
            self.font = Some((face, size));
        }
        let scale = round(f64::from(scale), SCALE_DECIMALS * 100.0);
        if self.scale.unwrap_or(1.0) != scale {
            let percent = (scale * 100.0) as f32;
            self.ops.begin().number(percent).operator("Tz");
            self.scale = Some(scale);
        }
        let mut tj = Tj::new(self, f64::from(y), f64::from(size), scale);
        for item in items {
            if let Placed::Text {
                x,
                run,
                space_after,
                ..
            } = item
            {
                tj.run(f64::from(*x), run, subset);
                if *space_after {
                    tj.space(subset);
                }
            }
        }
        tj.finish_segment();
    }

    /// Puts what follows in marked content for `mark`: continues the open sequence when it is
    /// the same (an image always gets one of its own, for its bounding box).
    fn mark(&mut self, mark: Mark, image: Option<([f32; 4], &str)>) {
        let Some((structure, marked)) = &mut self.marked else {
            return;
        };
        if self.open == Some(mark) && (image.is_none() || mark == Mark::Artifact) {
            return;
        }
        let properties = match mark {
            Mark::Artifact => None,
            Mark::Content { node, link } => {
                // The tag names the element the content ends up in (ISO 32000-1, 14.7.2).
                let tag = match (link, image) {
                    (Some(_), _) => Role::Link,
                    (None, Some(_)) => Role::Figure,
                    (None, None) => structure.get(node).role,
                };
                let mcid = marked.len();
                marked.push(Marked {
                    node,
                    link,
                    figure: image.map(|(bbox, alt)| {
                        Box::new(Figure {
                            bbox,
                            alt: alt.to_string(),
                        })
                    }),
                });
                Some((tag, mcid))
            }
        };
        self.close_mark();
        match properties {
            None => self.ops.begin().name("Artifact").operator("BMC"),
            Some((tag, mcid)) => self.ops.begin().name(tag.name()).mcid(mcid).operator("BDC"),
        }
        self.open = Some(mark);
    }

    /// Ends the open marked-content sequence, and the text object inside it.
    fn close_mark(&mut self) {
        if self.open.take().is_some() {
            self.end_text();
            self.ops.op("EMC");
        }
    }

    /// After `Q` the graphics state is what it was at `q`, not what was last set.
    fn forget_state(&mut self) {
        self.font = None;
        self.scale = None;
        self.fill = None;
        self.stroke = None;
        self.width = None;
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.op("ET");
            self.in_text = false;
        }
    }

    fn fill(&mut self, ink: Ink) {
        if let (Some(profile), Ink::Rgb(rgb)) = (self.print, ink)
            && self.fill != Some(ink)
            && let Some(cmyk) = profile.cmyk(rgb)
        {
            let cmyk = cmyk.map(|v| round(f64::from(v), GRAY_DECIMALS) as f32);
            self.ops.begin().numbers(&cmyk).operator("k");
            self.fill = Some(ink);
            return;
        }
        if self.fill != Some(ink) {
            let operator = if matches!(ink, Ink::Gray(_)) {
                "g"
            } else {
                "rg"
            };
            let (levels, count) = colour(ink);
            self.ops
                .begin()
                .numbers(&levels[..count])
                .operator(operator);
            self.fill = Some(ink);
        }
    }

    fn stroke_gray(&mut self, gray: Gray) {
        if self.stroke != Some(gray) {
            let (levels, count) = colour(Ink::Gray(gray));
            self.ops.begin().numbers(&levels[..count]).operator("G");
            self.stroke = Some(gray);
        }
    }

    fn line_width(&mut self, width: f32) {
        if self.width != Some(width) {
            self.ops.begin().number(real(width)).operator("w");
            self.width = Some(width);
        }
    }
}

/// A `TJ` being built: tracks where the viewer's pen is and where the next glyph must go.
struct Tj<'c, 's> {
    c: &'c mut Content<'s>,
    y: f64,
    size: f64,
    /// Horizontal scaling: one em of advance moves the pen `size * scale` points.
    scale: f64,
    /// Origin of the current `Tm`, in pt, and the vertical shift of its glyphs, in em; `None`
    /// before the first glyph, so an empty text object writes no `Tm`.
    origin: Option<f64>,
    shift: f32,
    /// Where the viewer's pen is, in 1/1000 em from `origin`.
    pen: f64,
}

impl<'c, 's> Tj<'c, 's> {
    fn new(c: &'c mut Content<'s>, y: f64, size: f64, scale: f64) -> Tj<'c, 's> {
        Tj {
            c,
            y,
            size,
            scale,
            origin: None,
            shift: 0.0,
            pen: 0.0,
        }
    }

    fn run(&mut self, x: f64, run: &ShapedRun, subset: &Subset) {
        // A formula's runs copy as its TeX (on the first) instead of their glyphs' text.
        if let Some(actual) = &run.actual {
            self.finish_segment();
            let properties = property("ActualText", actual);
            (self.c.ops.begin().name("Span").object(properties)).operator("BDC");
        }
        let mut advance = 0.0f64; // em from the run's start
        let width = self.size * self.scale; // points per em of advance
        let count = run.glyphs.len();
        for k in 0..count {
            let g = run.visual(k);
            // A right-to-left cluster of several characters (a ligature such as "لله") is
            // drawn left to right, so readers that split its ToUnicode text over the glyph
            // would reverse it: its text goes in an ActualText span instead.
            let text = &run.text[g.cluster.start as usize..g.cluster.end as usize];
            let several = run.rtl && text.chars().nth(1).is_some();
            let same = |other: usize| run.visual(other).cluster == g.cluster;
            if several && (k == 0 || !same(k - 1)) {
                self.finish_segment();
                let properties = property("ActualText", text);
                self.c
                    .ops
                    .begin()
                    .name("Span")
                    .object(properties)
                    .operator("BDC");
            }
            let at = x + (advance + f64::from(g.x_offset)) * width;
            let origin = match self.origin {
                Some(origin) if g.y_offset == self.shift => origin,
                _ => {
                    // The first glyph, or one raised or lowered (a mark): a matrix at its place.
                    self.finish_segment();
                    self.shift = g.y_offset;
                    self.start_segment(at)
                }
            };
            let want = (at - origin) * 1000.0 / width;
            let gap = self.pen - want; // a TJ number n moves the pen left by n/1000 em
            if gap.abs() >= TJ_TOLERANCE {
                let n = round(gap, DECIMALS);
                self.c.array.number(n as f32);
                self.pen -= n;
            }
            let code = subset.code(g.id, run.glyph_text(g));
            self.c.array.code(code);
            self.pen += f64::from(subset.width(code));
            advance += f64::from(g.advance);
            if several && (k + 1 == count || !same(k + 1)) {
                self.finish_segment();
                self.c.ops.op("EMC");
            }
        }
        if run.actual.is_some() {
            self.finish_segment();
            self.c.ops.op("EMC");
        }
    }

    /// The face's space glyph where the pen is, after `run`: invisible, it gives extracted
    /// text its word boundary; the next run's TJ number moves the pen to where that run starts.
    fn space(&mut self, subset: &Subset) {
        let (Some(glyph), Some(_)) = (subset.space, self.origin) else {
            return;
        };
        let code = subset.code(glyph, " ");
        self.c.array.code(code);
        self.pen += f64::from(subset.width(code));
    }

    /// `Tm` at `x` and the current shift. The pen is measured from `x` itself, not from its
    /// rounding in the `Tm`: that differs by at most 1/200 pt, and following it would put a
    /// TJ number before many a first glyph.
    fn start_segment(&mut self, x: f64) -> f64 {
        let y = self.y + f64::from(self.shift) * self.size;
        let matrix = [1.0, 0.0, 0.0, 1.0, real(x as f32), real(y as f32)];
        self.c.ops.begin().numbers(&matrix).operator("Tm");
        self.origin = Some(x);
        self.pen = 0.0;
        x
    }

    fn finish_segment(&mut self) {
        let Content { ops, array, .. } = &mut *self.c;
        ops.show(array);
    }
}

/// `v` rounded to 1/`scale`; non-finite values as 0.
fn round(v: f64, scale: f64) -> f64 {
    if v.is_finite() {
        (v * scale).round() / scale
    } else {
        0.0
    }
}

/// The operands of `g`/`G` or `rg`: the first one or three of the array.
fn colour(ink: Ink) -> ([f32; 3], usize) {
    let level = |v: f32| round(f64::from(v), GRAY_DECIMALS) as f32;
    match ink {
        Ink::Gray(gray) => ([level(gray), 0.0, 0.0], 1),
        Ink::Rgb([r, g, b]) => ([level(r), level(g), level(b)], 3),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_rounded() {
        assert_eq!(round(841.889_8, DECIMALS), 841.89);
        assert_eq!(round(0.004, DECIMALS), 0.0);
        assert_eq!(round(0.333_3, GRAY_DECIMALS), 0.333);
        assert_eq!(round(f64::NAN, DECIMALS), 0.0);
        assert_eq!(real(12.345_6).to_string(), "12.35");
    }
}
