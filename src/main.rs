//! The `folio` command line: parse arguments, call the library, print diagnostics, set the exit
//! code. All the work lives in the library.

use clap::{Args, Parser, Subcommand, ValueEnum};
use folio::build::{self, BuildOptions, Format, Report};
use folio::diagnostics::{self, Diagnostic, Severity};
use folio::epub::EpubOptions;
use folio::markdown::ReadOptions;
use folio::pdf::{FontOptions, Margins, PageSize, ParagraphStyle, PdfOptions};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  folio build content/                  every .md in content/ to out/*.pdf and out/*.epub
  folio build article.md -o dist        one article to dist/article.pdf and dist/article.epub
  folio build book.md --to pdf --page-size 6x9in --margins 0.75in
  folio build book.md --to epub --toc-depth 2 --inline-toc
  folio build essay.md --font-dir ~/fonts --main-font \"Charis SIL\"
  folio check content/                  report problems, write nothing
  folio dump article.md > article.json  the document model as JSON

Exit codes: 0 all inputs built, 1 some input failed (the others were still built), 2 usage error.
SOURCE_DATE_EPOCH, when set, fixes the dates inside both outputs (reproducible builds).";

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
        /// Folder for the outputs; a folder argument's tree is mirrored below it.
        #[arg(short, long, default_value = "out", value_name = "DIR")]
        out_dir: PathBuf,
        /// Output format; repeat for several. Default: PDF and EPUB.
        #[arg(long = "to", value_enum, value_name = "FORMAT")]
        formats: Vec<ToFormat>,
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
        pdf: PdfArgs,
    },
    /// Print the document model of one manuscript as JSON.
    Dump {
        /// The manuscript.
        input: PathBuf,
        /// Allow images and the cover from outside the manuscript's folder.
        #[arg(long)]
        allow_outside_paths: bool,
    },
}

#[derive(Args)]
struct InputArgs {
    /// Markdown files, or folders whose .md files are all converted.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Allow images and the cover from outside the manuscript's folder.
    #[arg(long)]
    allow_outside_paths: bool,
}

#[derive(Args)]
struct EpubArgs {
    /// Heading levels listed in the EPUB's table of contents.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=6))]
    toc_depth: u8,
    /// Add a table of contents page at the start of the EPUB.
    #[arg(long)]
    inline_toc: bool,
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
    /// How paragraphs are told apart in the PDF.
    #[arg(long, value_enum, default_value = "indent")]
    paragraphs: ParagraphArg,
    /// Set block quotes in italic in the PDF.
    #[arg(long)]
    italic_quotes: bool,
    /// A folder of .ttf/.otf fonts for --main-font and --mono-font (or the front matter's
    /// `mainfont:` and `monofont:`); repeatable.
    #[arg(long, value_name = "DIR")]
    font_dir: Vec<PathBuf>,
    /// Font family for the text, e.g. "Charis SIL" (overrides the front matter).
    #[arg(long, value_name = "FAMILY")]
    main_font: Option<String>,
    /// Font family for code.
    #[arg(long, value_name = "FAMILY")]
    mono_font: Option<String>,
}

impl PdfArgs {
    fn options(self, modified: Option<i64>) -> PdfOptions {
        PdfOptions {
            page: self.page_size,
            margins: self.margins,
            two_sided: !self.one_sided,
            paragraphs: match self.paragraphs {
                ParagraphArg::Indent => ParagraphStyle::Indent,
                ParagraphArg::Spacing => ParagraphStyle::Spacing,
            },
            italic_quotes: self.italic_quotes,
            fonts: FontOptions {
                font_dirs: self.font_dir,
                main_font: self.main_font,
                mono_font: self.mono_font,
            },
            modified,
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
    let cli = Cli::parse();
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let printer = Printer {
        verbosity,
        color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
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
            out_dir,
            formats,
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
                    modified,
                },
                pdf: pdf.options(modified),
            };
            run(&inputs.inputs, &options, true, &printer)
        }
        Command::Check { inputs, pdf } => {
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
                pdf: pdf.options(modified),
            };
            run(&inputs.inputs, &options, false, &printer)
        }
        Command::Dump {
            input,
            allow_outside_paths,
        } => dump(&input, allow_outside_paths, &printer),
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

fn run(arguments: &[PathBuf], options: &BuildOptions, write: bool, printer: &Printer) -> ExitCode {
    let (inputs, problems) = build::collect(arguments);
    for problem in &problems {
        printer.diagnostic(problem);
    }
    let mut failed: Vec<PathBuf> = problems.iter().map(|p| p.file.clone()).collect();
    for input in &inputs {
        let started = std::time::Instant::now();
        let report = build::build(input, options, write);
        printer.report(&report, write, started.elapsed());
        if report.failed() {
            failed.push(report.input);
        }
    }
    printer.summary(inputs.len() + problems.len(), &failed, write);
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
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
struct Printer {
    verbosity: Verbosity,
    color: bool,
}

impl Printer {
    fn diagnostic(&self, d: &Diagnostic) {
        if d.severity == Severity::Error || self.verbosity > Verbosity::Quiet {
            eprintln!("{}", diagnostics::render(d, self.color));
        }
    }

    fn report(&self, report: &Report, written: bool, elapsed: std::time::Duration) {
        for d in &report.diagnostics {
            self.diagnostic(d);
        }
        let warnings = report.diagnostics.iter().filter(|d| !d.is_error()).count();
        let warned = match warnings {
            0 => String::new(),
            1 => " (1 warning)".to_string(),
            n => format!(" ({n} warnings)"),
        };
        if report.failed() {
            eprintln!("failed: {}", report.input.display());
        } else if self.verbosity > Verbosity::Quiet {
            let outputs: Vec<String> = report
                .outputs
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            let verb = if written { "built" } else { "checked" };
            let arrow = if written {
                format!(" -> {}", outputs.join(", "))
            } else {
                String::new()
            };
            let time = if self.verbosity == Verbosity::Verbose {
                format!(" in {} ms", elapsed.as_millis())
            } else {
                String::new()
            };
            eprintln!("{verb} {}{arrow}{warned}{time}", report.input.display());
        }
    }

    fn summary(&self, total: usize, failed: &[PathBuf], written: bool) {
        if failed.is_empty() {
            if self.verbosity > Verbosity::Quiet && total > 1 {
                let verb = if written { "built" } else { "checked" };
                eprintln!("{verb} all {total} inputs");
            }
            return;
        }
        eprintln!("{} of {total} inputs failed:", failed.len());
        for path in failed {
            eprintln!("  {}", path.display());
        }
    }
}
