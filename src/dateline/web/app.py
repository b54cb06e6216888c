"""The web app: server-rendered pages over the archive, each also as JSON
under /api/ (described by /openapi.json).

Read-only unless created with ``allow_ingest=True``: every request reads
through a read-only SQLite connection (one per worker thread), and the only
route that writes (the ingest page) does not exist otherwise.
"""
from __future__ import annotations

import os
import re
import sqlite3
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, Optional
from urllib.parse import quote as urlquote
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..link.claims import groups_about
from ..store import QueryError, Store
from ..views import api as views_api
from ..views import articles as views_articles
from ..views import counts as views_counts
from ..views import people as views_people
from ..views import quotes as views_quotes
from ..views.filters import BadFilter, check_filters
from . import audit as audit_pages
from . import guard, render, schemas

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".warc", ".gz")
DAY = "YYYY-MM-DD, YYYY-MM or YYYY; empty: no filter. Checked by views.filters: a day that is none is a 400."
PAGE = 25
MAX_OFFSET = 10_000
MAX_GROUPS = 20  # linked claim groups shown per page
MAX_CHARTS = 3  # of which drawn as charts


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


class _TooLarge(Exception):
    pass


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


def _safe_upload_name(name: str | None) -> str:
    base = (name or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "upload"
    return base[-100:]


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
    write_lock = threading.Lock()

    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals.update(qs=_qs, person_url=render.person_url, allow_ingest=allow_ingest, version=__version__,
                       count_value=render.count_value, fmt_number=render.fmt_number)
    env.filters["urlq"] = lambda s: urlquote(str(s), safe="")
    env.filters["marked"] = render.marked

    app = FastAPI(
        title="dateline",
        version=__version__,
        description="Who said what, which numbers are claimed by whom, and how stories move: "
                    "the archive's pages as JSON. Read-only unless the server runs with --allow-ingest.",
        docs_url=None, redoc_url=None,  # the interactive docs need a CDN: /docs lists the endpoints instead
    )
    app.state.db_path = db_path
    app.state.allow_ingest = allow_ingest
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, template: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("nav", "")
        html = env.get_template(template).render(request=request, path=request.url.path, **ctx)
        return HTMLResponse(html, status_code=status_code)

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

    # ---- data (shared by pages and API) ---------------------------------------
    def stats() -> dict:
        return stores.cached(("stats",), lambda s: s.stats())

    def search_data(q, outlet, day, since, until, person, limit, offset) -> dict:
        check_filters(since=since, until=until, day=day)
        s = stores.get()
        if not (q or outlet or day or since or until or person):
            # the whole archive: facets are archive-wide aggregates, cached
            res = s.search_page("", limit=limit, offset=offset, facets=False)
            res["facets"] = stores.cached(("facets",), lambda st: st._facets(None, []))
            return res
        return s.search_page(q or "", outlet=outlet, day=day, since=since, until=until, person=person,
                             limit=limit, offset=offset)

    def article_or_404(article_id: str):
        s = stores.get()
        a = s.article(article_id)
        candidates: list[str] = []
        if a is None:
            full, candidates = views_articles.resolve(s, article_id)
            a = s.article(full) if full else None
        if a is None:
            raise HTTPException(404, views_articles.not_found_message(article_id, candidates))
        return a

    def quotes_data(speaker, q, anonymous, since, until, limit, offset) -> dict:
        rows = views_quotes.quotes(stores.get(), speaker=speaker, text=q, anonymous=anonymous, since=since,
                                   until=until, limit=limit + 1, offset=offset)
        return {"speaker": speaker, "q": q, "limit": limit, "offset": offset, "more": len(rows) > limit,
                "quotes": rows[:limit]}

    def people_data(name, limit, offset) -> dict:
        if name:
            rows = stores.get().people(limit=limit + 1, offset=offset, name=name)
        else:
            rows = stores.cached(("people", limit, offset), lambda s: s.people(limit=limit + 1, offset=offset))
        return {"limit": limit, "offset": offset, "more": len(rows) > limit, "people": rows[:limit]}

    def person_or_404(name: str) -> dict:
        p = views_people.person(stores.get(), name)
        if p is None:
            raise HTTPException(404, f"No one called {name!r} in the archive.")
        return p

    def claim_groups(category) -> list:
        """Linked claim groups of a category (link/claims.py via Store.claim_groups): stored by the
        linking step, so one query; cached like the other archive-wide reads."""
        def load(st):
            try:
                return st.claim_groups(category=category)
            except Exception:  # the linking layer is optional: the comparison below stands alone
                return []
        return stores.cached(("claim_groups", category), load)

    def claims_data(category, about, since, until) -> dict:
        check_filters(since=since, until=until, category=category)
        s = stores.get()
        groups = [{"label": g.label, "category": g.category, "claimants": g.claimants, "rows": g.table()}
                  for g in groups_about(claim_groups(category), about)[:MAX_GROUPS]]
        return {
            "categories": stores.cached(("categories",), lambda st: st.count_categories()),
            "compare": s.compare_counts(category=category, about=about, since=since, until=until),
            "groups": groups,
        }

    def group_chart(category, about, index: int) -> str | None:
        """A claim group drawn over time (link/claims.py) as a data: URI."""
        found = groups_about(claim_groups(category), about)
        if index >= len(found):
            return None
        group = found[index]

        def draw(st):
            import base64

            from ..link.claims import draw_claims

            fd, tmp = tempfile.mkstemp(suffix=".png")
            os.close(fd)
            try:
                draw_claims(group, tmp, title=group.label)
                with open(tmp, "rb") as f:
                    return "data:image/png;base64," + base64.b64encode(f.read()).decode()
            except Exception:  # a label matplotlib cannot draw: the table still stands
                return None
            finally:
                os.unlink(tmp)
        return stores.cached(("claim_chart", category, group.label, len(group.rows)), draw)

    # ---- pages ------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", outlet: Optional[str] = None,
                    day: Optional[str] = Query(None, description=DAY), since: Optional[str] = Query(None, description=DAY),
                    until: Optional[str] = Query(None, description=DAY), person: Optional[str] = None,
                    page_no: int = Query(1, alias="page", ge=1, le=MAX_OFFSET // PAGE)):
        t0 = time.perf_counter()
        res = search_data(q.strip(), outlet, day, since, until, person, PAGE, (page_no - 1) * PAGE)
        home = not (q.strip() or outlet or day or since or until or person)
        extra: dict[str, Any] = {"said": []}
        if q.strip() and not page_no > 1:
            extra["said"] = stores.get().quotes(text=q.strip(), since=since, until=until, limit=6)
        if home:
            extra = {"stats": stats(),
                     "speakers": stores.cached(("speakers",), lambda s: s.speakers(limit=12))}
        return page(request, "search.html", nav="search", res=res, q=q, outlet=outlet, day=day, since=since,
                    until=until, person=person, page_no=page_no, page_size=PAGE, home=home,
                    took=time.perf_counter() - t0, **extra)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str):
        a = article_or_404(article_id)
        if a.id != article_id:
            return RedirectResponse(f"/articles/{a.id}", status_code=307)
        ann = a.annotations
        hl = render.highlight_article(a.text, ann.quotes, ann.counts, ann.people)
        return page(request, "article.html", nav="search", a=a, body=hl.html, legend=hl.legend)

    @app.get("/people", response_class=HTMLResponse, include_in_schema=False)
    def people_page(request: Request, name: Optional[str] = None,
                    page_no: int = Query(1, alias="page", ge=1, le=MAX_OFFSET // 50)):
        res = people_data(name, 50, (page_no - 1) * 50)
        return page(request, "people.html", nav="people", res=res, name=name, page_no=page_no)

    @app.get("/people/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def person_page(request: Request, name: str):
        try:
            p = person_or_404(name)
        except HTTPException:
            like = stores.get().people(limit=20, name=name.split()[-1] if name.split() else name)
            return page(request, "person_missing.html", status_code=404, nav="people", name=name, like=like)
        return page(request, "person.html", nav="people", p=p, bars=render.month_bars(p["months"]))

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(request: Request, speaker: Optional[str] = None, q: Optional[str] = None,
                    anonymous: Optional[str] = Query(None, pattern="^(|yes|no)$"),
                    since: Optional[str] = Query(None, description=DAY), until: Optional[str] = Query(None, description=DAY),
                    page_no: int = Query(1, alias="page", ge=1, le=MAX_OFFSET // 50)):
        anon = {"yes": True, "no": False}.get(anonymous or "")
        res = quotes_data(speaker or None, q or None, anon, since, until, 50, (page_no - 1) * 50)
        speakers = stores.cached(("speakers", 200), lambda s: s.speakers(limit=200))
        return page(request, "quotes.html", nav="quotes", res=res, speaker=speaker, q=q, anonymous=anonymous,
                    since=since, until=until, page_no=page_no, speakers=speakers)

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_page(request: Request, category: Optional[str] = None, about: Optional[str] = None,
                    since: Optional[str] = Query(None, description=DAY), until: Optional[str] = Query(None, description=DAY)):
        cats = stores.cached(("categories",), lambda st: st.count_categories())
        if category is None and cats:
            preferred = [c["category"] for c in cats if c["category"] != "other"]
            category = preferred[0] if preferred else cats[0]["category"]
        res = claims_data(category or None, about or None, since, until)
        table = _side_by_side(res["compare"])
        charts = [group_chart(category or None, about or None, i) for i in range(min(len(res["groups"]), MAX_CHARTS))]
        # sources that are organisations get no link to a person page that would say 404
        known = views_people.known_people(stores.get().db, [r.get("claimant") for g in res["groups"] for r in g["rows"]]
                                          + [s["claimant"] for s in res["compare"]["series"]])
        return page(request, "claims.html", nav="claims", res=res, category=category, about=about, since=since,
                    until=until, table=table, chart=render.claims_chart(res["compare"]["series"]), people_known=known,
                    colours=render.SERIES_COLOURS, group_charts=charts)

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request):
        return page(request, "stories.html", nav="stories", stories=stores.get().stories(limit=100),
                    linked=stores.get().has_table("stories"))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str):
        st = stores.get().story(story_id)
        if st is None:
            raise HTTPException(404, f"No story {story_id!r}.")
        return page(request, "story.html", nav="stories", st=st)

    @app.get("/about-api", response_class=HTMLResponse, include_in_schema=False)
    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request):
        """The endpoints, from the schema.  /docs is this page: the usual
        interactive docs load their scripts from a CDN, which dateline never
        asks a reader's browser to do."""
        return page(request, "api.html", nav="api", routes=views_api.endpoints(app.openapi()),
                    docs=request.url.path == "/docs")

    @app.get("/api", include_in_schema=False)
    @app.get("/api/", include_in_schema=False)
    def api_index() -> dict[str, Any]:
        """Every JSON endpoint, and where the OpenAPI schema is."""
        return views_api.index(app.openapi())

    # ---- JSON API -----------------------------------------------------------------
    @app.get("/api/search", response_model=schemas.SearchResult, tags=["search"])
    def api_search(q: str = Query("", description='Words, "exact phrases", OR, NOT, prefix*'),
                   outlet: Optional[str] = Query(None, description="Exact outlet name (a facet value)"),
                   day: Optional[str] = Query(None, description=DAY), since: Optional[str] = Query(None, description=DAY),
                   until: Optional[str] = Query(None, description=DAY),
                   person: Optional[str] = Query(None, description="Only articles naming this person"),
                   limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Full-text search with snippets and facets (outlets, days, people)."""
        return search_data(q.strip(), outlet, day, since, until, person, limit, offset)

    @app.get("/api/articles/{article_id}", tags=["articles"],
             responses={200: {"description": "The article in the export format (spec/export-format.md): "
                                             "clean text, people, quotes and counts with offsets."}})
    def api_article(article_id: str) -> dict[str, Any]:
        """One article (id or unique id prefix)."""
        return article_or_404(article_id).to_export()

    @app.get("/api/quotes", response_model=schemas.QuoteList, tags=["quotes"])
    def api_quotes(speaker: Optional[str] = Query(None, description="Exact speaker, or part of a name"),
                   q: Optional[str] = Query(None, description="Words in the quote"),
                   anonymous: Optional[bool] = None,
                   since: Optional[str] = Query(None, description=DAY), until: Optional[str] = Query(None, description=DAY),
                   limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Quotes with speakers, newest first."""
        return quotes_data(speaker, q, anonymous, since, until, limit, offset)

    @app.get("/api/people", response_model=schemas.PeopleList, tags=["people"])
    def api_people(name: Optional[str] = Query(None, description="Part of a name"),
                   limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """People by the number of articles that name them."""
        return people_data(name, limit, offset)

    @app.get("/api/people/{name:path}", response_model=schemas.PersonDetail, tags=["people"])
    def api_person(name: str):
        """One person: roles over time, quotes, claims, people named with them, articles."""
        return person_or_404(name)

    @app.get("/api/counts", response_model=list[schemas.CountRow], tags=["claims"])
    def api_counts(category: Optional[str] = None, claimant: Optional[str] = None,
                   about: Optional[str] = Query(None, description="Words about what is counted or in the article"),
                   since: Optional[str] = Query(None, description=DAY), until: Optional[str] = Query(None, description=DAY),
                   limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Numbers stated as facts, with hedge, category and claimant."""
        return views_counts.counts(stores.get(), category=category, claimant=claimant, about=about, since=since,
                                   until=until, limit=limit, offset=offset)

    @app.get("/api/claims", response_model=schemas.ClaimsResult, tags=["claims"])
    def api_claims(category: Optional[str] = None, about: Optional[str] = None,
                   since: Optional[str] = Query(None, description=DAY), until: Optional[str] = Query(None, description=DAY)):
        """The numbers each claimant gives for one category, side by side and over time."""
        return claims_data(category, about, since, until)

    @app.get("/api/stories", response_model=schemas.StoryList, tags=["stories"])
    def api_stories(limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
        """Stories (articles linked over time); empty until stories are linked."""
        return {"stories": stores.get().stories(limit=limit, offset=offset)}

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def api_story(story_id: str) -> dict[str, Any]:
        """One story with its timeline of articles."""
        st = stores.get().story(story_id)
        if st is None:
            raise HTTPException(404, f"No story {story_id!r}.")
        return st

    @app.get("/api/stats", tags=["archive"])
    def api_stats() -> dict[str, Any]:
        """What the archive holds."""
        return {**stats(), "allow_ingest": allow_ingest}

    # audits: pages, and judging when ``audit`` (dateline audit judge ID --web)
    audit_pages.register(app, page, stores, db_path, writable=audit, write_lock=write_lock)

    # ---- ingest (only with allow_ingest) --------------------------------------------
    if allow_ingest:
        hosts = guard.allowed_hosts(host)

        def check_origin(request: Request) -> None:
            """Refuse cross-site form posts (a page elsewhere posting to this local server)."""
            guard.check_origin(request, hosts)

        async def receive_upload(request: Request) -> tuple[str, str]:
            check_origin(request)
            try:
                form = await request.form(max_files=1, max_fields=5)
            except _TooLarge:
                raise
            except Exception as e:  # malformed multipart
                raise HTTPException(400, f"bad upload: {e}") from e
            f = form.get("file")
            if f is None or isinstance(f, str):
                raise HTTPException(400, "no file in the upload (field name: file)")
            name = _safe_upload_name(f.filename)
            if not name.lower().endswith(UPLOAD_SUFFIXES):
                raise HTTPException(415, "upload a text dump (.txt), an HTML page (.html), JSONL or WARC (.gz ok)")
            fd, tmp = tempfile.mkstemp(prefix="dateline-upload-", suffix="-" + name)
            size = 0
            with os.fdopen(fd, "wb") as out:
                while chunk := await f.read(1 << 20):
                    size += len(chunk)
                    if size > max_upload:
                        out.close()
                        os.unlink(tmp)
                        raise HTTPException(413, f"upload larger than {max_upload // (1024 * 1024)} MB")
                    out.write(chunk)
            await f.close()
            return name, tmp

        def run_ingest(name: str, tmp: str) -> dict:
            from ..ingest import ingest_file
            from ..read import InputFile

            try:
                with write_lock, Store(db_path) as writer:
                    r = ingest_file(InputFile("upload/" + name, tmp), writer, force=True)
                return {"name": name, "status": r.status, "format": r.format, "articles": r.articles,
                        "new": r.new, "message": r.message, "warnings": r.warnings}
            except Exception as e:  # a reader that is missing or breaks: report, do not crash
                return {"name": name, "status": "failed", "format": "?", "articles": 0, "new": 0,
                        "message": f"{type(e).__name__}: {e}", "warnings": []}
            finally:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass

        @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
        def ingest_form(request: Request):
            return page(request, "ingest.html", nav="ingest", result=None, max_mb=max_upload // (1024 * 1024))

        @app.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
        async def ingest_post(request: Request):
            from starlette.concurrency import run_in_threadpool

            name, tmp = await receive_upload(request)
            result = await run_in_threadpool(run_ingest, name, tmp)
            recent = stores.get().list_articles(limit=10) if result["new"] else []
            return page(request, "ingest.html", nav="ingest", result=result, recent=recent,
                        max_mb=max_upload // (1024 * 1024),
                        status_code=200 if result["status"] != "failed" else 422)

        @app.post("/api/ingest", response_model=schemas.IngestFile, tags=["archive"])
        async def api_ingest(request: Request):
            """Upload one file (multipart field `file`); only when the server runs with --allow-ingest."""
            from starlette.concurrency import run_in_threadpool

            name, tmp = await receive_upload(request)
            result = await run_in_threadpool(run_ingest, name, tmp)
            return JSONResponse(result, status_code=200 if result["status"] != "failed" else 422)

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
        the first page of people, and the claims page's categories.  (Claim
        groups need no warming: the linking step stores them.)"""
        steps: list[Callable[[], Any]] = [
            stats,
            lambda: stores.cached(("facets",), lambda st: st._facets(None, [])),
            lambda: stores.cached(("speakers",), lambda st: st.speakers(limit=12)),
            lambda: people_data(None, 50, 0),
            lambda: stores.cached(("categories",), lambda st: st.count_categories()),
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


def _side_by_side(compare: dict) -> dict:
    """Rows = days (oldest first), columns = claimants: what each said that day."""
    cols = [s["claimant"] for s in compare["series"]]
    by_day: dict[str, dict[int, list[dict]]] = {}
    for ci, s in enumerate(compare["series"]):
        for p in s["points"]:
            by_day.setdefault(p["day"] or "undated", {}).setdefault(ci, []).append(p)
    days = sorted(by_day, key=lambda d: (d == "undated", d))
    return {"columns": cols, "rows": [{"day": d, "cells": [by_day[d].get(ci, []) for ci in range(len(cols))]}
                                      for d in days]}
