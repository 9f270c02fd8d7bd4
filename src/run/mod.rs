//! Running the pipeline for each manuscript: read it, hand the model to each requested backend,
//! write the results atomically, and report what happened. It decides what to convert; it never
//! formats anything itself. Many manuscripts at once ([`batch`]) is this same pipeline per article,
//! in parallel, skipping those the [`cache`] knows are unchanged.

pub mod batch;
mod cache;
mod inputs;
mod manifest;
mod output;
mod shard;

pub use batch::{BatchError, BatchOptions, Finished, Status};
pub(crate) use cache::dependencies;
pub use inputs::{Input, collect};
pub use manifest::Manifest;
pub use output::{hold_writes, write_atomic};
pub use shard::Shard;

use crate::book;
use crate::diagnostics::Diagnostic;
use crate::epub;
use crate::highlight::Highlights;
use crate::markdown::{self, MAX_INPUT_BYTES, Manuscript, ReadOptions};
use crate::model::Document;
use crate::options::{Layers, Overrides, Settings};
use crate::pdf;
use std::path::{Path, PathBuf};

/// An output format a backend can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Epub,
    Pdf,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
        }
    }
}

/// Where `input`'s output in `format` goes: its stem below the output folder.
fn target(input: &Input, out_dir: &Path, format: Format) -> PathBuf {
    input.out_path(out_dir, format.extension())
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub out_dir: PathBuf,
    pub formats: Vec<Format>,
    /// Where images may come from: a rule of reading, which no manuscript or book can widen.
    pub read: ReadOptions,
    /// What the command line sets: the top layer of every input's [`Settings`].
    pub command_line: Overrides,
}

/// What happened to one manuscript.
#[derive(Debug)]
pub struct Report {
    pub input: PathBuf,
    /// Files written (or, for a check, that would have been written).
    pub outputs: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
    /// Pages of the PDF, when one was made.
    pub pages: Option<usize>,
    /// The size of all outputs together.
    pub bytes: u64,
    /// Font files from the machine the PDF took characters from (see `pdf::Pdf`).
    pub machine_fonts: Vec<PathBuf>,
}

impl Report {
    /// An input that failed before anything was built.
    pub fn failure(input: &Path, problem: Diagnostic) -> Report {
        Report {
            input: input.to_path_buf(),
            outputs: Vec::new(),
            diagnostics: vec![problem],
            pages: None,
            bytes: 0,
            machine_fonts: Vec::new(),
        }
    }

    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads a manuscript, or a book's folder, from disk into the model. Files over the size limit
/// are refused before they are read into memory.
pub fn read_document(
    path: &Path,
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Document, Diagnostic> {
    if path.is_dir() {
        return book::read(path, options, diagnostics).map(|book| book.document);
    }
    read_manuscript(path, options, diagnostics).map(|read| read.document)
}

/// A manuscript's file into the model, with what its front matter says about its setting.
fn read_manuscript(
    path: &Path,
    options: &ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Manuscript, Diagnostic> {
    let cannot_read =
        |e: std::io::Error| Diagnostic::error(path, format!("cannot read the manuscript: {e}"));
    let size = std::fs::metadata(path).map_err(cannot_read)?.len();
    if size > MAX_INPUT_BYTES as u64 {
        return Err(Diagnostic::error(
            path,
            format!("the manuscript is {size} bytes, over the limit of {MAX_INPUT_BYTES} bytes"),
        )
        .with_help("split it into chapters and build them as a book"));
    }
    let bytes = std::fs::read(path).map_err(cannot_read)?;
    crate::timing::phase("read", || {
        markdown::read_manuscript(path, &bytes, options, diagnostics)
    })
}

/// [`read_document`], and what the input will be set with: the `command_line`'s settings over
/// its front matter's or its book's (see [`Settings::resolve`]).
pub fn read_input(
    path: &Path,
    options: &ReadOptions,
    command_line: &Overrides,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(Document, Settings), Diagnostic> {
    let mut layers = Layers {
        command_line: command_line.clone(),
        ..Layers::default()
    };
    let document = if path.is_dir() {
        if !book::is_book(path) {
            return Err(Diagnostic::error(
                path,
                "this folder is not a book: it has no folio.toml, nor an mdBook book.toml with src/SUMMARY.md",
            )
            .with_help("name the manuscript's .md file, or the book's folder"));
        }
        let book = book::read(path, options, diagnostics)?;
        layers.book = book.overrides;
        book.document
    } else {
        let read = read_manuscript(path, options, diagnostics)?;
        layers.front_matter = read.overrides;
        read.document
    };
    Ok((document, Settings::resolve(&layers)))
}

/// Converts one manuscript into every requested format under `options.out_dir`. With `write`
/// false nothing touches the disk (`folio check`), but every backend still runs, so a check
/// finds what a build would.
pub fn build(input: &Input, options: &BuildOptions, write: bool) -> Report {
    build_inspecting(input, options, write, |_| ())
}

/// [`build`], handing the document to `inspect` once it is read and before any backend runs
/// (the cache notes what the manuscript refers to there).
fn build_inspecting(
    input: &Input,
    options: &BuildOptions,
    write: bool,
    inspect: impl FnOnce(&Document),
) -> Report {
    let mut report = Report {
        input: input.path.clone(),
        outputs: Vec::new(),
        diagnostics: Vec::new(),
        pages: None,
        bytes: 0,
        machine_fonts: Vec::new(),
    };
    let read = read_input(
        &input.path,
        &options.read,
        &options.command_line,
        &mut report.diagnostics,
    );
    let (document, settings) = match read {
        Ok(read) => read,
        Err(error) => {
            report.diagnostics.push(error);
            return report;
        }
    };
    if report.failed() {
        return report;
    }
    inspect(&document);
    let highlights = crate::timing::phase("highlight", || Highlights::of(&document));
    let Some(made) = convert(
        &document,
        &settings,
        &options.formats,
        &highlights,
        &mut report,
    ) else {
        return report;
    };
    for (format, made) in made {
        keep(input, options, write, format, made, &mut report);
    }
    report
}

/// One backend's output: its bytes, warnings and (the PDF's) what else it reports, or why it
/// failed.
type Made = Result<(Vec<u8>, Vec<Diagnostic>, Option<PdfMade>), String>;

/// Runs the backends `formats` asks for on `document`, each with its options cut from
/// `settings`; their results in the order of `formats`. `None` (with the error in `report`)
/// when the pagination the EPUB's page-list needs fails.
fn convert(
    document: &Document,
    settings: &Settings,
    formats: &[Format],
    highlights: &Highlights,
    report: &mut Report,
) -> Option<Vec<(Format, Made)>> {
    let (pdf_options, epub_options) = match settings.pdf_checked() {
        Ok(pdf) => (pdf, settings.epub()),
        Err(message) => {
            (report.diagnostics).push(Diagnostic::error(&report.input, message));
            return None;
        }
    };
    let wants = |format| formats.contains(&format);
    // For a page-list the EPUB waits for the PDF's pagination, but not for its writing.
    let paged = wants(Format::Epub) && settings.page_list.value.unwrap_or(wants(Format::Pdf));
    let layout = match paged.then(|| {
        crate::timing::phase("layout", || {
            pdf::lay_out(document, &pdf_options, highlights)
        })
    }) {
        Some(Ok(layout)) => Some(layout),
        Some(Err(e)) => {
            let message = format!("cannot lay out the PDF for the EPUB's page-list: {e}");
            (report.diagnostics).push(Diagnostic::error(&report.input, message));
            return None;
        }
        None => None,
    };
    let starts = layout.as_ref().map(pdf::Layout::page_starts);
    if !wants(Format::Pdf)
        && let Some(layout) = &layout
    {
        report.diagnostics.extend(layout.warnings().iter().cloned());
    }
    // The backends share the model and the highlights and run side by side, each on its own
    // core when there are two.
    let epub_job = || -> Made {
        crate::timing::phase("epub", || match &starts {
            Some(starts) => epub::write_paged(document, &epub_options, highlights, starts),
            None => epub::write_highlighted(document, &epub_options, highlights),
        })
        .map(|book| (book.bytes, book.warnings, None))
        .map_err(|e| format!("cannot write the EPUB: {e}"))
    };
    let pdf_job = || -> Made {
        crate::timing::phase("pdf", || match layout {
            Some(layout) => layout.write(),
            None => pdf::write_highlighted(document, &pdf_options, highlights),
        })
        .map(|pdf| {
            let made = PdfMade {
                pages: pdf.pages,
                machine_fonts: pdf.machine_fonts,
            };
            (pdf.bytes, pdf.warnings, Some(made))
        })
        .map_err(|e| format!("cannot write the PDF: {e}"))
    };
    let (mut epub_made, mut pdf_made) = match (wants(Format::Epub), wants(Format::Pdf)) {
        (true, true) => {
            let (epub, pdf) = rayon::join(epub_job, pdf_job);
            (Some(epub), Some(pdf))
        }
        (true, false) => (Some(epub_job()), None),
        (false, true) => (None, Some(pdf_job())),
        (false, false) => (None, None),
    };
    let made = (formats.iter())
        .filter_map(|&format| match format {
            Format::Epub => Some((format, epub_made.take()?)),
            Format::Pdf => Some((format, pdf_made.take()?)),
        })
        .collect();
    Some(made)
}

/// Takes one backend's result into `report`, writing its file unless only checking.
fn keep(
    input: &Input,
    options: &BuildOptions,
    write: bool,
    format: Format,
    made: Made,
    report: &mut Report,
) {
    let target = target(input, &options.out_dir, format);
    let bytes = match made {
        Ok((bytes, warnings, made)) => {
            report.diagnostics.extend(warnings);
            if let Some(made) = made {
                report.pages = Some(made.pages);
                report.machine_fonts = made.machine_fonts;
            }
            bytes
        }
        Err(message) => {
            report
                .diagnostics
                .push(Diagnostic::error(&input.path, message));
            return;
        }
    };
    if write && let Err(e) = write_atomic(&target, &bytes) {
        report.diagnostics.push(Diagnostic::error(
            &target,
            format!("cannot write the output file: {e}"),
        ));
        return;
    }
    report.bytes += bytes.len() as u64;
    report.outputs.push(target);
}

/// Options for unit tests: EPUB only (the fastest backend), everything else by default.
#[cfg(test)]
pub(crate) fn epub_options(out_dir: &Path) -> BuildOptions {
    BuildOptions {
        out_dir: out_dir.to_path_buf(),
        formats: vec![Format::Epub],
        read: ReadOptions::default(),
        command_line: Overrides::default(),
    }
}

/// What the PDF backend reports besides its bytes: the page count for the manifest and the
/// machine's fonts it used, for the incremental build record.
struct PdfMade {
    pages: usize,
    machine_fonts: Vec<PathBuf>,
}
