//! The outputs do not depend on how many threads build them: a manuscript the size of the Rust
//! book (chapters of prose, listings, tables, lists and notes) is built with one worker thread and
//! with two, and the PDFs and EPUBs must be the same bytes.

use std::fmt::Write;
use std::path::Path;

use crate::common;

use common::stderr;

/// Chapters in the generated book; with [`SECTIONS`] sections each, about the Rust book's size
/// (1.3 MB of Markdown, a hundred chapters' worth of listings).
const CHAPTERS: usize = 40;
const SECTIONS: usize = 8;

/// A book-like manuscript: every section has prose with a note, a listing that grows from section
/// to section (as a book's programs do, so lines repeat), a list and a small table.
fn manuscript() -> String {
    let mut text = String::from("---\ntitle: A Book of Threads\nlang: en\n---\n\n");
    let prose = "Ownership is a set of rules that govern how a program manages memory. Some \
        languages have garbage collection that regularly looks for no-longer-used memory as the \
        program runs; in other languages, the programmer must explicitly allocate and free the \
        memory. This one uses a third approach, checked at compile time.";
    let mut program = Vec::new();
    for chapter in 1..=CHAPTERS {
        writeln!(text, "# Chapter {chapter}: Working with Values\n").unwrap();
        for section in 1..=SECTIONS {
            let n = chapter * SECTIONS + section;
            writeln!(text, "## Section {chapter}.{section}\n").unwrap();
            for paragraph in 0..4 {
                writeln!(
                    text,
                    "{prose} Paragraph {paragraph} of part {n}.[^n{n}-{paragraph}]\n"
                )
                .unwrap();
                writeln!(text, "[^n{n}-{paragraph}]: Note {paragraph} on part {n}.\n").unwrap();
            }
            program.push(format!(
                "    let value_{n} = compute({n}, \"step {n}\"); // keep {n}"
            ));
            if program.len() > 30 {
                program.remove(0);
            }
            writeln!(
                text,
                "```rust\nfn main() {{\n{}\n}}\n```\n",
                program.join("\n")
            )
            .unwrap();
            writeln!(
                text,
                "- a first point about {n}\n- a second point, with `code_{n}`\n"
            )
            .unwrap();
            writeln!(
                text,
                "| name | value |\n| --- | ---: |\n| part | {n} |\n| square | {} |\n",
                n * n
            )
            .unwrap();
        }
    }
    text
}

fn build(dir: &Path, threads: &str) -> (Vec<u8>, Vec<u8>) {
    let out = format!("out-{threads}");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "book.md", "--force", "-j", threads, "-o", &out])
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let read = |ext: &str| std::fs::read(dir.join(&out).join(format!("book.{ext}"))).unwrap();
    (read("pdf"), read("epub"))
}

#[test]
fn one_thread_and_two_write_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let text = manuscript();
    assert!(text.len() > 1_000_000, "{} bytes", text.len());
    std::fs::write(dir.path().join("book.md"), text).unwrap();
    let (pdf1, epub1) = build(dir.path(), "1");
    let (pdf2, epub2) = build(dir.path(), "2");
    let pages = lopdf::Document::load_mem(&pdf1).unwrap().get_pages().len();
    assert!(pages > 300, "{pages} pages");
    assert!(epub1.starts_with(b"PK"), "the EPUB is a zip archive");
    assert!(pdf1 == pdf2, "the PDFs differ between 1 and 2 threads");
    assert!(epub1 == epub2, "the EPUBs differ between 1 and 2 threads");
}
