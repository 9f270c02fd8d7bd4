//! A page's content stream: text, rules and fills as PDF operators, written straight to bytes.
//!
//! Runs that share a baseline, face, size and grey become one text object: one `Tm` at the first
//! run's start and one `TJ` whose numbers move the pen to every later glyph's exact position
//! (kerning, justification and the gaps between runs all live there). The pen is tracked with
//! the same rounded widths that /W declares, so a viewer places each glyph where the shaper did.
//! Glyphs raised or lowered by the shaper (marks) get a `Tm` of their own. This is the hot path
//! of the writer: no allocation per glyph, no intermediate operator objects.

use super::fonts::FaceId;
use super::layout::{Gray, Page, Placed};
use super::shape::ShapedRun;
use super::subset::Subset;
use std::sync::Arc;

/// Smallest pen correction written, in 1/1000 em: 1/4000 em is 0.0025 pt at 10 pt, far below
/// any device's resolution, and skipping smaller ones keeps rounding noise out of the stream.
const TJ_TOLERANCE: f64 = 0.25;
/// Coordinates and TJ numbers carry two decimals (1/100 pt, 1/100 000 em).
const DECIMALS: f64 = 100.0;
/// Grey levels carry three (finer than any printer's halftone).
const GRAY_DECIMALS: f64 = 1000.0;

/// The resource name of a face's font in every page's /Font dictionary.
pub(crate) fn font_resource(face: FaceId) -> String {
    format!("F{}", face.0)
}

/// Content stream of one page. `subsets` is indexed by face id and holds every face the page uses.
pub(crate) fn page_content(page: &Page, subsets: &[Option<Subset>]) -> Vec<u8> {
    let mut w = Content::default();
    let items = &page.items;
    let mut i = 0;
    while let Some(item) = items.get(i) {
        let mut next = i + 1;
        match item {
            Placed::Text { run, .. } => {
                let key = text_key(item);
                next += items[next..]
                    .iter()
                    .take_while(|it| text_key(it) == key)
                    .count();
                if let (Some(key), Some(Some(subset))) = (key, subsets.get(usize::from(run.face.0)))
                {
                    w.text(key, &items[i..next], subset);
                }
            }
            Placed::Rule {
                x1,
                y1,
                x2,
                y2,
                thickness,
                gray,
            } => {
                w.end_text();
                w.stroke_gray(*gray);
                w.line_width(*thickness);
                w.nums(&[*x1, *y1], DECIMALS);
                w.op("m");
                w.nums(&[*x2, *y2], DECIMALS);
                w.op("l");
                w.op("S");
            }
            Placed::Fill {
                x,
                y,
                width,
                height,
                gray,
            } => {
                w.end_text();
                w.fill_gray(*gray);
                w.nums(&[*x, *y, *width, *height], DECIMALS);
                w.op("re");
                w.op("f");
            }
        }
        i = next;
    }
    w.end_text();
    w.out
}

/// Baseline, size, face and grey: consecutive runs that share them form one text object.
type TextKey = (f32, f32, FaceId, Gray);

fn text_key(item: &Placed) -> Option<TextKey> {
    match item {
        Placed::Text {
            y, size, run, gray, ..
        } => Some((*y, *size, run.face, *gray)),
        _ => None,
    }
}

/// Operator writer with the graphics and text state it has set, so nothing is repeated.
#[derive(Default)]
struct Content {
    out: Vec<u8>,
    in_text: bool,
    font: Option<(FaceId, f32)>,
    fill: Option<Gray>,
    stroke: Option<Gray>,
    width: Option<f32>,
}

impl Content {
    /// One text object for `items`, runs that all share `key`.
    fn text(&mut self, (y, size, face, gray): TextKey, items: &[Placed], subset: &Subset) {
        if !self.in_text {
            self.op("BT");
            self.in_text = true;
        }
        self.fill_gray(gray);
        if self.font != Some((face, size)) {
            self.out.push(b'/');
            self.out.extend_from_slice(font_resource(face).as_bytes());
            self.out.push(b' ');
            self.nums(&[size], DECIMALS);
            self.op("Tf");
            self.font = Some((face, size));
        }
        let mut runs = items.iter().filter_map(|item| match item {
            Placed::Text { x, run, .. } => Some((f64::from(*x), run)),
            _ => None,
        });
        let Some((x0, first)) = runs.next() else {
            return;
        };
        let mut tj = Tj::new(self, x0, f64::from(y), f64::from(size));
        tj.run(x0, first, subset);
        for (x, run) in runs {
            tj.run(x, run, subset);
        }
        tj.finish_segment();
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.op("ET");
            self.in_text = false;
        }
    }

    fn fill_gray(&mut self, gray: Gray) {
        if self.fill != Some(gray) {
            self.nums(&[gray], GRAY_DECIMALS);
            self.op("g");
            self.fill = Some(gray);
        }
    }

    fn stroke_gray(&mut self, gray: Gray) {
        if self.stroke != Some(gray) {
            self.nums(&[gray], GRAY_DECIMALS);
            self.op("G");
            self.stroke = Some(gray);
        }
    }

    fn line_width(&mut self, width: f32) {
        if self.width != Some(width) {
            self.nums(&[width], DECIMALS);
            self.op("w");
            self.width = Some(width);
        }
    }

    fn op(&mut self, op: &str) {
        self.out.extend_from_slice(op.as_bytes());
        self.out.push(b'\n');
    }

    fn nums(&mut self, values: &[f32], scale: f64) {
        for &v in values {
            number(&mut self.out, f64::from(v), scale);
            self.out.push(b' ');
        }
    }
}

/// A `TJ` array being written: tracks where the viewer's pen is and where the next glyph must go.
struct Tj<'c> {
    c: &'c mut Content,
    y: f64,
    size: f64,
    /// Origin of the current `Tm`, in pt, and the vertical shift of its glyphs, in em.
    origin: f64,
    shift: f32,
    /// Where the viewer's pen is, in 1/1000 em from `origin`.
    pen: f64,
    /// The `Tm` and `[` are written with the first glyph, so an empty segment costs nothing.
    open: bool,
    /// Inside a `<…>` string of glyph codes.
    in_string: bool,
}

impl<'c> Tj<'c> {
    fn new(c: &'c mut Content, x: f64, y: f64, size: f64) -> Tj<'c> {
        Tj {
            c,
            y,
            size,
            origin: x,
            shift: 0.0,
            pen: 0.0,
            open: false,
            in_string: false,
        }
    }

    fn run(&mut self, x: f64, run: &Arc<ShapedRun>, subset: &Subset) {
        let mut advance = 0.0f64; // em from the run's start
        for g in &run.glyphs {
            let at = x + (advance + f64::from(g.x_offset)) * self.size;
            if g.y_offset != self.shift {
                // A raised or lowered glyph (a mark): a new matrix at its exact place.
                self.finish_segment();
                self.origin = at;
                self.shift = g.y_offset;
            }
            if !self.open {
                self.start_segment();
            }
            let want = (at - self.origin) * 1000.0 / self.size;
            let gap = self.pen - want; // a TJ number n moves the pen left by n/1000 em
            if gap.abs() >= TJ_TOLERANCE {
                let n = (gap * DECIMALS).round() / DECIMALS;
                self.close_string();
                number(&mut self.c.out, n, DECIMALS);
                self.pen -= n;
            }
            let code = subset.code(g.id, run.glyph_text(g));
            if !self.in_string {
                self.c.out.push(b'<');
                self.in_string = true;
            }
            hex4(&mut self.c.out, code);
            self.pen += f64::from(subset.width(code));
            advance += f64::from(g.advance);
        }
    }

    /// `Tm` at the current origin and shift, then opens the array.
    fn start_segment(&mut self) {
        let out = &mut self.c.out;
        out.extend_from_slice(b"1 0 0 1 ");
        number(out, self.origin, DECIMALS);
        out.push(b' ');
        number(out, self.y + f64::from(self.shift) * self.size, DECIMALS);
        out.extend_from_slice(b" Tm\n[");
        self.pen = 0.0;
        self.open = true;
    }

    fn finish_segment(&mut self) {
        if self.open {
            self.close_string();
            self.c.out.extend_from_slice(b"]TJ\n");
            self.open = false;
        }
    }

    fn close_string(&mut self) {
        if self.in_string {
            self.c.out.push(b'>');
            self.in_string = false;
        }
    }
}

/// Four upper-case hex digits.
fn hex4(out: &mut Vec<u8>, code: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend(
        code.to_be_bytes()
            .iter()
            .flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]),
    );
}

/// `v` rounded to 1/`scale` (a power of ten) without trailing zeros; non-finite values as 0.
fn number(out: &mut Vec<u8>, v: f64, scale: f64) {
    let scaled = if v.is_finite() {
        (v * scale).round()
    } else {
        0.0
    };
    if scaled < 0.0 {
        out.push(b'-');
    }
    let scaled = scaled.abs() as u64;
    let unit = scale as u64;
    digits(out, scaled / unit);
    let mut frac = scaled % unit;
    if frac != 0 {
        out.push(b'.');
        let mut place = unit / 10;
        while frac != 0 && place != 0 {
            out.push(b'0' + (frac / place) as u8);
            frac %= place;
            place /= 10;
        }
    }
}

fn digits(out: &mut Vec<u8>, n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f64, scale: f64) -> String {
        let mut out = Vec::new();
        number(&mut out, v, scale);
        String::from_utf8(out).expect("ascii")
    }

    #[test]
    fn numbers_are_short_and_exact() {
        assert_eq!(num(12.0, DECIMALS), "12");
        assert_eq!(num(-0.5, DECIMALS), "-0.5");
        assert_eq!(num(841.889_8, DECIMALS), "841.89");
        assert_eq!(num(0.05, DECIMALS), "0.05");
        assert_eq!(num(0.004, DECIMALS), "0");
        assert_eq!(num(0.333_3, GRAY_DECIMALS), "0.333");
        assert_eq!(num(f64::NAN, DECIMALS), "0");
        let mut out = Vec::new();
        hex4(&mut out, 0x0a1f);
        assert_eq!(out, b"0A1F");
    }
}
