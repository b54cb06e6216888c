"""Site furniture: the lines of a page that are not the article.

Two defences, as trafilatura and boilerpipe users learn the hard way that one
is never enough:

1. **Known furniture** (``lexicons/furniture.tsv``): paywalls, subscription
   offers, newsletter boxes, live-update widgets, photo credits, share
   buttons... each with a *role* that tells segmentation what the line means
   (an article was cut off, an article ends, a page starts, a box sits here).
2. **Learned furniture**: a short line, or a line *template* (same opening and
   closing words), that recurs across a dump or the archive is furniture,
   whatever the outlet.  ``RepeatCounter`` counts them in bounded memory.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

ROLES = ("start", "paywall", "end", "widget", "inline")

# Lines longer than this are never furniture: furniture is short.
MAX_FURNITURE_CHARS = 400
# A repeated line is furniture only when it is short...
MAX_REPEAT_WORDS = 40
# ...recurs this often...
MIN_REPEATS = 3
# ...and sits in a run of repeated lines no longer than this (a longer run is
# a duplicated article, which dedupe handles, not furniture).
MAX_REPEAT_RUN_LINES = 10
MAX_REPEAT_RUN_WORDS = 200


@dataclass(frozen=True, slots=True)
class Rule:
    role: str
    pattern: str
    outlet: str | None


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    text = files("dateline.lexicons").joinpath("furniture.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        role, pattern = parts[0].strip(), parts[1]
        if role not in ROLES:
            raise ValueError(f"furniture.tsv: unknown role {role!r}")
        out.append(Rule(role, pattern, parts[2].strip() if len(parts) > 2 and parts[2].strip() else None))
    return tuple(out)


@lru_cache(maxsize=1)
def _combined() -> re.Pattern[str]:
    """All rules as one alternation: one C-level scan per line."""
    return re.compile("|".join(f"(?P<r{i}>{r.pattern})" for i, r in enumerate(rules())), re.IGNORECASE)


def known_rule(line: str) -> Rule | None:
    """The furniture rule a stripped line matches, if any."""
    if len(line) > MAX_FURNITURE_CHARS:
        return None
    m = _combined().search(line)
    if not m:
        return None
    return rules()[int(m.lastgroup[1:])]


_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def line_key(line: str) -> str:
    """A line as repetition sees it: case, digits, quotes and spacing folded."""
    return _SPACE.sub(" ", _DIGITS.sub("0", line.translate(_QUOTES).lower())).strip()


def template_key(line: str) -> str | None:
    """Opening and closing words of a longer line: catches templated boxes such
    as "Want to stay updated on what's happening in <topic>? ... to your inbox."
    """
    words = line_key(line).split(" ")
    if len(words) < 10 or len(words) > MAX_REPEAT_WORDS:
        return None
    return " ".join(words[:4]) + " … " + " ".join(words[-4:])


def keys_of(line: str) -> list[str]:
    if len(line) > MAX_FURNITURE_CHARS or len(line.split()) > MAX_REPEAT_WORDS:
        return []
    k = [line_key(line)]
    t = template_key(line)
    if t:
        k.append(t)
    return k


class RepeatCounter:
    """Counts line keys in bounded memory (lossy counting, Manku & Motwani).

    Furniture repeats every few kilobytes, so pruning keys seen once keeps the
    table small without losing it.
    """

    def __init__(self, capacity: int = 500_000):
        self.capacity = capacity
        self.counts: dict[str, int] = {}

    def add_line(self, line: str) -> None:
        c = self.counts
        for k in keys_of(line):
            c[k] = c.get(k, 0) + 1
        if len(c) > self.capacity:
            self.counts = {k: v for k, v in c.items() if v > 1}

    def add_lines(self, lines: Iterable[str]) -> RepeatCounter:
        for line in lines:
            s = line.strip()
            if s:
                self.add_line(s)
        return self

    def repeated(self, min_repeats: int = MIN_REPEATS) -> set[str]:
        return {k for k, v in self.counts.items() if v >= min_repeats}


def is_repeated(line: str, learned: set[str] | frozenset[str]) -> bool:
    return bool(learned) and any(k in learned for k in keys_of(line))
