"""The hostile corpus through the real command: every bad input named with
its reason, the batch goes on, exit code 1, nothing half-stored, and the
archive sound afterwards (SQLite and FTS5 integrity checks, one index entry
per article); then every read command over what was stored."""
from __future__ import annotations

import re
import sqlite3

import pytest
from typer.testing import CliRunner

import dateline.ingest as ingest_mod
import dateline.read as read
import dateline.read.warc as warc
from dateline import cli

from .corpus import ESC_TITLE, cases

CASES = cases()
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(s: str) -> str:
    return CONTROL.sub("", s)


def shown(path: str) -> str:
    """A path as dateline names it (a name that is not UTF-8 shows U+FFFD)."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def archive_sound(db: str) -> None:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert con.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == n
        assert con.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'harbour OR pier OR "
                           "ferries'").fetchone()[0] <= n
    finally:
        con.close()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The whole corpus in one batch through `dateline ingest`."""
    root = tmp_path_factory.mktemp("hostile")
    db = str(tmp_path_factory.mktemp("hostile-db") / "h.db")
    paths: dict[str, list[str]] = {}
    for c in CASES:
        (root / c.name).mkdir()
        paths[c.name] = c.make(root / c.name)
    results = []
    real = ingest_mod.ingest

    def recording(*a, **kw):
        out = real(*a, **kw)
        results.extend(out)
        return out

    mp = pytest.MonkeyPatch()
    mp.setattr(ingest_mod, "ingest", recording)
    mp.setattr(read, "BOMB_AFTER_BYTES", 8 << 20, raising=False)  # the bombs here are small: lower the threshold
    mp.setattr(read, "MAX_LINE_BYTES", 1 << 20, raising=False)
    mp.setattr(warc, "MAX_PAGE_BYTES", 1 << 20)  # and the line cap (bench/faults.py measures the real ones)
    try:
        flat = [p for c in CASES for p in paths[c.name]]
        r = CliRunner().invoke(cli.app, ["--db", db, "ingest", *flat])
    finally:
        mp.undo()
    return {"db": db, "paths": paths, "results": results, "out": r.output, "code": r.exit_code,
            "exc": r.exception, "root": root}


def test_corpus_is_large_enough():
    assert len(CASES) >= 60
    assert len({c.name for c in CASES}) == len(CASES)


def test_batch_goes_on_and_exit_code(run):
    assert run["exc"] is None or isinstance(run["exc"], SystemExit), run["out"][-3000:]
    assert run["code"] == 1  # some files failed
    named = {r.path for r in run["results"]}
    for c in CASES:  # every input reached the end of the batch (later ones too)
        if c.name.endswith("-glob") and "missing" not in c.name:
            continue
        for p in run["paths"][c.name]:
            assert any(n == shown(p) or n.startswith(shown(p) + "/") for n in named) or \
                c.name == "same-file-two-names", c.name


def _articles_of(db: str, prefix: str) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT s.source, coalesce(a.title, ''), a.text FROM article_sources s "
                           "JOIN articles a ON a.rowid = s.article_rowid WHERE s.source = ? OR "
                           "substr(s.source, 1, ?) = ?", (prefix, len(prefix) + 1, prefix + "/")).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_outcome(run, case):
    exp = case.expect
    paths = [shown(p) for p in run["paths"][case.name]]
    results = [r for r in run["results"] if any(r.path == p or r.path.startswith(p.split("*")[0]) for p in paths)]
    assert results, f"{case.name}: not in the batch"
    if exp.status is None:  # any clean outcome; no crash
        assert all(r.status in ("ok", "failed") for r in results)
        return
    statuses = {r.status for r in results}
    assert statuses == {exp.status}, [(r.path, r.status, r.message, r.warnings) for r in results]
    said = " ".join(f"{r.message or ''} {' '.join(r.warnings)}" for r in results)
    if exp.reason:
        assert exp.reason.lower() in said.lower(), said
    if exp.status == "failed":
        for r in results:  # a clear reason, naming the file, on stderr
            assert f"error {plain(r.path)}: " in run["out"]
            assert not _articles_of(run["db"], r.path), "half-stored"
    stored = [a for p in paths for a in _articles_of(run["db"], p.split("*")[0].rstrip("/"))]
    if exp.status == "ok":
        assert stored, case.name
        assert sum(r.articles for r in results) >= 1
    for s in exp.has:
        assert any(s in t + text for _, t, text in stored), (s, [t for _, t, _ in stored])
    for s in exp.lacks:
        assert not any(s in t + text for _, t, text in stored), s
    for _, t, text in stored:
        assert "\x00" not in text and "\x00" not in t


def test_one_file_per_loop_and_link(run):
    names = [r.path for r in run["results"]]
    assert sum(n.endswith("story.txt") for n in names) == 2  # one per loop case, not one per path through a loop
    assert sum("twice" in n for n in names) == 1


def test_archive_sound_after_the_batch(run):
    archive_sound(run["db"])


def test_rerun_adds_nothing_and_skips_what_went_in(run):
    ok = [p for c in CASES if c.expect.status == "ok" and "glob" not in c.name for p in run["paths"][c.name]]
    results = []
    real = ingest_mod.ingest
    mp = pytest.MonkeyPatch()
    mp.setattr(ingest_mod, "ingest", lambda *a, **kw: results.extend(real(*a, **kw)) or results)
    try:
        r = CliRunner().invoke(cli.app, ["--db", run["db"], "ingest", "-q", *ok])
    finally:
        mp.undo()
    assert r.exit_code == 0, r.output[-2000:]
    assert sum(x.new for x in results) == 0
    assert {x.status for x in results if x.path in ok} <= {"skipped"}
    archive_sound(run["db"])


@pytest.mark.parametrize("command", [["articles"], ["articles", "-n", "500"], ["search", "pier"],
                                     ["search", "VIDEO"], ["quotes"], ["counts"], ["people"], ["stats"],
                                     ["stories"], ["claims", "--min-claimants", "1"]])
def test_read_commands_survive_what_was_stored(run, command):
    r = CliRunner().invoke(cli.app, ["--db", run["db"], *command])
    assert r.exit_code == 0, (r.output[-2000:], r.exception)
    assert "\x1b" not in r.output and "\x07" not in r.output


def test_show_prints_no_escape_sequences(run):
    con = sqlite3.connect(run["db"])
    ids = [i for (i,) in con.execute("SELECT id FROM articles")]
    esc_id = con.execute("SELECT id FROM articles WHERE title LIKE '%owned%' OR text LIKE ?",
                         ("%" + ESC_TITLE[:6] + "%",)).fetchone()
    con.close()
    assert esc_id, "the article with escape sequences was stored"
    for i in ids:
        r = CliRunner().invoke(cli.app, ["--db", run["db"], "show", i])
        assert r.exit_code == 0, (i, r.output[-1000:], r.exception)
        assert "\x1b" not in r.output and "\x07" not in r.output
    r = CliRunner().invoke(cli.app, ["--db", run["db"], "show", esc_id[0]])
    assert "Harbour Wall Plan Approved" in r.output
