"""Counts (numbers stated as facts), as every interface lists them."""
from __future__ import annotations

from typing import Any

from .filters import check_filters
from .people import names_for


def counts(store, category: str | None = None, claimant: str | None = None, about: str | None = None,
           since: str | None = None, until: str | None = None, limit: int = 100,
           offset: int = 0) -> list[dict[str, Any]]:
    """Counts with their article, newest first.  ``claimant`` matches any
    name a linked person goes by, in any case (or, for a claimant that is no
    person, the claimant as stored, in any case, or part of it).  Raises
    filters.BadFilter on a bad day or an unknown category."""
    check_filters(since=since, until=until, category=category)
    claimants = None
    if claimant and claimant.strip():
        claimants = names_for(store.db, claimant, "counts", "claimant")
        if not claimants:
            return []
    return store.counts(category=category or None, claimants=claimants, about=about, since=since, until=until,
                        limit=limit, offset=offset)
