"""Annotation of text without line breaks (a scrape that lost them, or a
hostile file): time grows linearly with the length, so 50 MB annotates in
under two minutes.

    python bench/long_lines.py                # 1, 4, 16 and 50 MB
    python bench/long_lines.py --mb 4 --mb 8

The text is the seed dump bodies (../shared/seeds, else examples/) with every
line break turned into a space, repeated to length.  Prints CPU seconds and
MB/s per size; asserts nothing.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from annotate import bodies  # noqa: E402

from dateline.annotate import annotate  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, action="append", help="sizes in MB (repeatable)")
    args = ap.parse_args()
    one = " ".join(b.replace("\n", " ") for b in bodies())
    annotate(one[:5000])  # load lexicons outside the timing
    for mb in args.mb or [1, 4, 16, 50]:
        n = int(mb * 1_000_000)
        text = (one * (n // len(one) + 1))[:n]
        t = time.process_time()
        ann = annotate(text, "2025-01-24")
        dt = time.process_time() - t
        print(f"{mb:>5g} MB, no line breaks: {dt:6.1f} s CPU, {mb / dt:5.2f} MB/s "
              f"({len(ann.quotes):,} quotes, {len(ann.counts):,} counts, {len(ann.people):,} people)", flush=True)


if __name__ == "__main__":
    main()
