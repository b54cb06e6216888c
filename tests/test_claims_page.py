"""/claims at archive scale: a page of claim groups read from the stored
group summaries, each group's latest rows, and its chart as an image of its
own drawn when asked for (invented articles, as tests/test_claim_store.py)."""
from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from dateline.store import Store
from dateline.views.claims import opening_category
from dateline.web.app import create_app
from test_claim_store import _articles, _ingest


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("claimspage") / "a.db")
    with Store(path) as s:
        _ingest(s, _articles(7, 120))
    return path


def _category_with_groups(path: str, rows_above: int) -> str:
    with Store(path, readonly=True) as s:
        groups = s.claim_groups()
    return next(g.category for g in groups if len(g.rows) > rows_above)


def test_a_page_of_groups_and_the_tally_come_from_the_stored_summaries(archive):
    with Store(archive, readonly=True) as s:
        every = s.claim_groups()
        assert len(every) >= 3
        assert [g.key for g in s.claim_groups(limit=2)] == [g.key for g in every[:2]]
        assert [g.table() for g in s.claim_groups(limit=3)] == [g.table() for g in every[:3]]
        for cat in {g.category for g in every}:
            whole = s.claim_groups(category=cat)
            assert [g.key for g in s.claim_groups(category=cat, limit=2)] == [g.key for g in whole[:2]]
        assert [g.key for g in s.claim_groups(about="soldiers", limit=2)] == \
            [g.key for g in s.claim_groups(about="soldiers")[:2]]
        tally = s.claim_group_tally()
        want: dict = {}
        for g in every:
            want[g.category] = want.get(g.category, 0) + len(g.rows)
        assert tally == want
        cats = s.count_categories()
        assert opening_category([], cats, tally=tally) == opening_category(every, cats)


def test_the_page_shows_each_groups_latest_rows_and_links_to_every_row(archive):
    cat = _category_with_groups(archive, 3)
    with TestClient(create_app(archive, warm=False)) as client:
        groups = client.get("/api/claims", params={"category": cat}).json()["groups"]
        page = client.get("/claims", params={"category": cat, "rows": 2}).text
        tables = re.findall(r'<article class="claim-group">.*?</article>', page, re.S)
        assert [t.count('<a class="claim"') for t in tables] == [min(2, len(g["rows"])) for g in groups]
        first = tables[0]
        latest = [r["value"] for r in groups[0]["rows"]][-2:]
        assert [html.unescape(v) for v in re.findall(r'<a class="claim"[^>]*>([^<]+)</a>', first)] == latest
        assert f"The latest 2 of {len(groups[0]['rows'])} rows" in first and "rows=0" in first
        every = client.get("/claims", params={"category": cat, "rows": 0}).text
        tables = re.findall(r'<article class="claim-group">.*?</article>', every, re.S)
        assert [t.count('<a class="claim"') for t in tables] == [len(g["rows"]) for g in groups]
        assert "The latest" not in every


def test_charts_are_images_of_their_own(archive):
    cat = _category_with_groups(archive, 1)
    with TestClient(create_app(archive, warm=False)) as client:
        page = client.get("/claims", params={"category": cat}).text
        assert "data:image/png" not in page
        srcs = [html.unescape(u) for u in re.findall(r'<img class="group-chart"[^>]* src="([^"]+)"', page)]
        assert srcs and all(u.startswith("/claims/chart.png") for u in srcs)
        img = client.get(srcs[-1])
        assert img.status_code == 200 and img.headers["content-type"] == "image/png"
        assert img.content[:4] == b"\x89PNG"
        assert client.get("/claims/chart.png", params={"category": "nothing"}).status_code == 404


def test_the_page_reads_each_groups_latest_rows_as_whole_groups_give_them(archive):
    """Store.claim_group_page reads the latest rows of each stored group (a
    light pass over the group, then only the rows shown): the same groups,
    rows, claimants and totals as whole groups cut by views.claims.group_rows."""
    from dateline.views.claims import group_rows, page_groups

    with Store(archive, readonly=True) as s:
        cats = [None, *sorted({g.category for g in s.claim_groups()})]
        words = sorted({w for g in s.claim_groups() for w in g.label.lower().split()})[:4] + ["nothing-like-it"]
        seen = 0
        for cat in cats:
            for about in (None, *words):
                for rows in (None, 1, 2, 5):
                    for limit in (None, 1, 3):
                        fast = s.claim_group_page(cat, about, limit=limit, rows=rows)
                        whole = group_rows(s.claim_groups(category=cat, about=about, limit=limit), rows=rows)
                        assert fast == whole, (cat, about, rows, limit)
                        assert page_groups(s, cat, about, limit, rows) == whole
                        seen += sum(g["total"] > len(g["rows"]) for g in fast)
        assert seen  # some groups were cut to their latest rows


def test_a_category_with_new_counts_not_yet_grouped_is_grouped_live(archive, tmp_path):
    import shutil

    from dateline.views.claims import group_rows, page_groups

    path = str(tmp_path / "stale.db")
    shutil.copyfile(archive, path)
    with Store(path) as s:
        cat = s.claim_groups()[0].category
        s.db.execute("INSERT INTO claim_groups_stale VALUES (?)", (cat,))
        assert s.claim_group_page(cat, limit=3, rows=2) is None
        assert page_groups(s, cat, None, 3, 2) == group_rows(s.claim_groups(category=cat, limit=3), rows=2)


def test_the_server_reads_the_opening_claims_page_while_idle(archive):
    """The warm-up fills the cache the first /claims visit reads (the groups of
    the category it opens on, each with its latest rows) before any reader asks."""
    import time

    app = create_app(archive, warm=True)
    cache = app.state.ctx.stores.cache
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(k[0] == "claim_page" for k in list(cache)):
        time.sleep(0.1)
    opened = next(k for k in list(cache) if k[0] == "claim_page")
    with TestClient(app) as client:
        client.get("/claims")
        assert [k for k in cache if k[0] == "claim_page"] == [opened]  # the visit found it there
