//! Tagged PDF (ISO 32000-1, 14.7–14.8; PDF/UA-1): writes the structure tree into the document
//! printpdf wrote.
//!
//! printpdf has no tagging API, but its operator list carries marked content: `content` wraps
//! every drawing in `BDC /P <</MCID n>>` … `EMC` or `BMC /Artifact` … `EMC` and reports what each
//! MCID belongs to ([`Marked`]). Here, after printpdf, lopdf objects are added: one StructElem
//! per element that received content (in the order its content is drawn, page by page), Link
//! elements with an OBJR for each link annotation (inside a Reference for a note's mark), a
//! Figure for each image in running text, the ParentTree that maps each page's MCIDs and each
//! annotation back to its element, /StructParents and /Tabs /S on every page, /StructParent and
//! /Contents on every annotation, the ID tree of the notes, /MarkInfo and XMP metadata.

use super::objects::text_string;
use super::xmp::metadata_stream;
use crate::pdf::error::WriteError;
use crate::pdf::layout::{Laid, Mark, Node, Page, Placed, Role, Structure};
use crate::pdf::meta::PdfMeta;
use crate::pdf::text::{LinkTarget, note_number};
use lopdf::{Dictionary, Document, Object, ObjectId};

/// An image's part in tagged PDF: its bounding box on the page, in pt, and its alt text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub bbox: [f32; 4],
    pub alt: String,
}

/// What one MCID of a page belongs to: an element, the link area it lies in (by index in the
/// page's links), and for an image its figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Marked {
    pub node: Node,
    pub link: Option<usize>,
    pub figure: Option<Figure>,
}

/// What the writer hands over for the tree: the elements, each page's MCIDs, for each page
/// the index in its links of each annotation printpdf wrote, in /Annots order, and the text of
/// each of its links (taken before the page's drawing is freed).
pub struct Tagging<'a> {
    pub structure: &'a Structure,
    pub marked: Vec<Vec<Marked>>,
    pub annotated: Vec<Vec<usize>>,
    pub link_texts: Vec<Vec<String>>,
}

/// A child of a written element.
enum Kid {
    /// A page's marked-content sequence.
    Content {
        page: usize,
        mcid: usize,
    },
    Element(usize),
    /// An annotation of a page.
    Annotation {
        page: usize,
        annot: ObjectId,
    },
}

/// An element as it will be written.
struct Written {
    role: Role,
    parent: Option<usize>,
    kids: Vec<Kid>,
    alt: Option<String>,
    id: Option<String>,
    lang: Option<String>,
    column_header: bool,
    bbox: Option<(usize, [f32; 4])>,
}

/// The elements that received content, in reading order, as they are found.
struct Tree<'a> {
    structure: &'a Structure,
    written: Vec<Written>,
    /// The written index of each element of the structure, once it has one.
    index: Vec<Option<usize>>,
}

impl<'a> Tree<'a> {
    fn new(structure: &'a Structure) -> Self {
        Tree {
            structure,
            written: Vec::new(),
            index: Vec::new(),
        }
    }

    /// The written index of `node`, writing it (and the elements around it) on first use.
    fn element(&mut self, node: Node) -> usize {
        let slot = node.0 as usize;
        if let Some(Some(at)) = self.index.get(slot) {
            return *at;
        }
        let element = self.structure.get(node);
        let parent = element.parent.map(|parent| self.element(parent));
        let at = self.add(parent, element.role);
        let written = &mut self.written[at];
        written.alt = element.alt.clone();
        written.id = element.id.clone();
        written.lang = element.lang.clone();
        written.column_header = element.column_header;
        if self.index.len() <= slot {
            self.index.resize(slot + 1, None);
        }
        self.index[slot] = Some(at);
        at
    }

    /// A new element with no counterpart in the structure (links, figures in running text).
    fn add(&mut self, parent: Option<usize>, role: Role) -> usize {
        let at = self.written.len();
        self.written.push(Written {
            role,
            parent,
            kids: Vec::new(),
            alt: None,
            id: None,
            lang: None,
            column_header: false,
            bbox: None,
        });
        if let Some(parent) = parent {
            self.written[parent].kids.push(Kid::Element(at));
        }
        at
    }
}

/// Adds the structure tree and what goes with it to `doc`, whose pages are `pages`.
pub(crate) fn write_tree(
    doc: &mut Document,
    pages: &[ObjectId],
    laid: &Laid,
    tagging: &Tagging,
    meta: &PdfMeta,
) -> Result<(), WriteError> {
    let mut tree = Tree::new(tagging.structure);
    tree.element(Structure::ROOT);
    // Per page: the element of each MCID; then per annotation its element.
    let mut parents: Vec<Vec<usize>> = Vec::with_capacity(pages.len());
    let mut annotations: Vec<(ObjectId, usize)> = Vec::new();
    for (p, (&page_id, marked)) in pages.iter().zip(&tagging.marked).enumerate() {
        let annots = indirect_annotations(doc, page_id)?;
        let annotated = tagging.annotated.get(p).map_or(&[][..], Vec::as_slice);
        let page = &laid.pages[p];
        // The Link element of each of the page's link areas, made on its first text.
        let mut links: Vec<Option<usize>> = vec![None; page.links.len()];
        let mut owners = Vec::with_capacity(marked.len());
        for (mcid, m) in marked.iter().enumerate() {
            let owner = tree.element(m.node);
            let at = match (m.link, &m.figure) {
                (Some(link), _) => match links.get(link).copied().flatten() {
                    Some(at) => at,
                    None => {
                        let target = &page.links[link].target;
                        let at = link_element(&mut tree, owner, target);
                        if let Some(k) = annotated.iter().position(|&l| l == link)
                            && let Some(&annot) = annots.get(k)
                        {
                            tree.written[at]
                                .kids
                                .push(Kid::Annotation { page: p, annot });
                            annotations.push((annot, at));
                            let text = tagging
                                .link_texts
                                .get(p)
                                .and_then(|texts| texts.get(link))
                                .map_or("", String::as_str);
                            let contents = describe(target, text);
                            if let Ok(dict) = doc.get_dictionary_mut(annot) {
                                dict.set("Contents", text_string(&contents));
                            }
                        }
                        if let Some(slot) = links.get_mut(link) {
                            *slot = Some(at);
                        }
                        at
                    }
                },
                (None, Some(figure)) => {
                    let at = if tree.written[owner].role == Role::Figure {
                        owner
                    } else {
                        let at = tree.add(Some(owner), Role::Figure);
                        tree.written[at].alt = Some(figure.alt.clone());
                        at
                    };
                    let written = &mut tree.written[at];
                    written.bbox = Some(match written.bbox {
                        Some((page, b)) if page == p => (p, union(b, figure.bbox)),
                        _ => (p, figure.bbox),
                    });
                    at
                }
                (None, None) => owner,
            };
            tree.written[at].kids.push(Kid::Content { page: p, mcid });
            owners.push(at);
        }
        parents.push(owners);
    }
    let ids: Vec<ObjectId> = tree.written.iter().map(|_| doc.new_object_id()).collect();
    let root_id = doc.new_object_id();
    let mut nums = Vec::new();
    for (p, owners) in parents.iter().enumerate() {
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(
            owners
                .iter()
                .map(|&at| Object::Reference(ids[at]))
                .collect(),
        ));
    }
    for (k, &(annot, at)) in annotations.iter().enumerate() {
        let key = (pages.len() + k) as i64;
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(ids[at]));
        if let Ok(dict) = doc.get_dictionary_mut(annot) {
            dict.set("StructParent", key);
        }
    }
    let mut id_names = Vec::new();
    for (at, written) in tree.written.iter().enumerate() {
        let dict = element_dict(written, &ids, root_id, pages);
        if let Some(id) = &written.id {
            id_names.push((id.clone(), ids[at]));
        }
        doc.objects.insert(ids[at], Object::Dictionary(dict));
    }
    let mut root = Dictionary::new();
    root.set("Type", "StructTreeRoot");
    root.set("K", ids[0]);
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", nums);
    root.set("ParentTree", doc.add_object(parent_tree));
    root.set(
        "ParentTreeNextKey",
        (pages.len() + annotations.len()) as i64,
    );
    if !id_names.is_empty() {
        id_names.sort();
        let names = id_names
            .into_iter()
            .flat_map(|(id, at)| [text_string(&id), Object::Reference(at)])
            .collect::<Vec<_>>();
        let mut id_tree = Dictionary::new();
        id_tree.set("Names", names);
        root.set("IDTree", id_tree);
    }
    doc.objects.insert(root_id, Object::Dictionary(root));
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
    catalog.set("StructTreeRoot", root_id);
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
            && let Some(text) = texts.get_mut(*l)
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

/// The page's annotations as indirect objects (printpdf writes them inline, and an OBJR must
/// refer to one), in /Annots order.
fn indirect_annotations(doc: &mut Document, page: ObjectId) -> Result<Vec<ObjectId>, WriteError> {
    let annots = match doc
        .get_dictionary(page)
        .map_err(|_| WriteError::Structure("page"))?
        .get(b"Annots")
    {
        Ok(Object::Array(annots)) => annots.clone(),
        Ok(&Object::Reference(id)) => doc
            .get_object(id)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => return Ok(Vec::new()),
    };
    let ids: Vec<ObjectId> = annots
        .into_iter()
        .map(|annot| match annot {
            Object::Reference(id) => id,
            inline => doc.add_object(inline),
        })
        .collect();
    let page = doc
        .get_dictionary_mut(page)
        .map_err(|_| WriteError::Structure("page"))?;
    page.set(
        "Annots",
        ids.iter()
            .map(|&id| Object::Reference(id))
            .collect::<Vec<_>>(),
    );
    Ok(ids)
}

/// One StructElem. Marked content on the element's first page is referred to by bare MCID
/// under its /Pg, elsewhere by a marked-content reference naming its page.
fn element_dict(
    written: &Written,
    ids: &[ObjectId],
    root: ObjectId,
    pages: &[ObjectId],
) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", "StructElem");
    dict.set("S", written.role.name());
    dict.set("P", written.parent.map_or(root, |parent| ids[parent]));
    let first_page = written.kids.iter().find_map(|kid| match kid {
        Kid::Content { page, .. } | Kid::Annotation { page, .. } => Some(*page),
        Kid::Element(_) => None,
    });
    if let Some(page) = first_page {
        dict.set("Pg", pages[page]);
    }
    let kids: Vec<Object> = written
        .kids
        .iter()
        .map(|kid| match *kid {
            Kid::Element(at) => Object::Reference(ids[at]),
            Kid::Content { page, mcid } if Some(page) == first_page => Object::Integer(mcid as i64),
            Kid::Content { page, mcid } => {
                let mut mcr = Dictionary::new();
                mcr.set("Type", "MCR");
                mcr.set("Pg", pages[page]);
                mcr.set("MCID", mcid as i64);
                Object::Dictionary(mcr)
            }
            Kid::Annotation { page, annot } => {
                let mut objr = Dictionary::new();
                objr.set("Type", "OBJR");
                objr.set("Pg", pages[page]);
                objr.set("Obj", annot);
                Object::Dictionary(objr)
            }
        })
        .collect();
    dict.set("K", kids);
    if let Some(alt) = &written.alt {
        dict.set("Alt", text_string(alt));
    }
    if let Some(id) = &written.id {
        dict.set("ID", text_string(id));
    }
    if let Some(lang) = &written.lang {
        dict.set("Lang", text_string(lang));
    }
    let mut attributes = Vec::new();
    if written.column_header {
        let mut table = Dictionary::new();
        table.set("O", "Table");
        table.set("Scope", "Column");
        attributes.push(table);
    }
    if let Some((_, bbox)) = written.bbox {
        let mut layout = Dictionary::new();
        layout.set("O", "Layout");
        layout.set(
            "BBox",
            bbox.iter().map(|&v| Object::Real(v)).collect::<Vec<_>>(),
        );
        attributes.push(layout);
    }
    match attributes.len() {
        0 => {}
        1 => dict.set("A", attributes.remove(0)),
        _ => dict.set(
            "A",
            attributes
                .into_iter()
                .map(Object::Dictionary)
                .collect::<Vec<_>>(),
        ),
    }
    dict
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
