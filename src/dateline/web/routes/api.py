"""What the API is: /api/ (the endpoints), /docs and /about-api (the same
for a reader, no CDN), /api/stats."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from ...views import api as views_api
from ..context import Ctx, context
from .search import stats

router = APIRouter()


@router.get("/about-api", include_in_schema=False)
@router.get("/docs", include_in_schema=False)
def api_page(request: Request, ctx: Ctx = Depends(context)):
    """The endpoints, from the schema.  /docs is this page: the usual
    interactive docs load their scripts from a CDN, which dateline never
    asks a reader's browser to do."""
    return ctx.page(request, "api.html", nav="api", routes=views_api.endpoints(request.app.openapi()),
                    docs=request.url.path == "/docs")


@router.get("/api", include_in_schema=False)
@router.get("/api/", include_in_schema=False)
def api_index(request: Request) -> dict[str, Any]:
    """Every JSON endpoint, and where the OpenAPI schema is."""
    return views_api.index(request.app.openapi())


@router.get("/api/stats", tags=["archive"])
def api_stats(ctx: Ctx = Depends(context)) -> dict[str, Any]:
    """What the archive holds."""
    return {**stats(ctx), "allow_ingest": ctx.allow_ingest}
