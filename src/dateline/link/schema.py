"""The linking step's view of the archive's schema.  Its tables (people
across articles, stories over time) are made by the archive's migrations,
``dateline.store.schema``: there is one schema mechanism.
"""
from __future__ import annotations

from ..store.schema import require_current


def ensure_schema(db) -> None:
    """The linking tables are made by the archive's migrations (store/schema.py),
    which ``Store`` applies when it opens an archive: this only checks that
    they were applied."""
    require_current(db)


def undone(db, done_table: str, limit: int | None = None) -> list[int]:
    """Rowids of the articles not in ``done_table`` (an article_rowid table),
    oldest first.  Articles are looked at in rowid order, so the ones not
    done yet are usually exactly those above the last one done: when the
    counts say so, those are read through the rowid alone; otherwise the
    whole archive is compared with the table."""
    q = lambda sql, *a: db.execute(sql, a).fetchone()[0] or 0  # noqa: E731
    top = q(f"SELECT max(article_rowid) FROM {done_table}")
    above = q("SELECT count(*) FROM articles WHERE rowid > ?", top)
    lim = "" if limit is None else f"LIMIT {int(limit)}"
    if q("SELECT count(*) FROM articles") - q(f"SELECT count(*) FROM {done_table}") == above:
        return [r[0] for r in db.execute(f"SELECT rowid FROM articles WHERE rowid > ? ORDER BY rowid {lim}", (top,))]
    return [r[0] for r in db.execute(
        f"""SELECT a.rowid FROM articles a WHERE NOT EXISTS
            (SELECT 1 FROM {done_table} d WHERE d.article_rowid = a.rowid) ORDER BY a.rowid {lim}""")]
