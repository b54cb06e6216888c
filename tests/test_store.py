"""The archive: schema, search, filters."""
import sqlite3

from dateline.model import Annotations, Article, Quote
from dateline.store import MIGRATIONS, Store, to_fts_query


def art(i: int, text: str, title: str, day: str, outlet: str = "The Ledger") -> Article:
    a = Article(id=f"id{i:04d}", source="t.txt", text=text, title=title, outlet=outlet, captured_at=day)
    a.annotations = Annotations(quotes=[Quote(text.split("“")[1].split("”")[0], 1, 5, "Lena Park")] if "“" in text else [])
    return a


def test_schema_version_and_wal(tmp_path):
    p = str(tmp_path / "x.db")
    with Store(p) as s:
        assert s.schema_version == len(MIGRATIONS)
    with sqlite3.connect(p) as c:
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(p) as s:  # reopening migrates nothing twice
        assert s.schema_version == len(MIGRATIONS)


def test_fts_query_quoting():
    assert to_fts_query("cease-fire") == '"cease-fire"'
    assert to_fts_query('"open bridge" OR ferry*') == '"open bridge" OR "ferry"*'
    assert to_fts_query("AND") == ""


def test_search_rank_filters_and_snippets(tmp_path):
    with Store(str(tmp_path / "x.db")) as s:
        with s.transaction():
            s.add_article(art(1, "The ferry crossed the bay. “We sail at dawn,” she said.", "Ferry Returns", "2026-01-02"))
            s.add_article(art(2, "A story about a bridge, and a ferry mentioned once.", "Bridge Opens", "2026-02-10",
                              outlet="Northgate Post"))
            s.add_article(art(3, "Nothing to see here about boats.", "Quiet Day", "2026-03-01"))
        hits = s.search("ferry")
        assert [h["id"] for h in hits] == ["id0001", "id0002"]  # title match ranks first
        assert "[ferry]" in hits[0]["snippet"].lower() or "[Ferry]" in hits[0]["snippet"]
        assert [h["id"] for h in s.search("ferry", since="2026-02-01")] == ["id0002"]
        assert [h["id"] for h in s.search("ferry", outlet="Northgate")] == ["id0002"]
        assert s.resolve_id("id000") is None and s.resolve_id("id0003") == "id0003"
        assert s.article("id0001").annotations.quotes[0].speaker == "Lena Park"
        assert s.stats()["articles"] == 3


def test_readonly_store_refuses_writes(tmp_path):
    p = str(tmp_path / "x.db")
    Store(p).close()
    with Store(p, readonly=True) as s:
        try:
            s.db.execute("INSERT INTO sources (path, status) VALUES ('x', 'ok')")
        except sqlite3.OperationalError as e:
            assert "readonly" in str(e)
        else:
            raise AssertionError("write allowed on a read-only store")


def _fts_ok(s: Store) -> None:
    # FTS5 checks its index against the articles table (external content)
    s.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")


def test_full_text_index_in_batches_outside_and_after_rollback(tmp_path, monkeypatch):
    import dateline.store as store_mod

    monkeypatch.setattr(store_mod, "FTS_BATCH", 2)
    with Store(str(tmp_path / "x.db")) as s:
        s.add_article(art(1, "The ferry crossed the bay.", "Ferry Returns", "2026-01-02"))  # no transaction
        assert [h["id"] for h in s.search("ferry")] == ["id0001"]
        with s.transaction():  # 2 in one batch, the third at commit
            for i in (2, 3, 4):
                s.add_article(art(i, f"Harbor story number {i}.", f"Harbor {i}", "2026-01-03"))
        assert sorted(h["id"] for h in s.search("harbor")) == ["id0002", "id0003", "id0004"]
        try:
            with s.transaction():
                s.add_article(art(5, "A lighthouse keeper retires.", "Lighthouse", "2026-01-04"))
                raise RuntimeError("crash mid-file")
        except RuntimeError:
            pass
        assert s.search("lighthouse") == []
        s.add_article(art(6, "Another lighthouse opens.", "Lighthouse Two", "2026-01-05"))
        assert [h["id"] for h in s.search("lighthouse")] == ["id0006"]
        _fts_ok(s)
        # each stored article's source is noted with its index entry; none for the rolled-back one
        rows = s.db.execute("SELECT a.id, x.source FROM article_sources x JOIN articles a ON a.rowid = x.article_rowid "
                            "ORDER BY a.id").fetchall()
        assert [r[0] for r in rows] == ["id0001", "id0002", "id0003", "id0004", "id0006"]
        assert all(r[1] for r in rows)


def test_migration_4_keeps_an_archive_made_with_the_trigger_searchable(tmp_path):
    p = str(tmp_path / "old.db")
    with sqlite3.connect(p) as c:  # an archive at schema 3, whose rows the trigger indexed
        c.isolation_level = None
        for i, sql in enumerate(MIGRATIONS[:3], start=1):
            c.executescript(f"BEGIN; {sql}; PRAGMA user_version = {i}; COMMIT;")
        c.execute("INSERT INTO articles (id, source, text, title) VALUES ('old1', 't.txt', 'A ferry story.', 'Old')")
    with Store(p) as s:
        assert s.schema_version == len(MIGRATIONS)
        s.add_article(art(2, "A newer ferry story.", "New", "2026-01-02"))
        assert sorted(h["id"] for h in s.search("ferry")) == ["id0002", "old1"]
        _fts_ok(s)


def test_common_words_are_ranked_among_their_most_recent_matches(tmp_path):
    with Store(str(tmp_path / "x.db")) as s:
        with s.transaction():
            # the oldest article is the best match (the word in its title)
            s.add_article(art(1, "The ferry is back.", "Ferry Ferry", "2026-01-01"))
            for i in range(2, 8):
                s.add_article(art(i, f"Story {i} names the ferry once.", f"Story {i}", "2026-01-02",
                                  outlet="Northgate Post" if i % 2 else "The Ledger"))
        assert s.search("ferry", rank_window=None)[0]["id"] == "id0001"
        recent = s.search("ferry", rank_window=3)
        assert {h["id"] for h in recent} == {"id0005", "id0006", "id0007"}
        # a filtered query ranks all its matches
        ledger = s.search("ferry", outlet="Ledger", rank_window=3)
        assert ledger[0]["id"] == "id0001" and {h["id"] for h in ledger} == {"id0001", "id0002", "id0004", "id0006"}
        assert s.search("ferry", until="2025-12-31") == []


def test_search_page_with_a_person_filter_keeps_only_their_articles(tmp_path):
    from dateline.model import Person, Span

    with Store(str(tmp_path / "x.db")) as s:
        with s.transaction():
            for i in range(1, 7):
                a = art(i, f"Lena Park visited the ferry {i}." if i % 2 else f"The ferry {i} sailed.",
                        f"Ferry {i}", "2026-01-02")
                if i % 2:
                    a.annotations.people = [Person("Lena Park", [Span("Lena Park", 0, 9)])]
                s.add_article(a)
        res = s.search_page("ferry", person="Lena Park")
        assert res["total"] == 3 and {h["id"] for h in res["hits"]} == {"id0001", "id0003", "id0005"}
        res = s.search_page("ferry", person="Lena Park", outlet="The Ledger")  # with a row filter too
        assert res["total"] == 3
        assert s.search_page("ferry", person="Nobody")["total"] == 0
