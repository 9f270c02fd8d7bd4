#!/usr/bin/env bash
# folio's reading-system test: builds the EPUBs of every sample in content/, the test book
# tests/fixtures/books/folio (several chapters, notes, a cover) and, when ../shared is beside the
# repository, the seed article; then opens each one in foliate-js, in headless Chromium and in
# WebKitGTK (under Xvfb), and checks what a reader would see (see check.js and the README's
# "Reading-system test"). Screenshots of every page it opens go to the artifacts folder.
#
#   bash scripts/readers/run.sh [FOLIO] [ARTIFACTS]
#
# FOLIO: the folio binary (default target/release/folio). ARTIFACTS: where the screenshots go
# (default target/readers; emptied first). Needs `npm ci` run in scripts/readers, Debian's
# chromium, webkit2gtk-driver and xvfb. Exit status 1 when a book fails in either engine.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FOLIO=$(realpath "${1:-$ROOT/target/release/folio}")
ARTIFACTS=$(realpath -m "${2:-$ROOT/target/readers}")

if [[ ! -d $HERE/node_modules ]]; then
  echo "scripts/readers/node_modules is missing: run \`npm ci\` in scripts/readers first" >&2
  exit 2
fi

BOOKS=$(mktemp -d)
trap 'rm -rf "$BOOKS"' EXIT
inputs=("$ROOT/content" "$ROOT/tests/fixtures/books/folio")
if [[ -d $ROOT/../shared ]]; then
  inputs+=("$ROOT/../shared/seed/article.md")
else
  echo "../shared not found: the seed article is left out"
fi
SOURCE_DATE_EPOCH=1700000000 "$FOLIO" -q build "${inputs[@]}" -o "$BOOKS" --to epub
mapfile -t epubs < <(find "$BOOKS" -name '*.epub' | sort)

rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
echo "screenshots: $ARTIFACTS"
# The Dari sample reads right to left; the check fails it unless it reports and pages so.
rtl=(--rtl ketab-sazi)

status=0
start=$SECONDS
node "$HERE/chromium.js" --artifacts "$ARTIFACTS" "${rtl[@]}" "${epubs[@]}" || status=1
echo "chromium took $((SECONDS - start)) s"
start=$SECONDS
xvfb-run -a -s '-screen 0 1024x900x24' node "$HERE/webkit.js" --artifacts "$ARTIFACTS" "${rtl[@]}" "${epubs[@]}" || status=1
echo "webkit took $((SECONDS - start)) s"
echo "screenshots: $ARTIFACTS"
exit $status
