//! The book's stylesheet, generated from the [`Style`] the PDF is set in: the same faces,
//! heading scale, leading, paragraph style, quotes and code colours, in em so the reader's
//! font-size setting still rules. What only a screen needs (margins between blocks, borders
//! where print has a tint) is written here, as the EPUB's own layout.
//!
//! No background colours: night and sepia modes and e-ink screens fight them, and the code
//! inks keep their contrast (WCAG AA) only on the page's own colour. A listing is framed by a
//! rule instead of the PDF's tint (`code.background`).
//!
//! CSS 2.1 only: Adobe RMSDK (plain-EPUB Kobo, Adobe Digital Editions) declares a whole book
//! corrupt over one newer value. So no `var()`, `calc()`, custom properties, flex or grid, no
//! rem/vw/vh; sizes in em; a `div` is only ever styled through a class, as Kobo inserts its own.
//! The tests lint the output for all of this.

use crate::style::{
    Align, BLOCK_INDENT_EM, Color, FontRole, INLINE_MONO_SCALE, ParagraphStyle, QuoteStyle,
    SCRIPT_SCALE, Slant, Style, TITLE_SCALE, Weight,
};
use std::fmt::Write;

/// What follows the style's face where the reader lacks it.
pub(super) const SERIF_FALLBACK: &str = "Georgia, \"Times New Roman\", serif";
const MONO_FALLBACK: &str = "\"DejaVu Sans Mono\", Menlo, Consolas, \"Courier New\", monospace";

/// Space around headings, levels 1 to 6 (above, below): the EPUB's own, as the PDF counts
/// space in lines of its page grid.
const HEADING_MARGINS: [(f32, f32); 6] = [
    (1.5, 0.8),
    (1.4, 0.6),
    (1.2, 0.5),
    (1.0, 0.4),
    (1.0, 0.4),
    (1.0, 0.4),
];

/// Where the rule beside a block quote stands, as a share of its indent (as in the PDF).
const QUOTE_RULE_AT: f32 = 0.4;

/// The stylesheet for `style`.
pub(super) fn stylesheet(style: &Style) -> String {
    let mut css = String::from(HEAD);
    body(&mut css, style);
    headings(&mut css, style);
    title(&mut css, style);
    blocks(&mut css, style);
    code(&mut css, style);
    furniture(&mut css, style);
    right_to_left(&mut css, style);
    css
}

const HEAD: &str = "\
/* folio's EPUB stylesheet, generated from the book's style (the PDF's). CSS 2.1 only: older
   reading systems (Adobe RMSDK) reject a whole book over one newer value. Sizes are in em or %,
   so the reader's font-size setting rules; colours are dark enough to read on e-ink and survive
   greyscale. */

/* Reading systems from before HTML5 treat these as inline unless told. */
article, aside, figcaption, figure, footer, header, nav, section { display: block; }
";

fn body(css: &mut String, style: &Style) {
    let body = &style.body;
    let foreground = style.colors.foreground.value;
    let color = match foreground == Color::BLACK {
        true => String::new(),
        false => format!("\n  color: {};", foreground.hex()),
    };
    let align = align(body.align.value);
    let (margin, indent) = match body.paragraph.value {
        ParagraphStyle::Indent => ("0".to_string(), em(body.indent.value)),
        ParagraphStyle::Spacing => (format!("0 0 {} 0", em(half_line(style))), em(0.0)),
    };
    let _ = write!(
        css,
        "
body {{
  font-family: {};{color}
  line-height: {};
  margin: 0 0.5em;
  orphans: 2;
  widows: 2;
}}

p {{ margin: {margin}; text-align: {align}; }}
/* A paragraph after another is told from it as in print; after a heading, a quote or a list it
   starts flush. */
p + p {{ text-indent: {indent}; }}
",
        family(style, FontRole::Base),
        number(body.leading.value),
    );
    if let Some(link) = style.colors.link.value {
        let _ = writeln!(css, "a {{ color: {}; }}", link.hex());
    }
}

/// How many lines of text a heading keeps with it at a page end (the CSS `:after` hack for
/// readers that ignore `page-break-after`): three, so a heading never stands over fewer.
const HEADING_KEEP_LINES: f32 = 3.0;

fn headings(css: &mut String, style: &Style) {
    let _ = write!(
        css,
        "
h1, h2, h3, h4, h5, h6 {{
  font-family: {};
  line-height: {};
  text-align: left;
  page-break-after: avoid;
  page-break-inside: avoid;
}}

/* Keep a heading with its next lines where page-break-after is ignored (WebKit paginating in
   columns: Apple Books, Kobo): the heading's box reaches three lines further down, so when
   they do not fit on the page the unbreakable heading moves to the next one; the negative
   margin gives the space back to the text that follows. */
h1:after, h2:after, h3:after, h4:after, h5:after, h6:after {{
  content: \"\";
  display: block;
  height: {keep};
  margin-bottom: -{keep};
}}

",
        family(style, FontRole::Headings),
        number(style.body.leading.value),
        keep = em(HEADING_KEEP_LINES * style.body.leading.value),
    );
    let levels = style.headings.all().into_iter().zip(HEADING_MARGINS);
    for (n, (heading, (above, below))) in (1..).zip(levels) {
        let weight = match heading.weight.value {
            Weight::Bold => "bold",
            Weight::Normal => "normal",
        };
        let slant = match heading.style.value {
            Slant::Italic => "italic",
            Slant::Normal => "normal",
        };
        let chapter = if n == 1 {
            " page-break-before: always;"
        } else {
            ""
        };
        let _ = writeln!(
            css,
            "h{n} {{ font-size: {}; font-weight: {weight}; font-style: {slant}; margin: {} 0 {} 0;{chapter} }}",
            em(heading.size.value),
            em(above),
            em(below),
        );
    }
}

/// The title block and part titles: a step above a chapter heading, as in print.
fn title(css: &mut String, style: &Style) {
    let headings = &style.headings;
    let title = em(headings.h1.size.value * TITLE_SCALE);
    let byline = em(headings.h3.size.value);
    let _ = write!(
        css,
        "
/* The first heading of a file already starts a new page. */
body > h1:first-child, .title-block h1 {{ page-break-before: auto; }}

/* A book's part title stands alone on its page, centred a third of the way down. */
h1.part {{ font-size: {title}; margin-top: 30%; text-align: center; }}

/* Title page and title block */
.title-block {{ margin: 2em 0 2em 0; text-align: center; }}
.title-block h1.title {{ font-size: {title}; margin: 0 0 0.5em 0; text-align: center; }}
.title-block p {{ text-align: center; text-indent: 0; margin: 0.3em 0; }}
.title-block .subtitle {{ font-size: {byline}; font-style: italic; }}
.title-block .author {{ font-size: {byline}; }}
.title-block .date, .title-block .publisher {{ font-size: {}; }}
body.titlepage .title-block {{ margin-top: 25%; }}

/* Cover */
body.cover {{ margin: 0; padding: 0; }}
div.cover {{ margin: 0; padding: 0; text-align: center; }}
",
        em(style.notes.size.value),
    );
}

/// Quotes, rules, lists and display math.
fn blocks(css: &mut String, style: &Style) {
    let rule = style.colors.rule.value.hex();
    let space = em(half_line(style));
    let (outside, inside) = quote_sides();
    let italic = match style.blockquote.style.value {
        QuoteStyle::Italic => " font-style: italic;",
        QuoteStyle::Plain => "",
    };
    let indent = em(BLOCK_INDENT_EM);
    let _ = write!(
        css,
        "
/* Quotes, rules, lists */
blockquote {{ margin: {space} {indent} {space} {outside}; padding-left: {inside}; border-left: 1px solid {rule};{italic} }}
"
    );
    if style.blockquote.style.value == QuoteStyle::Italic {
        css.push_str("blockquote em { font-style: normal; }\n");
    }
    let _ = write!(
        css,
        "\
hr {{ border: 0; border-top: 1px solid {rule}; margin: 1.5em 20%; }}
ul, ol {{ margin: 0.4em 0 0.8em 0; padding-left: {indent}; }}
li {{ margin: 0.2em 0; }}
li p {{ margin: 0.3em 0; }}
ul.tasks {{ list-style-type: none; padding-left: 0.6em; }}
.task-box {{ font-family: \"DejaVu Sans\", sans-serif; }}
dl {{ margin: 0.6em 0; }}
dt {{ font-weight: bold; margin-top: 0.6em; }}
dd {{ margin: 0.2em 0 0.4em {indent}; }}
.math {{ font-style: italic; }}
p.math-display {{ margin: {space} {indent}; text-align: center; text-indent: 0; }}
"
    );
}

/// The block quote's left margin up to its rule and the padding from the rule to the text.
fn quote_sides() -> (String, String) {
    let outside = BLOCK_INDENT_EM * QUOTE_RULE_AT;
    (em(outside), em(BLOCK_INDENT_EM - outside))
}

fn code(css: &mut String, style: &Style) {
    let code = &style.code;
    let mono = family(style, code.font.value);
    let _ = write!(
        css,
        "
/* Code (also where an embedded face is set on a whole language: `[lang] pre` outranks `:lang()`) */
code, kbd, [lang] code, [lang] kbd {{ font-family: {mono}; font-size: {}; }}
pre, [lang] pre {{ font-family: {mono}; font-size: {}; }}
pre code, [lang] pre code {{ font-size: 1em; }}
pre.code {{
  border-left: 3px solid {};
  margin: {} 0;
  padding: 0.5em 0.6em;
  white-space: pre-wrap;
  text-align: left;
  page-break-inside: auto;
}}
kbd {{ border: 1px solid {}; padding: 0 0.2em; }}

/* Syntax highlighting: weight and grey value carry the meaning where colour is lost. */
",
        em(INLINE_MONO_SCALE),
        em(code.size.value),
        style.colors.rule.value.hex(),
        em(half_line(style)),
        style.colors.rule.value.hex(),
    );
    let inks = &code.highlight;
    for (selector, ink) in [
        (".hl-keyword, .hl-storage", inks.keyword),
        (".hl-constant", inks.constant),
        (".hl-entity, .hl-support", inks.name),
        (".hl-string", inks.string),
        (".hl-comment", inks.comment),
    ] {
        let bold = if ink.value.bold {
            " font-weight: bold;"
        } else {
            ""
        };
        let _ = writeln!(
            css,
            "{selector} {{ color: {};{bold} }}",
            ink.value.color.hex()
        );
    }
}

/// Tables, figures, notes and the contents.
fn furniture(css: &mut String, style: &Style) {
    let small = em(style.notes.size.value);
    let _ = write!(
        css,
        "
/* Tables */
table {{ border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }}
th, td {{ border-top: 1px solid #aaaaaa; border-bottom: 1px solid #aaaaaa; padding: 0.25em 0.5em; vertical-align: top; }}
th {{ font-weight: bold; border-bottom: 2px solid #666666; }}
.align-left {{ text-align: left; }}
.align-center {{ text-align: center; }}
.align-right {{ text-align: right; }}

/* Images and figures */
img {{ max-width: 100%; }}
figure {{ margin: 1em 0; text-align: center; page-break-inside: avoid; }}
figcaption {{ font-size: {small}; margin-top: 0.3em; }}
.image-alt {{ font-style: italic; }}

/* Footnotes */
sup.noteref {{ font-size: {}; line-height: 0; vertical-align: super; }}
sup.noteref a {{ text-decoration: none; }}
section.footnotes {{ border-top: 1px solid {}; margin-top: 2em; padding-top: 0.5em; font-size: {small}; }}
aside.footnote {{ margin: 0 0 0.6em 0; }}
aside.footnote p {{ margin: 0 0 0.3em 0; }}
a.note-back {{ font-weight: bold; text-decoration: none; }}

/* Contents */
nav ol {{ list-style-type: none; padding-left: 1.2em; }}
nav > ol {{ padding-left: 0; }}
nav li {{ margin: 0.3em 0; }}
nav a {{ text-decoration: none; }}
",
        em(SCRIPT_SCALE),
        style.colors.rule.value.hex(),
    );
}

/// CSS 2.1 has no logical sides, so the left-hand rules above are mirrored for elements marked
/// `dir="rtl"` (and set back inside those marked `dir="ltr"`). Justified paragraphs need no
/// mirroring.
fn right_to_left(css: &mut String, style: &Style) {
    let (paragraphs, paragraphs_back) = match style.body.align.value {
        Align::Left => (
            "[dir=\"rtl\"] p, p[dir=\"rtl\"],\n",
            "[dir=\"rtl\"] p[dir=\"ltr\"], [dir=\"rtl\"] [dir=\"ltr\"] p,\n",
        ),
        Align::Justify => ("", ""),
    };
    let rule = style.colors.rule.value.hex();
    let (outside, inside) = quote_sides();
    let space = em(half_line(style));
    let indent = em(BLOCK_INDENT_EM);
    let _ = write!(
        css,
        "
/* Right to left. CSS 2.1 has no logical sides, so the left-hand rules above are mirrored for
   elements marked `dir=\"rtl\"` (and set back inside those marked `dir=\"ltr\"`). */
{paragraphs}[dir=\"rtl\"] h1, [dir=\"rtl\"] h2, [dir=\"rtl\"] h3, [dir=\"rtl\"] h4, [dir=\"rtl\"] h5, [dir=\"rtl\"] h6,
h1[dir=\"rtl\"], h2[dir=\"rtl\"], h3[dir=\"rtl\"], h4[dir=\"rtl\"], h5[dir=\"rtl\"], h6[dir=\"rtl\"] {{ text-align: right; }}
{paragraphs_back}[dir=\"rtl\"] h1[dir=\"ltr\"], [dir=\"rtl\"] h2[dir=\"ltr\"], [dir=\"rtl\"] h3[dir=\"ltr\"],
[dir=\"rtl\"] h4[dir=\"ltr\"], [dir=\"rtl\"] h5[dir=\"ltr\"], [dir=\"rtl\"] h6[dir=\"ltr\"] {{ text-align: left; }}
[dir=\"rtl\"] blockquote, blockquote[dir=\"rtl\"] {{ margin: {space} {outside} {space} {indent}; padding-left: 0; padding-right: {inside}; border-left: 0; border-right: 1px solid {rule}; }}
[dir=\"rtl\"] ul, [dir=\"rtl\"] ol {{ padding-left: 0; padding-right: {indent}; }}
[dir=\"rtl\"] ul.tasks {{ padding-left: 0; padding-right: 0.6em; }}
[dir=\"rtl\"] dd {{ margin: 0.2em {indent} 0.4em 0; }}
[dir=\"rtl\"] nav ol {{ padding-left: 0; padding-right: 1.2em; }}
[dir=\"rtl\"] nav > ol {{ padding-right: 0; }}
"
    );
}

/// The space blocks keep around them: half a line, as the PDF's.
fn half_line(style: &Style) -> f32 {
    style.body.leading.value / 2.0
}

fn align(align: Align) -> &'static str {
    match align {
        Align::Justify => "justify",
        Align::Left => "left",
    }
}

/// The family of `role` first, then the fallbacks for its kind.
fn family(style: &Style, role: FontRole) -> String {
    let fallback = match role {
        FontRole::Mono => MONO_FALLBACK,
        FontRole::Base | FontRole::Headings => SERIF_FALLBACK,
    };
    // A family name is a quoted string: whatever could end it or the rule is left out.
    let name: String = (style.fonts.of(role).chars())
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
        .collect();
    match name.trim() {
        "" => fallback.to_string(),
        name => format!("\"{name}\", {fallback}"),
    }
}

/// A length in em, to the thousandth.
fn em(value: f32) -> String {
    match number(value).as_str() {
        "0" => "0".to_string(),
        value => format!("{value}em"),
    }
}

/// A number to the thousandth, without trailing zeros.
fn number(value: f32) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::{CodeInks, Source, Value};

    /// Properties CSS 2.1 lacks, or that RMSDK and Kobo trip over.
    const FORBIDDEN: [&str; 11] = [
        "var(",
        "calc(",
        "min(",
        "max(",
        "--",
        "flex",
        "grid",
        "!important",
        "@import",
        "@media",
        "background",
    ];

    /// What is wrong with `css` for the readers folio writes for: one line per fault.
    fn lint(css: &str) -> Vec<String> {
        let mut faults = Vec::new();
        let text = strip_comments(css);
        for needle in FORBIDDEN {
            if text.contains(needle) {
                faults.push(format!("uses `{needle}`"));
            }
        }
        for rule in text.split('}').map(str::trim).filter(|r| !r.is_empty()) {
            let Some((selectors, declarations)) = rule.split_once('{') else {
                faults.push(format!("not a rule: {rule}"));
                continue;
            };
            let selectors = selectors.trim();
            if selectors != "@font-face" {
                faults.extend(selectors.split(',').filter_map(bare_div));
            }
            for declaration in declarations.split(';').map(str::trim) {
                if let Some((property, value)) = declaration.split_once(':') {
                    faults.extend(value_fault(property.trim(), value.trim()));
                }
            }
        }
        faults
    }

    fn strip_comments(css: &str) -> String {
        let mut out = String::new();
        let mut rest = css;
        while let Some(start) = rest.find("/*") {
            out.push_str(&rest[..start]);
            let end = rest[start..]
                .find("*/")
                .map_or(rest.len(), |e| start + e + 2);
            rest = &rest[end..];
        }
        out + rest
    }

    /// A selector styling `div` without a class (Kobo wraps text in divs of its own).
    fn bare_div(selector: &str) -> Option<String> {
        let styles_div = selector
            .split([' ', '>', '+'])
            .any(|part| part == "div" || part.starts_with("div[") || part.starts_with("div:"));
        styles_div.then(|| format!("styles a bare div: `{}`", selector.trim()))
    }

    /// A length in a unit other than em and % (px only for borders), or a size or space not
    /// in em.
    fn value_fault(property: &str, value: &str) -> Option<String> {
        // Quoted family names and file names may hold digits.
        if matches!(property, "src" | "font-family") {
            return None;
        }
        let words = value.split([' ', ',', '(', ')']).filter(|w| !w.is_empty());
        for word in words.clone() {
            let unit =
                word.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-');
            let numeric = unit.len() < word.len();
            let allowed = match unit {
                "" | "em" | "%" => true,
                "px" => property.starts_with("border"),
                _ => false,
            };
            if numeric && !allowed {
                return Some(format!("`{property}: {value}`: unit `{unit}`"));
            }
        }
        let sized = matches!(property, "font-size" | "text-indent")
            || property.starts_with("margin")
            || property.starts_with("padding");
        let relative = |w: &str| w == "0" || w == "auto" || w.ends_with("em") || w.ends_with('%');
        let mut words = words;
        (sized && !words.all(relative)).then(|| format!("`{property}: {value}` is not in em"))
    }

    fn styles() -> Vec<Style> {
        let mut styles = vec![Style::classic()];
        let mut other = Style::classic();
        other.blockquote.style = Value {
            value: QuoteStyle::Italic,
            source: Source::CommandLine,
        };
        other.body.paragraph.value = ParagraphStyle::Spacing;
        other.body.align.value = Align::Left;
        other.colors.link.value = Some(Color::Rgb([0.1, 0.2, 0.7]));
        other.colors.foreground.value = Color::Gray(0.1);
        other.fonts.base.value = "Charis SIL\"; } div { color: red".to_string();
        styles.push(other);
        styles
    }

    #[test]
    fn every_stylesheet_is_css_2_1_for_every_reader() {
        for style in styles() {
            let css = stylesheet(&style);
            assert_eq!(lint(&css), Vec::<String>::new(), "{css}");
        }
    }

    #[test]
    fn the_lint_catches_each_kind_of_fault() {
        let css = stylesheet(&Style::classic());
        for bad in [
            "div { margin: 0; }",
            "body > div p { color: #000000; }",
            "p { width: calc(100% - 2em); }",
            "p { color: var(--ink); }",
            ".box { display: flex; }",
            "h1 { font-size: 2rem; }",
            "p { margin: 0 5vw; }",
            "p { font-size: 12px; }",
            "p { text-indent: 18pt; }",
            "pre.code { background-color: #f0f0f0; }",
        ] {
            let planted = format!("{css}\n{bad}\n");
            assert!(!lint(&planted).is_empty(), "{bad} passed the lint");
        }
    }

    /// WCAG's relative luminance of a colour.
    fn luminance(color: Color) -> f32 {
        let [r, g, b] = match color {
            Color::Gray(gray) => [gray; 3],
            Color::Rgb(rgb) => rgb,
        };
        let linear = |c: f32| {
            let c = (c * 255.0).round() / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    #[test]
    fn code_inks_keep_wcag_aa_contrast_on_the_page() {
        let inks = CodeInks::CLASSIC;
        for ink in [
            inks.keyword,
            inks.constant,
            inks.name,
            inks.string,
            inks.comment,
        ] {
            let ratio = 1.05 / (luminance(ink.value.color) + 0.05);
            assert!(ratio >= 4.5, "{ink:?}: {ratio}");
        }
    }

    #[test]
    fn the_stylesheet_follows_the_style() {
        let classic = stylesheet(&Style::classic());
        assert!(classic.contains("h1 { font-size: 1.75em; font-weight: bold; font-style: normal;"));
        assert!(classic.contains("h4 { font-size: 1em; font-weight: bold; font-style: italic;"));
        assert!(classic.contains("font-family: \"Gentium Book Plus\", Georgia"));
        assert!(
            classic.contains(".hl-keyword, .hl-storage { color: #002199; font-weight: bold; }")
        );
        assert!(classic.contains("p + p { text-indent: 1.5em; }"));
        assert!(!classic.contains("font-style: italic; }\nblockquote em"));
        let other = &styles()[1];
        let css = stylesheet(other);
        assert!(css.contains("blockquote em { font-style: normal; }"));
        assert!(css.contains("p { margin: 0 0 0.625em 0; text-align: left; }"));
        assert!(css.contains("a { color: #1a33b3; }"));
        assert!(css.contains("color: #1a1a1a;"));
        assert!(css.contains("font-family: \"Charis SIL  div  color red\", Georgia"));
    }
}
