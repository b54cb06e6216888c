"""Numbers stated as facts about the world: counts, with hedge, category,
what is counted, who claims it and as of when.

Approach (regex-driven, no statistical model):

1. ``numbers.NUMBER_RE`` finds every number candidate in one pass.
2. Each candidate is checked against exclusions (ages, dates, years, times,
   durations, ordinals, names with numbers, prices of subscription offers,
   anaphoric "the two") by looking only at a small window around it.
3. Neighbouring numbers joined by "to"/"and"/"or" become ranges.
4. Hedge words just before ("more than", "about") or after ("or more") give
   the qualifier; the counted noun phrase is read just after the number.
5. The category comes from the noun, from verbs in the predicate after it
   ("were killed"), from an active verb just before it ("killed 12"), or
   from the previous count in the sentence ("30 hostages, of 100 still held").
6. The claimant comes from the attribution code the quotes use
   (``attribution.claim_source``: "according to X", "X said", "X estimates
   that"; "it"/"they" and "the agency" resolve to a body named just before;
   a figure inside the source's own phrase has none). A sentence with no claimant of its own keeps
   the previous sentence's when it continues that report ("Of those, ...",
   "Another 300 ...", "The toll includes ...", "... in that period"); see
   "carry" in count_claimants.json. ``as_of`` comes from a time expression.

All vocabulary lives in ``lexicons/`` (hedges.json, count_categories.json,
count_exclusions.json, count_claimants.json, claim_verbs.txt, number_words.json).
"""
from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass, field

from ..model import Count, Entity, Person
from .attribution import Context, claim_source, find_source
from .numbers import CUR_AFTER, CUR_WORDS_BEFORE, Parsed, _trie, iter_numbers, load_json, load_list, parse_number, tidy
from .numbers import SCALES, WORDVAL

# --------------------------------------------------------------------------
# lexicons (loaded once)

_HEDGES = load_json("hedges.json")
_CATS = load_json("count_categories.json")
_EXC = load_json("count_exclusions.json")
_CLM = load_json("count_claimants.json")
_CLAIM_VERBS = load_list("claim_verbs.txt")
_DEMONYMS = frozenset(w.lower() for w in load_list("demonyms.txt"))




def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _phrase_re(phrases) -> str:
    """Alternation of phrases whose words may be separated by spaces, quote
    marks and one adverb ("been irreversibly lost", "were “killed”")."""
    out = []
    for p in sorted(set(phrases), key=len, reverse=True):
        words = [re.escape(w) for w in p.split()]
        out.append(r"[\s“”\"‘’]+(?:\w+ly[\s“”\"‘’]+)?".join(words))
    return "|".join(out)


# hedges -------------------------------------------------------------------
_HEDGE_OF: dict[str, str] = {}
for _q, _ps in _HEDGES["before"].items():
    for _p in _ps:
        _HEDGE_OF[_p] = _q
_HEDGE_BEFORE_RE = re.compile(rf"(?<![\w-])({_alt(_HEDGE_OF)})[\s“\"]+$", re.I)
_HEDGE_AFTER_OF: dict[str, str] = {}
for _q, _ps in _HEDGES["after"].items():
    for _p in _ps:
        _HEDGE_AFTER_OF[_p] = _q
_HEDGE_AFTER_RE = re.compile(rf"^,?\s+({_alt(_HEDGE_AFTER_OF)})\b", re.I)
_PARTICLE_BLOCK = {k: frozenset(v) for k, v in _HEDGES.get("particle_blockers", {}).items() if not k.startswith("_")}
_BETWEEN_RE = re.compile(r"(?<![\w-])between\s+$", re.I)
_FROM_RE = re.compile(r"(?<![\w-])from\s+(?:(?:the|a|its|their|his|her|our)\s+)?"
                      r"(?:(?:current|present|previous|prior|old|existing|earlier|original|initial)\s+)?$", re.I)
_JOIN_RE = re.compile(r"\s*(to|and|or|-|–|—)\s*", re.I)

# categories ---------------------------------------------------------------
_NOUN_CAT: dict[str, str] = {}
for _c in ("killed", "wounded", "missing", "displaced", "detained", "hostages", "personnel", "people", "other"):
    for _n in _CATS["nouns"].get(_c, []):
        _NOUN_CAT.setdefault(_n.lower(), _c)
_UNITS_OTHER = frozenset(u.lower() for u in _CATS["units_other"])
_PARTICIPLE_CAT = {}  # a word right after the number that names the category ("45,000 killed")
for _c, _ws in _CATS["right_cues"].items():
    for _w in _ws:
        if " " not in _w and _c != "personnel":
            _PARTICIPLE_CAT.setdefault(_w.lower(), _c)
for _c, _ws in _CATS["modifier_cues"].items():
    for _w in _ws:
        _PARTICIPLE_CAT.setdefault(_w.lower(), _c)
_MODIFIER_CAT = {w.lower(): c for c, ws in _CATS["modifier_cues"].items() for w in ws}


def _cue_regex(mapping: dict[str, list[str]]) -> tuple[re.Pattern, dict[str, str]]:
    groups = []
    names = {}
    for i, (cat, phrases) in enumerate(mapping.items()):
        if not phrases:
            continue
        name = f"c{i}"
        names[name] = cat
        groups.append(rf"(?P<{name}>{_phrase_re(phrases)})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])", re.I), names


_RIGHT_CUE_RE, _RIGHT_CUE_NAMES = _cue_regex(_CATS["right_cues"])
_LEFT_CUE_RE, _LEFT_CUE_NAMES = _cue_regex(_CATS["left_cues"])
_LEFT_WEAK = frozenset(w.lower() for w in _CATS["left_cue_weak"])
_SUBJECT_RE, _SUBJECT_NAMES = _cue_regex(_CATS["subject_nouns"])
_CHANGE_RE = re.compile(rf"(?<![\w-])(?:{_phrase_re(_CATS['change_verbs'])})\s+$", re.I)
_RATIO_RE = re.compile(rf"(?<![\w-])(?:{_phrase_re(_CATS['ratio_cues'])})(?![\w-])", re.I)
_COLLECTIVE_RE = re.compile(
    rf"(?<![\w-])(?:an?|the|its|their|his|her)\s+(?:[\w’'-]+\s+){{0,2}}?({_alt(_CATS['collectives'])})\s+of\s+$", re.I)
_STRONG_CUES = frozenset({"killed", "wounded", "missing", "other"})
_LIVES = _CATS.get("lives", {})
_LIVES_NOUNS = frozenset(_LIVES.get("nouns", []))
_LIVES_BEFORE_RE = re.compile(rf"(?<![\w-])(?:{_phrase_re(_LIVES.get('before', []) or ['claimed'])})\s+$", re.I)
_LIVES_AFTER_RE = re.compile(rf"\s+(?:{_phrase_re(_LIVES.get('after', []) or ['lost'])})(?![\w-])", re.I)

# exclusions ---------------------------------------------------------------
_MONTHS = _EXC["months"]
_NAME_PREFIX_RE = re.compile(rf"(?<![\w-])(?:{_alt(_EXC['name_prefixes'])})[\s#]*$", re.I)
_NAME_SUFFIX_RE = re.compile(rf"^\s+(?:[A-Z][\w’'-]*\s+)?(?:{_alt(_EXC['name_suffixes'])})(?![\w])", re.I)
_MONTH_BEFORE_RE = re.compile(rf"(?<![\w])(?:{_alt(m.capitalize() for m in _MONTHS)})\.?\s+$")
_MONTH_AFTER_RE = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_alt(m.capitalize() for m in _MONTHS)})\b")
_TIME_AFTER_RE = re.compile(rf"^(?::\d\d|\s*(?:{_alt(_EXC['time_of_day'])})(?![\w]))", re.I)
_DURATION_AFTER_RE = re.compile(
    rf"^(?:\s+and\s+an?\s+half)?[\s-]+(?:{_alt(_EXC['time_units'])})(?![\w])", re.I)
_AGE_AFTER_RE = re.compile(r"^(?:[\s-]+years?[\s-]+old\b|-year-old|s\b|’s\b|'s\b)", re.I)
_AGE_BEFORE_RE = re.compile(
    r"(?:(?<![\w’'])(?:[A-Z][\w’'.-]*|[A-Z]\.)|(?<![\w])(?:aged?|ages|turned|turns|turning|at the age of))[,]?\s+$")
_AGE_END_RE = re.compile(r"^(?:\s*[,;)]|\s*\.(?!\d)|\s+and\b|\s+(?:who|was|is|has|had|were|are|said|says|told|died|lives)\b|\s*$)")
_ORDINAL_AFTER_RE = re.compile(r"^(?:st|nd|rd|th)\b", re.I)
_SLASH_RE = re.compile(r"^(?:/|-\d|\.\d|:\d|\s*x\s*\d|,\d{1,2}(?!\d))")
# identifiers, not quantities: a figure with a leading zero ("0800", "07"), or one of a run of bare
# digit groups ("0800 917 4455", "+44 20 7946 0000")
_CODE_RIGHT_RE = re.compile(r"^[ \u00a0]\d")
_CODE_LEFT_RE = re.compile(r"(?:^|[^\w,.])\+?(?!(?:1[5-9]|20)\d\d[ \u00a0]$)\d+[ \u00a0]$")
# a list after a label: "sections 318 and 61", "Nos. 3, 4 and 7"; ages given as a range: "aged between 29 and 46"
_LABEL_LIST_RE = re.compile(
    rf"(?<![\w-])(?:{_alt(_EXC['name_prefixes'])})[\s#]*\d[\w.]*(?:\s*(?:,\s*(?:and|or|&)?|and|or|&)\s*\d[\w.]*)*\s*(?:,\s*(?:and|or|&)?|and|or|&)\s*$",
    re.I)
_AGE_RANGE_RE = re.compile(r"(?<![\w])(?:aged?|ages)\s+(?:between\s+|from\s+)?(?:\d{1,3}\s*(?:and|to|-|–)\s*)?$", re.I)
_SUBSCRIBE_RE = re.compile(rf"(?:{_alt(_EXC['subscription_words'])})", re.I)
_ANAPHORA_RE = re.compile(rf"(?<![\w-])(?:{_alt(_EXC['anaphoric_determiners'])})\s+$", re.I)
_IN_TWO_RE = re.compile(r"(?<![\w-])in\s+$", re.I)
_YEAR_RANGE = (1500, 2100)

# noun phrase --------------------------------------------------------------
_NP_STOP = frozenset("""that who which whom whose in on at to for from by with of and or but as than into
onto over under after before since during while when where were was have has had are is be been being will
would could should may might can did do does said says say told a an the this these those its their his her
our my your each per across along around about among against through toward towards inside outside near
up down out off still already also now then not only just more less fewer like including such all both so
if because although though whether who’s it they them he she we you i there here what how why every other’s
amid despite within without beyond via versus vs upon if this whose nearly almost about roughly some
last next yesterday today tonight ago goes comes y-o-y yoy year-on-year q-o-q quarter-on-quarter m-o-m month-on-month
""".split())
_WORD_RE = re.compile(r"[ \t“”\"‘]*((?:[A-Za-z][\w’'&]*(?:[.-][\w’'&]+)*\.?))")
_OF_RE = re.compile(
    r"\s+of\s+(?:(?:the|its|his|her|their|our|these|those|them|whom|which|all|my|your)\s+|"
    r"(?:[A-Z][\w.-]*\s+){0,3}[\w.-]+[’']s?\s+|(?:the\s+)?[\w-]+[’']s\s+)?")
# a comparative between a figure and its noun: "two more crossings" (not "two more than ...")
_MORE_RE = re.compile(r"\s+(?:more|fewer|less)(?=\s+(?!than\b|of\b)[A-Za-z])")
_SENTENCE_NEXT_RE = re.compile(r"\s*$|\s+[“\"‘(]?[A-Z0-9]|\s*\n")
_IRREGULAR_PLURALS = frozenset("people men women children police personnel staff militia cattle "
                               "clergy youth folk kin dead wounded injured missing displaced".split())

_AUX_ALT = _alt(_CLM["aux"])
_AUX_SET = frozenset(w.lower() for w in _CLM["aux"])

# carrying a claimant into the next sentence ------------------------------
_CARRY = _CLM.get("carry", {})


def _ci_trie(phrases) -> str:
    """Phrases as written or Capitalised, as one factorised alternation
    (case-sensitive tries are much faster than re.I on every sentence)."""
    return _trie(f for p in phrases for f in (p, p[:1].upper() + p[1:]))


_LEAD = rf"[\s“\"‘(]*(?:(?:{_ci_trie(_CARRY.get('lead_words', []) or ['and'])})[\s,]+)*"
_OPENER_RE = re.compile(rf"{_LEAD}(?:{_ci_trie(_CARRY.get('openers', []) or ['of those'])})(?![\w-])")
_SUBJ_OPENER_RE = re.compile(
    rf"{_LEAD}(?:{_ci_trie(_CARRY.get('subject_openers', []) or ['the toll'])})(?![\w-])\s*(?:([,;:.)—–])|([A-Za-z’'-]+))")
_SUBJ_OPENER_VERBS = frozenset(w.lower() for w in _CARRY.get("subject_opener_verbs", []))
_COUNT_OPENER_RE = re.compile(rf"{_LEAD}(?:{_ci_trie(_CARRY.get('count_openers', []) or ['another'])})\s+")
_SENT_START_RE = re.compile(_LEAD)
_PARTITIVE_RE = re.compile(rf"\s+of\s+(?:{_alt(_CARRY.get('partitive_pronouns', []) or ['them'])})(?![\w-])", re.I)
_BACKREF_RE = re.compile(rf"\b(?:{_ci_trie(_CARRY.get('anaphora', []) or ['that figure'])})(?![\w-])")
_PRON_VERB_RE = re.compile(
    rf"\b([Hh]e|[Ss]he|[Tt]hey)\s+(?:(?:{_AUX_ALT})\s+)*(?:{_trie(_CARRY.get('pronoun_verbs', []) or ['recalled'])})(?![\w-])")
# words one of which must occur for the two patterns above to match: a cheap test first
_BACKREF_KEYS = tuple(sorted({p.split()[-1] for p in _CARRY.get("anaphora", [])}))
_PRON_VERB_KEYS = tuple(sorted(set(_CARRY.get("pronoun_verbs", []))))
_CONTRAST_RE = re.compile(rf";|\b(?:{_ci_trie(_CARRY.get('contrast', []) or ['but'])})(?![\w-])")
_ORG_HEADS = frozenset(w.lower() for w in _CARRY.get("org_heads", []))
_VERBS_LOWER = frozenset(v.lower() for v in _CLAIM_VERBS if " " not in v)
_NAME_FUNC = frozenset("of for and the on in de da del la le van von al bin ibn".split())

# sentences ----------------------------------------------------------------
_SENT_END_RE = re.compile(r"[.!?][”\"’)\]]*\s+(?=[“\"‘(\[]?[A-Z0-9])")
_ABBREV = frozenset("""mr mrs ms dr st gen lt col sgt capt rep sen gov jr sr inc co corp ltd u.s u.n u.k e.u no vs etc
jan feb mar apr aug sept sep oct nov dec a.m p.m mt ft prof rev adm maj cmdr amb gov pres d.c n.y l.a fla calif
ariz mass tex wash penn va ga ala ark colo conn del ill ind kan ky la md mich minn miss mo mont neb nev okla ore
tenn vt wis wyo st ave blvd""".split())

# time expressions ---------------------------------------------------------
_MONTH_NUM = {}
for _i, _m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"], 1):
    _MONTH_NUM[_m] = _i
    _MONTH_NUM[_m[:3]] = _i
_MONTH_NUM["sept"] = 9
_WEEKDAYS = {d: i for i, d in enumerate(_EXC["weekdays"])}
_MON = rf"(?:{_trie(m.capitalize() for m in _MONTHS if len(m) > 4 or m == 'may')}|{_trie(m.capitalize() for m in _MONTHS if len(m) <= 4 and m != 'may')}\.?)(?![\w])"
_WKD = rf"(?:{_trie(d.capitalize() for d in _EXC['weekdays'])})"
_TIME_RE = re.compile(
    rf"""(?P<core>
         \b(?P<md>{_MON}\s+\d{{1,2}}(?!\d)(?:,?\s+\d{{4}})?)
       | \b(?P<my>{_MON}(?:\s+(?:of\s+)?(?:\d{{4}}|(?:that|this|last|next)\s+year))?)
       | \b(?P<wd>{_WKD}(?:\s+(?:morning|afternoon|evening|night))?)
       | \b(?P<rel>(?:[Tt]his|[Ll]ast|[Nn]ext|[Tt]hat|[Tt]he\s+past|[Tt]he\s+last)\s+(?:year|month|week|weekend|spring|summer|fall|autumn|winter))
       | \b(?P<qtr>[Tt]he\s+(?:first|second|third|fourth)\s+quarter\s+of\s+(?:this\s+year|last\s+year|that\s+year|\d{{4}}))
       | \b(?P<day>[Tt]oday|[Yy]esterday|[Tt]onight)
       | (?<![\d,.$])(?P<year>(?:19|20)\d\d)(?!\d|,\d)
       )(?![\w])""",
    re.X,
)
_TIME_PREFIX_RE = re.compile(
    r"(?:(?:as\s+of|by|through|since|until|till|in|on|during|as\s+at|at)\s+)?"
    r"(?:(?:the\s+)?(?:end|start|beginning|middle|close|first\s+half|second\s+half)\s+of\s+)?"
    r"(?:(?:early|mid|late)[\s-])?$", re.I)
_YEAR_PREP_RE = re.compile(r"(?:\b(?:as\s+of|by|through|since|until|in|during|as\s+at)\s+(?:(?:early|mid|late)[\s-])?|\bend\s+of\s+)$", re.I)
_YEAR_ANY_RE = re.compile(r"(?<![\d,.$])(?:19|20)\d\d(?![\d])")


# --------------------------------------------------------------------------
# data holders

@dataclass(slots=True)
class _Cand:
    start: int           # span start (number or hedge)
    end: int             # span end
    nstart: int          # number start
    nend: int            # number end (incl. unit)
    p: Parsed
    qualifier: str = "exact"
    value: float | None = None
    low: float | None = None
    high: float | None = None
    np_words: list[str] = field(default_factory=list)
    head: str | None = None
    np_end: int = 0
    category: str | None = None
    cue: str | None = None
    unit_other: bool = False
    p_text: str = ""     # the figure as written (for the scale of a range's second figure)


@dataclass(slots=True)
class _Cue:
    claimant: str
    cs: int  # claimant span
    ce: int
    pos: int  # cue position (ordering)
    scopes: list[tuple[int, int]]


class _Doc:
    """Per-article caches: paragraphs, sentences, cues, names."""

    def __init__(self, text: str, people, organisations, reference_date):
        self.text = text
        self.people = people or []
        self.orgs = organisations or []
        self.ref = _parse_ref(reference_date)
        self._sent_cache: dict[int, list[int]] = {}
        self._cue_cache: dict[int, list[_Cue]] = {}
        self._mentions = None
        self._fullname_cache: dict[str, list] = {}
        self._time_cache: dict[int, list] = {}
        self._sent_counts: dict[int, list[tuple[int, str | None, bool]]] = {}  # claimants of counts, per sentence
        self._carry_cache: dict[int, tuple[str, int, str | None]] = {}
        self._depth = 0
        self._names = None  # (person names, surnames, organisation names), built on first use
        self._claim_index: dict[str, list[tuple[int, str]]] | None = None  # word -> (position, claimant or org name)

    # sentences
    def sentence(self, pos: int) -> tuple[int, int]:
        t = self.text
        ps = t.rfind("\n", 0, pos) + 1
        pe = t.find("\n", pos)
        if pe < 0:
            pe = len(t)
        starts = self._sent_cache.get(ps)
        if starts is None:
            starts = [ps]
            for m in _SENT_END_RE.finditer(t, ps, pe):
                dot = m.start()
                if t[dot] == ".":
                    w = re.search(r"([\w.]+)$", t[max(ps, dot - 12):dot])
                    if w:
                        wl = w.group(1).lower()
                        if wl in _ABBREV or (len(wl) == 1 and wl.isalpha()) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", wl):
                            continue
                starts.append(m.end())
            starts.append(pe)
            self._sent_cache[ps] = starts
        i = bisect.bisect_right(starts, pos) - 1
        i = min(max(i, 0), len(starts) - 2)
        return starts[i], starts[i + 1]

    # names
    def names(self):
        if self._names is None:
            self._names = (frozenset(p.name for p in self.people),
                           frozenset(p.name.split()[-1] for p in self.people if p.name.split()),
                           frozenset(o.name for o in self.orgs if getattr(o, "kind", "org") == "org"))
        return self._names

    def mentions(self):
        if self._mentions is None:
            ms = []
            for p in self.people:
                for sp in getattr(p, "mentions", []) or []:
                    ms.append((sp.start, sp.end, p.name, "person"))
            for o in self.orgs:
                for sp in getattr(o, "mentions", []) or []:
                    ms.append((sp.start, sp.end, o.name, "org"))
            ms.sort()
            self._mentions = ms
        return self._mentions


# --------------------------------------------------------------------------
# public entry point

def find_counts(text: str, people: list[Person], organisations: list[Entity],
                reference_date: str | None = None, quotes: list | None = None,
                ctx: Context | None = None) -> list[Count]:
    """Every count stated in ``text`` with hedge, category and claimant.

    With ``quotes`` (from ``find_quotes``), a number inside a quotation is
    claimed by the quotation's speaker.  ``ctx`` is the attribution context
    the quotes were attributed with (built here when not given)."""
    if not text:
        return []
    doc = _Doc(text, people, organisations, reference_date)
    if ctx is not None:
        doc._attr_ctx = ctx
    cands: list[_Cand] = []
    for m in iter_numbers(text):
        c = _candidate(text, m)
        if c is not None:
            cands.append(c)
    cands = _merge_ranges(text, cands)
    out: list[Count] = []
    prev: _Cand | None = None
    prev_sent = None
    same_first: _Cand | None = None  # the first count of the current sentence
    for c in cands:
        _hedge(text, c)
        _noun_phrase(text, c)
        if _drop_after_np(text, c):
            continue
        sent = doc.sentence(c.nstart)
        same = prev if (prev is not None and prev_sent == sent) else None
        near = prev if (prev is not None and c.nstart - prev.end < 400) else None
        _categorise(text, c, sent, same, near)
        if not c.np_words and c.cue and c.p.kind == "exact":
            mx = re.match(r"\s+(?:(?:were|was|are|is|have|has|had|been|being|still|later|also|reportedly)\s+){0,3}"
                          + re.escape(c.cue.split()[0]) + r"\b", text[c.end:c.end + 60])
            if mx:
                c.end += mx.end()
        if not c.np_words and same is not None and same.np_words and c.category == same.category \
                or (not c.np_words and same is not None and same.np_words and same.category not in ("money", "percent")
                    and c.p.kind == "exact" and c.cue and same.p.kind == "exact"):
            # "80,000 soldiers ... including 45,000 killed": what is counted carries over
            c.np_words = [w for w in same.np_words]
            c.head = None  # the span keeps its own words; only `what` borrows the noun
        elif len(c.np_words) == 1 and c.np_words[0].lower() in _PARTICIPLE_CAT and same is not None \
                and same.np_words and same.category not in ("money", "percent") \
                and same.np_words[-1].lower() not in _PARTICIPLE_CAT:
            # "45,000 killed and 12,000 missing" after "80,000 soldiers"
            c.cue = c.np_words[0]
            c.np_words = [w for w in same.np_words]
            c.head = None
        first = same_first if (same is not None and same_first is not None) else c
        claimant, inside = _claimant(doc, c, sent, first)
        if quotes:
            speaker = _quoted_by(quotes, c.start, c.end)
            if speaker:
                claimant = speaker
        doc._sent_counts.setdefault(sent[0], []).append((c.start, claimant, inside))
        as_of, as_of_date = _as_of(doc, c, sent)
        out.append(Count(
            text=text[c.start:c.end], start=c.start, end=c.end,
            value=c.value, low=c.low, high=c.high, qualifier=c.qualifier,
            category=c.category or "other", what=_what(c), claimant=claimant,
            as_of=as_of, as_of_date=as_of_date))
        prev, prev_sent, same_first = c, sent, first
    return out


def _quoted_by(quotes, start: int, end: int) -> str | None:
    """The speaker of the quotation holding ``start:end``, if any."""
    for q in quotes:
        if q.start <= start and end <= q.end:
            return q.speaker
        if q.start > start:
            break
    return None


# --------------------------------------------------------------------------
# candidates and exclusions

def _candidate(text: str, m: re.Match) -> _Cand | None:
    p = parse_number(m)
    if p is None:
        return None
    s, e = m.start(), m.end()
    # trim whitespace the regex may have eaten after a currency sign
    raw = m.group(0)
    if raw != raw.rstrip():
        e = s + len(raw.rstrip())
    left = text[max(0, s - 60):s]
    right = text[e:e + 60]
    if p.kind == "exact":
        if p.unit == "m" and _COUNTED_AFTER_RE.match(right) and _millions_after(left, right):
            # "1.3m people", "2m jobs": millions, as British copy writes them; "400m from" stays metres
            p.value, p.unit, p.has_scale = tidy(p.value * 1_000_000), None, True
        if _exclude_exact(text, m, p, s, e, left, right):
            return None
        if p.currency == "USD" and raw.startswith("$"):
            mu = _US_BEFORE_RE.search(left)
            if mu:  # "US $6.9 billion"
                s -= len(left) - mu.start()
        # a currency written after the number: "5 million euros"
        if not p.currency and not p.percent:
            mc = _CUR_AFTER_RE.match(right)
            if mc:
                p.currency = mc.group(1)
                e += mc.end()
            else:
                mw = _CUR_WORD_BEFORE_RE.search(left) if CUR_WORDS_BEFORE else None
                if mw:  # a currency code or abbreviation before it: "Rs 3.4 crore", "INR 500"
                    p.currency = CUR_WORDS_BEFORE[mw.group(1)]
                    s -= len(left) - mw.start(1)
                    if p.unit == "m":  # "EUR 5m", "KES 40m": millions, as after a currency sign
                        p.value, p.unit, p.has_scale = tidy(p.value * 1_000_000), None, True
    elif p.kind == "fraction":
        if not _keep_fraction(m, left, right) or (m.group("ratio") and (
                _NAME_PREFIX_RE.search(left) or _SCORE_FOR_RE.search(left))):
            return None  # "Form 3 out of 5"; "312 for 6 in 50 overs": a cricket score, not a share
    elif p.kind == "multiplier":
        if right.startswith("-") or _IDIOM_MULT_RE.search(left):
            return None
    elif p.kind == "vague":
        if _DURATION_AFTER_RE.match(right) or _OF_TIME_RE.match(right):
            return None
    if p.kind == "exact" and p.is_word and p.value == 2:
        mo = _ONE_OR_TWO_RE.search(left)
        if mo:  # "a tornado or two": one or two
            p.kind = "range"
            return _Cand(start=s - (len(left) - mo.start()), end=e, nstart=s, nend=e, p=p, value=None, low=1, high=2,
                         qualifier="range")
    return _Cand(start=s, end=e, nstart=s, nend=e, p=p,
                 value=p.value, low=p.low, high=p.high,
                 qualifier="range" if p.kind == "vague" else "exact", p_text=text[s:e])


_SCORE_FOR_RE = re.compile(r"\d\s+for\s+$")
_CUR_AFTER_RE = re.compile(rf"^\s+({_alt(CUR_AFTER)})(?![\w])")
_OF_CURRENCY_RE = re.compile(rf"\s+(?:of\s+)?(?:{_alt(CUR_AFTER)})(?![\w])")
_CUR_AFTER_LOWER = frozenset(w.lower() for w in CUR_AFTER if w.lower() not in ("pounds", "won", "rand", "dong"))
_ONE_OR_TWO_RE = re.compile(r"(?<![\w-])(?:[Aa]n?|[Oo]ne)\s+(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*\s+or\s+$")
_COUNTED_AFTER_RE = re.compile(
    r"\s+(?:(?:more|new|extra|additional|other|[A-Z][a-z]+|[a-z]+-[a-z]+)\s+)?(?:[a-z]+[^s\W]s|people|men|women|children|staff|police|[A-Z][a-z]+s)\b")
_US_BEFORE_RE = re.compile(r"(?<![\w.])(?:US|U\.S\.)\s?$")
_IDIOM_MULT_RE = re.compile(r"(?<![\w-])(?:think|thinking|thought|thinks)\s+$", re.I)
_OF_TIME_RE = re.compile(rf"^\s+of\s+(?:{_alt(_EXC['time_units'])})(?![\w])", re.I)
# "10 or 15 minutes", "12 to 18 hours": the first figure of a range of durations is a duration too
_DURATION_RANGE_RE = re.compile(
    rf"^\s*(?:to|or|and|-|–)\s*[\d.,]+(?:\s+and\s+an?\s+half)?[\s-]+(?:{_alt(_EXC['time_units'])})(?![\w])", re.I)
# "60-80 per cent", "20–30 people": two figures joined by a dash are a range when a share or a counted
# plural follows ("a 5-4 ruling", "3-1 win", "2016-17" are not: the second is not larger)
_DASH_RANGE_RIGHT_RE = re.compile(
    rf"^[-–](\d[\d,]*(?:\.\d+)?)(?=\s?%|[\s-](?:percent|per\s+cent)\b|\s+[a-z]+s\b|\s?(?:{_alt(SCALES)}|bn|mn)\b)")
_DASH_RANGE_LEFT_RE = re.compile(r"(?<![\w.,/-])(\d[\d,]*(?:\.\d+)?)[-–]$")
# identifiers: a sign-off code ("328-TIPS"), a footnote or sub-clause ("14(1)"), a bare figure in brackets
# after a word ("Granny (78)", "(8477)"): ages, phone numbers and references, not tallies
# "$2m-$3m", "€40-€50": a figure with a currency sign, then a dash, opens a range
_CUR_RANGE_LEFT_RE = re.compile(r"(?<![\w.,])[^\w\s]\d[\d,]*(?:\.\d+)?(?:bn|mn|m|k)?-$")
_POSTCODE_TAIL_RE = re.compile(r"\s\d[A-Z]{2}\b")
_CAP_BEFORE_RE = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]*\s+$")
_SENT_OPEN_RE = re.compile(r"(?:^|\n|[.!?:][”\"’)]*\s+|[“\"‘(]\s*)[A-Z][\w’'-]*\s+$|(?:^|\n|[.!?][”\"’)]*\s+)\s*$")
_CODE_HYPHEN_RE = re.compile(r"^-[A-Z]{2}")
_BRACKETED_RE = re.compile(r"\(\s*$")
_CLOSE_RE = re.compile(r"^\s*\)")
_ERA_RE = re.compile(r"^\s*(?:BC|BCE|B\.C\.|AD|CE)\b")
# "she was 15 when": an age
_WAS_AGE_LEFT_RE = re.compile(r"(?<![\w-])(?:[Hh]e|[Ss]he|I|[Ww]ho|[Tt]hey|[Ww]e|[Yy]ou)\s+(?:was|were|is|am|are)\s+(?:only\s+|just\s+|barely\s+|still\s+)?$")
_WAS_AGE_RIGHT_RE = re.compile(r"^\s*(?:when\b|at\s+the\s+time\b|and\s+(?:living|working|studying)\b|[,.;)])")
# "Grade 4 out of 6": the scale of an identifier
_AGE_LIST_RE = re.compile(r"[A-Za-z’'-],\s+\d{1,3}\s+and\s+$")
_AGE_WAS_RE = re.compile(r"(?<![\w-])ages?\b[^.;:!?]{0,80}?\s(?:was|is|were|are|of|at|rose\s+to|fell\s+to)\s+$")
_NOW_AGE_RE = re.compile(r"(?<![\w-])[Nn]ow\s+$")
_NOW_AGE_RIGHT_RE = re.compile(r"^\s*(?:,|and\s+(?:living|working|retired|still)\b)")
_OVER_AGE_RIGHT_RE = re.compile(r"^\s+and\s+(?:over|older|above|up|under|younger)\b")
_GROUP_BEFORE_RE = re.compile(r"(?<![\w-])(?:those|people|adults|voters|residents|anyone|everyone|women|men|aged|ages)\s+$")
_AGE_TAILS = ("was ", "were ", "is ", "am ", "are ", "only ", "just ", "barely ", "still ")
_AS_AGE_RE = re.compile(r"(?<![\w-])as\s+(?:young|old)\s+as\s+$", re.I)
_SPLIT_RIGHT_RE = re.compile(r"^[-–]to[-–]\d")
_SPLIT_LEFT_RE = re.compile(r"\d[-–]to[-–]$")
_OUT_OF_LABEL_RE = re.compile(rf"(?<![\w-])(?:{_alt(_EXC['name_prefixes'])})[\s#]*\d+\s+out\s+of\s+$", re.I)
_CUR_WORD_BEFORE_RE = re.compile(rf"(?<![\w.])({_alt(CUR_WORDS_BEFORE)})\s?$")
_ONE_RE = re.compile(r"^(?:one|a|an|zero)$", re.I)


def _exclude_exact(text, m, p: Parsed, s, e, left, right) -> bool:
    raw = m.group(0).strip()
    dig = m.group("dig")
    # glued to letters: M23, COVID-19, F-16, 3D
    if s > 0 and (text[s - 1].isalpha() or (text[s - 1] == "-" and s > 1 and text[s - 2].isalnum())):
        if not (dig and text[s - 1] == "-" and (_dash_range_end(text, s, p) or m.group("cur") and _CUR_RANGE_LEFT_RE.search(left))):
            return True
    if s > 1 and text[s - 1] in "(." and text[s - 2].isalnum() and not (
            text[s - 1] == "." and _CUR_WORD_BEFORE_RE.search(left)):
        return True  # "Section 14(1)", "BA.2" (not "Rs.500")
    if not dig and raw[:1].isupper() and _CAP_BEFORE_RE.search(left) and not _SENT_OPEN_RE.search(left):
        return True  # "Region Two", "Stage Four": a name
    if right[:1].isalpha() and not p.percent:
        return True
    if m.group("lcur") and _POSTCODE_TAIL_RE.match(right):
        return True  # "BD7 1DP", "LE5 8QT": a postcode, not Bahraini dinars or Egyptian pounds
    if _ORDINAL_AFTER_RE.match(right) or _SLASH_RE.match(right):
        if not (dig and _dash_range(text, s, e, right)):
            return True
    if dig and not p.currency and not p.percent:
        if _CODE_HYPHEN_RE.match(right) or _ERA_RE.match(right):
            return True
        if left.endswith(("per ", "every ")) and _PER_BEFORE_RE.search(left):
            return True  # the denominator of a rate: "12 deaths per 100,000"
        if p.unit and left[-4:].lower() == "the " and right[:1] == " " and right[1:2].islower():
            return True  # "the 100m sprint", "the 5km mark": an event or a place named by its length
        tail = left[-8:]
        if "(" in tail and _BRACKETED_RE.search(tail) and _CLOSE_RE.match(right) and "," not in dig and "." not in dig:
            return True
        if len(dig) >= 9 and dig.isdigit():
            return True  # a run of nine or more digits with no grouping: an id or a phone number
        if tail.endswith("+") and not p.has_scale:
            return True  # "+44 20 ...", "+254 712 ...": a telephone number with its country code
        if (p.value or 0) <= 120 and left.endswith(_AGE_TAILS) and _WAS_AGE_LEFT_RE.search(left) \
                and _WAS_AGE_RIGHT_RE.match(right):
            return True
        if tail.endswith("of ") and "out" in tail and _OUT_OF_LABEL_RE.search(left):
            return True
        if (p.value or 0) <= 120 and tail.endswith(" as ") and _AS_AGE_RE.search(left):
            return True  # "as young as 17"
        if len(dig) == 2 and tail and tail[-1] in "‘'’" and not tail[-2:-1].isalnum():
            return True  # "in ‘16": a year
        if (p.value or 0) <= 120 and _AGE_END_RE.match(right) and (
                _AGE_LIST_RE.search(left) or ("age" in left and _AGE_WAS_RE.search(left))):
            return True  # "John and Brian, 22 and 19, ...", "the average age was 18"
        if (p.value or 0) <= 120 and (_NOW_AGE_RE.search(tail) and _NOW_AGE_RIGHT_RE.match(right)
                                      or _OVER_AGE_RIGHT_RE.match(right) and _GROUP_BEFORE_RE.search(left)):
            return True  # "Now 52 and back in ...", "those 45 and over": ages
        if _SPLIT_RIGHT_RE.match(right) or (tail.endswith(("to-", "to–")) and _SPLIT_LEFT_RE.search(tail)):
            return True  # "a 5-to-4 vote": a split, not two tallies
    if left.endswith(("/", "#", "№")) or (left[-1:] in ".,:" and left[-2:-1].isdigit()):
        return True
    if dig and (len(dig) > 1 and dig[0] == "0" and dig[1].isdigit() or (not p.currency and not p.has_scale and (
            _CODE_RIGHT_RE.match(right) or (left[-2:-1].isdigit() and _CODE_LEFT_RE.search(left))))):
        return True
    # "one", "a", bare word zero
    if not dig and not p.has_scale and _ONE_RE.match(raw):
        if not (raw.lower() == "one" and _one_counts(left, right)):
            return True
    # dates, times
    if _MONTH_BEFORE_RE.search(left) or (dig and _MONTH_AFTER_RE.match(right)):
        return True
    if _TIME_AFTER_RE.match(right):
        return True
    # years: four digits without comma, no currency, not a percentage
    if dig and not p.currency and not p.percent and not p.has_scale and re.fullmatch(r"\d{4}", dig):
        v = int(dig)
        if _YEAR_RANGE[0] <= v <= _YEAR_RANGE[1] and not (
                _HEDGE_BEFORE_RE.search(left) and re.match(r"^\s+[a-z]+s\b", right)
                and not _DURATION_AFTER_RE.match(right)):
            return True
    # decades, ages, durations
    if _AGE_AFTER_RE.match(right):
        return True
    if not p.currency and not p.percent and (_DURATION_AFTER_RE.match(right) or _DURATION_RANGE_RE.match(right)):
        if not _frequency(right, p.value) and not (
                _COMPARED_FROM_RE.search(left) and _FREQ_BEFORE_RE.search(text, max(0, s - 200), s)):
            return True  # ("three days a week, up from two days" keeps the earlier frequency)
    if dig and not p.currency and not p.percent and not p.has_scale and p.value is not None and p.value <= 120 \
            and _AGE_BEFORE_RE.search(left) and _AGE_END_RE.match(right):
        # "Oksana Dovhal, 29," ; "Mr. Kornev, 21, and" ; "turned 20,"
        if left.rstrip().endswith(",") or re.search(r"(?:aged?|ages|turned|turns|turning|age of)\s+$", left, re.I):
            return True
    if dig and not p.currency and not p.percent and not p.has_scale and (p.value or 0) <= 120 \
            and left.endswith(", ") and _AGE_END_RE.match(right):
        mn = _PERSON_NOUN_COMMA_RE.search(left)
        if mn and (mn.group(1).lower() in _PERSON_SINGULAR or mn.group(1).lower() in _KINSHIP):
            return True  # "her son, 19, ...", "a farmer, 52, said": an age in apposition
    # names with numbers: Group of 7, Article 5, Route 66
    if not p.currency and not p.percent and (_NAME_PREFIX_RE.search(left) or _NAME_SUFFIX_RE.match(right)
                                             or (dig and left.endswith((" and ", ", ", " or ", " & "))
                                                 and _LABEL_LIST_RE.search(left))):
        return True
    if dig and not p.currency and not p.percent and (p.value or 0) <= 120 and "ge" in left \
            and _AGE_RANGE_RE.search(left):
        return True
    # anaphoric small word numbers: "the two", "these three"
    if not dig and not p.has_scale and (p.value or 0) <= 20 and _ANAPHORA_RE.search(left) \
            and (not _NOUN_AFTER_RE.match(right) or _SIDES_RE.match(right)):
        return True
    # "Pavel Kornev and Ilya Serov, two young conscripts": counts the names just given
    if not dig and re.search(r"[A-Z][\w’'-]+\s+and\s+(?:[A-Z][\w’'.-]+\s+)*[A-Z][\w’'-]+,\s+$", left):
        return True
    # "marriage between two women": a relation, not a tally ("between 400 and 900" is merged earlier)
    if not dig and (p.value or 0) <= 3 and _BETWEEN_RE.search(left) and not re.match(r"^\s+(?:and|to)\s", right) \
            and not re.match(r"^\s+\w+\s+and\s+(?:\d|" + "|".join(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]) + r")\b", right):
        return True
    # idioms: "in two", "in half"
    if not dig and _IN_TWO_RE.search(left) and re.match(r"^\s*(?:[,.;:)—-]|and\b|$)", right):
        return True
    # subscription offers: "$0.50/week", "$1 a week for the first year"
    if p.currency:
        if re.match(r"^\s*(?:/|per\s+|a\s+)(?:week|wk|month|mo|year|yr)\b", right, re.I) and \
                _SUBSCRIBE_RE.search(text[max(0, s - 200):e + 200]):
            return True
    return False


_TIME_UNIT_ALT = _alt(_EXC["time_units"])
_FREQUENCY_RE = re.compile(
    rf"^[\s-]+(?:{_TIME_UNIT_ALT}|times|shifts|sessions|visits|meals|doses|trips)\s+(?:a|per|each|every)\s+(day|week|month|year|fortnight)\b",
    re.I)
# "24 hours a day", "seven days a week": the whole of a period, an idiom for "always", not a frequency
_WHOLE_PERIOD = {("day", 24), ("week", 7), ("year", 365), ("year", 12), ("year", 52)}


def _millions_after(left: str, right: str) -> bool:
    """"1.3m people": millions; after "the" or a possessive only with a noun known to be counted
    ("the 1.5m Palestinians", "the 1.3m people"), since "the 400m hurdles" is a race."""
    if not left.endswith(("the ", "’s ", "'s ")):
        return True
    w = right.split(None, 1)[0] if right.strip() else ""
    return w[:1].isupper() or w.lower() in _NOUN_CAT


_FREQ_BEFORE_RE = re.compile(r"\b(?:a|per|each|every)\s+(?:day|week|month|year|fortnight)\b")


def _frequency(right: str, value) -> bool:
    """"three days per week", "twice a month": an explicit frequency is a count, not a duration."""
    mf = _FREQUENCY_RE.match(right)
    return bool(mf) and (mf.group(1).lower(), value) not in _WHOLE_PERIOD


# singular nouns for people: "one person", "at least one child"; the plural lexicon gives the rest
_PERSON_SINGULAR = frozenset(w.lower() for w in _CATS.get("person_singular", [])) | frozenset(
    n[:-1] for c in ("people", "personnel", "detained", "hostages", "displaced") for n in _CATS["nouns"].get(c, [])
    if n.endswith("s") and " " not in n and n[:1].islower())
_ONE_LEFT_BLOCK_RE = re.compile(r"(?<![\w-])(?:no|any|every|each|the|this|that|which|what|some|anyone|everyone|one)\s+$", re.I)
_ONE_VERB_RE = re.compile(r"^\s+(?:(?:was|is|has\s+been|had\s+been|were)\s+)?([a-z]+(?:ed|en|ied|died|lost))\b")
# "the two sides": the parties to something, said as a pronoun would be
_SIDES_RE = re.compile(r"\s+sides\b")
_NOUN_AFTER_RE = re.compile(r"^\s+(?:[a-z][\w’'-]*\s+){0,2}?(?:[a-z][\w’'-]*[^s’'\W]s|men|women|children|people|police|staff)\b"
                            r"(?!\s+(?:of|the|a|an|his|her|its|their|our|this|that|these|those)\b)")


_PERSON_NOUN_COMMA_RE = re.compile(r"(?<![\w-])([a-z]+),\s+$")
_KINSHIP = frozenset(w.lower() for w in load_list("kinship.txt"))


def _one_counts(left: str, right: str) -> bool:
    """"one person", "at least one child", "one electrocuted": "one" counting someone, not the pronoun."""
    if _ONE_LEFT_BLOCK_RE.search(left):
        return False
    mw = re.match(r"^\s+([a-z][\w-]*)\b(?!\s+of\b)", right)
    if not mw:
        return False
    w = mw.group(1)
    if w in _PERSON_SINGULAR and not re.match(r"^\s+[a-z][\w-]*(?:’s|'s)", right):
        return True
    mv = _ONE_VERB_RE.match(right)
    if mv and mv.group(1) in _PARTICIPLE_CAT and _PARTICIPLE_CAT[mv.group(1)] in _STRONG_CUES:
        return True
    mc = _RIGHT_CUE_RE.match(right.lstrip())
    return bool(mc and _cat_of(mc, _RIGHT_CUE_NAMES) in ("killed", "wounded", "missing"))


def _dash_range(text: str, s: int, e: int, right: str) -> bool:
    """"60-80 per cent": this figure opens a range written with a dash."""
    md = _DASH_RANGE_RIGHT_RE.match(right)
    if not md:
        return False
    ma = _DIGITS_RE.search(text, s, e)  # the figure without its sign or "%": "12.5%-15%"
    try:
        a, b = float(ma.group(0).replace(",", "")), float(md.group(1).replace(",", ""))
    except (ValueError, AttributeError):
        return False
    return a < b and not _NAME_PREFIX_RE.search(text, max(0, s - 40), s) and not _MONTH_BEFORE_RE.search(text, max(0, s - 12), s)


def _dash_range_end(text: str, s: int, p: Parsed) -> bool:
    """The second figure of a dashed range ("60-80 per cent")."""
    ml = _DASH_RANGE_LEFT_RE.search(text, max(0, s - 20), s)
    if not ml:
        return False
    a0 = ml.start(1)
    return _dash_range(text, a0, ml.end(1), text[ml.end(1):ml.end(1) + 40])


_ORDINAL_NOUN_RE = re.compile(r"\s+(?:[a-z]+-[a-z]+\s+)?([a-z]+)\b")
_ORDINAL_FRACS = frozenset({"third", "quarter", "fifth", "tenth"})


def _keep_fraction(m: re.Match, left: str, right: str) -> bool:
    raw = m.group(0).lower()
    if m.group("half") and re.search(r"(?:^|[.;:—–]\s*|,\s+|\b(?:and|but|while|whereas)\s+)$", left) and \
            re.match(r"^\s+(?:have|had|are|were|said|say|says|live|lived|earn|earned|work|worked|own|owned|"
                     r"support|supported|oppose|opposed|want|wanted|voted|expect|expected|believe|believed|think|thought)\b",
                     right):
        return True  # "...; half have incomes under $25,000": a share as the subject
    # ordinal or time use: "the first half of 2024", "a year and a half", "a quarter century"
    if re.search(r"(?:first|second|last|latter|other|final)\s+$", left, re.I):
        return False
    if re.search(r"\band\s+(?:an?\s+)?$", left, re.I) and raw.startswith("half"):
        return False
    if raw in ("a half", "one half") and re.search(r"\band\s+$", left, re.I):
        return False
    if _DURATION_AFTER_RE.match(right) or re.match(r"^[\s-]+(?:mile|century|hour|kilometer|marathon|time|brother|sister|life|hearted|way|court|back|dozen)", right, re.I):
        return False
    if re.match(r"^-", right):
        return False
    if not m.group("half") and raw.split()[-1] in _ORDINAL_FRACS and re.match(r",\s+[A-Z]", right):
        return False  # "And a third, Mira Olsen, said": an ordinal
    mo = _ORDINAL_NOUN_RE.match(right)
    if mo and not m.group("half") and raw.split()[-1] in _ORDINAL_FRACS and (
            mo.group(1) in _NOUN_CAT or mo.group(1) in _PERSON_SINGULAR or mo.group(1) + "s" in _NOUN_CAT
            or (mo.group(1).endswith("y") and mo.group(1)[:-1] + "ies" in _NOUN_CAT)):
        return False  # "a third aircraft", "a fifth person": an ordinal
    if m.group("half"):
        # bare "half" only as a share: "about half of", "half the", "more than half", "cut by half",
        # or a subject: "...; half have incomes under ..."
        if re.search(r"(?<![\w-])by\s+$", left) and re.match(r"^\s*(?:[,.;:)—–-]|and\b|or\b|in\b|over\b|by\b|from\b|to\b|$)", right):
            return True
        if re.match(r"^\s+(?:of|the|a|an|its|their|his|her|as)\b", right, re.I) or _HEDGE_BEFORE_RE.search(left):
            return not re.match(r"^\s+an?\s+(?:hour|day|year|week|month|mile|dozen|century|decade|second|minute)", right, re.I)
        return False
    return True


def _merge_ranges(text: str, cands: list[_Cand]) -> list[_Cand]:
    """"between 400 and 900", "20 to 30", "two or three" -> one range."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        if i + 1 < len(cands) and a.p.kind == "exact":
            b = cands[i + 1]
            gap = text[a.nend:b.nstart]
            mj = _JOIN_RE.fullmatch(gap)
            if mj and b.p.kind == "exact" and a.value is not None and b.value is not None:
                joiner = mj.group(1).lower()
                left = text[max(0, a.nstart - 20):a.nstart]
                between = bool(_BETWEEN_RE.search(left))
                ok = (joiner == "and" and between) or (joiner in ("to", "or", "-", "–") and not _FROM_RE.search(left)) \
                    or (joiner in ("to", "-", "–") and between)
                if joiner in ("-", "–") and not (a.p.is_word == b.p.is_word):
                    ok = False
                lo, hi = float(a.value), float(b.value)
                if ok and b.p.has_scale and not a.p.has_scale and lo < 1000:
                    scale = _scale_of(b)
                    if scale:
                        lo *= scale
                if (a.p.percent and not b.p.percent) or (a.p.currency and b.p.percent):
                    ok = False  # "rose 2.1 percent to $48.16": a change and a price
                if a.p.currency and not b.p.currency and b.p.has_scale and not a.p.has_scale and joiner != "and":
                    b.p.currency = a.p.currency  # "Rs 10-15 crore", "$2 to 3 million": one currency for both
                if ok and lo < hi and (a.p.currency or None) in (None, b.p.currency):
                    a.low, a.high, a.value = tidy(lo), tidy(hi), None
                    a.qualifier = "range"
                    a.p.currency = a.p.currency or b.p.currency
                    a.p.percent = a.p.percent or b.p.percent
                    a.nend = a.end = b.end
                    if between:
                        a.start = a.nstart - len(_BETWEEN_RE.search(left).group(0))
                    a.p.kind = "range"
                    out.append(a)
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


_DIGITS_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _scale_of(c: _Cand) -> float | None:
    """The scale a figure's value carries: "15 crore" 10,000,000, "3 million" 1,000,000."""
    v = c.p.value
    md = _DIGITS_RE.search(c.p_text) if c.p_text else None
    if v is not None and md:
        d = float(md.group(0).replace(",", ""))
        if d and v / d >= 10 and abs(v / d - round(v / d)) < 1e-6:
            return round(v / d)
    for k in (1e12, 1e9, 1e6, 1e3):
        if v is not None and v >= k and (v / k) < 1000:
            return k
    return None


# --------------------------------------------------------------------------
# hedges and the noun phrase

_TO_MORE_RE = re.compile(
    rf"\s+to\s+(?:{_alt(p for p, q in _HEDGE_OF.items() if q == 'more_than' and ' ' in p or p in ('over', 'above'))})\s", re.I)


def _hedge(text: str, c: _Cand) -> None:
    if c.qualifier == "range" and c.p.kind != "vague":
        return
    left = text[max(0, c.start - 40):c.start]
    if c.p.kind == "exact" and _FROM_RE.search(left) and _TO_MORE_RE.match(text, c.end, c.end + 40):
        c.qualifier = "at_least"  # "rents from $900 to over $4,000": the floor of an open range
        return
    mh = _HEDGE_BEFORE_RE.search(left)
    if mh:
        hw = re.sub(r"\s+", " ", mh.group(1).lower())
        blockers = _PARTICLE_BLOCK.get(hw)
        if blockers:
            prevw = re.search(r"([\w’'-]+)\W*$", left[:mh.start()])
            if prevw and prevw.group(1).lower() in blockers:
                return
        q = _HEDGE_OF[hw]
        # "over" / "under" / "some" / "above" / "below" are hedges only right before a number
        c.start -= len(left) - mh.start()
        if c.p.kind == "vague":
            # "at least dozens": keep the vague range, qualifier stays range
            c.start = c.nstart
            return
        c.qualifier = q


_SUFFIX_HEDGE_OF = {w: q for q, ws in _HEDGES.get("suffixes", {}).items() for w in ws}
_SUFFIX_HEDGE_RE = re.compile(rf"[-\s]({_alt(_SUFFIX_HEDGE_OF) or '(?!)'})\b(?![-’']|\s+(?:\d|[a-z]+\s+\d))")


def _noun_phrase(text: str, c: _Cand) -> None:
    if c.p.kind == "exact" and not c.p.percent:
        ms = _SUFFIX_HEDGE_RE.match(text, c.nend)
        if ms:  # "200-odd people", "500-plus delegates"
            if c.qualifier == "exact":
                c.qualifier = _SUFFIX_HEDGE_OF[ms.group(1).lower()]
            c.nend = c.end = ms.end()
    pos = c.nend
    if c.p.kind == "multiplier":
        mm = re.match(r"\s+(?:as\s+(?:many|much|large|big|high|likely)(?:\s+as)?|the|its|their|that|what|his|her|our|this)\b", text[pos:pos + 30], re.I)
        if mm:
            pos += mm.end()
    elif c.p.kind == "exact" and not c.p.currency and not c.p.percent:
        mt = re.match(r"\s+times\s+(?:as\s+\w+|more|larger|bigger|higher|greater|the|that|faster|smaller|less|fewer|longer|lower|over)\b", text[pos:pos + 30], re.I)
        if mt:
            c.p.kind = "multiplier"
            c.end = c.nend = pos + mt.end()
            return
    mm = _MORE_RE.match(text, pos)
    if mm:
        nxt = _WORD_RE.match(text, mm.end())
        if nxt and nxt.group(1).lower() not in _NP_STOP:
            pos = mm.end()  # "two more crossings", "three fewer beds": the noun after the comparative is counted
    mo = _OF_RE.match(text, pos)
    if mo and mo.end() > pos:
        # partitive or "dozens of X" / "97 percent of the group's entries"
        nxt = _WORD_RE.match(text, mo.end())
        if nxt and nxt.group(1).lower() not in _NP_STOP:
            pos = mo.end()
        else:
            mo = None
    words: list[str] = []
    head_i = -1
    end = c.nend if not mo else pos
    wpos = pos
    full_stop = False
    for _ in range(5):
        mw = _WORD_RE.match(text, wpos) if not full_stop else None
        if not mw:
            break
        w = mw.group(1)
        wl = w.lower().rstrip(".")
        if w.endswith(".") and wl not in _ABBREV:
            w = w[:-1]
            full_stop = bool(_SENTENCE_NEXT_RE.match(text, mw.end(1)))  # "3 team. Costs ...", not "3 sq. km"
        if wl in _NP_STOP:
            break
        if head_i >= 0:
            # extend a compound only with another noun ("police officers", "Forces members")
            if wl in _NOUN_CAT and not w[0].isupper():
                words.append(w)
                head_i = len(words) - 1
                end = mw.start(1) + len(w)
                wpos = mw.end()
                continue
            break
        words.append(w)
        end = mw.start(1) + len(w)
        wpos = mw.end()
        if wl in _NOUN_CAT or wl in _UNITS_OTHER or wl in _PARTICIPLE_CAT or _is_plural(w):
            if w[0].isupper() and not _is_demonym_plural(w):
                # "Hamas militants", "Armed Forces members": capitalised modifier
                nxt = _WORD_RE.match(text, wpos)
                if nxt and nxt.group(1)[0].islower() and nxt.group(1).lower() not in _NP_STOP:
                    continue
            head_i = len(words) - 1
            if wl in _PARTICIPLE_CAT and len(words) == 1 and wl not in _NOUN_CAT:
                break  # "45,000 killed": the category word itself
        if len(words) >= 4 and head_i < 0:
            break
    if head_i < 0:
        if words and (c.p.percent or c.p.currency) and len(words) <= 2:
            head_i = len(words) - 1
            if head_i == 1 and words[1].lower().endswith("ed") and words[1].lower() not in _NOUN_CAT:
                # "a Tk 2,000 crore project stalled": the verb after the noun is no part of it
                words = words[:1]
                end = text.index(words[0], pos) + len(words[0])
        else:
            words = []
            end = c.nend
    else:
        words = words[:head_i + 1]
    if words and words[-1].lower() not in _NOUN_CAT and c.p.is_word and \
            _COLLECTIVE_RE.search(text, max(0, c.start - 60), c.start):
        words, end = [], c.nend  # "the mother of five sells ...": a verb, not what is counted
    c.np_words = words
    c.head = words[-1] if words else None
    c.np_end = end if words else c.nend
    c.end = max(c.end, c.np_end)
    # trailing hedge: "25 percent levy or higher", "100 people or more"
    mh = _HEDGE_AFTER_RE.match(text[c.end:c.end + 25])
    if mh and c.qualifier == "exact":
        c.qualifier = _HEDGE_AFTER_OF[mh.group(1).lower()]
        c.end += mh.end()


def _is_plural(w: str) -> bool:
    wl = w.lower()
    if wl in _IRREGULAR_PLURALS:
        return True
    return len(wl) > 3 and wl.endswith("s") and not wl.endswith(("ss", "us", "sis", "’s", "'s", "ous", "ics"))


def _is_demonym_plural(w: str) -> bool:
    wl = w.lower()
    return wl in _DEMONYMS or (wl.endswith("s") and wl[:-1] in _DEMONYMS) or wl in _NOUN_CAT


# the earlier figure a change is measured from counts what the figure before it counts: "..., up from two"
_COMPARED_FROM_RE = re.compile(r",\s+(?:up|down)\s+from\s+$", re.I)


# a rate: "12 deaths per 100,000 people" is one figure of category other; its denominator is no count
_PER_RATE_RE = re.compile(r"\s*per\s+(?:\d|(?:one|a|every|each)\s+(?:hundred|thousand|million|billion)\b|hundred\b|thousand\b|million\b|capita\b|head\b)")
_PER_BEFORE_RE = re.compile(r"(?<![\w-])per\s+(?:every\s+)?$")
_CAPACITY_RE = re.compile(r"(?<![\w-])(?:room|space|capacity|seating|seats|beds|enough)\s+(?:for|of)\s+(?:up\s+to\s+|about\s+|some\s+)?$", re.I)
_ADJ_LEFT_CUE_RE = re.compile(rf"(?<![\w-])(?:{_alt(w for c in ('killed', 'wounded', 'detained', 'displaced', 'hostages') for w in _CATS['left_cues'].get(c, []) if ' ' not in w and w.lower() not in _LEFT_WEAK)})\s+$", re.I)
_FURTHER_RE = re.compile(r"(?<![\w-])(?:another|a\s+further|an\s+additional|a\s+further)\s+$", re.I)
# a bare figure after a capitalised word that is not a sentence opener: "Goals 7, 11", "Fox 35", "Sharknado 3"
_LABEL_BEFORE_RE = re.compile(
    r"(?:^|[^.!?:\s]\s*)(?<![\w’'-])([A-Z][\w’'&-]*)\s+(?:\d+\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s+))*$")
_NUMBERED_NAME_RE = re.compile(r"\s+[-–]\s+[A-Z][\w’'-]+\s+[A-Z]")
_LIST_MARK_RE = re.compile(r"^(?:[.):]\s|\s+[A-Z][\w’'-]+\s+[A-Z])")
_NUM_SUFFIX_ALT = _alt(_EXC["name_suffixes"])


def _strong_cue_after(right: str) -> bool:
    """"one starved to death", "three drowned": a fate right after the figure."""
    mc = _RIGHT_CUE_RE.match(right.lstrip())
    return bool(mc and _cat_of(mc, _RIGHT_CUE_NAMES) in ("killed", "wounded", "missing"))


def _drop_after_np(text: str, c: _Cand) -> bool:
    """Late exclusions that need the noun phrase."""
    if c.p.kind == "exact" and c.p.is_word and not c.np_words and not c.p.currency and not c.p.percent:
        # a bare word number that counts nothing we can see: "The two meet"
        right = text[c.nend:c.nend + 30]
        left = text[max(0, c.nstart - 30):c.nstart]
        if not re.match(r"^\s+(?:were|are|was|is|have|had|has|of|still|remain|remained|died|killed|more|would|will|followed)\b", right, re.I) \
                and not _COLLECTIVE_RE.search(left) and not _COMPARED_FROM_RE.search(left) \
                and not _FURTHER_RE.search(left) and not _ADJ_LEFT_CUE_RE.search(left) \
                and not _strong_cue_after(right):
            return True
        if _ANAPHORA_RE.search(left) and (c.value or 0) <= 20:
            return True  # "the two were": who the two are was said before
    if c.p.kind == "exact" and not c.p.is_word and not c.np_words and not c.p.currency and not c.p.percent \
            and not c.p.unit and not c.p.has_scale:
        left = text[max(0, c.nstart - 60):c.nstart]
        right = text[c.nend:c.nend + 40]
        ml = _LABEL_BEFORE_RE.search(left)
        if ml and ml.group(1).lower() not in _HEDGE_OF and ml.group(1).lower() not in _LABEL_OK:
            return True
        if _SENT_OPEN_RE.search(text, max(0, c.nstart - 6), c.nstart) and _LIST_MARK_RE.match(right):
            return True  # a list's numbering: "5. Mara Quist", "8 Owen Tarrant"
        if _NUMBERED_NAME_RE.match(right):
            return True  # a line-up: "9 - Tomas Ruiz, 10 - Ken Ade"
        ma = re.match(r"^\s+([A-Z][\w’'-]+)\b", right)
        if ma and re.search(rf"(?<![\w,.]){re.escape(text[c.nstart:c.nend])}\s+{re.escape(ma.group(1))}\s+(?:[A-Z][\w’'-]*\s+)?(?:{_NUM_SUFFIX_ALT})(?![\w])",
                            text, re.I):
            return True  # "300 Kellow" after "300 Kellow Street": an address
    return False


# capitalised words a bare figure may follow as a count: sentence openers, weekdays, months are handled apart
_LABEL_OK = frozenset("""in on at by for from of to and or but as than with about nearly some only just over under
among between after before since during until including all the a an another total another""".split()) | \
    frozenset(_EXC["weekdays"]) | frozenset(_EXC["months"])


# --------------------------------------------------------------------------
# categories

def _categorise(text: str, c: _Cand, sent: tuple[int, int], same: _Cand | None, near: _Cand | None) -> None:
    p = c.p
    if p.currency:
        c.category = "money"
        return
    if p.percent:
        c.category = "percent"
        return
    if p.kind in ("fraction", "multiplier") or p.unit:
        c.category = "other"
        return
    if c.head and c.head.lower() in _CUR_AFTER_LOWER:
        c.category = "money"  # "millions of dollars"
        return
    if c.head and c.head.lower() in SCALES and _OF_CURRENCY_RE.match(text, c.np_end):
        c.category = "money"  # "thousands of crores of rupees", "hundreds of millions of euros"
        return
    if not c.head:
        mh = re.match(r"-([a-z]+)\b", text[c.nend:c.nend + 30])
        if mh:  # "a 30-page ruling", "a 12-member jury": the compound names what is counted
            c.category = "people" if mh.group(1) in _PERSON_SINGULAR or mh.group(1) == "strong" else "other"
            return  # "a 5,000-strong crowd": so many people
    if not c.head and text.startswith((" head of ", " heads of "), c.nend):
        c.category = "other"  # "40 head of cattle"
        return
    if _CAPACITY_RE.search(text, max(0, c.start - 30), c.start):
        c.category = "other"  # "space for 800 guests": a capacity, not a crowd
        return
    s0, s1 = sent
    after = text[c.np_end:min(s1, c.np_end + 90)]
    if _RATIO_RE.match(after.lstrip(" ,")) or re.match(r"^[^.;]{0,40}?\bfor every\b", after) or _PER_RATE_RE.match(after):
        c.category = "other"
        return
    head = c.head.lower() if c.head else None
    noun_cat = None
    if head in _LIVES_NOUNS and (_LIVES_BEFORE_RE.search(text, max(s0, c.start - 30), c.start)
                                 or _LIVES_AFTER_RE.match(text, c.np_end, min(s1, c.np_end + 40))):
        c.category, c.cue = "killed", None  # "claimed 45 lives", "Thirty lives were lost"
        return
    if head:
        if len(c.np_words) >= 2:
            noun_cat = _NOUN_CAT.get((c.np_words[-2] + " " + c.np_words[-1]).lower())
        if noun_cat is None:
            noun_cat = _NOUN_CAT.get(head)
        if noun_cat is None:
            noun_cat = _compound_cat(head)
        if noun_cat is None and head in _UNITS_OTHER:
            noun_cat = "other"
            c.unit_other = True
        if noun_cat is None and head in _PARTICIPLE_CAT:
            noun_cat = _PARTICIPLE_CAT[head]
        if noun_cat is None and c.np_words[-1][0].isupper() and _is_demonym_plural(c.np_words[-1]):
            noun_cat = "people"
        if noun_cat in (None, "people"):
            for w in c.np_words[:-1]:
                mc = _MODIFIER_CAT.get(w.lower()) or _MODIFIER_CAT.get(w.lower().rsplit("-", 1)[-1])
                if mc:
                    noun_cat = mc
                    c.cue = w
                    break
    # things are things, whatever the verb
    if noun_cat == "other":
        c.category = "other"
        return
    # category words in the noun slot ("45,000 killed", "318 deaths")
    if noun_cat in ("killed", "wounded", "missing") and (head in _PARTICIPLE_CAT or head in _NOUN_CAT):
        c.category = noun_cat
        return
    # verbs in the predicate after the noun phrase
    right_cat, right_txt = _right_cue(text, c, s1, tight=not head and same is not None)
    left_cat, left_txt = _left_cue(text, c, s0)
    if not head:
        coll = _COLLECTIVE_RE.search(text[max(s0, c.start - 60):c.start])
        if coll:
            # "a family of nine", "a fleet of 100": the collective is what is counted
            c.np_words = [coll.group(1)]
            c.head = coll.group(1)
            c.start = max(s0, c.start - 60) + coll.start()
            c.category = left_cat or right_cat or _NOUN_CAT.get(coll.group(1).lower(), "people")
            if c.category == "other" or coll.group(1).lower() in ("fleet", "network", "list", "union", "alliance", "coalition"):
                c.category = left_cat or "other"
            c.cue = left_txt or right_txt
            return
        if left_cat and not right_cat and _ADJ_LEFT_CUE_RE.search(text, max(s0, c.start - 30), c.start):
            c.category, c.cue = left_cat, left_txt  # "... and injured five": the verb right before it
            return
        subj = _subject_cue(text, c, s0, tight=True)
        if subj and not right_cat:
            c.category = subj  # "..., as the death toll rose to 57": the clause's own subject
            return
        if left_cat == "other" and not right_cat:
            c.category = "other"  # "... and build another four": built, opened or closed, so things
            return
        if same is not None and same.category and not right_cat:
            c.category = same.category
            c.cue = same.head
            return
        if same is not None and same.category and right_cat and re.search(r"(?<![\w-])(?:of|among)\s+$", text[max(s0, c.start - 10):c.start]):
            c.category = same.category
            return
    if noun_cat and noun_cat not in ("people",) and right_cat not in _STRONG_CUES:
        right_cat = None
    if right_cat:
        c.category = right_cat
        c.cue = right_txt
        return
    if left_cat and (noun_cat in (None, "people") or (left_cat in _STRONG_CUES and left_txt.lower() not in _LEFT_WEAK)):
        c.category = left_cat
        c.cue = left_txt if left_cat != "other" else None  # "close another three": things, no fate to name
        return
    if noun_cat in (None, "people"):
        subj = _subject_cue(text, c, s0, tight=True)
        if subj in ("killed", "wounded", "missing", "displaced", "detained", "hostages"):
            c.category = subj  # "the death toll rose to 31 people"
            return
    if noun_cat:
        c.category = noun_cat
        return
    if not head:
        if same is not None and same.category:
            c.category = same.category
            return
        if c.start >= 0:
            coll = _COLLECTIVE_RE.search(text[max(s0, c.start - 40):c.start])
            if coll and coll.group(1).lower() in ("family", "household", "crowd", "population", "group"):
                c.category = "people"
                c.np_words = [coll.group(1)]
                return
        subj = _subject_cue(text, c, s0)
        if subj:
            c.category = subj
            return
        if near is not None and near.category and near.category not in ("money", "percent"):
            c.category = near.category
            return
        c.category = "other"
        return
    c.category = "other"


_NEXT_COUNT_RE = re.compile(
    rf"\s+(?:(?:more\s+than|at\s+least|about|around|some|nearly|almost|over|another|a\s+further|up\s+to|as\s+many\s+as)\s+)?"
    rf"(?:\d|(?:{_alt(w for k in list(WORDVAL) + ['dozens', 'hundreds', 'thousands', 'scores', 'several'] for w in (k, k.capitalize()))})\b)")
_NEXT_CLAUSE_RE = re.compile(
    rf"\s(?:and|but|while|whereas)\s+(?:(?:another|more\s+than|at\s+least|about|some|nearly|over)\s+)?"
    rf"(?:{_alt(w for k in list(WORDVAL) + ['dozens', 'scores', 'hundreds', 'thousands', 'several', 'many', 'others'] for w in (k, k.capitalize()))})\b")
_OBJECT_AFTER_RE = re.compile(r"\s+(?:a|an|the|his|her|their|its|our|one|several|many|some|dozens|scores|hundreds)\s")
# the predicate must start right after a figure with no noun of its own ("..., four were wounded")
_TIGHT_RE = re.compile(r"^\s*(?:(?:were|was|are|is|have|has|had|been|being|still|later|also|reportedly|were\s+later|are\s+still|remain|remained)\s+){0,3}$")


def _compound_cat(head: str) -> str | None:
    """The category of a compound head from its last part: "uber-volunteers", "superdelegates", "farmworkers"."""
    if "-" in head:
        return _NOUN_CAT.get(head.rsplit("-", 1)[1])
    for i in range(2, len(head) - 6):
        cat = _NOUN_CAT.get(head[i:])
        if cat is not None:
            return cat
    return None


# an aside between the counted phrase and its predicate: ", including five children,", ", most of them women,"
_ASIDE_RE = re.compile(r",\s+(?:including|among\s+them|most\s+of\s+them|many\s+of\s+them|some\s+of\s+them|"
                       r"all\s+of\s+them|half\s+of\s+them|mostly|mainly|both|among\s+whom)\b[^,.;:()—]{1,80},(?=\s)")


def _right_cue(text: str, c: _Cand, s1: int, tight: bool = False) -> tuple[str | None, str | None]:
    base = c.np_end
    mp = _ASIDE_RE.match(text, base, s1)
    if mp:
        base = mp.end()  # "Twelve people, including five children, were killed": past the aside
    seg = text[base:min(s1, base + 110)]
    # stop at the next clause: punctuation (not quote marks) or another number
    mstop = re.search(r"[.;:()—]|,(?!\s*(?:and\s+)?(?:were|was|have|had|are|is)\b)|\s(?:and|but)\s+(?:the\s+)?(?:\d|[A-Z])|\d", seg)
    if mstop:
        seg = seg[:mstop.start()]
    mnext = _NEXT_CLAUSE_RE.search(seg)
    if mnext:  # "... were injured and three killed": the next figure's clause
        seg = seg[:mnext.start()]
    words = seg.split()
    if len(words) > 9:
        seg = " ".join(words[:9])
    found: dict[str, str] = {}
    for m in _RIGHT_CUE_RE.finditer(seg):
        # skip active gerunds/verbs governed by a preposition: "for killing"
        before = seg[:m.start()].split()[-1:] if m.start() else []
        if before and before[0].lower() in ("for", "by", "of", "against"):
            continue
        if tight and not _TIGHT_RE.match(seg[:m.start()]):
            continue
        if _NEXT_COUNT_RE.match(text, base + m.end()):
            continue  # "killed 12 people and injured 40": the verb is the next figure's
        if before and before[0].lower() == "and" and _OBJECT_AFTER_RE.match(text, base + m.end()):
            continue  # "abducted 25 students and killed a guard": an active verb with an object of its own
        for name, cat in _RIGHT_CUE_NAMES.items():
            if m.group(name):
                found.setdefault(cat, m.group(0))
                break
    if found:
        # a list of fates: "killed, maimed and driven out ..." / "dead or wounded"
        last_end = max(m.end() for m in _RIGHT_CUE_RE.finditer(seg)) if seg else 0
        more = text[base + last_end:base + last_end + 40]
        mm = re.match(r"^(?:,\s*|\s+(?:and|or)\s+|,\s+(?:and|or)\s+)(\w+)", more)
        if mm:
            m2 = _RIGHT_CUE_RE.match(mm.group(1))
            if m2 and not _NEXT_COUNT_RE.match(text, base + last_end + mm.end()):
                found.setdefault(_cat_of(m2, _RIGHT_CUE_NAMES), m2.group(0))
    elif tight:
        return None, None
    else:
        loose = text[base:min(s1, base + 110)]
        mstop = re.search(r"[.;:()]|,\s", loose)
        if mstop:
            loose = loose[:mstop.start()]
        for m in _RIGHT_CUE_RE.finditer(loose):
            if _cat_of(m, _RIGHT_CUE_NAMES) == "personnel":
                return "personnel", m.group(0)
        return None, None
    if "killed" in found and "wounded" in found:
        return None, None  # "killed, maimed and ...": mixed, fall back to the noun
    for cat in ("killed", "wounded", "missing", "hostages", "displaced", "detained", "other", "personnel"):
        if cat in found:
            return cat, found[cat]
    return None, None


def _left_cue(text: str, c: _Cand, s0: int) -> tuple[str | None, str | None]:
    seg = text[max(s0, c.start - 160):c.start]
    # adjacent: "killed 12", "detained 62", "the deaths of dozens of", "killing a family of"
    tail = seg[-60:]
    coll = _COLLECTIVE_RE.search(tail)
    if coll:
        tail = tail[:coll.start()]
    mm = None
    for m in _LEFT_CUE_RE.finditer(tail):
        mm = m
    if mm is not None:
        rest = tail[mm.end():]
        if len(rest.split()) <= 3 and not re.search(r"[.;:,]", rest) and \
                not re.search(r"\b(?:to|for|by|after|before|since|in|when)\s*$", rest.strip() + " ") :
            return _cat_of(mm, _LEFT_CUE_NAMES), mm.group(0)
    # coordinated: "killed three commanders ... as well as scores of", "arrested X, alongside four other"
    mconj = re.search(r"(?:as\s+well\s+as|alongside|along\s+with|together\s+with|in\s+addition\s+to|including)\s+$", seg, re.I)
    if mconj:
        last = None
        for m in _LEFT_CUE_RE.finditer(seg[:mconj.start()]):
            last = m
        if last is not None:
            return _cat_of(last, _LEFT_CUE_NAMES), last.group(0)
    return None, None


_ACCORDING_ASIDE_RE = re.compile(r",\s+(?:according\s+to|citing|quoting)\s+[^,;:.]{1,80},\s", re.I)


def _subject_cue(text: str, c: _Cand, s0: int, tight: bool = False) -> str | None:
    """"arrivals ... climbed to 1.4 million": the category of the clause's subject.
    ``tight``: only a subject a few words before the change verb ("the toll was up from 31")."""
    left = text[max(s0, c.start - 160):c.start]
    mc = _CHANGE_RE.search(left)
    if not mc:
        return None
    if "ccording" in left:  # "The death toll, according to the agency, rose to 41": the aside is no clause
        left = _ACCORDING_ASIDE_RE.sub(" ", left)
        mc = _CHANGE_RE.search(left)
    clause = re.split(r"[,;:]\s", left)[-1] if not left.rstrip().endswith(",") else left
    m = _SUBJECT_RE.search(clause)
    if m and tight and len(clause) - m.end() > len(left) - mc.start() + 16:
        return None
    if m:
        return _cat_of(m, _SUBJECT_NAMES)
    return None


def _cat_of(m: re.Match, names: dict[str, str]) -> str | None:
    for name, cat in names.items():
        if m.group(name):
            return cat
    return None


_CANON = {"killed": "killed", "wounded": "wounded", "missing": "missing", "displaced": "displaced",
          "detained": "detained", "hostages": "held hostage", "other": "lost"}


def _what(c: _Cand) -> str | None:
    words = list(c.np_words)
    if c.p.kind == "multiplier" and not words:
        return None
    phrase = " ".join(words)
    if c.cue and c.cue.lower() not in phrase.lower():
        if c.category in _CANON and (c.head or "").lower() not in _NOUN_CAT or \
                _NOUN_CAT.get((c.head or "").lower()) in ("people", "personnel", None):
            extra = _CANON.get(c.category) if c.category in _CANON else re.sub(r"[\s“”\"‘’]+", " ", c.cue)
            if extra and extra not in phrase.lower():
                phrase = (phrase + " " + extra).strip()
        elif not words:
            phrase = re.sub(r"[\s“”\"‘’]+", " ", c.cue)
    return phrase or None


# --------------------------------------------------------------------------
# claimants

_DEFINITE_SET_RE = re.compile(r"(?<![\w’'-])(?:[Tt]he|[Tt]hese|[Tt]hose)\s+$")


def _context(doc: _Doc) -> Context:
    """The attribution context of the article (built on first use)."""
    ctx = getattr(doc, "_attr_ctx", None)
    if ctx is None:
        ctx = doc._attr_ctx = Context(doc.text, doc.people, doc.orgs)
    return ctx


def _claimant(doc: _Doc, c: _Cand, sent: tuple[int, int], first: _Cand | None = None) -> tuple[str | None, bool]:
    """(claimant, inside): who the sentence says asserts the count (the
    attribution code of the quotes, ``attribution.claim_source``), else the
    claimant carried from the sentence before; ``inside`` when the count is
    part of a source's phrase ("according to four officials")."""
    if _DEFINITE_SET_RE.search(doc.text, max(0, c.start - 12), c.start) and c.category not in ("money", "percent") \
            and c.value is not None and c.value <= 20:
        return None, False  # "the two countries", "the 12 floors": a set already known, not a figure reported
    src, inside = claim_source(_context(doc), c.start, c.end)
    if src is not None:
        return src.name, False
    if inside:
        return None, True
    return _carried(doc, c, sent, first or c), False


# carrying across sentences -------------------------------------------------

def _continuation(doc: _Doc, s0: int, s1: int, first: _Cand) -> tuple[str, int]:
    """How sentence ``s0`` continues the one before: ("strong" | "weak" |
    "he"/"she"/"they" | "", position the cue must precede)."""
    text = doc.text
    if _OPENER_RE.match(text, s0, s1):
        return "strong", s0  # "Of those, 12 were children."
    ms = _SUBJ_OPENER_RE.match(text, s0, s1)
    if ms:
        w = ms.group(2)
        if ms.group(1) or w.lower() in _AUX_SET or w.lower() in _SUBJ_OPENER_VERBS or w.lower() in _VERBS_LOWER \
                or (w.islower() and w.endswith(("s", "ed"))):
            return "strong", s0  # "The toll includes 14 children." (not "The total cost ...")
    if s0 <= first.start <= s1:
        lead = text[s0:first.start]
        mo = _COUNT_OPENER_RE.match(lead)
        if mo and mo.end() == len(lead):
            return "strong", s0  # "Another 300,000 have fled abroad."
        ms = _SENT_START_RE.match(lead)
        if ms and ms.end() == len(lead) and _PARTITIVE_RE.match(text, first.nend, s1):
            return "strong", s0  # "Twelve of them were children."
    seg = text[s0:s1]
    if any(k in seg for k in _PRON_VERB_KEYS):
        mp = _PRON_VERB_RE.search(text, s0, s1)
        if mp:
            return mp.group(1).lower(), mp.end()  # "She recalled that the smugglers wanted $2,500."
    if any(k in seg for k in _BACKREF_KEYS) and _BACKREF_RE.search(text, s0, s1):
        return "weak", s0  # "Over the same period, 35 villages ..."
    return "", s0


def _carried(doc: _Doc, c: _Cand, sent: tuple[int, int], first: _Cand) -> str | None:
    """The claimant of the sentence before, when this one continues its report."""
    s0, s1 = sent
    cont = doc._carry_cache.get(s0)
    if cont is None:
        cont = _carry_sentence(doc, s0, s1, first)
        doc._carry_cache[s0] = cont
    kind, after, claimant = cont
    if claimant is None or c.nstart < after:
        return None
    mb = _CONTRAST_RE.search(doc.text, after, c.nstart)
    if mb and mb.start() > _SENT_START_RE.match(doc.text, s0, s1).end():
        return None  # "The figure could not be verified, but 20 journalists ..."
    return claimant


def _carry_sentence(doc: _Doc, s0: int, s1: int, first: _Cand) -> tuple[str, int, str | None]:
    """(kind of continuation, where its cue ends, claimant carried) for sentence ``s0``."""
    t = doc.text
    if not t[t.rfind("\n", 0, s0) + 1:s0].strip():
        # first sentence of a paragraph: look for a cue before splitting the paragraph above
        kind, after = _continuation(doc, s0, s1, first)
        if not kind or kind == "weak":
            return kind, after, None
        prev = _prev_sentence(doc, s0)
        if prev is None:
            return kind, after, None
        p0, p1, _crossed = prev
    else:
        p0, p1, _crossed = _prev_sentence(doc, s0)
        entries = doc._sent_counts.get(p0)
        if entries is not None and not any(cl for _s, cl, _i in entries):
            return "", s0, None  # nobody claims anything in the sentence before: nothing to carry
        kind, after = _continuation(doc, s0, s1, first)
        if not kind:
            return kind, after, None
    if kind in ("he", "she", "they"):
        return kind, after, _antecedent_in(doc, p0, p1, ("person",) if kind != "they" else ("org", "group"))
    return kind, after, _report_claimant(doc, p0, p1)


def _prev_sentence(doc: _Doc, s0: int) -> tuple[int, int, bool] | None:
    """The sentence before ``s0``, and whether a paragraph break lies between."""
    t = doc.text
    ps = t.rfind("\n", 0, s0) + 1
    if t[ps:s0].strip():
        a, b = doc.sentence(s0 - 1)
        return a, b, False
    j = ps - 1
    while j > 0 and t[j - 1].isspace():
        j -= 1
    if j <= 0:
        return None
    a, b = doc.sentence(j - 1)
    return a, b, True


def _report_claimant(doc: _Doc, p0: int, p1: int) -> str | None:
    """Who asserts what sentence ``p0`` reports: the claimant of its last count
    (None when the outlet states that count itself), else the attribution of
    the sentence's end."""
    entries = doc._sent_counts.get(p0)
    if entries:
        for _st, cl, inside in reversed(entries):
            if not inside:
                return cl
        return None
    b = p0 + len(doc.text[p0:p1].rstrip(" \t\n.!?”\"’)"))
    if b <= p0:
        return None
    src = find_source(_context(doc), b - 1, b)
    return src.name if src is not None else None


def _antecedent_in(doc: _Doc, p0: int, p1: int, kinds) -> str | None:
    """A claimant of sentence ``p0`` of one of ``kinds``: who it reports for
    first, else the latest one named."""
    main = _report_claimant(doc, p0, p1)
    if main and _claimant_kind(doc, main) in kinds:
        return main
    for _st, name, _inside in reversed(doc._sent_counts.get(p0, ())):
        if name and _claimant_kind(doc, name) in kinds:
            return name
    return None


def _claimant_kind(doc: _Doc, name: str) -> str:
    """person | org | group | desc, cheaply, from the name's shape."""
    persons, surnames, orgs = doc.names()
    if name in persons:
        return "person"
    if name in orgs:
        return "org"
    words = name.split()
    content = [w for w in words if w.lower() not in _NAME_FUNC]
    if not content:
        return "desc"
    if all(w[:1].isupper() for w in content):
        if len(content) == 1 and _is_plural(content[0]):
            return "group"  # "Officials said ..."
        if content[-1] in surnames:
            return "person"
        return "org"
    for i, w in enumerate(words[1:], 1):
        if w in ("of", "in", "for", "at", "on", "from"):
            words = words[:i]  # the head comes before its complement: "the coastguard in Halvik"
            break
    head = re.sub(r"[’']s?$", "", words[-1].lower())
    if head in _ORG_HEADS:
        return "org"
    if _is_plural(head):
        return "group"
    return "desc"


# --------------------------------------------------------------------------
# as of

_MIN_REF_YEAR = 1800  # earlier page dates are placeholders ("0001-01-01"), not publication dates


def _parse_ref(ref: str | None):
    if not ref:
        return None
    try:
        d = _dt.date.fromisoformat(ref[:10])
    except ValueError:
        return None
    return d if d.year >= _MIN_REF_YEAR else None


def _days_before(ref, days: int) -> str | None:
    try:
        return (ref - _dt.timedelta(days=days)).isoformat()
    except OverflowError:
        return None


def _as_of(doc: _Doc, c: _Cand, sent: tuple[int, int]) -> tuple[str | None, str | None]:
    text = doc.text
    s0, s1 = sent
    lo, hi = max(s0, c.start - 90), min(s1, c.end + 90)
    times = doc._time_cache.get(s0)
    if times is None:
        times = list(_TIME_RE.finditer(text, s0, s1))
        doc._time_cache[s0] = times
    best = None
    best_d = 61.0
    for m in times:
        if m.start() < lo or m.end() > hi or (c.start <= m.start() < c.end):
            continue
        start = m.start()
        pre = _TIME_PREFIX_RE.search(text, max(s0, start - 40), start)
        if m.group("year"):
            if not _YEAR_PREP_RE.search(text, max(s0, start - 30), start):
                continue
        if pre and pre.start() < start:
            start = pre.start()
        if start >= c.end:
            gap = text[c.end:start]
            d = (start - c.end) * (0.3 if not re.search(r"[,;:—]", gap) else 1.0)
        else:
            d = (c.start - m.end()) * 1.3
            if not text[s0:start].strip() and re.match(r"\s*,", text[m.end():m.end() + 3]):
                d = min(d, 40.0)  # sentence-initial "In 2022, ..." frames the whole sentence
        if d < best_d:
            best, best_d = (m, start), d
    if best is None:
        return None, None
    m, start = best
    phrase = text[start:m.end()].strip()
    return phrase, _resolve(doc, m, s0)


def _resolve(doc: _Doc, m: re.Match, s0: int) -> str | None:
    ref = doc.ref
    if m.group("year"):
        return m.group("year")
    if m.group("md"):
        mm = re.match(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?", m.group("md"))
        mon = _MONTH_NUM.get(mm.group(1).lower()[:4].rstrip(".")) or _MONTH_NUM.get(mm.group(1).lower()[:3])
        day = int(mm.group(2))
        year = int(mm.group(3)) if mm.group(3) else _year_for(ref, mon, day)
        if year is None or mon is None:
            return None
        try:
            return _dt.date(year, mon, day).isoformat()
        except ValueError:
            return None
    if m.group("my"):
        txt = m.group("my")
        mm = re.match(r"([A-Za-z]+)\.?(?:\s+(?:of\s+)?(\d{4}|(?:that|this|last|next)\s+year))?", txt)
        mon = _MONTH_NUM.get(mm.group(1).lower()) or _MONTH_NUM.get(mm.group(1).lower()[:3])
        if mon is None:
            return None
        y = mm.group(2)
        year = None
        if y and y.isdigit():
            year = int(y)
        elif y:
            year = _rel_year(doc, y.split()[0].lower(), m.start(), s0)
        else:
            year = _year_for(ref, mon, None)
        return f"{year:04d}-{mon:02d}" if year else None
    if m.group("wd"):
        if ref is None:
            return None
        wd = _WEEKDAYS[m.group("wd").split()[0].lower()]
        return _days_before(ref, (ref.weekday() - wd) % 7)
    if m.group("rel"):
        words = m.group("rel").lower().split()
        which, unit = words[-2], words[-1]
        if ref is None:
            return None
        if unit == "year":
            if which == "this":
                return f"{ref.year:04d}"
            if which in ("last", "past") and words[0] != "the":
                return f"{ref.year - 1:04d}"
            if which == "that":
                y = _rel_year(doc, "that", m.start(), s0)
                return f"{y:04d}" if y else None
            return None
        if unit == "month" and which == "last" and words[0] != "the":
            y, mo = (ref.year, ref.month - 1) if ref.month > 1 else (ref.year - 1, 12)
            return f"{y:04d}-{mo:02d}"
        if unit == "month" and which == "this":
            return f"{ref.year:04d}-{ref.month:02d}"
        return None
    if m.group("qtr"):
        q = {"first": 1, "second": 2, "third": 3, "fourth": 4}[m.group("qtr").split()[1].lower()]
        ym = re.search(r"(\d{4})|(this|last|that)\s+year", m.group("qtr"), re.I)
        year = None
        if ym and ym.group(1):
            year = int(ym.group(1))
        elif ym and ref:
            year = ref.year - (1 if ym.group(2).lower() == "last" else 0)
        return f"{year:04d}-Q{q}" if year else None
    if m.group("day"):
        if ref is None:
            return None
        w = m.group("day").lower()
        return _days_before(ref, 1 if w == "yesterday" else 0)
    return None


def _year_for(ref, mon: int | None, day: int | None) -> int | None:
    """The year of a month (and day) written without one: the latest not after the reference date."""
    if ref is None or mon is None:
        return None
    if (mon, day or 1) > (ref.month, ref.day):
        return ref.year - 1
    return ref.year


def _rel_year(doc: _Doc, which: str, pos: int, s0: int) -> int | None:
    ref = doc.ref
    if which == "this":
        return ref.year if ref else None
    if which == "last":
        return ref.year - 1 if ref else None
    if which == "next":
        return ref.year + 1 if ref else None
    # "that year": the last year written before, in this paragraph
    ps = doc.text.rfind("\n", 0, pos) + 1
    last = None
    for m in _YEAR_ANY_RE.finditer(doc.text, ps, pos):
        last = m
    return int(last.group(0)) if last else None
