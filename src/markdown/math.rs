//! Formulas that cannot be set as math: a warning each, at the command at fault, so the author
//! learns of it when reading, not from the output. The formula itself stays in the model as
//! written; both backends set it as its TeX source.

use super::Context;
use crate::diagnostics::Diagnostic;
use crate::math::Formulas;
use crate::model::Document;

/// What the author can do about a formula that stays TeX.
const HELP: &str =
    "the formula is set as its TeX source; README's Math section lists what is supported";

pub(super) fn check(ctx: &Context, doc: &Document, diagnostics: &mut Vec<Diagnostic>) {
    let formulas = Formulas::of(doc);
    for problem in formulas.problems() {
        let span = problem.span;
        // The TeX as it stands in the manuscript, after its `$` or `$$`.
        let source = ctx.text.get(span.start..span.end).unwrap_or("");
        let tex_start = span.start + source.find(problem.tex.as_str()).unwrap_or(0);
        let at = (tex_start + problem.offset).min(span.end);
        diagnostics.push(
            ctx.warn_at(at..span.end, format!("math: {}", problem.message))
                .with_help(HELP),
        );
    }
}
