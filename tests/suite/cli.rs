//! The `folio` binary end to end: exit codes, messages, what lands on disk.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;

use common::{folio, stderr};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file below `dir`, relative to it, sorted; the build cache (`.folio/`) is left out.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.ends_with(".folio") {
                continue;
            } else if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

const GOOD: &str = "---\ntitle: Good\nlang: en\n---\n\nA paragraph.\n";

#[test]
fn builds_the_sample_content_as_a_batch() {
    let out = tempfile::tempdir().unwrap();
    let output = folio(
        &["build", "content", "-o", out.path().to_str().unwrap()],
        &repo(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        files(out.path()),
        [
            "ketab-sazi.epub",
            "ketab-sazi.pdf",
            "night-shift.epub",
            "night-shift.pdf",
            "river-of-light.epub",
            "river-of-light.pdf",
            "three-voices.epub",
            "three-voices.pdf"
        ]
    );
    let said = stderr(&output);
    assert!(said.contains("built all 4 inputs"), "{said}");
}

#[test]
fn to_selects_the_formats_written() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let output = folio(
        &["build", "content/night-shift.md", "--to", "pdf", "-o", dir],
        &repo(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(files(out.path()), ["night-shift.pdf"]);
    let output = folio(
        &[
            "build",
            "content/night-shift.md",
            "--to",
            "epub",
            "--to",
            "pdf",
            "-o",
            dir,
        ],
        &repo(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(files(out.path()), ["night-shift.epub", "night-shift.pdf"]);
}

#[test]
fn page_options_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.md"), GOOD).unwrap();
    for bad in [
        ["--page-size", "huge"],
        ["--margins", "1in,2in"],
        ["--paragraphs", "wavy"],
    ] {
        let output = folio(&["build", "ok.md", bad[0], bad[1]], dir.path());
        assert_eq!(output.status.code(), Some(2), "{bad:?}");
    }
    let output = folio(
        &[
            "build",
            "ok.md",
            "--to",
            "pdf",
            "--page-size",
            "6x9in",
            "--margins",
            "0.75in",
            "--one-sided",
            "--paragraphs",
            "spacing",
            "--italic-quotes",
        ],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(folio(&["build"], dir.path()).status.code(), Some(2));
    assert_eq!(
        folio(&["build", "--bogus", "x.md"], dir.path())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        folio(&["build", "--toc-depth", "9", "x.md"], dir.path())
            .status
            .code(),
        Some(2)
    );
    let help = folio(&["build", "--help"], dir.path());
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples:"));
}

#[test]
fn one_bad_article_fails_alone_and_leaves_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(articles.join("a-good.md"), GOOD).unwrap();
    std::fs::write(
        articles.join("b-bad.md"),
        "---\ntitle: [unclosed\n---\n\ntext\n",
    )
    .unwrap();
    std::fs::write(articles.join("c-good.md"), GOOD).unwrap();
    let output = folio(&["build", "articles", "-o", "out"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let said = stderr(&output);
    assert!(said.contains("articles/b-bad.md:2:8"), "{said}");
    assert!(said.contains("invalid front matter"), "{said}");
    assert!(said.contains("1 of 3 inputs failed"), "{said}");
    assert_eq!(
        files(&dir.path().join("out")),
        ["a-good.epub", "a-good.pdf", "c-good.epub", "c-good.pdf"]
    );
}

#[test]
fn text_that_is_not_utf8_is_refused_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("latin1.md"), b"# T\n\ncaf\xe9\n").unwrap();
    let output = folio(&["build", "latin1.md", "-o", "out"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("latin1.md:3:4"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn images_outside_the_manuscript_folder_are_refused_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("book")).unwrap();
    std::fs::copy(
        repo().join("content/images/output-chart.png"),
        dir.path().join("secret.png"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("book/ch.md"),
        "# Chapter\n\n![A chart](../secret.png)\n",
    )
    .unwrap();

    let refused = folio(&["build", "book/ch.md", "-o", "out"], dir.path());
    assert_eq!(refused.status.code(), Some(1));
    let said = stderr(&refused);
    assert!(
        said.contains("book/ch.md:3:1") && said.contains("outside"),
        "{said}"
    );
    assert!(said.contains("--allow-outside-paths"), "{said}");
    assert!(!dir.path().join("out/ch.epub").exists());

    let allowed = folio(
        &["build", "book/ch.md", "-o", "out", "--allow-outside-paths"],
        dir.path(),
    );
    assert!(allowed.status.success(), "{}", stderr(&allowed));
    assert!(dir.path().join("out/ch.epub").exists());
}

#[test]
fn missing_inputs_fail_but_the_others_build() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.md"), GOOD).unwrap();
    let output = folio(&["build", "nope.md", "ok.md", "-o", "out"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no such file or folder"));
    assert_eq!(files(&dir.path().join("out")), ["ok.epub", "ok.pdf"]);
}

#[test]
fn check_writes_nothing_and_reports_problems() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.md"), GOOD).unwrap();
    std::fs::write(dir.path().join("warn.md"), "# T\n\nA note[^x].\n").unwrap();
    let output = folio(&["check", "ok.md", "warn.md"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains("warn.md:3:7") && said.contains("never defined"),
        "{said}"
    );
    assert_eq!(files(dir.path()), ["ok.md", "warn.md"]);

    std::fs::write(dir.path().join("bad.md"), b"\xff\xfe").unwrap();
    assert_eq!(
        folio(&["check", "bad.md"], dir.path()).status.code(),
        Some(1)
    );
}

#[test]
fn quiet_prints_nothing_on_success_and_verbose_prints_timings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.md"), GOOD).unwrap();
    let quiet = folio(&["-q", "build", "ok.md", "--to", "epub"], dir.path());
    assert!(quiet.status.success());
    assert_eq!(stderr(&quiet), "");
    let verbose = folio(&["build", "ok.md", "--to", "epub", "--verbose"], dir.path());
    assert!(stderr(&verbose).contains(" ms"), "{}", stderr(&verbose));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for out in ["one", "two"] {
        let output = folio(
            &[
                "build",
                "content",
                "-o",
                dir.path().join(out).to_str().unwrap(),
            ],
            &repo(),
        );
        assert!(output.status.success(), "{}", stderr(&output));
    }
    for name in [
        "river-of-light.epub",
        "night-shift.epub",
        "ketab-sazi.epub",
        "three-voices.epub",
        "river-of-light.pdf",
        "night-shift.pdf",
    ] {
        let one = std::fs::read(dir.path().join("one").join(name)).unwrap();
        let two = std::fs::read(dir.path().join("two").join(name)).unwrap();
        assert!(one == two, "{name} differs between two builds");
    }
}

#[test]
fn source_date_epoch_must_be_a_number() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.md"), GOOD).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["build", "ok.md"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("SOURCE_DATE_EPOCH"));
}

/// `folio dump` of the sample article, compared with the reviewed copy in tests/golden/.
/// After an intended change to the model or the sample, refresh it with
/// `FOLIO_BLESS=1 cargo test --test cli dump_matches_the_golden_model`.
#[test]
fn dump_matches_the_golden_model() {
    let output = folio(&["dump", "content/river-of-light.md"], &repo());
    assert!(output.status.success(), "{}", stderr(&output));
    let json = String::from_utf8(output.stdout).unwrap();
    let golden = repo().join("tests/golden/river-of-light.json");
    if std::env::var_os("FOLIO_BLESS").is_some() {
        std::fs::write(&golden, &json).unwrap();
    }
    let expected =
        std::fs::read_to_string(&golden).expect("golden file; run with FOLIO_BLESS=1 to create it");
    assert!(
        json == expected,
        "the model of content/river-of-light.md changed; see tests/golden/ to bless it"
    );
}

#[test]
fn the_page_list_comes_with_the_pdf_or_when_asked_for() {
    let has_page_list = |args: &[&str], written: &[&str]| {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().to_str().unwrap();
        let mut all = vec!["build", "content/river-of-light.md", "-o", dir];
        all.extend(args);
        let output = folio(&all, &repo());
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(files(out.path()), written, "{args:?}");
        let book = std::fs::File::open(out.path().join("river-of-light.epub")).unwrap();
        let mut zip = zip::ZipArchive::new(book).unwrap();
        let mut nav = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("OEBPS/nav.xhtml").unwrap(), &mut nav)
            .unwrap();
        nav.contains("epub:type=\"page-list\"")
    };
    let both = ["river-of-light.epub", "river-of-light.pdf"];
    assert!(has_page_list(&[], &both));
    assert!(!has_page_list(&["--no-page-list"], &both));
    assert!(!has_page_list(&["--to", "epub"], &["river-of-light.epub"]));
    assert!(has_page_list(
        &["--to", "epub", "--page-list"],
        &["river-of-light.epub"]
    ));
}
