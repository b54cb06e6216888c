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
    gate: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    text = files("dateline.lexicons").joinpath("furniture.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t") + ["", ""]
        role, pattern, outlet, gate = parts[0].strip(), parts[1], parts[2].strip(), parts[3].strip()
        if role not in ROLES:
            raise ValueError(f"furniture.tsv: unknown role {role!r}")
        if not pattern.startswith("^") and not gate:
            raise ValueError(f"furniture.tsv: unanchored pattern needs a gate: {pattern!r}")
        out.append(Rule(role, pattern, outlet or None, tuple(g for g in gate.split(",") if g)))
    return tuple(out)


@lru_cache(maxsize=1)
def _matchers() -> tuple[re.Pattern[str], list[tuple[Rule, re.Pattern[str]]], re.Pattern[str]]:
    """Anchored rules as one alternation tried at position 0 only; the few
    unanchored ones each behind their gate words."""
    anchored = [(i, r) for i, r in enumerate(rules()) if r.pattern.startswith("^")]
    combined = re.compile("|".join(f"(?P<r{i}>{r.pattern[1:]})" for i, r in anchored), re.IGNORECASE)
    loose = [(r, re.compile(r.pattern, re.IGNORECASE)) for r in rules() if not r.pattern.startswith("^")]
    gates = re.compile("|".join(sorted({re.escape(g) for r, _ in loose for g in r.gate})))
    return combined, loose, gates


def known_rule(line: str) -> Rule | None:
    """The furniture rule a stripped line matches, if any."""
    if len(line) > MAX_FURNITURE_CHARS:
        return None
    combined, loose, gates = _matchers()
    m = combined.match(line)
    if m:
        return rules()[int(m.lastgroup[1:])]
    low = line.lower()
    if not gates.search(low):  # one scan rules out every unanchored pattern
        return None
    for rule, rx in loose:
        if any(g in low for g in rule.gate) and rx.search(line):
            return rule
    return None


_DIGIT = re.compile(r"\d")


def line_key(line: str) -> str:
    """A line as repetition sees it: case, digits, quotes and spacing folded.
    (Chained str.replace is faster here than str.translate with a dict.)"""
    s = line.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    if _DIGIT.search(s):
        s = _DIGIT.sub("0", s)
    return " ".join(s.split())


def template_key(line: str) -> str | None:
    """Opening and closing words of a longer line: catches templated boxes such
    as "Want to stay updated on what's happening in <topic>? ... to your inbox."
    """
    return _template(line_key(line).split(" "))


def _template(words: list[str]) -> str | None:
    if len(words) < 10 or len(words) > MAX_REPEAT_WORDS:
        return None
    return " ".join(words[:4]) + " … " + " ".join(words[-4:])


def keys_of(line: str) -> list[str]:
    if len(line) > MAX_FURNITURE_CHARS:
        return []
    key = line_key(line)
    words = key.split(" ")
    if len(words) > MAX_REPEAT_WORDS:
        return []
    t = _template(words)
    return [key, t] if t else [key]


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
