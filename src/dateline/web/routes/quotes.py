"""Quotes: /quotes (list, CSV, JSON) and /api/quotes."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query, Request

from ...views import quotes as views_quotes
from .. import schemas
from ..context import DAY, DOWNLOAD_ROWS, FORMAT, MAX_OFFSET, Ctx, context, download

router = APIRouter()
PAGE = 50


def quotes_data(ctx: Ctx, speaker, q, anonymous, since, until, limit, offset) -> dict:
    rows = views_quotes.quotes(ctx.store, speaker=speaker, text=q, anonymous=anonymous, since=since,
                               until=until, limit=limit + 1, offset=offset)
    return {"speaker": speaker, "q": q, "limit": limit, "offset": offset, "more": len(rows) > limit,
            "quotes": rows[:limit]}


@router.get("/quotes", include_in_schema=False)
def quotes_page(request: Request, speaker: Optional[str] = None, q: Optional[str] = None,
                anonymous: Optional[str] = Query(None, pattern="^(|yes|no)$"),
                since: Optional[str] = Query(None, description=DAY), until: Optional[str] = Query(None, description=DAY),
                page_no: int = Query(1, alias="page", ge=1, le=MAX_OFFSET // PAGE),
                fmt: str = Query("", alias="format", pattern=FORMAT), ctx: Ctx = Depends(context)):
    anon = {"yes": True, "no": False}.get(anonymous or "")
    res = quotes_data(ctx, speaker or None, q or None, anon, since, until,
                      DOWNLOAD_ROWS if fmt in ("csv", "json") else PAGE, (page_no - 1) * PAGE)
    if fmt in ("csv", "json"):
        return download(res["quotes"], "quotes", fmt, "quotes")
    speakers = ctx.cached(("speakers", 200), lambda s: s.speakers(limit=200))
    return ctx.page(request, "quotes.html", nav="quotes", res=res, speaker=speaker, q=q, anonymous=anonymous,
                    since=since, until=until, page_no=page_no, speakers=speakers)


@router.get("/api/quotes", response_model=schemas.QuoteList, tags=["quotes"])
def api_quotes(speaker: Optional[str] = Query(None, description="Exact speaker, or part of a name"),
               q: Optional[str] = Query(None, description="Words in the quote"),
               anonymous: Optional[bool] = None,
               since: Optional[str] = Query(None, description=DAY), until: Optional[str] = Query(None, description=DAY),
               limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET),
               ctx: Ctx = Depends(context)):
    """Quotes with speakers, newest first."""
    return quotes_data(ctx, speaker, q, anonymous, since, until, limit, offset)
