//! `folio watch` end to end: the binary watches a manuscript in a temporary folder while the test
//! edits it as an editor would: a changed text and a changed image are rebuilt, a broken save
//! prints its error and leaves the last good EPUB in place, and the fix is rebuilt. Every wait
//! polls with a generous deadline, so a slow machine makes the test slower, not flaky.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any one step may take: a debug build on a loaded two-core machine, with margin.
const DEADLINE: Duration = Duration::from_secs(60);

/// How often a condition is looked at.
const POLL: Duration = Duration::from_millis(25);

/// The watching process, killed when the test ends (also when it fails).
struct Watching {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Watching {
    fn start(dir: &Path, args: &[&str]) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .arg("watch")
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("folio watch starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let collected = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut text = collected.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        Watching { child, stderr }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until `condition` holds; fails, showing what folio said, after the deadline.
    fn wait_for(&mut self, what: &str, mut condition: impl FnMut(&Watching) -> bool) {
        let started = Instant::now();
        while !condition(self) {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "folio watch exited ({status}) waiting for {what}:\n{}",
                    self.stderr()
                );
            }
            assert!(
                started.elapsed() < DEADLINE,
                "no {what} within {DEADLINE:?}; folio said:\n{}",
                self.stderr()
            );
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The EPUB's pages and images: each file's name and bytes, or nothing while there is no EPUB.
fn unzip(epub: &Path) -> Vec<(String, Vec<u8>)> {
    let Ok(bytes) = std::fs::read(epub) else {
        return Vec::new();
    };
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().to_string(), content)
        })
        .collect()
}

/// Whether the EPUB's pages say `words`.
fn says(epub: &Path, words: &str) -> bool {
    unzip(epub).iter().any(|(name, bytes)| {
        name.ends_with(".xhtml") && String::from_utf8_lossy(bytes).contains(words)
    })
}

/// The names of the EPUB's images (named by their content).
fn images(epub: &Path) -> Vec<String> {
    unzip(epub)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name.contains("/images/"))
        .collect()
}

fn png(path: &Path, shade: u8) {
    image::GrayImage::from_pixel(8, 8, image::Luma([shade]))
        .save(path)
        .unwrap();
}

fn manuscript(text: &str) -> String {
    format!("---\ntitle: Watched\n---\n\n{text}\n\n![A square](square.png)\n")
}

#[test]
fn a_save_is_rebuilt_a_broken_save_keeps_the_last_epub_and_the_fix_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("article.md");
    std::fs::write(&article, manuscript("First words.")).unwrap();
    png(&dir.path().join("square.png"), 10);
    let epub: PathBuf = dir.path().join("out/article.epub");
    let mut watching = Watching::start(dir.path(), &["article.md", "--to", "epub"]);
    watching.wait_for("the first build", |w| {
        says(&epub, "First words.") && w.stderr().contains("watching")
    });
    let first_image = images(&epub);
    assert_eq!(first_image.len(), 1, "{first_image:?}");

    std::fs::write(&article, manuscript("Second words.")).unwrap();
    watching.wait_for("the rebuild after a save", |_| says(&epub, "Second words."));
    watching.wait_for("its line", |w| w.stderr().contains("rebuilt article.md"));

    // The image is one of the files the build record lists.
    png(&dir.path().join("square.png"), 200);
    watching.wait_for("the rebuild after the image changed", |_| {
        let now = images(&epub);
        !now.is_empty() && now != first_image
    });

    std::fs::write(&article, "---\ntitle: [Watched\n---\n\nBroken.\n").unwrap();
    watching.wait_for("the error", |w| w.stderr().contains("failed article.md"));
    let said = watching.stderr();
    assert!(
        said.contains("article.md:2:"),
        "the error names the line:\n{said}"
    );
    assert!(says(&epub, "Second words."), "the last good EPUB stays");

    std::fs::write(&article, manuscript("Third words.")).unwrap();
    watching.wait_for("the rebuild after the fix", |_| says(&epub, "Third words."));
}
