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


def _archive_at(path: str, version: int) -> sqlite3.Connection:
    """An archive as a dateline of schema ``version`` made it (its migrations only)."""
    db = sqlite3.connect(path)
    db.isolation_level = None
    for i, sql in enumerate(MIGRATIONS[:version], start=1):
        db.executescript(f"BEGIN; {sql}; PRAGMA user_version = {i}; COMMIT;")
    return db


def test_archive_of_an_older_schema_upgrades_in_place(tmp_path):
    """One schema mechanism: an archive written by an older dateline (here
    schema 8, linked) is brought to the current schema when opened, its rows
    kept, the per-person summaries made from them and then kept by triggers."""
    from dateline.views import people as VP

    path = str(tmp_path / "old.db")
    db = _archive_at(path, 8)
    db.executescript("""
        BEGIN;
        INSERT INTO articles (rowid, id, source, day, title, text, truncated) VALUES
            (1, 'a1', 'x.txt', '2026-01-02', 'Harbour vote', 'Mayor Lena Park said the vote stands. Park left.', 1),
            (2, 'a2', 'x.txt', '2026-02-03', 'Ferry fares', 'Park said fares rise.', 0);
        INSERT INTO articles_fts (rowid, title, byline, text) SELECT rowid, title, byline, text FROM articles;
        INSERT INTO people VALUES (1, 0, 'Lena Park', 'mayor', '[["Lena Park", 6, 15], ["Park", 38, 42]]'),
                                  (2, 0, 'Park', NULL, '[["Park", 0, 4]]');
        INSERT INTO quotes (article_rowid, idx, quote, start, end, speaker, anonymous, partial, kind)
            VALUES (2, 0, 'fares rise', 10, 20, 'Park', 0, 0, 'speech');
        INSERT INTO persons (id, name, last, block, articles, mentions, quotes) VALUES (7, 'Lena Park', 'park', 'park', 2, 3, 1);
        INSERT INTO person_mentions VALUES (7, 1, 0, 'Lena Park'), (7, 2, 0, 'Park');
        INSERT INTO person_roles VALUES (7, 'mayor', '2026-01-02', 1);
        INSERT INTO stories (id, label, articles) VALUES (1, 'harbour', 2);
        INSERT INTO story_articles VALUES (1, 2, 0.5, NULL), (1, 1, NULL, NULL);
        COMMIT;""")
    db.close()
    with Store(path) as s:
        assert s.schema_version == len(MIGRATIONS)
        q = lambda sql: sorted(tuple(r) for r in s.db.execute(sql))  # noqa: E731
        assert q("SELECT id, title FROM articles") == [("a1", "Harbour vote"), ("a2", "Ferry fares")]
        assert q("SELECT person_id, name, n FROM person_forms") == [(7, "Lena Park", 1), (7, "Park", 1)]
        assert q("SELECT * FROM person_months") == [(7, "2026-01", 1, 2), (7, "2026-02", 1, 1)]
        assert q("SELECT * FROM person_role_days") == [(7, "mayor", "2026-01-02", "2026-01-02", 1)]
        assert q("SELECT id FROM stories") == [(1,)]  # migration 10: the id of the opening article
        assert s.stats()["truncated"] == 1
        assert s.count_categories() == []  # (kept by migration 13 from now on)
        plan = " ".join(r[3] for r in s.db.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM articles WHERE truncated"))
        assert "articles_truncated" in plan
        p = VP.person(s, "park")
        assert p["name"] == "Lena Park" and p["articles"] == 2 and p["quotes"] == 1
        assert [m["month"] for m in p["months"]] == ["2026-01", "2026-02"]
        assert [r["role"] for r in p["roles"]] == ["mayor"] and [x["quote"] for x in p["quoted"]] == ["fares rise"]
        # from now on the triggers keep the summaries: a mention moves to another person, then leaves
        with s.transaction():
            s.db.execute("INSERT INTO persons (id, name, last, block, articles) VALUES (8, 'Park', 'park', 'park', 1)")
            s.db.execute("UPDATE person_mentions SET person_id = 8 WHERE article_rowid = 2")
            s.db.execute("UPDATE person_roles SET person_id = 8")
        assert q("SELECT person_id, name, n FROM person_forms") == [(7, "Lena Park", 1), (8, "Park", 1)]
        assert q("SELECT * FROM person_months") == [(7, "2026-01", 1, 2), (8, "2026-02", 1, 1)]
        assert q("SELECT person_id, role, articles FROM person_role_days") == [(8, "mayor", 1)]
        with s.transaction():
            s.db.execute("DELETE FROM person_mentions WHERE person_id = 8")
            s.db.execute("DELETE FROM person_roles")
        assert q("SELECT person_id FROM person_forms") == [(7,)] and q("SELECT person_id FROM person_months") == [(7,)]
        assert q("SELECT * FROM person_role_days") == []
    with Store(path) as s:  # opening again migrates nothing
        assert s.schema_version == len(MIGRATIONS)


def test_linking_checks_the_schema_and_never_makes_tables():
    """link.schema.ensure_schema no longer creates tables (migrations alone do):
    on an archive not migrated it says so."""
    import pytest

    from dateline.link.schema import ensure_schema

    db = sqlite3.connect(":memory:")
    with pytest.raises(RuntimeError, match="schema version 0"):
        ensure_schema(db)
    assert db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def test_a_person_filter_keeps_the_linked_persons_articles_through_an_index(tmp_path):
    """On a linked archive the search page's person filter is the person's
    articles (person_mentions, as the people facet counts them), read from
    migration 14's (person_id, article_rowid) index: an article naming
    another person who shares a short form of the name ("Park") is not
    theirs.  An archive of schema 13 gets the index when opened."""
    from dateline.model import Person, Span

    path = str(tmp_path / "x.db")
    _archive_at(path, 13).close()
    with Store(path) as s:
        assert s.schema_version == len(MIGRATIONS) >= 14
        assert s.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'person_mentions_articles'").fetchone()
        named = {1: "Lena Park", 2: "Park", 3: "Park", 4: None}
        with s.transaction():
            for i, name in named.items():
                a = art(i, f"{name or 'Nobody'} saw the ferry {i}.", f"Ferry {i}", "2026-01-02")
                if name:
                    a.annotations.people = [Person(name, [Span(name, 0, len(name))])]
                s.add_article(a)
            s.db.execute("INSERT INTO persons (id, name, last, block, articles, mentions) VALUES "
                         "(1, 'Lena Park', 'Park', 'park', 2, 2), (2, 'Tomas Park', 'Park', 'park', 1, 1)")
            for rowid, pid in ((1, 1), (2, 1), (3, 2)):
                s.db.execute("INSERT INTO person_mentions (person_id, article_rowid, person_idx, name) "
                             "VALUES (?, ?, 0, ?)", (pid, rowid, named[rowid]))
        res = s.search_page("ferry", person="Lena Park")
        assert {h["id"] for h in res["hits"]} == {"id0001", "id0002"} and res["total"] == 2
        assert {f["value"]: f["n"] for f in res["facets"]["people"]} == {"Lena Park": 2}
        assert {h["id"] for h in s.search_page("", person="Tomas Park")["hits"]} == {"id0003"}
        conds, args = s._article_filters(None, None, None, None, "Lena Park")
        plan = " ".join(r[3] for r in s.db.execute(
            f"EXPLAIN QUERY PLAN SELECT a.rowid FROM articles a WHERE {' AND '.join(conds)}", args))
        assert "COVERING INDEX person_mentions_articles" in plan, plan


def _speakers_counted(s) -> list[tuple]:
    return [tuple(r) for r in s.db.execute(
        """SELECT speaker, count(*) FROM quotes WHERE speaker IS NOT NULL
           GROUP BY speaker ORDER BY count(*) DESC, speaker""")]


def test_who_is_quoted_most_is_kept_by_triggers(tmp_path):
    """Migration 15: quotes per speaker kept as quotes come, change speaker
    or go (an article deleted), made from the quotes of an older archive;
    Store.speakers reads them instead of counting every quote."""
    path = str(tmp_path / "x.db")
    db = _archive_at(path, 14)
    db.executescript("""
        INSERT INTO articles (rowid, id, source, text) VALUES (1, 'old1', 't.txt', 'Old text.');
        INSERT INTO quotes (article_rowid, idx, quote, start, end, speaker, anonymous, partial, kind)
        VALUES (1, 0, 'One', 0, 3, 'Ana Ruiz', 0, 0, 'speech'), (1, 1, 'Two', 4, 7, 'Ana Ruiz', 0, 0, 'speech'),
               (1, 2, 'Three', 8, 9, NULL, 1, 0, 'speech');
    """)
    db.close()
    with Store(path) as s:
        assert [(r["speaker"], r["quotes"]) for r in s.speakers()] == [("Ana Ruiz", 2)]
        with s.transaction():
            for i, who in enumerate(["Lena Park", "Lena Park", "Lena Park", "Ana Ruiz", None], start=2):
                a = art(i, f"Text {i} “words {i}”", f"T{i}", "2026-01-02")
                a.annotations.quotes[0].speaker = who
                s.add_article(a)
        assert [(r["speaker"], r["quotes"]) for r in s.speakers()] == _speakers_counted(s) == \
            [("Ana Ruiz", 3), ("Lena Park", 3)]
        with s.transaction():
            s.db.execute("UPDATE quotes SET speaker = 'Ana Ruiz' WHERE speaker = 'Lena Park' AND article_rowid = "
                         "(SELECT min(article_rowid) FROM quotes WHERE speaker = 'Lena Park')")
            s.db.execute("UPDATE quotes SET speaker = NULL WHERE article_rowid = 1 AND idx = 0")
            s.db.execute("DELETE FROM articles WHERE id = 'id0003'")
        assert [(r["speaker"], r["quotes"]) for r in s.speakers()] == _speakers_counted(s) == \
            [("Ana Ruiz", 3), ("Lena Park", 1)]
        assert s.speakers(limit=1) == s.speakers()[:1]
        assert s.db.execute("SELECT count(*) FROM quote_speakers WHERE n <= 0").fetchone()[0] == 0
