"""One read layer (issue 14): the CLI, the pages and the JSON API answer a
filter the same way, through the data functions in ``dateline.views``.

The archive is invented here: a minister quoted under her full name in one
article and her surname in another, an organisation that claims a number,
and enough short notes that some article ids share a first character.
"""
from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import EXAMPLES
from dateline.cli import app as cli_app
from dateline.core import article_id
from dateline.link.run import update_links
from dateline.model import Annotations, Article, Count, Person, Quote, Span
from dateline.store import Store
from dateline.web.app import create_app

MINISTER = "Marta Kelso"


def _article(title: str, day: str, paragraphs: list[str], people: dict[str, list[str]],
             quotes: list[tuple[str, str | None]], counts: list[tuple[str, str, float, str | None]] = (),
             outlet: str = "The Quay Gazette") -> Article:
    text = "\n\n".join(paragraphs)
    ps = [Person(name, sorted((Span(m, x.start(), x.end()) for m in ms for x in re.finditer(re.escape(m), text)),
                              key=lambda s: s.start), "Minister of Ports")
          for name, ms in people.items()]
    qs = []
    for q, who in quotes:
        i = text.index(q)
        qs.append(Quote(q, i, i + len(q), who, None, False, False, "speech", "said"))
    cs = []
    for t, cat, v, who in counts:
        i = text.index(t)
        cs.append(Count(t, i, i + len(t), v, None, None, "exact", cat, "vessels", who))
    return Article(id=article_id(text), source="tests/readlayer", text=text, title=title, outlet=outlet,
                   published=day, byline=["Pia Lund"], annotations=Annotations(people=ps, quotes=qs, counts=cs))


def _articles() -> list[Article]:
    arts = [
        _article("Port strike enters second week", "2026-02-03", [
            "The strike at the container port of Averholm entered its second week on Tuesday.",
            "“We will not sign a deal that cuts pensions,” said Marta Kelso, the minister of ports. "
            "“The harbour must reopen by Friday,” Ms. Kelso added.",
            "Harbour Watch said 41 vessels were waiting offshore.",
        ], {MINISTER: [MINISTER, "Ms. Kelso"]},
            [("We will not sign a deal that cuts pensions,", MINISTER), ("The harbour must reopen by Friday,", MINISTER)],
            [("41 vessels", "other", 41, "Harbour Watch")]),
        _article("Averholm dockers vote on offer", "2026-02-09", [
            "Dockers in Averholm voted on a new offer on Monday.",
            "“The offer is fair and final,” Kelso told reporters at the port of Averholm after the strike vote.",
            "Kelso said 12 vessels had been turned away since the strike began.",
        ], {"Kelso": ["Kelso"]}, [("The offer is fair and final,", "Kelso")], [("12 vessels", "other", 12, "Kelso")]),
    ]
    arts += [_article(f"Harbour note {i}", "2026-01-15", [f"Harbour note number {i} about tides and berths."], {}, [])
             for i in range(20)]
    return arts


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("readlayer") / "rl.db")
    with Store(path) as s:
        with s.transaction():
            for a in _articles():
                s.add_article(a)
            update_links(s)
    return path


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db, warm=False)) as c:
        yield c


def cli(db: str, *args: str):
    return CliRunner().invoke(cli_app, ["--db", db, *args])


def test_fixture_links_the_minister_as_one_person(db):
    with Store(db, readonly=True) as s:
        ids = {r[0] for r in s.db.execute("SELECT person_id FROM person_mentions WHERE name IN (?, ?)",
                                          (MINISTER, "Kelso"))}
    assert len(ids) == 1


# bug 1: a speaker filter matches any name a linked person goes by, in any case
@pytest.mark.parametrize("who", ["Kelso", "kelso", MINISTER, "marta kelso", "Ms. Kelso", "KELSO"])
def test_speaker_filter_through_linked_person_cli_web_api(db, client, who):
    r = cli(db, "quotes", "--speaker", who, "--json")
    assert r.exit_code == 0, r.output
    said = sorted(q["quote"] for q in json.loads(r.stdout))
    assert len(said) == 3, said
    api = client.get("/api/quotes", params={"speaker": who}).json()
    assert sorted(q["quote"] for q in api["quotes"]) == said
    page = client.get("/quotes", params={"speaker": who}).text
    assert all(q.replace(",", "") in page.replace(",", "") for q in said)


def test_speaker_filter_matching_nobody_is_empty(db, client):
    r = cli(db, "quotes", "--speaker", "Nobody Atall", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []
    assert client.get("/api/quotes", params={"speaker": "Nobody Atall"}).json()["quotes"] == []


# bug 9: bad filter values are errors, said the same way by CLI and web
@pytest.mark.parametrize("args", [["counts", "--category", "nonsense"], ["search", "port", "--since", "2025-13-40"],
                                  ["quotes", "--since", "2026-02-30"]])
def test_bad_filter_values_exit_2_with_a_reason(db, args):
    r = cli(db, *args)
    assert r.exit_code == 2, r.output
    assert "nonsense" in r.output or "is not a day" in r.output


@pytest.mark.parametrize("url,params", [("/api/search", {"q": "port", "since": "2026-13-01"}),
                                        ("/api/quotes", {"until": "2026-02-31"}),
                                        ("/api/counts", {"category": "nonsense"}),
                                        ("/api/claims", {"category": "nonsense"}),
                                        ("/search", {"q": "port", "since": "2026-13-01"}),
                                        ("/quotes", {"since": "2026-13-01"}),
                                        ("/claims", {"category": "nonsense"}),
                                        ("/api/quotes", {"since": "last week"}),
                                        ("/search", {"day": "2026-02-3"})])
def test_bad_filter_values_are_400_on_the_web(client, url, params):
    r = client.get(url, params=params)
    assert r.status_code == 400, (url, r.status_code)
    assert "not a day" in r.text or "not a count category" in r.text


def test_good_filter_values_still_pass(db, client):
    assert cli(db, "counts", "--category", "other", "--json").exit_code == 0
    assert cli(db, "search", "port", "--since", "2026-02", "--json").exit_code == 0
    assert client.get("/api/search", params={"q": "port", "since": "2026-02-01"}).status_code == 200


# bug 2: the search page's people filter and facets go through linked persons
def test_search_person_facet_and_filter_agree_with_the_person_page(client):
    res = client.get("/api/search", params={"q": "Averholm"}).json()
    facet = {f["value"]: f["n"] for f in res["facets"]["people"]}
    assert facet.get(MINISTER) == 2 and "Kelso" not in facet, facet
    person = client.get("/api/people/" + MINISTER).json()
    for name in (MINISTER, "Kelso", "kelso"):
        hits = client.get("/api/search", params={"q": "Averholm", "person": name}).json()
        assert hits["total"] == person["articles"] == 2, (name, hits["total"])
    home = client.get("/api/search").json()["facets"]["people"]
    assert [f for f in home if f["value"] == MINISTER][0]["n"] == 2


# bug 8: a person page under any name the CLI's `dateline person` accepts
@pytest.mark.parametrize("name", ["Ms. Kelso", "Kelso", "marta kelso"])
def test_person_page_under_a_title_and_surname(db, client, name):
    r = cli(db, "person", name, "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["name"] == MINISTER
    page = client.get("/people/" + name.replace(" ", "%20"))
    assert page.status_code == 200 and MINISTER in page.text
    api = client.get("/api/people/" + name.replace(" ", "%20")).json()
    assert api["name"] == MINISTER and api["articles"] == 2 and api["quotes"] == 3


# bug 7: an ambiguous id prefix is said to be ambiguous, with the ids it could mean
def _shared_prefix(db: str) -> tuple[str, list[str]]:
    with Store(db, readonly=True) as s:
        ids = sorted(r[0] for r in s.db.execute("SELECT id FROM articles"))
    by_first: dict[str, list[str]] = {}
    for i in ids:
        by_first.setdefault(i[0], []).append(i)
    first = max(by_first, key=lambda k: len(by_first[k]))  # 22 ids, 16 hex digits: some share one
    return first, by_first[first]


def test_show_ambiguous_prefix_lists_the_ids(db, client):
    prefix, ids = _shared_prefix(db)
    assert len(ids) >= 2
    r = cli(db, "show", prefix)
    assert r.exit_code == 1 and "ambiguous" in r.output
    assert all(i[:12] in r.output for i in ids)
    page = client.get("/api/articles/" + prefix)
    assert page.status_code == 404 and "ambiguous" in page.json()["detail"] and ids[0][:12] in page.json()["detail"]
    one = cli(db, "show", ids[0][:20], "--json")
    assert one.exit_code == 0 and json.loads(one.stdout)["id"] == ids[0]
    missing = cli(db, "show", "zz")
    assert missing.exit_code == 1 and "No article" in missing.output


# bug 6: /api/ lists the endpoints; /docs is served, with nothing from a CDN
def test_api_index_and_docs_without_a_cdn(client):
    for url in ("/api/", "/api"):
        r = client.get(url)
        assert r.status_code == 200, url
        paths = {e["path"] for e in r.json()["endpoints"]}
        assert {"/api/search", "/api/quotes", "/api/people/{name}", "/api/claims"} <= paths
        assert r.json()["openapi"] == "/openapi.json"
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/quotes" in docs.text and "/openapi.json" in docs.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", docs.text), "a page must load nothing from elsewhere"


# bug 5: a source that is no person (an organisation) is not linked to a person page
def test_claims_page_links_only_to_person_pages_that_exist(client):
    page = client.get("/claims", params={"category": "other"})
    assert page.status_code == 200 and "Harbour Watch" in page.text
    links = set(re.findall(r'href="(/people/[^"]+)"', page.text))
    assert links, "the person who claims a number is still linked"
    for url in links:
        assert client.get(url).status_code == 200, url
    assert client.get("/people/Harbour%20Watch").status_code == 404


# bug 12: progress within one big file: bytes read of the total, articles, what is being done
def _big_dump(n: int) -> str:
    parts = []
    for i in range(n):
        body = " ".join(f"Dock crews at berth {i} moved {j} containers of timber and grain before the tide turned."
                        for j in range(14))
        parts.append(f"The Quay Gazette 2026-02-{1 + i % 27:02d} 07:{i % 60:02d}:00\n\n\n"
                     f"Berth {i} Report From the Averholm Waterfront\n\n{body}\n\n{body[::-1]}\n\n")
    return "".join(parts)


@pytest.mark.parametrize("gz", [False, True])
def test_ingest_reports_progress_within_one_big_file(tmp_path, gz):
    import gzip

    from dateline.cli import progress_note
    from dateline.ingest import ingest

    text = _big_dump(1400)  # about 3.5 MB: several 1 MB batches
    path = tmp_path / ("big.txt.gz" if gz else "big.txt")
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    seen = []
    with Store(str(tmp_path / "p.db")) as s:
        res = ingest([str(path)], s, annotate=False,
                     on_progress=lambda r: seen.append((r.phase, r.done, r.total, r.articles, progress_note(r))))
    assert res[0].status == "ok" and res[0].articles == 1400
    reading = [x for x in seen if x[0] == "reading" and x[1]]
    assert len(reading) >= 3
    size = len(text.encode("utf-8"))
    assert all(x[2] == size for x in reading)  # the total is known from the start (a .gz from its trailer)
    assert [x[1] for x in reading] == sorted(x[1] for x in reading) and reading[-1][1] == size
    assert reading[-1][3] > reading[0][3]  # articles counted as they come
    assert re.search(r"\d\.\d/3\.\d MB · [\d,]+ articles · reading", reading[1][4]), reading[1][4]


def test_names_for_folds_case_beyond_ascii(tmp_path):
    from dateline.views.people import names_for

    a = _article("Ferry fares frozen", "2026-02-11", ["“Fares stay where they are,” said Ágota Szűcs, the harbour master."],
                 {"Ágota Szűcs": ["Ágota Szűcs"]}, [("Fares stay where they are,", "Ágota Szűcs")])
    with Store(str(tmp_path / "f.db")) as s:
        with s.transaction():
            s.add_article(a)
            update_links(s)
        for typed in ("ágota szűcs", "ÁGOTA SZŰCS", "Ágota Szűcs"):
            assert "Ágota Szűcs" in names_for(s.db, typed, "quotes", "speaker"), typed


def test_claimant_filter_through_linked_person(db, client):
    for who in ("Marta Kelso", "ms. kelso", "KELSO"):
        r = cli(db, "counts", "--claimant", who, "--json")
        assert r.exit_code == 0 and [c["text"] for c in json.loads(r.stdout)] == ["12 vessels"], who
        assert [c["text"] for c in client.get("/api/counts", params={"claimant": who}).json()] == ["12 vessels"]
    r = cli(db, "counts", "--claimant", "harbour watch", "--json")  # a claimant that is no person, any case
    assert [c["text"] for c in json.loads(r.stdout)] == ["41 vessels"]


def test_examples_speaker_filter_agrees_across_cli_api_and_person_page(tmp_path):
    """The README's own example, through the real pipeline: every name form
    finds the quotes her person page counts."""
    from pathlib import Path

    from dateline.ingest import ingest

    path = str(tmp_path / "ex.db")
    with Store(path) as s:
        ingest([str(Path(__file__).parent.parent / "examples")], s)
    with TestClient(create_app(path, warm=False)) as c:
        person = c.get("/api/people/Vasic").json()
        assert person["quotes"] >= 2 and len(person["names_used"]) >= 2
        for who in ["Vasic", "vasic", person["name"], *person["names_used"]]:
            cli_rows = json.loads(cli(path, "quotes", "--speaker", who, "--json").stdout)
            api_rows = c.get("/api/quotes", params={"speaker": who}).json()["quotes"]
            assert len(cli_rows) == len(api_rows) == person["quotes"], who


def test_python_m_cli_honours_db_for_the_link_commands(tmp_path):
    """`python -m dateline.cli --db X people` reads X (the link commands read ./dateline.db when the CLI
    module ran as __main__ beside a second imported copy of itself)."""
    import subprocess
    import sys

    db = str(tmp_path / "a.db")
    run = lambda *a: subprocess.run([sys.executable, "-m", "dateline.cli", "--db", db, *a],  # noqa: E731
                                    capture_output=True, cwd=tmp_path)
    assert run("ingest", "-q", str(EXAMPLES)).returncode == 0
    for args in (("link",), ("people", "--json"), ("stories", "--json", "--min-articles", "1")):
        r = run(*args)
        assert r.returncode == 0, (args, r.stderr.decode())
    assert json.loads(run("people", "--json").stdout)
    assert not (tmp_path / "dateline.db").exists()
