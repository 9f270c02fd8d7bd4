//! Display math: a formula centred on the measure in a slab of its own, between half-leading
//! spaces, its number (if it has one) at the right margin, at the left in right-to-left text. A
//! formula the math layout cannot set is its TeX source, centred in italic (the reader has
//! warned of it).

use super::insets::Insets;
use super::paragraph::math_rule;
use super::{BlockFlow, Draw, Slab, paragraph};
use crate::model::{Inline, Span};
use crate::pdf::fonts::{Family, Style};
use crate::pdf::text::{Align, Frag, Ink, MathBox, formula_frags};

/// How much wider than the measure a formula may be before it is reported, in points: layout's
/// rounding, not an overflow.
const OVERFLOW_TOLERANCE: f32 = 0.01;

pub(super) fn display(
    flow: &mut BlockFlow<'_, '_>,
    tex: &str,
    label: Option<&str>,
    insets: Insets,
    span: Span,
) {
    let d = flow.config.design;
    flow.space(d.leading / 2.0);
    if let Some(formula) = flow.tools.shaper.formula(tex, true, d.body_size) {
        let number = flow.tools.shaper.equation_number(tex, label);
        set_formula(flow, &formula, number, insets, span);
    } else {
        let style = flow.style(Family::Serif, false, true, d.body_size);
        let source = [Inline::text(tex, span)];
        paragraph::set(flow, &source, &style, insets, 0.0, Align::Center, span);
    }
    flow.space(d.leading / 2.0);
}

/// The formula's slab; a formula wider than the measure is reported.
fn set_formula(
    flow: &mut BlockFlow<'_, '_>,
    formula: &MathBox,
    number: Option<String>,
    insets: Insets,
    span: Span,
) {
    let width = flow.config.design.measure() - insets.left - insets.right;
    if formula.width > width + OVERFLOW_TOLERANCE {
        let warning = flow
            .warning(span, "this displayed formula is wider than the text block")
            .with_help("break it over several lines with an `aligned` or `multline` environment");
        flow.out.warnings.push(warning);
    }
    let mut slab = Slab::new(formula.ascent + formula.descent);
    slab.source = flow.position(0);
    let left = insets.left + ((width - formula.width) / 2.0).max(0.0);
    let baseline = formula.ascent;
    let runs = formula_frags(formula).map(|(x, frag)| Draw::Text {
        x: left + x,
        baseline,
        frag,
    });
    slab.draws.extend(runs);
    let rules = (formula.rules.iter()).map(|rule| math_rule(left, baseline, rule));
    slab.draws.extend(rules);
    if let Some(number) = number {
        let size = flow.config.design.body_size;
        let runs = flow
            .tools
            .shaper
            .shape(&format!("({number})"), Style::SERIF);
        let number_width: f32 = runs.iter().map(|r| r.width * size).sum();
        let mut x = match flow.starts_right_to_left(None) {
            true => insets.left,
            false => insets.left + width - number_width,
        };
        for run in runs.iter() {
            let frag = Frag::plain(run.clone(), size, Ink::BLACK);
            let advance = frag.width();
            slab.draws.push(Draw::Text { x, baseline, frag });
            x += advance;
        }
    }
    flow.push(slab);
}
