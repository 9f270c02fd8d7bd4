//! Which manuscripts a command line names, and where each one's outputs go.

use crate::book;
use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One manuscript to convert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// A manuscript, or a book's folder.
    pub path: PathBuf,
    /// The output path without extension, relative to the output folder: the file stem for a
    /// file argument, the path below the folder for files found in a folder argument, so the
    /// folder's tree is mirrored.
    pub out_stem: PathBuf,
}

impl Input {
    /// This input's file with `extension` below `dir`, mirroring `out_stem`. The extension is
    /// appended, not swapped in: `2026.10.14-brief` keeps its dots.
    pub fn out_path(&self, dir: &Path, extension: &str) -> PathBuf {
        let mut path = dir.join(&self.out_stem).into_os_string();
        path.push(".");
        path.push(extension);
        path.into()
    }
}

/// Expands the arguments: a file is taken as it is; a book's folder (see [`book::is_book`]) is
/// one input; any other folder contributes every `*.md` below it (hidden folders skipped, books
/// below it taken whole), sorted so runs are repeatable. Two inputs that would write the
/// same output are an error for the second, not a silent overwrite.
pub fn collect(arguments: &[PathBuf]) -> (Vec<Input>, Vec<Diagnostic>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    let mut claimed: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for argument in arguments {
        let found = if argument.is_dir() && book::is_book(argument) {
            vec![Input {
                path: argument.clone(),
                out_stem: book::folder_name(argument).into(),
            }]
        } else if argument.is_dir() {
            let mut files = Vec::new();
            if let Err(e) = markdown_files(argument, &mut files) {
                problems.push(Diagnostic::error(
                    argument,
                    format!("cannot read the folder: {e}"),
                ));
            }
            files.sort();
            if files.is_empty() {
                problems.push(
                    Diagnostic::error(argument, "the folder holds no Markdown (`*.md`) files")
                        .with_help("name .md files or a folder that contains them"),
                );
            }
            files
                .into_iter()
                .map(|file| {
                    let below = file.strip_prefix(argument).unwrap_or(&file);
                    // A book below the folder is named after its own folder, dots and all.
                    let below = if file.is_dir() {
                        below.to_path_buf()
                    } else {
                        below.with_extension("")
                    };
                    Input {
                        path: file,
                        out_stem: below,
                    }
                })
                .collect()
        } else if argument.exists() {
            let stem = argument
                .file_stem()
                .map(PathBuf::from)
                .unwrap_or_else(|| "untitled".into());
            vec![Input {
                path: argument.clone(),
                out_stem: stem,
            }]
        } else {
            problems.push(Diagnostic::error(argument, "no such file or folder"));
            Vec::new()
        };
        for input in found {
            match claimed.get(&input.out_stem) {
                Some(first) => problems.push(
                    Diagnostic::error(
                        &input.path,
                        format!("its outputs would overwrite those of {}", first.display()),
                    )
                    .with_help("build the two in separate runs with different --out-dir"),
                ),
                None => {
                    claimed.insert(input.out_stem.clone(), input.path.clone());
                    inputs.push(input);
                }
            }
        }
    }
    (inputs, problems)
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let kind = entry.file_type()?;
        if kind.is_dir() && !hidden && book::is_book(&path) {
            out.push(path);
        } else if kind.is_dir() && !hidden {
            markdown_files(&path, out)?;
        } else if !hidden
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_expanded_sorted_and_mirrored() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/deep")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        for f in ["z.md", "a.md", "b/deep/c.md", "notes.txt", ".git/x.md"] {
            std::fs::write(root.join(f), "# x").unwrap();
        }
        let (inputs, problems) = collect(&[root.to_path_buf()]);
        assert!(problems.is_empty(), "{problems:?}");
        let stems: Vec<_> = inputs.iter().map(|i| i.out_stem.clone()).collect();
        assert_eq!(
            stems,
            vec![PathBuf::from("a"), "b/deep/c".into(), "z".into()]
        );
    }

    #[test]
    fn clashing_outputs_and_missing_inputs_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("one/x.md"), dir.path().join("two/x.md"));
        for p in [&a, &b] {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "# x").unwrap();
        }
        let missing = dir.path().join("nope.md");
        let (inputs, problems) = collect(&[a.clone(), b, missing]);
        assert_eq!(inputs.len(), 1);
        assert_eq!(inputs[0].path, a);
        assert_eq!(problems.len(), 2);
        assert!(problems[0].message.contains("overwrite"));
        assert!(problems[1].message.contains("no such file"));
    }

    #[test]
    fn dotted_names_keep_their_dots_in_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (
            dir.path().join("2026.10.14-brief.md"),
            dir.path().join("2026.10.15-brief.md"),
        );
        for p in [&a, &b] {
            std::fs::write(p, "# x").unwrap();
        }
        let (inputs, problems) = collect(&[a, b]);
        assert!(problems.is_empty(), "{problems:?}");
        let outputs: Vec<_> = inputs
            .iter()
            .map(|i| i.out_path(Path::new("out"), "pdf"))
            .collect();
        assert_eq!(
            outputs,
            [
                PathBuf::from("out/2026.10.14-brief.pdf"),
                "out/2026.10.15-brief.pdf".into()
            ]
        );
    }
}
