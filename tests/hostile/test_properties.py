"""Properties over arbitrary input (Hypothesis): ``extract()`` and every
reader never crash, never hang (each input within a deadline), and every
span points inside the article text.  Derandomized, so CI runs the same
examples each time; a failure prints the shrunk input."""
from __future__ import annotations

import gzip
import os
import tempfile
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.core import extract
from dateline.ingest import ingest_file
from dateline.model import Article, RawDocument
from dateline.read import InputFile, ReadError, detect_encoding, iter_batches
from dateline.store import Store

SETTINGS = dict(deadline=timedelta(seconds=10), derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# news-shaped pieces, so that the rules (headlines, quotes, counts, names) fire
WORDS = ["The", "minister", "said", "Mr.", "Ana", "Kovac", "told", "reporters", "on", "Tuesday", "at", "least",
         "12", "people", "were", "killed", "about", "1,500", "million", "according", "to", "police", "\u201c",
         "\u201d", '"', "'", "\u2019s", ",", ".", "(", ")", "[", "]", "\u2014", "By", "Reuters", "\n", "\n\n",
         "Updated", "2026-03-04", "Share", "Advertisement", "said.", "she", "added", "\u00e9", "\x00", "\x1b[31m",
         "\t", "\r", "\u2028", "\ufeff", "per", "cent", "$", "%", "hundreds", "of", "thousands"]
news = st.lists(st.sampled_from(WORDS), max_size=300).map(" ".join)
texts = st.one_of(news, st.text(max_size=2000), st.text(alphabet=st.characters(codec="utf-8"), max_size=500))


def spans_inside(a: Article) -> None:
    n = len(a.text)
    ann = a.annotations
    for group in (ann.people, ann.organisations, ann.places):
        for e in group:
            for m in e.mentions:
                assert 0 <= m.start <= m.end <= n, (m, n)
                assert a.text[m.start:m.end] == m.text, (m, a.text[m.start:m.end])
    for q in ann.quotes:
        assert 0 <= q.start <= q.end <= n, (q, n)
    for c in ann.counts:
        assert 0 <= c.start <= c.end <= n, (c, n)
        assert a.text[c.start:c.end] == c.text, (c, a.text[c.start:c.end])


@settings(max_examples=150, **SETTINGS)
@given(texts)
def test_extract_dump_never_crashes_and_spans_are_inside(text):
    for a in extract(RawDocument(source="prop.txt", text=text, kind="dump")):
        spans_inside(a)


html_docs = st.builds(lambda title, paras, junk: f"<html><head><title>{title}</title></head><body><article>"
                      + "".join(f"<p>{p}</p>" for p in paras) + junk + "</article></body></html>",
                      news, st.lists(news, max_size=8), st.sampled_from(["", "<div><p>", "</b></i>", "<script>x",
                                                                         "<!--", "&amp;&#0;&#xD800;", "<p" * 50]))


@settings(max_examples=60, **SETTINGS)
@given(st.one_of(html_docs, texts))
def test_extract_page_never_crashes_and_spans_are_inside(page):
    for a in extract(RawDocument(source="prop.html", text=page, kind="html")):
        spans_inside(a)


@settings(max_examples=60, **SETTINGS)
@given(st.builds(dict, title=news, text=texts, url=st.text(max_size=60), date=st.text(max_size=30),
                 author=st.one_of(st.none(), st.text(max_size=40), st.lists(st.text(max_size=20), max_size=3))))
def test_extract_record_never_crashes(record):
    from dateline.read.pages import map_record

    mapped = map_record(record)
    if mapped is None:
        return
    kind, body, meta = mapped
    for a in extract(RawDocument(source="prop.jsonl", text=body, kind=kind, meta=meta)):
        spans_inside(a)


@settings(max_examples=120, **SETTINGS)
@given(st.one_of(st.binary(max_size=3000), texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
                 texts.map(lambda t: t.encode("utf-16-le", "surrogatepass")),
                 texts.map(lambda t: t.encode("cp1252", "replace"))))
def test_decoding_never_crashes(data):
    try:
        enc = detect_encoding(data)
    except ReadError:
        return
    with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as f:
        f.write(data)
    try:
        for batch in iter_batches(f.name, enc):
            assert all(line.endswith("\n") and "\x00" not in line for line in batch)
    except ReadError:
        pass
    finally:
        os.unlink(f.name)


SUFFIXES = [".txt", ".txt.gz", ".html", ".html.gz", ".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ""]
STORE_DIR = tempfile.mkdtemp(prefix="dateline-prop-")
_store: list[Store] = []


def store() -> Store:
    if not _store:
        _store.append(Store(os.path.join(STORE_DIR, "p.db")))
    return _store[0]


payloads = st.one_of(st.binary(max_size=3000), news.map(str.encode), html_docs.map(str.encode),
                     st.lists(st.one_of(news, st.text(max_size=50)), max_size=5).map(
                         lambda xs: "".join('{"title": "%s", "text": "%s"}\n' % (x[:20], x) for x in xs).encode()),
                     st.binary(max_size=200).map(lambda b: b"WARC/1.0\r\n" + b))


@settings(max_examples=90, **SETTINGS)
@given(payloads, st.sampled_from(SUFFIXES), st.booleans(), st.floats(0.0, 1.0))
def test_every_reader_reports_never_raises(data, suffix, compress, cut):
    if suffix.endswith(".gz") or compress:
        data = gzip.compress(data)
        data = data[: max(1, int(len(data) * (1 if cut > 0.5 else cut * 2)))]  # cut half of them
    fd, path = tempfile.mkstemp(suffix=suffix, dir=STORE_DIR)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    try:
        r = ingest_file(InputFile(path, path), store(), annotate=True, force=True)
        assert r.status in ("ok", "failed"), r
        assert r.status == "ok" or r.message
    finally:
        os.unlink(path)


def test_the_archive_is_sound_after_the_properties():
    from .test_corpus import archive_sound

    s = store()
    s.db.commit()
    archive_sound(s.path)
