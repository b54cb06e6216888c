"""Archive-wide lists every interface shares where no resource module has
them yet: people."""
from __future__ import annotations

from typing import Any


def people_list(store, name: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """People, the most written about first (ties by name, so pages do not
    overlap): name, articles, mentions, role, quotes.  ``name``: only those
    whose name contains it."""
    return store.people(limit=limit, offset=offset, name=name or None)
