"""The archive: one SQLite file (WAL, FTS5, schema version, migrations).

This module is the query layer: the CLI, the web app and the exports call
its methods and open no SQL of their own.  Every fact row keeps its
provenance: the article and the character span in the article's clean text.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

from ..model import Annotations, Article, Contributor, Count, Entity, Person, Quote, Span
from .queries import MARK_CLOSE, MARK_OPEN, RANK_WINDOW, Queries, split_marks

DEFAULT_DB = "dateline.db"
ENV_DB = "DATELINE_DB"

from . import schema as _schema
from .schema import MIGRATIONS  # noqa: F401 - the schema's history (tests, benches)



def _grouped(column: str, categories: list[str] | None) -> tuple[str, list[str]]:
    """SQL condition on ``column``: these categories, or (None) every grouped one."""
    from ..link.claims import UNGROUPED_CATEGORIES

    if categories:
        return f"{column} IN ({','.join('?' * len(categories))})", list(categories)
    return f"{column} NOT IN ({','.join('?' * len(UNGROUPED_CATEGORIES))})", list(UNGROUPED_CATEGORIES)


# New articles are put into full-text search this many at a time (and at
# every commit).
FTS_BATCH = 5000
# Terms FTS5 gathers in memory before it writes a segment (its default is
# 1 MiB): fewer, larger segments mean fewer merges while ingesting.
FTS_HASHSIZE = 32 << 20


def default_path() -> str:
    return os.environ.get(ENV_DB) or DEFAULT_DB


_FTS_OPERATORS = {"AND", "OR", "NOT"}
_FTS_TOKEN = re.compile(r'"[^"]*"|\S+')


MAX_QUERY_CHARS = 500  # a search longer than this is refused
MAX_QUERY_TERMS = 16  # words and phrases in one search ("river" x 500 took minutes)


class QueryError(ValueError):
    """A search the archive refuses; the message says why."""


def to_fts_query(q: str) -> str:
    """User words -> a safe FTS5 query.  Words and "quoted phrases" are kept,
    AND/OR/NOT pass through, a trailing * is a prefix search; anything else
    FTS5 would read as syntax ("cease-fire", "U.S.", "col:") is quoted.
    Raises QueryError for a search too long, of too many words, or with
    control characters."""
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"search longer than {MAX_QUERY_CHARS} characters")
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in q):
        raise QueryError("control characters (NUL...) in the search")
    out = []
    for tok in _FTS_TOKEN.findall(q):
        if tok in _FTS_OPERATORS:
            out.append(tok)
            continue
        prefix = tok.endswith("*") and len(tok) > 1
        body = tok.strip('"').rstrip("*") if not tok.startswith('"') else tok[1:-1]
        if prefix and len(body.strip()) < 2:
            raise QueryError(f"a prefix search needs at least two letters before the * ({tok!r})")
        body = body.replace('"', '""')
        if not body.strip():
            continue
        out.append(f'"{body}"' + ("*" if prefix else ""))
    while out and out[-1] in _FTS_OPERATORS:
        out.pop()
    while out and out[0] in _FTS_OPERATORS:
        out.pop(0)
    if sum(t not in _FTS_OPERATORS for t in out) > MAX_QUERY_TERMS:
        raise QueryError(f"more than {MAX_QUERY_TERMS} words or phrases in the search")
    return " ".join(out)


def _json_list(xs: list) -> str:
    return json.dumps(xs, ensure_ascii=False) if xs else "[]"


def _spans(mentions: list[Span]) -> str:
    return json.dumps([[m.text, m.start, m.end] for m in mentions], ensure_ascii=False)


def _unspans(s: str) -> list[Span]:
    return [Span(t, a, b) for t, a, b in json.loads(s)]


class Store(Queries):
    """One archive file.  Use as a context manager or call close()."""

    BUSY_SECONDS = 5.0  # a writer waits this long for the write lock before on_wait is told

    def __init__(self, path: str | None = None, readonly: bool = False,
                 on_wait: Callable[[], None] | None = None):
        self.path = path or default_path()
        self.on_wait = on_wait  # called once when another process holds the write lock: this one waits
        if readonly:
            if not os.path.exists(self.path):
                raise FileNotFoundError(f"no archive at {self.path}")
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=self.BUSY_SECONDS)
        self._unindexed: list[int] = []  # rowids added but not yet in articles_fts
        self.db.isolation_level = None  # transactions are explicit: see transaction()
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            self._waiting(lambda: self.db.execute("PRAGMA journal_mode = WAL"))
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA cache_size = -65536")  # 64 MiB: FTS5 merges on large ingests
            self._waiting(self.migrate)
            self._waiting(self._tune_fts)

    # -- lifecycle ---------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        _schema.migrate(self.db)

    def _tune_fts(self) -> None:
        if self.db.execute("SELECT 1 FROM articles_fts_config WHERE k = 'hashsize'").fetchone():
            return
        try:
            self.db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', ?)", (FTS_HASHSIZE,))
        except sqlite3.Error:  # an SQLite without the setting: its default stands
            pass

    def _waiting(self, step: Callable[[], Any]) -> Any:
        """Run ``step``; while another writer holds the archive (SQLite's
        busy timeout, 5 s, ran out), say so once through ``on_wait`` and try
        again: a second ingest waits for the first instead of dying."""
        told = False
        while True:
            try:
                return step()
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                if not told and self.on_wait:
                    self.on_wait()
                told = True

    def _begin(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: one input file is one transaction."""
        self._waiting(self._begin)
        try:
            yield
            self.index_pending()
        except BaseException:
            self._unindexed.clear()
            if self.db.in_transaction:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.OperationalError:  # (SQLite rolled back itself, e.g. on a full disk)
                    pass
            raise
        else:
            self.db.execute("COMMIT")

    # -- writing -----------------------------------------------------------
    def add_article(self, a: Article) -> bool:
        """Store an article and its annotations; False if it was already
        there (same content id), in which case only the source is noted."""
        day = (a.published or a.captured_at or "")[:10] or None
        annotated = _has_annotations(a.annotations)
        cur = self.db.execute(
            """INSERT OR IGNORE INTO articles (id, source, outlet, captured_at, published, day, url, language,
               title, byline, contributors, datelines, truncated, text, annotated)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (a.id, a.source, a.outlet, a.captured_at, a.published, day, a.url, a.language, a.title,
             _json_list(a.byline), _json_list([asdict(c) for c in a.contributors]),
             _json_list(a.datelines), int(a.truncated), a.text,
             int(annotated)),
        )
        new = cur.rowcount == 1
        if not new:
            self.db.execute("INSERT OR IGNORE INTO article_sources VALUES (?, ?)", (self._rowid(a.id), a.source))
            return False
        rowid = cur.lastrowid
        if annotated:
            self._add_annotations(rowid, a.annotations)
        self._unindexed.append(rowid)  # into full-text search, its source noted, by index_pending
        if len(self._unindexed) >= FTS_BATCH or not self.db.in_transaction:
            self.index_pending()
        return True

    def index_pending(self) -> None:
        """Put the articles added since the last call into full-text search,
        and note the file each came from (one statement each for the lot;
        see migration 4)."""
        if not self._unindexed:
            return
        rowids, self._unindexed = json.dumps(self._unindexed), []
        self.db.execute(
            """INSERT INTO articles_fts (rowid, title, byline, text)
               SELECT rowid, title, byline, text FROM articles
               WHERE rowid IN (SELECT value FROM json_each(?)) ORDER BY rowid""",
            (rowids,),
        )
        self.db.execute(
            """INSERT OR IGNORE INTO article_sources
               SELECT rowid, source FROM articles WHERE rowid IN (SELECT value FROM json_each(?))""",
            (rowids,),
        )

    def replace_annotations(self, article_id: str, ann: Annotations) -> None:
        rowid = self._rowid(article_id)
        for table in ("people", "entities", "quotes", "counts"):
            self.db.execute(f"DELETE FROM {table} WHERE article_rowid = ?", (rowid,))
        self._add_annotations(rowid, ann)
        self.db.execute("UPDATE articles SET annotated = 1 WHERE rowid = ?", (rowid,))

    def _add_annotations(self, rowid: int, ann: Annotations) -> None:
        db = self.db
        db.executemany(
            "INSERT INTO people VALUES (?,?,?,?,?)",
            [(rowid, i, p.name, p.role, _spans(p.mentions)) for i, p in enumerate(ann.people)],
        )
        db.executemany(
            "INSERT INTO entities VALUES (?,?,?,?,?)",
            [(rowid, i, e.kind, e.name, _spans(e.mentions))
             for i, e in enumerate([*ann.organisations, *ann.places])],
        )
        db.executemany(
            """INSERT INTO quotes (article_rowid, idx, quote, start, end, speaker, speaker_desc,
               anonymous, partial, kind, cue) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
            [(rowid, i, q.quote, q.start, q.end, q.speaker, q.speaker_desc, int(q.anonymous),
              int(q.partial), q.kind, q.cue) for i, q in enumerate(ann.quotes)],
        )
        db.executemany(
            """INSERT INTO counts (article_rowid, idx, text, start, end, value, low, high, qualifier,
               category, what, claimant, as_of, as_of_date) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            [(rowid, i, c.text, c.start, c.end, c.value, c.low, c.high, c.qualifier, c.category,
              c.what, c.claimant, c.as_of, c.as_of_date) for i, c in enumerate(ann.counts)],
        )

    def note_source(self, path: str, size: int | None, mtime: float | None, status: str,
                    message: str | None, articles: int) -> None:
        self.db.execute(
            """INSERT INTO sources (path, size, mtime, status, message, articles) VALUES (?,?,?,?,?,?)
               ON CONFLICT(path) DO UPDATE SET size=excluded.size, mtime=excluded.mtime, status=excluded.status,
               message=excluded.message, articles=excluded.articles,
               ingested_at=strftime('%Y-%m-%dT%H:%M:%SZ','now')""",
            (path, size, mtime, status, message, articles),
        )

    def source_done(self, path: str, size: int, mtime: float) -> bool:
        """True when this exact file (path, size, mtime) was ingested fully."""
        row = self.db.execute("SELECT size, mtime, status FROM sources WHERE path = ?", (path,)).fetchone()
        return bool(row) and row["status"] == "ok" and row["size"] == size and row["mtime"] == mtime

    def learned_furniture(self, limit: int = 200_000) -> set[str]:
        rows = self.db.execute("SELECT key FROM furniture_keys ORDER BY hits DESC LIMIT ?", (limit,))
        return {r[0] for r in rows}

    def learn_furniture(self, keys: Iterable[str]) -> None:
        self.db.executemany(
            "INSERT INTO furniture_keys (key) VALUES (?) ON CONFLICT(key) DO UPDATE SET hits = hits + 1",
            [(k,) for k in keys],
        )

    # -- reading -----------------------------------------------------------
    def _rowid(self, article_id: str) -> int:
        row = self.db.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
        if not row:
            raise KeyError(article_id)
        return row[0]

    def resolve_id(self, prefix: str) -> str | None:
        """An article id from a unique prefix of it (as the CLI prints them)."""
        rows = self.db.execute("SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                               (prefix, prefix + "\uffff")).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return self._article(row) if row else None

    def iter_articles(self, since: str | None = None, until: str | None = None,
                      outlet: str | None = None, with_annotations: bool = True) -> Iterator[Article]:
        where, args = _filters(since, until, outlet)
        cur = self.db.execute(f"SELECT * FROM articles a {where} ORDER BY a.rowid", args)
        for row in cur:
            yield self._article(row, with_annotations)

    def _article(self, row: sqlite3.Row, with_annotations: bool = True) -> Article:
        a = Article(
            id=row["id"], source=row["source"], text=row["text"], title=row["title"], outlet=row["outlet"],
            captured_at=row["captured_at"], published=row["published"], url=row["url"],
            language=row["language"], byline=json.loads(row["byline"]),
            contributors=[Contributor(**c) for c in json.loads(row["contributors"])],
            datelines=json.loads(row["datelines"]), truncated=bool(row["truncated"]),
        )
        if with_annotations:
            a.annotations = self.annotations(row["rowid"])
        return a

    def annotations(self, rowid: int) -> Annotations:
        db = self.db
        people = [Person(r["name"], _unspans(r["mentions"]), r["role"])
                  for r in db.execute("SELECT * FROM people WHERE article_rowid = ? ORDER BY idx", (rowid,))]
        ents = [Entity(r["name"], r["kind"], _unspans(r["mentions"]))
                for r in db.execute("SELECT * FROM entities WHERE article_rowid = ? ORDER BY idx", (rowid,))]
        quotes = [Quote(r["quote"], r["start"], r["end"], r["speaker"], r["speaker_desc"], bool(r["anonymous"]),
                        bool(r["partial"]), r["kind"], r["cue"])
                  for r in db.execute("SELECT * FROM quotes WHERE article_rowid = ? ORDER BY idx", (rowid,))]
        counts = [Count(r["text"], r["start"], r["end"], r["value"], r["low"], r["high"], r["qualifier"],
                        r["category"], r["what"], r["claimant"], r["as_of"], r["as_of_date"])
                  for r in db.execute("SELECT * FROM counts WHERE article_rowid = ? ORDER BY idx", (rowid,))]
        return Annotations(people, [e for e in ents if e.kind == "org"], [e for e in ents if e.kind == "place"],
                           quotes, counts)

    def list_articles(self, limit: int = 50, offset: int = 0, since: str | None = None,
                      until: str | None = None, outlet: str | None = None) -> list[dict[str, Any]]:
        where, args = _filters(since, until, outlet)
        rows = self.db.execute(
            f"""SELECT a.id, a.title, a.outlet, a.day, a.source, a.truncated, length(a.text) AS chars,
                (SELECT count(*) FROM quotes q WHERE q.article_rowid = a.rowid) AS quotes,
                (SELECT count(*) FROM counts c WHERE c.article_rowid = a.rowid) AS counts
                FROM articles a {where} ORDER BY a.day DESC, a.rowid DESC LIMIT ? OFFSET ?""",
            [*args, limit, offset],
        )
        return [dict(r) for r in rows]

    def search(self, query: str, limit: int = 20, offset: int = 0, since: str | None = None,
               until: str | None = None, outlet: str | None = None,
               rank_window: int | None = RANK_WINDOW) -> list[dict[str, Any]]:
        """Full-text search, BM25-ranked (title weighs most), with snippets.
        A query matching more than ``rank_window`` articles is ranked among
        its most recently added matches (see queries.RANK_WINDOW)."""
        fts = to_fts_query(query)
        if not fts:
            return []
        conds, args = _conditions(since, until, outlet)
        # rank first, then make snippets for the page's rows only: a snippet
        # for every match of a common word costs more than the ranking
        page = self.ranked(fts, conds, args, offset + limit, rank_window)[offset:]
        rows = self.db.execute(
            f"""SELECT a.id, a.title, a.outlet, a.day, a.source,
                (SELECT snippet(articles_fts, 2, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 14) FROM articles_fts
                 WHERE articles_fts MATCH ? AND articles_fts.rowid = a.rowid) AS snippet
                FROM json_each(?) p JOIN articles a ON a.rowid = p.value ORDER BY p.key""",
            [fts, json.dumps(page)],
        )
        hits = [dict(r) for r in rows]
        for h in hits:  # "snippet" marks matches with [ ]; "snippet_marks" says which brackets are marks
            marked = h["snippet"] or ""
            h["snippet"] = marked.replace(MARK_OPEN, "[").replace(MARK_CLOSE, "]")
            h["snippet_text"], h["snippet_marks"] = split_marks(marked)
        return hits

    def claim_groups(self, category: str | None = None, about: str | None = None,
                     min_claimants: int = 2, limit: int | None = None) -> list:
        """Counts that measure the same quantity, grouped across the whole
        archive and their claimants (link/claims.py): the side-by-side table
        a fact-checker wants.  ``about`` keeps groups whose label or rows
        mention these words.

        The groups are the ones the linking step stored (one query); a
        category whose counts changed since (or an archive from before
        migration 6) is grouped here from its counts, with the same result."""
        from ..link.claims import groups_about

        cats = [category] if category else None
        if self._claim_groups_fresh(category):
            # the first ``limit`` groups alone are read when no words pick among them
            groups = self._stored_claim_groups(category, min_claimants, None if about else limit)
        else:
            groups = self._group_counts(cats, min_claimants)
        found = groups_about(groups, about)
        return found[:limit] if limit else found

    def claim_group_words(self, category: str | None = None, min_claimants: int = 2) -> dict[int, str] | None:
        """What the words of an ``about`` filter are looked for in, per stored
        group of ``category`` (store.read.claims.words); None while the
        category's stored groups are not up to date."""
        from .read import claims as RC  # noqa: N812

        if not self._claim_groups_fresh(category):
            return None
        cond, args = _grouped("g.category", [category] if category else None)
        return RC.words(self.db, cond, args, min_claimants)

    def claim_group_page(self, category: str | None = None, about: str | None = None, min_claimants: int = 2,
                         limit: int | None = None, rows: int | None = None,
                         words: dict[int, str] | None = None) -> list[dict[str, Any]] | None:
        """The first ``limit`` claim groups of ``category`` (about ``about``),
        each with the latest ``rows`` rows of its table, as
        views.claims.group_rows gives whole groups, read from the stored
        summaries without loading every row of a large group (``words``:
        claim_group_words of the category, when the caller keeps them).
        None while the category's stored groups are not up to date: then
        claim_groups groups its counts live."""
        from .read import claims as RC  # noqa: N812

        if not self._claim_groups_fresh(category):
            return None
        cond, args = _grouped("category", [category] if category else None)
        shown = RC.heads(self.db, cond, args, min_claimants, bool(category), None if about else limit)
        if about:
            if words is None:
                words = self.claim_group_words(category, min_claimants) or {}
            shown = RC.about(shown, words, about)[:limit or None]
        return RC.tables(self.db, shown, rows, self._claim_row_columns())

    def claim_group_about_tally(self, about: str, words: dict[int, str], min_claimants: int = 2) -> dict[str, int]:
        """Rows in the stored claim groups about ``about``, per grouped
        category (``words``: claim_group_words of all grouped categories)."""
        from .read import claims as RC  # noqa: N812

        cond, args = _grouped("category", None)
        tally: dict[str, int] = {}
        for h in RC.about(RC.heads(self.db, cond, args, min_claimants, False), words, about):
            tally[h["category"]] = tally.get(h["category"], 0) + h["rows"]
        return tally

    def claim_group_tally(self, min_claimants: int = 2) -> dict[str, int] | None:
        """Rows in the claim groups of each grouped category, from the stored
        group summaries (no rows read); None while some category is stale."""
        if not self._claim_groups_fresh(None):
            return None
        cond, args = _grouped("category", None)
        return {r[0]: r[1] for r in self.db.execute(
            f"""SELECT category, sum(rows) FROM claim_groups
                WHERE {cond} AND claimants >= ? AND rows >= 2 GROUP BY category""", [*args, min_claimants])}

    def _claim_rows(self, categories: list[str] | None) -> list[dict[str, Any]]:
        """The count rows claim grouping reads, in archive order."""
        cond, args = _grouped("c.category", categories)
        rows = self.db.execute(
            f"""SELECT {self._claim_row_columns()}
                FROM counts c JOIN articles a ON a.rowid = c.article_rowid
                WHERE {cond} ORDER BY a.rowid, c.idx""", args)
        return [dict(r) for r in rows]

    def _claim_row_columns(self) -> str:
        """What a claim row is made of (link/claims.as_row), from counts c and articles a."""
        story = "(SELECT sa.story_id FROM story_articles sa WHERE sa.article_rowid = a.rowid)" \
            if self.has_table("story_articles") else "NULL"
        return f"""c.rowid AS count_id, a.id AS article_id, c.category, c.what, c.value, c.low, c.high,
                c.qualifier, c.claimant, c.as_of, c.as_of_date, coalesce(a.published, a.captured_at) AS date,
                c.text, {story} AS story"""

    def _group_counts(self, categories: list[str] | None, min_claimants: int) -> list:
        from ..link.claims import _is_generic, group_claims

        groups = group_claims(self._claim_rows(categories), min_claimants=min_claimants, categories=categories)
        # "people" or "people killed" alone does not say which quantity: such
        # groups mix unrelated numbers, so only named subjects are compared
        return [g for g in groups if not _is_generic(g.key)]

    def _claim_groups_fresh(self, category: str | None) -> bool:
        """Whether the stored groups of ``category`` (all grouped categories
        when None) are those its counts give now."""
        if not self.has_table("claim_groups_stale"):
            return False  # an archive from before migration 6, opened read-only
        cond, args = _grouped("category", [category] if category else None)
        row = self.db.execute(f"SELECT 1 FROM claim_groups_stale WHERE {cond} LIMIT 1", args).fetchone()
        if row is None and self.has_table("claim_counts_new"):
            cond, args = _grouped("c.category", [category] if category else None)
            # the queue first (CROSS JOIN): it is small, and empty once the linking step ran
            row = self.db.execute(f"""SELECT 1 FROM claim_counts_new n CROSS JOIN counts c ON c.rowid = n.count_rowid
                                      WHERE {cond} LIMIT 1""", args).fetchone()
        return row is None

    def _stored_claim_groups(self, category: str | None, min_claimants: int, limit: int | None = None) -> list:
        from ..link.claims import ClaimGroup, as_row

        cond, args = _grouped("g.category", [category] if category else None)
        if limit:  # the first groups in the order below, picked from the summaries: (category, pos) is unique
            order = "pos" if category else "rows DESC, key"
            inner, inner_args = _grouped("category", [category] if category else None)
            cond = (f"g.id IN (SELECT id FROM claim_groups WHERE {inner} AND claimants >= ? AND rows >= 2 "
                    f"ORDER BY {order} LIMIT ?)")
            args = [*inner_args, min_claimants, limit]
        groups: dict[int, ClaimGroup] = {}
        for r in self.db.execute(
                f"""SELECT g.id AS group_id, g.key AS group_key, g.label AS group_label, {self._claim_row_columns()}
                    FROM claim_groups g JOIN claim_group_rows gr ON gr.group_id = g.id
                    JOIN counts c ON c.rowid = gr.count_rowid JOIN articles a ON a.rowid = c.article_rowid
                    WHERE {cond} AND g.claimants >= ? AND g.rows >= 2 ORDER BY g.category, g.pos, gr.pos""",
                [*args, min_claimants]):
            g = groups.get(r["group_id"])
            if g is None:
                g = groups[r["group_id"]] = ClaimGroup(key=r["group_key"], category=r["category"],
                                                       label=r["group_label"])
            row = as_row(dict(r))
            row.subject = g.key.split("@", 1)[0]
            g.rows.append(row)
        out = list(groups.values())
        if not category:
            out.sort(key=lambda g: (-len(g.rows), g.key))
        return out

    def refresh_claim_groups(self, categories: Iterable[str] | None = None) -> dict[str, Any]:
        """Bring the stored claim groups up to date; the linking step calls
        this after every ingest.  A category whose counts were only added to
        (new articles) is updated in place: its subjects' row counts say
        whether any earlier subject now belongs to another group; when none
        does, only the groups the new rows join are written.  A category
        whose counts changed otherwise (or exactly ``categories``) is grouped
        again whole: grouping compares every subject of a category with the
        others."""
        if not self.has_table("claim_groups_stale"):
            return {}
        queued = self.has_table("claim_counts_new")
        if categories is None:
            cats = sorted(r[0] for r in self.db.execute("SELECT category FROM claim_groups_stale"))
            added = sorted({r[0] for r in self.db.execute(
                "SELECT DISTINCT c.category FROM claim_counts_new n JOIN counts c ON c.rowid = n.count_rowid")}
                - set(cats)) if queued else []
        else:
            cats, added = sorted(set(categories)), []
        if not cats and not added:
            return {"claim_categories_grouped": 0}
        n_groups = 0
        whole = list(cats)
        for cat in added:
            written = self._add_claims(cat)
            if written is None:
                whole.append(cat)  # an earlier subject moved: the category is grouped again
            else:
                n_groups += written
        for cat in whole:
            n_groups += self._regroup_category(cat)
        if queued:
            if categories is None:
                self.db.execute("DELETE FROM claim_counts_new")
            else:
                self.db.execute(f"""DELETE FROM claim_counts_new WHERE count_rowid IN (SELECT rowid FROM counts
                                    WHERE category IN ({','.join('?' * len(cats))}))""", cats)
        return {"claim_categories_grouped": len(whole), "claim_categories_added_to": len(added) - len(whole) + len(cats),
                "claim_groups": n_groups}

    def _regroup_category(self, cat: str) -> int:
        """Group a category's claims whole and store every group and subject."""
        from ..link.claims import _is_generic, assemble, canonical_keys, key_stats, prepare_rows

        rs = prepare_rows(self._claim_rows([cat]), [cat])
        stats = key_stats(rs)
        canon = canonical_keys(stats)
        for r in rs:
            r.subject = canon.get(r.subject, r.subject)
        groups = [g for g in assemble(rs, min_rows=1, min_claimants=1) if not _is_generic(g.key)]
        db = self.db
        db.execute("DELETE FROM claim_group_rows WHERE group_id IN (SELECT id FROM claim_groups WHERE category = ?)",
                   (cat,))
        db.execute("DELETE FROM claim_groups WHERE category = ?", (cat,))
        first = (db.execute("SELECT max(id) FROM claim_groups").fetchone()[0] or 0) + 1
        db.executemany(
            "INSERT INTO claim_groups (id, category, pos, key, label, rows, claimants) VALUES (?,?,?,?,?,?,?)",
            [(first + i, cat, i, g.key, g.label, len(g.rows), len(g.claimants)) for i, g in enumerate(groups)])
        db.executemany(
            "INSERT INTO claim_group_rows (group_id, pos, count_rowid) VALUES (?,?,?)",
            [(first + i, j, r.count_id) for i, g in enumerate(groups) for j, r in enumerate(g.rows)])
        if self.has_table("claim_keys"):
            db.execute("DELETE FROM claim_keys WHERE category = ?", (cat,))
            db.executemany("INSERT INTO claim_keys (category, key, n, first, canon) VALUES (?,?,?,?,?)",
                           [(cat, k, n, i, canon.get(k)) for i, (k, n) in enumerate(stats.items())])
        db.execute("DELETE FROM claim_groups_stale WHERE category = ?", (cat,))
        return len(groups)

    def _add_claims(self, cat: str) -> int | None:
        """Put the queued new counts of ``cat`` into its stored groups; None
        (nothing written) when the category must be grouped whole."""
        from ..link.claims import ClaimRow, _is_generic, _label, canonical_keys, group_key, prepare_rows
        from ..link.write import groups_touched, moved_subjects, regroup_claim_subjects

        db = self.db
        old: dict[str, tuple[int, int, str | None]] = {
            k: (n, first, canon) for k, n, first, canon in db.execute(
                "SELECT key, n, first, canon FROM claim_keys WHERE category = ? ORDER BY first", (cat,))}
        if not old and db.execute("SELECT 1 FROM claim_groups WHERE category = ? LIMIT 1", (cat,)).fetchone():
            return None  # groups stored before their subjects were
        rows = db.execute(
            f"""SELECT {self._claim_row_columns()}
                FROM claim_counts_new n JOIN counts c ON c.rowid = n.count_rowid
                JOIN articles a ON a.rowid = c.article_rowid
                WHERE c.category = ? ORDER BY a.rowid, c.idx""", (cat,))
        rs = prepare_rows([dict(r) for r in rows], [cat])
        stats = {k: v[0] for k, v in old.items()}
        for r in rs:
            stats[r.subject] = stats.get(r.subject, 0) + 1
        canon = canonical_keys(stats)
        moved, remade = moved_subjects(old, canon), 0
        if moved:  # earlier subjects change group: the groups they leave and join are made again
            remade = regroup_claim_subjects(db, cat, rs, canon, groups_touched(old, canon, rs),
                                            self._claim_row_columns())
            if remade is None:
                return None
            rs = []
        # the new rows join groups (or start them); nothing else moves
        by_group: dict[str, list] = {}
        for r in rs:
            r.subject = canon.get(r.subject, r.subject)
            key = group_key(r)
            if not _is_generic(key):
                by_group.setdefault(key, []).append(r)
        next_id = (db.execute("SELECT max(id) FROM claim_groups").fetchone()[0] or 0) + 1
        for key, new in by_group.items():
            got = db.execute("SELECT id FROM claim_groups WHERE category = ? AND key = ?", (cat, key)).fetchone()
            earlier = [] if got is None else [
                ClaimRow(article_id=None, category=cat, what=w, claimant=c) for w, c in db.execute(
                    """SELECT c.what, c.claimant FROM claim_group_rows gr JOIN counts c ON c.rowid = gr.count_rowid
                       WHERE gr.group_id = ? ORDER BY gr.pos""", (got[0],))]
            every = earlier + new
            label = _label(cat, every)
            claimants = len({r.claimant or "(outlet)" for r in every})
            if got is None:
                gid, next_id = next_id, next_id + 1
                db.execute("INSERT INTO claim_groups (id, category, pos, key, label, rows, claimants) "
                           "VALUES (?,?,?,?,?,?,?)", (gid, cat, -gid, key, label, len(every), claimants))
            else:
                gid = got[0]
                db.execute("UPDATE claim_groups SET label = ?, rows = ?, claimants = ? WHERE id = ?",
                           (label, len(every), claimants, gid))
            db.executemany("INSERT INTO claim_group_rows (group_id, pos, count_rowid) VALUES (?,?,?)",
                           [(gid, len(earlier) + j, r.count_id) for j, r in enumerate(new)])
        # the category's order again: most rows first, then key
        db.execute("UPDATE claim_groups SET pos = -1 - pos WHERE category = ? AND pos >= 0", (cat,))
        db.execute("""UPDATE claim_groups SET pos = o.p FROM
                      (SELECT id, row_number() OVER (ORDER BY rows DESC, key) - 1 AS p FROM claim_groups
                       WHERE category = ?) o WHERE claim_groups.id = o.id""", (cat,))
        last = max((f for _, f, _ in old.values()), default=-1)
        db.executemany(
            "INSERT INTO claim_keys (category, key, n, first, canon) VALUES (?,?,?,?,?) "
            "ON CONFLICT(category, key) DO UPDATE SET n = excluded.n, canon = excluded.canon",
            [(cat, k, n, old[k][1] if k in old else (last := last + 1), canon.get(k))
             for k, n in stats.items() if k not in old or old[k][0] != n or k in moved])
        return len(by_group) + remade

    def stats(self) -> dict[str, Any]:
        q = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": q("SELECT count(*) FROM articles"),
            "truncated": q("SELECT count(*) FROM articles WHERE truncated"),
            "outlets": q("SELECT count(DISTINCT outlet) FROM articles"),
            "sources": q("SELECT count(*) FROM sources WHERE status = 'ok'"),
            "failed_sources": q("SELECT count(*) FROM sources WHERE status != 'ok'"),
            "people": q("SELECT count(*) FROM people"),
            "quotes": q("SELECT count(*) FROM quotes"),
            "counts": q("SELECT count(*) FROM counts"),
            "first_day": q("SELECT min(day) FROM articles"),
            "last_day": q("SELECT max(day) FROM articles"),
            "schema_version": self.schema_version,
        }


def _has_annotations(ann: Annotations) -> bool:
    return bool(ann.people or ann.quotes or ann.counts or ann.organisations or ann.places)


def _filters(since: str | None, until: str | None, outlet: str | None) -> tuple[str, list]:
    conds, args = _conditions(since, until, outlet)
    return ("WHERE " + " AND ".join(conds) if conds else ""), args


def _conditions(since: str | None, until: str | None, outlet: str | None) -> tuple[list[str], list]:
    conds: list[str] = []
    args: list = []
    if since:
        conds.append("a.day >= ?")
        args.append(since[:10])
    if until:
        conds.append("a.day <= ?")
        args.append(until[:10])
    if outlet:
        conds.append("a.outlet LIKE ?")
        args.append(f"%{outlet}%")
    return conds, args
