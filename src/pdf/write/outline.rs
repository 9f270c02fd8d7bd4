//! The document outline (bookmarks) as PDF outline items, nested by heading level.
//!
//! Levels may skip (a level-3 entry right after a level-1 one nests under it). The top level
//! is shown open with its children visible; deeper items start closed. Entries pointing at a
//! page that does not exist are left out. Only `catalog` calls this.

use super::objects::{text_string, xyz};
use crate::pdf::layout::OutlineEntry;
use lopdf::{Dictionary, Document, ObjectId};

/// Items at depths below this start open: a book's outline then shows chapters and their
/// sections, and an article's single title shows its sections.
const OPEN_DEPTH: usize = 1;

struct Node<'a> {
    entry: &'a OutlineEntry,
    children: Vec<usize>,
    depth: usize,
}

/// Writes the outline and returns its root, or None when there is nothing to show.
pub(crate) fn write_outline(
    doc: &mut Document,
    entries: &[OutlineEntry],
    pages: &[ObjectId],
) -> Option<ObjectId> {
    let mut nodes: Vec<Node> = Vec::new();
    let mut top: Vec<usize> = Vec::new();
    // Open ancestors of the next entry: (level, node).
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for entry in entries.iter().filter(|e| e.destination.page < pages.len()) {
        while stack.last().is_some_and(|&(level, _)| level >= entry.level) {
            stack.pop();
        }
        let index = nodes.len();
        nodes.push(Node {
            entry,
            children: Vec::new(),
            depth: stack.len(),
        });
        match stack.last() {
            Some(&(_, parent)) => nodes[parent].children.push(index),
            None => top.push(index),
        }
        stack.push((entry.level, index));
    }
    let (Some(&first), Some(&last)) = (top.first(), top.last()) else {
        return None;
    };
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    let count = write_level(doc, &nodes, &ids, &top, root, pages);
    let mut dict = Dictionary::new();
    dict.set("Type", "Outlines");
    dict.set("First", ids[first]);
    dict.set("Last", ids[last]);
    dict.set("Count", count as i64);
    doc.objects.insert(root, dict.into());
    Some(root)
}

/// Writes siblings `level` under `parent`; returns how many items show when `parent` is open.
fn write_level(
    doc: &mut Document,
    nodes: &[Node],
    ids: &[ObjectId],
    level: &[usize],
    parent: ObjectId,
    pages: &[ObjectId],
) -> usize {
    let mut shown = 0;
    for (i, &n) in level.iter().enumerate() {
        let node = &nodes[n];
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&node.entry.title));
        dict.set("Parent", parent);
        if i > 0 {
            dict.set("Prev", ids[level[i - 1]]);
        }
        if let Some(&next) = level.get(i + 1) {
            dict.set("Next", ids[next]);
        }
        let dest = node.entry.destination;
        dict.set("Dest", xyz(pages[dest.page], dest.y));
        shown += 1;
        if let (Some(&first), Some(&last)) = (node.children.first(), node.children.last()) {
            let below = write_level(doc, nodes, ids, &node.children, ids[n], pages) as i64;
            dict.set("First", ids[first]);
            dict.set("Last", ids[last]);
            // Positive: open, that many items visible below; negative: closed.
            if node.depth < OPEN_DEPTH {
                dict.set("Count", below);
                shown += below as usize;
            } else {
                dict.set("Count", -below);
            }
        }
        doc.objects.insert(ids[n], dict.into());
    }
    shown
}
