"""Story threads of an archive, with and without the background frequencies,
for judging by hand.

    dateline --db /tmp/h.db ingest DUMPS...        # any dated news (capture times or dates in the input)
    python bench/stories.py /tmp/h.db              # the stories of more than one article, both ways
    python bench/stories.py /tmp/h.db --background /tmp/df.tsv --judged /tmp/judged.json

Threads the archive's articles in memory in the order they came (as
``dateline link --rebuild`` does), once with the package's background
(``lexicons/story_df.tsv``, or ``--background`` FILE: a table that never saw
these articles, from ``train/story_df.py -o``) and once with none, and
prints each story of more than one article with the day and headline of
each (an untitled article shows its first line).  With ``--judged`` FILE (a
JSON list of [rowid, rowid, "y" | "b" | "n"]: one story, a judgement call,
not one story) it prints, for each way, the joined pairs and how many of
them are judged one story; pairs not judged yet are listed to judge.
Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dateline.link import stories as S  # noqa: E402
from dateline.link.run import _docs  # noqa: E402


def set_background(path: str | None) -> None:
    """Use the table at ``path`` (the package's when None; none when "")."""
    n, df = S._background()
    if path:
        n, df = 0, {}
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            w, _, c = line.partition("\t")
            if w == "#docs":
                n = int(c)
            elif c and not w.startswith("#"):
                df[w] = int(c)
    elif path == "":
        n, df = 0, {}
    S.BG_DOCS = n
    S.BG_DF.clear()
    S.BG_DF.update(df)
    S.background_df.cache_clear()


def thread(db) -> tuple[list[list[int]], list[frozenset]]:
    rowids = [r[0] for r in db.execute("SELECT rowid FROM articles ORDER BY rowid")]
    out = S.StoryLinker().add(_docs(db, rowids))
    by: dict[int, list[int]] = {}
    for k, sid in out.items():
        by.setdefault(sid, []).append(k)
    stories = [ks for ks in by.values() if len(ks) > 1]
    pairs = [frozenset((a, b)) for ks in stories for i, a in enumerate(ks) for b in ks[i + 1:]]
    return stories, pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("--background", help="background table to use instead of the package's")
    ap.add_argument("--judged", help="JSON list of [rowid, rowid, y|b|n]")
    a = ap.parse_args()
    db = sqlite3.connect(a.db)
    head = {r: (d or "", (t or x.strip().split("\n", 1)[0])[:90])
            for r, d, t, x in db.execute("SELECT rowid, day, title, substr(text, 1, 200) FROM articles")}
    judged = {}
    if a.judged:
        judged = {frozenset((x, y)): v for x, y, v in json.loads(Path(a.judged).read_text(encoding="utf-8"))}
    for name, bg in (("without background", ""), ("with background", a.background)):
        set_background(bg)
        stories, pairs = thread(db)
        print(f"== {name}: {len(head)} articles, {len(stories)} stories of more than one, {len(pairs)} joined pairs")
        for ks in stories:
            print("  --")
            for k in ks:
                print(f"  {k:>6} {head[k][0][:10]}  {head[k][1]}")
        if judged:
            got = [judged.get(p) for p in pairs]
            y, b = got.count("y"), got.count("b")
            n = len(pairs) or 1
            print(f"  judged one story {y}, judgement calls {b}, not {got.count('n')}, not judged {got.count(None)}; "
                  f"precision {y / n:.3f} (with the judgement calls {(y + b) / n:.3f})")
            todo = sorted(sorted(p) for p, g in zip(pairs, got) if g is None)
            if todo:
                print("  not judged:", todo)


if __name__ == "__main__":
    main()
