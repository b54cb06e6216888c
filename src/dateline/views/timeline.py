"""Matching articles over time: how many articles a search (words and
filters, as on the search page) finds per day, week or month, in all or
per outlet.  What the search page charts and ``dateline search --over-time``
prints."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from .filters import BadFilter, check_filters

BUCKETS = ("day", "week", "month")
MAX_OUTLETS = 6  # outlets drawn on their own; the rest are summed as "other outlets"
AUTO_DAYS = 92  # spans longer than this are counted per week (per month beyond 3 years)
WINDOW = 10_000  # matches counted at most: the most recently added (as search ranks a very common word)


def bucket_of(day: str, by: str) -> str:
    """The bucket a YYYY-MM-DD day falls in: the day itself, the Monday of
    its ISO week, or its month (YYYY-MM)."""
    if by == "day":
        return day
    if by == "month":
        return day[:7]
    d = date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat()


def _auto(days: list[str]) -> str:
    if not days:
        return "day"
    span = (date.fromisoformat(max(days)) - date.fromisoformat(min(days))).days
    return "day" if span <= AUTO_DAYS else "week" if span <= 3 * 365 else "month"


def _next(b: str, by: str) -> str:
    if by == "month":
        y, m = int(b[:4]), int(b[5:7])
        return f"{y + m // 12}-{m % 12 + 1:02d}"
    return (date.fromisoformat(b) + timedelta(days=1 if by == "day" else 7)).isoformat()


def day_counts(store, q: str = "", outlet: str | None = None, since: str | None = None,
               until: str | None = None, person: str | None = None,
               window: int = WINDOW) -> tuple[list[tuple[str, str | None, int]], bool]:
    """(day, outlet, articles) for the dated articles the search matches, and
    whether more matched than ``window`` (then only the most recently added
    ``window`` matches are counted, which keeps a very common word's page
    within its time budget)."""
    rows, cut = store.day_outlet_counts(q, outlet=outlet, since=since, until=until, person=person, window=window)
    return [(r[0][:10], r[1], r[2]) for r in rows], cut


def over_time(store, q: str = "", outlet: str | None = None, since: str | None = None, until: str | None = None,
              person: str | None = None, by: str | None = None, per_outlet: bool = False) -> dict[str, Any]:
    """Matching articles per bucket: {by, buckets: [...], series: [{outlet,
    counts: [n per bucket]}], rows: [{bucket, outlet, articles}], undated}.
    ``by`` is day, week or month (None: by the span of the matches); every
    bucket between the first and the last is present (zeros included), so a
    chart's gaps are real; ``window`` is set when only the most recently
    added WINDOW matches were counted.  ``per_outlet``: one series per outlet (the
    largest MAX_OUTLETS, the rest together); else one series, outlet None."""
    check_filters(since=since, until=until)
    if by not in (None, "", *BUCKETS):
        raise BadFilter("by", f"{by!r} is not a bucket; use one of {', '.join(BUCKETS)}")
    counted, cut = day_counts(store, q, outlet, since, until, person)
    found = [(d, o, n) for d, o, n in counted if _is_day(d)]
    by = by or _auto([d for d, _, _ in found])
    totals: dict[str | None, int] = {}
    cells: dict[tuple[str, str | None], int] = {}
    for d, o, n in found:
        key = o if per_outlet else None
        totals[key] = totals.get(key, 0) + n
    kept = sorted(totals, key=lambda o: (-totals[o], o or ""))
    other = "other outlets"
    if per_outlet and len(kept) > MAX_OUTLETS:
        kept = kept[:MAX_OUTLETS - 1] + [other]
    for d, o, n in found:
        key = (o if o in kept else other) if per_outlet else None
        b = bucket_of(d, by)
        cells[(b, key)] = cells.get((b, key), 0) + n
    buckets: list[str] = []
    if cells:
        first, last = min(b for b, _ in cells), max(b for b, _ in cells)
        b = first
        while b <= last and len(buckets) < 5000:
            buckets.append(b)
            b = _next(b, by)
    series = [{"outlet": o, "counts": [cells.get((b, o), 0) for b in buckets]} for o in kept]
    rows = [{"bucket": b, "outlet": o, "articles": cells[(b, o)]} for b in buckets for o in kept if (b, o) in cells]
    return {"by": by, "buckets": buckets, "series": series, "rows": rows,
            "total": sum(n for _, _, n in found), "window": WINDOW if cut else None}


def _is_day(d: str | None) -> bool:
    try:
        date.fromisoformat(d or "")
        return True
    except ValueError:
        return False
