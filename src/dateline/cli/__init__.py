"""The ``dateline`` command: a package of command modules on one typer app.

- ``base``: the app, the consoles, ``--db``, opening the archive, tables and
  ``--format table|csv|json`` output
- ``ingest``: ingest, segment; ``load``: a Spark job's Parquet output
- ``read``: search, show, articles, stats, quotes, counts, claims
- ``link``: link, people, person, stories, story
- ``export``: export; ``serve``: the web app; ``audit``: dateline audit ...

Every command prints what a ``views`` function returns (the pages and the
JSON API call the same functions).  ``python -m dateline.cli`` runs it too,
with one copy of the app (so ``--db`` holds for every command).
"""
from __future__ import annotations

from . import export, ingest, read, serve  # noqa: F401 - each module adds its commands to ``app``, in this order  # noqa: F401, I001
from .audit import register as _register_audit
from .base import DB_OPT, State, app, err, open_store, out, plain, safe  # noqa: F401
from .ingest import progress_note  # noqa: F401
from .link import register as _register_link
from .load import register as _register_load

_register_link(app)  # link, people, person, stories, story
_register_audit(app)  # dateline audit start|judge|report|export|list
_register_load(app)  # dateline load OUT_DIR (a Spark job's Parquet output)
