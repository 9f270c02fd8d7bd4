#!/usr/bin/env bash
# Typographic figures of the PDF (issue 14): for the seed article and the Rust book, with
# microtypography on (the default), each half alone, and both off, the measurements of
# ../shared/tools/typo-metrics.py (word gaps, loose lines, hyphenated line ends and their longest
# run, widows and orphans) and of scripts/page-fill.py (pages more than a third empty that do not
# end a chapter), plus the wall time of each build (release, one run).
#
# Usage: scripts/typo-bench.sh [FOLIO]   (default: target/release/folio, built here; needs
# ../shared beside the repo and pdftotext from poppler-utils)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
shared=../shared
metrics=$shared/tools/typo-metrics.py
[[ -f $metrics ]] || { echo "needs $metrics (../shared beside the repo)" >&2; exit 1; }
command -v pdftotext >/dev/null || { echo "needs pdftotext (poppler-utils)" >&2; exit 1; }
folio=${1:-}
if [[ -z $folio ]]; then
  cargo build --release -q
  folio=${CARGO_TARGET_DIR:-target}/release/folio
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for input in "$shared/seed/article.md" "$shared/corpus/rust-book/rust-book.md"; do
  name=$(basename "$input" .md)
  for variant in microtype no-expansion no-protrusion no-microtype; do
    flags=()
    [[ $variant != microtype ]] && flags=("--$variant")
    start=$EPOCHREALTIME
    "$folio" -q build "$input" --to pdf --force -o "$out/$variant" "${flags[@]}" 2>/dev/null
    seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')
    pdf=$out/$variant/$name.pdf
    printf '%-11s %-14s %5.2fs  %s  %s\n' "$name" "$variant" "$seconds" \
      "$(python3 "$metrics" "$pdf")" "$(python3 scripts/page-fill.py "$pdf")"
  done
done
