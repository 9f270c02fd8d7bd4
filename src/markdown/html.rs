//! A small, forgiving tokenizer for the raw HTML found in manuscripts.
//!
//! It only splits HTML into text, tags and comments; [`super::tree`] decides what each tag
//! becomes. Nothing here is ever copied into an output verbatim, which is how an EPUB stays
//! well-formed XHTML whatever the manuscript holds.

use std::borrow::Cow;
use std::ops::Range;

#[derive(Debug, PartialEq)]
pub(super) enum Token<'a> {
    Text(&'a str),
    Start {
        /// Lower-cased.
        name: String,
        attributes: Vec<(String, String)>,
        self_closing: bool,
    },
    End {
        name: String,
    },
    /// Comments, doctypes and processing instructions: always dropped.
    Ignored,
}

impl Token<'_> {
    /// The value of attribute `name` on a start tag, entities decoded.
    pub(super) fn attribute(&self, name: &str) -> Option<String> {
        match self {
            Token::Start { attributes, .. } => attributes
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| decode_entities(v).into_owned()),
            _ => None,
        }
    }
}

/// Splits `html` into tokens with their byte ranges. A `<` that does not open a well-formed tag
/// is text, as browsers treat it.
pub(super) fn tokenize(html: &str) -> Vec<(Token<'_>, Range<usize>)> {
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let at = i + found;
        match tag_at(html, at) {
            Some((token, end)) => {
                if text_start < at {
                    tokens.push((Token::Text(&html[text_start..at]), text_start..at));
                }
                tokens.push((token, at..end));
                text_start = end;
                i = end;
            }
            None => i = at + 1,
        }
    }
    if text_start < html.len() {
        tokens.push((Token::Text(&html[text_start..]), text_start..html.len()));
    }
    tokens
}

/// The token starting at `at` (a `<`) and the offset just past it.
fn tag_at(html: &str, at: usize) -> Option<(Token<'_>, usize)> {
    let rest = &html[at..];
    if let Some(body) = rest.strip_prefix("<!--") {
        let end = body.find("-->").map_or(html.len(), |e| at + 4 + e + 3);
        return Some((Token::Ignored, end));
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        let end = rest.find('>')?;
        return Some((Token::Ignored, at + end + 1));
    }
    let (closing, name_start) = match rest.strip_prefix("</") {
        Some(_) => (true, at + 2),
        None => (false, at + 1),
    };
    let name_len = html[name_start..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':' || c == '_'))
        .unwrap_or(html.len() - name_start);
    if name_len == 0 || !html[name_start..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name = html[name_start..name_start + name_len].to_ascii_lowercase();
    let mut pos = name_start + name_len;
    if closing {
        let end = html[pos..].find('>')?;
        if !html[pos..pos + end].trim().is_empty() {
            return None;
        }
        return Some((Token::End { name }, pos + end + 1));
    }
    let mut attributes = Vec::new();
    loop {
        let skipped = html[pos..].len() - html[pos..].trim_start().len();
        pos += skipped;
        let rest = &html[pos..];
        if rest.starts_with("/>") {
            return Some((
                Token::Start {
                    name,
                    attributes,
                    self_closing: true,
                },
                pos + 2,
            ));
        }
        if rest.starts_with('>') {
            return Some((
                Token::Start {
                    name,
                    attributes,
                    self_closing: false,
                },
                pos + 1,
            ));
        }
        if skipped == 0 && !attributes.is_empty() {
            return None;
        }
        let key_len = rest.find(|c: char| c.is_whitespace() || "=/>\"'<".contains(c))?;
        if key_len == 0 {
            return None;
        }
        let key = rest[..key_len].to_ascii_lowercase();
        pos += key_len;
        let after = html[pos..].trim_start();
        let value = if let Some(v) = after.strip_prefix('=') {
            let v = v.trim_start();
            pos = html.len() - v.len();
            let (value, len) = match v.chars().next()? {
                q @ ('"' | '\'') => {
                    let close = v[1..].find(q)?;
                    (&v[1..1 + close], close + 2)
                }
                _ => {
                    let len = v
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(v.len());
                    (&v[..len], len)
                }
            };
            pos += len;
            value.to_string()
        } else {
            String::new()
        };
        attributes.push((key, value));
    }
}

/// Decodes the character references that raw HTML text may hold. Unknown named references are
/// kept as written.
pub(super) fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest[1..].find(';').filter(|&e| e <= 32).and_then(|e| {
            let name = &rest[1..1 + e];
            let c = match name.strip_prefix('#') {
                Some(num) => match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                }
                .and_then(char::from_u32),
                None => named_entity(name),
            }?;
            Some((c, e + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "shy" => '\u{ad}',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "times" => '×',
        "euro" => '€',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "larr" => '←',
        "rarr" => '→',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(name: &str, attributes: &[(&str, &str)], self_closing: bool) -> Token<'static> {
        Token::Start {
            name: name.into(),
            attributes: attributes
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            self_closing,
        }
    }

    #[test]
    fn splits_tags_text_and_comments() {
        let tokens: Vec<_> =
            tokenize(r#"a<img src="x.png" alt='A > B' class=c />b<!-- x --></Span >"#)
                .into_iter()
                .map(|(t, _)| t)
                .collect();
        assert_eq!(
            tokens,
            vec![
                Token::Text("a"),
                start(
                    "img",
                    &[("src", "x.png"), ("alt", "A > B"), ("class", "c")],
                    true
                ),
                Token::Text("b"),
                Token::Ignored,
                Token::End {
                    name: "span".into()
                },
            ]
        );
    }

    #[test]
    fn a_lone_angle_bracket_is_text() {
        let tokens: Vec<_> = tokenize("x < y and Vec<T")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(tokens, vec![Token::Text("x < y and Vec<T")]);
    }

    #[test]
    fn listing_tags_keep_their_attributes() {
        let (token, range) = tokenize(r#"<Listing number="1-1" file-name="main.rs">"#).remove(0);
        assert_eq!(token.attribute("file-name").as_deref(), Some("main.rs"));
        assert_eq!(range, 0..42);
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode_entities("a &amp; b &#8212; &#x41; &bogus; &"),
            "a & b — A &bogus; &"
        );
    }
}
