//! Properties of a batch over any manuscripts, generated from Markdown tokens and arbitrary text:
//! each article either fails with an error that says why and writes nothing, or gives an EPUB
//! whose XML parses and whose package and navigation agree and a PDF lopdf loads; one worker
//! and two write the same bytes; and nothing temporary is left in the output folder.

use crate::checks;

use folio::run::batch::{self, BatchOptions, Status};
use folio::run::{BuildOptions, Format, collect};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// Pieces of Markdown that open and close constructs, so random sequences nest and interleave.
const TOKENS: &[&str] = &[
    "\n",
    "\n\n",
    "\r\n",
    "---\n",
    "title: T\n",
    "# ",
    "## ",
    "> ",
    "- ",
    "1. ",
    "  ",
    "    ",
    "- [x] ",
    "*",
    "**",
    "_",
    "`",
    "```\n",
    "```rust\n",
    "[",
    "](#a)",
    "](b.png)",
    "![",
    "[^1]",
    "[^1]: ",
    "{#a}",
    "| a | b |\n|---|---|\n",
    "|",
    "<em>",
    "</em>",
    "<div>",
    "</div>",
    "<script>",
    "&amp;",
    "\\",
    "Term\n: ",
    "word ",
    "Ünïcödé ",
    "\u{202e}",
    "\u{feff}",
];

fn manuscript() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(TOKENS).prop_map(str::to_string),
        1 => any::<String>(),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

/// Builds the manuscripts with `jobs` workers into `out`; returns each output file's bytes
/// below `out` (the build records in `.folio` aside) and checks each article's result.
fn build(dir: &Path, out: &Path, jobs: usize) -> BTreeMap<String, Vec<u8>> {
    let (inputs, problems) = collect(&[dir.to_path_buf()]);
    assert!(problems.is_empty(), "{problems:?}");
    let options = BuildOptions {
        out_dir: out.to_path_buf(),
        formats: vec![Format::Epub, Format::Pdf],
        read: Default::default(),
        // The bundled fonts only, as the library's own PDF options default to.
        command_line: folio::options::Overrides {
            system_fonts: Some(false),
            ..Default::default()
        },
    };
    let settings = BatchOptions {
        jobs,
        force: true,
        write: true,
    };
    batch::run(
        &inputs,
        &options,
        &settings,
        &AtomicBool::new(false),
        |finished| {
            let report = &finished.report;
            match finished.status {
                Status::Failed => {
                    let error = report.diagnostics.iter().find(|d| d.is_error());
                    assert!(
                        error.is_some_and(|e| !e.message.is_empty()),
                        "{:?}",
                        report.diagnostics
                    );
                    assert!(report.outputs.is_empty());
                }
                _ => {
                    for output in &report.outputs {
                        let bytes = std::fs::read(output).unwrap();
                        if output.extension().is_some_and(|x| x == "epub") {
                            checks::check_epub(&bytes);
                        } else {
                            lopdf::Document::load_mem(&bytes).expect("lopdf loads the PDF");
                        }
                    }
                }
            }
        },
    )
    .unwrap();
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(out).into_iter().flatten() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if name == ".folio" {
            continue;
        }
        assert!(
            name.ends_with(".epub") || name.ends_with(".pdf"),
            "{name} left in the output folder"
        );
        files.insert(name, std::fs::read(entry.path()).unwrap());
    }
    files
}

proptest! {
    // Each case typesets three articles twice in a debug build: a few dozen cases is what the
    // suite can afford; the fuzz targets go much further.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn any_manuscripts_give_clear_errors_or_sound_outputs_the_same_with_one_worker_or_two(
        texts in proptest::collection::vec(manuscript(), 3)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("archive");
        std::fs::create_dir(&archive).unwrap();
        for (i, text) in texts.iter().enumerate() {
            std::fs::write(archive.join(format!("a{i}.md")), text).unwrap();
        }
        let one = build(&archive, &dir.path().join("one"), 1);
        let two = build(&archive, &dir.path().join("two"), 2);
        prop_assert_eq!(one, two);
    }
}
