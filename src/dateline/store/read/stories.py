"""Stories: the threads linking made, and one story's timeline."""
from __future__ import annotations

from typing import Any

from .people import _has_table, _rows


def stories_list(db, limit: int = 50, offset: int = 0, min_articles: int = 2) -> list[dict[str, Any]]:
    if not _has_table(db, "stories"):
        return []
    return _rows(db.execute(
        """SELECT id, label, first_day, last_day, articles, duplicates FROM stories WHERE articles >= ?
           ORDER BY articles DESC, last_day DESC, id LIMIT ? OFFSET ?""",  # undated last (SQLite DESC)
        (min_articles, limit, offset)))


def story_timeline(db, story_id: int, limit: int = 200) -> dict[str, Any] | None:
    """A story: its articles in time order, and the quotes and counts of
    those articles as one timeline (near-duplicates listed, not repeated)."""
    if not _has_table(db, "stories"):
        return None
    row = db.execute("SELECT id, label, first_day, last_day, articles, duplicates FROM stories WHERE id = ?",
                     (story_id,)).fetchone()
    if row is None:
        return None
    out = dict(zip(("id", "label", "first_day", "last_day", "articles", "duplicates"), row))
    out["timeline"] = _rows(db.execute(
        """SELECT a.id, a.title, a.outlet, a.day, substr(a.text, 1, 200) AS lead, s.similarity,
                  d.id AS duplicate_of
           FROM story_articles s JOIN articles a ON a.rowid = s.article_rowid
           LEFT JOIN articles d ON d.rowid = s.duplicate_of
           WHERE s.story_id = ? ORDER BY a.day IS NULL, a.day, a.rowid""", (story_id,)))
    out["quotes"] = _rows(db.execute(
        """SELECT a.day, a.id AS article_id, q.speaker, q.quote, q.cue
           FROM story_articles s JOIN quotes q ON q.article_rowid = s.article_rowid
           JOIN articles a ON a.rowid = s.article_rowid
           WHERE s.story_id = ? AND s.duplicate_of IS NULL
           ORDER BY a.day IS NULL, a.day, a.rowid, q.idx LIMIT ?""", (story_id, limit)))
    out["counts"] = _rows(db.execute(
        """SELECT a.day, a.id AS article_id, c.text, c.value, c.category, c.what, c.claimant, c.as_of_date
           FROM story_articles s JOIN counts c ON c.article_rowid = s.article_rowid
           JOIN articles a ON a.rowid = s.article_rowid
           WHERE s.story_id = ? AND s.duplicate_of IS NULL
           ORDER BY a.day IS NULL, a.day, a.rowid, c.idx LIMIT ?""", (story_id, limit)))
    return out

