"""Quotations and who said them.

Every span inside quotation marks is a candidate (curly or straight double
quotes; single quotes nested inside stay part of the outer span; British
‘...’ and straight '...' single marks outside them, paired so that
apostrophes never count; a quotation left open at a paragraph end continues
in the next paragraph: one quotation, one span per paragraph, one speaker
whichever paragraph carries the attribution).  A candidate
is a quotation when it reads like speech: a clause, or a fragment attached to
a speaker ("what she calls “managed decline”").  Titles, names and terms
("the book “...”", "the “...” plan", an unattributed “humanitarian zone”) are
scare quotes and dropped.

Speakers come from ``attribution.py``: the attribution right after the
closing mark ("..., he said"), a reporting verb before it in the sentence,
a later attribution in the sentence, "according to", then continuity (a
quotation paragraph with no attribution continues the previous speaker).
"""
from __future__ import annotations

import json
import math
import re
from importlib import resources

from .. import lexicon
from .text import Text  # the shared text model (imported apart from attribution's line)
from ..model import Entity, Person, Quote
from .attribution import Context, Source, carried_source, colon_source, find_source, subject_source
from .speakers import rank as rank_speakers

def _lex(name: str) -> list[str]:
    return list(lexicon.entries(name))


_TITLE_CUES = _lex("title_cues.txt")
_AFTER_NOUNS = {"plan", "program", "programme", "initiative", "campaign", "operation", "project",
                "policy", "strategy", "doctrine", "law", "act", "bill", "movement", "festival",
                "tour", "app", "website", "channel", "party"}
_BEFORE_CUES = [c for c in _TITLE_CUES if c not in _AFTER_NOUNS]
_TITLE_BEFORE_RE = re.compile(
    r"(?<![\w’'-])(?:" + "|".join(sorted(map(re.escape, _BEFORE_CUES), key=len, reverse=True))
    + r")(?:\s+(?:the|a|an))?\s*[,:]?\s*$", re.I)
_CALLED_RE = re.compile(
    r"(?:^|[,—–(]|\b(?:is|are|was|were|be|been|being|also|often|sometimes|widely|now|once|officially)"
    r")\s*(?:called|named|known\s+as)\s*$")
_TITLE_AFTER_RE = re.compile(
    r"^\s*(?:" + "|".join(sorted(map(re.escape, _AFTER_NOUNS), key=len, reverse=True)) + r")(?![\w-])",
    re.I)
_DET_BEFORE_RE = re.compile(r"(?<![\w’'-])(?:the|its|their|this|that)\s*$", re.I)
_SMALL = frozenset("of the a an and in on for to at by with from or de la del y le du".split())
_TERMINAL = ".?!…"
_WORD_RE = re.compile(r"[\w’'-]+")


def _title_case(words: list[str]) -> bool:
    if not words or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in _SMALL or not w[:1].isalpha() for w in words)


# a term glossed right after its marks: “year zero,” referring to ...; “X” (meaning ...)
_GLOSS_AFTER_RE = re.compile(
    r"^[\s,(—–-]*(?:referring\s+to|in\s+reference\s+to|a\s+reference\s+to|meaning|which\s+means|"
    r"(?:a|the)\s+(?:term|phrase|word|euphemism|nickname|slang|label)|shorthand\s+for|short\s+for|"
    r"also\s+known\s+as|or\s+simply)\b", re.I)
# a naming verb right before the marks (not "what he called ..."): the span is a name or title
_NAMING_VERB_RE = re.compile(r"(?<![\w’'-])(?!(?:he|she|they|we|i|you|it|what|who|which)\s)[a-z]+\s+"
                             r"(?:called|titled|entitled|named|dubbed|nicknamed|code-?named)\s*[,:]?\s*$")
_POSS_DET_BEFORE_RE = re.compile(r"(?<![\w’'-])(?:the|a|an|its|his|her|their)\s*$", re.I)


_NAME_BEFORE_CUE_RE = re.compile(r"[A-Z][\w’'.-]*\s+$")


def _title_cue_before(before: str) -> bool:
    """A title cue right before the marks (the book “...”, the song “...”); a
    capitalised cue after a capitalised word is the end of a name (Dr. Paul
    Song “...”, Russell Brand “...”), not a cue."""
    m = _TITLE_BEFORE_RE.search(before)
    if m is None:
        return False
    cue = m.group().lstrip()
    return not (cue[:1].isupper() and _NAME_BEFORE_CUE_RE.search(before, 0, m.start() + len(m.group()) - len(cue)))


def _whole_paragraph(text: str, s: int, e: int) -> bool:
    """The marks around ``text[s:e]`` are all of its paragraph (nothing but
    quotation marks and spaces between them and the line breaks)."""
    a = text.rfind("\n", 0, s) + 1
    b = text.find("\n", e)
    b = len(text) if b < 0 else b
    return not text[a:s].strip(" \t“”\"‘’'") and not text[e:b].strip(" \t“”\"‘’'")


def _subhead(text: str, s: int, e: int, words: list[str]) -> bool:
    """A short span in title case that is a paragraph of its own: a subhead or
    a title set off in marks (‘A Town Holds Its Breath.’), not a quotation."""
    return len(words) <= 10 and _title_case(words) and _whole_paragraph(text, s, e)


def _after_preposition(before: str) -> bool:
    pw = _PREV_WORD_RE.search(before)
    return bool(pw) and pw.group(1).lower() in _TITLE_PREPOSITIONS


def _names_a_thing(words: list[str], ends_sentence: bool, before: str, after: str, last: str = "") -> bool:
    """A short span named as a title, name or term by the words around it:
    the book “...”, a program called “...”, the “...” plan, a title-case
    span after a preposition (``last``: the span's last character; a
    chant or a question ends in “!” or “?”)."""
    n = len(words)
    if _NAMING_VERB_RE.search(before) and words[0][:1].isupper() and (n <= 12 or _title_case(words)):
        return True  # a report titled “...”, advice called ‘Preparing for ...’
    if n > 12 or (ends_sentence and n >= 6):
        return False
    if n <= 8 and _title_case(words) and _after_preposition(before) and last not in "!?":
        return True  # on “Morning Report,” in “The Long Road Home.” (a chant ends in “!”)
    if _title_cue_before(before) or _CALLED_RE.search(before) or _GLOSS_AFTER_RE.match(after):
        return True
    return bool(_TITLE_AFTER_RE.match(after)) and (bool(_POSS_DET_BEFORE_RE.search(before)) or _title_case(words))


def _is_quotation(ctx: Context, s: int, e: int, src: Source | None) -> bool:
    text = ctx.text
    q = text[s:e]
    core = q.strip(" ,;:—–’'‘")
    words = _WORD_RE.findall(core)
    n = len(words)
    if n == 0:
        return False
    sa, sb = ctx.sentence(s)
    m = ctx.masked
    before = m[max(sa, s - 60):max(sa, s - 1)]
    after = m[e + 1:min(len(m), e + 30)] if e < len(m) else ""
    ends_sentence = core[-1:] in _TERMINAL or q.rstrip("’'")[-1:] in _TERMINAL
    adjacent = src is not None and src.relation == "adjacent"
    if _names_a_thing(words, ends_sentence, before, after, core[-1:]):
        return False
    if not adjacent and _subhead(text, s, e, words):
        return False
    if adjacent:
        return True
    if _title_case(words) and n <= 8 and not ends_sentence:
        return False
    starts_sentence = not before.strip() or before.rstrip()[-1:] in ",:—–"
    if starts_sentence and n >= 2 and core[:1].isupper() and q.rstrip(" ’'")[-1:] in ",?!" and \
            not _title_case(words):
        return True  # “I’m not leaving,” ...
    if n >= 8 or (n >= 4 and (starts_sentence or ends_sentence) and core[:1].isupper()) or \
            (ends_sentence and n >= 3 and starts_sentence):
        return True
    # a fragment: only with a speaker attached
    if src is None:
        return False
    if src.relation == "governs":
        return True
    if n <= 3 and _DET_BEFORE_RE.search(before):
        return False
    return True


_SPEECH_WORDS = frozenset(w for w in lexicon.entries("speech_verbs.txt") if " " not in w)
_FIRST_PERSON = frozenset("i i’m i'm i’ve i've i’ll i'll i’d i'd me my mine we we’re we're we’ve we've "
                          "we’ll we'll us our ours you your you’re you're".split())
_POSSESSIVE_BEFORE_RE = re.compile(r"\w[’']s?\s*$")
_PERSON_PRONOUN_RE = re.compile(r"(?<![\w’'-])(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I)(?![\w’'-])")
_TITLE_PREPOSITIONS = frozenset("on in from of with to".split())
_RELATIONS = ("adjacent", "governs", "parenthetical", "sentence", "according", "continuation", "quote")
_PREV_WORD_RE = re.compile(r"([\w’'-]+)\W*$")
_NEXT_WORD_RE = re.compile(r"^\W*?([\w’'-]+)")


def features(ctx: Context, s: int, e: int, src: Source | None, chained: bool) -> dict[str, float]:
    """What the quotation model reads about the span ``text[s:e]``: its
    length and shape, how it sits in its sentence, the words around its
    marks, the attribution found for it and what the rules make of it."""
    text, m = ctx.text, ctx.masked
    q = text[s:e]
    core = q.strip(" ,;:—–’'‘")
    words = _WORD_RE.findall(core)
    n = len(words)
    sa, sb = ctx.sentence(s)
    before = m[max(sa, s - 60):max(sa, s - 1)]
    after = m[e + 1:min(len(m), e + 30)] if e < len(m) else ""
    low = [w.lower() for w in words]
    caps = sum(1 for w in words if w[:1].isupper())
    f: dict[str, float] = {
        "rule": 1.0 if _is_quotation(ctx, s, e, src) else 0.0,
        "names_a_thing": 1.0 if _names_a_thing(words, core[-1:] in _TERMINAL or q.rstrip("’'")[-1:] in _TERMINAL,
                                              before, after, core[-1:]) else 0.0,
        "log_words": math.log1p(n),
        "words<=3": 1.0 if n <= 3 else 0.0,
        "words>=8": 1.0 if n >= 8 else 0.0,
        "ends_sentence": 1.0 if core[-1:] in _TERMINAL or q.rstrip("’'")[-1:] in _TERMINAL else 0.0,
        "ends_comma": 1.0 if q.rstrip(" ’'")[-1:] == "," else 0.0,
        "upper_first": 1.0 if core[:1].isupper() else 0.0,
        "title_case": 1.0 if _title_case(words) else 0.0,
        "caps_share": caps / n if n else 0.0,
        "first_person": 1.0 if any(w in _FIRST_PERSON for w in low) else 0.0,
        "starts_sentence": 1.0 if not before.strip() else 0.0,
        "after_comma_colon": 1.0 if before.rstrip()[-1:] in (",", ":", "—", "–") else 0.0,
        "title_before": 1.0 if _title_cue_before(before) else 0.0,
        "called_before": 1.0 if _CALLED_RE.search(before) else 0.0,
        "title_after": 1.0 if _TITLE_AFTER_RE.match(after) else 0.0,
        "det_before": 1.0 if _DET_BEFORE_RE.search(before) else 0.0,
        "paren": 1.0 if before.rstrip()[-1:] == "(" else 0.0,
        "possessive_before": 1.0 if _POSSESSIVE_BEFORE_RE.search(before) else 0.0,
        "verb_in_sentence": 1.0 if any(w in _SPEECH_WORDS for w in _WORD_RE.findall(m[sa:sb])) else 0.0,
        "chained": 1.0 if chained else 0.0,
        "sentence_continues": 1.0 if after.lstrip("”\"’' ")[:1].isalpha() and after.lstrip("”\"’' ")[:1].islower() else 0.0,
    }
    if f["title_case"]:
        # a name in title case: punctuation inside its marks (American style) is no sign of a sentence,
        # and an outlet's or a person's possessive before it is a programme, book or slogan of theirs
        f["title_case*ends_sentence"] = f["ends_sentence"]
        f["title_case*possessive_before"] = f["possessive_before"]
        if _whole_paragraph(text, s, e):
            f["title_case*whole_paragraph"] = 1.0  # a subhead or a title set off on its own line
        pw = _PREV_WORD_RE.search(before)
        if pw and pw.group(1).lower() in _TITLE_PREPOSITIONS:
            f["title_case*after_preposition"] = 1.0  # on “Meet the Press,” in “The Art of the Deal”
    if _PERSON_PRONOUN_RE.search(m, sa, s) or any(sa <= sp.start < s for p in ctx.people for sp in p.mentions):
        f["person_before"] = 1.0  # somebody in the sentence who could be saying it
    if src is None:
        f["src=none"] = 1.0
    else:
        f["src=" + (src.relation if src.relation in _RELATIONS else "other")] = 1.0
        if src.person:
            f["src_person"] = 1.0
        if src.anonymous:
            f["src_anonymous"] = 1.0
    # the words just outside the marks, when they are common words (names are no evidence)
    pw = _PREV_WORD_RE.search(before)
    if pw and pw.group(1).islower():
        f["prev=" + pw.group(1)] = 1.0
    nw = _NEXT_WORD_RE.match(after)
    if nw and nw.group(1).islower():
        f["next=" + nw.group(1)] = 1.0
    return f


def _load_model() -> dict | None:
    try:
        data = json.loads(resources.files("dateline").joinpath("lexicons/quote_model.json").read_text("utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return None
    return data


_MODEL = _load_model()


def quote_probability(feats: dict[str, float], model: dict | None = None) -> float:
    """The quotation model's probability that a span with ``feats`` is a quotation."""
    model = model if model is not None else _MODEL
    w = model["weights"]
    z = model["bias"] + sum(w.get(k, 0.0) * v for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def double_marked(text: str, s: int) -> bool:
    """The span starting at ``s`` opens with a double quotation mark."""
    j = s - 1
    while j > 0 and text[j] in " \u00a0\t":
        j -= 1
    return j >= 0 and text[j] in "“”\""


def vetoed(f: dict[str, float]) -> bool:
    """A term whatever the model says: named as one by the words around it
    (``_names_a_thing``), or a short span after "the"/"its"/"this" with no
    speaker attached to it (the “next phase”)."""
    return bool(f["names_a_thing"]) or bool(
        f["words<=3"] and f["det_before"] and not (f.get("src=adjacent") or f.get("src=governs")))


def modelled(text: str, s: int, e: int, closed: bool, chained: bool) -> bool:
    """Spans the quotation model judges: closed, of two words or more,
    inside double marks, not one paragraph of a longer quotation."""
    return closed and not chained and double_marked(text, s) and len(_WORD_RE.findall(text[s:e])) >= 2


def _decide(ctx: Context, s: int, e: int, src: Source | None, closed: bool, chained: bool) -> bool:
    """Is ``text[s:e]`` a quotation?  A title, name or term named as one by
    the words around it never is; the other spans the model judges
    (``modelled``) go to the model trained on PolNeAR (``train/quotes.py``)
    when it is installed; the rest, and everything without it, to the rules."""
    if _MODEL is not None and modelled(ctx.text, s, e, closed, chained):
        f = features(ctx, s, e, src, chained)
        if vetoed(f):
            return False
        # overruling the rules takes more confidence than agreeing with them
        t = _MODEL["threshold"] if f["rule"] else _MODEL.get("threshold_against_rules", _MODEL["threshold"])
        return quote_probability(f) >= t
    return _is_quotation(ctx, s, e, src)


def _partial(ctx: Context, s: int, e: int) -> bool:
    m = ctx.masked
    sa, sb = ctx.sentence(s)
    before = m[sa:max(sa, s - 1)].rstrip()
    if before[-1:] in ("“", '"', "‘", "'"):
        before = before[:-1].rstrip()  # a stray space inside the opening mark: ": " We ..."
    if before and before[-1] not in ",:—–":
        return True
    q = ctx.text[s:e].rstrip("’' ")
    if q[-1:] not in ",.?!…;:—":
        after = m[e + 1:sb].lstrip("”\"’' ")
        if after and after[:1].isalnum():
            return True
    return False


def _chains(ctx: Context) -> list[int]:
    """Chain id of each span of ``ctx.spans``: a quotation running over
    several paragraphs (news convention: every paragraph opens with a mark,
    only the last one closes) is one chain, one span per paragraph."""
    text = ctx.text
    doc = Text.of(text)
    ids: list[int] = []
    prev = None
    for k, (s, e, closed) in enumerate(ctx.spans):
        if prev is not None and not prev[2] and doc.paragraph(prev[0])[1] < s and \
                not text[prev[1]:s - 1].strip():
            ids.append(ids[-1])
        else:
            ids.append(k)
        prev = (s, e, closed)
    return ids


def _opens_sentence(ctx: Context, s: int) -> bool:
    """The quotation at ``s`` starts its sentence or follows a colon, comma or dash."""
    sa, _ = ctx.sentence(s)
    before = ctx.masked[sa:max(sa, s - 1)].rstrip()
    return not before or before[-1] in ",:—–"


def _share_in_chains(items: list, chain: list[int], backward: bool = True) -> None:
    """Members of a multi-paragraph quotation without an attribution of
    their own take the nearest attributed member's speaker (earlier first,
    then later when ``backward``)."""
    n = len(items)
    i = 0
    while i < n:
        j = i
        while j + 1 < n and chain[j + 1] == chain[i]:
            j += 1
        if j > i:
            last = None
            for k in range(i, j + 1):
                if items[k][2] is not None:
                    last = items[k][2]
                elif last is not None:
                    items[k][2] = _continued(last)
            nxt = None
            for k in (range(j, i - 1, -1) if backward else ()):
                if items[k][2] is not None:
                    nxt = items[k][2]
                elif nxt is not None:
                    items[k][2] = _continued(nxt)
        i = j + 1


def _continued(c: Source) -> Source:
    return Source(c.name, c.desc, c.anonymous, c.cue, c.kind, c.start, c.end, "continuation", c.person)


def _attribute_all(ctx: Context) -> list[Quote]:
    """Quotations of the article in ``ctx`` with speakers; caches
    ``ctx._quotes`` = [(start, end, Source|None)] for ``source_of``."""
    text = ctx.text
    doc = Text.of(text)
    ids = _chains(ctx)
    size: dict[int, int] = {}
    for c in ids:
        size[c] = size.get(c, 0) + 1
    items: list[list] = []  # [start, end, source, closed]
    chain: list[int] = []  # chain id of each item
    first_ok: dict[int, bool] = {}
    for k, (s, e, closed) in enumerate(ctx.spans):
        if not text[s:e].strip():
            continue
        src = find_source(ctx, s, e, quote=True)
        c = ids[k]
        if not _decide(ctx, s, e, src, closed, size[c] > 1):
            # a paragraph of a multi-paragraph quotation is one whatever its
            # length, when the quotation opens like one
            if size[c] < 2:
                continue
            if c == k:
                first_ok[c] = _opens_sentence(ctx, s)
            if not first_ok.get(c, False):
                continue
        elif c == k:
            first_ok[c] = True
        items.append([s, e, src, closed])
        chain.append(c)
    _share_in_chains(items, chain, backward=False)
    # continuity: split quotations, same paragraph, multi-paragraph
    # quotations attributed at their end, quotation paragraphs
    for i, it in enumerate(items):
        if it[2] is not None:
            continue
        s, e = it[0], it[1]
        sa, sb = ctx.sentence(s)
        pa, pb = doc.paragraph(s)
        cand = None
        # another quotation of the same sentence or paragraph with a speaker
        for j in list(range(i - 1, -1, -1)) + list(range(i + 1, len(items))):
            o = items[j]
            if o[2] is None:
                continue
            if sa <= o[0] < sb or pa <= o[0] < pb:
                cand = o[2]
                break
            if o[0] >= pb:
                break
        if cand is None:
            # a later paragraph of the same quotation names the speaker
            j = i + 1
            while j < len(items) and chain[j] == chain[i]:
                if items[j][2] is not None:
                    cand = items[j][2]
                    break
                j += 1
        if cand is None and i > 0 and items[i - 1][2] is not None:
            # a paragraph that opens with the quotation continues the previous speaker
            prev = items[i - 1]
            ppa, ppb = doc.paragraph(prev[0])
            opens = not ctx.masked[pa:max(pa, s - 1)].strip()
            adjacent_para = ppb <= pa and not text[ppb:pa].strip()
            if opens and (adjacent_para or ppa == pa) and (not prev[3] or _only_quotes_between(ctx, prev[1], s)
                                                          or adjacent_para):
                cand = prev[2]
        if cand is None and pa > 0 and not ctx.masked[pa:max(pa, s - 1)].strip():
            # a quotation set off as its own paragraph (a post, a statement, a blockquote)
            # after an attribution that ends in a colon: "The minister wrote on X:"
            k = pa - 1
            while k > 0 and text[k - 1].isspace():
                k -= 1
            if k > 0 and text[k - 1] == ":":
                src = find_source(ctx, k - 1, k) or colon_source(ctx, k - 1)
                if src is not None:
                    it[2] = src
                    continue
        if cand is None:
            cand = carried_source(ctx, s)  # "X said that ..." / “...” (next sentence or paragraph)
        if cand is None:
            src = subject_source(ctx, s)  # "X bemoaned a climate in which people “hate each other”"
            if src is not None:
                it[2] = src
                continue
        if cand is not None:
            it[2] = _continued(cand)
    _share_in_chains(items, chain)
    # a quotation left open at a paragraph end shares the speaker of its continuation
    for i in range(len(items) - 2, -1, -1):
        it, nx = items[i], items[i + 1]
        if it[2] is None and not it[3] and nx[2] is not None:
            c = nx[2]
            it[2] = Source(c.name, c.desc, c.anonymous, c.cue, c.kind, c.start, c.end,
                           "continuation", c.person)
    rank_speakers(ctx, items)  # the learned ranker (speakers.py) may prefer another speaker the text offers
    quotes: list[Quote] = []
    cache = []
    for s, e, src, _ in items:
        cache.append((s, e, src))
        quotes.append(Quote(
            quote=text[s:e], start=s, end=e,
            speaker=src.name if src else None,
            speaker_desc=src.desc if src else None,
            anonymous=bool(src.anonymous) if src else False,
            partial=_partial(ctx, s, e),
            kind=src.kind if src else "speech",
            cue=src.cue if src else None,
        ))
    ctx._quotes = cache
    return quotes


def _only_quotes_between(ctx: Context, a: int, b: int) -> bool:
    """True when the text between two quotations is one paragraph break
    (the previous paragraph ended with its quotation)."""
    gap = ctx.masked[a:b]
    gap = gap.strip("”\"“‘’' \n,.")
    return not gap


def find_quotes(text: str, people: list[Person], organisations: list[Entity],
                context: Context | None = None) -> list[Quote]:
    """Every quotation in ``text`` with its speaker."""
    if "“" not in text and '"' not in text and "”" not in text and "‘" not in text and "'" not in text:
        return []
    Text.of(text)  # the context below and the quotation code share one text model
    ctx = context if context is not None else Context(text, people, organisations)
    return _attribute_all(ctx)
