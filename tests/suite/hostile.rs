//! A batch with hostile manuscripts and images among good ones, built through the binary as a
//! new user would: every good article is written, every hostile one is reported with its
//! reason, the run ends with a summary and exit code 1, and every output is whole (each EPUB's
//! XML parses, each PDF loads). The inputs are `tests/fixtures/hostile/` (see its README.txt)
//! and an SVG of 100,000 nested groups, which once overflowed a worker's stack.

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use crate::common;

use common::hostile::nested_groups;
use common::{folio, stderr};

/// Each failing input, with a word its reason must contain.
const FAILING: &[(&str, &str)] = &[
    ("bad-front-matter.md", "front matter"),
    ("deep-emphasis.md", "inline markup are nested"),
    ("deep-quotes.md", "blocks are nested"),
    ("not-utf8.md", "UTF-8"),
    ("outside.md", "outside"),
];

const BUILT: &[&str] = &[
    "crlf.md",
    "deep-svg.md",
    "deepest.md",
    "good.md",
    "images.md",
];

/// Images refused, with a word of the reason; each is used twice in `images.md`.
const REFUSED: &[(&str, &str)] = &[
    ("photo.png", "JPEG whose header is damaged"),
    ("entity.svg", "entities"),
    ("chain.svg", "nested"),
    ("laughs.svg", "elements"),
    ("loop.svg", "loop"),
];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The archive: the fixtures, and an article showing the 100,000-deep SVG.
fn archive() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile"),
        &archive,
    );
    std::fs::write(archive.join("images/deep.svg"), nested_groups(100_000)).unwrap();
    std::fs::write(
        archive.join("deep-svg.md"),
        "---\ntitle: A deep drawing\nlang: en\n---\n\n![Groups in groups](images/deep.svg)\n",
    )
    .unwrap();
    dir
}

fn zip_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().to_string(), bytes)
        })
        .collect()
}

#[test]
fn hostile_inputs_fail_alone_with_their_reasons_and_good_ones_are_written() {
    let dir = archive();
    let root = dir.path();
    let output = folio(
        &[
            "build",
            "archive",
            "-o",
            "out",
            "-j",
            "2",
            "--manifest",
            "manifest.jsonl",
        ],
        root,
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");

    let lines: BTreeMap<String, Value> = std::fs::read_to_string(root.join("manifest.jsonl"))
        .unwrap()
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).unwrap();
            (value["input"].as_str().unwrap().to_string(), value)
        })
        .collect();
    assert_eq!(lines.len(), FAILING.len() + BUILT.len(), "{lines:?}");
    for (name, reason) in FAILING {
        let line = &lines[&format!("archive/{name}")];
        assert_eq!(line["status"], "failed", "{name}");
        let error = line["errors"][0].as_str().unwrap_or_default();
        assert!(error.contains(reason), "{name}: {error}");
        assert!(
            err.contains(&format!("archive/{name}: ")),
            "{name} not in the summary: {err}"
        );
    }
    assert!(
        err.contains(&format!(
            "{} of {} inputs failed",
            FAILING.len(),
            lines.len()
        )),
        "{err}"
    );
    for name in BUILT {
        assert_eq!(
            lines[&format!("archive/{name}")]["status"],
            "built",
            "{name}: {err}"
        );
        let stem = name.trim_end_matches(".md");
        let pdf = lopdf::Document::load(root.join(format!("out/{stem}.pdf"))).unwrap();
        assert!(!pdf.get_pages().is_empty(), "{name}");
        for (entry, bytes) in zip_entries(&root.join(format!("out/{stem}.epub"))) {
            if [".xhtml", ".opf", ".ncx", ".svg"]
                .iter()
                .any(|x| entry.ends_with(x))
            {
                let text = String::from_utf8(bytes).unwrap();
                let options = roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                };
                roxmltree::Document::parse_with_options(&text, options)
                    .unwrap_or_else(|e| panic!("{name}: {entry} is not XML ({e})"));
            }
        }
    }
    // Each refused image is told once where it is used (twice), not again by each backend.
    for (image, reason) in REFUSED {
        let told = format!("image `images/{image}` is refused: ");
        assert_eq!(err.matches(&told).count(), 2, "{image}: {err}");
        let line = err.lines().find(|l| l.contains(&told)).unwrap();
        assert!(line.contains(reason), "{line}");
    }
    // The clean SVGs and the good PNG are in the book; nothing refused is.
    let images: Vec<String> = zip_entries(&root.join("out/images.epub"))
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name.contains("images/"))
        .collect();
    assert_eq!(images.len(), 3, "{images:?}");
    assert_eq!(
        images.iter().filter(|n| n.ends_with(".svg")).count(),
        2,
        "{images:?}"
    );
    // Nothing temporary is left beside the outputs.
    for entry in std::fs::read_dir(root.join("out")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            name == ".folio" || name.ends_with(".pdf") || name.ends_with(".epub"),
            "{name} left in the output folder"
        );
    }
}

#[test]
fn the_deepest_input_allowed_builds_on_an_eighth_of_a_workers_stack() {
    use folio::run::{self, BuildOptions, Format};
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let (inputs, problems) = run::collect(&[fixtures.join("deepest.md")]);
    assert!(problems.is_empty());
    let options = BuildOptions {
        out_dir: dir.path().to_path_buf(),
        formats: vec![Format::Epub, Format::Pdf],
        read: Default::default(),
        // The bundled fonts only, as the library's own PDF options default to.
        command_line: folio::options::Overrides {
            system_fonts: Some(false),
            ..Default::default()
        },
    };
    // All of it on this pool: the PDF loads its images on the pool it runs in.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .stack_size(run::batch::WORKER_STACK_BYTES / 8)
        .build()
        .unwrap();
    let report = pool.install(|| run::build(&inputs[0], &options, false));
    assert!(!report.failed(), "{:?}", report.diagnostics);
    assert_eq!(report.outputs.len(), 2);
}
