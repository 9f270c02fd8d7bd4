//! Page building end to end: footnotes at the foot of their page, endnotes, and tables that
//! split across pages. Small purpose-made manuscripts, written as PDF and read back with lopdf.

use crate::common;

use common::pdf::{letters, numbers, page_texts, typeset};
use folio::pdf::PdfOptions;
use lopdf::{Document, Object, ObjectId};
use std::collections::BTreeMap;
use std::path::Path;

/// The PDF of `markdown`, with the messages of the warnings it gave.
fn pdf_of(markdown: &str, options: &PdfOptions) -> (Document, Vec<String>) {
    let typeset = typeset(Path::new("pages.md"), markdown, options);
    let warnings = typeset.warnings.iter().map(|w| w.message.clone()).collect();
    (typeset.doc, warnings)
}

/// Each page's letters and digits (see [`letters`]).
fn pages(doc: &Document) -> Vec<String> {
    page_texts(doc).iter().map(|text| letters(text)).collect()
}

/// The index of the one page that has `token`.
fn page_of(pages: &[String], token: &str) -> usize {
    let found: Vec<usize> = (0..pages.len())
        .filter(|&p| pages[p].contains(token))
        .collect();
    assert_eq!(found.len(), 1, "{token} is on pages {found:?}");
    found[0]
}

/// Paragraphs of filler, `count` of them, each tagged so none is lost unnoticed.
fn filler(count: usize, tag: &str) -> String {
    (0..count)
        .map(|i| {
            format!(
                "Filler {tag}{i}x keeps the page busy with ordinary words that wrap over a few lines \
                 of the measure, long enough to need several of them before it ends.\n\n"
            )
        })
        .collect()
}

/// Link annotations: (page index, rectangle, target page index, target top).
fn links(doc: &Document) -> Vec<(usize, [f32; 4], usize, f32)> {
    let index: BTreeMap<ObjectId, usize> = doc
        .get_pages()
        .values()
        .enumerate()
        .map(|(i, &id)| (id, i))
        .collect();
    let resolve = |o: &Object| match o {
        Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
        other => other.clone(),
    };
    let mut found = Vec::new();
    for (&page_id, &p) in &index {
        let page = doc.get_dictionary(page_id).unwrap();
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        for annot in resolve(annots).as_array().unwrap() {
            let annot = resolve(annot);
            let annot = annot.as_dict().unwrap();
            let rect = numbers(annot, b"Rect");
            let Ok(action) = annot.get(b"A") else {
                continue;
            };
            let action = resolve(action);
            let Ok(dest) = action.as_dict().unwrap().get(b"D") else {
                continue;
            };
            let dest = resolve(dest);
            let dest = dest.as_array().unwrap();
            let target = index[&dest[0].as_reference().unwrap()];
            let top = dest[3].as_float().unwrap();
            found.push((p, [rect[0], rect[1], rect[2], rect[3]], target, top));
        }
    }
    found
}

/// Twelve notes referenced across several pages, each tagged in the text and in the note.
fn noted(count: usize) -> String {
    let mut text = String::from("---\ntitle: Notes\n---\n\n");
    for n in 1..=count {
        text.push_str(&filler(3, &format!("n{n}p")));
        text.push_str(&format!("The claim refmark{n}q needs a source.[^{n}]\n\n"));
    }
    for n in 1..=count {
        text.push_str(&format!(
            "[^{n}]: Notebody{n}z says where the claim comes from.\n\n"
        ));
    }
    text
}

#[test]
fn each_note_is_at_the_foot_of_the_page_that_references_it_in_order() {
    let (doc, _) = pdf_of(&noted(12), &PdfOptions::default());
    let pages = pages(&doc);
    assert!(pages.len() >= 3, "the notes must spread over pages");
    for n in 1..=12 {
        let reference = page_of(&pages, &format!("refmark{n}q"));
        let note = page_of(&pages, &format!("notebody{n}z"));
        assert_eq!(reference, note, "note {n}");
        let text = &pages[note];
        // The note comes after all of the page's text, and after the notes before it.
        let at = text.find(&format!("notebody{n}z")).unwrap();
        assert!(
            text.rfind("filler").unwrap() < at,
            "note {n} is at the foot"
        );
        if n > 1 && page_of(&pages, &format!("notebody{}z", n - 1)) == note {
            assert!(text.find(&format!("notebody{}z", n - 1)).unwrap() < at);
        }
    }
}

#[test]
fn the_links_go_from_reference_to_note_and_back() {
    let (doc, _) = pdf_of(&noted(4), &PdfOptions::default());
    let links = links(&doc);
    // On its own page, a reference links down to its note and the note's number back up.
    let down = links
        .iter()
        .filter(|(p, rect, target, top)| p == target && *top < rect[1])
        .count();
    let up = links
        .iter()
        .filter(|(p, rect, target, top)| p == target && *top > rect[3])
        .count();
    assert_eq!((down, up), (4, 4), "{links:?}");
}

#[test]
fn a_long_note_continues_at_the_foot_of_the_next_page_before_its_own_notes() {
    let long: String = (0..200)
        .map(|i| format!("Sentence{i}s of a long note goes on and on. "))
        .collect();
    let text = format!(
        "{}Opening refmarkaq.[^a]\n\n{}Later refmarkbq.[^b]\n\n{}\
         [^a]: Beginlong {long} Endlong.\n\n[^b]: Notebodyb is short.\n",
        filler(6, "o"),
        filler(22, "a"),
        filler(30, "b"),
    );
    let (doc, _) = pdf_of(&text, &PdfOptions::default());
    let pages = pages(&doc);
    let reference = page_of(&pages, "refmarkaq");
    assert_eq!(page_of(&pages, "beginlong"), reference);
    let end = page_of(&pages, "endlong");
    assert!(end > reference, "the note is split");
    for i in 0..200 {
        assert!(
            pages.iter().any(|p| p.contains(&format!("sentence{i}s"))),
            "sentence {i} of the note is lost"
        );
    }
    // The later note is on its reference's page, under the rest of the long one.
    let second = page_of(&pages, "refmarkbq");
    assert_eq!(page_of(&pages, "notebodyb"), second);
    if second == end {
        assert!(pages[end].find("endlong") < pages[end].find("notebodyb"));
    }
}

#[test]
fn notes_with_lists_code_and_notes_in_tables_and_quotes_reach_their_pages() {
    let text = format!(
        "{}> Quoted refmarkqq.[^q]\n\n| Head | More |\n|---|---|\n| cell refmarktq[^t] | x |\n\n\
         [^q]: Quotenote first.\n\n    Quotenote second paragraph.\n\n    - listitemone\n    - listitemtwo\n\n\
         [^t]: Tablenote with `codeinnote`.\n\n    ```\n    blockofcode()\n    ```\n",
        filler(25, "f")
    );
    let (doc, _) = pdf_of(&text, &PdfOptions::default());
    let pages = pages(&doc);
    let quote = page_of(&pages, "refmarkqq");
    for token in ["quotenotefirst", "quotenotesecond", "listitemtwo"] {
        assert_eq!(page_of(&pages, token), quote, "{token}");
    }
    let table = page_of(&pages, "refmarktq");
    for token in ["tablenotewith", "codeinnote", "blockofcode"] {
        assert_eq!(page_of(&pages, token), table, "{token}");
    }
}

#[test]
fn endnotes_come_at_the_end_of_each_chapter() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "---\ntitle: A Book\n---\n\n# Chapterone\n\nFirst refmarkoneq.[^1]\n\n{}\
         # Chaptertwo\n\nSecond refmarktwoq.[^2]\n\n{}\
         [^1]: Notebodyone here.\n\n[^2]: Notebodytwo here.\n",
        filler(30, "c"),
        filler(30, "d"),
    );
    std::fs::write(dir.path().join("book.md"), text).unwrap();
    let out = common::folio(
        &[
            "build",
            "book.md",
            "--to",
            "pdf",
            "-o",
            "out",
            "--endnotes",
            // The contents page would name chapter two before its notes.
            "--no-toc",
            "--force",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let doc = Document::load(dir.path().join("out/book.pdf")).unwrap();
    let all = pages(&doc).concat();
    let at = |token: &str| {
        all.find(token)
            .unwrap_or_else(|| panic!("{token} is missing"))
    };
    assert!(at("c29x") < at("notebodyone"), "after chapter one's text");
    assert!(at("notebodyone") < at("chaptertwo"), "before chapter two");
    assert!(at("d29x") < at("notebodytwo"), "at the end of chapter two");
    let pages = pages(&doc);
    assert_ne!(
        page_of(&pages, "refmarkoneq"),
        page_of(&pages, "notebodyone"),
        "not at the foot"
    );
}

/// A table of `rows` rows under a header.
fn table(rows: usize) -> String {
    let body: String = (0..rows)
        .map(|i| format!("| Item{i}r | {} | text |\n", i * 3))
        .collect();
    format!("Before.\n\n| Hdrname | Hdramount | Hdrnote |\n|:--|--:|:--|\n{body}\nAfter.\n")
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    let (doc, warnings) = pdf_of(&table(110), &PdfOptions::default());
    let pages = pages(&doc);
    let spans: Vec<usize> = (0..pages.len())
        .filter(|&p| pages[p].contains("item"))
        .collect();
    assert!(spans.len() >= 3, "the table spans three pages: {spans:?}");
    for &p in &spans {
        let text = &pages[p];
        let header = text.find("hdrname").unwrap_or_else(|| panic!("page {p}"));
        assert!(header < text.find("item").unwrap(), "header first on {p}");
    }
    for i in 0..110 {
        page_of(&pages, &format!("item{i}r"));
    }
    assert!(warnings.iter().all(|w| !w.contains("could not avoid")));
}

#[test]
fn a_row_taller_than_a_page_is_split_with_a_warning_and_nothing_lost() {
    let cell: String = (0..700).map(|i| format!("w{i}q ")).collect();
    let text = format!("| Key | Huge |\n|---|---|\n| keyone | {cell} |\n| keytwo | small |\n");
    let (doc, warnings) = pdf_of(&text, &PdfOptions::default());
    assert!(
        warnings.iter().any(|w| w.contains("taller than a page")),
        "{warnings:?}"
    );
    let pages = pages(&doc);
    let (first, last) = (page_of(&pages, "w0q"), page_of(&pages, "w699q"));
    assert!(last > first, "the row goes on over pages");
    for i in 0..700 {
        page_of(&pages, &format!("w{i}q"));
    }
}

#[test]
fn a_wide_table_shrinks_its_type_before_it_runs_over() {
    // Six such columns overrun the measure at the usual table size, not at the smallest.
    let header: String = (0..6).map(|i| format!("| Col{i} ")).collect();
    let rule = "|---".repeat(6);
    let row: String = (0..6).map(|i| format!("| considerations{i} ")).collect();
    let text = format!("{header}|\n{rule}|\n{row}|\n");
    let (_, warnings) = pdf_of(&text, &PdfOptions::default());
    assert!(
        warnings.iter().all(|w| !w.contains("wider than")),
        "{warnings:?}"
    );
}

/// The lowest text baseline of each page above its folio: the folio, where a page has one,
/// is the lowest text of all, two leadings below the text block.
fn last_baselines(doc: &Document) -> Vec<f32> {
    doc.get_pages()
        .values()
        .map(|&page| {
            let mut ys: Vec<f32> = common::pdf::page_draws(doc, page)
                .text
                .iter()
                .map(|&(_, y)| (y * 100.0).round() / 100.0)
                .collect();
            ys.sort_by(f32::total_cmp);
            ys.dedup();
            match ys[..] {
                [folio, last, ..] if last - folio > 20.0 => last,
                [last, ..] => last,
                [] => f32::NAN,
            }
        })
        .collect()
}

#[test]
fn pages_the_text_runs_on_from_end_on_the_same_line() {
    // Sections of uneven length: headings kept with their first lines leave pages short,
    // which the space around the headings takes up.
    let body: String = (0..40)
        .map(|i| format!("## Section {i}\n\n{}", filler(1 + i % 3, &format!("s{i}p"))))
        .collect();
    let (doc, _) = pdf_of(
        &format!("---\ntitle: Spreads\n---\n\n{body}"),
        &PdfOptions::default(),
    );
    let lasts = last_baselines(&doc);
    assert!(lasts.len() >= 4, "{lasts:?}");
    // Every page but the last (where the text ends) ends on the same line.
    let full = &lasts[..lasts.len() - 1];
    assert!(
        full.iter().all(|y| (y - full[0]).abs() < 0.5),
        "last baselines {lasts:?}"
    );
}
