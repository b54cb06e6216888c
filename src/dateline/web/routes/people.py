"""People: /people (list, CSV, JSON), /people/{name} and their JSON."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from ...views import lists as views_lists
from ...views import people as views_people
from .. import render, schemas
from ..context import DOWNLOAD_ROWS, FORMAT, MAX_OFFSET, Ctx, context, download

router = APIRouter()


def people_data(ctx: Ctx, name, limit, offset) -> dict:
    rows = views_lists.people_list(ctx.store, name=name, limit=limit + 1, offset=offset) if name else \
        ctx.cached(("people", limit, offset),
                   lambda s: views_lists.people_list(s, limit=limit + 1, offset=offset))
    return {"limit": limit, "offset": offset, "more": len(rows) > limit, "people": rows[:limit]}


def person_or_404(ctx: Ctx, name: str) -> dict:
    p = views_people.person(ctx.store, name)
    if p is None:
        raise HTTPException(404, f"No one called {name!r} in the archive.")
    return p


@router.get("/people", include_in_schema=False)
def people_page(request: Request, name: Optional[str] = None,
                page_no: int = Query(1, alias="page", ge=1, le=MAX_OFFSET // 50),
                fmt: str = Query("", alias="format", pattern=FORMAT), ctx: Ctx = Depends(context)):
    res = people_data(ctx, name, DOWNLOAD_ROWS if fmt in ("csv", "json") else 50, (page_no - 1) * 50)
    if fmt in ("csv", "json"):
        return download(res["people"], "people", fmt, "people")
    return ctx.page(request, "people.html", nav="people", res=res, name=name, page_no=page_no)


@router.get("/people/{name:path}", include_in_schema=False)
def person_page(request: Request, name: str, ctx: Ctx = Depends(context)):
    try:
        p = person_or_404(ctx, name)
    except HTTPException:
        like = ctx.store.people(limit=20, name=name.split()[-1] if name.split() else name)
        return ctx.page(request, "person_missing.html", status_code=404, nav="people", name=name, like=like)
    return ctx.page(request, "person.html", nav="people", p=p, bars=render.month_bars(p["months"]))


@router.get("/api/people", response_model=schemas.PeopleList, tags=["people"])
def api_people(name: Optional[str] = Query(None, description="Part of a name"),
               limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET),
               ctx: Ctx = Depends(context)):
    """People by the number of articles that name them."""
    return people_data(ctx, name, limit, offset)


@router.get("/api/people/{name:path}", response_model=schemas.PersonDetail, tags=["people"])
def api_person(name: str, ctx: Ctx = Depends(context)):
    """One person: roles over time, quotes, claims, people named with them, articles."""
    return person_or_404(ctx, name)
