"""Audits: how right is the archive on the user's own news?

A seeded random sample of extracted facts of one kind is drawn, stored with
a snapshot of each fact and its context, judged by a person (right, wrong
and which field, skip, with an optional correction), and summarised as
precision with Wilson 95% intervals.  The judged items can be written in the
gold schema of ``shared/gold/`` so that an audit becomes a regression set.

This module holds the pure parts: sampling, statistics, the item views and
the gold export.  Storage is ``AuditStore`` (audit tables of the archive,
migration 9 in store.py); the commands are in ``cli/audit.py`` and the
web pages in ``web/audit.py``.
"""
from __future__ import annotations

import math
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist
from typing import Any, Iterable

from . import lexicon

AUDIT_SCHEMA = """
CREATE TABLE IF NOT EXISTS audits (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    seed INTEGER NOT NULL,
    params TEXT NOT NULL,            -- JSON: n, margin, outlet, since, until, stratify
    population INTEGER NOT NULL,     -- facts of the kind the sample was drawn from
    version TEXT NOT NULL,           -- dateline version that extracted the facts
    label TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE TABLE IF NOT EXISTS audit_items (
    audit_id INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL,            -- order of judging
    article_id TEXT NOT NULL,
    fact_idx INTEGER NOT NULL,       -- index among the article's facts of the kind (0 for articles)
    outlet TEXT,
    item TEXT NOT NULL,              -- JSON snapshot: the fact, its fields and its context as sampled
    PRIMARY KEY (audit_id, pos)
);
CREATE TABLE IF NOT EXISTS audit_judgements (
    audit_id INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('right', 'wrong', 'skip')),
    wrong_fields TEXT NOT NULL DEFAULT '[]',
    correction TEXT NOT NULL DEFAULT '{}',
    judged_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    PRIMARY KEY (audit_id, pos),
    FOREIGN KEY (audit_id, pos) REFERENCES audit_items(audit_id, pos) ON DELETE CASCADE
);
"""

# kind -> the fields a judge can mark wrong (the first is the main one)
KINDS: dict[str, tuple[str, ...]] = {
    "quotes": ("quote",),
    "speakers": ("speaker",),
    "counts": ("value", "qualifier", "category"),
    "claimants": ("claimant",),
    "people": ("name", "role"),
    "articles": ("title", "body", "byline"),
}
KIND_HELP = {
    "quotes": "is this a quotation, with the right bounds?",
    "speakers": "is this the person (or source) who said it?",
    "counts": "is this a number stated as a fact, with the right value, hedge and category?",
    "claimants": "is this who the text says asserts the number (none: the outlet itself)?",
    "people": "is this a person, with the right full name and role?",
    "articles": "is the article cut right: headline, whole body without furniture, byline?",
}
VERDICTS = ("right", "wrong", "skip")
Z95 = NormalDist().inv_cdf(0.975)  # 1.959963984540054


# -- statistics ------------------------------------------------------------------
def wilson(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion (no continuity
    correction).  Unlike the normal approximation it stays inside [0, 1] and
    is honest at 0 and n successes, which small audits of a good extractor hit.
    (Five lines: not worth a statistics dependency.)"""
    if n <= 0:
        return (0.0, 1.0)
    if not 0 <= successes <= n:
        raise ValueError(f"{successes} successes out of {n}")
    z = Z95 if confidence == 0.95 else NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lo, hi = centre - half, centre + half
    # exact at the ends (rounding would otherwise leave 1e-17 off)
    return (0.0 if successes == 0 else max(0.0, lo), 1.0 if successes == n else min(1.0, hi))


def difference_interval(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float, float]:
    """p1 - p2 and its 95% interval by Newcombe's hybrid score method (1998,
    method 10), built from the two Wilson intervals: for two independent
    audits, e.g. of two versions."""
    p1 = k1 / n1 if n1 else 0.0
    p2 = k2 / n2 if n2 else 0.0
    l1, u1 = wilson(k1, n1)
    l2, u2 = wilson(k2, n2)
    d = p1 - p2
    return d, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def sample_size(margin: float, population: int | None = None, confidence: float = 0.95) -> int:
    """Items to judge so that a proportion is known within +-``margin`` at
    ``confidence`` whatever it is (p = 0.5, the worst case), with the finite
    population correction when the archive holds few facts of the kind."""
    if not 0 < margin < 1:
        raise ValueError("the margin is a proportion between 0 and 1, e.g. 0.05")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    n0 = z * z * 0.25 / (margin * margin)
    if population:
        n0 = n0 / (1 + (n0 - 1) / population)
    n = math.ceil(n0 - 1e-9)
    return min(n, population) if population else n


# -- sampling --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FactKey:
    """One fact of the archive: its article, its index among that article's
    facts of the kind, and the article's outlet (for strata)."""

    article_id: str
    idx: int
    outlet: str | None = None


def draw(population: list[FactKey], n: int, seed: int, stratify: bool = False) -> list[FactKey]:
    """A simple random sample of ``n`` facts (every fact equally likely), or
    with ``stratify`` a stratified one: each outlet gets its share of ``n``
    in proportion to its facts (largest remainders), sampled within it, so
    the sample is still self-weighting and each outlet is represented as it
    is in the archive.  The same population and seed give the same sample."""
    facts = sorted(set(population), key=lambda f: (f.article_id, f.idx))
    n = min(n, len(facts))
    rng = random.Random(seed)
    if not stratify:
        picked = rng.sample(facts, n)
    else:
        strata: dict[str, list[FactKey]] = defaultdict(list)
        for f in facts:
            strata[f.outlet or ""].append(f)
        names = sorted(strata)
        quotas = {s: n * len(strata[s]) / len(facts) for s in names}
        alloc = {s: int(quotas[s]) for s in names}
        left = n - sum(alloc.values())
        for s in sorted(names, key=lambda s: (-(quotas[s] - alloc[s]), s))[:left]:
            alloc[s] += 1
        picked = []
        for s in names:
            picked += rng.sample(strata[s], alloc[s])
    rng.shuffle(picked)  # judged in random order: no outlet or article in a run
    return picked


# -- what a judge sees -----------------------------------------------------------
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """Words written with a period that ends no sentence: the honorifics and
    abbreviated titles of the lexicons ("Mr", "Gen")."""
    words = [w for name in ("honorifics.txt", "titles.txt") for e in lexicon.entries(name) for w in e.split()
             if w.endswith(".")]
    return frozenset(w.rstrip(".").lower() for w in words)


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, (len(text) if b < 0 else b)


def sentence_bounds(par: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) of ``par`` holding [start, end): a quote that runs
    over several sentences keeps them all."""
    a, b = 0, len(par)
    for m in _SENTENCE_END.finditer(par):
        word = par[:m.start()].rsplit(None, 1)[-1] if par[:m.start()].strip() else ""
        if par[m.start()] == "." and (len(word) == 1 or word.lower() in _abbreviations()):
            continue  # "Mr. Luna", "J. Smith": no sentence ends there
        if m.end() <= start:
            a = m.end()
        elif m.start() >= end - 1:
            b = m.start() + len(m.group(0).rstrip())
            break
    return a, b


def nearest(text: str, name: str | None, around: int) -> tuple[int, int] | None:
    """The occurrence of ``name`` (or of its last word) nearest to ``around``:
    where the article names a speaker or claimant."""
    if not name:
        return None
    for probe in (name, name.split()[-1]):
        if len(probe) < 3:
            continue
        hits = [m.span() for m in re.finditer(re.escape(probe), text)]
        if hits:
            return min(hits, key=lambda s: abs(s[0] - around))
    return None


def _words(s: str, n: int = 8) -> str:
    return " ".join(s.split()[:n])


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def article_part(a) -> dict[str, Any]:
    pars = _paragraphs(a.text)
    return {"id": a.id, "title": a.title, "outlet": a.outlet, "day": (a.published or a.captured_at or "")[:10] or None,
            "source": a.source, "truncated": a.truncated, "byline": list(a.byline),
            "contributors": [{"name": c.name, "place": c.place} for c in a.contributors],
            "first_words": _words(pars[0]) if pars else "", "last_words": _words(pars[-1]) if pars else ""}


def facts_of(kind: str, a) -> list:
    """The facts of ``kind`` in article ``a`` (an Article with annotations)."""
    ann = a.annotations
    if kind in ("quotes", "speakers"):
        return ann.quotes
    if kind in ("counts", "claimants"):
        return ann.counts
    if kind == "people":
        return ann.people
    if kind == "articles":
        return [a]
    raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")


def number_text(value, low, high) -> str:
    def f(v):
        return "" if v is None else (f"{v:,.0f}" if float(v) == int(v) else f"{v:,.4g}")
    if value is None and (low is not None or high is not None):
        return f"{f(low)}-{f(high)}"
    return f(value)


def item_view(kind: str, a, idx: int) -> dict[str, Any]:
    """The snapshot a judge sees and the export reads: the fact as
    extracted, the fields judged, and the paragraph it sits in with the
    sentence and the extracted value marked (offsets into the paragraph)."""
    fact = facts_of(kind, a)[idx]
    text = a.text
    marks: list[tuple[int, int, str]] = []  # absolute offsets: (start, end, what)
    if kind in ("quotes", "speakers"):
        q = fact
        record = {"quote": q.quote, "speaker": q.speaker, "speaker_desc": q.speaker_desc,
                  "anonymous": q.anonymous, "partial": q.partial, "kind": q.kind, "cue": q.cue,
                  "start": q.start, "end": q.end}
        span = (q.start, q.end)
        if kind == "quotes":
            fields = {"quote": q.quote}
            marks.append((q.start, q.end, "value"))
        else:
            who = q.speaker or ("(unnamed source)" if q.anonymous else "(no speaker)")
            if q.speaker_desc and q.speaker_desc != q.speaker:
                who += f" - {q.speaker_desc}"
            fields = {"speaker": who}
            marks.append((q.start, q.end, "context"))
            at = nearest(text, q.speaker or q.speaker_desc, q.start)
            if at:
                marks.append((*at, "value"))
    elif kind in ("counts", "claimants"):
        c = fact
        record = {"text": c.text, "value": c.value, "low": c.low, "high": c.high, "qualifier": c.qualifier,
                  "category": c.category, "what": c.what, "claimant": c.claimant, "as_of": c.as_of,
                  "start": c.start, "end": c.end}
        span = (c.start, c.end)
        if kind == "counts":
            fields = {"value": number_text(c.value, c.low, c.high), "qualifier": c.qualifier,
                      "category": c.category}
            marks.append((c.start, c.end, "value"))
        else:
            fields = {"claimant": c.claimant or "(none: the outlet states it)"}
            marks.append((c.start, c.end, "context"))
            at = nearest(text, c.claimant, c.start)
            if at:
                marks.append((*at, "value"))
    elif kind == "people":
        p = fact
        first = p.mentions[0] if p.mentions else None
        record = {"name": p.name, "role": p.role, "mentions": list(dict.fromkeys(m.text for m in p.mentions))}
        span = (first.start, first.end) if first else (0, 0)
        fields = {"name": p.name, "role": p.role or "(none)"}
        if first:
            marks.append((first.start, first.end, "value"))
    else:
        pars = _paragraphs(text)
        record = {"title": a.title, "byline": list(a.byline)}
        first_end = text.find("\n")
        span = (0, len(text) if first_end < 0 else first_end)
        fields = {"title": a.title or "(no headline)",
                  "body": f"{len(pars)} paragraphs: \u201c{_words(pars[0]) if pars else ''} \u2026\u201d to "
                          f"\u201c{_words(pars[-1]) if pars else ''} \u2026\u201d",
                  "byline": ", ".join(a.byline) or "(none)"}
    p0, p1 = paragraph_bounds(text, *span)
    par = text[p0:p1]
    s0, s1 = sentence_bounds(par, span[0] - p0, span[1] - p0) if span[1] > span[0] else (0, 0)
    return {
        "kind": kind,
        "article": article_part(a),
        "fact": record,
        "fields": fields,
        "context": {
            "paragraph": par, "offset": p0, "sentence": [s0, s1],
            "marks": [[s - p0, e - p0, what] for s, e, what in sorted(marks) if p0 <= s and e <= p1],
            "last_paragraph": _paragraphs(text)[-1] if kind == "articles" and _paragraphs(text) else None,
        },
    }


def styled_runs(par: str, sentence: list[int], marks: list[list]) -> list[tuple[str, set[str]]]:
    """The paragraph cut into runs of text, each with its styles: 'sentence'
    for the fact's sentence, and 'value' / 'context' for the marks.  The
    terminal and the web page both draw from these."""
    cuts = {0, len(par), *sentence}
    for s, e, _ in marks:
        cuts |= {s, e}
    cuts = sorted(c for c in cuts if 0 <= c <= len(par))
    runs = []
    for a, b in zip(cuts, cuts[1:]):
        if a == b:
            continue
        styles = set()
        if sentence[0] <= a and b <= sentence[1] and sentence[1] > sentence[0]:
            styles.add("sentence")
        for s, e, what in marks:
            if s <= a and b <= e:
                styles.add(what)
        runs.append((par[a:b], styles))
    return runs


# -- judgements and the report ----------------------------------------------------
@dataclass(slots=True)
class Judged:
    pos: int
    outlet: str | None
    item: dict[str, Any]
    verdict: str | None  # None: not judged yet
    wrong_fields: list[str]
    correction: dict[str, str]
    judged_at: str | None = None


def clean_judgement(kind: str, verdict: str, wrong_fields: Iterable[str] | None,
                    correction: dict[str, str] | None) -> tuple[str, list[str], dict[str, str]]:
    """Check a judgement: a known verdict; wrong fields of this kind (a
    'wrong' with none named means all of them); corrections only for
    fields marked wrong, blank ones dropped."""
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}")
    fields = KINDS[kind]
    if verdict != "wrong":
        return verdict, [], {}
    wf = [f for f in fields if f in set(wrong_fields or [])]
    unknown = set(wrong_fields or []) - set(fields)
    if unknown:
        raise ValueError(f"{kind} items have the fields {', '.join(fields)}, not {', '.join(sorted(unknown))}")
    wf = wf or list(fields)  # wrong, no field named: the fact as a whole
    corr = {k: v.strip() for k, v in (correction or {}).items() if k in wf and v is not None and v.strip()}
    return verdict, wf, corr


def _rate(k: int, n: int) -> dict[str, Any]:
    lo, hi = wilson(k, n)
    return {"right": k, "judged": n, "precision": round(k / n, 4) if n else None,
            "low": round(lo, 4), "high": round(hi, 4)}


def summarise(audit: dict[str, Any], items: list[Judged]) -> dict[str, Any]:
    """Precision of an audit overall, per outlet and per field, each with
    its Wilson 95% interval, and the wrong items."""
    kind = audit["kind"]
    judged = [j for j in items if j.verdict in ("right", "wrong")]
    right = sum(1 for j in judged if j.verdict == "right")
    per_outlet: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for j in judged:
        o = per_outlet[j.outlet or "(no outlet)"]
        o[0] += j.verdict == "right"
        o[1] += 1
    per_field = {}
    for f in KINDS[kind]:
        ok = sum(1 for j in judged if f not in j.wrong_fields)
        per_field[f] = _rate(ok, len(judged))
    wrong = [{"pos": j.pos, "article_id": j.item["article"]["id"], "outlet": j.outlet,
              "title": j.item["article"]["title"], "fields": j.wrong_fields,
              "extracted": {f: j.item["fields"].get(f) for f in j.wrong_fields},
              "correction": j.correction, "link": f"/articles/{j.item['article']['id']}",
              "sentence": sentence_of(j.item)}
             for j in items if j.verdict == "wrong"]
    return {
        "audit": audit["id"], "kind": kind, "label": audit.get("label"), "version": audit.get("version"),
        "created_at": audit.get("created_at"), "seed": audit["seed"], "params": audit["params"],
        "population": audit["population"], "sampled": len(items),
        "judged": len(judged), "skipped": sum(1 for j in items if j.verdict == "skip"),
        "pending": sum(1 for j in items if j.verdict is None),
        "overall": _rate(right, len(judged)),
        "per_field": per_field,
        "per_outlet": {o: _rate(k, n) for o, (k, n) in sorted(per_outlet.items(), key=lambda x: (-x[1][1], x[0]))},
        "wrong": wrong,
    }


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Two summaries side by side: precision of each, the difference (a - b)
    and its Newcombe 95% interval; 'clear' when that interval leaves out 0."""
    def diff(ra, rb):
        if not ra["judged"] or not rb["judged"]:
            return None
        d, lo, hi = difference_interval(ra["right"], ra["judged"], rb["right"], rb["judged"])
        return {"difference": round(d, 4), "low": round(lo, 4), "high": round(hi, 4), "clear": lo > 0 or hi < 0}
    rows = [("overall", a["overall"], b["overall"])]
    rows += [(f"field {f}", a["per_field"][f], b["per_field"].get(f)) for f in a["per_field"] if f in b["per_field"]]
    rows += [(f"outlet {o}", a["per_outlet"][o], b["per_outlet"][o]) for o in a["per_outlet"] if o in b["per_outlet"]]
    return {"a": a["audit"], "b": b["audit"], "kind_a": a["kind"], "kind_b": b["kind"],
            "rows": [{"what": w, "a": ra, "b": rb, "a_minus_b": diff(ra, rb)} for w, ra, rb in rows]}


def sentence_of(item: dict[str, Any]) -> str:
    c = item["context"]
    s, e = c["sentence"]
    return c["paragraph"][s:e] if e > s else c["paragraph"][:200]


def draw_chart(summaries: list[dict[str, Any]], path: str) -> None:
    """Precision with its Wilson 95% interval, overall, per field and per
    outlet, one row each (two audits: side by side), as PNG or SVG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels: list[str] = []
    for s in summaries:
        fields = [f"field {f}" for f in s["per_field"]] if len(s["per_field"]) > 1 else []
        for name in ["overall", *fields, *(f"outlet {o}" for o in s["per_outlet"])]:
            if name not in labels:
                labels.append(name)

    def rate(s, name):
        if name == "overall":
            return s["overall"]
        group, key = name.split(" ", 1)
        return (s["per_field"] if group == "field" else s["per_outlet"]).get(key)

    fig, ax = plt.subplots(figsize=(7, 0.45 * len(labels) * max(1, len(summaries)) + 1.2))
    colours = ["#0072b2", "#d55e00"]
    step = 0.35 if len(summaries) > 1 else 0.0
    for si, s in enumerate(summaries):
        ys, xs, los, his = [], [], [], []
        for li, name in enumerate(labels):
            r = rate(s, name)
            if not r or not r["judged"]:
                continue
            ys.append(li + si * step)
            xs.append(r["precision"])
            los.append(r["precision"] - r["low"])
            his.append(r["high"] - r["precision"])
        ax.errorbar(xs, ys, xerr=[los, his], fmt="o", capsize=3, color=colours[si % 2],
                    label=f"audit {s['audit']} ({s['kind']}{', ' + s['label'] if s.get('label') else ''})")
    ax.set_yticks([i + step * (len(summaries) - 1) / 2 for i in range(len(labels))], labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("precision (Wilson 95% interval)")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower left", fontsize="small")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


# -- export in the gold schema ---------------------------------------------------
def _none_word(v: str | None) -> str | None:
    return None if v is None or v.strip().lower() in ("", "none", "null", "-", "(none)") else v.strip()


def _number(v: str) -> float | None:
    try:
        return float(v.replace(",", "").replace("_", ""))
    except ValueError:
        return None


def gold_fact(kind: str, j: Judged) -> tuple[str, dict[str, Any] | str] | None:
    """One judged item as gold: (list name, entry), or None when the
    judgement does not say what is right (wrong without a correction)."""
    fact = dict(j.item["fact"])
    c = j.correction
    if j.verdict == "right":
        corrected = True
    else:
        corrected = all(f in c for f in j.wrong_fields)
    if kind == "articles":
        return None  # articles are exported as the article entries themselves
    if kind in ("quotes", "speakers"):
        g = {k: fact.get(k) for k in ("quote", "speaker", "speaker_desc", "anonymous", "partial", "kind")}
        if kind == "quotes" and j.verdict == "wrong":
            if "quote" in c:
                g["quote"] = c["quote"]
            else:  # the judge says it is no quotation: a scare quote, title or term
                return ("scare_quotes", fact["quote"])
        if kind == "speakers" and j.verdict == "wrong":
            if not corrected:
                return None
            g["speaker"] = _none_word(c["speaker"])
            g["speaker_desc"] = None
        return ("quotes", g)
    if kind in ("counts", "claimants"):
        g = {k: fact.get(k) for k in ("text", "value", "low", "high", "qualifier", "category", "what", "claimant",
                                      "as_of")}
        if j.verdict == "wrong":
            if not corrected:
                return None
            if "value" in c:
                lo_hi = re.fullmatch(r"\s*([\d.,]+)\s*[-\u2013]\s*([\d.,]+)\s*", c["value"])
                if lo_hi:
                    g["value"], g["low"], g["high"] = None, _number(lo_hi[1]), _number(lo_hi[2])
                else:
                    num = _number(c["value"])
                    if num is None:
                        return None
                    g["value"], g["low"], g["high"] = num, None, None
            for f in ("qualifier", "category"):
                if f in c:
                    g[f] = c[f]
            if "claimant" in c:
                g["claimant"] = _none_word(c["claimant"])
        return ("counts", g)
    if kind == "people":
        g = {"name": fact["name"], "mentions": fact.get("mentions", []), "role": fact.get("role")}
        if j.verdict == "wrong":
            if not corrected:
                return None
            if "name" in c:
                g["name"] = c["name"]
            if "role" in c:
                g["role"] = _none_word(c["role"])
        return ("people", g)
    raise ValueError(kind)


def to_gold(audit: dict[str, Any], items: list[Judged]) -> list[dict[str, Any]]:
    """The judged items as gold files (shared/gold/README.md), one per source
    file: each article that holds a judged item, with the judged facts (the
    extracted ones judged right, the corrected ones judged wrong).  A wrong
    item without a correction says what is not so, not what is: it is left
    out, except a rejected quotation, which goes to ``scare_quotes``."""
    kind = audit["kind"]
    files: dict[str, dict[str, Any]] = {}
    arts: dict[str, dict[str, Any]] = {}
    for j in sorted(items, key=lambda j: j.pos):
        if j.verdict not in ("right", "wrong"):
            continue
        a = j.item["article"]
        if kind == "articles" and j.verdict == "wrong" and not all(f in j.correction for f in j.wrong_fields):
            continue
        entry = arts.get(a["id"])
        if entry is None:
            fname = (a["source"] or "").replace("\\", "/").rsplit("/", 1)[-1]
            gold = files.setdefault(fname, {"file": fname, "articles": [], "boilerplate_lines": [],
                                            "audit": {"id": audit["id"], "kind": kind,
                                                      "version": audit.get("version"), "label": audit.get("label")}})
            entry = arts[a["id"]] = {
                "id": a["id"], "title": a["title"], "outlet": a["outlet"], "first_words": a["first_words"],
                "last_words": a["last_words"], "truncated": a["truncated"], "byline": a["byline"],
                "contributors": a.get("contributors", []),
                "quotes": [], "counts": [], "people": [], "scare_quotes": []}
            gold["articles"].append(entry)
        if kind == "articles":
            if "title" in j.correction:
                entry["title"] = _none_word(j.correction["title"])
            if "byline" in j.correction:
                entry["byline"] = [b.strip() for b in re.split(r"[,;]| and ", j.correction["byline"]) if b.strip()
                                   and _none_word(b)]
            continue
        got = gold_fact(kind, j)
        if got:
            entry[got[0]].append(got[1])
    return list(files.values())


SCORE_LINES = {
    "quotes": ["quotes (recall: the quotations judged right that are found)", "scare_quotes_reported_as_quotes"],
    "speakers": ["speaker_accuracy_on_found"],
    "counts": ["counts (recall)", "count_category_accuracy", "count_qualifier_accuracy"],
    "claimants": ["count_claimant_accuracy"],
    "people": ["people (recall)"],
    "articles": ["articles (recall)", "titles_correct", "credits (recall)"],
}
