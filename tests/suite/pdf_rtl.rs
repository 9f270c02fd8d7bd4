//! Right-to-left and mixed-direction text in the PDF: Dari, Pashto, Arabic, Urdu and Hebrew
//! paragraphs, Latin names and both kinds of digits inside them, read back with poppler's
//! pdftotext and lopdf. Without poppler-utils the pdftotext checks are skipped with a note on
//! stderr, so that `cargo test` passes on a bare machine; CI installs poppler and sets
//! `FOLIO_REQUIRE_POPPLER=1`, which turns a missing pdftotext into a failure.

use crate::common;

use common::pdf::{dict, one_sided, page_draws, typeset};
use folio::pdf::PdfOptions;
use lopdf::{Document, Object};
use std::path::Path;
use std::process::Command;

/// Margins of the one-sided test pages.
const MARGIN: f32 = 72.0;

/// Bidi controls pdftotext wraps right-to-left lines and embedded numbers in (LRE, RLE, PDF…).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// pdftotext's reading of `bytes` (`args` before the file), bidi controls made spaces; `None`
/// when poppler-utils is not installed (a failure under `FOLIO_REQUIRE_POPPLER`).
fn pdftotext(bytes: &[u8], args: &[&str]) -> Option<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("rtl.pdf");
    std::fs::write(&path, bytes).expect("written");
    let out = match Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .args(args)
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            assert!(
                std::env::var_os("FOLIO_REQUIRE_POPPLER").is_none(),
                "pdftotext (poppler-utils) is required here"
            );
            eprintln!("pdftotext not installed: skipping the check that reads the PDF with it");
            return None;
        }
        Err(e) => panic!("pdftotext runs: {e}"),
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8(out.stdout)
            .expect("utf-8")
            .chars()
            .map(|c| if is_bidi_control(c) { ' ' } else { c })
            .collect(),
    )
}

/// The words of `text`: runs of letters, digits, marks and joiners (ZWNJ keeps می‌خوانیم one
/// word). Punctuation is left out: poppler places a full stop or a comma between a
/// right-to-left word and the next by its own rules, which are not the PDF's.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| {
        !(c.is_alphanumeric() || matches!(c, '\u{200c}' | '\u{200d}') || is_mark(c))
    })
    .filter(|w| !w.is_empty())
    .collect()
}

/// Hebrew points and Arabic harakat, which belong to their word.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{591}'..='\u{5c7}' | '\u{610}'..='\u{61a}' | '\u{64b}'..='\u{65f}' | '\u{670}')
}

fn manuscript(lang: &str, body: &str) -> String {
    format!("---\ntitle: Test\nlang: {lang}\n---\n\n{body}\n")
}

fn set(lang: &str, body: &str) -> common::pdf::Typeset {
    typeset(
        Path::new("rtl.md"),
        &manuscript(lang, body),
        &PdfOptions {
            toc: Some(false),
            ..one_sided(MARGIN)
        },
    )
}

/// A word as `pdftotext -bbox` reads it: its text (poppler gives the characters left to right
/// as drawn, so right-to-left words come reversed), xMin, xMax and yMax.
type WordBox = (String, f32, f32, f32);

/// The words on the first page.
fn boxes(bytes: &[u8]) -> Option<Vec<WordBox>> {
    Some(boxes_in(&pdftotext(
        bytes,
        &["-bbox", "-f", "1", "-l", "1"],
    )?))
}

/// The words of `pdftotext -bbox` output.
fn boxes_in(xml: &str) -> Vec<WordBox> {
    xml.lines()
        .filter_map(|line| {
            let line = line.trim().strip_prefix("<word ")?;
            let attr = |name: &str| -> f32 {
                let at = line.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
                line[at..].split('"').next().unwrap().parse().unwrap()
            };
            let word = line.split('>').nth(1)?.split('<').next()?.to_string();
            Some((word, attr("xMin"), attr("xMax"), attr("yMax")))
        })
        .collect()
}

fn reversed(word: &str) -> String {
    word.chars().rev().collect()
}

/// Dari prose with a Latin name, Western digits with a comma, Persian digits, guillemets, a
/// zero-width non-joiner (می‌خوانیم) and lam-alef (لاله).
const DARI: &str = "کابل پایتخت افغانستان است و در سال ۱۳۵۷ جمعیت آن حدود 1,357 هزار نفر بود. \
نام Rust در این جمله آمده است و «کتاب» را می‌خوانیم. لاله‌ها در بهار می‌رویند و مردم به \
باغ‌ها می‌روند تا از هوای خوش لذت ببرند؛ آیا این درست است؟";

#[test]
fn every_script_reads_back_whole_words_in_logical_order() {
    let texts = [
        ("fa-AF", DARI),
        (
            "ps",
            "پښتو ژبه: ټول ځوانان ډېر ښه دي، څښتن ګډ ږغ ړوند ۍ ې ی ک ڼ؟ په ۱۴۰۲ کال.",
        ),
        (
            "ar",
            "السلام عليكم ورحمة الله، كتب ٣٤٥ كتابا في عام ١٩٩٠ لا إله.",
        ),
        ("ur", "اردو زبان میں یہ جملہ لکھا گیا ہے اور Python بھی۔"),
        (
            "he",
            "שלום עולם, זהו משפט בעברית עם המילה Linux והמספר 2024.",
        ),
        (
            "tg",
            "Забони тоҷикӣ бо алифбои кириллӣ навишта мешавад ва ғӯра ҳам қиссаи ҷолиб.",
        ),
    ];
    for (lang, text) in texts {
        let out = set(lang, text);
        // No bundled face has Hebrew (tests use no system fonts): its letters are .notdef
        // boxes, warned about, and still copy as their text.
        assert_eq!(
            out.warnings.is_empty(),
            lang != "he",
            "{lang}: {:?}",
            out.warnings
        );
        if let Some(read) = pdftotext(&out.bytes, &[]) {
            let read = words(&read);
            let typed = words(text);
            assert!(
                read.windows(typed.len()).any(|w| w == typed.as_slice()),
                "{lang}: typed {typed:?}\nread {read:?}"
            );
        }
    }
}

#[test]
fn right_to_left_lines_are_flush_right_and_mixed_runs_in_visual_order() {
    let body = format!("{DARI}\n\nاین پایان است.");
    let out = set("fa", &body);
    let Some(words) = boxes(&out.bytes) else {
        return;
    };
    let right = 595.28 - MARGIN;
    // Lines by baseline, each with its words from left to right.
    let mut lines: Vec<(f32, Vec<&WordBox>)> = Vec::new();
    for w in &words {
        match lines.iter_mut().find(|(y, _)| (y - w.3).abs() < 4.0) {
            Some((_, line)) => line.push(w),
            None => lines.push((w.3, vec![w])),
        }
    }
    assert!(lines.len() >= 4, "title, three lines or more: {lines:?}");
    // Every line but the title ends at the right margin, except the second paragraph's
    // first (and only), indented on the right.
    let opening = lines
        .iter()
        .find(|(_, l)| l.iter().any(|w| w.0 == reversed("پایان")))
        .map(|(y, _)| *y)
        .expect("the second paragraph");
    for (y, line) in &lines[1..] {
        let end = line.iter().map(|w| w.2).fold(0.0, f32::max);
        if *y == opening {
            assert!(end < right - 5.0, "indented on the right: {line:?}");
        } else {
            assert!((end - right).abs() < 1.0, "flush right: {line:?}");
        }
    }
    // Reading right to left: "سال" then the Persian number, then "جمعیت"; "Rust" sits
    // between "نام" (to its right) and "در" (to its left).
    let x = |word: &str| {
        words
            .iter()
            .find(|w| w.0 == *word || w.0 == reversed(word))
            .unwrap_or_else(|| panic!("{word} in {words:?}"))
            .1
    };
    assert!(x("سال") > x("۱۳۵۷") && x("۱۳۵۷") > x("جمعیت"));
    assert!(x("حدود") > x("1,357") && x("1,357") > x("هزار"));
    assert!(x("نام") > x("Rust") && x("Rust") > x("در"));
    // Inside the numbers, digits run left to right.
    assert!(words.iter().any(|w| w.0 == "۱۳۵۷"));
    assert!(words.iter().any(|w| w.0 == "1,357"));
    // With lopdf: where each line's leftmost run starts. Justified lines start at the left
    // margin; the short last paragraph, flush right, starts far from it.
    let page = *out.doc.get_pages().get(&1).expect("page 1");
    let mut starts: Vec<(f32, f32)> = Vec::new(); // (baseline, leftmost x)
    for (x, y) in page_draws(&out.doc, page).text {
        match starts.iter_mut().find(|(b, _)| (b - y).abs() < 3.0) {
            Some((_, left)) => *left = left.min(x),
            None => starts.push((y, x)),
        }
    }
    let (last, body) = starts[1..].split_last().expect("lines after the title");
    let at_margin = body
        .iter()
        .filter(|(_, x)| (x - MARGIN).abs() < 0.5)
        .count();
    assert!(at_margin + 1 >= body.len() && at_margin >= 2, "{starts:?}");
    assert!(last.1 > MARGIN + 200.0, "{starts:?}");
}

#[test]
fn right_to_left_words_inside_english_keep_their_place() {
    let out = set(
        "en",
        "An English paragraph names the book کتاب خوب in Dari and the year ۱۳۵۷ after it.",
    );
    let Some(words) = boxes(&out.bytes) else {
        return;
    };
    let x = |word: &str| {
        words
            .iter()
            .find(|w| w.0 == *word || w.0 == reversed(word))
            .unwrap_or_else(|| panic!("{word} in {words:?}"))
            .1
    };
    // The two Dari words read right to left: "کتاب" is right of "خوب", both after "book".
    assert!(x("book") < x("خوب") && x("خوب") < x("کتاب") && x("کتاب") < x("in"));
    assert!(x("year") < x("۱۳۵۷") && x("۱۳۵۷") < x("after"));
    let first = words.iter().map(|w| w.1).fold(f32::MAX, f32::min);
    assert!((first - MARGIN).abs() < 0.5, "English stays flush left");
}

/// The catalog of a parsed PDF.
fn catalog(doc: &Document) -> &lopdf::Dictionary {
    doc.catalog().expect("catalog")
}

#[test]
fn a_right_to_left_book_is_bound_on_the_right() {
    let chapter = (0..30).map(|_| DARI).collect::<Vec<_>>().join("\n\n");
    let body = format!("# فصل یکم\n\n{chapter}\n\n# فصل دوم\n\n{chapter}");
    let margins = folio::style::Margins {
        top: 60.0,
        bottom: 60.0,
        inner: 90.0,
        outer: 50.0,
    };
    let out = typeset(
        Path::new("book.md"),
        &manuscript("fa-AF", &body),
        &PdfOptions {
            margins: Some(margins),
            toc: Some(false),
            ..PdfOptions::default()
        },
    );
    let catalog = catalog(&out.doc);
    let preferences = dict(&out.doc, catalog.get(b"ViewerPreferences").expect("prefs"));
    assert_eq!(
        preferences.get(b"Direction").and_then(Object::as_name).ok(),
        Some(&b"R2L"[..])
    );
    assert_eq!(
        catalog.get(b"Lang").and_then(Object::as_str).ok(),
        Some(&b"fa-AF"[..])
    );
    // Lines start at the left of the text block: the outer margin on rectos (odd page
    // numbers) of a book bound on the right, the inner one on versos.
    let pages = out.doc.get_pages();
    let body_page = |n: u32| {
        let draws = page_draws(&out.doc, pages[&n]).text;
        draws.iter().map(|&(x, _)| x).fold(f32::MAX, f32::min)
    };
    let count = pages.len() as u32;
    assert!(count >= 5, "{count} pages");
    assert!((body_page(3) - margins.outer).abs() < 0.5, "recto");
    assert!((body_page(4) - margins.inner).abs() < 0.5, "verso");
}

#[test]
fn list_markers_and_note_numbers_hang_on_the_right_of_right_to_left_text() {
    let body = "- سیب سرخ\n- انار\n\n1. یکم\n2. دوم\n\nمتن با یادداشت[^n] است.\n\n[^n]: یادداشت کوتاه.\n\n- an English item";
    let out = set("fa", body);
    let Some(words) = boxes(&out.bytes) else {
        return;
    };
    let find = |word: &str| {
        words
            .iter()
            .find(|w| w.0 == *word || w.0 == reversed(word))
            .unwrap_or_else(|| panic!("{word} in {words:?}"))
    };
    let right = 595.28 - MARGIN;
    let bullets: Vec<&WordBox> = words.iter().filter(|w| w.0 == "•").collect();
    assert_eq!(bullets.len(), 3, "{words:?}");
    // Persian items: the text ends at the indented start, the bullet hangs right of it.
    let apple = find("سیب");
    assert!(apple.2 < right - 10.0, "indented from the right: {apple:?}");
    assert!(
        bullets[0].1 > apple.2 && bullets[0].2 <= right + 0.5,
        "{bullets:?}"
    );
    let first = find("یکم");
    let number = words
        .iter()
        .find(|w| (w.3 - first.3).abs() < 4.0 && w.1 > first.2)
        .expect("a number right of the first item");
    assert!(number.0.contains('1'), "{number:?}");
    // The note's number hangs right of its text too (the lowest "یادداشت" is the note's).
    let note = words
        .iter()
        .filter(|w| w.0 == reversed("یادداشت"))
        .max_by(|a, b| a.3.total_cmp(&b.3))
        .expect("the note at the foot");
    let note_line: Vec<&WordBox> = words
        .iter()
        .filter(|w| (w.3 - note.3).abs() < 4.0)
        .collect();
    let rightmost = note_line
        .iter()
        .max_by(|a, b| a.2.total_cmp(&b.2))
        .expect("the note's line");
    assert!(rightmost.0.contains('1'), "{note_line:?}");
    // The English item keeps its bullet on the left.
    let english = find("English");
    assert!(
        bullets[2].2 < find("an").1 && english.1 > MARGIN,
        "{bullets:?}"
    );
}

#[test]
fn stated_directions_and_languages_rule_paragraphs_and_hyphenation() {
    // A short English paragraph in a div stated right to left is set flush right.
    let out = set(
        "en",
        "Left to right.\n\n::: {dir=rtl}\nShort English, stated right to left.\n:::\n",
    );
    let Some(words) = boxes(&out.bytes) else {
        return;
    };
    let right = 595.28 - MARGIN;
    let stated = words.iter().find(|w| w.0 == "stated").expect("stated");
    let line_end = words
        .iter()
        .filter(|w| (w.3 - stated.3).abs() < 1.0)
        .map(|w| w.2)
        .fold(0.0, f32::max);
    assert!((line_end - right).abs() < 1.0, "{words:?}");
    assert!(
        words
            .iter()
            .any(|w| w.0 == "Left" && (w.1 - MARGIN).abs() < 0.5)
    );

    // In a narrow measure, the Russian document's words are hyphenated (hypher has Russian
    // patterns); its Tajik div, without patterns, is not: Russian patterns would split its
    // Cyrillic words too.
    let russian = "Достопримечательности государственного значения восстанавливаются \
                   последовательно и внимательно. ";
    let tajik = "Забони тоҷикӣ бо алифбои кириллӣ навишта мешавад ва донишмандони \
                 забоншинос онро меомӯзанд ва таҳқиқ мекунанд. ";
    let body = format!(
        "{}\n\n::: {{lang=tg}}\n{}\n:::\n",
        russian.repeat(3),
        tajik.repeat(3)
    );
    let narrow = PdfOptions {
        toc: Some(false),
        ..one_sided(200.0)
    };
    let out = typeset(Path::new("rtl.md"), &manuscript("ru", &body), &narrow);
    let Some(text) = pdftotext(&out.bytes, &[]) else {
        return;
    };
    let (ru, tg) = text.split_once("Забони").expect("both paragraphs");
    assert!(ru.contains('\u{ad}'), "Russian is hyphenated: {ru}");
    assert!(!tg.contains('\u{ad}'), "Tajik is not: {tg}");
}

#[test]
fn a_right_to_left_contents_page_has_titles_at_the_right_and_numbers_at_the_left() {
    let chapter = (0..4).map(|_| DARI).collect::<Vec<_>>().join("\n\n");
    let body = format!("# فصل یکم\n\n{chapter}\n\n# فصل دوم\n\n{chapter}");
    let out = typeset(
        Path::new("book.md"),
        &manuscript("fa", &body),
        &PdfOptions {
            toc: Some(true),
            ..one_sided(MARGIN)
        },
    );
    // The contents page is the first with both chapter titles.
    let Some(xml) = pdftotext(&out.bytes, &["-bbox"]) else {
        return;
    };
    let page = xml
        .split("<page ")
        .find(|p| p.contains(&reversed("یکم")) && p.contains(&reversed("دوم")))
        .expect("a contents page");
    let words = boxes_in(page);
    let title = words
        .iter()
        .find(|w| w.0 == reversed("یکم"))
        .expect("title");
    let number = words
        .iter()
        .filter(|w| (w.3 - title.3).abs() < 4.0 && w.0.chars().all(|c| c.is_ascii_digit()))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .expect("its page number");
    let right = 595.28 - MARGIN;
    assert!(
        (words
            .iter()
            .filter(|w| (w.3 - title.3).abs() < 4.0)
            .map(|w| w.2)
            .fold(0.0, f32::max)
            - right)
            .abs()
            < 1.0
    );
    assert!((number.1 - MARGIN).abs() < 1.0, "{number:?}");
}

#[test]
fn a_right_to_left_table_puts_its_first_column_at_the_right() {
    let body = "| نام | شهر |\n|---|---|\n| احمد | کابل |\n| مریم | هرات |\n";
    let out = set("fa", body);
    let Some(words) = boxes(&out.bytes) else {
        return;
    };
    let x = |word: &str| {
        words
            .iter()
            .find(|w| w.0 == reversed(word))
            .unwrap_or_else(|| panic!("{word} in {words:?}"))
            .1
    };
    assert!(x("نام") > x("شهر"), "{words:?}");
    assert!(x("احمد") > x("کابل"), "{words:?}");
    // The table sits against the right margin, its first column's text flush right there.
    let right = 595.28 - MARGIN;
    let first_column_end = words
        .iter()
        .find(|w| w.0 == reversed("نام"))
        .expect("header")
        .2;
    assert!((first_column_end - right).abs() < 1.0, "{words:?}");
}
