"""`dateline export`: the archive as files."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .base import DB_OPT, _db_option, app, bad_filters, err, open_store


@app.command()
def export(
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv; with --tables: csv | parquet"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout)"),
    tables: Optional[Path] = typer.Option(None, "--tables", help="Write a directory of tables instead: articles, "
                                          "quotes, counts, mentions (people in each article) and people (across "
                                          "the archive), as CSV or Parquet (pip install 'dateline[parquet]')."),
    since: Optional[str] = None, until: Optional[str] = None, outlet: Optional[str] = None,
    db: Optional[str] = DB_OPT,
) -> None:
    """Export articles: JSON Lines (shared/spec/export-format.md) or CSV; or, with --tables, every table."""
    _db_option(db)
    from ..views.filters import check_filters

    with bad_filters():
        check_filters(since=since, until=until)
    if tables is not None:
        return export_tables(tables, "csv" if fmt == "jsonl" else fmt, since, until, outlet)
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




ARTICLE_COLUMNS = ["id", "source", "outlet", "captured_at", "published", "url", "title", "byline", "contributors",
                   "truncated", "people", "quotes", "counts", "text"]


def _article_row(a) -> list:
    ann = a.annotations
    return [a.id, a.source, a.outlet, a.captured_at, a.published, a.url, a.title, "; ".join(a.byline),
            "; ".join(c.name for c in a.contributors), int(a.truncated), "; ".join(p.name for p in ann.people),
            len(ann.quotes), len(ann.counts), a.text]


def export_tables(folder: Path, fmt: str, since, until, outlet) -> None:
    """``--tables DIR``: articles, quotes, counts, mentions and people as CSV
    files (the columns of views.tables, as the web's downloads) or Parquet."""
    from ..views.lists import people_list
    from ..views.tables import COLUMNS, TABLES, cell, fact_rows

    if fmt not in ("csv", "parquet"):
        err.print("--format with --tables must be csv or parquet")
        raise typer.Exit(2)
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            err.print("[red]Parquet needs pyarrow:[/] pip install 'dateline[parquet]' (or --format csv)")
            raise typer.Exit(2)
    folder.mkdir(parents=True, exist_ok=True)
    with open_store(readonly=True) as store:
        arts = list(store.iter_articles(since=since, until=until, outlet=outlet))
        facts = fact_rows(arts)
        people = people_list(store, limit=-1) if store.has_table("people") else []
    articles = [dict(zip(ARTICLE_COLUMNS, _article_row(a))) for a in arts]
    named = {"articles": (articles, ARTICLE_COLUMNS), "people": (people, COLUMNS["people"]),
             **{k: (facts[k], COLUMNS[k]) for k in TABLES}}
    for name, (rows, cols) in named.items():
        path = folder / f"{name}.{fmt}"
        if fmt == "csv":
            with open(path, "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(cols)
                for r in rows:
                    w.writerow([cell(r.get(c)) for c in cols])
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist([{c: r.get(c) for c in cols} for r in rows]), path)
        err.print(f"{len(rows)} {name} written to {path}")
