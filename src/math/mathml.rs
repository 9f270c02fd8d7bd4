//! The seam to math-core (TeX → MathML Core), and the pass that makes its MathML fit both
//! consumers: the EPUB's MathML 3 schema and formulary's layout.
//!
//! math-core writes MathML Core, which allows `displaystyle` and `scriptlevel` on any element;
//! MathML 3 (what EPUBCheck validates) allows them only on `mstyle`, so they move onto a wrapping
//! `mstyle`. Column alignment it states as CSS (`text-align`), which formulary does not read:
//! it is also written as `columnalign`. An arrow accent (`\overrightarrow`) is made stretchy so
//! it spans its base. The TeX goes into `alttext`. Nothing else is changed.

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use roxmltree::{Document, Node, NodeType};

/// Why a formula has no MathML: math-core's message and the byte range of the TeX at fault.
#[derive(Debug)]
pub(super) struct Failure {
    pub message: String,
    pub range: std::ops::Range<usize>,
}

/// One converter per document: building it compiles no macros (the document's are expanded
/// before math-core sees the TeX).
pub(super) struct Converter {
    inner: LatexToMathML,
}

impl Converter {
    pub(super) fn new() -> Converter {
        let config = MathCoreConfig {
            xml_namespace: true,
            ..MathCoreConfig::default()
        };
        // No macros are given, the only thing `new` can fail on.
        let inner = LatexToMathML::new(config).unwrap_or_default();
        Converter { inner }
    }

    /// `tex` as MathML with `alt` (the TeX as written) for its `alttext`.
    pub(super) fn convert(&self, tex: &str, alt: &str, display: bool) -> Result<String, Failure> {
        let mode = if display {
            MathDisplay::Block
        } else {
            MathDisplay::Inline
        };
        // math-core is young: a formula that makes it panic is one it cannot set, not a crash.
        let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.inner.convert_with_local_state(tex, mode)
        }))
        .map_err(|_| Failure {
            message: "math-core failed inside on this formula".to_string(),
            range: 0..tex.len(),
        })?;
        let converted = attempt.map_err(|e| Failure {
            message: e.error_message(),
            range: e.0.clone(),
        })?;
        let doc = Document::parse(&converted.mathml).map_err(|e| Failure {
            message: format!("the MathML made from it is not well-formed ({e})"),
            range: 0..tex.len(),
        })?;
        let mut out = String::with_capacity(converted.mathml.len() + alt.len() + 16);
        write_element(&mut out, doc.root_element(), Some(alt));
        Ok(out)
    }
}

/// Attributes MathML 3 allows only on `mstyle` (and `math`).
const STYLE_ONLY: [&str; 2] = ["displaystyle", "scriptlevel"];

fn write_element(out: &mut String, node: Node, alt: Option<&str>) {
    let name = node.tag_name().name();
    // `\color` comes as CSS; formulary and MathML 3 read `mathcolor` on an `mstyle`.
    let color = css_color(node);
    if let Some(color) = color {
        out.push_str("<mstyle");
        attribute(out, "mathcolor", color);
        out.push('>');
    }
    let moved: Vec<_> = node
        .attributes()
        .filter(|a| name != "mstyle" && name != "math" && STYLE_ONLY.contains(&a.name()))
        .collect();
    if !moved.is_empty() {
        out.push_str("<mstyle");
        for a in &moved {
            attribute(out, a.name(), a.value());
        }
        out.push('>');
    }
    out.push('<');
    out.push_str(name);
    for a in node
        .attributes()
        .filter(|a| !moved.iter().any(|m| m.name() == a.name()))
    {
        // Namespace declarations come back as the `xmlns` below.
        attribute(out, a.name(), a.value());
    }
    if name == "math" {
        attribute(out, "xmlns", "http://www.w3.org/1998/Math/MathML");
        if let Some(alt) = alt {
            attribute(out, "alttext", alt.trim());
        }
    }
    if let Some(align) = column_align(node) {
        attribute(out, "columnalign", align);
    }
    if let Some(aligns) = table_align(node) {
        attribute(out, "columnalign", &aligns);
    }
    if is_arrow_accent(node) {
        attribute(out, "stretchy", "true");
    }
    let mut children = node.children().peekable();
    if children.peek().is_none() {
        out.push_str("/>");
    } else {
        out.push('>');
        for child in children {
            match child.node_type() {
                NodeType::Element => write_element(out, child, None),
                NodeType::Text => escape(out, child.text().unwrap_or("")),
                _ => {}
            }
        }
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    if !moved.is_empty() {
        out.push_str("</mstyle>");
    }
    if color.is_some() {
        out.push_str("</mstyle>");
    }
}

/// The colour a `style="color:#RRGGBB;"` gives.
fn css_color<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    let style = node.attribute("style")?;
    let value = style.split(';').find_map(|rule| {
        let (key, value) = rule.split_once(':')?;
        (key.trim() == "color").then(|| value.trim())
    })?;
    value.starts_with('#').then_some(value)
}

/// A cell's alignment from its CSS, as MathML's `columnalign`.
fn column_align(node: Node) -> Option<&'static str> {
    if node.tag_name().name() != "mtd" || node.has_attribute("columnalign") {
        return None;
    }
    css_align(node)
}

/// A table's column alignments, from the cells of its first row (formulary reads the table's
/// list, not the cells').
fn table_align(node: Node) -> Option<String> {
    if node.tag_name().name() != "mtable" || node.has_attribute("columnalign") {
        return None;
    }
    let row = node.children().find(|c| c.tag_name().name() == "mtr")?;
    let aligns: Vec<&str> = row
        .children()
        .filter(|c| c.tag_name().name() == "mtd")
        .map(|cell| css_align(cell).unwrap_or("center"))
        .collect();
    aligns
        .iter()
        .any(|a| *a != "center")
        .then(|| aligns.join(" "))
}

fn css_align(node: Node) -> Option<&'static str> {
    let style = node.attribute("style")?;
    if style.contains("text-align: left") {
        Some("left")
    } else if style.contains("text-align: right") {
        Some("right")
    } else {
        None
    }
}

/// The arrow over `\overrightarrow{…}` (and its kin): an `mo` accent that math-core leaves
/// unstretched.
fn is_arrow_accent(node: Node) -> bool {
    let arrow = node.tag_name().name() == "mo"
        && !node.has_attribute("stretchy")
        && matches!(node.text(), Some("→" | "←" | "↔"));
    let over = node
        .parent_element()
        .is_some_and(|p| matches!(p.tag_name().name(), "mover" | "munder"));
    let accent = node.prev_sibling_element().is_some();
    arrow && over && accent
}

fn attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape(out, value);
    out.push('"');
}

/// XML's five entities only (XHTML in an EPUB knows no others).
fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_attributes_move_to_mstyle_and_the_tex_becomes_alttext() {
        let mathml = Converter::new()
            .convert(r"\dfrac{1}{2} < x", r"\dfrac{1}{2} < x", true)
            .unwrap();
        assert!(
            mathml.starts_with("<math display=\"block\" xmlns="),
            "{mathml}"
        );
        assert!(
            mathml.contains(r#"alttext="\dfrac{1}{2} &lt; x""#),
            "{mathml}"
        );
        assert!(
            mathml.contains("<mstyle displaystyle=\"true\"><mfrac>"),
            "{mathml}"
        );
        assert!(mathml.contains("<mo>&lt;</mo>"), "{mathml}");
        Document::parse(&mathml).expect("well-formed");
    }

    #[test]
    fn cells_get_columnalign_and_arrows_stretch() {
        let converter = Converter::new();
        let cases = converter
            .convert(r"\begin{cases} a & b \end{cases}", "", false)
            .unwrap();
        assert!(
            cases.contains("<mtable columnalign=\"left left\""),
            "{cases}"
        );
        assert!(cases.contains("columnalign=\"left\"><mi>a</mi>"), "{cases}");
        let arrow = converter
            .convert(r"\overrightarrow{PQ}", "", false)
            .unwrap();
        assert!(arrow.contains("<mo stretchy=\"true\">→</mo>"), "{arrow}");
    }

    #[test]
    fn a_colour_becomes_mathcolor() {
        let red = Converter::new()
            .convert(r"\color{red} x", "", false)
            .unwrap();
        assert!(red.contains("<mstyle mathcolor=\"#FF0000\"><mrow"), "{red}");
    }

    #[test]
    fn an_unknown_command_fails_with_its_range() {
        let failure = Converter::new()
            .convert(r"x + \nosuch y", "", false)
            .unwrap_err();
        assert_eq!(failure.range, 4..11);
        assert!(failure.message.contains("nosuch"), "{}", failure.message);
    }
}
