//! The command line's schema (clap), and what its flags say as the top layer of every input's
//! settings ([`Overrides`]): a flag not given sets nothing, so the front matter or the book
//! decides that key, else folio's default.

use clap::{Args, Parser, Subcommand, ValueEnum};
use folio::markdown::ReadOptions;
use folio::options::Overrides;
use folio::preflight::Standard;
use folio::run::{BatchOptions, BuildOptions, Format, Shard};
use folio::style::{Margins, PageSize, ParagraphStyle, parse_length};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  folio build content/                  every .md in content/ to out/*.pdf and out/*.epub
  folio watch article.md                build, then rebuild on every save (Ctrl-C stops)
  folio build archive/ -j 8 --manifest out/manifest.jsonl
  folio build archive/ --shard 2/4      this machine's quarter of the archive
  folio build article.md -o dist        one article to dist/article.pdf and dist/article.epub
  folio build book.md --to pdf --page-size 6x9in --margins 0.75in
  folio build book.md --to epub --toc-depth 2 --inline-toc
  folio build my-book/                  a folio.toml or mdBook folder to out/my-book.pdf + .epub
  folio build essay.md --font-dir ~/fonts --main-font \"Charis SIL\"
  folio check content/                  report problems, write nothing
  folio dump article.md > article.json  the document model as JSON

Each setting is taken from the highest of: the command line, the front matter, the book's
folio.toml, folio's default.

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
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print what was written and how long it took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Subcommand)]
pub enum Command {
    /// Convert manuscripts (files or folders of .md files) to PDF and EPUB.
    #[command(after_help = EXAMPLES)]
    Build(BuildArgs),
    /// Build, then rebuild each manuscript or book whenever a file it is made from is saved
    /// (its text, chapters, images, fonts); Ctrl-C stops. Takes build's options.
    Watch(BuildArgs),
    /// Read and validate manuscripts without writing anything.
    Check(CheckArgs),
    /// Write a paperback's one-piece cover PDF (back, spine, front, with bleed) for a
    /// manuscript or book folder, sized by KDP's formula from the interior's page count.
    #[command(after_help = COVER_EXAMPLES)]
    Cover(CoverArgs),
    /// Print the document model of one manuscript (or book folder) as JSON.
    Dump(DumpArgs),
    /// Check finished PDFs against print and archive standards (PDF/X-4, PDF/A-2/3, PDF/UA-1)
    /// or a printer's profile (KDP, IngramSpark); exits 1 when a file fails.
    Preflight(PreflightArgs),
    /// Print a shell completion script or the man page (see the README's "Install").
    Generate { target: super::generate::Target },
}

#[derive(Args)]
pub struct PreflightArgs {
    /// The PDF files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Comma-separated: a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, ua-1, x-4, kdp, ingramspark.
    #[arg(long, required = true, value_name = "LIST")]
    pub standard: Vec<String>,
}

#[derive(Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub batch: BatchArgs,
    /// Folder for the outputs; a folder argument's tree is mirrored below it.
    #[arg(short, long, default_value = "out", value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Output format; repeat for several. Default: PDF and EPUB.
    #[arg(long = "to", value_enum, value_name = "FORMAT")]
    pub formats: Vec<ToFormat>,
    /// Rebuild every article, even those unchanged since the last build.
    #[arg(long)]
    pub force: bool,
    /// Write one JSON line per article to FILE (`-`: standard output): input, outputs,
    /// status, warnings, errors, pages, bytes, milliseconds.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    #[command(flatten)]
    pub epub: EpubArgs,
    #[command(flatten)]
    pub pdf: PdfArgs,
}

impl BuildArgs {
    /// What `build` and `watch` run with: the outputs, the reading rule, and these flags laid
    /// as the top layer over `command_line` (which holds `SOURCE_DATE_EPOCH`).
    pub fn build_options(&self, mut command_line: Overrides) -> BuildOptions {
        self.pdf.set(&mut command_line);
        self.epub.set(&mut command_line);
        BuildOptions {
            formats: self.formats(),
            out_dir: self.out_dir.clone(),
            read: self.inputs.read.options(),
            command_line,
        }
    }

    /// The formats asked for: both when none is named.
    pub fn formats(&self) -> Vec<Format> {
        if self.formats.is_empty() {
            return vec![Format::Pdf, Format::Epub];
        }
        (self.formats.iter())
            .map(|format| match format {
                ToFormat::Pdf => Format::Pdf,
                ToFormat::Epub => Format::Epub,
            })
            .collect()
    }
}

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub batch: BatchArgs,
    #[command(flatten)]
    pub pdf: PdfArgs,
}

#[derive(Args)]
pub struct CoverArgs {
    /// The manuscript, or a book's folder.
    pub input: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Folder for the cover, written as DIR/NAME-cover.pdf.
    #[arg(short, long, default_value = "out", value_name = "DIR")]
    pub out_dir: PathBuf,
    /// The interior's page count. Default: typeset the interior (with these options) and
    /// count its pages.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub pages: Option<u32>,
    /// Paper thickness as pages per inch of spine (default 444: KDP's white paper,
    /// 0.002252 in a page; cream is 400).
    #[arg(long, value_name = "N", conflicts_with = "caliper",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub paper_ppi: Option<u32>,
    /// Paper thickness as the caliper of one sheet (a leaf, two pages), e.g. 0.1mm.
    #[arg(long, value_name = "LENGTH", value_parser = caliper)]
    pub caliper: Option<f32>,
    #[command(flatten)]
    pub pdf: PdfArgs,
}

#[derive(Args)]
pub struct DumpArgs {
    /// The manuscript, or a book's folder.
    pub input: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Args)]
pub struct InputArgs {
    /// Markdown files, or folders whose .md files are all converted; a folder with a folio.toml
    /// (or an mdBook book.toml and src/SUMMARY.md) is one book.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How manuscripts are read: every command takes these.
#[derive(Args)]
pub struct ReadArgs {
    /// Allow images and the cover from outside the manuscript's folder.
    #[arg(long)]
    allow_outside_paths: bool,
}

impl ReadArgs {
    pub fn options(&self) -> ReadOptions {
        ReadOptions {
            allow_outside_paths: self.allow_outside_paths,
        }
    }
}

#[derive(Args)]
pub struct BatchArgs {
    /// Articles converted at once. Default: one per core.
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Only shard K of N (e.g. 2/8): the articles whose path below their folder argument hashes
    /// to K. Run all N (one per machine) to build the archive exactly once.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
}

impl BatchArgs {
    pub fn options(&self, force: bool, write: bool) -> BatchOptions {
        BatchOptions {
            // 0 asks the thread pool for one worker per core.
            jobs: self.jobs.map_or(0, usize::from),
            force,
            write,
        }
    }
}

#[derive(Args)]
pub struct EpubArgs {
    /// Heading levels listed in the EPUB's table of contents (default 3).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=6))]
    toc_depth: Option<u8>,
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

impl EpubArgs {
    /// Sets the keys these flags give in `layer`.
    pub fn set(&self, layer: &mut Overrides) {
        layer.toc_depth = self.toc_depth;
        layer.inline_toc = self.inline_toc.then_some(true);
        layer.epub_fonts = self.no_epub_fonts.then_some(false);
        layer.page_list = either(self.page_list, self.no_page_list);
    }
}

#[derive(Args)]
pub struct PdfArgs {
    /// PDF page size: a4 (the default), a5, letter, 6x9in, 5.5x8.5in, or WxH with mm, cm, in
    /// or pt.
    #[arg(long, value_parser = PageSize::parse, value_name = "SIZE")]
    page_size: Option<PageSize>,
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
    /// How paragraphs are told apart in the PDF (default: indent).
    #[arg(long, value_enum)]
    paragraphs: Option<ParagraphArg>,
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
    /// Font family for the text, e.g. "Charis SIL" (overrides the front matter and folio.toml).
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
    /// Standards the PDF is made to meet, comma-separated: a-2b, a-2u, a-2a, a-3b, a-3u,
    /// a-3a, ua-1, x-4; the written file is preflighted against them.
    #[arg(long, value_name = "LIST", value_parser = standard_list)]
    pdf_standard: Option<StandardList>,
    /// A print-on-demand printer's file specification: kdp or ingramspark.
    #[arg(long, value_name = "PRINTER", value_parser = printer)]
    print: Option<Standard>,
    /// The printer's ICC output profile (class prtr) for a PDF/X-4 or IngramSpark file, instead
    /// of the bundled FOGRA39.
    #[arg(long, value_name = "FILE.icc")]
    output_profile: Option<PathBuf>,
}

/// A comma-separated list of standards, taken as one argument.
#[derive(Clone)]
pub struct StandardList(pub Vec<Standard>);

/// Reads `--pdf-standard LIST` (a usage error names the unknown standard or the impossible pair).
fn standard_list(text: &str) -> Result<StandardList, String> {
    folio::preflight::parse_list(text).map(StandardList)
}

/// Reads `--print kdp|ingramspark`.
fn printer(text: &str) -> Result<Standard, String> {
    match Standard::parse(text) {
        Some(printer @ (Standard::Kdp | Standard::IngramSpark)) => Ok(printer),
        _ => Err(format!(
            "unknown printer `{text}`; expected kdp or ingramspark"
        )),
    }
}

impl PdfArgs {
    /// Sets the keys these flags give in `layer`.
    pub fn set(&self, layer: &mut Overrides) {
        layer.page_size = self.page_size;
        layer.margins = self.margins;
        layer.two_sided = self.one_sided.then_some(false);
        layer.bleed = self.bleed;
        layer.crop_marks = self.crop_marks.then_some(true);
        layer.paragraphs = self.paragraphs.map(|style| match style {
            ParagraphArg::Indent => ParagraphStyle::Indent,
            ParagraphArg::Spacing => ParagraphStyle::Spacing,
        });
        layer.italic_quotes = self.italic_quotes.then_some(true);
        layer.endnotes = self.endnotes.then_some(true);
        layer.line_numbers = self.line_numbers.then_some(true);
        layer.protrusion = (self.no_microtype || self.no_protrusion).then_some(false);
        layer.expansion = (self.no_microtype || self.no_expansion).then_some(false);
        layer.toc = either(self.toc, self.no_toc);
        layer.font_dirs = (!self.font_dir.is_empty()).then(|| self.font_dir.clone());
        layer.main_font = self.main_font.clone();
        layer.mono_font = self.mono_font.clone();
        layer.math_font = self.math_font.clone();
        layer.tagged = self.untagged.then_some(false);
        layer.system_fonts = self.no_system_fonts.then_some(false);
        let mut standards: Vec<Standard> =
            self.pdf_standard.iter().flat_map(|l| l.0.clone()).collect();
        standards.extend(self.print);
        layer.pdf_standards = (!standards.is_empty()).then_some(standards);
        layer.output_profile = self.output_profile.clone();
    }
}

/// A `--name`/`--no-name` pair: on, off, or unsaid.
fn either(on: bool, off: bool) -> Option<bool> {
    match (on, off) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
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
pub enum ToFormat {
    Pdf,
    Epub,
}

/// A sheet's thickness: a length, and more than nothing.
fn caliper(text: &str) -> Result<f32, String> {
    parse_length(text)
        .ok()
        .filter(|&sheet| sheet > 0.0)
        .ok_or_else(|| format!("`{text}` is not a paper thickness (e.g. 0.1mm or 0.004in)"))
}
