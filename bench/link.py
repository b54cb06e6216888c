"""Linking benchmark: an invented archive of N articles (default 10,000), linked
from scratch, then M more (default 100) added incrementally.

    python bench/link.py [--articles 10000] [--add 100] [--db /tmp/bench_link.db]
    python bench/link.py --seeds ../shared/seeds     # seed links vs tests/gold_links/seed_links.json

All text is generated here from invented syllables: stories with their own
topic words, people and places, spread over time, over a shared background
vocabulary; some people share a surname, some articles name a person by
surname only.  Prints timings and, since the generator knows the truth,
person-merge and story-pair precision/recall on the invented archive.
Targets: link 10,000 articles < 120 s on one core; add 100 < 5 s.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dateline.link.run import _pairs_same, _prf, evaluate_gold, update_links  # noqa: E402
from dateline.model import Annotations, Article, Entity, Person, Span  # noqa: E402
from dateline.store import Store  # noqa: E402

SYL = ["ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "an", "is", "ur", "pe", "qua", "zin", "bro", "tel",
       "mar", "os", "fi", "ga", "hu", "jen", "ko", "li", "nu", "ra", "sto", "ve", "wy", "xa", "ben", "dri"]


class Gen:
    def __init__(self, seed: int = 7):
        self.r = random.Random(seed)
        self.background = [self.word(2, 3) for _ in range(6000)]
        self.weights = [1 / (i + 1) ** 1.05 for i in range(len(self.background))]
        self.surnames = [self.word(2, 4).capitalize() for _ in range(3000)]
        self.firsts = [self.word(2, 3).capitalize() for _ in range(800)]
        self.places = [self.word(2, 3).capitalize() + self.r.choice(["ia", "stan", "burg", "a", "o"]) for _ in range(400)]
        self.person_id = 0

    def word(self, lo: int, hi: int) -> str:
        return "".join(self.r.choice(SYL) for _ in range(self.r.randint(lo, hi)))

    def person(self):
        self.person_id += 1
        return (self.person_id, self.r.choice(self.firsts), self.r.choice(self.surnames))

    def stories(self, n_articles: int, start: dt.date, days: int):
        """Yield (story id, topic words, people, places, article days) until n_articles are planned."""
        planned = 0
        sid = 0
        celebrities = [self.person() for _ in range(40)]  # named across many stories
        while planned < n_articles:
            sid += 1
            size = min(n_articles - planned, self.r.choice([1, 1, 1, 2, 2, 3, 4, 5, 8, 12]))
            topic = [self.word(3, 4) for _ in range(20)]
            people = [self.person() for _ in range(self.r.randint(1, 4))]
            if self.r.random() < 0.4:
                people.append(self.r.choice(celebrities))
            places = self.r.sample(self.places, self.r.randint(1, 2))
            first = start + dt.timedelta(days=self.r.randint(0, days))
            arts = sorted(first + dt.timedelta(days=self.r.randint(0, 60)) for _ in range(size))
            planned += size
            yield sid, topic, people, places, arts

    def article(self, key: str, topic, people, places, day: dt.date, n_words: int = 450):
        r = self.r
        words = r.choices(self.background, self.weights, k=int(n_words * 0.75))
        words += r.choices(topic[:12], k=int(n_words * 0.12)) + r.sample(topic, 8)
        r.shuffle(words)
        title = " ".join(w.capitalize() for w in r.sample(topic[:12], 3) + r.sample(words, 3))
        pos = 0
        text_parts: list[str] = []

        def emit(s: str) -> tuple[int, int]:
            nonlocal pos
            start = pos
            text_parts.append(s)
            pos += len(s)
            return start, pos

        cast = [p for p in people if r.random() < 0.85] or people[:1]
        per_para = max(1, len(words) // 6)
        named: dict[int, Person] = {}
        for i in range(6):
            para = words[i * per_para:(i + 1) * per_para]
            emit(" ".join(para[: len(para) // 2]).capitalize() + " ")
            if i < len(cast):
                pid, first, last = cast[i]
                full = i == 0 or r.random() < 0.8
                s, e = emit(f"{first} {last}" if full else last)
                p = Person(f"{first} {last}" if full else last, [Span(f"{first} {last}" if full else last, s, e)],
                           r.choice([None, "minister", "spokesman", "analyst"]))
                named[pid] = p
                emit(" said ")
            pl = places[i % len(places)]
            emit(" ".join(para[len(para) // 2:]) + " in ")
            emit(pl)
            emit(".\n\n" if i < 5 else ".")
        text = "".join(text_parts)
        anns = list(named.values())
        ents = []
        for pl in sorted(set(places)):
            spans = []
            j = text.find(pl)
            while j >= 0:
                spans.append(Span(pl, j, j + len(pl)))
                j = text.find(pl, j + 1)
            if spans:
                ents.append(Entity(pl, "place", spans))
        a = Article(id=key, source="bench.txt", text=text, title=title, published=day.isoformat(),
                    annotations=Annotations(people=anns, places=ents))
        return a, {pid: p for pid, p in named.items()}


def build(store: Store, gen: Gen, n: int, start: dt.date, days: int, truth: dict, prefix: str) -> list[int]:
    rowids = []
    i = 0
    for sid, topic, people, places, arts in gen.stories(n, start, days):
        for day in arts:
            i += 1
            a, named = gen.article(f"{prefix}{i}", topic, people, places, day)
            store.add_article(a)
            rid = store.db.execute("SELECT rowid FROM articles WHERE id = ?", (a.id,)).fetchone()[0]
            rowids.append(rid)
            truth["story"][rid] = f"{prefix}{sid}"
            for idx, pid in enumerate(named):
                truth["person"][(rid, idx)] = pid
    return rowids


def score(store: Store, truth: dict) -> dict:
    db = store.db
    pred_p = {(r, i): p for r, i, p in db.execute("SELECT article_rowid, person_idx, person_id FROM person_mentions")}
    gold_p = {k: v for k, v in truth["person"].items() if k in pred_p}
    pred_s = dict(db.execute("SELECT article_rowid, story_id FROM story_articles"))
    gold_s = {k: v for k, v in truth["story"].items() if k in pred_s}
    return {"people": _prf(_pairs_same({k: pred_p[k] for k in gold_p}), _pairs_same(gold_p)),
            "stories": _prf(_pairs_same({k: pred_s[k] for k in gold_s}), _pairs_same(gold_s))}


def seeds(path: str) -> None:
    from dateline.ingest import ingest

    gold = json.loads((Path(__file__).resolve().parents[1] / "tests" / "gold_links" / "seed_links.json").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(os.path.join(tmp, "seeds.db"))
        ingest([path], store)
        with store.transaction():
            s = update_links(store)
        res = evaluate_gold(store.db, gold)
        store.close()
    print(json.dumps({"link": s, **res}, indent=2))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--add", type=int, default=100)
    ap.add_argument("--db", default=None)
    ap.add_argument("--seeds", default=None, help="score the seed dumps against the gold links instead")
    args = ap.parse_args()
    if args.seeds:
        seeds(args.seeds)
        return
    path = args.db or os.path.join(tempfile.mkdtemp(), "bench_link.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    gen = Gen()
    truth: dict = {"story": {}, "person": {}}
    store = Store(path)
    t = time.perf_counter()
    with store.transaction():
        build(store, gen, args.articles, dt.date(2030, 1, 1), 700, truth, "a")
        store.db.execute("INSERT INTO minhash_done SELECT rowid FROM articles") if store.has_table("minhash_done") else None
    words = sum(len(r[0].split()) for r in store.db.execute("SELECT text FROM articles"))
    print(f"generated {args.articles} articles ({words:,} words) in {time.perf_counter() - t:.1f}s")
    t = time.perf_counter()
    with store.transaction():
        s1 = update_links(store)
    t1 = time.perf_counter() - t
    print(f"link {args.articles} articles: {t1:.1f}s  {s1}")
    t = time.perf_counter()
    with store.transaction():
        new = build(store, gen, args.add, dt.date(2031, 11, 1), 30, truth, "b")
        store.db.executemany("INSERT INTO minhash_done VALUES (?)", [(r,) for r in new]) \
            if store.has_table("minhash_done") else None
    t = time.perf_counter()
    with store.transaction():
        s2 = update_links(store, new)
    t2 = time.perf_counter() - t
    print(f"add {args.add} articles: {t2:.2f}s  {s2}")
    q = score(store, truth)
    print(f"invented-archive quality: people P {q['people']['precision']:.3f} R {q['people']['recall']:.3f}; "
          f"story pairs P {q['stories']['precision']:.3f} R {q['stories']['recall']:.3f} F1 {q['stories']['f1']:.3f}")
    ok = t1 < 120 and t2 < 5
    print("targets (<120 s, <5 s):", "met" if ok else "NOT met")
    store.close()


if __name__ == "__main__":
    main()
