"""Every read the pages and CLI commands make is index-driven: each SQL
statement they run is checked with EXPLAIN QUERY PLAN on a small archive
whose planner statistics are those of a large one (so SQLite chooses as it
would at 100,000 articles; plans do not need the rows themselves)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dateline.ingest import ingest
from dateline.store.read import people as L  # noqa: N812
from dateline.store.read import stories as LS  # noqa: N812
from dateline.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# sqlite_stat1 of an archive of 100,164 articles grown from real news text
# (bench/realarchive.py): rows per table and per index key, nothing else.
LARGE_STATS = {
    ("articles", "articles_day"): "100164 14",
    ("articles", "articles_outlet"): "100164 3000",
    ("articles", "sqlite_autoindex_articles_1"): "100164 1",
    ("counts", "counts_category"): "630462 57315",
    ("counts", "counts_claimant"): "630462 890",
    ("counts", "sqlite_autoindex_counts_1"): "630462 8 1",
    ("people", "people_name"): "864756 213",
    ("people", "sqlite_autoindex_people_1"): "864756 9 1",
    ("person_mentions", "person_mentions_name"): "864756 213",
    ("person_mentions", "person_mentions_person"): "864756 218",
    ("person_mentions", "sqlite_autoindex_person_mentions_1"): "864756 9 1",
    ("person_roles", "person_roles_person"): "337620 213 213",
    ("persons", "persons_block"): "3968 2",
    ("persons", "persons_name"): "3968 1",
    ("persons", "persons_rank"): "3968 108 20 1",
    ("quotes", "quotes_speaker"): "741642 424",
    ("quotes", "sqlite_autoindex_quotes_1"): "741642 10 1",
    ("stories", "stories_last_day"): "78234 2",
    ("stories", "stories_rank"): "78234 8693 8693 1",
    ("story_articles", "story_articles_story"): "100164 2",
    ("claim_group_rows", "claim_group_rows"): "86904 172 1",
    ("claim_groups", "sqlite_autoindex_claim_groups_1"): "506 46 1",
}

# Tables that grow with the archive: never read whole by a page.
BIG = ("articles", "people", "quotes", "counts", "entities", "person_mentions", "person_roles", "persons",
       "stories", "story_articles", "claim_group_rows")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("plans") / "a.db")
    with Store(path) as s:
        ingest([str(EXAMPLES)], s)
        s.db.execute("ANALYZE")
        for (tbl, idx), stat in LARGE_STATS.items():
            s.db.execute("DELETE FROM sqlite_stat1 WHERE tbl = ? AND idx = ?", (tbl, idx))
            s.db.execute("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", (tbl, idx, stat))
        s.db.execute("ANALYZE sqlite_schema")  # load the statistics
    return path


def _plans(store: Store, call) -> list[tuple[str, list[str]]]:
    """(statement, plan lines) of every SELECT ``call`` runs."""
    seen: list[str] = []
    store.db.set_trace_callback(seen.append)
    try:
        call()
    finally:
        store.db.set_trace_callback(None)
    out = []
    for sql in seen:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")) or "sqlite_master" in sql:
            continue
        out.append((sql, [r[3] for r in store.db.execute("EXPLAIN QUERY PLAN " + sql)]))
    assert out, "no statement traced"
    return out


def _full_scans(plans) -> list[str]:
    bad = []
    for sql, lines in plans:
        for line in lines:
            m = re.match(r"SCAN (\w+)(?: AS \w+)?( USING (?:COVERING )?INDEX \w+)?", line)
            if m and m.group(1) in BIG and not m.group(2):
                bad.append(f"{line}   <- {' '.join(sql.split())[:160]}")
            if "AUTOMATIC" in line:
                bad.append(f"{line}   <- {' '.join(sql.split())[:160]}")
    return bad


def _names(archive) -> tuple[str, int, int]:
    with Store(archive, readonly=True) as s:
        name, pid = s.db.execute("SELECT name, id FROM persons ORDER BY articles DESC LIMIT 1").fetchone()
        sid = s.db.execute("SELECT id FROM stories ORDER BY articles DESC LIMIT 1").fetchone()[0]
    return name, pid, sid


def test_the_archive_is_linked_and_has_the_large_statistics(archive):
    with Store(archive, readonly=True) as s:
        assert s.linked() and s.db.execute("SELECT count(*) FROM quotes").fetchone()[0] > 5
        stat = s.db.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'quotes_speaker'").fetchone()[0]
        assert stat.startswith("741642")


@pytest.mark.parametrize("page", ["people", "people page 3", "person_profile", "people_list", "stories_list",
                                  "story_timeline", "stories", "story", "quotes by speaker", "counts by claimant",
                                  "claims stored", "articles list", "counts by category", "compare counts",
                                  "people by name", "count categories", "person page", "counts by claimant (view)",
                                  "stories_list", "story_timeline", "claims page groups", "claims page groups (all)",
                                  "claim group tally", "claims page latest rows", "claims page latest rows (all)",
                                  "claims page about", "counts about a common word"])
def test_page_reads_use_indexes(archive, page, monkeypatch):
    from dateline.store import queries
    from dateline.views import counts as VC
    from dateline.views import people as VP

    if page in ("counts by category", "compare counts"):
        monkeypatch.setattr(queries, "WALK_ABOVE", 1)  # as a category of a large archive: many rows
    name, pid, sid = _names(archive)
    with Store(archive, readonly=True) as s:
        calls = {
            "people": lambda: s.people(limit=50),
            "people page 3": lambda: s.people(limit=50, offset=100),
            "person_profile": lambda: L.person_profile(s.db, pid, 20),
            "people_list": lambda: L.people_list(s.db, 50),
            "stories_list": lambda: LS.stories_list(s.db, 30),
            "story_timeline": lambda: LS.story_timeline(s.db, sid),
            "stories": lambda: s.stories(limit=100),
            "story": lambda: s.story(str(sid)),
            "quotes by speaker": lambda: s.quotes(speaker=name),
            "counts by claimant": lambda: s.counts(claimant=name, exact=True),
            "claims stored": lambda: s._stored_claim_groups("killed", 2),
            "claims page groups": lambda: s._stored_claim_groups("killed", 2, 20),
            "claims page groups (all)": lambda: s._stored_claim_groups(None, 2, 20),
            "claim group tally": lambda: s.claim_group_tally(),
            "claims page latest rows": lambda: s.claim_group_page("killed", limit=20, rows=20),
            "claims page latest rows (all)": lambda: s.claim_group_page(None, limit=20, rows=20),
            "claims page about": lambda: s.claim_group_page("killed", about="killed", limit=20, rows=20),
            "counts about a common word": lambda: s.counts(category="other", about="the", limit=1),
            "articles list": lambda: s.list_articles(limit=50),
            "counts by category": lambda: s.counts(category="other"),
            "compare counts": lambda: s.compare_counts(category="other"),
            "people by name": lambda: s.people(limit=50, name=name.split()[-1]),
            "count categories": lambda: s.count_categories(),
            "person page": lambda: VP.person(s, name),
            "counts by claimant (view)": lambda: VC.counts(s, claimant=name),
        }
        plans = _plans(s, calls[page])
    assert _full_scans(plans) == []
    assert not any("TEMP B-TREE" in line for sql, lines in plans for line in lines
                   if page in ("people", "people page 3", "people_list", "stories_list", "articles list")), plans
    if page in ("counts by category", "compare counts"):  # many rows: the day index walked, no sort of them all
        assert any("articles_day" in line for _, lines in plans for line in lines), plans


def test_person_quotes_and_claims_never_go_through_the_name_indexes(archive, monkeypatch):
    """The quadratic join: a person's quotes matched on ``speaker`` through
    the speaker index read every quote of the name for every article.  (A
    person whose names have many quotes or counts: the articles are walked.)"""
    from dateline.store.read import people as RP

    monkeypatch.setattr(RP, "WALK_ABOVE", 0)
    _, pid, _ = _names(archive)
    with Store(archive, readonly=True) as s:
        plans = _plans(s, lambda: L.person_profile(s.db, pid, 20))
    joined = [(sql, lines) for sql, lines in plans if "JOIN quotes" in sql or "JOIN counts" in sql]
    assert len(joined) >= 2
    for sql, lines in joined:
        text = "\n".join(lines)
        assert "quotes_speaker" not in text and "counts_claimant" not in text, text
        assert "sqlite_autoindex_quotes_1" in text or "sqlite_autoindex_counts_1" in text, text


def test_people_page_reads_no_quote_rows(archive):
    with Store(archive, readonly=True) as s:
        plans = _plans(s, lambda: s.people(limit=50))
        rows = s.people(limit=50)
        want = {r[0]: r[1] for r in s.db.execute(
            """SELECT ps.name, count(q.rowid) FROM persons ps JOIN person_mentions pm ON pm.person_id = ps.id
               LEFT JOIN quotes q ON q.article_rowid = pm.article_rowid AND q.speaker = pm.name GROUP BY ps.id""")}
    assert all("quotes" not in " ".join(lines) for _, lines in plans)
    assert any("persons_rank" in " ".join(lines) for _, lines in plans)
    assert rows and all(r["quotes"] == want[r["name"]] for r in rows)
    assert any(r["quotes"] for r in rows)


def test_person_with_few_quotes_reads_them_through_the_name_index_once(archive):
    """Names with few quotes or counts (at most WALK_ABOVE, counted through
    the name index): read through that index once, never per article, and
    kept when an article gives the person that name."""
    _, pid, _ = _names(archive)
    with Store(archive, readonly=True) as s:
        plans = _plans(s, lambda: L.person_profile(s.db, pid, 20))
        prof = L.person_profile(s.db, pid, 20)
    assert _full_scans(plans) == []
    read = [(sql, "\n".join(lines)) for sql, lines in plans if "EXISTS" in sql]
    assert len(read) == 2
    assert any("quotes_speaker" in text for _, text in read) and any("counts_claimant" in text for _, text in read)
    assert prof["quotes"] and all(q["day"] is not None for q in prof["quotes"][:1])


def test_person_pages_read_the_summaries_not_every_row(archive):
    """A person's roles and months come from the summaries linking keeps
    (person_role_days, person_months), which agree with the rows they sum."""
    from dateline.views import people as VP

    name, pid, _ = _names(archive)
    with Store(archive, readonly=True) as s:
        plans = _plans(s, lambda: VP.person(s, name))
        p = VP.person(s, name)
        want_months = {r[0]: r[1] for r in s.db.execute(
            """SELECT substr(a.day, 1, 7), count(*) FROM person_mentions pm JOIN articles a ON a.rowid = pm.article_rowid
               WHERE pm.person_id = ? AND a.day IS NOT NULL GROUP BY 1""", (pid,))}
        want_roles = {r[0]: r[1] for r in s.db.execute(
            "SELECT role, count(*) FROM person_roles WHERE person_id = ? GROUP BY role", (pid,))}
    assert _full_scans(plans) == []
    text = " ".join(" ".join(lines) for _, lines in plans)
    assert "person_months" in text and "person_role_days" in text
    assert "SCAN p " not in text and "people_name" not in text  # never every people row of their names
    assert {m["month"]: m["articles"] for m in p["months"]} == want_months
    assert {r["role"]: r["articles"] for r in p["roles"]} == want_roles


def test_a_persons_latest_rows_are_read_along_the_person_index(archive, tmp_path):
    """A person's latest articles (names used, people named with them) are
    read newest first along person_mentions_person, never sorted from all of
    their rows, even where migration 14's (person_id, article_rowid) index
    has no statistics (an archive analysed before it came: the planner
    then took it and sorted 62,000 rows for the most-covered person)."""
    import shutil

    from dateline.views import people as VP

    path = str(tmp_path / "a.db")
    shutil.copyfile(archive, path)
    with Store(path) as s:
        s.db.execute("DELETE FROM sqlite_stat1 WHERE idx = 'person_mentions_articles'")
        s.db.execute("ANALYZE sqlite_schema")
    name, pid, _ = _names(path)
    with Store(path, readonly=True) as s:
        plans = _plans(s, lambda: VP.person(s, name)) + _plans(s, lambda: L.person_profile(s.db, pid, 20))
    latest = [(sql, lines) for sql, lines in plans if "ORDER BY rowid DESC" in sql]
    assert len(latest) >= 3
    for sql, lines in latest:
        read = [line for line in lines if re.match(r"(SEARCH|SCAN) person_mentions\b", line)]
        assert read and all("person_mentions_person" in line for line in read), lines


def test_counts_about_words_are_the_same_walked_or_sorted(archive, monkeypatch):
    """Counts about common words are found by walking the day index
    (queries.ABOUT_WALK), rarer ones by sorting the category's matches: the
    same rows in the same order either way."""
    from dateline.store import queries

    seen = 0
    with Store(archive, readonly=True) as s:
        cats = [None, *(r["category"] for r in s.count_categories())]
        for cat in cats:
            for about in ("people", "the", "said", "cease-fire", "nothing-of-the-kind"):
                for oldest in (True, False):
                    got = []
                    for walk in (10 ** 9, 0):
                        monkeypatch.setattr(queries, "ABOUT_WALK", walk)
                        got.append(s.counts(category=cat, about=about, limit=7, offset=1, oldest_first=oldest))
                    assert got[0] == got[1], (cat, about, oldest)
                    seen += len(got[0])
        monkeypatch.setattr(queries, "ABOUT_WALK", 0)
        plans = _plans(s, lambda: s.counts(category=cats[1], about="the", limit=5))
    assert seen
    assert any("articles_day" in line for _, lines in plans for line in lines), plans
