//! Paragraphs set ahead of the flow, on every core at once.
//!
//! Setting a paragraph (shaping its words, finding its breaks, placing its lines) depends on
//! its inlines and a [`ParagraphSpec`] only; what the flow keeps from block to block (space, page
//! rules, tags, anchors) is added around the lines afterwards. So before the flow walks the
//! body, its paragraphs (in lists, quotes and divs too; not headings, cells or notes) are set
//! in parallel, each thread with a shaper of its own, and the flow takes a paragraph's lines
//! when it reaches it with the setting foreseen; any other paragraph, or one whose setting
//! turns out different, it sets itself as before. The lines are a function of inlines and
//! setting, and the characters no font has are counted in the flow's order, so the output
//! does not depend on the number of threads.

use super::insets::Insets;
use super::setting::{Ahead, ParagraphSpec};
use super::{BlockFlow, list, paragraph};
use crate::model::{Block, BlockKind, Inline};
use crate::pdf::text::{Hyphenators, Shaper};
use rayon::prelude::*;

/// Fewest paragraphs worth setting ahead: each thread's shaper starts with empty caches, which
/// a short article does not repay (the seed article's 27 paragraphs took 5 % longer).
const FEWEST: usize = 200;

/// Threads' shares of the paragraphs per thread: more than one, so that a thread that
/// finishes early (or was decoding a picture) takes another, and few, since each share
/// shapes its own words from scratch.
const SHARES_PER_THREAD: usize = 2;

/// Sets the body's paragraphs ahead (see the module's comment) when there are other
/// threads to do it.
pub(super) fn set_ahead<'f>(flow: &mut BlockFlow<'_, 'f>, blocks: &[Block]) {
    let threads = rayon::current_num_threads();
    if threads < 2 {
        return;
    }
    let mut jobs = Vec::new();
    foresee(flow, blocks, Insets::FULL, false, &mut jobs);
    if jobs.len() < FEWEST {
        return;
    }
    let setter = paragraph::setter(flow);
    let shaper: &Shaper<'f> = flow.tools.shaper;
    let language = flow.tools.hyphenators.document_language();
    let share = jobs.len().div_ceil(threads * SHARES_PER_THREAD);
    let sets: Vec<Vec<_>> = jobs
        .par_chunks(share)
        .map(|jobs| {
            let mut shaper = shaper.sibling();
            let mut hyphenators = Hyphenators::new(language);
            (jobs.iter())
                .map(|&(content, ref setting)| {
                    let set = setter.set(&mut shaper, &mut hyphenators, content, setting);
                    (content, setting.clone(), set)
                })
                .collect()
        })
        .collect();
    flow.state.ahead = Ahead::new(sets.into_iter().flatten());
}

/// The paragraphs of `blocks`, set in `insets`, with the setting the flow will give them,
/// in block quotes, lists and divs too; `after_paragraph` as [`BlockFlow::block_kind`] keeps
/// it. Returns it for the blocks that follow.
fn foresee<'b>(
    flow: &mut BlockFlow<'_, '_>,
    blocks: &'b [Block],
    insets: Insets,
    mut after_paragraph: bool,
    jobs: &mut Vec<(&'b [Inline], ParagraphSpec)>,
) -> bool {
    for block in blocks {
        let around = flow.enter(block);
        after_paragraph = match &block.kind {
            BlockKind::Paragraph { content } => {
                let setting = paragraph::body_spec(flow, content, after_paragraph, insets);
                jobs.push((content, setting));
                true
            }
            // Entering a block ends the run of paragraphs, as in the flow.
            BlockKind::Div { blocks } => foresee(flow, blocks, insets, false, jobs),
            BlockKind::BlockQuote { blocks } => {
                flow.state.quote_depth += 1;
                let inner = insets.quoted(flow.config.design.block_indent());
                foresee(flow, blocks, inner, false, jobs);
                flow.state.quote_depth -= 1;
                false
            }
            BlockKind::List(list) => {
                let (inner, _) = list::list_insets(flow, list, insets);
                for item in &list.items {
                    foresee(flow, &item.blocks, inner, false, jobs);
                }
                false
            }
            _ => false,
        };
        (flow.state.direction, flow.state.lang) = around;
    }
    after_paragraph
}
