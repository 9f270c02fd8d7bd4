//! `folio generate`: the completion scripts load in their shell and know every subcommand, and the
//! man page is roff that `man` renders, with a section for every subcommand.

use std::path::Path;
use std::process::Command;

use crate::common::{folio, stderr};

/// What `folio generate TARGET` prints, after checking that it succeeded.
fn generate(target: &str) -> String {
    let output = folio(&["generate", target], Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The subcommands `folio --help` lists (all but `help`), so a new one is checked too.
fn subcommands() -> Vec<String> {
    let output = folio(&["--help"], Path::new(env!("CARGO_MANIFEST_DIR")));
    let help = String::from_utf8(output.stdout).unwrap();
    let listed: Vec<String> = help
        .lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect();
    assert!(
        listed.len() >= 5,
        "too few subcommands in --help: {listed:?}"
    );
    listed
}

/// Flags from several subcommands, the batch ones included.
const FLAGS: [&str; 5] = [
    "--shard",
    "--manifest",
    "--page-size",
    "--out-dir",
    "--pages",
];

/// What bash offers after typing `line` (words separated by spaces; the last one is being typed),
/// with the script loaded as the bash-completion folder would load it.
fn bash_complete(script: &Path, line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split(' ').collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT={}\n\
         _folio folio '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
        words.len() - 1,
        line.len(),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let output = Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_bash_completion_parses_and_completes_subcommands_and_flags() {
    let script = generate("complete-bash");
    for name in subcommands() {
        assert!(script.contains(&name), "no {name} in the bash completion");
    }
    for flag in FLAGS {
        assert!(script.contains(flag), "no {flag} in the bash completion");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio");
    std::fs::write(&path, &script).unwrap();
    let syntax = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(syntax.status.success(), "bash -n: {}", stderr(&syntax));

    assert_eq!(bash_complete(&path, "folio bu"), ["build"]);
    assert_eq!(bash_complete(&path, "folio build --sh"), ["--shard"]);
    let targets = bash_complete(&path, "folio generate complete-");
    assert_eq!(
        targets,
        [
            "complete-bash",
            "complete-zsh",
            "complete-fish",
            "complete-powershell"
        ]
    );
}

#[test]
fn the_other_shells_get_their_own_completion_scripts() {
    for (target, opening) in [
        ("complete-zsh", "#compdef folio"),
        ("complete-fish", "complete -c folio"),
        ("complete-powershell", "Register-ArgumentCompleter"),
    ] {
        let script = generate(target);
        assert!(script.contains(opening), "{target} lacks {opening:?}");
        for name in subcommands().iter().map(String::as_str).chain(FLAGS) {
            let bare = name.trim_start_matches('-');
            assert!(script.contains(bare), "no {name} in {target}");
        }
    }
}

#[test]
fn the_man_page_is_roff_with_a_section_for_every_subcommand() {
    let page = generate("man");
    assert!(page.is_ascii(), "the page spells non-ASCII as roff escapes");
    let first_macro = page.lines().find(|line| line.starts_with(".TH")).unwrap();
    assert!(
        first_macro.starts_with(".TH folio 1 "),
        "title: {first_macro}"
    );
    let headings: Vec<&str> = page.lines().filter(|l| l.starts_with(".SH")).collect();
    for section in ["NAME", "SYNOPSIS", "OPTIONS", "EXAMPLES"] {
        assert!(
            headings.contains(&&*format!(".SH {section}")),
            "{headings:?}"
        );
    }
    for name in subcommands() {
        let heading = format!(".SH \"FOLIO {}\"", name.to_uppercase());
        assert!(headings.contains(&heading.as_str()), "no {heading}");
    }
    for flag in FLAGS {
        let escaped = flag.replace('-', "\\-");
        assert!(page.contains(&escaped), "no {flag} in the man page");
    }

    // `man -l` renders it, when the machine has man: every subcommand's heading, without a
    // warning from troff.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio.1");
    std::fs::write(&path, &page).unwrap();
    let Ok(rendered) = Command::new("man")
        .args(["--warnings", "-l"])
        .arg(&path)
        .env("MANWIDTH", "80")
        .output()
    else {
        eprintln!("skipped: no man on this machine; the roff was checked above");
        return;
    };
    assert!(rendered.status.success(), "{}", stderr(&rendered));
    assert_eq!(stderr(&rendered), "", "troff warnings");
    let text = String::from_utf8_lossy(&rendered.stdout);
    for name in subcommands() {
        let heading = format!("FOLIO {}", name.to_uppercase());
        assert!(text.lines().any(|l| l == heading), "{heading} not rendered");
    }
    assert!(text.contains("spine = pages × paper thickness"));
}
