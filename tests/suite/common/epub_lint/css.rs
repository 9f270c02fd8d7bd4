//! The lint's stylesheet rules: CSS 2.1 and nothing newer, because Adobe RMSDK (plain-EPUB Kobo,
//! Adobe Digital Editions, older Nooks) parses CSS as of about 2013 and may refuse a whole book
//! over one value it does not know. So: only CSS 2.1 properties, units, functions, `display`
//! values, selectors and at-rules; no custom properties; class selectors for `div`s (Kobo's
//! guidance: a bare `div` rule restyles every wrapper a reading system adds); font sizes in em or
//! %, so the reader's size setting rules. A small scanner, not a full CSS parser: it reads the
//! stylesheets folio writes and the broken ones the tests plant.

use super::{Finding, Rule};

/// Every property of CSS 2.1 (its property index, appendix F), and the `@font-face` descriptors
/// of CSS Fonts that reading systems have read since EPUB 2.
const PROPERTIES: &[&str] = &[
    "azimuth",
    "background",
    "background-attachment",
    "background-color",
    "background-image",
    "background-position",
    "background-repeat",
    "border",
    "border-bottom",
    "border-bottom-color",
    "border-bottom-style",
    "border-bottom-width",
    "border-collapse",
    "border-color",
    "border-left",
    "border-left-color",
    "border-left-style",
    "border-left-width",
    "border-right",
    "border-right-color",
    "border-right-style",
    "border-right-width",
    "border-spacing",
    "border-style",
    "border-top",
    "border-top-color",
    "border-top-style",
    "border-top-width",
    "border-width",
    "bottom",
    "caption-side",
    "clear",
    "clip",
    "color",
    "content",
    "counter-increment",
    "counter-reset",
    "cue",
    "cue-after",
    "cue-before",
    "cursor",
    "direction",
    "display",
    "elevation",
    "empty-cells",
    "float",
    "font",
    "font-family",
    "font-size",
    "font-style",
    "font-variant",
    "font-weight",
    "height",
    "left",
    "letter-spacing",
    "line-height",
    "list-style",
    "list-style-image",
    "list-style-position",
    "list-style-type",
    "margin",
    "margin-bottom",
    "margin-left",
    "margin-right",
    "margin-top",
    "max-height",
    "max-width",
    "min-height",
    "min-width",
    "orphans",
    "outline",
    "outline-color",
    "outline-style",
    "outline-width",
    "overflow",
    "padding",
    "padding-bottom",
    "padding-left",
    "padding-right",
    "padding-top",
    "page-break-after",
    "page-break-before",
    "page-break-inside",
    "pause",
    "pause-after",
    "pause-before",
    "pitch",
    "pitch-range",
    "play-during",
    "position",
    "quotes",
    "richness",
    "right",
    "speak",
    "speak-header",
    "speak-numeral",
    "speak-punctuation",
    "speech-rate",
    "stress",
    "table-layout",
    "text-align",
    "text-decoration",
    "text-indent",
    "text-transform",
    "top",
    "unicode-bidi",
    "vertical-align",
    "visibility",
    "voice-family",
    "volume",
    "white-space",
    "widows",
    "width",
    "word-spacing",
    "z-index",
    // @font-face descriptors
    "src",
    "font-stretch",
    "unicode-range",
];

/// CSS 2.1's units of length, angle, time and frequency (sections 4.3.2 and 4.3.7).
const UNITS: &[&str] = &[
    "em", "ex", "px", "in", "cm", "mm", "pt", "pc", "deg", "grad", "rad", "ms", "s", "hz", "khz",
];

/// The functional notations of CSS 2.1, plus `local()` and `format()` of `@font-face`'s `src`.
const FUNCTIONS: &[&str] = &[
    "url", "rgb", "attr", "counter", "counters", "rect", "local", "format",
];

/// CSS 2.1's `display` values (section 9.2.4).
const DISPLAYS: &[&str] = &[
    "inline",
    "block",
    "list-item",
    "inline-block",
    "table",
    "inline-table",
    "table-row-group",
    "table-header-group",
    "table-footer-group",
    "table-row",
    "table-column-group",
    "table-column",
    "table-cell",
    "table-caption",
    "none",
    "inherit",
];

/// CSS 2.1's pseudo-classes and pseudo-elements (sections 5.11 and 5.12).
const PSEUDOS: &[&str] = &[
    "first-child",
    "link",
    "visited",
    "hover",
    "active",
    "focus",
    "lang",
    "first-line",
    "first-letter",
    "before",
    "after",
];

/// At-rules of CSS 2.1, and `@font-face`.
const AT_RULES: &[&str] = &["media", "page", "import", "charset", "font-face"];

/// What is wrong, found while scanning a stylesheet; the file is added at the end.
type Problems = Vec<(Rule, String)>;

/// Lints one stylesheet, `file` naming it in the findings.
pub fn lint(file: &str, css: &str, found: &mut Vec<Finding>) {
    let mut problems = Problems::new();
    sheet(&strip_comments(css), &mut problems);
    found.extend(problems.into_iter().map(|(rule, message)| Finding {
        rule,
        file: file.to_string(),
        message,
    }));
}

/// The statements of a stylesheet (or of an `@media` block).
fn sheet(css: &str, problems: &mut Problems) {
    for (prelude, body) in blocks(css) {
        let prelude = prelude.trim();
        let body = body.as_deref().unwrap_or("");
        let Some(at) = prelude.strip_prefix('@') else {
            for selector in prelude.split(',') {
                lint_selector(selector.trim(), problems);
            }
            declarations(body, problems);
            continue;
        };
        let name: String = at
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if !AT_RULES.contains(&name.as_str()) {
            problems.push((Rule::Css21, format!("`@{name}` is not CSS 2.1")));
        } else if name == "media" {
            if prelude.contains('(') {
                let message = format!("media queries with features are CSS 3: `{prelude}`");
                problems.push((Rule::Css21, message));
            }
            sheet(body, problems);
        } else {
            declarations(body, problems);
        }
    }
}

/// The text without `/* … */` comments.
fn strip_comments(css: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// The top-level statements: each rule's prelude with its `{ … }` body (inner braces kept), or
/// an at-rule ended by `;` with no body. Quoted strings are skipped over.
fn blocks(css: &str) -> Vec<(String, Option<String>)> {
    let mut found = Vec::new();
    let (mut prelude, mut body) = (String::new(), String::new());
    let mut depth = 0;
    let mut quote = None;
    for c in css.chars() {
        let target = if depth == 0 { &mut prelude } else { &mut body };
        match (quote, c) {
            (Some(q), _) => {
                target.push(c);
                if c == q {
                    quote = None;
                }
            }
            (None, '"' | '\'') => {
                quote = Some(c);
                target.push(c);
            }
            (None, '{') => {
                if depth > 0 {
                    body.push(c);
                }
                depth += 1;
            }
            (None, '}') if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    found.push((
                        std::mem::take(&mut prelude),
                        Some(std::mem::take(&mut body)),
                    ));
                } else {
                    body.push(c);
                }
            }
            (None, ';') if depth == 0 => found.push((std::mem::take(&mut prelude), None)),
            _ => target.push(c),
        }
    }
    found.retain(|(prelude, body)| !prelude.trim().is_empty() || body.is_some());
    found
}

fn lint_selector(selector: &str, problems: &mut Problems) {
    // Attribute selectors first: their operators, then out of the way of the rest.
    let mut outside = String::new();
    let mut rest = selector;
    while let Some(open) = rest.find('[') {
        outside.push_str(&rest[..open]);
        let close = rest[open..].find(']').map_or(rest.len(), |c| open + c + 1);
        let attribute = &rest[open..close];
        if ["^=", "$=", "*="].iter().any(|op| attribute.contains(op)) {
            problems.push((
                Rule::Css21,
                format!("the attribute selector `{attribute}` is CSS 3"),
            ));
        }
        outside.push_str("[]");
        rest = &rest[close..];
    }
    outside.push_str(rest);
    if outside.contains("::") {
        problems.push((
            Rule::Css21,
            format!("`::` pseudo-elements are CSS 3 (`{selector}`); CSS 2.1 writes one colon"),
        ));
    }
    if outside.contains('~') {
        problems.push((
            Rule::Css21,
            format!("the `~` combinator is CSS 3 (`{selector}`)"),
        ));
    }
    for pseudo in outside.split(':').skip(1) {
        let name: String = pseudo
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-')
            .collect();
        if !name.is_empty() && !PSEUDOS.contains(&name.to_ascii_lowercase().as_str()) {
            problems.push((
                Rule::Css21,
                format!("`:{name}` is not a CSS 2.1 pseudo-class (`{selector}`)"),
            ));
        }
    }
    let compounds = outside.split(|c: char| c.is_whitespace() || c == '>' || c == '+');
    for compound in compounds.filter(|c| !c.is_empty()) {
        let element: String = compound
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        if element.eq_ignore_ascii_case("div") && !compound.contains('.') {
            problems.push((
                Rule::DivSelector,
                format!("`{selector}` selects `div`s without a class"),
            ));
        }
    }
}

/// Each `property: value` of a rule's body.
fn declarations(body: &str, problems: &mut Problems) {
    for declaration in body.split(';') {
        let Some((property, value)) = declaration.split_once(':') else {
            continue;
        };
        let property = property.trim().to_ascii_lowercase();
        let value = value.trim().trim_end_matches("!important").trim();
        if property.starts_with("--") {
            problems.push((
                Rule::Css21,
                format!("custom property `{property}` (CSS variables are not CSS 2.1)"),
            ));
            continue;
        }
        if !PROPERTIES.contains(&property.as_str()) {
            problems.push((
                Rule::Css21,
                format!("`{property}` is not a CSS 2.1 property"),
            ));
        }
        lint_value(&property, value, problems);
    }
}

fn lint_value(property: &str, value: &str, problems: &mut Problems) {
    let lower = value.to_ascii_lowercase();
    // Functions: an identifier straight before `(`, outside quoted strings.
    let unquoted = strip_strings(&lower);
    for (at, _) in unquoted.match_indices('(') {
        let name: String = unquoted[..at]
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '-')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if !FUNCTIONS.contains(&name.as_str()) {
            problems.push((
                Rule::Css21,
                format!("`{name}()` in `{property}: {value}` is not CSS 2.1"),
            ));
        }
    }
    // Units: the letters straight after a number (not inside a url or a colour like #1f3a7a).
    for token in
        unquoted.split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '(' || c == ')')
    {
        if token.starts_with('#') || token.starts_with("u+") {
            continue;
        }
        let number_end = token
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
            .unwrap_or(token.len());
        if number_end == 0 || !token[..number_end].chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let unit = &token[number_end..];
        if !unit.is_empty() && unit != "%" && !UNITS.contains(&unit) {
            problems.push((
                Rule::Css21,
                format!("the unit `{unit}` in `{property}: {value}` is not CSS 2.1"),
            ));
        }
    }
    match property {
        "display" if !DISPLAYS.contains(&lower.as_str()) => {
            problems.push((
                Rule::Css21,
                format!("`display: {value}` is not CSS 2.1 (flex and grid are CSS 3)"),
            ));
        }
        "font-size" if !in_em_or_percent(&lower) => {
            problems.push((
                Rule::FontSize,
                format!(
                    "`font-size: {value}`: sizes are in em or %, so the reader's setting rules"
                ),
            ));
        }
        "font" => problems.push((
            Rule::FontSize,
            format!("the `font` shorthand (`{value}`) sets a size; write `font-size` in em"),
        )),
        _ => {}
    }
}

/// A font size relative to the parent's: `1.2em`, `90%` (not `1.2rem`, which is to the root's),
/// or `inherit`.
fn in_em_or_percent(size: &str) -> bool {
    let number = size.trim_end_matches("em").trim_end_matches('%');
    size == "inherit"
        || (number.len() < size.len() && !number.is_empty() && number.parse::<f32>().is_ok())
}

/// `text` with the inside of quoted strings removed (a font named "Grid(1)" is no function).
fn strip_strings(text: &str) -> String {
    let mut out = String::new();
    let mut quote = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None => out.push(c),
        }
    }
    out
}
