"""Checks of the filter values every interface accepts.

A bad value is an error the reader is told about (the CLI exits 2, the web
answers 400), never a silently empty result: ``2025-13-40`` is not a day,
``nonsense`` is not a count category.
"""
from __future__ import annotations

import re
from datetime import date

# The closed vocabulary of counts.category (shared/spec/export-format.md).
COUNT_CATEGORIES = ("killed", "wounded", "missing", "displaced", "detained", "hostages", "personnel",
                    "people", "money", "percent", "other")

_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class BadFilter(ValueError):
    """A filter value that cannot mean anything: ``field`` names the filter,
    the message says what is wrong and what would do."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def check_day(value: str | None, field: str = "since") -> str | None:
    """A day filter (YYYY, YYYY-MM or YYYY-MM-DD, an ISO time is cut to its
    day); None or "" for no filter.  Returns the value as given."""
    if value is None or value == "":
        return value
    m = _DAY.fullmatch(value.strip()[:10])
    if not m or (len(value.strip()) > 10 and value.strip()[10] not in "T "):
        raise BadFilter(field, f"{value!r} is not a day: use YYYY-MM-DD (or YYYY-MM, YYYY)")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        date(year, int(month or 1), int(day or 1))
    except ValueError as e:
        raise BadFilter(field, f"{value!r} is not a day ({e})") from None
    return value


def check_category(value: str | None, field: str = "category") -> str | None:
    """A count category; the known ones are listed when it is not one of them."""
    if value is None or value == "":
        return value
    if value not in COUNT_CATEGORIES:
        raise BadFilter(field, f"{value!r} is not a count category; use one of {', '.join(COUNT_CATEGORIES)}")
    return value


def check_filters(since: str | None = None, until: str | None = None, day: str | None = None,
                  category: str | None = None) -> None:
    """Every filter at once (the ones given); raises BadFilter on the first bad one."""
    check_day(since, "since")
    check_day(until, "until")
    check_day(day, "day")
    check_category(category, "category")
    a, b = (since or "").strip()[:10], (until or "").strip()[:10]
    if len(a) == len(b) == 10 and a > b:
        raise BadFilter("until", f"{until!r} is before since {since!r}")
