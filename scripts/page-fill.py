#!/usr/bin/env python3
"""Pages of a PDF more than a third empty that do not end a chapter, read with pdftotext -bbox-layout.

usage: page-fill.py FILE.pdf [--list]

A page's fill is how far down the text block its last line of text reaches; folios (a bare number
at the foot) and running heads (a lone line of small type set off above the text) are left out. The text block
runs from the usual top of a page's first line to the lowest line any page reaches. A page ends
a chapter when the next page with text opens with a line much taller than body text (a chapter
title) or when it is the last page. Blank pages (left empty before a chapter) are not counted.
Prints `empty_pages=N` (and with --list the pages, numbered from 1, with their empty share)."""
import re
import statistics
import subprocess
import sys
from xml.etree import ElementTree as ET

pdf = sys.argv[1]
xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True).stdout
xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
root = ET.fromstring(xml)


def box(line):
    return float(line.get("yMin")), float(line.get("yMax"))


def text(line):
    return " ".join(w.text or "" for w in line.findall("word")).strip()


all_lines = root.findall(".//line")
body = statistics.median(box(l)[1] - box(l)[0] for l in all_lines) if all_lines else 0
pages = []
for page in root.findall(".//page"):
    lines = sorted(page.findall(".//line"), key=lambda l: box(l)[0])
    if lines and re.fullmatch(r"[0-9ivxlcdm]+", text(lines[-1]).lower()):
        lines = lines[:-1]  # the folio
    if len(lines) > 1:
        (top0, bottom0), (top1, _) = box(lines[0]), box(lines[1])
        if top1 - bottom0 > 0.5 * (bottom0 - top0) and bottom0 - top0 <= body:
            lines = lines[1:]  # the running head (small type, set off)
    pages.append(lines)

tops = [box(lines[0])[0] for lines in pages if lines]
bottoms = [box(lines[-1])[1] for lines in pages if lines]
if not tops:
    print("empty_pages=0")
    sys.exit()
top, bottom = statistics.median(tops), max(bottoms)


def opens_chapter(lines):
    return bool(lines) and box(lines[0])[1] - box(lines[0])[0] > 1.4 * body


empty = []
for i, lines in enumerate(pages):
    if not lines:
        continue
    following = next((p for p in pages[i + 1:] if p), None)
    if following is None or opens_chapter(following):
        continue
    share = (bottom - box(lines[-1])[1]) / (bottom - top)
    if share > 1 / 3:
        empty.append((i + 1, round(share, 2)))
print(f"empty_pages={len(empty)}")
if "--list" in sys.argv:
    for number, share in empty:
        print(f"  page {number}: {share:.0%} empty")
