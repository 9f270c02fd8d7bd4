//! The incremental build's memory: for each article built without errors, one small JSON file
//! under `<out>/.folio/` holding content digests of everything its outputs depend on — the
//! manuscript (for a book, its config, chapters and included files), every local image and cover
//! it refers to, and a fingerprint of the options, the
//! user's font files and folio's version (the bundled fonts are part of the version). A later
//! run skips the article when all of them still match and its outputs are still there, reading
//! only files: the Markdown is not parsed.
//!
//! An entry is removed before its article is rebuilt and written (atomically) only after the
//! outputs are, so an interrupted run can never leave an entry that vouches for outputs it did not
//! see. Entries are not flushed to disk one by one: the outputs they vouch for already are, and
//! an entry lost or garbled by a power cut reads as absent, which costs one rebuild. This module
//! decides freshness; it never builds or formats.

use super::output::write_atomic_unsynced;
use super::{BuildOptions, Input, Report, target};
use crate::markdown;
use crate::model::{BlockKind, Document, InlineKind, visit_blocks_mut, visit_inlines_mut};
use crate::resources;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The cache's folder below the output folder; hidden, so a folder argument never collects it.
pub(crate) const CACHE_DIR: &str = ".folio";

/// What an article's outputs were made from, noted while it is built.
pub(crate) struct Dependencies {
    manuscript: String,
    resources: Vec<Resource>,
    sources: Vec<Resource>,
    base: Option<PathBuf>,
}

impl Dependencies {
    /// The manuscript's digest as read, and the digest of each local file it refers to now
    /// (before the backends read them, so a file changed meanwhile makes the next run rebuild).
    /// A book (a folder) records each file its text came from instead, relative to its folder,
    /// and the folder its images are relative to.
    pub(crate) fn of(doc: &Document) -> Dependencies {
        let allow_outside = doc.source.allow_outside_paths;
        let resources = references(doc)
            .into_iter()
            .map(|reference| Resource {
                digest: resource_digest(&doc.source.base_dir, &reference, allow_outside),
                reference,
            })
            .collect();
        let root = &doc.source.path;
        let mut sources: Vec<Resource> = doc
            .source
            .files
            .iter()
            .map(|file| Resource {
                reference: file
                    .strip_prefix(root)
                    .unwrap_or(file)
                    .display()
                    .to_string(),
                digest: file_digest(file),
            })
            .collect();
        sources.sort_by(|a, b| a.reference.cmp(&b.reference));
        sources.dedup_by(|a, b| a.reference == b.reference);
        let base = doc.source.base_dir.strip_prefix(root).ok();
        Dependencies {
            manuscript: doc.source.digest.clone(),
            resources,
            base: (!sources.is_empty()).then(|| base.unwrap_or(Path::new("")).to_path_buf()),
            sources,
        }
    }
}

/// A file a manuscript refers to, as written, with its content digest; `None` when it could not
/// be used (missing, outside the folder, too large), so creating it later triggers a rebuild.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Resource {
    reference: String,
    digest: Option<String>,
}

/// One article's record.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    fingerprint: String,
    manuscript: String,
    resources: Vec<Resource>,
    /// A book's files (config, chapters, includes), relative to its folder.
    #[serde(default)]
    sources: Vec<Resource>,
    /// A book's folder for images, relative to its folder.
    #[serde(default)]
    base: Option<PathBuf>,
    /// The machine's font files the PDF took characters from (absolute paths): a changed or
    /// removed one changes the PDF.
    #[serde(default)]
    machine_fonts: Vec<Resource>,
    /// Each output's size, in the order of the requested formats: a deleted or replaced output
    /// is rebuilt.
    output_bytes: Vec<u64>,
    pages: Option<usize>,
    warnings: usize,
}

/// What a skipped article reports: the outputs it already has.
pub(crate) struct Fresh {
    pub(crate) report: Report,
    pub(crate) warnings: usize,
}

pub(crate) struct Cache {
    dir: PathBuf,
    fingerprint: String,
}

impl Cache {
    /// The cache of `options.out_dir`. Reads the user's font files once, to fingerprint them.
    pub(crate) fn open(options: &BuildOptions) -> Cache {
        Cache {
            dir: options.out_dir.join(CACHE_DIR),
            fingerprint: fingerprint(options),
        }
    }

    /// The record of `input`, if its outputs are up to date.
    pub(crate) fn lookup(&self, input: &Input, options: &BuildOptions) -> Option<Fresh> {
        let text = std::fs::read(self.entry_path(input)).ok()?;
        let entry: Entry = serde_json::from_slice(&text).ok()?;
        if entry.fingerprint != self.fingerprint {
            return None;
        }
        let base_dir = match &entry.base {
            // A book: every file it was read from must be unchanged.
            Some(base) => {
                let unchanged = entry.sources.iter().all(|source| {
                    file_digest(&input.path.join(&source.reference)) == source.digest
                });
                if !unchanged {
                    return None;
                }
                input.path.join(base)
            }
            None => {
                if markdown::digest(&std::fs::read(&input.path).ok()?) != entry.manuscript {
                    return None;
                }
                markdown::base_dir(&input.path)
            }
        };
        let allow_outside = options.read.allow_outside_paths;
        let resources_match = entry.resources.iter().all(|resource| {
            resource_digest(&base_dir, &resource.reference, allow_outside) == resource.digest
        });
        let fonts_match = entry
            .machine_fonts
            .iter()
            .all(|font| file_digest(Path::new(&font.reference)) == font.digest);
        if !resources_match || !fonts_match || entry.output_bytes.len() != options.formats.len() {
            return None;
        }
        let outputs: Vec<PathBuf> = options
            .formats
            .iter()
            .map(|&format| target(input, &options.out_dir, format))
            .collect();
        for (output, &bytes) in outputs.iter().zip(&entry.output_bytes) {
            if std::fs::metadata(output).ok()?.len() != bytes {
                return None;
            }
        }
        Some(Fresh {
            report: Report {
                input: input.path.clone(),
                outputs,
                diagnostics: Vec::new(),
                pages: entry.pages,
                bytes: entry.output_bytes.iter().sum(),
                machine_fonts: Vec::new(),
            },
            warnings: entry.warnings,
        })
    }

    /// Drops `input`'s record before it is rebuilt.
    pub(crate) fn forget(&self, input: &Input) -> std::io::Result<()> {
        match std::fs::remove_file(self.entry_path(input)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Records a build that succeeded (`report` has no errors and lists every output).
    pub(crate) fn record(
        &self,
        input: &Input,
        dependencies: Dependencies,
        report: &Report,
    ) -> std::io::Result<()> {
        let output_bytes = report
            .outputs
            .iter()
            .map(|output| std::fs::metadata(output).map(|m| m.len()))
            .collect::<std::io::Result<_>>()?;
        let entry = Entry {
            fingerprint: self.fingerprint.clone(),
            manuscript: dependencies.manuscript,
            resources: dependencies.resources,
            sources: dependencies.sources,
            base: dependencies.base,
            machine_fonts: report
                .machine_fonts
                .iter()
                .map(|path| Resource {
                    reference: path.display().to_string(),
                    digest: file_digest(path),
                })
                .collect(),
            output_bytes,
            pages: report.pages,
            warnings: report.diagnostics.iter().filter(|d| !d.is_error()).count(),
        };
        let json = serde_json::to_vec(&entry).map_err(std::io::Error::other)?;
        write_atomic_unsynced(&self.entry_path(input), &json)
    }

    pub(crate) fn entry_path(&self, input: &Input) -> PathBuf {
        input.out_path(&self.dir, "json")
    }
}

/// The files the recorded build of `input` read: the manuscript (for a book, its config, chapters
/// and included files), every image and cover it refers to (where it would be, for one still
/// missing), and the machine's fonts its PDF took characters from. `None` without a record: never
/// built into this output folder, or its last build failed. `folio watch` watches these.
pub(crate) fn dependencies(input: &Input, options: &BuildOptions) -> Option<Vec<PathBuf>> {
    let path = input.out_path(&options.out_dir.join(CACHE_DIR), "json");
    let entry: Entry = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    let (mut files, base_dir) = match &entry.base {
        Some(base) => {
            let sources = entry.sources.iter();
            let files = sources.map(|s| input.path.join(&s.reference)).collect();
            (files, input.path.join(base))
        }
        None => (vec![input.path.clone()], markdown::base_dir(&input.path)),
    };
    let allow_outside = options.read.allow_outside_paths;
    files.extend(entry.resources.iter().map(|resource| {
        resources::resolve(&base_dir, &resource.reference, allow_outside)
            .unwrap_or_else(|_| base_dir.join(&resource.reference))
    }));
    files.extend(
        entry
            .machine_fonts
            .iter()
            .map(|f| PathBuf::from(&f.reference)),
    );
    Some(files)
}

/// Everything besides the article's own files that decides its outputs. Every option is in it:
/// the option records are destructured, so a new field cannot be forgotten, and their `Debug`
/// text is hashed (the version is in it too, so a format change only costs one rebuild).
///
/// The options are the command line's layer of each input's settings; the layers below it (the
/// front matter, `folio.toml`) are in the files the record digests.
fn fingerprint(options: &BuildOptions) -> String {
    let BuildOptions {
        out_dir: _,
        formats,
        read,
        command_line,
    } = options;
    let mut text = format!(
        "folio {}\n{formats:?}\n{read:?}\n{command_line:?}\n",
        env!("CARGO_PKG_VERSION")
    );
    // A front matter `mainfont:` may pick any font in these folders, so all of them count.
    let font_dirs = command_line.font_dirs.as_deref().unwrap_or_default();
    match crate::pdf::font_files(font_dirs) {
        Ok(files) => {
            for file in files {
                let digest = std::fs::read(&file).map(|bytes| markdown::digest(&bytes));
                text.push_str(&format!("{} {digest:?}\n", file.display()));
            }
        }
        Err(e) => text.push_str(&format!("fonts: {e}\n")),
    }
    markdown::digest(text.as_bytes())
}

fn file_digest(path: &Path) -> Option<String> {
    std::fs::read(path)
        .ok()
        .map(|bytes| markdown::digest(&bytes))
}

/// The digest of the file `reference` names, if the reader would use it.
fn resource_digest(base_dir: &Path, reference: &str, allow_outside: bool) -> Option<String> {
    let path = resources::resolve(base_dir, reference, allow_outside).ok()?;
    std::fs::read(path)
        .ok()
        .map(|bytes| markdown::digest(&bytes))
}

/// The local files a document refers to: its cover and every image, body and notes, sorted.
fn references(doc: &Document) -> Vec<String> {
    let mut found: Vec<String> = doc
        .meta
        .cover_image
        .iter()
        .map(|cover| cover.path.clone())
        .collect();
    // The walkers take the tree mutably; a copy is cheap next to typesetting it.
    let mut blocks = doc.blocks.clone();
    for note in &doc.footnotes {
        blocks.extend(note.blocks.iter().cloned());
    }
    visit_blocks_mut(&mut blocks, &mut |block| {
        if let BlockKind::Figure(figure) = &block.kind {
            found.push(figure.image.src.clone());
        }
    });
    visit_inlines_mut(&mut blocks, &mut |inline| {
        if let InlineKind::Image(image) = &inline.kind {
            found.push(image.src.clone());
        }
    });
    found.retain(|reference| !resources::is_remote(reference));
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::ReadOptions;
    use crate::run::Format;
    use crate::run::epub_options;

    #[test]
    fn references_cover_images_in_notes_and_skip_remote_ones() {
        let text = "---\ntitle: T\ncover-image: cover.png\n---\n\n\
                    ![fig](a.png)\n\nText ![inline](b.png) and ![web](https://x.test/c.png)[^n].\n\n\
                    [^n]: A note ![in note](d.png) and ![again](a.png).\n";
        let doc = markdown::read(
            Path::new("x.md"),
            text.as_bytes(),
            &ReadOptions::default(),
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(
            references(&doc),
            ["a.png", "b.png", "cover.png", "d.png"].map(String::from)
        );
    }

    #[test]
    fn the_fingerprint_follows_every_option_but_the_output_folder() {
        let base = epub_options(Path::new("out"));
        let same = fingerprint(&base);
        assert_eq!(fingerprint(&epub_options(Path::new("elsewhere"))), same);
        let mut pdf = epub_options(Path::new("out"));
        pdf.formats.push(Format::Pdf);
        let mut toc = epub_options(Path::new("out"));
        toc.command_line.toc_depth = Some(1);
        let mut dated = epub_options(Path::new("out"));
        dated.command_line.modified = Some(0);
        for changed in [pdf, toc, dated] {
            assert_ne!(fingerprint(&changed), same);
        }
    }

    #[test]
    fn user_fonts_count_by_content() {
        let fonts = tempfile::tempdir().unwrap();
        let mut with_fonts = epub_options(Path::new("out"));
        with_fonts.command_line.font_dirs = Some(vec![fonts.path().to_path_buf()]);
        std::fs::write(fonts.path().join("a.ttf"), b"one").unwrap();
        let before = fingerprint(&with_fonts);
        std::fs::write(fonts.path().join("a.ttf"), b"two").unwrap();
        assert_ne!(fingerprint(&with_fonts), before);
    }

    #[test]
    fn a_changed_machine_font_makes_the_article_stale() {
        let dir = tempfile::tempdir().unwrap();
        let manuscript = dir.path().join("a.md");
        std::fs::write(&manuscript, "---\ntitle: T\n---\n\nText.\n").unwrap();
        let font = dir.path().join("fallback.ttf");
        std::fs::write(&font, b"one").unwrap();
        let options = epub_options(&dir.path().join("out"));
        let input = Input {
            path: manuscript.clone(),
            out_stem: "a".into(),
        };
        let mut report = crate::run::build(&input, &options, true);
        assert!(!report.failed(), "{:?}", report.diagnostics);
        report.machine_fonts = vec![font.clone()];
        let doc = markdown::read(
            &manuscript,
            &std::fs::read(&manuscript).unwrap(),
            &ReadOptions::default(),
            &mut Vec::new(),
        )
        .unwrap();
        let cache = Cache::open(&options);
        cache
            .record(&input, Dependencies::of(&doc), &report)
            .unwrap();
        assert!(cache.lookup(&input, &options).is_some(), "fresh");
        std::fs::write(&font, b"two").unwrap();
        assert!(cache.lookup(&input, &options).is_none(), "the font changed");
    }
}
