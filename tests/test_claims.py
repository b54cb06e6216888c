"""Comparing claims: grouping counts of the same quantity and charting them."""
from __future__ import annotations

from dateline.link.claims import (ClaimRow, as_row, claim_interval, draw_claims, group_claims, row_date,
                                  rows_from_articles, subject_key)


def _war_dead():
    # one invented war, four claimants, two articles
    return [
        {"article_id": "a1", "published": "2025-01-20", "category": "killed", "what": "soldiers killed",
         "value": 43000, "qualifier": "exact", "claimant": "Ada Novak", "as_of": "as of Dec. 8",
         "as_of_date": "2024-12-08"},
        {"article_id": "a1", "published": "2025-01-20", "category": "killed",
         "what": "Freedonian soldiers who have died", "value": 62000, "qualifier": "about",
         "claimant": "Gravecount"},
        {"article_id": "a1", "published": "2025-01-20", "category": "killed", "what": "Freedonian soldiers killed",
         "value": 100000, "qualifier": "more_than", "claimant": "Gravecount", "as_of": "by December",
         "as_of_date": "2024-12"},
        {"article_id": "a2", "published": "2025-01-02", "category": "killed", "what": "Freedonian troops killed",
         "value": 70000, "qualifier": "exact", "claimant": "Ivo Marek"},
        {"article_id": "a2", "published": "2025-01-02", "category": "killed", "what": "Sylvanian soldiers killed",
         "value": 150000, "qualifier": "more_than", "claimant": "researchers"},
        {"article_id": "a2", "published": "2025-01-02", "category": "money", "what": "aid package",
         "value": 5e9, "qualifier": "exact", "claimant": None},
        {"article_id": "a3", "published": "2025-01-05", "category": "people", "what": "children",
         "value": 6, "qualifier": "exact", "claimant": None},
        {"article_id": "a4", "published": "2025-01-06", "category": "people", "what": "children",
         "value": 4, "qualifier": "exact", "claimant": "Mr. Lind"},
    ]


def test_subject_key_normalises():
    assert subject_key("killed", "Freedonian soldiers who have died") == "killed|freedonian soldier"
    assert subject_key("killed", "Freedonian troops killed") == subject_key("killed", "Freedonian soldiers")
    assert subject_key("killed", "Freedonian deaths") == "killed|freedonian"
    assert subject_key("missing", "soldiers missing") != subject_key("killed", "soldiers killed")


def test_group_puts_claimants_side_by_side():
    groups = group_claims(_war_dead())
    assert len(groups) == 1
    g = groups[0]
    assert g.category == "killed"
    assert "Freedonian" in g.label and "killed" in g.label
    assert sorted(r.value for r in g.rows) == [43000, 62000, 70000, 100000]
    assert g.claimants == ["Ada Novak", "Gravecount", "Ivo Marek"]
    table = g.table()
    assert [t["claimant"] for t in table][:2] == ["Gravecount", "Ada Novak"]  # oldest as-of first
    assert {t["value"] for t in table} >= {"43,000", "about 62,000", "more than 100,000", "70,000"}


def test_other_nationality_and_generic_subjects_stay_apart():
    groups = group_claims(_war_dead(), min_claimants=1)
    keys = {g.key for g in groups}
    assert not any("sylvanian" in k for k in keys)   # one row only
    assert not any("child" in k for k in keys)      # generic subject across two articles
    assert all(g.category != "money" for g in groups)


def test_story_scopes_generic_subjects():
    rows = [dict(r, story="s1") for r in _war_dead() if r["what"] == "children"]
    groups = group_claims(rows, min_claimants=1)
    assert len(groups) == 1 and len(groups[0].rows) == 2


def test_interval_and_dates():
    r = as_row({"category": "killed", "what": "x", "value": 10, "qualifier": "more_than", "published": "2025-01-02"})
    assert claim_interval(r) == (10.0, None)
    r = as_row({"category": "killed", "what": "x", "low": 20, "high": 30, "qualifier": "range"})
    assert claim_interval(r) == (20, 30)
    r = ClaimRow(article_id="a", category="killed", what="x", value=5, as_of_date="2024-12", date="2025-01-02")
    assert row_date(r) == "2024-12"
    r.as_of_date = None
    assert row_date(r) == "2025-01-02"


def test_rows_from_articles():
    arts = [{"id": "a9", "published": "2025-01-03", "counts": [
        {"text": "70,000 killed", "category": "killed", "what": "soldiers killed", "value": 70000,
         "qualifier": "exact", "claimant": "X"}]}]
    rows = rows_from_articles(arts)
    assert rows[0].article_id == "a9" and rows[0].date == "2025-01-03" and rows[0].value == 70000


def test_draw_writes_png_and_svg(tmp_path):
    g = group_claims(_war_dead())[0]
    png = tmp_path / "claims.png"
    svg = tmp_path / "claims.svg"
    assert draw_claims(g, str(png)) == str(png)
    draw_claims(g, str(svg))
    assert png.stat().st_size > 5000 and png.read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in svg.read_bytes()[:2000]


def test_draw_without_dates(tmp_path):
    rows = [{"article_id": "a", "category": "killed", "what": "Freedonian soldiers killed", "value": 10,
             "claimant": "A"},
            {"article_id": "b", "category": "killed", "what": "Freedonian soldiers killed", "low": 8, "high": 14,
             "qualifier": "range", "claimant": "B"}]
    g = group_claims(rows)[0]
    out = tmp_path / "c.png"
    draw_claims(g, str(out))
    assert out.stat().st_size > 1000


def test_table_keeps_the_article_date_apart_from_the_as_of_date():
    """Issue 14 bug 4: the "article date" column showed the as-of date."""
    g = group_claims(_war_dead())[0]
    ada = next(r for r in g.table() if r["claimant"] == "Ada Novak")
    assert ada["date"] == "2024-12-08" and ada["article_date"] == "2025-01-20"


def test_chart_axis_within_one_month_names_days(tmp_path, monkeypatch):
    """Issue 14 bug 4: every tick read "2025-01" when all points fell in one month."""
    import matplotlib.pyplot as plt

    figs, close = [], plt.close
    monkeypatch.setattr(plt, "close", figs.append)
    rows = [{"article_id": f"a{d}", "published": f"2025-01-{d:02d}", "category": "killed",
             "what": "Freedonian soldiers killed", "value": 100 * d, "claimant": c}
            for d, c in ((2, "A"), (9, "B"), (16, "A"), (27, "B"))]
    draw_claims(group_claims(rows)[0], str(tmp_path / "m.png"))
    ax = figs[0].axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert len(labels) >= 3 and len(set(labels)) == len(labels)
    close(figs[0])


def _row(**kw):
    base = {"article_id": "z1", "published": "2025-02-01", "category": "people", "claimant": None}
    base.update(kw)
    return base


def test_a_vague_bare_figure_does_not_join_a_precise_qualified_one():
    rows = [
        _row(what="couples", low=24, high=99, qualifier="range"),  # "dozens of couples"
        _row(what="married couples", value=1000, qualifier="more_than", claimant="organisers"),
        _row(article_id="z2", what="married couples", value=1200, qualifier="about", claimant="the registry"),
    ]
    groups = group_claims(rows)
    assert [sorted(r.what for r in g.rows) for g in groups] == [["married couples", "married couples"]]


def test_a_bare_figure_of_the_same_size_still_joins():
    rows = [
        _row(what="couples", value=950, qualifier="about"),
        _row(what="married couples", value=1000, qualifier="more_than", claimant="organisers"),
    ]
    groups = group_claims(rows)
    assert len(groups) == 1 and len(groups[0].rows) == 2


def test_a_bare_subject_in_another_article_is_no_near_copy_of_a_qualified_one():
    rows = [
        _row(article_id="z1", category="killed", what="members", low=2000, high=9999, qualifier="range"),
        _row(article_id="z2", category="killed", what="family members", value=9, qualifier="exact"),
        _row(article_id="z3", category="killed", what="family members", value=9, qualifier="exact",
             claimant="prosecutors"),
    ]
    groups = group_claims(rows)
    assert [sorted(r.what for r in g.rows) for g in groups] == [["family members", "family members"]]


def test_comparable_magnitudes():
    from dateline.link.claims import comparable
    thousands = as_row(_row(low=2000, high=9999, qualifier="range"))
    assert not comparable(thousands, as_row(_row(value=9, qualifier="exact")))
    assert comparable(thousands, as_row(_row(low=3000, high=4000, qualifier="range")))
    assert comparable(as_row(_row(value=62000, qualifier="about")), as_row(_row(value=100000, qualifier="more_than")))
    assert not comparable(as_row(_row(low=24, high=99, qualifier="range")), as_row(_row(value=1000, qualifier="more_than")))
