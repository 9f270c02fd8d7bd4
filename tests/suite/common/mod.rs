//! Helpers shared by the end-to-end tests: running the `folio` binary the same way in every test
//! file, (in [`pdf`]) typesetting a manuscript and reading the PDF back, (in [`hostile`])
//! the hostile files folio must survive, and (in [`epub_lint`]) the lint every built EPUB
//! must pass.

pub mod epub_lint;
pub mod hostile;
pub mod pdf;

use std::path::Path;
use std::process::{Command, Output};

/// Runs `folio` in `cwd` with a fixed environment: no SOURCE_DATE_EPOCH, no colour.
pub fn folio(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("folio runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
