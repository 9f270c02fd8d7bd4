//! The archive: the zip epub-builder produced, repacked so that the same book always gives the
//! same bytes and every reading system can open it.
//!
//! epub-builder 0.8.2 keeps its `Zip` trait private, so the seam is here, after it has written:
//! every file passes through a rewrite hook (the caller replaces the navigation documents and
//! completes the OPF), then goes into a fresh archive with `mimetype` first and stored, all files
//! in epub-builder's order, one fixed timestamp, fixed permissions and no extra fields.

use chrono::{DateTime, Datelike, Timelike};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const MIMETYPE_NAME: &str = "mimetype";
const MIMETYPE: &[u8] = b"application/epub+zip";

/// Permissions recorded for every file: readable by all, as an unpacked book should be.
const FILE_MODE: u32 = 0o644;

/// Repacks `generated`: the files named in `rewritten` pass through `rewrite` (name and bytes)
/// and are compressed again; every other file keeps the compressed data epub-builder wrote, so
/// chapters, fonts and images are not inflated and deflated a second time. Every file gets the
/// timestamp `modified` (Unix seconds), or 1980-01-01, the earliest a zip can record.
pub(super) fn repack(
    generated: &[u8],
    modified: Option<i64>,
    rewritten: &[&str],
    mut rewrite: impl FnMut(&str, Vec<u8>) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let mut source = ZipArchive::new(Cursor::new(generated))
        .map_err(|e| format!("epub-builder wrote an unreadable zip: {e}"))?;
    let time = zip_time(modified);
    let options = SimpleFileOptions::default()
        .last_modified_time(time)
        .unix_permissions(FILE_MODE);
    let mut target = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = options.compression_method(CompressionMethod::Stored);
    add(&mut target, MIMETYPE_NAME, MIMETYPE, stored)?;
    for index in 0..source.len() {
        let mut file = source
            .by_index(index)
            .map_err(|e| format!("cannot read file {index} of epub-builder's zip: {e}"))?;
        let name = file.name().to_string();
        if name == MIMETYPE_NAME || file.is_dir() {
            continue;
        }
        if !rewritten.contains(&name.as_str()) {
            target
                .raw_copy_file_touch(file, time, Some(FILE_MODE))
                .map_err(|e| format!("cannot copy `{name}`: {e}"))?;
            continue;
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read `{name}` from epub-builder's zip: {e}"))?;
        let deflated = options.compression_method(CompressionMethod::Deflated);
        add(&mut target, &name, &rewrite(&name, bytes)?, deflated)?;
    }
    let cursor = target
        .finish()
        .map_err(|e| format!("cannot finish the zip: {e}"))?;
    Ok(cursor.into_inner())
}

fn add(
    target: &mut ZipWriter<Cursor<Vec<u8>>>,
    name: &str,
    bytes: &[u8],
    options: SimpleFileOptions,
) -> Result<(), String> {
    target
        .start_file(name, options)
        .and_then(|()| Ok(target.write_all(bytes)?))
        .map_err(|e| format!("cannot add `{name}`: {e}"))
}

/// The zip timestamp for `modified`; times a zip cannot hold (before 1980, after 2107) fall back
/// to 1980-01-01.
fn zip_time(modified: Option<i64>) -> zip::DateTime {
    modified
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .and_then(|t| {
            zip::DateTime::from_date_and_time(
                u16::try_from(t.year()).ok()?,
                t.month() as u8,
                t.day() as u8,
                t.hour() as u8,
                t.minute() as u8,
                t.second() as u8,
            )
            .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_outside_the_zip_range_fall_back() {
        assert_eq!(zip_time(None), zip::DateTime::default());
        assert_eq!(zip_time(Some(0)), zip::DateTime::default());
        let t = zip_time(Some(1_760_400_000)); // 2025-10-14T00:00:00Z
        assert_eq!((t.year(), t.month(), t.day()), (2025, 10, 14));
    }
}
