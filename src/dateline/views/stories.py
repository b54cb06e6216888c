"""Stories (articles threaded over time), as every interface lists them."""
from __future__ import annotations

from typing import Any


def stories(store, limit: int = 50, offset: int = 0, min_articles: int = 1) -> list[dict[str, Any]]:
    """Stories, the most covered first (then the latest; ties by id, so
    pages do not overlap): id, label, first_day, last_day, articles,
    duplicates.  [] before the archive is linked."""
    from ..store.read.stories import stories_list

    return stories_list(store.db, limit=limit, offset=offset, min_articles=min_articles)


def story(store, story_id) -> dict[str, Any] | None:
    """One story as a timeline: its articles in time order, each with the
    quotes and counts it carries (``quotes`` and ``counts`` under each
    article in ``timeline``; flat lists under the story as well).  None when
    there is no such story."""
    from ..store.read.stories import story_timeline

    try:
        sid = int(str(story_id).strip())
    except ValueError:
        return None
    s = story_timeline(store.db, sid)
    if s is None:
        return None
    by_article: dict[str, dict[str, list]] = {}
    for q in s["quotes"]:
        by_article.setdefault(q["article_id"], {"quotes": [], "counts": []})["quotes"].append(q)
    for c in s["counts"]:
        by_article.setdefault(c["article_id"], {"quotes": [], "counts": []})["counts"].append(c)
    for a in s["timeline"]:
        found = by_article.get(a["id"], {"quotes": [], "counts": []})
        a["quote_rows"], a["count_rows"] = found["quotes"], found["counts"]
    return s
