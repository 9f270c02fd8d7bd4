//! `folio build` over many articles: incremental rebuilds, shards, the manifest, workers and
//! interrupts, through the binary as a newsroom would run it.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;

use common::{folio, stderr};

fn chart() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content/images/output-chart.png")
}

/// An archive of `count` articles in two desks; the first article of each desk shows the chart.
fn archive(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for desk in ["news", "sport"] {
        std::fs::create_dir_all(dir.path().join("archive").join(desk).join("images")).unwrap();
        std::fs::copy(
            chart(),
            dir.path()
                .join("archive")
                .join(desk)
                .join("images/chart.png"),
        )
        .unwrap();
    }
    for i in 0..count {
        let desk = if i % 2 == 0 { "news" } else { "sport" };
        let figure = if i < 2 {
            "![A chart](images/chart.png)\n"
        } else {
            ""
        };
        std::fs::write(
            dir.path().join(format!("archive/{desk}/story-{i:02}.md")),
            format!("---\ntitle: Story {i}\nlang: en\n---\n\nParagraph {i}.\n\n{figure}"),
        )
        .unwrap();
    }
    dir
}

/// Builds `archive` into `out` with a manifest and returns each input's manifest line.
fn build(dir: &Path, extra: &[&str]) -> BTreeMap<String, Value> {
    let mut args = vec![
        "build",
        "archive",
        "-o",
        "out",
        "--manifest",
        "manifest.jsonl",
    ];
    args.extend_from_slice(extra);
    let output = folio(&args, dir);
    assert!(output.status.success(), "{}", stderr(&output));
    manifest(&dir.join("manifest.jsonl"))
}

fn manifest(path: &Path) -> BTreeMap<String, Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).expect("each line is JSON");
            (value["input"].as_str().unwrap().to_string(), value)
        })
        .collect()
}

/// The inputs whose status is `status`.
fn with_status(lines: &BTreeMap<String, Value>, status: &str) -> Vec<String> {
    lines
        .iter()
        .filter(|(_, line)| line["status"] == status)
        .map(|(input, _)| input.clone())
        .collect()
}

#[test]
fn a_rebuild_skips_unchanged_articles_and_rebuilds_changed_ones() {
    let dir = archive(6);
    let root = dir.path();
    let first = build(root, &[]);
    assert_eq!(with_status(&first, "built").len(), 6);

    let again = build(root, &[]);
    assert_eq!(with_status(&again, "unchanged").len(), 6, "{again:?}");
    let line = &again["archive/news/story-00.md"];
    assert_eq!(line["pages"], first["archive/news/story-00.md"]["pages"]);
    assert_eq!(line["bytes"], first["archive/news/story-00.md"]["bytes"]);

    // A changed manuscript: only it is rebuilt.
    let story = root.join("archive/sport/story-03.md");
    let mut text = std::fs::read_to_string(&story).unwrap();
    text.push_str("\nOne more paragraph.\n");
    std::fs::write(&story, text).unwrap();
    let edited = build(root, &[]);
    assert_eq!(with_status(&edited, "built"), ["archive/sport/story-03.md"]);

    // A changed image: only the article showing it.
    let image = root.join("archive/news/images/chart.png");
    let mut bytes = std::fs::read(&image).unwrap();
    bytes.extend_from_slice(b"trailing bytes change the file, not the picture");
    std::fs::write(&image, bytes).unwrap();
    let new_image = build(root, &[]);
    assert_eq!(
        with_status(&new_image, "built"),
        ["archive/news/story-00.md"]
    );

    // A deleted output is made again.
    std::fs::remove_file(root.join("out/sport/story-05.epub")).unwrap();
    let deleted = build(root, &[]);
    assert_eq!(
        with_status(&deleted, "built"),
        ["archive/sport/story-05.md"]
    );

    // --force, and an option that changes the outputs, rebuild everything.
    assert_eq!(with_status(&build(root, &["--force"]), "built").len(), 6);
    let resized = build(root, &["--page-size", "a5"]);
    assert_eq!(with_status(&resized, "built").len(), 6);
    assert_eq!(
        with_status(&build(root, &["--page-size", "a5"]), "unchanged").len(),
        6
    );
}

#[test]
fn the_summary_counts_unchanged_articles() {
    let dir = archive(3);
    build(dir.path(), &[]);
    let output = folio(&["build", "archive", "-o", "out"], dir.path());
    let said = stderr(&output);
    assert!(
        said.contains("unchanged archive/news/story-00.md"),
        "{said}"
    );
    assert!(
        said.contains("all 3 inputs up to date") && said.contains("3 unchanged"),
        "{said}"
    );
}

#[test]
fn manifest_lines_have_every_field() {
    let dir = archive(2);
    std::fs::write(
        dir.path().join("archive/news/broken.md"),
        "---\ntitle: [unclosed\n---\n\ntext\n",
    )
    .unwrap();
    let output = folio(
        &[
            "build",
            "archive",
            "-o",
            "out",
            "--manifest",
            "m/manifest.jsonl",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1));
    let lines = manifest(&dir.path().join("m/manifest.jsonl"));
    assert_eq!(lines.len(), 3);
    let built = &lines["archive/news/story-00.md"];
    assert_eq!(built["status"], "built");
    assert_eq!(
        built["outputs"],
        serde_json::json!(["out/news/story-00.pdf", "out/news/story-00.epub"])
    );
    assert_eq!(
        built["warnings"],
        serde_json::json!(0),
        "the chart is drawn in the PDF: nothing to warn about"
    );
    assert_eq!(built["errors"], serde_json::json!([]));
    assert!(built["pages"].as_u64().unwrap() >= 1);
    let size = std::fs::metadata(dir.path().join("out/news/story-00.pdf"))
        .unwrap()
        .len()
        + std::fs::metadata(dir.path().join("out/news/story-00.epub"))
            .unwrap()
            .len();
    assert_eq!(built["bytes"].as_u64(), Some(size));
    assert!(built["milliseconds"].is_u64());

    let broken = &lines["archive/news/broken.md"];
    assert_eq!(broken["status"], "failed");
    assert_eq!(broken["outputs"], serde_json::json!([]));
    assert!(
        broken["errors"][0]
            .as_str()
            .unwrap()
            .contains("invalid front matter"),
        "{broken}"
    );
}

#[test]
fn shards_cover_every_article_exactly_once() {
    let dir = archive(12);
    let mut owners: BTreeMap<String, usize> = BTreeMap::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let path = format!("shard-{k}.jsonl");
        let output = folio(
            &[
                "build",
                "archive",
                "-o",
                "out",
                "--shard",
                &shard,
                "--manifest",
                &path,
            ],
            dir.path(),
        );
        assert!(output.status.success(), "{}", stderr(&output));
        for (input, line) in manifest(&dir.path().join(&path)) {
            assert_eq!(line["status"], "built");
            *owners.entry(input).or_default() += 1;
        }
    }
    assert_eq!(owners.len(), 12, "{owners:?}");
    assert!(owners.values().all(|&n| n == 1), "{owners:?}");
}

#[test]
fn one_or_two_workers_write_the_same_bytes() {
    let dir = archive(8);
    for (jobs, out) in [("1", "one"), ("2", "two")] {
        let output = folio(&["build", "archive", "-o", out, "-j", jobs], dir.path());
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let mut compared = 0;
    for desk in ["news", "sport"] {
        for entry in std::fs::read_dir(dir.path().join("one").join(desk)).unwrap() {
            let name = entry.unwrap().file_name();
            let one = std::fs::read(dir.path().join("one").join(desk).join(&name)).unwrap();
            let two = std::fs::read(dir.path().join("two").join(desk).join(&name)).unwrap();
            assert!(one == two, "{desk}/{name:?} differs between -j 1 and -j 2");
            compared += 1;
        }
    }
    assert_eq!(compared, 16);
}

#[test]
fn bad_shards_and_job_counts_are_usage_errors() {
    let dir = archive(1);
    for bad in [
        &["--shard", "0/3"][..],
        &["--shard", "4/3"],
        &["--shard", "1"],
        &["--shard", "a/b"],
        &["-j", "0"],
        &["--jobs", "many"],
    ] {
        let mut args = vec!["build", "archive"];
        args.extend_from_slice(bad);
        let output = folio(&args, dir.path());
        assert_eq!(
            output.status.code(),
            Some(2),
            "{bad:?}: {}",
            stderr(&output)
        );
    }
    assert!(!dir.path().join("out").exists());
}

/// Ctrl-C in the middle of a batch: exit 130, every output whole, no temporary files, and the
/// manifest lists exactly the articles that were written.
#[cfg(unix)]
#[test]
fn an_interrupt_stops_cleanly() {
    let dir = archive(400);
    let child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args([
            "build",
            "archive",
            "-o",
            "out",
            "-j",
            "1",
            "--manifest",
            "m.jsonl",
        ])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let manifest_path = dir.path().join("m.jsonl");
    let started = std::time::Instant::now();
    while std::fs::read_to_string(&manifest_path).map_or(true, |m| m.is_empty()) {
        assert!(started.elapsed().as_secs() < 30, "no article finished");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(130), "{said}");
    assert!(
        said.contains("interrupted") && said.contains("not started"),
        "{said}"
    );

    let lines = manifest(&manifest_path);
    assert!(
        lines.len() < 400,
        "the interrupt came too late to test anything"
    );
    let mut outputs = 0;
    let mut stack = vec![dir.path().join("out")];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                !name.starts_with(".folio-"),
                "temporary file left: {path:?}"
            );
            if path.is_dir() {
                stack.push(path);
            } else if name.ends_with(".pdf") {
                outputs += 1;
                let pdf = std::fs::read(&path).unwrap();
                assert!(
                    pdf.trim_ascii_end().ends_with(b"%%EOF"),
                    "{path:?} is cut short"
                );
            }
        }
    }
    assert_eq!(outputs, lines.len());
}
