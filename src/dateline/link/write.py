"""What linking writes to the archive: small write functions the linking
step calls with what it computed (link/claims.py, link/stories.py and
link/people.py compute; they do not write).

``regroup_claim_subjects`` puts a category's new claim rows into its stored
groups when they make earlier subjects change group: only the groups of the
subjects that moved (and of the new rows) are made again, with the result
grouping the whole category gives, since a group holds exactly the rows of
its key (``claims.group_key``) in archive order.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from .claims import ClaimRow, _is_generic, assemble, prepare_rows


def moved_subjects(old: Mapping[str, tuple[int, int, str | None]], canon: Mapping[str, str]) -> set[str]:
    """Earlier subjects whose group changes under the new canonical keys
    (``old``: subject -> (rows, first seen, canonical key or None))."""
    return {k for k, (_, _, c) in old.items() if canon.get(k) != c}


def groups_touched(old: Mapping[str, tuple[int, int, str | None]], canon: Mapping[str, str],
                   new_rows: Sequence[ClaimRow]) -> set[str] | None:
    """The stored groups whose rows change: each moved subject's group
    before and after, and the groups the new rows (subjects not yet
    canonical) join.  Generic subjects are not stored as groups (they group
    within one story): a move between two of them changes nothing stored;
    None when a generic subject's rows move into a stored group (they are
    in none: the category is grouped whole)."""
    out = set()
    for k in moved_subjects(old, canon):
        before, after = old[k][2] or k, canon.get(k, k)
        if _is_generic(before):
            if _is_generic(after):
                continue
            return None  # its earlier rows are in no stored group
        out.add(before)  # its rows leave a stored group (for another, or for none)
        if not _is_generic(after):
            out.add(after)
    out.update(t for r in new_rows if not _is_generic(t := canon.get(r.subject, r.subject)))
    return out


def regroup_claim_subjects(db, cat: str, new_rows: Sequence[ClaimRow], canon: Mapping[str, str],
                           keys: set[str] | None, row_columns: str) -> int | None:
    """Make the groups ``keys`` of category ``cat`` again from their stored
    rows and ``new_rows`` (prepared, subjects not yet canonical), each row
    under its subject's canonical key ``canon``; returns the number of groups
    written, or None (``keys`` None: the category is grouped whole).  ``row_columns``: the store's
    claim row columns over counts c and articles a."""
    if keys is None:
        return None
    marks = ",".join("?" * len(keys)) or "NULL"
    gids = [r[0] for r in db.execute(f"SELECT id FROM claim_groups WHERE category = ? AND key IN ({marks})",
                                     (cat, *sorted(keys)))]
    counted = set()
    arts: set[int] = set()
    if gids:
        for cid, art in db.execute(
                f"""SELECT gr.count_rowid, c.article_rowid FROM claim_group_rows gr
                    JOIN counts c ON c.rowid = gr.count_rowid WHERE gr.group_id IN ({",".join("?" * len(gids))})""",
                gids):
            counted.add(cid)
            arts.add(art)
    # the stored rows' subjects as their articles give them (prepare_rows
    # looks at each article's rows of the category together)
    rows = db.execute(
        f"""SELECT {row_columns} FROM counts c JOIN articles a ON a.rowid = c.article_rowid
            WHERE c.category = ? AND c.article_rowid IN (SELECT value FROM json_each(?))
            ORDER BY a.rowid, c.idx""", (cat, json.dumps(sorted(arts))))
    every = [r for r in prepare_rows([dict(r) for r in rows], [cat]) if r.count_id in counted] + list(new_rows)
    for r in every:
        r.subject = canon.get(r.subject, r.subject)
    return _replace(db, cat, gids, every)


def _replace(db, cat: str, old_ids: list[int], rows: list[ClaimRow]) -> int:
    """Groups ``old_ids`` of ``cat`` replaced by the groups ``rows`` (final
    subjects set, archive order) make; positions are left to the caller."""
    groups = [g for g in assemble(rows, min_rows=1, min_claimants=1) if not _is_generic(g.key)]
    if old_ids:
        marks = ",".join("?" * len(old_ids))
        db.execute(f"DELETE FROM claim_group_rows WHERE group_id IN ({marks})", old_ids)
        db.execute(f"DELETE FROM claim_groups WHERE id IN ({marks})", old_ids)
    first = (db.execute("SELECT max(id) FROM claim_groups").fetchone()[0] or 0) + 1
    db.executemany(
        "INSERT INTO claim_groups (id, category, pos, key, label, rows, claimants) VALUES (?,?,?,?,?,?,?)",
        [(first + i, cat, -(first + i), g.key, g.label, len(g.rows), len(g.claimants)) for i, g in enumerate(groups)])
    db.executemany("INSERT INTO claim_group_rows (group_id, pos, count_rowid) VALUES (?,?,?)",
                   [(first + i, j, r.count_id) for i, g in enumerate(groups) for j, r in enumerate(g.rows)])
    return len(groups)


# --------------------------------------------------------------------------
# People across articles
# --------------------------------------------------------------------------

def merge_person(db, src: int, dst: int) -> None:
    """Person ``src`` folded into ``dst``: its rows move, it goes."""
    db.execute("UPDATE person_mentions SET person_id = ? WHERE person_id = ?", (dst, src))
    db.execute("UPDATE person_roles SET person_id = ? WHERE person_id = ?", (dst, src))
    db.execute("DELETE FROM persons WHERE id = ?", (src,))


def add_persons(db, rows: Iterable[tuple]) -> None:
    """New persons: (id, name, first, middle, last, suffix, block)."""
    db.executemany("INSERT INTO persons (id, name, first, middle, last, suffix, block) VALUES (?,?,?,?,?,?,?)", rows)


def put_person_mentions(db, rows: Iterable[tuple]) -> None:
    """(person id, article rowid, person idx, name): which person an article's person is."""
    db.executemany("INSERT OR REPLACE INTO person_mentions (person_id, article_rowid, person_idx, name) "
                   "VALUES (?,?,?,?)", rows)


def add_person_roles(db, rows: Iterable[tuple]) -> None:
    """(person id, role, day, article rowid)."""
    db.executemany("INSERT INTO person_roles (person_id, role, day, article_rowid) VALUES (?,?,?,?)", rows)


def add_to_person_summaries(db, rows: Iterable[tuple]) -> None:
    """(name, articles, mentions, quotes, role, first day, last day, id): a
    batch's articles added to a person's summary columns."""
    db.executemany(
        """UPDATE persons SET name = ?, articles = articles + ?, mentions = mentions + ?, quotes = quotes + ?,
           role = ?, first_day = coalesce(min(first_day, ?6), first_day, ?6),
           last_day = coalesce(max(last_day, ?7), last_day, ?7) WHERE id = ?""", rows)


def set_person_summaries(db, rows: Sequence[tuple]) -> None:
    """(name, articles, mentions, quotes, role, first day, last day, id): a
    person's summary columns as summed from all their rows; persons left
    with no article go."""
    db.executemany("UPDATE persons SET name=?, articles=?, mentions=?, quotes=?, role=?, first_day=?, last_day=? "
                   "WHERE id=?", rows)
    ids = [r[-1] for r in rows]
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        db.execute(f"DELETE FROM persons WHERE id IN ({','.join('?' * len(chunk))}) AND articles = 0", chunk)


# --------------------------------------------------------------------------
# Stories
# --------------------------------------------------------------------------

def put_story_vector(db, rowid: int, day: str | None, vec: str, postings: Iterable[str] = ()) -> None:
    """An article's story features (JSON) and, when it is not a duplicate,
    its entries in the feature index."""
    db.execute("INSERT OR REPLACE INTO story_vectors (article_rowid, day, vec) VALUES (?,?,?)", (rowid, day, vec))
    db.executemany("INSERT INTO story_postings (feature, article_rowid) VALUES (?,?)", [(f, rowid) for f in postings])


def put_story_article(db, story_id: int, rowid: int, similarity: float | None, duplicate_of: int | None) -> None:
    db.execute("INSERT OR REPLACE INTO story_articles (story_id, article_rowid, similarity, duplicate_of) "
               "VALUES (?,?,?,?)", (story_id, rowid, similarity, duplicate_of))


def put_story(db, story_id: int, label: str, first_day: str | None, last_day: str | None, articles: int,
              duplicates: int, centroid: str) -> bool:
    """A story's summary written; True when the story is new."""
    cur = db.execute("UPDATE stories SET label=?, first_day=?, last_day=?, articles=?, duplicates=?, centroid=? "
                     "WHERE id=?", (label, first_day, last_day, articles, duplicates, centroid, story_id))
    if cur.rowcount:
        return False
    db.execute("INSERT INTO stories (id, label, first_day, last_day, articles, duplicates, centroid) "
               "VALUES (?,?,?,?,?,?,?)", (story_id, label, first_day, last_day, articles, duplicates, centroid))
    return True


def add_feature_counts(db, df_delta: Mapping[str, int], docs: int) -> None:
    """Document frequencies grown by a batch, and the archive's article count."""
    db.executemany("INSERT INTO link_df (feature, df) VALUES (?, ?) "
                   "ON CONFLICT(feature) DO UPDATE SET df = df + excluded.df", list(df_delta.items()))
    db.execute("INSERT OR REPLACE INTO link_state (key, value) VALUES ('docs', ?)", (str(docs),))


# --------------------------------------------------------------------------
# Near-duplicates and bookkeeping
# --------------------------------------------------------------------------

def add_minhash_bands(db, rowid: int, keys: Sequence[int]) -> None:
    """An original's LSH band keys (one per band)."""
    db.executemany("INSERT INTO minhash_bands (band, key, article_rowid) VALUES (?,?,?)",
                   [(band, key, rowid) for band, key in enumerate(keys)])


def add_near_duplicate(db, rowid: int, original: int, similarity: float) -> None:
    db.execute("INSERT OR IGNORE INTO near_duplicates (article_rowid, duplicate_of_rowid, similarity) "
               "VALUES (?,?,?)", (rowid, original, similarity))


DONE_TABLES = ("link_done", "minhash_done")


def mark_done(db, table: str, rowids: Iterable[int]) -> None:
    """Articles a linking step has looked at (``link_done`` or ``minhash_done``)."""
    if table not in DONE_TABLES:
        raise ValueError(table)
    db.executemany(f"INSERT OR IGNORE INTO {table} (article_rowid) VALUES (?)", [(r,) for r in rowids])


LINK_TABLES = ("person_mentions", "person_roles", "persons", "story_articles", "story_postings", "story_vectors",
               "stories", "link_df", "link_state", "link_done")


def forget_links(db) -> None:
    """Every person and story link gone (before linking the archive again)."""
    for t in LINK_TABLES:
        db.execute(f"DELETE FROM {t}")
