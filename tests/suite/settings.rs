//! The precedence of settings end to end, through the `folio` binary: the command line over the
//! front matter and over a book's `folio.toml`, for the page size and the text's font (the unit
//! table in `options` covers every key).

use crate::common::pdf::numbers;
use crate::common::{folio, stderr};
use lopdf::{Document, Object};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A5's width, and Letter's, in pt.
const A5_WIDTH: f32 = 419.53;
const LETTER_WIDTH: f32 = 612.0;

/// The bundled font files, found again in a font folder, so a family can be named by any layer.
fn fonts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")
}

/// Builds `input` (below `dir`) to PDF with `flags`; the first page's width and the families of
/// every embedded font.
fn build(dir: &Path, input: &str, flags: &[&str]) -> (f32, BTreeSet<String>) {
    let out = dir.join("out");
    let fonts = fonts();
    let mut args = vec![
        "build",
        input,
        "--to",
        "pdf",
        "--force",
        "--no-system-fonts",
    ];
    args.extend([
        "--font-dir",
        fonts.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    args.extend(flags);
    let output = folio(&args, dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let stem = Path::new(input).file_stem().unwrap().to_str().unwrap();
    let doc = Document::load(out.join(format!("{stem}.pdf"))).unwrap();
    let first = doc.get_pages()[&1];
    let width = numbers(doc.get_dictionary(first).unwrap(), b"MediaBox")[2];
    let families = doc
        .objects
        .values()
        .filter_map(|object| match object {
            Object::Dictionary(dict) => dict.get(b"BaseFont").ok()?.as_name().ok(),
            _ => None,
        })
        // `ABCDEF+JetBrainsMono-Bold` → `JetBrainsMono`.
        .map(|name| {
            let name = String::from_utf8_lossy(name);
            let name = name.rsplit('+').next().unwrap_or_default();
            name.split('-').next().unwrap_or_default().to_string()
        })
        .collect();
    (width, families)
}

fn families(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

const TEXT: &str = "# A Heading\n\nPlain words in a plain paragraph, and more of them.\n";

#[test]
fn the_command_line_wins_over_folio_toml_for_the_page_and_the_font() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    std::fs::create_dir(&book).unwrap();
    std::fs::write(
        book.join("folio.toml"),
        "title = \"T\"\npage-size = \"a5\"\nmainfont = \"JetBrains Mono\"\nchapters = [\"one.md\"]\n",
    )
    .unwrap();
    std::fs::write(book.join("one.md"), TEXT).unwrap();
    let (width, used) = build(dir.path(), "book", &[]);
    assert!((width - A5_WIDTH).abs() < 0.5, "folio.toml's page: {width}");
    assert_eq!(used, families(&["JetBrainsMono"]), "folio.toml's font");
    let flags = ["--page-size", "letter", "--main-font", "Gentium Book Plus"];
    let (width, used) = build(dir.path(), "book", &flags);
    assert!(
        (width - LETTER_WIDTH).abs() < 0.5,
        "the command line's page: {width}"
    );
    assert_eq!(
        used,
        families(&["GentiumBookPlus"]),
        "the command line's font"
    );
}

#[test]
fn the_command_line_wins_over_the_front_matter_for_the_font() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("---\ntitle: T\nmainfont: JetBrains Mono\n---\n\n{TEXT}");
    std::fs::write(dir.path().join("a.md"), text).unwrap();
    let (width, used) = build(dir.path(), "a.md", &[]);
    assert_eq!(
        used,
        families(&["JetBrainsMono"]),
        "the front matter's font"
    );
    assert!(width > A5_WIDTH, "A4 by default: {width}");
    let (_, used) = build(dir.path(), "a.md", &["--main-font", "Gentium Book Plus"]);
    assert_eq!(
        used,
        families(&["GentiumBookPlus"]),
        "the command line's font"
    );
}
