//! The EPUB backend end to end: Markdown written here is read by the real reader, written by
//! `folio::epub::write`, unpacked and checked as XML. Each test checks a property of the book a
//! reading system (or EPUBCheck) relies on.

use folio::epub::{self, Epub, EpubOptions, MAX_FILE_BYTES};
use folio::markdown::{self, ReadOptions};
use roxmltree::{Document, Node, ParsingOptions};
use std::io::Read;
use std::path::Path;

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];
const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>"#;

const OPS: &str = "http://www.idpf.org/2007/ops";

/// An unpacked book.
struct Book {
    bytes: Vec<u8>,
    files: Vec<(String, Vec<u8>)>,
    warnings: Vec<String>,
}

impl Book {
    fn text(&self, name: &str) -> &str {
        let (_, bytes) = self
            .files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", self.names()));
        std::str::from_utf8(bytes).unwrap()
    }

    fn names(&self) -> Vec<&str> {
        self.files.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// The chapter files, in order.
    fn chapters(&self) -> Vec<&str> {
        self.names()
            .into_iter()
            .filter(|n| n.starts_with("OEBPS/chapter-"))
            .collect()
    }

    fn opf(&self) -> &str {
        self.text("OEBPS/content.opf")
    }

    /// Every XHTML page's text, nav included.
    fn pages(&self) -> Vec<(&str, &str)> {
        self.names()
            .into_iter()
            .filter(|n| n.ends_with(".xhtml"))
            .map(|n| (n, self.text(n)))
            .collect()
    }
}

fn parse(text: &str) -> Document<'_> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Writes `markdown` (and `files`) into a fresh folder, reads it and writes the EPUB.
fn build(markdown: &str, files: &[(&str, &[u8])], options: &EpubOptions) -> Book {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let path = dir.path().join("book.md");
    std::fs::write(&path, markdown).unwrap();
    build_file(&path, options)
}

fn build_file(path: &Path, options: &EpubOptions) -> Book {
    let bytes = std::fs::read(path).unwrap();
    let mut diagnostics = Vec::new();
    let doc = markdown::read(path, &bytes, &ReadOptions::default(), &mut diagnostics).unwrap();
    let Epub { bytes, warnings } = epub::write(&doc, options).unwrap();
    crate::common::epub_lint::assert_clean(&path.display().to_string(), &bytes);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let files = (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().to_string(), content)
        })
        .collect();
    let book = Book {
        bytes,
        files,
        warnings: warnings.into_iter().map(|w| w.message).collect(),
    };
    for name in book.names() {
        if [".xhtml", ".opf", ".ncx", ".xml"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            parse(book.text(name));
        }
    }
    book
}

fn default_build(markdown: &str) -> Book {
    build(markdown, &[], &EpubOptions::default())
}

fn elements<'a, 'i>(doc: &'a Document<'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    doc.descendants()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// `<meta property="…">` values in the OPF.
fn metas(opf: &Document, property: &str) -> Vec<String> {
    elements(opf, "meta")
        .filter(|m| m.attribute("property") == Some(property))
        .map(|m| m.text().unwrap_or_default().to_string())
        .collect()
}

fn dc(opf: &Document, name: &str) -> Vec<String> {
    elements(opf, name)
        .filter(|n| n.tag_name().namespace() == Some("http://purl.org/dc/elements/1.1/"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

fn text_of(node: Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// How deeply the `<ol>` lists of the nav's toc nest.
fn nav_depth(node: Node) -> usize {
    node.children()
        .filter(|c| c.is_element())
        .map(|c| nav_depth(c) + usize::from(c.tag_name().name() == "ol"))
        .max()
        .unwrap_or(0)
}

const STRUCTURED: &str = "---\ntitle: Structured\n---\n\n# One\n\n## One A\n\n### One A i\n\n#### One A i x\n\nDeep text.\n\n# Two\n\nText.\n";

#[test]
fn mimetype_comes_first_stored_and_the_archive_is_reproducible() {
    let book = default_build(STRUCTURED);
    let again = default_build(STRUCTURED);
    assert_eq!(book.bytes, again.bytes, "two writes differ");
    // The first local header: stored (method 0), no extra field, named `mimetype`.
    let b = &book.bytes;
    assert_eq!(&b[0..4], b"PK\x03\x04");
    assert_eq!(
        u16::from_le_bytes([b[8], b[9]]),
        0,
        "mimetype is compressed"
    );
    assert_eq!(
        u16::from_le_bytes([b[28], b[29]]),
        0,
        "mimetype has an extra field"
    );
    assert_eq!(&b[30..38], b"mimetype");
    assert_eq!(&b[38..58], b"application/epub+zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(b.clone())).unwrap();
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        let t = file.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (1980, 1, 1),
            "{}",
            file.name()
        );
        assert!(file.extra_data().is_none_or(|e| e.is_empty()));
    }
}

#[test]
fn modified_sets_dcterms_modified_and_the_timestamps() {
    let unset = default_build(STRUCTURED);
    let opf = parse(unset.opf());
    assert_eq!(metas(&opf, "dcterms:modified"), ["2000-01-01T00:00:00Z"]);

    let options = EpubOptions {
        modified: Some(1_760_443_200), // 2025-10-14T12:00:00Z
        ..EpubOptions::default()
    };
    let set = build(STRUCTURED, &[], &options);
    assert_ne!(set.bytes, unset.bytes);
    let opf = parse(set.opf());
    assert_eq!(metas(&opf, "dcterms:modified"), ["2025-10-14T12:00:00Z"]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(set.bytes.clone())).unwrap();
    let t = archive.by_index(0).unwrap().last_modified().unwrap();
    assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2025, 10, 14, 12));

    let dated = default_build("---\ntitle: T\ndate: 2026-10-14\n---\n\nText.\n");
    let opf = parse(dated.opf());
    assert_eq!(metas(&opf, "dcterms:modified"), ["2026-10-14T00:00:00Z"]);
    assert_eq!(dc(&opf, "date"), ["2026-10-14"]);
}

#[test]
fn nav_and_ncx_nest_to_the_real_depth_within_toc_depth() {
    for (toc_depth, want) in [(3, 3), (2, 2), (6, 4)] {
        let options = EpubOptions {
            toc_depth,
            ..EpubOptions::default()
        };
        let book = build(STRUCTURED, &[], &options);
        let nav_text = book.text("OEBPS/nav.xhtml");
        let nav = parse(nav_text);
        let html = nav.root_element();
        assert_eq!(html.attribute("lang"), Some("en"));
        assert_eq!(
            html.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some("en")
        );
        let toc = elements(&nav, "nav")
            .find(|n| n.attribute((OPS, "type")) == Some("toc"))
            .unwrap();
        assert_eq!(nav_depth(toc), want, "toc_depth {toc_depth}: {nav_text}");

        let ncx_text = book.text("OEBPS/toc.ncx");
        let ncx = parse(ncx_text);
        let meta = |name: &str| {
            elements(&ncx, "meta")
                .find(|m| m.attribute("name") == Some(name))
                .and_then(|m| m.attribute("content"))
                .map(str::to_string)
        };
        assert_eq!(meta("dtb:depth"), Some(want.to_string()), "{ncx_text}");
        let opf = parse(book.opf());
        let uid = opf.root_element().attribute("unique-identifier").unwrap();
        let identifier = elements(&opf, "identifier")
            .find(|n| n.attribute("id") == Some(uid))
            .and_then(|n| n.text())
            .unwrap();
        assert_eq!(meta("dtb:uid").as_deref(), Some(identifier));
        assert!(identifier.starts_with("urn:uuid:"));
    }
    // Headings beyond the depth keep their ids.
    let book = build(
        STRUCTURED,
        &[],
        &EpubOptions {
            toc_depth: 1,
            ..EpubOptions::default()
        },
    );
    assert!(
        book.pages()
            .iter()
            .any(|(_, p)| p.contains("id=\"one-a-i-x\""))
    );
}

#[test]
fn landmarks_cover_page_and_inline_contents() {
    let markdown = "---\ntitle: Covered\ncover-image: img/cover.png\n---\n\n# One\n\nText.\n";
    let options = EpubOptions {
        inline_toc: true,
        ..EpubOptions::default()
    };
    let book = build(markdown, &[("img/cover.png", PNG)], &options);
    let opf = parse(book.opf());
    let cover_item = elements(&opf, "item")
        .find(|i| i.attribute("properties") == Some("cover-image"))
        .expect("a cover-image item");
    assert_eq!(cover_item.attribute("media-type"), Some("image/png"));
    let cover_href = cover_item.attribute("href").unwrap();
    let cover = parse(book.text("OEBPS/cover.xhtml"));
    let img = elements(&cover, "img").next().unwrap();
    assert_eq!(img.attribute("src"), Some(cover_href));
    assert_eq!(img.attribute("alt"), Some("Covered"));

    let spine: Vec<_> = elements(&opf, "itemref")
        .filter_map(|i| i.attribute("idref"))
        .collect();
    let position = |file: &str| {
        let id = elements(&opf, "item")
            .find(|i| i.attribute("href") == Some(file))
            .and_then(|i| i.attribute("id"))
            .unwrap();
        spine.iter().position(|&s| s == id).unwrap()
    };
    assert!(position("cover.xhtml") < position("title.xhtml"));
    assert!(position("title.xhtml") < position("toc.xhtml"));
    assert!(position("toc.xhtml") < position("chapter-001.xhtml"));
    assert!(
        book.text("OEBPS/toc.xhtml")
            .contains("href=\"chapter-001.xhtml#one\"")
    );

    let nav = parse(book.text("OEBPS/nav.xhtml"));
    let landmarks: Vec<_> = elements(&nav, "nav")
        .find(|n| n.attribute((OPS, "type")) == Some("landmarks"))
        .unwrap()
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
        .map(|a| {
            (
                a.attribute((OPS, "type")).unwrap(),
                a.attribute("href").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        landmarks,
        [
            ("cover", "cover.xhtml"),
            ("toc", "toc.xhtml"),
            ("bodymatter", "chapter-001.xhtml")
        ]
    );
}

#[test]
fn package_metadata_and_accessibility() {
    let markdown = "---\ntitle: The Title\nsubtitle: Sub\nauthor: [Ann One, Bob Two]\nlang: de\ndate: 2026-10-14\ndescription: About it.\npublisher: Pub & Co\nrights: CC BY 4.0\nidentifier: 978-3-16-148410-0\nkeywords: [alpha, beta]\n---\n\nText.\n";
    let book = default_build(markdown);
    let opf = parse(book.opf());
    assert_eq!(dc(&opf, "title"), ["The Title"]);
    assert_eq!(dc(&opf, "creator"), ["Ann One", "Bob Two"]);
    assert_eq!(dc(&opf, "language"), ["de"]);
    let package = opf.root_element();
    let xml_lang = package.attribute(("http://www.w3.org/XML/1998/namespace", "lang"));
    assert_eq!(xml_lang, Some("de"), "Ace requires the package's xml:lang");
    assert_eq!(dc(&opf, "publisher"), ["Pub & Co"]);
    assert_eq!(dc(&opf, "rights"), ["CC BY 4.0"]);
    assert_eq!(dc(&opf, "description"), ["About it."]);
    assert_eq!(dc(&opf, "subject"), ["alpha", "beta"]);
    assert_eq!(dc(&opf, "date"), ["2026-10-14"]);
    let identifiers = dc(&opf, "identifier");
    assert_eq!(identifiers.len(), 2);
    assert!(identifiers[0].starts_with("urn:uuid:"));
    assert_eq!(identifiers[1], "urn:isbn:9783161484100");
    assert_eq!(metas(&opf, "schema:accessMode"), ["textual"]);
    assert_eq!(metas(&opf, "schema:accessModeSufficient"), ["textual"]);
    assert_eq!(
        metas(&opf, "schema:accessibilityFeature"),
        ["tableOfContents", "readingOrder", "structuralNavigation"]
    );
    assert_eq!(metas(&opf, "schema:accessibilityHazard"), ["none"]);
    assert_eq!(metas(&opf, "schema:accessibilitySummary").len(), 1);
    assert_eq!(
        metas(&opf, "dcterms:conformsTo"),
        ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    );

    // The identifier comes from the content, or from `identifier` when given.
    let other = default_build("---\ntitle: The Title\n---\n\nOther text.\n");
    let same = default_build("---\ntitle: The Title\n---\n\nOther text.\n");
    let uid = |b: &Book| dc(&parse(b.opf()), "identifier")[0].clone();
    assert_eq!(uid(&other), uid(&same));
    assert_ne!(uid(&other), uid(&book));
}

#[test]
fn alternative_text_is_claimed_only_when_every_image_has_alt() {
    let files: &[(&str, &[u8])] = &[("a.png", PNG), ("b.svg", SVG.as_bytes())];
    let described = build(
        "# T\n\n![A dot](a.png) ![A box](b.svg)\n",
        files,
        &EpubOptions::default(),
    );
    let opf = parse(described.opf());
    assert_eq!(metas(&opf, "schema:accessMode"), ["textual", "visual"]);
    assert!(metas(&opf, "schema:accessibilityFeature").contains(&"alternativeText".to_string()));

    let decorative = build(
        "# T\n\n![A dot](a.png) ![](b.svg)\n",
        files,
        &EpubOptions::default(),
    );
    let opf = parse(decorative.opf());
    assert!(!metas(&opf, "schema:accessibilityFeature").contains(&"alternativeText".to_string()));
    assert_eq!(
        metas(&opf, "schema:accessModeSufficient"),
        ["textual,visual"]
    );
}

#[test]
fn images_are_copied_once_with_their_media_type() {
    let files: &[(&str, &[u8])] = &[
        ("img/a.png", PNG),
        ("img/same-bytes.png", PNG),
        ("img/b.svg", SVG.as_bytes()),
        ("img/not-an-image.png", b"hello"),
    ];
    let markdown = "# Pictures\n\n![First](img/a.png \"A caption\")\n\nInline ![again](img/same-bytes.png) and ![](img/b.svg).\n\n![Gone](img/missing.png) ![Far](https://example.org/x.png)\n";
    let book = build(markdown, files, &EpubOptions::default());
    let opf = parse(book.opf());
    let images: Vec<_> = elements(&opf, "item")
        .filter(|i| i.attribute("href").unwrap().starts_with("images/"))
        .map(|i| {
            (
                i.attribute("href").unwrap(),
                i.attribute("media-type").unwrap(),
            )
        })
        .collect();
    assert_eq!(images.len(), 2, "{images:?}");
    assert!(images[0].0.ends_with(".png") && images[0].1 == "image/png");
    assert!(images[1].0.ends_with(".svg") && images[1].1 == "image/svg+xml");
    for (href, _) in &images {
        assert!(book.names().contains(&format!("OEBPS/{href}").as_str()));
    }

    let page = parse(book.text("OEBPS/chapter-001.xhtml"));
    let imgs: Vec<_> = elements(&page, "img").collect();
    assert_eq!(imgs.len(), 3);
    for img in &imgs {
        let src = img.attribute("src").unwrap();
        assert!(images.iter().any(|(href, _)| *href == src), "{src}");
        assert!(img.attribute("alt").is_some(), "img without alt");
    }
    assert_eq!(imgs[0].attribute("src"), imgs[1].attribute("src"));
    let figure = elements(&page, "figure").next().unwrap();
    assert_eq!(
        text_of(elements(&page, "figcaption").next().unwrap()),
        "A caption"
    );
    assert!(figure.descendants().any(|n| n.tag_name().name() == "img"));

    // Missing and remote images: their alt text, no <img>.
    let alts: Vec<_> = elements(&page, "span")
        .filter(|s| s.attribute("class") == Some("image-alt"))
        .map(text_of)
        .collect();
    assert_eq!(alts, ["Gone", "Far"]);
}

#[test]
fn footnotes_are_pop_up_notes_at_the_end_of_the_chapter() {
    let markdown = "# One\n\nA claim.[^long] Another.[^short]\n\n# Two\n\nAgain the first.[^long]\n\n[^long]: First paragraph.\n\n    Second paragraph.\n\n        code in the note\n\n[^short]: Short.\n";
    let book = default_build(markdown);
    let one_text = book.text("OEBPS/chapter-001.xhtml");
    let one = parse(one_text);
    let refs: Vec<_> = elements(&one, "a")
        .filter(|a| a.attribute((OPS, "type")) == Some("noteref"))
        .collect();
    assert_eq!(refs.len(), 2);
    for (i, reference) in refs.iter().enumerate() {
        let number = (i + 1).to_string();
        // The number is the link's only content.
        assert_eq!(reference.children().count(), 1);
        assert_eq!(reference.text(), Some(number.as_str()));
        assert_eq!(reference.attribute("role"), Some("doc-noteref"));
        let target = reference
            .attribute("href")
            .unwrap()
            .strip_prefix('#')
            .unwrap();
        let aside = elements(&one, "aside")
            .find(|a| a.attribute("id") == Some(target))
            .unwrap_or_else(|| panic!("no aside #{target}"));
        assert_eq!(aside.attribute((OPS, "type")), Some("footnote"));
        assert_eq!(aside.attribute("role"), Some("doc-footnote"));
        let back = aside
            .descendants()
            .find(|n| n.attribute("role") == Some("doc-backlink"))
            .unwrap();
        assert_eq!(
            back.attribute("href").map(|h| h.trim_start_matches('#')),
            reference.attribute("id")
        );
    }
    let long = elements(&one, "aside").next().unwrap();
    assert_eq!(elements(&one, "aside").count(), 2);
    assert_eq!(
        long.children()
            .filter(|c| c.tag_name().name() == "p")
            .count(),
        2
    );
    assert!(long.descendants().any(|n| n.tag_name().name() == "pre"));
    assert!(text_of(long).contains("Second paragraph."));

    // A reference from another chapter links across files; the note is printed only once.
    let two = parse(book.text("OEBPS/chapter-002.xhtml"));
    assert_eq!(elements(&two, "aside").count(), 0);
    let cross = elements(&two, "a")
        .find(|a| a.attribute((OPS, "type")) == Some("noteref"))
        .unwrap();
    assert_eq!(
        cross.attribute("href"),
        Some(format!("chapter-001.xhtml#{}", long.attribute("id").unwrap()).as_str())
    );
    assert_ne!(cross.attribute("id"), refs[0].attribute("id"));
}

#[test]
fn note_ids_never_clash_with_heading_ids() {
    let book = default_build("# fn-1 {#fn-1}\n\nText.[^1]\n\n## fnref-1\n\n[^1]: Note.\n");
    let page = parse(book.text("OEBPS/chapter-001.xhtml"));
    let mut ids: Vec<_> = page
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids: {ids:?}");
}

#[test]
fn internal_links_point_to_the_file_holding_the_target() {
    let markdown = "---\ntitle: Links\n---\n\n# One\n\nSee [two](#two), [the spot](#spot), [here](#one) and [nowhere](#missing).\n\n# Two\n\nText with <a id=\"spot\"></a>an anchor. Back to [one](#one).\n";
    let book = default_build(markdown);
    let one = parse(book.text("OEBPS/chapter-001.xhtml"));
    let hrefs: Vec<_> = elements(&one, "a")
        .filter_map(|a| a.attribute("href"))
        .collect();
    assert_eq!(
        hrefs,
        ["chapter-002.xhtml#two", "chapter-002.xhtml#spot", "#one"]
    );
    // The unresolved link keeps its text without an <a>.
    assert!(!elements(&one, "a").any(|a| text_of(a) == "nowhere"));
    assert!(text_of(one.root_element()).contains("nowhere"));

    let two = parse(book.text("OEBPS/chapter-002.xhtml"));
    assert!(two.descendants().any(|n| n.attribute("id") == Some("spot")));
    assert!(elements(&two, "a").any(|a| a.attribute("href") == Some("chapter-001.xhtml#one")));
}

#[test]
fn hostile_text_stays_well_formed() {
    let markdown = "---\ntitle: \"<script>x</script> & \\\"Q\\\" \\x01\"\nauthor: \"A & <B>\"\n---\n\n# Head <script>alert(1)</script> & \u{1} {#1-bad-id}\n\nText & <tag> \u{1b}[0m \u{7f}\u{85} \u{fffe} with [a \"link\"](https://example.org/a b \"t & <t>\") and [x](javascript:alert(1)).\n\n```html\n<script>alert(\"&\")</script>\u{0}\n```\n\n![alt with \"quotes\" & <tags>](missing.png)\n\n| a<b | \"c\" |\n|---|---|\n| & | \u{2} |\n\n[jump](#1-bad-id)\n";
    let book = default_build(markdown);
    for (name, page) in book.pages() {
        let doc = parse(page);
        assert!(
            !doc.descendants().any(|n| n.tag_name().name() == "script"),
            "{name} has a script element"
        );
        assert!(
            !page
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')),
            "{name} has control characters"
        );
    }
    let page = book.text("OEBPS/chapter-001.xhtml");
    assert!(!page.contains("javascript:"));
    let doc = parse(page);
    // An id that is no XML name is renamed, and links follow it.
    let heading_id = elements(&doc, "h1")
        .next()
        .unwrap()
        .attribute("id")
        .unwrap();
    assert!(heading_id.starts_with("folio-"));
    assert!(elements(&doc, "a").any(|a| a.attribute("href") == Some(&format!("#{heading_id}"))));
    assert!(
        parse(book.opf())
            .descendants()
            .any(|n| n.text() == Some("A & <B>"))
    );
}

#[test]
fn an_article_prints_its_title_once_and_stays_one_file() {
    let markdown = "---\ntitle: Cold Cooperation\nauthor: Jane Doe\n---\n\n# Cold Cooperation\n\nIntro.\n\n## Part A\n\nText.\n\n## Part B\n\nText.\n";
    let book = default_build(markdown);
    assert_eq!(book.chapters(), ["OEBPS/chapter-001.xhtml"]);
    assert!(!book.names().contains(&"OEBPS/title.xhtml"));
    let body: String = book
        .pages()
        .iter()
        .filter(|(n, _)| !n.ends_with("nav.xhtml"))
        .map(|(_, p)| text_of(parse(p).root_element().last_element_child().unwrap()))
        .collect();
    assert_eq!(body.matches("Cold Cooperation").count(), 1, "{body}");
    assert!(body.contains("Jane Doe"));
    // The sections are the contents' first level.
    let nav = parse(book.text("OEBPS/nav.xhtml"));
    let toc = elements(&nav, "nav").next().unwrap();
    assert_eq!(nav_depth(toc), 1);
}

#[test]
fn right_to_left_languages_set_the_direction() {
    let book = default_build("---\ntitle: T\nlang: ar\n---\n\n# واحد\n\nنص.\n");
    let page = parse(book.text("OEBPS/chapter-001.xhtml"));
    assert_eq!(page.root_element().attribute("dir"), Some("rtl"));
    assert_eq!(page.root_element().attribute("lang"), Some("ar"));
    let opf = parse(book.opf());
    let spine = elements(&opf, "spine").next().unwrap();
    assert_eq!(spine.attribute("page-progression-direction"), Some("rtl"));
}

#[test]
fn an_unparsable_date_is_left_out_with_a_warning() {
    let book = default_build("---\ntitle: T\ndate: sometime soon\n---\n\nText.\n");
    assert!(dc(&parse(book.opf()), "date").is_empty());
    assert!(
        book.warnings.iter().any(|w| w.contains("sometime soon")),
        "{:?}",
        book.warnings
    );
    assert_eq!(
        metas(&parse(book.opf()), "dcterms:modified"),
        ["2000-01-01T00:00:00Z"]
    );
}

#[test]
fn every_block_kind_is_written() {
    let markdown = "# Blocks\n\n- [x] done\n- [ ] open\n\n3. three\n4. four\n\n- loose\n\n- list\n\nTerm\n: Definition\n\n| L | C | R |\n|:--|:-:|--:|\n| a | b | c |\n\n```rust\nfn main() {}\n```\n\n```no-such-language\nplain\n```\n\n> quoted\n\n---\n\n$$x^2$$\n\nInline $y$, `code`, <kbd>K</kbd>, ~~gone~~, line  \nbreak.\n";
    let book = default_build(markdown);
    let page = book.text("OEBPS/chapter-001.xhtml");
    let doc = parse(page);
    let tags = |name: &str| elements(&doc, name).count();
    assert_eq!(tags("input"), 0);
    assert!(page.contains("\u{2611}") && page.contains("\u{2610}"));
    assert_eq!(
        elements(&doc, "ol").next().unwrap().attribute("start"),
        Some("3")
    );
    let loose = elements(&doc, "ul").nth(1).unwrap();
    assert!(loose.descendants().any(|n| n.tag_name().name() == "p"));
    let tight = elements(&doc, "ul").next().unwrap();
    assert!(!tight.descendants().any(|n| n.tag_name().name() == "p"));
    assert_eq!((tags("dl"), tags("dt"), tags("dd")), (1, 1, 1));
    assert_eq!((tags("thead"), tags("th"), tags("td")), (1, 3, 3));
    let aligns: Vec<_> = elements(&doc, "td")
        .map(|td| td.attribute("class"))
        .collect();
    assert_eq!(
        aligns,
        [
            Some("align-left"),
            Some("align-center"),
            Some("align-right")
        ]
    );
    assert!(!page.contains(" align="));
    let codes: Vec<_> = elements(&doc, "pre").collect();
    assert_eq!(codes.len(), 2);
    assert!(
        codes[0]
            .descendants()
            .any(|n| n.attribute("class").is_some_and(|c| c.starts_with("hl-")))
    );
    assert!(
        !codes[1]
            .descendants()
            .any(|n| n.tag_name().name() == "span")
    );
    assert_eq!(
        (
            tags("blockquote"),
            tags("hr"),
            tags("kbd"),
            tags("del"),
            tags("br")
        ),
        (1, 1, 1, 1, 1)
    );
    let math: Vec<_> = elements(&doc, "math")
        .map(|m| (m.attribute("alttext").unwrap_or(""), m.attribute("display")))
        .collect();
    assert_eq!(math, [("x^2", Some("block")), ("y", None)]);
}

/// A big article: sections of ordinary text, one listing, one table and one paragraph each far
/// over the limit on their own.
fn big_article() -> String {
    let mut md = String::from("---\ntitle: Big\n---\n\nIntro.\n\n");
    let sentence = "The quick brown fox jumps over the lazy dog & <friends>. ";
    for section in 0..12 {
        md.push_str(&format!("## Section {section}\n\n"));
        for _ in 0..60 {
            md.push_str(&sentence.repeat(10));
            md.push_str("\n\n");
        }
    }
    md.push_str("## Giants\n\n```\n");
    for i in 0..12_000 {
        md.push_str(&format!("let value_{i} = \"<{i}>\"; // line {i}\n"));
    }
    md.push_str("```\n\n| a | b |\n|---|---|\n");
    for i in 0..8_000 {
        md.push_str(&format!("| row {i} | {} |\n", "cell ".repeat(8)));
    }
    md.push('\n');
    md.push_str(&sentence.repeat(6_000));
    md.push_str("\n\nThe end.\n");
    md
}

#[test]
fn a_big_document_splits_so_no_file_exceeds_the_limit() {
    let book = default_build(&big_article());
    assert!(book.chapters().len() > 14, "{:?}", book.chapters());
    let all: String = book.chapters().iter().map(|c| book.text(c)).collect();
    for (name, bytes) in &book.files {
        if name.ends_with(".xhtml") {
            assert!(
                bytes.len() <= MAX_FILE_BYTES,
                "{name} is {} bytes",
                bytes.len()
            );
        }
    }
    // Split at the level-2 headings, nothing lost at the cuts.
    assert!(
        book.text("OEBPS/chapter-002.xhtml")
            .contains("<h2 id=\"section-0\">")
    );
    for i in [0, 5_999, 11_999] {
        assert!(
            all.contains(&format!("line {i}\n")),
            "listing line {i} lost"
        );
    }
    assert!(all.contains("row 7999") && all.contains("The end."));
    assert_eq!(all.matches("<h2").count(), 13);
}

#[test]
fn the_rust_book_splits_below_the_limit() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/rust-book/rust-book.md");
    if !path.exists() {
        eprintln!("skipped: {} not found", path.display());
        return;
    }
    let book = build_file(&path, &EpubOptions::default());
    let largest = book
        .files
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(_, b)| b.len())
        .max()
        .unwrap();
    assert!(largest <= MAX_FILE_BYTES, "largest page is {largest} bytes");
    assert_eq!(book.chapters().len(), 25, "the preamble and 24 chapters");
}
