//! `folio watch`: a build, then a rebuild of each input whenever a file it is made from is
//! saved, through the library's watcher ([`folio::watch`]); one line per build with the time,
//! the input, how long after the save its outputs were in place, and its warnings.

use super::args::BuildArgs;
use super::printer::{CANCEL, Printer, Verbosity};
use folio::options::Overrides;
use folio::run::{self, BatchOptions, BuildOptions, Status};
use folio::watch::Event as WatchEvent;
use std::path::PathBuf;
use std::process::ExitCode;

/// `folio watch`: build's options, less the batch's manifest and shards.
pub fn watch(args: BuildArgs, command_line: Overrides, printer: Printer) -> ExitCode {
    if args.manifest.is_some() || args.batch.shard.is_some() {
        eprintln!("error: folio watch takes neither --manifest nor --shard");
        return ExitCode::from(2);
    }
    let options = args.build_options(command_line);
    let batch = args.batch.options(args.force, true);
    watch_inputs(&args.inputs.inputs, &options, batch, printer)
}

/// `folio watch`: the library's watcher, with one line per build: the time, the input, and how
/// long after the save its outputs were in place.
fn watch_inputs(
    arguments: &[PathBuf],
    options: &BuildOptions,
    batch: BatchOptions,
    printer: Printer,
) -> ExitCode {
    let (inputs, problems) = run::collect(arguments);
    problems
        .iter()
        .for_each(|problem| printer.diagnostic(problem));
    if inputs.is_empty() {
        return ExitCode::from(1);
    }
    printer.stop_on_interrupt();
    let result = folio::watch::watch(&inputs, options, &batch, &CANCEL, |event| match event {
        WatchEvent::Built {
            finished,
            since_change,
        } => {
            finished
                .report
                .diagnostics
                .iter()
                .for_each(|d| printer.diagnostic(d));
            let clock = folio::watch::time_of_day(std::time::SystemTime::now());
            let input = finished.report.input.display();
            let warned = match finished.warnings {
                0 => String::new(),
                1 => ", 1 warning".to_string(),
                n => format!(", {n} warnings"),
            };
            let line = match (finished.status, since_change.is_zero()) {
                (Status::Failed, _) => format!("{clock} failed {input}; the outputs are unchanged"),
                (Status::Unchanged, true) => format!("{clock} up to date {input}"),
                (Status::Unchanged, false) => return,
                (Status::Built, true) => {
                    format!(
                        "{clock} built {input} in {} ms{warned}",
                        finished.elapsed.as_millis()
                    )
                }
                (Status::Built, false) => {
                    format!(
                        "{clock} rebuilt {input} {} ms after the save{warned}",
                        since_change.as_millis()
                    )
                }
            };
            if finished.status == Status::Failed || printer.verbosity > Verbosity::Quiet {
                printer.say(&line);
            }
        }
        WatchEvent::Watching { files, folders } if printer.verbosity > Verbosity::Quiet => printer
            .say(&format!(
                "watching {files} file(s) in {folders} folder(s) (Ctrl-C stops)"
            )),
        WatchEvent::Watching { .. } => {}
        WatchEvent::Problem(problem) => printer.say(&format!("warning: {problem}")),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
