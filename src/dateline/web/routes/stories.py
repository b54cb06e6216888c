"""Stories: /stories (list, CSV, JSON), /stories/{id} (the timeline of
articles, quotes and counts that ``dateline story`` prints) and their JSON."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from ...views import stories as views_stories
from .. import schemas
from ..context import DOWNLOAD_ROWS, FORMAT, MAX_OFFSET, Ctx, context, download

router = APIRouter()


def story_or_404(ctx: Ctx, story_id: str) -> dict:
    st = views_stories.story(ctx.store, story_id)
    if st is None:
        raise HTTPException(404, f"No story {story_id!r}.")
    return st


@router.get("/stories", include_in_schema=False)
def stories_page(request: Request, fmt: str = Query("", alias="format", pattern=FORMAT),
                 ctx: Ctx = Depends(context)):
    rows = views_stories.stories(ctx.store, limit=DOWNLOAD_ROWS if fmt in ("csv", "json") else 100)
    if fmt in ("csv", "json"):
        return download(rows, "stories", fmt, "stories")
    return ctx.page(request, "stories.html", nav="stories", stories=rows, linked=ctx.store.has_table("stories"))


@router.get("/stories/{story_id}", include_in_schema=False)
def story_page(request: Request, story_id: str, ctx: Ctx = Depends(context)):
    return ctx.page(request, "story.html", nav="stories", st=story_or_404(ctx, story_id))


@router.get("/api/stories", response_model=schemas.StoryList, tags=["stories"])
def api_stories(limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                ctx: Ctx = Depends(context)):
    """Stories (articles linked over time); empty until stories are linked."""
    return {"stories": views_stories.stories(ctx.store, limit=limit, offset=offset)}


@router.get("/api/stories/{story_id}", tags=["stories"])
def api_story(story_id: str, ctx: Ctx = Depends(context)) -> dict[str, Any]:
    """One story: its articles in time order, each with its quotes and counts."""
    return story_or_404(ctx, story_id)
