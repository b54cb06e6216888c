"""The web app and its JSON API, driven over HTTP against a real archive.

The archive is built from invented fixtures (tests/fixtures/web/): a small
text dump ingested through the real pipeline, plus hand-annotated articles
whose quotes, counts and people are known exactly, so highlighting can be
checked character by character.
"""
from __future__ import annotations

import html
import json
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from dateline.core import article_id
from dateline.ingest import ingest
from dateline.model import Annotations, Article, Count, Person, Quote, Span
from dateline.link.run import update_links
from dateline.store import Store
from dateline.web.app import create_app

FIXTURES = Path(__file__).parent / "fixtures" / "web"


# ---------------------------------------------------------------------------
# building the archive
def _annotated_article(rec: dict) -> Article:
    text = "\n\n".join(rec["paragraphs"])
    people = []
    for p in rec["people"]:
        spans = []
        for m in p["mentions"]:
            spans += [Span(m, x.start(), x.end()) for x in re.finditer(re.escape(m), text)]
        people.append(Person(p["name"], sorted(spans, key=lambda s: s.start), p.get("role")))
    quotes, pos = [], 0
    for q in rec["quotes"]:
        start = text.index(q["quote"], pos)
        pos = start + len(q["quote"])
        quotes.append(Quote(q["quote"], start, pos, q.get("speaker"), q.get("speaker_desc"),
                            q.get("anonymous", False), q.get("partial", False), "speech", q.get("cue")))
    counts, pos = [], 0
    for c in rec["counts"]:
        start = text.index(c["text"], pos)
        pos = start + len(c["text"])
        counts.append(Count(c["text"], start, pos, c.get("value"), c.get("low"), c.get("high"),
                            c.get("qualifier", "exact"), c["category"], c.get("what"), c.get("claimant")))
    return Article(id=article_id(text), source="fixtures/web/annotated.json", text=text, title=rec["title"],
                   outlet=rec["outlet"], published=rec["published"], byline=rec["byline"], url=rec.get("url"),
                   annotations=Annotations(people=people, quotes=quotes, counts=counts))


def build_archive(path: str) -> dict[str, Article]:
    """The test archive: the dump through ingest, the annotated articles as
    stored facts.  Returns the annotated articles by title."""
    recs = json.loads((FIXTURES / "annotated.json").read_text(encoding="utf-8"))
    arts = [_annotated_article(r) for r in recs]
    with Store(path) as s:
        res = ingest([str(FIXTURES / "dump.txt")], s)
        assert res[0].status == "ok", res[0].message
        with s.transaction():
            for a in arts:
                s.add_article(a)
            update_links(s)  # as ingest does: people across articles, stories
    return {a.title: a for a in arts}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("web") / "web.db")
    arts = build_archive(path)
    return path, arts


@pytest.fixture(scope="module")
def client(archive):
    with TestClient(create_app(archive[0])) as c:
        yield c


FLOOD = "Floodwaters Recede in Marlow Valley as Count of Displaced Grows"
TOLL = "Marlow Valley Toll Rises; Governor and Relief Groups Disagree on Numbers"
LEVEES = "After the Flood, a Debate Over Rebuilding <Levees> & Dams"


def body_of(page: str) -> str:
    m = re.search(r'<div class="body" id="body">(.*?)<p class="muted small">', page, re.S)
    assert m, "article body not found"
    return m.group(1)


def visible_text(fragment: str) -> str:
    paras = re.findall(r"<p>(.*?)</p>", fragment, re.S)
    return "\n\n".join(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in paras)


# ---------------------------------------------------------------------------
# pages
def test_home_lists_articles_and_is_read_only(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Latest articles" in r.text and "Harbor Ferry Service Resumes" in r.text
    assert 'href="/ingest"' not in r.text  # no upload page without --allow-ingest
    assert client.get("/ingest").status_code == 404
    assert client.post("/ingest", files={"file": ("a.txt", b"x")}).status_code in (404, 405)
    assert client.post("/api/ingest", files={"file": ("a.txt", b"x")}).status_code in (404, 405)
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_search_snippets_and_facets(client):
    r = client.get("/search", params={"q": "displaced"})
    assert r.status_code == 200
    assert "<mark>displaced</mark>" in r.text.lower() or "<mark>Displaced</mark>" in r.text
    assert re.search(r"3 articles\s+for <q>displaced</q>", r.text)
    # facets: outlets, people, days, each a link that narrows the search
    assert "?q=displaced&amp;outlet=Northgate+Post" in r.text
    assert "person=Lena+Park" in r.text and "day=2026-03-05" in r.text
    narrowed = client.get("/search", params={"q": "displaced", "outlet": "Northgate Post"})
    assert re.search(r"1 article\s+for", narrowed.text) and "Relief Groups Disagree" in narrowed.text
    assert FLOOD not in narrowed.text
    assert "Northgate Post ×" in narrowed.text  # removable filter chip


def test_api_search_marks_and_filters(client):
    res = client.get("/api/search", params={"q": "shelters"}).json()
    assert res["total"] == 2
    for h in res["hits"]:
        words = [h["snippet"][s:e].lower() for s, e in h["snippet_marks"]]
        assert words and all(w == "shelters" for w in words)
    assert {f["value"] for f in res["facets"]["outlets"]} == {"The Valley Ledger"}
    by_person = client.get("/api/search", params={"q": "", "person": "Tove Rask"}).json()
    assert {h["title"] for h in by_person["hits"]} == {TOLL, LEVEES}
    by_day = client.get("/api/search", params={"since": "2026-03-04", "until": "2026-03-06"}).json()
    assert [h["title"] for h in by_day["hits"]] == [TOLL]
    assert client.get("/api/search", params={"since": "last week"}).status_code == 400  # views.filters: a day that is none


@pytest.mark.parametrize("q", ['"', "<script>alert(1)</script>", "col:x", "AND", "NOT OR", "a' OR 1=1 --", "*",
                               "%", "\\", "😀", "NEAR(a b)", "x" * 500])
def test_hostile_queries_never_fail(client, q):
    for url in ("/search", "/api/search"):
        r = client.get(url, params={"q": q})
        assert r.status_code == 200, (url, q)
        if url == "/search":  # HTML escapes it; JSON carries it as a string
            assert "<script>alert(1)</script>" not in r.text
    for url, key in (("/quotes", "q"), ("/quotes", "speaker"), ("/people", "name"), ("/claims", "about"),
                     ("/api/quotes", "speaker"), ("/api/counts", "claimant"), ("/api/people", "name")):
        r = client.get(url, params={key: q})
        assert r.status_code == 200, (url, key, q)
        if not url.startswith("/api/"):
            assert "<script>alert(1)</script>" not in r.text


def test_article_highlights_quotes_by_speaker(client, archive):
    a = archive[1][FLOOD]
    r = client.get(f"/articles/{a.id}")
    assert r.status_code == 200
    page = r.text
    body = body_of(page)
    # the clean text survives highlighting exactly: cut at offsets, each piece escaped
    assert visible_text(body) == a.text
    # both quotes by the governor share one colour; the unnamed source is styled apart
    park = re.findall(r'<span class="q (\w+)" id="q[01]"', body)
    assert park == ["c0", "c0"]
    assert re.search(r'<span class="q qa" id="q2"[^>]*data-tip="Unnamed source \(a volunteer from the Red Lantern',
                     body)
    assert 'data-tip="Lena Park (Governor) — said"' in body
    # news text with markup characters is escaped, never interpreted
    assert "&amp; the roads &lt;still&gt; closed." in body and "<still>" not in page
    # counts: underlined, focusable, with category, hedge and claimant
    assert re.search(r'<span class="n" tabindex="0" data-tip="displaced: people displaced · at least 3,200 \(hedged\) · '
                     r'claimed by regional emergency office"[^>]*>At least 3,200 people</span>', body)
    # people: mentions link to the person page, inside quotes too
    assert body.count('<a class="pm" href="/people/Lena%20Park"') == 2
    # the legend names each speaker with its colour class
    assert re.search(r'<span class="swatch q c0"[^>]*>.*?</span>Lena Park', page, re.S)
    assert "Unnamed source" in page
    # a javascript: URL from the source is not turned into a link
    assert "javascript:" not in page


def test_article_headline_escaped_and_ids(client, archive):
    a = archive[1][LEVEES]
    r = client.get(f"/articles/{a.id}")
    body = body_of(r.text)
    assert visible_text(body) == a.text
    # a person and a number inside a quote nest inside the quote's element
    inner = re.search(r'<span class="q c1" id="q1"[^>]*>(.*?)</span>” she said', body).group(1)
    assert '<a class="pm" href="/people/Tove%20Rask"' in inner and '<span class="n"' in inner
    assert "Rebuilding &lt;Levees&gt; &amp; Dams" in r.text
    assert "<Levees>" not in r.text
    short = client.get(f"/articles/{a.id[:8]}", follow_redirects=False)
    assert short.status_code == 307 and short.headers["location"] == f"/articles/{a.id}"
    assert client.get("/articles/does-not-exist").status_code == 404
    assert "Not found" in client.get("/articles/does-not-exist").text


def test_api_article_is_the_export_record(client, archive):
    a = archive[1][TOLL]
    rec = client.get(f"/api/articles/{a.id}").json()
    assert rec == json.loads(json.dumps(a.to_export() | {"source": rec["source"]}))
    assert [q["speaker"] for q in rec["quotes"]] == ["Tove Rask", "Lena Park"]
    r = client.get("/api/articles/0000000000000000")
    assert r.status_code == 404 and r.json()["detail"].startswith("No article")


def test_people_and_person_pages(client):
    people = client.get("/api/people").json()["people"]
    top = people[0]
    assert top["name"] == "Lena Park" and top["articles"] == 3 and top["quotes"] == 4 and top["role"] == "Governor"
    assert top["mentions"] == 5
    r = client.get("/people")
    assert 'href="/people/Lena%20Park"' in r.text
    p = client.get("/api/people/Lena Park").json()
    assert p["roles"][0]["role"] == "Governor" and p["roles"][0]["first_day"] == "2026-03-02"
    assert p["roles"][0]["last_day"] == "2026-03-09"
    assert [c["name"] for c in p["co_mentioned"]] == ["Tove Rask"]
    assert {q["quote"] for q in p["quoted"]} >= {"We count people, not tents,"}
    assert [c["value"] for c in p["claims"]] == [6100, 2000, 5000]
    assert [m["month"] for m in p["months"]] == ["2026-03"]
    page = client.get("/people/Lena%20Park").text
    assert "Roles over time" in page and "Named with them" in page and "Tove Rask" in page
    assert "<svg" in page  # coverage by month
    assert "Roles over time" in client.get("/people/Park").text  # a surname finds her, as `dateline person Park` does
    missing = client.get("/people/Nobody%20Park")
    assert missing.status_code == 404 and 'href="/people/Lena%20Park"' in missing.text  # suggestions
    assert client.get("/api/people/Nobody At All").status_code == 404


def test_quotes_browser(client):
    allq = client.get("/api/quotes", params={"limit": 100}).json()
    assert len(allq["quotes"]) >= 7 and not allq["more"]
    days = [q["day"] for q in allq["quotes"] if q["day"]]
    assert days == sorted(days, reverse=True)  # newest first
    exact = client.get("/api/quotes", params={"speaker": "Tove Rask"}).json()["quotes"]
    assert [q["quote"][:10] for q in exact] == ["If we rebu", "Our teams "]
    partial = client.get("/api/quotes", params={"speaker": "Rask"}).json()["quotes"]
    assert len(partial) == 2
    words = client.get("/api/quotes", params={"q": "tents"}).json()["quotes"]
    assert [q["speaker"] for q in words] == ["Lena Park"]
    anon = client.get("/api/quotes", params={"anonymous": "true"}).json()["quotes"]
    assert len(anon) == 1 and anon[0]["speaker"] is None
    paged = client.get("/api/quotes", params={"limit": 2}).json()
    assert paged["more"] and len(paged["quotes"]) == 2
    page = client.get("/quotes", params={"speaker": "Lena Park"}).text
    assert "We count people, not tents," in page and 'href="/articles/' in page
    assert page.count('class="quote-row"') == 4
    assert client.get("/quotes", params={"anonymous": "maybe"}).status_code == 422


def test_claims_side_by_side_and_chart(client):
    res = client.get("/api/claims", params={"category": "displaced"}).json()
    series = {s["claimant"]: [(p["day"], p["value"]) for p in s["points"]] for s in res["compare"]["series"]}
    assert series["Lena Park"] == [("2026-03-05", 5000), ("2026-03-09", 6100)]
    assert series["Red Lantern"] == [("2026-03-05", 8000), ("2026-03-09", 9500)]
    assert res["compare"]["days"] == ["2026-03-02", "2026-03-05", "2026-03-09"]
    assert {c["category"] for c in res["categories"]} >= {"displaced", "killed", "money", "missing"}
    for g in res["groups"]:  # claim groups: one quantity, several sources
        assert len(g["claimants"]) >= 2 and all(r["article_id"] for r in g["rows"])
    page = client.get("/claims", params={"category": "displaced"}).text
    # one chart per claim group, never a category-wide chart joining unrelated events (issue 14, bug 4)
    assert '<svg class="chart"' not in page and "<th scope=\"col\">Lena Park</th>" in page
    assert page.count('<img class="group-chart"') == min(len(res["groups"]), 3)
    assert "<th scope=\"col\">Red Lantern</th>" in page
    row = re.search(r'<th scope="row">2026-03-05</th>(.*?)</tr>', page, re.S).group(1)
    assert "5,000" in row and "8,000" in row  # the two claims side by side on one day
    money = client.get("/claims", params={"category": "money"}).text
    assert "40,000,000–60,000,000" in money or "40 million–60 million" in money
    about = client.get("/api/claims", params={"category": "killed", "about": "Officials"}).json()
    assert about["compare"]["total"] >= 1
    assert client.get("/claims").status_code == 200  # picks a category


def test_stories_from_linking(client):
    lst = client.get("/api/stories").json()["stories"]
    marlow = [x for x in lst if "Marlow" in x["label"]]
    assert len(marlow) == 1 and marlow[0]["articles"] == 3  # the flood, its toll, the rebuilding after it
    st = client.get(f"/api/stories/{marlow[0]['id']}").json()
    assert [a["day"] for a in st["timeline"]] == ["2026-03-02", "2026-03-05", "2026-03-09"]  # time order
    page = client.get(f"/stories/{marlow[0]['id']}").text
    assert 'class="timeline"' in page and "Floodwaters Recede in Marlow Valley" in page
    assert "Rebuilding &lt;Levees&gt; &amp; Dams" in page  # escaped
    assert "Marlow" in client.get("/stories").text
    assert client.get("/stories/999").status_code == 404


def test_openapi_describes_the_api(client):
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for p in ("/api/search", "/api/articles/{article_id}", "/api/quotes", "/api/people", "/api/people/{name}",
              "/api/claims", "/api/stories", "/api/counts", "/api/stats"):
        assert p in paths, p
    params = {x["name"] for x in paths["/api/quotes"]["get"]["parameters"]}
    assert {"speaker", "q", "anonymous", "since", "limit", "offset"} <= params
    assert "/ingest" not in paths and "/api/ingest" not in paths
    assert "/api/search" in client.get("/about-api").text


def test_no_path_traversal(client):
    for url in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e%2f%2e%2e%2fstore.py",
                "/static/../../../../etc/passwd"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "create_app" not in r.text and "root:" not in r.text
    assert client.get("/static/style.css").status_code == 200


def test_queries_survive_missing_optional_tables(archive):
    with Store(archive[0], readonly=True) as s:
        assert s.story("999") is None
        assert s.person("Nobody") is None
        assert s.counts(claimant="Lena", limit=10)  # part of a name
        assert s.counts(claimant="Lena", exact=True) == []


# ---------------------------------------------------------------------------
# ingest (only with --allow-ingest)
def test_ingest_upload_limits_and_safety(tmp_path):
    db = str(tmp_path / "up.db")
    with TestClient(create_app(db, allow_ingest=True, max_upload=4096), base_url="http://127.0.0.1") as c:
        assert 'href="/ingest"' in c.get("/").text
        assert "openapi" and "/api/ingest" in c.get("/openapi.json").json()["paths"]
        dump = (FIXTURES / "dump.txt").read_bytes()
        r = c.post("/ingest", files={"file": ("../../etc/evil dump.txt", dump, "text/plain")})
        assert r.status_code == 200, r.text
        assert "2 articles found, 2 new" in r.text
        with Store(db, readonly=True) as s:
            assert {a["source"] for a in s.list_articles()} == {"upload/evil_dump.txt"}
        again = c.post("/api/ingest", files={"file": ("dump.txt", dump)}).json()
        assert again["new"] == 0 and again["articles"] == 2
        assert c.get("/search", params={"q": "ferry"}).text.count('class="hit"') == 1
        big = c.post("/api/ingest", files={"file": ("big.txt", b"word " * 5000)})
        assert big.status_code == 413
        huge = c.post("/api/ingest", content=b"x" * 200_000, headers={"content-type": "multipart/form-data; boundary=b"})
        assert huge.status_code == 413
        assert c.post("/api/ingest", files={"file": ("tool.exe", b"MZ")}).status_code == 415
        assert c.post("/api/ingest", data={"nofile": "1"}).status_code == 400
        cross = c.post("/api/ingest", files={"file": ("dump.txt", dump)}, headers={"origin": "http://evil.example"})
        assert cross.status_code == 403
        bad = c.post("/api/ingest", files={"file": ("empty.txt", b"")})
        assert bad.status_code == 422 and bad.json()["status"] == "failed"


def test_read_only_app_needs_an_archive(tmp_path):
    with pytest.raises(FileNotFoundError):
        create_app(str(tmp_path / "missing.db"))


# ---------------------------------------------------------------------------
# the real server over a socket
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn in a thread on a free loopback port."""

    def __init__(self, db: str, **kw):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(db, **kw), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.time() + 10
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(5)


def test_real_server_over_http(archive):
    with LiveServer(archive[0]) as srv, httpx.Client(base_url=srv.url) as http:
        assert http.get("/api/stats").json()["articles"] == 5
        page = http.get("/search", params={"q": "tents"})
        assert page.status_code == 200 and "Relief Groups Disagree" in page.text
        # concurrent readers each get their own connection
        results = []

        def hit():
            with httpx.Client(base_url=srv.url) as h:
                results.append(h.get("/api/people").status_code)

        threads = [threading.Thread(target=hit) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [200] * 8


def test_cli_serve(archive, tmp_path):
    missing = subprocess.run([sys.executable, "-m", "dateline.cli", "--db", str(tmp_path / "none.db"), "serve"],
                             capture_output=True, text=True, timeout=30)
    assert missing.returncode == 2 and "No archive" in missing.stderr
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "--db", archive[0], "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 20
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=1)
                break
            except httpx.TransportError:
                if time.time() > deadline or proc.poll() is not None:
                    raise AssertionError(proc.stderr.read().decode() if proc.poll() is not None else "no server")
                time.sleep(0.1)
        assert r.json()["allow_ingest"] is False
        assert httpx.get(f"http://127.0.0.1:{port}/ingest").status_code == 404
    finally:
        proc.terminate()
        proc.wait(10)


# ---------------------------------------------------------------- downloads, charts, timelines (issue 14)
def _csv(text: str) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))


def test_every_list_downloads_as_csv_and_json_with_its_filters(client, archive):
    from typer.testing import CliRunner

    from dateline.cli import app as cli_app
    from dateline.views.tables import COLUMNS

    page = client.get("/quotes", params={"speaker": "Lena Park"}).text
    link = html.unescape(re.search(r'href="(/quotes\?[^"]*format=csv[^"]*)"', page).group(1))
    assert "speaker=Lena+Park" in link  # the download carries the page's filters
    r = client.get(link)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = _csv(r.text)
    assert rows and {x["speaker"] for x in rows} == {"Lena Park"}
    assert list(rows[0]) == COLUMNS["quotes"] and all(x["article_id"] and x["start"] for x in rows)
    as_json = client.get("/quotes", params={"speaker": "Lena Park", "format": "json"}).json()
    assert [q["quote"] for q in as_json] == [x["quote"] for x in rows]
    # the command line gives the same table from the same function
    cli_csv = CliRunner().invoke(cli_app, ["--db", archive[0], "quotes", "--speaker", "Lena Park", "--format", "csv"])
    assert cli_csv.exit_code == 0 and _csv(cli_csv.output) == rows
    for path, params, kind in (("/search", {"q": "displaced"}, "search"), ("/people", {}, "people"),
                               ("/stories", {}, "stories"), ("/claims", {"category": "displaced"}, "claims")):
        got = client.get(path, params={**params, "format": "csv"})
        assert got.status_code == 200 and got.text.splitlines()[0].split(",") == COLUMNS[kind], path
        assert isinstance(client.get(path, params={**params, "format": "json"}).json(), list), path
        assert "format=csv" in client.get(path, params=params).text, path  # the page links its download
    search_rows = _csv(client.get("/search", params={"q": "displaced", "format": "csv"}).text)
    assert search_rows and len(search_rows) == client.get("/api/search", params={"q": "displaced"}).json()["total"]
    assert client.get("/quotes", params={"format": "xml"}).status_code == 422


def test_search_charts_matching_articles_over_time(client):
    page = html.unescape(client.get("/search", params={"q": "displaced"}).text)
    assert "Matching articles over time" in page
    src = re.search(r'<img class="timebars" src="([^"]+)"', page).group(1)
    narrow = re.search(r'<source media="\(max-width: 600px\)" srcset="([^"]+)"', page).group(1)
    assert "q=displaced" in src and "size=narrow" in narrow  # drawn again for phones
    svg = client.get(src)
    assert svg.headers["content-type"].startswith("image/svg+xml") and svg.text.count("<rect") >= 1
    assert 'viewBox="0 0 380' in client.get(narrow).text
    total = client.get("/api/search", params={"q": "displaced"}).json()["total"]
    ot = client.get("/api/search/over-time", params={"q": "displaced"}).json()
    assert sum(sum(s["counts"]) for s in ot["series"]) == ot["total"] <= total and ot["by"] == "day"
    assert ot["buckets"] == sorted(ot["buckets"]) and len(ot["buckets"]) == len(set(ot["buckets"]))
    weekly = client.get("/api/search/over-time", params={"q": "displaced", "by": "week", "per_outlet": "true"}).json()
    assert weekly["by"] == "week" and sum(sum(s["counts"]) for s in weekly["series"]) == ot["total"]
    assert all(s["outlet"] for s in weekly["series"])
    per = html.unescape(client.get("/search", params={"q": "displaced", "per": "outlet", "by": "week"}).text)
    assert "by outlet" in per and "per=outlet" in re.search(r'<img class="timebars" src="([^"]+)"', per).group(1)
    keyed = client.get("/search/over-time.svg", params={"q": "displaced", "per": "outlet"}).text
    assert all(s["outlet"] in keyed for s in weekly["series"]) or len(weekly["series"]) == 1  # the key names them
    assert client.get("/api/search/over-time", params={"q": "x", "by": "year"}).status_code == 422


def test_story_page_shows_its_quotes_and_counts(client):
    from typer.testing import CliRunner

    from dateline.cli import app as cli_app

    lst = client.get("/api/stories").json()["stories"]
    marlow = [x for x in lst if "Marlow" in x["label"]][0]
    st = client.get(f"/api/stories/{marlow['id']}").json()
    quotes = [q for a in st["timeline"] for q in a["quote_rows"]]
    assert quotes and len(quotes) == len(st["quotes"])
    page = html.unescape(client.get(f"/stories/{marlow['id']}").text)
    assert 'class="story-quotes"' in page and all(q["quote"] in page for q in quotes)
    assert all(c["text"] in page for a in st["timeline"] for c in a["count_rows"])


def test_claims_open_on_the_category_with_the_most_grouped_claims():
    from types import SimpleNamespace as NS

    from dateline.views.claims import opening_category

    g = lambda cat, n, label: NS(category=cat, label=label, rows=[NS(what=label, text=label)] * n)  # noqa: E731
    groups = [g("killed", 4, "soldiers killed"), g("displaced", 6, "families displaced"), g("killed", 3, "civilians")]
    cats = [{"category": "people", "counts": 90}, {"category": "killed", "counts": 20},
            {"category": "displaced", "counts": 10}]
    assert opening_category(groups, cats) == "killed"  # 7 grouped claims, not the category with most counts
    assert opening_category(groups, cats, about="families") == "displaced"  # the search page's words
    assert opening_category([], cats, about="ferry", about_counts=[{"category": "money"}]) == "money"
    assert opening_category([], cats + [{"category": "other", "counts": 500}]) == "people"
    in_article = [{"category": "displaced", "what": "people", "text": "5,000"}] * 3 + \
        [{"category": "money", "what": "cost of the new bridge", "text": "$4 million"}]
    assert opening_category([], cats, about="bridge", about_counts=in_article) == "money"


def test_compare_the_numbers_claimed_lands_on_the_searched_quantity(client):
    """The search page's "Compare the numbers claimed" (/claims?about=WORDS) opens on the category of
    the numbers about those words, not on the archive's largest category."""
    page = client.get("/search", params={"q": "Park"}).text
    link = html.unescape(re.search(r'href="(/claims\?about=[^"]*)"', page).group(1))
    assert "about=Park" in link
    levees = client.get("/claims", params={"about": "levees"}).text
    assert re.findall(r'<option value="(\w+)" selected', levees) == ["money"]


def test_named_sources_are_not_folded_into_others_while_there_is_room():
    from dateline.views.claims import ROOM, compare

    names = [f"Source {i}" for i in range(ROOM - 1)]
    rows = [{"claimant": n, "day": "2026-03-02", "value": i} for i, n in enumerate(names)] + \
           [{"claimant": None, "day": "2026-03-02", "value": 1}] * 5

    class Fake:
        def __init__(self, rows):
            self.rows = rows

        def counts(self, **kw):
            return self.rows

    cmp = compare(Fake(rows), category="killed")
    assert [s["claimant"] for s in cmp["series"]] == [*sorted(names), None]  # named first, none folded
    more = compare(Fake(rows + [{"claimant": "Source X", "day": None, "value": 1}] * 1 +
                        [{"claimant": "Source Y", "day": None, "value": 2}]), category="killed")
    assert len(more["series"]) == ROOM and more["series"][-1]["claimant"] == "others"
    assert None not in [s["claimant"] for s in more["series"]][:-2]


def test_export_tables(archive, tmp_path):
    from typer.testing import CliRunner

    from dateline.cli import app as cli_app
    from dateline.views.tables import COLUMNS

    out = tmp_path / "tables"
    r = CliRunner().invoke(cli_app, ["--db", archive[0], "export", "--tables", str(out)])
    assert r.exit_code == 0, r.output
    quotes = _csv((out / "quotes.csv").read_text(encoding="utf-8"))
    counts = _csv((out / "counts.csv").read_text(encoding="utf-8"))
    assert quotes and counts and (out / "people.csv").exists() and (out / "mentions.csv").exists()
    assert list(quotes[0]) == COLUMNS["quotes"] and all(q["article_id"] and q["end"] for q in quotes)
    arts = {a["id"]: a for a in _csv((out / "articles.csv").read_text(encoding="utf-8"))}
    for q in quotes:  # every fact keeps its article and span
        assert arts[q["article_id"]]["text"][int(q["start"]):int(q["end"])] == q["quote"]
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    r = CliRunner().invoke(cli_app, ["--db", archive[0], "export", "--tables", str(out), "--format", "parquet"])
    assert r.exit_code == 0, r.output
    assert pq.read_table(out / "quotes.parquet").num_rows == len(quotes)


def test_cli_and_web_lists_agree(client, archive):
    """Each list's command (--format json) and its page's JSON download come from one views function."""
    from typer.testing import CliRunner

    from dateline.cli import app as cli_app

    def cli_json(*args):
        r = CliRunner().invoke(cli_app, ["--db", archive[0], *args, "--format", "json"])
        assert r.exit_code == 0, r.output
        return json.loads(r.output)

    assert cli_json("people") == client.get("/people", params={"format": "json"}).json()
    assert cli_json("stories", "--min-articles", "1") == client.get("/stories", params={"format": "json"}).json()
    assert cli_json("counts", "--category", "displaced") == \
        client.get("/api/counts", params={"category": "displaced"}).json()
    assert cli_json("quotes", "--speaker", "park") == \
        client.get("/quotes", params={"speaker": "park", "format": "json"}).json()


def test_a_server_on_ipv6_loopback_answers_its_bracketed_host(tmp_path):
    """`dateline serve --host ::1 --allow-ingest`: a browser sends `Host: [::1]:8000`
    (brackets around an IPv6 address); other names are still refused."""
    from dateline.web.guard import allowed_hosts

    app = create_app(str(tmp_path / "v6.db"), allow_ingest=True, host="::1")
    with TestClient(app, base_url="http://[::1]:8000") as c:
        for host in ("[::1]:8000", "[::1]", "localhost:8000", "127.0.0.1:8000"):
            assert c.get("/", headers={"host": host}).status_code == 200, host
        for host in ("evil.example:8000", "[::2]:8000"):
            assert c.get("/", headers={"host": host}).status_code == 400, host
        ok = c.post("/api/ingest", files={"file": ("d.txt", b"Headline\n\nA body of text.\n")},
                    headers={"host": "[::1]:8000", "origin": "http://[::1]:8000"})
        assert ok.status_code != 403, ok.text
    assert "[2001:db8::5]" in allowed_hosts("2001:db8::5") and "2001:db8::5" in allowed_hosts("2001:db8::5")
    assert allowed_hosts("news.example") == ["news.example"]


def test_serve_names_an_ipv6_address_in_brackets(archive, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from dateline.cli import app as cli_app

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **kw: served.update(host=host, port=port))
    r = CliRunner().invoke(cli_app, ["--db", archive[0], "serve", "--host", "::1", "--port", "8123"])
    assert r.exit_code == 0, r.output
    assert served == {"host": "::1", "port": 8123}
    assert "http://[::1]:8123/" in r.output
