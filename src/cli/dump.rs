//! `folio dump`: the document model of one manuscript or book, as JSON on standard output.

use crate::cli::args::DumpArgs;
use crate::cli::printer::Printer;
use folio::diagnostics::Diagnostic;
use folio::run;
use std::process::ExitCode;

/// Prints the model as the backends would see it, or the reader's errors.
pub fn dump(args: DumpArgs, printer: &Printer) -> ExitCode {
    let mut diagnostics = Vec::new();
    let result = run::read_document(&args.input, &args.read.options(), &mut diagnostics);
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
