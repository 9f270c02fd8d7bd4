//! Tagged PDF: every drawing is marked content of the structure tree or an artifact, every
//! MCID is referenced once, and the tree read in order gives the manuscript's text.

use crate::common;

use common::pdf::{Typeset, typeset};
use folio::pdf::PdfOptions;
use lopdf::{Document, Object, ObjectId};
use std::collections::BTreeMap;
use std::path::Path;

/// A manuscript with every kind of element the tree has: headings, paragraphs, a link, a
/// footnote, a list, a quote, a table and code.
const MANUSCRIPT: &str = "---
title: Tagged Sample
author: Ada Writer
lang: en
---

# Opening words

A first paragraph with a [link](https://example.org/) and a note.[^one]

- apples and pears
- plums

> Quoted wisdom here.

| Fruit | Colour |
| ----- | ------ |
| lime  | green  |

```
let code = here;
```

[^one]: The note text.
";

/// The manuscript's words in reading order: each note after the paragraph that references it.
const READING_ORDER: &str = "Tagged Sample Ada Writer Opening words A first paragraph with a link \
and a note The note text apples and pears plums Quoted wisdom here Fruit Colour lime green let \
code here";

fn sample(options: &PdfOptions) -> Typeset {
    typeset(Path::new("tagged.md"), MANUSCRIPT, options)
}

/// Letters only, lower-cased: labels, bullets and note numbers are not the text.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One page's marked content: for each MCID its text, and how many text, image or path-painting
/// operators were outside exactly one marked-content sequence (none nested, none missing), and
/// how many artifact sequences held a stroke in registration colour (all four process inks:
/// crop marks).
struct Marked {
    texts: BTreeMap<i64, String>,
    unmarked: usize,
    artifacts: usize,
    registration_strokes: usize,
}

fn marked_content(doc: &Document, page: ObjectId) -> Marked {
    let fonts = doc.get_page_fonts(page).expect("fonts");
    let encodings: BTreeMap<Vec<u8>, _> = fonts
        .iter()
        .map(|(name, font)| (name.clone(), font.get_font_encoding(doc).expect("encoding")))
        .collect();
    let content = doc.get_and_decode_page_content(page).expect("content");
    let mut out = Marked {
        texts: BTreeMap::new(),
        unmarked: 0,
        artifacts: 0,
        registration_strokes: 0,
    };
    let mut registration = false;
    // The open sequences: an MCID, or None for an artifact (or any other tag).
    let mut open: Vec<Option<i64>> = Vec::new();
    let mut font = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" => {
                let mcid = op.operands.get(1).and_then(|p| match p {
                    Object::Dictionary(d) => d.get(b"MCID").and_then(Object::as_i64).ok(),
                    _ => None,
                });
                open.push(mcid);
            }
            "BMC" => {
                assert_eq!(op.operands[0].as_name().unwrap(), b"Artifact");
                open.push(None);
                out.artifacts += 1;
            }
            "EMC" => {
                open.pop().expect("EMC closes a sequence");
            }
            "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
            "K" => {
                let inks: Vec<f32> = op.operands.iter().map(|o| o.as_float().unwrap()).collect();
                registration = inks == [1.0; 4];
            }
            "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" if open.len() != 1 => {
                out.unmarked += 1;
            }
            "S" if registration && open == [None] => out.registration_strokes += 1,
            "Tj" | "TJ" | "'" | "\"" | "Do" => {
                if open.len() != 1 {
                    out.unmarked += 1;
                    continue;
                }
                let Some(mcid) = open[0] else { continue };
                let text = out.texts.entry(mcid).or_default();
                let strings = match op.operator.as_str() {
                    "TJ" => op.operands[0].as_array().unwrap().clone(),
                    "Do" => Vec::new(),
                    _ => vec![op.operands.last().unwrap().clone()],
                };
                for item in strings {
                    if let Object::String(bytes, _) = item {
                        text.push_str(&Document::decode_text(&encodings[&font], &bytes).unwrap());
                    }
                }
            }
            _ => {}
        }
    }
    assert!(open.is_empty(), "every sequence is closed on its page");
    out
}

/// The object a reference points to, or the object itself.
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    }
}

/// Walks the structure tree in order: each marked-content reference as (page object, MCID).
fn walk(doc: &Document, element: &Object, page: Option<ObjectId>, out: &mut Vec<(ObjectId, i64)>) {
    let dict = resolve(doc, element).as_dict().unwrap();
    let page = dict.get(b"Pg").and_then(Object::as_reference).ok().or(page);
    let kids = match dict.get(b"K") {
        Ok(Object::Array(kids)) => kids.clone(),
        Ok(kid) => vec![kid.clone()],
        Err(_) => Vec::new(),
    };
    for kid in &kids {
        match resolve(doc, kid) {
            Object::Integer(mcid) => out.push((page.expect("a /Pg for bare MCIDs"), *mcid)),
            Object::Dictionary(d) => match d.get(b"Type").and_then(Object::as_name) {
                Ok(b"MCR") => out.push((
                    d.get(b"Pg").unwrap().as_reference().unwrap(),
                    d.get(b"MCID").unwrap().as_i64().unwrap(),
                )),
                Ok(b"OBJR") => {}
                _ => walk(doc, kid, page, out),
            },
            other => panic!("unexpected kid {other:?}"),
        }
    }
}

#[test]
fn every_drawing_is_in_exactly_one_mcid_or_artifact() {
    for crop_marks in [false, true] {
        let pdf = sample(&PdfOptions {
            bleed: 9.0,
            crop_marks,
            ..PdfOptions::default()
        });
        let mut artifacts = 0;
        for (_, page) in pdf.doc.get_pages() {
            let marked = marked_content(&pdf.doc, page);
            assert_eq!(marked.unmarked, 0, "drawings outside one sequence");
            // Two hairlines at each corner.
            let marks = if crop_marks { 8 } else { 0 };
            assert_eq!(
                marked.registration_strokes, marks,
                "crop marks are artifacts"
            );
            artifacts += marked.artifacts;
        }
        assert!(artifacts > 0, "rules and backgrounds are artifacts");
    }
}

#[test]
fn every_mcid_is_referenced_once_and_the_tree_reads_as_the_text() {
    let pdf = sample(&PdfOptions::default());
    let doc = &pdf.doc;
    let catalog = doc.catalog().unwrap();
    let mark_info = resolve(doc, catalog.get(b"MarkInfo").unwrap())
        .as_dict()
        .unwrap();
    assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
    let root = resolve(doc, catalog.get(b"StructTreeRoot").unwrap())
        .as_dict()
        .unwrap();
    let nums = resolve(doc, root.get(b"ParentTree").unwrap())
        .as_dict()
        .unwrap()
        .get(b"Nums")
        .unwrap()
        .as_array()
        .unwrap();
    let parent_tree: BTreeMap<i64, &Object> = nums
        .chunks(2)
        .map(|pair| (pair[0].as_i64().unwrap(), &pair[1]))
        .collect();
    let mut texts = BTreeMap::new();
    for (_, page) in doc.get_pages() {
        let dict = doc.get_dictionary(page).unwrap();
        assert_eq!(dict.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
        let key = dict.get(b"StructParents").unwrap().as_i64().unwrap();
        let marked = marked_content(doc, page);
        let parents = resolve(doc, parent_tree[&key]).as_array().unwrap();
        assert_eq!(parents.len(), marked.texts.len(), "one parent per MCID");
        assert_eq!(
            marked.texts.keys().copied().collect::<Vec<_>>(),
            (0..parents.len() as i64).collect::<Vec<_>>()
        );
        for (mcid, text) in marked.texts {
            texts.insert((page, mcid), text);
        }
    }
    let mut order = Vec::new();
    walk(doc, root.get(b"K").unwrap(), None, &mut order);
    let mut seen = order.clone();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), order.len(), "no MCID is referenced twice");
    assert_eq!(seen.len(), texts.len(), "every MCID is in the tree");
    let read: String = order.iter().map(|key| texts[key].as_str()).collect();
    assert_eq!(letters(&read), letters(READING_ORDER));
}

#[test]
fn links_are_link_elements_with_their_annotation_and_a_description() {
    let pdf = sample(&PdfOptions::default());
    let doc = &pdf.doc;
    let mut links = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"S").and_then(Object::as_name).ok() != Some(b"Link") {
            continue;
        }
        links += 1;
        let kids = dict.get(b"K").unwrap().as_array().unwrap();
        let objr = kids
            .iter()
            .find_map(|k| k.as_dict().ok().filter(|d| d.has(b"Obj")))
            .expect("an OBJR");
        let annot = doc
            .get_dictionary(objr.get(b"Obj").unwrap().as_reference().unwrap())
            .unwrap();
        assert!(annot.has(b"Contents") && annot.has(b"StructParent"));
    }
    assert_eq!(links, 3, "the web link, the note's mark and its way back");
}

#[test]
fn untagged_output_has_no_structure() {
    let pdf = sample(&PdfOptions {
        tagged: false,
        ..PdfOptions::default()
    });
    let catalog = pdf.doc.catalog().unwrap();
    assert!(!catalog.has(b"StructTreeRoot") && !catalog.has(b"MarkInfo"));
    for (_, page) in pdf.doc.get_pages() {
        let content = pdf.doc.get_and_decode_page_content(page).unwrap();
        assert!(!content.operations.iter().any(|op| op.operator == "BDC"));
    }
}

#[test]
fn the_tree_keeps_word_spaces_across_lines_and_hyphens() {
    let paragraph = "Extraordinarily comprehensive documentation accompanies \
        internationalization work, and representatives of neighbouring cooperatives \
        photographed the hydroelectric installations while discussing responsibilities \
        and characteristically unpredictable circumstances of transboundary electricity.";
    let pdf = typeset(
        Path::new("spaces.md"),
        &format!("---\ntitle: Spaces\nlang: en\n---\n\n{paragraph}\n"),
        &PdfOptions {
            toc: Some(false),
            ..common::pdf::one_sided(200.0)
        },
    );
    let doc = &pdf.doc;
    // Each MCID's text; the title and the paragraph are elements of their own.
    let read: Vec<String> = doc
        .get_pages()
        .values()
        .flat_map(|&page| marked_content(doc, page).texts.into_values())
        .collect();
    let read = read.join(" ");
    assert!(
        read.contains('\u{ad}'),
        "the narrow measure hyphenates: {read}"
    );
    let words = |text: &str| -> Vec<String> { text.split_whitespace().map(String::from).collect() };
    let read = words(&read.replace('\u{ad}', ""));
    let typed = words(paragraph);
    assert!(
        read.windows(typed.len()).any(|w| w == typed.as_slice()),
        "{read:?}"
    );
}

#[test]
fn elements_in_another_language_state_it() {
    let pdf = typeset(
        Path::new("languages.md"),
        "---\ntitle: Voices\nlang: en\n---\n\nEnglish first.\n\n\
         ## Тоҷикӣ {lang=tg}\n\nЗабони тоҷикӣ.\n\n\
         ::: {lang=prs}\nزبان دری.\n\nجملهٔ دوم.\n:::\n\nEnglish again.\n",
        &PdfOptions::default(),
    );
    let doc = &pdf.doc;
    // (structure type, /Lang) of every element, in object order (the order they were made).
    let elements: Vec<(String, Option<String>)> = doc
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter(|dict| dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"StructElem"))
        .map(|dict| {
            let role = String::from_utf8_lossy(dict.get(b"S").unwrap().as_name().unwrap());
            let lang = dict
                .get(b"Lang")
                .ok()
                .map(|l| String::from_utf8_lossy(l.as_str().unwrap()).into_owned());
            (role.into_owned(), lang)
        })
        .collect();
    let stated: Vec<(&str, &str)> = elements
        .iter()
        .filter_map(|(role, lang)| Some((role.as_str(), lang.as_deref()?)))
        .collect();
    // The Tajik heading states its language; the paragraph under it is not inside it, so it
    // reads in the document's; both Dari paragraphs state theirs; English states nothing.
    assert_eq!(
        stated,
        [("H2", "tg"), ("P", "prs"), ("P", "prs")],
        "{elements:?}"
    );
}
