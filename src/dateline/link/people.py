"""One person across articles.

The people annotator gives one ``Person`` per article: a canonical name
("Benjamin Netanyahu", or just "Biden" when the article never gives more),
its mentions and a role.  This module decides which of those per-article
records are the same person in the whole archive.

Pure part (no I/O):
  * ``parse_name`` turns a name into a :class:`NameKey`: given name, middle
    names/initials, surname and generational suffix, each as a *skeleton*
    (accents folded, punctuation dropped, doubled letters collapsed, the
    transliteration endings -y/-yy/-iy/-yi/-ii made one), so Orban/Orbán,
    Zelensky/Zelenskyy and al-Rashidi/Al Rashidi compare equal.
  * ``compatible(a, b)`` says whether two full names can be one person:
    same surname (or a near-identical transliteration), compatible given
    names (equal, a prefix such as Ben/Benjamin, or a near-identical
    spelling), and no conflicting middle initials or suffixes.  Different
    given names with one surname stay apart (Bogdan / Olena Vasylchuk).
  * ``choose_person`` attaches a surname-only record ("Mr. Biden",
    "Biden") to a full-name person only when that is unambiguous: one
    candidate in the archive, or one active in the record's time window, or
    one that clearly dominates.  Otherwise the record stays on its own.

Archive part: :func:`link_people` assigns the people rows of new articles to
``persons`` (incrementally; nothing already linked is recomputed) and keeps
``person_mentions`` and ``person_roles`` up to date.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ..annotate import names as N  # noqa: N812
from ..annotate.names import fold

# A surname-only record is attached to a person active within this many days...
WINDOW_DAYS = 120
# ...or to the candidate with this many times more articles than all others.
DOMINANCE = 4.0
# Near-identical spellings: normalised Levenshtein similarity of skeletons.
FUZZY_SURNAME = 0.86
FUZZY_FIRST = 0.84
MIN_FUZZY_LEN = 5
# Block of one-word records that read as a given name ("Alaa"): never a candidate.
GIVEN_BLOCK = "~given"

# Words that join a family name to what follows ("Abu Sarra", "bin Salman",
# "van Roon"): the name particles lexicon plus Arabic kunya/nasab connectors.
_CONNECTORS = frozenset(fold(p) for p in N.PARTICLES) | {"abu", "abou", "umm", "bin", "ibn", "bint"}
_PREFIX = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ul)[-‐’']", re.I)
_NONLETTER = re.compile(r"[^a-z]+")
_DOUBLE = re.compile(r"([a-z])\1+")
_TRANSLIT_END = re.compile(r"(?:iy|yy|yi|ij|ii|iy)$")
_VOWELS = re.compile(r"[aeiouyhw]+")
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")


# --------------------------------------------------------------------------
# Name keys (pure)
# --------------------------------------------------------------------------

@functools.lru_cache(maxsize=65536)  # pure: news repeats its names
def skeleton(word: str) -> str:
    """A spelling-tolerant key for one name word: "Zelenskyy" -> "zelensky",
    "Orbán" -> "orban", "al-Rashidi" -> "rashidi", "Moussa" -> "mousa"."""
    w = _PREFIX.sub("", fold(word))
    w = _NONLETTER.sub("", w)
    w = _TRANSLIT_END.sub("y", w)
    return _DOUBLE.sub(r"\1", w)


def block_key(surname_skeleton: str) -> str:
    """A coarser key to find candidate surnames (consonants only, first
    letter kept): near-spellings land in the same block."""
    if not surname_skeleton:
        return ""
    return surname_skeleton[0] + _VOWELS.sub("", surname_skeleton[1:])


@dataclass(frozen=True, slots=True)
class NameKey:
    first: str | None          # given name skeleton; None for a surname-only form
    middle: tuple[str, ...]    # middle names / initials (skeletons)
    last: str                  # surname skeleton (last word, connectors dropped)
    suffix: str | None         # jr | sr | ii | iii | iv
    block: str                 # block_key(last)

    @property
    def full(self) -> bool:
        return self.first is not None

    def as_text(self) -> str:
        return " ".join(x for x in (self.first, *self.middle, self.last, self.suffix) if x)


def _strip_titles(words: list[str]) -> tuple[list[str], bool]:
    """Drop leading honorifics and titles; True when there was one."""
    had = False
    changed = True
    while changed and len(words) > 1:
        changed = False
        for n in range(min(N.TITLE_MAX, len(words) - 1), 0, -1):
            key = tuple(fold(w.rstrip(".")) for w in words[:n])
            if key in N.TITLE_KEYS or (n == 1 and key[0] in N.HONORIFICS):
                words = words[n:]
                had = changed = True
                break
    return words, had


@functools.lru_cache(maxsize=65536)  # pure, and a NameKey is frozen: linking asks for a record's key more than once
def parse_name(name: str) -> NameKey | None:
    """The key of a person's name, or None when nothing name-like is left."""
    words = [w.strip(",;:()“”\"") for w in name.replace("\u00a0", " ").split()]
    words = [w for w in words if w]
    if not words:
        return None
    words[-1] = _POSSESSIVE.sub("", words[-1])
    words, _ = _strip_titles(words)
    suffix = None
    if len(words) > 1 and fold(words[-1].rstrip(".,")) in N.SUFFIXES:
        suffix = fold(words[-1].rstrip(".,"))
        words = words[:-1]
    if not words:
        return None
    last = skeleton(words[-1])
    if not last:
        return None
    rest = words[:-1]
    # connectors before the surname belong to it ("Khalil Abu Sarra", "Pieter van Roon")
    while rest and fold(rest[-1]) in _CONNECTORS:
        rest = rest[:-1]
    # leading connectors mean there is no given name ("Abu Sarra", "van Roon")
    if rest and fold(rest[0]) in _CONNECTORS:
        rest = []
    first = None
    middle: tuple[str, ...] = ()
    if rest:
        first = skeleton(rest[0]) or None
        middle = tuple(s for s in (skeleton(w) for w in rest[1:] if fold(w) not in _CONNECTORS) if s)
        if first is not None and len(first) == 1 and middle:
            # "J. Robert Oppenheimer": the initial is not what people use
            first, middle = middle[0], (first, *middle[1:])
    return NameKey(first, middle, last, suffix, block_key(last))


def has_title_mention(mentions: Iterable[str]) -> bool:
    """True when some mention carries an honorific or title ("Mr. Biden",
    "President Biden"): the bare word is then a family name."""
    for m in mentions:
        words = m.split()
        if len(words) > 1 and _strip_titles(words)[1]:
            return True
    return False


# --------------------------------------------------------------------------
# Decisions (pure)
# --------------------------------------------------------------------------

def _similar(a: str, b: str, threshold: float) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_FUZZY_LEN or a[0] != b[0]:
        return False
    return Levenshtein.normalized_similarity(a, b) >= threshold


def surname_match(a: NameKey, b: NameKey) -> bool:
    return a.last == b.last or (a.block == b.block and _similar(a.last, b.last, FUZZY_SURNAME))


def first_match(a: str, b: str) -> bool:
    """Given names that can be the same: equal, an initial, a short form
    that is a prefix (Ben/Benjamin, Alex/Alexander), or a near spelling."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) == 1:
        return long_.startswith(short)
    if len(short) >= 3 and long_.startswith(short):
        return True
    return _similar(a, b, FUZZY_FIRST)


def compatible(a: NameKey, b: NameKey) -> bool:
    """Can two full names be one person?"""
    if not (a.full and b.full) or not surname_match(a, b):
        return False
    if not first_match(a.first, b.first):
        return False
    if a.middle and b.middle and a.middle[0][0] != b.middle[0][0]:
        return False  # George H. W. Bush / George W. Bush
    if a.suffix and b.suffix and a.suffix != b.suffix:
        return False
    return True


def same_key(a: NameKey, b: NameKey) -> bool:
    """Exactly the same name up to spelling (middle initials may be absent)."""
    return (a.first == b.first and a.last == b.last and (a.suffix or "") == (b.suffix or "")
            and (not a.middle or not b.middle or a.middle == b.middle))


@dataclass(slots=True)
class Candidate:
    """What the archive knows about a person a record might belong to."""

    id: int
    key: NameKey
    articles: int = 1
    first_day: str | None = None
    last_day: str | None = None


def _days_apart(a: str, b: str) -> int | None:
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def active_near(c: Candidate, day: str | None, window: int = WINDOW_DAYS) -> bool:
    """Whether the person appears within ``window`` days of ``day``."""
    if not day or not c.first_day:
        return False
    if c.first_day[:10] <= day[:10] <= (c.last_day or c.first_day)[:10]:
        return True
    gaps = [_days_apart(day, d) for d in (c.first_day, c.last_day) if d]
    return any(g is not None and g <= window for g in gaps)


def _dominant(cands: Sequence[Candidate], weight) -> Candidate | None:
    ranked = sorted(cands, key=lambda c: (-weight(c), c.id))
    if not ranked:
        return None
    if len(ranked) == 1:
        return ranked[0]
    top, rest = weight(ranked[0]), sum(weight(c) for c in ranked[1:])
    return ranked[0] if top > 0 and top >= DOMINANCE * max(rest, 1) else None


def choose_person(key: NameKey, day: str | None, cands: Sequence[Candidate],
                  by_given: Sequence[Candidate] = ()) -> Candidate | None:
    """The existing person a record with name ``key`` belongs to, or None
    (a new person).  ``cands`` are persons whose surname block matches;
    ``by_given`` full-name persons whose *first* word is the record's word,
    for a titled one-word record in the family-name-first order ("Mr. Hsu"
    for Hsu Wen-lin).  The caller has removed persons already named in the
    same article."""
    if key.full:
        ok = [c for c in cands if c.key.full and compatible(key, c.key)]
        if len(ok) > 1:
            exact = [c for c in ok if same_key(key, c.key)]
            ok = exact or ok
        if len(ok) <= 1:
            return ok[0] if ok else None
        near = [c for c in ok if active_near(c, day)]
        return _dominant(near or ok, lambda c: c.articles)
    # surname-only record: full-name persons with that surname first
    full = [c for c in cands if c.key.full and surname_match(key, c.key)]
    if full:
        if len(full) == 1:
            return full[0]
        near = [c for c in full if active_near(c, day)]
        if len(near) == 1:
            return near[0]
        return _dominant(near, lambda c: c.articles) or _dominant(full, lambda c: c.articles)
    given = [c for c in by_given if c.key.full and c.key.first == key.last]
    if len(given) == 1:
        return given[0]
    bare = [c for c in cands if not c.key.full and c.key.last == key.last]
    return min(bare, key=lambda c: c.id) if bare else None


def absorbable(full: NameKey, others: Sequence[Candidate]) -> bool:
    """Whether a new full name is the only full-name reading of a surname, so
    surname-only persons seen earlier may be folded into it."""
    return not any(c.key.full and surname_match(full, c.key) for c in others)


def display_name(forms: Counter) -> str:
    """The name shown for a person: the most used full form, longest on ties."""
    full = {n: k for n, k in forms.items() if (pk := parse_name(n)) and pk.full}
    pool = full or forms
    return max(pool, key=lambda n: (pool[n], len(n), n))


# --------------------------------------------------------------------------
# Clustering in memory (pure): records -> person ids
# --------------------------------------------------------------------------

@dataclass(slots=True)
class Record:
    """One per-article person record."""

    article: object            # article key (rowid)
    idx: int                   # index of the person in the article
    name: str
    mentions: tuple[str, ...] = ()
    day: str | None = None
    role: str | None = None


def is_surname_reference(rec: Record, key: NameKey, known_surnames: set[str]) -> bool:
    """A one-word record names a family, not a first-name-only person, when
    a mention carries a title ("Mr. Obama") or the word is the surname of a
    full name in the archive."""
    return key.full or key.last in known_surnames or has_title_mention((rec.name, *rec.mentions))


def cluster_records(records: Sequence[Record]) -> list[int]:
    """Person cluster ids for ``records`` (an in-memory archive).  Same rules
    as the archive linker; used by tests and evaluation."""
    linker = PersonLinker()
    return linker.add(records)


def record_key(name: str) -> NameKey:
    """The key a record is linked under (a name that does not parse as one
    is its own skeleton, in no surname block)."""
    return parse_name(name) or NameKey(None, (), skeleton(name) or fold(name), None, "")


def persons_touched_by(records: Iterable[Record]) -> tuple[set[str], set[str]]:
    """(surname blocks, surname skeletons) of the persons linking
    ``records`` may look at: candidates share a block; a surname-only
    record asks whether its word is a known surname or a known given name,
    and the surname-only persons of a new full name's surname may fold into
    it.  Loading the persons with those blocks, surnames or given names is
    loading everything :meth:`PersonLinker.add` reads."""
    keys = [record_key(r.name) for r in records]
    return {k.block for k in keys}, {k.last for k in keys}


class PersonLinker:
    """The in-memory state of person linking; the archive linker loads one
    from the database, adds new records, and writes the changes back."""

    def __init__(self) -> None:
        self.persons: dict[int, Candidate] = {}
        self.by_block: dict[str, list[int]] = defaultdict(list)
        self.articles_of: dict[int, set] = defaultdict(set)   # person -> articles named in (this run)
        self.bare_by_last: dict[str, list[int]] = defaultdict(list)  # surname-only persons
        self.by_first: dict[str, list[int]] = defaultdict(list)      # full-name persons by given name
        self.surnames: set[str] = set()
        self.next_id = 1
        self.merged: dict[int, int] = {}                      # absorbed person -> person

    # -- state ------------------------------------------------------------------
    def load(self, pid: int, key: NameKey, articles: int, first_day: str | None, last_day: str | None) -> None:
        self.persons[pid] = Candidate(pid, key, articles, first_day, last_day)
        self.by_block[key.block].append(pid)
        if key.full:
            self.surnames.add(key.last)
            self.by_first[key.first].append(pid)
        else:
            self.bare_by_last[key.last].append(pid)
        self.next_id = max(self.next_id, pid + 1)

    def _new(self, key: NameKey, rec: Record) -> int:
        pid = self.next_id
        self.next_id += 1
        self.load(pid, key, 0, None, None)
        return pid

    def _note(self, pid: int, rec: Record) -> None:
        c = self.persons[pid]
        if rec.article not in self.articles_of[pid]:
            self.articles_of[pid].add(rec.article)
            c.articles += 1
        if rec.day:
            d = rec.day[:10]
            c.first_day = min(c.first_day or d, d)
            c.last_day = max(c.last_day or d, d)

    def resolve(self, pid: int) -> int:
        while pid in self.merged:
            pid = self.merged[pid]
        return pid

    # -- linking ----------------------------------------------------------------
    def add(self, records: Sequence[Record]) -> list[int]:
        """Assign each record to a person (existing or new); returns the
        person id of each record, in order."""
        keys = [parse_name(r.name) for r in records]  # (None: see record_key)
        for k in keys:
            if k is not None and k.full:
                self.surnames.add(k.last)
        order = sorted(range(len(records)), key=lambda i: (
            not (keys[i] and keys[i].full), records[i].day or "", str(records[i].article), records[i].idx))
        out: list[int | None] = [None] * len(records)
        new_full: list[int] = []
        for i in order:
            rec, key = records[i], keys[i]
            if key is None:
                key = record_key(rec.name)
            if not key.full and not is_surname_reference(rec, key, self.surnames):
                pid = self._new(NameKey(None, (), key.last, None, GIVEN_BLOCK), rec)  # never a candidate
            else:
                cands = [self.persons[p] for p in self.by_block.get(key.block, ())
                         if p not in self.merged and rec.article not in self.articles_of[p]]
                given = []
                if not key.full and has_title_mention((rec.name, *rec.mentions)):
                    given = [self.persons[p] for p in self.by_first.get(key.last, ())
                             if p not in self.merged and rec.article not in self.articles_of[p]]
                hit = choose_person(key, rec.day, cands, given)
                if hit is None:
                    pid = self._new(key, rec)
                    if key.full:
                        new_full.append(pid)
                else:
                    pid = hit.id
            self._note(pid, rec)
            out[i] = pid
        self._absorb(new_full)
        return [self.resolve(p) for p in out]  # type: ignore[arg-type]

    def _absorb(self, new_full: list[int]) -> None:
        """Surname-only persons met before the full name: fold them into the
        full-name person when it is the only one with that surname."""
        for pid in new_full:
            if pid in self.merged:
                continue
            key = self.persons[pid].key
            block = [self.persons[p] for p in self.by_block.get(key.block, ()) if p != pid and p not in self.merged]
            if not absorbable(key, block):
                continue
            for b in self.bare_by_last.get(key.last, ()):
                if b != pid and b not in self.merged and not (self.articles_of[b] & self.articles_of[pid]):
                    self.merge(b, pid)

    def merge(self, src: int, dst: int) -> None:
        self.merged[src] = dst
        a, b = self.persons[src], self.persons[dst]
        self.articles_of[dst] |= self.articles_of[src]
        b.articles += a.articles
        days = [d for d in (a.first_day, a.last_day, b.first_day, b.last_day) if d]
        if days:
            b.first_day, b.last_day = min(days), max(days)
