#!/usr/bin/env python3
"""Checks that every word of EXPECTED.txt appears, in order, in ACTUAL.txt.

Usage: check-word-order.py [--joined] EXPECTED.txt ACTUAL.txt

Both texts are reduced to a sequence of words: Unicode NFKC (so ligatures such as "fi" compare
equal to their letters), soft hyphens and zero-width characters removed (a renderer may insert them
for hyphenation), lower-cased, and split on everything that is not a word character (so punctuation,
straight-versus-curly quotes and dashes never matter). The expected words must then form a
subsequence of the actual words: extra words in ACTUAL (a title page, a table of contents, footnote
markers) are allowed, missing or reordered words are not.

With --joined, the expected words are found in order within ACTUAL's letters run together, not as
whole words: for text extracted from a PDF, where the extractor decides where words end (pdftotext
joins any line that ends in a hyphen with the next, so a printed "low-" / "level" comes back as
"lowlevel").

Prints how many expected words matched in order. Exits 0 when all did; otherwise 1, naming the first
missing word and its position (word number and line in EXPECTED) as an alignment of the two texts
finds it, and where the in-order match stopped if that is elsewhere; 2 on bad usage.
"""

import difflib
import re
import sys
import unicodedata

# Invisible characters a converter may leave inside words: soft hyphen, zero-width space/joiners,
# word joiner and byte-order mark. Deleting them rejoins the word they split.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
WORD = re.compile(r"\w+")


def words(text):
    """The text's words as (word, line number) pairs, normalised as the module doc says."""
    # A soft hyphen at a line end marks a word hyphenated across lines: join the two halves.
    text = re.sub("\u00ad[ \t]*\r?\n", "", text)
    text = unicodedata.normalize("NFKC", text).translate(INVISIBLE).casefold()
    out = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        out.extend((w, lineno) for w in WORD.findall(line))
    return out


def first_missing(expected, actual):
    """Index of the first expected word that cannot be matched in order, or None when all match.

    Greedy matching (take the earliest occurrence each time) finds a subsequence whenever one exists.
    """
    it = iter(actual)
    for i, want in enumerate(expected):
        if not any(got == want for got in it):
            return i
    return None


def likely_missing(expected, actual):
    """For the message only: the first expected word that an alignment of the two sequences leaves
    unmatched. Greedy matching fails late when the dropped word is common ("it", "the"), because it
    consumes a later occurrence; an alignment points at the word a reader would call missing."""
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    for tag, i1, _i2, _j1, _j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            return i1
    return None


def first_missing_joined(expected, actual):
    """Like first_missing, matching each word inside the actual words run together."""
    letters = "".join(actual)
    at = 0
    for i, word in enumerate(expected):
        found = letters.find(word, at)
        if found < 0:
            return i
        at = found + len(word)
    return None


def main(argv):
    joined = "--joined" in argv[1:]
    argv = [a for a in argv if a != "--joined"]
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        expected = words(f.read())
    with open(argv[2], encoding="utf-8") as f:
        actual = [w for w, _ in words(f.read())]

    find = first_missing_joined if joined else first_missing
    missing = find([w for w, _ in expected], actual)
    matched = len(expected) if missing is None else missing
    print(f"word order: {matched}/{len(expected)} expected words found in order ({len(actual)} words in actual)")
    if missing is None:
        return 0
    aligned = None if joined else likely_missing([w for w, _ in expected], actual)
    for label, index in (("first missing word", aligned), ("in-order match stopped at", missing)):
        if index is None:
            continue
        word, line = expected[index]
        before = " ".join(w for w, _ in expected[max(0, index - 6) : index])
        print(
            f"{label}: {word!r} (word {index + 1} of {len(expected)}, line {line} of {argv[1]}), "
            f"after: ...{before}",
            file=sys.stderr,
        )
        if index == missing:
            break
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
