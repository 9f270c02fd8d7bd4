//! Books end to end: the two books under tests/fixtures/books (one with a `folio.toml`, one an
//! mdBook project) are built by the `folio` binary, and the EPUB (unzipped, nav parsed) and the
//! PDF (lopdf) are checked for what a book promises: one file each, every chapter in the table of
//! contents with its number, chapters on right-hand pages, links between chapters that land,
//! includes expanded.

use crate::common;

use common::pdf::letters;
use common::{folio, stderr};
use lopdf::{Document, Object, ObjectId};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/books")
        .join(name)
}

/// The outputs of one book build.
struct Built {
    _out: tempfile::TempDir,
    epub: BTreeMap<String, String>,
    pdf: Document,
    written: Vec<String>,
}

fn build(book: &Path) -> Built {
    build_with(book, &[])
}

fn build_with(book: &Path, options: &[&str]) -> Built {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "build",
        book.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ];
    args.extend(options);
    let output = folio(&args, out.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let name = book.file_name().unwrap().to_str().unwrap();
    let mut written: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    written.sort();
    let epub = unzip(&out.path().join(format!("{name}.epub")));
    let pdf = Document::load(out.path().join(format!("{name}.pdf"))).unwrap();
    Built {
        _out: out,
        epub,
        pdf,
        written,
    }
}

/// The EPUB's text files by name.
fn unzip(path: &Path) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut text = String::new();
        if file.read_to_string(&mut text).is_ok() {
            files.insert(file.name().to_string(), text);
        }
    }
    files
}

fn xml(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).unwrap()
}

/// The table of contents: (depth, text, href) of every entry of the nav's toc, in order.
fn toc(epub: &BTreeMap<String, String>) -> Vec<(usize, String, String)> {
    let nav = xml(&epub["OEBPS/nav.xhtml"]);
    let toc = nav
        .descendants()
        .find(|n| n.has_tag_name("nav") && n.attribute("id") == Some("toc"))
        .unwrap();
    toc.descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            let depth = a.ancestors().filter(|n| n.has_tag_name("ol")).count();
            let text: String = a
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            (depth, text, a.attribute("href").unwrap().to_string())
        })
        .collect()
}

/// The file an EPUB href names, and whether that file has the id.
fn lands(epub: &BTreeMap<String, String>, href: &str) -> bool {
    let (file, id) = href.split_once('#').unwrap_or((href, ""));
    let Some(text) = epub.get(&format!("OEBPS/{file}")) else {
        return false;
    };
    id.is_empty() || text.contains(&format!("id=\"{id}\""))
}

/// Every link in the EPUB's chapters: (file, link text, href).
fn epub_links(epub: &BTreeMap<String, String>) -> Vec<(String, String, String)> {
    let mut links = Vec::new();
    for (name, text) in epub.iter().filter(|(n, _)| n.contains("chapter-")) {
        let doc = xml(text);
        for a in doc.descendants().filter(|n| n.has_tag_name("a")) {
            if let Some(href) = a.attribute("href") {
                let label: String = a
                    .descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect();
                links.push((name.clone(), label, href.to_string()));
            }
        }
    }
    links
}

/// All the text of the EPUB's chapters, tags dropped.
fn epub_text(epub: &BTreeMap<String, String>) -> String {
    epub.iter()
        .filter(|(n, _)| n.contains("chapter-"))
        .map(|(_, t)| {
            xml(t)
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect::<String>()
        })
        .collect()
}

/// Each page's letters, by 1-based page number.
fn pdf_pages(pdf: &Document) -> Vec<(u32, String)> {
    pdf.get_pages()
        .keys()
        .map(|&p| (p, letters(&pdf.extract_text(&[p]).unwrap_or_default())))
        .collect()
}

/// The outline's titles, depth first.
fn outline(pdf: &Document) -> Vec<String> {
    fn walk(pdf: &Document, item: Option<&Object>, out: &mut Vec<String>) {
        let mut next = item.and_then(|o| o.as_reference().ok());
        while let Some(id) = next {
            let entry = pdf.get_dictionary(id).unwrap();
            out.push(lopdf::decode_text_string(entry.get(b"Title").unwrap()).unwrap());
            walk(pdf, entry.get(b"First").ok(), out);
            next = entry.get(b"Next").ok().and_then(|o| o.as_reference().ok());
        }
    }
    let outlines = pdf.catalog().unwrap().get(b"Outlines").unwrap();
    let outlines = pdf
        .get_dictionary(outlines.as_reference().unwrap())
        .unwrap();
    let mut titles = Vec::new();
    walk(pdf, outlines.get(b"First").ok(), &mut titles);
    titles
}

/// The page numbers the internal links on page `page` go to.
fn link_targets(pdf: &Document, page: u32) -> Vec<u32> {
    let pages = pdf.get_pages();
    let number_of = |id: ObjectId| pages.iter().find(|(_, p)| **p == id).map(|(n, _)| *n);
    let page = pdf.get_dictionary(pages[&page]).unwrap();
    let Ok(annots) = page.get(b"Annots") else {
        return Vec::new();
    };
    let annots = match annots {
        Object::Reference(id) => pdf.get_object(*id).unwrap().as_array().unwrap(),
        other => other.as_array().unwrap(),
    };
    let mut targets = Vec::new();
    for annot in annots {
        let annot = match annot {
            Object::Reference(id) => pdf.get_dictionary(*id).unwrap(),
            other => other.as_dict().unwrap(),
        };
        let Ok(action) = annot.get(b"A") else {
            continue;
        };
        let action = match action {
            Object::Reference(id) => pdf.get_dictionary(*id).unwrap(),
            other => other.as_dict().unwrap(),
        };
        if action.get(b"S").unwrap().as_name().unwrap() != b"GoTo" {
            continue;
        }
        let dest = action.get(b"D").unwrap().as_array().unwrap();
        targets.extend(number_of(dest[0].as_reference().unwrap()));
    }
    targets
}

/// The page that opens with `heading` (letters only).
fn opening(pages: &[(u32, String)], heading: &str) -> u32 {
    pages
        .iter()
        .find(|(_, text)| text.starts_with(&letters(heading)))
        .unwrap_or_else(|| panic!("no page opens with {heading}"))
        .0
}

const FOLIO_CHAPTERS: &[&str] = &[
    "Preface",
    "Starting Out",
    "1. The Hive",
    "2. Swarming",
    "Through the Year",
    "3. The Beekeeper’s Year",
    "Glossary",
];

const MDBOOK_CHAPTERS: &[&str] = &[
    "Introduction",
    "The Basics",
    "1. Variables",
    "1.1. Quoting",
    "1.2. Arrays",
    "2. Functions",
    "Beyond",
    "3. Error Handling",
    "Further Reading",
];

#[test]
fn a_folio_book_is_one_epub_and_one_pdf_with_every_chapter_numbered() {
    let book = build(&fixture("folio"));
    assert_eq!(book.written, ["folio.epub", "folio.pdf"]);
    let entries = toc(&book.epub);
    let top: Vec<&str> = entries
        .iter()
        .filter(|(depth, ..)| *depth == 1)
        .map(|(_, text, _)| text.as_str())
        .collect();
    assert_eq!(top, FOLIO_CHAPTERS);
    for (_, text, href) in &entries {
        assert!(lands(&book.epub, href), "{text} -> {href}");
    }
    assert!(
        book.epub["OEBPS/content.opf"].contains("cover-image"),
        "the cover from folio.toml"
    );
    let outline = outline(&book.pdf);
    for chapter in FOLIO_CHAPTERS {
        assert!(
            outline.iter().any(|t| t == chapter),
            "{chapter} in {outline:?}"
        );
    }
}

#[test]
fn an_mdbook_is_one_book_numbered_and_nested_as_its_summary() {
    let book = build(&fixture("mdbook"));
    assert_eq!(book.written, ["mdbook.epub", "mdbook.pdf"]);
    let entries = toc(&book.epub);
    let chapters: Vec<&str> = entries
        .iter()
        .map(|(_, text, _)| text.as_str())
        .filter(|text| MDBOOK_CHAPTERS.contains(text))
        .collect();
    assert_eq!(chapters, MDBOOK_CHAPTERS, "{entries:?}");
    let depth = |title: &str| entries.iter().find(|(_, t, _)| t == title).unwrap().0;
    assert_eq!(depth("1.1. Quoting"), depth("1. Variables") + 1);
    assert!(!entries.iter().any(|(_, t, _)| t.contains("Not Written")));
    // `slots.png` beside `basics/arrays.md` is found from the book's folder too.
    assert!(book.epub["OEBPS/content.opf"].contains("image/png"));
    for (_, text, href) in &entries {
        assert!(lands(&book.epub, href), "{text} -> {href}");
    }
    let outline = outline(&book.pdf);
    for chapter in MDBOOK_CHAPTERS {
        assert!(
            outline.iter().any(|t| t == chapter),
            "{chapter} in {outline:?}"
        );
    }
}

#[test]
fn in_print_chapters_and_parts_open_on_right_hand_pages() {
    for (name, chapters) in [("folio", FOLIO_CHAPTERS), ("mdbook", MDBOOK_CHAPTERS)] {
        let book = build(&fixture(name));
        let pages = pdf_pages(&book.pdf);
        // Chapters nested in others (1.1, 1.2) run on; every other opening starts a page.
        for chapter in chapters
            .iter()
            .filter(|c| !c.contains(".1.") && !c.contains(".2."))
        {
            let page = opening(&pages, chapter);
            assert_eq!(page % 2, 1, "{name}: {chapter} opens on page {page}");
        }
        // A part's title stands alone on its page (with the folio).
        let part = if name == "folio" {
            "Starting Out"
        } else {
            "The Basics"
        };
        let (_, text) = &pages[opening(&pages, part) as usize - 1];
        assert_eq!(
            text.trim_end_matches(|c: char| c.is_ascii_digit()),
            letters(part),
            "{name}: the part's page holds only its title"
        );
        // The pages left blank before them carry no running head and no folio.
        let blanks = pages.iter().filter(|(_, text)| text.is_empty()).count();
        assert!(
            blanks > 0,
            "{name}: some chapter needed a blank page before it"
        );
        // On screen (one-sided) no page is left blank.
        let screen = pdf_pages(&build_with(&fixture(name), &["--one-sided"]).pdf);
        assert!(screen.iter().all(|(_, text)| !text.is_empty()));
        assert_eq!(screen.len(), pages.len() - blanks, "{name}");
    }
}

#[test]
fn links_between_chapters_land_on_the_right_heading() {
    let book = build(&fixture("folio"));
    let links = epub_links(&book.epub);
    let href = |label: &str| {
        links
            .iter()
            .find(|(_, l, _)| l == label)
            .unwrap_or_else(|| panic!("no link {label} in {links:?}"))
            .2
            .clone()
    };
    // Every link in the book goes to a file and id that exist.
    for (file, label, href) in &links {
        assert!(
            lands(&book.epub, href) || href.starts_with('#'),
            "{file}: {label} -> {href}"
        );
    }
    let file_of = |href: &str| format!("OEBPS/{}", href.split_once('#').unwrap().0);
    // `swarm.md#catching-a-swarm` and mdBook style `seasons.html#calendar`.
    let catching = href("Catching a Swarm");
    assert!(
        book.epub[&file_of(&catching)].contains("2. Swarming"),
        "{catching}"
    );
    assert!(catching.ends_with("#catching-a-swarm"));
    let calendar = href("the season’s calendar");
    assert!(
        book.epub[&file_of(&calendar)].contains("The Beekeeper’s Year"),
        "{calendar}"
    );
    assert!(calendar.ends_with("#calendar"));
    // Three chapters have a `## Setup`: the ids stay unique and `hive.md#setup` finds the hive's.
    let setup = href("the hive’s setup");
    let setup_file = &book.epub[&file_of(&setup)];
    assert!(setup_file.contains("1. The Hive"), "{setup}");
    let id = setup.split_once('#').unwrap().1;
    let all: String = book.epub.values().cloned().collect();
    assert_eq!(all.matches(&format!("id=\"{id}\"")).count(), 1);
    assert!(all.contains("id=\"setup-1\"") && all.contains("id=\"setup-2\""));
    // A link to a chapter without a fragment goes to its opening heading.
    assert!(href("the hive chapter").ends_with("#the-hive"));

    // In the PDF the same links are GoTo actions to the pages holding their targets.
    let pages = pdf_pages(&book.pdf);
    let hive = opening(&pages, "1. The Hive");
    let targets = link_targets(&book.pdf, hive);
    assert!(
        targets.contains(&opening(&pages, "2. Swarming")),
        "{targets:?}"
    );
    assert!(
        targets.contains(&opening(&pages, "3. The Beekeeper’s Year")),
        "{targets:?}"
    );
}

#[test]
fn includes_take_anchored_parts_and_line_ranges_without_markers() {
    let folio_book = build(&fixture("folio"));
    let text = epub_text(&folio_book.epub);
    assert!(text.contains("const FRAME_SPACING: Mm = 35.0;\nconst BEE_SPACE: Mm = 8.0;"));
    assert!(text.contains("/// Millimetres, as the jig measures.\ntype Mm = f32;"));
    assert!(!text.contains("ANCHOR") && !text.contains("println"));
    let pdf_text: String = pdf_pages(&folio_book.pdf)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(pdf_text.contains("constframespacingmm350"));

    let mdbook = build(&fixture("mdbook"));
    let text = epub_text(&mdbook.epub);
    // `backup.sh:copy`, lines 3 to 4, and the `main` anchor of a rustdoc_include.
    assert!(text.contains("cp -- \"${files[@]}\" \"$dest\""), "{text}");
    assert!(text.contains("files=(\"notes one.txt\" \"notes two.txt\")\ndest=/backup"));
    assert!(text.contains("main() {\n    local target=$1"));
    assert!(!text.contains("ANCHOR") && !text.contains("set -euo"));
}

/// Writes a small book into `dir`: `files` as (path, text).
fn write_book(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn a_chapter_in_a_subfolder_uses_the_books_images_but_nothing_outside_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("shared");
    let png = std::fs::read(fixture("folio").join("cover.png")).unwrap();
    std::fs::create_dir_all(book.join("img")).unwrap();
    std::fs::write(book.join("img/chart.png"), &png).unwrap();
    std::fs::write(dir.path().join("outside.png"), &png).unwrap();
    let chapter = "# B\n\n![Chart](../img/chart.png)\n";
    write_book(
        &book,
        &[
            (
                "folio.toml",
                "title = \"Shared\"\nchapters = [\"a.md\", \"part/b.md\"]\n",
            ),
            ("a.md", "# A\n\nText.\n"),
            ("part/b.md", chapter),
        ],
    );
    let build = || {
        folio(
            &["build", "shared", "-o", "out", "--to", "epub"],
            dir.path(),
        )
    };
    let output = build();
    assert!(output.status.success(), "{}", stderr(&output));
    let epub = std::fs::File::open(dir.path().join("out/shared.epub")).unwrap();
    let archive = zip::ZipArchive::new(epub).unwrap();
    assert_eq!(
        archive.file_names().filter(|n| n.ends_with(".png")).count(),
        1,
        "the book's shared image is in the EPUB"
    );
    let away = format!("{chapter}\n![Away](../../outside.png)\n");
    write_book(&book, &[("part/b.md", &away)]);
    let output = build();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("b.md:5:1") && err.contains("outside.png"),
        "an image outside the book is refused where it is written: {err}"
    );
}

#[test]
fn a_book_of_one_chapter_is_still_set_as_a_book() {
    let dir = tempfile::tempdir().unwrap();
    write_book(
        &dir.path().join("single"),
        &[
            (
                "folio.toml",
                "title = \"A Single Essay\"\nchapters = [\"essay.md\"]\n",
            ),
            ("essay.md", "# The Essay\n\nIts only chapter.\n"),
        ],
    );
    let output = folio(&["build", "single", "-o", "out", "--to", "pdf"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf = Document::load(dir.path().join("out/single.pdf")).unwrap();
    let pages = pdf_pages(&pdf);
    assert_eq!(
        pages[0].1,
        letters("A Single Essay"),
        "a title page of its own"
    );
    assert_eq!(
        opening(&pages, "1. The Essay") % 2,
        1,
        "on a right-hand page"
    );
}

#[test]
fn a_missing_include_fails_the_book_at_its_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("broken");
    write_book(
        &book,
        &[
            (
                "folio.toml",
                "title = \"Broken\"\nchapters = [\"a.md\", \"b.md\"]\n",
            ),
            ("a.md", "# A\n\nText.\n"),
            ("b.md", "# B\n\n```\n    {{#include gone.rs:main}}\n```\n"),
        ],
    );
    let out = dir.path().join("out");
    let output = folio(&["build", "broken", "-o", "out"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("b.md:4:5"), "{err}");
    assert!(err.contains("gone.rs"), "{err}");
    let written = std::fs::read_dir(&out).map_or(0, |d| {
        d.filter(|e| {
            !e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.')
        })
        .count()
    });
    assert_eq!(written, 0, "no partial output");
}

#[test]
fn chapter_warnings_name_the_chapter_file_and_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    write_book(
        dir.path(),
        &[
            ("folio.toml", "chapters = [\"a.md\", \"b.md\"]\n"),
            (
                "a.md",
                "# A\n\n{{#include part.md}}\n\nSee [nowhere](c.md#x).\n",
            ),
            ("part.md", "Included.\n\nAnd a [^missing] note.\n"),
            ("b.md", "# B\n\nOne.\n\nTwo [to a](a.md#nope).\n"),
        ],
    );
    let output = folio(&["build", ".", "-o", "out", "--to", "epub"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    // Line 5 of a.md, not of the chapter with part.md pasted in.
    assert!(err.contains("a.md:5:5"), "{err}");
    assert!(err.contains("part.md:3:7"), "{err}");
    assert!(err.contains("b.md:5:5"), "{err}");
}

#[test]
fn typesetting_warnings_name_the_file_the_text_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let word = "Unbreakable".repeat(12);
    write_book(
        dir.path(),
        &[
            ("folio.toml", "chapters = [\"a.md\", \"b.md\"]\n"),
            ("a.md", "# A\n\nText.\n\n{{#include wide.md}}\n"),
            ("wide.md", &format!("Intro.\n\nToo wide: {word}.\n")),
            ("b.md", &format!("# B\n\nOne.\n\nTwo: {word}.\n")),
        ],
    );
    let output = folio(&["build", ".", "-o", "out", "--to", "pdf"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("wider than the text block"), "{err}");
    assert!(err.contains("wide.md:3:1"), "{err}");
    assert!(err.contains("b.md:5:1"), "{err}");
}

#[test]
fn a_book_in_a_batch_is_built_whole_beside_articles() {
    let dir = tempfile::tempdir().unwrap();
    let desk = dir.path().join("desk");
    write_book(
        &desk,
        &[
            ("article.md", "# An Article\n\nText.\n"),
            (
                "novel/folio.toml",
                "title = \"Novel\"\nchapters = [\"one.md\", \"two.md\"]\n",
            ),
            ("novel/one.md", "# One\n\nText.\n"),
            ("novel/two.md", "# Two\n\nText.\n"),
        ],
    );
    let output = folio(&["build", "desk", "-o", "out", "--to", "epub"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let out = dir.path().join("out");
    assert!(out.join("article.epub").is_file());
    assert!(out.join("novel.epub").is_file());
    assert!(
        !out.join("novel").exists(),
        "chapters are not built as articles"
    );

    let mdbook = fixture("mdbook");
    let output = folio(
        &[
            "build",
            mdbook.to_str().unwrap(),
            "desk/article.md",
            "-o",
            "out2",
            "--to",
            "epub",
        ],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(dir.path().join("out2/mdbook.epub").is_file());
    assert!(dir.path().join("out2/article.epub").is_file());
}

#[test]
fn a_rebuild_skips_an_unchanged_book_and_follows_its_included_files() {
    let dir = tempfile::tempdir().unwrap();
    write_book(
        &dir.path().join("book"),
        &[
            (
                "folio.toml",
                "title = \"Cached\"\nchapters = [\"one.md\", \"two.md\"]\n",
            ),
            ("one.md", "# One\n\n```\n{{#include code/x.rs}}\n```\n"),
            ("two.md", "# Two\n\nText.\n"),
            ("code/x.rs", "fn x() {}\n"),
        ],
    );
    let run = || {
        let output = folio(
            &["build", "book", "-o", "out", "--to", "epub", "-v"],
            dir.path(),
        );
        assert!(output.status.success(), "{}", stderr(&output));
        stderr(&output)
    };
    assert!(run().contains("built book"));
    assert!(run().contains("unchanged book"));
    std::fs::write(dir.path().join("book/code/x.rs"), "fn y() {}\n").unwrap();
    assert!(run().contains("built book"), "an included file changed");
    assert!(run().contains("unchanged book"));
    std::fs::write(
        dir.path().join("book/folio.toml"),
        "title = \"Cached\"\nchapters = [\"two.md\", \"one.md\"]\n",
    )
    .unwrap();
    assert!(run().contains("built book"), "the chapter order changed");
}

#[test]
fn a_missing_chapter_is_an_error_where_the_summary_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    write_book(
        &dir.path().join("gaps"),
        &[
            ("book.toml", "[book]\ntitle = \"Gaps\"\n"),
            (
                "src/SUMMARY.md",
                "# Summary\n\n- [One](one.md)\n- [Two](two.md)\n",
            ),
            ("src/one.md", "# One\n"),
        ],
    );
    let output = folio(&["build", "gaps", "-o", "out"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("SUMMARY.md:4:9"), "{err}");
    assert!(!dir.path().join("out/gaps.pdf").exists());
}
