//! Code blocks.

use super::*;

impl Flow<'_, '_> {
    /// Code keeps its lines and spaces: each source line is one line, wrapped at the measure
    /// with a continuation mark, on a light background.
    pub(super) fn code(&mut self, code: &str, frame: Frame) {
        let d = self.design;
        let size = d.code_size();
        let style = TextStyle::new(Style::MONO, size);
        let pad = size * 0.5;
        let width = d.measure() - frame.left - frame.right;
        let height = size * 1.3;
        let advance = self
            .shaper
            .shape("0", style.style)
            .iter()
            .map(|r| r.width)
            .sum::<f32>()
            * size;
        let columns = ((width - 2.0 * pad) / advance).floor().max(8.0) as usize;
        let mut rows: Vec<String> = Vec::new();
        for source in code.trim_end_matches('\n').split('\n') {
            let line = source.replace('\t', "    ");
            let chars: Vec<char> = line.chars().collect();
            if chars.len() <= columns {
                rows.push(line);
                continue;
            }
            // Continuation rows start with a hooked arrow and the rest of the line.
            let mut first = true;
            for chunk in chars.chunks(columns - 2) {
                let text: String = chunk.iter().collect();
                rows.push(if first { text } else { format!("→ {text}") });
                first = false;
            }
        }
        self.space(d.leading / 2.0);
        let count = rows.len();
        for (i, row) in rows.iter().enumerate() {
            let mut slab = Slab::new(height);
            let top_pad = if i == 0 { pad } else { 0.0 };
            let bottom_pad = if i + 1 == count { pad } else { 0.0 };
            slab.height += top_pad + bottom_pad;
            slab.draws.push(Draw::Fill {
                x: frame.left,
                y: 0.0,
                width,
                height: slab.height,
                gray: CODE_BACKGROUND,
            });
            let mut x = frame.left + pad;
            for run in self.shaper.shape(row.trim_end(), style.style).iter() {
                let frag = Frag {
                    run: run.clone(),
                    size,
                    rise: 0.0,
                    ink: Ink::BLACK,
                    link: None,
                    strike: false,
                };
                let w = frag.width();
                slab.draws.push(Draw::Text {
                    x,
                    baseline: top_pad + height * BASELINE,
                    frag,
                });
                x += w;
            }
            if i == 1 || (count > 1 && i + 1 == count) {
                slab.break_before = BreakBefore::Avoid;
            }
            self.push(slab);
        }
        self.space(d.leading / 2.0);
    }
}
