"""Who said a quotation, when the rules are unsure: a learned speaker ranker.

The attribution rules (``attribution.py``, with the continuity of
``quotes.py``) pick one speaker per quotation.  This module gathers the
other speakers the text makes available around the quotation: the people
named (or referred to by "he"/"she") in its sentence, the two sentences
before and the one after, the organisations and unnamed sources that spoke
there, the previous quotation's speaker.  A small logistic regression
(``lexicons/speaker_model.json``, trained from PolNeAR train by
``python train/speakers.py``) scores every candidate from cheap features:
distance in sentences and characters, before or after the quotation, a
verb of saying next to the mention, an object or prepositional slot,
name/pronoun/organisation, the previous speaker, mentions in the article,
and whether the rules picked it (a softmax over the quotation's
candidates).  The rules' pick is replaced only when a candidate beats it by
the model's ``margin``; when the rules found nobody, the best candidate
speaks when it reaches ``floor``.  Both are chosen on cross-validated
PolNeAR train: overruling a pick of the rules gained nothing there (and
cost on other news), so the shipped margin is above 1 and the ranker names
a speaker only for quotations the rules leave without one.

Everything here reads the attribution ``Context`` the rules already built;
nothing new is computed per article beyond the candidates of each quotation.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from importlib import resources

from .attribution import (_ACCORDING_RE, _FOLLOW_VERB_RE, _PREP_BEFORE_RE, VERB_RE, Context, Source,
                          _OBJECT_VERBS, spoken_to)

__all__ = ["Candidate", "candidates", "free", "features", "probabilities", "choose", "rank", "load_model", "MODEL"]

_PRONOUN_RE = re.compile(r"(?<![\w’'-])([Hh]e|[Ss]he)(?![\w’'-])")
_VERB_BEFORE_RE = re.compile(r"(?<![\w’'-])([a-z]+)\s+(?:(?:[a-z][\w-]*|[A-Z][a-z]{0,3}\.)\s+){0,4}$")
_TOLD_RE = re.compile(r"(?<![\w’'-])(?:told|asked|urged|to|by|with|for|against|about)\s+(?:\w+\s+){0,1}$")
_COLON_END_RE = re.compile(r":\s*[“\"‘']?\s*$")


@dataclass(slots=True)
class Candidate:
    """One speaker the text offers for a quotation: a name (canonical
    person, organisation or unnamed source) with its mentions near it."""

    name: str
    kind: str  # person | org | group
    mentions: list = field(default_factory=list)  # (start, end, via): via "name" | "pronoun" | "source"
    source: Source | None = None  # the Source to give the quotation when this one is chosen
    rule: bool = False  # the rules' pick
    previous: bool = False  # the previous quotation's speaker


def _window(ctx: Context, s: int, e: int) -> tuple[int, int, list[tuple[int, int]]]:
    """Sentences around a quotation: two before its sentence, its own, one after."""
    sa, sb = ctx.sentence(s)
    if e > sb:
        sb = ctx.sentence(max(s, e - 1))[1]
    sents = [(sa, sb)]
    a = sa
    for _ in range(2):
        if a <= 0:
            break
        pa, pb = ctx.sentence(a - 1)
        if pa >= a:
            break
        sents.insert(0, (pa, pb))
        a = pa
    n = len(ctx.text)
    b = sb
    k = b
    while k < n and ctx.text[k].isspace():
        k += 1
    if k < n:
        na, nb = ctx.sentence(k)
        if nb > b:
            sents.append((na, nb))
            b = nb
    return a, b, sents


def candidates(ctx: Context, s: int, e: int, rule: Source | None, previous: Source | None) -> list[Candidate]:
    """Every speaker the text around ``text[s:e]`` offers, one per name."""
    lo, hi, _ = _window(ctx, s, e)
    out: dict[str, Candidate] = {}

    def add(name: str, kind: str, a: int, b: int, via: str) -> Candidate:
        c = out.get(name)
        if c is None:
            c = out[name] = Candidate(name, kind)
        c.mentions.append((a, b, via))
        return c

    # (a name the quotation's own sentence speaks to, "“...,” he told Varnia Radio", is no candidate)
    qa, qb = ctx.sentence(s)[0], ctx.sentence(max(s, e - 1))[1]
    for ms, me, name, _subj in ctx.mentions():
        if lo <= ms < hi and not (s <= ms < e) and not (qa <= ms < qb and spoken_to(ctx, ms)):
            add(name, "person", ms, me, "name")
    for pm in _PRONOUN_RE.finditer(ctx.masked, lo, hi):
        if s <= pm.start() < e:
            continue
        name = ctx.resolve_pronoun(pm.start(), pm.group(1))
        if name is not None:
            add(name, "person", pm.start(), pm.end(), "pronoun")
    for o in ctx.organisations:
        if getattr(o, "kind", "org") != "org":
            continue
        for sp in o.mentions:
            if lo <= sp.start < hi and not (s <= sp.start < e) and not (qa <= sp.start < qb and spoken_to(ctx, sp.start)):
                add(o.name, "org", sp.start, sp.end, "name")
    for at, src in ctx.sources:
        if lo <= at < hi and src.name and not (s <= at < e):
            c = add(src.name, "org" if src.name[:1].isupper() else "group", src.start, src.end, "source")
            c.source = c.source or src
    if rule is not None and rule.name:
        c = out.get(rule.name) or out.setdefault(rule.name, Candidate(
            rule.name, "person" if rule.person else ("org" if rule.name[:1].isupper() else "group")))
        if rule.start >= 0 and (rule.start, rule.end, "rule") not in c.mentions:
            c.mentions.append((rule.start, rule.end, "rule"))
        c.rule = True
        c.source = rule
    if previous is not None and previous.name:
        c = out.get(previous.name)
        if c is None:
            c = out[previous.name] = Candidate(
                previous.name, "person" if previous.person else ("org" if previous.name[:1].isupper() else "group"))
            c.source = previous
        c.previous = True
    return list(out.values())


def free(cands: list[Candidate], later: frozenset) -> list[Candidate]:
    """The candidates left when those named only in the attribution of a
    later quotation ("“...,” said X.") are set aside: that phrase is the
    later quotation's, and the person in it its speaker."""
    return [c for c in cands if c.rule or c.previous or
            not all((a, b) in later for a, b, via in c.mentions if via != "rule")]


def _bucket(x: float, edges: tuple) -> str:
    for k, ed in enumerate(edges):
        if x <= ed:
            return str(ed)
    return ">" + str(edges[-1])


def _mention_feats(ctx: Context, s: int, e: int, sents, a: int, b: int, via: str) -> dict[str, float]:
    m = ctx.masked
    sa = ctx.sentence(a)[0] if a < len(m) else a
    # sentence offset relative to the quotation's sentence (index 0 is two before ... last is one after)
    q = next(i for i, (x, y) in enumerate(sents) if x <= s < y or x >= s) if sents else 0
    k = next((i for i, (x, y) in enumerate(sents) if x <= a < y), None)
    d = "far" if k is None else str(k - q)
    pos = "before" if b <= s else "after" if a >= e else "in"
    gap = (s - b) if b <= s else (a - e) if a >= e else 0
    f: dict[str, float] = {}
    f["sent=" + d] = 1.0
    f["pos=" + pos] = 1.0
    f["sent=" + d + "&" + pos] = 1.0
    f["gap=" + _bucket(gap, (3, 12, 40, 120, 300))] = 1.0
    f["via=" + via] = 1.0
    after = bool(_FOLLOW_VERB_RE.match(m, b))
    pre = m[max(sa, a - 50):a]
    vb = _VERB_BEFORE_RE.search(pre)
    before = bool(vb and VERB_RE.fullmatch(vb.group(1)) and vb.group(1) not in _OBJECT_VERBS)
    if after:
        f["verb_after"] = 1.0
        f["verb_after&" + pos] = 1.0
        f["verb_after&sent=" + d] = 1.0
    if before:
        f["verb_before"] = 1.0
        f["verb_before&" + pos] = 1.0
        f["verb_before&sent=" + d] = 1.0
    if _TOLD_RE.search(pre) or _PREP_BEFORE_RE.search(m, max(0, a - 20), a):
        f["object_slot"] = 1.0
    if _ACCORDING_RE.search(m, max(sa, a - 16), a):
        f["according"] = 1.0
    if m.startswith(("’s", "'s"), b) or m.startswith(("’ ", "' "), b):
        f["possessive"] = 1.0
    if not m[sa:a].strip(" \u00a0“”\"‘’'"):
        f["opens_sentence"] = 1.0
    se = ctx.sentence(a)[1] if a < len(m) else b
    if pos == "before" and _COLON_END_RE.search(m, max(sa, s - 6), s) and se >= s - 2:
        f["colon_intro"] = 1.0
    return f


def features(ctx: Context, s: int, e: int, c: Candidate, rule: Source | None, counts: dict[str, int]) -> dict[str, float]:
    """What the ranker reads about candidate ``c`` for the quotation ``text[s:e]``:
    its kind, its nearest mention's position and slot, any verb of saying
    next to any of its mentions, the rules' pick and the previous speaker."""
    _, _, sents = _window(ctx, s, e)
    f: dict[str, float] = {"kind=" + c.kind: 1.0}
    near = None
    for a, b, via in c.mentions:
        if via == "rule":
            continue
        dist = (s - b) if b <= s else (a - e) if a >= e else 0
        if near is None or dist < near[0]:
            near = (dist, a, b, via)
    if near is not None:
        f.update(_mention_feats(ctx, s, e, sents, near[1], near[2], near[3]))
    else:
        f["no_mention"] = 1.0
    for a, b, via in c.mentions:
        if via == "rule" or (near is not None and a == near[1]):
            continue
        g = _mention_feats(ctx, s, e, sents, a, b, via)
        for key in ("verb_after", "verb_before", "colon_intro"):
            if key in g:
                f["any_" + key] = 1.0
    words = c.name.split()
    shape = "lower" if c.name[:1].islower() else "upper" if c.name.isupper() else "title"
    f["name=" + shape] = 1.0
    f["name_words=" + _bucket(len(words), (1, 2, 3))] = 1.0
    f["mentions_window"] = math.log1p(sum(1 for *_x, via in c.mentions if via != "rule"))
    f["mentions_article"] = math.log1p(counts.get(c.name, 0))
    if c.rule:
        f["rule"] = 1.0
        f["rule_rel=" + (rule.relation if rule is not None else "none")] = 1.0
        f["rule&kind=" + c.kind] = 1.0
        f["rule&name=" + shape] = 1.0
        if near is None:
            f["rule&no_mention"] = 1.0
    if rule is None:
        f["rule_none"] = 1.0
    if c.previous:
        f["previous"] = 1.0
        pa, _ = ctx.paragraph(s)
        if not ctx.masked[pa:max(pa, s - 1)].strip():
            f["previous&opens_paragraph"] = 1.0
    pa, _ = ctx.paragraph(s)
    if not ctx.masked[pa:max(pa, s - 1)].strip():
        f["opens_paragraph&kind=" + c.kind] = 1.0
    if rule is None:
        # the rules found nobody: every feature again, weighted for that case of its own
        f.update({"none&" + k: v for k, v in list(f.items())})
    return f


def mention_counts(ctx: Context) -> dict[str, int]:
    """How often the article names each person and organisation."""
    out: dict[str, int] = {}
    for p in ctx.people:
        out[p.name] = len(p.mentions)
    for o in ctx.organisations:
        out[o.name] = out.get(o.name, 0) + len(o.mentions)
    return out


def load_model() -> dict | None:
    try:
        return json.loads(resources.files("dateline").joinpath("lexicons/speaker_model.json").read_text("utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return None


MODEL = load_model()


def probabilities(model: dict, feats: list[dict[str, float]]) -> list[float]:
    """Each candidate's probability of being the speaker: a softmax over the
    quotation's candidates (``kind`` "softmax"), else one logistic each."""
    w = model["weights"]
    zs = [model.get("bias", 0.0) + sum(w.get(k, 0.0) * v for k, v in f.items()) for f in feats]
    if model.get("kind") == "softmax":
        top = max(zs, default=0.0)
        ez = [math.exp(z - top) for z in zs]
        tot = sum(ez)
        return [x / tot for x in ez]
    return [1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) for z in zs]


def choose(scored: list[tuple[float, Candidate]], margin: float, floor: float) -> Candidate | None:
    """The rules' pick unless another candidate beats it by ``margin``;
    with no pick, the best candidate when its score reaches ``floor``."""
    if not scored:
        return None
    best_p, best = max(scored, key=lambda x: x[0])
    ruled = [(p, c) for p, c in scored if c.rule]
    if ruled:
        rp, rc = ruled[0]
        return best if best is not rc and best_p - rp >= margin else rc
    return best if best_p >= floor else None


def as_source(c: Candidate, rule: Source | None) -> Source:
    """The Source a chosen candidate gives its quotation."""
    if c.source is not None:
        return c.source
    a, b, _ = min(c.mentions, key=lambda x: x[0]) if c.mentions else (-1, -1, "")
    kind = rule.kind if rule is not None else "speech"
    return Source(c.name, None, c.kind != "person", None, kind, a, b, "ranked", c.kind == "person")


def rank(ctx: Context, items: list, model: dict | None = None) -> None:
    """Re-rank the speakers of ``items`` ([start, end, Source|None, ...], in
    text order, as ``quotes._attribute_all`` holds them) in place."""
    model = model if model is not None else MODEL
    if model is None or not items:
        return
    counts = mention_counts(ctx)
    margin, floor = model["margin"], model["floor"]
    previous = None  # the rules' speaker of the quotation before (as in training)
    spans = [(it[0], it[2].start, it[2].end) for it in items if it[2] is not None and it[2].start >= 0]
    for it in items:
        s, e, rule = it[0], it[1], it[2]
        if rule is not None and margin > 1.0:
            previous = rule  # no margin of probability overrules the rules' pick
            continue
        cands = free(candidates(ctx, s, e, rule, previous), frozenset((a, b) for q, a, b in spans if q >= e))
        scored = list(zip(probabilities(model, [features(ctx, s, e, c, rule, counts) for c in cands]), cands))
        pick = choose(scored, margin, floor)
        if pick is not None and not pick.rule:
            it[2] = as_source(pick, rule)
        previous = rule if rule is not None else previous
