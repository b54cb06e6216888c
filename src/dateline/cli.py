"""The ``dateline`` command."""
from __future__ import annotations

import csv
import json
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from . import __version__
from .store import ENV_DB, Store, default_path

app = typer.Typer(
    help="dateline: raw news in; who said what, which numbers are claimed by whom, and how stories move.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


# C0 and C1 control characters (tab and newline kept): article text and file
# names must not reach the terminal as escape sequences (ESC]0; sets the title).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(value) -> str:
    """Archive text for the terminal: control characters removed."""
    return _CONTROL.sub("", str(value))


def safe(value) -> str:
    """Archive text inside rich markup: control characters removed and
    brackets escaped (a headline holding "[/VIDEO]" is text, not markup)."""
    return escape(plain(value))


@contextmanager
def refused():
    """A search the archive refuses (too long, too many words): say why, exit 2."""
    from .store import QueryError

    try:
        yield
    except QueryError as e:
        err.print(f"[red]Search refused:[/] {safe(e)}")
        raise typer.Exit(2)


class State:
    db: str = default_path()


def _version(value: bool) -> None:
    if value:
        print(f"dateline {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    db: str = typer.Option(None, "--db", envvar=ENV_DB, help="Archive file (SQLite). Default ./dateline.db"),
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True),
) -> None:
    State.db = db or default_path()


def open_store(readonly: bool = False) -> Store:
    def waiting() -> None:
        err.print(f"[yellow]waiting[/]: another process is writing to {safe(State.db)}; "
                  "this one goes on when it is done (Ctrl+C to stop)")

    try:
        return Store(State.db, readonly=readonly, on_wait=waiting)
    except FileNotFoundError:
        err.print(f"[red]No archive at {State.db}.[/] Run `dateline ingest PATH` first, or pass --db.")
        raise typer.Exit(2)


@contextmanager
def bad_filters():
    """A filter value that cannot mean anything (views.filters.BadFilter):
    say what is wrong and exit 2, as for any other usage error."""
    from .views.filters import BadFilter

    try:
        yield
    except BadFilter as e:
        err.print(f"[red]Bad --{e.field}:[/] {e.message}", highlight=False)
        raise typer.Exit(2) from None


def _db_option(db: Optional[str]) -> None:
    """Commands accept --db after their name too (`dateline ingest --db x.db ...`)."""
    if db:
        State.db = db


DB_OPT = typer.Option(None, "--db", help="Archive file (same as the global --db).")


def _load_furniture(paths: Optional[list[str]]) -> None:
    """--furniture FILE: a user's own furniture rules, in the package table's format."""
    from .furniture import add_user_rules

    for p in paths or []:
        try:
            add_user_rules(p)
        except (OSError, ValueError) as e:
            err.print(f"[red]--furniture {p}:[/] {e}")
            raise typer.Exit(2)


FURNITURE_OPT = typer.Option(None, "--furniture", help="Your own furniture rules (the format of the package's "
                             "lexicons/furniture.tsv; see README). Repeatable.")


# ---------------------------------------------------------------------------
@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, or - for standard input."),
    no_annotate: bool = typer.Option(False, "--no-annotate", help="Segment and store only (no people/quotes/counts)."),
    force: bool = typer.Option(False, "--force", help="Re-read files even when unchanged since the last ingest."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary table."),
    furniture: Optional[list[str]] = FURNITURE_OPT,
    db: Optional[str] = DB_OPT,
) -> None:
    """Read news dumps (text, .gz, HTML, WARC, JSONL) into the archive."""
    from .ingest import ingest as run

    _db_option(db)
    _load_furniture(furniture)
    with open_store() as store:
        progress = Progress(TextColumn("[bold]ingest"), BarColumn(), TextColumn("{task.fields[note]}"),
                            TimeRemainingColumn(), TimeElapsedColumn(),
                            console=err, disable=quiet or not err.is_terminal, transient=True)
        with progress:
            task = progress.add_task("file", total=None, note="")
            files = [0]

            def step(r) -> None:  # within a file: bytes read, articles, time left
                progress.update(task, total=r.total, completed=r.done or 0,
                                note=progress_note(r, files[0] + 1))

            def tick(r) -> None:
                files[0] += 1
                progress.reset(task, total=None, note=f"{files[0]} file(s) done")
                if r.status == "failed":
                    err.print(f"[red]error[/] {safe(r.path)}: {safe(r.message)}")
                for w in r.warnings:
                    err.print(f"[yellow]warning[/] {safe(r.path)}: {safe(w)}")

            results = run(paths, store, annotate=not no_annotate, force=force, on_file=tick, on_progress=step)
        failed = [r for r in results if r.status == "failed"]
        if not quiet:
            t = Table(title=f"Ingested into {store.path}", show_lines=False)
            for col in ("file", "format", "status", "articles", "new", "note"):
                t.add_column(col, justify="right" if col in ("articles", "new") else "left")
            for r in results:
                style = {"failed": "red", "skipped": "dim"}.get(r.status, "")
                t.add_row(safe(r.path), r.format, r.status, str(r.articles), str(r.new),
                          safe(r.message or "; ".join(r.warnings)[:80]), style=style)
            err.print(t)
            total_new = sum(r.new for r in results)
            err.print(f"{len(results)} files, {sum(r.articles for r in results)} articles "
                      f"({total_new} new), {len(failed)} failed")
    if failed:
        raise typer.Exit(1)


def progress_note(r, file_no: int = 1) -> str:
    """What the ingest progress line says within one file: its name, bytes
    read of its total, articles so far and what is being done."""
    scale, unit = (1e6, "MB") if max(r.total or 0, r.done or 0) >= 1e6 else (1e3, "kB")
    digits = 1 if unit == "MB" else 0
    size = ""
    if r.done is not None:
        size = f"{r.done / scale:,.{digits}f}" + (f"/{r.total / scale:,.{digits}f}" if r.total else "") + f" {unit}"
    parts = [f"file {file_no}: {Path(r.path).name[:40]}", size, f"{r.articles:,} articles", r.phase]
    return " · ".join(p for p in parts if p)


@app.command()
def segment(
    path: str = typer.Argument(..., help="A text dump (or - for standard input)."),
    furniture: Optional[list[str]] = FURNITURE_OPT,
    archive: bool = typer.Option(False, "--archive", help="Also use the furniture learned in the archive (--db)."),
    db: Optional[str] = DB_OPT,
) -> None:
    """Show how a dump is split: each line with the role it was given and why."""
    from rich.markup import escape

    from .core import explain
    from .read import ReadError, detect_encoding

    _db_option(db)
    _load_furniture(furniture)
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        text = data.decode(detect_encoding(data[:65536]) or "utf-8", errors="replace")
    except (OSError, ReadError, LookupError) as e:
        err.print(f"[red]error[/] {path}: {e}")
        raise typer.Exit(1)
    learned: set[str] = set()
    if archive:
        with open_store(readonly=True) as store:
            learned = store.learned_furniture()
    trace, drafts = explain(text, learned)
    styles = {"headline": "bold green", "byline": "cyan", "subhead": "green", "credit": "cyan", "body": ""}
    n = 0
    for line, role, why in trace:
        if why.startswith("new article"):
            n += 1
            out.print(f"[dim]──── article {n} ────[/]")
        style = styles.get(role, "yellow")
        shown = escape(line if len(line) <= 110 else line[:107] + "...")
        note = f"  [dim]<- {escape(why)}[/]" if why else ""
        out.print(f"[{style or 'default'}]{role:<12}[/] {shown}{note}")
    out.print(f"[bold]{len(drafts)} article(s)[/]: " + "; ".join(
        escape((d.title or "(no headline)")[:60]) + (" [truncated]" if d.truncated else "") for d in drafts))


@app.command()
def search(
    query: str = typer.Argument(..., help='Words, "exact phrases", OR, NOT, prefix*'),
    limit: int = typer.Option(20, "--limit", "-n"),
    since: Optional[str] = typer.Option(None, help="YYYY-MM-DD"),
    until: Optional[str] = typer.Option(None, help="YYYY-MM-DD"),
    outlet: Optional[str] = typer.Option(None),
    as_json: bool = typer.Option(False, "--json"),
    rank_all: bool = typer.Option(False, "--rank-all", help="Rank every match of a very common word, not only "
                                  "its 20,000 most recently added (slower on large archives)."),
    db: Optional[str] = DB_OPT,
) -> None:
    """Full-text search of the archive, best matches first."""
    from .views.filters import check_filters

    _db_option(db)
    with bad_filters():
        check_filters(since=since, until=until)
    with open_store(readonly=True) as store, refused():
        hits = store.search(query, limit=limit, since=since, until=until, outlet=outlet,
                            **({"rank_window": None} if rank_all else {}))
    if as_json:
        print(json.dumps(hits, ensure_ascii=False, indent=2))
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
    from .views.articles import not_found_message, resolve

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
    from .views.filters import check_filters

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
def export(
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout)"),
    since: Optional[str] = None, until: Optional[str] = None, outlet: Optional[str] = None,
    db: Optional[str] = DB_OPT,
) -> None:
    """Export articles: JSON Lines (shared/spec/export-format.md) or CSV."""
    _db_option(db)
    from .views.filters import check_filters

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


def _table(rows: list[dict], cols: list[tuple[str, str]], title: str | None = None) -> Table:
    t = Table(title=title)
    for _, label in cols:
        t.add_column(label)
    for r in rows:
        t.add_row(*[_cell(r.get(k)) for k, _ in cols])
    return t


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else ""
    if isinstance(v, float):
        return f"{v:,.0f}" if v == int(v) else f"{v:,.3g}"
    return safe(v)


def _emit(rows, as_json: bool, cols: list[tuple[str, str]], empty: str) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        err.print(empty)
    else:
        out.print(_table(rows, cols))


@app.command()
def quotes(
    speaker: Optional[str] = typer.Option(None, "--speaker", "-s", help="Who said it (full name or part of it)."),
    text: Optional[str] = typer.Option(None, "--text", "-t", help="Words in the quote, speaker or description."),
    anonymous: Optional[bool] = typer.Option(None, "--anonymous/--named", help="Only unnamed sources / only named."),
    since: Optional[str] = typer.Option(None, help="YYYY-MM-DD"),
    limit: int = typer.Option(50, "--limit", "-n"),
    as_json: bool = typer.Option(False, "--json"),
    db: Optional[str] = DB_OPT,
) -> None:
    """Who said what: quotes with their speakers."""
    from .views.quotes import quotes as quote_rows

    _db_option(db)
    with open_store(readonly=True) as store, bad_filters(), refused():
        rows = quote_rows(store, speaker=speaker, text=text, anonymous=anonymous, since=since, limit=limit)
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
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
    since: Optional[str] = typer.Option(None, help="YYYY-MM-DD"),
    limit: int = typer.Option(100, "--limit", "-n"),
    as_json: bool = typer.Option(False, "--json"),
    db: Optional[str] = DB_OPT,
) -> None:
    """Numbers stated as facts, with hedge, category, what is counted, claimant and as-of date."""
    from .views.counts import counts as count_rows

    _db_option(db)
    with open_store(readonly=True) as store, bad_filters(), refused():
        rows = count_rows(store, category=category, claimant=claimant, about=about, since=since, limit=limit)
    for r in rows:
        r["number"] = _interval(r)
        r["article"] = r["article_id"][:10]
    _emit(rows, as_json, [("number", "number"), ("category", "category"), ("what", "what"),
                          ("claimant", "claimant"), ("as_of", "as of"), ("day", "article day"), ("article", "article")],
          "No counts match.")


@app.command()
def claims(
    category: Optional[str] = typer.Option(None, "--category", "-c", help="e.g. killed, missing, displaced"),
    about: Optional[str] = typer.Option(None, "--about", help="Words about the quantity, e.g. 'Ukrainian soldiers'"),
    chart: Optional[Path] = typer.Option(None, "--chart", help="Also draw each group over time: FILE.png or FILE.svg "
                                                             "(several groups: FILE-1.png, FILE-2.png...)"),
    min_claimants: int = typer.Option(2, "--min-claimants", help="Show groups with at least this many claimants."),
    limit: int = typer.Option(20, "--limit", "-n", help="Groups shown (largest first); 0 for all."),
    rows: int = typer.Option(20, "--rows", help="Rows shown per group (the latest); 0 for all. --json has them all."),
    as_json: bool = typer.Option(False, "--json"),
    db: Optional[str] = DB_OPT,
) -> None:
    """One quantity, claimed differently by different sources: side by side, and over time."""
    from .link.claims import draw_claims

    from .views.filters import check_filters

    _db_option(db)
    with bad_filters():
        check_filters(category=category)
    with open_store(readonly=True) as store:
        groups = store.claim_groups(category=category, about=about, min_claimants=min_claimants)
    more = len(groups) - limit if limit and len(groups) > limit else 0
    groups = groups[:limit] if limit else groups
    if as_json:
        print(json.dumps([{"label": g.label, "category": g.category, "claimants": g.claimants, "rows": g.table()}
                          for g in groups], ensure_ascii=False, indent=2, default=str))
    elif not groups:
        err.print("No quantity is claimed by several sources yet (try --min-claimants 1).")
    for i, g in enumerate(groups, 1):
        if not as_json:
            table = g.table()
            shown = table[-rows:] if rows else table
            note = f", the latest {len(shown)} of {len(table)} rows" if len(shown) < len(table) else ""
            out.print(_table(shown, [("claimant", "claimant"), ("value", "value"), ("as_of", "as of"),
                                     ("article_date", "article date"), ("article_id", "article"), ("text", "as written")],
                             title=f"{safe(g.label)} ({len(g.claimants)} claimants{note})"))
        if chart:
            target = chart if len(groups) == 1 else chart.with_name(f"{chart.stem}-{i}{chart.suffix}")
            draw_claims(g, str(target), title=g.label)
            err.print(f"chart: {target}")
    if more and not as_json:
        err.print(f"{more} more group(s): --limit 0 shows them all.")


def _interval(r: dict) -> str:
    q, v, lo, hi = r.get("qualifier"), r.get("value"), r.get("low"), r.get("high")
    if v is None and (lo is not None or hi is not None):
        return f"{_cell(lo)}–{_cell(hi)}"
    sign = {"about": "~", "at_least": "≥", "more_than": ">", "fewer_than": "<", "up_to": "≤"}.get(q, "")
    return sign + _cell(v)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback only by default)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    allow_ingest: bool = typer.Option(False, "--allow-ingest", help="Add an upload page that writes to the archive."),
    max_upload_mb: int = typer.Option(20, "--max-upload-mb", help="Largest upload accepted with --allow-ingest."),
    db: Optional[str] = DB_OPT,
) -> None:
    """Browse the archive in a web browser: search, articles, people, quotes, claims, stories (+ JSON under /api/)."""
    import os

    import uvicorn

    from .web.app import create_app

    _db_option(db)
    if not allow_ingest and not os.path.exists(State.db):
        err.print(f"[red]No archive at {State.db}.[/] Run `dateline ingest PATH` first, pass --db, or use --allow-ingest.")
        raise typer.Exit(2)
    if allow_ingest and host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning[/] --allow-ingest on {host}: anyone who can reach this address can add files.")
    web = create_app(State.db, allow_ingest=allow_ingest, max_upload=max_upload_mb * 1024 * 1024, host=host)
    mode = "uploads allowed" if allow_ingest else "read-only"
    err.print(f"Serving {State.db} ({mode}) at [bold]http://{host}:{port}/[/]  (Ctrl+C to stop)")
    uvicorn.run(web, host=host, port=port, log_level="warning")


# linking-aware commands: link, people, person, stories, story
from .commands_link import register as _register_link_commands  # noqa: E402

_register_link_commands(app)
from .commands_audit import register as _register_audit_commands  # noqa: E402

_register_audit_commands(app)  # dateline audit start|judge|report|export|list
from .commands_load import register as _register_load_command  # noqa: E402

_register_load_command(app)  # dateline load OUT_DIR (a Spark job's Parquet output)

if __name__ == "__main__":  # pragma: no cover
    app()
