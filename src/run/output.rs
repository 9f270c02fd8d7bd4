//! Writing output files so that a reader never sees half of one: write a temporary file beside
//! the target, then rename it into place (atomic on the same file system). A caller that must end
//! the process at once (a second Ctrl-C) first calls [`hold_writes`], so no temporary is left.

use std::io::Write;
use std::path::Path;
use std::sync::{RwLock, RwLockWriteGuard};

/// Held shared by every write while its temporary file exists; held exclusively by
/// [`hold_writes`]. The lock guards no data, only that window.
static WRITING: RwLock<()> = RwLock::new(());

/// Waits for the atomic writes in progress to finish (or remove their temporaries) and keeps new
/// ones from starting while the guard lives. For a caller about to exit the process without
/// unwinding, which would otherwise strand a temporary file.
pub fn hold_writes() -> RwLockWriteGuard<'static, ()> {
    WRITING
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Replaces `path` with `bytes` and waits until they are on the disk, so neither a crash of
/// folio nor a power cut leaves a partial file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_via_temporary(path, bytes, true)
}

/// [`write_atomic`] without waiting for the disk: a crash of folio still leaves no partial file,
/// but a power cut may lose or garble it. For the build cache, whose loss only costs a rebuild:
/// a flush per record would add to the flushes that parallel workers wait on in turn.
pub(crate) fn write_atomic_unsynced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_via_temporary(path, bytes, false)
}

fn write_via_temporary(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    let _writing = WRITING
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".folio-").suffix(".part");
    // Temporary files are private (0600) by default; the published file gets the usual
    // permissions of a file the user creates (0666 less the umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    if durable {
        file.as_file().sync_all()?;
    }
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/book.epub");
        write_atomic(&target, b"first").unwrap();
        write_atomic(&target, b"second").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["book.epub"]);
    }

    #[test]
    fn holding_writes_waits_for_them_and_stops_new_ones() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("late.pdf");
        let held = hold_writes();
        let writer = std::thread::spawn({
            let target = target.clone();
            move || write_atomic(&target, b"x")
        });
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!target.exists(), "a write started while writes were held");
        drop(held);
        writer.join().unwrap().unwrap();
        assert!(target.exists());
    }

    #[cfg(unix)]
    #[test]
    fn published_files_are_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book.epub");
        write_atomic(&target, b"x").unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o044, 0o044, "mode {mode:o}");
    }
}
