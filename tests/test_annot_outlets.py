"""Annotation beyond the seed outlet: invented articles written in the manner of
British dailies and broadcasters, wire services, Arab, South-east Asian and South
Asian English outlets and broadcaster live blogs, each hand-annotated in
tests/fixtures/annot/ (the conventions of shared/gold/README.md) before the
system was run on it.

The matching mirrors shared/eval/score.py: a quote matches at token F1 >= 0.8,
a count when a value agrees (or, for vague quantities, the phrase overlaps),
a person by canonical name or a surname form of it.  The thresholds below are
the measured figures minus a small margin, so a regression fails here.

    python tests/test_annot_outlets.py        # prints the figures and every miss
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "annot"

# Measured before the outlet fixes -> after: quotes F1 1.000 -> 1.000, attribution 0.812 -> 0.938,
# counts F1 0.865 -> 0.993, qualifier 1.000 -> 1.000, category 0.869 -> 0.970, claimant 0.803 -> 0.970,
# people F1 0.852 -> 0.979; counts on ages/dates/times/scores/codes 9 -> 0.  Thresholds: after, minus ~0.03.
THRESHOLDS = {
    "quotes_f1": 0.97,
    "attribution": 0.90,
    "counts_f1": 0.96,
    "qualifier": 0.97,
    "category": 0.94,
    "claimant": 0.94,
    "people_f1": 0.95,
}
MAX_FALSE_COUNTS_ON_NON_COUNTS = 0


# ------------------------------------------------------------------ matching
_MARKS = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-", "\u2013": "-"}


def norm(s):
    if s is None:
        return ""
    s = unicodedata.normalize("NFKC", s)
    for a, b in _MARKS.items():
        s = s.replace(a, b)
    s = re.sub(r"[^\w\s']", " ", s.lower())
    return re.sub(r"\s+", " ", s).strip()


def tokens(s):
    return norm(s).split()


def token_f1(a, b):
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    left = defaultdict(int)
    for t in ta:
        left[t] += 1
    hit = 0
    for t in tb:
        if left[t] > 0:
            hit += 1
            left[t] -= 1
    if not hit:
        return 0.0
    p, r = hit / len(tb), hit / len(ta)
    return 2 * p * r / (p + r)


_HONORIFICS = {"mr", "ms", "mrs", "dr", "gen", "president", "prime", "minister", "sir", "the"}


def _surname(name):
    t = [w for w in tokens(name) if w not in _HONORIFICS]
    return t[-1] if t else ""


def same_person(gold, pred):
    g, p = norm(gold), norm(pred)
    if not g or not p:
        return False
    if g == p:
        return True
    return _surname(g) == _surname(p) and (set(tokens(p)) <= set(tokens(g)) or set(tokens(g)) <= set(tokens(p)))


def match_items(gold_items, pred_items, similar):
    cands = [(s, gi, pi) for gi, g in enumerate(gold_items) for pi, p in enumerate(pred_items)
             if (s := similar(g, p)) > 0]
    cands.sort(reverse=True)
    gu, pu, pairs = set(), set(), []
    for _s, gi, pi in cands:
        if gi in gu or pi in pu:
            continue
        gu.add(gi)
        pu.add(pi)
        pairs.append((gi, pi))
    return pairs


def _quote_similarity(g, p):
    f = token_f1(g["quote"], p["quote"])
    return f if f >= 0.8 else 0.0


def _count_similarity(g, p):
    vg = {float(g[k]) for k in ("value", "low", "high") if isinstance(g.get(k), (int, float))}
    vp = {float(p[k]) for k in ("value", "low", "high") if isinstance(p.get(k), (int, float))}
    overlap = token_f1(g["text"], p["text"])
    if vg & vp:
        return 0.5 + 0.5 * overlap
    if g.get("value") is None and p.get("value") is None and overlap >= 0.7:
        return 0.4 * overlap
    return 0.0


def _prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fixtures() -> list[dict]:
    return [json.loads(f.read_text(encoding="utf-8")) for f in sorted(FIXTURES.glob("*.json"))]


def measure(articles=None) -> tuple[dict, list[str]]:
    """Figures over the fixture set and a list of human-readable misses."""
    from dataclasses import asdict

    from dateline.annotate import annotate

    agg: dict[str, int] = defaultdict(int)
    misses: list[str] = []
    for art in articles or fixtures():
        text = "\n\n".join(art["paragraphs"])
        ann = annotate(text, art["ref_date"])
        aid = art["id"]
        # quotes and their speakers
        gq, pq = art["quotes"], [asdict(q) for q in ann.quotes]
        pairs = match_items(gq, pq, _quote_similarity)
        agg["q_gold"] += len(gq)
        agg["q_pred"] += len(pq)
        agg["q_tp"] += len(pairs)
        for gi, pi in pairs:
            g, p = gq[gi], pq[pi]
            gs, ps = g["speaker"], p["speaker"]
            ok = same_person(gs, ps) if gs else (not ps or p["anonymous"])
            if g["anonymous"] and gs:
                ok = ok or token_f1(gs, ps or "") >= 0.5 or token_f1(gs, p["speaker_desc"] or "") >= 0.5
            agg["q_speaker_ok"] += ok
            if not ok:
                misses.append(f"{aid} speaker {g['quote'][:50]!r}: gold={gs!r} pred={ps!r} desc={p['speaker_desc']!r}")
        matched = {gi for gi, _ in pairs}
        misses += [f"{aid} quote missed {g['quote'][:60]!r}" for gi, g in enumerate(gq) if gi not in matched]
        matched = {pi for _, pi in pairs}
        misses += [f"{aid} quote extra {p['quote'][:60]!r} ({p['speaker']})" for pi, p in enumerate(pq)
                   if pi not in matched]
        # counts
        gc, pc = art["counts"], [asdict(c) for c in ann.counts]
        pairs = match_items(gc, pc, _count_similarity)
        agg["c_gold"] += len(gc)
        agg["c_pred"] += len(pc)
        agg["c_tp"] += len(pairs)
        for gi, pi in pairs:
            g, p = gc[gi], pc[pi]
            for key in ("qualifier", "category"):
                ok = g[key] == p[key]
                agg[f"c_{key}_ok"] += ok
                if not ok:
                    misses.append(f"{aid} count {key} {g['text']!r}: gold={g[key]} pred={p[key]}")
            gcl, pcl = g["claimant"], p["claimant"]
            ok = (same_person(gcl, pcl) or token_f1(gcl, pcl or "") >= 0.5) if gcl else not pcl
            agg["c_claimant_ok"] += ok
            if not ok:
                misses.append(f"{aid} count claimant {g['text']!r}: gold={gcl!r} pred={pcl!r}")
        matched = {gi for gi, _ in pairs}
        misses += [f"{aid} count missed {g['text']!r}" for gi, g in enumerate(gc) if gi not in matched]
        matched = {pi for _, pi in pairs}
        for pi, p in enumerate(pc):
            if pi not in matched:
                misses.append(f"{aid} count extra {p['text']!r} ({p['value']}, {p['category']})")
                if any(n in p["text"] or p["text"] in n for n in art.get("not_counts", [])):
                    agg["c_false_on_non_counts"] += 1
        # people
        gp, pp = art["people"], [p.name for p in ann.people]
        pairs = match_items(gp, pp, lambda g, p: 1.0 if same_person(g["name"], p) else 0.0)
        agg["p_gold"] += len(gp)
        agg["p_pred"] += len(pp)
        agg["p_tp"] += len(pairs)
        matched = {gi for gi, _ in pairs}
        misses += [f"{aid} person missed {g['name']!r}" for gi, g in enumerate(gp) if gi not in matched]
        matched = {pi for _, pi in pairs}
        misses += [f"{aid} person extra {p!r}" for pi, p in enumerate(pp) if pi not in matched]

    qp, qr, qf = _prf(agg["q_tp"], agg["q_pred"], agg["q_gold"])
    cp, cr, cf = _prf(agg["c_tp"], agg["c_pred"], agg["c_gold"])
    pp_, pr, pf = _prf(agg["p_tp"], agg["p_pred"], agg["p_gold"])
    ctp = agg["c_tp"] or 1
    figures = {
        "quotes_p": qp, "quotes_r": qr, "quotes_f1": qf,
        "attribution": agg["q_speaker_ok"] / (agg["q_gold"] or 1),
        "counts_p": cp, "counts_r": cr, "counts_f1": cf,
        "qualifier": agg["c_qualifier_ok"] / ctp,
        "category": agg["c_category_ok"] / ctp,
        "claimant": agg["c_claimant_ok"] / ctp,
        "people_p": pp_, "people_r": pr, "people_f1": pf,
        "false_counts_on_non_counts": agg["c_false_on_non_counts"],
        "n": {k: agg[k] for k in ("q_gold", "q_pred", "q_tp", "c_gold", "c_pred", "c_tp", "p_gold", "p_pred", "p_tp")},
    }
    return figures, misses


# --------------------------------------------------------------------- tests
def test_fixtures_are_consistent():
    """Every annotated phrase occurs in its article, so the hand annotation is checkable."""
    arts = fixtures()
    assert len(arts) >= 8
    for art in arts:
        text = "\n\n".join(art["paragraphs"])
        for q in art["quotes"]:
            assert q["quote"] in text, (art["id"], q["quote"])
        for c in art["counts"]:
            assert c["text"] in text, (art["id"], c["text"])
        for p in art["people"]:
            for m in p["mentions"]:
                assert m in text, (art["id"], m)


@pytest.fixture(scope="module")
def figures():
    return measure()[0]


@pytest.mark.parametrize("key", sorted(THRESHOLDS))
def test_outlet_styles_meet_thresholds(figures, key):
    assert figures[key] >= THRESHOLDS[key], (key, round(figures[key], 4), measure()[1])


def test_no_counts_on_ages_dates_times_scores_and_codes(figures):
    assert figures["false_counts_on_non_counts"] <= MAX_FALSE_COUNTS_ON_NON_COUNTS


# ------------------------------------------------ the principles, one by one
def _counts(text):
    from dateline.annotate import annotate
    return annotate(text, "2025-06-17").counts


@pytest.mark.parametrize("text,value", [
    ("The council found £40m for repairs.", 40_000_000),        # British/wire scale abbreviations
    ("It announced a €2.5bn plan.", 2_500_000_000),
    ("The deal was worth $40 mln.", 40_000_000),
    ("Police froze ₹12 crore in accounts.", 120_000_000),      # South Asian scale words
    ("Police froze Rs 3.4 crore in accounts.", 34_000_000),     # currency written as a word
    ("She lost ₹8 lakh in the scheme.", 800_000),
])
def test_money_in_other_styles(text, value):
    c = [x for x in _counts(text) if x.category == "money"]
    assert [x.value for x in c] == [value]


@pytest.mark.parametrize("text", [
    "A helpline is open on 0800 917 4455 all night.",           # phone numbers: codes, not quantities
    "The accused, aged between 29 and 46, were charged.",       # ages as a range
    "They were charged under sections 318 and 61 of the code.", # a list of identifiers after a label
    "The runner finished the 40m sprint first.",                # '40m' alone is metres
])
def test_identifiers_and_ages_are_not_counts(text):
    assert _counts(text) == []


def test_claimants_across_outlet_styles():
    c = {x.text: x.claimant for x in _counts(
        "KESTRAVA, June 17 (Reuters) - Norvald Energy will cut 1,200 jobs, the company said in a statement.")}
    assert c["1,200 jobs"] == "Norvald Energy"  # the wire dateline is no subject; 'the company' is Norvald
    c = {x.text: x.claimant for x in _counts(
        "The coastguard in Halvik says 23 people died. It says rescuers are searching for nine missing passengers.")}
    assert c["nine missing passengers"] == "coastguard in Halvik"
    c = {x.text: x.claimant for x in _counts(
        "Sanjay Deshmukh, a police officer, spoke to reporters. “The money went through 37 shell companies,” "
        "Deshmukh said.")}
    assert c["37 shell companies"] == "Sanjay Deshmukh"  # a number inside a quotation: its speaker's


def test_colon_introduces_a_quotation_paragraph():
    from dateline.annotate import annotate
    text = "Prime Minister Arvid Solberg has written on X:\n\n“This is a dark day for our nation.”"
    (q,) = annotate(text).quotes
    assert q.speaker == "Arvid Solberg" and q.kind == "writing"


def test_family_name_inside_a_longer_name():
    from dateline.annotate import annotate
    text = ("Minister Grace Lim Hui Shan spoke on Monday.\n\n"
            "“The numbers are worrying,” said Ms Lim.")
    a = annotate(text)
    assert [p.name for p in a.people] == ["Grace Lim Hui Shan"]
    assert a.quotes[0].speaker == "Grace Lim Hui Shan"


if __name__ == "__main__":
    figs, miss = measure()
    for k, v in figs.items():
        print(f"{k:28s} {v if isinstance(v, (int, dict)) else round(v, 3)}")
    if "-q" not in sys.argv:
        print()
        print("\n".join(miss))
