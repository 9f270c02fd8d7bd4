//! The colours of highlighted code: each scope family's ink from the style's code inks
//! (`code.highlight`, see [`CodeInks::CLASSIC`] for why they are what they are).

use crate::highlight::Scope;
use crate::pdf::text::Ink;
use crate::style::{CodeInk, CodeInks};

/// The ink of a run, and whether it is bold. Untagged and invalid code stays black.
pub(super) fn code_ink(scope: Option<Scope>) -> (Ink, bool) {
    let inks = &CodeInks::CLASSIC;
    let ink = |token: CodeInk| (Ink::from(token.color), token.bold);
    match scope {
        Some(Scope::Keyword | Scope::Storage) => ink(inks.keyword.value),
        Some(Scope::Constant) => ink(inks.constant.value),
        Some(Scope::Entity | Scope::Support) => ink(inks.name.value),
        Some(Scope::String) => ink(inks.string.value),
        Some(Scope::Comment) => ink(inks.comment.value),
        Some(Scope::Invalid) | None => (Ink::BLACK, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inks_differ_in_grey_value_and_stay_dark() {
        let scopes = [
            Scope::Keyword,
            Scope::Constant,
            Scope::Entity,
            Scope::String,
        ];
        let mut greys: Vec<f32> = (scopes.into_iter().chain([Scope::Comment]).map(Some))
            .chain([None])
            .map(|scope| code_ink(scope).0.gray())
            .collect();
        greys.sort_by(f32::total_cmp);
        assert!(greys.windows(2).all(|w| w[1] - w[0] > 0.04), "{greys:?}");
        assert!(greys.iter().all(|&g| g < 0.5), "{greys:?}");
    }
}
