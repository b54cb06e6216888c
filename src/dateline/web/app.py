"""The web app: server-rendered pages over the archive, each also as JSON
under /api/ (described by /openapi.json).  This module builds the app (its
connections, templates, error pages and middleware); the pages and the API
are the route modules in ``routes/``, one per resource.

Read-only unless created with ``allow_ingest=True``: every request reads
through a read-only SQLite connection (one per worker thread), and the only
route that writes (the ingest page) does not exist otherwise.
"""
from __future__ import annotations

import importlib
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote as urlquote
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..store import QueryError, Store
from ..views.filters import BadFilter
from . import audit as audit_pages
from . import guard, render
from .context import DOWNLOAD_ROWS, Ctx
from .routes import api, articles, claims, ingest, people, quotes, search, stories
from .routes.ingest import TooLarge as _TooLarge

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024


class Stores:
    """One read-only connection per worker thread (sqlite3 connections are
    not shared across threads), plus a small cache for archive-wide
    aggregates that is dropped whenever the database file changes."""

    def __init__(self, path: str):
        self.path = path
        self.local = threading.local()
        self.lock = threading.Lock()
        self.cache: OrderedDict[tuple, Any] = OrderedDict()
        self.signature: tuple = ()

    def get(self) -> Store:
        s = getattr(self.local, "store", None)
        if s is None:
            s = self.local.store = Store(self.path, readonly=True)
            guard.arm(s.db)  # every statement under the request's time budget
        return s

    def _signature(self) -> tuple:
        sig = []
        for p in (self.path, self.path + "-wal"):
            try:
                st = os.stat(p)
                sig.append((st.st_mtime_ns, st.st_size))
            except OSError:
                sig.append(None)
        return tuple(sig)

    def cached(self, key: tuple, fn: Callable[[Store], Any]) -> Any:
        sig = self._signature()
        with self.lock:
            if sig != self.signature:
                self.cache.clear()
                self.signature = sig
            if key in self.cache:
                self.cache.move_to_end(key)
                return self.cache[key]
        value = fn(self.get())
        with self.lock:
            self.cache[key] = value
            while len(self.cache) > 64:
                self.cache.popitem(last=False)
        return value


class UploadLimit:
    """ASGI middleware: POST bodies to the ingest routes stop at ``limit``
    bytes (413), whether or not the client sent Content-Length."""

    def __init__(self, app, limit: int, paths: tuple[str, ...]):
        self.app, self.limit, self.paths = app, limit, paths

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] not in self.paths or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        for k, v in scope.get("headers", []):
            if k == b"content-length" and v.isdigit() and int(v) > self.limit + 64 * 1024:
                return await _too_large(scope, send, self.limit)
        seen = 0

        async def limited():
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit + 64 * 1024:
                    raise _TooLarge()
            return msg

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await _too_large(scope, send, self.limit)


async def _too_large(scope, send, limit: int) -> None:
    resp = JSONResponse({"detail": f"upload larger than {limit // (1024 * 1024)} MB"}, status_code=413)
    await resp(scope, None, send)


SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
]


class LastRequest:
    """ASGI middleware: notes when the latest request came in, so that
    background work (cache warm-up) runs only while readers are idle."""

    def __init__(self, app, clock: dict):
        self.app, self.clock = app, clock

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            self.clock["last"] = time.monotonic()
        await self.app(scope, receive, send)


IDLE_SECONDS = 1.0  # no request for this long: the server is idle


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(msg):
            if msg["type"] == "http.response.start":
                names = {k.lower() for k, _ in msg.get("headers", [])}
                msg["headers"] = list(msg.get("headers", [])) + [h for h in SECURITY_HEADERS if h[0] not in names]
            await send(msg)

        await self.app(scope, receive, send_with_headers)


def _qs(**params: Any) -> str:
    """A query string of the non-empty parameters."""
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return ("?" + urlencode(kept)) if kept else ""


def create_app(db_path: str, allow_ingest: bool = False, max_upload: int = DEFAULT_MAX_UPLOAD,
               warm: bool = True, audit: bool = False, host: str | None = None) -> FastAPI:
    """The web app over the archive at ``db_path``.

    ``allow_ingest`` adds the upload page (and creates the archive if it is
    missing); without it nothing can write, and the archive must exist.
    ``audit`` lets the audit pages store judgements (web/audit.py).
    With it, only requests naming ``host`` (the address the server is bound
    to; loopback names when that is loopback) are answered.
    """
    db_path = str(db_path)
    if allow_ingest or (audit and os.path.exists(db_path)):
        Store(db_path).close()  # create and migrate when missing
    elif not os.path.exists(db_path):
        raise FileNotFoundError(f"no archive at {db_path}")
    stores = Stores(db_path)
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals.update(qs=_qs, person_url=render.person_url, allow_ingest=allow_ingest, version=__version__,
                       count_value=render.count_value, fmt_number=render.fmt_number,
                       download_rows=DOWNLOAD_ROWS)
    env.filters["urlq"] = lambda s: urlquote(str(s), safe="")
    env.filters["marked"] = render.marked
    ctx = Ctx(stores=stores, env=env, db_path=db_path, allow_ingest=allow_ingest, max_upload=max_upload)
    page = ctx.page

    app = FastAPI(
        title="dateline",
        version=__version__,
        description="Who said what, which numbers are claimed by whom, and how stories move: "
                    "the archive's pages as JSON. Read-only unless the server runs with --allow-ingest.",
        docs_url=None, redoc_url=None,  # the interactive docs need a CDN: /docs lists the endpoints instead
    )
    app.state.db_path = db_path
    app.state.allow_ingest = allow_ingest
    app.state.ctx = ctx
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        wrong = ", ".join(f"{e['loc'][-1]}: {e['msg']}" for e in exc.errors())
        return page(request, "error.html", status_code=422, status=422, message=f"Check the form ({wrong}).")

    @app.exception_handler(BadFilter)
    async def bad_filter(request: Request, exc: BadFilter):
        """A filter value that cannot mean anything (views.filters): 400, saying what is wrong."""
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc), "field": exc.field}, status_code=400)
        return page(request, "error.html", status_code=400, status=400, message=f"Check the form ({exc}).")

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError):
        return await http_error(request, StarletteHTTPException(400, str(exc)))

    @app.exception_handler(sqlite3.OperationalError)
    async def stopped(request: Request, exc: sqlite3.OperationalError):
        if not guard.is_interrupt(exc):
            raise exc
        return await http_error(request, StarletteHTTPException(
            400, f"this query took more than {guard.BUDGET_SECONDS:g} s and was stopped: "
                 "use fewer, rarer or more exact words, or a date or outlet filter"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/") or request.url.path == "/api":
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return page(request, "error.html", status_code=exc.status_code, status=exc.status_code,
                    message=exc.detail)

    for module in (search, articles, people, quotes, claims, stories, api):
        app.include_router(module.router)
    # audits: pages, and judging when ``audit`` (dateline audit judge ID --web)
    audit_pages.register(app, page, stores, db_path, writable=audit, write_lock=ctx.write_lock)
    if allow_ingest:
        app.include_router(ingest.make_router(ctx, host))

    app.add_middleware(UploadLimit, limit=max_upload, paths=("/ingest", "/api/ingest"))
    app.add_middleware(SecurityHeaders)
    app.add_middleware(guard.RequestGuard)
    if allow_ingest:  # DNS rebinding: another name pointed at this address is refused
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=guard.allowed_hosts(host))
    clock = {"last": 0.0}
    app.add_middleware(LastRequest, clock=clock)

    def when_idle() -> None:
        while time.monotonic() - clock["last"] < IDLE_SECONDS:
            time.sleep(0.25)

    def warm_caches() -> None:
        """Fill the archive-wide caches before the first reader asks, one at
        a time while no reader is waiting: the home page's totals and facets,
        the first page of people, the claims page's categories and the groups it opens on, the
        quotes page's speakers; every template compiled and the name keys loaded.
        (Claim groups are stored by the linking step: this only reads them.)"""
        steps: list[Callable[[], Any]] = [
            lambda: [env.get_template(t) for t in env.list_templates(extensions=["html"])],  # compiled once
            lambda: search.stats(ctx),
            lambda: stores.cached(("facets",), lambda st: st._facets(None, [])),
            lambda: stores.cached(("speakers",), lambda st: st.speakers(limit=12)),
            lambda: people.people_data(ctx, None, 50, 0),
            lambda: claims.categories(ctx),
            lambda: claims.page_groups(ctx, claims.opening_category(ctx, None), None, claims.ROWS),
            lambda: stores.cached(("speakers", 200), lambda st: st.speakers(limit=200)),
            # the name keys a name not found as written is matched by (0.3 s to load, once)
            lambda: importlib.import_module("dateline.link.people"),
        ]
        try:
            for step in steps:
                when_idle()
                step()
        except Exception:  # noqa: BLE001 - a cold cache is only slower; the request path reports errors
            pass

    if warm:
        threading.Thread(target=warm_caches, name="dateline-warm-caches", daemon=True).start()
    return app
