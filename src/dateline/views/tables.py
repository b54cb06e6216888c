"""Lists as tables: the columns each list is downloaded with (CSV) and the
CSV itself.  The web's download links, the API and ``--format csv`` on the
command line all write a list through :func:`csv_text` with the columns
named here, so a list reads the same wherever it is taken from."""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable

# list -> the row keys written as CSV columns, in order
COLUMNS: dict[str, list[str]] = {
    "search": ["id", "day", "outlet", "title", "byline", "snippet", "score"],
    "articles": ["id", "day", "outlet", "title", "truncated", "quotes", "counts"],
    "quotes": ["article_id", "day", "outlet", "title", "speaker", "speaker_desc", "anonymous", "partial", "kind",
               "cue", "quote", "start", "end"],
    "counts": ["article_id", "day", "outlet", "title", "text", "value", "low", "high", "qualifier", "category",
               "what", "claimant", "as_of", "as_of_date", "start", "end"],
    "claims": ["group", "category", "claimant", "value", "number", "low", "high", "qualifier", "as_of", "as_of_date",
               "date",
               "article_date", "article_id", "text"],
    "people": ["name", "articles", "mentions", "role", "quotes"],
    "stories": ["id", "label", "first_day", "last_day", "articles", "duplicates"],
    "timeline": ["bucket", "outlet", "articles"],
    "mentions": ["article_id", "day", "outlet", "title", "name", "role", "mentions"],
}

# the tables ``dateline export --tables DIR`` writes, a row per fact, each with its article
TABLES = ("quotes", "counts", "mentions")


def cell(v: Any) -> Any:
    """A value as a CSV cell: lists joined with '; ', None empty, booleans 0/1."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def csv_text(rows: Iterable[dict[str, Any]], kind: str) -> str:
    """The rows of a list as CSV text with a header line (the columns of
    ``COLUMNS[kind]``; a key a row lacks is an empty cell)."""
    cols = COLUMNS[kind]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(cols)
    for r in rows:
        w.writerow([cell(r.get(c)) for c in cols])
    return buf.getvalue()


def claim_rows(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claim groups ({label, category, rows}) as one flat table, a row per claim."""
    return [{"group": g["label"], "category": g["category"], **r} for g in groups for r in g["rows"]]


def fact_rows(articles) -> dict[str, list[dict[str, Any]]]:
    """The quotes, counts and people mentions of these articles (model.Article)
    as table rows, each with its article (id, day, outlet, headline) and,
    for quotes and counts, its character span."""
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in TABLES}
    for a in articles:
        head = {"article_id": a.id, "day": (a.published or a.captured_at or "")[:10] or None, "outlet": a.outlet,
                "title": a.title}
        ann = a.annotations
        for q in ann.quotes:
            out["quotes"].append({**head, **{k: getattr(q, k) for k in COLUMNS["quotes"] if hasattr(q, k)}})
        for c in ann.counts:
            out["counts"].append({**head, **{k: getattr(c, k) for k in COLUMNS["counts"] if hasattr(c, k)}})
        for p in ann.people:
            out["mentions"].append({**head, "name": p.name, "role": p.role, "mentions": len(p.mentions)})
    return out
