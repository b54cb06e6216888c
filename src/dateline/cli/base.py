"""The command's shared parts: the typer app, the consoles, --db, opening the archive, tables."""
from __future__ import annotations

import json
import re
import sys
from contextlib import contextmanager
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .. import __version__
from ..store import ENV_DB, Store, default_path

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
    from ..store import QueryError

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
    from ..views.filters import BadFilter

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
    from ..furniture import add_user_rules

    for p in paths or []:
        try:
            add_user_rules(p)
        except (OSError, ValueError) as e:
            err.print(f"[red]--furniture {p}:[/] {e}")
            raise typer.Exit(2)


FURNITURE_OPT = typer.Option(None, "--furniture", help="Your own furniture rules (the format of the package's "
                             "lexicons/furniture.tsv; see README). Repeatable.")


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


FORMAT_OPT = typer.Option("table", "--format", "-f", help="table (for reading), csv or json (for other tools).")
JSON_OPT = typer.Option(False, "--json", help="The same as --format json.")


def output_format(fmt: str | None, as_json: bool = False) -> str:
    """--format table|csv|json (--json is --format json); anything else: exit 2."""
    f = "json" if as_json else (fmt or "table").lower()
    if f not in ("table", "csv", "json"):
        err.print(f"[red]Bad --format:[/] {safe(fmt)!s} is not table, csv or json", highlight=False)
        raise typer.Exit(2)
    return f


def print_rows(rows: list[dict], fmt: str, kind: str) -> bool:
    """Rows as JSON or CSV (views.tables: the columns the web's downloads
    have) on standard output; False for --format table (the caller prints)."""
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return True
    if fmt == "csv":
        from ..views.tables import csv_text

        sys.stdout.write(csv_text(rows, kind))
        return True
    return False


def offset_opt(page: int):
    """--offset of a list command whose page is ``page`` rows."""
    return typer.Option(0, "--offset", help=f"Skip this many (the next page: --offset {page}).")


SINCE_OPT = typer.Option(None, "--since", help="YYYY-MM-DD")
UNTIL_OPT = typer.Option(None, "--until", help="YYYY-MM-DD")


def read_rows(db: Optional[str], fetch, check=None):
    """What every read command does before it prints: the archive (--db)
    opened read-only, ``check(store)`` (False: exit 1, it said why), and what
    ``fetch(store)`` reads (a list's rows, one person, one story); a bad
    filter exits 2, a refused search says why and exits 2."""
    _db_option(db)
    with open_store(readonly=True) as store, bad_filters(), refused():
        if check is not None and not check(store):
            raise typer.Exit(1)
        return fetch(store)


def _emit(rows, fmt: str, cols: list[tuple[str, str]], empty: str, kind: str) -> None:
    if print_rows(rows, fmt, kind):
        return
    if not rows:
        err.print(empty)
    else:
        out.print(_table(rows, cols))


def _interval(r: dict) -> str:
    q, v, lo, hi = r.get("qualifier"), r.get("value"), r.get("low"), r.get("high")
    if v is None and (lo is not None or hi is not None):
        return f"{_cell(lo)}–{_cell(hi)}"
    sign = {"about": "~", "at_least": "≥", "more_than": ">", "fewer_than": "<", "up_to": "≤"}.get(q, "")
    return sign + _cell(v)


