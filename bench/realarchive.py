"""Large archives grown from real article text, for the benches.

    python bench/realarchive.py [--articles 100000] [--db /tmp/dateline-real-100000.db]

The text is the development news in ``../shared`` (``dev/news/articles`` and
``dev/polnear/*/text``, about 950 articles; never copied into the repo).
Those files are ingested once, for real (``dateline ingest``: segment,
annotate, near-duplicates, people, stories, claim groups), into a base
archive.  The large archive is then that base repeated K times in SQL, each
copy made distinct: its own article ids, sources and rowids, its days moved
on by K weeks per copy (undated articles are given a day first), a line naming the copy at the end of its text (after
every annotated span), its own stories, and the same real people (so the
most-covered person is in thousands of articles, as in a real archive).
Every table the interfaces read is copied: people, entities, quotes, counts,
person links and roles, stories and their postings and vectors, LSH bands,
near-duplicates; persons' totals and the feature document frequencies are
made again for the whole, full-text search is rebuilt, and every claim
category is marked stale so that the first grouping (timed and printed) is
the whole-archive one.

Three of the files are held out of the base: ``held_out_dump()`` writes them
as one 3-article dump for the "ingest a small file into a large archive"
figure.  Without ``../shared`` the benches that need it say so and stop.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
HELD_OUT = 3


def sources() -> list[Path]:
    """The real article files, in a fixed order; [] when ../shared is absent."""
    dirs = [SHARED / "dev" / "news" / "articles", *sorted((SHARED / "dev" / "polnear").glob("*/text"))]
    files: list[Path] = []
    for d in dirs:
        if d.is_dir():
            files += sorted(p for p in d.iterdir() if p.is_file())
    return files


def require_sources() -> list[Path]:
    files = sources()
    if not files:
        print(f"skipped: no real article text at {SHARED}/dev (this bench needs ../shared)")
        raise SystemExit(0)
    return files


def _dateline() -> str:
    exe = Path(sys.executable).with_name("dateline")
    return str(exe) if exe.exists() else "dateline"


def held_out_dump(out_dir: str) -> str:
    """The held-out files as one dump of three articles (a file no copy holds)."""
    files = require_sources()[-HELD_OUT:]
    path = os.path.join(out_dir, "three-articles.txt")
    with open(path, "w", encoding="utf-8") as f:
        for p in files:
            f.write(p.read_text(encoding="utf-8", errors="replace").strip() + "\n\n\n")
    return path


def build_base(db: str) -> None:
    files = require_sources()[:-HELD_OUT]
    with tempfile.TemporaryDirectory(prefix="dateline-real-") as tmp:
        for i, p in enumerate(files):  # one folder, names kept distinct
            shutil.copyfile(p, os.path.join(tmp, f"{i:04d}-{p.name}"))
        t0 = time.perf_counter()
        subprocess.run([_dateline(), "--db", db, "ingest", "-q", tmp], check=True)
    print(f"base archive {db}: {len(files)} real files ingested in {time.perf_counter() - t0:.0f}s",
          file=sys.stderr)


def _cols(db, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"SELECT * FROM pragma_table_info('{table}')")]


def replicate(db_path: str, copies: int, weeks: int = 1) -> None:
    """Repeat the archive's content ``copies`` times in all (copy 0 is the base)."""
    import sqlite3

    db = sqlite3.connect(db_path)
    db.isolation_level = None
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -262144")
    q = lambda sql: db.execute(sql).fetchone()[0] or 0  # noqa: E731
    art_span = q("SELECT max(rowid) FROM articles") + 1
    quote_span = q("SELECT max(rowid) FROM quotes") + 1
    count_span = q("SELECT max(rowid) FROM counts") + 1
    story_span = q("SELECT max(id) FROM stories") + 1
    base_n = q("SELECT count(*) FROM articles")
    t0 = time.perf_counter()
    tables = {t: _cols(db, t) for t in ("people", "entities", "person_mentions", "person_roles", "story_articles",
                                         "story_vectors", "story_postings", "near_duplicates", "minhash_bands",
                                         "minhash_done", "link_done", "article_sources")}

    def copy(table: str, k: int, where: str = "article_rowid < ?", **over: str) -> None:
        cols = tables[table]
        sel = [over.get(c, c) for c in cols]
        db.execute(f"INSERT INTO {table} ({','.join(cols)}) SELECT {','.join(sel)} FROM {table} WHERE {where}",
                   {"off": k * art_span, "k": k, "days": k * 7 * weeks, "qoff": k * quote_span,
                    "coff": k * count_span, "soff": k * story_span, "lim": art_span})

    shift = "CASE WHEN {c} IS NULL THEN NULL ELSE date({c}, '+' || :days || ' days') END"
    db.execute("BEGIN")
    # most of the development text carries no date: such articles are given
    # one (spread over a week) so that dated orders and day filters have work
    db.execute("""UPDATE articles SET day = date('2015-01-05', '+' || (rowid % 7) || ' days'),
                  captured_at = date('2015-01-05', '+' || (rowid % 7) || ' days') WHERE day IS NULL""")
    # every category is marked stale once, below, not once per copied row
    triggers = [r[0] for r in db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('counts_claims_ai', 'story_articles_claims_ai')")]
    db.execute("DROP TRIGGER IF EXISTS counts_claims_ai")
    db.execute("DROP TRIGGER IF EXISTS story_articles_claims_ai")
    for k in range(1, copies):
        ac = _cols(db, "articles")
        over = {"rowid": "rowid + :off", "id": "id || printf('-%05d', :k)", "source": "source || printf('#%05d', :k)",
                "day": shift.format(c="day"), "published": shift.format(c="published"),
                "captured_at": shift.format(c="captured_at"),
                "text": "text || printf(char(10) || char(10) || '(Copy %d of this article.)', :k)"}
        db.execute(f"INSERT INTO articles ({','.join(ac)}) SELECT {','.join(over.get(c, c) for c in ac)} "
                   "FROM articles WHERE rowid < :lim",
                   {"off": k * art_span, "k": k, "days": k * 7 * weeks, "lim": art_span})
        ar = "article_rowid + :off"
        where = "article_rowid < :lim"
        for t in ("people", "entities", "person_mentions", "link_done", "minhash_done", "minhash_bands",
                  "story_vectors", "story_postings"):
            copy(t, k, where, article_rowid=ar, day=shift.format(c="day"))
        copy("article_sources", k, where, article_rowid=ar, source="source || printf('#%05d', :k)")
        copy("person_roles", k, where, article_rowid=ar, day=shift.format(c="day"))
        copy("story_articles", k, where, article_rowid=ar, story_id="story_id + :soff",
             duplicate_of="duplicate_of + :off")
        copy("near_duplicates", k, where, article_rowid=ar, duplicate_of_rowid="duplicate_of_rowid + :off")
        for t, off in (("quotes", ":qoff"), ("counts", ":coff")):
            cols = _cols(db, t)
            sel = [f"rowid + {off}" if c == "rowid" else ar if c == "article_rowid" else c for c in cols]
            db.execute(f"INSERT INTO {t} ({','.join(cols)}) SELECT {','.join(sel)} FROM {t} WHERE {where}",
                       {"off": k * art_span, "qoff": k * quote_span, "coff": k * count_span, "lim": art_span})
        scols = _cols(db, "stories")
        sover = {"id": "id + :soff", "first_day": shift.format(c="first_day"), "last_day": shift.format(c="last_day")}
        db.execute(f"INSERT INTO stories ({','.join(scols)}) SELECT {','.join(sover.get(c, c) for c in scols)} "
                   "FROM stories WHERE id < :span", {"soff": k * story_span, "days": k * 7 * weeks, "span": story_span})
        if k % 10 == 0:
            print(f"  copy {k}/{copies}: {q('SELECT count(*) FROM articles'):,} articles "
                  f"{time.perf_counter() - t0:.0f}s", file=sys.stderr)
    # totals made again for the whole
    db.execute("""UPDATE persons SET (articles, mentions, first_day, last_day) = (
                    SELECT count(DISTINCT pm.article_rowid), sum(json_array_length(p.mentions)), min(a.day), max(a.day)
                    FROM person_mentions pm JOIN people p ON p.article_rowid = pm.article_rowid AND p.idx = pm.person_idx
                    JOIN articles a ON a.rowid = pm.article_rowid WHERE pm.person_id = persons.id)""")
    db.execute("UPDATE link_df SET df = df * ?", (copies,))
    db.execute("UPDATE link_state SET value = CAST(value AS INTEGER) * ? WHERE key = 'docs'", (copies,))
    db.execute("INSERT OR IGNORE INTO claim_groups_stale SELECT DISTINCT category FROM counts")
    for sql in triggers:
        db.execute(sql)
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    db.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')")
    db.execute("COMMIT")
    db.execute("PRAGMA optimize")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    print(f"replicated {base_n} articles x {copies} in {time.perf_counter() - t0:.0f}s", file=sys.stderr)


def build(db: str, articles: int) -> str:
    """The archive at ``db`` with about ``articles`` articles, built once and reused."""
    import sqlite3

    if os.path.exists(db):
        with sqlite3.connect(db) as c:
            have = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        if have >= articles * 0.95:
            print(f"archive {db}: {have:,} articles (reused)", file=sys.stderr)
            return db
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.unlink(db + suffix)
    base = os.path.join(tempfile.gettempdir(), "dateline-real-base.db")
    if not os.path.exists(base):
        build_base(base)
    shutil.copyfile(base, db)
    with sqlite3.connect(db) as c:
        n = c.execute("SELECT count(*) FROM articles").fetchone()[0]
    copies = max(1, -(-articles // n))
    if copies > 1:
        replicate(db, copies)
    # the first whole-archive grouping: what /claims cost cold before it was stored
    from dateline.store import Store

    t0 = time.perf_counter()
    with Store(db) as s, s.transaction():
        done = s.refresh_claim_groups()
    print(f"claim groups: {done.get('claim_categories_grouped')} categories grouped in "
          f"{time.perf_counter() - t0:.1f}s ({done.get('claim_groups')} groups)", file=sys.stderr)
    return db


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db")
    args = ap.parse_args()
    require_sources()
    db = args.db or os.path.join(tempfile.gettempdir(), f"dateline-real-{args.articles}.db")
    build(db, args.articles)
    print(db)


if __name__ == "__main__":
    main()
