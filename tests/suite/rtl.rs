//! Languages and directions end to end: small documents in Dari, Pashto, Tajik, Arabic, Hebrew
//! and Urdu are read by the real reader (fenced divs, bracketed spans, heading attributes, raw
//! HTML), their directions decided by the model, and written by the EPUB writer, whose pages,
//! package, NCX and embedded faces are checked as a reading system would see them.

use crate::common;

use common::pdf::{letters, page_texts, typeset};
use folio::diagnostics::Diagnostic;
use folio::epub::{self, EpubOptions};
use folio::markdown::{self, ReadOptions};
use folio::model::*;
use roxmltree::{Node, ParsingOptions};
use std::io::Read;
use std::path::Path;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

fn read(source: &str) -> (Document, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let doc = markdown::read(
        Path::new("test.md"),
        source.as_bytes(),
        &ReadOptions::default(),
        &mut diagnostics,
    )
    .unwrap();
    (doc, diagnostics)
}

/// Every file of the EPUB written from `source`, by name.
fn epub_files(source: &str, options: &EpubOptions) -> Vec<(String, Vec<u8>)> {
    let (doc, _) = read(source);
    let bytes = epub::write(&doc, options).unwrap().bytes;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().to_string(), content)
        })
        .collect()
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1
}

fn text<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
    std::str::from_utf8(file(files, name)).unwrap()
}

fn parse(text: &str) -> roxmltree::Document<'_> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).unwrap()
}

/// `(dir, lang, xml:lang)` of an element.
fn locale_of<'a>(node: Node<'a, '_>) -> (Option<&'a str>, Option<&'a str>, Option<&'a str>) {
    (
        node.attribute("dir"),
        node.attribute("lang"),
        node.attribute((XML_NS, "lang")),
    )
}

/// The element named `tag` whose text starts with `start`.
fn element<'a, 'i>(doc: &'a roxmltree::Document<'i>, tag: &str, start: &str) -> Node<'a, 'i> {
    doc.descendants()
        .find(|n| {
            n.has_tag_name(tag)
                && n.descendants()
                    .filter_map(|d| d.text())
                    .collect::<String>()
                    .trim_start()
                    .starts_with(start)
        })
        .unwrap_or_else(|| panic!("no <{tag}> starting with {start}"))
}

fn messages(diagnostics: &[Diagnostic]) -> Vec<(String, u32, u32)> {
    diagnostics
        .iter()
        .map(|d| {
            let span = d.span.unwrap_or_default();
            (d.message.clone(), span.line, span.column)
        })
        .collect()
}

const MIXED: &str = "---\ntitle: Three Voices\nlang: en\n---\n\n\
Intro with [کابل]{lang=prs} and [Душанбе]{lang=tg}.\n\n\
::: {lang=ps dir=rtl}\n## د پښتو غږ\n\nپښتو ژبه ده.\n\nEnglish line in a Pashto div.\n:::\n\n\
::: {lang=tg}\nЗабони тоҷикӣ.\n:::\n\n\
کابل شهر بزرگی است.\n\n\
שלום עולם.\n\n\
<div lang=\"ur\" dir=\"rtl\">\n\nاردو ایک زبان ہے۔\n\n</div>\n\n\
Text with <span lang=\"ar\" dir=\"rtl\">مرحبا</span>.\n";

#[test]
fn fenced_divs_and_spans_become_nodes_with_exact_positions() {
    let (doc, warnings) = read(MIXED);
    assert!(warnings.is_empty(), "{:?}", messages(&warnings));
    // The span: `[کابل]{lang=prs}` on line 6, its attributes not part of the text.
    let BlockKind::Paragraph { content } = &doc.blocks[0].kind else {
        panic!("{:?}", doc.blocks[0])
    };
    let spans: Vec<_> = content
        .iter()
        .filter_map(|i| match &i.kind {
            InlineKind::Span { locale, content } => Some((locale, plain_text(content), i.span)),
            _ => None,
        })
        .collect();
    assert_eq!(spans.len(), 2);
    assert_eq!(spans[0].0.lang.as_deref(), Some("prs"));
    assert_eq!(spans[0].1, "کابل");
    assert_eq!((spans[0].2.line, spans[0].2.column), (6, 12));
    assert_eq!(spans[1].0.lang.as_deref(), Some("tg"));
    assert_eq!(plain_text(content), "Intro with کابل and Душанбе.");
    // The Pashto div: from its fence on line 8 to its closing fence, holding a heading and two
    // paragraphs whose positions are those of the manuscript.
    let div = &doc.blocks[1];
    let BlockKind::Div { blocks } = &div.kind else {
        panic!("{div:?}")
    };
    assert_eq!(div.locale.lang.as_deref(), Some("ps"));
    assert_eq!(div.locale.dir, Some(Dir::Rtl));
    assert_eq!((div.span.line, div.span.column), (8, 1));
    assert_eq!(&MIXED[div.span.start..div.span.end][..3], ":::");
    assert!(MIXED[div.span.start..div.span.end].ends_with(":::"));
    assert_eq!(blocks.len(), 3);
    assert_eq!((blocks[0].span.line, blocks[0].span.column), (9, 1));
    assert_eq!((blocks[1].span.line, blocks[1].span.column), (11, 1));
    // The raw HTML div is the same node.
    let html_div = doc
        .blocks
        .iter()
        .find(|b| b.locale.lang.as_deref() == Some("ur"))
        .unwrap();
    assert!(matches!(&html_div.kind, BlockKind::Div { blocks } if blocks.len() == 1));
    assert_eq!(html_div.locale.dir, Some(Dir::Rtl));
}

#[test]
fn heading_attributes_give_the_heading_its_language() {
    let (doc, warnings) = read("# Kabul\n\n## کابل {#kabul lang=prs dir=rtl}\n");
    assert!(warnings.is_empty());
    let heading = &doc.blocks[0];
    assert!(
        matches!(&heading.kind, BlockKind::Heading(h) if h.id == "kabul" && h.attributes.is_empty())
    );
    assert_eq!(heading.locale.lang.as_deref(), Some("prs"));
    assert_eq!(heading.locale.dir, Some(Dir::Rtl));
}

#[test]
fn malformed_attributes_are_warnings_at_their_place() {
    let source = "# T\n\n\
::: {lang=ps dir=sideways}\nپښتو.\n:::\n\n\
A [span]{lang=\"not a tag\"} and [open]{lang=fa\n\n\
:::\n\n\
::: {lang=prs\nدری.\n";
    let (doc, warnings) = read(source);
    assert_eq!(
        messages(&warnings),
        [
            (
                "`sideways` is not a direction (`ltr`, `rtl` or `auto`); `dir` is ignored".into(),
                3,
                14
            ),
            (
                "`not a tag` is not a language tag; `lang` is ignored".into(),
                7,
                10
            ),
            (
                "this attribute block is never closed with `}`".into(),
                7,
                38
            ),
            (
                "this `:::` closes no fenced div; it is dropped".into(),
                9,
                1
            ),
            (
                "this fenced div is never closed; it runs to the end of the document".into(),
                11,
                1
            ),
            (
                "this attribute block is never closed with `}`".into(),
                11,
                5
            ),
        ]
    );
    // The document is still read whole: the bad div keeps its good `lang`.
    let div = doc
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Div { .. }));
    assert_eq!(div.unwrap().locale.lang.as_deref(), Some("ps"));
    assert_eq!(div.unwrap().locale.dir, None);
    assert!(matches!(
        doc.blocks.last().map(|b| &b.kind),
        Some(BlockKind::Div { .. })
    ));
}

#[test]
fn code_keeps_its_colons_and_fences_inside_code_are_text() {
    let (doc, warnings) = read("# T\n\n```\n::: {lang=ps}\n```\n\n    ::: indented\n");
    assert!(warnings.is_empty(), "{:?}", messages(&warnings));
    assert!(
        matches!(&doc.blocks[0].kind, BlockKind::CodeBlock { code, .. } if code == "::: {lang=ps}\n")
    );
    assert!(
        !doc.blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Div { .. }))
    );
}

#[test]
fn undeclared_paragraphs_take_the_direction_of_their_first_strong_letter() {
    let (doc, _) = read(
        "---\nlang: en\n---\n\nکابل شهر است.\n\nمرحبا بالعالم.\n\nשלום עולם.\n\nاردو ایک زبان ہے۔\n\n\
         Забони тоҷикӣ.\n\n123 456.\n\n«2026» Kabul کابل.\n",
    );
    let flow = Flow::of_document(&doc.meta);
    assert_eq!(flow.direction, Direction::Ltr);
    let directions: Vec<_> = doc
        .blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Paragraph { content } => flow.text(&b.locale, content).direction,
            other => panic!("{other:?}"),
        })
        .collect();
    use Direction::{Ltr, Rtl};
    assert_eq!(directions, [Rtl, Rtl, Rtl, Rtl, Ltr, Ltr, Ltr]);
    // Inside a div that states its direction, the text does not decide.
    let rtl = flow.enter(&Locale {
        lang: Some("ps".into()),
        dir: None,
    });
    let BlockKind::Paragraph { content } = &doc.blocks[4].kind else {
        unreachable!()
    };
    assert_eq!(rtl.text(&Locale::default(), content).direction, Rtl);
}

#[test]
fn right_to_left_languages_make_right_to_left_books() {
    for lang in [
        "fa", "prs", "ps", "ar", "ur", "he", "yi", "ckb", "ku-Arab", "fa-AF",
    ] {
        assert!(is_rtl_language(lang), "{lang}");
        let (doc, _) = read(&format!("---\nlang: {lang}\n---\n\nText.\n"));
        assert_eq!(doc.meta.direction(), Direction::Rtl, "{lang}");
    }
    for lang in ["en", "tg", "tg-Cyrl", "ru", "uz-Latn", "az-Latn"] {
        assert!(!is_rtl_language(lang), "{lang}");
    }
    let (doc, _) = read("---\nlang: en\ndir: rtl\n---\n\nText.\n");
    assert_eq!(doc.meta.direction(), Direction::Rtl);
}

#[test]
fn epub_marks_direction_and_language_where_they_change() {
    let files = epub_files(MIXED, &EpubOptions::default());
    let page = parse(text(&files, "OEBPS/chapter-001.xhtml"));
    let html = page.root_element();
    assert_eq!(locale_of(html), (Some("ltr"), Some("en"), Some("en")));
    let span = element(&page, "span", "کابل");
    assert_eq!(locale_of(span), (Some("rtl"), Some("prs"), Some("prs")));
    let tajik = element(&page, "span", "Душанбе");
    assert_eq!(locale_of(tajik), (None, Some("tg"), Some("tg")));
    let pashto = element(&page, "div", "د پښتو");
    assert_eq!(locale_of(pashto), (Some("rtl"), Some("ps"), Some("ps")));
    // Inside it, the heading inherits; an English line is still right to left, as stated.
    assert_eq!(
        locale_of(element(&page, "h2", "د پښتو")),
        (None, None, None)
    );
    let english = element(&page, "p", "English line");
    assert_eq!(locale_of(english), (None, None, None));
    // A detected direction is marked too, on paragraphs that state nothing.
    assert_eq!(
        locale_of(element(&page, "p", "کابل شهر")),
        (Some("rtl"), None, None)
    );
    assert_eq!(
        locale_of(element(&page, "p", "שלום")),
        (Some("rtl"), None, None)
    );
    assert_eq!(locale_of(element(&page, "p", "Intro")), (None, None, None));
    let urdu = element(&page, "div", "اردو");
    assert_eq!(locale_of(urdu), (Some("rtl"), Some("ur"), Some("ur")));
    let arabic = element(&page, "span", "مرحبا");
    assert_eq!(locale_of(arabic), (Some("rtl"), Some("ar"), Some("ar")));
    // Table cells and terms decide their own direction like paragraphs.
    let files = epub_files(
        "# T\n\n| Word | کلمه |\n|---|---|\n| book | کتاب |\n\nکتاب\n: book\n",
        &EpubOptions::default(),
    );
    let table = parse(text(&files, "OEBPS/chapter-001.xhtml"));
    assert_eq!(element(&table, "th", "کلمه").attribute("dir"), Some("rtl"));
    assert_eq!(element(&table, "td", "book").attribute("dir"), None);
    assert_eq!(element(&table, "td", "کتاب").attribute("dir"), Some("rtl"));
    assert_eq!(element(&table, "dt", "کتاب").attribute("dir"), Some("rtl"));
    // The Tajik div changes the language only.
    assert_eq!(
        locale_of(element(&page, "div", "Забони")),
        (None, Some("tg"), Some("tg"))
    );
}

#[test]
fn a_right_to_left_book_reads_right_to_left_everywhere() {
    let source = "---\ntitle: کتاب\nlang: prs\n---\n\n## بخش یک\n\nمتن دری.\n\n```\nlet x = 1;\n```\n\nRust is a language.\n";
    let files = epub_files(source, &EpubOptions::default());
    let opf = parse(text(&files, "OEBPS/content.opf"));
    let spine = opf.descendants().find(|n| n.has_tag_name("spine")).unwrap();
    assert_eq!(spine.attribute("page-progression-direction"), Some("rtl"));
    assert_eq!(opf.root_element().attribute("dir"), Some("rtl"));
    let ncx = parse(text(&files, "OEBPS/toc.ncx"));
    assert_eq!(ncx.root_element().attribute("dir"), Some("rtl"));
    let nav = parse(text(&files, "OEBPS/nav.xhtml"));
    assert_eq!(nav.root_element().attribute("dir"), Some("rtl"));
    let page = parse(text(&files, "OEBPS/chapter-001.xhtml"));
    assert_eq!(
        locale_of(page.root_element()),
        (Some("rtl"), Some("prs"), Some("prs"))
    );
    // The book states its direction: a paragraph starting with a Latin name stays right to
    // left, while code always reads left to right.
    assert_eq!(locale_of(element(&page, "p", "Rust")), (None, None, None));
    assert_eq!(element(&page, "pre", "let").attribute("dir"), Some("ltr"));
    // An English book's spine runs left to right.
    let files = epub_files("---\nlang: en\n---\n\nText.\n", &EpubOptions::default());
    let opf = parse(text(&files, "OEBPS/content.opf"));
    let spine = opf.descendants().find(|n| n.has_tag_name("spine")).unwrap();
    assert_eq!(spine.attribute("page-progression-direction"), Some("ltr"));
}

/// Pashto and Dari letters, Arabic-Indic and Persian digits, ZWNJ, the Arabic comma and
/// question mark: what the embedded face must cover.
const NEEDED: &str = "ټځڅډړږښګڼۍېیک٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹\u{200C}،؟";

#[test]
fn arabic_script_text_brings_its_face_into_the_book() {
    let source = format!("---\ntitle: T\nlang: en\n---\n\n## پښتو\n\n{NEEDED}\n");
    let files = epub_files(&source, &EpubOptions::default());
    let opf = parse(text(&files, "OEBPS/content.opf"));
    for face in ["NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"] {
        let href = format!("fonts/{face}");
        let item = opf
            .descendants()
            .find(|n| n.has_tag_name("item") && n.attribute("href") == Some(href.as_str()))
            .unwrap_or_else(|| panic!("{face} is not in the manifest"));
        assert_eq!(item.attribute("media-type"), Some("font/ttf"));
        let bytes = file(&files, &format!("OEBPS/{href}"));
        let font = rustybuzz::ttf_parser::Face::parse(bytes, 0).unwrap();
        for c in NEEDED.chars() {
            assert!(
                font.glyph_index(c).is_some(),
                "{face} lacks U+{:04X}",
                c as u32
            );
        }
        assert!(text(&files, "OEBPS/stylesheet.css").contains(&format!("url(\"{href}\")")));
    }
    let css = text(&files, "OEBPS/stylesheet.css");
    assert!(css.contains(":lang(ps)") && css.contains("[dir=\"rtl\"]"));
    // Without Arabic-script text, or when told not to, no face goes in.
    for (source, embed_fonts) in [("Забони тоҷикӣ, שלום.\n", true), (source.as_str(), false)]
    {
        let options = EpubOptions {
            embed_fonts,
            ..EpubOptions::default()
        };
        let files = epub_files(source, &options);
        assert!(!files.iter().any(|(n, _)| n.ends_with(".ttf")));
        assert!(!text(&files, "OEBPS/stylesheet.css").contains("@font-face"));
    }
}

#[test]
fn chapter_titles_are_the_documents_or_the_chapters_never_a_sections() {
    let title_of = |files: &[(String, Vec<u8>)], name: &str| {
        let page = parse(text(files, name));
        let title = page
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .unwrap();
        title.text().unwrap_or_default().to_string()
    };
    let article = "---\ntitle: مقاله\nlang: prs\n---\n\n## بخش اول\n\nمتن.\n";
    let files = epub_files(article, &EpubOptions::default());
    assert_eq!(title_of(&files, "OEBPS/chapter-001.xhtml"), "مقاله");
    // A Dari title on an English article: the title block runs right to left.
    let article = "---\ntitle: مقاله\nlang: en\n---\n\n## Part one\n\nText.\n";
    let files = epub_files(article, &EpubOptions::default());
    assert_eq!(title_of(&files, "OEBPS/chapter-001.xhtml"), "مقاله");
    let page = parse(text(&files, "OEBPS/chapter-001.xhtml"));
    let header = page
        .descendants()
        .find(|n| n.has_tag_name("header"))
        .unwrap();
    assert_eq!(header.attribute("dir"), Some("rtl"));
    let book = "---\ntitle: کتاب\nlang: ps\n---\n\n# لومړی څپرکی\n\n## برخه\n\nمتن.\n\n# دوهم څپرکی\n\nمتن.\n";
    let files = epub_files(book, &EpubOptions::default());
    let chapters: Vec<_> = files
        .iter()
        .filter(|(n, _)| n.starts_with("OEBPS/chapter-"))
        .map(|(n, _)| title_of(&files, n))
        .collect();
    assert_eq!(chapters, ["لومړی څپرکی", "دوهم څپرکی"]);
}

#[test]
fn a_long_div_is_cut_into_files_that_each_keep_its_language() {
    let paragraph = "پښتو د افغانستان یوه رسمي ژبه ده او ډېر خلک یې وايي. ".repeat(20);
    let body = vec![paragraph.as_str(); 300].join("\n\n");
    let source = format!("---\ntitle: T\nlang: en\n---\n\n::: {{lang=ps dir=rtl}}\n{body}\n:::\n");
    let files = epub_files(&source, &EpubOptions::default());
    let chapters: Vec<_> = files
        .iter()
        .filter(|(n, _)| n.starts_with("OEBPS/chapter-"))
        .collect();
    assert!(chapters.len() > 1, "{} file(s)", chapters.len());
    for (name, bytes) in chapters {
        assert!(bytes.len() <= epub::MAX_FILE_BYTES, "{name}");
        let page = parse(std::str::from_utf8(bytes).unwrap());
        let div = page.descendants().find(|n| n.has_tag_name("div")).unwrap();
        assert_eq!(
            locale_of(div),
            (Some("rtl"), Some("ps"), Some("ps")),
            "{name}"
        );
    }
}

#[test]
fn spans_and_divs_that_state_no_language_or_direction_are_their_content() {
    let (doc, warnings) = read(
        "# T\n\nA [note]{.aside} and <span class=\"x\">more</span> ![x]{.y}.\n\n\
         <div class=\"box\">\n\nInside.\n\n</div>\n",
    );
    // An image written like a span stays what it was: text, not an image of a made-up file.
    assert!(
        !warnings.iter().any(|w| w.message.contains("image")),
        "{:?}",
        messages(&warnings)
    );
    assert!(
        !doc.blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Div { .. }))
    );
    let BlockKind::Paragraph { content } = &doc.blocks[0].kind else {
        panic!("{:?}", doc.blocks[0])
    };
    assert!(
        !content
            .iter()
            .any(|i| matches!(i.kind, InlineKind::Span { .. }))
    );
    assert_eq!(plain_text(content), "A note and more ![x]{.y}.");
}

#[test]
fn the_pdf_sets_the_text_of_divs_and_spans() {
    let source = "---\ntitle: T\nlang: en\n---\n\nThe word [китоб]{lang=tg} means book.\n\n\
::: {lang=tg}\n## Душанбе\n\nШаҳри зебо ва калон.\n\n> Китоб дӯст аст.\n:::\n\nAfter the div.\n";
    let pdf = typeset(
        Path::new("t.md"),
        source,
        &folio::pdf::PdfOptions::default(),
    );
    let text = letters(&page_texts(&pdf.doc).concat());
    for words in [
        "thewordкитобmeansbook",
        "душанбе",
        "шаҳризебовакалон",
        "китобдӯстаст",
        "afterthediv",
    ] {
        assert!(text.contains(words), "{words} not in {text}");
    }
}

#[test]
fn fences_inside_a_list_item_make_a_div_of_the_item_and_the_next_div_is_still_read() {
    let (doc, warnings) = read(
        "# T\n\n- item\n\n  ::: {lang=ps}\n  پښتو\n  :::\n\n- two\n\n::: {lang=prs}\nدری\n:::\n",
    );
    assert!(warnings.is_empty(), "{:?}", messages(&warnings));
    let BlockKind::List(list) = &doc.blocks[0].kind else {
        panic!("a list: {:?}", doc.blocks[0].kind)
    };
    let [paragraph, div] = list.items[0].blocks.as_slice() else {
        panic!("the item's text and its div: {:?}", list.items[0].blocks)
    };
    assert!(matches!(paragraph.kind, BlockKind::Paragraph { .. }));
    assert!(matches!(&div.kind, BlockKind::Div { blocks } if blocks.len() == 1));
    assert_eq!(div.locale.lang.as_deref(), Some("ps"));
    assert_eq!(
        list.items[1].blocks.len(),
        1,
        "the second item holds no div"
    );
    let div = doc
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Div { .. }));
    assert_eq!(div.unwrap().locale.lang.as_deref(), Some("prs"));
}

#[test]
fn fences_are_read_inside_block_quotes_and_nest() {
    let (doc, warnings) = read(
        "# T\n\n> Quoted.\n>\n> ::: {lang=prs}\n> دری\n> :::\n\n\
::: {lang=ps}\nپښتو\n\n::: {lang=en dir=ltr}\nInner.\n:::\n\nپښتو بیا\n:::\n\n\
1. One\n\n   ::: {lang=tg}\n   > ::: {lang=prs}\n   > دری\n   > :::\n   :::\n",
    );
    assert!(warnings.is_empty(), "{:?}", messages(&warnings));
    let lang = |block: &Block| block.locale.lang.clone().unwrap_or_default();
    let BlockKind::BlockQuote { blocks } = &doc.blocks[0].kind else {
        panic!("a quote: {:?}", doc.blocks[0].kind)
    };
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    assert!(matches!(blocks[1].kind, BlockKind::Div { .. }));
    assert_eq!(lang(&blocks[1]), "prs");
    let BlockKind::Div { blocks } = &doc.blocks[1].kind else {
        panic!("a div: {:?}", doc.blocks[1].kind)
    };
    assert_eq!(lang(&doc.blocks[1]), "ps");
    assert_eq!(blocks.len(), 3, "text, the inner div, text: {blocks:?}");
    assert!(matches!(blocks[1].kind, BlockKind::Div { .. }));
    assert_eq!(lang(&blocks[1]), "en");
    // A div in a list item holding a quote that holds a div.
    let BlockKind::List(list) = &doc.blocks[2].kind else {
        panic!("a list: {:?}", doc.blocks[2].kind)
    };
    let outer = &list.items[0].blocks[1];
    assert_eq!(lang(outer), "tg");
    let BlockKind::Div { blocks } = &outer.kind else {
        panic!("a div: {outer:?}")
    };
    let BlockKind::BlockQuote { blocks } = &blocks[0].kind else {
        panic!("a quote: {blocks:?}")
    };
    assert!(matches!(blocks[0].kind, BlockKind::Div { .. }));
    assert_eq!(lang(&blocks[0]), "prs");
}
