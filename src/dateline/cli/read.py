"""The read commands: search, show, articles, stats, quotes, counts, claims."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from .base import (
    DB_OPT,
    FORMAT_OPT,
    JSON_OPT,
    SINCE_OPT,
    UNTIL_OPT,
    State,
    _db_option,
    _emit,
    _interval,
    _table,
    app,
    bad_filters,
    err,
    offset_opt,
    open_store,
    out,
    output_format,
    plain,
    print_rows,
    read_rows,
    refused,
    safe,
)


@app.command()
def search(
    query: str = typer.Argument(..., help='Words, "exact phrases", OR, NOT, prefix*'),
    limit: int = typer.Option(20, "--limit", "-n"),
    since: Optional[str] = SINCE_OPT,
    until: Optional[str] = UNTIL_OPT,
    outlet: Optional[str] = typer.Option(None),
    fmt: str = FORMAT_OPT,
    as_json: bool = JSON_OPT,
    rank_all: bool = typer.Option(False, "--rank-all", help="Rank every match of a very common word, not only "
                                  "its 20,000 most recently added (slower on large archives)."),
    db: Optional[str] = DB_OPT,
) -> None:
    """Full-text search of the archive, best matches first."""
    from ..views.filters import check_filters

    _db_option(db)
    fmt = output_format(fmt, as_json)
    with bad_filters():
        check_filters(since=since, until=until)
    with open_store(readonly=True) as store, refused():
        hits = store.search(query, limit=limit, since=since, until=until, outlet=outlet,
                            **({"rank_window": None} if rank_all else {}))
    if print_rows(hits if fmt == "json" else [{**h, "snippet": h["snippet_text"]} for h in hits], fmt, "search"):
        return
    if not hits:
        err.print(f"No articles match {safe(repr(query))}.")
        raise typer.Exit(0)
    for h in hits:
        out.print(f"[bold cyan]{h['id'][:10]}[/]  [bold]{safe(h['title'] or '(no headline)')}[/]  "
                  f"[dim]{safe(h['outlet'] or '')} {h['day'] or ''}[/]")
        out.print("    ", _highlight(h["snippet_text"], h["snippet_marks"]), sep="")


def _highlight(snippet: str, marks: list[list[int]]):
    """A search snippet, its matched words in bold yellow (no markup parsing:
    news text can hold brackets of its own)."""
    from rich.text import Text

    t = Text()
    pos = 0
    for start, end in marks:
        t.append(plain(snippet[pos:start]))
        t.append(plain(snippet[start:end]), style="bold yellow")
        pos = end
    t.append(plain(snippet[pos:]))
    return t


@app.command()
def show(article_id: str = typer.Argument(..., help="Article id (a unique prefix is enough)"),
         as_json: bool = typer.Option(False, "--json"), db: Optional[str] = DB_OPT) -> None:
    """One article: metadata, clean text, and what was extracted from it."""
    from ..views.articles import not_found_message, resolve

    _db_option(db)
    with open_store(readonly=True) as store:
        full, candidates = resolve(store, article_id)
        a = store.article(full) if full else None
    if not a:
        err.print(safe(not_found_message(article_id, candidates)), highlight=False)
        raise typer.Exit(1)
    if as_json:
        print(json.dumps(a.to_export(), ensure_ascii=False, indent=2))
        return
    out.print(f"[bold]{safe(a.title or '(no headline)')}[/]")
    meta = [a.outlet, a.published or a.captured_at, ", ".join(a.byline) and "By " + ", ".join(a.byline)]
    out.print("[dim]" + safe(" · ".join(m for m in meta if m) + f"  id {a.id}  {a.source}") + "[/]")
    if a.truncated:
        out.print("[yellow](truncated by a paywall or teaser)[/]")
    out.print()
    out.print(plain(a.text), markup=False, highlight=False)
    if a.contributors:
        out.print("\n[dim]Contributors: " + safe("; ".join(c.name + (f" ({c.place})" if c.place else "")
                                                        for c in a.contributors)) + "[/]")
    ann = a.annotations
    if ann.quotes:
        out.print(f"\n[bold]Quotes ({len(ann.quotes)})[/]")
        for q in ann.quotes:
            who = q.speaker or "?"
            out.print(f"  [cyan]{safe(who)}[/]: “{safe(q.quote)}”", markup=True, highlight=False)
    if ann.counts:
        out.print(f"\n[bold]Counts ({len(ann.counts)})[/]")
        for c in ann.counts:
            out.print(f"  {safe(c.text)}  [dim]{c.category} {c.qualifier} {safe(c.claimant or '')}[/]", highlight=False)


@app.command()
def articles(limit: int = typer.Option(50, "--limit", "-n"), since: Optional[str] = None,
             until: Optional[str] = None, outlet: Optional[str] = None, db: Optional[str] = DB_OPT) -> None:
    """List articles, newest first."""
    from ..views.filters import check_filters

    _db_option(db)
    with bad_filters():
        check_filters(since=since, until=until)
    with open_store(readonly=True) as store:
        rows = store.list_articles(limit=limit, since=since, until=until, outlet=outlet)
    t = Table()
    for col in ("id", "day", "outlet", "headline", "quotes", "counts"):
        t.add_column(col)
    for r in rows:
        t.add_row(r["id"][:10], r["day"] or "", safe(r["outlet"] or ""), safe((r["title"] or "(no headline)")[:70])
                  + (" \\[trunc]" if r["truncated"] else ""), str(r["quotes"]), str(r["counts"]))
    out.print(t)


@app.command()
def stats(db: Optional[str] = DB_OPT) -> None:
    """What the archive holds."""
    _db_option(db)
    with open_store(readonly=True) as store:
        s = store.stats()
    t = Table(title=State.db, show_header=False)
    for k, v in s.items():
        t.add_row(k.replace("_", " "), safe(v))
    out.print(t)


@app.command()
def quotes(
    speaker: Optional[str] = typer.Option(None, "--speaker", "-s", help="Who said it (full name or part of it)."),
    text: Optional[str] = typer.Option(None, "--text", "-t", help="Words in the quote, speaker or description."),
    anonymous: Optional[bool] = typer.Option(None, "--anonymous/--named", help="Only unnamed sources / only named."),
    since: Optional[str] = SINCE_OPT,
    until: Optional[str] = UNTIL_OPT,
    limit: int = typer.Option(50, "--limit", "-n"),
    offset: int = offset_opt(50),
    fmt: str = FORMAT_OPT,
    as_json: bool = JSON_OPT,
    db: Optional[str] = DB_OPT,
) -> None:
    """Who said what: quotes with their speakers."""
    from ..views.quotes import quotes as quote_rows

    fmt = output_format(fmt, as_json)
    rows = read_rows(db, lambda store: quote_rows(store, speaker=speaker, text=text, anonymous=anonymous,
                                                  since=since, until=until, limit=limit, offset=offset))
    if print_rows(rows, fmt, "quotes"):
        return
    if not rows:
        err.print("No quotes match.")
        return
    for r in rows:
        who = safe(r["speaker"] or "(unattributed)")
        if r["anonymous"] and r["speaker_desc"]:
            who += f" [dim]({safe(r['speaker_desc'])})[/]"
        out.print(f"[bold cyan]{who}[/]  [dim]{r['kind']}{', partial' if r['partial'] else ''} · "
                  f"{r['day'] or ''} {r['article_id'][:10]} {safe(r['title'] or '')}[/]")
        out.print(f"    “{plain(r['quote'])}”", markup=False, highlight=False)


@app.command()
def counts(
    category: Optional[str] = typer.Option(None, "--category", "-c",
                                           help="killed, wounded, missing, displaced, detained, hostages, personnel, "
                                                "people, money, percent, other"),
    claimant: Optional[str] = typer.Option(None, "--claimant", help="Who claims the number (part of a name)."),
    about: Optional[str] = typer.Option(None, "--about", help="Words about what is counted or the article."),
    since: Optional[str] = SINCE_OPT,
    until: Optional[str] = UNTIL_OPT,
    limit: int = typer.Option(100, "--limit", "-n"),
    offset: int = offset_opt(100),
    fmt: str = FORMAT_OPT,
    as_json: bool = JSON_OPT,
    db: Optional[str] = DB_OPT,
) -> None:
    """Numbers stated as facts, with hedge, category, what is counted, claimant and as-of date."""
    from ..views.counts import counts as count_rows

    fmt = output_format(fmt, as_json)
    rows = read_rows(db, lambda store: count_rows(store, category=category, claimant=claimant, about=about,
                                                  since=since, until=until, limit=limit, offset=offset))
    if fmt == "table":
        for r in rows:
            r["number"] = _interval(r)
            r["article"] = r["article_id"][:10]
    _emit(rows, fmt, [("number", "number"), ("category", "category"), ("what", "what"),
                          ("claimant", "claimant"), ("as_of", "as of"), ("day", "article day"), ("article", "article")],
          "No counts match.", "counts")


@app.command()
def claims(
    category: Optional[str] = typer.Option(None, "--category", "-c", help="e.g. killed, missing, displaced"),
    about: Optional[str] = typer.Option(None, "--about", help="Words about the quantity, e.g. 'Ukrainian soldiers'"),
    chart: Optional[Path] = typer.Option(None, "--chart", help="Also draw each group over time: FILE.png or FILE.svg "
                                                             "(several groups: FILE-1.png, FILE-2.png...)"),
    min_claimants: int = typer.Option(2, "--min-claimants", help="Show groups with at least this many claimants."),
    limit: int = typer.Option(20, "--limit", "-n", help="Groups shown (largest first); 0 for all."),
    rows: int = typer.Option(20, "--rows", help="Rows shown per group (the latest); 0 for all. csv and json have "
                                                "them all."),
    fmt: str = FORMAT_OPT,
    as_json: bool = JSON_OPT,
    db: Optional[str] = DB_OPT,
) -> None:
    """One quantity, claimed differently by different sources: side by side, and over time."""
    from ..link.claims import draw_claims
    from ..views.claims import page_groups
    from ..views.filters import check_filters
    from ..views.tables import claim_rows

    _db_option(db)
    fmt = output_format(fmt, as_json)
    as_json = fmt != "table"
    with bad_filters():
        check_filters(category=category)
    with open_store(readonly=True) as store:
        # one group past the limit says whether there are more, without reading them all;
        # a table shows each group's latest rows (the /claims page's groups), csv and json them all
        more_limit = limit + 1 if limit else None
        groups = page_groups(store, category, about, more_limit, None if as_json else rows or None,
                             min_claimants=min_claimants)
        whole = store.claim_groups(category=category, about=about, min_claimants=min_claimants,
                                   limit=more_limit) if chart else []
    more = len(groups) > limit if limit else False
    groups = groups[:limit] if limit else groups
    if fmt in ("json", "csv"):
        print_rows(groups if fmt == "json" else claim_rows(groups), fmt, "claims")
    elif not groups:
        err.print("No quantity is claimed by several sources yet (try --min-claimants 1).")
    for i, g in enumerate(groups, 1):
        if not as_json:
            shown = g["rows"]
            note = f", the latest {len(shown)} of {g['total']} rows" if len(shown) < g["total"] else ""
            out.print(_table(shown, [("claimant", "claimant"), ("value", "value"), ("as_of", "as of"),
                                     ("article_date", "article date"), ("article_id", "article"), ("text", "as written")],
                             title=f"{safe(g['label'])} ({len(g['claimants'])} claimants{note})"))
        if chart:
            target = chart if len(groups) == 1 else chart.with_name(f"{chart.stem}-{i}{chart.suffix}")
            draw_claims(whole[i - 1], str(target), title=whole[i - 1].label)
            err.print(f"chart: {target}")
    if more and not as_json:
        err.print(f"More groups: --limit 0 shows them all (the first {limit} shown).")


