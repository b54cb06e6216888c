"""`dateline serve`: the web app."""
from __future__ import annotations

from typing import Optional

import typer

from .base import DB_OPT, State, _db_option, app, err


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

    from ..web.app import create_app

    _db_option(db)
    if not allow_ingest and not os.path.exists(State.db):
        err.print(f"[red]No archive at {State.db}.[/] Run `dateline ingest PATH` first, pass --db, or use --allow-ingest.")
        raise typer.Exit(2)
    if allow_ingest and host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning[/] --allow-ingest on {host}: anyone who can reach this address can add files.")
    web = create_app(State.db, allow_ingest=allow_ingest, max_upload=max_upload_mb * 1024 * 1024, host=host)
    mode = "uploads allowed" if allow_ingest else "read-only"
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address in a URL is bracketed
    err.print(f"Serving {State.db} ({mode}) at [bold]http://{shown}:{port}/[/]  (Ctrl+C to stop)")
    uvicorn.run(web, host=host, port=port, log_level="warning")


# linking-aware commands: link, people, person, stories, story
