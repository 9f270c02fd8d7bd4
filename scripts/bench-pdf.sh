#!/usr/bin/env bash
# Benchmarks the PDF backend: wall time and peak memory of `folio build --to pdf` on the seed
# article and the Rust book (release build, pinned to one core), median of RUNS runs.
#
# Usage: scripts/bench-pdf.sh [RUNS]   (default 5; needs ../shared beside the repo, and GNU time)
# Targets (issue 3): the Rust book in under 0.5 s and 150 MB on one core.
# After the table, one more pinned run of the Rust book prints where its time goes, phase by phase
# (FOLIO_TIMINGS), so a figure over target says which stage to look at.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-5}
shared=../shared
[[ -d $shared ]] || { echo "needs ../shared (the seed and the corpus)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time (/usr/bin/time; Debian package 'time')" >&2; exit 1; }
cargo build --release -q
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)

printf '%-28s %6s %10s %12s %10s\n' input pages "median s" "peak MB" "PDF KB"
for input in "$shared/seed/article.md" "$shared/corpus/rust-book/rust-book.md"; do
  name=$(basename "$input" .md)
  : >"$out/times"
  for _ in $(seq "$runs"); do
    "${pin[@]}" /usr/bin/time -f '%e %M' -a -o "$out/times" \
      "${CARGO_TARGET_DIR:-target}"/release/folio -q build "$input" --to pdf --force -o "$out" 2>/dev/null
  done
  median=$(sort -n "$out/times" | awk '{t[NR]=$1} END {print t[int((NR+1)/2)]}')
  peak=$(awk 'max < $2 {max = $2} END {printf "%.1f", max / 1024}' "$out/times")
  pages=$(command -v pdfinfo >/dev/null && pdfinfo "$out/$name.pdf" | awk '/^Pages:/ {print $2}' || echo "?")
  kb=$(( $(stat -c %s "$out/$name.pdf") / 1024 ))
  printf '%-28s %6s %10s %12s %10s\n' "$name" "$pages" "$median" "$peak" "$kb"
done

echo
echo "phases of one pinned run of the Rust book (wall ms; resident and peak memory after each):"
FOLIO_TIMINGS=1 "${pin[@]}" "${CARGO_TARGET_DIR:-target}"/release/folio -q build \
  "$shared/corpus/rust-book/rust-book.md" --to pdf --force -o "$out" 2>&1 >/dev/null |
  sed -n 's/^timing /  /p'
