"""Claim groups as a page shows them, read from the stored group summaries
(``claim_groups``, written by the linking step): the groups in page order,
the words each is about, and the latest rows of each, so that a group of
10,000 claims costs a light pass over its rows and 20 full rows, not 10,000
row objects.  Plain data out: the same dicts ``views.claims.group_rows``
makes of whole groups."""
from __future__ import annotations

import heapq
from typing import Any, NamedTuple


class _Dated(NamedTuple):  # what link.claims.row_date reads of a row
    as_of_date: str | None
    date: str | None


def heads(db, cond: str, args: list, min_claimants: int, by_pos: bool, limit: int | None = None) -> list[dict]:
    """The stored groups shown (two claimants and two rows at least) that
    match ``cond`` on claim_groups, in page order: a category's by position,
    several categories' largest first."""
    order = "pos" if by_pos else "rows DESC, key"
    sql = (f"SELECT id, category, key, label, rows, claimants FROM claim_groups "
           f"WHERE {cond} AND claimants >= ? AND rows >= 2 ORDER BY {order}")
    params = [*args, min_claimants]
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    cols = ("id", "category", "key", "label", "rows", "claimants")
    return [dict(zip(cols, r)) for r in db.execute(sql, params)]


def words(db, cond: str, args: list, min_claimants: int) -> dict[int, str]:
    """Each shown group's label, counted things and phrases as written, lower
    case, one a line: what the words of an ``about`` filter are looked for
    in (link.claims.groups_about reads the same fields)."""
    found: dict[int, set[str]] = {}
    for gid, label, what, text in db.execute(
            f"""SELECT g.id, g.label, c.what, c.text FROM claim_groups g
                JOIN claim_group_rows gr ON gr.group_id = g.id CROSS JOIN counts c ON c.rowid = gr.count_rowid
                WHERE {cond} AND g.claimants >= ? AND g.rows >= 2""", [*args, min_claimants]):
        seen = found.setdefault(gid, {label or ""})
        seen.add(what or "")
        seen.add(text or "")
    return {gid: "\n".join(sorted(xs)).lower() for gid, xs in found.items()}


def about(heads_: list[dict], index: dict[int, str], text: str | None) -> list[dict]:
    """The groups whose label, counted things or phrases hold every word of
    ``text`` (any case); all of them without words."""
    ws = [w.lower() for w in (text or "").split()]
    return [h for h in heads_ if all(w in index.get(h["id"], "") for w in ws)]


def latest(db, group_ids: list[int], n: int | None) -> dict[int, tuple[list[int], list[str], int]]:
    """For each group: the counts.rowid of its latest ``n`` rows (all when
    None), in the group's order, its claimants and its number of rows.  "Latest" is the order of
    the group's table (link.claims.ClaimGroup.table: the date the figure is
    for, then the claimant, undated last), read from three columns of
    each row."""
    from ...link.claims import row_date

    if not group_ids:
        return {}
    marks = ",".join("?" * len(group_ids))
    rows: dict[int, list[tuple]] = {g: [] for g in group_ids}
    who: dict[int, set[str]] = {g: set() for g in group_ids}
    for gid, pos, rowid, claimant, as_of_date, date in db.execute(
            f"""SELECT gr.group_id, gr.pos, gr.count_rowid, c.claimant, c.as_of_date,
                       coalesce(a.published, a.captured_at)
                FROM claim_group_rows gr CROSS JOIN counts c ON c.rowid = gr.count_rowid
                CROSS JOIN articles a ON a.rowid = c.article_rowid
                WHERE gr.group_id IN ({marks})""", group_ids):
        day = row_date(_Dated(as_of_date, str(date)[:10] if date else None)) if as_of_date else \
            (str(date)[:10] if date else None)
        rows[gid].append((day or "9999", claimant or "", pos, rowid))
        who[gid].add(claimant or "(outlet)")
    out = {}
    for gid, rs in rows.items():
        kept = heapq.nlargest(n, rs) if n else rs
        out[gid] = ([r[3] for r in sorted(kept, key=lambda r: r[2])], sorted(who[gid]), len(rs))
    return out


def tables(db, shown: list[dict], n: int | None, row_columns: str) -> list[dict[str, Any]]:
    """The groups ``shown`` (from :func:`heads`) as views.claims.group_rows
    gives them: label, category, claimants, the latest ``n`` rows of the
    group's table (all when None) and the ``total`` of its rows."""
    from ...link.claims import ClaimGroup, as_row

    picked = latest(db, [h["id"] for h in shown], n)
    wanted = [rowid for ids, _, _ in picked.values() for rowid in ids]
    full: dict[int, dict] = {}
    for i in range(0, len(wanted), 500):
        part = wanted[i:i + 500]
        cur = db.execute(f"""SELECT {row_columns} FROM counts c CROSS JOIN articles a ON a.rowid = c.article_rowid
                             WHERE c.rowid IN ({','.join('?' * len(part))})""", part)
        cols = [d[0] for d in cur.description]
        for r in cur:
            d = dict(zip(cols, r))
            full[d["count_id"]] = d
    out = []
    for h in shown:
        ids, claimants, total = picked.get(h["id"], ([], [], 0))
        g = ClaimGroup(key=h["key"], category=h["category"], label=h["label"])
        for rowid in ids:
            if rowid in full:
                row = as_row(full[rowid])
                row.subject = h["key"].split("@", 1)[0]
                g.rows.append(row)
        out.append({"label": h["label"], "category": h["category"], "claimants": claimants, "rows": g.table(),
                    "total": total})
    return out
