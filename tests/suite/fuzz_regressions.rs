//! Every input that once made a fuzz target fail (`tests/fixtures/fuzz/<target>/`), and the
//! target's seed corpus (`fuzz/corpus/<target>/seed-*`), run through that target's check of
//! `fuzz/checks.rs`.

use crate::checks;

use std::path::Path;

/// Runs `check` on each seed of `target` and each file of `tests/fixtures/fuzz/<target>/`.
fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = std::fs::read_dir(root.join("fuzz/corpus").join(target))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("seed-")
        });
    let failed_once = std::fs::read_dir(root.join("tests/fixtures/fuzz").join(target))
        .into_iter()
        .flatten()
        .map(|entry| entry.unwrap().path());
    let mut replayed = 0;
    for path in seeds.chain(failed_once) {
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails", path.display());
        replayed += 1;
    }
    assert!(replayed > 0, "nothing to replay for {target}");
}

#[test]
fn markdown_seeds_and_inputs_that_failed_once_read() {
    replay("markdown", checks::markdown);
}

#[test]
fn front_matter_seeds_and_inputs_that_failed_once_read() {
    replay("front_matter", checks::front_matter);
}

#[test]
fn epub_seeds_and_inputs_that_failed_once_give_a_sound_epub() {
    replay("epub", checks::epub);
}

#[test]
fn pdf_seeds_and_inputs_that_failed_once_give_a_pdf() {
    replay("pdf", checks::pdf);
}

#[test]
fn book_seeds_and_inputs_that_failed_once_read() {
    replay("book", checks::book);
}

#[test]
fn image_seeds_and_images_that_failed_once_are_decided_on() {
    replay("image", checks::image);
}
