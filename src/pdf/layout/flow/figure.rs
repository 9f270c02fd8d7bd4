//! Figures: the image centred at the largest size that fits the measure, the text block's
//! height (with its caption) and its own resolution, then the numbered caption, kept on the
//! image's page. A captioned figure may float to the top of the next page ([`Slab::float`]). An
//! image that cannot be drawn becomes a frame holding its alt text.

use super::*;

impl BlockFlow<'_, '_> {
    pub(super) fn figure(&mut self, figure: &Figure, insets: Insets, span: Span) {
        let d = self.design;
        self.space(d.leading);
        // The figure's place is its image's (or frame's) top; the caption, set with a label,
        // marks none.
        let at = self.position(0);
        self.place = None;
        let caption = self.caption(figure, insets, span);
        let first = self.slabs.len();
        match self.picture(&figure.image, span) {
            Some(picture) => {
                let below: f32 = caption.iter().map(|s| s.space_before + s.height).sum();
                self.image(picture, &figure.image.alt, insets, below);
                // A captioned image floats, as LaTeX's [tbp]; one without a caption is part of
                // the text, whose order it must keep.
                if !caption.is_empty() {
                    self.slabs[first].float = 1 + caption.len();
                }
            }
            None => self.placeholder(figure, insets),
        }
        if let Some(top) = self.slabs.get_mut(first) {
            top.source = at;
        }
        self.slabs.extend(caption);
        self.space(d.leading);
    }

    /// The figure's image, or `None` (with a warning) when it cannot be drawn. An image the
    /// reader did not find is not looked for again: the reader has said why.
    fn picture(&mut self, image: &Image, span: Span) -> Option<Arc<Picture>> {
        if !image.local {
            return None;
        }
        match self.pictures?.load(&image.src) {
            Ok(picture) => Some(picture),
            Err(why) => {
                self.warnings.push(
                    self.warning(span, format!("image {why}"))
                        .with_help("its alt text is shown in a frame instead"),
                );
                None
            }
        }
    }

    /// The image as one slab, so a page never cuts it; it leaves `below` points of the text
    /// block for the caption.
    fn image(&mut self, picture: Arc<Picture>, alt: &str, insets: Insets, below: f32) {
        let d = self.design;
        let measure = d.measure() - insets.left - insets.right;
        let room = (d.top() - d.bottom() - below).max(d.leading);
        let scale = 1f32.min(measure / picture.width).min(room / picture.height);
        let (width, height) = (picture.width * scale, picture.height * scale);
        let mut slab = Slab::new(height);
        slab.draws.push(Draw::Image {
            x: insets.left + (measure - width) / 2.0,
            y: 0.0,
            width,
            height,
            picture,
            alt: alt.to_string(),
        });
        self.push(slab);
    }

    /// "Figure N: caption" as slabs that must stay with the slab before them (the image), set
    /// aside so the image can be sized to leave room for them. Empty for a figure without a
    /// caption, which gets no number.
    fn caption(&mut self, figure: &Figure, insets: Insets, span: Span) -> Vec<Slab> {
        if figure.caption.is_empty() {
            return Vec::new();
        }
        let d = self.design;
        self.figures += 1;
        let label = Inline::new(
            InlineKind::Strong {
                content: vec![Inline::text(format!("Figure {}:", self.figures), span)],
            },
            span,
        );
        let mut content = vec![label, Inline::text(" ", span)];
        content.extend(figure.caption.iter().cloned());
        // The caption must not take what is owed to the image.
        let space = std::mem::take(&mut self.pending_space);
        let keep = std::mem::replace(&mut self.pending_break, BreakBefore::Allowed);
        let anchors = std::mem::take(&mut self.pending_anchors);
        let first = self.slabs.len();
        let style = self.style(Family::Serif, false, false, d.small_size());
        self.structure.open(Role::Caption);
        self.paragraph(&content, &style, insets, 0.0, Align::Center, span);
        self.structure.close();
        let mut slabs: Vec<Slab> = self.slabs.drain(first..).collect();
        self.pending_space = space;
        self.pending_break = keep;
        self.pending_anchors = anchors;
        for slab in &mut slabs {
            slab.break_before = BreakBefore::Avoid;
        }
        if let Some(top) = slabs.first_mut() {
            top.space_before = d.leading * 0.5;
        }
        slabs
    }

    /// A framed box holding the alt text, so nothing of the author's text is lost when the
    /// image is.
    fn placeholder(&mut self, figure: &Figure, insets: Insets) {
        let d = self.design;
        let first = self.slabs.len();
        let style = self.style(Family::Serif, false, true, d.small_size());
        // The file's name where the alt text is missing or already the caption: it tells the
        // author which image to look at.
        let alt = &figure.image.alt;
        let text = if alt.trim().is_empty() || *alt == plain_text(&figure.caption) {
            &figure.image.src
        } else {
            alt
        };
        let inner = Insets {
            left: insets.left + d.body_size,
            right: insets.right + d.body_size,
        };
        self.text_lines(text, &style, inner, Align::Center);
        let last = self.slabs.len();
        let width = d.measure() - insets.left - insets.right;
        if let Some(top) = self.slabs.get_mut(first) {
            let height: f32 = d.body_size * 0.5;
            top.draws.push(Draw::Rule {
                x1: insets.left,
                y1: -height,
                x2: insets.left + width,
                y2: -height,
                thickness: THIN_RULE,
                gray: 0.5,
            });
        }
        if let Some(bottom) = self.slabs.get_mut(last - 1) {
            let y = bottom.height + d.body_size * 0.25;
            bottom.draws.push(Draw::Rule {
                x1: insets.left,
                y1: y,
                x2: insets.left + width,
                y2: y,
                thickness: THIN_RULE,
                gray: 0.5,
            });
        }
        for slab in &mut self.slabs[first + 1..last] {
            slab.break_before = BreakBefore::Avoid;
        }
    }
}
