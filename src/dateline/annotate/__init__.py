"""Annotators: pure functions over one article's clean body.

The text model (``text.Text``: paragraphs, quotation spans, sentences) is
built once per article and shared.  Order matters: people and organisations
first, because quotes need speakers and counts need claimants.  Every
annotator is deterministic and does no I/O.

A paragraph longer than ``BLOCK`` characters (no real article has one; a
scrape that lost its line breaks does) is annotated in blocks of whole
sentences, so the cost stays linear in the length of the text whatever the
annotators' look-back windows.
"""
from __future__ import annotations

from ..model import Annotations, Count, Entity, Person, Quote, Span
from .attribution import Context
from .counts import find_counts
from .people import find_entities
from .quotes import find_quotes
from .text import Text, english_marks

BLOCK = 20_000  # characters


def annotate(text: str, reference_date: str | None = None) -> Annotations:
    """All annotations of one clean article body.

    ``reference_date`` (ISO date of publication or capture) lets counts turn
    "as of Dec. 8" into a full date.
    """
    marked = english_marks(text)  # « ... », „ ... “ read as “ ... ” (same offsets)
    if marked is not text:
        return _sliced_from(text, annotate(marked, reference_date))
    doc = Text.of(text)  # quotation spans, masked text and sentences, once for every annotator
    if len(text) > BLOCK and any(b - a > BLOCK for a, b in doc.paragraphs):
        return _in_blocks(text, blocks(doc), reference_date)
    return _annotate(text, reference_date)


def _sliced_from(text: str, ann: Annotations) -> Annotations:
    """``ann`` (found on a copy of ``text`` with other marks) with its quotations and counts as ``text`` writes them."""
    for q in ann.quotes:
        q.quote = text[q.start:q.end]
    for c in ann.counts:
        c.text = text[c.start:c.end]
    return ann


def _annotate(text: str, reference_date: str | None) -> Annotations:
    people, organisations, places = find_entities(text)
    ctx = Context(text, people, organisations)  # one attribution context: speakers and claimants
    quotes = find_quotes(text, people, organisations, ctx)
    counts = find_counts(text, people, organisations, reference_date, quotes, ctx)
    return Annotations(people=people, organisations=organisations, places=places,
                       quotes=quotes, counts=counts)


def blocks(doc: Text, size: int = BLOCK) -> list[tuple[int, int]]:
    """The text cut into consecutive blocks of at most ``size`` characters:
    at the last paragraph or sentence start within reach (sentences are
    split on the masked text, so never inside a quotation), else, in one
    enormous sentence, at a space outside quotations."""
    text, n = doc.text, len(doc.text)
    cuts = sorted(set(doc.starts) | {a for a, _ in doc.paragraphs})
    out = []
    a = 0
    k = 0
    while n - a > size:
        # the last cut point within reach
        while k + 1 < len(cuts) and cuts[k + 1] <= a + size:
            k += 1
        b = cuts[k] if a < cuts[k] <= a + size else -1
        if b < a + size // 4:  # no sentence end in reach: a space outside quotations
            b = text.rfind(" ", a + size // 2, a + size) + 1
            q = doc.quote_at(b, b)
            if q is not None and doc.spans[q][0] > a:
                b = doc.spans[q][0] - 1
            if b <= a:
                b = a + size
        out.append((a, b))
        a = b
    out.append((a, n))
    return out


def _in_blocks(text: str, parts: list[tuple[int, int]], reference_date: str | None) -> Annotations:
    people: dict[str, Person] = {}
    entities: dict[tuple[str, str], Entity] = {}
    quotes: list[Quote] = []
    counts: list[Count] = []
    for a, b in parts:
        ann = _annotate(text[a:b], reference_date)
        for p in ann.people:
            to = people.setdefault(p.name, Person(p.name, [], p.role))
            to.role = to.role or p.role
            to.mentions += [Span(m.text, m.start + a, m.end + a) for m in p.mentions]
        for e in ann.organisations + ann.places:
            to = entities.setdefault((e.kind, e.name), Entity(e.name, e.kind, []))
            to.mentions += [Span(m.text, m.start + a, m.end + a) for m in e.mentions]
        for q in ann.quotes:
            q.start += a
            q.end += a
            quotes.append(q)
        for c in ann.counts:
            c.start += a
            c.end += a
            counts.append(c)
    ents = list(entities.values())
    return Annotations(people=list(people.values()), organisations=[e for e in ents if e.kind == "org"],
                       places=[e for e in ents if e.kind != "org"], quotes=quotes, counts=counts)
