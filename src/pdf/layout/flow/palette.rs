//! The colours of highlighted code. Dark inks of distinct grey value, so a listing printed in
//! greyscale still tells keywords, names, literals and comments apart; keywords are also bold
//! (JetBrains Mono's bold keeps the advance) and comments the lightest, as the bundle has no
//! monospaced italic.

use crate::highlight::Scope;
use crate::pdf::text::Ink;

/// Keywords and storage (`fn`, `let`, `pub`): deep blue, the darkest colour.
const KEYWORD: Ink = Ink::Rgb([0.0, 0.13, 0.6]);
/// Numbers, booleans and other constants: plum.
const CONSTANT: Ink = Ink::Rgb([0.5, 0.03, 0.4]);
/// Type and function names, library items: brown.
const NAME: Ink = Ink::Rgb([0.5, 0.22, 0.0]);
/// Strings: green.
const STRING: Ink = Ink::Rgb([0.1, 0.5, 0.1]);
/// Comments: mid grey, the lightest ink, still readable.
const COMMENT: Ink = Ink::Gray(0.45);

/// The ink of a run, and whether it is bold. Untagged and invalid code stays black: the Rust
/// book's snippets are often incomplete on purpose, and red marks would only distract.
pub(super) fn code_ink(scope: Option<Scope>) -> (Ink, bool) {
    match scope {
        Some(Scope::Keyword | Scope::Storage) => (KEYWORD, true),
        Some(Scope::Constant) => (CONSTANT, false),
        Some(Scope::Entity | Scope::Support) => (NAME, false),
        Some(Scope::String) => (STRING, false),
        Some(Scope::Comment) => (COMMENT, false),
        Some(Scope::Invalid) | None => (Ink::BLACK, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inks_differ_in_grey_value_and_stay_dark() {
        let mut greys: Vec<f32> = [KEYWORD, CONSTANT, NAME, STRING, COMMENT, Ink::BLACK]
            .iter()
            .map(|ink| ink.gray())
            .collect();
        greys.sort_by(f32::total_cmp);
        assert!(greys.windows(2).all(|w| w[1] - w[0] > 0.04), "{greys:?}");
        assert!(greys.iter().all(|&g| g < 0.5), "{greys:?}");
    }
}
