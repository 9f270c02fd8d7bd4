//! The `folio` command line: parse arguments, call the library, print diagnostics, set the exit
//! code. All the work lives in the library; the command's parts live in [`cli`], and this file
//! only dispatches to them.

mod cli;

use clap::Parser;
use cli::args::{Cli, Command};
use cli::printer::{Printer, Verbosity};
use folio::options::Overrides;
use std::process::ExitCode;

fn main() -> ExitCode {
    cli::heap::return_freed_memory();
    let cli = Cli::parse();
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let printer = Printer::new(verbosity);
    // The environment's say, the first key of the command line's layer.
    let command_line = match source_date_epoch() {
        Ok(modified) => Overrides {
            modified,
            ..Overrides::default()
        },
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Build(args) => cli::run::build(args, command_line, printer),
        Command::Watch(args) => cli::watch::watch(args, command_line, printer),
        Command::Check(args) => cli::run::check(args, command_line, printer),
        Command::Cover(args) => cli::cover::cover(args, command_line, &printer),
        Command::Dump(args) => cli::dump::dump(args, &printer),
        Command::Preflight(args) => cli::preflight::preflight(args, cli.quiet),
        Command::Generate { target } => {
            cli::generate::to_stdout(<Cli as clap::CommandFactory>::command(), target)
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
