#!/usr/bin/env python3
"""Writes the manuscripts of the benchmark's extreme shapes, each at a size and at twice it.

Usage: scripts/make-shapes.py DIR [SEED_ARTICLE COPIES]

In DIR: listing-N.md (one Rust listing of N lines), table-N.md (one table of N rows) and
notes-N.md (N footnotes, one per short paragraph), for N at the issue's sizes and at twice them,
so the benchmark shows whether time grows linearly and what each shape's peak memory is. With
SEED_ARTICLE and COPIES, also DIR/copies/NNNN.md: COPIES copies of the article, each titled apart.
"""

import re
import sys
from pathlib import Path

# The sizes the memory targets are stated for (issue 16): a 4 MB listing, a long table, many notes.
LISTING_LINES = 100_000
TABLE_ROWS = 50_000
NOTES = 10_000


def listing(lines):
    body = []
    for i in range(lines):
        if i % 10 == 0:
            body.append(f"// step {i}: keep the running total in range")
        else:
            body.append(f"    let v{i} = t.wrapping_add({i}); // {i:x}")
    return "---\ntitle: One long listing\n---\n\n```rust\n" + "\n".join(body) + "\n```\n"


def table(rows):
    out = ["---\ntitle: One long table\n---\n", "| item | count | note |", "| --- | ---: | --- |"]
    out += [f"| item {i} | {i * 7 % 1000} | row {i} of the ledger |" for i in range(rows)]
    return "\n".join(out) + "\n"


def notes(count):
    out = ["---\ntitle: Many notes\n---\n"]
    out += [f"Paragraph {i} makes a claim that needs a source.[^n{i}]\n" for i in range(count)]
    out += [f"[^n{i}]: Source {i}, page {i % 300 + 1}." for i in range(count)]
    return "\n".join(out) + "\n"


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for size in (1, 2):
        (out / f"listing-{size * LISTING_LINES}.md").write_text(listing(size * LISTING_LINES))
        (out / f"table-{size * TABLE_ROWS}.md").write_text(table(size * TABLE_ROWS))
        (out / f"notes-{size * NOTES}.md").write_text(notes(size * NOTES))
    if len(sys.argv) > 3:
        seed = Path(sys.argv[2]).read_text()
        copies = out / "copies"
        copies.mkdir(exist_ok=True)
        for i in range(int(sys.argv[3])):
            retitled = re.sub(r"(?m)^title: .*$", f'title: "Copy {i + 1} of the seed"', seed, count=1)
            (copies / f"{i + 1:04}.md").write_text(retitled)


if __name__ == "__main__":
    main()
