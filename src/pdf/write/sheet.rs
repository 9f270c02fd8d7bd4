//! The printed sheet around a page: bleed and crop marks.
//!
//! A printer trims the sheet to the page size (the TrimBox). Backgrounds and pictures meant to
//! run off the edge must go on past it by the bleed (the BleedBox), so that a cut a little off
//! the line leaves no white sliver. Crop marks show where to cut: short hairlines at the four
//! corners, in line with the trim edges but outside the bleed, so no trace of them survives the
//! cut. The MediaBox grows by the bleed and, with marks, by the room they need; the page's
//! drawing moves by the same amount (one `cm`), so the TrimBox holds exactly what the page held
//! without them, on every page alike: a facing page's inner margin stays where layout put it.

use crate::pdf::layout::PagedDocument;
use crate::style::print::{MARK_GAP, MARK_LENGTH, MARK_MARGIN, MARK_WIDTH};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, ObjectId};

/// What surrounds each page when it goes to a printer.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sheet {
    /// How far the BleedBox reaches past the trim, in pt: on every side, or (with `bound`) on
    /// all but the spine's.
    pub bleed: f32,
    /// Draw crop marks outside the bleed.
    pub crop_marks: bool,
    /// The pages of a bound interior as print-on-demand printers take them (KDP,
    /// IngramSpark): no bleed at the spine, and `Some(rtl)` says which side the spine is on
    /// (left of a recto in a left-to-right book). The bleed then extends the boxes past the
    /// page's own coordinates (a MediaBox from below zero), so nothing on the page moves.
    pub bound: Option<bool>,
}

/// A page's boxes, `[x0, y0, x1, y1]` in default user space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Boxes {
    pub media: [f32; 4],
    pub trim: [f32; 4],
    pub bleed: [f32; 4],
}

impl Sheet {
    /// How far the page's drawing moves right and up: the bleed, and the marks' room (none
    /// for a bound interior, whose boxes grow instead).
    pub fn offset(&self) -> f32 {
        if self.bound.is_some() {
            return 0.0;
        }
        let marks = if self.crop_marks {
            MARK_GAP + MARK_LENGTH + MARK_MARGIN
        } else {
            0.0
        };
        self.bleed + marks
    }

    /// The boxes of page `index` (from 0), of `width` × `height` pt. Without bleed or marks
    /// all three are the page.
    pub fn boxes(&self, index: usize, width: f32, height: f32) -> Boxes {
        if let Some(rtl) = self.bound {
            // Rectos (odd page numbers) have the spine on the left in a left-to-right book.
            let spine_left = index.is_multiple_of(2) != rtl;
            let b = self.bleed;
            let (left, right) = if spine_left { (0.0, b) } else { (b, 0.0) };
            let trim = [0.0, 0.0, width, height];
            let bleed = [-left, -b, width + right, height + b];
            return Boxes {
                media: bleed,
                trim,
                bleed,
            };
        }
        let at = self.offset();
        let (b, trim) = (self.bleed, [at, at, at + width, at + height]);
        Boxes {
            media: [0.0, 0.0, width + 2.0 * at, height + 2.0 * at],
            trim,
            bleed: [trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b],
        }
    }

    /// Wraps a page's encoded content stream to move it onto the sheet, and adds the crop
    /// marks after it: an artifact when the PDF is `tagged` (they are no part of the book's
    /// content). Without bleed or marks the content stays as it is. The operators are written
    /// one a line.
    pub fn place(&self, content: Vec<u8>, width: f32, height: f32, tagged: bool) -> Vec<u8> {
        let at = self.offset();
        if at == 0.0 {
            return content;
        }
        let head = vec![
            op("q", Vec::new()),
            op(
                "cm",
                [1.0, 0.0, 0.0, 1.0, at, at].map(Object::Real).to_vec(),
            ),
        ];
        let mut tail = vec![op("Q", Vec::new())];
        if self.crop_marks {
            if tagged {
                tail.push(op("BMC", vec![Object::Name(b"Artifact".to_vec())]));
            }
            tail.extend(self.crop_mark_ops(width, height));
            if tagged {
                tail.push(op("EMC", Vec::new()));
            }
        }
        let [head, tail] =
            [head, tail].map(|operations| Content { operations }.encode().unwrap_or_default());
        let mut placed = Vec::with_capacity(head.len() + content.len() + tail.len() + 2);
        for part in [head, content, tail] {
            if part.is_empty() {
                continue;
            }
            if !placed.is_empty() {
                placed.push(b'\n');
            }
            placed.extend(part);
        }
        placed
    }

    /// Sets the BleedBox of every page (`pages`, the objects of `laid`'s pages) placed on a
    /// larger sheet; without one, a missing BleedBox means the CropBox, which is the page.
    pub(crate) fn set_bleed_boxes(
        &self,
        doc: &mut Document,
        pages: &[ObjectId],
        laid: &PagedDocument,
    ) {
        if self.offset() == 0.0 && (self.bound.is_none() || self.bleed == 0.0) {
            return;
        }
        for (index, (&page, laid_page)) in pages.iter().zip(&laid.pages).enumerate() {
            let boxes = self.boxes(index, laid_page.width, laid_page.height);
            if let Ok(page) = doc.get_dictionary_mut(page) {
                page.set("BleedBox", boxes.bleed.map(Object::Real).to_vec());
            }
        }
    }

    /// Eight hairlines in registration colour (100 % of every process ink, so they print on
    /// every plate), two at each corner of the trim box, along its edges' lines.
    fn crop_mark_ops(&self, width: f32, height: f32) -> Vec<Operation> {
        let [x0, y0, x1, y1] = self.boxes(0, width, height).trim;
        let (near, far) = (self.bleed + MARK_GAP, self.bleed + MARK_GAP + MARK_LENGTH);
        let mut ops = vec![
            op("q", Vec::new()),
            op("K", vec![Object::Real(1.0); 4]),
            op("w", vec![Object::Real(MARK_WIDTH)]),
        ];
        for (x, y, sx, sy) in [
            (x0, y0, -1.0, -1.0),
            (x1, y0, 1.0, -1.0),
            (x0, y1, -1.0, 1.0),
            (x1, y1, 1.0, 1.0),
        ] {
            // One mark continues the vertical edge, the other the horizontal one.
            for ((ax, ay), (bx, by)) in [
                ((x, y + sy * near), (x, y + sy * far)),
                ((x + sx * near, y), (x + sx * far, y)),
            ] {
                ops.push(op("m", vec![Object::Real(ax), Object::Real(ay)]));
                ops.push(op("l", vec![Object::Real(bx), Object::Real(by)]));
                ops.push(op("S", Vec::new()));
            }
        }
        ops.push(op("Q", Vec::new()));
        ops
    }
}

fn op(operator: &str, operands: Vec<Object>) -> Operation {
    Operation::new(operator, operands)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_bleed_or_marks_every_box_is_the_page() {
        let boxes = Sheet::default().boxes(0, 432.0, 648.0);
        let page = [0.0, 0.0, 432.0, 648.0];
        assert_eq!((boxes.media, boxes.trim, boxes.bleed), (page, page, page));
    }

    #[test]
    fn a_bound_interior_bleeds_on_every_side_but_the_spine() {
        let ltr = Sheet {
            bleed: 9.0,
            crop_marks: false,
            bound: Some(false),
        };
        assert_eq!(ltr.offset(), 0.0, "nothing on the page moves");
        let recto = ltr.boxes(0, 432.0, 648.0);
        assert_eq!(recto.trim, [0.0, 0.0, 432.0, 648.0]);
        assert_eq!(
            recto.bleed,
            [0.0, -9.0, 441.0, 657.0],
            "spine on the left of a recto"
        );
        assert_eq!(recto.media, recto.bleed, "no room for marks");
        let verso = ltr.boxes(1, 432.0, 648.0);
        assert_eq!(
            verso.bleed,
            [-9.0, -9.0, 432.0, 657.0],
            "spine on the right of a verso"
        );
        let rtl = Sheet {
            bound: Some(true),
            ..ltr
        };
        assert_eq!(
            rtl.boxes(0, 432.0, 648.0).bleed,
            verso.bleed,
            "a right-to-left recto"
        );
    }

    #[test]
    fn marks_lie_outside_the_bleed_and_inside_the_media_box() {
        let sheet = Sheet {
            bleed: 9.0,
            crop_marks: true,
            bound: None,
        };
        let boxes = sheet.boxes(0, 432.0, 648.0);
        let [bx0, by0, bx1, by1] = boxes.bleed;
        let [mx0, my0, mx1, my1] = boxes.media;
        let mut ends = 0;
        for op in sheet.crop_mark_ops(432.0, 648.0) {
            if op.operator != "m" && op.operator != "l" {
                continue;
            }
            if let [Object::Real(x), Object::Real(y)] = op.operands[..] {
                assert!(
                    x < bx0 || x > bx1 || y < by0 || y > by1,
                    "{x},{y} in the bleed"
                );
                assert!((mx0..=mx1).contains(&x) && (my0..=my1).contains(&y));
                ends += 1;
            }
        }
        assert_eq!(ends, 16);
    }
}
