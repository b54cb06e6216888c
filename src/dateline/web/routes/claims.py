"""Claims and counts: /claims (groups of one category, each charted on its
own; CSV and JSON), /api/claims, /api/counts."""
from __future__ import annotations

import os
import tempfile
from typing import Optional

from fastapi import APIRouter, Depends, Query, Request, Response

from ...link.claims import groups_about
from ...views import claims as views_claims
from ...views import counts as views_counts
from ...views import people as views_people
from ...views.filters import check_filters
from ...views.tables import claim_rows
from .. import schemas
from ..context import DAY, FORMAT, MAX_OFFSET, Ctx, context, download

router = APIRouter()
MAX_GROUPS = 20  # linked claim groups shown per page
MAX_CHARTS = 3  # of which drawn as charts (each its own image request, drawn when the page is read)
ROWS = 20  # rows shown per group on the page (the latest); the CSV and JSON downloads have them all


def claim_groups(ctx: Ctx, category, about=None, limit: int | None = None) -> list:
    """Linked claim groups of a category (all categories: None) about
    ``about``, the first ``limit`` of them (None: all), stored by the
    linking step; cached like the other archive-wide reads (words pick
    among the category's groups, read and cached once for all words)."""
    if about:
        found = groups_about(claim_groups(ctx, category), about)
        return found[:limit] if limit else found

    def load(st):
        try:
            return st.claim_groups(category=category, limit=limit)
        except Exception:  # the linking layer is optional: the comparison below stands alone
            return []
    return ctx.cached(("claim_groups", category, limit), load)


def group_words(ctx: Ctx, category) -> dict | None:
    """What ``about`` words are looked for in, per stored group of a category
    (None: every grouped category), read once and cached."""
    return ctx.cached(("claim_words", category), lambda st: st.claim_group_words(category))


def page_groups(ctx: Ctx, category, about=None, rows: int | None = None, limit: int | None = MAX_GROUPS) -> list:
    """The groups a page shows (views.claims.page_groups), each with its latest
    ``rows`` rows; without words, cached like the other archive-wide reads."""
    if about:
        return views_claims.page_groups(ctx.store, category, about, limit, rows, words=group_words(ctx, category))
    return ctx.cached(("claim_page", category, limit, rows),
                      lambda st: views_claims.page_groups(st, category, None, limit, rows))


def categories(ctx: Ctx) -> list:
    return ctx.cached(("categories",), lambda st: st.count_categories())


def opening_category(ctx: Ctx, about: str | None) -> str | None:
    """The category /claims opens on: the one with the most grouped claims
    (about ``about``, when given); see views.claims.opening_category."""
    if not about:  # from the stored group summaries, when they are up to date: no rows read
        tally = ctx.cached(("claim_group_tally",), lambda st: st.claim_group_tally())
        if tally is not None:
            return views_claims.opening_category([], categories(ctx), tally=tally)
    about_counts = ctx.store.counts(about=about, limit=500) if about else None
    words = group_words(ctx, None) if about else None
    if words is not None:  # the stored groups about the words, from their summaries
        tally = ctx.store.claim_group_about_tally(about, words)
        return views_claims.opening_category([], categories(ctx), about, about_counts, tally=tally)
    return views_claims.opening_category(claim_groups(ctx, None), categories(ctx), about, about_counts)


def claims_data(ctx: Ctx, category, about, since, until, rows: int | None = None) -> dict:
    """Categories, the side-by-side comparison and the first MAX_GROUPS
    claim groups, each with its latest ``rows`` rows (None: all)."""
    check_filters(since=since, until=until, category=category)
    groups = page_groups(ctx, category, about, rows)
    return {
        "categories": categories(ctx),
        "compare": views_claims.compare(ctx.store, category=category, about=about, since=since, until=until),
        "groups": groups,
    }


def group_chart(ctx: Ctx, category, about, index: int) -> bytes | None:
    """Claim group ``index`` of the page drawn over time
    (link/claims.draw_claims, the chart ``dateline claims --chart`` writes)
    as PNG; cached by group and archive version."""
    found = claim_groups(ctx, category, about, MAX_GROUPS)
    if not 0 <= index < len(found):
        return None
    group = found[index]

    def draw(st):
        from ...link.claims import draw_claims

        fd, tmp = tempfile.mkstemp(suffix=".png")
        os.close(fd)
        try:
            draw_claims(group, tmp, title=group.label)
            with open(tmp, "rb") as f:
                return f.read()
        except Exception:  # a label matplotlib cannot draw: the table still stands
            return None
        finally:
            os.unlink(tmp)
    return ctx.cached(("claim_chart", category, group.key, len(group.rows)), draw)


@router.get("/claims", include_in_schema=False)
def claims_page(request: Request, category: Optional[str] = None, about: Optional[str] = None,
                since: Optional[str] = Query(None, description=DAY), until: Optional[str] = Query(None, description=DAY),
                rows: int = Query(ROWS, ge=0, description="rows shown per group (the latest); 0 for all"),
                fmt: str = Query("", alias="format", pattern=FORMAT), ctx: Ctx = Depends(context)):
    if not category:
        category = opening_category(ctx, about or None)
    if fmt in ("csv", "json"):  # every group of the category, not only those shown
        check_filters(since=since, until=until, category=category)
        groups = page_groups(ctx, category or None, about or None, limit=None)
        return download(claim_rows(groups), "claims", fmt, "claims")
    res = claims_data(ctx, category or None, about or None, since, until, rows=rows or None)
    table = views_claims.side_by_side(res["compare"])
    charts = min(len(res["groups"]), MAX_CHARTS)
    # sources that are organisations get no link to a person page that would say 404
    known = views_people.known_people(ctx.store.db, [r.get("claimant") for g in res["groups"] for r in g["rows"]]
                                      + [s["claimant"] for s in res["compare"]["series"]])
    return ctx.page(request, "claims.html", nav="claims", res=res, category=category, about=about, since=since,
                    until=until, table=table, people_known=known, group_charts=charts, rows=rows)


@router.get("/claims/chart.png", include_in_schema=False)
def claims_chart(category: Optional[str] = None, about: Optional[str] = None,
                 group: int = Query(0, ge=0, lt=MAX_GROUPS), ctx: Ctx = Depends(context)):
    """One claim group of /claims drawn over time (the page's images)."""
    png = group_chart(ctx, category or None, about or None, group)
    if png is None:
        return Response(status_code=404)
    return Response(png, media_type="image/png", headers={"cache-control": "max-age=300"})


@router.get("/api/counts", response_model=list[schemas.CountRow], tags=["claims"])
def api_counts(category: Optional[str] = None, claimant: Optional[str] = None,
               about: Optional[str] = Query(None, description="Words about what is counted or in the article"),
               since: Optional[str] = Query(None, description=DAY), until: Optional[str] = Query(None, description=DAY),
               limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
               fmt: str = Query("", alias="format", pattern=FORMAT), ctx: Ctx = Depends(context)):
    """Numbers stated as facts, with hedge, category and claimant (format=csv: as a CSV file)."""
    rows = views_counts.counts(ctx.store, category=category, claimant=claimant, about=about, since=since,
                               until=until, limit=limit, offset=offset)
    return download(rows, "counts", "csv", "counts") if fmt == "csv" else rows


@router.get("/api/claims", response_model=schemas.ClaimsResult, tags=["claims"])
def api_claims(category: Optional[str] = None, about: Optional[str] = None,
               since: Optional[str] = Query(None, description=DAY), until: Optional[str] = Query(None, description=DAY),
               ctx: Ctx = Depends(context)):
    """The numbers each claimant gives for one category, side by side and over time."""
    return claims_data(ctx, category, about, since, until)
