//! `folio build` and `folio check`: many inputs through the library's batch, each finished
//! article printed as it comes and written to the manifest, then the summary and the exit code.

use crate::cli::args::{BuildArgs, CheckArgs};
use crate::cli::printer::{CANCEL, INTERRUPTED, Printer, Verbosity};
use folio::options::Overrides;
use folio::run::{
    self, BatchOptions, BuildOptions, Finished, Format, Manifest, Report, Shard, Status,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// `folio build`: converts every input, skipping those unchanged since the last build.
pub fn build(args: BuildArgs, command_line: Overrides, printer: Printer) -> ExitCode {
    let options = args.build_options(command_line);
    let run = Run {
        arguments: &args.inputs.inputs,
        options: &options,
        batch: args.batch.options(args.force, true),
        shard: args.batch.shard,
        manifest: args.manifest.as_deref(),
    };
    run.go(printer)
}

/// `folio check`: reads and sets every input as a build would, writing nothing.
pub fn check(args: CheckArgs, mut command_line: Overrides, printer: Printer) -> ExitCode {
    args.pdf.set(&mut command_line);
    let options = BuildOptions {
        out_dir: PathBuf::from("out"),
        formats: vec![Format::Pdf, Format::Epub],
        read: args.inputs.read.options(),
        command_line,
    };
    let run = Run {
        arguments: &args.inputs.inputs,
        options: &options,
        batch: args.batch.options(false, false),
        shard: args.batch.shard,
        manifest: None,
    };
    run.go(printer)
}

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
        let (mut inputs, problems) = run::collect(self.arguments);
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
        let result = run::batch::run(&inputs, self.options, &self.batch, &CANCEL, |finished| {
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
        tally.summary(
            printer.verbosity,
            total,
            started.elapsed(),
            interrupted,
            written,
        );
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

    /// The end of a run: counts, and every failure with its first error.
    fn summary(
        &mut self,
        verbosity: Verbosity,
        total: usize,
        elapsed: Duration,
        interrupted: bool,
        written: bool,
    ) {
        let verb = if written { "built" } else { "checked" };
        let took = format!("{:.1} s", elapsed.as_secs_f64());
        let (built, unchanged, failed) = (self.built, self.unchanged, self.failures.len());
        if interrupted {
            eprintln!(
                "interrupted after {took}: {built} {verb}, {unchanged} unchanged, {failed} failed, {} not started",
                total - built - unchanged - failed
            );
        } else if failed == 0 && verbosity > Verbosity::Quiet && total > 1 {
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
            self.failures.sort();
            eprintln!("{failed} of {total} inputs failed:");
            for (path, error) in &self.failures {
                eprintln!("  {}: {error}", path.display());
            }
        }
    }
}
