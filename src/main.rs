//! The `folio` command line: parse arguments, call the library, print diagnostics, set the exit
//! code. All the work lives in the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
use folio::build::{
    self, BatchOptions, BuildOptions, Finished, Format, Manifest, Report, Shard, Status,
};
use folio::diagnostics::{self, Diagnostic, Severity};
use folio::epub::EpubOptions;
use folio::markdown::ReadOptions;
use folio::pdf::cover::{COVER_BLEED, CoverOptions, Paper, write_cover};
use folio::pdf::{FontOptions, Margins, PageSize, ParagraphStyle, PdfOptions, parse_length};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const EXAMPLES: &str = "\
Examples:
  folio build content/                  every .md in content/ to out/*.pdf and out/*.epub
  folio build archive/ -j 8 --manifest out/manifest.jsonl
  folio build archive/ --shard 2/4      this machine's quarter of the archive
  folio build article.md -o dist        one article to dist/article.pdf and dist/article.epub
  folio build book.md --to pdf --page-size 6x9in --margins 0.75in
  folio build book.md --to epub --toc-depth 2 --inline-toc
  folio build my-book/                  a folio.toml or mdBook folder to out/my-book.pdf + .epub
  folio build essay.md --font-dir ~/fonts --main-font \"Charis SIL\"
  folio check content/                  report problems, write nothing
  folio dump article.md > article.json  the document model as JSON

A rebuild skips articles whose manuscript, images, fonts and options are unchanged (--force
rebuilds all). Ctrl-C stops cleanly: articles in progress finish, no new ones start.

Exit codes: 0 all inputs built, 1 some input failed (the others were still built), 2 usage error,
130 interrupted. SOURCE_DATE_EPOCH, when set, fixes the dates inside both outputs (reproducible
builds).";

const COVER_EXAMPLES: &str = "\
Examples:
  folio cover book.md --page-size 6x9in            out/book-cover.pdf, pages counted by typesetting
  folio cover my-book/ --page-size 5.5x8.5in --pages 312 --paper-ppi 400
  folio cover book.md --page-size 6x9in --pages 200 --caliper 0.1mm

Size (KDP's formula): spine = pages × paper thickness (444 pages an inch: 0.002252 in a page);
width = 2 × trim width + spine + 2 × bleed; height = trim height + 2 × bleed. The bleed is
0.125 in unless --bleed says otherwise. Spine text only on spines of 0.25 in or more.";

#[derive(Parser)]
#[command(name = "folio", version, about = "Markdown manuscripts to print-ready PDF and EPUB 3", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print what was written and how long it took.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Convert manuscripts (files or folders of .md files) to PDF and EPUB.
    #[command(after_help = EXAMPLES)]
    Build {
        #[command(flatten)]
        inputs: InputArgs,
        #[command(flatten)]
        batch: BatchArgs,
        /// Folder for the outputs; a folder argument's tree is mirrored below it.
        #[arg(short, long, default_value = "out", value_name = "DIR")]
        out_dir: PathBuf,
        /// Output format; repeat for several. Default: PDF and EPUB.
        #[arg(long = "to", value_enum, value_name = "FORMAT")]
        formats: Vec<ToFormat>,
        /// Rebuild every article, even those unchanged since the last build.
        #[arg(long)]
        force: bool,
        /// Write one JSON line per article to FILE (`-`: standard output): input, outputs,
        /// status, warnings, errors, pages, bytes, milliseconds.
        #[arg(long, value_name = "FILE")]
        manifest: Option<PathBuf>,
        #[command(flatten)]
        epub: EpubArgs,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// Read and validate manuscripts without writing anything.
    Check {
        #[command(flatten)]
        inputs: InputArgs,
        #[command(flatten)]
        batch: BatchArgs,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// Write a paperback's one-piece cover PDF (back, spine, front, with bleed) for a
    /// manuscript or book folder, sized by KDP's formula from the interior's page count.
    #[command(after_help = COVER_EXAMPLES)]
    Cover {
        /// The manuscript, or a book's folder.
        input: PathBuf,
        /// Folder for the cover, written as DIR/NAME-cover.pdf.
        #[arg(short, long, default_value = "out", value_name = "DIR")]
        out_dir: PathBuf,
        /// The interior's page count. Default: typeset the interior (with these options) and
        /// count its pages.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        pages: Option<u32>,
        /// Paper thickness as pages per inch of spine (default 444: KDP's white paper,
        /// 0.002252 in a page; cream is 400).
        #[arg(long, value_name = "N", conflicts_with = "caliper",
              value_parser = clap::value_parser!(u32).range(1..))]
        paper_ppi: Option<u32>,
        /// Paper thickness as the caliper of one sheet (a leaf, two pages), e.g. 0.1mm.
        #[arg(long, value_name = "LENGTH", value_parser = caliper)]
        caliper: Option<f32>,
        /// Allow the cover image from outside the manuscript's folder.
        #[arg(long)]
        allow_outside_paths: bool,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// Print the document model of one manuscript (or book folder) as JSON.
    Dump {
        /// The manuscript, or a book's folder.
        input: PathBuf,
        /// Allow images and the cover from outside the manuscript's folder.
        #[arg(long)]
        allow_outside_paths: bool,
    },
}

#[derive(Args)]
struct InputArgs {
    /// Markdown files, or folders whose .md files are all converted; a folder with a folio.toml
    /// (or an mdBook book.toml and src/SUMMARY.md) is one book.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Allow images and the cover from outside the manuscript's folder.
    #[arg(long)]
    allow_outside_paths: bool,
}

#[derive(Args)]
struct BatchArgs {
    /// Articles converted at once. Default: one per core.
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Only shard K of N (e.g. 2/8): the articles whose path below their folder argument hashes
    /// to K. Run all N (one per machine) to build the archive exactly once.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    shard: Option<Shard>,
}

impl BatchArgs {
    fn options(&self, force: bool, write: bool) -> BatchOptions {
        BatchOptions {
            // 0 asks the thread pool for one worker per core.
            jobs: self.jobs.map_or(0, usize::from),
            force,
            write,
        }
    }
}

#[derive(Args)]
struct EpubArgs {
    /// Heading levels listed in the EPUB's table of contents.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=6))]
    toc_depth: u8,
    /// Add a table of contents page at the start of the EPUB.
    #[arg(long)]
    inline_toc: bool,
    /// Do not embed the faces for scripts beyond Latin, Greek and Cyrillic (Arabic) in the EPUB.
    #[arg(long)]
    no_epub_fonts: bool,
    /// Mark where the PDF's pages begin in the EPUB, with a page-list (the default when both
    /// formats are built; with `--to epub` the PDF is paginated but not written).
    #[arg(long, conflicts_with = "no_page_list")]
    page_list: bool,
    /// Leave the PDF's page breaks and the page-list out of the EPUB.
    #[arg(long)]
    no_page_list: bool,
}

#[derive(Args)]
struct PdfArgs {
    /// PDF page size: a4, a5, letter, 6x9in, 5.5x8.5in, or WxH with mm, cm, in or pt.
    #[arg(long, default_value = "a4", value_parser = PageSize::parse, value_name = "SIZE")]
    page_size: PageSize,
    /// PDF margins: one length, or top,bottom,inner,outer (e.g. 20mm or 0.8in,1in,0.7in,1in).
    #[arg(long, value_parser = Margins::parse, value_name = "LENGTHS")]
    margins: Option<Margins>,
    /// Same margins on every page, no facing pages (for reading on screen).
    #[arg(long)]
    one_sided: bool,
    /// For print: the PDF's pages reach this far past the trim on every side (BleedBox),
    /// e.g. 3mm or 0.125in.
    #[arg(long, value_parser = parse_length, value_name = "LENGTH")]
    bleed: Option<f32>,
    /// For print: crop marks at the corners of every PDF page, outside the bleed.
    #[arg(long)]
    crop_marks: bool,
    /// How paragraphs are told apart in the PDF.
    #[arg(long, value_enum, default_value = "indent")]
    paragraphs: ParagraphArg,
    /// Set block quotes in italic in the PDF.
    #[arg(long)]
    italic_quotes: bool,
    /// PDF notes at the end of each chapter (of an article) instead of at the foot of the page.
    #[arg(long)]
    endnotes: bool,
    /// Number the lines of code blocks in the PDF.
    #[arg(long)]
    line_numbers: bool,
    /// No character protrusion or font expansion in the PDF's justified text.
    #[arg(long)]
    no_microtype: bool,
    /// No character protrusion (punctuation hanging into the margins) in the PDF.
    #[arg(long)]
    no_protrusion: bool,
    /// No font expansion (glyphs scaled up to 2 % to even out word spaces) in the PDF.
    #[arg(long)]
    no_expansion: bool,
    /// Add a contents page to the PDF (the default for books and for documents over 10 pages).
    #[arg(long, overrides_with = "no_toc")]
    toc: bool,
    /// No contents page in the PDF.
    #[arg(long, overrides_with = "toc")]
    no_toc: bool,
    /// A folder of .ttf/.otf fonts for --main-font and --mono-font (or the front matter's
    /// `mainfont:` and `monofont:`), searched first for characters the fonts in use lack;
    /// repeatable.
    #[arg(long, value_name = "DIR")]
    font_dir: Vec<PathBuf>,
    /// Font family for the text, e.g. "Charis SIL" (overrides the front matter).
    #[arg(long, value_name = "FAMILY")]
    main_font: Option<String>,
    /// Font family for code.
    #[arg(long, value_name = "FAMILY")]
    mono_font: Option<String>,
    /// Font family for formulas, with an OpenType MATH table (default: STIX Two Math, bundled).
    #[arg(long, value_name = "FAMILY")]
    math_font: Option<String>,
    /// Leave out the PDF's structure tree (tagging), for the smallest and fastest output.
    #[arg(long)]
    untagged: bool,
    /// Take no characters from the system's fonts, only from the bundled fonts and the
    /// --font-dir folders: the PDF is then the same on every machine.
    #[arg(long)]
    no_system_fonts: bool,
}

impl PdfArgs {
    fn options(self, modified: Option<i64>, allow_outside_paths: bool) -> PdfOptions {
        PdfOptions {
            page: self.page_size,
            margins: self.margins,
            two_sided: !self.one_sided,
            paragraphs: match self.paragraphs {
                ParagraphArg::Indent => ParagraphStyle::Indent,
                ParagraphArg::Spacing => ParagraphStyle::Spacing,
            },
            italic_quotes: self.italic_quotes,
            endnotes: self.endnotes,
            fonts: FontOptions {
                font_dirs: self.font_dir,
                main_font: self.main_font,
                mono_font: self.mono_font,
                system_fonts: !self.no_system_fonts,
                math_font: self.math_font,
            },
            modified,
            line_numbers: self.line_numbers,
            tagged: !self.untagged,
            toc: match (self.toc, self.no_toc) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            allow_outside_paths,
            protrusion: !(self.no_microtype || self.no_protrusion),
            expansion: !(self.no_microtype || self.no_expansion),
            bleed: self.bleed.unwrap_or(0.0),
            crop_marks: self.crop_marks,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ParagraphArg {
    /// First-line indents (book style).
    Indent,
    /// Space between paragraphs (report style).
    Spacing,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ToFormat {
    Pdf,
    Epub,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

fn main() -> ExitCode {
    folio::heap::return_freed_memory();
    let cli = Cli::parse();
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let terminal = std::io::stderr().is_terminal();
    let printer = Printer {
        verbosity,
        color: terminal && std::env::var_os("NO_COLOR").is_none(),
        terminal,
        bar: None,
    };
    let modified = match source_date_epoch() {
        Ok(modified) => modified,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Build {
            inputs,
            batch,
            out_dir,
            formats,
            force,
            manifest,
            epub,
            pdf,
        } => {
            let formats = if formats.is_empty() {
                vec![ToFormat::Pdf, ToFormat::Epub]
            } else {
                formats
            };
            let options = BuildOptions {
                out_dir,
                formats: formats
                    .into_iter()
                    .map(|f| match f {
                        ToFormat::Pdf => Format::Pdf,
                        ToFormat::Epub => Format::Epub,
                    })
                    .collect(),
                read: ReadOptions {
                    allow_outside_paths: inputs.allow_outside_paths,
                },
                epub: EpubOptions {
                    toc_depth: epub.toc_depth,
                    inline_toc: epub.inline_toc,
                    allow_outside_paths: inputs.allow_outside_paths,
                    embed_fonts: !epub.no_epub_fonts,
                    modified,
                },
                pdf: pdf.options(modified, inputs.allow_outside_paths),
                page_list: match (epub.page_list, epub.no_page_list) {
                    (true, _) => Some(true),
                    (_, true) => Some(false),
                    _ => None,
                },
            };
            let run = Run {
                arguments: &inputs.inputs,
                options: &options,
                batch: batch.options(force, true),
                shard: batch.shard,
                manifest: manifest.as_deref(),
            };
            run.go(printer)
        }
        Command::Check { inputs, batch, pdf } => {
            let options = BuildOptions {
                out_dir: PathBuf::from("out"),
                formats: vec![Format::Pdf, Format::Epub],
                read: ReadOptions {
                    allow_outside_paths: inputs.allow_outside_paths,
                },
                epub: EpubOptions {
                    allow_outside_paths: inputs.allow_outside_paths,
                    ..EpubOptions::default()
                },
                pdf: pdf.options(modified, inputs.allow_outside_paths),
                page_list: None,
            };
            let run = Run {
                arguments: &inputs.inputs,
                options: &options,
                batch: batch.options(false, false),
                shard: batch.shard,
                manifest: None,
            };
            run.go(printer)
        }
        Command::Dump {
            input,
            allow_outside_paths,
        } => dump(&input, allow_outside_paths, &printer),
        Command::Cover {
            input,
            out_dir,
            pages,
            paper_ppi,
            caliper,
            allow_outside_paths,
            pdf,
        } => {
            let options = CoverOptions {
                bleed: pdf.bleed.unwrap_or(COVER_BLEED),
                interior: pdf.options(modified, allow_outside_paths),
                pages: pages.map(|n| n as usize),
                paper: match (paper_ppi, caliper) {
                    (_, Some(sheet)) => Paper::Caliper(sheet),
                    (Some(ppi), None) => Paper::PagesPerInch(ppi),
                    (None, None) => Paper::WHITE,
                },
            };
            cover(&input, &out_dir, &options, &printer)
        }
    }
}

/// Reproducible builds: SOURCE_DATE_EPOCH (seconds since 1970) fixes the dates inside the outputs.
fn source_date_epoch() -> Result<Option<i64>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value.trim().parse::<i64>().map(Some).map_err(|_| {
            format!("SOURCE_DATE_EPOCH must be a whole number of seconds, not `{value}`")
        }),
        Err(_) => Ok(None),
    }
}

/// Set by the first Ctrl-C (or SIGTERM): no new article starts.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// Exit code after an interrupt, as shells report a process ended by SIGINT.
const INTERRUPTED: u8 = 130;

/// One `build` or `check` over many inputs.
struct Run<'a> {
    arguments: &'a [PathBuf],
    options: &'a BuildOptions,
    batch: BatchOptions,
    shard: Option<Shard>,
    manifest: Option<&'a Path>,
}

impl Run<'_> {
    fn go(self, printer: Printer) -> ExitCode {
        let started = Instant::now();
        let (mut inputs, problems) = build::collect(self.arguments);
        if let Some(shard) = self.shard {
            inputs.retain(|input| shard.contains(input));
        }
        let mut manifest = match self.manifest.map(open_manifest).transpose() {
            Ok(manifest) => manifest,
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
        };
        let total = inputs.len() + problems.len();
        let mut tally = Tally::default();
        let mut manifest_failed = false;
        let mut record = |finished: &Finished, printer: &Printer| {
            if let Some(m) = manifest.as_mut()
                && let Err(e) = m.record(finished)
            {
                printer.say(&format!("error: cannot write the manifest: {e}"));
                manifest_failed = true;
                manifest = None;
            }
        };
        for problem in problems {
            printer.diagnostic(&problem);
            let finished = Finished {
                report: Report::failure(&problem.file.clone(), problem),
                status: Status::Failed,
                warnings: 0,
                elapsed: Duration::ZERO,
            };
            record(&finished, &printer);
            tally.add(&finished);
        }
        let printer = printer.with_progress(inputs.len());
        printer.stop_on_interrupt();
        let written = self.batch.write;
        let result = build::batch::run(&inputs, self.options, &self.batch, &CANCEL, |finished| {
            printer.finished(&finished, written);
            record(&finished, &printer);
            tally.add(&finished);
            printer.advance(tally.failures.len());
        });
        printer.finish_progress();
        if let Err(e) = result {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
        let interrupted = CANCEL.load(Ordering::SeqCst);
        printer.summary(&mut tally, total, started.elapsed(), interrupted, written);
        if interrupted {
            ExitCode::from(INTERRUPTED)
        } else if tally.failures.is_empty() && !manifest_failed {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }
}

/// The manifest's writer: a new file (its folder created), or standard output for `-`.
fn open_manifest(path: &Path) -> Result<Manifest<Box<dyn Write>>, String> {
    if path == Path::new("-") {
        return Ok(Manifest::new(Box::new(std::io::stdout())));
    }
    let cannot =
        |e: std::io::Error| format!("cannot create the manifest `{}`: {e}", path.display());
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(cannot)?;
    }
    let file = std::fs::File::create(path).map_err(cannot)?;
    Ok(Manifest::new(Box::new(file)))
}

/// What a run did, for the summary. Only failures are kept, so it stays small.
#[derive(Default)]
struct Tally {
    built: usize,
    unchanged: usize,
    /// Each failed input with its first error.
    failures: Vec<(PathBuf, String)>,
}

impl Tally {
    fn add(&mut self, finished: &Finished) {
        match finished.status {
            Status::Built => self.built += 1,
            Status::Unchanged => self.unchanged += 1,
            Status::Failed => {
                let first = finished
                    .report
                    .diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .map(|d| d.message.clone())
                    .unwrap_or_default();
                self.failures.push((finished.report.input.clone(), first));
            }
        }
    }
}

/// A sheet's thickness: a length, and more than nothing.
fn caliper(text: &str) -> Result<f32, String> {
    parse_length(text)
        .ok()
        .filter(|&sheet| sheet > 0.0)
        .ok_or_else(|| format!("`{text}` is not a paper thickness (e.g. 0.1mm or 0.004in)"))
}

/// `folio cover`: reads the manuscript, sets its cover and writes it beside where the build
/// writes the interior, as NAME-cover.pdf.
fn cover(input: &Path, out_dir: &Path, options: &CoverOptions, printer: &Printer) -> ExitCode {
    let mut diagnostics = Vec::new();
    let read = ReadOptions {
        allow_outside_paths: options.interior.allow_outside_paths,
    };
    let (document, page) = match build::read_input(input, &read, &mut diagnostics) {
        Ok(read) if !diagnostics.iter().any(Diagnostic::is_error) => read,
        result => {
            diagnostics.extend(result.err());
            diagnostics.iter().for_each(|d| printer.diagnostic(d));
            return ExitCode::from(1);
        }
    };
    diagnostics.iter().for_each(|d| printer.diagnostic(d));
    // A book's own page size is its interior's, so its cover's trim.
    let mut options = options.clone();
    options.interior.page = page.unwrap_or(options.interior.page);
    let written = match write_cover(&document, &options) {
        Ok(written) => written,
        Err(error) => {
            printer.diagnostic(&Diagnostic::error(
                input,
                format!("cannot set the cover: {error}"),
            ));
            return ExitCode::from(1);
        }
    };
    written.warnings.iter().for_each(|d| printer.diagnostic(d));
    // Named as `build` names the book: a folder by its whole name (`.` by the folder it is).
    let name = if input.is_dir() {
        folio::book::folder_name(input)
    } else {
        input
            .file_stem()
            .unwrap_or(input.as_os_str())
            .to_string_lossy()
            .into_owned()
    };
    let target = out_dir.join(format!("{name}-cover.pdf"));
    if let Err(e) = build::write_atomic(&target, &written.bytes) {
        eprintln!("error: cannot write {}: {e}", target.display());
        return ExitCode::from(1);
    }
    let size = written.size;
    let inches = |pt: f32| pt / 72.0;
    if printer.verbosity == Verbosity::Quiet {
        return ExitCode::SUCCESS;
    }
    printer.say(&format!(
        "wrote {}: {:.3} × {:.3} in with bleed, spine {:.4} in for {} pages{}",
        target.display(),
        inches(size.width()),
        inches(size.height()),
        inches(size.spine),
        size.pages,
        if size.spine_text() {
            ""
        } else {
            " (too thin for spine text)"
        }
    ));
    ExitCode::SUCCESS
}

fn dump(input: &std::path::Path, allow_outside_paths: bool, printer: &Printer) -> ExitCode {
    let mut diagnostics = Vec::new();
    let result = build::read_document(
        input,
        &ReadOptions {
            allow_outside_paths,
        },
        &mut diagnostics,
    );
    for d in &diagnostics {
        printer.diagnostic(d);
    }
    match result {
        Ok(document) if !diagnostics.iter().any(Diagnostic::is_error) => {
            match serde_json::to_string_pretty(&document) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot serialise the document: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Ok(_) => ExitCode::from(1),
        Err(error) => {
            printer.diagnostic(&error);
            ExitCode::from(1)
        }
    }
}

/// Everything the CLI says goes through here, so verbosity is decided in one place.
#[derive(Clone)]
struct Printer {
    verbosity: Verbosity,
    color: bool,
    /// Standard error is a terminal: a progress bar may be drawn there.
    terminal: bool,
    /// The progress bar, while a run draws one; lines are then printed above it.
    bar: Option<ProgressBar>,
}

/// The progress bar: articles done of all, then the message (rate and failures so far, see
/// [`Printer::advance`]) and the time left.
const BAR_TEMPLATE: &str = "{wide_bar} {pos}/{len} articles, {msg}, {eta} left";

impl Printer {
    /// This printer with a progress bar for `total` articles, when one is wanted: on a terminal
    /// and at normal verbosity (quiet shows nothing, verbose shows every article instead).
    fn with_progress(self, total: usize) -> Printer {
        let wanted = self.terminal && self.verbosity == Verbosity::Normal && total > 1;
        let bar = wanted.then(|| {
            let style = ProgressStyle::with_template(BAR_TEMPLATE)
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
                .with_style(style)
        });
        Printer { bar, ..self }
    }

    fn advance(&self, failures: usize) {
        if let Some(bar) = &self.bar {
            let failed = if failures > 0 {
                format!(", {failures} failed")
            } else {
                String::new()
            };
            bar.set_message(format!("{:.0}/s{failed}", bar.per_sec()));
            bar.inc(1);
        }
    }

    fn finish_progress(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// On Ctrl-C (or SIGTERM), stop starting articles; on a second one, exit at once, but only
    /// once no output file is half-written.
    fn stop_on_interrupt(&self) {
        let printer = self.clone();
        let installed = ctrlc::set_handler(move || {
            if CANCEL.swap(true, Ordering::SeqCst) {
                let _no_more_writes = build::hold_writes();
                std::process::exit(INTERRUPTED.into());
            }
            if printer.verbosity > Verbosity::Quiet {
                printer.say("stopping: articles in progress finish, no new ones start (Ctrl-C again to quit at once)");
            }
        });
        if let Err(e) = installed {
            self.say(&format!(
                "warning: Ctrl-C will not stop cleanly ({e}); an interrupted build may leave temporary files"
            ));
        }
    }

    /// Prints a line, above the progress bar if there is one.
    fn say(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }

    fn diagnostic(&self, d: &Diagnostic) {
        if d.severity == Severity::Error || self.verbosity > Verbosity::Quiet {
            self.say(&diagnostics::render(d, self.color));
        }
    }

    /// One finished article: its diagnostics, then one line (none for a success under a bar).
    fn finished(&self, finished: &Finished, written: bool) {
        let report = &finished.report;
        for d in &report.diagnostics {
            self.diagnostic(d);
        }
        let warned = match finished.warnings {
            0 => String::new(),
            1 => " (1 warning)".to_string(),
            n => format!(" ({n} warnings)"),
        };
        if finished.status == Status::Failed {
            self.say(&format!("failed: {}", report.input.display()));
            return;
        }
        if self.verbosity == Verbosity::Quiet || self.bar.is_some() {
            return;
        }
        let time = if self.verbosity == Verbosity::Verbose {
            format!(" in {} ms", finished.elapsed.as_millis())
        } else {
            String::new()
        };
        let line = match (finished.status, written) {
            (Status::Unchanged, _) => format!("unchanged {}{warned}{time}", report.input.display()),
            (_, false) => format!("checked {}{warned}{time}", report.input.display()),
            (_, true) => {
                let outputs: Vec<String> = report
                    .outputs
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect();
                format!(
                    "built {} -> {}{warned}{time}",
                    report.input.display(),
                    outputs.join(", ")
                )
            }
        };
        self.say(&line);
    }

    /// The end of a run: counts, and every failure with its first error.
    fn summary(
        &self,
        tally: &mut Tally,
        total: usize,
        elapsed: Duration,
        interrupted: bool,
        written: bool,
    ) {
        let verb = if written { "built" } else { "checked" };
        let took = format!("{:.1} s", elapsed.as_secs_f64());
        let (built, unchanged, failed) = (tally.built, tally.unchanged, tally.failures.len());
        if interrupted {
            eprintln!(
                "interrupted after {took}: {built} {verb}, {unchanged} unchanged, {failed} failed, {} not started",
                total - built - unchanged - failed
            );
        } else if failed == 0 && self.verbosity > Verbosity::Quiet && total > 1 {
            if unchanged == 0 {
                eprintln!("{verb} all {total} inputs in {took}");
            } else {
                eprintln!(
                    "all {total} inputs up to date in {took}: {built} {verb}, {unchanged} unchanged"
                );
            }
        }
        if failed > 0 {
            // Workers finish in any order; the list reads best sorted.
            tally.failures.sort();
            eprintln!("{failed} of {total} inputs failed:");
            for (path, error) in &tally.failures {
                eprintln!("  {}: {error}", path.display());
            }
        }
    }
}
