#!/usr/bin/env python3
"""Draws content/images/output-chart.png: the sample article's bar chart of monthly plant output.

Standard library only (zlib + struct), so the project makes its own sample image on any machine
with Python 3 and no imaging package. The output is deterministic: the same script always writes
the same bytes (no timestamps or other ancillary chunks), so a rerun leaves git clean.

Usage: scripts/make-sample-chart.py [OUT.png]   (default: content/images/output-chart.png)
"""

import os
import struct
import sys
import zlib

# The data the article's table sums up by quarter (MWh per month, one full year).
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
OUTPUT_MWH = [610, 540, 700, 1020, 1480, 1690, 1720, 1650, 1310, 930, 720, 640]
TITLE = "MONTHLY OUTPUT (MWH)"

WIDTH, HEIGHT = 800, 450
# Plot area: room on the left for the y tick labels, at the top for the title, below for months.
LEFT, RIGHT, TOP, BOTTOM = 90, 770, 60, 390
Y_MAX, Y_STEP = 2000, 500
BAR_FILL = 0.62  # share of each month's slot the bar covers; the rest is the gap between bars
FONT_SCALE = 2  # each bitmap-font pixel becomes a 2x2 block: 10x14 px capitals, legible at 800 px

WHITE = (255, 255, 255)
INK = (34, 34, 34)  # axes and text
BAR = (38, 57, 77)  # dark slate bars
GRID = (222, 226, 230)  # light horizontal guides

# A 5x7 bitmap font holding only the characters the chart draws ('#' = ink).
FONT = {
    " ": ["....."] * 7,
    "(": ["...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#."],
    ")": [".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#..."],
    ",": [".....", ".....", ".....", ".....", "..##.", "...#.", "..#.."],
    "0": [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
    "1": ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
    "2": [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
    "5": ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."],
    "A": [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "B": ["####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."],
    "C": [".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."],
    "D": ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."],
    "E": ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
    "F": ["#####", "#....", "#....", "####.", "#....", "#....", "#...."],
    "G": [".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"],
    "H": ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "J": ["..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."],
    "L": ["#....", "#....", "#....", "#....", "#....", "#....", "#####"],
    "M": ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"],
    "N": ["#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"],
    "O": [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "P": ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."],
    "R": ["####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"],
    "S": [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
    "T": ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
    "U": ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "V": ["#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."],
    "W": ["#...#", "#...#", "#...#", "#.#.#", "#.#.#", "##.##", "#...#"],
    "Y": ["#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."],
}
GLYPH_W, GLYPH_H, GLYPH_GAP = 5, 7, 1


class Canvas:
    """An RGB raster, one bytearray per row."""

    def __init__(self, width, height, background):
        self.width, self.height = width, height
        self.rows = [bytearray(bytes(background) * width) for _ in range(height)]

    def rect(self, x0, y0, x1, y1, color):
        """Fills the half-open box [x0, x1) x [y0, y1), clipped to the canvas."""
        x0, x1 = max(0, x0), min(self.width, x1)
        y0, y1 = max(0, y0), min(self.height, y1)
        if x0 >= x1:
            return
        run = bytes(color) * (x1 - x0)
        for y in range(y0, y1):
            self.rows[y][3 * x0 : 3 * x1] = run

    def text_width(self, text):
        return len(text) * (GLYPH_W + GLYPH_GAP) * FONT_SCALE - GLYPH_GAP * FONT_SCALE

    def text(self, x, y, text, color):
        """Draws text with its top-left corner at (x, y)."""
        for ch in text:
            for gy, line in enumerate(FONT[ch]):
                for gx, cell in enumerate(line):
                    if cell == "#":
                        px, py = x + gx * FONT_SCALE, y + gy * FONT_SCALE
                        self.rect(px, py, px + FONT_SCALE, py + FONT_SCALE, color)
            x += (GLYPH_W + GLYPH_GAP) * FONT_SCALE

    def png(self):
        """The canvas as PNG bytes: 8-bit RGB, filter 0 on every row, one IDAT, no extra chunks."""

        def chunk(kind, data):
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def y_of(value):
    """The pixel row of a data value on the y axis."""
    return BOTTOM - round(value * (BOTTOM - TOP) / Y_MAX)


def draw():
    c = Canvas(WIDTH, HEIGHT, WHITE)
    c.text((WIDTH - c.text_width(TITLE)) // 2, 20, TITLE, INK)

    # Horizontal guides with their tick labels (thousands separated by a comma, as in the article).
    for value in range(0, Y_MAX + 1, Y_STEP):
        y = y_of(value)
        if value:
            c.rect(LEFT + 1, y, RIGHT, y + 1, GRID)
        label = f"{value:,}"
        c.rect(LEFT - 6, y, LEFT, y + 1, INK)
        c.text(LEFT - 12 - c.text_width(label), y - GLYPH_H * FONT_SCALE // 2, label, INK)

    # One bar per month, centred in its slot, with the month under it.
    slot = (RIGHT - LEFT) / len(MONTHS)
    bar_w = round(slot * BAR_FILL)
    for i, (month, value) in enumerate(zip(MONTHS, OUTPUT_MWH)):
        centre = round(LEFT + slot * (i + 0.5))
        c.rect(centre - bar_w // 2, y_of(value), centre - bar_w // 2 + bar_w, BOTTOM, BAR)
        c.text(centre - c.text_width(month) // 2, BOTTOM + 14, month, INK)

    # Axes last, so they sit on top of the bars' edges.
    c.rect(LEFT - 1, TOP - 10, LEFT + 1, BOTTOM + 1, INK)
    c.rect(LEFT - 1, BOTTOM - 1, RIGHT, BOTTOM + 1, INK)
    return c.png()


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "content", "images", "output-chart.png")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    data = draw()
    with open(out, "wb") as f:
        f.write(data)
    print(f"wrote {out} ({WIDTH}x{HEIGHT}, {len(data)} bytes)")


if __name__ == "__main__":
    main()
