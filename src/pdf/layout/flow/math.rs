//! Display math. For now its TeX source, set centred in italic between half-leading spaces;
//! this file's one entry is where a real formula layout will go.

use super::insets::Insets;
use super::{BlockFlow, paragraph};
use crate::model::{Inline, Span};
use crate::pdf::fonts::Family;
use crate::pdf::text::Align;

pub(super) fn display(flow: &mut BlockFlow<'_, '_>, tex: &str, insets: Insets, span: Span) {
    let d = flow.config.design;
    let style = flow.style(Family::Serif, false, true, d.body_size);
    flow.space(d.leading / 2.0);
    let source = [Inline::text(tex, span)];
    paragraph::set(flow, &source, &style, insets, 0.0, Align::Center, span);
    flow.space(d.leading / 2.0);
}
