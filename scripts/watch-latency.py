#!/usr/bin/env python3
"""How long `folio watch` takes from a save to the new output being in place.

    python3 scripts/watch-latency.py FOLIO MANUSCRIPT [--saves N] [-- BUILD OPTIONS...]

Copies the manuscript's folder to a temporary one, starts `FOLIO watch` on the copy, then saves
the manuscript N times (default 5) as an editor does: the new text is written to a temporary
file and renamed over the old one. For each save it measures the time until every output of the
first build has been replaced (polled every millisecond), and prints it beside what folio itself
reports. Prints the median at the end."""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

# How long one rebuild may take before the measurement gives up (a book on a loaded machine).
DEADLINE_S = 120


def main() -> int:
    args = sys.argv[1:]
    options = []
    if "--" in args:
        options = args[args.index("--") + 1 :]
        args = args[: args.index("--")]
    saves = 5
    if "--saves" in args:
        at = args.index("--saves")
        saves = int(args[at + 1])
        del args[at : at + 2]
    folio, manuscript = os.path.abspath(args[0]), os.path.abspath(args[1])
    work = tempfile.mkdtemp(prefix="watch-latency-")
    try:
        source = os.path.join(work, "book")
        shutil.copytree(os.path.dirname(manuscript), source)
        target = os.path.join(source, os.path.basename(manuscript))
        out = os.path.join(work, "out")
        process = subprocess.Popen(
            [folio, "watch", target, "-o", out, *options],
            stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"},
        )
        lines = []
        reader = threading.Thread(target=lambda: lines.extend(iter(process.stderr.readline, "")), daemon=True)
        reader.start()
        wait_until(lambda: any("watching" in line for line in lines), "the first build")
        outputs = [os.path.join(out, name) for name in os.listdir(out) if not name.startswith(".")]
        print(f"watching {os.path.basename(manuscript)}, outputs {sorted(map(os.path.basename, outputs))}")
        text = open(target, encoding="utf-8").read()
        took = []
        for save in range(saves):
            before = {path: os.stat(path).st_ino for path in outputs}
            reported = len(lines)
            staged = target + ".saving"
            with open(staged, "w", encoding="utf-8") as f:
                f.write(text + f"\n\nSave number {save + 1}.\n")
            started = time.perf_counter()
            os.rename(staged, target)
            wait_until(lambda: all(os.stat(p).st_ino != before[p] for p in outputs), f"save {save + 1}")
            took.append((time.perf_counter() - started) * 1000)
            wait_until(lambda: any("rebuilt" in line for line in lines[reported:]), "folio's line")
            said = next(line for line in lines[reported:] if "rebuilt" in line).strip()
            print(f"save {save + 1}: outputs replaced {took[-1]:.0f} ms after the rename; folio: {said}")
        print(f"median {statistics.median(took):.0f} ms over {saves} saves")
        process.terminate()
        process.wait()
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > deadline:
            sys.exit(f"gave up waiting for {what}")
        time.sleep(0.001)


if __name__ == "__main__":
    sys.exit(main())
