//! `folio cover`: the paperback's one-piece cover for a manuscript or book, written beside where
//! the build writes its interior.

use crate::cli::args::CoverArgs;
use crate::cli::printer::{Printer, Verbosity};
use folio::diagnostics::Diagnostic;
use folio::options::{Origin, Overrides};
use folio::pdf::cover::{CoverOptions, Paper, write_cover};
use folio::run;
use folio::style::print::COVER_BLEED;
use std::process::ExitCode;

/// `folio cover`: reads the manuscript, sets its cover (its trim the interior's page, as the
/// input's settings resolve it) and writes it as NAME-cover.pdf.
pub fn cover(args: CoverArgs, mut command_line: Overrides, printer: &Printer) -> ExitCode {
    args.pdf.set(&mut command_line);
    let input = args.input.as_path();
    let mut diagnostics = Vec::new();
    let read = run::read_input(input, &args.read.options(), &command_line, &mut diagnostics);
    let (document, settings) = match read {
        Ok(read) if !diagnostics.iter().any(Diagnostic::is_error) => read,
        result => {
            diagnostics.extend(result.err());
            diagnostics.iter().for_each(|d| printer.diagnostic(d));
            return ExitCode::from(1);
        }
    };
    diagnostics.iter().for_each(|d| printer.diagnostic(d));
    let options = CoverOptions {
        interior: settings.pdf(),
        pages: args.pages.map(|n| n as usize),
        paper: match (args.paper_ppi, args.caliper) {
            (_, Some(sheet)) => Paper::Caliper(sheet),
            (Some(ppi), None) => Paper::PagesPerInch(ppi),
            (None, None) => Paper::WHITE,
        },
        // A cover always bleeds: KDP's unless a layer says how far.
        bleed: match settings.bleed.origin {
            Origin::Default => COVER_BLEED,
            _ => settings.bleed.value,
        },
    };
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
    let target = args.out_dir.join(format!("{name}-cover.pdf"));
    if let Err(e) = run::write_atomic(&target, &written.bytes) {
        eprintln!("error: cannot write {}: {e}", target.display());
        return ExitCode::from(1);
    }
    let size = written.size;
    let inches = |pt: f32| pt / folio::style::PT_PER_IN;
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
