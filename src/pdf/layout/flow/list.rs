//! Bulleted, numbered and task lists, and the hanging markers they share with notes.

use super::*;
use crate::pdf::text::{LTR, RTL};

impl BlockFlow<'_, '_> {
    pub(super) fn list(&mut self, list: &List, insets: Insets) {
        let d = self.design;
        let (inner, rtl) = self.list_frame(list, insets);
        let edge = inner.start(d.measure(), rtl);
        self.space(d.leading / 2.0);
        for (n, item) in list.items.iter().enumerate() {
            if !list.tight && n > 0 {
                self.space(d.leading / 2.0);
            }
            let marker = match list.start {
                Some(start) => format!("{}.", start + n as u64),
                None => "•".to_string(),
            };
            let first = self.slabs.len();
            self.after_paragraph = false;
            self.structure.open(Role::LI);
            let label = self.structure.add(Role::Lbl);
            self.structure.open(Role::LBody);
            self.blocks_in(&item.blocks, inner);
            if self.slabs.len() == first {
                self.push(Slab::new(d.leading));
            }
            self.structure.close();
            match item.task {
                Some(checked) => self.task_box(first, checked, edge, rtl, label),
                None => {
                    let style = self.body();
                    self.marker(first, &marker, &style, edge, rtl, label);
                }
            }
            self.structure.close();
        }
        self.space(d.leading / 2.0);
        self.after_paragraph = false;
    }

    /// The insets of a list's items, indented on the side they start from, and whether that
    /// is the right (the first item's direction decides).
    pub(super) fn list_frame(&self, list: &List, insets: Insets) -> (Insets, bool) {
        let rtl = list
            .items
            .first()
            .is_some_and(|item| self.right_to_left(&item.blocks));
        (insets.indented(self.design.block_indent(), rtl), rtl)
    }

    /// A task's ballot box, drawn with rules (the text faces have no ☐ or ☑), with a check
    /// mark inside when the task is done, hanging before `edge` (after it, right to left), as
    /// the content of `label`.
    fn task_box(&mut self, index: usize, checked: bool, edge: f32, rtl: bool, label: Node) {
        let size = self.design.body_size;
        let side = size * 0.62;
        let x = if rtl {
            edge + size * 0.5
        } else {
            edge - size * 0.5 - side
        };
        let check = checked.then(|| self.shaper.shape("✓", Style::SERIF));
        let Some(slab) = self.slabs.get_mut(index) else {
            return;
        };
        let bottom = first_baseline(slab);
        let top = bottom - side;
        let rule = |x1: f32, y1: f32, x2: f32, y2: f32| Draw::Rule {
            x1,
            y1,
            x2,
            y2,
            thickness: THIN_RULE,
            gray: 0.0,
        };
        let mut draws = vec![
            rule(x, top, x + side, top),
            rule(x, bottom, x + side, bottom),
            rule(x, top, x, bottom),
            rule(x + side, top, x + side, bottom),
        ];
        // The check mark is set small enough to sit inside the box.
        let mark = side * 1.05;
        for run in check.iter().flat_map(|runs| runs.iter()) {
            let frag = Frag::plain(run.clone(), mark, Ink::BLACK);
            let inset = (side - frag.width()) / 2.0;
            draws.push(Draw::Text {
                x: x + inset,
                baseline: bottom - side * 0.15,
                frag,
            });
        }
        slab.prepend(draws, Tag::Content(label));
    }

    /// Draws `text` (a hanging list number or bullet) on the first line of slab `index`, flush
    /// right against `edge`, where the lines start; right to left, it hangs in the right margin
    /// after `edge` instead. It is the content of `label`.
    pub(super) fn marker(
        &mut self,
        index: usize,
        text: &str,
        style: &TextStyle,
        edge: f32,
        rtl: bool,
        label: Node,
    ) {
        let gap = self.design.body_size * 0.5;
        let base = if rtl { RTL } else { LTR };
        let runs = self.shaper.shape_line_from(text, style.style, base);
        let width: f32 = runs.iter().map(|r| r.width * style.size).sum();
        let Some(slab) = self.slabs.get_mut(index) else {
            return;
        };
        let baseline = first_baseline(slab);
        let mut x = if rtl { edge + gap } else { edge - gap - width };
        let mut draws = Vec::new();
        for run in runs.iter() {
            let frag = Frag {
                run: run.clone(),
                size: style.size,
                rise: 0.0,
                ink: style.ink,
                link: style.link.clone().map(Box::new),
                strike: false,
                scale: 1.0,
                level: LTR,
                space_after: false,
            };
            let w = frag.width();
            draws.push(Draw::Text { x, baseline, frag });
            x += w;
        }
        slab.prepend(draws, Tag::Content(label));
    }
}
