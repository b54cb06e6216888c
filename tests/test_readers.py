"""Web readers: saved HTML pages, WARC archives, scraper JSONL.

The pages in tests/fixtures/pages are invented articles with the furniture of
real sites; WARC and JSONL files are built here (warcio writes WARCs).
"""
from __future__ import annotations

import gzip
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from dateline.core import extract
from dateline.ingest import ingest, ingest_file
from dateline.model import RawDocument
from dateline.read import InputFile, ReadError
from dateline.read.html import decode_html, read_html
from dateline.read.jsonl import read_jsonl
from dateline.read.pages import clean_body, drafts_of, map_record, normalise_date, split_authors
from dateline.read.warc import read_warc
from dateline.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
WEB = FIXTURES / "pages"
EXPECTED = json.loads((FIXTURES / "pages_expected.json").read_text(encoding="utf-8"))

FURNITURE = ("Sign up", "newsletter", "Subscribe", "Read more", "Copy link", "Our Standards", "Compartir",
             "Advertisement", "Related Topics", "Most Read", "Cancel anytime", "Photo:", "Listen to this",
             "min read", "Editing by", "All rights reserved")


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def token_f1(got: str, want: str) -> float:
    g, w = tokens(got), tokens(want)
    common = sum((g & w).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return 2 * p * r / (p + r)


def page(name: str) -> RawDocument:
    docs = list(read_html(str(WEB / f"{name}.html"), f"{name}.html"))
    assert len(docs) == 1 and isinstance(docs[0], RawDocument)
    return docs[0]


def html_page(title: str, paragraphs: list[str], extra: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>{body}{extra}"
            f"</article><footer>Contact us</footer></body></html>").encode()


def story(seed: int, n: int = 6) -> list[str]:
    """Invented paragraphs, different for every seed."""
    towns = ["Aldmoor", "Brackwater", "Corriden", "Dunhollow", "Elsworth", "Fenmarsh", "Greyholt", "Hartsfield"]
    town = towns[seed % len(towns)]
    return [f"Paragraph {i} of report {seed}: the {town} district board met on day {seed + i} and approved "
            f"plan number {seed * 31 + i} for {i + 3} new footpaths, {seed + 2 * i} benches and a repaired "
            f"library roof, the board's secretary said after a meeting that lasted {i + 1} hours."
            for i in range(n)]


# --------------------------------------------------------------------------
# HTML pages
# --------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_body_is_the_article_without_furniture(name):
    want = EXPECTED[name]
    [d] = drafts_of(page(name))
    body = d.text
    assert token_f1(body, "\n\n".join(want["body"])) >= 0.95
    for p in want["body"]:
        assert p in body or "- " + p in body
    for junk in FURNITURE:
        assert junk.lower() not in body.lower(), junk
    assert d.title == want["title"]
    assert d.published[:10] == want["published"]
    assert d.outlet == want["outlet"]
    assert d.truncated is want["truncated"]
    if want["byline"]:
        assert d.byline == want["byline"]


def test_page_metadata_credits_and_language():
    [d] = drafts_of(page("wire_wildfires"))
    assert [c.name for c in d.contributors] == ["Ines Carvalho"]
    assert d.language == "en"
    [d] = drafts_of(page("biblioteca_es"))
    assert "Amplía" in d.title and "concejala" in d.text  # declared latin-1, decoded
    assert d.language == "es" and d.byline == ["Javier Ruiz"]


def test_paywall_line_truncates_and_drops_the_promo():
    [d] = drafts_of(page("mill_town_paywall"))
    assert d.truncated
    assert d.paragraphs[-1].startswith("“Three years")


def test_core_extract_annotates_a_page():
    [a] = extract(page("harbour_bridge"))
    assert a.title.startswith("Harbour Council")
    assert a.published.startswith("2024-03-05") and a.outlet == "The Harbour Gazette"
    assert a.url == "https://www.harbourgazette.example/news/2024/03/05/harbour-council-swing-bridge"
    assert a.language == "en-gb"
    assert any(q.quote.startswith("Nobody on this council") for q in a.annotations.quotes)


def test_extract_text_is_trafilaturas_text_with_fallbacks_when_unsure(monkeypatch):
    """The fast pass (no readability/jusText comparison) gives the text
    trafilatura.extract gives on article pages; a short result is extracted
    again with the fallbacks on; the shared options never keep a page's URL."""
    import trafilatura

    from dateline.read import pages

    passes: list[bool] = []
    real = trafilatura.bare_extraction

    def counting(html, options):
        passes.append(options.fast)
        return real(html, options=options)

    monkeypatch.setattr(trafilatura, "bare_extraction", counting)
    for name in sorted(EXPECTED):
        html = pages.strip_bulk(page(name).text)
        passes.clear()
        assert pages.extract_text(html) == trafilatura.extract(html, include_comments=False), name
        assert passes == [True], name  # long, paragraph-made: the fast pass is kept
    short = decode_html(html_page("Board Meets", ["The board met on Monday and approved two new benches."]))
    passes.clear()
    assert pages.extract_text(short, url="https://news.example/a") == trafilatura.extract(
        short, url="https://news.example/a", include_comments=False)
    assert passes == [True, False]
    assert all(opts.url is None for opts in pages._EXTRACTORS.values())


def test_clean_body_uses_the_dump_furniture_rules():
    lines = ["Breaking", "A Title Here", "By Ann Example and Bo Sample", "May 2, 2024 · 4 min read",
             "First paragraph of the story, with enough words to be one.", "Share on Facebook",
             "Sign up for our daily newsletter to get the news first.",
             "Second paragraph, which carries on the story.",
             "Subscribe to The Example to continue reading.", "Text after the paywall is promo."]
    d = clean_body(lines, title="A Title Here")
    assert d.byline == ["Ann Example", "Bo Sample"]
    assert d.paragraphs == ["First paragraph of the story, with enough words to be one.",
                            "Second paragraph, which carries on the story."]
    assert d.truncated
    # learned furniture (repeated across an archive) is dropped too
    from dateline.furniture import keys_of

    d = clean_body(["Real sentence one of a body.", "Tap here for our app", "Real sentence two."],
                   learned=set(keys_of("Tap here for our app")))
    assert d.paragraphs == ["Real sentence one of a body.", "Real sentence two."]


def test_decode_html_charsets():
    text = "Información del día"
    assert decode_html(text.encode("utf-8")) == text
    latin = f"<html><head><meta charset='iso-8859-1'></head><body>{text}</body></html>".encode("latin-1")
    assert text in decode_html(latin)
    assert text in decode_html(text.encode("cp1252"), declared="windows-1252")
    assert decode_html(b"\xef\xbb\xbfabc") == "abc"


def test_html_gz_and_truncated_html_gz(tmp_path):
    data = (WEB / "harbour_bridge.html").read_bytes()
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress(data))
    [doc] = read_html(str(gz), "page.html.gz")
    assert doc.text == data.decode()
    cut = tmp_path / "cut.html.gz"
    cut.write_bytes(gzip.compress(data)[: len(gzip.compress(data)) * 2 // 3])
    out = list(read_html(str(cut), "cut.html.gz"))
    assert isinstance(out[0], ReadError) and "truncated" in str(out[0])
    assert isinstance(out[1], RawDocument) and "Calder Swing Bridge" in out[1].text


def test_malformed_html_does_not_break_the_batch(tmp_path):
    bad = tmp_path / "a_bad.html"
    bad.write_bytes(b"<html><body><div><p>unclosed <b>bold <table><tr><td>cell</p></div>\x00\x01" + b"<" * 5000)
    good = tmp_path / "b_good.html"
    good.write_bytes(html_page("Board Approves New Footpaths in Aldmoor", story(1)))
    with Store(str(tmp_path / "x.db")) as store:
        results = ingest([str(tmp_path)], store)
        by = {Path(r.path).name: r for r in results}
        assert by["a_bad.html"].status == "failed"
        assert by["b_good.html"].status == "ok" and by["b_good.html"].new == 1


# --------------------------------------------------------------------------
# WARC
# --------------------------------------------------------------------------

def write_warc(path: Path, pages: list[tuple[str, bytes]], other: int = 0, gz: bool = True,
               extras: bool = True) -> None:
    """A WARC with a warcinfo record, each page as request + response, and
    ``other`` metadata records; extras add an image, a redirect and a 404."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def response(w, url, ctype, body, status="200 OK", date="2024-08-04T19:00:00Z"):
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        return w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                    warc_headers_dict={"WARC-Date": date})

    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "dateline-tests"}))
        for url, body in pages:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
            w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req))
            w.write_record(response(w, url, "text/html; charset=utf-8", body))
        if extras:
            w.write_record(response(w, "https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50))
            w.write_record(response(w, "https://news.example/old", "text/html", b"", status="301 Moved Permanently"))
            w.write_record(response(w, "https://news.example/gone", "text/html", b"<html>Not found</html>",
                                    status="404 Not Found"))
        for i in range(other):
            w.write_record(w.create_warc_record(f"https://news.example/m{i}", "metadata",
                                                payload=io.BytesIO(b"fetchTimeMs: 12\n"),
                                                warc_content_type="application/warc-fields"))


def warc_pages(n: int, start: int = 0) -> list[tuple[str, bytes]]:
    return [(f"https://news.example/story/{i}", html_page(f"Board Approves Plan Number {i} for the District",
                                                          story(i))) for i in range(start, start + n)]


def test_warc_pages_with_provenance_and_tally(tmp_path):
    p = tmp_path / "crawl.warc.gz"
    write_warc(p, warc_pages(3), other=2)
    out = list(read_warc(str(p), "crawl.warc.gz"))
    docs = [o for o in out if isinstance(o, RawDocument)]
    assert [d.meta["url"] for d in docs] == [f"https://news.example/story/{i}" for i in range(3)]
    assert all(d.meta["captured_at"] == "2024-08-04T19:00:00Z" and d.kind == "html" for d in docs)
    assert out[-1] == "WARC: 3 HTML pages taken, 9 other records skipped"  # warcinfo, 3 requests, 3 extras, 2 metadata
    with Store(str(tmp_path / "w.db")) as store:
        [r] = ingest([str(p)], store)
        assert r.status == "ok" and r.articles == 3 and r.new == 3
        assert r.message.startswith("WARC: 3 HTML pages taken")
        a = next(store.iter_articles())
        assert a.url == "https://news.example/story/0" and a.captured_at == "2024-08-04T19:00:00Z"


def test_uncompressed_warc(tmp_path):
    p = tmp_path / "crawl.warc"
    write_warc(p, warc_pages(2), gz=False, extras=False)
    assert sum(isinstance(o, RawDocument) for o in read_warc(str(p), "crawl.warc")) == 2


def test_truncated_warc_gz_keeps_the_records_before_the_cut(tmp_path):
    full = tmp_path / "full.warc.gz"
    write_warc(full, warc_pages(6), extras=False)
    data = full.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.75)])
    with Store(str(tmp_path / "t.db")) as store:
        [r] = ingest([str(cut)], store)
        assert r.status == "ok"
        assert 2 <= r.new < 6
        assert any("record" in w and ("cut" in w or "unreadable" in w) for w in r.warnings), r.warnings
        assert "bad record" in r.message


def test_not_a_warc_fails_and_keeps_what_is_stored(tmp_path):
    good = tmp_path / "good.warc.gz"
    write_warc(good, warc_pages(2), extras=False)
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"this is not an archive at all\n" * 50)
    with Store(str(tmp_path / "n.db")) as store:
        ingest([str(good)], store)
        [r] = ingest([str(bad)], store)
        assert r.status == "failed" and "WARC" in r.message
        assert store.stats()["articles"] == 2


def test_warc_of_ten_thousand_records(tmp_path):
    p = tmp_path / "big.warc.gz"
    write_warc(p, warc_pages(5), other=10_000 - 1 - 10 - 3, extras=True)
    with Store(str(tmp_path / "b.db")) as store:
        [r] = ingest([str(p)], store, annotate=False)
        assert r.status == "ok" and r.new == 5
        assert r.message == "WARC: 5 HTML pages taken, 9995 other records skipped"


# --------------------------------------------------------------------------
# JSONL
# --------------------------------------------------------------------------

NEWS_PLEASE = {"title": "Board Approves Plan for Footpaths", "maintext": "\n".join(story(3)),
               "authors": ["Ann Example", "Bo Sample"], "date_publish": "2024-04-02 09:30:00",
               "date_download": "2024-04-02 12:00:00", "url": "https://www.courier.example/a/1",
               "source_domain": "courier.example", "language": "en"}
TRAFILATURA = {"title": "District Repairs Library Roof", "text": "\n".join(story(4)), "author": "Cy Writer; Di Author",
               "date": "2024-04-03", "source": "https://ledger.example/b/2", "sitename": "The Ledger",
               "hostname": "ledger.example"}
PLAIN = {"title": "New Benches for the Park", "text": "\n\n".join(story(5)), "url": "https://gazette.example/c",
         "date": "Tue, 09 Apr 2024 10:00:00 GMT", "author": "By Ed Person"}


def test_map_record_field_names():
    kind, text, meta = map_record(NEWS_PLEASE)
    assert kind == "record" and text.startswith("Paragraph 0 of report 3")
    assert meta == {"title": "Board Approves Plan for Footpaths", "url": "https://www.courier.example/a/1",
                    "published": "2024-04-02T09:30:00", "captured_at": "2024-04-02T12:00:00",
                    "byline": ["Ann Example", "Bo Sample"], "outlet": "courier.example", "language": "en"}
    _, _, meta = map_record(TRAFILATURA)
    assert meta["byline"] == ["Cy Writer", "Di Author"] and meta["outlet"] == "The Ledger"
    assert meta["url"] == "https://ledger.example/b/2" and meta["published"] == "2024-04-03"
    _, _, meta = map_record(PLAIN)
    assert meta["byline"] == ["Ed Person"] and meta["published"] == "2024-04-09T10:00:00+0000"
    assert meta["outlet"] == "gazette.example"
    assert map_record({"title": "no text"}) is None
    kind, text, _ = map_record({"html": "<html><body><p>x</p></body></html>", "url": "https://a.example/"})
    assert kind == "html"


def test_field_value_helpers():
    assert normalise_date("2024-03-05T10:00:00Z") == "2024-03-05T10:00:00Z"
    assert normalise_date("2024-03-05 00:00:00") == "2024-03-05"
    assert normalise_date(1709632800) == "2024-03-05T10:00:00Z"
    assert normalise_date("2024/03/05") == "2024-03-05"
    assert normalise_date("yesterday") is None
    assert split_authors("Jane Doe and John Roe") == ["Jane Doe", "John Roe"]
    assert split_authors([{"name": "Jane Doe"}, "John Roe"]) == ["Jane Doe", "John Roe"]
    assert split_authors("https://x.example/staff") == []


def write_jsonl(path: Path, lines: list[str], gz: bool = False) -> None:
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if gz else data)


def test_jsonl_broken_lines_are_counted_and_the_rest_goes_in(tmp_path):
    p = tmp_path / "scrape.jsonl"
    write_jsonl(p, [json.dumps(NEWS_PLEASE), '{"title": "cut off', json.dumps(TRAFILATURA), "[1, 2]", "",
                    json.dumps({"title": "only a title"}), json.dumps(PLAIN)])
    out = list(read_jsonl(str(p), "scrape.jsonl"))
    errors = [str(o) for o in out if isinstance(o, ReadError)]
    assert errors[0].startswith("line 2: invalid JSON")
    assert errors[1].startswith("line 4: a JSON list")
    assert errors[2].startswith("line 6: no article text")
    assert out[-1] == "JSONL: 3 records taken, 3 bad lines"
    with Store(str(tmp_path / "j.db")) as store:
        [r] = ingest([str(p)], store)
        assert r.status == "ok" and r.new == 3 and len(r.warnings) == 3
        arts = {a.title: a for a in store.iter_articles()}
        a = arts["Board Approves Plan for Footpaths"]
        assert a.byline == ["Ann Example", "Bo Sample"] and a.published == "2024-04-02T09:30:00"
        assert a.text.count("\n\n") == 5  # one paragraph a line


def test_truncated_jsonl_gz(tmp_path):
    p = tmp_path / "scrape.jsonl.gz"
    lines = [json.dumps({"title": f"Story {i}", "text": "\n".join(story(i))}) for i in range(40)]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    p.write_bytes(data[: len(data) * 2 // 3])
    with Store(str(tmp_path / "g.db")) as store:
        [r] = ingest([str(p)], store, annotate=False)
        assert r.status == "ok" and 0 < r.new < 40
        assert any("cut or corrupt" in w for w in r.warnings)


def test_many_bad_lines_are_summarised(tmp_path):
    p = tmp_path / "junk.jsonl"
    write_jsonl(p, [json.dumps(PLAIN)] + ["{broken"] * 100)
    with Store(str(tmp_path / "k.db")) as store:
        [r] = ingest([str(p)], store, annotate=False)
        assert r.new == 1 and len(r.warnings) == 20
        assert r.message == "JSONL: 1 records taken, 100 bad lines (80 not listed)"


# --------------------------------------------------------------------------
# Duplicates across files and formats
# --------------------------------------------------------------------------

def test_same_article_through_html_warc_and_jsonl_is_stored_once(tmp_path):
    want = EXPECTED["harbour_bridge"]
    html = (WEB / "harbour_bridge.html").read_bytes()
    warc = tmp_path / "a.warc.gz"
    write_warc(warc, [("https://www.harbourgazette.example/news/x", html)], extras=False)
    jl = tmp_path / "b.jsonl"
    write_jsonl(jl, [json.dumps({"title": want["title"], "text": "\n\n".join(want["body"]),
                                 "url": "https://www.harbourgazette.example/news/x"})])
    with Store(str(tmp_path / "d.db")) as store:
        results = ingest([str(WEB / "harbour_bridge.html"), str(warc), str(jl)], store)
        assert [r.new for r in results] == [1, 0, 0]
        assert store.stats()["articles"] == 1
        rowid = store.db.execute("SELECT rowid FROM articles").fetchone()[0]
        sources = store.db.execute("SELECT count(*) FROM article_sources WHERE article_rowid = ?",
                                   (rowid,)).fetchone()[0]
        assert sources == 3


def test_near_duplicate_wire_copy_is_linked_on_ingest(tmp_path):
    with Store(str(tmp_path / "n.db")) as store:
        results = ingest([str(WEB / "wire_wildfires.html"), str(WEB / "courier_wildfires.html")], store)
        assert results[1].new == 1 and "near-duplicate" in results[1].message
        rows = store.db.execute(
            "SELECT a.title, b.title, n.similarity FROM near_duplicates n JOIN articles a ON a.rowid = n.article_rowid "
            "JOIN articles b ON b.rowid = n.duplicate_of_rowid").fetchall()
        assert [(r[0], r[1]) for r in rows] == [(EXPECTED["courier_wildfires"]["title"],
                                                 EXPECTED["wire_wildfires"]["title"])]
        assert 0.7 <= rows[0][2] < 1.0


def test_a_failing_file_rolls_back_only_itself(tmp_path):
    with Store(str(tmp_path / "r.db")) as store:
        ingest([str(WEB / "harbour_bridge.html")], store)
        empty = tmp_path / "empty.html"
        empty.write_bytes(b"<html><body><nav>Home</nav></body></html>")
        r = ingest_file(InputFile(str(empty), str(empty)), store)
        assert r.status == "failed"
        assert store.stats()["articles"] == 1


if __name__ == "__main__":  # build sample inputs for a manual CLI run: python tests/test_readers.py DIR
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/dateline-web-samples")
    out.mkdir(parents=True, exist_ok=True)
    write_warc(out / "crawl.warc.gz", warc_pages(8), other=20)
    data = (out / "crawl.warc.gz").read_bytes()
    (out / "cut.warc.gz").write_bytes(data[: len(data) * 3 // 4])
    write_jsonl(out / "scrape.jsonl", [json.dumps(NEWS_PLEASE), '{"title": "cut off', json.dumps(TRAFILATURA),
                                       json.dumps(PLAIN)])
    print(out)


def test_page_headline_is_the_articles_h1_or_the_title_without_the_site():
    """Issue 14 bug 11: <title> carries site furniture; the page's own
    headline (og:title, the <h1> in <article>) wins, and a <title> used
    alone loses its " | Site" / " - Section - Site" pieces."""
    from dateline.read.pages import page_metadata

    def doc(head, body=""):
        return f"<html><head>{head}</head><body>{body}</body></html>"

    site = '<meta property="og:site_name" content="The Lakeside Courier">'
    h1 = ('<header><h1 class="logo">Lakeside Courier</h1></header>'
          '<article><h1>Ferry fares to rise by a third from April</h1><p>Text.</p></article>')
    title = "<title>Fares up a third | Lakeside Courier</title>"
    assert page_metadata(doc(title + site, h1))["title"] == "Ferry fares to rise by a third from April"
    og = '<meta property="og:title" content="Ferry fares rise by a third">'
    assert page_metadata(doc(title + og, h1))["title"] == "Ferry fares rise by a third"
    assert page_metadata(doc(title + site))["title"] == "Fares up a third"
    long = "<title>Council votes - mayor walks out of budget meeting - Local News - Lakeside Courier</title>"
    assert page_metadata(doc(long))["title"] == "Council votes - mayor walks out of budget meeting"
    assert page_metadata(doc("<title>Lakeside Courier - Ferry fares to rise</title>" + site))["title"] \
        == "Ferry fares to rise"
