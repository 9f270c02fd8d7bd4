//! Converting many articles at once: each one through the same pipeline as a single build, on a
//! pool of worker threads, skipping those the [`cache`](super::cache) knows are unchanged. One
//! article's failure, or even a crash, is its own result and never stops the others; a cancel
//! flag stops new articles from starting while those in progress finish, so no output is left
//! half-written. Results go to a callback on the caller's thread as they come, so memory holds
//! a few articles, not the archive. It schedules; it never formats or prints.

use super::cache::{Cache, Dependencies};
use super::{BuildOptions, Input, Report, build_inspecting};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use serde::Serialize;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Rebuild every article, even those the cache says are unchanged.
    pub force: bool,
    /// Write the outputs and the cache; `false` only checks (`folio check`).
    pub write: bool,
}

/// What became of one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Converted (or, without writing, checked) without errors.
    Built,
    /// Skipped: nothing it depends on changed since its outputs were written.
    Unchanged,
    Failed,
}

/// One article's result, as it is handed to the caller.
#[derive(Debug)]
pub struct Finished {
    pub report: Report,
    pub status: Status,
    /// Warnings of the build that made the outputs (for an unchanged article, the earlier one;
    /// its warnings are not shown again).
    pub warnings: usize,
    pub elapsed: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("cannot start the worker threads: {0}")]
    Workers(#[from] rayon::ThreadPoolBuildError),
}

/// Stack for each worker thread. Every recursion over input is bounded (blocks and inlines by
/// [`crate::markdown::MAX_NESTING`], SVG by [`crate::image_check::MAX_SVG_DEPTH`]): the deepest
/// manuscript and drawing allowed build in a debug build on 512 KiB, and a test builds them on
/// an eighth of this. Set here rather than left to the environment (`RUST_MIN_STACK`).
pub const WORKER_STACK_BYTES: usize = 8 * 1024 * 1024;

/// Results that may wait for the caller, per worker, before the workers pause: enough to keep
/// them busy while the caller prints, few enough that memory does not grow with the archive.
const WAITING_PER_WORKER: usize = 4;

/// Converts `inputs` on `batch.jobs` threads, calling `on_finished` on this thread for each
/// article as it finishes (in no particular order). Once `cancel` is set no new article starts;
/// articles cut off that way produce no result.
pub fn run(
    inputs: &[Input],
    options: &BuildOptions,
    batch: &BatchOptions,
    cancel: &AtomicBool,
    mut on_finished: impl FnMut(Finished),
) -> Result<(), BatchError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(batch.jobs)
        .thread_name(|i| format!("folio-worker-{i}"))
        .stack_size(WORKER_STACK_BYTES)
        .build()?;
    let cache = batch.write.then(|| Cache::open(options));
    let (sender, results) = mpsc::sync_channel(pool.current_num_threads() * WAITING_PER_WORKER);
    std::thread::scope(|scope| {
        let (pool, cache) = (&pool, cache.as_ref());
        scope.spawn(move || {
            pool.install(|| {
                // One article per task, so a cancel is seen before each one starts.
                inputs
                    .par_iter()
                    .with_max_len(1)
                    .for_each_with(sender, |sender, input| {
                        if cancel.load(Ordering::SeqCst) {
                            return;
                        }
                        // The receiver outlives every worker, so sending cannot fail.
                        let _ = sender.send(article(input, options, batch, cache));
                    });
            });
        });
        for finished in results {
            on_finished(finished);
        }
    });
    Ok(())
}

/// One article: skipped if the cache vouches for its outputs, else built and recorded.
fn article(
    input: &Input,
    options: &BuildOptions,
    batch: &BatchOptions,
    cache: Option<&Cache>,
) -> Finished {
    let started = Instant::now();
    let finished = |report: Report, status: Status, warnings: usize| Finished {
        report,
        status,
        warnings,
        elapsed: started.elapsed(),
    };
    if let Some(cache) = cache {
        if !batch.force
            && let Some(fresh) = cache.lookup(input, options)
        {
            return finished(fresh.report, Status::Unchanged, fresh.warnings);
        }
        if let Err(e) = cache.forget(input) {
            let problem = Diagnostic::error(
                &cache.entry_path(input),
                format!("cannot update the build cache: {e}"),
            )
            .with_help("check the output folder's permissions, or delete its .folio folder");
            return finished(Report::failure(&input.path, problem), Status::Failed, 0);
        }
    }
    let mut dependencies = None;
    let built = catch_unwind(AssertUnwindSafe(|| {
        build_inspecting(input, options, batch.write, |doc| {
            if cache.is_some() {
                dependencies = Some(Dependencies::of(doc));
            }
        })
    }));
    let mut report = built.unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let problem = Diagnostic::error(
            &input.path,
            format!("folio crashed on this article: {what}"),
        )
        .with_help("this is a bug in folio; please report it with the manuscript");
        Report::failure(&input.path, problem)
    });
    let warnings = report.diagnostics.iter().filter(|d| !d.is_error()).count();
    if report.failed() {
        return finished(report, Status::Failed, warnings);
    }
    if let (Some(cache), Some(dependencies)) = (cache, dependencies)
        && let Err(e) = cache.record(input, dependencies, &report)
    {
        report.diagnostics.push(Diagnostic::warning(
            &cache.entry_path(input),
            format!("cannot record the build in the cache ({e}); it will be rebuilt next time"),
        ));
    }
    finished(report, Status::Built, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::collect;
    use crate::run::epub_options;

    use std::path::Path;

    fn articles(dir: &Path, count: usize) -> Vec<Input> {
        for i in 0..count {
            std::fs::write(
                dir.join(format!("{i:02}.md")),
                format!("# Article {i}\n\nText.\n"),
            )
            .unwrap();
        }
        let (inputs, problems) = collect(&[dir.to_path_buf()]);
        assert!(problems.is_empty());
        inputs
    }

    fn statuses(inputs: &[Input], options: &BuildOptions, force: bool) -> Vec<Status> {
        let batch = BatchOptions {
            jobs: 2,
            force,
            write: true,
        };
        let mut seen = Vec::new();
        run(inputs, options, &batch, &AtomicBool::new(false), |f| {
            seen.push(f.status)
        })
        .unwrap();
        seen
    }

    #[test]
    fn every_article_finishes_once_and_unchanged_ones_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = articles(dir.path(), 12);
        let options = epub_options(&dir.path().join("out"));
        assert_eq!(statuses(&inputs, &options, false), [Status::Built; 12]);
        assert_eq!(statuses(&inputs, &options, false), [Status::Unchanged; 12]);
        assert_eq!(statuses(&inputs, &options, true), [Status::Built; 12]);
    }

    #[test]
    fn a_set_cancel_flag_starts_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = articles(dir.path(), 4);
        let batch = BatchOptions {
            jobs: 1,
            force: false,
            write: true,
        };
        let mut seen = 0;
        run(
            &inputs,
            &epub_options(&dir.path().join("out")),
            &batch,
            &AtomicBool::new(true),
            |_| seen += 1,
        )
        .unwrap();
        assert_eq!(seen, 0);
        assert!(!dir.path().join("out").exists());
    }
}
