"""Which people a name filter means, through linked persons.

A reader filters by a name as they know it: "Vasic", "vasic",
"Teodora Vasic", "Mr. Vasic".  Articles store the name each article gives
(``people.name`` = ``quotes.speaker`` = ``counts.claimant``); the linking
step puts those names together as one person (``persons`` and
``person_mentions``).  :func:`names_for` turns a filter into every
per-article name of the people it denotes, so one person is found under
every name they go by, whatever the case, in the CLI, the pages and the API
alike.
"""
from __future__ import annotations

import sqlite3

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
             UNION SELECT person_id FROM person_mentions WHERE name IN ({marks})""", [*variants, *variants]),
        ("SELECT id FROM persons WHERE name LIKE ? ESCAPE '\\'", [_like_escape(name)]),
    ]
    for sql, args in steps:
        ids = [r[0] for r in db.execute(sql, args)]
        if ids:
            return _by_articles(db, ids)
    from ..link.run import find_person

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
        f"SELECT name FROM person_mentions WHERE person_id IN ({marks}) GROUP BY name ORDER BY count(*) DESC LIMIT ?",
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
                              UNION SELECT name FROM person_mentions WHERE name IN ({marks})""", [*wanted, *wanted])
    else:
        rows = db.execute(f"SELECT DISTINCT name FROM people WHERE name IN ({marks})", wanted)
    return {r[0] for r in rows}


def person(store, name: str, quotes: int = 50, articles: int = 50) -> dict | None:
    """One person's page data (Store.person) under any name they go by, as
    ``dateline person`` finds them: "Mr. Netanyahu", a surname, any case.
    None when the name denotes nobody."""
    shown = display_name(store.db, name)
    p = store.person(shown, quotes=quotes, articles=articles) if shown else None
    return p if p is not None else store.person(name, quotes=quotes, articles=articles)
