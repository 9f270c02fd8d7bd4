//! `folio generate`: the shell completion scripts (bash, zsh, fish, PowerShell, by clap_complete)
//! and the man page (roff, by clap_mangen), made from the command line's own clap definition so
//! they never drift from it. It takes the clap `Command` and the chosen target, writes the text to
//! standard output and nothing else; where each file goes is the README's business ("Install").
//!
//! The man page is one page, `folio.1`: the tool's synopsis, description and global options, then
//! one section per subcommand (its synopsis, description and options), then the examples.
//! clap_mangen's own page for a command with subcommands only points to `folio-build(1)` and the
//! like, pages that would have to be installed one by one.

use clap::{Command, ValueEnum};
use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, roman};
use std::io::{self, Write};
use std::process::ExitCode;

/// What `folio generate` writes.
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum Target {
    /// Completion script for bash.
    CompleteBash,
    /// Completion script for zsh (a `#compdef` file).
    CompleteZsh,
    /// Completion script for fish.
    CompleteFish,
    /// Completion script for PowerShell.
    CompletePowershell,
    /// The man page, in roff (section 1).
    Man,
}

/// Writes `target` for `cmd` to standard output; a closed pipe (`| head`) is not an error.
pub fn to_stdout(cmd: Command, target: Target) -> ExitCode {
    let written = render(cmd, target).and_then(|text| io::stdout().lock().write_all(&text));
    match written {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write to standard output: {error}");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}

/// The text of `target` for `cmd`, whole: clap_complete panics on a failed write, so it writes
/// into memory and only the caller touches the real output.
pub fn render(mut cmd: Command, target: Target) -> io::Result<Vec<u8>> {
    let mut text = Vec::new();
    let shell = match target {
        Target::CompleteBash => Shell::Bash,
        Target::CompleteZsh => Shell::Zsh,
        Target::CompleteFish => Shell::Fish,
        Target::CompletePowershell => Shell::PowerShell,
        Target::Man => {
            man_page(cmd, &mut text)?;
            return Ok(text);
        }
    };
    let name = cmd.get_name().to_owned();
    clap_complete::generate(shell, &mut cmd, name, &mut text);
    Ok(text)
}

/// The one-page manual: the tool's own sections, a section per subcommand, then the examples.
fn man_page(cmd: Command, out: &mut Vec<u8>) -> io::Result<()> {
    let mut page = Vec::new();
    man_sections(cmd, &mut page)?;
    out.extend_from_slice(ascii_roff(&String::from_utf8_lossy(&page)).as_bytes());
    Ok(())
}

/// Every section of the page, in order, as clap_mangen and roff write them (UTF-8).
fn man_sections(cmd: Command, out: &mut Vec<u8>) -> io::Result<()> {
    let mut cmd = cmd.disable_help_subcommand(true);
    // Building fills in each subcommand's full name ("folio build") and its inherited options.
    cmd.build();
    let page = Man::new(cmd.clone());
    page.render_title(out)?;
    page.render_name_section(out)?;
    page.render_synopsis_section(out)?;
    page.render_description_section(out)?;
    page.render_options_section(out)?;
    for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        subcommand_section(sub, cmd.get_after_help(), out)?;
    }
    if let Some(examples) = cmd.get_after_help() {
        verbatim_section("SH", "EXAMPLES", &examples.to_string(), out)?;
    }
    page.render_version_section(out)
}

/// `FOLIO BUILD` and its synopsis, description and options as subsections; its examples too
/// when they are not the tool's own (which close the page).
fn subcommand_section(
    sub: &Command,
    tool_examples: Option<&clap::builder::StyledStr>,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    let full_name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
    let mut roff = Roff::default();
    roff.control("SH", [full_name.to_uppercase().as_str()]);
    roff.to_writer(out)?;
    let page = Man::new(sub.clone());
    let mut parts = Vec::new();
    page.render_synopsis_section(&mut parts)?;
    page.render_description_section(&mut parts)?;
    page.render_options_section(&mut parts)?;
    out.extend_from_slice(&demote_sections(&parts));
    match sub.get_after_help() {
        Some(examples) if Some(examples) != tool_examples => {
            verbatim_section("SS", "EXAMPLES", &examples.to_string(), out)
        }
        _ => Ok(()),
    }
}

/// Turns roff's section headings (`.SH`) into subsection headings (`.SS`), so a subcommand's
/// SYNOPSIS and OPTIONS sit inside its own section.
fn demote_sections(roff: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(roff);
    let mut demoted = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match line.strip_prefix(".SH ") {
            Some(heading) => {
                demoted.push_str(".SS ");
                demoted.push_str(heading);
            }
            None => demoted.push_str(line),
        }
    }
    demoted.into_bytes()
}

/// `text` with every character beyond ASCII spelled as roff's `\[uXXXX]` escape (the help's ×
/// and –), so the page reads the same whatever encoding the reader's troff assumes.
fn ascii_roff(text: &str) -> String {
    let mut ascii = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            ascii.push(c);
        } else {
            ascii.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    ascii
}

/// A section (`level` "SH") or subsection ("SS") whose text keeps its lines and spacing (no
/// filling): the examples are laid out in columns by hand.
fn verbatim_section(level: &str, heading: &str, text: &str, out: &mut Vec<u8>) -> io::Result<()> {
    let mut roff = Roff::default();
    roff.control(level, [heading]);
    roff.control("nf", []);
    for line in text.lines() {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
    roff.to_writer(out)
}
