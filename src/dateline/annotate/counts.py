"""Numbers stated as facts about the world. (in progress)"""
from __future__ import annotations

from ..model import Count, Entity, Person


def find_counts(text: str, people: list[Person], organisations: list[Entity],
                reference_date: str | None = None) -> list[Count]:
    """Every count stated in ``text`` with hedge, category and claimant."""
    return []
