//! How far an SVG reaches when it is drawn. usvg and svg2pdf walk a drawing recursively: into
//! each element's children and into what it refers to (`<use href="#a">`, `fill="url(#p)"`,
//! clip paths, masks, markers, filters, gradients). A file can nest groups thousands deep, chain
//! references one after another, or refer to one group many times from a group referred to many
//! times. Each of these is bounded here, on the clean copy, before any drawing code sees it, as
//! are its numbers: a circle of radius 1e37 makes svg2pdf write hundreds of megabytes.

use roxmltree::{Document, Node, NodeId};
use std::collections::HashMap;

/// Deepest an SVG may reach, counting nested elements and references followed: drawing
/// programs nest a few groups in layers, a dozen at most; usvg and svg2pdf take several stack
/// frames per level, and [`crate::run`]'s workers have the stack for this many.
pub const MAX_SVG_DEPTH: u32 = 64;

/// Most elements an SVG may draw once every reference is followed: a flat file of tens of
/// thousands of shapes draws fine; a few hundred thousand is already minutes of work.
const MAX_DRAWN_ELEMENTS: u64 = 500_000;

/// Largest coordinate or length an SVG may state, in user units: drawings, maps included, stay
/// far below it; past about 1e30 svg2pdf's output grows with the number's digits.
const MAX_COORDINATE: f64 = 1e9;

/// Attributes whose numbers are coordinates, lengths, transforms, offsets, opacities or filter
/// parameters (colours, ids and names are not looked at: `#303030` is no number). usvg asserts
/// that such numbers are finite, so one beyond `f32` (a stop `offset` of 1e90) would panic it.
#[rustfmt::skip]
const GEOMETRY: &[&str] = &[
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "width",
    "height", "d", "points", "transform", "viewBox", "stroke-width", "stroke-dasharray",
    "stroke-dashoffset", "stroke-miterlimit", "font-size", "dx", "dy", "rotate", "textLength",
    "startOffset", "refX", "refY", "markerWidth", "markerHeight", "patternTransform",
    "gradientTransform", "stdDeviation", "radius", "scale", "letter-spacing", "word-spacing",
    "style", "offset", "opacity", "fill-opacity", "stroke-opacity", "stop-opacity",
    "flood-opacity", "baseFrequency", "numOctaves", "seed", "k1", "k2", "k3", "k4", "values",
    "tableValues", "slope", "intercept", "amplitude", "exponent", "kernelMatrix", "divisor",
    "bias", "order", "surfaceScale", "specularConstant", "specularExponent", "diffuseConstant",
    "limitingConeAngle", "azimuth", "elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ",
];

/// The first number in `document`'s geometry beyond [`MAX_COORDINATE`], as an error.
fn check_numbers(document: &Document) -> Result<(), String> {
    for node in document.descendants().filter(Node::is_element) {
        for attribute in node.attributes() {
            if !GEOMETRY.contains(&attribute.name()) {
                continue;
            }
            if let Some(n) =
                numbers(attribute.value()).find(|n| n.is_nan() || n.abs() > MAX_COORDINATE)
            {
                return Err(format!(
                    "it is an SVG with a {} of {n:e}, beyond any drawing's size",
                    attribute.name()
                ));
            }
        }
    }
    Ok(())
}

/// The numbers in an attribute value (`1e9`, `-.5`, `3.2E+4`), skipping `#hex` colours.
fn numbers(value: &str) -> impl Iterator<Item = f64> + '_ {
    let bytes = value.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let c = bytes[at];
            if c == b'#' {
                at += 1;
                while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
                    at += 1;
                }
            } else if c.is_ascii_digit()
                || (c == b'.' && bytes.get(at + 1).is_some_and(u8::is_ascii_digit))
            {
                let start = at;
                while at < bytes.len() && (bytes[at].is_ascii_digit() || bytes[at] == b'.') {
                    at += 1;
                }
                if at < bytes.len() && matches!(bytes[at], b'e' | b'E') {
                    let mut end = at + 1;
                    if end < bytes.len() && matches!(bytes[end], b'+' | b'-') {
                        end += 1;
                    }
                    if end < bytes.len() && bytes[end].is_ascii_digit() {
                        while end < bytes.len() && bytes[end].is_ascii_digit() {
                            end += 1;
                        }
                        at = end;
                    }
                }
                // "1.2.3" in path data is 1.2 and .3: the longest prefix that parses.
                let token = &value[start..at];
                let parsed = (1..=token.len())
                    .rev()
                    .find_map(|len| token[..len].parse::<f64>().ok());
                if let Some(n) = parsed {
                    return Some(n);
                }
            } else {
                at += 1;
            }
        }
        None
    })
}

/// Where a node stands in the walk.
#[derive(Clone, Copy, PartialEq)]
enum State {
    /// Its successors are being walked: meeting it again is a loop.
    Open,
    /// Walked: how deep it reaches and how many elements it draws.
    Done { depth: u32, elements: u64 },
}

/// Whether `document` stays within [`MAX_SVG_DEPTH`], [`MAX_DRAWN_ELEMENTS`] and
/// [`MAX_COORDINATE`], refers to no element that refers back to it, and refers to no `#id` it
/// lacks (such references are dropped by usvg, so they are allowed).
pub(super) fn check(document: &Document) -> Result<(), String> {
    check_numbers(document)?;
    let ids: HashMap<&str, NodeId> = document
        .descendants()
        .filter_map(|node| Some((node.attribute("id")?, node.id())))
        .collect();
    let successors = |node: Node| -> Vec<NodeId> {
        let mut next: Vec<NodeId> = node
            .children()
            .filter(Node::is_element)
            .map(|n| n.id())
            .collect();
        for attribute in node.attributes() {
            for target in references(attribute.value()) {
                if let Some(&id) = ids.get(target) {
                    next.push(id);
                }
            }
        }
        next
    };
    let mut states: HashMap<NodeId, State> = HashMap::new();
    // Post-order without recursion: a node is entered (false), then finished (true) once all
    // its successors are.
    let mut stack = vec![(document.root_element().id(), false)];
    while let Some((id, finishing)) = stack.pop() {
        let node = document.get_node(id).expect("an id of this document");
        if finishing {
            let (mut depth, mut elements) = (0, 1u64);
            for next in successors(node) {
                if let Some(State::Done {
                    depth: d,
                    elements: e,
                }) = states.get(&next)
                {
                    depth = depth.max(*d);
                    elements = elements.saturating_add(*e);
                }
            }
            let depth = depth + 1;
            if depth > MAX_SVG_DEPTH {
                return Err(format!(
                    "it is an SVG nested more than {MAX_SVG_DEPTH} levels deep (counting the references it follows)"
                ));
            }
            if elements > MAX_DRAWN_ELEMENTS {
                return Err(format!(
                    "it is an SVG that draws more than {MAX_DRAWN_ELEMENTS} elements once its references are followed"
                ));
            }
            states.insert(id, State::Done { depth, elements });
            continue;
        }
        match states.get(&id) {
            Some(State::Done { .. }) => continue,
            Some(State::Open) => {
                return Err("it is an SVG whose references loop back on themselves".to_string());
            }
            None => {}
        }
        states.insert(id, State::Open);
        stack.push((id, true));
        for next in successors(node) {
            match states.get(&next) {
                Some(State::Open) => {
                    return Err("it is an SVG whose references loop back on themselves".to_string());
                }
                Some(State::Done { .. }) => {}
                None => stack.push((next, false)),
            }
        }
    }
    Ok(())
}

/// The `#id`s a value refers to: a whole `#id` (an `href`) or each `url(#id)` in it.
fn references(value: &str) -> Vec<&str> {
    let value = value.trim();
    if let Some(id) = value.strip_prefix('#') {
        return vec![id];
    }
    value
        .match_indices("url(")
        .filter_map(|(at, _)| {
            let rest = value[at + "url(".len()..].trim_start();
            let rest = rest.trim_start_matches(['"', '\'']);
            let id = rest.strip_prefix('#')?;
            let end = id.find([')', '"', '\'']).unwrap_or(id.len());
            Some(id[..end].trim())
        })
        .collect()
}
