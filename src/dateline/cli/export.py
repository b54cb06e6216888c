"""`dateline export`: the archive as files."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .base import (DB_OPT, _db_option, app, bad_filters,
                   err, open_store)

@app.command()
def export(
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout)"),
    since: Optional[str] = None, until: Optional[str] = None, outlet: Optional[str] = None,
    db: Optional[str] = DB_OPT,
) -> None:
    """Export articles: JSON Lines (shared/spec/export-format.md) or CSV."""
    _db_option(db)
    from ..views.filters import check_filters

    with bad_filters():
        check_filters(since=since, until=until)
    if fmt not in ("jsonl", "csv"):
        err.print("--format must be jsonl or csv")
        raise typer.Exit(2)
    stream = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    n = 0
    try:
        with open_store(readonly=True) as store:
            rows = store.iter_articles(since=since, until=until, outlet=outlet)
            if fmt == "jsonl":
                for a in rows:
                    stream.write(json.dumps(a.to_export(), ensure_ascii=False) + "\n")
                    n += 1
            else:
                w = csv.writer(stream)
                w.writerow(["id", "source", "outlet", "captured_at", "published", "url", "title", "byline",
                            "contributors", "truncated", "people", "quotes", "counts", "text"])
                for a in rows:
                    ann = a.annotations
                    w.writerow([a.id, a.source, a.outlet, a.captured_at, a.published, a.url, a.title,
                                "; ".join(a.byline), "; ".join(c.name for c in a.contributors), int(a.truncated),
                                "; ".join(p.name for p in ann.people), len(ann.quotes), len(ann.counts), a.text])
                    n += 1
    finally:
        if output:
            stream.close()
    if output:
        err.print(f"{n} articles written to {output}")


