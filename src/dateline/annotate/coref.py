"""Mention -> entity: which named person or body a speaker or claimant
description stands for, within one article.

Attribution (``attribution._make_source``) chooses the mention that speaks;
this module names it.  Quotes' speakers and counts' claimants both pass
through here.  Three rules, each answering only when one entity fits:

* a definite description or role noun ("the governor", "the Director",
  "the PAHO Director", "the woman") is the person the article names with that
  role or title (``Person.role`` from people.py, or the title written just
  before a mention), the latest named before, else the first named after;
* a body described by its type ("the ministry", "The Embassy", "the foreign
  ministry") is the nearest body named earlier with that head noun, with its
  possessor and its "of ..." tail ("Norland’s Ministry of Fisheries",
  "Ostmark’s embassy in Lisbon");
* an indefinite description ("a leader of the county’s nurses union") is
  the person the article ties to the same description by apposition
  ("Ann Roe, a leader of ..."), or the person named first in the next
  paragraph with a role that shares its words (a delayed identification:
  "A leader of X said ... / ... said Ann Roe, executive director of X").

The head nouns of bodies are a data file (``lexicons/body_heads.txt``);
role nouns are people.py's (``lexicons/role_nouns.txt``).  Pure functions
over the attribution ``Context``; a per-article cache of named bodies is
kept on the context.
"""
from __future__ import annotations

import re

from .. import lexicon
from .text import last_match

__all__ = ["resolve", "resolve_org", "doc_author", "written_by", "person_for", "body_for", "indefinite_for", "named_bodies"]

ROLE_WORDS = frozenset(w.lower() for w in lexicon.entries("role_nouns.txt") if " " not in w)
BODY_HEADS = frozenset(w.lower() for w in lexicon.entries("body_heads.txt"))
_STOP = frozenset("""a an the of for at in on to from with and or by its his her their our this that
these those who which new former top senior largest biggest main local state national""".split())
ROLE_ABBREV = {"Gov.": "governor", "Sen.": "senator", "Rep.": "representative", "Gen.": "general",
               "Lt.": "lieutenant", "Col.": "colonel", "Capt.": "captain", "Sgt.": "sergeant",
               "Prof.": "professor", "Dr.": "doctor", "Supt.": "superintendent", "Insp.": "inspector",
               "Det.": "detective", "Adv.": "advocate", "Adv": "advocate", "Amb.": "ambassador"}
GENDER_NOUNS = {"woman": "f", "girl": "f", "mother": "f", "grandmother": "f", "wife": "f", "widow": "f",
                "man": "m", "boy": "m", "father": "m", "grandfather": "m", "husband": "m"}

_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_POSS = r"[’']s"
_WHEN = ("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
         "August|September|October|November|December|The|A|An")
_CAP = rf"(?!(?:{_WHEN})\b)[{_UP}][\w&\-]*(?:\.[\w&\-]+)*(?![\w’'])"
# what follows a head to complete a body's name: "of Fisheries", "on Housing", "in Lisbon"
_PLATFORMS = "|".join(sorted((re.escape(w) for w in lexicon.entries("platforms.txt")), key=len, reverse=True))
_TAIL_RE = re.compile(
    rf"[ \u00a0]+(?:of|for|on|in)[ \u00a0]+(?:the[ \u00a0]+)?(?!(?:{_PLATFORMS})(?![\w’'-])){_CAP}(?:[ \u00a0]+{_CAP})*"
    rf"(?:[ \u00a0]+(?:of|and|for|on|the)[ \u00a0]+(?:the[ \u00a0]+)?{_CAP}(?:[ \u00a0]+{_CAP})*)*")
_WORD_BEFORE_RE = re.compile(r"([\w.&\-’']+)[ \u00a0]+$")
_DETS = frozenset("the a an this that its his her their our".split())


def _word(w: str) -> str:
    return re.sub(r"[’']s?$", "", w.lower().strip(",.;:"))


# ------------------------------------------------------------------ bodies
def named_bodies(ctx) -> dict[str, list[tuple[int, str]]]:
    """Every body the article names by a head noun, outside quotations:
    head -> [(start, name)] in text order.  A phrase is a name when the head
    has a possessor ("Ostmark’s home ministry"), a capitalised modifier
    ("Health Ministry") or a capitalised "of ..." tail ("Ministry of
    Fisheries")."""
    cache = getattr(ctx, "_coref_bodies", None)
    if cache is not None:
        return cache
    m = ctx.masked
    out: dict[str, list[tuple[int, str]]] = {}
    for hm in _HEADS_RE.finditer(m):
        head = hm.group().lower()
        hs, he = hm.span()
        # left: capitalised modifiers and lowercase ones after a possessor, at most four words
        left, k, poss, after_det = [], hs, None, False
        while len(left) < 4:
            wm = _WORD_BEFORE_RE.search(m, max(0, k - 40), k)
            if wm is None:
                break
            w = wm.group(1)
            if re.search(rf"{_POSS}$", w) and w[:1].isupper():
                poss = wm.start(1)
                k = wm.start(1)
                # a possessor's own capitalised words: "the Islamic Republic’s"
                while True:
                    pm = _WORD_BEFORE_RE.search(m, max(0, k - 40), k)
                    if pm is None or not pm.group(1)[:1].isupper() or pm.group(1) in ("The", "A", "An") \
                            or pm.group(1).endswith((".", ",")):
                        break
                    poss = k = pm.start(1)
                break
            if w.lower() in _DETS:
                after_det = True
                break
            if w.endswith((",", ".", ";", ":")) or not w[:1].isalpha():
                break
            left.append((wm.start(1), w))
            k = wm.start(1)
        # lowercase modifiers count under a possessor, after a determiner ("the health
        # ministry in Velmora") or after a capitalised one ("White House press office");
        # else a lowercase word farthest left ("said") is no part of the name
        if poss is None:
            while left and not after_det and not left[-1][1][:1].isupper():
                left.pop()
            start = left[-1][0] if left else hs
        else:
            start = poss
        caps_left = [w for _, w in left if w[:1].isupper()]
        tm = _TAIL_RE.match(m, he)
        end = tm.end() if tm else he
        named = poss is not None or caps_left or end > he
        if not named:
            continue
        if start == hs and hm.group()[:1].isupper() and end == he:
            continue
        name = m[start:end].strip()
        if "\x00" in name or "\n" in name:
            continue
        out.setdefault(head, []).append((start, name))
    for o in getattr(ctx, "organisations", ()) or ():
        if getattr(o, "kind", "org") != "org":
            continue
        words = [_word(w) for w in o.name.split()]
        for head in BODY_HEADS.intersection(words):
            if len(words) < 2:
                continue
            for sp in o.mentions:
                if sp.start < len(m) and m[sp.start] != "\x00":  # not inside a quotation
                    out.setdefault(head, []).append((sp.start, o.name))
    for v in out.values():
        v.sort()
    ctx._coref_bodies = out
    return out


_HEADS_RE = re.compile(r"(?<![\w’'-])(?:" + "|".join(sorted(map(re.escape, BODY_HEADS), key=len, reverse=True))
                       + r")(?![\w’'-])", re.I)


def body_for(ctx, head: str, pos: int, mods: tuple[str, ...] = ()) -> str | None:
    """The body a description by its type stands for: the nearest body named
    before ``pos`` with the head noun ``head`` (and every lowercase modifier
    in ``mods``: "the foreign ministry"), with its possessor kept from an
    earlier, fuller mention of the same name."""
    cands = named_bodies(ctx).get(head.lower(), ())
    best = None
    for at, name in cands:
        if at >= pos:
            break
        low = name.lower()
        if mods and not all(re.search(rf"(?<!\w){re.escape(w)}", low) for w in mods):
            continue
        best = (at, name)
    spoke = spoken_before(ctx, head, pos)
    if spoke is not None and (best is None or spoke[0] > best[0]) and spoke[1][:1].isupper():
        best = spoke
    if best is None:
        return None if mods else _acronym_for(ctx, head, pos)
    name = best[1]
    # "Ministry of Fisheries" named last, "Norland’s Ministry of Fisheries" before
    if not re.search(_POSS, name):
        for at, full in cands:
            if at >= best[0]:
                break
            if full != name and full.endswith(" " + name) and re.search(rf"{_POSS}\s", full):
                name = full
    return name


def _acronym_for(ctx, head: str, pos: int) -> str | None:
    """A body the article names only by its initials: "the board" after
    "the NTSB", "the fund" after "the IMF" (the latest organisation written
    as capitals, in this or the two paragraphs before, whose initials hold
    the head's initial), when no body is named with the head itself."""
    lo = ctx.paragraphs_back(pos, 2)
    letter = head[:1].upper()
    best = None
    for o in getattr(ctx, "organisations", ()) or ():
        n = o.name
        if getattr(o, "kind", "org") != "org" or not (2 <= len(n) <= 6 and n.isalpha() and n.isupper()) \
                or letter not in n:
            continue
        for sp in o.mentions:
            if lo <= sp.start < pos and (best is None or sp.start > best[0]) and \
                    ctx.text[sp.start - 1:sp.start] != "(":  # a credit line's "(AP)" is no antecedent
                best = (sp.start, n)
    return best[1] if best else None


def spoken_before(ctx, head: str, pos: int) -> tuple[int, str] | None:
    """The latest source that spoke before ``pos`` with ``head`` in its name
    ("the leaflet says" after "The council's leaflet says"): (at, name)."""
    for at, src in reversed(getattr(ctx, "sources", ())):
        if at < pos and src.name and head in src.name.lower().split() and src.name.lower() != head:
            return at, src.name
    return None


# ------------------------------------------------------------------ people
# the words after a description's head noun: its head is the word before the first
_DEFINITE_TAILS = frozenset(("of", "for", "at", "in", "with", "who", "from"))
_INDEFINITE_TAILS = frozenset(("of", "for", "at", "in", "with", "from", "on"))


def _head_index(low: list[str], tails: frozenset[str]) -> int:
    """Where a description's head noun is among its lower-cased words (the
    article left out): the word before the first of ``tails`` after the
    first word, else the last word."""
    for i, w in enumerate(low):
        if w in tails and i > 0:
            return i - 1
    return len(low) - 1


def person_for(ctx, desc: str, pos: int) -> str | None:
    """The named person a definite description stands for: "the Republican
    governor" -> the person whose role or title says governor (the latest
    named before ``pos``, else the first named after); "the woman" -> the
    latest woman named (by the same test as "she").  None when no one fits."""
    words = desc.split()
    if len(words) < 2 or words[0].lower() != "the" or len(words) > 6:
        return None
    low = [w.lower().strip(",.") for w in words[1:]]
    head_i = _head_index(low, _DEFINITE_TAILS)  # "the mother of four": mother
    head = low[head_i]
    if any(w[:1].isupper() for w in words[1:head_i + 2]) and head not in ROLE_WORDS:
        return None
    if head in GENDER_NOUNS:
        return ctx.resolve_pronoun(pos, "she" if GENDER_NOUNS[head] == "f" else "he")
    if head not in ROLE_WORDS or head.endswith("s") and head[:-1] in ROLE_WORDS:
        return None
    before, after = None, None
    t = ctx.text
    alts = [re.escape(head)] + [re.escape(a) for a, full in ROLE_ABBREV.items() if full == head]
    hre = re.compile(rf"(?<![\w-])(?:{'|'.join(alts)})(?![\w-])", re.I)
    for p in ctx.people:
        fits = bool(p.role and hre.search(p.role))
        first = None
        for sp in p.mentions:
            if not fits and hre.search(t, max(0, sp.start - 40), sp.start):
                pre = t[max(0, sp.start - 40):sp.start]
                hm = last_match(hre, pre)
                fits = hm is not None and not re.search(r"[.;:!?]", pre[hm.end():])
            if first is None or sp.start < first:
                first = sp.start
        if not fits or first is None:
            continue
        last_before = max((sp.start for sp in p.mentions if sp.start < pos), default=None)
        if last_before is not None:
            if before is None or last_before > before[0]:
                before = (last_before, p.name)
        elif after is None or first < after[0]:
            after = (first, p.name)
    if before is not None:
        return before[1]
    return after[1] if after is not None else None


def _content(words) -> set[str]:
    return {w for w in (_word(x) for x in words) if len(w) > 2 and w not in _STOP and w not in ROLE_WORDS}


def indefinite_for(ctx, desc: str, pos: int) -> str | None:
    """The person an indefinite description ("a leader of the county’s
    nurses union") stands for: one the article ties to the same
    description by apposition, else the one person named first in the
    next paragraph whose role shares one of its content words (the body or
    place: "a leader of the growers’ cooperative" ... "Hal Brandt, chief
    spokesman of the Growers Cooperative"); a bare "a resident" is no one."""
    words = desc.split()
    if len(words) < 2 or words[0].lower() not in ("a", "an") or len(words) > 12:
        return None
    low = [_word(w) for w in words[1:]]
    head_i = _head_index(low, _INDEFINITE_TAILS)  # "a leader of the union": leader
    head = low[head_i]
    if head not in ROLE_WORDS:
        return None
    t = ctx.text
    core = " ".join(words[1:])
    want = _content(words[1:])
    if not want:
        return None  # "a resident", "an official": too common to name anyone
    # the same description by a name elsewhere: "Ann Roe, a leader of X", "a leader of X, Ann Roe"
    hits = set()
    # (the description itself may be the apposition: "Ann Roe, a leader of X, said")
    for cm in re.finditer(rf"(?<![\w-]){re.escape(core)}(?![\w-])(?!\s+(?:of|at|in|for|from|on|with|and|who)\b)",
                          t, re.I):
        for p in ctx.people:
            for sp in p.mentions:
                gap_after = t[sp.end:cm.start()]
                gap_before = t[cm.end():sp.start]
                if re.fullmatch(r",[ \u00a0]+(?:an?[ \u00a0]+|the[ \u00a0]+)?", gap_after) or \
                        re.fullmatch(r",?[ \u00a0]+", gap_before):
                    hits.add(p.name)
    if len(hits) == 1:
        return hits.pop()
    if hits:
        return None
    # a delayed identification: the next paragraph names the person with a role like it
    _, pb = ctx.paragraph(pos)
    if pb >= len(t):
        return None
    nxt = pb
    while nxt < len(t) and t[nxt] in "\n \u00a0\t":
        nxt += 1
    na, nb = ctx.paragraph(nxt)
    fits = []
    for p in ctx.people:
        first = min((sp.start for sp in p.mentions), default=None)
        if first is None or not (na <= first < nb) or not p.role:
            continue
        role = p.role.split()
        if not role:
            continue
        if want & _content(role):  # the same body or place: "of the growers’ cooperative"
            fits.append(p.name)
    return fits[0] if len(fits) == 1 else None


# ------------------------------------------------------------------ entry
def resolve(ctx, text: str, pos: int) -> tuple[str, bool] | None:
    """The named entity a speaker or claimant description stands for:
    ``(name, is_person)``, or None when the article names no single one.
    ``text`` is the description as written ("the ministry", "The PAHO
    Director", "a leader of the nurses union"); ``pos`` where it stands."""
    desc = text.strip()
    words = desc.split()
    if not words:
        return None
    first = words[0].lower()
    rest = words[1:] if first == "the" else words
    if rest and first == "the":
        bare = [_word(w) for w in rest]
        head = bare[-1] if bare else ""
        lower_mods = all(w.islower() for w in rest[:-1])
        if head in BODY_HEADS and lower_mods and (len(rest) == 1 or rest[-1].islower()):
            name = body_for(ctx, head, pos, tuple(bare[:-1]))
            if name is not None:
                return name, False
        elif len(rest) == 1 and rest[0].islower():
            spoke = spoken_before(ctx, head, pos)  # "the leaflet says": the leaflet that spoke before
            if spoke is not None:
                return spoke[1], False
            owner = group_by_document(ctx, rest[0])  # "the councillors wrote in their letter"
            if owner is not None:
                return owner, False
    # a body's member or part: "the ministry’s spokesman", "a ministry spokesman"
    om = _BODY_OWNED_RE.match(desc)
    ohead = om and _word(om.group("head") or om.group("head2"))
    if ohead and ohead in BODY_HEADS:
        body = body_for(ctx, ohead, pos)
        if body is not None:
            rest = om.group("rest")
            if om.group("poss"):
                return f"{body}{om.group('poss')} {rest}", False
            if len(rest.split()) <= 2 and _word(rest.split()[-1]) in ROLE_WORDS:
                return f"{body} {rest}", False
    if first == "the":
        name = person_for(ctx, desc, pos)
        if name is not None:
            return name, True
        return None
    if first in ("a", "an"):
        name = indefinite_for(ctx, desc, pos)
        if name is not None:
            return name, True
    return None


def resolve_org(ctx, name: str, pos: int) -> tuple[str, bool] | None:
    """A speaker the entity finder took for an organisation that is a
    description: a bare head ("The Embassy says" -> the embassy named
    before) or a title after "the" ("The PAHO Director urged" -> the person
    the article names as director)."""
    words = name.split()
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in BODY_HEADS:
        hit = body_for(ctx, words[0].lower(), pos)
        return (hit, False) if hit is not None else None
    if words[-1].lower() in ROLE_WORDS and re.search(r"(?:^|\s)[Tt]he\s+$", ctx.masked[max(0, pos - 5):pos]):
        hit = person_for(ctx, "the " + name, pos)
        return (hit, True) if hit is not None else None
    return None


# ------------------------------------------------------------------ documents
_BODY_OWNED_RE = re.compile(r"^(?:(?:[Tt]he)\s+(?P<head>[a-z]+)(?P<poss>[’']s)|[Aa]n?\s+(?P<head2>[a-z]+))\s+(?P<rest>[a-z][a-z\s-]{2,40})$")
_ISSUE_VERBS = ("sent|issued|released|published|wrote|posted|put out|sent out|delivered|signed|"
                "shared|submitted|filed|circulated")
_SAID_IN = "said|says|stated|states|announced|announces|wrote|writes|explained|added|noted"


def _issue_re(doc: str) -> re.Pattern:
    d = re.escape(doc)
    return re.compile(
        rf"[ \u00a0]+(?:"
        rf"(?:{_SAID_IN})\s+in\s+(?:an?|its|his|her|their|the)\s+(?:[\w-]+\s+){{0,2}}{d}"
        rf"|(?:has\s+|have\s+|had\s+)?(?:{_ISSUE_VERBS})\s+(?:an?|its|his|her|their)\s+(?:[\w-]+\s+){{0,3}}{d}"
        rf")(?![\w-])")


_ISSUE_RES: dict[str, re.Pattern] = {}
_APPOS_RE = re.compile(r",[^,]{1,80},\s*$")


def doc_author(ctx, doc: str, pos: int) -> tuple[str, bool] | None:
    """Who wrote "the letter" or "the statement" when no author stands beside
    it: the subject of the latest "X sent a letter", "X issued a statement"
    or "X, chaired by Y, said in a statement" before ``pos`` (the
    document the article introduced): (name, is_person)."""
    doc = doc.lower()
    rx = _ISSUE_RES.get(doc)
    if rx is None:
        rx = _ISSUE_RES[doc] = _issue_re(doc)
    lo = 0
    m = ctx.masked
    best = last_match(rx, m, lo, pos)
    if best is None:
        return None
    b = best.start()
    a = max(lo, b - 120, ctx.sentence(max(0, b - 1))[0])
    cut = max(m.rfind(c, a, b) for c in "\n;:“”\"\x00")
    a = max(a, cut + 1)
    while a < b and m[a] in " \u00a0":
        a += 1
    who = m[a:b]
    ap = _APPOS_RE.search(who)
    if ap:  # "The Harbour Board, chaired by the mayor,"
        b = a + ap.start()
        who = m[a:b]
    cm = list(re.finditer(r",\s+", who))
    if cm:  # "On Wednesday, the committee": the subject after the last comma
        a += cm[-1].end()
        who = m[a:b]
    words = who.split()
    if not words or len(words) > 12:
        return None
    for p in ctx.people:
        for sp in p.mentions:
            if a <= sp.start and sp.end == b:
                return p.name, True
    for o in ctx.organisations:
        if getattr(o, "kind", "org") != "org":
            continue
        for sp in o.mentions:
            if a <= sp.start and sp.end == b and not m[a:sp.start].strip(" ").replace("the", "").replace("The", "").strip():
                return o.name, False
    # a body by its head noun: "The new Assembly committee on housing"
    while words and (words[0].lower() in _DETS or words[0].islower() and words[0].lower() not in BODY_HEADS):
        words = words[1:]
    if not words or not words[0][:1].isupper():
        return None
    if not any(_word(w) in BODY_HEADS for w in words):
        return None
    return " ".join(words), False


_BY_RE = re.compile(rf"(?<![\w-])(?:published|released|conducted|commissioned|carried\s+out|written|authored|"
                    rf"compiled|prepared|issued|produced)\s+by\s+(?:the\s+)?"
                    rf"(?P<who>{_CAP}(?:[ \u00a0]+(?:of|for|and|on)?[ \u00a0]*{_CAP})*)")


def written_by(ctx, start: int, end: int) -> tuple[str, bool] | None:
    """The author a document phrase names itself: "a study conducted by Ann
    Roe of State University" -> Ann Roe; "a report published by the Harbour
    Institute" -> the institute: (name, is_person)."""
    bm = _BY_RE.search(ctx.masked, start, end)
    if bm is None:
        return None
    first = _author_at(ctx, bm.start("who"), bm.group("who"))
    if first is None:
        return None
    name, person, e = first
    jm = _JOINT_RE.match(ctx.masked, e)
    if jm:
        other = _author_at(ctx, jm.start("who"), jm.group("who"))
        if other is not None:
            # joint authors: "a study by the Harbour Institute and Delmar University" keeps both
            full = jm.group("who") if jm.end("who") > other[2] else other[0]
            return f"{name} and {full}", False
    return name, person


# a second author after the first: "... and (the) NORTH Institute at the University of X"
_JOINT_RE = re.compile(rf"\s+and\s+(?:the\s+)?(?P<who>{_CAP}(?:[ \u00a0]+(?:(?:of|for|on|at)(?:[ \u00a0]+the)?[ \u00a0]+)?{_CAP})*)")


def _author_at(ctx, a: int, who: str) -> tuple[str, bool, int] | None:
    """(name, is_person, where its mention ends) of the author named at ``a``
    (a person or organisation of the article, else a run with a body's head)."""
    for p in ctx.people:
        for sp in p.mentions:
            if sp.start == a:
                return p.name, True, sp.end
    for o in ctx.organisations:
        if getattr(o, "kind", "org") != "org":
            continue
        for sp in o.mentions:
            if sp.start == a or (sp.start == a - 4 and ctx.masked[sp.start:a].lower() == "the "):
                return o.name, False, sp.end
    words = who.split()
    for i, w in enumerate(words):
        if _word(w) in BODY_HEADS and (i + 1 == len(words) or words[i + 1] == "and"):
            head = " ".join(words[:i + 1])  # "the Harbour Institute and Delmar University": the first body
            return head, False, a + len(head)
    if any(_word(w) in BODY_HEADS for w in words):
        return who, False, a + len(who)
    return None


_DOC_WORDS = "|".join(sorted(map(re.escape, lexicon.entries("source_documents.txt")), key=len, reverse=True))


def group_by_document(ctx, group: str) -> str | None:
    """The body a definite plural group stands for when the article has the
    group write its document and names the document's author: "the
    councillors wrote in their letter" after "The Budget Committee sent a
    letter" -> the committee, for every "the lawmakers" of the article."""
    cache = getattr(ctx, "_coref_groups", None)
    if cache is None:
        cache = ctx._coref_groups = {}
    key = group.lower()
    if key in cache:
        return cache[key]
    out = None
    if len(key) > 3 and key.endswith("s") and key not in BODY_HEADS:
        rx = re.compile(rf"(?<![\w’'-])[Tt]he\s+{re.escape(key)}\s+(?:[a-z]+\s+)?(?:{_SAID_IN})"
                        rf"\s+in\s+their\s+(?:[\w-]+\s+){{0,2}}?(?P<doc>{_DOC_WORDS})(?![\w-])")
        for gm in rx.finditer(ctx.masked):
            hit = doc_author(ctx, gm.group("doc"), gm.start())
            if hit is not None and not hit[1]:
                out = hit[0]
                break
    cache[key] = out
    return out
