"""Train the quotation model: which spans inside double quotation marks are
quotations (full or partial, speech or writing) and which are titles, names
and terms ("scare quotes").

    python train/quotes.py                      # ../shared/dev/polnear train split -> src/dateline/lexicons/quote_model.json
    python train/quotes.py --folds 5 --no-save  # cross-validated and held-out figures only

Reads PolNeAR's train split (brat attributions, through the benchmark
builder in ../shared/eval/polnear_quotes.py): a span is a quotation when it
matches the quoted text of an attribution's content (token F1 >= 0.8, the
benchmark's own matching).  Every candidate span of two words or more
inside double marks is one example; its features are
``dateline.annotate.quotes.features`` (shape, position in the sentence, the
words around the marks, the attribution found, the rules' verdict).  The
model is an L2-regularised logistic regression fitted with numpy; the
file keeps weights for the features seen at least ``--min-count`` times, a
few kilobytes.  Prints cross-validated precision/recall by article folds
and the final model's on the held-out split (PolNeAR dev), next to the rules'.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(SHARED / "eval"))

from dateline.annotate.attribution import Context, find_source  # noqa: E402
from dateline.annotate.people import find_entities  # noqa: E402
from dateline.annotate.quotes import _chains, features, modelled, vetoed  # noqa: E402
from dateline.annotate.text import Text  # noqa: E402

OUT = REPO / "src" / "dateline" / "lexicons" / "quote_model.json"


def examples(polnear: Path, split: str) -> list[tuple[str, list[tuple[dict, int]]]]:
    """(article name, [(features, label)]) for every article of ``split``."""
    import polnear_quotes  # ../shared/eval
    from score import token_f1

    with tempfile.TemporaryDirectory() as tmp:
        polnear_quotes.build(str(polnear), tmp, split)
        gold = json.loads((Path(tmp) / "gold.json").read_text())
        out = []
        for name, gq in sorted(gold.items()):
            text = (Path(tmp) / "articles" / name).read_text(encoding="utf-8")
            Text.of(text)
            people, orgs, _ = find_entities(text)
            ctx = Context(text, people, orgs)
            ids = _chains(ctx)
            size: dict[int, int] = {}
            for c in ids:
                size[c] = size.get(c, 0) + 1
            rows = []
            for k, (s, e, closed) in enumerate(ctx.spans):
                if not modelled(text, s, e, closed, size[ids[k]] > 1):
                    continue
                src = find_source(ctx, s, e, quote=True)
                f = features(ctx, s, e, src, size[ids[k]] > 1)
                label = int(any(token_f1(g["quote"], text[s:e]) >= 0.8 for g in gq))
                rows.append((f, label))
            out.append((name, rows))
    return out


def fit(rows: list[tuple[dict, int]], min_count: int, l2: float, steps: int = 600) -> dict:
    counts: dict[str, int] = {}
    for f, _ in rows:
        for k in f:
            counts[k] = counts.get(k, 0) + 1
    names = sorted(k for k, c in counts.items() if c >= min_count)
    index = {k: i for i, k in enumerate(names)}
    X = np.zeros((len(rows), len(names)))
    y = np.array([lab for _, lab in rows], dtype=float)
    for r, (f, _) in enumerate(rows):
        for k, v in f.items():
            i = index.get(k)
            if i is not None:
                X[r, i] = v
    w = np.zeros(len(names))
    b = 0.0
    # Newton steps on the regularised log loss (small problem: a few thousand rows, a few hundred columns)
    for _ in range(25):
        z = X @ w + b
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        g_w = X.T @ (p - y) + l2 * w
        g_b = float(np.sum(p - y))
        s = p * (1 - p)
        H = (X * s[:, None]).T @ X + l2 * np.eye(len(names))
        hb = X.T @ s
        full = np.zeros((len(names) + 1, len(names) + 1))
        full[:-1, :-1] = H
        full[:-1, -1] = hb
        full[-1, :-1] = hb
        full[-1, -1] = float(np.sum(s)) + 1e-6
        step = np.linalg.solve(full, np.concatenate([g_w, [g_b]]))
        w -= step[:-1]
        b -= float(step[-1])
        if np.max(np.abs(step)) < 1e-6:
            break
    weights = {k: round(float(v), 4) for k, v in zip(names, w) if abs(v) >= 1e-4}
    return {"bias": round(b, 4), "weights": weights}


def predict(model: dict, f: dict) -> float:
    z = model["bias"] + sum(model["weights"].get(k, 0.0) * v for k, v in f.items())
    return 1 / (1 + math.exp(-max(-30, min(30, z))))


def prf(pairs) -> tuple[float, float, float]:
    tp = sum(1 for p, y in pairs if p and y)
    fp = sum(1 for p, y in pairs if p and not y)
    fn = sum(1 for p, y in pairs if not p and y)
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / (tp + fn) if tp + fn else 0.0
    return P, R, 2 * P * R / (P + R) if P + R else 0.0


def polnear_parser(doc: str) -> argparse.ArgumentParser:
    """The options every PolNeAR training script takes: where the corpus is,
    its split, the folds, the regularisation, whether to write the model,
    and the split the final model is scored on."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", default=str(SHARED / "dev" / "polnear"))
    ap.add_argument("--split", default="train")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--min-count", type=int, default=10)
    ap.add_argument("--l2", type=float, default=3.0)
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--heldout", default="dev", help="split to score the final model on ('' for none)")
    return ap


def main() -> None:
    ap = polnear_parser(__doc__)
    ap.add_argument("--threshold", type=float, default=0.6)
    ap.add_argument("--threshold-against-rules", type=float, default=0.7,
                    help="the probability needed to call a quotation what the rules do not")
    ap.add_argument("--dump", help="write the examples here (JSON lines) for study")
    args = ap.parse_args()
    data = examples(Path(args.polnear), args.split)
    rows = [r for _, rs in data for r in rs]
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for name, rs in data:
                for f, y in rs:
                    fh.write(json.dumps({"article": name, "label": y, "features": f}) + "\n")
    print(f"{len(data)} articles, {len(rows)} candidate spans, {sum(y for _, y in rows)} quotations")
    order = list(range(len(data)))
    random.Random(0).shuffle(order)
    scored, rule_pairs, vetoes = [], [], []
    for k in range(args.folds):
        test = {order[i] for i in range(k, len(order), args.folds)}
        model = fit([r for i, (_, rs) in enumerate(data) if i not in test for r in rs], args.min_count, args.l2)
        for i in test:
            for f, y in data[i][1]:
                scored.append((predict(model, f), y))
                rule_pairs.append((f["rule"] >= 0.5, y))
                vetoes.append((vetoed(f), y))
    print("cross-validated, spans of 2+ words in double marks (P R F1):")
    print("  rules  %.3f %.3f %.3f" % prf(rule_pairs))
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        print(f"  model at {t:.1f}  " + "%.3f %.3f %.3f" % prf([(p >= t, y) for p, y in scored]))
        print("    with terms vetoed  " + "%.3f %.3f %.3f" % prf([(p >= t and not v, y) for (p, y), (v, _) in zip(scored, vetoes)]))
    t, t2 = args.threshold, args.threshold_against_rules
    for u in (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        print(f"  {t} with the rules, {u} against them, terms vetoed  " + "%.4f %.4f %.4f" % prf(
            [(p >= (t if r else u) and not v, y) for (p, y), (r, _), (v, _) in zip(scored, rule_pairs, vetoes)]))
    print(f"  as shipped ({t} with the rules, {t2} against them, terms vetoed)  " + "%.3f %.3f %.3f" % prf(
        [(p >= (t if r else t2) and not v, y) for (p, y), (r, _), (v, _) in zip(scored, rule_pairs, vetoes)]))
    model = fit(rows, args.min_count, args.l2)
    model["threshold"] = args.threshold
    model["threshold_against_rules"] = args.threshold_against_rules
    model["about"] = ("quotation vs title/term for spans of 2+ words in double marks; "
                      "trained by train/quotes.py on PolNeAR " + args.split)
    print(f"{len(model['weights'])} weights")
    if args.heldout:
        held = [r for _, rs in examples(Path(args.polnear), args.heldout) for r in rs]
        print(f"held out (PolNeAR {args.heldout}, {len(held)} spans; P R F1):")
        print("  rules       %.3f %.3f %.3f" % prf([(f["rule"] >= 0.5, y) for f, y in held]))
        print("  as shipped  %.3f %.3f %.3f" % prf(
            [(predict(model, f) >= (t if f["rule"] else t2) and not vetoed(f), y) for f, y in held]))
    if not args.no_save:
        OUT.write_text(json.dumps(model, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(REPO)} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
