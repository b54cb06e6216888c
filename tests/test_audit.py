"""`dateline audit`: intervals, sampling, keyboard judging in the terminal,
crash safety, reports and the gold export.

The archives here are invented: articles built in code with quotes and
counts placed at known offsets, so the mix of facts is known exactly.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from dateline.audit import (KINDS, clean_judgement, difference_interval, draw, gold_fact, item_view,
                            sample_size, sentence_bounds, styled_runs, wilson)
from dateline.audit_store import Audits, NoAudit
from dateline.core import article_id
from dateline.model import Annotations, Article, Count, Person, Quote, Span
from dateline.store import Store

from conftest import run_cli

FIRST = ["Ada", "Bram", "Cleo", "Dov", "Edda", "Farid", "Gita", "Hal", "Ines", "Joss", "Kemi", "Lior"]
LAST = ["Marsh", "Okafor", "Quill", "Rasmussen", "Sato", "Tembo", "Umber", "Vey", "Wolde", "Yarrow"]


def invented_article(i: int, outlet: str, n_facts: int, source: str = "dumps/invented.txt") -> Article:
    """An invented article with ``n_facts`` quotes and as many counts, each
    in its own paragraph at a known offset, and one person per quote."""
    pars = [f"The river town of Lowmere{i} reopened its bridge on Tuesday after a week of repairs."]
    quotes, counts, people = [], [], []
    for k in range(n_facts):
        name = f"{FIRST[(i + k) % len(FIRST)]} {LAST[(i * 3 + k) % len(LAST)]}{i}x{k}"
        q = f"We counted every crate twice before the trucks left, number {k}"
        par = f"\u201c{q},\u201d said {name}, a warehouse manager. Officials said {k + 12} families were moved."
        pars.append(par)
    text = "\n\n".join(pars)
    pos = 0
    for k in range(n_facts):
        q = f"We counted every crate twice before the trucks left, number {k}"
        qs = text.index(q, pos)
        name = f"{FIRST[(i + k) % len(FIRST)]} {LAST[(i * 3 + k) % len(LAST)]}{i}x{k}"
        ns = text.index(name, qs)
        num = f"{k + 12} families"
        cs = text.index(num, ns)
        pos = cs + len(num)
        quotes.append(Quote(q, qs, qs + len(q), name, "a warehouse manager", False, False, "speech", "said"))
        counts.append(Count(num, cs, cs + len(num), float(k + 12), None, None, "exact", "people", "families",
                            "Officials"))
        people.append(Person(name, [Span(name, ns, ns + len(name))], "warehouse manager"))
    return Article(id=article_id(text), source=source, text=text, title=f"Lowmere{i} bridge reopens after repairs",
                   outlet=outlet, published=f"2026-03-{1 + i % 28:02d}", byline=[f"Noor Pell{i}"],
                   annotations=Annotations(people=people, quotes=quotes, counts=counts))


def build(path: str, mix: dict[str, tuple[int, int]], source: str = "dumps/invented.txt") -> list[Article]:
    """An archive from {outlet: (articles, facts per article)}."""
    arts, i = [], 0
    for outlet, (n_arts, n_facts) in mix.items():
        for _ in range(n_arts):
            arts.append(invented_article(i, outlet, n_facts, source))
            i += 1
    with Store(path) as s, s.transaction():
        for a in arts:
            assert s.add_article(a)
    return arts


# -- statistics ----------------------------------------------------------------------
@pytest.mark.parametrize("k,n,lo,hi", [
    (0, 10, 0.0, 0.2775),       # no successes: the interval starts at 0 exactly
    (10, 10, 0.7225, 1.0),      # all successes: ends at 1 exactly
    (81, 263, 0.2553, 0.3662),  # Newcombe (1998), Stat Med 17:857, Table I, method 3
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
    (29, 29, 0.8830, 1.0),
])
def test_wilson_worked_values(k, n, lo, hi):
    got = wilson(k, n)
    assert got == pytest.approx((lo, hi), abs=5e-5)
    if k == 0:
        assert got[0] == 0.0
    if k == n:
        assert got[1] == 1.0


def test_wilson_edges_and_scipy():
    assert wilson(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson(5, 4)
    stats = pytest.importorskip("scipy.stats")
    for k, n in [(3, 7), (50, 100), (99, 100), (1, 385)]:
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert wilson(k, n) == pytest.approx((ci.low, ci.high), abs=1e-9)


def test_difference_interval_newcombe():
    # Newcombe (1998), Stat Med 17:873, method 10 (hybrid score), examples (a) and (e)
    assert difference_interval(56, 70, 48, 80) == pytest.approx((0.2, 0.0524, 0.3339), abs=5e-5)
    assert difference_interval(9, 10, 3, 10) == pytest.approx((0.6, 0.1705, 0.8090), abs=5e-5)


def test_sample_size_from_margin():
    assert sample_size(0.05) == 385          # the familiar 95% / +-5 points
    assert sample_size(0.03) == 1068
    assert sample_size(0.05, population=1000) == 278  # finite population correction
    assert sample_size(0.05, population=50) == 45
    assert sample_size(0.5, population=3) <= 3
    with pytest.raises(ValueError):
        sample_size(0)


# -- sampling --------------------------------------------------------------------------
def test_sampling_is_uniform_over_facts_not_articles(tmp_path):
    """Outlet A: 2 articles with 40 quotes each; outlet B: 20 articles with
    one each.  Facts are 80% A; articles are 91% B.  A uniform sample of
    quotes is 80% A; a sample of articles first would be ~9%."""
    db = str(tmp_path / "mix.db")
    build(db, {"Outlet A": (2, 40), "Outlet B": (20, 1)})
    with Store(db) as s:
        pop = Audits(s).population("quotes")
    assert len(pop) == 100 and Counter(f.outlet for f in pop) == {"Outlet A": 80, "Outlet B": 20}
    hits: Counter = Counter()
    runs, n = 300, 10
    for seed in range(runs):
        picked = draw(pop, n, seed)
        assert len(set(picked)) == n
        hits.update(picked)
    share_a = sum(c for f, c in hits.items() if f.outlet == "Outlet A") / (runs * n)
    sd = (0.8 * 0.2 / (runs * n)) ** 0.5
    assert abs(share_a - 0.8) < 4 * sd, share_a
    # every fact equally likely: chi-square over the 100 facts (df 99; 148.2 is p = 0.001)
    expected = runs * n / len(pop)
    chi2 = sum((hits.get(f, 0) - expected) ** 2 / expected for f in pop)
    assert chi2 < 148.2, chi2
    # stratified: each outlet gets exactly its share
    for seed in range(20):
        assert Counter(f.outlet for f in draw(pop, 10, seed, stratify=True)) == {"Outlet A": 8, "Outlet B": 2}


def test_sampling_is_seeded_and_stored(tmp_path):
    db = str(tmp_path / "a.db")
    build(db, {"Outlet A": (6, 3), "Outlet B": (4, 2)})
    with Store(db) as s:
        au = Audits(s)
        a1 = au.start("counts", n=10, seed=7)
        a2 = au.start("counts", n=10, seed=7)
        a3 = au.start("counts", n=10, seed=8)
        keys = lambda aid: [(j.item["article"]["id"], j.item["fact"]["start"]) for j in au.items(aid)]  # noqa: E731
        assert keys(a1) == keys(a2) != keys(a3)
        m = au.start("quotes", margin=0.05)
        assert au.get(m)["params"]["n"] == sample_size(0.05, 26) == len(au.items(m))
        only_b = au.start("people", n=100, outlet="Outlet B")
        assert {j.outlet for j in au.items(only_b)} == {"Outlet B"} and len(au.items(only_b)) == 8
        art = au.start("articles", n=3, seed=1)
        assert len(au.items(art)) == 3
        with pytest.raises(NoAudit):
            au.start("quotes", outlet="Nobody")
        with pytest.raises(ValueError):
            au.start("headlines")


def test_item_view_marks_value_and_sentence(tmp_path):
    a = invented_article(1, "Outlet A", 2)
    v = item_view("claimants", a, 1)
    c = v["context"]
    par = c["paragraph"]
    value = [par[s:e] for s, e, what in c["marks"] if what == "value"]
    assert value == ["Officials"]  # the claimant, where the paragraph names it
    runs = styled_runs(par, c["sentence"], c["marks"])
    assert "".join(r for r, _ in runs) == par
    assert any(r == "13 families" and "context" in st for r, st in runs)
    assert par[slice(*c["sentence"])] == "Officials said 13 families were moved."
    q = item_view("speakers", a, 0)
    assert q["fields"]["speaker"].startswith(a.annotations.quotes[0].speaker)
    par = "Mr. Vey spoke. Then Dr. Sato said \u201cno.\u201d Later on."
    assert par[slice(*sentence_bounds(par, 21, 30))] == "Then Dr. Sato said \u201cno.\u201d"


def test_judgement_rules():
    assert clean_judgement("counts", "wrong", [], {}) == ("wrong", list(KINDS["counts"]), {})
    assert clean_judgement("counts", "wrong", ["category"], {"category": " killed ", "value": "9"}) == \
        ("wrong", ["category"], {"category": "killed"})
    assert clean_judgement("speakers", "right", ["speaker"], {"speaker": "x"}) == ("right", [], {})
    with pytest.raises(ValueError):
        clean_judgement("speakers", "maybe", [], {})
    with pytest.raises(ValueError):
        clean_judgement("speakers", "wrong", ["value"], {})


# -- terminal judging ----------------------------------------------------------------
def _judgements(db: str, audit_id: int) -> list[tuple]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT pos, verdict, wrong_fields, correction FROM audit_judgements "
                           "WHERE audit_id = ? ORDER BY pos", (audit_id,)).fetchall()
    finally:
        con.close()


def _wait(cond, what: str, timeout: float = 20.0) -> None:
    deadline = time.time() + timeout
    while not cond():
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


@pytest.fixture(scope="module")
def archive120(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("audit") / "a.db")
    build(db, {"Outlet A": (20, 4), "Outlet B": (10, 4)})  # 120 quotes, 120 counts
    return db


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_judge_100_items_by_keyboard_in_a_terminal(archive120, tmp_path):
    """The real command on a pseudo-terminal: single key presses, no Enter,
    except for the wrong field and its correction."""
    db = str(tmp_path / "t.db")
    Path(db).write_bytes(Path(archive120).read_bytes())
    aid = int(run_cli("--db", db, "audit", "start", "--kind", "counts", "--n", "100", "--seed", "5").stdout)
    master, slave = os.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb"}
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "--db", db, "audit", "judge", str(aid)],
                            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    screen = bytearray()

    def pump():
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            if not chunk:
                return
            screen.extend(chunk)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        for i in range(100):
            _wait(lambda: f"item {i + 1} of 100".encode() in screen, f"item {i + 1} on screen")
            if i % 10 == 3:
                mark = len(screen)
                os.write(master, b"n")
                _wait(lambda: b"Which is wrong?" in screen[mark:], "the field question")
                os.write(master, b"3\r")
                _wait(lambda: b"Right category" in screen[mark:], "the correction prompt")
                os.write(master, b"killed\r")
            elif i % 10 == 7:
                os.write(master, b"s")
            else:
                os.write(master, b"y")
            _wait(lambda: len(_judgements(db, aid)) == i + 1, f"judgement {i + 1} stored")
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    got = _judgements(db, aid)
    assert Counter(v for _, v, _, _ in got) == {"right": 80, "wrong": 10, "skip": 10}
    wrong = [(json.loads(f), json.loads(c)) for _, v, f, c in got if v == "wrong"]
    assert wrong == [(["category"], {"category": "killed"})] * 10
    assert b"100 of 100 judged" in screen
    rep = json.loads(run_cli("--db", db, "audit", "report", str(aid), "--json").stdout)
    assert rep["overall"]["judged"] == 90 and rep["overall"]["right"] == 80
    assert rep["per_field"]["value"]["right"] == 90 and rep["per_field"]["category"]["right"] == 80


def test_judge_from_scripted_stdin_and_resume(archive120, tmp_path):
    db = str(tmp_path / "s.db")
    Path(db).write_bytes(Path(archive120).read_bytes())
    aid = run_cli("--db", db, "audit", "start", "--kind", "speakers", "--n", "5", "--seed", "1").stdout.decode().strip()
    # right, wrong with the right speaker, skip, quit
    r = run_cli("--db", db, "audit", "judge", aid, input=b"y\nn\nIda Brook\ns\nq\n")
    assert b"3 of 5 judged" in r.stderr
    got = _judgements(db, int(aid))
    assert [(p, v, json.loads(c)) for p, v, _, c in got] == [(0, "right", {}), (1, "wrong", {"speaker": "Ida Brook"}),
                                                             (2, "skip", {})]
    # resumed at the first unjudged item; b goes back and re-judges
    r = run_cli("--db", db, "audit", "judge", aid, input=b"y\nb\nn\n\ny\nq\n")
    out = r.stdout.decode()
    assert out.index("item 4 of 5") < out.index("item 4 of 5", out.index("item 4 of 5") + 1)
    got = dict((p, v) for p, v, _, _ in _judgements(db, int(aid)))
    assert got == {0: "right", 1: "wrong", 2: "skip", 3: "wrong", 4: "right"}


def test_a_judgement_survives_a_crash(archive120, tmp_path):
    """Kill the judging process (SIGKILL: no cleanup at all) mid-audit: the
    judgements made before it are in the archive, and judging resumes after them."""
    db = str(tmp_path / "c.db")
    Path(db).write_bytes(Path(archive120).read_bytes())
    aid = int(run_cli("--db", db, "audit", "start", "--kind", "quotes", "--n", "20", "--seed", "3").stdout)
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "--db", db, "audit", "judge", str(aid)],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for keys, judged in [(b"y\n", 1), (b"n\n\n", 2), (b"y\n", 3)]:  # right; wrong, no correction; right
            proc.stdin.write(keys)
            proc.stdin.flush()
            _wait(lambda: len(_judgements(db, aid)) == judged, f"judgement {judged} stored")
        _wait(lambda: len(_judgements(db, aid)) == 3, "three judgements")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert [v for _, v, _, _ in _judgements(db, aid)] == ["right", "wrong", "right"]
    r = run_cli("--db", db, "audit", "judge", str(aid), input=b"q\n")
    assert "item 4 of 20" in r.stdout.decode() and "item 1 of 20" not in r.stdout.decode()


# -- reports and export ------------------------------------------------------------
def test_report_json_chart_and_compare(archive120, tmp_path):
    db = str(tmp_path / "r.db")
    Path(db).write_bytes(Path(archive120).read_bytes())
    with Store(db) as s:
        au = Audits(s)
        a = au.start("claimants", n=40, seed=2, label="v1")
        b = au.start("claimants", n=40, seed=9, label="v2")
        for j in au.items(a):
            au.judge(a, j.pos, "wrong" if j.pos < 20 else "right", ["claimant"], {"claimant": "none"})
        for j in au.items(b):
            au.judge(b, j.pos, "wrong" if j.pos < 2 else ("skip" if j.pos == 39 else "right"))
    rep = json.loads(run_cli("--db", db, "audit", "report", str(a), "--json").stdout)
    assert rep["overall"] == {"right": 20, "judged": 40, "precision": 0.5, "low": 0.352, "high": 0.648}
    assert sum(r["judged"] for r in rep["per_outlet"].values()) == 40
    assert len(rep["wrong"]) == 20 and rep["wrong"][0]["correction"] == {"claimant": "none"}
    assert rep["wrong"][0]["link"].startswith("/articles/")
    chart = tmp_path / "iv.png"
    both = json.loads(run_cli("--db", db, "audit", "report", str(b), "--compare", str(a), "--json",
                              "--chart", str(chart)).stdout)
    overall = both["comparison"]["rows"][0]
    assert overall["what"] == "overall" and overall["a_minus_b"]["clear"] and overall["a_minus_b"]["low"] > 0
    assert both["report"]["skipped"] == 1 and both["report"]["overall"]["judged"] == 39
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = run_cli("--db", db, "audit", "report", str(b), "--compare", str(a)).stdout.decode()
    assert "Wilson" in table and "Newcombe" in table and "94.9%" in table
    assert run_cli("--db", db, "audit", "report", "99", check=False).returncode == 1


def test_gold_fact_rules():
    from dateline.audit import Judged

    item = {"fact": {"text": "about 40 people", "value": 40.0, "low": None, "high": None, "qualifier": "about",
                     "category": "people", "what": "people", "claimant": "police", "as_of": None}}
    g = gold_fact("counts", Judged(0, None, item, "wrong", ["value"], {"value": "1,200-1,500"}))
    assert g[1]["value"] is None and (g[1]["low"], g[1]["high"]) == (1200, 1500)
    assert gold_fact("claimants", Judged(0, None, item, "wrong", ["claimant"], {"claimant": "none"}))[1][
        "claimant"] is None
    assert gold_fact("claimants", Judged(0, None, item, "wrong", ["claimant"], {})) is None  # says only what is not
    qitem = {"fact": {"quote": "the deal", "speaker": None, "speaker_desc": None, "anonymous": False,
                      "partial": True, "kind": "speech"}}
    assert gold_fact("quotes", Judged(0, None, qitem, "wrong", ["quote"], {})) == ("scare_quotes", "the deal")


def test_export_gold_runs_in_the_scorer(shared, tmp_path):
    """An audit's judgements written as gold: score.py reads them, and its
    speaker and category accuracies are exactly the audit's."""
    db = str(tmp_path / "g.db")
    arts = build(db, {"Outlet A": (6, 3), "Outlet B": (4, 3)}, source="dumps/invented-news.txt")
    with Store(db) as s:
        au = Audits(s)
        sp = au.start("speakers", n=20, seed=4)
        for j in au.items(sp):
            if j.pos % 5 == 0:  # 4 of 20 wrong, with the right speaker
                au.judge(sp, j.pos, "wrong", ["speaker"], {"speaker": f"Zed Corrected{j.pos}"})
            elif j.pos == 1:
                au.judge(sp, j.pos, "wrong")  # no correction: not in the gold
            else:
                au.judge(sp, j.pos, "right")
        ct = au.start("counts", n=10, seed=4)
        for j in au.items(ct):
            if j.pos < 3:
                au.judge(ct, j.pos, "wrong", ["category"], {"category": "displaced"})
            else:
                au.judge(ct, j.pos, "right")
    gold = tmp_path / "gold" / "speakers.json"
    run_cli("--db", db, "audit", "export", str(sp), "--gold", str(gold))
    run_cli("--db", db, "audit", "export", str(ct), "--gold", str(tmp_path / "gold" / "counts.json"))
    g = json.loads(gold.read_text(encoding="utf-8"))
    assert g["file"] == "invented-news.txt"
    assert sum(len(a["quotes"]) for a in g["articles"]) == 19
    pred = tmp_path / "pred.jsonl"
    run_cli("--db", db, "export", "--format", "jsonl", "-o", str(pred))

    def score(gold_file):
        res = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(pred), str(gold_file), "--json"],
                             check=True, capture_output=True, text=True)
        return json.loads(res.stdout)

    r = score(gold)
    assert r["articles"]["recall"] == 1.0 and r["quotes"]["tp"] == 19 and r["quotes"]["recall"] == 1.0
    assert r["speaker_accuracy_on_found"] == round(15 / 19, 4)
    r = score(tmp_path / "gold" / "counts.json")
    assert r["counts"]["tp"] == 10 and r["count_category_accuracy"] == 0.7
    assert len(arts) == 10


def test_an_audit_that_is_not_there_is_a_message_and_exit_1(archive120, tmp_path):
    for cmd in (["report", "999"], ["export", "999", "--gold", str(tmp_path / "g.json")]):
        r = run_cli("--db", archive120, "audit", *cmd, check=False)
        assert r.returncode == 1, (cmd, r.stderr)
        assert b"999" in r.stderr and b"Traceback" not in r.stderr
