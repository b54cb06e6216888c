"""What every route module shares: the archive connections and caches, the
templates, and the answer to ``?format=csv|json`` on a list page."""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment

from ..views.tables import csv_text

DAY = "YYYY-MM-DD, YYYY-MM or YYYY; empty: no filter. Checked by views.filters: a day that is none is a 400."
PAGE = 25
MAX_OFFSET = 10_000
DOWNLOAD_ROWS = 1000  # a list page's download: this many rows from the page's first on
FORMAT = "^(|html|csv|json)$"  # a list page's ?format=: html (the page), csv or json (a download of the list)


@dataclass
class Ctx:
    """One app's shared state (app.state.ctx): ``stores`` (per-thread
    read-only Store and the cache), ``env`` (templates)."""

    stores: Any
    env: Environment
    db_path: str
    allow_ingest: bool = False
    max_upload: int = 0
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    def page(self, request: Request, template: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("nav", "")
        html = self.env.get_template(template).render(request=request, path=request.url.path, **ctx)
        return HTMLResponse(html, status_code=status_code)

    def cached(self, key: tuple, fn: Callable) -> Any:
        return self.stores.cached(key, fn)

    @property
    def store(self):
        return self.stores.get()


def context(request: Request) -> Ctx:
    """The route dependency: this app's Ctx."""
    return request.app.state.ctx


def download(rows: list[dict[str, Any]], kind: str, fmt: str, name: str) -> Response:
    """A list as a file: CSV with the columns of views.tables.COLUMNS[kind],
    or JSON (the rows as the API gives them)."""
    if fmt == "csv":
        return Response(csv_text(rows, kind), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{name}.csv"'})
    return Response(json.dumps(jsonable_encoder(rows), ensure_ascii=False, indent=1),
                    media_type="application/json",
                    headers={"content-disposition": f'attachment; filename="{name}.json"'})
