"""The newsroom's nouns as plain dataclasses.

Everything the core extracts is one of these.  Character offsets (``start``,
``end``) always index into ``Article.text``, the clean body, so every fact
carries its provenance: the article id plus a span.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class RawDocument:
    """One unit a reader hands to the core.

    ``kind`` tells the core how to read ``text``:
      * ``"dump"``    - a scraped text dump that may hold many articles
      * ``"html"``    - one saved web page
      * ``"record"``  - one article already split by a scraper (JSONL);
                        ``meta`` holds title/author/date/url fields
    ``meta`` carries what the container knows (url, capture time, outlet...).
    """

    source: str
    text: str
    kind: str = "dump"
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Contributor:
    name: str
    place: str | None = None


@dataclass(slots=True)
class Person:
    """A named person in one article.

    ``name`` is the canonical (fullest) form in the article; ``mentions`` are
    every place the article names them ("Mr. Starmer", "Starmer's"...).
    """

    name: str
    mentions: list[Span] = field(default_factory=list)
    role: str | None = None


@dataclass(slots=True)
class Entity:
    """An organisation or a place named in an article."""

    name: str
    kind: str  # "org" | "place"
    mentions: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    quote: str
    start: int
    end: int
    speaker: str | None = None
    speaker_desc: str | None = None
    anonymous: bool = False
    partial: bool = False
    kind: str = "speech"  # "speech" | "writing"
    cue: str | None = None  # the attribution phrase, e.g. "said in a statement"


@dataclass(slots=True)
class Count:
    text: str
    start: int
    end: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"  # exact|about|at_least|more_than|fewer_than|up_to|range
    category: str = "other"
    what: str | None = None
    claimant: str | None = None
    as_of: str | None = None
    as_of_date: str | None = None  # ISO date or month when it can be resolved


@dataclass(slots=True)
class Annotations:
    people: list[Person] = field(default_factory=list)
    organisations: list[Entity] = field(default_factory=list)
    places: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    captured_at: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None
    byline: list[str] = field(default_factory=list)
    contributors: list[Contributor] = field(default_factory=list)
    datelines: list[str] = field(default_factory=list)  # "X reported from Y" lines
    truncated: bool = False
    annotations: Annotations = field(default_factory=Annotations)

    def to_export(self) -> dict[str, Any]:
        """The JSON Lines record of shared/spec/export-format.md."""
        a = self.annotations
        return {
            "id": self.id,
            "source": self.source,
            "outlet": self.outlet,
            "captured_at": self.captured_at,
            "published": self.published,
            "url": self.url,
            "title": self.title,
            "byline": list(self.byline),
            "contributors": [asdict(c) for c in self.contributors],
            "truncated": self.truncated,
            "text": self.text,
            "people": [
                {
                    "name": p.name,
                    "mentions": _distinct(m.text for m in p.mentions),
                    "role": p.role,
                    "spans": [[m.start, m.end] for m in p.mentions],
                }
                for p in a.people
            ],
            "organisations": [e.name for e in a.organisations],
            "places": [e.name for e in a.places],
            "quotes": [asdict(q) for q in a.quotes],
            "counts": [asdict(c) for c in a.counts],
        }


def _distinct(items) -> list[str]:
    seen: dict[str, None] = {}
    for i in items:
        seen.setdefault(i, None)
    return list(seen)
