//! The table of contents, three ways: the EPUB 3 navigation document (`nav.xhtml`, with
//! landmarks), the NCX (`toc.ncx`) that EPUB 2 reading systems read, and the optional inline
//! contents page. All three come from one tree of headings nested to their real depth.
//!
//! epub-builder's own templates nest the NCX one level deep, give `nav.xhtml` no language and
//! leave out the NCX's `dtb:uid`; the archive step puts these documents in their place.

use super::escape::{clean, push_escaped};
use super::xhtml::Frame;

/// The heading of the contents, in the nav document and on the inline page.
pub(super) const CONTENTS_TITLE: &str = "Contents";

/// One heading as the table of contents lists it.
pub(super) struct TocHeading {
    pub level: u8,
    pub href: String,
    pub label: String,
}

/// An entry of the table of contents, with the entries nested under it.
#[derive(Debug)]
pub(super) struct Entry {
    pub href: String,
    pub label: String,
    pub children: Vec<Entry>,
}

/// A landmark of the nav document: `epub:type`, href and label.
pub(super) struct Landmark {
    pub kind: &'static str,
    pub href: String,
    pub label: &'static str,
}

/// A page of the paginated edition: the mark where it begins and its printed number.
pub(super) struct PageTarget {
    pub href: String,
    pub label: String,
}

/// Nests `headings` (in reading order) by level. Levels count from the shallowest one present,
/// so an article's level-2 sections are the first level; `depth` levels are kept. A heading
/// more than one level below the previous one nests directly under it.
pub(super) fn tree(headings: Vec<TocHeading>, depth: u8) -> Vec<Entry> {
    let Some(top) = headings.iter().map(|h| h.level).min() else {
        return Vec::new();
    };
    let mut roots = Vec::new();
    let mut open: Vec<(u8, Entry)> = Vec::new();
    for heading in headings {
        if heading.level - top >= depth {
            continue;
        }
        while open
            .last()
            .is_some_and(|(level, _)| *level >= heading.level)
        {
            close_last(&mut open, &mut roots);
        }
        let label = clean(heading.label.trim()).into_owned();
        open.push((
            heading.level,
            Entry {
                href: heading.href,
                label: if label.is_empty() {
                    "Untitled".to_string()
                } else {
                    label
                },
                children: Vec::new(),
            },
        ));
    }
    while !open.is_empty() {
        close_last(&mut open, &mut roots);
    }
    roots
}

fn close_last(open: &mut Vec<(u8, Entry)>, roots: &mut Vec<Entry>) {
    if let Some((_, entry)) = open.pop() {
        match open.last_mut() {
            Some((_, parent)) => parent.children.push(entry),
            None => roots.push(entry),
        }
    }
}

/// How deeply `entries` nest (1 for a flat list).
pub(super) fn depth(entries: &[Entry]) -> usize {
    entries
        .iter()
        .map(|e| 1 + depth(&e.children))
        .max()
        .unwrap_or(0)
}

/// `nav.xhtml`: the contents as `<nav epub:type="toc">`, then the landmarks.
pub(super) fn nav_document(
    frame: &Frame,
    entries: &[Entry],
    landmarks: &[Landmark],
    pages: &[PageTarget],
) -> String {
    let mut out = String::new();
    frame.open(&mut out, CONTENTS_TITLE, None);
    push_contents(
        &mut out,
        "epub:type=\"toc\" role=\"doc-toc\" id=\"toc\"",
        entries,
    );
    out.push_str("<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<ol>\n");
    for landmark in landmarks {
        out.push_str("<li><a epub:type=\"");
        out.push_str(landmark.kind);
        out.push_str("\" href=\"");
        push_escaped(&mut out, &landmark.href);
        out.push_str("\">");
        out.push_str(landmark.label);
        out.push_str("</a></li>\n");
    }
    out.push_str("</ol>\n</nav>\n");
    if !pages.is_empty() {
        out.push_str(
            "<nav epub:type=\"page-list\" role=\"doc-pagelist\" id=\"page-list\" hidden=\"hidden\">\n<h2>Pages</h2>\n<ol>\n",
        );
        for page in pages {
            out.push_str("<li><a href=\"");
            push_escaped(&mut out, &page.href);
            out.push_str("\">");
            push_escaped(&mut out, &page.label);
            out.push_str("</a></li>\n");
        }
        out.push_str("</ol>\n</nav>\n");
    }
    Frame::close(&mut out);
    out
}

/// The contents as a page of the book, for readers who page through it.
pub(super) fn inline_page(frame: &Frame, entries: &[Entry]) -> String {
    let mut out = String::new();
    frame.open(&mut out, CONTENTS_TITLE, None);
    push_contents(&mut out, "role=\"doc-toc\" id=\"contents\"", entries);
    Frame::close(&mut out);
    out
}

/// A `<nav>` with the given attributes holding the heading and the nested contents list.
fn push_contents(out: &mut String, attributes: &str, entries: &[Entry]) {
    out.push_str("<nav ");
    out.push_str(attributes);
    out.push_str(">\n<h1>");
    out.push_str(CONTENTS_TITLE);
    out.push_str("</h1>\n");
    push_list(out, entries);
    out.push_str("</nav>\n");
}

fn push_list(out: &mut String, entries: &[Entry]) {
    out.push_str("<ol>\n");
    for entry in entries {
        out.push_str("<li><a href=\"");
        push_escaped(out, &entry.href);
        out.push_str("\">");
        push_escaped(out, &entry.label);
        out.push_str("</a>");
        if !entry.children.is_empty() {
            out.push('\n');
            push_list(out, &entry.children);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

/// `toc.ncx`, identified by the package's unique identifier, with its real depth.
pub(super) fn ncx(
    entries: &[Entry],
    pages: &[PageTarget],
    uid: &str,
    title: &str,
    frame: &Frame,
) -> String {
    // Front matter pages are numbered in roman: they have no number the NCX can count.
    let numbers = || pages.iter().filter_map(|p| p.label.parse::<usize>().ok());
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"",
    );
    push_escaped(&mut out, &frame.lang);
    out.push_str("\" dir=\"");
    out.push_str(frame.dir);
    out.push_str("\">\n<head>\n<meta name=\"dtb:uid\" content=\"");
    push_escaped(&mut out, uid);
    out.push_str(&format!(
        "\"/>\n<meta name=\"dtb:depth\" content=\"{}\"/>\n\
         <meta name=\"dtb:totalPageCount\" content=\"{}\"/>\n\
         <meta name=\"dtb:maxPageNumber\" content=\"{}\"/>\n</head>\n<docTitle><text>",
        depth(entries).max(1),
        pages.len(),
        numbers().max().unwrap_or(0)
    ));
    push_escaped(&mut out, title);
    out.push_str("</text></docTitle>\n<navMap>\n");
    let mut play_order = 0;
    push_nav_points(&mut out, entries, &mut play_order);
    out.push_str("</navMap>\n");
    if !pages.is_empty() {
        out.push_str("<pageList>\n<navLabel><text>Pages</text></navLabel>\n");
        for (n, page) in pages.iter().enumerate() {
            play_order += 1;
            let (kind, value) = match page.label.parse::<usize>() {
                Ok(number) => ("normal", format!(" value=\"{number}\"")),
                Err(_) => ("front", String::new()),
            };
            out.push_str(&format!(
                "<pageTarget id=\"page-{}\" type=\"{kind}\"{value} playOrder=\"{play_order}\">\n<navLabel><text>",
                n + 1
            ));
            push_escaped(&mut out, &page.label);
            out.push_str("</text></navLabel>\n<content src=\"");
            push_escaped(&mut out, &page.href);
            out.push_str("\"/>\n</pageTarget>\n");
        }
        out.push_str("</pageList>\n");
    }
    out.push_str("</ncx>\n");
    out
}

fn push_nav_points(out: &mut String, entries: &[Entry], play_order: &mut usize) {
    for entry in entries {
        *play_order += 1;
        out.push_str(&format!(
            "<navPoint id=\"navpoint-{0}\" playOrder=\"{0}\">\n<navLabel><text>",
            play_order
        ));
        push_escaped(out, &entry.label);
        out.push_str("</text></navLabel>\n<content src=\"");
        push_escaped(out, &entry.href);
        out.push_str("\"/>\n");
        push_nav_points(out, &entry.children, play_order);
        out.push_str("</navPoint>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, label: &str) -> TocHeading {
        TocHeading {
            level,
            href: format!("f.xhtml#{label}"),
            label: label.to_string(),
        }
    }

    #[test]
    fn headings_nest_by_level_and_depth_is_kept() {
        let headings = || {
            vec![
                heading(2, "a"),
                heading(3, "a1"),
                heading(5, "a1x"),
                heading(2, "b"),
                heading(4, "b1"),
            ]
        };
        let entries = tree(headings(), 6);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].children[0].children[0].label, "a1x");
        assert_eq!(entries[1].children[0].label, "b1");
        assert_eq!(depth(&entries), 3);
        assert_eq!(depth(&tree(headings(), 1)), 1);
        assert_eq!(depth(&tree(headings(), 2)), 2);
    }
}
