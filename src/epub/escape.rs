//! Text made safe for the EPUB's XML: markup characters escaped, and the characters XML 1.0
//! and HTML forbid (control characters, noncharacters) dropped, so no manuscript can break a page.
//! Every writer of the backend (pages, highlighted code, nav, metadata) goes through here.

use std::borrow::Cow;

/// Appends `text` escaped for XHTML text or a double-quoted attribute, without the characters XML
/// 1.0 and HTML do not allow.
pub(super) fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if allowed_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// `text` without the characters XML 1.0 and HTML do not allow, for values that another writer
/// (epub-builder, syntect) escapes.
pub(super) fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().all(allowed_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed_char(c)).collect())
    }
}

/// XML 1.0 allows neither C0 controls (but tab and line ends) nor U+FFFE/U+FFFF; HTML also rejects
/// DEL, the C1 controls and every noncharacter.
pub(super) fn allowed_char(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fdd0}'..='\u{fdef}' => false,
        c => (c as u32) & 0xfffe != 0xfffe,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_drops_forbidden_characters() {
        let mut out = String::new();
        push_escaped(&mut out, "a<b>&\"c\u{0}\u{1b}\u{85}\u{fffe}\u{1fffe}\té");
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;c\té");
        assert_eq!(clean("ok\u{7}"), "ok");
    }
}
