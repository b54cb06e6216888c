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
from collections.abc import Mapping, Sequence

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
