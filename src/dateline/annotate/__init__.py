"""Annotators: pure functions over one article's clean body.

The text model (``text.Text``: paragraphs, quotation spans, sentences) is
built once per article and shared.  Order matters: people and organisations
first, because quotes need speakers and counts need claimants.  Every
annotator is deterministic and does no I/O.
"""
from __future__ import annotations

from ..model import Annotations
from .counts import find_counts
from .people import find_entities
from .attribution import Context
from .quotes import find_quotes
from .text import Text


def annotate(text: str, reference_date: str | None = None) -> Annotations:
    """All annotations of one clean article body.

    ``reference_date`` (ISO date of publication or capture) lets counts turn
    "as of Dec. 8" into a full date.
    """
    Text.of(text)  # quotation spans, masked text and sentences, once for every annotator
    people, organisations, places = find_entities(text)
    quotes = find_quotes(text, people, organisations, Context(text, people, organisations))
    counts = find_counts(text, people, organisations, reference_date, quotes)
    return Annotations(people=people, organisations=organisations, places=places,
                       quotes=quotes, counts=counts)
