//! The shape of `src/`: no file imports another that imports it back (directly or around a
//! circle), and in the PDF backend every import points to the same stage or an earlier one.
//!
//! The graph is read from the source's `use` declarations, one node per file, the way a reader
//! follows them: `use crate::a::b::C` leads to the file of the deepest module named (`a/b.rs` or
//! `a/b/mod.rs`), `super::` and `self::` count from the importing file's module. A stage folder's
//! `mod.rs` re-exports what the stage hands on, so an import through it is an arrow to that
//! `mod.rs`, which is why no file inside a stage may import its own stage's `mod.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The PDF backend's stages in pipeline order (folders under `src/pdf/`).
const PDF_STAGES: [&str; 5] = ["fonts", "pictures", "text", "layout", "write"];

/// Module path (segments under the crate root) → source file, for every file of the library.
fn modules(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut files = Vec::new();
    collect_rs(src, &mut files);
    let mut map = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap();
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let last = parts.pop().unwrap();
        match last.as_str() {
            // The binary is its own crate: it can only import the library, never be imported.
            "main.rs" if parts.is_empty() => continue,
            "lib.rs" if parts.is_empty() => {}
            "mod.rs" => {}
            name => parts.push(name.trim_end_matches(".rs").to_string()),
        }
        map.insert(parts, file);
    }
    map
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// One `use` declaration: its tree with spaces only around `as`, the inline modules it sits
/// in, and whether it re-exports (`pub use`).
struct Use {
    tree: String,
    inline: Vec<String>,
    public: bool,
}

impl Use {
    fn new(text: &str, (inline, public): (Vec<String>, bool)) -> Use {
        let tree = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(" ::", "::")
            .replace(":: ", "::")
            .replace("{ ", "{")
            .replace(" }", "}")
            .replace(", ", ",")
            .replace(" ,", ",");
        Use {
            tree,
            inline,
            public,
        }
    }
}

/// Every `use` declaration in `source` (whitespace removed), with the inline modules
/// (`mod tests { .. }`) it sits in. The code is rustfmt-formatted, so an inline module's items
/// are indented one level deeper than its `mod` line and its closing brace is not.
fn use_declarations(source: &str) -> Vec<Use> {
    let mut out = Vec::new();
    let mut inline: Vec<(usize, String)> = Vec::new();
    let mut open: Option<(String, (Vec<String>, bool))> = None;
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let trimmed = code.trim_start();
        let indent = code.len() - trimmed.len();
        if let Some((mut text, scope)) = open.take() {
            text.push_str(trimmed);
            text.push(' ');
            match text.find(';') {
                Some(end) => out.push(Use::new(&text[..end], scope)),
                None => open = Some((text, scope)),
            }
            continue;
        }
        if trimmed.starts_with('}') && inline.last().is_some_and(|(i, _)| *i == indent) {
            inline.pop();
        }
        let public = trimmed.starts_with("pub");
        let item = match trimmed.strip_prefix("pub") {
            Some(rest) if rest.starts_with(' ') => rest.trim_start(),
            Some(rest) if rest.starts_with('(') => {
                rest.find(") ").map_or(trimmed, |i| &rest[i + 2..])
            }
            _ => trimmed,
        };
        if let Some(name) = item.strip_prefix("mod ").and_then(|m| m.strip_suffix(" {")) {
            inline.push((indent, name.to_string()));
        } else if let Some(decl) = item.strip_prefix("use ") {
            let scope = (
                inline.iter().map(|(_, name)| name.clone()).collect(),
                public,
            );
            match decl.find(';') {
                Some(end) => out.push(Use::new(&decl[..end], scope)),
                None => open = Some((format!("{decl} "), scope)),
            }
        }
    }
    out
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap()];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}{p}")))
        .collect()
}

/// The library's files and what each `mod.rs` (or other module) re-exports.
struct Library {
    modules: BTreeMap<Vec<String>, PathBuf>,
    /// Per module: a re-exported name → the module the name comes from.
    exports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
}

impl Library {
    fn read(src: &Path) -> (Library, Vec<(Vec<String>, Use)>) {
        let mut library = Library {
            modules: modules(src),
            exports: BTreeMap::new(),
        };
        let mut uses = Vec::new();
        for (here, file) in &library.modules {
            let source = fs::read_to_string(file).unwrap();
            uses.extend(
                use_declarations(&source)
                    .into_iter()
                    .map(|u| (here.clone(), u)),
            );
        }
        // Re-exports may chain (a stage's mod.rs hands on what a file of it re-exports): read
        // them until nothing new is learnt.
        loop {
            let mut learnt = false;
            for (here, decl) in uses.iter().filter(|(_, u)| u.public && u.inline.is_empty()) {
                for path in expand(&decl.tree) {
                    let name = path.rsplit([':', ' ']).next().unwrap_or("").to_string();
                    let Some(from) = library.module_of(&path, here) else {
                        continue;
                    };
                    let known = library.exports.entry(here.clone()).or_default();
                    if name != "*" && known.get(&name) != Some(&from) {
                        known.insert(name, from);
                        learnt = true;
                    }
                }
            }
            if !learnt {
                break;
            }
        }
        (library, uses)
    }

    /// The module a `use` path leads to from module `here`, if it is one of ours, following
    /// re-exports to the module that defines the name.
    fn module_of(&self, path: &str, here: &[String]) -> Option<Vec<String>> {
        let path = path.split(" as ").next().unwrap();
        let mut segments: Vec<&str> = path.split("::").collect();
        let mut base: Vec<String> = match segments.first().copied() {
            Some("crate") => {
                segments.remove(0);
                Vec::new()
            }
            Some("super") | Some("self") => {
                let mut base = here.to_vec();
                while let Some(&first) = segments.first() {
                    match first {
                        "super" => {
                            base.pop();
                        }
                        "self" => {}
                        _ => break,
                    }
                    segments.remove(0);
                }
                base
            }
            Some(first) => {
                // A child module named without `self::` (2018 paths); else another crate.
                let mut child = here.to_vec();
                child.push(first.to_string());
                if !self.modules.contains_key(&child) {
                    return None;
                }
                here.to_vec()
            }
            None => return None,
        };
        // Inline modules (`mod tests`) are not files: their imports belong to their file.
        while !base.is_empty() && !self.modules.contains_key(&base) {
            base.pop();
        }
        for segment in segments {
            if matches!(segment, "self" | "*") {
                break;
            }
            base.push(segment.to_string());
            if self.modules.contains_key(&base) {
                continue;
            }
            base.pop();
            match self.exports.get(&base).and_then(|names| names.get(segment)) {
                Some(from) if *from != base => base = from.clone(),
                _ => {}
            }
            break;
        }
        Some(base)
    }
}

/// Every file's imports of other files of the library. A re-export is no import of its own:
/// whoever imports the name is led to the file that defines it.
fn graph(src: &Path) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let (library, uses) = Library::read(src);
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = library
        .modules
        .values()
        .map(|file| (file.clone(), BTreeSet::new()))
        .collect();
    for (here, decl) in uses.iter().filter(|(_, u)| !u.public) {
        let file = &library.modules[here];
        let scope = [here.as_slice(), &decl.inline].concat();
        for path in expand(&decl.tree) {
            let Some(target) = library.module_of(&path, &scope) else {
                continue;
            };
            let target = &library.modules[&target];
            if target != file {
                edges.get_mut(file).unwrap().insert(target.clone());
            }
        }
    }
    edges
}

/// One circle of imports, if there is any (depth-first search for a back edge).
fn find_circle(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &PathBuf,
        edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        marks: &mut BTreeMap<PathBuf, Mark>,
        trail: &mut Vec<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        marks.insert(node.clone(), Mark::Open);
        trail.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            match marks.get(next) {
                Some(Mark::Open) => {
                    let from = trail.iter().position(|n| n == next).unwrap();
                    return Some(trail[from..].to_vec());
                }
                Some(Mark::Done) => {}
                None => {
                    if let Some(circle) = visit(next, edges, marks, trail) {
                        return Some(circle);
                    }
                }
            }
        }
        trail.pop();
        marks.insert(node.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in edges.keys() {
        if marks.contains_key(node) {
            continue;
        }
        if let Some(circle) = visit(node, edges, &mut marks, &mut Vec::new()) {
            return Some(circle);
        }
    }
    None
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_file_imports_itself_around_a_circle() {
    let edges = graph(&src());
    assert!(edges.len() > 50, "read only {} files", edges.len());
    if let Some(circle) = find_circle(&edges) {
        let names: Vec<String> = circle.iter().map(|p| p.display().to_string()).collect();
        panic!(
            "import circle: {} -> (back to the first)",
            names.join(" -> ")
        );
    }
}

/// The stage of a file under `src/pdf/<stage>/`, as its index in [`PDF_STAGES`].
fn stage_of(file: &Path, pdf: &Path) -> Option<usize> {
    let first = file.strip_prefix(pdf).ok()?.iter().next()?;
    PDF_STAGES
        .iter()
        .position(|s| *s == first.to_string_lossy())
}

#[test]
fn pdf_stages_import_only_earlier_stages() {
    let pdf = src().join("pdf");
    let edges = graph(&src());
    let mut wrong = Vec::new();
    for (file, targets) in &edges {
        let Some(stage) = stage_of(file, &pdf) else {
            continue;
        };
        for target in targets {
            let backwards = match stage_of(target, &pdf) {
                Some(other) => other > stage,
                // The backend's driver is above every stage; its small shared files are not.
                None => *target == pdf.join("mod.rs"),
            };
            if backwards {
                wrong.push(format!("{} -> {}", file.display(), target.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the pipeline:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_graph_reader_sees_known_imports() {
    // Guards the parser itself: if it stopped reading imports, the tests above would pass
    // vacuously.
    let pdf = src().join("pdf");
    let edges = graph(&src());
    let flow = &edges[&pdf.join("layout/flow/mod.rs")];
    assert!(flow.contains(&pdf.join("text/shape.rs")), "{flow:?}");
    assert!(flow.contains(&pdf.join("layout/design.rs")), "{flow:?}");
    let write = &edges[&pdf.join("write/assemble.rs")];
    assert!(write.contains(&pdf.join("layout/paged.rs")), "{write:?}");
    assert!(write.contains(&pdf.join("error.rs")), "{write:?}");
    assert_eq!(expand("a::{b,c::{d,e}}"), ["a::b", "a::c::d", "a::c::e"]);
}

#[test]
fn a_planted_circle_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    fs::create_dir(src.join("a")).unwrap();
    fs::write(src.join("lib.rs"), "mod a;\nmod b;\n").unwrap();
    fs::write(src.join("a/mod.rs"), "mod x;\npub(crate) use x::X;\n").unwrap();
    fs::write(
        src.join("a/x.rs"),
        "use crate::b::{\n    Y,\n};\npub struct X;\n",
    )
    .unwrap();
    fs::write(src.join("b.rs"), "use super::a::X;\npub struct Y;\n").unwrap();
    // b imports X through a's re-export, so the circle runs b -> a/x -> b.
    let circle = find_circle(&graph(src)).expect("b -> a/x -> b is a circle");
    assert_eq!(circle.len(), 2, "{circle:?}");
}
