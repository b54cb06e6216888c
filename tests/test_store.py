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
