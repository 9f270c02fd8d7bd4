//! `folio watch`: build every input once, then rebuild an article or book whenever a file its
//! outputs were made from changes. Which files those are is not guessed: the incremental build's
//! record of each input ([`crate::run::dependencies`]: manuscript, a book's config, chapters and
//! includes, images, cover, the machine's fonts) is read after every build, and the folders
//! holding them are watched (a folder, not the file: editors save by writing a new file and
//! renaming it over the old one). A save is a burst of events; the rebuild starts once the burst
//! has been quiet for [`QUIET`]. The rebuild is an ordinary batch run, so the cache skips an input
//! whose files did not really change, and outputs are replaced atomically: a viewer that reloads
//! on change never sees half a file. A failed build keeps the previous outputs and the previous
//! list of files, so fixing the manuscript rebuilds it. Nothing here prints: each build is
//! handed to the caller as an [`Event`].

use crate::run::{self, BatchError, BatchOptions, BuildOptions, Finished, Input};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long a burst of file events must be quiet before the rebuild starts: an editor's save
/// (write a temporary file, rename it over the old one, set its mode) takes a few milliseconds;
/// 25 ms leaves room and keeps an article's rebuild within 100 ms of the save.
pub const QUIET: Duration = Duration::from_millis(25);

/// The longest a rebuild waits for quiet: a file written continuously is still rebuilt.
const MOST_WAIT: Duration = Duration::from_millis(500);

/// How often the stop flag is looked at while nothing happens.
const STOP_POLL: Duration = Duration::from_millis(100);

/// What the watcher reports to its caller.
#[derive(Debug)]
pub enum Event {
    /// One input built (the first round) or rebuilt; `since_change` is the time from the first
    /// file event of the save to the outputs being in place (zero for the first round).
    Built {
        finished: Finished,
        since_change: Duration,
    },
    /// The first round is done: now watching `files` files in `folders` folders.
    Watching { files: usize, folders: usize },
    /// Something the watcher could not do (a folder it cannot watch); it carries on.
    Problem(String),
}

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch files: {0}")]
    Notify(#[from] notify::Error),
    #[error(transparent)]
    Batch(#[from] BatchError),
}

/// Builds `inputs`, then rebuilds those whose files change, until `stop` is set (Ctrl-C).
/// `batch.force` applies to the first round only.
pub fn watch(
    inputs: &[Input],
    options: &BuildOptions,
    batch: &BatchOptions,
    stop: &AtomicBool,
    mut on_event: impl FnMut(Event),
) -> Result<(), WatchError> {
    let (sender, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(sender)?;
    let mut files = Files::new(inputs, options);
    let mut rounds = Rounds {
        options,
        batch: batch.clone(),
        stop,
    };
    rounds.run(inputs, &mut files, Duration::ZERO, &mut on_event)?;
    rounds.batch.force = false;
    files.sync(&mut watcher, &mut on_event);
    on_event(Event::Watching {
        files: files.count(),
        folders: files.watched.len(),
    });
    while !stop.load(Ordering::SeqCst) {
        let first = match events.recv_timeout(STOP_POLL) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let seen = Instant::now();
        let mut changed = BTreeSet::new();
        note(first, &mut changed, &mut on_event);
        // The rest of the burst, until it is quiet (or has gone on too long).
        while seen.elapsed() < MOST_WAIT {
            match events.recv_timeout(QUIET) {
                Ok(event) => note(event, &mut changed, &mut on_event),
                Err(_) => break,
            }
        }
        let due: Vec<Input> = inputs
            .iter()
            .filter(|input| files.affected(input, &changed))
            .cloned()
            .collect();
        if due.is_empty() {
            continue;
        }
        rounds.run(&due, &mut files, seen.elapsed(), &mut on_event)?;
        files.sync(&mut watcher, &mut on_event);
    }
    Ok(())
}

/// Adds the paths of a file event that changes something to `changed`.
fn note(
    event: notify::Result<notify::Event>,
    changed: &mut BTreeSet<PathBuf>,
    on_event: &mut impl FnMut(Event),
) {
    match event {
        // Reading a file (folio's own builds do) is no change.
        Ok(event) if matches!(event.kind, EventKind::Access(_)) => {}
        Ok(event) => changed.extend(event.paths),
        Err(e) => on_event(Event::Problem(format!("watching files: {e}"))),
    }
}

/// Build rounds: a batch run over some inputs, each result handed on.
struct Rounds<'a> {
    options: &'a BuildOptions,
    batch: BatchOptions,
    stop: &'a AtomicBool,
}

impl Rounds<'_> {
    fn run(
        &self,
        inputs: &[Input],
        files: &mut Files,
        waited: Duration,
        on_event: &mut impl FnMut(Event),
    ) -> Result<(), BatchError> {
        let started = Instant::now();
        run::batch::run(inputs, self.options, &self.batch, self.stop, |finished| {
            files.refresh(&finished.report.input, self.options);
            let since_change = if waited.is_zero() {
                Duration::ZERO
            } else {
                waited + started.elapsed()
            };
            on_event(Event::Built {
                finished,
                since_change,
            });
        })
    }
}

/// The files each input depends on, and the folders being watched for them.
struct Files {
    /// Per input (in the order given): the input and its files, as absolute paths.
    inputs: Vec<(Input, BTreeSet<PathBuf>)>,
    /// Folders whose every change concerns all inputs: the user's font folders (any font in them
    /// may be picked by a manuscript's `mainfont:`).
    font_dirs: Vec<PathBuf>,
    /// Each folder being watched, and how.
    watched: BTreeMap<PathBuf, RecursiveMode>,
}

impl Files {
    /// Before the first build: each input's own path (a book's whole folder until its record
    /// lists its files).
    fn new(inputs: &[Input], options: &BuildOptions) -> Files {
        Files {
            inputs: inputs
                .iter()
                .map(|input| (input.clone(), [absolute(&input.path)].into()))
                .collect(),
            // The command line's font folders (a book's or front matter's are in its record).
            font_dirs: (options.command_line.font_dirs.iter().flatten())
                .map(|d| absolute(d))
                .collect(),
            watched: BTreeMap::new(),
        }
    }

    /// Takes `path`'s files from its latest build record; without one (the build failed) the
    /// files it had are kept, so fixing the manuscript rebuilds it.
    fn refresh(&mut self, path: &Path, options: &BuildOptions) {
        for (input, files) in &mut self.inputs {
            if input.path == path
                && let Some(found) = run::dependencies(input, options)
            {
                *files = found.iter().map(|f| absolute(f)).collect();
            }
        }
    }

    fn count(&self) -> usize {
        let all: BTreeSet<&PathBuf> = self.inputs.iter().flat_map(|(_, f)| f).collect();
        all.len()
    }

    /// Whether a change to any of `changed` concerns `input`: one of its files, a file inside
    /// one of them (a book's folder before its first build), or a font folder.
    fn affected(&self, input: &Input, changed: &BTreeSet<PathBuf>) -> bool {
        let Some((_, files)) = self.inputs.iter().find(|(i, _)| i == input) else {
            return false;
        };
        changed.iter().any(|path| {
            files.iter().any(|file| path.starts_with(file))
                || self.font_dirs.iter().any(|dir| path.starts_with(dir))
        })
    }

    /// Watches the folder of every file and the font folders; a folder that is itself one of
    /// the files (a book before its first good build: its chapters may be anywhere in it) with
    /// everything below it. Stops watching folders no longer needed.
    fn sync(&mut self, watcher: &mut impl Watcher, on_event: &mut impl FnMut(Event)) {
        let mut wanted: BTreeMap<PathBuf, RecursiveMode> = (self.font_dirs.iter())
            .map(|dir| (dir.clone(), RecursiveMode::Recursive))
            .collect();
        for file in self.inputs.iter().flat_map(|(_, files)| files) {
            if file.is_dir() {
                wanted.insert(file.clone(), RecursiveMode::Recursive);
            } else if let Some(folder) = file.parent() {
                wanted
                    .entry(folder.to_path_buf())
                    .or_insert(RecursiveMode::NonRecursive);
            }
        }
        for (folder, mode) in &self.watched {
            if wanted.get(folder) != Some(mode) {
                // A folder that was deleted is no longer watched anyway.
                let _ = watcher.unwatch(folder);
            }
        }
        for (folder, mode) in &wanted {
            if self.watched.get(folder) != Some(mode)
                && let Err(e) = watcher.watch(folder, *mode)
            {
                on_event(Event::Problem(format!(
                    "cannot watch {}: {e}",
                    folder.display()
                )));
            }
        }
        self.watched = wanted;
    }
}

/// `path` made absolute, its folder's symbolic links resolved (file events name the real path);
/// a file that does not exist yet keeps its name.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => parent
            .canonicalize()
            .map_or_else(|_| path.to_path_buf(), |p| p.join(name)),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// The time of day, UTC, as `HH:MM:SS`: when a rebuild finished, for the caller's line.
pub fn time_of_day(at: std::time::SystemTime) -> String {
    let seconds = at
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        % 86_400;
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}
