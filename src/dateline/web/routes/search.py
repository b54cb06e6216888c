"""Search: the home page, /search (with matching articles over time) and /api/search."""
from __future__ import annotations

import time
from typing import Any, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ...views import timeline as views_timeline
from ...views.filters import check_filters
from .. import render, schemas
from ..context import DAY, DOWNLOAD_ROWS, FORMAT, MAX_OFFSET, PAGE, Ctx, context, download

router = APIRouter()


def search_data(ctx: Ctx, q, outlet, day, since, until, person, limit, offset) -> dict:
    check_filters(since=since, until=until, day=day)
    s = ctx.store
    if not (q or outlet or day or since or until or person):
        # the whole archive: facets are archive-wide aggregates, cached
        res = s.search_page("", limit=limit, offset=offset, facets=False)
        res["facets"] = ctx.cached(("facets",), lambda st: st._facets(None, []))
        return res
    return s.search_page(q or "", outlet=outlet, day=day, since=since, until=until, person=person,
                         limit=limit, offset=offset)


def stats(ctx: Ctx) -> dict:
    return ctx.cached(("stats",), lambda s: s.stats())


@router.get("/", include_in_schema=False)
@router.get("/search", include_in_schema=False)
def search_page(request: Request, q: str = "", outlet: Optional[str] = None,
                day: Optional[str] = Query(None, description=DAY), since: Optional[str] = Query(None, description=DAY),
                until: Optional[str] = Query(None, description=DAY), person: Optional[str] = None,
                page_no: int = Query(1, alias="page", ge=1, le=MAX_OFFSET // PAGE),
                by: Optional[str] = Query(None, pattern="^(|day|week|month)$"),
                per: Optional[str] = Query(None, pattern="^(|outlet)$"),
                fmt: str = Query("", alias="format", pattern=FORMAT), ctx: Ctx = Depends(context)):
    t0 = time.perf_counter()
    q = q.strip()
    if fmt in ("csv", "json"):  # this page of results as a file
        res = search_data(ctx, q, outlet, day, since, until, person, DOWNLOAD_ROWS, (page_no - 1) * PAGE)
        return download(res["hits"], "search", fmt, "search")
    res = search_data(ctx, q, outlet, day, since, until, person, PAGE, (page_no - 1) * PAGE)
    home = not (q or outlet or day or since or until or person)
    extra: dict[str, Any] = {"said": []}
    if q and not page_no > 1:
        extra["said"] = ctx.store.quotes(text=q, since=since, until=until, limit=6)
    if home:
        extra = {"stats": stats(ctx), "speakers": ctx.cached(("speakers",), lambda s: s.speakers(limit=12))}
    return ctx.page(request, "search.html", nav="search", res=res, q=q, outlet=outlet, day=day, since=since,
                    until=until, person=person, page_no=page_no, page_size=PAGE, home=home, by=by, per=per,
                    took=time.perf_counter() - t0, **extra)


@router.get("/search/over-time.svg", include_in_schema=False)
def over_time_chart(q: str = "", outlet: Optional[str] = None, since: Optional[str] = Query(None, description=DAY),
                    until: Optional[str] = Query(None, description=DAY), person: Optional[str] = None,
                    by: Optional[str] = Query(None, pattern="^(|day|week|month)$"),
                    per: Optional[str] = Query(None, pattern="^(|outlet)$"),
                    size: str = Query("wide", pattern="^(wide|narrow)$"), ctx: Ctx = Depends(context)):
    """The search page's chart of matching articles over time, as an SVG
    image: its own request, so the results never wait for it.  ``narrow``:
    drawn for a phone's width, its labels at a readable size."""
    ot = views_timeline.over_time(ctx.store, q.strip(), outlet=outlet, since=since, until=until, person=person,
                                  by=by or None, per_outlet=per == "outlet")
    svg = render.time_bars(ot, width=380, height=200) if size == "narrow" else render.time_bars(ot)
    return Response(str(svg), media_type="image/svg+xml", headers={"cache-control": "private, max-age=60"})


@router.get("/api/search", response_model=schemas.SearchResult, tags=["search"])
def api_search(q: str = Query("", description='Words, "exact phrases", OR, NOT, prefix*'),
               outlet: Optional[str] = Query(None, description="Exact outlet name (a facet value)"),
               day: Optional[str] = Query(None, description=DAY), since: Optional[str] = Query(None, description=DAY),
               until: Optional[str] = Query(None, description=DAY),
               person: Optional[str] = Query(None, description="Only articles naming this person"),
               limit: int = Query(20, ge=1, le=200), offset: int = Query(0, ge=0, le=MAX_OFFSET),
               ctx: Ctx = Depends(context)):
    """Full-text search with snippets and facets (outlets, days, people)."""
    return search_data(ctx, q.strip(), outlet, day, since, until, person, limit, offset)


@router.get("/api/search/over-time", tags=["search"])
def api_over_time(q: str = Query("", description='Words, "exact phrases", OR, NOT, prefix*'),
                  outlet: Optional[str] = None, since: Optional[str] = Query(None, description=DAY),
                  until: Optional[str] = Query(None, description=DAY), person: Optional[str] = None,
                  by: Optional[str] = Query(None, pattern="^(|day|week|month)$",
                                            description="day, week or month (empty: by the span of the matches)"),
                  per_outlet: bool = False, fmt: str = Query("", alias="format", pattern=FORMAT),
                  ctx: Ctx = Depends(context)) -> Any:
    """Matching articles per day, week or month, in all or per outlet (what the search page charts)."""
    ot = views_timeline.over_time(ctx.store, q.strip(), outlet=outlet, since=since, until=until, person=person,
                                  by=by or None, per_outlet=per_outlet)
    if fmt == "csv":
        return download(ot["rows"], "timeline", "csv", "over-time")
    return ot
