"""One article: /articles/{id} (highlighted) and /api/articles/{id}."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse

from ...views import articles as views_articles
from .. import render
from ..context import Ctx, context

router = APIRouter()


def article_or_404(ctx: Ctx, article_id: str):
    s = ctx.store
    a = s.article(article_id)
    candidates: list[str] = []
    if a is None:
        full, candidates = views_articles.resolve(s, article_id)
        a = s.article(full) if full else None
    if a is None:
        raise HTTPException(404, views_articles.not_found_message(article_id, candidates))
    return a


@router.get("/articles/{article_id}", include_in_schema=False)
def article_page(request: Request, article_id: str, ctx: Ctx = Depends(context)):
    a = article_or_404(ctx, article_id)
    if a.id != article_id:
        return RedirectResponse(f"/articles/{a.id}", status_code=307)
    ann = a.annotations
    hl = render.highlight_article(a.text, ann.quotes, ann.counts, ann.people)
    return ctx.page(request, "article.html", nav="search", a=a, body=hl.html, legend=hl.legend)


@router.get("/api/articles/{article_id}", tags=["articles"],
            responses={200: {"description": "The article in the export format (spec/export-format.md): "
                                            "clean text, people, quotes and counts with offsets."}})
def api_article(article_id: str, ctx: Ctx = Depends(context)) -> dict[str, Any]:
    """One article (id or unique id prefix)."""
    return article_or_404(ctx, article_id).to_export()
