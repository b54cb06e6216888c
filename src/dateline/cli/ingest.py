"""`dateline ingest` and `dateline segment`: news in."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from .base import DB_OPT, FURNITURE_OPT, _db_option, _load_furniture, app, err, open_store, out, safe


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
    from ..ingest import ingest as run

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

    from ..core import explain
    from ..read import ReadError, detect_encoding

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


