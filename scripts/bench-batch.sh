#!/usr/bin/env bash
# Benchmarks batch builds: COUNT articles generated from content/river-of-light.md (see
# scripts/make-archive.py) to PDF and EPUB with the release binary, on 1 and 2 workers, then a
# rebuild with nothing changed. Prints wall time (median of RUNS), articles per second, the
# scaling efficiency t1 / (2 × t2), and peak memory (GNU time's maximum RSS); a smaller archive
# shows whether memory grows with the number of articles.
#
# Usage: scripts/bench-batch.sh [COUNT] [RUNS]   (default 1000 and 3; needs python3 and GNU time)
# Targets (the batch issue): 1,000 articles under 10 s on 2 cores, within 10% of perfect scaling
# from 1 to 2 workers; a no-change rebuild under 0.5 s; memory flat in the number of articles.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
count=${1:-1000}
runs=${2:-3}
[[ -x /usr/bin/time ]] || { echo "needs GNU time (/usr/bin/time; Debian package 'time')" >&2; exit 1; }
cargo build --release -q
folio=${CARGO_TARGET_DIR:-target}/release/folio
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 scripts/make-archive.py "$count" "$work/archive"
python3 scripts/make-archive.py "$((count / 10))" "$work/small"

# Waits (up to 60 s) until the cores were nearly idle for a second, so that a run does not
# start while another program is busy; on a shared machine the figures still vary.
wait_idle() {
  local _ user nice sys idle rest total1 idle1 total2 idle2
  for _ in $(seq 60); do
    read -r _ user nice sys idle rest </proc/stat
    total1=$((user + nice + sys + idle)) idle1=$idle
    sleep 1
    read -r _ user nice sys idle rest </proc/stat
    total2=$((user + nice + sys + idle)) idle2=$idle
    (((idle2 - idle1) * 100 >= 97 * (total2 - total1))) && return
  done
}

# Runs folio; appends "wall-seconds max-rss-KB user-seconds system-seconds" to the file $1.
# The wall time is taken in nanoseconds: GNU time's %e is too coarse for a quick rebuild.
timed() {
  local log=$1 start end
  shift
  wait_idle
  start=$(date +%s%N)
  /usr/bin/time -f '%M %U %S' -o "$log.usage" "$folio" -q "$@"
  end=$(date +%s%N)
  echo "$(awk -v ns=$((end - start)) 'BEGIN {printf "%.3f", ns / 1e9}') $(cat "$log.usage")" >>"$log"
}
# median FILE EXPR: the median over FILE's lines of an awk expression of its columns.
median() { awk "{print $2}" "$1" | sort -n | awk '{t[NR]=$1} END {print t[int((NR+1)/2)]}'; }
peak_mb() { awk 'max < $2 {max = $2} END {printf "%.1f", max / 1024}' "$1"; }

# Fresh builds, 1 and 2 workers interleaved so that other load on the machine hits both alike.
for run in $(seq "$runs"); do
  for jobs in 1 2; do
    timed "$work/j$jobs" build "$work/archive" -o "$work/out-$jobs-$run" -j "$jobs"
  done
done
timed "$work/small-j2" build "$work/small" -o "$work/out-small" -j 2

# No-change rebuilds of the last 2-worker build; the manifest must say every article was skipped.
last="$work/out-2-$runs"
for run in $(seq "$runs"); do
  timed "$work/rebuild" build "$work/archive" -o "$last" -j 2 --manifest "$work/manifest.jsonl"
done
unchanged=$(grep -c '"status":"unchanged"' "$work/manifest.jsonl")
[[ $unchanged == "$count" ]] || { echo "rebuild skipped $unchanged of $count articles" >&2; exit 1; }

# The outputs must not depend on the number of workers.
diff -r -q -x .folio "$work/out-1-1" "$work/out-2-1" >/dev/null ||
  { echo "outputs differ between -j 1 and -j 2" >&2; exit 1; }

t1=$(median "$work/j1" '$1')
t2=$(median "$work/j2" '$1')
# CPU s is user + system time of all threads: when it stays put from -j 1 to -j 2, the workers
# add no overhead, and wall time is then only as good as the cores other programs leave free.
printf '%-34s %9s %11s %9s %9s\n' "$count articles, PDF + EPUB" "median s" "articles/s" "CPU s" "peak MB"
row() {
  local wall
  wall=$(median "$2" '$1')
  printf '%-34s %9s %11s %9s %9s\n' "$1" "$wall" "$(awk -v n="$3" -v t="$wall" 'BEGIN {printf "%.0f", n / t}')" \
    "$(median "$2" '$3 + $4')" "$(peak_mb "$2")"
}
row "build, -j 1" "$work/j1" "$count"
row "build, -j 2" "$work/j2" "$count"
row "no-change rebuild, -j 2" "$work/rebuild" "$count"
row "build of $((count / 10)) articles, -j 2" "$work/small-j2" "$((count / 10))"
awk -v a="$t1" -v b="$t2" 'BEGIN {printf "scaling efficiency t1 / (2 × t2): %.2f\n", a / (2 * b)}'
