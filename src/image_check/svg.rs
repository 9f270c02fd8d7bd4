//! SVG written back clean. The file is parsed (no entity declarations, at most
//! [`MAX_SVG_NODES`] nodes) and only what draws is written out again: SVG elements without
//! scripts, animation or foreign content, attributes without event handlers, and references
//! that stay inside the file (`#id`) or carry their data (`data:image/png…`). Comments, the
//! doctype and processing instructions go. The copy is then held to [`super::svg_bounds`] and
//! must parse and convert as a drawing; what the EPUB carries and what the PDF draws is that copy.

use super::svg_bounds;
use roxmltree::{Document, Node, NodeType, ParsingOptions};
use std::fmt::Write;

/// Most XML nodes an SVG may have: a detailed map or chart has tens of thousands; more only
/// costs parsing time and memory.
const MAX_SVG_NODES: u32 = 250_000;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Elements left out with all they contain: they run code, animate (nothing is animated on a
/// page), or hold another format (HTML in `foreignObject`).
const DROPPED_ELEMENTS: &[&str] = &[
    "script",
    "foreignObject",
    "handler",
    "listener",
    "set",
    "animate",
    "animateColor",
    "animateMotion",
    "animateTransform",
    "discard",
];

/// Embedded rasters an SVG may carry in a `data:` URL: the book's own raster formats.
const DATA_IMAGES: &[&str] = &[
    "data:image/png",
    "data:image/jpeg",
    "data:image/jpg",
    "data:image/gif",
    "data:image/webp",
];

/// The clean copy of the SVG in `bytes`, or why there is none.
pub(super) fn clean(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "it is an SVG that is not UTF-8 text")?;
    let text = text.trim_start_matches('\u{feff}');
    // Entities are how XML reaches other files (external ones) or blows up (nested ones); no
    // drawing needs them.
    if text.contains("<!ENTITY") {
        return Err("it is an SVG that declares XML entities".to_string());
    }
    let options = ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_SVG_NODES,
        ..ParsingOptions::default()
    };
    let document = Document::parse_with_options(text, options)
        .map_err(|e| format!("it is an SVG that is not well-formed XML ({e})"))?;
    let root = document.root_element();
    if root.tag_name().namespace() != Some(SVG_NS) || root.tag_name().name() != "svg" {
        return Err("its root element is not an SVG `svg` element".to_string());
    }
    let clean = write_clean(root);
    let copy = Document::parse(&clean)
        .map_err(|e| format!("it is an SVG that cannot be written back ({e})"))?;
    svg_bounds::check(&copy)?;
    drawable(clean.as_bytes())?;
    Ok(clean.into_bytes())
}

/// Parses the copy as a drawing and converts it as the PDF will (svg2pdf refuses graphics
/// states nested deeper than a PDF reader must support), loading nothing it names: what cannot
/// be drawn is refused here rather than shipped in the EPUB and missing from the PDF.
fn drawable(clean: &[u8]) -> Result<(), String> {
    let mut options = usvg::Options::default();
    options.image_href_resolver.resolve_string = Box::new(|_, _| None);
    let cannot = |e: &dyn std::fmt::Display| format!("it is an SVG that cannot be drawn ({e})");
    let tree = usvg::Tree::from_data(clean, &options).map_err(|e| cannot(&e))?;
    svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
        .map(drop)
        .map_err(|e| cannot(&e))
}

/// `root` and what it contains, as XML, without what [`clean`]'s module docs leave out. It
/// walks the tree without recursion, so no nesting can exhaust the stack.
fn write_clean(root: Node) -> String {
    let mut out = String::new();
    // The elements open around the current node, each with whether it is written (an element
    // left out leaves out all it contains).
    let mut open: Vec<(Node, bool)> = Vec::new();
    for node in root.descendants() {
        while let Some(&(element, written)) = open.last() {
            if node.parent() == Some(element) {
                break;
            }
            open.pop();
            if written {
                let _ = write!(out, "</{}>", element.tag_name().name());
            }
        }
        let inside_written = open.last().is_none_or(|&(_, written)| written);
        match node.node_type() {
            NodeType::Element => {
                let written = inside_written && kept(node);
                open.push((node, written));
                if written {
                    start_tag(node, node == root, &mut out);
                }
            }
            NodeType::Text if inside_written => {
                escape(node.text().unwrap_or_default(), false, &mut out)
            }
            _ => {}
        }
    }
    for (element, written) in open.into_iter().rev() {
        if written {
            let _ = write!(out, "</{}>", element.tag_name().name());
        }
    }
    out
}

/// The start tag of `node` with its safe attributes; the root declares the namespaces.
fn start_tag(node: Node, root: bool, out: &mut String) {
    out.push('<');
    out.push_str(node.tag_name().name());
    if root {
        let _ = write!(out, " xmlns=\"{SVG_NS}\" xmlns:xlink=\"{XLINK_NS}\"");
    }
    for attribute in node.attributes() {
        let prefix = match attribute.namespace() {
            None => "",
            Some(XLINK_NS) => "xlink:",
            Some(XML_NS) if matches!(attribute.name(), "space" | "lang") => "xml:",
            Some(_) => continue,
        };
        if !safe_attribute(attribute.name(), attribute.value()) {
            continue;
        }
        let _ = write!(out, " {prefix}{}=\"", attribute.name());
        escape(attribute.value(), true, out);
        out.push('"');
    }
    out.push('>');
}

/// Whether the element `node` is written out (its content is looked at on its own).
fn kept(node: Node) -> bool {
    let name = node.tag_name();
    if name.namespace() != Some(SVG_NS) || DROPPED_ELEMENTS.contains(&name.name()) {
        return false;
    }
    // A style sheet is kept only when it refers to nothing outside the file.
    name.name() != "style"
        || node
            .children()
            .all(|child| !child.is_text() || safe_value(child.text().unwrap_or_default()))
}

/// Whether the attribute `name="value"` is written out: no event handler (`onload`, …), no
/// `href` out of the file, no value that reaches outside it.
fn safe_attribute(name: &str, value: &str) -> bool {
    // Byte slices by `get`: a name or value may start with any character.
    let starts_with = |text: &str, prefix: &str| {
        text.get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    };
    if name.len() > 2 && starts_with(name, "on") {
        return false;
    }
    if name == "href" {
        let value = value.trim();
        return value.starts_with('#')
            || DATA_IMAGES
                .iter()
                .any(|prefix| value.len() > prefix.len() && starts_with(value, prefix));
    }
    safe_value(value)
}

/// Whether a value or style sheet refers only inside the file: every `url(…)` names a `#id`,
/// there is no `@import` and no `javascript:`, and no CSS escape that could spell either.
fn safe_value(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if lower.contains("@import") || lower.contains("javascript:") || lower.contains('\\') {
        return false;
    }
    lower.match_indices("url(").all(|(at, _)| {
        lower[at + "url(".len()..]
            .trim_start()
            .trim_start_matches(['"', '\''])
            .starts_with('#')
    })
}

/// Appends `text` with XML's special characters escaped (and, in an attribute, quotes and
/// line ends, which would otherwise be read back as spaces).
fn escape(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' if attribute => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}
