//! Figures.

use super::*;

impl Flow<'_, '_> {
    /// Images are not drawn in PDF yet: a framed box holds the alt text, and the caption goes
    /// under it, so nothing of the author's text is lost.
    pub(super) fn figure(&mut self, figure: &Figure, frame: Frame) {
        let d = self.design;
        self.figures += 1;
        self.space(d.leading / 2.0);
        let first = self.slabs.len();
        let style = self.style(Family::Serif, false, true, d.small_size());
        let alt = if figure.image.alt.is_empty() {
            figure.image.src.clone()
        } else {
            figure.image.alt.clone()
        };
        let inner = Frame {
            left: frame.left + d.body_size,
            right: frame.right + d.body_size,
        };
        self.pending_space = d.body_size * 0.5;
        self.text_lines(&alt, &style, inner, Align::Center);
        let last = self.slabs.len();
        let width = d.measure() - frame.left - frame.right;
        if let Some(top) = self.slabs.get_mut(first) {
            let height: f32 = d.body_size * 0.5;
            top.draws.push(Draw::Rule {
                x1: frame.left,
                y1: -height,
                x2: frame.left + width,
                y2: -height,
                thickness: THIN_RULE,
                gray: 0.5,
            });
        }
        if let Some(bottom) = self.slabs.get_mut(last - 1) {
            let y = bottom.height + d.body_size * 0.25;
            bottom.draws.push(Draw::Rule {
                x1: frame.left,
                y1: y,
                x2: frame.left + width,
                y2: y,
                thickness: THIN_RULE,
                gray: 0.5,
            });
        }
        for slab in &mut self.slabs[first + 1..last] {
            slab.break_before = BreakBefore::Avoid;
        }
        if !figure.caption.is_empty() {
            self.keep_with_next();
            self.space(d.leading * 0.5);
            let caption = self.style(Family::Serif, false, false, d.small_size());
            self.paragraph(
                &figure.caption,
                &caption,
                frame,
                0.0,
                Align::Center,
                Span::default(),
            );
        }
        self.space(d.leading / 2.0);
    }
}
