"""Build the background document frequencies of story threading
(``src/dateline/lexicons/story_df.tsv``).

    python train/story_df.py                      # ../shared news -> the lexicon
    python train/story_df.py --exclude-from 2016-06 -o /tmp/df.tsv   # a table that never saw later PolNeAR news

A young archive's own document frequencies say little: in an archive of six
articles every word is "rare", so words any news story uses ("officials",
"week", "told") weigh as much as the ones that tell one story from another.
Story threading therefore adds a background: in how many of some thousand
news articles each content word appears.  The articles are PolNeAR's
(train and dev: US political news of 2015-16 from seven outlets), the
development news articles and the CoNLL-2003 validation documents (Reuters
world news, 1996), read from ../shared.  Only word -> article counts are
written, for words in at least ``--min-df`` articles (no text, no rare
names); the features are those of ``link.stories.words`` (folded, plurals
stemmed), so the table is read as the linker counts.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))

from dateline.link.stories import Doc, raw_features  # noqa: E402

OUT = REPO / "src" / "dateline" / "lexicons" / "story_df.tsv"


def polnear_days() -> dict[str, str]:
    meta = SHARED / "dev" / "polnear" / "metadata.tsv"
    with meta.open(encoding="utf-8") as f:
        return {r["filename"]: r["publication_date"] for r in csv.DictReader(f, delimiter="\t")}


def sources(exclude_from: str | None) -> list[Path]:
    days = polnear_days()
    out = []
    for split in ("train", "dev"):
        for p in sorted((SHARED / "dev" / "polnear" / split / "text").glob("*.txt")):
            if exclude_from and days.get(p.stem, "") >= exclude_from:
                continue
            out.append(p)
    out += sorted((SHARED / "dev" / "news" / "articles").glob("*.txt"))
    out += sorted((SHARED / "dev" / "conll-people-dev" / "articles").glob("*.txt"))
    return out


def doc_of(path: Path) -> Doc:
    """The first line is the headline when the file starts with one."""
    text = path.read_text(encoding="utf-8", errors="replace").strip()
    head, _, body = text.partition("\n")
    if body and len(head) < 200 and not head.rstrip().endswith((".", "”", '"')):
        return Doc(path.name, head, body)
    return Doc(path.name, None, text)


def count(paths: list[Path]) -> Counter:
    df: Counter = Counter()
    for p in paths:
        tf, _ = raw_features(doc_of(p))
        df.update(tf.keys())
    return df


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--out", default=str(OUT))
    ap.add_argument("--min-df", type=int, default=3)
    ap.add_argument("--exclude-from", help="leave out PolNeAR articles published on or after this day (YYYY-MM)")
    a = ap.parse_args()
    paths = sources(a.exclude_from)
    df = count(paths)
    rows = sorted(((f, n) for f, n in df.items() if n >= a.min_df), key=lambda r: (-r[1], r[0]))
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("# Background document frequencies of story threading: in how many of the articles each word\n"
                "# appears (built by train/story_df.py from news text in ../shared; counts only).\n")
        f.write(f"#docs\t{len(paths)}\n")
        for w, n in rows:
            f.write(f"{w}\t{n}\n")
    print(f"{len(paths)} articles, {len(df)} words, {len(rows)} kept (df >= {a.min_df}) -> {a.out}")


if __name__ == "__main__":
    main()
