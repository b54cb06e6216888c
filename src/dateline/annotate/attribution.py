"""Who asserts a sentence, a clause or a quotation.

Shared by the quotes annotator (speakers) and the counts annotator
(claimants).  Rule-based and regex-driven, no statistical model.

Public API (stable)::

    ctx = Context(text, people, organisations)          # once per article
    src = source_of(text, start, end, people, organisations, context=ctx)

``source_of`` answers "who says the content at ``text[start:end]``?" from the
sentence around it:

* attributions after the content: ``..., officials said.``,
  ``..., said Petra Vanhala, a former prime minister.``,
  ``..., according to provincial health officials.``;
* attributions before it: ``Mr. Rubio said that ...``, ``Fieldcount estimates
  that ...``, ``what the cabinet described as ...``,
  ``Mr. Varga, Ms. Kolar has said, is ...`` (the leftmost reporting verb of
  the sentence wins, so ``X announced that sources told him that N ...``
  gives X);
* content inside a quotation: the quotation's speaker.

A long title before a name ("Minister of State for <field> <name>") is the
speaker's description, its field words (``lexicons/portfolios.txt``) no part of
the name; a reason for anonymity ("on condition of anonymity", "who asked not
to be named") ends an unnamed source's description; a name spoken to ("he told
<outlet> by telephone") is no speaker (``spoken_to``, read by the ranker too).

Pronoun speakers ("he said") are resolved to the most recent compatible
person (gender from Mr./Ms./Mrs. and similar titles, or from he/she right
after a name); "the statement said" is resolved to the statement's author
named earlier ("the Foreign Ministry statement"); possessive descriptions
("his spokesman", "Ms. Varga’s aide", "its chief executive") name their
owner when it is safely known ("Ilona Varga’s aide"), else stay as written
("their lawyer"); "his statement said" is the owner writing.  Names are mapped to the
canonical ``Person.name`` when a people list is given (``people.resolve``),
else to the fullest form the article itself uses.

Beyond the sentence: a description is named by ``coref.py`` (``_make_source``
asks it): "the Republican governor", "the Director", "the woman" are the
person the article names with that role or title, before or after; "the
ministry" is the ministry named before ("Norland’s Ministry of
Fisheries"); "a leader of X" the person tied to that description; "the letter
said" its sender; "they"/"it" is the group, body or online handle
that spoke last; a quotation paragraph or sentence with no cue continues the
sentence before (``carried_source``); transcript names ("Clinton: “...”"),
colon introductions and a short attribution sentence after a question are
read too.  Counts take their claimant from the same code: ``claim_source``
is ``find_source`` minus figures that belong to the source's own phrase,
background clauses and addressees, and with a closing "according to X" or
", the study found." covering the whole sentence.

It returns a :class:`Source` or ``None`` (the outlet states it itself).
Pass ``context=`` when calling many times on one article: the context caches
sentence bounds, quotation spans and name mentions.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .. import lexicon
from . import coref
from .names import CHAIN_JOIN as _CHAIN_JOIN, ORG_HEADS, PORTFOLIOS, TITLE_MODS, fold, is_place, long_title
from .names import chain_head as _chain_head
from ..model import Entity, Person

__all__ = ["Source", "Context", "source_of", "find_source", "carried_source", "colon_source", "subject_source", "claim_source",
           "quote_spans"]

# ------------------------------------------------------------------ lexicons
def _lex(name: str) -> list[str]:
    return list(lexicon.entries(name))


SPEECH_VERBS = frozenset(_lex("speech_verbs.txt"))
WRITING_CUES = tuple(_lex("writing_cues.txt"))
SPEECH_CUES = tuple(_lex("speech_cues.txt"))
ANON_HEADS = frozenset(w.lower() for w in _lex("anonymous_sources.txt"))
DOC_HEADS = frozenset(_lex("source_documents.txt"))
_TITLE_GENDER = {}
for _l in _lex("attr_titles.txt"):
    _t, _, _g = _l.partition("\t")
    _TITLE_GENDER[_t.strip()] = _g.strip() if _g.strip() in ("m", "f") else None
TITLES = frozenset(_TITLE_GENDER)
ORG_WORDS = frozenset(_lex("attr_org_words.txt"))
NAME_STOP = frozenset(_lex("attr_name_stopwords.txt"))
# job and relation nouns ("leader", "governor", "economist"): a capitalised one inside a
# name run is a title before the name ("Senate Majority Leader Ann Roe"), a
# lowercase one heads a description resolved to a named person ("the Republican governor")
ROLE_WORDS = frozenset(w.lower() for w in _lex("role_nouns.txt") if " " not in w)
_WRITING_VERBS = frozenset({"wrote", "write", "writes", "written", "writing", "posted",
                            "tweeted", "texted", "emailed", "messaged"})

# ------------------------------------------------------------------ regexes
_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_VERB_ALT = "|".join(sorted((re.escape(v) for v in SPEECH_VERBS), key=len, reverse=True))
VERB_RE = re.compile(rf"(?<![\w’'-])(?:{_VERB_ALT})(?![\w’'-])")
_AUX = (r"has|have|had|also|later|repeatedly|previously|long|recently|once|often|then|further|"
        r"publicly|separately|already|again|will|would|could|may|might|did|does|do|is|was|were|are|"
        r"not|never|first|specifically|directly|quickly|immediately|simply|frequently|earlier|"
        r"privately|openly|himself|herself|themselves|itself|always|still|even|reportedly|"
        r"initially|angrily|flatly|bluntly|clearly|explicitly|each|both|all|individually|jointly|independently|"
        r"today|yesterday|tonight|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|only|just|however|too|meanwhile|instead|nonetheless|nevertheless")
# any adverb in -ly between a subject and its verb ("Y has consistently pushed"), not a noun in -ly
_LY_ADV = (r"(?!(?:family|assembly|rally|ally|supply|reply|anomaly|monopoly|bully|belly|jelly|lily|homily|"
           r"daily|weekly|monthly|quarterly|fly|butterfly)(?![\w’'-]))[a-z]{2,}ly(?![\w’'-])")
_AUX_TAIL_RE = re.compile(rf"(?:\s+(?:{_AUX}|{_LY_ADV}))+\s*$")  # "Lee jokingly said"
_AUX_HEAD_RE = re.compile(rf"^(?:\s*(?:{_AUX})\b)+")
_BOUNDARY_RE = re.compile(
    r"[;:(\[—–“”\"\x00]|\s-\s|(?<![\w’'-])(?:that|what|which|who|whom|whose|and|but|while|when|"
    r"because|as|if|although|though|after|before|since|where|so|whereas|until|once|or)(?![\w’'-])")
from .text import ABBREV as _ABBREV  # noqa: E402  (sentence splitting lives in text.py)

_CAPW = rf"[{_UP}][\w\-]*(?:[’'](?!s\b)[\w\-]+)*"
_PFXW = r"(?:al|el|ad|an|ash|as|at|az|abu|bin|ibn)-[\w\-]+"
_INIT = rf"[{_UP}]\."
_TDOT = r"(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Capt|Sgt|Sen|Rep|Gov|Prof|Rev|Adm|Maj|Cmdr|Mme|Mlle|Messrs|Jr|Sr|St)\."
_PART = r"(?:van|von|der|den|de|del|della|di|da|das|dos|du|la|le|ter|ten|bin|ibn|bint|al|el|y|zu)"
_TOK = rf"(?:{_TDOT}|{_PFXW}|{_INIT}|{_CAPW})"
RUN_RE = re.compile(rf"(?<![\w’'\-.]){_TOK}(?:[ \u00a0](?:{_PART}[ \u00a0])*{_TOK})*")
_OF_PLACE_RE = re.compile(rf"\s+of\s+(?:the\s+)?[{_UP}][\w\-]*(?:\s+[{_UP}][\w\-]*)*\s*$")
_PRON_RE = re.compile(r"^(?:he|she|they|we|it|i)$", re.I)
_AGE_RE = re.compile(r"^(?:\d{1,3}|\(?[A-Z]{1,3}-[A-Z][\w.]{0,12}\)?)$")  # ages; party-state labels "R-Ky."
# an online handle as a speaker: "@jdoe", "acebush1", "user_22" (a lowercase or @ word with a digit,
# an underscore or the @), alone or after a platform noun ("the Reddit user acebush1")
_HANDLE = r"@[A-Za-z0-9_]{2,30}|[a-z][a-z0-9_.]*(?:\d[a-z0-9_]*|_[a-z0-9_]+)"
_HANDLE_RE = re.compile(rf"(?<![\w@’'-])(?:{_HANDLE})(?![\w@’'-])")
_HANDLE_LEAD = frozenset("user account handle username poster commenter the".split())
_TIME_TAIL_RE = re.compile(
    r"\s+(?:on|last|this|earlier|late|early)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"week|month|year|morning|afternoon|evening|night)\s*$")
# a time phrase before a subject pronoun: "The next spring they posted", "Two days later she wrote"
_LEAD_TIME_PRON_RE = re.compile(
    r"^(?:(?:the|that|this|same|following|next|previous|last)\s+){1,2}"
    r"(?:day|week|month|year|morning|afternoon|evening|night|spring|summer|autumn|fall|winter)\s+"
    r"(?P<pron>he|she|they|we)$|"
    r"^(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|\d+)\s+"
    r"(?:days?|weeks?|months?|years?|hours?)\s+(?:later|earlier)\s+(?P<pron2>he|she|they|we)$",
    re.I)
_PAREN_TAIL_RE = re.compile(r"\s*(?:\([^()\x00]{1,40}\)|\s[—–]\s[^—–\x00]{1,80}\s[—–])\s*$")  # "(D-Ore.)", "— a teacher —"
_REL_RE = re.compile(r"^(?:who|whose|whom|which)\b")
# a possessive owner may end in "'s" or, after a final s, in a bare apostrophe ("the Harlans' lawyer")
_DESC_START_RE = re.compile(r"^(?:a|an|the|one|two|three|four|five|(?:[\w-]+\s+){0,3}[\w-]+(?:[’']s\b|s[’'](?=\s+[a-z])))"
                            r"|^(?:a|an|the|one|two|three|four|five)\b|^[a-z]")
_PREP = frozenset("""in on at for after before during with to from by of since under over into
about against among between through without within across amid despite like unlike as also
however still meanwhile instead yet but and or so then now later earlier speaking asked""".split())
_DETS = frozenset("the a an one two three four five six seven eight nine ten several many some other another "
                  "most both few dozens hundreds thousands his her its their our".split())
_PP_START = frozenset("in at from of on inside with familiar involved close near based within "
                      "outside across among aboard".split())
_PP_STOP = frozenset("for who that which whose whom and but while when because as said says".split())
_ACCORDING_RE = re.compile(r"(?<![\w’'-])[Aa]ccording\s+to\s+")
_HIS_HER_RE = re.compile(r"(?<![\w’'-])(he|his|him|she|her|hers)(?![\w’'-])", re.I)
_FOLLOW_VERB_RE = re.compile(
    rf"(?:,\s*\d{{1,3}})?(?:,[^,“”\x00.;]{{1,140}},)?(?:\s+(?:{_AUX}))*\s+(?:{_VERB_ALT})(?![\w’'-])")
_FOLLOW_WORD_RE = re.compile(
    r"(?:,\s*\d{1,3},?)?(?:,[^,“”\x00.;]{1,140},)?\s+(?!(?:of|in|on|at|to|for|from|with|by|and|or|but|as|"
    r"who|whom|whose|which|that|than|into|after|before|during|over|under|about|the|a|an)\b)[a-z][a-z’'-]+\b")


# how a reporter says why a source goes unnamed: no part of who the source is ("a senior
# official, speaking on condition of anonymity", "a diplomat who asked not to be named")
_ANON_TAIL_RE = re.compile(
    r"(?:\s*,\s*|\s+)(?:(?:who|while|and)\s+)?(?:(?:was|were|is|are)\s+)?"
    r"(?:(?:speaking|spoke|speaks|talking|talked|commenting|commented)\s+)?(?:only\s+)?"
    r"(?:on|under)\s+(?:the\s+)?(?:condition|conditions|grounds|basis|promise)\s+(?:of|that)(?![\w’'-])"
    r"|(?:\s*,\s*|\s+)(?:(?:who|and)\s+)?(?:asked|asking|asks|requested|requesting|requests|declined|declining|"
    r"refused|refusing|spoke|speaking|wished|wishing|preferred|preferring)\s+"
    r"(?:not\s+to\s+be\s+(?:named|identified|quoted)|to\s+remain\s+(?:anonymous|unnamed)|to\s+be\s+(?:named|identified)"
    r"|anonymity|anonymously|that\s+(?:his|her|their)\s+names?\s+not)"
    r"|(?:\s*,\s*|\s+)(?:speaking\s+)?anonymously(?![\w’'-])")


def _cut_anon(m: str, a: int, b: int) -> int:
    """``b``, or where a reason for anonymity starts in ``m[a:b]``."""
    am = _ANON_TAIL_RE.search(m, a, b)
    return am.start() if am is not None and am.start() > a else b


def _doc_author_re(head: str) -> re.Pattern:
    return re.compile(
        rf"(?:(?P<poss>(?:[Tt]he\s+)?[\w\-]+(?:\s+[{_UP}][\w\-]+)*)[’']s\s+(?:\w+\s+)?{head}"
        rf"|(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?P<mod>[{_UP}][\w\-]*(?:\s+[{_UP}][\w\-]*)*)\s+{head}"
        rf"|(?P<said>(?:[{_UP}][\w\-.]*\s+){{0,3}}[{_UP}][\w\-]*|the\s+\w+)\s+(?:said|says)\s+in\s+an?\s+{head})")


_DOC_RES = {h: _doc_author_re(re.escape(h)) for h in DOC_HEADS}


# ------------------------------------------------------------------ model
@dataclass(slots=True)
class Source:
    """Who asserts something.

    ``name``: canonical person name, organisation name, or for unnamed
    sources a short head phrase ("Ukrainian prosecutors",
    "a driver in a Telegram channel").  ``desc``: how the text describes the
    source ("a former prime minister of Finland").  ``anonymous``: true for
    unnamed sources and for organisations/bodies.  ``cue``: the attribution
    phrase ("said in a statement", "according to").  ``kind``: "speech" or
    "writing".  ``start``/``end``: offsets of the source phrase in the text.
    ``relation``: how it attaches ("adjacent", "governs", "parenthetical",
    "sentence", "according", "continuation", "quote").
    """

    name: str | None
    desc: str | None = None
    anonymous: bool = False
    cue: str | None = None
    kind: str = "speech"
    start: int = -1
    end: int = -1
    relation: str = "sentence"
    person: bool = False


@dataclass(slots=True)
class _NP:
    kind: str  # person | pronoun | group | org | doc
    text: str
    start: int
    end: int
    desc: str | None = None
    title_gender: str | None = None


# ------------------------------------------------------------------ quotation marks
# quotation spans, masked text and sentences live in the shared text model
from .text import Text, last_match, quote_spans  # noqa: E402


# ------------------------------------------------------------------ context
class Context:
    """Per-article caches for attribution: quotation spans, masked text,
    sentence bounds, name mentions.  Build once, pass to ``source_of``."""

    def __init__(self, text: str, people=(), organisations=()):
        self.text = text
        self.people: list[Person] = list(people or ())
        self.organisations: list[Entity] = list(organisations or ())
        self.doc = Text.of(text)  # the shared text model: quotation spans, masked text, sentences
        self.spans = self.doc.spans
        self.masked = self.doc.masked
        self.starts = self.doc.starts
        self._mentions: list | None = None
        self._genders: dict[str, str] | None = None
        self._full: dict | None = None
        self._canon_cache: dict[str, str] = {}
        self._res_cache: dict[str, Person | None] = {}
        self._fast: dict[str, Person | None] | None = None
        self._org_ends: dict | None = None
        self._person_ends: dict | None = None
        self._org_starts: dict | None = None
        self._quotes = None  # filled by quotes.py: list of (start, end, Source|None)
        self._span_starts = [s for s, _, _ in self.spans]
        self.speaker_marks: list[tuple[int, int, str]] = []  # persons found as speakers
        self.sources: list[tuple[int, Source]] = []  # unnamed groups, bodies and handles found as speakers

    # -- geometry
    def sentence(self, pos: int) -> tuple[int, int]:
        return self.doc.sentence(pos)

    def paragraph(self, pos: int) -> tuple[int, int]:
        a = self.text.rfind("\n", 0, pos) + 1
        b = self.text.find("\n", pos)
        return a, (len(self.text) if b < 0 else b)

    def paragraphs_back(self, pos: int, n: int) -> int:
        """Where the paragraph ``n`` paragraphs before the one holding ``pos`` starts."""
        lo, _ = self.paragraph(pos)
        for _ in range(n):
            if lo <= 0:
                break
            lo = self.text.rfind("\n", 0, max(0, lo - 2)) + 1
        return lo

    def quote_at(self, start: int, end: int):
        k = bisect_right(self._span_starts, start) - 1
        if k >= 0:
            s, e, c = self.spans[k]
            if s <= start and end <= e:
                return k
        return None

    # -- names
    def canonical(self, core: str) -> str:
        """The canonical form of a person name as written (titles stripped)."""
        hit = self._canon_cache.get(core)
        if hit is not None:
            return hit
        out = None
        if self.people:
            p = self.resolve(core)
            if p is not None:
                out = p.name
        if out is None:
            out = self._local_full(core)
        out = _drop_field(out)
        if out != core and out.endswith(" " + core) and any(
                t in PORTFOLIOS or fold(t) in ORG_HEADS for t in out[:-len(core)].split()):
            out = core  # "Ana Ruiz" found as "Policy Studies Ana Ruiz" after "Director of the X Institute for"
        self._canon_cache[core] = out
        return out

    def resolve(self, name: str) -> Person | None:
        """``people.resolve`` with a per-article cache."""
        if not self.people:
            return None
        try:
            return self._res_cache[name]
        except KeyError:
            pass
        if self._fast is None:
            fast: dict[str, Person | None] = {}
            for p in self.people:
                keys = {p.name}
                for m in p.mentions:
                    keys.add(m.text)
                    keys.add(" ".join(_strip_titles(m.text.split())[0]))
                for k in keys:
                    if k in fast and fast[k] is not p:
                        fast[k] = None  # ambiguous: ask the resolver
                    else:
                        fast[k] = p
            self._fast = fast
        p = self._fast.get(name)
        if p is None:
            p = _resolve(name, self.people)
        self._res_cache[name] = p
        return p

    def _local_full(self, core: str) -> str:
        if self._full is None:
            full_last: dict[str, str] = {}
            full_first: dict[str, str] = {}
            for m in RUN_RE.finditer(self.masked):
                toks = _strip_titles(_clean_tokens(m.group().split()))[0]
                if len(toks) < 2 or any(t in ORG_WORDS for t in toks):
                    continue
                name = " ".join(toks)
                full_last.setdefault(toks[-1], name)
                if len(toks[-2]) > 1 and not toks[-2].endswith("."):
                    full_last.setdefault(" ".join(toks[-2:]), name)
                full_first.setdefault(toks[0], name)
            self._full = (full_last, full_first)
        toks = core.split()
        full_last, full_first = self._full
        if len(toks) == 1:
            return full_last.get(toks[0]) or full_first.get(toks[0]) or core
        if len(toks) == 2:
            f = full_last.get(core)
            if f and len(f.split()) > 2:
                return f
        return core

    def mentions(self):
        """Person mentions outside quotations: (start, end, name, subjectlike)."""
        if self._mentions is None:
            self._build_mentions()
        return self._mentions

    def _build_mentions(self) -> None:
        masked = self.masked
        found: dict[int, tuple[int, int, str]] = {}
        genders: dict[str, str] = {}
        for p in self.people:
            for sp in p.mentions:
                if sp.start < len(masked) and masked[sp.start] != "\x00":
                    found[sp.start] = (sp.start, sp.end, _drop_field(p.name))
                    first = sp.text.split()[0] if sp.text.split() else ""
                    g = _TITLE_GENDER.get(first) or _gender_before(self.text, sp.start)
                    if g and p.name not in genders:
                        genders[p.name] = g
        covered = sorted((s, e) for s, e, _ in found.values())
        cov_starts = [s for s, _ in covered]
        for m in RUN_RE.finditer(masked):
            toks = m.group().split()
            toks, lead = _clean_tokens(toks, with_lead=True)
            core, gender, titled = _strip_titles(toks)
            if not core:
                continue
            cs = m.start() + lead
            k = bisect_right(cov_starts, m.end()) - 1
            if k >= 0 and covered[k][1] > cs:
                continue  # the people annotator has it
            if any(t in ORG_WORDS for t in core) or (len(core) == 1 and core[0].lower() in ANON_HEADS):
                continue  # "Officials said": no person
            end = m.end()
            core_s = " ".join(core)
            if self.people:
                # the people list is the authority on who is a person; add
                # only titled mentions it missed ("Mr. X", "Gen. Y")
                personish = titled
            else:
                personish = titled
                if not personish and not _PREP_BEFORE_RE.search(masked, max(0, cs - 20), cs):
                    if len(core) >= 2:
                        personish = True
                    else:
                        personish = bool(re.match(r",\s*\d{1,3}\b", masked[end:end + 6])) or \
                            bool(_FOLLOW_VERB_RE.match(masked, end))
            if not personish and len(core) >= 2 and _PREP_BEFORE_RE.search(masked, max(0, cs - 20), cs):
                # "Minister of State for Petroleum Kofi Adjei": a name after a long title
                _at, lt = _long_title_in(self, max(self.sentence(cs)[0], cs - 120), end)
                if lt is not None and lt.end == end:
                    name = self.canonical(lt.text)
                    found[lt.start] = (lt.start, lt.end, name)
                    if lt.title_gender and name not in genders:
                        genders[name] = lt.title_gender
                continue
            if not personish:
                continue
            name = self.canonical(core_s)
            found[cs] = (cs, end, name)
            if gender and name not in genders:
                genders[name] = gender
        ments = []
        for s in sorted(found):
            s, e, name = found[s]
            subj = self._subjectlike(s, e)
            ments.append((s, e, name, subj))
            if subj and name not in genders:
                a, b = self.sentence(s)
                pm = _HIS_HER_RE.search(masked, e, min(b, e + 120))
                if pm:
                    genders[name] = "m" if pm.group(1).lower() in ("he", "his", "him") else "f"
        self._mentions = ments
        self._genders = genders

    def _subjectlike(self, s: int, e: int) -> bool:
        a, _ = self.sentence(s)
        prefix = self.masked[a:s]
        # honorific/title directly before belongs to the mention
        prefix = _TITLES_TAIL_RE.sub("", prefix)
        if not prefix.strip():
            return True
        if prefix.rstrip().endswith(",") and len(prefix.split()) <= 12 and not _BOUNDARY_RE.search(prefix):
            return True
        return bool(_FOLLOW_VERB_RE.match(self.masked, e)) or bool(_FOLLOW_WORD_RE.match(self.masked, e))

    def gender_of(self, name: str) -> str | None:
        if self._genders is None:
            self._build_mentions()
        return self._genders.get(name)

    def resolve_pronoun(self, pos: int, pron: str, strict: bool = False) -> str | None:
        """Most recent compatible person before ``pos`` (subjects first).

        ``strict``: only when the most recent person of the pronoun's gender
        is also the most recent compatible subject and no person of unknown
        gender stands between (used to name a possessive's owner)."""
        pron = pron.lower()
        want = "m" if pron in ("he", "him", "his") else "f" if pron in ("she", "her") else None
        ments = self.mentions()
        # an earlier same pronoun in the sentence refers to the same person:
        # "Though he had read that Mr. Trump wanted ..., he said"
        sa, _ = self.sentence(pos)
        rx = r"(?<![\w’'-])(?:he|his|him)(?![\w’'-])" if want == "m" else \
            r"(?<![\w’'-])(?:she|her|hers)(?![\w’'-])" if want == "f" else None
        if rx:
            pm = re.compile(rx, re.I).search(self.masked, sa, pos)
            if pm:
                pos = pm.start()
        lo = self.paragraphs_back(pos, 4)  # look back at most ~4 paragraphs
        cands = [m for m in ments if lo <= m[0] < pos]
        cands += [(s, e, n, True) for s, e, n in self.speaker_marks if lo <= s < pos]
        cands.sort()
        if strict:
            if want is None:
                return None
            near = None
            for s, e, name, subj in reversed(cands):
                g = self._genders.get(name)
                if g is None:
                    return None
                if g == want:
                    near = name
                    break
            if near is None or near != self.resolve_pronoun(pos, pron):
                return None
            return near
        for subj_only in (True, False):
            for s, e, name, subj in reversed(cands):
                if subj_only and not subj:
                    continue
                g = self._genders.get(name)
                if want and g and g != want:
                    continue
                return name
        return None

    def person_at(self, a: int, b: int) -> tuple[int, int, str] | None:
        """A person the people finder named whose mention ends the phrase ``masked[a:b]``."""
        if self._person_ends is None:
            self._person_ends = {sp.end: (sp.start, sp.end, p.name) for p in self.people for sp in p.mentions}
        hit = self._person_ends.get(b)
        if hit is not None and hit[0] >= a:
            return hit
        return None

    def org_at(self, a: int, b: int, inverted: bool) -> tuple[int, int, str] | None:
        """An organisation the entity finder named that ends the phrase
        ``masked[a:b]`` (or, ``inverted``, opens it after an optional "the")."""
        if self._org_ends is None:
            ends: dict[int, tuple[int, int, str]] = {}
            starts: dict[int, tuple[int, int, str]] = {}
            for o in self.organisations:
                if getattr(o, "kind", "org") != "org":
                    continue
                for sp in o.mentions:
                    ends[sp.end] = (sp.start, sp.end, o.name)
                    starts[sp.start] = (sp.start, sp.end, o.name)
            self._org_ends, self._org_starts = ends, starts
        if inverted:
            x = a + 4 if self.masked.startswith(("the ", "The "), a) else a
            pm = _POSS_NAME_RE.match(self.masked, x)
            if pm and self._org_starts.get(pm.end()) is not None:
                x = pm.end()  # "according to Freedonia’s Ministry of Health"
            hit = self._org_starts.get(x)
            if hit is not None and hit[1] <= b:
                rest = self.masked[hit[1]:b]
                if not rest.strip(" ,.") or rest[:1] in ",.":
                    return hit
            return None
        hit = self._org_ends.get(b)
        if hit is not None and hit[0] >= a:
            return hit
        return None

    def org_canonical(self, name: str) -> str:
        key = name.lower().removeprefix("the ").strip()
        bare = re.sub(r"^[Tt]he\s+", "", name)
        if bare.isupper() and 2 <= len(bare) <= 6 and bare.isalpha():
            # an acronym: the organisation the article spells out with those initials ("IMF")
            for o in self.organisations:
                initials = "".join(w[0] for w in o.name.split() if w[:1].isupper())
                if initials == bare and len(o.name.split()) > 1:
                    return o.name
        for o in self.organisations:
            on = o.name.lower()
            if on == key or (" " in key and on.endswith(" " + key)):
                return o.name
        return re.sub(r"^[Tt]he\s+", "", name)


def _drop_field(name: str) -> str:
    """A name found with the field of its title still on it ("Petroleum Kofi
    Adjei" after "Minister of State for"): the name without it."""
    toks = name.split()
    k = 0
    while k < len(toks) - 2 and (toks[k] in PORTFOLIOS or k and toks[k] in ("and", "&")):
        k += 1
    return " ".join(toks[k:]) if k and toks[k - 1] in PORTFOLIOS else name


_POSS_NAME_RE = re.compile(rf"(?:[{_UP}][\w.\-]*\s+){{0,2}}[{_UP}][\w.\-]*[’']s\s+")

# ------------------------------------------------------------------ names
_resolver = None


def _resolve(name: str, people: list[Person]) -> Person | None:
    global _resolver
    if _resolver is None:
        try:
            from .people import resolve as r  # the people annotator's resolver
            _resolver = r
        except Exception:  # pragma: no cover - people.py not there yet
            _resolver = _local_resolve
    try:
        return _resolver(name, people)
    except Exception:  # pragma: no cover - defensive: never fail a quote on a resolver bug
        return _local_resolve(name, people)


def _local_resolve(name: str, people: list[Person]) -> Person | None:
    toks = _strip_titles(name.split())[0]
    if not toks:
        return None
    key = " ".join(toks).lower()
    for p in people:
        if p.name.lower() == key or any(m.text.lower() == key for m in p.mentions):
            return p
    for p in people:
        pt = p.name.lower().split()
        if pt and pt[-1] == toks[-1].lower():
            return p
    if len(toks) == 1:
        for p in people:
            if toks[0].lower() in p.name.lower().split():
                return p
    return None


def _clean_tokens(toks: list[str], with_lead: bool = False):
    """Drop leading stopwords ("The", "In", "Monday")."""
    lead = 0
    i = 0
    while i < len(toks) and toks[i] in NAME_STOP:
        lead += len(toks[i]) + 1
        i += 1
    toks = toks[i:]
    # possessive or trailing punctuation on the last token
    if toks:
        toks[-1] = re.sub(r"[’']s$", "", toks[-1])
    return (toks, lead) if with_lead else toks


def _strip_titles(toks: list[str]) -> tuple[list[str], str | None, bool]:
    gender = None
    titled = False
    i = 0
    while i < len(toks) - 1 and toks[i] in TITLES:
        titled = True
        gender = gender or _TITLE_GENDER.get(toks[i])
        i += 1
    return toks[i:], gender, titled


def _gender_before(text: str, pos: int) -> str | None:
    pre = text[max(0, pos - 12):pos].split()
    if pre and pre[-1] in _TITLE_GENDER:
        return _TITLE_GENDER[pre[-1]]
    return None


# ------------------------------------------------------------------ noun phrases
def _np_in(ctx: Context, a: int, b: int, inverted: bool = False) -> _NP | None:
    """Classify masked[a:b] (one comma-free segment) as a speaker phrase.

    Normal order: the phrase must END at b ("... the Israeli government").
    Inverted (after the verb): the phrase must START at a ("Ms. Kanyarat").
    """
    m = ctx.masked
    while a < b and m[a] in " \u00a0”“\"’'":
        a += 1
    b = _cut_anon(m, a, b)  # "a senior official on condition of anonymity": "a senior official"
    while b > a and m[b - 1] in " \u00a0,":
        b -= 1
    if b > a and m[b - 1] == ".":
        j = b - 1
        while j > a and not m[j - 1].isspace():
            j -= 1
        last = m[j:b - 1]
        if last and not (last in _ABBREV or len(last) == 1 or "." in last):
            b -= 1
    if a >= b:
        return None
    seg = m[a:b]
    if "\x00" in seg:
        return None
    if _PRON_RE.match(seg):
        return _NP("pronoun", seg, a, b)
    tm = None if inverted else _LEAD_TIME_PRON_RE.match(seg)
    if tm:  # "The next spring they posted", "Two days later she wrote"
        g = "pron" if tm.group("pron") else "pron2"
        return _NP("pronoun", tm.group(g), a + tm.start(g), b)
    lt = _long_title(ctx, a, b, inverted)
    if lt is not None:
        return lt  # "Minister of State for Petroleum Kofi Adjei"
    if not inverted:
        per = ctx.person_at(a, b)
        if per is not None:
            ps_, pe_, pname = per
            pre = m[a:ps_].strip()
            if pre and not _BOUNDARY_RE.search(pre) and len(pre.split()) <= 6 and (
                    pre.split()[-1] in TITLES or pre.split()[-1].lower() in ROLE_WORDS or pre[:1].isupper()):
                # "Minister for Sustainability Grace Lim Hui Shan said"
                return _NP("person", pname, ps_, pe_, desc=pre)
    org = ctx.org_at(a, b, inverted)
    if org is not None:
        os_, oe, oname = org
        pre = m[a:os_].strip()
        return _NP("org", oname, os_, oe, desc=seg if pre and pre.lower() != "the" else None)
    for hm in _HANDLE_RE.finditer(seg):
        ha = a + hm.start()
        pre = m[a:ha].split()
        if not inverted and m[ha + len(hm.group()):b].strip():
            continue
        if not pre or (pre[-1].lower() in _HANDLE_LEAD and len(pre) <= 4):
            return _NP("handle", hm.group(), ha, ha + len(hm.group()), desc=seg if pre else None)
        break
    if inverted:
        bm = _BOUNDARY_RE.search(m, a, b)
        if bm is not None and bm.start() > a:
            b = bm.start()
            while b > a and m[b - 1] in " \u00a0,":
                b -= 1
            seg = m[a:b]
    toks = seg.split()
    if len(toks) > 14:
        return None
    if toks[0].lower() in _PREP:
        return None
    # a person (or organisation) name
    runs = list(RUN_RE.finditer(m, a, b))
    if runs:
        run = None
        if inverted:
            r0 = runs[0]
            lead = m[a:r0.start()].strip()
            if not lead or lead.lower() in ("the",) or _title_words(lead) or (
                    len(lead.split()) <= 2 and lead.islower() and lead.split()[0] not in _PREP
                    and lead.split()[0] not in _DETS
                    and len(_clean_tokens(r0.group().split())) >= 2):  # "said pollster Frank Halloway"
                run = r0
                # "former Norland governor Ada Brisk", "Harbour Fund spokesman Tomas
                # Vell": runs joined by title words; the name is the last of them
                for r1 in runs[1:]:
                    if _title_words(m[run.end():r1.start()].strip()):
                        run = r1
                    else:
                        break
                if run is not r0 and run.start() > r0.start():
                    ptoks = _clean_tokens(run.group().split())
                    if len(ptoks) < 2 and not (ctx.people and ctx.resolve(ptoks[0] if ptoks else "")):
                        run = r0
        else:
            k = len(runs) - 1
            while k >= 0:
                rl = runs[k]
                tail = m[rl.end():b]
                if not tail.strip() or _OF_PLACE_RE.fullmatch(tail):
                    if _PREP_BEFORE_RE.search(m, a, rl.start()):
                        k -= 1  # "... of Australia": a complement; try the run before
                        continue
                    run = rl
                break
        if run is not None and inverted:
            tail = m[run.end():b].split()
            if 1 <= len(tail) <= 3 and all(w.islower() for w in tail) and \
                    (tail[-1] in ANON_HEADS or tail[-1] in _GENERIC_ORG_HEADS):
                # "the United Nations refugee agency": a body named by its owner and type
                rs0 = run.start() + _clean_tokens(run.group().split(), with_lead=True)[1]
                return _NP("org", m[rs0:b].strip(), rs0, b)
        if run is not None:
            rtoks, lead = _clean_tokens(run.group().split(), with_lead=True)
            core, gender, titled = _strip_titles(rtoks)
            if core:
                rs = run.start() + lead
                pre_the = re.search(r"(?:^|\s)[Tt]he\s*$", m[max(a, rs - 5):rs]) is not None
                core_s = " ".join(core)
                prefix = m[a:run.start() + lead].strip()
                if core[-1].lower() in ROLE_WORDS and not inverted and not _title_split(ctx, core) and \
                        not any(t in ORG_WORDS for t in core) and (pre_the or prefix[:1].islower() or
                                                                   prefix.split()[:1] in (["The"], ["the"])):
                    # "the Director said", "The PAHO Director urged": a description of a named person
                    return _NP("group", core_s, a, run.end(), desc=m[a:run.end()].strip())
                if len(core) == 1 and not titled and core[0].lower() in ANON_HEADS:
                    return _NP("group", core_s, rs, run.end(), desc=seg)  # "Officials said", "Police say"
                split = _title_split(ctx, core)
                if split:
                    # "Senate Majority Leader Ann Roe": a title run, then the name
                    name_toks = core[split:]
                    ns = run.end() - len(" ".join(name_toks))
                    return _NP("person", " ".join(name_toks), ns, run.end(),
                               desc=" ".join(core[:split]), title_gender=gender)
                if rtoks and (rtoks[0] not in TITLES or len(core) == 1) and any(t in ORG_WORDS for t in core):
                    full = " ".join(rtoks)
                    return _NP("org", full, rs, run.end(), desc=seg if len(toks) > len(rtoks) else None)
                if _is_org_name(ctx, core_s) or (pre_the and not titled):
                    return _NP("org", core_s, rs, run.end(), desc=seg if prefix else None)
                if not titled and len(core) == 1 and ctx.people and ctx.resolve(core_s) is None:
                    if not re.match(r",\s*\d{1,3}\b", m[run.end():run.end() + 6]):
                        return _NP("org", core_s, rs, run.end())
                desc = None
                if prefix and not inverted and (prefix[0].islower() or prefix.split()[0] in _DET_CAPS):
                    desc = prefix
                elif _OF_PLACE_RE.fullmatch(m[run.end():b] or " "):
                    desc = seg
                return _NP("person", core_s, rs, run.end(), desc=desc, title_gender=gender)
    # an unnamed source or a speaking body: "two Israeli officials"
    low = [t.lower().strip(",.;:") for t in toks]
    if not inverted and 2 <= len(toks) <= 4 and toks[0][:1].isupper() and toks[0] not in _DET_CAPS and \
            all(t.islower() for t in toks[1:]) and (low[-1] in ANON_HEADS or _plural_noun(low[-1])) and \
            low[0] not in _PREP and (a == ctx.sentence(a)[0] or not m[ctx.sentence(a)[0]:a].strip(" ,")):
        return _NP("group", seg, a, b, desc=seg)  # "Rescue teams said", "Local prosecutors, who ..."
    if inverted and low[0] in ("a", "an", "one", "another"):
        # "said a Nevada Republican", "said one aide familiar with the plan"
        cut = next((i for i, t in enumerate(low[1:], 1) if t in _CLAUSE_AUX_WORDS or t in _PREP or
                    t in _POSTMODIFIER_START), len(low))
        if 2 <= cut <= 5 and (cut == len(low) or low[cut] not in _CLAUSE_AUX_WORDS) and \
                not any(t in DOC_HEADS for t in low[:cut]):
            return _NP("group", _head_phrase(toks, cut - 1), a, b, desc=seg)
    if low[0] in _DETS and any(t in _CLAUSE_AUX_WORDS for t in low[1:6]):
        return None  # "said the building had passed ...", "The shelters are full, said": a clause, not a speaker
    if (inverted and low[0] in _DETS and len(low) >= 2) or (low[0] in _DETS and 2 <= len(low) <= 4):
        if not any(t in ANON_HEADS or t in DOC_HEADS for t in low):
            # "said one driver in a Telegram channel": the head is the last word before a modifier
            h = 1
            while h + 1 < len(low) and low[h + 1] not in _PP_START and low[h + 1] not in _PP_STOP and h < 4:
                h += 1
            if inverted and h + 1 < len(low) and low[h + 1] not in _PP_START and low[h + 1] not in _PP_STOP:
                return None  # "said the course made them more careful": a clause, not a speaker
            if low[h][:1].isalnum() and toks[h][:1].islower() or "-" in low[h] and toks[h][:1].isdigit():
                return _NP("group", _head_phrase(toks, h), a, b, desc=seg)
    for i, t in enumerate(low[:9]):
        head = t
        if head in DOC_HEADS and (i <= 3 or i <= 5 and any(x.endswith(("'s", "’s")) for x in low[:i])):
            return _NP("doc", seg, a, b)  # "the 2023 audit", "Ms Lee's yearly export review"
        if head in ANON_HEADS or head.rstrip("s") in ANON_HEADS and head.endswith("s"):
            if not inverted and i < len(low) - 1:
                # the head must end the phrase or be followed by a modifier
                if low[i + 1] not in _PP_START and low[i + 1] != "for":
                    continue  # "a spokesman for the cooperative", "a lawyer for the family" speak too
            return _NP("group", _head_phrase(toks, i), a, b, desc=seg)
    return None


# the long-title grammar lives in names.py (the people finder reads it too)
_WORD_RE = re.compile(r"\S+")


def _long_title(ctx: Context, a: int, b: int, inverted: bool) -> _NP | None:
    """A title with "of"/"for" chains before a name (``names.long_title``):
    the name is the speaker, the title its description.  Normal order: the
    phrase ends at ``b``; inverted: it starts at ``a``."""
    m = ctx.masked
    words = [(w.start(), w.end(), w.group().rstrip(",")) for w in _WORD_RE.finditer(m, a, b)]
    lt = long_title([w[2] for w in words], inverted)
    if lt is None:
        return None
    head, nf, nl = lt
    name = words[nf:nl]
    ns, ne = name[0][0], name[-1][1]
    ne = ns + len(m[ns:ne].rstrip(",.;:"))
    if ne <= ns:
        return None
    title = m[words[1 if words[0][2] in ("the", "The") else 0][0]:name[0][0]].strip()
    return _NP("person", m[ns:ne], ns, ne, desc=title, title_gender=_TITLE_GENDER.get(words[head][2]))


def _bare_title(p: str) -> bool:
    """A title with "of"/"for" chains and no name ("Minister of State for Finance",
    "the Secretary of the Treasury"): an appositive, not a speaker."""
    w = p.split()
    while len(w) > 1 and (w[0].lower() in _TITLE_MODS or w[0] in ("the", "The")) and \
            not (_chain_head(w[0]) and w[1] in ("of", "for")):
        w = w[1:]
    k = next((i for i, t in enumerate(w[:-1]) if _chain_head(t) and w[i + 1] in ("of", "for")),
             None)
    if k is None or not all(t[:1].isupper() for t in w[:k]):
        return False
    tail = w[k + 1:]
    if not tail or len(tail) > 8 or not all(t in _CHAIN_JOIN or t[:1].isupper() for t in tail):
        return False
    last = max(i for i, t in enumerate(tail) if t in _CHAIN_JOIN)
    return all(t in PORTFOLIOS or t in ORG_WORDS or fold(t) in ORG_HEADS for t in tail[last + 1:]) and \
        last + 1 < len(tail)


def _long_title_in(ctx: Context, a: int, b: int) -> tuple[int, _NP | None]:
    """A long title and name that ends ``masked[a:b]`` (its "and" is no clause
    boundary: "Minister of Agriculture and Rural Development Ama Ofori said"):
    (where it starts, the person), else (b, None)."""
    m = ctx.masked
    words = list(_WORD_RE.finditer(m, a, b))
    for n, w in enumerate(words[:-1]):
        t = w.group()
        if not (_chain_head(t) and words[n + 1].group() in ("of", "for")):
            continue
        k = n
        while k > 0 and (words[k - 1].group()[:1].isupper() or words[k - 1].group().lower() in _TITLE_MODS) and \
                words[k - 1].group()[:1].isalpha() and words[k - 1].group() not in _DET_CAPS:
            k -= 1
        np = _long_title(ctx, words[k].start(), b, False)
        if np is not None:
            return words[k].start(), np
    return b, None


# words that open what follows the head of an unnamed source ("one official familiar with the talks")
_POSTMODIFIER_START = frozenset("familiar close who whose which that".split())


_TITLE_MODS = TITLE_MODS


def _title_words(s: str) -> bool:
    """Lowercase words that make up a title before a name ("former governor",
    "spokesman", "then-deputy harbour master")."""
    w = [x.lower().strip(",") for x in s.replace("-", " ").split()]
    if not w or len(w) > 6:
        return False
    has_role = False
    for x in w:
        if x in ROLE_WORDS or x.rstrip("s") in ROLE_WORDS:
            has_role = True
        elif x not in _TITLE_MODS and x not in ("of", "for", "the", "and", "to"):
            return False
    return has_role or all(x in _TITLE_MODS for x in w) and len(w) <= 2


def _title_split(ctx: Context, core: list[str]) -> int:
    """Where the name starts in a run that opens with a title made of
    capitalised words ("Senate Majority Leader Ann Roe" -> 3); 0 when
    the run is not a title followed by a person's name."""
    for i in range(len(core) - 2, -1, -1):
        t = core[i]
        if t.lower() in ROLE_WORDS or (t in TITLES and i > 0):
            name = core[i + 1:]
            if any(w in ORG_WORDS or w.lower() in ROLE_WORDS for w in name):
                return 0
            if len(name) >= 2 or (ctx.people and ctx.resolve(name[0]) is not None):
                return i + 1
            return 0
    return 0


def _plural_noun(w: str) -> bool:
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")) and w.isalpha()


def _desc_like(p: str) -> bool:
    """A description of a person: "a farmer", "the minister", "His
    spokesman", "Mr. Brandt’s lawyer"."""
    if _DESC_START_RE.match(p):
        return True
    w = p.split()
    if w and w[0] in _DET_CAPS and len(w) >= 2:
        return True
    return bool(_POSS_OWNER_RE.match(p))


_PREP_BEFORE_RE = re.compile(r"(?<![\w’'-])(?:of|in|at|for|to|from|with|on|by|into|near|inside|outside|"
                             r"against|about|under|over|across|between|among|than)\s+(?:the\s+)?\Z")
_DET_CAPS = frozenset({"The", "A", "An", "One", "Two", "Three", "Four", "Five", "Several",
                       "Many", "Some", "Its", "His", "Her", "Their"})


def _head_phrase(toks: list[str], i: int) -> str:
    out = list(toks[: i + 1])
    j = i + 1
    if j < len(toks) and toks[j].lower() in _PP_START:
        k = j
        while k < len(toks) and k - j < 6 and toks[k].lower().strip(",") not in _PP_STOP:
            k += 1
        out += toks[j:k]
    while out and out[-1].endswith(","):
        out[-1] = out[-1][:-1]
    if out and out[0].lower() == "the":
        if not (len(out) > 2 and out[1][:1].islower() and re.search(r"[’'](?:s)?$", out[1])):
            out = out[1:]  # but "the minister’s office" keeps it
    elif out and out[0].lower() == "one" and len(out) > 1 and not out[1].lower() == "of":
        out[0] = "an" if out[1][:1].lower() in "aeiou" else "a"
    return " ".join(out)


def _is_org_name(ctx: Context, name: str) -> bool:
    low = name.lower()
    for o in ctx.organisations:
        if o.name.lower() == low:
            return True
    return False


def _split_commas(m: str, a: int, b: int) -> list[tuple[int, int]]:
    parts = []
    s = a
    for i in range(a, b):
        if m[i] == ",":
            parts.append((s, i))
            s = i + 1
    parts.append((s, b))
    return parts


def _org_start(ctx: Context, ps: int, pe: int) -> int:
    """Where a named organisation ending the phrase ``masked[ps:pe]`` starts
    (its own "and"/"for" are no clause boundaries), else ``pe``."""
    b = pe
    while b > ps and ctx.masked[b - 1] in " \u00a0,":
        b -= 1
    hit = ctx.org_at(ps, b, False)
    return hit[0] if hit is not None else pe


def _subject_before(ctx: Context, sa: int, v: int) -> tuple[_NP | None, str]:
    """The subject of the reporting verb at ``v`` (normal order).

    Returns (np, how): how is "immediate", "appositive" or "inverted-needed".
    """
    m = ctx.masked
    region_end = v
    am = _AUX_TAIL_RE.search(m, sa, region_end)
    if am:
        region_end = am.start()
    tm = _TIME_TAIL_RE.search(m, sa, region_end)
    if tm and tm.start() > sa:
        region_end = tm.start()  # "Beck on Wednesday called"
        am = _AUX_TAIL_RE.search(m, sa, region_end)
        if am:
            region_end = am.start()
    pm = _PAREN_TAIL_RE.search(m, sa, region_end)
    if pm and pm.start() > sa:
        region_end = pm.start()  # "Rep. X (D-Ore.) said", "Y (pictured) said"
    parts = _split_commas(m, sa, region_end)
    ps, pe = parts[-1]
    pe = _cut_anon(m, ps, pe)  # "a diplomat who spoke on condition of anonymity told"
    imm = m[ps:pe]
    rel_desc = None
    lt_at, lt = _long_title_in(ctx, ps, pe) if imm.strip(" \u00a0") else (pe, None)
    if imm.strip(" \u00a0"):
        # cut at the last clause boundary inside the immediate part
        cut = ps
        last = last_match(_BOUNDARY_RE, m, ps, min(lt_at, _org_start(ctx, ps, pe)))
        if last is not None:
            cut = last.end()
        sm = _LEAD_SUBORD_RE.match(m, cut, pe) or _LEAD_CONJ_RE.match(m, cut, pe)
        if sm:
            cut = sm.end()  # "After Ortiz said ...": the subordinate clause's own subject; "But a study found"
        if not m[cut:pe].strip(" \u00a0”“\"‘’'\x00"):
            if last is not None and last.group() in ("and", "but", "or"):
                # "Mr. Trump turned to him and told him": subject of the first verb
                for r in RUN_RE.finditer(m, ps, last.start()):
                    np = _np_in(ctx, r.start(), r.end(), inverted=True)
                    if np and np.kind == "person":
                        return np, "immediate"
                vp = re.match(r"\s*[a-z]", m[ps:last.start()])
                if vp and len(parts) >= 2:
                    # "X, the minister, would not confirm ... and only said": the subject before the verb phrase
                    return _subject_before(ctx, sa, ps + vp.end() - 1)
                return None, ""
            if last is not None and last.group() in ("”", "\x00", '"', "“"):
                return None, "inverted-needed"
            return None, ""
        np = lt if lt is not None and not m[cut:lt_at].strip(" \u00a0”“\"‘’'") else _np_in(ctx, cut, pe)
        if np is None and last is not None and last.group() in ("who", "which") and len(parts) >= 2 and \
                _DESC_START_RE.match(m[ps:pe].strip()):
            # "Ken Ade, a former firefighter who responded said": an appositive left open
            rel_desc = m[ps:pe].strip()
        elif np is None:
            return None, ""
    if rel_desc is None and imm.strip(" \u00a0"):
        if np.kind in ("person", "group", "org") and len(parts) >= 2:
            # "the union's president, Grace Wanjohi, said": desc from the left part
            lp = m[parts[-2][0]:parts[-2][1]].strip()
            if np.desc is None and lp and "\x00" not in lp and _DESC_START_RE.match(lp) and \
                    len(lp.split()) <= 12 and not _BOUNDARY_RE.search(lp):
                np.desc = lp
        return np, "immediate"
    # the verb follows a comma: "Grace Wanjohi, the only delegate from the coast ..., said"
    if len(parts) == 1:
        return None, "inverted-needed"
    descs: list[str] = [rel_desc] if rel_desc else []
    pending: _NP | None = None
    for k in range(len(parts) - 2, max(-1, len(parts) - 6), -1):
        ps, pe = parts[k]
        p = m[ps:pe].strip()
        pm = _PAREN_TAIL_RE.search(m, ps, pe)
        if pm and pm.start() > ps:
            pe = pm.start()  # "Rep. X (D-Calif.), who ..., said"
        if k >= 1 and _is_region_after_place(m[parts[k - 1][0]:parts[k - 1][1]], p):
            descs.insert(0, p)  # "a woman in Springfield, Illinois, said": the state of a place
            continue
        if not p:
            return None, "inverted-needed"
        if "\x00" in p or p[-1:] in "”\"’'":
            return None, "inverted-needed"
        if _AGE_RE.match(p):
            continue
        if _ANON_TAIL_RE.match(m, ps - 1):
            continue  # ", speaking on condition of anonymity,": why the source is unnamed
        if _bare_title(p):
            descs.insert(0, p)  # "Ana Ruiz, Minister of Finance, said": a title, the name left of it
            continue
        if _REL_RE.match(p):
            descs.insert(0, p)
            continue
        cut = ps
        for bm in _BOUNDARY_RE.finditer(m, ps, _org_start(ctx, ps, pe)):
            cut = bm.end()
        np = _np_in(ctx, cut, pe)
        if np is not None and np.kind in ("group", "org", "doc") and k >= 1 and cut == ps and \
                _DESC_START_RE.match(p) and pending is None:
            # "a spokesman for the ministry": an appositive; a name may stand left of it
            pending = np
            pending.desc = ", ".join([p] + descs)
            descs.insert(0, p)
            continue
        if np is not None and np.kind != "pronoun":
            if np.kind == "group":
                np.desc = ", ".join([m[cut:pe].strip()] + descs)
            elif descs and np.desc is None:
                d = [x for x in descs if not _REL_RE.match(x)] or descs
                np.desc = d[0]
            if np.kind == "person" and k >= 1 and np.desc is None:
                lp = m[parts[k - 1][0]:parts[k - 1][1]].strip().lstrip("”’\"' ")
                if lp and "\x00" not in lp and _desc_like(lp) and not _BOUNDARY_RE.search(lp):
                    np.desc = lp
            return np, "appositive"
        if np is not None and np.kind == "pronoun":
            return np, "appositive"
        if _DESC_START_RE.match(p) and len(p.split()) <= 16:
            descs.insert(0, p)
            continue
        break
    if pending is not None:
        return pending, "appositive"
    return None, ""


_PLACE_TAIL_RE = re.compile(rf"(?<![\w’'-])(?:in|from|of|near|outside)\s+[{_UP}][\w.’'-]*(?:\s+[{_UP}][\w.’'-]*){{0,3}}\s*$")


def _is_region_after_place(left: str, part: str) -> bool:
    """``part`` is the state or country of a place that ends ``left``
    ("... in Springfield" + "Illinois"), not a name in apposition."""
    part = part.strip()
    if not part or not part[:1].isupper() or len(part.split()) > 3 or not _PLACE_TAIL_RE.search(left):
        return False
    return is_place(part, big_only=True)


def _subject_after(ctx: Context, a: int, b: int) -> _NP | None:
    """Inverted order: "said Tomas Iriarte, the Peru director of ...".""" 
    m = ctx.masked
    stop = b
    for i in range(a, b):
        if m[i] in "“”\"\x00":
            stop = i
            break
    parts = _split_commas(m, a, stop)
    ps, pe = parts[0]
    np = _np_in(ctx, ps, pe, inverted=True)
    if np is None:
        return None
    if np.kind == "group" and len(parts) >= 2:
        # "said his spokesman, Arvid Lund": the name in apposition is the speaker
        ps2, pe2 = parts[1]
        named = _np_in(ctx, ps2, pe2, inverted=True)
        if named is not None and named.kind == "person" and \
                not m[named.end:pe2].strip(" \u00a0.") and not m[ps2:named.start].strip():
            named.desc = m[ps:pe].strip()
            return named
    rest = []
    for ps2, pe2 in parts[1:]:
        p = m[ps2:pe2].strip().rstrip(".")
        if not p:
            continue
        if _AGE_RE.match(p):
            continue
        if re.match(r"^(?:adding|saying|noting|according|referring|as|but|and)\b", p) or \
                _ANON_TAIL_RE.match(m, ps2 - 1):
            break  # (", speaking on condition of anonymity": why the source is unnamed)
        if not (_DESC_START_RE.match(p) or _REL_RE.match(p) or _bare_title(p)) or "\x00" in p:
            break
        rest.append(p)
    if np.kind == "person" and rest and np.desc is None:
        np.desc = ", ".join(rest)
    elif np.kind == "group":
        np.desc = ", ".join([np.desc] + rest) if rest else np.desc
    return np


def _cue_after(ctx: Context, v: int, b: int) -> str:
    m = ctx.masked
    ve = v
    while ve < b and not m[ve].isspace():
        ve += 1
    stop = b
    for i in range(ve, b):
        if m[i] in ",.;:“”\"\x00—(":
            stop = i
            break
    words = m[v:stop].split()
    return " ".join(words[:9]).rstrip(".,;:!?")


def _kind(cue: str, np_text: str, intro: str) -> str:
    low = " " + " ".join((cue or "").lower().split()) + " "
    first = low.split()[0] if low.strip() else ""
    if first in _WRITING_VERBS:
        return "writing"
    for s in SPEECH_CUES:
        if f" {s} " in low or f" {s}." in low:
            return "speech"
    hay = low + " " + (np_text or "").lower() + " " + (intro or "").lower() + " "
    for w in WRITING_CUES:
        if f" {w} " in hay or f" {w}," in hay or f" {w}." in hay:
            return "writing"
    return "speech"


# ------------------------------------------------------------------ sources
_REPLY_CUES = frozenset("replied replies reply answered answers answer responded responds respond retorted "
                        "retorts countered counters shot".split())
_ASKED_RE = re.compile(r"(?<![\w’'-])(?:asked|asks|questioned|questions|pressed|presses|challenged|challenges)"
                       r"\s+(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?$")


def _addressee(ctx: Context, pos: int, pron: str, cue: str) -> str | None:
    """"she replied" answers the person a question was put to in the sentence
    before ("A reporter asked Ms Lind, 'Why?' / 'Because,' she replied"), not
    the person named last: the addressee of "asked" of the pronoun's gender."""
    words = cue.split()
    if not words or words[0].lower() not in _REPLY_CUES:
        return None
    sa, _ = ctx.sentence(pos)
    lo = ctx.sentence(max(0, sa - 1))[0] if sa > 0 else sa
    lo = ctx.sentence(max(0, lo - 1))[0] if lo > 0 else lo
    want = "m" if pron == "he" else "f"
    for s, e, name, _subj in reversed(ctx.mentions()):
        if s >= pos or s < lo:
            continue
        if _ASKED_RE.search(ctx.masked, max(lo, s - 40), s) is None:
            continue
        g = ctx.gender_of(name)
        if g and g != want:
            continue
        return name
    return None


_SAID_AFTER_RE = re.compile(rf"\s+(?:(?:{_AUX})\s+)*(?:{_VERB_ALT})(?![\w’'-])")


def _reporter_of(ctx: Context, pos: int, name: str, pron: str) -> str:
    """A person named inside someone's reported speech is not the "he" of the
    next quotation: "Vega said he would meet Ruiz and Peter Holm next week.
    / '...,' he said" is Vega's.  ``name`` is the pronoun's nearest person;
    when its latest mention follows, in the same sentence, another person of
    the same gender as the subject of a speech verb, that reporter speaks."""
    ments = [m for m in ctx.mentions() if m[0] < pos]
    at = next((m for m in reversed(ments) if m[2] == name), None)
    if at is None:
        return name
    sa, _ = ctx.sentence(at[0])
    if sa >= ctx.sentence(pos)[0]:
        return name
    want = "m" if pron == "he" else "f"
    if ctx.gender_of(name) not in (want, None):
        return name
    known = {m[2] for m in ments} | {n for _s, _e, n in ctx.speaker_marks}
    for run in RUN_RE.finditer(ctx.masked, sa, at[0]):
        if not _SAID_AFTER_RE.match(ctx.masked, run.end()):
            continue
        toks = run.group().split()
        if toks[0] in _DET_CAPS or any(t in ORG_WORDS or t in NAME_STOP for t in toks):
            continue
        other = ctx.canonical(run.group())
        if other != name and (other in known or not _is_org_name(ctx, run.group())) and \
                ctx.gender_of(other) in (want, None):
            return other
    return name


def _make_source(ctx: Context, np: _NP, cue: str, relation: str, intro: str, pos: int) -> Source | None:
    kind = _kind(cue, np.text + " " + (np.desc or ""), intro)
    if np.kind == "pronoun":
        pron = np.text.lower()
        if pron in ("he", "she"):
            name = _addressee(ctx, np.start, pron, cue) or ctx.resolve_pronoun(np.start, pron)
            if name is not None:
                name = _reporter_of(ctx, np.start, name, pron)
            if name is None:
                return None
            ctx.speaker_marks.append((np.start, np.end, name))
            return Source(name, None, False, cue, kind, np.start, np.end, relation, True)
        if pron in ("they", "it"):
            prev = _recent_plural_source(ctx, np.start, pron)
            if prev is None:
                return None
            return Source(prev.name, prev.desc, prev.anonymous, cue, kind, np.start, np.end, relation, prev.person)
        return None
    if np.kind == "handle":
        src = Source(np.text, np.desc, False, cue, kind, np.start, np.end, relation)
        ctx.sources.append((np.start, src))
        return src
    if np.kind != "person":
        written = ctx.masked[np.start:np.end]
        pm = _POSS_PERSON_RE.match(written)
        if pm and _DOC_WORD_RE.search(written, pm.end()) and ctx.resolve(pm.group(1)) is not None:
            # "Mr Smith's annual statement will reveal": its owner, a person, writes it
            name = ctx.canonical(pm.group(1))
            return Source(name, written, False, cue, "writing", np.start, np.end, relation, True)
    if np.kind == "person":
        name = ctx.canonical(np.text)
        ctx.speaker_marks.append((np.start, np.end, name))
        if np.title_gender and ctx._genders is not None:
            ctx._genders.setdefault(name, np.title_gender)
        desc = np.desc if np.desc and np.desc.strip() not in (np.text, name) else None
        return Source(name, desc, False, cue, kind, np.start, np.end, relation, True)
    if np.kind == "org":
        named = (np.desc and coref.written_by(ctx, max(0, np.end - len(np.desc)), np.end)) or \
            coref.resolve_org(ctx, np.text, np.start)  # "a study conducted by X of Y", "The Embassy"
        if named is not None:
            name, person = named
            if person:
                ctx.speaker_marks.append((np.start, np.end, name))
            return Source(name, np.desc or np.text, not person, cue, kind, np.start, np.end, relation, person)
        src = Source(ctx.org_canonical(np.text), np.desc or np.text, True, cue, kind,
                     np.start, np.end, relation)
        ctx.sources.append((np.start, src))
        return src
    if np.kind == "doc":
        if _OWN_WORK_RE.match(ctx.masked[np.start:np.end].strip()):
            return None
        pm = _POSS_PRON_RE.match(np.text)
        if pm and len(pm.group("rest").split()) <= 2:
            # "his statement said": the owner wrote it
            pron = pm.group("pron").lower()
            if pron == "its":
                org = _recent_org(ctx, np.start)
                if org is not None:
                    return Source(org, np.text, True, cue, "writing", np.start, np.end, relation)
            else:
                # "her own research indicates": the latest person of that gender
                name = ctx.resolve_pronoun(np.start, "he" if pron == "his" else "she",
                                           strict=not pm.group("rest").lower().startswith("own "))
                if name is not None:
                    return Source(name, np.text, False, cue, "writing", np.start, np.end, relation, True)
        author, desc = _doc_author(ctx, np, pos)
        named = coref.written_by(ctx, np.start, np.end) or \
            coref.resolve_org(ctx, author, np.start)  # "a study conducted by X", "the ministry said in a statement"
        if named is None and author.lower() in DOC_HEADS:
            named = coref.doc_author(ctx, author, np.start)  # "X sent a letter ... the letter said"
        if named is not None:
            return Source(named[0], desc, not named[1], cue, "writing", np.start, np.end, relation, named[1])
        return Source(author, desc, True, cue, "writing", np.start, np.end, relation)
    # group
    written = (np.desc or ctx.masked[np.start:np.end]).strip()
    if _DEFINITE_GENERIC_RE.match(written):
        org = _definite_org(ctx, np.start) or _recent_body(ctx, np.start)  # "the company wrote"
        if org is not None:
            return Source(org, np.desc, True, cue, kind, np.start, np.end, relation)
    named = coref.resolve(ctx, written, np.start)  # "the ministry", "the Republican governor", "a leader of X"
    if named is not None:
        name, person = named
        if person:
            ctx.speaker_marks.append((np.start, np.end, name))
        return Source(name, np.desc or written, not person, cue, kind, np.start, np.end, relation, person)
    src = Source(_owned(ctx, np) or np.text, np.desc, True, cue, kind, np.start, np.end, relation)
    ctx.sources.append((np.start, src))
    return src


def _sources_back(ctx: Context, pos: int):
    """Unnamed groups, bodies and handles found as speakers before ``pos`` in
    this or the two paragraphs before it, the latest first."""
    lo = ctx.paragraphs_back(pos, 2)
    for at, src in reversed(ctx.sources):
        if at >= pos:
            continue
        if at < lo:
            return
        yield src


def _recent_body(ctx: Context, pos: int) -> str | None:
    """The named body (a capitalised name, not a description) that spoke last
    in this or the two paragraphs before ``pos``."""
    for src in _sources_back(ctx, pos):
        if src.anonymous and src.name and src.name[:1].isupper():
            return src.name
    return None


def _recent_plural_source(ctx: Context, pos: int, pron: str = "they") -> Source | None:
    """What "they" (or "it") refers to when it speaks: the latest unnamed
    group, organisation or handle that spoke in this or the two paragraphs
    before ("it": a body, not a group of people); else the subject of an
    earlier clause of the sentence ("Rescuers searched ..., and they said")."""
    hm = _recent_handle(ctx, pos) if pron == "they" else None
    for src in _sources_back(ctx, pos):
        if hm is not None and src.start < hm.start():
            break
        if pron == "it" and not (src.name[:1].isupper() or src.name.lower().split()[-1] in _BODY_HEADS
                                 or src.name.lower().split()[0] in _BODY_HEADS):
            continue
        return src
    if hm is not None:  # an account is "they": "On May 2, jdoe_77 asked about loans. Later they posted: ..."
        return Source(hm.group(), None, False, None, "writing", hm.start(), hm.end())
    sa, _ = ctx.sentence(pos)
    if pron == "they" and _CLAUSE_BREAK_RE.search(ctx.masked, sa, pos):
        m = ctx.masked
        dm = _DASHED_NAMES_RE.search(m, sa, pos)
        if dm:  # "The two trackers — A and B — have compared ...: they counted"
            return Source(dm.group(1), m[sa:dm.end()].strip(" —–"), True, None, "speech", dm.start(1), dm.end(1))
        w = re.match(r"\s*((?:[\w’'-]+\s+){0,3}?[\w’'-]+)\s+(?=[a-z]+(?:ed|s)\b)", m[sa:pos])
        if w:
            np = _np_in(ctx, sa + w.start(1), sa + w.end(1))
            if np is not None and np.kind in ("group", "org"):
                return Source(np.text, np.desc, True, None, "speech", np.start, np.end)
    if pron == "they":
        np = _previous_plural_subject(ctx, sa)
        if np is not None:
            return Source(np.text, np.desc, True, None, "speech", np.start, np.end)
    return None


_SUBJ_VERB_RE = re.compile(r"\s+[a-z]+(?:ed|s)\b")


def _recent_handle(ctx: Context, pos: int) -> re.Match | None:
    """An online handle that is the subject of this sentence before ``pos``
    or of the sentence before it in the paragraph (a handle followed by a verb)."""
    sa, _ = ctx.sentence(pos)
    pa, _ = ctx.paragraph(pos)
    lo = ctx.sentence(sa - 1)[0] if sa > pa else sa
    last = None
    for hm in _HANDLE_RE.finditer(ctx.masked, max(lo, pa), pos):
        if len(hm.group()) >= 4 and _SUBJ_VERB_RE.match(ctx.masked, hm.end()):
            last = hm
    return last


def _previous_plural_subject(ctx: Context, sa: int) -> _NP | None:
    """A group of people that is the subject of the sentence before ``sa`` in
    its paragraph ("Hundreds of nurses gathered outside. “...,” they chanted")."""
    pa, _ = ctx.paragraph(sa)
    if sa <= pa:
        return None
    psa, psb = ctx.sentence(sa - 1)
    if psa < pa:
        return None
    m = ctx.masked
    starts = [psa]
    cm = re.match(r"[^,\x00]{2,40}?,\s+", m[psa:psb])
    if cm:
        starts.append(psa + cm.end())  # "On Friday, dozens of nurses gathered"
    for st in starts:
        words = list(re.finditer(r"[\w’'-]+", m[st:min(psb, st + 80)]))
        for k in range(min(5, len(words) - 1), 0, -1):
            end = st + words[k - 1].end()
            if m[st:end].count("\x00") or not _SUBJ_VERB_RE.match(m, end):
                continue
            np = _np_in(ctx, st, end)
            if np is not None and np.kind == "group" and np.start == st and \
                    _plural_noun(np.text.split()[-1].lower()):
                return np
    return None


_CLAUSE_BREAK_RE = re.compile(r"[;:]\s+|,\s+(?:and|but)\s+")
_DASHED_NAMES_RE = re.compile(r"\s[—–]\s+([^—–\x00]{3,80}?)\s+[—–]\s")


# "the company", "the club": a description by an organisation's type (lexicons/count_claimants.json)
_GENERIC_ORG_HEADS = tuple(lexicon.table("count_claimants.json")["carry"]["generic_heads"])
_BODY_HEADS = frozenset(_GENERIC_ORG_HEADS) | frozenset(lexicon.table("count_claimants.json")["carry"]["org_heads"])
_DEFINITE_GENERIC_RE = re.compile(
    r"^[Tt]he\s+(?:" + "|".join(sorted(map(re.escape, _GENERIC_ORG_HEADS), key=len, reverse=True)) + r")$")
# an outlet spoken to or a platform posted on is no party to the story
_MEDIUM_BEFORE_RE = re.compile(r"(?:\btold|\bto|\bon|\bwith)\s+(?:the\s+)?$")


# who a source speaks to or through: "he told Varnia Radio by telephone", "she said in an
# interview with the Daily X", "told reporters at the Y Club" (never the speaker of those words)
_SPOKEN_TO_RE = re.compile(
    rf"(?<![\w’'-])(?:told|tells|tell|telling|interviewed\s+by|"
    rf"(?:interview|interviews|conversation|podcast|call|exchange|briefing)\s+(?:with|to|on)|"
    rf"(?:{_VERB_ALT}|spoke|speaks|speaking|talked|talks|talking)\s+(?:[a-z]+\s+){{0,2}}?(?:to|with|on|at))\s+"
    rf"(?:(?:the|a|an)\s+)?(?:[a-z][\w-]*\s+){{0,3}}(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?$")


def spoken_to(ctx: Context, pos: int) -> bool:
    """The name at ``pos`` is whom (or the outlet through which) a source of its
    sentence speaks: the object of "told", "in an interview with", "said on"."""
    sa, _ = ctx.sentence(pos)
    return _SPOKEN_TO_RE.search(ctx.masked, max(sa, pos - 60), pos) is not None


def _definite_org(ctx: Context, pos: int) -> str | None:
    """The organisation named latest before ``pos``, in this or the two
    paragraphs before, that is not the medium of the report."""
    lo = ctx.paragraphs_back(pos, 2)
    best, best_at = None, -1
    for o in ctx.organisations:
        for sp in o.mentions:
            if lo <= sp.start < pos and sp.start > best_at and \
                    not _MEDIUM_BEFORE_RE.search(ctx.text, max(0, sp.start - 12), sp.start):
                best, best_at = o.name, sp.start
    return best


_POSS_PERSON_RE = re.compile(rf"^(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?([{_UP}][\w\-]+(?:\s+[{_UP}][\w\-]+){{0,2}})[’']s\s")
_DOC_WORD_RE = re.compile(r"(?<![\w’'-])(?:" + "|".join(sorted(map(re.escape, DOC_HEADS), key=len, reverse=True))
                          + r")(?![\w’'-])", re.I)
_POSS_PRON_RE = re.compile(r"^(?P<pron>his|her|its)\s+(?P<rest>\S.*)$", re.I)
_POSS_OWNER_RE = re.compile(
    rf"^(?P<owner>(?:[{_UP}][\w\-.]*\s+){{0,3}}[{_UP}][\w\-]*)(?P<poss>[’']s?)\s+(?P<rest>[a-z].*)$")


_GENERIC_POSS_RE = re.compile(
    r"^[Tt]he\s+(?:" + "|".join(sorted(map(re.escape, _GENERIC_ORG_HEADS), key=len, reverse=True))
    + r")(?P<poss>[’']s)\s+(?P<rest>[a-z].*)$")


def _owned(ctx: Context, np: _NP) -> str | None:
    """The name of an unnamed source described through its owner: "his
    spokesman" -> "Karim Haddad’s spokesman" (the owner is the most recent
    person of the pronoun's gender, or for "its" the most recent name when it
    is an organisation); "Ms. Haddad’s lawyer" -> "Karim Haddad’s lawyer".
    None when the owner is not safely known ("their lawyer")."""
    seg = np.text
    pm = _POSS_PRON_RE.match(seg)
    if pm:
        pron = pm.group("pron").lower()
        if pron == "its":
            owner = _recent_org(ctx, np.start)
        else:
            owner = ctx.resolve_pronoun(np.start, "he" if pron == "his" else "she", strict=True)
        if owner is None:
            return None
        t = ctx.text
        apos = "’" if ("’" in t or "“" in t or "‘" in t or "'" not in t) else "'"
        return f"{owner}{apos}s {pm.group('rest')}"
    gm = _GENERIC_POSS_RE.match(seg)
    if gm:
        org = _definite_org(ctx, np.start) or _recent_body(ctx, np.start)  # "the website’s spokesman"
        return f"{org}{gm.group('poss')} {gm.group('rest')}" if org else None
    om = _POSS_OWNER_RE.match(seg)
    if om:
        toks = _clean_tokens(om.group("owner").split())
        core = _strip_titles(toks)[0]
        if not core:
            return None
        core_s = " ".join(core)
        if any(t in ORG_WORDS for t in toks) or _is_org_name(ctx, " ".join(toks)):
            owner = ctx.org_canonical(" ".join(toks))
        elif ctx.people and ctx.resolve(core_s) is not None:
            owner = ctx.canonical(core_s)
        else:
            return None
        return f"{owner}{om.group('poss')} {om.group('rest')}"
    return None


def _recent_org(ctx: Context, pos: int) -> str | None:
    """The organisation named last before ``pos`` (this or the previous
    paragraph), when the last name before ``pos`` is that organisation."""
    if not ctx.organisations:
        return None
    pa, _ = ctx.paragraph(pos)
    lo = ctx.text.rfind("\n", 0, max(0, pa - 2)) + 1 if pa > 0 else 0
    last = None
    for r in RUN_RE.finditer(ctx.masked, lo, pos):
        toks = _clean_tokens(r.group().split())
        if toks and toks[0].lower() not in ("its", "his", "her", "their"):
            last = r
    if last is None:
        return None
    a, b = last.span()
    for o in ctx.organisations:
        for sp in o.mentions:
            if sp.start < b and a < sp.end:
                return o.name
    core = " ".join(_clean_tokens(last.group().split()))
    if _is_org_name(ctx, core):
        return ctx.org_canonical(core)
    return None


def _doc_author(ctx: Context, np: _NP, pos: int) -> tuple[str, str]:
    seg = np.text
    head = None
    for t in seg.split():
        if t.lower().strip(",.") in DOC_HEADS:
            head = t.lower().strip(",.")
            break
    # a modified document: "the Foreign Ministry statement"
    words = seg.split()
    if head and len(words) >= 3:
        mods = [w for w in words[:-1] if w.lower() not in _DETS]
        own = next((i for i, w in enumerate(mods) if re.search(r"[’']s?$", w) and w[:1].isupper()), None)
        if own is not None and not _owner_speaks(ctx, " ".join(mods[:own + 1])):
            return re.sub(r"^[Tt]he\s+", "", seg), seg  # "the Province’s water report": the document names itself
        if own is not None:  # "the Harbour Board's yearly review": the owner that speaks
            return ctx.org_canonical(re.sub(r"[’']s?$", "", " ".join(mods[:own + 1]))), seg
        if mods and mods[0][:1].isupper():
            k = 0
            while k < len(mods) and mods[k][:1].isupper():
                k += 1
            nm = " ".join(mods[:k])  # "the Foreign Ministry (annual) statement"
            return ctx.org_canonical(nm), seg
    if head:
        rx = _DOC_RES.get(head)
        lo = max(0, pos - 4000)
        best = last_match(rx, ctx.masked, lo, np.start)
        if best is not None:
            nm = best.group("poss") or best.group("mod") or best.group("said")
            nm = re.sub(r"^[Tt]he\s+", "the ", nm.strip())
            core = _strip_titles(_clean_tokens(nm.split()))[0]
            if core and core[0][:1].isupper() and any(t in ORG_WORDS for t in core) is False \
                    and not nm.startswith("the ") and ctx.resolve(" ".join(core)) is not None:
                return ctx.canonical(" ".join(core)), best.group(0)
            if best.group("poss") and (re.sub(r"^the\s+", "", nm)[:1].islower() or not _owner_speaks(ctx, nm)):
                # "the province's water report": a common noun owns it; the document names itself
                return re.sub(r"^[Tt]he\s+", "", best.group(0)), best.group(0)
            return ctx.org_canonical(nm), best.group(0)
    return re.sub(r"^[Tt]he\s+", "", seg), seg


# owners of a document that are places, not bodies that speak ("the Province’s report")
_PLACE_OWNERS = frozenset(_lex("document_place_owners.txt"))


def _owner_speaks(ctx: Context, owner: str) -> bool:
    """Whether the capitalised owner of a document ("X’s report") is someone
    who speaks for it: a person of the article, a named organisation, or a
    body by its head word (a ministry, an agency), not a place."""
    toks = _clean_tokens(re.sub(r"[’']s?$", "", owner.strip()).split())
    toks = [t for t in toks if t.lower() != "the"]
    if not toks:
        return False
    core = _strip_titles(toks)[0]
    name = " ".join(toks)
    if _is_org_name(ctx, name) or (core and ctx.people and ctx.resolve(" ".join(core)) is not None):
        return True
    return any(t in ORG_WORDS and t not in _PLACE_OWNERS for t in toks)


def _verbs(ctx: Context, a: int, b: int):
    m = ctx.masked
    for vm in VERB_RE.finditer(m, a, b):
        v = vm.start()
        word = vm.group()
        pre = m[max(a, v - 12):v]
        if _DET_PREV_RE.search(pre) and not (_OFFICIAL_SUBJ_RE.search(m, max(a, v - 40), v) and not word.endswith("s")):
            continue  # "the estimates", "news reports": nouns; "An official said": a verb
        if re.search(r"\bever\s+$", pre):
            continue  # "the most visitors ever recorded": a participle after its noun
        # relative clauses and passives are not attributions of this sentence
        if re.search(r"(?:\bwho|\bwhich|\bthat|\bwas|\bwere|\bbeen|\bbeing|\bbe|\bis|\bare|\bto)\s+$", pre):
            if word in _TO_VERBS and re.search(r"\bto\s+$", pre):
                yield v, vm.end(), "to " + word  # "analysts used similar models to estimate that"
                continue
            om = _GO_ON_TO_RE.search(m, max(a, v - 40), v)
            if om is not None:
                yield om.start(), vm.end(), "on " + word  # "X went on to say", "Y took to X to write"
                continue
            if word.endswith("ing") and re.search(r"\b(?:is|are|was|were|been)\s+$", pre):
                yield v, vm.end(), "is " + word  # "X is pledging to ...": progressive, X speaks
                continue
            if not re.search(r"\bthat\s+$", pre) or word.endswith("ing"):
                continue
        if word in _FINDING_VERBS and _REFLEXIVE_RE.match(m, vm.end()):
            continue  # "Mexico has found itself obliged"
        if word in ("agreed", "agrees") and re.match(r"\s+to\b", m[vm.end():vm.end() + 4]):
            continue  # "the two sides agreed to a deal": no words are reported
        yield v, vm.end(), word


_FINDING_VERBS = frozenset("found finds showed shows indicates indicated identified identifies projected "
                           "projects highlighted highlights".split())
_REFLEXIVE_RE = re.compile(r"\s+(?:itself|himself|herself|themselves|ourselves|myself|no|nothing|out\b|a\s+way)")
# the outlet's own work: "A Times analysis found", "An AP review showed" (an outlet names its own
# analyses with an indefinite article and its name; another body's analysis is "the X analysis")
_OWN_WORK_RE = re.compile(rf"^An?\s+[{_UP}][\w.&-]*(?:\s+[{_UP}][\w.&-]*)?\s+(?:[a-z-]+\s+){{0,2}}"
                          r"(?:analysis|review|investigation|tally|count|examination|survey|calculation)\b")


_TO_VERBS = frozenset({"estimate", "calculate", "conclude", "count"})
_OPENING_VERB_RE = re.compile(r"\s*(Said|Says|Added|Adds|Wrote|Writes|Explained|Recalled|Noted|Replied)\s+")
# a finite verb of the subject's that leads to the verb of saying: "X went on to say", "Y took to social
# media to write", "Z continued to insist"
_GO_ON_TO_RE = re.compile(r"(?<![\w’'-])(?:(?:went|goes|go|going)\s+on|continued|continues|proceeded|proceeds|"
                          r"took\s+to\s+(?:[\w@.-]+\s+){1,2}|takes\s+to\s+(?:[\w@.-]+\s+){1,2}|"
                          r"paused|stopped|turned\s+to\s+\w+\s+)\s*to\s+$")
_FIRST_AUX_RE = re.compile(r"\s(?:has|have|had|will|would|could|did|were|was|are|is)\s")


def _pre_source(ctx: Context, sa: int, s: int, quote: bool) -> Source | None:
    """Leftmost reporting verb before ``s`` in its sentence with a subject."""
    m = ctx.masked
    om = _OPENING_VERB_RE.match(m, sa, s)
    if om is not None:
        # "Said Ana Ruiz, a baker for thirty years, “...”": the sentence opens with the verb
        np = _subject_after(ctx, om.end(), s)
        if np is not None and np.kind in ("person", "group", "org"):
            src = _make_source(ctx, np, om.group(1).lower(), "governs", "", om.start(1))
            if src is not None:
                return src
    for v, ve, word in _verbs(ctx, sa, s):
        if word.startswith("is "):
            am = re.search(r"\s(?:is|are|was|were|been)\s+$", m[sa:v])
            np, how = _subject_before(ctx, sa, sa + am.start() + 1) if am else (None, "")
            if np is None or np.kind == "pronoun" and np.text.lower() not in ("he", "she"):
                continue
            src = _make_source(ctx, np, word[3:], "governs", m[sa:np.start], v)
            if src is not None:
                return src
            continue
        if word.startswith("on "):
            np, how = _subject_before(ctx, sa, v)
            if np is None:
                continue
            src = _make_source(ctx, np, word[3:], "governs", m[sa:np.start], v)
            if src is not None:
                return src
            continue
        if word.startswith("to "):
            am = _FIRST_AUX_RE.search(m, sa, v)
            if am is None:
                continue
            np, how = _subject_before(ctx, sa, am.start() + 1)
            if np is None or np.kind == "pronoun":
                continue
            src = _make_source(ctx, np, word[3:], "governs", m[sa:np.start], v)
            if src is not None:
                return src
            continue
        if word.endswith("ing"):
            # participle: after a comma, the subject of the clause it hangs on ("X scolded Y,
            # branding him ..."); else the nearest person before it
            np = _clause_subject(ctx, sa, v) if re.search(r",\s*$", m[sa:v]) and "\x00" not in m[sa:v] else None
            if np is None:
                np = _nearest_person(ctx, sa, v)
            if np is None:
                continue
            how = "immediate"
        else:
            np, how = _subject_before(ctx, sa, v)
            if np is None and how == "inverted-needed":
                np = _subject_after(ctx, ve, s)
                how = "inverted"
            elif np is not None and how == "appositive" and np.kind in ("person", "group") and \
                    word not in _TAKES_OBJECT and _INVERTED_NP_RE.match(m, ve):
                # "A, who served as ..., and B, said two officials": the phrase after the verb speaks
                sb_ = max(s, ctx.sentence(v)[1])
                inv = _subject_after(ctx, ve, sb_)
                rest = m[inv.end:sb_] if inv is not None else ""
                if inv is not None and inv.kind in ("group", "person", "org") and \
                        not _CLAUSE_AUX_RE.search(m, inv.start, inv.end) and \
                        not _finite_in_inverted(m, ve) and \
                        not (_CLAUSE_AUX_RE.search(rest) and not re.match(r"\s*,\s*(?:who|which|whose)\b", rest)):
                    np, how = inv, "inverted"
            if np is None:
                continue
        cue = _cue_after(ctx, v, s)
        rel = "governs"
        after = m[ve:s]
        if how in ("immediate", "appositive") and re.match(r"^\s*(?:[,—–]|\s-\s)", after) and \
                re.search(r"[,—–]\s*$", m[sa:np.start]):
            rel = "parenthetical"
        if quote and re.fullmatch(r"[^,.;\x00]{0,40}[,:]\s*[“\"‘']?", after):
            rel = "adjacent"
        intro = m[sa:np.start]
        if how in ("immediate", "appositive") and (_SUBORDINATE_RE.search(intro) or
                                                   _LEAD_SUBORD_RE.match(m, sa) and not re.search(r"[,;]", intro)):
            # "After Ortiz said that ..., Marlow said: ..." - the main clause speaks
            cm = last_match(_COMMA_GAP_RE, m[ve:s])
            if cm is not None:
                later = _pre_source(ctx, ve + cm.end(), s, quote)
                if later is not None:
                    return later
        # "X said A, and Y vowed B": a later coordinated clause with its own
        # speaker holds the content
        cm = last_match(_COORD_RE, m, ve, s)
        if cm is not None:
            later = _pre_source(ctx, cm.end(), s, quote)
            if later is not None and later.start >= cm.end():
                return later
        src = _make_source(ctx, np, cue, rel, intro, v)
        if src is not None:
            return src
    return None


# "X, the army's spokesperson, said rebels attacked six villages": a verb makes it the content, not a speaker
_FINITE_IN_NP_RE = re.compile(rf"\s(?:{_VERB_ALT}|[a-z]{{3,}}ed)(?![\w’'-])")


def _finite_in_inverted(m: str, ve: int) -> bool:
    """The phrase after the verb at ``ve`` holds a verb before any relative
    word: a clause (the content), not an inverted speaker."""
    im = _INVERTED_NP_RE.match(m, ve)
    seg = m[ve:im.end()] if im else ""
    rel = re.search(r"(?<![\w’'-])(?:who|whom|whose|which|that)(?![\w’'-])", seg)
    return bool(_FINITE_IN_NP_RE.search(seg[:rel.start()] if rel else seg))


_CLAUSE_AUX_WORDS = frozenset("had has have was were is are will would could did do does".split())
_CLAUSE_AUX_RE = re.compile(r"(?<![\w’'-])(?:had|has|have|was|were|is|are|will|would|could|did|do|does)(?![\w’'-])")
_INVERTED_NP_RE = re.compile(r"\s+(?:(?:the|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|some|many)\s+)?"
                             r"(?:[\w’'-]+\s+){0,3}(?!(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|St|Prof)\.)[\w’'-]+\s*(?:,|\.(?=\s|$))")
_SUBORDINATE_RE = re.compile(r"(?:^|[,;]\s*)(?:[Aa]fter|[Bb]efore|[Ww]hen|[Ww]hile|[Aa]s|[Ss]ince|[Bb]ecause|[Aa]lthough|"
                             r"[Tt]hough|[Ii]f|[Uu]ntil|[Oo]nce|[Ww]hereas)\s*$")
_LEAD_SUBORD_RE = re.compile(r"\s*(?:After|Before|When|While|As|Since|Because|Although|Though|If|Until|Once|Whereas)\s+")
_LEAD_CONJ_RE = re.compile(r"\s*(?:But|And|Yet|Still|So|Now)\s+(?=[\w“\"])")
_COMMA_GAP_RE = re.compile(r",[”\"’']?\s+")  # a comma, a closing mark, space
_COORD_RE = re.compile(r"(?:,[”\"’']?\s+(?:and|but|while|whereas)|;)\s+(?=[\w“\"])")


def _nearest_person(ctx: Context, sa: int, v: int) -> _NP | None:
    m = ctx.masked
    best = None
    for r in RUN_RE.finditer(m, sa, v):
        nw = re.match(r"\s+([a-z]+)", m[r.end():r.end() + 30])
        if nw and (nw.group(1) in ANON_HEADS or nw.group(1) in ROLE_WORDS):
            continue  # "A Chinese official": a modifier, not a name
        if _PREP_BEFORE_RE.search(m, max(0, r.start() - 20), r.start()) and \
                r.group().split()[0] not in TITLES:
            continue
        np = _np_in(ctx, r.start(), r.end(), inverted=True)
        if np is not None and np.kind == "person":
            best = np
    return best


_TITLES_TAIL_RE = re.compile(
    r"(?:(?:" + "|".join(sorted(map(re.escape, TITLES), key=len, reverse=True)) + r")\s+)+$")
_OFFICIAL_SUBJ_RE = re.compile(r"(?<![\w’'-])(?:an?|one|another|the|senior|local)\s+(?:[\w-]+\s+)?official\s+$", re.I)
_DET_PREV_RE = re.compile(r"(?<![\w’'-])(?:the|a|an|his|her|its|their|our|these|those|this|official|"
                          r"media|news|such|any|some|many|earlier|recent|initial|latest|first)\s+$", re.I)


_OBJECT_VERBS = frozenset("told tells tell telling asked asks asking urged urges urging informed reminded "
                          "assured briefed".split())
# verbs whose next phrase is their object, never an inverted speaker ("X, a senator, emailed
# supporters", "... attacked the mayor"), unlike "..., said two officials"
_TAKES_OBJECT = _OBJECT_VERBS | frozenset(
    "emailed texted messaged called calls described praised denounced condemned criticized criticised "
    "accused blasted attacked hailed thanked dismissed labeled labelled termed dubbed branded mocked "
    "scolded chided pressed welcomed".split())


def _post_part(ctx: Context, a: int, b: int, quote: bool) -> Source | None:
    """An attribution that starts at ``a``: "X said ...", "said X", "according to X"."""
    m = ctx.masked
    while a < b and m[a] in " \u00a0”\"’,—–":
        a += 1
    if a >= b:
        return None
    am = _ACCORDING_RE.match(m, a)
    if am:
        np = _subject_after(ctx, am.end(), b)
        if np is None:
            return None
        return _make_source(ctx, np, "according to", "according", m[a:a], a)
    if quote and _after_closing(ctx, a):
        src = _manner_verb_source(ctx, a, b)
        if src is not None:
            return src
    # inverted: "said Ms. Kanyarat" (not "told the Guardian ...": an object)
    vm = VERB_RE.match(m, a)
    if vm and vm.group().endswith("ing"):
        return None  # '... of “X,” arguing the town ...': a participle; what follows is what is said
    if vm and (vm.group() not in _OBJECT_VERBS or quote and _after_closing(ctx, a)):
        # (“...?” asked X: right after a quotation, X asks; elsewhere "asked the minister" is an object)
        np = _subject_after(ctx, vm.end(), b)
        if np is None:
            return None
        return _make_source(ctx, np, _cue_after(ctx, a, b), "adjacent", "", a)
    # normal: "Petra Vanhala, a former prime minister of Finland, said on the radio"
    limit = min(b, a + 220)
    for vm in VERB_RE.finditer(m, a, limit):
        v = vm.start()
        if "\x00" in m[a:v] or "“" in m[a:v]:
            return None
        if vm.group() in _FINDING_VERBS and _REFLEXIVE_RE.match(m, vm.end()):
            continue
        if re.search(r"\bever\s+$", m[max(a, v - 8):v]):
            continue  # "the most visitors ever recorded": a participle after its noun
        np, how = _subject_before(ctx, a, v)
        if np is None:
            return None
        if how == "appositive" and np.kind == "group" and re.search(r",\s*$", m[a:v]) and \
                _INVERTED_NP_RE.match(m, vm.end()):
            inv = _subject_after(ctx, vm.end(), b)  # "... a month, said Sanjay Deshmukh, deputy ..."
            if inv is not None and inv.kind in ("person", "org") and not _CLAUSE_AUX_RE.search(m, inv.start, inv.end):
                return _make_source(ctx, inv, _cue_after(ctx, v, b), "adjacent", "", v)
        if np.start < a:
            return None
        # the phrase must reach back to the start of the part
        head = m[a:np.start].strip(" ,")
        if head and not (_DESC_START_RE.match(head) or _AGE_RE.match(head)) and len(head.split()) > 12:
            return None
        bm = _BOUNDARY_RE.search(m, a, np.start)
        if head and bm is not None and not (bm.group() in ("that", "which", "whom") and "," not in m[a:bm.start()]
                                            and len(m[a:bm.start()].split()) <= 4):
            return None  # ", for instance, and Y vowed": another clause's subject (not "the 9,000 troops that X claimed")
        return _make_source(ctx, np, _cue_after(ctx, v, b), "adjacent", "", v)
    return None


_PAST_RE = re.compile(r"[a-z]{3,}ed(?![\w’'-])")
_WENT_ON_RE = re.compile(r"(?:went|goes)\s+on(?![\w’'-])")  # "“...,” Lee went on."


def _manner_verb_source(ctx: Context, a: int, b: int) -> Source | None:
    """A quotation that ends in a comma, "!" or "?" and is followed by a name
    and a past-tense verb that is no verb of saying, or the verb and then the
    name: "“We did it,” Lena beamed.", "“Again?” groaned the coach."  There
    the verb tells how the words were said."""
    m, t = ctx.masked, ctx.text
    k = a
    while k > 0 and t[k - 1] in " \u00a0,":
        k -= 1
    if k < 2 or t[k - 2] not in ",!?":
        return None
    vm = _PAST_RE.match(m, a) or _WENT_ON_RE.match(m, a)
    if vm is not None:
        if VERB_RE.match(m, a):
            return None
        np = _subject_after(ctx, vm.end(), b)
        if np is None or np.kind not in ("person", "group", "org"):
            return None
        return _make_source(ctx, np, vm.group(), "adjacent", "", a)
    vm = _PAST_RE.search(m, a, min(b, a + 80))
    wm = _WENT_ON_RE.search(m, a, vm.start() if vm is not None else min(b, a + 80))
    vm = wm or vm
    if vm is None or VERB_RE.search(m, a, vm.end()) or "\x00" in m[a:vm.start()]:
        return None
    if not re.match(r"\s*(?:[.,;:!?—–]|$)", m[vm.end():vm.end() + 2]) and \
            not re.match(r"\s+(?:on|back|in|at|to|as|before|after|from|with)\b", m[vm.end():vm.end() + 8]):
        return None  # "“...,” Lena beamed." but not "“...,” Lena opened the door"
    first = m[a:vm.start()].split()[:1]
    if not first or not (first[0][:1].isupper() or first[0].lower() in _DETS or _PRON_RE.match(first[0])) or \
            len(m[a:vm.start()].split()) > 6:
        return None  # "“...,” came her verdict as workers looked on": no subject opens the part
    np = _np_in(ctx, a, vm.start())
    if np is None or np.kind not in ("person", "group", "org", "pronoun") or m[a:np.start].strip(" \u00a0”\"’'"):
        return None
    return _make_source(ctx, np, vm.group(), "adjacent", "", vm.start())


def _after_closing(ctx: Context, a: int) -> bool:
    """The word at ``a`` follows a closing quotation mark (spaces and a comma between)."""
    t = ctx.text
    k = a
    while k > 0 and t[k - 1] in " \u00a0,":
        k -= 1
    return k > 0 and t[k - 1] in "”\"’'"


def _tail_source(ctx: Context, e: int, b: int, quote: bool, first_rel: str) -> Source | None:
    """Attribution in the rest of the sentence after ``e``: the part right
    after ``e`` ("adjacent" for quotes) or a later comma part."""
    m = ctx.masked
    src = _post_part(ctx, e, b, quote)
    if src is not None:
        if src.relation != "according":
            src.relation = first_rel
        return src
    # later parts, delimited by commas or dashes outside quotations
    for pm in re.finditer(r"[,—–]", m[e:b]):
        p = e + pm.end()
        src = _post_part(ctx, p, b, quote)
        if src is not None:
            if src.relation != "according":
                src.relation = "sentence"
            return src
    return None


def _according_before(ctx: Context, sa: int, s: int) -> Source | None:
    m = ctx.masked
    am = last_match(_ACCORDING_RE, m, sa, s)
    if am is None:
        return None
    np = _subject_after(ctx, am.end(), s)
    if np is None:
        return None
    return _make_source(ctx, np, "according to", "according", "", am.start())


_THAT_BEFORE_RE = re.compile(r"(?<![\w’'-])that\s*$")


def find_source(ctx: Context, start: int, end: int, quote: bool = False) -> Source | None:
    """The attribution of text[start:end] within its sentence (no quotation
    lookup, no continuation).  ``quote`` marks the span as a quotation's
    interior, so an attribution right after its closing mark is "adjacent"."""
    sa, sb = ctx.sentence(start)
    if end > sb:
        sb = ctx.sentence(max(start, end - 1))[1]
    m = ctx.masked
    e = end
    if quote:
        while e < len(m) and m[e] in "”\"’'":
            e += 1
        s0 = start - 1 if start > 0 and m[start - 1] in "“\"‘'" else start
    else:
        s0 = start
    post = _tail_source(ctx, e, sb, quote, "adjacent" if quote else "sentence")
    if post is not None and quote and _INTRODUCES_NEXT_RE.match(m, post.end):
        post = None  # '..., Trump said: “...”' introduces the next quotation, not this one
    if post is not None and post.relation == "adjacent":
        if quote and _THAT_BEFORE_RE.search(m, sa, s0):
            # 'X claimed that “...,” Y said the cases differ': the quotation completes X's clause
            pre = _pre_source(ctx, sa, s0, quote)
            if pre is not None:
                return pre
        return post
    if quote and post is None and e >= sb - 1:
        # “Why now?” Sanders asked.  The closing mark ended the sentence; the
        # attribution is the short sentence right after it.
        nxt = _next_sentence_source(ctx, e, sb)
        if nxt is not None:
            return nxt
    pre = _pre_source(ctx, sa, s0, quote)
    if pre is not None:
        return pre
    if post is not None:
        return post
    acc = _according_before(ctx, sa, s0)
    if acc is not None or not quote:
        return acc
    return _colon_source(ctx, sa, s0) or _headline_colon_source(ctx, sa, s0)


_HEAD_COLON_RE = re.compile(rf"\s*((?:{_TOK})(?:\s+(?:{_TOK})){{0,4}}):\s")


def _headline_colon_source(ctx: Context, sa: int, s0: int) -> Source | None:
    """A headline or post title that opens with its speaker and a colon, the
    quotation later in it: "Mayor Lind: Harbour Plan ‘Dead in the Water’"."""
    m = ctx.masked
    hm = _HEAD_COLON_RE.match(m, sa, s0)
    if hm is None or "\x00" in m[hm.end():s0] or len(m[hm.end():s0].split()) > 14:
        return None
    np = _np_in(ctx, sa + hm.start(1) - hm.start(), hm.end(1), inverted=True)
    if np is None or not (np.kind == "person" and (len(np.text.split()) >= 2 or ctx.resolve(np.text) is not None)
                          or np.kind == "org" and _is_org_name(ctx, np.text)):
        return None
    return _make_source(ctx, np, None, "colon", "", s0)


def subject_source(ctx: Context, s: int) -> Source | None:
    """A quotation inside a sentence with no verb of saying: the person who
    opens the sentence as its subject ("X bemoaned a climate in which people
    “shout each other down”", "Y has pressed her plan for “cheaper ferries”").
    The quotation's speaker when nothing else names one (quotes.py asks
    after deciding that the span is a quotation, so this never turns a scare
    quote into a quotation)."""
    m = ctx.masked
    sa, _ = ctx.sentence(s)
    s0 = s - 1 if s > 0 and m[s - 1] in "“\"‘'" else s
    if "\x00" in m[sa:s0] or len(m[sa:s0].split()) < 3:
        return None
    np = _sentence_subject(ctx, sa, s0)
    if np is None:
        return None
    return _make_source(ctx, np, None, "subject", "", s0)


def _next_sentence_source(ctx: Context, e: int, sb: int) -> Source | None:
    """An attribution sentence of its own right after a quotation that ends
    its sentence: "Sanders replied.", "said the minister." (the subject or
    the verb opens the sentence, nothing quoted before the verb)."""
    m = ctx.masked
    a = sb
    while a < len(m) and m[a] in " \u00a0":
        a += 1
    if a >= len(m) or m[a] in "\n“\"‘\x00":
        return None
    na, nb = ctx.sentence(a)
    if na != a or nb - a > 110 or "\x00" in m[a:nb] or len(m[a:nb].split()) > 14:
        return None
    src = _post_part(ctx, a, nb, True)
    if src is None or src.relation == "according" or src.start < a:
        return None
    head = m[a:src.start].strip(" ,")
    if head and not VERB_RE.match(m, a) and (len(head.split()) > 5 or _BOUNDARY_RE.search(head)):
        return None  # a title or a short description may open it: "Rep. X, R-Pa., said."
    src.relation = "adjacent"
    return src


_NAME_COLON_RE = re.compile(rf"(?:^|[—–-]\s|[.?!\x00][”\"’']?\s)\s*((?:{_TOK})(?:\s+(?:{_TOK})){{0,3}}):\s*[“\"‘']?\s*$")
_INTRODUCES_NEXT_RE = re.compile(r"[ \t\u00a0]*(?:[\w’'-]+[ \t\u00a0]+){0,3}[\w’'-]+[ \t\u00a0]*:[ \t\u00a0]*[“\"‘]")
_COLON_INTRO_RE = re.compile(r":\s*[“\"‘']?\s*$")


def colon_source(ctx: Context, colon: int) -> Source | None:
    """The subject of the clause that ends with the colon at ``colon``
    ("President X released the following statement:"), for the quotation set
    off after it."""
    sa = ctx.sentence(colon)[0]
    if _LEAD_SUBORD_RE.match(ctx.masked, sa):
        cm = re.search(r",\s+", ctx.masked[sa:colon])  # "When X died, Y released ...:": the main clause
        if cm is None:
            return None
        sa += cm.end()
    return _colon_source(ctx, sa, colon)


def _colon_source(ctx: Context, sa: int, s0: int) -> Source | None:
    """A quotation introduced by a colon after a clause whose subject is a
    person or a body: "McConnell delivered a blunt message: “...”"."""
    m = ctx.masked
    if not _COLON_INTRO_RE.search(m, max(sa, s0 - 4), s0 + 1):
        return None
    head = m[sa:s0]
    nm = _NAME_COLON_RE.search(head)
    if nm is not None:
        # transcript style: "Clinton: “...”", "- Dana Whitcombe: “...”"
        np = _np_in(ctx, sa + nm.start(1), sa + nm.end(1), inverted=True)
        if np is not None and np.kind in ("person", "org"):
            return _make_source(ctx, np, None, "colon", "", s0)
    if "\x00" in head or len(head.split()) > 30:
        return None
    np = _clause_subject(ctx, sa, s0)
    return _make_source(ctx, np, None, "colon", "", s0) if np is not None else None


def _clause_subject(ctx: Context, sa: int, b: int) -> _NP | None:
    """The person or body that opens the clause ``masked[sa:b]`` as the
    subject of its first finite verb ("The union rejected the offer", "Lee's
    campaign brushed aside ...")."""
    m = ctx.masked
    head = m[sa:b]
    for w in re.finditer(r"[^\s:,]+", head):
        if w.start() == 0 and not head[:1].isspace() or w.group() in ("and", "but"):
            continue
        if not _FINITE_RE.fullmatch(w.group()):
            continue
        np, _how = _subject_before(ctx, sa, sa + w.start())
        if np is not None and np.kind in ("person", "org", "group") and \
                not _BOUNDARY_RE.search(m, sa, np.start):
            return np
        return None
    return None


_FINITE_RE = re.compile(r"[a-z]+(?:ed|es|s)|told|gave|made|took|wrote|sent|put|had|went|spoke|"
                        r"said|says|read|kept|left|issued|offered|tweeted|posted")


_CLAIMS = lexicon.table("count_claimants.json")
_SCOPE_BREAK_RE = re.compile(r"(?<![\w’'-])(?:" + "|".join(
    sorted(map(re.escape, _CLAIMS["scope_breaks"]), key=len, reverse=True)) + r")(?![\w’'-])", re.I)


def claim_source(ctx: Context, start: int, end: int) -> tuple[Source | None, bool]:
    """Who the sentence says asserts the figure at ``text[start:end]``: the
    attribution of :func:`find_source`, except when the figure belongs to the
    source's own phrase ("said two officials", "said X, who runs a network of
    23 shelters") or to a background clause after the cue ("X claims ... in
    the genocide in which 800,000 were killed").  Quotations are the caller's
    (a figure inside one is its speaker's).

    Returns (source or None, inside): ``inside`` when the figure is part of
    the source's phrase."""
    src = find_source(ctx, start, end)
    if src is None:
        return None, False
    m = ctx.masked
    if src.relation not in ("according", "sentence") and src.start < start:
        # a closing "according to X" or ", the study found." covers every figure of the sentence
        # (another reporting verb before the figure is then part of what X reports)
        _, sb = ctx.sentence(start)
        tail = _tail_source(ctx, end, sb, False, "sentence")
        if tail is not None and (tail.relation == "according" or not re.search(r"[,;:—–]", m[tail.end:sb])) \
                and not _GOVERNS_LATER_RE.search(m, tail.end, sb):
            src = tail  # (not a later clause with figures of its own: "..., the second report shows that 22%")
    if src.start <= start < src.end or start <= src.start < end:
        return None, True  # the figure is part of who speaks
    if src.start < start:
        sa, _ = ctx.sentence(start)
        if VERB_RE.search(m, max(sa, src.start - 30), src.start) and \
                re.search(r"(?:\S+\s+){0,2}$", m[max(sa, src.start - 30):src.start]) and \
                _VERB_BEFORE_NP_RE.search(m, max(sa, src.start - 30), src.start):
            return None, True  # "said X, who runs a network of 23 shelters": describes the speaker
        if any(not _PARTICIPLE_AFTER_RE.match(m, bm.end()) for bm in _SCOPE_BREAK_RE.finditer(m, src.end, start)):
            return None, False  # (not "..., before easing to 2%": a participle goes on with the report)
        _, sb = ctx.sentence(start)
        mid = m[src.end:start]
        if _CUE_PHRASE_RE.match(mid):
            return None, True  # "wrote in a 30-page ruling": the figure is part of the cue
        if _CUE_THEN_ACTION_RE.match(mid) and not re.search(r"(?<![\w’'-])that(?![\w’'-])|[:“\"]", mid):
            return None, False  # '“...,” they wrote, asking for replies to their five points': what they do
        if VERB_RE.search(mid) and not re.search(r"(?<![\w’'-])that(?![\w’'-])", mid) and \
                re.match(r"[^,;:\x00]{0,60}?(?<![\w’'-])that(?![\w’'-])", m[end:sb]):
            return None, False  # "announced to her 300,000 followers that ...": the addressee
    if src.name and src.name.lower() in DOC_HEADS:
        named = _earlier_author(ctx, src.name.lower(), src.start)
        if named is not None:  # "the study found" after "a study published by X": X
            return Source(named[0], src.desc, not named[1], src.cue, src.kind, src.start, src.end,
                          src.relation, named[1]), False
    return src, False


_FROM_AUTHOR_RE = re.compile(rf"\s+from\s+(?:the\s+)?(?P<who>{coref._CAP}(?:[ \u00a0]+(?:of|for|and|on)?[ \u00a0]*{coref._CAP})*)")


def _earlier_author(ctx: Context, head: str, pos: int) -> tuple[str, bool] | None:
    """The author the article gave the latest earlier document of type
    ``head`` ("a recent study published by X" before "the study found");
    a definite mention between ("according to the study") is the same
    document, an indefinite one without author ("a new study") another."""
    m = ctx.masked
    lo = max(0, pos - 4000)
    hits = list(re.finditer(rf"(?<![\w’'-]){re.escape(head)}(?![\w’'-])", m[lo:pos], re.I))
    for hm in reversed(hits):
        e = lo + hm.end()
        _, sb = ctx.sentence(e - 1)
        bm = coref._BY_RE.search(m, e, sb)
        if bm is not None and len(m[e:bm.start()].split()) <= 1:
            return coref.written_by(ctx, e, sb)
        fm = _FROM_AUTHOR_RE.match(m, e)
        if fm is not None and len(fm.group("who").split()) >= 2:
            # "a statement from the Harbour Port Authority said" (a named body, not "from Vienna")
            got = coref._author_at(ctx, fm.start("who"), fm.group("who"))
            if got is not None:
                return got[0], got[1]
            if not is_place(fm.group("who")):
                return fm.group("who"), False
        if re.search(r"(?<![\w’'-])(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[\w-]+\s+){0,3}$", m[max(0, lo + hm.start() - 40):lo + hm.start()]):
            return None
    return None


_CUE_PHRASE_RE = re.compile(rf"\s*(?:(?:{_AUX})\s+)*(?:{_VERB_ALT})\s+(?:in|on|with)\s+(?:a|an|his|her|its|their|the)\s+$")
_CUE_THEN_ACTION_RE = re.compile(rf"\s*(?:(?:{_AUX})\s+)*(?:{_VERB_ALT})\s*,\s+[a-z]{{3,}}ing\s")
_PARTICIPLE_AFTER_RE = re.compile(r"\s+[a-z]{3,}ing(?![\w’'-])")
_GOVERNS_LATER_RE = re.compile(r"(?<![\w’'-])that(?![\w’'-])|\d")
_VERB_BEFORE_NP_RE = re.compile(rf"(?<![\w’'-])(?:{_VERB_ALT})(?:\s+(?:the|a|an|one|two|three|four|five))?\s+$")


def carried_source(ctx: Context, pos: int, back: int = 1) -> Source | None:
    """The speaker a paragraph opening with a quotation at ``pos`` and no
    attribution of its own continues: the last attributed sentence of the
    paragraph before ("Carter said that ... would not happen." / "“That is
    because ...”").  Looks ``back`` paragraphs; a paragraph between with no
    attribution and no quotation of its own breaks the chain (the reporter
    took the floor).  ``None`` when nothing is carried."""
    t = ctx.text
    m = ctx.masked
    pa, _ = ctx.paragraph(pos)
    sa, _ = ctx.sentence(pos)
    opener = pos - 1 if pos > 0 and m[pos - 1] in "“\"‘'" else pos
    if sa > pa:
        # a quotation opening a sentence inside a paragraph: the sentence before speaks
        # ("Ines Coll said on Friday. “The count is final.”"), or its
        # subject when that is a person ("Clinton touted her record. “We need ...”")
        if m[sa:opener].strip():
            return None
        a, b = ctx.sentence(sa - 1)
        if m[a:b].count("\x00") > (b - a) // 2:
            return None
        src = find_source(ctx, max(a, b - 1), b)
        if src is None:
            np = _sentence_subject(ctx, a, b)
            if np is None:
                return None
            src = _make_source(ctx, np, None, "continuation", "", a)
            if src is None:
                return None
        return Source(src.name, src.desc, src.anonymous, src.cue, src.kind, src.start, src.end,
                      "continuation", src.person)
    if m[pa:opener].strip():
        return None
    for _ in range(back):
        if pa <= 0:
            return None
        k = pa - 1
        while k > 0 and t[k - 1].isspace():
            k -= 1
        if k <= 0:
            return None
        qa, qb = ctx.paragraph(k - 1)
        # sentences of that paragraph, last first
        sents = []
        x = qa
        while x < qb:
            a, b = ctx.sentence(x)
            if b <= x:
                break
            sents.append((max(a, qa), min(b, qb)))
            x = b
            while x < qb and t[x].isspace():
                x += 1
        for a, b in reversed(sents):
            if ctx.masked[a:b].count("\x00") > (b - a) // 2:
                continue  # a quotation sentence: quotes.py carries those
            src = find_source(ctx, max(a, b - 1), b)  # who asserts the sentence
            if src is not None and src.relation != "according":
                out = Source(src.name, src.desc, src.anonymous, src.cue, src.kind, src.start, src.end,
                             "continuation", src.person)
                return out
            if src is None and _ == 0:
                # "X is upbeat about ... ." / “...”: a paragraph about a person, then their words
                np = _sentence_subject(ctx, a, b)
                if np is not None:
                    return _make_source(ctx, np, None, "continuation", "", a)
            break  # the reporter's own sentence ends the chain
        pa = qa
    return None


def _sentence_subject(ctx: Context, a: int, b: int) -> _NP | None:
    """A person who opens sentence ``masked[a:b]`` as its subject, right
    before a finite verb ("Clinton touted her credentials ...")."""
    m = ctx.masked
    for r in RUN_RE.finditer(m, a, min(b, a + 80)):
        if m[a:r.start()].strip():
            return None
        if not re.match(r"\s*(?:,[^,\x00]{1,80},\s*)?(?:(?:" + _AUX + "|" + _LY_ADV + r")\s+)*[a-z]+(?:ed|s)\b",
                        m[r.end():b]):
            return None
        np = _np_in(ctx, r.start(), r.end(), inverted=True)
        return np if np is not None and np.kind == "person" else None
    return None


def source_of(text: str, start: int, end: int, people=(), organisations=(), *,
              context: Context | None = None) -> Source | None:
    """Who asserts ``text[start:end]`` (a claim, a number, a quotation)?

    ``people``/``organisations`` are the article's entities (from
    ``people.find_entities``); they make names canonical.  ``context``: a
    :class:`Context` built once for this ``text`` (recommended when calling
    repeatedly).  Returns a :class:`Source` (``name``, ``desc``,
    ``anonymous``, ``cue``, ``kind``, ``start``/``end`` of the source phrase)
    or ``None`` when the text states it on its own authority.
    """
    ctx = context if context is not None else Context(text, people, organisations)
    k = ctx.quote_at(start, end)
    if k is not None:
        if ctx._quotes is None:
            from .quotes import _attribute_all  # local import: quotes builds on this module
            _attribute_all(ctx)
        for qs, qe, src in ctx._quotes:
            if qs <= start and end <= qe:
                if src is not None:
                    return src
                break
    return find_source(ctx, start, end, quote=False)
