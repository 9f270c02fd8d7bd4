//! Block quotes: their blocks indented on both sides, with a thin grey rule down the side
//! lines start from, one per level of nesting.

use super::insets::Insets;
use super::{BlockFlow, Draw};
use crate::model::Block;
use crate::pdf::layout::design::{QUOTE_RULE_OFFSET, THICK_RULE};
use crate::pdf::layout::paged::Placed;

pub(super) fn quote(flow: &mut BlockFlow<'_, '_>, blocks: &[Block], insets: Insets) {
    let leading = flow.config.design.leading;
    let indent = flow.config.design.block_indent();
    let rtl = flow.right_to_left(blocks);
    flow.space(leading / 2.0);
    flow.state.quote_depth += 1;
    let first = flow.out.slabs.len();
    flow.blocks_in(blocks, insets.quoted(indent));
    flow.state.quote_depth -= 1;
    let start = insets.start(flow.config.design.measure(), rtl);
    let x = if rtl {
        start - indent * QUOTE_RULE_OFFSET
    } else {
        start + indent * QUOTE_RULE_OFFSET
    };
    quote_rule(flow, first, x);
    flow.space(leading / 2.0);
    // Text after a quote starts flush, as after any displayed block.
    flow.state.after_paragraph = false;
}

/// A thin grey rule at `x` down the quote's slabs from slab `first` on, bridging the space
/// between its blocks.
fn quote_rule(flow: &mut BlockFlow<'_, '_>, first: usize, x: f32) {
    for (i, slab) in flow.out.slabs.iter_mut().enumerate().skip(first) {
        let top = if i == first { 0.0 } else { -slab.space_before };
        slab.draws.push(Draw::Item(Placed::Rule {
            x1: x,
            y1: top,
            x2: x,
            y2: slab.height,
            thickness: THICK_RULE,
            gray: flow.config.design.rule_gray,
        }));
    }
}
