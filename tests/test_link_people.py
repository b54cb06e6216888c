"""Cross-article person identity (link/people.py, link/run.py) on invented names."""
from __future__ import annotations

import pytest

from dateline.link.people import (
    NameKey, Record, choose_person, Candidate, cluster_records, compatible, parse_name, skeleton,
)
from dateline.model import Annotations, Article, Person, Span
from dateline.store import Store


def same(records, i, j) -> bool:
    ids = cluster_records(records)
    return ids[i] == ids[j]


# ---------------------------------------------------------------- name keys
@pytest.mark.parametrize("a, b", [
    ("Zoltán Kovács", "Zoltan Kovacs"),
    ("Oleh Dovzhenkyy", "Oleh Dovzhenky"),
    ("Oleh Dovzhenkiy", "Oleh Dovzhenky"),
    ("Tariq al-Mansouri", "Tariq Al Mansouri"),
    ("Prime Minister Ilse Brandvold", "Ilse Brandvold"),
    ("Walter P. Quimby", "Walter Quimby"),
    ("Walter P. Quimby Jr.", "Walter Quimby"),
    ("Ben Arkwright", "Benjamin Arkwright"),
    ("Mohammed Haddari", "Mohammad Haddari"),
])
def test_spelling_variants_are_compatible(a, b):
    assert compatible(parse_name(a), parse_name(b))


@pytest.mark.parametrize("a, b", [
    ("Marta Velinsky", "Tomas Velinsky"),        # one surname, different people
    ("Rufus H. Quimby", "Rufus T. Quimby"),      # conflicting middle initials
    ("Walter Quimby Jr.", "Walter Quimby Sr."),  # conflicting suffixes
    ("Ilse Brandvold", "Ilse Brandt"),
    ("Anna Lind", "Anna Lund"),                  # short surnames are never fuzzy
])
def test_different_people_are_not_compatible(a, b):
    assert not compatible(parse_name(a), parse_name(b))


def test_parse_name_keys():
    k = parse_name("General Abu Tarfa")
    assert k.first is None and k.last == "tarfa"
    k = parse_name("Samir Abu Tarfa")
    assert k.first == "samir" and k.last == "tarfa"
    k = parse_name("Mr. van Dorsten")
    assert k.first is None and k.last == skeleton("Dorsten")
    assert parse_name("Corinna von der Hase").first == skeleton("Corinna") == "corina"
    assert parse_name("Ms. Brandvold’s").last == "brandvold"


# ---------------------------------------------------------------- clustering
def test_full_names_merge_across_articles():
    recs = [Record(1, 0, "Zoltán Kovács"), Record(2, 0, "Zoltan Kovacs"), Record(3, 0, "Oleh Dovzhenkyy"),
            Record(4, 0, "Oleh Dovzhenky")]
    ids = cluster_records(recs)
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]


def test_same_surname_different_first_names_stay_apart():
    recs = [Record(1, 0, "Marta Velinsky"), Record(2, 0, "Tomas Velinsky"), Record(3, 0, "Marta Velinsky")]
    ids = cluster_records(recs)
    assert ids[0] == ids[2] != ids[1]


def test_surname_only_attaches_when_unambiguous():
    recs = [Record(1, 0, "Ilse Brandvold"), Record(2, 0, "Brandvold", ("Ms. Brandvold",)),
            Record(3, 0, "Brandvold")]
    ids = cluster_records(recs)
    assert ids[0] == ids[1] == ids[2]


def test_surname_only_before_full_name_is_absorbed():
    recs = [Record(1, 0, "Brandvold", ("Ms. Brandvold",), "2021-03-01"),
            Record(2, 0, "Ilse Brandvold", (), "2021-03-05")]
    ids = cluster_records(recs)
    assert ids[0] == ids[1]


def test_ambiguous_surname_only_stays_apart():
    recs = [Record(1, 0, "Ilse Brandvold", (), "2021-03-01"), Record(2, 0, "Petter Brandvold", (), "2021-03-02"),
            Record(3, 0, "Brandvold", ("Mr. Brandvold",), "2021-03-03")]
    ids = cluster_records(recs)
    assert ids[2] not in (ids[0], ids[1])


def test_surname_only_resolved_by_time_window():
    recs = [Record(1, 0, "Ilse Brandvold", (), "2015-01-10"), Record(2, 0, "Petter Brandvold", (), "2023-05-02"),
            Record(3, 0, "Brandvold", ("Mr. Brandvold",), "2023-05-20")]
    ids = cluster_records(recs)
    assert ids[2] == ids[1] != ids[0]


def test_surname_only_resolved_by_dominance():
    recs = [Record(i, 0, "Gustav Ferrante") for i in range(1, 11)] + [Record(11, 0, "Lucia Ferrante"),
                                                                      Record(12, 0, "Ferrante", ("Mr. Ferrante",))]
    ids = cluster_records(recs)
    assert ids[-1] == ids[0] != ids[10]


def test_given_name_only_records_do_not_merge():
    recs = [Record(1, 0, "Nadira"), Record(2, 0, "Nadira")]
    assert not same(recs, 0, 1)


def test_titled_one_word_family_name_first():
    recs = [Record(1, 0, "Kwon Haneul"), Record(2, 0, "Kwon", ("Mr. Kwon",))]
    assert same(recs, 0, 1)


def test_one_article_never_holds_one_person_twice():
    recs = [Record(1, 0, "Walter Quimby"), Record(1, 1, "Walter P. Quimby")]
    assert not same(recs, 0, 1)


def test_choose_person_is_pure():
    full = Candidate(1, parse_name("Ilse Brandvold"))
    other = Candidate(2, parse_name("Petter Brandvold"))
    key = parse_name("Brandvold")
    assert choose_person(key, None, [full]) is full
    assert choose_person(key, None, [full, other]) is None
    assert choose_person(parse_name("Ilse Brandvold"), None, [full, other]) is full
    assert isinstance(key, NameKey)


# ---------------------------------------------------------------- archive
def _article(text: str, people: list[tuple[str, list[str], str | None]], day: str, title: str) -> Article:
    ps = []
    for name, mentions, role in people:
        spans = []
        for m in mentions:
            i = text.index(m)
            spans.append(Span(m, i, i + len(m)))
        ps.append(Person(name, spans, role))
    return Article(id=title.lower().replace(" ", "-"), source="invented.txt", text=text, title=title,
                   published=day, annotations=Annotations(people=ps))


def test_archive_links_incrementally_and_accumulates_roles(tmp_path):
    from dateline.link.run import update_links
    from dateline.store.read.people import find_person, person_profile

    store = Store(str(tmp_path / "a.db"))
    a1 = _article("Governor Ilse Brandvold opened the harbor. Ms. Brandvold spoke briefly.",
                  [("Ilse Brandvold", ["Ilse Brandvold", "Ms. Brandvold"], "Governor")], "2022-04-01", "Harbor opens")
    a2 = _article("Marta Velinsky and Tomas Velinsky run the bakery.",
                  [("Marta Velinsky", ["Marta Velinsky"], None), ("Tomas Velinsky", ["Tomas Velinsky"], None)],
                  "2022-04-02", "Bakery")
    with store.transaction():
        for a in (a1, a2):
            store.add_article(a)
        s1 = update_links(store)
    assert s1["articles"] == 2 and s1["persons_new"] == 3
    a3 = _article("Brandvold, now the minister of ports, said little. Mr. Velinsky was absent.",
                  [("Brandvold", ["Brandvold"], "minister of ports"), ("Velinsky", ["Mr. Velinsky"], None)],
                  "2023-09-15", "Ports")
    with store.transaction():
        store.add_article(a3)
        s2 = update_links(store)
    assert s2["articles"] == 1  # only the new article is looked at
    pid = find_person(store.db, "Ms. Brandvold")
    prof = person_profile(store.db, pid)
    assert prof["name"] == "Ilse Brandvold" and prof["articles"] == 2
    assert [r["role"] for r in prof["roles"]] == ["Governor", "minister of ports"]
    assert prof["first_day"] == "2022-04-01" and prof["last_day"] == "2023-09-15"
    # "Mr. Velinsky" is ambiguous between Marta and Tomas: a person of its own
    names = {r[0] for r in store.db.execute("SELECT name FROM persons")}
    assert {"Marta Velinsky", "Tomas Velinsky", "Velinsky"} <= names
    assert update_links(store)["articles"] == 0
    store.close()


def test_web_people_pages_go_through_linked_persons(tmp_path):
    from fastapi.testclient import TestClient

    from dateline.link.run import update_links
    from dateline.model import Quote
    from dateline.web.app import create_app

    p = str(tmp_path / "w.db")
    with Store(p) as store:
        a1 = _article("Governor Ilse Brandvold opened the harbor. Ms. Brandvold spoke briefly.",
                      [("Ilse Brandvold", ["Ilse Brandvold", "Ms. Brandvold"], "Governor")], "2022-04-01", "Harbor")
        text = "“We will dredge the channel,” Brandvold said. Brandvold is now the minister of ports."
        a2 = _article(text, [("Brandvold", ["Brandvold"], "minister of ports")], "2023-09-15", "Ports")
        a2.annotations.quotes = [Quote("We will dredge the channel,", 1, 28, "Brandvold")]
        with store.transaction():
            store.add_article(a1)
            store.add_article(a2)
            update_links(store)
    client = TestClient(create_app(p))
    people = client.get("/api/people").json()["people"]
    assert [(r["name"], r["articles"], r["quotes"]) for r in people] == [("Ilse Brandvold", 2, 1)]
    for asked in ("Ilse Brandvold", "Brandvold"):  # either name: one person, both articles
        prof = client.get(f"/api/people/{asked}").json()
        assert prof["name"] == "Ilse Brandvold" and prof["articles"] == 2 and prof["quotes"] == 1
        assert [r["role"] for r in prof["roles"]] == ["Governor", "minister of ports"]
        assert "Brandvold" in prof["names_used"] and prof["quoted"][0]["speaker"] == "Brandvold"
    assert "Ilse Brandvold" in client.get("/people").text


def test_person_summaries_added_per_batch_equal_those_summed_from_all_rows(tmp_path, monkeypatch):
    """A known person named in a new article has their totals, days, quote
    count, latest role and display name brought up to date from that
    article alone: the same as summing every row of the person again."""
    import random

    from dateline.link import run as L  # noqa: N812
    from dateline.model import Quote

    r = random.Random(5)
    cast = [("Ilse Brandvold", ["Ilse Brandvold", "Ms. Brandvold", "Brandvold"]),
            ("Tomas Velinsky", ["Tomas Velinsky", "Mr. Velinsky"]),
            ("Oona Harkavy", ["Oona Harkavy", "Harkavy"])]
    roles = [None, "Governor", "minister of ports", "mayor"]
    summed: list[int] = []
    real = L._refresh_persons

    def counted(db, ids):
        summed.extend(ids)
        return real(db, ids)

    monkeypatch.setattr(L, "_refresh_persons", counted)
    cols = "name, articles, mentions, quotes, role, first_day, last_day"
    with Store(str(tmp_path / "a.db")) as store:
        for batch in range(8):
            arts = []
            for k in range(3):
                people, text, quotes = [], f"Report {batch}-{k}. ", []
                for name, forms in r.sample(cast, r.randint(1, 3)):
                    used = r.sample(forms, r.randint(1, len(forms)))
                    if r.random() < 0.5:
                        q = f"“We will see {batch}{k},” said {used[0]}. "
                        quotes.append(Quote(q.split("”")[0][1:], len(text) + 1, len(text) + q.index("”"), name))
                        text += q
                    text += " ".join(used) + " spoke. "
                    people.append((name, used, r.choice(roles)))
                day = None if r.random() < 0.2 else f"2023-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
                a = _article(text, people, day, f"Batch {batch} piece {k}")
                a.annotations.quotes = quotes
                arts.append(a)
            summed.clear()
            with store.transaction():
                for a in arts:
                    store.add_article(a)
                L.update_links(store)
            if batch:
                assert len(summed) == 0  # known persons only: nothing summed from all rows
            stored = store.db.execute(f"SELECT id, {cols} FROM persons ORDER BY id").fetchall()
            with store.transaction():
                real(store.db, [row[0] for row in stored])
            assert [tuple(x) for x in stored] == \
                [tuple(x) for x in store.db.execute(f"SELECT id, {cols} FROM persons ORDER BY id")]
        assert store.db.execute("SELECT sum(quotes) FROM persons").fetchone()[0] > 3


def test_linking_loads_only_the_persons_a_batch_can_touch_and_links_the_same(tmp_path, monkeypatch):
    """Each batch loads the persons sharing a block, surname or given name
    with its records (not the whole archive), and links exactly as with every
    person loaded: surname-only references, titles, near-spellings, given
    names used alone, full names met after their surname."""
    import random

    from dateline.link import run as L  # noqa: N812

    pool = ["Ilse Brandvold", "Brandvold", "Ms. Brandvold", "Ilse Brandvoldt", "Tomas Velinsky", "Marta Velinsky",
            "Velinsky", "Mr. Velinsky", "Oona Harkavy", "Harkavy", "Oona", "Dr. Oona", "Ravi Anand", "Anand",
            "Anand Ravi", "Mr. Ravi", "Pell", "Jorun Pell", "Jorun", "Quill", "Sefa Quill", "Sefa Quil"]
    r = random.Random(9)
    batches = []
    for b in range(10):
        arts = []
        for k in range(3):
            names = list(dict.fromkeys(r.sample(pool, r.randint(1, 4))))
            text = f"Item {b}-{k}. " + ". ".join(f"{n} spoke" for n in names) + "."
            arts.append(_article(text, [(n, [n], None) for n in names],
                                 f"2024-{1 + b % 12:02d}-{1 + k:02d}", f"Item {b} {k}"))
        batches.append(arts)
    loaded: list[int] = []
    real = L._load_person_linker

    def full(db, records=None):
        return real(db)

    def counted(db, records=None):
        pl = real(db, records)
        loaded.append(len(pl.persons))
        return pl

    out = []
    for name, loader in (("full", full), ("lazy", counted)):
        monkeypatch.setattr(L, "_load_person_linker", loader)
        with Store(str(tmp_path / f"{name}.db")) as store:
            for arts in batches:
                with store.transaction():
                    for a in arts:
                        store.add_article(a)
                    L.update_links(store)
            out.append(store.db.execute("SELECT article_rowid, person_idx, person_id FROM person_mentions "
                                        "ORDER BY 1, 2").fetchall())
            total = store.db.execute("SELECT count(*) FROM persons").fetchone()[0]
    assert [tuple(x) for x in out[0]] == [tuple(x) for x in out[1]]
    assert max(loaded) < total  # never the whole archive
