//! The Markdown reader, construct by construct, through the public API.

use folio::diagnostics::{Diagnostic, Severity};
use folio::markdown::{self, ReadOptions};
use folio::model::*;
use std::path::Path;

use crate::common;

use common::hostile::png;

/// Reads `source` as `dir/doc.md`, returning the document (or the error) and the warnings.
fn read_in(
    dir: &Path,
    source: &str,
    options: &ReadOptions,
) -> (Result<Document, Diagnostic>, Vec<Diagnostic>) {
    let path = dir.join("doc.md");
    std::fs::write(&path, source).unwrap();
    let mut diagnostics = Vec::new();
    let result = markdown::read(&path, source.as_bytes(), options, &mut diagnostics);
    (result, diagnostics)
}

fn read(source: &str) -> (Document, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    let (result, diagnostics) = read_in(dir.path(), source, &ReadOptions::default());
    (result.expect("reads"), diagnostics)
}

fn blocks(source: &str) -> Vec<BlockKind> {
    read(source).0.blocks.into_iter().map(|b| b.kind).collect()
}

fn inlines(source: &str) -> Vec<InlineKind> {
    match blocks(source).remove(0) {
        BlockKind::Paragraph { content } => content.into_iter().map(|i| i.kind).collect(),
        other => panic!("not a paragraph: {other:?}"),
    }
}

fn texts(inlines: &[Inline]) -> String {
    plain_text(inlines)
}

fn messages(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(|d| d.message.clone()).collect()
}

#[test]
fn front_matter_takes_pandocs_keys() {
    let (doc, warnings) = read(
        "---\ntitle: The Title\nsubtitle: Sub\nauthor: [Ann One, Bo Two]\ndate: 2026-10-14\nlang: tg-Cyrl\n\
         description: About it\npublisher: Press\nrights: © 2026\nidentifier: urn:isbn:9780000000002\n\
         keywords: [a, b]\nsubject: c\ncover-image: cover.png\ncustom: ignored\n---\n\nBody.\n",
    );
    let m = &doc.meta;
    assert_eq!(m.title.as_deref(), Some("The Title"));
    assert_eq!(m.subtitle.as_deref(), Some("Sub"));
    assert_eq!(m.authors, ["Ann One", "Bo Two"]);
    assert_eq!(m.date.as_deref(), Some("2026-10-14"));
    assert_eq!(m.lang.as_deref(), Some("tg-Cyrl"));
    assert_eq!(m.description.as_deref(), Some("About it"));
    assert_eq!(m.publisher.as_deref(), Some("Press"));
    assert_eq!(m.rights.as_deref(), Some("© 2026"));
    assert_eq!(m.identifier.as_deref(), Some("urn:isbn:9780000000002"));
    assert_eq!(m.keywords, ["a", "b", "c"]);
    assert_eq!(
        m.cover_image.as_ref().map(|c| c.path.as_str()),
        Some("cover.png")
    );
    // The cover is missing on disk: that is worth a warning, not a failure.
    assert_eq!(messages(&warnings), ["image `cover.png` does not exist"]);
}

#[test]
fn front_matter_with_crlf_line_ends_is_one_block() {
    let (doc, warnings) = read("---\r\ntitle: Hi\r\nauthor: Ann One\r\n---\r\n\r\nText.\r\n");
    assert_eq!(doc.meta.title.as_deref(), Some("Hi"));
    assert_eq!(doc.meta.authors, ["Ann One"]);
    assert_eq!(messages(&warnings), Vec::<String>::new());
}

#[test]
fn a_single_author_may_be_a_string_and_a_title_a_number() {
    let (doc, _) = read("---\ntitle: 1984\nauthor: Ann One\n---\ntext\n");
    assert_eq!(doc.meta.title.as_deref(), Some("1984"));
    assert_eq!(doc.meta.authors, ["Ann One"]);
}

#[test]
fn invalid_front_matter_is_an_error_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let (result, _) = read_in(
        dir.path(),
        "---\ntitle: ok\nauthor: [open\n---\n\ntext\n",
        &ReadOptions::default(),
    );
    let error = result.unwrap_err();
    assert_eq!(error.severity, Severity::Error);
    assert!(
        error.message.starts_with("invalid front matter"),
        "{}",
        error.message
    );
    let span = error.span.expect("a position");
    assert_eq!((span.line, span.column), (3, 9));
}

#[test]
fn the_title_heading_is_not_kept_twice() {
    let (doc, _) = read(
        "---\ntitle: \"A “Quoted” Title\"\n---\n\n# A \"Quoted\" Title\n\nBody.\n\n## Section\n",
    );
    assert_eq!(doc.meta.title.as_deref(), Some("A “Quoted” Title"));
    assert!(matches!(doc.blocks[0].kind, BlockKind::Paragraph { .. }));

    let (doc, _) = read("# Only Heading\n\nBody.\n");
    assert_eq!(doc.meta.title.as_deref(), Some("Only Heading"));
    assert_eq!(doc.blocks.len(), 1);

    // A different first heading is a chapter, not the title.
    let (doc, _) = read("---\ntitle: Book\n---\n\n# Chapter One\n\ntext\n");
    assert!(matches!(&doc.blocks[0].kind, BlockKind::Heading(h) if h.level == 1));
}

#[test]
fn a_manuscript_without_any_title_is_named_after_its_file() {
    let (doc, warnings) = read("Just text.\n");
    assert_eq!(doc.meta.title.as_deref(), Some("doc"));
    assert!(messages(&warnings)[0].contains("no title"));
}

#[test]
fn heading_ids_are_unique_slugs_and_explicit_ids_win() {
    let (doc, warnings) = read(
        "---\ntitle: T\n---\n\n## Intro\n\n## Intro\n\n## Other {#intro}\n\n## Intro\n\n### Dup {#x}\n\n### Dup2 {#x}\n",
    );
    let ids: Vec<_> = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading(h) => Some(h.id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(ids, ["intro-1", "intro-2", "intro", "intro-3", "x", "dup2"]);
    assert_eq!(messages(&warnings), ["the id `x` is used twice"]);
}

#[test]
fn headings_keep_level_classes_and_attributes() {
    let (doc, _) = read("---\ntitle: T\n---\n#### Deep {.special lang=fr data-x=1}\n");
    match &doc.blocks[0].kind {
        BlockKind::Heading(h) => {
            assert_eq!(h.level, 4);
            assert_eq!(h.classes, ["special"]);
            assert_eq!(h.attributes, [("data-x".to_string(), "1".to_string())]);
        }
        other => panic!("{other:?}"),
    }
    // `lang` and `dir` are the block's language, not attributes for a backend to copy.
    assert_eq!(doc.blocks[0].locale.lang.as_deref(), Some("fr"));
}

#[test]
fn inline_styles_become_nodes() {
    let got = inlines("*em* **strong** ~~gone~~ ^up^ ~down~ `code` $x^2$ a  \nb\nc");
    let kinds: Vec<&str> = got
        .iter()
        .map(|k| match k {
            InlineKind::Emphasis { .. } => "em",
            InlineKind::Strong { .. } => "strong",
            InlineKind::Strikethrough { .. } => "strike",
            InlineKind::Superscript { .. } => "sup",
            InlineKind::Subscript { .. } => "sub",
            InlineKind::Code { .. } => "code",
            InlineKind::Math { .. } => "math",
            InlineKind::LineBreak => "br",
            InlineKind::SoftBreak => "soft",
            InlineKind::Text { .. } => "text",
            _ => "other",
        })
        .filter(|k| *k != "text")
        .collect();
    assert_eq!(
        kinds,
        [
            "em", "strong", "strike", "sup", "sub", "code", "math", "br", "soft"
        ]
    );
    assert!(got.contains(&InlineKind::Code {
        code: "code".into()
    }));
    assert!(got.contains(&InlineKind::Math { tex: "x^2".into() }));
}

#[test]
fn smart_punctuation_gives_typographic_characters() {
    let (doc, _) = read("\"Quoted\" and 'single' -- en --- em...\n");
    let BlockKind::Paragraph { content } = &doc.blocks[0].kind else {
        panic!()
    };
    assert_eq!(texts(content), "“Quoted” and ‘single’ – en — em…");
}

#[test]
fn links_are_classified_and_checked() {
    let (doc, warnings) = read(
        "---\ntitle: T\n---\n\n## Target\n\n[in](#target) [out](https://example.org) [mail](<mailto:a@b.c>) \
         [gone](#nowhere) [file](other.md#x) <ann@example.org>\n",
    );
    let BlockKind::Paragraph { content } = &doc.blocks[1].kind else {
        panic!()
    };
    let targets: Vec<_> = content
        .iter()
        .filter_map(|i| match &i.kind {
            InlineKind::Link(l) => Some(l.target.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        targets,
        [
            LinkTarget::Internal("target".into()),
            LinkTarget::External("https://example.org".into()),
            LinkTarget::External("mailto:a@b.c".into()),
            LinkTarget::Unresolved("#nowhere".into()),
            LinkTarget::Unresolved("other.md#x".into()),
            LinkTarget::External("mailto:ann@example.org".into()),
        ]
    );
    let found = messages(&warnings);
    assert!(found[0].contains("#nowhere"), "{found:?}");
    assert!(found[1].contains("other.md#x"), "{found:?}");
}

#[test]
fn block_quotes_nest() {
    match &blocks("> outer\n>\n> > inner\n")[0] {
        BlockKind::BlockQuote { blocks } => {
            assert!(matches!(blocks[1].kind, BlockKind::BlockQuote { .. }));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn lists_know_start_tightness_and_tasks() {
    let all = blocks("3. three\n4. four\n\n---\n\n- a\n\n- b\n\n---\n\n- [ ] open\n- [x] done\n");
    let lists: Vec<&List> = all
        .iter()
        .filter_map(|b| match b {
            BlockKind::List(l) => Some(l),
            _ => None,
        })
        .collect();
    assert_eq!(
        (lists[0].start, lists[0].tight, lists[0].items.len()),
        (Some(3), true, 2)
    );
    assert_eq!((lists[1].start, lists[1].tight), (None, false));
    let tasks: Vec<_> = lists[2].items.iter().map(|i| i.task).collect();
    assert_eq!(tasks, [Some(false), Some(true)]);
    // A tight item's text still arrives as a paragraph block.
    assert!(matches!(
        lists[0].items[0].blocks[0].kind,
        BlockKind::Paragraph { .. }
    ));
}

#[test]
fn code_blocks_keep_their_language() {
    let all = blocks(
        "```rust,ignore\nfn main() {}\n```\n\n```{.python .numberLines}\npass\n```\n\n    indented\n",
    );
    let langs: Vec<_> = all
        .iter()
        .map(|b| match b {
            BlockKind::CodeBlock { lang, .. } => lang.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        langs,
        [Some("rust".to_string()), Some("python".into()), None]
    );
    assert!(matches!(&all[0], BlockKind::CodeBlock { code, .. } if code == "fn main() {}\n"));
}

#[test]
fn tables_keep_alignment_and_header() {
    match &blocks("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n| 5 | 6 | 7 | 8 |\n")[0]
    {
        BlockKind::Table(t) => {
            assert_eq!(
                t.alignments,
                [Align::Left, Align::Center, Align::Right, Align::None]
            );
            assert_eq!(t.header.len(), 1);
            assert_eq!(t.rows.len(), 2);
            assert_eq!(texts(&t.rows[1].cells[3]), "8");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_lone_image_is_a_figure_with_a_caption() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pic.png"), png(2, 2)).unwrap();
    let (doc, warnings) = read_in(
        dir.path(),
        "# T\n\n![Alt words](pic.png \"The caption\")\n\n![Only alt](pic.png)\n\nInline ![icon](pic.png) here.\n",
        &ReadOptions::default(),
    );
    let doc = doc.unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let BlockKind::Figure(f) = &doc.blocks[0].kind else {
        panic!()
    };
    assert_eq!((f.image.alt.as_str(), f.image.local), ("Alt words", true));
    assert_eq!(texts(&f.caption), "The caption");
    let BlockKind::Figure(f) = &doc.blocks[1].kind else {
        panic!()
    };
    assert_eq!(texts(&f.caption), "Only alt");
    let BlockKind::Paragraph { content } = &doc.blocks[2].kind else {
        panic!()
    };
    assert!(
        content
            .iter()
            .any(|i| matches!(&i.kind, InlineKind::Image(img) if img.alt == "icon"))
    );
}

#[test]
fn an_html_image_standing_alone_keeps_its_alt_text_out_of_the_caption() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pic.png"), png(2, 2)).unwrap();
    let (doc, _) = read_in(
        dir.path(),
        "# T\n\n<img src=\"pic.png\" alt=\"Alt for screen readers\">\n\n<img src=\"pic.png\" alt=\"A\" title=\"Titled\">\n",
        &ReadOptions::default(),
    );
    let doc = doc.unwrap();
    let captions: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Figure(f) => Some(texts(&f.caption)),
            _ => None,
        })
        .collect();
    assert_eq!(captions, ["", "Titled"]);
}

#[test]
fn image_problems_are_reported_and_outside_paths_refused() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    std::fs::create_dir(&book).unwrap();
    std::fs::write(dir.path().join("outside.png"), png(2, 2)).unwrap();
    std::fs::write(book.join("fake.png"), b"not an image").unwrap();
    let source = "# T\n\n![a](missing.png)\n\n![b](https://example.org/x.png)\n\n![c](fake.png)\n\n![d](../outside.png)\n";
    let (doc, diagnostics) = read_in(&book, source, &ReadOptions::default());
    let doc = doc.unwrap();
    let found = messages(&diagnostics);
    assert!(found[0].contains("does not exist"), "{found:?}");
    assert!(found[1].contains("remote"), "{found:?}");
    assert!(found[2].contains("not a PNG"), "{found:?}");
    assert!(found[3].contains("outside"), "{found:?}");
    assert_eq!(diagnostics[3].severity, Severity::Error);
    assert_eq!(diagnostics[3].span.map(|s| s.line), Some(9));
    assert!(
        doc.blocks
            .iter()
            .all(|b| matches!(&b.kind, BlockKind::Figure(f) if !f.image.local))
    );

    let allowed = ReadOptions {
        allow_outside_paths: true,
    };
    let (doc, diagnostics) = read_in(&book, "# T\n\n![d](../outside.png)\n", &allowed);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(matches!(&doc.unwrap().blocks[0].kind, BlockKind::Figure(f) if f.image.local));
}

#[test]
fn footnotes_are_numbered_by_first_reference_and_checked() {
    let (doc, warnings) = read(
        "---\ntitle: T\n---\nSecond[^b] first[^a] again[^b] missing[^zz].\n\n[^a]: Note A.\n\n[^b]: Note B, para 1.\n\n    Para 2.\n\n[^c]: Never used.\n",
    );
    let BlockKind::Paragraph { content } = &doc.blocks[0].kind else {
        panic!()
    };
    let numbers: Vec<u32> = content
        .iter()
        .filter_map(|i| match i.kind {
            InlineKind::FootnoteRef { number } => Some(number),
            _ => None,
        })
        .collect();
    assert_eq!(numbers, [1, 2, 1]);
    let labels: Vec<_> = doc
        .footnotes
        .iter()
        .map(|f| (f.number, f.label.as_str(), f.blocks.len()))
        .collect();
    assert_eq!(labels, [(1, "b", 2), (2, "a", 1)]);
    let found = messages(&warnings);
    assert_eq!(
        found,
        [
            "footnote `zz` is referenced but never defined",
            "footnote `c` is defined but never referenced"
        ]
    );
    let zz = warnings[0].span.unwrap();
    assert_eq!((zz.line, zz.column), (4, 39));
}

#[test]
fn definition_lists_hold_terms_and_definitions() {
    match &blocks("Apple\n: A fruit.\n\n: A company.\n\nPear\n: Another fruit.\n")[0] {
        BlockKind::DefinitionList { items } => {
            assert_eq!(items.len(), 2);
            assert_eq!(texts(&items[0].term), "Apple");
            assert_eq!(items[0].definitions.len(), 2);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn display_math_alone_is_a_block() {
    assert_eq!(
        blocks("$$\\int_0^1 x\\,dx$$\n")[0],
        BlockKind::Math {
            tex: "\\int_0^1 x\\,dx".into(),
            label: None,
        }
    );
}

#[test]
fn display_math_with_an_id_is_a_numbered_equation() {
    assert_eq!(
        blocks("$$E = mc^2$$ {#eq:energy}\n")[0],
        BlockKind::Math {
            tex: "E = mc^2".into(),
            label: Some("eq:energy".into()),
        }
    );
    // Inline math followed by an id stays a paragraph.
    assert!(matches!(
        blocks("$x$ {#eq:x}\n")[0],
        BlockKind::Paragraph { .. }
    ));
}

/// The formulas of a one-paragraph manuscript, and its text with them left out.
fn formulas_and_text(source: &str) -> (Vec<String>, String) {
    let BlockKind::Paragraph { content } = blocks(source).remove(0) else {
        panic!("not a paragraph: {source}");
    };
    let tex = (content.iter())
        .filter_map(|i| match &i.kind {
            InlineKind::Math { tex } => Some(tex.clone()),
            _ => None,
        })
        .collect();
    (tex, texts(&content))
}

#[test]
fn inline_math_follows_pandocs_dollar_rule() {
    // A non-space after the opening `$`, before the closing one, and no digit after it.
    assert_eq!(formulas_and_text("$x$ and $a+b$\n").0, ["x", "a+b"]);
    for text in ["$HOME and $PATH", "$5 and $6", "from $ 5 to $ 6"] {
        assert_eq!(
            formulas_and_text(text),
            (vec![], text.to_string()),
            "{text}"
        );
    }
    // A closing `$` that fails may open the next formula.
    assert_eq!(formulas_and_text("$5 and $x$\n").0, ["x"]);
    // The Rust book: a code span wins over a formula that would contain its backtick, and
    // the emphasis and the code around the dollars are read as such.
    let rust_book = "will be *$HOME/.cargo/bin*. Ensure that\nthis is in your `$PATH` to run\n";
    let BlockKind::Paragraph { content } = blocks(rust_book).remove(0) else {
        panic!("not a paragraph");
    };
    assert!(
        content
            .iter()
            .any(|i| matches!(&i.kind, InlineKind::Emphasis { content }
        if texts(content) == "$HOME/.cargo/bin"))
    );
    assert!(content.iter().any(|i| i.kind
        == InlineKind::Code {
            code: "$PATH".into()
        }));
}

#[test]
fn thematic_breaks_are_blocks() {
    assert_eq!(blocks("a\n\n***\n\nb\n")[1], BlockKind::ThematicBreak);
}

#[test]
fn known_raw_html_becomes_nodes() {
    let got = inlines(
        "x<sup>2</sup> H<sub>2</sub>O <kbd>Ctrl</kbd> a<br>b <a href=\"https://e.org\">e</a> <!-- hidden --><a id=\"here\"></a><em>it</em>",
    );
    assert!(got.contains(&InlineKind::LineBreak));
    assert!(
        got.iter()
            .any(|k| matches!(k, InlineKind::Superscript { .. }))
    );
    assert!(
        got.iter()
            .any(|k| matches!(k, InlineKind::Subscript { .. }))
    );
    assert!(got.iter().any(|k| matches!(k, InlineKind::Keyboard { .. })));
    assert!(got.iter().any(|k| matches!(k, InlineKind::Emphasis { .. })));
    assert!(got.iter().any(|k| matches!(k, InlineKind::Link(l) if l.target == LinkTarget::External("https://e.org".into()))));
    assert!(got.contains(&InlineKind::Anchor { id: "here".into() }));
    assert!(
        !got.iter()
            .any(|k| matches!(k, InlineKind::Text { text } if text.contains("hidden")))
    );
}

#[test]
fn unknown_html_is_dropped_with_one_warning_and_script_content_with_it() {
    let (doc, warnings) = read(
        "---\ntitle: T\n---\n<Listing number=\"1\">\n\nKept <span class=\"x\">words</span> and <span>more</span>.\n\n</Listing>\n\n\
         <script>\nalert('no')\n</script>\n\nInline <style>p{}</style> end.\n",
    );
    let all = plain_text(
        &doc.blocks
            .iter()
            .flat_map(|b| match &b.kind {
                BlockKind::Paragraph { content } => content.clone(),
                _ => Vec::new(),
            })
            .collect::<Vec<_>>(),
    );
    assert!(all.contains("Kept words and more."), "{all}");
    assert!(!all.contains("alert") && !all.contains("p{}"), "{all}");
    assert_eq!(
        messages(&warnings),
        [
            "raw HTML tag `<listing>` dropped; its text is kept",
            "raw HTML tag `<span>` dropped; its text is kept"
        ]
    );
    assert_eq!(warnings[0].span.map(|s| (s.line, s.column)), Some((4, 1)));
}

#[test]
fn ids_of_dropped_html_stay_link_targets() {
    let (doc, warnings) = read("<span id=\"ferris\"></span>\n\nSee [Ferris](#ferris).\n");
    assert!(
        warnings.iter().all(|w| !w.message.contains("#ferris")),
        "{warnings:?}"
    );
    let BlockKind::Paragraph { content } = &doc.blocks.last().unwrap().kind else {
        panic!()
    };
    assert!(content.iter().any(|i| matches!(&i.kind, InlineKind::Link(l) if l.target == LinkTarget::Internal("ferris".into()))));
}

#[test]
fn every_node_knows_where_it_came_from() {
    let (doc, _) = read("---\ntitle: T\n---\n\nFirst.\n\n- item *em*\n");
    assert_eq!((doc.blocks[0].span.line, doc.blocks[0].span.column), (5, 1));
    let BlockKind::List(list) = &doc.blocks[1].kind else {
        panic!()
    };
    assert_eq!(list.items[0].span.line, 7);
    let BlockKind::Paragraph { content } = &list.items[0].blocks[0].kind else {
        panic!()
    };
    assert_eq!((content[1].span.line, content[1].span.column), (7, 8));
}

#[test]
fn text_that_is_not_utf8_is_an_error_with_its_position() {
    let mut diagnostics = Vec::new();
    let error = markdown::read(
        Path::new("x.md"),
        b"line one\ncaf\xe9\n",
        &ReadOptions::default(),
        &mut diagnostics,
    )
    .unwrap_err();
    assert!(
        error.message.contains("not valid UTF-8"),
        "{}",
        error.message
    );
    assert!(error.message.contains("x.md:2:4"), "{}", error.message);
}

#[test]
fn hostile_nesting_and_size_are_refused() {
    let deep = "> ".repeat(500) + "deep\n";
    let mut diagnostics = Vec::new();
    let error = markdown::read(
        Path::new("d.md"),
        deep.as_bytes(),
        &ReadOptions::default(),
        &mut diagnostics,
    )
    .unwrap_err();
    assert!(
        error.message.starts_with("blocks are nested"),
        "{}",
        error.message
    );

    let emphasis = "_a ".repeat(100) + "x" + &" a_".repeat(100) + "\n";
    let error = markdown::read(
        Path::new("e.md"),
        emphasis.as_bytes(),
        &ReadOptions::default(),
        &mut diagnostics,
    )
    .unwrap_err();
    assert!(
        error
            .message
            .starts_with("emphasis, links and other inline markup are nested"),
        "{}",
        error.message
    );

    let huge = vec![b'a'; markdown::MAX_INPUT_BYTES + 1];
    let error = markdown::read(
        Path::new("h.md"),
        &huge,
        &ReadOptions::default(),
        &mut diagnostics,
    )
    .unwrap_err();
    assert!(
        error.message.contains("over the limit"),
        "{}",
        error.message
    );
}

#[test]
fn yaml_bombs_are_refused() {
    let mut yaml = String::from("---\na0: &a0 [x,x,x,x,x,x,x,x,x,x]\n");
    for i in 1..9 {
        yaml += &format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(",")
        );
    }
    yaml += "---\ntext\n";
    let dir = tempfile::tempdir().unwrap();
    let (result, _) = read_in(dir.path(), &yaml, &ReadOptions::default());
    assert!(
        result
            .unwrap_err()
            .message
            .starts_with("invalid front matter")
    );
}

#[test]
fn the_text_direction_follows_the_language() {
    let (doc, _) = read("---\ntitle: T\nlang: ar-EG\n---\nنص\n");
    assert_eq!(doc.meta.direction(), Direction::Rtl);
    let (doc, _) = read("---\ntitle: T\nlang: tg\n---\nматн\n");
    assert_eq!(doc.meta.direction(), Direction::Ltr);
}
