//! Element ids: heading slugs made as pandoc makes them (so links users already have keep
//! working), and the registry that keeps every id of one document unique.

use std::collections::HashSet;

/// A heading id from its text, the way pandoc makes them (users already link to these):
/// lower case, letters, digits, `_`, `-` and `.` kept, spaces to `-`, everything up to the first
/// letter dropped. Empty results become `section`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') {
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let start = slug.find(char::is_alphabetic).unwrap_or(slug.len());
    let slug = slug[start..].trim_end_matches('-');
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug.to_string()
    }
}

/// Hands out ids that are unique within one document: explicit ids are reserved first so they win,
/// and a clashing slug gets `-1`, `-2` … as pandoc does.
#[derive(Debug, Default)]
pub struct IdRegistry {
    taken: HashSet<String>,
}

impl IdRegistry {
    /// Claims an explicit id; returns false when it was already taken (a duplicate).
    pub fn reserve(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }

    pub fn contains(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    /// The first free id among `base`, `base-1`, `base-2` …, claimed.
    pub fn unique(&mut self, base: &str) -> String {
        let mut candidate = base.to_string();
        let mut n = 0;
        while self.taken.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_pandoc() {
        assert_eq!(
            slugify("A Thaw in Frosty Relations"),
            "a-thaw-in-frosty-relations"
        );
        assert_eq!(slugify("1. Getting Started!"), "getting-started");
        assert_eq!(slugify("Душанбе и Кабул"), "душанбе-и-кабул");
        assert_eq!(slugify("  spaced   out  "), "spaced-out");
        assert_eq!(slugify("2024"), "section");
        assert_eq!(slugify("`Vec<T>` and Box"), "vect-and-box");
    }

    #[test]
    fn clashes_get_numbered_suffixes_and_explicit_ids_win() {
        let mut ids = IdRegistry::default();
        assert!(ids.reserve("intro"));
        assert_eq!(ids.unique("intro"), "intro-1");
        assert_eq!(ids.unique("intro"), "intro-2");
        assert_eq!(ids.unique("other"), "other");
        assert!(!ids.reserve("other"));
    }
}
