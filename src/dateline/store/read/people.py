"""People: linked persons and the names articles give them, read for every
interface.  Plain rows out; the views shape them.

A reader filters by a name as they know it ("Vasic", "vasic", "Teodora
Vasic", "Mr. Vasic"); articles store the name each article gives
(``people.name`` = ``quotes.speaker`` = ``counts.claimant``), and linking
puts those names together as one person (``persons``, ``person_mentions``,
and the summaries ``person_forms``, ``person_months``, ``person_role_days``
that store/schema.py keeps).
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from typing import Any


def _has_table(db, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None


MAX_NAMES = 1000  # a part of a name ("an") can match many names: the most frequent are kept


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _has_persons(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'persons'").fetchone() is not None \
        and db.execute("SELECT 1 FROM persons LIMIT 1").fetchone() is not None


def _variants(name: str) -> list[str]:
    """The name as typed, with each word capitalised ("orbán" -> "Orbán") and
    with each word capitalised and the rest lower case ("ORBÁN" -> "Orbán"):
    SQLite folds case for ASCII letters only."""
    cap = " ".join(w[:1].upper() + w[1:] for w in name.split(" "))
    low = " ".join(w[:1].upper() + w[1:].lower() for w in name.split(" "))
    return list(dict.fromkeys([name, cap, low]))


def person_ids(db: sqlite3.Connection, name: str) -> list[int]:
    """The linked persons a name denotes, most written about first: a
    person's display name or a name an article gives them (any case), then
    a name key ("Mr. Netanyahu" -> Netanyahu), then part of a display name
    ("Park" -> "Lena Park").  [] when the archive is not linked."""
    name = (name or "").strip()
    if not name or not _has_persons(db):
        return []
    variants = _variants(name)
    marks = ",".join("?" * len(variants))
    steps = [
        (f"""SELECT id FROM persons WHERE name IN ({marks})
             UNION SELECT person_id FROM person_forms WHERE name IN ({marks})""", [*variants, *variants]),
        ("SELECT id FROM persons WHERE name LIKE ? ESCAPE '\\'", [_like_escape(name)]),
    ]
    for sql, args in steps:
        ids = [r[0] for r in db.execute(sql, args)]
        if ids:
            return _by_articles(db, ids)
    
    pid = find_person(db, name)
    if pid is not None:
        return [pid]
    ids = [r[0] for r in db.execute(
        "SELECT id FROM persons WHERE articles > 0 AND name LIKE ? ESCAPE '\\' ORDER BY articles DESC LIMIT ?",
        ["%" + _like_escape(name) + "%", MAX_NAMES])]
    return ids


def _by_articles(db: sqlite3.Connection, ids: list[int]) -> list[int]:
    marks = ",".join("?" * len(ids))
    return [r[0] for r in db.execute(f"SELECT id FROM persons WHERE id IN ({marks}) ORDER BY articles DESC, id", ids)]


def display_name(db: sqlite3.Connection, name: str) -> str | None:
    """The display name of the person a name denotes (the most written about
    when several), or None: what a person page is found under."""
    ids = person_ids(db, name)
    if not ids:
        return None
    return db.execute("SELECT name FROM persons WHERE id = ?", (ids[0],)).fetchone()[0]


def names_of(db: sqlite3.Connection, ids: list[int]) -> list[str]:
    """Every per-article name of these persons (display names first)."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    shown = [r[0] for r in db.execute(f"SELECT name FROM persons WHERE id IN ({marks})", ids)]
    used = [r[0] for r in db.execute(
        f"SELECT name FROM person_forms WHERE person_id IN ({marks}) GROUP BY name ORDER BY sum(n) DESC LIMIT ?",
        [*ids, MAX_NAMES])]
    return list(dict.fromkeys([*shown, *used]))


# (table, column) pairs a raw name may be matched in: the filter's own column
_COLUMNS = {("quotes", "speaker"), ("counts", "claimant"), ("people", "name")}


def names_for(db: sqlite3.Connection, name: str | None, table: str = "people", column: str = "name") -> list[str]:
    """Every stored name a name filter stands for: the per-article names of
    the linked persons it denotes (:func:`person_ids`); failing that (an
    archive not yet linked, a speaking organisation), the names in
    ``table.column`` equal to it in any case, else containing it.  [] when
    nothing matches: the filter then matches nothing."""
    name = (name or "").strip()
    if not name:
        return []
    names = names_of(db, person_ids(db, name))
    if names:
        return names
    if (table, column) not in _COLUMNS:
        raise ValueError(f"no name column {table}.{column}")
    variants = _variants(name)
    marks = ",".join("?" * len(variants))
    found = [r[0] for r in db.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IN ({marks})", variants)]
    if found:
        return found
    # one scan for the rest: the names equal to it in any case if any, else those containing it
    found = [r[0] for r in db.execute(
        f"SELECT {column} FROM {table} WHERE {column} LIKE ? ESCAPE '\\' GROUP BY {column} ORDER BY count(*) DESC LIMIT ?",
        ["%" + _like_escape(name) + "%", MAX_NAMES])]
    same = [n for n in found if n.casefold() == name.casefold()]
    return same or found


def known_people(db: sqlite3.Connection, names: list[str | None]) -> set[str]:
    """Which of these names have a person page (a person the archive knows
    under that name): sources that are organisations ("the ministry",
    a monitoring group) get no link to a page that would say 404."""
    wanted = sorted({n for n in names if n})
    if not wanted:
        return set()
    marks = ",".join("?" * len(wanted))
    if _has_persons(db):
        rows = db.execute(f"""SELECT name FROM persons WHERE name IN ({marks})
                              UNION SELECT name FROM person_forms WHERE name IN ({marks})""", [*wanted, *wanted])
    else:
        rows = db.execute(f"SELECT DISTINCT name FROM people WHERE name IN ({marks})", wanted)
    return {r[0] for r in rows}



def _rows(cur) -> list[dict[str, Any]]:
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur]


def find_person(db, name: str) -> int | None:
    """The person a name denotes: a display name, a per-article name or a
    mention ("Mr. Netanyahu"), exact first, then by its name key."""
    if not _has_table(db, "persons"):
        return None
    row = db.execute("SELECT id FROM persons WHERE name = ? ORDER BY articles DESC LIMIT 1", (name,)).fetchone()
    if row:
        return row[0]
    row = db.execute("SELECT person_id FROM person_forms WHERE name = ? ORDER BY n DESC LIMIT 1",
                     (name,)).fetchone()
    if row:
        return row[0]
    from ...link import people as P  # noqa: N812 - name keys: loaded when a name is not found as written

    key = P.parse_name(name)
    if key is None:
        return None
    best = None
    for pid, first, middle, last, suffix, block, arts in db.execute(
            "SELECT id, first, middle, last, suffix, block, articles FROM persons WHERE block = ? OR last = ?",
            (key.block, key.last)):
        k = P.NameKey(first, tuple(middle.split()) if middle else (), last, suffix, block)
        ok = P.compatible(key, k) if key.full else (k.last == key.last or P.surname_match(key, k))
        if ok and (best is None or arts > best[1]):
            best = (pid, arts)
    return best[0] if best else None


def people_list(db, limit: int = 50, offset: int = 0, name: str | None = None) -> list[dict[str, Any]]:
    if not _has_table(db, "persons"):
        return []
    conds, args = ["articles > 0"], []
    if name:
        conds.append("name LIKE ?")
        args.append(f"%{name}%")
    return _rows(db.execute(
        f"""SELECT id, name, articles, mentions, role, first_day, last_day FROM persons
            WHERE {' AND '.join(conds)} ORDER BY articles DESC, mentions DESC, name LIMIT ? OFFSET ?""",
        [*args, limit, offset]))


# A person in more articles than this has their quotes, claims and articles
# found by walking the archive's day index (stopping at the page's end);
# fewer, by reading all their rows and sorting them.
WALK_ABOVE = 3000
# Names used and people named with a person are read from their latest N articles.
RECENT_WINDOW = 500


def person_profile(db, person_id: int, limit: int = 50) -> dict[str, Any] | None:
    """A person across the archive: names used, roles over time, quotes,
    counts they claim, people named with them, articles.  Every part reads
    a bounded number of rows, however many articles name the person."""
    cur = db.execute("SELECT * FROM persons WHERE id = ?", (person_id,))
    row = cur.fetchone()
    if row is None:
        return None
    out = dict(zip([c[0] for c in cur.description], row))
    many = (out.get("articles") or 0) > WALK_ABOVE
    names: Counter = Counter()
    for ms, in db.execute(
            """SELECT p.mentions FROM (SELECT article_rowid, person_idx FROM person_mentions
                                       INDEXED BY person_mentions_person
                                       WHERE person_id = ? ORDER BY rowid DESC LIMIT ?) pm
               JOIN people p ON p.article_rowid = pm.article_rowid AND p.idx = pm.person_idx""",
            (person_id, RECENT_WINDOW)):
        names.update(m[0] for m in json.loads(ms))
    out["names_used"] = [n for n, _ in names.most_common(20)]
    out["roles"] = roles(db, person_id)
    out["quotes"] = _oldest_first(db, person_id, many, limit, "quotes q", "+q.speaker", "q",
                                  "q.quote, q.cue, q.kind, a.id AS article_id, a.title, a.day")
    out["claims"] = _oldest_first(db, person_id, many, limit, "counts c", "+c.claimant", "c",
                                  "c.text, c.category, c.what, a.id AS article_id, a.day")
    out["co_mentioned"] = _rows(db.execute(
        """SELECT ps.id, ps.name, count(DISTINCT o.article_rowid) AS articles
           FROM (SELECT article_rowid FROM person_mentions INDEXED BY person_mentions_person
                 WHERE person_id = ? ORDER BY rowid DESC LIMIT ?) me
           CROSS JOIN person_mentions o ON o.article_rowid = me.article_rowid
           JOIN persons ps ON ps.id = o.person_id
           WHERE o.person_id != ?
           GROUP BY ps.id ORDER BY articles DESC, ps.name LIMIT 20""", (person_id, RECENT_WINDOW, person_id)))
    # newest first (SQLite puts undated last in descending order)
    from ..queries import ARTICLES_WALK_ABOVE

    walk = (out.get("articles") or 0) > ARTICLES_WALK_ABOVE
    join = "articles a CROSS JOIN person_mentions pm" if walk else "person_mentions pm CROSS JOIN articles a"
    out["articles_list"] = _rows(db.execute(
        f"""SELECT a.id, a.title, a.outlet, a.day, p.role, pm.name AS named_as
           FROM {join} ON a.rowid = pm.article_rowid
           JOIN people p ON p.article_rowid = pm.article_rowid AND p.idx = pm.person_idx
           WHERE pm.person_id = ? ORDER BY a.day DESC, a.rowid DESC LIMIT ?""", (person_id, limit)))
    return out


def roles(db, person_id: int) -> list[dict[str, Any]]:
    """A person's roles, each with its first and last day and articles, earliest first (undated last)."""
    return _rows(db.execute(
        """SELECT role, first_day, last_day, articles FROM person_role_days WHERE person_id = ?
           ORDER BY first_day IS NULL, first_day, articles DESC, role""", (person_id,)))


def months(db, person_id: int) -> list[dict[str, Any]]:
    """Articles naming a person, by month (dated articles only), oldest first."""
    return _rows(db.execute(
        "SELECT month, articles FROM person_months WHERE person_id = ? AND month != '' ORDER BY month", (person_id,)))


# "Dated" as a range on the day index (days are never ''): written as IS NOT
# NULL, SQLite builds a Bloom filter over the whole inner table first.
DATED = "a.day >= ''"


def _oldest_first(db, person_id: int, many: bool, limit: int, table: str, name_col: str, alias: str,
                  cols: str) -> list[dict[str, Any]]:
    """A person's quotes or counts (rows of ``table`` whose ``name_col`` is the
    name an article gives the person), oldest first, undated last.

    When the person's names have few such rows (the name index says so,
    counting at most WALK_ABOVE of them), those rows are read through the
    name index and kept when an article gives the person that name.  Else
    the person's articles are walked (along the day index when the person
    is in many articles) with the name column never used for an index
    (``+``): a common name's index entries would be read for every article
    of the person; ``idx >= 0`` (always true) steers SQLite to the
    (article_rowid, idx) index, never to an automatic index built over the
    whole table."""
    col = name_col.lstrip("+")
    names = [r[0] for r in db.execute("SELECT name FROM person_forms WHERE person_id = ?", (person_id,))]
    marks = ",".join("?" * len(names)) or "NULL"
    few = db.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {col} IN ({marks}) LIMIT ?)",
                     [*names, WALK_ABOVE + 1]).fetchone()[0] <= WALK_ABOVE
    if few:
        return _rows(db.execute(
            f"""SELECT {cols} FROM {table} CROSS JOIN articles a ON a.rowid = {alias}.article_rowid
                WHERE {col} IN ({marks}) AND EXISTS (SELECT 1 FROM person_mentions pm
                    WHERE pm.article_rowid = {alias}.article_rowid AND pm.person_idx >= 0
                    AND pm.person_id = ? AND pm.name = {col})
                ORDER BY a.day IS NULL, a.day, a.rowid, {alias}.idx LIMIT ?""", [*names, person_id, limit]))

    def rows(dated: bool, n: int) -> list[dict[str, Any]]:
        join = "articles a CROSS JOIN person_mentions pm" if many else \
            "person_mentions pm CROSS JOIN articles a"
        return _rows(db.execute(
            f"""SELECT {cols} FROM {join} ON a.rowid = pm.article_rowid
                CROSS JOIN {table} ON {alias}.article_rowid = pm.article_rowid AND {alias}.idx >= 0
                    AND {name_col} = pm.name
                WHERE pm.person_id = ? AND {DATED if dated else "a.day IS NULL"}
                ORDER BY a.day, a.rowid, {alias}.idx LIMIT ?""", (person_id, n)))
    out = rows(True, limit)
    if len(out) < limit:
        out += rows(False, limit - len(out))
    return out
