"""Faults and attacks, one test each: a second writer, a full disk, web
queries without bounds, forged uploads, and the encodings that used to turn
a whole file into mojibake."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dateline import cli
from dateline.ingest import ingest
from dateline.read import ReadNotes, detect_encoding, iter_batches
from dateline.store import QueryError, Store, to_fts_query
from dateline.web import guard
from dateline.web.app import create_app

from .corpus import PARAS, article, dump, stray
from .test_corpus import archive_sound

CURLY = "Port Officials Say Repairs Will Take Weeks\n\n" + "\n\n".join(PARAS) + "\n"


# -- encodings ---------------------------------------------------------------------
def test_one_stray_byte_keeps_the_file_utf8():
    assert detect_encoding(stray(CURLY.encode(), 1)) == "utf-8"
    assert detect_encoding(stray((CURLY * 3).encode(), 12)) == "utf-8"  # about 0.5%


def test_cp1252_is_named_cp1252():
    assert detect_encoding(CURLY.encode("cp1252")) == "cp1252"
    assert detect_encoding(("Officials said \u201cno\u201d.\n" * 50).encode("cp1252")) == "cp1252"


def test_utf16_without_bom_is_text():
    assert detect_encoding(CURLY.encode("utf-16-le")) == "utf-16-le"
    assert detect_encoding(CURLY.encode("utf-16-be")) == "utf-16-be"


def test_stray_bytes_are_counted_and_mended_line_by_line(tmp_path):
    p = tmp_path / "d.txt"
    p.write_bytes(stray(CURLY.encode(), 3))
    notes = ReadNotes()
    text = "".join("".join(b) for b in iter_batches(str(p), "utf-8", notes))
    assert "\u201cWe are not going" in text and "\u2019s director" in text  # the UTF-8 around them intact
    assert notes.bad_bytes + notes.fallback_bytes == 3
    assert "3 byte(s) not valid utf-8" in notes.warnings()[0]


def test_a_stray_byte_does_not_duplicate_the_archive(tmp_path):
    clean = dump(3)
    paras = clean.split("\n\n")
    i = next(k for k, t in enumerate(paras) if t.startswith("About 2,300"))
    damaged = "\n\n".join(paras[:i] + [paras[i].replace("overnight", "overn\udce9ight")] + paras[i + 1:])
    (tmp_path / "a.txt").write_text(clean, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(damaged.encode("utf-8", "surrogateescape"))
    with Store(str(tmp_path / "x.db")) as s:
        r = ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], s, annotate=False)
    assert r[0].new == 3 and r[1].articles == 3
    assert r[1].new <= 1  # only the article holding the stray byte differs
    assert any("1 byte(s) not valid" in w for w in r[1].warnings)


# -- a second writer, a full disk -----------------------------------------------------------
def test_second_writer_waits_with_a_message(tmp_path, monkeypatch):
    db = str(tmp_path / "w.db")
    Store(db).close()
    (tmp_path / "d.txt").write_text(dump(2), encoding="utf-8")
    monkeypatch.setattr(Store, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(db, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # the first writer, mid-file
    release = threading.Timer(1.5, holder.rollback)
    release.start()
    try:
        started = time.monotonic()
        r = CliRunner().invoke(cli.app, ["--db", db, "ingest", "-q", "--no-annotate", str(tmp_path / "d.txt")])
    finally:
        release.join()
        holder.close()
    assert r.exit_code == 0, (r.output, r.exception)
    assert "waiting" in r.output and "another process is writing" in r.output
    assert time.monotonic() - started >= 1.0
    with Store(db, readonly=True) as s:
        assert s.stats()["articles"] == 2


def test_full_disk_fails_the_file_clearly_and_stops_the_batch(tmp_path, monkeypatch):
    db = str(tmp_path / "f.db")
    for k in range(3):
        (tmp_path / f"d{k}.txt").write_text("\n\n".join(
            article(f"Harbour Report Number {k} {j} on the Storm and the Pier", 60) for j in range(40)),
            encoding="utf-8")
    Store(db).close()
    real_init = Store.__init__

    def small_disk(self, *a, **kw):
        real_init(self, *a, **kw)
        if not kw.get("readonly"):  # SQLite's own limit: "database or disk is full", as on a full disk
            pages = self.db.execute("PRAGMA page_count").fetchone()[0]
            self.db.execute(f"PRAGMA max_page_count = {pages + 40}")

    monkeypatch.setattr(Store, "__init__", small_disk)
    r = CliRunner().invoke(cli.app, ["--db", db, "ingest", "--no-annotate",
                                     *(str(tmp_path / f"d{k}.txt") for k in range(3))])
    monkeypatch.undo()
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code == 1
    assert "disk full" in r.output and "nothing of this file was stored" in r.output
    assert "not read: disk full" in r.output  # the files after it are named
    assert "Traceback" not in r.output
    archive_sound(db)


# -- web -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    d = tmp_path_factory.mktemp("web")
    (d / "d.txt").write_text(dump(3), encoding="utf-8")
    db = str(d / "web.db")
    with Store(db) as s:
        ingest([str(d / "d.txt")], s)
    return db


@pytest.fixture()
def client(archive):
    with TestClient(create_app(archive, warm=False)) as c:
        yield c


@pytest.mark.parametrize("url", ["/search", "/quotes", "/api/search", "/api/quotes", "/api/counts", "/people"])
def test_nul_in_a_query_is_400(client, url):
    for params in ({"q": "pier\x00"}, {"speaker": "Lind\x00qvist"}, {"about": "\x00"}, {"name": "a\x00"}):
        r = client.get(url, params=params)
        assert r.status_code == 400, (url, params, r.status_code)
        assert "NUL" in r.text


@pytest.mark.parametrize("url", ["/search", "/api/search", "/api/quotes", "/api/counts"])
def test_long_queries_are_refused_not_run(client, url):
    key = "about" if url == "/api/counts" else "q"
    many = client.get(url, params={key: "river " * 500})
    assert many.status_code == 400, many.text[:300]
    terms = client.get(url, params={key: " ".join(f"word{i}" for i in range(40))})
    assert terms.status_code == 400 and "words" in terms.text
    assert client.get(url, params={key: "pier harbour"}).status_code == 200


def test_query_bounds_in_the_store():
    with pytest.raises(QueryError):
        to_fts_query("river " * 500)
    with pytest.raises(QueryError):
        to_fts_query("a\x00b")
    assert to_fts_query("cease-fire talks") == '"cease-fire" "talks"'


def test_time_budget_stops_a_query_with_400(archive, monkeypatch):
    monkeypatch.setattr(guard, "PROGRESS_OPS", 1)
    monkeypatch.setattr(guard, "BUDGET_SECONDS", -1.0)  # already over: the first SQLite step stops it
    with TestClient(create_app(archive, warm=False)) as c:
        for url in ("/api/search?q=pier", "/search?q=pier", "/api/quotes?q=crossing", "/api/counts?about=ferries",
                    "/quotes?speaker=Lindqvist"):
            r = c.get(url)
            assert r.status_code == 400, (url, r.status_code, r.text[:200])
            assert "was stopped" in r.text
        for url in ("/people?page=1", "/api/quotes", "/"):  # no reader's words: no budget
            assert c.get(url).status_code == 200, url


def test_head_is_answered(client):
    r = client.head("/")
    assert r.status_code == 200 and r.content == b""


def test_uploads_refuse_forged_origin_and_foreign_host(tmp_path):
    db = str(tmp_path / "up.db")
    body = {"file": ("d.txt", dump(1).encode())}
    with TestClient(create_app(db, allow_ingest=True, warm=False, host="127.0.0.1"),
                    base_url="http://127.0.0.1:8000") as c:
        assert c.post("/api/ingest", files=body, headers={"origin": "null"}).status_code == 403
        assert c.post("/api/ingest", files=body, headers={"origin": "http://evil.example"}).status_code == 403
        assert c.post("/api/ingest", files=body, headers={"sec-fetch-site": "cross-site"}).status_code == 403
        rebound = c.post("/api/ingest", files=body, headers={"host": "evil.example:8000"})
        assert rebound.status_code == 400
        assert c.get("/", headers={"host": "rebound.example"}).status_code == 400
        ok = c.post("/api/ingest", files=body, headers={"origin": "http://127.0.0.1:8000"})
        assert ok.status_code == 200, ok.text
        assert c.get("/", headers={"host": "localhost:8000"}).status_code == 200


def test_read_only_server_answers_any_host(client):
    assert client.get("/", headers={"host": "anything.example"}).status_code == 200


# -- smaller ones ---------------------------------------------------------------------
def test_force_does_not_count_furniture_again(tmp_path):
    promo = "Sign up for the Harbour Gazette morning briefing today"
    text = "\n\n".join(f"Harbour Gazette 2026-03-0{i + 1} 09:00:00\n\n" + article(t) + "\n" + promo
                       for i, t in enumerate(["Storm Damage Closes Northern Pier", "Council Approves Harbour Wall",
                                              "Rail Strike Called Off After Talks", "Museum Reopens After Repairs"]))
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    with Store(str(tmp_path / "x.db")) as s:
        ingest([str(tmp_path / "d.txt")], s, annotate=False)
        before = dict(s.db.execute("SELECT key, hits FROM furniture_keys").fetchall())
        ingest([str(tmp_path / "d.txt")], s, annotate=False, force=True)
        after = dict(s.db.execute("SELECT key, hits FROM furniture_keys").fetchall())
    assert before and after == before


def test_brackets_in_news_text_are_not_taken_for_highlights(tmp_path):
    (tmp_path / "d.txt").write_text(article("Pier Collapse Caught on Camera as Storm Hits the Harbour").replace(
        "The harbour authority", "The [harbour] authority [/VIDEO] [bold]", 1), encoding="utf-8")
    db = str(tmp_path / "b.db")
    assert CliRunner().invoke(cli.app, ["--db", db, "ingest", "-q", str(tmp_path / "d.txt")]).exit_code == 0
    r = CliRunner().invoke(cli.app, ["--db", db, "search", "ferries"])
    assert r.exit_code == 0, r.output
    assert "[harbour] authority [/VIDEO] [bold]" in r.output
    with Store(db, readonly=True) as s:
        h = s.search("ferries")[0]
    assert [h["snippet_text"][a:b].lower() for a, b in h["snippet_marks"]] == ["ferries"]


def test_cli_search_refuses_a_runaway_query(tmp_path):
    (tmp_path / "d.txt").write_text(dump(1), encoding="utf-8")
    db = str(tmp_path / "q.db")
    CliRunner().invoke(cli.app, ["--db", db, "ingest", "-q", "--no-annotate", str(tmp_path / "d.txt")])
    r = CliRunner().invoke(cli.app, ["--db", db, "search", "river " * 500])
    assert r.exit_code == 2 and "Search refused" in r.output


@pytest.mark.parametrize("command", [["quotes", "--text", "a*"], ["counts", "--about", "x " * 300]])
def test_cli_quotes_and_counts_refuse_a_runaway_query(tmp_path, command):
    (tmp_path / "d.txt").write_text(dump(1), encoding="utf-8")
    db = str(tmp_path / "q.db")
    CliRunner().invoke(cli.app, ["--db", db, "ingest", "-q", "--no-annotate", str(tmp_path / "d.txt")])
    r = CliRunner().invoke(cli.app, ["--db", db, *command])
    assert r.exit_code == 2 and "Search refused" in r.output, (r.output, r.exception)
