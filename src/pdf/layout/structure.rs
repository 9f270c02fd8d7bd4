//! The logical structure of the typeset document, for tagged PDF: which structure element
//! (paragraph, heading, list item, table cell, figure, note …) each piece of page content
//! belongs to, or that it is an artifact (running heads, folios, rules, backgrounds).
//!
//! Typesetting opens and closes elements as it flows the model's blocks and tags the drawings
//! of each slab with the element open at the time; the writer (`write/tagged.rs`) writes the
//! elements that received content as the PDF's structure tree. Elements here only know their
//! role, parent and attributes; the order of their children is the order their content is
//! drawn in.

/// An element of the structure, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Node(pub u32);

/// Standard structure types of ISO 32000-1, 14.8.4, that folio uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    /// A heading of level 1 to 6.
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    BlockQuote,
    Code,
    Table,
    THead,
    TBody,
    TR,
    TH,
    TD,
    Figure,
    /// A formula, its TeX as /Alt.
    Formula,
    Caption,
    Note,
    Reference,
    Link,
    Toc,
    Toci,
}

impl Role {
    /// The structure type's name as written in /S.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H(level) => {
                ["H1", "H2", "H3", "H4", "H5", "H6"][usize::from(level.clamp(1, 6)) - 1]
            }
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::BlockQuote => "BlockQuote",
            Role::Code => "Code",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::Formula => "Formula",
            Role::Caption => "Caption",
            Role::Note => "Note",
            Role::Reference => "Reference",
            Role::Link => "Link",
            Role::Toc => "TOC",
            Role::Toci => "TOCI",
        }
    }
}

/// One structure element. A long table makes hundreds of thousands (a row and each of its
/// cells), so it is kept small: the few that state an attribute hold it in a box of their own.
#[derive(Debug, Clone)]
pub struct Element {
    pub role: Role,
    /// `None` only for the root, the Document.
    pub parent: Option<Node>,
    /// A header cell's scope: true for a column header (the only kind Markdown tables have).
    pub column_header: bool,
    attributes: Option<Box<Attributes>>,
}

/// What an element may state beyond its role.
#[derive(Debug, Clone, Default)]
pub struct Attributes {
    /// Text alternative (figures).
    pub alt: Option<String>,
    /// The element's /ID (notes, which PDF/UA wants identified).
    pub id: Option<String>,
    /// Its /Lang (BCP 47) where its language differs from its parent's (a Dari section in an
    /// English article), so that a screen reader switches voices.
    pub lang: Option<String>,
}

/// What a drawing is: content of an element, or an artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Artifact,
    Content(Node),
}

/// The elements made so far and the ones open, innermost last.
#[derive(Debug, Clone)]
pub struct Structure {
    elements: Vec<Element>,
    open: Vec<Node>,
    /// The element each note is referenced from, by note number: its Note goes under it.
    referenced_from: Vec<(u32, Node)>,
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            elements: vec![Element::new(Role::Document, None)],
            open: vec![Structure::ROOT],
            referenced_from: Vec::new(),
        }
    }
}

impl Element {
    fn new(role: Role, parent: Option<Node>) -> Self {
        Element {
            role,
            parent,
            column_header: false,
            attributes: None,
        }
    }

    /// Its text alternative, if it has one.
    pub fn alt(&self) -> Option<&str> {
        self.attributes.as_ref()?.alt.as_deref()
    }

    /// Its /ID, if it has one.
    pub fn id(&self) -> Option<&str> {
        self.attributes.as_ref()?.id.as_deref()
    }

    /// Its own language, if it states one.
    pub fn lang(&self) -> Option<&str> {
        self.attributes.as_ref()?.lang.as_deref()
    }

    /// Its attributes, to state one.
    pub fn attributes_mut(&mut self) -> &mut Attributes {
        self.attributes.get_or_insert_default()
    }
}

impl Structure {
    pub const ROOT: Node = Node(0);

    /// The innermost open element.
    pub fn current(&self) -> Node {
        self.open.last().copied().unwrap_or(Self::ROOT)
    }

    /// The language stated on `node` or its nearest ancestor that states one.
    pub fn lang_of(&self, node: Node) -> Option<&str> {
        let mut at = Some(node);
        while let Some(node) = at {
            let element = self.get(node);
            if let Some(lang) = element.lang() {
                return Some(lang);
            }
            at = element.parent;
        }
        None
    }

    /// A new element inside the current one, left closed.
    pub fn add(&mut self, role: Role) -> Node {
        self.add_to(self.current(), role)
    }

    /// A new element inside `parent`.
    pub fn add_to(&mut self, parent: Node, role: Role) -> Node {
        self.elements.push(Element::new(role, Some(parent)));
        Node(self.elements.len() as u32 - 1)
    }

    /// A new element inside the current one that stays open (is current) until [`Self::close`].
    pub fn open(&mut self, role: Role) -> Node {
        let node = self.add(role);
        self.open.push(node);
        node
    }

    /// Makes an existing element current until [`Self::close`].
    pub fn reopen(&mut self, node: Node) {
        self.open.push(node);
    }

    pub fn close(&mut self) {
        if self.open.len() > 1 {
            self.open.pop();
        }
    }

    pub fn get(&self, node: Node) -> &Element {
        &self.elements[node.0 as usize]
    }

    pub fn get_mut(&mut self, node: Node) -> &mut Element {
        &mut self.elements[node.0 as usize]
    }

    /// Records that note `number` is referenced from `node` (the first reference wins).
    pub fn note_referenced(&mut self, number: u32, node: Node) {
        if !self.referenced_from.iter().any(|&(n, _)| n == number) {
            self.referenced_from.push((number, node));
        }
    }

    /// The element note `number` is referenced from, if any.
    pub fn referrer(&self, number: u32) -> Option<Node> {
        self.referenced_from
            .iter()
            .find(|&&(n, _)| n == number)
            .map(|&(_, node)| node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_nest_in_the_open_one() {
        let mut s = Structure::default();
        let list = s.open(Role::L);
        let item = s.open(Role::LI);
        let label = s.add(Role::Lbl);
        s.close();
        s.close();
        let after = s.add(Role::P);
        assert_eq!(s.get(item).parent, Some(list));
        assert_eq!(s.get(label).parent, Some(item));
        assert_eq!(s.get(after).parent, Some(Structure::ROOT));
        s.close();
        assert_eq!(s.current(), Structure::ROOT, "the root never closes");
    }
}
