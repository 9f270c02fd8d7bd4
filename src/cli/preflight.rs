//! `folio preflight FILE.pdf... --standard LIST`: checks finished PDFs (anyone's) against print
//! and archive standards and printer profiles, prints each finding with its page and object,
//! and exits 1 when any file has an error.

use super::args::PreflightArgs;
use folio::preflight::{self, Standard};
use std::path::PathBuf;
use std::process::ExitCode;

/// `folio preflight`: the standards read (an unknown one or an impossible pair is a usage
/// error, exit 2), then every file checked.
pub fn preflight(args: PreflightArgs, quiet: bool) -> ExitCode {
    match preflight::parse_list(&args.standard.join(",")) {
        Ok(standards) => run(&args.files, &standards, quiet),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Runs the checks over every file and prints what they found.
fn run(files: &[PathBuf], standards: &[Standard], quiet: bool) -> ExitCode {
    let names: Vec<String> = standards.iter().map(Standard::to_string).collect();
    let names = names.join(", ");
    let mut failed = 0;
    for path in files {
        let bytes = match read(path) {
            Ok(bytes) => bytes,
            Err(message) => {
                eprintln!("error: {}: {message}", path.display());
                failed += 1;
                continue;
            }
        };
        let report = match preflight::preflight(&bytes, standards) {
            Ok(report) => report,
            Err(message) => {
                eprintln!("error: {}: {message}", path.display());
                failed += 1;
                continue;
            }
        };
        for finding in &report.findings {
            if !quiet || finding.severity == folio::diagnostics::Severity::Error {
                eprintln!("{}: {finding}", path.display());
            }
        }
        let (errors, warnings) = report.counts();
        if errors > 0 {
            failed += 1;
            eprintln!(
                "{}: fails {names}: {errors} errors, {warnings} warnings in {} pages",
                path.display(),
                report.pages
            );
        } else if !quiet {
            eprintln!(
                "{}: passes {names} ({warnings} warnings, {} pages)",
                path.display(),
                report.pages
            );
        }
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads a file, refusing one larger than preflight reads before loading it.
fn read(path: &PathBuf) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > preflight::MAX_FILE_BYTES as u64 {
        return Err(format!(
            "the file is {} MB, larger than preflight reads ({} MB)",
            size >> 20,
            preflight::MAX_FILE_BYTES >> 20
        ));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}
