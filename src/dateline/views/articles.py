"""Articles by id, as every interface finds them."""
from __future__ import annotations

import re

from ..store.read.articles import ids_starting

MAX_CANDIDATES = 20  # ids listed for an ambiguous prefix


def resolve(store, prefix: str) -> tuple[str | None, list[str]]:
    """(the full id, []) for an id or a unique id prefix; (None, the ids it
    could mean, up to MAX_CANDIDATES) for an ambiguous prefix; (None, [])
    when no id starts with it."""
    prefix = (prefix or "").strip().lower()
    if not re.fullmatch(r"[0-9a-f]{1,64}", prefix):
        return None, []
    ids = ids_starting(store.db, prefix, MAX_CANDIDATES + 1)
    if len(ids) == 1 or prefix in ids:
        return (prefix if prefix in ids else ids[0]), []
    return None, ids


def not_found_message(prefix: str, candidates: list[str]) -> str:
    """What to tell a reader whose id matched no article or several."""
    if not candidates:
        return f"No article with id {prefix!r}."
    more = " (and more)" if len(candidates) > MAX_CANDIDATES else ""
    shown = ", ".join(c[:12] for c in candidates[:MAX_CANDIDATES])
    return f"{prefix!r} is ambiguous: {len(candidates[:MAX_CANDIDATES])}{more} articles have ids starting with it: " \
           f"{shown}. Give more of the id."
