#!/usr/bin/env python3
"""Generates an archive of varied articles from content/river-of-light.md, for the batch benchmark.

Usage: scripts/make-archive.py COUNT DIR [SEED]

Articles go to DIR/desk-NN/article-NNNN.md (ten desks, so the output tree is mirrored), each desk
with a copy of content/images so the figure resolves. Every article gets its own title, its
sections in another order, words swapped inside its paragraphs and some paragraphs repeated, so
line breaks, pages and sizes differ from article to article. The same SEED gives the same archive.
"""

import random
import shutil
import sys
from pathlib import Path

DESKS = 10
# Word swaps per prose paragraph: enough to move every line break, few enough to keep it prose.
SWAPS = 6
# Chance that a prose paragraph is repeated, so articles differ in length.
REPEAT = 0.25


def split(text):
    """Front matter, the title heading, the intro blocks, then (heading, blocks) sections."""
    _, front, body = text.split("---\n", 2)
    blocks = [b for b in body.strip().split("\n\n") if b.strip()]
    title, rest = blocks[0], blocks[1:]
    intro, sections = [], []
    for block in rest:
        if block.startswith("## "):
            sections.append((block, []))
        elif block.startswith("[^"):
            continue  # footnote definitions go at the end of every article
        elif sections:
            sections[-1][1].append(block)
        else:
            intro.append(block)
    notes = [b for b in rest if b.startswith("[^")]
    return front, title, intro, sections, notes


def is_prose(block):
    return block[0].isalpha()


def vary(block, rng):
    if not is_prose(block):
        return [block]
    words = block.split(" ")
    for _ in range(SWAPS):
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    varied = " ".join(words)
    return [varied, varied] if rng.random() < REPEAT else [varied]


def article(number, parts, rng):
    front, title, intro, sections, notes = parts
    sections = sections[:]
    rng.shuffle(sections)
    front = front.replace('title: "', f'title: "No. {number}: ', 1)
    lines = [f"---\n{front}---", f"{title} (No. {number})"]
    for block in intro:
        lines += vary(block, rng)
    for heading, blocks in sections:
        lines.append(heading)
        for block in blocks:
            lines += vary(block, rng)
    lines += notes
    return "\n\n".join(lines) + "\n"


def main():
    count, out = int(sys.argv[1]), Path(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    content = Path(__file__).resolve().parent.parent / "content"
    parts = split((content / "river-of-light.md").read_text(encoding="utf-8"))
    for desk in range(DESKS):
        shutil.copytree(content / "images", out / f"desk-{desk:02}" / "images", dirs_exist_ok=True)
    for number in range(count):
        rng = random.Random(seed * 1_000_003 + number)
        path = out / f"desk-{number % DESKS:02}" / f"article-{number:04}.md"
        path.write_text(article(number, parts, rng), encoding="utf-8")


if __name__ == "__main__":
    main()
