"""CLI commands over the links: people across articles, stories over time.

``register(app)`` adds ``people``, ``person``, ``stories``, ``story`` and
``link`` to the ``dateline`` typer app (cli.py calls it).
"""
from __future__ import annotations

import json
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table


def register(app: typer.Typer) -> None:
    from . import base as cli

    out, err = cli.out, cli.err

    def _linked(store) -> bool:
        if store.has_table("persons") and store.has_table("stories"):
            return True
        err.print("[yellow]The archive is not linked yet.[/] Run `dateline link`.")
        return False

    @app.command()
    def link(
        rebuild: bool = typer.Option(False, "--rebuild", help="Forget all links and link the whole archive again."),
        db: Optional[str] = cli.DB_OPT,
    ) -> None:
        """Link the archive: one person across articles, one story across time (only new articles unless --rebuild)."""
        cli._db_option(db)
        with cli.open_store() as store:
            from ..link.dedupe import link_new

            with store.transaction():
                dups = len(link_new(store))
                from ..link import run as L  # noqa: N812 - loaded when used: it pulls in the annotators
                s = L.relink(store) if rebuild else L.update_links(store)
                s = {"near_duplicates_linked": dups, **s}
        err.print(", ".join(f"{k.replace('_', ' ')} {v}" for k, v in s.items()))

    @app.command()
    def people(
        name: Optional[str] = typer.Argument(None, help="Only people whose name contains this."),
        limit: int = typer.Option(50, "--limit", "-n"),
        offset: int = cli.offset_opt(50),
        fmt: str = cli.FORMAT_OPT,
        as_json: bool = cli.JSON_OPT,
        db: Optional[str] = cli.DB_OPT,
    ) -> None:
        """People across the archive, most written about first (the /people page's list)."""
        from ..views.lists import people_list

        fmt = cli.output_format(fmt, as_json)
        rows = cli.read_rows(db, lambda store: people_list(store, name=name, limit=limit, offset=offset), _linked)
        if cli.print_rows(rows, fmt, "people"):
            return
        t = Table()
        for col in ("name", "articles", "mentions", "quotes", "role"):
            t.add_column(col, justify="right" if col in ("articles", "mentions", "quotes") else "left")
        for r in rows:
            t.add_row(cli.safe(r["name"]), str(r["articles"]), str(r["mentions"]), str(r.get("quotes") or 0),
                      cli.safe((r["role"] or "")[:50]))
        out.print(t)

    @app.command()
    def person(
        name: str = typer.Argument(..., help='A name as any article uses it ("Mr. Netanyahu", "Netanyahu") or a person id.'),
        limit: int = typer.Option(20, "--limit", "-n", help="Quotes, claims and articles shown."),
        as_json: bool = typer.Option(False, "--json"),
        db: Optional[str] = cli.DB_OPT,
    ) -> None:
        """One person across the archive: roles over time, quotes, people named with them, articles."""
        from ..store.read import people as L  # noqa: N812 - the read layer (no annotators loaded)

        def profile(store):
            pid = int(name) if name.isdigit() else L.find_person(store.db, name)
            return L.person_profile(store.db, pid, limit=limit) if pid is not None else None

        p = cli.read_rows(db, profile, _linked)
        if p is None:
            err.print(f"No person named {name!r}.")
            raise typer.Exit(1)
        if as_json:
            print(json.dumps(p, ensure_ascii=False, indent=2))
            return
        span = " – ".join(d for d in (p["first_day"], p["last_day"]) if d)
        out.print(f"[bold]{escape(p['name'])}[/]  [dim]id {p['id']} · {p['articles']} articles · "
                  f"{p['mentions']} mentions {span}[/]")
        if len(p["names_used"]) > 1:
            out.print("[dim]Named as: " + escape(", ".join(p["names_used"])) + "[/]")
        if p["roles"]:
            out.print("\n[bold]Roles[/]")
            for r in p["roles"]:
                when = " – ".join(dict.fromkeys(d for d in (r["first_day"], r["last_day"]) if d)) or "undated"
                out.print(f"  {escape(r['role'])}  [dim]{when}, {r['articles']} article(s)[/]")
        if p["quotes"]:
            out.print(f"\n[bold]Quotes ({len(p['quotes'])})[/]")
            for q in p["quotes"]:
                out.print(f"  [dim]{q['day'] or '?':10}[/] “{escape(q['quote'])}”  [dim]{q['article_id'][:10]}[/]",
                          highlight=False)
        if p["claims"]:
            out.print(f"\n[bold]Numbers they claim ({len(p['claims'])})[/]")
            for c in p["claims"]:
                out.print(f"  [dim]{c['day'] or '?':10}[/] {escape(c['text'])}  [dim]{c['category']}[/]", highlight=False)
        if p["co_mentioned"]:
            out.print("\n[bold]Named with[/]")
            out.print("  " + ", ".join(f"{escape(c['name'])} ({c['articles']})" for c in p["co_mentioned"]))
        out.print("\n[bold]Articles[/]")
        for a in p["articles_list"]:
            out.print(f"  [cyan]{a['id'][:10]}[/] [dim]{a['day'] or '':10}[/] {escape(a['title'] or '(no headline)')}"
                      f"  [dim]as {escape(a['named_as'])}[/]")

    @app.command()
    def stories(
        limit: int = typer.Option(30, "--limit", "-n"),
        offset: int = cli.offset_opt(30),
        min_articles: int = typer.Option(2, "--min-articles", help="Hide stories with fewer articles."),
        fmt: str = cli.FORMAT_OPT,
        as_json: bool = cli.JSON_OPT,
        db: Optional[str] = cli.DB_OPT,
    ) -> None:
        """Stories: articles that follow the same events over time."""
        from ..views.stories import stories as story_rows

        fmt = cli.output_format(fmt, as_json)
        rows = cli.read_rows(db, lambda store: story_rows(store, limit=limit, offset=offset,
                                                          min_articles=min_articles), _linked)
        if cli.print_rows(rows, fmt, "stories"):
            return
        if not rows:
            err.print("No stories with that many articles yet.")
            return
        t = Table()
        for col in ("id", "label", "articles", "first", "last"):
            t.add_column(col, justify="right" if col in ("id", "articles") else "left")
        for r in rows:
            n = str(r["articles"]) + (f" (+{r['duplicates']} dup)" if r["duplicates"] else "")
            t.add_row(str(r["id"]), escape(r["label"]), n, r["first_day"] or "", r["last_day"] or "")
        out.print(t)

    @app.command()
    def story(
        story_id: int = typer.Argument(..., help="Story id (see `dateline stories`)."),
        as_json: bool = typer.Option(False, "--json"),
        db: Optional[str] = cli.DB_OPT,
    ) -> None:
        """One story's timeline: its articles, quotes and counts in time order."""
        from ..views.stories import story as story_timeline

        s = cli.read_rows(db, lambda store: story_timeline(store, story_id), _linked)
        if s is None:
            err.print(f"No story {story_id}.")
            raise typer.Exit(1)
        if as_json:
            print(json.dumps(s, ensure_ascii=False, indent=2))
            return
        span = " – ".join(dict.fromkeys(d for d in (s["first_day"], s["last_day"]) if d))
        out.print(f"[bold]{escape(s['label'])}[/]  [dim]story {s['id']} · {s['articles']} articles {span}[/]")
        # one timeline: each article, then its quotes and counts (as on the web story page)
        for a in s["timeline"]:
            dup = f"  [yellow](near-duplicate of {a['duplicate_of'][:10]})[/]" if a["duplicate_of"] else ""
            out.print(f"\n[cyan]{a['id'][:10]}[/] [bold]{a['day'] or 'undated'}[/] "
                      f"{escape(a['title'] or '(no headline)')}{dup}")
            for q in a["quote_rows"]:
                out.print(f"    [green]{escape(q['speaker'] or '?')}[/]: “{escape(q['quote'])}”", highlight=False)
            for c in a["count_rows"]:
                who = f" [dim]({escape(c['claimant'])})[/]" if c["claimant"] else ""
                out.print(f"    [magenta]#[/] {escape(c['text'])} [dim]{c['category']}[/]{who}", highlight=False)
