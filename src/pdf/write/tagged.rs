//! Tagged PDF (ISO 32000-1, 14.7–14.8; PDF/UA-1): writes the structure tree into the document.
//!
//! The marked content is in the pages already: `content` wraps every drawing in
//! `BDC /P <</MCID n>>` … `EMC` or `BMC /Artifact` … `EMC` as it writes the page's bytes, and
//! reports what each MCID belongs to ([`Marked`]). Here the tree is spelled into object streams:
//! one StructElem per element that received content (in the order its content is drawn, page
//! by page), Link elements with an OBJR for each link annotation (inside a Reference for a
//! note's mark), a Figure for each image in running text, the ParentTree that maps each page's
//! MCIDs and each annotation back to its element, /StructParents and /Tabs /S on every page,
//! /StructParent and /Contents on every annotation, the ID tree of the notes, /MarkInfo and XMP
//! metadata.

use super::annots::Annotations;
use super::packed::ObjectStreams;
use super::syntax;
use super::xmp::metadata_stream;
use crate::pdf::error::WriteError;
use crate::pdf::layout::{
    Element, LinkArea, Mark, Node, Page, PagedDocument, Placed, Role, Structure,
};
use crate::pdf::meta::PdfMeta;
use crate::pdf::text::{LinkTarget, note_number};
use lopdf::{Dictionary, Document, ObjectId};

/// An image's part in tagged PDF: its bounding box on the page, in pt, and its alt text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub bbox: [f32; 4],
    pub alt: String,
}

/// What one MCID of a page belongs to: an element, the link area it lies in (by index in the
/// page's links), and for an image its figure. Every page's are held until the tree is written
/// (a long table has one per cell), so the rare figure is boxed.
#[derive(Debug, Clone, PartialEq)]
pub struct Marked {
    pub node: Node,
    pub link: Option<u32>,
    pub figure: Option<Box<Figure>>,
}

/// What the writer hands over for the tree: the elements, each page's MCIDs, and the text of
/// each of each page's links (taken before the page's drawing is freed).
pub struct Tagging<'a> {
    pub structure: &'a Structure,
    pub marked: Vec<Vec<Marked>>,
    pub link_texts: Vec<Vec<String>>,
}

/// A child of a written element.
enum Kid {
    /// A page's marked-content sequence.
    Content {
        page: u32,
        mcid: u32,
    },
    Element(u32),
    /// An annotation of a page.
    Annotation {
        page: u32,
        annot: ObjectId,
    },
}

/// No next kid.
const LAST: u32 = u32::MAX;

/// An element as it will be written. A table has hundreds of thousands: it is kept small, its
/// kids in one list of the tree rather than a vector each.
struct Written {
    role: Role,
    parent: Option<u32>,
    /// The element of the structure it writes, whose /Alt, /ID, /Lang and scope it takes;
    /// none for links and figures in running text.
    node: Option<Node>,
    /// Its first and last kid in the tree's `kids`.
    kids: Option<(u32, u32)>,
    figure: Option<Box<Framed>>,
}

/// What a Figure element knows of its images: the bounding box on the page they are on (the
/// last such page), and for a figure in running text its alt text.
struct Framed {
    alt: Option<String>,
    page: usize,
    bbox: [f32; 4],
}

/// The elements that received content, in reading order, as they are found.
struct Tree<'a> {
    structure: &'a Structure,
    written: Vec<Written>,
    /// Every element's kids, each with the index of its next sibling (or [`LAST`]).
    kids: Vec<(Kid, u32)>,
    /// The written index of each element of the structure, once it has one.
    index: Vec<Option<u32>>,
}

impl<'a> Tree<'a> {
    fn new(structure: &'a Structure) -> Self {
        Tree {
            structure,
            written: Vec::new(),
            kids: Vec::new(),
            index: Vec::new(),
        }
    }

    /// Appends `kid` to the kids of element `at`.
    fn push_kid(&mut self, at: usize, kid: Kid) {
        let new = self.kids.len() as u32;
        self.kids.push((kid, LAST));
        let written = &mut self.written[at];
        written.kids = Some(match written.kids {
            Some((first, last)) => {
                self.kids[last as usize].1 = new;
                (first, new)
            }
            None => (new, new),
        });
    }

    /// The kids of element `written`, in order.
    fn kids_of(&self, written: &Written) -> impl Iterator<Item = &Kid> {
        let mut next = written.kids.map_or(LAST, |(first, _)| first);
        std::iter::from_fn(move || {
            let (kid, after) = self.kids.get(next as usize)?;
            next = *after;
            Some(kid)
        })
    }

    /// The written index of `node`, writing it (and the elements around it) on first use.
    fn element(&mut self, node: Node) -> usize {
        let slot = node.0 as usize;
        if let Some(Some(at)) = self.index.get(slot) {
            return *at as usize;
        }
        let element = self.structure.get(node);
        let parent = element.parent.map(|parent| self.element(parent));
        let at = self.add(parent, element.role);
        self.written[at].node = Some(node);
        if self.index.len() <= slot {
            self.index.resize(slot + 1, None);
        }
        self.index[slot] = Some(at as u32);
        at
    }

    /// A new element with no counterpart in the structure (links, figures in running text).
    fn add(&mut self, parent: Option<usize>, role: Role) -> usize {
        let at = self.written.len();
        self.written.push(Written {
            role,
            parent: parent.map(|p| p as u32),
            node: None,
            kids: None,
            figure: None,
        });
        if let Some(parent) = parent {
            self.push_kid(parent, Kid::Element(at as u32));
        }
        at
    }
}

/// Where the structure tree goes: the elements, their root and the ParentTree into `streams`
/// as they are spelled, /Contents and /StructParent into the `annotations`, the rest into `doc`.
pub(crate) struct TreeOutput<'a> {
    pub doc: &'a mut Document,
    pub streams: &'a mut ObjectStreams,
    pub annotations: &'a mut Annotations,
}

/// Adds the structure tree and what goes with it to the document whose pages are `pages`.
pub(crate) fn write_tree(
    out: &mut TreeOutput,
    pages: &[ObjectId],
    laid: &PagedDocument,
    tagging: &Tagging,
    meta: &PdfMeta,
) -> Result<(), WriteError> {
    let mut tree = Tree::new(tagging.structure);
    tree.element(Structure::ROOT);
    let owners = gather(&mut tree, pages.len(), laid, tagging, out.annotations);
    let root = spell_tree(out, &tree, &owners, pages)?;
    mark_document(out.doc, pages, root, meta)
}

/// What the ParentTree maps back to elements: per page the element of each MCID, then each
/// annotation that has an element, with it.
struct Owners {
    pages: Vec<Vec<u32>>,
    annotations: Vec<(ObjectId, usize)>,
}

/// Builds the tree from the pages' MCIDs in drawing order, page by page: each MCID becomes a
/// kid of its element, of the Link element of the link area it lies in, or of a Figure.
fn gather(
    tree: &mut Tree,
    page_count: usize,
    laid: &PagedDocument,
    tagging: &Tagging,
    annots_of: &mut Annotations,
) -> Owners {
    let mut owners = Owners {
        pages: Vec::with_capacity(page_count),
        annotations: Vec::new(),
    };
    for (p, marked) in tagging.marked.iter().enumerate().take(page_count) {
        let links = &laid.pages[p].links;
        let mut page = PageLinks {
            index: p,
            annots: (annots_of.pages.get_mut(p))
                .map(std::mem::take)
                .unwrap_or_default(),
            texts: tagging.link_texts.get(p).map_or(&[][..], Vec::as_slice),
            links,
            elements: vec![None; links.len()],
        };
        let mut mcids = Vec::with_capacity(marked.len());
        for (mcid, m) in marked.iter().enumerate() {
            let owner = tree.element(m.node);
            let at = match (m.link.map(|link| link as usize), &m.figure) {
                (Some(link), _) => {
                    page.element(tree, owner, link, page_count, &mut owners, annots_of)
                }
                (None, Some(figure)) => figure_element(tree, owner, figure, p),
                (None, None) => owner,
            };
            let kid = Kid::Content {
                page: p as u32,
                mcid: mcid as u32,
            };
            tree.push_kid(at, kid);
            mcids.push(at as u32);
        }
        owners.pages.push(mcids);
    }
    owners
}

/// One page's link areas while its MCIDs are gathered.
struct PageLinks<'a> {
    index: usize,
    /// The annotation of each link area, if it has one.
    annots: Vec<Option<ObjectId>>,
    /// The text of each link area.
    texts: &'a [String],
    links: &'a [LinkArea],
    /// The Link element of each link area, made on its first text.
    elements: Vec<Option<usize>>,
}

impl PageLinks<'_> {
    /// The Link element of link area `link`, inside `owner`. Made on the link's first text:
    /// its annotation becomes its kid and gets /Contents and /StructParent (its key in the
    /// ParentTree, after the pages').
    fn element(
        &mut self,
        tree: &mut Tree,
        owner: usize,
        link: usize,
        page_count: usize,
        owners: &mut Owners,
        annots_of: &mut Annotations,
    ) -> usize {
        if let Some(at) = self.elements.get(link).copied().flatten() {
            return at;
        }
        let target = &self.links[link].target;
        let at = link_element(tree, owner, target);
        if let Some(&Some(annot)) = self.annots.get(link) {
            let kid = Kid::Annotation {
                page: self.index as u32,
                annot,
            };
            tree.push_kid(at, kid);
            let key = page_count + owners.annotations.len();
            owners.annotations.push((annot, at));
            let text = self.texts.get(link).map_or("", String::as_str);
            let contents = describe(target, text);
            annots_of.add(annot, b"Contents", |out| syntax::text(out, &contents));
            annots_of.add(annot, b"StructParent", |out| {
                syntax::integer(out, key as i64);
            });
        }
        if let Some(slot) = self.elements.get_mut(link) {
            *slot = Some(at);
        }
        at
    }
}

/// The Figure element an image of page `p` goes in: `owner` when that is a figure, else a new
/// one inside it that carries the image's alt text. Its box grows over its images on a page.
fn figure_element(tree: &mut Tree, owner: usize, figure: &Figure, p: usize) -> usize {
    let (at, alt) = if tree.written[owner].role == Role::Figure {
        (owner, None)
    } else {
        let at = tree.add(Some(owner), Role::Figure);
        (at, Some(figure.alt.clone()))
    };
    match &mut tree.written[at].figure {
        Some(framed) if framed.page == p => {
            framed.bbox = union(framed.bbox, figure.bbox);
        }
        Some(framed) => (framed.page, framed.bbox) = (p, figure.bbox),
        slot @ None => {
            *slot = Some(Box::new(Framed {
                alt,
                page: p,
                bbox: figure.bbox,
            }));
        }
    }
    at
}

/// Spells the elements, the StructTreeRoot and the ParentTree into the object streams; the
/// elements take the numbers after the document's, then the root and the ParentTree. Gives
/// the root's id.
fn spell_tree(
    out: &mut TreeOutput,
    tree: &Tree,
    owners: &Owners,
    pages: &[ObjectId],
) -> Result<ObjectId, WriteError> {
    let TreeOutput { doc, streams, .. } = out;
    let first = doc.max_id + 1;
    let count = tree.written.len() as u32;
    let root_id = (first + count, 0);
    let parent_tree = (first + count + 1, 0);
    doc.max_id += count + 2;
    let number = |at: usize| (first + at as u32, 0);
    let mut id_names = Vec::new();
    let structure = tree.structure;
    for (at, written) in tree.written.iter().enumerate() {
        let id = number(at);
        if let Some(name) = written.node.and_then(|node| structure.get(node).id()) {
            id_names.push((name, id));
        }
        streams.add(id.0, |out| {
            spell_element(out, tree, written, number, root_id, pages);
        })?;
    }
    streams.add(root_id.0, |out| {
        out.extend_from_slice(b"<</Type/StructTreeRoot/K");
        syntax::reference(out, number(0));
        out.extend_from_slice(b"/ParentTree");
        syntax::reference(out, parent_tree);
        out.extend_from_slice(b"/ParentTreeNextKey");
        syntax::integer(out, (pages.len() + owners.annotations.len()) as i64);
        if !id_names.is_empty() {
            id_names.sort();
            out.extend_from_slice(b"/IDTree<</Names[");
            for (name, id) in &id_names {
                syntax::text(out, name);
                syntax::reference(out, *id);
            }
            out.extend_from_slice(b"]>>");
        }
        out.extend_from_slice(b">>");
    })?;
    streams.add(parent_tree.0, |out| {
        out.extend_from_slice(b"<</Nums[");
        for (p, mcids) in owners.pages.iter().enumerate() {
            syntax::integer(out, p as i64);
            out.push(b'[');
            for &at in mcids {
                syntax::reference(out, number(at as usize));
            }
            out.push(b']');
        }
        for (k, &(_, at)) in owners.annotations.iter().enumerate() {
            syntax::integer(out, (pages.len() + k) as i64);
            syntax::reference(out, number(at));
        }
        out.extend_from_slice(b"]>>");
    })?;
    Ok(root_id)
}

/// Points the pages (/StructParents, tab order by structure) and the catalog (/StructTreeRoot
/// `root`, /MarkInfo, XMP /Metadata) at the tree.
fn mark_document(
    doc: &mut Document,
    pages: &[ObjectId],
    root: ObjectId,
    meta: &PdfMeta,
) -> Result<(), WriteError> {
    for (p, &page) in pages.iter().enumerate() {
        let page = doc
            .get_dictionary_mut(page)
            .map_err(|_| WriteError::Structure("page"))?;
        page.set("StructParents", p as i64);
        page.set("Tabs", "S");
    }
    let metadata = doc.add_object(metadata_stream(meta));
    let catalog = doc
        .catalog_mut()
        .map_err(|_| WriteError::Structure("catalog"))?;
    catalog.set("StructTreeRoot", root);
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", true);
    catalog.set("MarkInfo", mark_info);
    catalog.set("Metadata", metadata);
    Ok(())
}

/// The element a link's text goes in: a Link inside `owner`, inside a Reference when the
/// link is a note's mark.
fn link_element(tree: &mut Tree, owner: usize, target: &LinkTarget) -> usize {
    let parent = match target {
        LinkTarget::Internal(id) if note_number(id).is_some() => {
            tree.add(Some(owner), Role::Reference)
        }
        _ => owner,
    };
    tree.add(Some(parent), Role::Link)
}

/// The text of each link area of `page`, as drawn.
pub(crate) fn link_texts_of(page: &Page) -> Vec<String> {
    let mut texts = vec![String::new(); page.links.len()];
    for (item, mark) in page.items.iter().zip(&page.marks) {
        if let (Placed::Text { run, .. }, Mark::Content { link: Some(l), .. }) = (item, mark)
            && let Some(text) = texts.get_mut(*l as usize)
        {
            text.push_str(&run.text);
        }
    }
    texts
}

/// A link annotation's /Contents: what it leads to, in words (PDF/UA-1, 7.18.5).
fn describe(target: &LinkTarget, text: &str) -> String {
    let text = text.trim();
    match target {
        LinkTarget::Internal(id) => match note_number(id) {
            Some(n) => format!("Note {n}"),
            None if !text.is_empty() => format!("Go to {text}"),
            None => "Go to a place in this document".to_string(),
        },
        LinkTarget::Uri(uri) => uri.clone(),
    }
}

/// One StructElem. Marked content on the element's first page is referred to by bare MCID
/// under its /Pg, elsewhere by a marked-content reference naming its page.
fn spell_element(
    out: &mut Vec<u8>,
    tree: &Tree,
    written: &Written,
    number: impl Fn(usize) -> ObjectId,
    root: ObjectId,
    pages: &[ObjectId],
) {
    out.extend_from_slice(b"<</Type/StructElem/S");
    syntax::name(out, written.role.name().as_bytes());
    out.extend_from_slice(b"/P");
    syntax::reference(out, written.parent.map_or(root, |at| number(at as usize)));
    let first_page = tree.kids_of(written).find_map(|kid| match kid {
        Kid::Content { page, .. } | Kid::Annotation { page, .. } => Some(*page),
        Kid::Element(_) => None,
    });
    if let Some(page) = first_page {
        out.extend_from_slice(b"/Pg");
        syntax::reference(out, pages[page as usize]);
    }
    out.extend_from_slice(b"/K[");
    for kid in tree.kids_of(written) {
        match *kid {
            Kid::Element(at) => syntax::reference(out, number(at as usize)),
            Kid::Content { page, mcid } if Some(page) == first_page => {
                syntax::integer(out, i64::from(mcid));
            }
            Kid::Content { page, mcid } => {
                out.extend_from_slice(b"<</Type/MCR/Pg");
                syntax::reference(out, pages[page as usize]);
                out.extend_from_slice(b"/MCID");
                syntax::integer(out, i64::from(mcid));
                out.extend_from_slice(b">>");
            }
            Kid::Annotation { page, annot } => {
                out.extend_from_slice(b"<</Type/OBJR/Pg");
                syntax::reference(out, pages[page as usize]);
                out.extend_from_slice(b"/Obj");
                syntax::reference(out, annot);
                out.extend_from_slice(b">>");
            }
        }
    }
    out.push(b']');
    let element = written.node.map(|node| tree.structure.get(node));
    let alt = written
        .figure
        .as_ref()
        .and_then(|framed| framed.alt.as_deref())
        .or_else(|| element.and_then(Element::alt));
    let entries = [
        (&b"/Alt"[..], alt),
        (b"/ID", element.and_then(Element::id)),
        (b"/Lang", element.and_then(Element::lang)),
    ];
    for (key, value) in entries {
        if let Some(value) = value {
            out.extend_from_slice(key);
            syntax::text(out, value);
        }
    }
    let column_header = element.is_some_and(|e| e.column_header);
    const TABLE: &[u8] = b"<</O/Table/Scope/Column>>";
    match (
        column_header,
        written.figure.as_ref().map(|framed| framed.bbox),
    ) {
        (false, None) => {}
        (true, None) => {
            out.extend_from_slice(b"/A");
            out.extend_from_slice(TABLE);
        }
        (header, Some(bbox)) => {
            out.extend_from_slice(if header { b"/A[" } else { b"/A" });
            if header {
                out.extend_from_slice(TABLE);
            }
            out.extend_from_slice(b"<</O/Layout/BBox[");
            for v in bbox {
                syntax::real(out, v);
            }
            out.extend_from_slice(b"]>>");
            if header {
                out.push(b']');
            }
        }
    }
    out.extend_from_slice(b">>");
}

/// The smallest rectangle holding both.
fn union(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}
