"""Train the speaker ranker: which of the speakers the text offers around a
quotation said it.

    python train/speakers.py                      # ../shared/dev/polnear train split -> src/dateline/lexicons/speaker_model.json
    python train/speakers.py --folds 5 --no-save  # cross-validated and held-out figures only

Reads PolNeAR's brat attributions (Source/Cue/Content spans) directly, so
every quotation dateline finds inside an annotated content span is an
example, quoted in full or in part.  The article is annotated as dateline
annotates it, with the ranker switched off: the rules' speakers are the
starting point.  For each quotation, ``dateline.annotate.speakers.candidates``
gathers the candidates (people named or referred to by he/she in the
sentence, the two before and the one after; organisations and unnamed
sources that spoke there; the previous quotation's speaker; the rules'
pick).  A candidate is right when one of its mentions overlaps the gold
Source span, or, for a named gold source, when its name matches the gold
source the way the benchmark scores it (``polnear_quotes.score``).  The
model is the L2-regularised logistic regression of ``train/quotes.py``
(numpy Newton steps; a linear model over a few hundred binary features
needs nothing heavier, and the runtime reads a dict of weights), fitted on
candidates; the quotation's speaker is the best-scored candidate, kept
only when it beats the rules' pick by ``margin`` (or, when the rules found
nobody, reaches ``floor``).  Both are chosen on the cross-validated
predictions.  Prints cross-validated accuracy by article folds on the train
split and the final model's on the held-out split (PolNeAR dev), next to
the rules', on quotations with a named gold source.
"""
from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(SHARED / "eval"))

from dateline.annotate import speakers  # noqa: E402
from dateline.annotate.attribution import Context  # noqa: E402
from dateline.annotate.people import find_entities  # noqa: E402
from dateline.annotate.quotes import _attribute_all  # noqa: E402
from dateline.annotate.text import Text  # noqa: E402

OUT = REPO / "src" / "dateline" / "lexicons" / "speaker_model.json"

_spec = importlib.util.spec_from_file_location("train_quotes", Path(__file__).with_name("quotes.py"))
_tq = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tq)
fit, predict = _tq.fit, _tq.predict


def fit_ranker(groups: list[list[tuple[dict, int]]], min_count: int, l2: float, steps: int = 30) -> dict:
    """A conditional logit (softmax over each quotation's candidates) by
    Newton steps: the weights that make the right candidate the most likely
    of its own group.  Groups with no right candidate teach nothing here."""
    groups = [g for g in groups if any(y for _, y in g) and len(g) > 1]
    counts: dict[str, int] = {}
    for g in groups:
        for f, _ in g:
            for k in f:
                counts[k] = counts.get(k, 0) + 1
    names = sorted(k for k, c in counts.items() if c >= min_count)
    index = {k: i for i, k in enumerate(names)}
    rows = [(f, y) for g in groups for f, y in g]
    X = np.zeros((len(rows), len(names)))
    for r, (f, _) in enumerate(rows):
        for k, v in f.items():
            i = index.get(k)
            if i is not None:
                X[r, i] = v
    y = np.array([float(lab) for _, lab in rows])
    gid = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    y = y / np.bincount(gid, weights=y)[gid]  # several right candidates share the group's mass
    w = np.zeros(len(names))
    for _ in range(steps):
        z = X @ w
        z = z - np.maximum.reduceat(z, np.r_[0, np.cumsum([len(g) for g in groups])[:-1]])[gid]
        ez = np.exp(z)
        p = ez / np.bincount(gid, weights=ez)[gid]
        g_w = X.T @ (p - y) + l2 * w
        Xp = np.zeros((len(groups), len(names)))
        np.add.at(Xp, gid, X * p[:, None])
        H = (X * p[:, None]).T @ X - Xp.T @ Xp + l2 * np.eye(len(names))
        step = np.linalg.solve(H, g_w)
        w -= step
        if np.max(np.abs(step)) < 1e-6:
            break
    return {"bias": 0.0, "weights": {k: round(float(v), 4) for k, v in zip(names, w) if abs(v) >= 1e-4},
            "kind": "softmax"}


def parse_ann(text: str) -> list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
    """(content segments, source segments) of every attribution in a brat file."""
    spans: dict[str, list[tuple[int, int]]] = {}
    out = []
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            kind, offs = parts[1].split(" ", 1)
            spans[parts[0]] = [tuple(int(x) for x in seg.split()) for seg in offs.split(";")]
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(r.split(":", 1) for r in parts[1].split() if ":" in r)
            if "Content" in roles:
                out.append((roles["Content"], roles.get("Source")))
    return [(spans[c], spans.get(s, []) if s else []) for c, s in out if c in spans]


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split())


def speaker_ok(src_text: str, name: str | None, desc: str | None) -> bool:
    """The benchmark's test (``polnear_quotes.score``): the predicted speaker
    and description share a capitalised word with the gold source, or a
    token F1 of 0.5."""
    from score import token_f1
    cand = " ".join(x for x in (name, desc) if x)
    caps = {t.lower().strip(".,’'s") for t in src_text.split() if t[:1].isupper()} - {"the", "mr", "ms", "mrs", "dr"}
    return bool(caps & set(_norm(cand).split())) or bool(cand and token_f1(src_text, cand) >= 0.5)


def article_examples(text: str, events) -> list[dict]:
    """One example per quotation dateline finds inside a gold content span:
    its candidates' features and labels, and what the benchmark needs."""
    import polnear_quotes

    Text.of(text)
    people, orgs, _ = find_entities(text)
    ctx = Context(text, people, orgs)
    saved, speakers.MODEL = speakers.MODEL, None
    try:
        _attribute_all(ctx)
    finally:
        speakers.MODEL = saved
    counts = speakers.mention_counts(ctx)
    out = []
    previous = None
    spans = [(q, src.start, src.end) for q, _e, src in ctx._quotes if src is not None and src.start >= 0]
    for s, e, rule in ctx._quotes:
        best, gold = 0, None
        for content, source in events:
            ov = sum(max(0, min(e, b) - max(s, a)) for a, b in content)
            if ov > best:
                best, gold = ov, source
        prev, previous = previous, (rule if rule is not None else previous)
        if gold is None or best < (e - s) // 2:
            continue
        src_text = " ".join(text[a:b] for a, b in gold)
        named = bool(polnear_quotes.named(src_text)) if gold else False
        cands = speakers.free(speakers.candidates(ctx, s, e, rule, prev),
                              frozenset((a, b) for q, a, b in spans if q >= e))
        rows = []
        for c in cands:
            hit = any(a < gb and ga < b for a, b, _ in c.mentions for ga, gb in gold)
            src = speakers.as_source(c, rule)
            ok = named and speaker_ok(src_text, src.name, src.desc)
            rows.append((speakers.features(ctx, s, e, c, rule, counts), int(hit or ok), ok, c.rule, c.name))
        out.append({"named": named, "quote": text[s:e][:80], "gold": src_text,
                    "rule": f"{rule.name} ({rule.relation})" if rule is not None else None,
                    "rule_ok": bool(named and rule is not None and
                                                     speaker_ok(src_text, rule.name, rule.desc)),
                    "rows": rows})
    return out


def examples(polnear: Path, split: str) -> list[tuple[str, list[dict]]]:
    root = polnear / split
    data = []
    for txt in sorted((root / "text").glob("*.txt")):
        anns = sorted((root / "attributions").glob(txt.stem + "_*.ann"))
        if not anns:
            continue
        text = txt.read_text(encoding="utf-8")
        data.append((txt.name, article_examples(text, parse_ann(anns[0].read_text(encoding="utf-8")))))
    return data


def decide(model: dict, ex: dict, margin: float, floor: float) -> tuple[bool, bool]:
    """(the chosen speaker passes the benchmark, the choice differs from the rules')."""
    probs = speakers.probabilities(model, [f for f, *_ in ex["rows"]])
    scored = [(p, (ok, rule)) for p, (_f, _y, ok, rule, *_) in zip(probs, ex["rows"])]
    if not scored:
        return False, False
    bp, (bok, brule) = max(scored, key=lambda x: x[0])
    ruled = [(p, ok) for p, (ok, rule) in scored if rule]
    if ruled:
        rp, rok = ruled[0]
        if not brule and bp - rp >= margin:
            return bok, True
        return rok, False
    return (bok, True) if bp >= floor else (False, False)


def train(exs: list[dict], args) -> dict:
    if args.objective == "softmax":
        return fit_ranker([[(f, y) for f, y, *_ in x["rows"]] for x in exs], args.min_count, args.l2)
    return fit([(f, y) for x in exs for f, y, *_ in x["rows"]], args.min_count, args.l2)


def accuracy(pairs) -> tuple[int, int]:
    return sum(1 for ok in pairs if ok), len(pairs)


def main() -> None:
    ap = _tq.polnear_parser(__doc__)
    ap.add_argument("--margin", type=float, default=None, help="fixed margin (default: the best cross-validated)")
    ap.add_argument("--floor", type=float, default=None, help="fixed floor (default: the best cross-validated)")
    ap.add_argument("--min-gain", type=float, default=0.005,
                    help="share of the quotations overruling the rules must gain on the folds, else margin 1.01 (never)")
    ap.add_argument("--objective", choices=("softmax", "binary"), default="softmax",
                    help="softmax over each quotation's candidates, or one logistic per candidate")
    args = ap.parse_args()
    data = examples(Path(args.polnear), args.split)
    exs = [x for _, xs in data for x in xs]
    print(f"{len(data)} articles, {len(exs)} quotations in gold content, {sum(x['named'] for x in exs)} with a named "
          f"source, {sum(len(x['rows']) for x in exs)} candidates; right speaker among the candidates: "
          f"{sum(1 for x in exs if x['named'] and any(r[2] for r in x['rows']))}")
    order = list(range(len(data)))
    random.Random(0).shuffle(order)
    held: list[tuple[dict, dict]] = []  # (model of the fold, example)
    for k in range(args.folds):
        test = {order[i] for i in range(k, len(order), args.folds)}
        model = train([x for i, (_, xs) in enumerate(data) if i not in test for x in xs], args)
        held += [(model, x) for i in test for x in data[i][1]]
    named = [(m, x) for m, x in held if x["named"]]
    print(f"cross-validated ({args.folds} folds by article), speaker right on named sources:")
    r_ok, n = accuracy([x["rule_ok"] for _, x in named])
    print(f"  rules                      {r_ok}/{n} = {r_ok / n:.3f}")
    grid = []
    for margin in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01):
        for floor in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01):
            res = [decide(m, x, margin, floor) for m, x in named]
            ok, _ = accuracy([r[0] for r in res])
            grid.append((ok, -sum(r[1] for r in res), margin, floor))
    # the most right; among equals, the fewest changes to the rules' picks
    for ok, nc, margin, floor in sorted(grid, reverse=True)[:8]:
        print(f"  ranker margin {margin:.2f} floor {floor:.2f}  {ok}/{n} = {ok / n:.3f} ({-nc} changed)")
    ok, _, margin, floor = max(grid)
    fill_ok, _, _, fill_floor = max(g for g in grid if g[2] > 1)
    if ok - fill_ok < args.min_gain * n:
        # overruling a pick the rules made must earn its keep on held-out folds
        margin, floor = 1.01, fill_floor
    margin = args.margin if args.margin is not None else margin
    floor = args.floor if args.floor is not None else floor
    res = [decide(m, x, margin, floor) for m, x in named]
    ok, _ = accuracy([r[0] for r in res])
    print(f"  as shipped (margin {margin:.2f}, floor {floor:.2f})  {ok}/{n} = {ok / n:.3f}")
    model = train(exs, args)
    model["margin"], model["floor"] = margin, floor
    model["about"] = ("speaker ranker over the candidates around a quotation; trained by train/speakers.py on "
                      "PolNeAR " + args.split)
    print(f"{len(model['weights'])} weights")
    if args.heldout:
        hx = [x for _, xs in examples(Path(args.polnear), args.heldout) for x in xs if x["named"]]
        r_ok, n = accuracy([x["rule_ok"] for x in hx])
        ok, _ = accuracy([decide(model, x, margin, floor)[0] for x in hx])
        print(f"held out (PolNeAR {args.heldout}, {n} quotations with a named source): rules {r_ok}/{n} = "
              f"{r_ok / n:.3f}, ranker {ok}/{n} = {ok / n:.3f}")
    if not args.no_save:
        OUT.write_text(json.dumps(model, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(REPO)} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
