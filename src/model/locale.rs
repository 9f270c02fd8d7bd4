//! Language and writing direction: what the manuscript states on a node ([`Locale`]), and the
//! direction text takes where nothing states it ([`Flow`]), decided here once so that every
//! backend reads the same answer.
//!
//! Where no `dir` is in force, a paragraph, heading or span runs in the direction of its first
//! strong character (UAX #9, rules P2 and P3), so a Dari paragraph in an English article is right
//! to left without markup.

use super::{Inline, InlineKind, Metadata};
use serde::Serialize;

/// A `dir` attribute as written: pandoc's and HTML's three values.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    Ltr,
    Rtl,
    /// From the text itself: its first strong character.
    Auto,
}

impl Dir {
    /// `ltr`, `rtl` or `auto` (in any case), as pandoc and HTML write them.
    pub fn parse(value: &str) -> Option<Dir> {
        match value.trim().to_ascii_lowercase().as_str() {
            "ltr" => Some(Dir::Ltr),
            "rtl" => Some(Dir::Rtl),
            "auto" => Some(Dir::Auto),
            _ => None,
        }
    }
}

/// The direction text actually runs in, once resolved.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

/// The `lang` and `dir` a manuscript states on a node; both absent on most nodes.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Locale {
    /// BCP 47 language tag, e.g. `prs`, `tg-Cyrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dir: Option<Dir>,
}

/// Primary language subtags of languages written right to left: Arabic, Aramaic, Dhivehi,
/// Persian (and Dari), Hebrew, Khowar, Kashmiri, Central Kurdish, N'Ko, Pashto, Dari, Sindhi,
/// Syriac, Uyghur, Urdu, Yiddish and Southern Balochi.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "khw", "ks", "nqo", "pes", "ps", "prs", "sd", "syr",
    "ug", "ur", "yi", "bcc", "pbt", "pbu", "azb", "lrc", "mzn", "glk",
];

/// Script subtags written right to left, which make any language tag right to left
/// (`ku-Arab`, `az-Arab`, `yi-Hebr`, `uz-Arab`).
const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"];

/// Whether `tag` has the shape of a BCP 47 language tag: a primary subtag of 2 to 8 letters, then
/// subtags of 1 to 8 letters or digits (the registry itself is not consulted).
pub fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    subtags
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()))
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether `tag` names a language (or script) written right to left.
pub fn is_rtl_language(tag: &str) -> bool {
    let tag = tag.trim().to_ascii_lowercase();
    let mut subtags = tag.split(['-', '_']);
    let primary = subtags.next().unwrap_or("");
    let script = subtags.find(|s| s.len() == 4);
    match script {
        Some(script) => RTL_SCRIPTS.contains(&script),
        None => RTL_LANGUAGES.contains(&primary),
    }
}

impl Locale {
    /// The direction this node states: its `dir`, or without one, right to left for a right to
    /// left language. `None` for `dir=auto`, and for a node that says nothing about direction.
    pub fn stated_direction(&self) -> Option<Direction> {
        match self.dir {
            Some(Dir::Ltr) => Some(Direction::Ltr),
            Some(Dir::Rtl) => Some(Direction::Rtl),
            Some(Dir::Auto) => None,
            None => self
                .lang
                .as_deref()
                .filter(|l| is_rtl_language(l))
                .map(|_| Direction::Rtl),
        }
    }
}

/// The direction in force at a node, and whether the manuscript stated it (for the node or a node
/// around it) or it is only the default, which text may override by its first strong character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flow {
    pub direction: Direction,
    pub stated: bool,
}

impl Flow {
    /// Around the body: the document's stated direction, else left to right, unstated.
    pub fn of_document(meta: &Metadata) -> Flow {
        Flow {
            direction: Direction::Ltr,
            stated: false,
        }
        .enter(&meta.locale())
    }

    /// Inside a container (a div or section) with `locale`: what it states, else what is around
    /// it. `dir=auto` or a language of its own that implies no direction leave its text to decide.
    pub fn enter(self, locale: &Locale) -> Flow {
        match locale.stated_direction() {
            Some(direction) => Flow {
                direction,
                stated: true,
            },
            None if locale.dir == Some(Dir::Auto) || locale.lang.is_some() => Flow {
                direction: self.direction,
                stated: false,
            },
            None => self,
        }
    }

    /// The direction of a run of text (a paragraph, heading or span) with `locale`: as stated, or
    /// where nothing is stated, its first strong character's (the surroundings' if it has none).
    /// What it settles is in force for the text's own children.
    pub fn text(self, locale: &Locale, content: &[Inline]) -> Flow {
        let flow = self.enter(locale);
        if flow.stated {
            return flow;
        }
        Flow {
            direction: first_strong(content).unwrap_or(flow.direction),
            stated: true,
        }
    }
}

/// The direction of the first strongly directional character in `inlines` (UAX #9, P2–P3),
/// looking into nested inlines in order; `None` when there is none (digits and punctuation only).
pub fn first_strong(inlines: &[Inline]) -> Option<Direction> {
    inlines.iter().find_map(|inline| match &inline.kind {
        InlineKind::Text { text } => direction_of_text(text),
        // A span with a direction of its own is isolated from its paragraph (P2 skips isolates).
        InlineKind::Span { locale, .. }
            if locale.dir.is_some() || locale.stated_direction().is_some() =>
        {
            None
        }
        kind => kind.content().and_then(first_strong),
    })
}

fn direction_of_text(text: &str) -> Option<Direction> {
    match unicode_bidi::get_base_direction(text) {
        unicode_bidi::Direction::Ltr => Some(Direction::Ltr),
        unicode_bidi::Direction::Rtl => Some(Direction::Rtl),
        unicode_bidi::Direction::Mixed => None,
    }
}
