//! folio's integration tests, one module per area, built as one test binary: each binary links
//! the whole library and its dependencies, so one binary instead of two dozen keeps the build's
//! disk and link time small (two dozen debug binaries filled a CI machine's disk).

#[path = "../../fuzz/checks.rs"]
mod checks;
mod common;

mod batch;
mod book;
mod cli;
mod epub;
mod epub_lint;
mod epub_style;
mod fuzz_regressions;
mod generate;
mod hostile;
mod image_check;
mod math;
mod module_graph;
mod page_list;
mod pdf;
mod pdf_blocks;
mod pdf_cover;
mod pdf_figures;
mod pdf_inline_images;
mod pdf_microtype;
mod pdf_pages;
mod pdf_print;
mod pdf_resample;
mod pdf_rtl;
mod pdf_scripts;
mod pdf_tagged;
mod pdf_writer;
mod preflight;
mod properties;
mod reader;
mod rtl;
mod settings;
mod threads;
mod watch;
