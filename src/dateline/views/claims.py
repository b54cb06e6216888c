"""Claims: the numbers different sources give for one quantity, as every
interface shows them (the /claims page, /api/claims, ``dateline claims``).

A claim group (link/claims.py, stored by the linking step) is one quantity
("soldiers killed in the east") with each source's figures; a page shows one
category of them at a time, and each group is charted on its own: figures
of unrelated events are never joined by a line."""
from __future__ import annotations

from typing import Any

from .filters import check_filters

ROOM = 8  # sources shown as their own column before the rest are put together (one colour each)
OTHERS = "others"


def group_rows(groups: list, rows: int | None = None) -> list[dict[str, Any]]:
    """Claim groups as plain data: label, category, claimants, rows (oldest
    first: the latest ``rows`` of them when given) and ``total`` rows."""
    out = []
    for g in groups:
        table = g.table()
        out.append({"label": g.label, "category": g.category, "claimants": g.claimants,
                    "rows": table[-rows:] if rows else table, "total": len(table)})
    return out


def page_groups(store, category: str | None = None, about: str | None = None, limit: int | None = None,
                rows: int | None = None, min_claimants: int = 2,
                words: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` claim groups of a category (all grouped categories:
    None) about ``about``, each with the latest ``rows`` rows of its table
    (None: all), as :func:`group_rows` gives them: from the stored group
    summaries (Store.claim_group_page), else grouped live."""
    found = store.claim_group_page(category, about, min_claimants, limit, rows, words=words)
    if found is None:
        found = group_rows(store.claim_groups(category=category, about=about, min_claimants=min_claimants,
                                              limit=limit), rows=rows)
    return found


def opening_category(groups: list, categories: list[dict[str, Any]], about: str | None = None,
                     about_counts: list[dict[str, Any]] | None = None,
                     tally: dict[str, int] | None = None) -> str | None:
    """The category a claims view opens on when none is asked for: the one
    whose claim groups (those about ``about``, when given) hold the most
    claims; failing groups, the category with the most counts about
    ``about`` (``about_counts``), else the most counts in the archive ("other"
    last).  ``tally`` (claims per category, from stored group summaries)
    stands for ``groups`` when given."""
    from ..link.claims import groups_about

    tally = dict(tally or {})
    for g in groups_about(groups, about):
        tally[g.category] = tally.get(g.category, 0) + len(g.rows)
    if not tally and about and about_counts:
        # the counts whose own words (what is counted, the figure as written) say it, else any in the articles
        words = about.lower().split()
        said = [r for r in about_counts
                if all(w in f"{r.get('what') or ''} {r.get('text') or ''}".lower() for w in words)]
        for r in said or about_counts:
            tally[r["category"]] = tally.get(r["category"], 0) + 1
    if tally:
        return min(tally, key=lambda c: (c == "other", -tally[c], c))
    named = sorted(categories, key=lambda c: (c["category"] == "other", -c["counts"], c["category"]))
    return named[0]["category"] if named else None


def compare(store, category: str | None = None, about: str | None = None, since: str | None = None,
            until: str | None = None, room: int = ROOM, limit: int = 500) -> dict[str, Any]:
    """Every count of a category side by side: one series per source (the
    outlet's own figures: claimant None), named sources first; sources are
    put together as "others" only past ``room`` series, the least frequent
    first.  {category, about, total, truncated, days, series: [{claimant,
    points}]}."""
    check_filters(since=since, until=until, category=category)
    rows = store.counts(category=category, about=about, since=since, until=until, limit=limit, oldest_first=True)
    tally: dict[str | None, int] = {}
    for r in rows:
        tally[r["claimant"]] = tally.get(r["claimant"], 0) + 1
    order = sorted(tally, key=lambda k: (k is None, -tally[k], k or ""))
    kept = set(order if len(order) <= room else order[:room - 1])
    series: dict[str, dict[str, Any]] = {}
    for who in [k for k in order if k in kept] + ([OTHERS] if len(kept) < len(order) else []):
        series[who if who is not None else ""] = {"claimant": who, "points": []}
    for r in rows:
        who = r["claimant"] if r["claimant"] in kept else OTHERS
        series[who if who is not None else ""]["points"].append(r)
    days = sorted({r["day"] for r in rows if r["day"]})
    return {"category": category, "about": about, "total": len(rows), "truncated": len(rows) >= limit,
            "days": days, "series": [s for s in series.values() if s["points"]]}


def side_by_side(cmp: dict[str, Any]) -> dict[str, Any]:
    """Rows = days (oldest first), columns = sources: what each said that day."""
    cols = [s["claimant"] for s in cmp["series"]]
    by_day: dict[str, dict[int, list[dict]]] = {}
    for ci, s in enumerate(cmp["series"]):
        for p in s["points"]:
            by_day.setdefault(p["day"] or "undated", {}).setdefault(ci, []).append(p)
    days = sorted(by_day, key=lambda d: (d == "undated", d))
    return {"columns": cols, "rows": [{"day": d, "cells": [by_day[d].get(ci, []) for ci in range(len(cols))]}
                                      for d in days]}
