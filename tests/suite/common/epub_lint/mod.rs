//! A lint over a built EPUB for the reading systems the tests cannot run: Adobe RMSDK (plain-EPUB
//! Kobo, Adobe Digital Editions, older Nooks), Amazon's Send to Kindle and KDP, and Apple Books'
//! store checks. EPUBCheck says a book is valid; this says it will survive those. Every test that
//! builds an EPUB can call [`assert_clean`]; [`lint`] returns the findings, each tagged with the
//! [`Rule`] it breaks, so a test can plant one problem of each kind and see each rule fire.
//! The stylesheet rules are in [`css`]; the stylesheets are read out of the EPUB, so the lint
//! holds for whatever writes them.

mod css;

use roxmltree::{Document, Node, ParsingOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

/// What a finding breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// Anything newer than CSS 2.1 in a stylesheet: RMSDK may refuse the whole book.
    Css21,
    /// A rule for `div` without a class.
    DivSelector,
    /// A `style` attribute or element in XHTML: the stylesheet is the only place for style
    /// (Kindle Previewer rejects inline CSS, quarto-cli #11948).
    InlineStyle,
    /// A font size not in em or %.
    FontSize,
    /// An XHTML file without `<?xml version="1.0" encoding="UTF-8"?>`: Send to Kindle reads it
    /// as ISO-8859-1 (innocenat/kindle-epub-fix, "fixEncoding").
    XmlDeclaration,
    /// A `dc:language` Amazon does not sell e-books in.
    Language,
    /// A link to a `body`'s id: Kindle shows it as unresolved (kindle-epub-fix, "fixBodyIdLink").
    BodyLink,
    /// The NCX's playOrder visits files out of spine order (Kindle reorders or rejects,
    /// kindle-epub-fix "fixChapterFileOrder").
    SpineOrder,
    /// An `img` without `alt` (EPUB Accessibility; KDP's accessibility guidelines).
    ImgAlt,
    /// An XHTML file over [`MAX_XHTML_BYTES`].
    XhtmlSize,
    /// An image over the stores' limits ([`MAX_IMAGE_BYTES`], [`MAX_IMAGE_PIXELS`]).
    ImageSize,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: Rule,
    /// The file in the EPUB.
    pub file: String,
    pub message: String,
}

/// The largest XHTML file, uncompressed: RMSDK devices fail on files of a few hundred KB; issue
/// 26 sets 260 KB (folio's splitter cuts at 250 KiB).
pub const MAX_XHTML_BYTES: usize = 260 * 1024;

/// The largest image file: 5 MB, the Kindle Publishing Guidelines' limit per image since their
/// 2014 revision (which lifted the older 127 KB one).
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

/// The most pixels in an image inside a book: Apple Books' "shouldn't be more than 4 million
/// pixels" (Apple Books for Authors, "Prepare your book"; its Asset Guide allows 5.6 million).
pub const MAX_IMAGE_PIXELS: u64 = 4_000_000;

/// The languages KDP publishes e-books in, as ISO 639-1 and 639-2 codes: KDP help "Supported
/// languages" (kdp.amazon.com/en_US/help/topic/G200673300), in the list kindle-epub-fix keeps
/// (retrieved 2022-09-13). Send to Kindle reads only the primary subtag. Persian and Dari (fa,
/// prs) are not on it.
pub const KINDLE_LANGUAGES: &[&str] = &[
    "af", "gsw", "ar", "eu", "nb", "br", "ca", "zh", "kw", "co", "da", "nl", "stq", "en", "fi",
    "fr", "fy", "gl", "de", "gu", "hi", "is", "ga", "it", "ja", "lb", "mr", "ml", "gv", "frr",
    "nn", "pl", "pt", "oc", "rm", "sco", "gd", "es", "sv", "ta", "cy", "afr", "ara", "eus", "baq",
    "nob", "bre", "cat", "zho", "chi", "cor", "cos", "dan", "nld", "dut", "eng", "fin", "fra",
    "fre", "fry", "glg", "deu", "ger", "guj", "hin", "isl", "ice", "gle", "ita", "jpn", "ltz",
    "mar", "mal", "glv", "nor", "nno", "por", "oci", "roh", "gla", "spa", "swe", "tam", "cym",
    "wel",
];

/// An unpacked EPUB: each file's path and bytes.
type Files = BTreeMap<String, Vec<u8>>;

/// Everything wrong with `epub` (the bytes of a .epub file), in file order.
pub fn lint(epub: &[u8]) -> Vec<Finding> {
    let files = unzip(epub);
    let mut found = Vec::new();
    let text = |name: &str| String::from_utf8_lossy(&files[name]).into_owned();
    for name in files.keys() {
        if name.ends_with(".css") {
            css::lint(name, &text(name), &mut found);
        }
    }
    let pages: Vec<&String> = files
        .keys()
        .filter(|n| n.ends_with(".xhtml") || n.ends_with(".html"))
        .collect();
    let mut body_ids = BTreeSet::new();
    for name in &pages {
        let source = text(name);
        xhtml(name, &source, &files[name.as_str()], &mut found);
        if let Some(id) = parse(&source)
            .ok()
            .and_then(|doc| element(&doc, "body").and_then(|b| b.attribute("id").map(String::from)))
        {
            body_ids.insert(format!("{name}#{id}"));
        }
    }
    for name in files.keys() {
        body_links(name, &files, &body_ids, &mut found);
    }
    package(&files, &mut found);
    found
}

/// Panics, listing every finding, unless `epub` is clean; `what` names it in the message.
pub fn assert_clean(what: &str, epub: &[u8]) {
    let found = lint(epub);
    assert!(
        found.is_empty(),
        "the EPUB lint finds {} problem(s) in {what}:\n{}",
        found.len(),
        found
            .iter()
            .map(|f| format!("  {:?} {}: {}", f.rule, f.file, f.message))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn unzip(epub: &[u8]) -> Files {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("an EPUB is a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().to_string(), bytes)
        })
        .collect()
}

fn parse(text: &str) -> Result<Document<'_>, roxmltree::Error> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
}

fn element<'a, 'i>(doc: &'a Document<'i>, name: &str) -> Option<Node<'a, 'i>> {
    doc.descendants()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

fn finding(rule: Rule, file: &str, message: String) -> Finding {
    Finding {
        rule,
        file: file.to_string(),
        message,
    }
}

/// One XHTML file: its declaration, size, inline style and images' alt text.
fn xhtml(name: &str, source: &str, bytes: &[u8], found: &mut Vec<Finding>) {
    if !has_xml_declaration(source) {
        let message = "no `<?xml version=\"1.0\" encoding=\"UTF-8\"?>` first".to_string();
        found.push(finding(Rule::XmlDeclaration, name, message));
    }
    if bytes.len() > MAX_XHTML_BYTES {
        let message = format!("{} bytes, over {MAX_XHTML_BYTES}", bytes.len());
        found.push(finding(Rule::XhtmlSize, name, message));
    }
    let doc = match parse(source) {
        Ok(doc) => doc,
        Err(e) => panic!("{name} is not well-formed XML: {e}"),
    };
    for node in doc.descendants().filter(Node::is_element) {
        let tag = node.tag_name().name();
        if node.attribute("style").is_some() || tag == "style" {
            let message = format!("inline style on <{tag}> (line {})", line(&doc, node));
            found.push(finding(Rule::InlineStyle, name, message));
        }
        if tag == "img" && node.attribute("alt").is_none() {
            let src = node.attribute("src").unwrap_or("?");
            let message = format!("<img src=\"{src}\"> has no alt (line {})", line(&doc, node));
            found.push(finding(Rule::ImgAlt, name, message));
        }
    }
}

fn line(doc: &Document, node: Node) -> u32 {
    doc.text_pos_at(node.range().start).row
}

/// The text starts with an XML declaration naming its encoding (what Send to Kindle looks for).
fn has_xml_declaration(source: &str) -> bool {
    let Some(declaration) = source.trim_start_matches('\u{feff}').strip_prefix("<?xml") else {
        return false;
    };
    let declaration = declaration.split("?>").next().unwrap_or("");
    declaration.contains("version=") && declaration.contains("encoding=")
}

/// Links in `name` (XHTML `a href`, NCX `content src`, OPF guide `reference href`) that point at
/// a `body`'s id.
fn body_links(name: &str, files: &Files, body_ids: &BTreeSet<String>, found: &mut Vec<Finding>) {
    let wanted = [".xhtml", ".html", ".ncx", ".opf"];
    if !wanted.iter().any(|e| name.ends_with(e)) {
        return;
    }
    let source = String::from_utf8_lossy(&files[name]);
    let Ok(doc) = parse(&source) else { return };
    for node in doc.descendants().filter(Node::is_element) {
        let link = match node.tag_name().name() {
            "a" | "reference" => node.attribute("href"),
            "content" => node.attribute("src"),
            _ => None,
        };
        let Some(link) = link.filter(|l| l.contains('#') && !l.contains(':')) else {
            continue;
        };
        let (file, fragment) = link.split_once('#').unwrap();
        let target = if file.is_empty() {
            name.to_string()
        } else {
            resolve(name, file)
        };
        if body_ids.contains(&format!("{target}#{fragment}")) {
            let message = format!("`{link}` points at the body's id; link to the file instead");
            found.push(finding(Rule::BodyLink, name, message));
        }
    }
}

/// `href` (relative to the file `from`) as a path in the zip.
fn resolve(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// The package document: its language, its images, and the NCX's order against the spine.
fn package(files: &Files, found: &mut Vec<Finding>) {
    let container = String::from_utf8_lossy(&files["META-INF/container.xml"]);
    let container = parse(&container).expect("container.xml parses");
    let opf_name = element(&container, "rootfile")
        .and_then(|r| r.attribute("full-path"))
        .expect("container.xml names the package")
        .to_string();
    let opf_text = String::from_utf8_lossy(&files[&opf_name]);
    let opf = parse(&opf_text).expect("the package document parses");
    let language = element(&opf, "language")
        .and_then(|l| l.text())
        .unwrap_or("");
    let primary = language
        .split('-')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if !KINDLE_LANGUAGES.contains(&primary.as_str()) {
        let message = format!("dc:language `{language}` is not among the languages KDP supports");
        found.push(finding(Rule::Language, &opf_name, message));
    }
    let items: BTreeMap<&str, (String, &str)> = opf
        .descendants()
        .filter(|n| n.tag_name().name() == "item")
        .filter_map(|n| {
            let href = resolve(&opf_name, n.attribute("href")?);
            Some((n.attribute("id")?, (href, n.attribute("media-type")?)))
        })
        .collect();
    for (href, media_type) in items.values() {
        if media_type.starts_with("image/") {
            image(href, &files[href.as_str()], media_type, found);
        }
    }
    let spine: Vec<&str> = opf
        .descendants()
        .filter(|n| n.tag_name().name() == "itemref")
        .filter_map(|n| Some(items.get(n.attribute("idref")?)?.0.as_str()))
        .collect();
    if let Some((ncx, _)) = items
        .values()
        .find(|(_, t)| *t == "application/x-dtbncx+xml")
    {
        ncx_order(
            ncx,
            &String::from_utf8_lossy(&files[ncx.as_str()]),
            &spine,
            found,
        );
    }
}

/// One image against the stores' limits: its bytes, and (for a raster image) its pixels.
fn image(name: &str, bytes: &[u8], media_type: &str, found: &mut Vec<Finding>) {
    if bytes.len() > MAX_IMAGE_BYTES {
        let message = format!("{} bytes, over {MAX_IMAGE_BYTES}", bytes.len());
        found.push(finding(Rule::ImageSize, name, message));
    }
    if media_type == "image/svg+xml" {
        return;
    }
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format();
    match reader.ok().and_then(|r| r.into_dimensions().ok()) {
        Some((width, height)) if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS => {
            let message = format!("{width}×{height} pixels, over {MAX_IMAGE_PIXELS}");
            found.push(finding(Rule::ImageSize, name, message));
        }
        Some(_) => {}
        None => panic!("{name} ({media_type}) cannot be decoded"),
    }
}

/// The NCX's entries (navPoints and pageTargets), taken in playOrder, must visit the spine's
/// files in spine order.
fn ncx_order(ncx: &str, source: &str, spine: &[&str], found: &mut Vec<Finding>) {
    let doc = parse(source).expect("the NCX parses");
    let mut entries: Vec<(u32, String)> = doc
        .descendants()
        .filter(|n| ["navPoint", "pageTarget"].contains(&n.tag_name().name()))
        .filter_map(|n| {
            let order = n.attribute("playOrder")?.parse().ok()?;
            let content = n.children().find(|c| c.tag_name().name() == "content")?;
            let src = content.attribute("src")?;
            Some((order, resolve(ncx, src.split('#').next().unwrap_or(src))))
        })
        .collect();
    entries.sort_by_key(|(order, _)| *order);
    let mut last = (0, "");
    for (order, file) in &entries {
        let Some(position) = spine.iter().position(|s| s == file) else {
            let message = format!("playOrder {order} points at {file}, which is not in the spine");
            found.push(finding(Rule::SpineOrder, ncx, message));
            continue;
        };
        if position < last.0 {
            let message = format!(
                "playOrder {order} goes back to {file} (spine item {}) after {} (spine item {})",
                position + 1,
                last.1,
                last.0 + 1
            );
            found.push(finding(Rule::SpineOrder, ncx, message));
        }
        last = (position, file);
    }
}
