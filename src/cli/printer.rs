//! Everything the command says goes through the [`Printer`], so verbosity is decided in one
//! place: diagnostics, and one line per finished article or a progress bar on a terminal; and
//! the Ctrl-C handler, which stops a run cleanly.

use folio::diagnostics::{self, Diagnostic, Severity};
use folio::run::{self, Finished, Status};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the first Ctrl-C (or SIGTERM): no new article starts.
pub static CANCEL: AtomicBool = AtomicBool::new(false);

/// Exit code after an interrupt, as shells report a process ended by SIGINT.
pub const INTERRUPTED: u8 = 130;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Everything the CLI says goes through here, so verbosity is decided in one place.
#[derive(Clone)]
pub struct Printer {
    pub verbosity: Verbosity,
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
    /// A printer for standard error, in colour on a terminal unless NO_COLOR is set.
    pub fn new(verbosity: Verbosity) -> Printer {
        let terminal = std::io::stderr().is_terminal();
        Printer {
            verbosity,
            color: terminal && std::env::var_os("NO_COLOR").is_none(),
            terminal,
            bar: None,
        }
    }

    /// This printer with a progress bar for `total` articles, when one is wanted: on a terminal
    /// and at normal verbosity (quiet shows nothing, verbose shows every article instead).
    pub fn with_progress(self, total: usize) -> Printer {
        let wanted = self.terminal && self.verbosity == Verbosity::Normal && total > 1;
        let bar = wanted.then(|| {
            let style = ProgressStyle::with_template(BAR_TEMPLATE)
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
                .with_style(style)
        });
        Printer { bar, ..self }
    }

    pub fn advance(&self, failures: usize) {
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

    pub fn finish_progress(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// On Ctrl-C (or SIGTERM), stop starting articles; on a second one, exit at once, but only
    /// once no output file is half-written.
    pub fn stop_on_interrupt(&self) {
        let printer = self.clone();
        let installed = ctrlc::set_handler(move || {
            if CANCEL.swap(true, Ordering::SeqCst) {
                let _no_more_writes = run::hold_writes();
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
    pub fn say(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }

    pub fn diagnostic(&self, d: &Diagnostic) {
        if d.severity == Severity::Error || self.verbosity > Verbosity::Quiet {
            self.say(&diagnostics::render(d, self.color));
        }
    }

    /// One finished article: its diagnostics, then one line (none for a success under a bar).
    pub fn finished(&self, finished: &Finished, written: bool) {
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
}
