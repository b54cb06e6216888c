"""Ingest end to end: formats of text, bad input, idempotency, transactions."""
import gzip
import json
import sqlite3

import pytest

from conftest import EXAMPLES, run_cli
from dateline.ingest import ingest
from dateline.store import Store

SMALL = """Bridge Reopens After Two Years of Repairs in the Old Town
The old town bridge reopened on Saturday after two years of repairs, the city said, and hundreds of people walked across it.
“It feels like the town is whole again,” said Greta Holm, who runs a bakery by the river.
"""


def articles_in(db: str) -> int:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_examples_ingest_search_export(db):
    r = run_cli("--db", db, "ingest", "-q", str(EXAMPLES))
    assert r.returncode == 0, r.stderr
    assert articles_in(db) == 6
    hits = json.loads(run_cli("--db", db, "search", "cease-fire", "--json").stdout)
    assert hits and all("cease" in (h["snippet"] + (h["title"] or "")).lower() for h in hits)
    assert "[" in hits[0]["snippet"]  # highlighted
    lines = run_cli("--db", db, "export", "--format", "jsonl").stdout.decode().splitlines()
    recs = [json.loads(x) for x in lines]
    assert len(recs) == 6
    for key in ("id", "source", "outlet", "captured_at", "published", "title", "byline", "contributors",
                "truncated", "text", "people", "quotes", "counts"):
        assert all(key in r for r in recs)
    plain = run_cli("--db", db, "search", "cease-fire")  # the README's command, as a person sees it
    assert plain.returncode == 0, plain.stderr
    assert "Cease-Fire Holds in Valdoria" in plain.stdout.decode()
    csv_out = run_cli("--db", db, "export", "--format", "csv").stdout.decode()
    assert csv_out.startswith("id,source,outlet")


def test_same_input_twice_adds_nothing(db, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(SMALL, encoding="utf-8")
    copy = tmp_path / "copy-of-a.txt"
    copy.write_text(SMALL, encoding="utf-8")
    with Store(db) as s:
        r1 = ingest([str(f)], s)
        r2 = ingest([str(f)], s)
        r3 = ingest([str(f)], s, force=True)
        r4 = ingest([str(copy)], s)
    assert r1[0].new == 1 and r2[0].status == "skipped" and r3[0].new == 0 and r4[0].new == 0
    assert articles_in(db) == 1


def test_encodings_gzip_and_stdin(db, tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes(SMALL.replace("“", '"').replace("”", '"').replace("Greta", "Grété").encode("latin-1"))
    gz = tmp_path / "dump.txt.gz"
    gz.write_bytes(gzip.compress(SMALL.replace("Bridge", "Tunnel").replace("bridge", "tunnel").encode()))
    with Store(db) as s:
        res = ingest([str(latin), str(gz)], s)
    assert [r.status for r in res] == ["ok", "ok"], [r.message for r in res]
    with Store(db) as s:
        texts = [a.text for a in s.iter_articles(with_annotations=False)]
    assert any("Grété" in t for t in texts) and any("tunnel" in t for t in texts)
    r = run_cli("--db", db, "ingest", "-q", "-", input=SMALL.replace("Bridge", "Ferry").replace("bridge", "ferry").encode())
    assert r.returncode == 0, r.stderr
    assert articles_in(db) == 3


def test_bad_files_reported_and_batch_goes_on(db, tmp_path):
    (tmp_path / "good.txt").write_text(SMALL, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "broken.txt.gz").write_bytes(gzip.compress(SMALL.encode())[:40])
    r = run_cli("--db", db, "ingest", str(tmp_path), str(tmp_path / "missing.txt"), check=False)
    assert r.returncode == 1
    err = r.stderr.decode()
    assert "empty.txt: empty file" in err
    assert "binary.bin: binary file" in err
    assert "broken.txt.gz" in err and "truncated" in err
    assert "missing.txt: no such file" in err
    assert articles_in(db) == 1


def test_failed_file_leaves_nothing_behind(db, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(SMALL, encoding="utf-8")
    two = SMALL + "\nSecond Story Here About the Harbor and Its New Ferries\n" + \
        "The harbor opened a new ferry line on Monday, the port said, and it was busy all day long.\n"
    (tmp_path / "b.txt").write_text(two, encoding="utf-8")
    with Store(db) as s:
        ingest([str(tmp_path / "a.txt")], s)
        calls = {"n": 0}
        real = Store.add_article

        def flaky(self, a):
            calls["n"] += 1
            if calls["n"] == 2:
                raise ValueError("disk on fire")
            return real(self, a)

        monkeypatch.setattr(Store, "add_article", flaky)
        res = ingest([str(tmp_path / "b.txt")], s, force=True)
    assert res[0].status == "failed" and "disk on fire" in res[0].message
    assert articles_in(db) == 1  # the first file's article survives; nothing of b.txt


def test_dump_without_headlines_is_kept(db, tmp_path):
    f = tmp_path / "plain.txt"
    f.write_text("Just a paragraph of news text without any headline at all, about the river and the town.\n"
                 "And another paragraph that finishes the story about the flood.\n", encoding="utf-8")
    with Store(db) as s:
        res = ingest([str(f)], s)
        arts = list(s.iter_articles(with_annotations=False))
    assert res[0].status == "ok" and res[0].warnings
    assert len(arts) == 1 and arts[0].title is None


@pytest.mark.parametrize("query", ['cease-fire', 'U.S.', 'title:x', '"an open', 'AND', 'NOT river', 'conv*'])
def test_search_never_breaks_on_user_syntax(db, query):
    run_cli("--db", db, "ingest", "-q", str(EXAMPLES))
    with Store(db) as s:
        s.search(query)  # no exception


def test_normalise_body_fast_path_matches_its_definition():
    import random
    import re
    import unicodedata

    from dateline.core import normalise_body

    def definition(text: str) -> str:
        return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()

    alphabet = list("ab Z9_.,-\n\t“”‘’—–…éćßİΣς½ﬁ²\u2009\u00a0\x1f$")
    rnd = random.Random(3)
    samples = ["", "___", "“Quoted,” she said — 1,000 people…", "Vasić’s café", "x\u2009y", "ΣΑΣ"]
    samples += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(3000)]
    english = list("aZ9 _.,-\n\t$'\"“”‘’—–…") + ["Kyiv", "GAZA", "1,000"]  # ASCII once the typography is gone
    samples += ["".join(rnd.choice(english) for _ in range(rnd.randint(0, 40))) for _ in range(3000)]
    for s in samples:
        assert normalise_body(s) == definition(s), repr(s)
