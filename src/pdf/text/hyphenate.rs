//! Where a word may be hyphenated, by the language of its paragraph or span (hypher's TeX
//! patterns): English patterns never touch a Tajik or Russian word, and a language without
//! patterns is not hyphenated.

use hypher::Lang;
use std::collections::HashMap;
use std::sync::Arc;

/// Letters kept together at the start and end of a word: TeX's `\lefthyphenmin=2` and
/// `\righthyphenmin=3`, so no line ends in "a-" and none starts with a two-letter scrap.
const LEFT_MIN: usize = 2;
const RIGHT_MIN: usize = 3;

/// The hyphenators of every language a document uses, made when first asked for.
pub struct Hyphenators {
    /// The document's language, for text that states none.
    default: String,
    known: HashMap<String, Option<Hyphenator>>,
}

impl Hyphenators {
    pub fn new(default: &str) -> Self {
        Hyphenators {
            default: default.to_string(),
            known: HashMap::new(),
        }
    }

    /// The document's language, which `None` stands for.
    pub fn document_language(&self) -> &str {
        &self.default
    }

    /// The hyphenator for `lang` (BCP 47; `None`: the document's), if hypher has patterns.
    pub fn get(&mut self, lang: Option<&str>) -> Option<&mut Hyphenator> {
        let tag = lang.unwrap_or(&self.default).to_ascii_lowercase();
        self.known
            .entry(tag)
            .or_insert_with_key(|tag| Hyphenator::new(tag))
            .as_mut()
    }
}

/// Hyphenation points for one language, remembered per word: books repeat words,
/// and running the patterns again for every occurrence cost 3 % of typesetting the Rust book.
pub struct Hyphenator {
    lang: Lang,
    known: HashMap<String, Arc<[usize]>>,
}

impl Hyphenator {
    /// `None` when hypher has no patterns for the BCP 47 tag (`tg` has none: Tajik words then
    /// break only at explicit hyphens).
    pub fn new(tag: &str) -> Option<Self> {
        Some(Hyphenator {
            lang: language(tag)?,
            known: HashMap::new(),
        })
    }

    /// Byte offsets inside `word` where a hyphen may go.
    pub fn points(&mut self, word: &str) -> Arc<[usize]> {
        if let Some(points) = self.known.get(word) {
            return points.clone();
        }
        let points: Arc<[usize]> = points(word, self.lang).into();
        self.known.insert(word.to_string(), points.clone());
        points
    }
}

fn language(tag: &str) -> Option<Lang> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    let code: [u8; 2] = primary.as_bytes().try_into().ok()?;
    Lang::from_iso(code)
}

/// Byte offsets inside `word` where a hyphen may go. Only plain alphabetic words are
/// hyphenated; anything with digits or punctuation inside is left whole.
fn points(word: &str, lang: Lang) -> Vec<usize> {
    if !word.chars().all(char::is_alphabetic) || word.chars().count() < LEFT_MIN + RIGHT_MIN {
        return Vec::new();
    }
    let mut offsets = Vec::new();
    let mut at = 0;
    for syllable in hypher::hyphenate_bounded(word, lang, LEFT_MIN, RIGHT_MIN) {
        at += syllable.len();
        if at < word.len() {
            offsets.push(at);
        }
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_map_from_bcp47() {
        assert!(language("en-GB").is_some());
        assert!(language("ru").is_some());
        assert!(language("tg").is_none());
        assert!(language("").is_none());
    }

    #[test]
    fn words_split_into_syllables_within_the_minimums() {
        let en = language("en").unwrap();
        let word = "hyphenation";
        let points = points(word, en);
        assert!(!points.is_empty());
        assert!(
            points
                .iter()
                .all(|&p| p >= LEFT_MIN && word.len() - p >= RIGHT_MIN)
        );
        assert!(super::points("cat", en).is_empty());
        assert!(super::points("x86-64", en).is_empty());
    }

    #[test]
    fn a_hyphenator_remembers_words_and_gives_the_same_points() {
        let mut hyphenator = Hyphenator::new("en-US").unwrap();
        let first = hyphenator.points("hyphenation");
        assert!(Arc::ptr_eq(&first, &hyphenator.points("hyphenation")));
        assert_eq!(
            &first[..],
            &points("hyphenation", language("en").unwrap())[..]
        );
        assert!(Hyphenator::new("tg").is_none());
    }
}
