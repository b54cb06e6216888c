"""``dateline load OUT_DIR``: a Spark job's Parquet output into the archive.

``register(app)`` adds the command to the ``dateline`` app.  The work is
``spark.load``; this module only parses options and prints.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    from . import base as cli

    err = cli.err

    @app.command()
    def load(
        output: Path = typer.Argument(..., help="The output directory of `python -m dateline.spark`."),
        no_link: bool = typer.Option(False, "--no-link", help="Store only; `dateline link` links later."),
        quiet: bool = typer.Option(False, "--quiet", "-q"),
        db: Optional[str] = cli.DB_OPT,
    ) -> None:
        """Load a Spark job's output (articles, quotes, counts, people) into the archive, linked as ingest links."""
        cli._db_option(db)
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            err.print("[red]`dateline load` reads Parquet with pyarrow:[/] pip install 'dateline[spark]'")
            raise typer.Exit(2)
        from ..spark import load as load_output
        from ..store import Store

        def note(f: dict, new: int) -> None:
            if quiet:
                return
            if f["status"] == "skipped":
                err.print(f"{f['source']}: unchanged since last stored, skipped")
            elif f["status"] == "failed":
                err.print(f"[red]failed[/] {f['source']}: {f['message']}")
            else:
                note = f"; {f['message']}" if f["message"] else ""  # a reader's tally: records taken, bad
                err.print(f"{f['source']}: {f['articles']} article(s), {new} new{note}")

        with Store(cli.State.db) as store:
            try:
                totals = load_output(store, str(output), link=not no_link, on_file=note)
            except FileNotFoundError as e:
                err.print(f"[red]{e}[/]")
                raise typer.Exit(2)
        err.print(f"{totals['files']} file(s), {totals['skipped']} skipped, {totals['failed']} failed; "
                  f"{totals['articles']} article(s), {totals['new']} new")
        if totals["failed"]:
            raise typer.Exit(1)
