#!/usr/bin/env bash
# Benchmarks whole `folio` processes (release build) against pandoc's EPUB writer, side by side:
# the two commands alternate, run by run, so that other load on a shared machine hits both alike;
# each figure is the median of RUNS runs, and each ratio the median of the run-by-run ratios.
# Then the extreme shapes (one huge listing, one huge table, thousands of notes), each at a size
# and at twice it, to show peak memory and whether time grows linearly; then the phases of one
# build of the Rust book (FOLIO_TIMINGS: wall and CPU time of each phase, memory after it).
#
# Usage: scripts/bench.sh [RUNS]   (default 5; needs ../shared beside the repo, python3, GNU time)
# pandoc is taken from PANDOC, else from PATH, else from the Python package pypandoc-binary
# (`pip install pypandoc-binary`); without it the pandoc columns are left empty.
# Targets (issue 13): the Rust book, PDF and EPUB, 10x faster than pandoc's EPUB within 150 MB;
# folio's EPUB alone 20x pandoc's; the seed article 10x; 1,000 articles in 5 s with memory flat
# in their number. Issue 16: each shape within 150 MB, and twice the input in at most 2.2x the time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-5}
shared=../shared
[[ -d $shared ]] || { echo "needs ../shared (the seed and the corpus)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time (/usr/bin/time; Debian package 'time')" >&2; exit 1; }
cargo build --release -q
folio=$(realpath "${CARGO_TARGET_DIR:-target}/release/folio")
book=$(realpath "$shared/corpus/rust-book/rust-book.md")
seed=$(realpath "$shared/seed/article.md")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pandoc=${PANDOC:-$(command -v pandoc || true)}
if [[ -z $pandoc ]]; then
  pandoc=$(python3 -c 'import os, pypandoc; print(os.path.join(os.path.dirname(pypandoc.__file__), "files", "pandoc"))' 2>/dev/null || true)
  [[ -x $pandoc ]] || pandoc=
fi
[[ -n $pandoc ]] && echo "pandoc: $("$pandoc" --version | head -1)" || echo "pandoc: not found"

python3 scripts/make-shapes.py "$work/shapes" "$seed" 1000
python3 scripts/make-shapes.py "$work/shapes-tenth" "$seed" 100 >/dev/null

# timed LOG CMD...: runs CMD (output thrown away) and appends "wall-s peak-KB cpu-s" to LOG.
# The wall time is taken in nanoseconds: GNU time's %e is too coarse for the seed article.
timed() {
  local log=$1 start end
  shift
  start=$(date +%s%N)
  /usr/bin/time -f '%M %U %S' -o "$log.usage" "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  awk -v ns=$((end - start)) '{printf "%.3f %d %.2f\n", ns / 1e9, $1, $2 + $3}' "$log.usage" >>"$log"
}
# median FILE COLUMN
median() { awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{t[NR]=$1} END {print t[int((NR+1)/2)]}'; }
peak_mb() { awk 'max < $2 {max = $2} END {printf "%.0f", max / 1024}' "$1"; }
# Run-by-run ratio B/A of two logs written in turn, median over the runs.
ratio() { paste "$1" "$2" | awk '{print $4 / $1}' | sort -g | awk '{t[NR]=$1} END {printf "%.1fx", t[int((NR+1)/2)]}'; }

printf '%-44s %9s %9s %9s %8s %9s\n' work "folio s" "CPU s" "pandoc s" speedup "peak MB"
# row NAME PANDOC-INPUT FOLIO-ARGS...: folio and (if any) pandoc's EPUB of the same input, in turn.
row() {
  local name=$1 input=$2 id
  shift 2
  id=$(echo "$name" | tr -c 'a-z0-9' _)
  : >"$work/$id.folio"
  : >"$work/$id.pandoc"
  for _ in $(seq "$runs"); do
    timed "$work/$id.folio" "$folio" -q build --force -o "$work/out" "$@"
    [[ -z $pandoc || -z $input ]] || timed "$work/$id.pandoc" "$pandoc" "$input" -o "$work/pandoc.epub"
  done
  local theirs=- speedup=-
  if [[ -s $work/$id.pandoc ]]; then
    theirs=$(median "$work/$id.pandoc" 1)
    speedup=$(ratio "$work/$id.folio" "$work/$id.pandoc")
  fi
  printf '%-44s %9s %9s %9s %8s %9s\n' "$name" "$(median "$work/$id.folio" 1)" \
    "$(median "$work/$id.folio" 3)" "$theirs" "$speedup" "$(peak_mb "$work/$id.folio")"
}
row "Rust book, PDF + EPUB (vs pandoc EPUB)" "$book" "$book"
row "Rust book, --to pdf" "" "$book" --to pdf
row "Rust book, --to epub (vs pandoc EPUB)" "$book" "$book" --to epub
row "seed article, PDF + EPUB (vs pandoc EPUB)" "$seed" "$seed"
row "1,000 retitled seeds, PDF + EPUB" "" "$work/shapes/copies"
row "100 retitled seeds, PDF + EPUB" "" "$work/shapes-tenth/copies"

echo
echo "shapes, PDF + EPUB (the second of each pair is twice the first; 'x' is its wall time over the"
echo "first's, 'CPU x' the same for CPU time, steadier when other programs share the cores):"
printf '%-44s %9s %9s %8s %8s %9s\n' shape "folio s" "CPU s" x "CPU x" "peak MB"
for shape in listing table notes; do
  first=
  for file in $(ls "$work/shapes/$shape"-*.md | sort -t- -k2 -n); do
    log="$work/shape-$(basename "$file" .md)"
    : >"$log"
    for _ in $(seq "$runs"); do timed "$log" "$folio" -q build --force -o "$work/out" "$file"; done
    growth=- cpu_growth=-
    if [[ -n $first ]]; then
      growth=$(awk -v a="$(median "$first" 1)" -v b="$(median "$log" 1)" 'BEGIN {printf "%.2f", b / a}')
      cpu_growth=$(awk -v a="$(median "$first" 3)" -v b="$(median "$log" 3)" 'BEGIN {printf "%.2f", b / a}')
    fi
    printf '%-44s %9s %9s %8s %8s %9s\n' "$(basename "$file" .md)" "$(median "$log" 1)" \
      "$(median "$log" 3)" "$growth" "$cpu_growth" "$(peak_mb "$log")"
    first=$log
  done
done

echo
echo "phases of one build of the Rust book, PDF + EPUB (wall and CPU ms; memory after each):"
FOLIO_TIMINGS=1 "$folio" -q build "$book" --force -o "$work/out" 2>&1 >/dev/null |
  sed -n 's/^timing /  /p'
