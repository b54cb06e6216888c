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


def _first_chars(items) -> set[str] | None:
    """The (lower-cased) characters a match of a parsed pattern can start
    with; None when it could start with anything or this walk cannot tell."""
    from re import _constants as sre

    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            return out | {chr(av).lower()}
        if op is sre.IN:
            for o, a in av:
                if o is sre.LITERAL:
                    out.add(chr(a).lower())
                elif o is sre.RANGE and a[1] - a[0] < 256:
                    out |= {chr(c).lower() for c in range(a[0], a[1] + 1)}
                else:  # a category (\d, \w) or a negated set
                    return None
            return out
        if op is sre.BRANCH:
            for branch in av[1]:
                first = _first_chars(branch)
                if first is None:
                    return None
                out |= first
            return out
        if op is sre.SUBPATTERN:
            first = _first_chars(av[-1])
            return None if first is None else out | first
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            first = _first_chars(av[2])
            if first is None:
                return None
            out |= first
            if av[0] >= 1:
                return out
            continue  # optional: what follows may start the match as well
        return None  # any character, an assertion, a backreference...
    return None  # the pattern can match the empty string


def _first_chars_of(pattern: str) -> set[str] | None:
    try:
        from re import _parser

        return _first_chars(list(_parser.parse(pattern.removeprefix("^"))))
    except Exception:  # noqa: BLE001 - an internal module changed: every rule is tried
        return None


@lru_cache(maxsize=1)
def _matchers() -> tuple[dict[str, re.Pattern[str]], re.Pattern[str], list[tuple[Rule, re.Pattern[str]]],
                         re.Pattern[str]]:
    """Anchored rules as alternations tried at position 0 only, one per first
    character a line can start with (most content lines then meet one or two
    short alternations, not all of them); the few unanchored ones each behind
    their gate words."""
    anchored = [(i, r, _first_chars_of(r.pattern)) for i, r in enumerate(rules()) if r.pattern.startswith("^")]

    def alternation(chosen) -> re.Pattern[str]:
        return re.compile("|".join(f"(?P<r{i}>{r.pattern[1:]})" for i, r, _ in chosen) or "(?!)", re.IGNORECASE)

    starts = set().union(*(f for _, _, f in anchored if f))
    by_first = {c: alternation([x for x in anchored if x[2] is None or c in x[2]]) for c in starts}
    anywhere = alternation([x for x in anchored if x[2] is None])
    loose = [(r, re.compile(r.pattern, re.IGNORECASE)) for r in rules() if not r.pattern.startswith("^")]
    gates = re.compile("|".join(sorted({re.escape(g) for r, _ in loose for g in r.gate})))
    return by_first, anywhere, loose, gates


def known_rule(line: str) -> Rule | None:
    """The furniture rule a stripped line matches, if any."""
    if not line or len(line) > MAX_FURNITURE_CHARS:
        return None
    by_first, anywhere, loose, gates = _matchers()
    low = line.lower()
    m = by_first.get(low[0], anywhere).match(line)
    if m:
        return rules()[int(m.lastgroup[1:])]
    if not gates.search(low):  # one scan rules out every unanchored pattern
        return None
    for rule, rx in loose:
        if any(g in low for g in rule.gate) and rx.search(line):
            return rule
    return None


_DIGIT = re.compile(r"\d")


def line_key(line: str) -> str:
    """A line as repetition sees it: case, digits, quotes and spacing folded.
    (Chained str.replace is faster here than str.translate with a dict, and
    most lines need no respacing: printable, with no double space.)"""
    s = line.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    s = _DIGIT.sub("0", s)
    if not s.isprintable() or "  " in s or s[:1] == " " or s[-1:] == " ":
        s = " ".join(s.split())  # tabs, no-break and other spaces are not printable
    return s


def keys_of(line: str) -> list[str]:
    """A line's repetition keys: the folded line and, for a longer line, its
    template (opening and closing words), which catches templated boxes such
    as "Want to stay updated on what's happening in <topic>? ... to your inbox."
    """
    if len(line) > MAX_FURNITURE_CHARS:
        return []
    key = line_key(line)
    spaces = key.count(" ")  # the key is single-spaced: words - 1
    if spaces >= MAX_REPEAT_WORDS:
        return []
    if spaces < 9:
        return [key]
    head, tail = key.split(" ", 4), key.rsplit(" ", 4)
    return [key, " ".join(head[:4]) + " … " + " ".join(tail[1:])]


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
        # add_line, inlined: this loop sees every line of every dump
        c, keys, capacity = self.counts, keys_of, self.capacity
        for line in lines:
            s = line.strip()
            if not s:
                continue
            for k in keys(s):
                c[k] = c.get(k, 0) + 1
            if len(c) > capacity:
                c = self.counts = {k: v for k, v in c.items() if v > 1}
        return self

    def repeated(self, min_repeats: int = MIN_REPEATS) -> set[str]:
        return {k for k, v in self.counts.items() if v >= min_repeats}


def is_repeated(line: str, learned: set[str] | frozenset[str]) -> bool:
    return bool(learned) and any(k in learned for k in keys_of(line))
