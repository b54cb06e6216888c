"""Quotations and who said them. (in progress)"""
from __future__ import annotations

from ..model import Entity, Person, Quote


def find_quotes(text: str, people: list[Person], organisations: list[Entity]) -> list[Quote]:
    """Every quotation in ``text`` with its speaker."""
    return []
