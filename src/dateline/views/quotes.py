"""Quotes with their speakers, as every interface lists them."""
from __future__ import annotations

from typing import Any

from .filters import check_filters
from .people import names_for


def quotes(store, speaker: str | None = None, text: str | None = None, anonymous: bool | None = None,
           since: str | None = None, until: str | None = None, limit: int = 50,
           offset: int = 0) -> list[dict[str, Any]]:
    """Quotes, newest articles first.  ``speaker`` matches any name a linked
    person goes by, in any case ("vasic", "Mr. Vasic" and the full name find
    the same quotes); ``text`` is full-text words in the quote, speaker or
    description.  Raises filters.BadFilter on a bad day."""
    check_filters(since=since, until=until)
    speakers = None
    if speaker and speaker.strip():
        speakers = names_for(store.db, speaker, "quotes", "speaker")
        if not speakers:
            return []
    return store.quotes(speakers=speakers, text=text, anonymous=anonymous, since=since, until=until,
                        limit=limit, offset=offset)
