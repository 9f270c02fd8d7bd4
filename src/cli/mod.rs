//! The `folio` command, apart from its entry (`main.rs`): the arguments ([`args`]), `build` and
//! `check` over many inputs ([`run`]), what the command prints ([`printer`]), and the two
//! single-input commands, [`cover`] and [`dump`], [`preflight`] over finished PDFs, and
//! [`generate`] for completions and the man page. The work itself lives in the library; the
//! command line is only the top layer of each input's settings (`folio::options`).

pub mod args;
pub mod cover;
pub mod dump;
pub mod generate;
pub mod heap;
pub mod preflight;
pub mod printer;
pub mod run;
pub mod watch;
