"""Site furniture: the lines of a page that are not the article.

Two defences, as trafilatura and boilerpipe users learn the hard way that one
is never enough:

1. **Known furniture** (``lexicons/furniture.tsv``): paywalls, subscription
   offers, newsletter boxes, live-update widgets, photo credits, share
   buttons... each with a *role* that tells segmentation what the line means
   (an article was cut off, an article ends, a page starts, a box sits here,
   a date stands here, a caption follows).
2. **Learned furniture**: a short line, or a line *template* (same opening and
   closing words), or a marked line's *shape* (its fixed opening: "Title:",
   "[Image 2", "Item 3 of 8 ·"), that recurs across a dump or the archive is
   furniture, whatever the outlet.  ``RepeatCounter`` counts them in bounded
   memory.  Segmentation (``segment.Template``) then learns which of them
   stand above the input's article tops: those start records.

A user's own rules (``--furniture FILE``, the table's format) are tried
before the package's (``add_user_rules``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

ROLES = ("start", "paywall", "end", "widget", "inline", "meta", "caption", "continued", "continuation")

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


def parse_rules(text: str, name: str = "furniture.tsv", check: bool = True) -> tuple[Rule, ...]:
    """Rules in the table's format (see lexicons/furniture.tsv): role, regex,
    outlet hint, gate words; tab-separated, "#" comments.  ``check``: compile
    each pattern now, so that a bad one is named with its line (the package's
    own table is checked by its tests; its rules are compiled when a line
    first needs them)."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t") + ["", ""]
        role, pattern, outlet, gate = parts[0].strip(), parts[1], parts[2].strip(), parts[3].strip()
        if role not in ROLES:
            raise ValueError(f"{name}:{n}: unknown role {role!r} (roles: {', '.join(ROLES)})")
        if not pattern.startswith("^") and not gate:
            raise ValueError(f"{name}:{n}: unanchored pattern needs a gate: {pattern!r}")
        try:
            if check:
                re.compile(pattern, re.IGNORECASE)
        except re.error as e:
            raise ValueError(f"{name}:{n}: bad pattern {pattern!r}: {e}") from None
        out.append(Rule(role, pattern, outlet or None, tuple(g for g in gate.split(",") if g)))
    return tuple(out)


# The gate of an anchored rule for lines that start with a symbol or a digit ("👁 6.1K", "— End of export —")
SYMBOL_GATE = "^"

# A user's own rules (``--furniture FILE``), tried before the package's table
_user_rules: tuple[Rule, ...] = ()


def add_user_rules(path: str) -> int:
    """Load a user's furniture rules (the package table's format) for this
    process: they are tried before the package's.  Returns how many."""
    global _user_rules
    with open(path, encoding="utf-8") as f:
        extra = parse_rules(f.read(), path)
    _user_rules = _user_rules + extra
    rules.cache_clear()
    dispatch.cache_clear()
    return len(extra)


def clear_user_rules() -> None:
    global _user_rules
    _user_rules = ()
    rules.cache_clear()
    dispatch.cache_clear()


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    text = files("dateline.lexicons").joinpath("furniture.tsv").read_text(encoding="utf-8")
    return _user_rules + parse_rules(text, check=False)


# Anchored rules are dispatched on a line's first two (lower-cased) characters.
PREFIX_CHARS = 2
# A pattern that could start in more ways than this is tried on every line.
MAX_PREFIXES = 2000


_OPEN = "\x00"  # "anything from here on" at the end of a prefix


def _prefixes(items, k: int = PREFIX_CHARS) -> set[str] | None:
    """The (lower-cased) first ``k`` characters a match of a parsed pattern
    can start with; a shorter string when a match can end sooner or this walk
    cannot tell what comes next (its lines are then told apart by fewer
    characters); None when it could start with anything."""
    out = _walk(items, k)
    if out is None or any(x in ("", _OPEN) for x in out):
        return None  # the pattern can match the empty string, or start with anything
    return {x.rstrip(_OPEN) for x in out}


def _walk(items, k: int) -> set[str] | None:
    from re import _constants as sre

    out = {""}
    for op, av in items:
        if all(len(x) >= k or x.endswith(_OPEN) for x in out):
            break
        if op is sre.LITERAL:
            step = {chr(av).lower()}
        elif op is sre.IN:
            step = set()
            for o, a in av:
                if o is sre.LITERAL:
                    step.add(chr(a).lower())
                elif o is sre.RANGE and a[1] - a[0] < 256:
                    step |= {chr(c).lower() for c in range(a[0], a[1] + 1)}
                else:  # a category (\d, \w) or a negated set
                    step = {_OPEN}
                    break
        elif op is sre.BRANCH:
            step = set()
            for branch in av[1]:
                first = _walk(branch, k)
                if first is None:
                    return None
                step |= first
        elif op is sre.SUBPATTERN:
            step = _walk(av[-1], k)
            if step is None:
                return None
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            lo, hi, sub = av
            one = _walk(sub, k)
            if one is None:
                return None
            step = {""} if lo == 0 else set()
            cur = {""}
            for count in range(1, min(hi, k) + 1):
                cur = {a if a.endswith(_OPEN) else (a + b)[:k] for a in cur for b in one}
                if count >= min(lo, k):
                    step |= cur
        elif op is sre.AT:
            continue  # \b and the like take no characters
        else:
            step = {_OPEN}  # any character, a lookaround, a backreference...
        out = {x if len(x) >= k or x.endswith(_OPEN) else (x + y)[:k] for x in out for y in step}
        if len(out) > MAX_PREFIXES:
            return None
    return out


def _parsed(pattern: str):
    """A rule's pattern as re's parser reads it, case-insensitive (None when
    an internal module changed: every rule is then tried on every line)."""
    try:
        from re import _parser

        return _parser.parse(pattern, int(re.IGNORECASE))  # (an int: enum flag tests are slow)
    except Exception:  # noqa: BLE001
        return None


def _compiled_rule(pattern: str, parsed) -> re.Pattern[str]:
    """A rule's pattern compiled (case-insensitive) from its parse, which the
    dispatch tables have made already (re.compile would parse it again)."""
    if parsed is not None:
        try:
            from re import _compiler

            return _compiler.compile(parsed, int(re.IGNORECASE))
        except Exception:  # noqa: BLE001 - an internal module changed: compile from the text
            pass
    return re.compile(pattern, re.IGNORECASE)


def _prefixes_of(pattern: str, parsed=None) -> set[str] | None:
    parsed = _parsed(pattern) if parsed is None else parsed
    try:
        return None if parsed is None else _prefixes(list(parsed))  # (the "^" takes no characters)
    except Exception:  # noqa: BLE001 - an internal module changed: every rule is tried
        return None


# Line lengths that pick a dispatch table: a rule anchored at both ends is
# left out of the tables for lines longer than it can match.
LENGTH_TIERS = (40, 80, 160, MAX_FURNITURE_CHARS)
_TIER_TAGS = "abcd"
# a line's length -> its tier's tag, looked up (this runs on every line)
_TIER_OF = [_TIER_TAGS[next(k for k, top in enumerate(LENGTH_TIERS) if n <= top)]
            for n in range(MAX_FURNITURE_CHARS + 1)]


def _max_match_chars(pattern: str, parsed=None) -> int | None:
    """The longest line a pattern anchored at both ends (``^...$``) can match;
    None when it has no end anchor or no bound."""
    parsed = _parsed(pattern) if parsed is None else parsed
    try:
        from re import _constants

        last = parsed[-1] if parsed is not None and len(parsed) else None
        if last is None or last[0] is not _constants.AT or last[1] not in (_constants.AT_END,
                                                                         _constants.AT_END_STRING):
            return None
        high = parsed.getwidth()[1]
        return high if high < _constants.MAXREPEAT else None
    except Exception:  # noqa: BLE001 - an internal module changed: no bound is known
        return None


# A table (first characters, length tier) is tried rule by rule until this
# many lines have met it; then its rules are compiled into one alternation
# (compiling costs about as much as trying a few thousand lines rule by rule,
# so a small input never pays for it and a large one soon does)
ALTERNATION_AFTER = 3000


class _Table:
    """The anchored rules lines of one first-characters-and-length key may
    match: their compiled patterns, in the table's order, and, once the key
    is used often, one alternation of them."""

    __slots__ = ("ids", "pairs", "uses", "alternation")

    def __init__(self, ids: tuple[int, ...], pairs: tuple) -> None:
        self.ids, self.pairs, self.uses, self.alternation = ids, pairs, 0, None


class _Dispatch:
    """Anchored rules tried at position 0 only, per pair of first characters
    a line can start with and tier of line length (most content lines then
    meet one or two short tables, not all the rules: "th" lines do not try
    the "to read ..." paywall, and a long line does not try "Share" or
    "Advertisement"); the few unanchored ones each behind their gate words.
    Each rule's pattern is parsed once and compiled when a line first needs
    it; a table used by many lines becomes one alternation, compiled once per
    set of rules (many keys share one set).  Each table is built when a line
    first needs it."""

    def __init__(self, rules_: tuple[Rule, ...]):
        self.rules = rules_
        self.parsed = [_parsed(r.pattern) for r in rules_]
        self.compiled: list[re.Pattern[str] | None] = [None] * len(rules_)
        anchored = []
        self.max_chars: dict[int, int | None] = {}
        for i, r in enumerate(rules_):
            if r.pattern.startswith("^"):
                anchored.append((i, _prefixes_of(r.pattern, self.parsed[i])))
                self.max_chars[i] = _max_match_chars(r.pattern, self.parsed[i])
        self.anchored = anchored
        self.twos = {p for _, ps in anchored if ps for p in ps if len(p) == 2}
        self.firsts = {p[0] for _, ps in anchored if ps for p in ps}
        self.anywhere = tuple(i for i, ps in anchored if ps is None)
        # anchored rules for lines that open with a symbol or a digit (gate "^"): never tried on a letter
        self.symbolic = frozenset(i for i, _ in anchored if rules_[i].gate == (SYMBOL_GATE,))
        self.by_key: dict[str, _Table] = {}
        self._compiled: dict[tuple[int, ...], re.Pattern[str]] = {}
        self.loose = [(r, i) for i, r in enumerate(rules_) if not r.pattern.startswith("^")]
        self.gates = re.compile(_trie_regex({g for r, _ in self.loose for g in r.gate}) or "(?!)")

    def pattern(self, i: int) -> re.Pattern[str]:
        """Rule i's pattern, compiled."""
        rx = self.compiled[i]
        if rx is None:
            rx = self.compiled[i] = _compiled_rule(self.rules[i].pattern, self.parsed[i])
        return rx

    def table(self, key: str) -> _Table:
        """The anchored rules a line may match, by ``key``: its first two
        characters (lower-cased) and the tag of its length tier."""
        start, tag = key[:-1], key[-1]
        tier = _TIER_TAGS.index(tag)
        shorter = LENGTH_TIERS[tier - 1] if tier else 0  # the line is longer than this
        if start in self.twos:
            ids = tuple(i for i, ps in self.anchored if ps is None or start in ps or start[0] in ps)
        elif start[:1] in self.firsts:
            ids = tuple(i for i, ps in self.anchored if ps is None or start[0] in ps)
        else:
            ids = self.anywhere
        ids = tuple(i for i in ids if self.max_chars[i] is None or self.max_chars[i] > shorter)
        if start[:1].isalpha():
            ids = tuple(i for i in ids if i not in self.symbolic)
        t = self.by_key[key] = _Table(ids, tuple((self.pattern(i), self.rules[i]) for i in ids))
        return t

    def alternation(self, ids: tuple[int, ...]) -> re.Pattern[str]:
        """One pattern of the rules ``ids``, tried at position 0 (the group
        that matched names the rule)."""
        rx = self._compiled.get(ids)
        if rx is None:
            rx = self._compiled[ids] = re.compile(
                "|".join(f"(?P<r{i}>{self.rules[i].pattern[1:]})" for i in ids) or "(?!)", re.IGNORECASE)
        return rx

    def rule(self, line: str) -> Rule | None:
        """known_rule()."""
        n = len(line)
        if not n or n > MAX_FURNITURE_CHARS:
            return None
        low = line.lower()
        key = low[:2] + _TIER_OF[n]
        t = self.by_key.get(key) or self.table(key)
        if t.alternation is not None:
            m = t.alternation.match(line)
            if m:
                return self.rules[int(m.lastgroup[1:])]
        else:
            t.uses += 1
            if t.uses >= ALTERNATION_AFTER:
                t.alternation = self.alternation(t.ids)
            for rx, rule in t.pairs:
                if rx.match(line):
                    return rule
        if not self.gates.search(low):  # one scan rules out every unanchored pattern
            return None
        for rule, i in self.loose:
            if any(g in low for g in rule.gate) and self.pattern(i).search(line):
                return rule
        return None


@lru_cache(maxsize=1)
def dispatch() -> _Dispatch:
    return _Dispatch(rules())


def _trie_regex(words: set[str]) -> str:
    """An alternation of literal words with shared prefixes factored out
    ("c(?:redit|omposite)"): the one scan for gate words then tries each
    character once, not once per word."""
    if not words:
        return ""
    if "" in words:
        rest = _trie_regex({w for w in words if w})
        return f"(?:{rest})?" if rest else ""
    by_first: dict[str, set[str]] = {}
    for w in words:
        by_first.setdefault(w[0], set()).add(w[1:])
    alts = []
    for c in sorted(by_first):
        tail = _trie_regex(by_first[c])
        alts.append(re.escape(c) + tail)
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def known_rule(line: str) -> Rule | None:
    """The furniture rule a stripped line matches, if any."""
    return dispatch().rule(line)


_DIGIT = re.compile(r"\d+")  # a run of digits folds to one 0: "8:05" and "10:45" are one time


def line_key(line: str) -> str:
    """A line as repetition sees it: case, digits, quotes and spacing folded.
    (Chained str.replace is faster here than str.translate with a dict, and
    most lines need no respacing: printable, with no double space.)"""
    s = _fold(line)
    if not s.isprintable() or "  " in s or s[:1] == " " or s[-1:] == " ":
        s = " ".join(s.split())  # tabs, no-break and other spaces are not printable
    return s


def _fold(s: str) -> str:
    """line_key of a line that needs no respacing: case, quotes, digits."""
    s = s.lower()
    if not s.isascii():
        s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return _DIGIT.sub("0", s)


# A line of this many words or more also has a template key
TEMPLATE_MIN_WORDS = 10


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
    if spaces < TEMPLATE_MIN_WORDS - 1:
        return [key]
    head, tail = key.split(" ", 4), key.rsplit(" ", 4)
    return [key, " ".join(head[:4]) + " … " + " ".join(tail[1:])]


# A shape key starts with this (it never starts a folded line)
SHAPE = "\u00a7"
_DIGIT_RUN = re.compile(r"\d+")
_PROSE_ENDS = (".", "!", "?", '"', "”", "’", "'", ",", ";")
_PROSE_END_CHARS = frozenset("".join(_PROSE_ENDS))
_SENTENCE_ENDS = (".", "!", "?", ",", ";")  # a field's value may end in a quotation mark
_SENTENCE_END_CHARS = frozenset(".!?,;")


def shape_key(line: str) -> str | None:
    """The *template* of a marked, non-prose line: its opening (the field name
    of "Title: ...", the first word or two of "[Image 2: ...]", "Item 3 of 8 ·
    ...", "👁 6.1K"), digits and case folded, behind SHAPE.  Lines that vary
    after a fixed opening (export fields, captions in brackets, item counters,
    view counts) repeat under it.  None for prose and for unmarked lines:
    only a line that starts with a symbol, opens with a "Key:" field or holds
    a " · " / " | " separator has one, and never one that ends a sentence."""
    if not line or len(line) > MAX_FURNITURE_CHARS or line.endswith(_SENTENCE_ENDS):
        return None
    colon = len(line) - 1 if line[-1] == ":" and len(line) <= 32 else line.find(": ", 1, 32)
    spaces = line.count(" ", 0, colon) if colon > 0 else 9
    field = spaces <= 2 and (line[0].isupper() or spaces == 0)  # "Title: ...", "dc:creator: ...", "Body:"
    if not field and line.endswith(_PROSE_ENDS):
        return None
    if field:
        head = line[:colon + 1]
    elif not line[0].isalnum() or " · " in line or " | " in line:
        toks = line.split(None, 2)
        head = toks[0]
        if len(toks) > 1 and (head.isalnum() or not any(c.isalnum() for c in head)):
            head += " " + toks[1]
        if not any(c.isalnum() for c in head):
            return None
    else:
        return None
    return SHAPE + _DIGIT_RUN.sub("0", head.lower())


def counted_key(line: str) -> str | None:
    """The one key RepeatCounter counts a stripped line under: its template
    when it has one, else its folded self.  A line's full key can only repeat
    where its template repeats too, and is_repeated() tries both keys, so
    counting templates alone finds the same repeated lines, and a long line
    is folded only in its eight template words."""
    keys = keys_of(line)
    return keys[-1] if keys else None


class RepeatCounter:
    """Counts line keys in bounded memory (lossy counting, Manku & Motwani).

    Furniture repeats every few kilobytes, so pruning keys seen once keeps the
    table small without losing it.  Each line counts once, under
    ``counted_key``.
    """

    def __init__(self, capacity: int = 500_000):
        self.capacity = capacity
        self.counts: dict[str, int] = {}

    def add_line(self, line: str) -> None:
        self.add_lines([line])

    def add_lines(self, lines: Iterable[str]) -> RepeatCounter:
        """Count each line under its *counted key* (see ``counted_key``);
        inlined, as this loop sees every line of every dump."""
        c, capacity, fold = self.counts, self.capacity, _fold  # the lines it folds need no respacing
        for s in filter(None, map(str.strip, lines)):  # stripped, blank lines gone, in C
            if len(s) > MAX_FURNITURE_CHARS:
                continue
            if "  " in s or not s.isprintable():
                k = counted_key(s)  # spacing to fold first
                if k is None:
                    continue
            else:
                spaces = s.count(" ")
                if spaces < TEMPLATE_MIN_WORDS - 1:
                    k = fold(s)
                elif spaces < MAX_REPEAT_WORDS:
                    head, tail = s.split(" ", 4), s.rsplit(" ", 4)
                    k = fold(" ".join(head[:4]) + " … " + " ".join(tail[1:]))
                else:
                    continue
            c[k] = c.get(k, 0) + 1
            if s[-1] not in _SENTENCE_END_CHARS and (not s[0].isalnum() or "· " in s or "| " in s or ": " in s[:32]):
                k = shape_key(s)  # a marked line: its template counts too
                if k:
                    c[k] = c.get(k, 0) + 1
            if len(c) > capacity:
                c = self.counts = {k: v for k, v in c.items() if v > 1}
        return self

    def repeated(self, min_repeats: int = MIN_REPEATS) -> set[str]:
        return {k for k, v in self.counts.items() if v >= min_repeats}


def is_repeated(line: str, learned: set[str] | frozenset[str]) -> bool:
    return bool(learned) and any(k in learned for k in keys_of(line))


def repeated_key(line: str, learned: set[str] | frozenset[str]) -> str | None:
    """The learned key a line repeats under (its folded self, its template,
    or its shape), if any."""
    if not learned:
        return None
    for k in keys_of(line):
        if k in learned:
            return k
    k = shape_key(line)
    return k if k in learned else None
