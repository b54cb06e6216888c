"""Which people a name filter means, through linked persons.

A reader filters by a name as they know it: "Vasic", "vasic",
"Teodora Vasic", "Mr. Vasic".  Articles store the name each article gives
(``people.name`` = ``quotes.speaker`` = ``counts.claimant``); the linking
step puts those names together as one person (``persons`` and
``person_mentions``).  :func:`names_for` turns a filter into every
per-article name of the people it denotes, so one person is found under
every name they go by, whatever the case, in the CLI, the pages and the API
alike.
"""
from __future__ import annotations

from ..store.read.people import display_name, known_people, names_for  # noqa: F401 - as views.people

def person(store, name: str, quotes: int = 50, articles: int = 50) -> dict | None:
    """One person's page data (Store.person) under any name they go by, as
    ``dateline person`` finds them: "Mr. Netanyahu", a surname, any case.
    None when the name denotes nobody."""
    shown = display_name(store.db, name)
    p = store.person(shown, quotes=quotes, articles=articles) if shown else None
    return p if p is not None else store.person(name, quotes=quotes, articles=articles)
